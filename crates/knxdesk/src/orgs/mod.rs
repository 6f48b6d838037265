//! Organisations: creating them, their members and staff invitations.

mod create;
mod invitations;
mod members;
pub mod queries;

use axum::routing::{get, post};

use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .route("/orgs", get(create::index).post(create::create))
        .route(
            "/admin/orgs",
            get(create::admin_index).post(create::admin_create),
        )
        .org("/members", get(members::index))
        .org("/members/{member_id}/role", post(members::change_role))
        .org("/members/{member_id}/remove", post(members::remove))
        .org("/members/{member_id}/owner", post(members::make_owner))
        .org("/invitations", post(invitations::create))
        .org(
            "/invitations/{invitation_id}/resend",
            post(invitations::resend),
        )
        .org(
            "/invitations/{invitation_id}/revoke",
            post(invitations::revoke),
        )
}

/// Limits of organisation fields.
pub const NAME_MAX: usize = 100;
