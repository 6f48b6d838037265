//! `/c/{code}`: what a scanned label opens, without an account, on a phone first. A signed-in
//! member who may see the device (the organisation's team, or the user of its project's
//! customer) goes to the device's page inside instead; everyone else gets the public page.
//! Unknown, malformed and deactivated codes all get the same page: nothing tells them apart.

use askama::Template;
use axum::{
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{ServiceCode, queries};
use crate::{
    service::Status,
    web::{AppResult, Ids, Layout, Viewer, render, render_status},
};

#[derive(Template)]
#[template(path = "codes/public.html")]
struct PublicPage {
    l: Layout,
    s: queries::Scanned,
    cases: Vec<(i64, String, Status)>,
}

#[derive(Template)]
#[template(path = "codes/unknown.html")]
struct UnknownPage {
    l: Layout,
}

pub async fn show(viewer: Viewer, Ids(raw): Ids<String>) -> AppResult<Response> {
    let db = &viewer.state.db;
    let scanned = match ServiceCode::parse(&raw) {
        Some(code) => queries::scanned(db, &code).await?,
        None => None,
    };
    let Some(s) = scanned else {
        let l = viewer.layout("", "codes.unknown_title").await?;
        return render_status(StatusCode::NOT_FOUND, &UnknownPage { l });
    };
    let inside = viewer
        .user()
        .and_then(|u| u.orgs.iter().find(|o| o.id == s.org_id));
    if let Some(m) = inside
        && (m.role.is_staff() || (m.customer_id.is_some() && m.customer_id == s.customer_id))
    {
        let to = crate::web::routes::org_path(
            s.org_id,
            &format!("/projects/{}/devices/{}", s.project_id, s.address),
        );
        return Ok(Redirect::to(&to).into_response());
    }
    let cases = queries::open_public_cases(db, s.org_id, s.device_id)
        .await?
        .into_iter()
        .map(|(n, title, status)| (n, title, Status::parse(&status).unwrap_or(Status::Open)))
        .collect();
    let mut l = viewer.layout("", "codes.public_title").await?;
    l.title = format!("{} · {}", s.name, s.org_name);
    render(&PublicPage { l, s, cases })
}
