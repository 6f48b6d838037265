//! The organisation's logo: uploaded by an administrator, shown to its customers in the portal
//! (and later on printed labels and device pages). Its type is decided by the content, not the
//! name; only raster images are accepted (an SVG can carry script).

use axum::{
    extract::{Multipart, Query},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::queries;
use crate::{
    authz::Action,
    web::{AppError, AppResult, OrgCtx, flash},
};

/// The largest accepted logo.
pub const MAX_BYTES: usize = 1024 * 1024;

/// The image types a logo may have, by their sniffed MIME type.
const ACCEPTED: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];

/// The sniffed type of an accepted image, or `None`.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes)?;
    ACCEPTED.iter().copied().find(|m| *m == kind.mime_type())
}

pub async fn upload(o: OrgCtx, mut multipart: Multipart) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let back = o.path("/settings");
    let mut bytes = Vec::new();
    let broken = |_| AppError::BadRequest("settings.logo_invalid");
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        if field.name() != Some("logo") {
            continue;
        }
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            if bytes.len() + chunk.len() > MAX_BYTES {
                return Ok(flash::error(&back, "settings.logo_too_large", &[]));
            }
            bytes.extend_from_slice(&chunk);
        }
    }
    if bytes.is_empty() {
        return Ok(flash::error(&back, "settings.logo_missing", &[]));
    }
    let Some(mime) = image_type(&bytes) else {
        return Ok(flash::error(&back, "settings.logo_invalid", &[]));
    };
    let state = &o.viewer.state;
    let version = state.clock.now();
    let key = format!(
        "org-{}/logo-{}",
        o.org_id(),
        &crate::tokens::new_token().hash[..16]
    );
    state.storage.put_bytes(&key, bytes).await?;
    let old = queries::set_logo(&state.db.pool, o.org_id(), &key, mime, version).await?;
    if let Some(old) = old {
        // The new logo is in place; a leftover old file is only wasted space.
        if let Err(e) = state.storage.delete(&old).await {
            tracing::warn!(error = ?e, key = old, "removing the old logo");
        }
    }
    Ok(flash::success(&back, "settings.logo_saved", &[]))
}

pub async fn remove(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    if let Some(old) = queries::set_logo(&state.db.pool, o.org_id(), "", "", 0).await? {
        state.storage.delete(&old).await?;
    }
    Ok(flash::success(
        &o.path("/settings"),
        "settings.logo_removed",
        &[],
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LogoQuery {
    /// The logo's version, so a new logo is a new URL and an old one may be cached for long.
    v: i64,
}

/// The logo, for every member of the organisation (its customers included).
pub async fn serve(o: OrgCtx, Query(q): Query<LogoQuery>) -> AppResult<Response> {
    o.require(Action::ViewProjects)?;
    response(&o.viewer.state, o.org_id(), q.v, "private").await
}

/// The organisation's logo as a response; `version` is the one the page linked, which makes
/// the response cacheable for good (a new logo gets a new version). `scope` is `private` for
/// pages inside, `public` for the label's page anyone may open.
pub async fn response(
    state: &crate::state::AppState,
    org: crate::types::OrgId,
    version: i64,
    scope: &str,
) -> AppResult<Response> {
    let logo = queries::logo(&state.db.pool, org)
        .await?
        .filter(|l| !l.logo_key.is_empty())
        .ok_or(AppError::NotFound)?;
    let bytes = state
        .storage
        .get_bytes(&logo.logo_key)
        .await
        .map_err(|_| AppError::NotFound)?;
    let cache = if version == logo.logo_version {
        format!("{scope}, max-age=31536000, immutable")
    } else {
        format!("{scope}, no-cache")
    };
    Ok((
        [
            (header::CONTENT_TYPE, logo.logo_type),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_raster_images_by_their_content() {
        let png =
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
        assert_eq!(image_type(png), Some("image/png"));
        assert_eq!(
            image_type(b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
            Some("image/jpeg")
        );
        assert_eq!(
            image_type(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"),
            None
        );
        assert_eq!(image_type(b"PK\x03\x04 a zip named logo.png"), None);
        assert_eq!(image_type(b""), None);
    }
}
