//! The application from the outside: one test binary (it links the application once), a module
//! per feature. Every `db_tests!` test runs on SQLite and, with `KNXDESK_TEST_POSTGRES_URL` set,
//! on PostgreSQL.

#[macro_use]
mod common;

mod accounts;
mod audit;
mod authz_matrix;
mod browser;
mod cli;
mod codes;
mod company;
mod company_journey;
mod company_notices;
mod customers_projects;
mod devices;
mod ets_upload;
mod mail_and_jobs;
mod notifications;
mod orgs;
mod portal;
mod portal_contact;
mod schema;
mod search;
mod service;
mod service_journey;
mod storage_s3;
