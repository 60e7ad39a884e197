//! Integration tests: the real server, real databases (SQLite file and PostgreSQL), a set clock.

mod harness;

mod api_surface;
mod bad_input;
mod business_hours;
mod cli;
mod client_replies;
mod concurrent_changes;
mod deletes;
mod demo;
mod lifecycle;
mod list_agreement;
mod portal_client_view;
mod reopen_close;
mod schema;
mod stored_data;
mod tenancy;
mod ui_admin;
mod ui_auth;
mod ui_console;
mod ui_portal;
mod web_client;
