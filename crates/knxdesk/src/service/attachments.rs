//! Files on a case (photos from a phone on site, PDFs, logs), sent with a comment: several per
//! upload, up to 25 MB each, stored like ETS files. The type is sniffed from the content, never
//! taken from the name or the browser; only PNG, JPEG, GIF and WebP are shown inline (as
//! thumbnails), everything else downloads. Links are signed for the viewer when followed and
//! hold 15 minutes. Files of an internal note are internal: customers never reach them.

use axum::{
    body::Body,
    extract::{Multipart, Query},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    MAX_TEXT,
    case_page::existing,
    files_form::{self, Refusal},
};
use crate::{
    authz::Action,
    clock::Timestamp,
    db::{Db, read},
    types::{AttachmentId, CaseId, CaseNumber, OrgId, UserId},
    web::{AppError, AppResult, Ids, OrgCtx, flash},
};

pub const MAX_FILE_BYTES: usize = 25 * 1024 * 1024;
pub const MAX_FILES: usize = super::files_form::TEAM.files;
/// The request may carry every file at its largest, and the form around them.
pub const MAX_REQUEST_BYTES: usize = super::files_form::TEAM.request_bytes();
const LINK_SECS: i64 = 15 * 60;

/// Image types shown inline; any other file is served as a download.
const INLINE: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// The type of a file by its content: a known image or document type, else a download of
/// unknown bytes (a log, a CSV) — never what the name claims.
pub fn sniff(bytes: &[u8]) -> &'static str {
    match infer::get(bytes).map(|k| k.mime_type()) {
        Some(m) if INLINE.contains(&m) => INLINE
            .into_iter()
            .find(|i| *i == m)
            .unwrap_or("application/octet-stream"),
        Some("application/pdf") => "application/pdf",
        _ if std::str::from_utf8(bytes).is_ok() => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub struct Attachment {
    pub id: AttachmentId,
    pub comment_id: Option<i64>,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub internal: bool,
    pub uploaded: Timestamp,
}

impl Attachment {
    pub fn is_image(&self) -> bool {
        INLINE.contains(&self.content_type.as_str())
    }
}

/// A case's files; without internal ones for customers.
pub async fn of_case(
    db: &Db,
    org: OrgId,
    case: CaseId,
    with_internal: bool,
) -> Result<Vec<Attachment>, sqlx::Error> {
    read(
        "SELECT id, comment_id, file_name, content_type, size, internal, created_at FROM case_attachments \
         WHERE case_id = $1 AND org_id = $2 AND (internal = 0 OR $3 = 1) ORDER BY id",
    )
    .bind(case)
    .bind(org)
    .bind(i64::from(with_internal))
    .fetch_all(db, |r| {
        Ok(Attachment {
            id: r.try_get("id")?,
            comment_id: r.try_get("comment_id")?,
            file_name: r.try_get("file_name")?,
            content_type: r.try_get("content_type")?,
            size: r.try_get("size")?,
            internal: r.try_get::<i64>("internal")? == 1,
            uploaded: r.try_get("created_at")?,
        })
    })
    .await
}

/// A comment with files (`files`, several), an optional text (`body`) and, for staff, `internal`.
pub async fn upload(
    o: OrgCtx,
    Ids((_, number)): Ids<(OrgId, CaseNumber)>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let c = existing(&o, number).await?;
    o.require(Action::OpenCases)?;
    let back = o.path(&format!("/service/{number}#comments"));
    let sent = match files_form::read(&mut multipart, files_form::TEAM).await {
        Ok(sent) => sent,
        Err(Refusal::Broken) => return Err(AppError::BadRequest("service.upload_broken")),
        Err(refused) => {
            let (key, args) = refused.key_args();
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            return Ok(flash::error(&back, key, &args));
        }
    };
    if sent.files.is_empty() {
        return Ok(flash::error(&back, "service.no_files", &[]));
    }
    let internal = sent.field("internal") == "1";
    if internal {
        o.require(Action::ManageCases)?;
    }
    let Ok(body) = crate::types::optional_text(sent.field("body"), MAX_TEXT) else {
        return Ok(flash::error(
            &back,
            "service.comment_refused",
            &[("reason", o.t().get("error.invalid"))],
        ));
    };
    let state = &o.viewer.state;
    let count = sent.files.len();
    let stored =
        files_form::store(state, o.org_id(), &format!("cases/{}", c.id), sent.files).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let text = if body.is_empty() {
        let names: Vec<&str> = stored.iter().map(|s| s.name.as_str()).collect();
        names.join(", ")
    } else {
        body
    };
    let comment = super::comments::add(&o, &mut tx, &c, &text, internal).await?;
    let attach = files_form::Attach {
        org: o.org_id(),
        case: c.id,
        comment: Some(comment),
        internal,
        by: Some(o.user_id()),
        now,
    };
    files_form::attach(&mut tx, &attach, &stored).await?;
    tx.commit().await?;
    Ok(flash::success(
        &back,
        "service.files_added",
        &[("count", &count.to_string())],
    ))
}

fn signature(secret: &[u8], org: OrgId, id: AttachmentId, user: UserId, expires: i64) -> String {
    crate::crypto::sign(
        secret,
        "attachment",
        &format!("{org}:{id}:{user}:{expires}"),
    )
}

/// A file of a case the viewer may see (internal ones: staff only).
async fn visible(o: &OrgCtx, number: CaseNumber, id: AttachmentId) -> AppResult<StoredFile> {
    let c = existing(o, number).await?;
    let staff = o.require(Action::ManageCases).is_ok();
    stored(
        &o.viewer.state.db,
        read(
            "SELECT storage_key, file_name, content_type FROM case_attachments \
             WHERE id = $1 AND case_id = $2 AND org_id = $3 AND (internal = 0 OR $4 = 1)",
        )
        .bind(id)
        .bind(c.id)
        .bind(o.org_id())
        .bind(i64::from(staff)),
    )
    .await
}

/// The page's link to a file: signs one for this viewer and sends them there.
pub async fn link(
    o: OrgCtx,
    Ids((_, number, id)): Ids<(OrgId, CaseNumber, AttachmentId)>,
) -> AppResult<Response> {
    visible(&o, number, id).await?;
    let expires = o.viewer.state.clock.now() + LINK_SECS;
    let sig = signature(&o.viewer.state.secret, o.org_id(), id, o.user_id(), expires);
    Ok(Redirect::to(&o.path(&format!(
        "/service/{number}/attachments/{id}/file?expires={expires}&sig={sig}"
    )))
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkQuery {
    expires: i64,
    sig: String,
}

/// The file itself, through a signed link; images inline, anything else as a download.
pub async fn file(
    o: OrgCtx,
    Ids((_, number, id)): Ids<(OrgId, CaseNumber, AttachmentId)>,
    Query(q): Query<LinkQuery>,
) -> AppResult<Response> {
    existing(&o, number).await?;
    let expected = signature(
        &o.viewer.state.secret,
        o.org_id(),
        id,
        o.user_id(),
        q.expires,
    );
    if !crate::tokens::same_secret(&expected, &q.sig) || q.expires <= o.viewer.state.clock.now() {
        // A fresh link checks access itself.
        return Ok(
            Redirect::to(&o.path(&format!("/service/{number}/attachments/{id}"))).into_response(),
        );
    }
    visible(&o, number, id).await?.serve(&o.viewer.state).await
}

/// An uploaded file (a case's attachment, a device's photo) as its row names it.
pub struct StoredFile {
    key: String,
    name: String,
    mime: String,
}

/// The file of the one row `query` reads (`storage_key, file_name, content_type`), whose
/// conditions say who may have it; no row is 404.
pub async fn stored(db: &crate::db::Db, query: crate::db::read::Read<'_>) -> AppResult<StoredFile> {
    query
        .fetch_optional(db, |r| {
            Ok(StoredFile {
                key: r.try_get("storage_key")?,
                name: r.try_get("file_name")?,
                mime: r.try_get("content_type")?,
            })
        })
        .await?
        .ok_or(AppError::NotFound)
}

impl StoredFile {
    /// The file as a response: images inline, anything else as a download, in a sandbox
    /// either way (a file is never a page of ours).
    pub async fn serve(self, state: &crate::state::AppState) -> AppResult<Response> {
        let StoredFile { key, name, mime } = self;
        let body = state
            .storage
            .stream(&key)
            .await
            .map_err(|_| AppError::NotFound)?;
        let disposition = if INLINE.contains(&mime.as_str()) {
            "inline".to_string()
        } else {
            crate::web::attachment(&name)
        };
        Ok((
            [
                (header::CONTENT_TYPE, mime),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "private, max-age=900".to_string()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; sandbox".to_string(),
                ),
            ],
            Body::from_stream(body),
        )
            .into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(sniff(png), "image/png");
        assert_eq!(sniff(b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(
            sniff(b"2026-12-03 bus voltage 29 V\n"),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            sniff(b"<svg onload=alert(1)>"),
            "text/plain; charset=utf-8",
            "an SVG is text, never an image"
        );
        assert_eq!(
            sniff(&[0u8, 159, 146, 150, 255]),
            "application/octet-stream"
        );
        assert_eq!(
            sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"),
            "application/octet-stream"
        );
    }
}
