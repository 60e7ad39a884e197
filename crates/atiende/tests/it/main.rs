//! Integration tests: the real server, real databases (SQLite file and PostgreSQL), a set clock.

mod harness;

mod api_surface;
mod bad_input;
mod business_hours;
mod cli;
mod deletes;
mod demo;
mod lifecycle;
mod reopen_close;
mod schema;
mod tenancy;
mod ui_admin;
mod ui_auth;
mod ui_console;
mod ui_portal;
mod uploads;
mod web_client;
