//! Integration tests: the real server, real databases (SQLite file and PostgreSQL), a set clock.

mod harness;

mod account_mail;
mod api_surface;
mod bad_input;
mod business_hours;
mod cli;
mod client_replies;
mod concurrent_changes;
mod deletes;
mod demo;
mod http_surface;
mod jobs;
mod lifecycle;
mod list_agreement;
mod mail_crash;
mod mail_in;
mod mail_round_trip;
mod mail_servers;
mod mail_settings;
mod mail_tls;
mod maintenance;
mod notification_prefs;
mod notifications;
mod operations;
mod plan_scope;
mod portal_client_view;
mod reopen_close;
mod schema;
mod security;
mod sessions;

mod stored_data;
mod system_tickets;
mod tenancy;
mod ui_admin;
mod ui_admin_forms;
mod ui_auth;
mod ui_console;
mod ui_console_day;
mod ui_languages;
mod ui_portal;
mod uploads;
mod web_client;
