//! Projects (SPEC P1, P2 overview, C3 customer link): the KNX installations of an organisation.

pub mod pages;
pub mod queries;

use axum::{
    Router,
    routing::{get, post},
};

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/o/{org_id}/projects",
            get(pages::index).post(pages::create),
        )
        .route("/o/{org_id}/projects/new", get(pages::new_form))
        .route(
            "/o/{org_id}/projects/{project_id}",
            get(pages::show).post(pages::update),
        )
        .route(
            "/o/{org_id}/projects/{project_id}/edit",
            get(pages::edit_form),
        )
        .route(
            "/o/{org_id}/projects/{project_id}/activity",
            get(pages::activity_tab),
        )
        .route(
            "/o/{org_id}/projects/{project_id}/status",
            post(pages::set_status),
        )
        .route(
            "/o/{org_id}/projects/{project_id}/customer",
            post(pages::set_customer),
        )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Active,
    Completed,
    Archived,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Active, Status::Completed, Status::Archived];

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Completed => "completed",
            Status::Archived => "archived",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Status::Active => "projects.status.active",
            Status::Completed => "projects.status.completed",
            Status::Archived => "projects.status.archived",
        }
    }
}
