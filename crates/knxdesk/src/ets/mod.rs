//! ETS files of a project (SPEC P3): upload as a new dense version, parse in the background,
//! keep the project's devices and group addresses from the newest ready version.

mod browse;
pub mod diff;
pub mod download;
pub mod dpt;
pub mod job;
pub mod model;
pub mod queries;
mod upload;
mod versions;

use axum::{
    extract::DefaultBodyLimit,
    routing::{get, post},
};

use crate::web::routes::Routes;

/// The largest accepted `.knxproj`; a larger upload is refused before it is stored.
pub const MAX_UPLOAD_BYTES: u64 = 200 * 1024 * 1024;

/// How long one upload may take (200 MB over a slow site connection).
pub const UPLOAD_TIMEOUT_SECS: u64 = 3600;

/// The ETS files tab and its upload, kept apart so the upload gets its own body and time limits.
/// (One path, one router: merging the same path from two routers drops a method.)
pub fn upload_routes() -> Routes {
    Routes::new().org(
        "/projects/{project_id}/ets",
        get(versions::tab).post(axum::handler::Handler::layer(
            upload::upload,
            tower::ServiceBuilder::new()
                .layer(axum::middleware::map_response(close_after_refusal))
                .layer(DefaultBodyLimit::max(
                    MAX_UPLOAD_BYTES as usize + 1024 * 1024,
                )),
        )),
    )
}

/// A refused upload may leave most of its body unread: the connection cannot carry another
/// request, so say so (clients then open a new one instead of writing into a closed socket).
async fn close_after_refusal(mut res: axum::response::Response) -> axum::response::Response {
    if res.status().is_client_error() {
        res.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
    }
    res
}

pub fn routes() -> Routes {
    Routes::new()
        .org(
            "/projects/{project_id}/ets/{version_id}/password",
            post(upload::retry_with_password),
        )
        .org(
            "/projects/{project_id}/ets/{version_id}/download",
            get(download::original),
        )
        .org(
            "/projects/{project_id}/ets/{version_id}/download/new",
            get(download::fresh),
        )
        .org(
            "/projects/{project_id}/ets/{version_id}/export/{format}",
            get(download::export),
        )
        .org(
            "/projects/{project_id}/group-addresses",
            get(browse::group_addresses),
        )
        .org("/projects/{project_id}/devices", get(browse::devices))
        .org("/projects/{project_id}/diff", get(diff::page))
        .org(
            "/projects/{project_id}/devices/{address}",
            get(browse::device),
        )
}

/// An ETS space type (`Building`, `Floor`, `Corridor`, ...) in the viewer's language; a type
/// this list does not know is shown as ETS wrote it.
pub fn space_type(t: &crate::i18n::Catalog, raw: &str) -> String {
    let key = match raw {
        "Building" => "ets.space.building",
        "BuildingPart" => "ets.space.building_part",
        "Floor" => "ets.space.floor",
        "Room" => "ets.space.room",
        "Corridor" => "ets.space.corridor",
        "Stairway" => "ets.space.stairway",
        "DistributionBoard" => "ets.space.distribution_board",
        "Area" => "ets.space.area",
        "Segment" => "ets.space.segment",
        "Cabinet" => "ets.space.cabinet",
        _ => return raw.to_string(),
    };
    t.get(key).to_string()
}
