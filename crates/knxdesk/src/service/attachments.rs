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

use super::{MAX_TEXT, case_page::existing};
use crate::{
    authz::Action,
    clock::Timestamp,
    db::{Db, read},
    types::{AttachmentId, CaseId, CaseNumber, OrgId, UserId},
    web::{AppError, AppResult, Ids, OrgCtx, flash},
};

pub const MAX_FILE_BYTES: usize = 25 * 1024 * 1024;
pub const MAX_FILES: usize = 10;
/// The request may carry every file at its largest, and the form around them.
pub const MAX_REQUEST_BYTES: usize = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024;
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

/// A file name fit to keep: the last path part, no control characters, at most 150 characters.
fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(150).collect();
    let name = name.trim().trim_start_matches('.').to_string();
    if name.is_empty() { "file".into() } else { name }
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

struct Upload {
    name: String,
    bytes: Vec<u8>,
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
    let broken = |_| AppError::BadRequest("service.upload_broken");
    let mut files: Vec<Upload> = Vec::new();
    let mut body = String::new();
    let mut internal = false;
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        match field.name() {
            Some("files") => {
                let raw_name = field.file_name().unwrap_or_default().to_string();
                let name = clean_name(&raw_name);
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(broken)? {
                    if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                        return Ok(flash::error(
                            &back,
                            "service.file_too_large",
                            &[("name", &name), ("max", "25")],
                        ));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                // A file input left empty sends one nameless, empty part.
                if bytes.is_empty() && raw_name.is_empty() {
                    continue;
                }
                if bytes.is_empty() {
                    return Ok(flash::error(
                        &back,
                        "service.file_empty",
                        &[("name", &name)],
                    ));
                }
                if files.len() == MAX_FILES {
                    return Ok(flash::error(
                        &back,
                        "service.too_many_files",
                        &[("max", &MAX_FILES.to_string())],
                    ));
                }
                files.push(Upload { name, bytes });
            }
            Some("body") => {
                let text = field.text().await.map_err(broken)?;
                if text.chars().count() > MAX_TEXT {
                    return Ok(flash::error(
                        &back,
                        "service.comment_refused",
                        &[(
                            "reason",
                            &crate::types::FieldError::TooLong(MAX_TEXT).message(o.t()),
                        )],
                    ));
                }
                body = text.trim().to_string();
            }
            Some("internal") => internal = field.text().await.map_err(broken)? == "1",
            _ => {}
        }
    }
    if files.is_empty() {
        return Ok(flash::error(&back, "service.no_files", &[]));
    }
    if internal {
        o.require(Action::ManageCases)?;
    }
    if crate::types::optional_text(&body, MAX_TEXT).is_err() {
        return Ok(flash::error(
            &back,
            "service.comment_refused",
            &[("reason", o.t().get("error.invalid"))],
        ));
    }
    let state = &o.viewer.state;
    // Stored first; the rows follow in one transaction (a failed store leaves no row).
    let mut stored = Vec::with_capacity(files.len());
    for f in files {
        let key = format!(
            "org-{}/cases/{}/{}",
            o.org_id(),
            c.id,
            &crate::tokens::new_token().hash[..24]
        );
        let mime = sniff(&f.bytes);
        let size = f.bytes.len() as i64;
        state.storage.put_bytes(&key, f.bytes).await?;
        stored.push((key, f.name, mime, size));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let names: Vec<&str> = stored.iter().map(|(_, n, _, _)| n.as_str()).collect();
    let text = if body.is_empty() {
        names.join(", ")
    } else {
        body.clone()
    };
    let comment = super::comments::add(&o, &mut tx, &c, &text, internal).await?;
    for (key, name, mime, size) in &stored {
        sqlx::query(
            "INSERT INTO case_attachments (org_id, case_id, comment_id, file_name, content_type, size, storage_key, internal, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(o.org_id())
        .bind(c.id)
        .bind(comment)
        .bind(name)
        .bind(*mime)
        .bind(*size)
        .bind(key)
        .bind(i64::from(internal))
        .bind(o.user_id())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(flash::success(
        &back,
        "service.files_added",
        &[("count", &stored.len().to_string())],
    ))
}

fn signature(secret: &[u8], org: OrgId, id: AttachmentId, user: UserId, expires: i64) -> String {
    crate::crypto::sign(
        secret,
        "attachment",
        &format!("{org}:{id}:{user}:{expires}"),
    )
}

/// A file of a case the viewer may see (internal ones: staff only), with where it is.
async fn visible(
    o: &OrgCtx,
    number: CaseNumber,
    id: AttachmentId,
) -> AppResult<(String, String, String)> {
    let c = existing(o, number).await?;
    let staff = o.require(Action::ManageCases).is_ok();
    read(
        "SELECT storage_key, file_name, content_type FROM case_attachments \
         WHERE id = $1 AND case_id = $2 AND org_id = $3 AND (internal = 0 OR $4 = 1)",
    )
    .bind(id)
    .bind(c.id)
    .bind(o.org_id())
    .bind(i64::from(staff))
    .fetch_optional(&o.viewer.state.db, |r| {
        Ok((
            r.try_get("storage_key")?,
            r.try_get("file_name")?,
            r.try_get("content_type")?,
        ))
    })
    .await?
    .ok_or(AppError::NotFound)
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
    let (key, name, mime) = visible(&o, number, id).await?;
    let body = o
        .viewer
        .state
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

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\x\\foto.jpg"), "foto.jpg");
        assert_eq!(clean_name("a\u{0}b\n.png"), "ab.png");
        assert_eq!(clean_name(".htaccess"), "htaccess");
        assert_eq!(clean_name(""), "file");
    }
}
