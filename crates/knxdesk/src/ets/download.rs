//! Downloads (SPEC P5): the original `.knxproj` through a link valid 15 minutes (signed with
//! the server secret and bound to the user, checked on use), and the group address exports.
//! Pages link to [`fresh`], which signs a link when it is clicked, so a page left open for an
//! hour still downloads; a stale or altered signed link says so and offers a fresh one.

use axum::{
    body::Body,
    extract::Query,
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::types::{OrgId, ProjectId, VersionId};
use crate::{
    authz::Action,
    web::{AppError, AppResult, Ids, OrgCtx, error::error_page_with_action, redirect::LocalPath},
};

pub const LINK_SECS: i64 = 15 * 60;

fn signature(
    secret: &[u8],
    org: OrgId,
    project: ProjectId,
    version: VersionId,
    user: crate::types::UserId,
    expires: i64,
) -> String {
    crate::crypto::sign(
        secret,
        "download",
        &format!("{org}:{project}:{version}:{user}:{expires}"),
    )
}

/// The page's link to the original file: signs one when followed.
pub fn fresh_path(o: &OrgCtx, project: ProjectId, version: VersionId) -> String {
    o.path(&format!("/projects/{project}/ets/{version}/download/new"))
}

/// Signs a download link for a viewer who may download the version, and sends them there.
pub async fn fresh(
    o: OrgCtx,
    Ids((_, project, version)): Ids<(OrgId, ProjectId, VersionId)>,
) -> AppResult<Response> {
    stored(&o, project, version).await?;
    Ok(axum::response::Redirect::to(&signed_link(&o, project, version)).into_response())
}

/// A download link for the original file, valid [`LINK_SECS`] from now.
pub fn signed_link(o: &OrgCtx, project: ProjectId, version: VersionId) -> String {
    let expires = o.viewer.state.clock.now() + LINK_SECS;
    let sig = signature(
        &o.viewer.state.secret,
        o.org_id(),
        project,
        version,
        o.user_id(),
        expires,
    );
    o.path(&format!(
        "/projects/{project}/ets/{version}/download?expires={expires}&sig={sig}"
    ))
}

/// A version of a project the viewer may see; others are not found.
async fn stored(
    o: &OrgCtx,
    project: ProjectId,
    version: VersionId,
) -> AppResult<super::queries::StoredVersion> {
    let seen = o.visibility(Action::DownloadEts)?;
    let v = super::queries::stored_version(&o.viewer.state.db.pool, o.org_id(), project, version)
        .await?
        .ok_or(AppError::NotFound)?;
    if !seen.includes(v.customer_id) {
        return Err(AppError::NotFound);
    }
    Ok(v)
}

async fn stream(o: &OrgCtx, key: &str, file_name: &str, mime: &str) -> AppResult<Response> {
    let body = o
        .viewer
        .state
        .storage
        .stream(key)
        .await
        .map_err(|_| AppError::NotFound)?;
    let disposition = crate::web::attachment(file_name);
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkQuery {
    expires: i64,
    sig: String,
}

pub async fn original(
    o: OrgCtx,
    Ids((_, project, version)): Ids<(OrgId, ProjectId, VersionId)>,
    Query(q): Query<LinkQuery>,
) -> AppResult<Response> {
    let expected = signature(
        &o.viewer.state.secret,
        o.org_id(),
        project,
        version,
        o.user_id(),
        q.expires,
    );
    // Expired, altered or made for someone else: the same answer, with a way to a fresh link
    // (which checks access itself).
    let valid = crate::tokens::same_secret(&expected, &q.sig);
    if !valid || q.expires <= o.viewer.state.clock.now() {
        let again = LocalPath::parse_or(&fresh_path(&o, project, version), "/");
        return Ok(error_page_with_action(
            axum::http::StatusCode::GONE,
            "ets.link_expired",
            again,
            "ets.download_again",
        ));
    }
    let s = stored(&o, project, version).await?;
    stream(&o, &s.storage_key, &s.file_name, "application/octet-stream").await
}

pub async fn export(
    o: OrgCtx,
    Ids((_, project, version, format)): Ids<(OrgId, ProjectId, VersionId, String)>,
) -> AppResult<Response> {
    let (name, mime) = match format.as_str() {
        "csv-1-1" => ("group-addresses-1-1.csv", "text/csv; charset=utf-8"),
        "csv-3-1" => ("group-addresses-3-1.csv", "text/csv; charset=utf-8"),
        "xml" => ("group-addresses.xml", "application/xml; charset=utf-8"),
        "json" => ("project.json", "application/json"),
        _ => return Err(AppError::NotFound),
    };
    let s = stored(&o, project, version).await?;
    if s.status != "ready" {
        return Err(AppError::Conflict("ets.not_ready"));
    }
    let base = s
        .file_name
        .trim_end_matches(".knxproj")
        .trim_end_matches(".KNXPROJ");
    stream(
        &o,
        &format!("{}.exports/{name}", s.storage_key),
        &format!("{base}-{name}"),
        mime,
    )
    .await
}
