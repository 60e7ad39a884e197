//! Integration tests: the real server, real databases (SQLite file and PostgreSQL), a set clock.

mod harness;

mod api_surface;
mod bad_input;
mod business_hours;
mod cli;
mod deletes;
mod demo;
mod http_surface;
mod lifecycle;
mod operations;
mod reopen_close;
mod schema;
mod security;
mod sessions;
mod tenancy;
mod ui_admin;
mod ui_auth;
mod ui_console;
mod ui_portal;
mod web_client;
