//! Service codes (SPEC D2, D3): a QR label on a device that anyone can scan. Staff create a
//! code for a device or for every device of a project, print its QR and deactivate it; the
//! public page `/c/{code}` shows the device and who to call, and sends a signed-in member
//! with access to the device's page inside.

pub mod batches;
pub mod card;
pub mod code;
pub mod follow;
pub mod label_logo;
pub mod labels;
pub mod pages;
pub mod pin;
pub mod public;
pub mod qr;
pub mod queries;
pub mod scans;

use axum::{
    extract::DefaultBodyLimit,
    routing::{get, post},
};

use crate::web::routes::Routes;

pub use code::ServiceCode;

pub fn routes() -> Routes {
    Routes::new()
        .org(
            "/projects/{project_id}/device-code/{device_id}",
            post(pages::create_for_device),
        )
        .org(
            "/projects/{project_id}/codes",
            post(pages::create_for_project),
        )
        .org(
            "/projects/{project_id}/codes/labels.pdf",
            get(pages::labels),
        )
        .org("/codes", get(batches::index))
        .org("/codes/batches", post(batches::create_batch))
        .org(
            "/codes/batches/{batch}/labels.pdf",
            get(batches::batch_labels),
        )
        .org("/codes/pair", post(batches::pair))
        .org("/codes/go", get(batches::go))
        .org("/codes/{code}/pair", get(batches::pair_form))
        .org("/codes/{code}/deactivate", post(pages::deactivate))
        .org("/codes/{code}/pin", post(pin::set))
        .route("/c/{code}/pin", post(pin::unlock))
        .route("/c/{code}/logo", get(public::logo))
        .org("/codes/{code}/qr.svg", get(pages::qr_svg))
        .org("/codes/{code}/qr.png", get(pages::qr_png))
        .route(
            "/c/{code}",
            get(public::show).post(axum::handler::Handler::layer(
                public::report,
                DefaultBodyLimit::max(follow::MAX_REQUEST_BYTES),
            )),
        )
        .org(
            "/service/{number}/reporter-link/revoke",
            post(follow::revoke),
        )
        .route(
            "/follow/{token}",
            get(follow::show).post(axum::handler::Handler::layer(
                follow::reply,
                DefaultBodyLimit::max(follow::MAX_REQUEST_BYTES),
            )),
        )
        .route("/follow/{token}/mails", post(follow::mails))
        .route("/follow/{token}/files/{attachment_id}", get(follow::file))
}

/// Where a code's label points: `{base_url}/c/{code}`, printed once and never changed.
pub fn url(base_url: &str, code: &ServiceCode) -> String {
    format!("{base_url}/c/{code}")
}
