//! Customers (SPEC C1–C6): the building owners of an organisation, linked to its projects,
//! and their invitations to the portal.

pub mod invitations;
mod pages;
pub mod queries;

use axum::routing::{get, post};

use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .org("/customers", get(pages::index).post(pages::create))
        .org("/customers/new", get(pages::new_form))
        .org("/customers/{customer_id}", post(pages::update))
        .org("/customers/{customer_id}/edit", get(pages::edit_form))
        .org("/customers/{customer_id}/delete", post(pages::delete))
        .org(
            "/customers/{customer_id}/invite",
            get(invitations::form).post(invitations::create),
        )
        .org(
            "/customers/{customer_id}/invite/resend",
            post(invitations::resend),
        )
        .org(
            "/customers/{customer_id}/invite/revoke",
            post(invitations::revoke),
        )
        .org(
            "/customers/{customer_id}/invite/link",
            post(invitations::copy_link),
        )
        .org(
            "/customers/{customer_id}/invite/remove-access",
            post(invitations::remove_access),
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
