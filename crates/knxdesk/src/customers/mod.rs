//! Customers (SPEC C1–C4): the building owners of an organisation, linked to its projects.

mod pages;
pub mod queries;

use axum::{
    Router,
    routing::{get, post},
};

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/o/{org_id}/customers",
            get(pages::index).post(pages::create),
        )
        .route("/o/{org_id}/customers/new", get(pages::new_form))
        .route("/o/{org_id}/customers/{customer_id}", post(pages::update))
        .route(
            "/o/{org_id}/customers/{customer_id}/edit",
            get(pages::edit_form),
        )
        .route(
            "/o/{org_id}/customers/{customer_id}/delete",
            post(pages::delete),
        )
}

/// Person or company (only companies get the Customer Login module later).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Person,
    Company,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "person" => Some(Kind::Person),
            "company" => Some(Kind::Company),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Company => "company",
        }
    }
}
