//! knxdesk: the platform where KNX integrators keep projects, customers and service cases.

pub mod accounts;
pub mod activity;
pub mod app;
pub mod authz;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod customers;
pub mod dashboard;
pub mod db;
pub mod ets;
pub mod gate;
pub mod i18n;
pub mod invitations;
pub mod jobs;
pub mod mail;
pub mod orgs;
pub mod projects;
pub mod settings;
pub mod shutdown;
pub mod state;
pub mod storage;
pub mod tokens;
pub mod types;
pub mod web;
