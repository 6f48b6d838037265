//! Receiving a `.knxproj`: streamed to a temporary file (never whole in memory), size-checked
//! while it arrives, stored, and registered as the project's next version with a parse job.

use axum::{
    extract::{Form, Multipart},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

use super::{
    MAX_UPLOAD_BYTES,
    job::ParseJob,
    queries::{self, NewVersion},
};
use crate::types::{OrgId, VersionId};
use crate::{
    authz::Action,
    db::OnUnique,
    jobs,
    types::{ProjectId, optional_text},
    web::{AppError, AppResult, Ids, OrgCtx, error::error_page, flash},
};

pub async fn upload(
    o: OrgCtx,
    Ids((_, pid)): Ids<(OrgId, ProjectId)>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    crate::projects::pages::existing(&o, pid).await?;
    let state = &o.viewer.state;
    let back = o.path(&format!("/projects/{pid}/ets"));
    let temp = crate::storage::scratch_file(&state.config.data_dir, "upload-", ".part")?;

    let mut comment = String::new();
    let mut password = String::new();
    let mut comment_public = false;
    let mut file_name: Option<String> = None;
    let mut size: u64 = 0;
    let mut head = Vec::new();
    let bad_upload = |_| AppError::BadRequest("ets.upload_broken");
    while let Some(mut field) = multipart.next_field().await.map_err(bad_upload)? {
        match field.name().unwrap_or_default() {
            "comment" => comment = small_text(&mut field).await?,
            "password" => password = small_text(&mut field).await?,
            "comment_public" => comment_public = !small_text(&mut field).await?.is_empty(),
            "file" => {
                let name = field.file_name().unwrap_or_default().to_string();
                let mut out = tokio::fs::File::create(&temp)
                    .await
                    .map_err(anyhow::Error::from)?;
                while let Some(chunk) = field.chunk().await.map_err(bad_upload)? {
                    size += chunk.len() as u64;
                    if size > MAX_UPLOAD_BYTES {
                        // Refused before anything is stored; the partial file goes with `temp`.
                        return Ok(error_page(StatusCode::PAYLOAD_TOO_LARGE, "ets.too_large"));
                    }
                    if head.len() < 4 {
                        head.extend_from_slice(&chunk[..chunk.len().min(4 - head.len())]);
                    }
                    out.write_all(&chunk).await.map_err(anyhow::Error::from)?;
                }
                out.flush().await.map_err(anyhow::Error::from)?;
                file_name = Some(name);
            }
            _ => {}
        }
    }
    let Some(file_name) = file_name.filter(|n| !n.is_empty()) else {
        return Ok(flash::error(&back, "ets.no_file", &[]));
    };
    let file_name: String = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    if !file_name.to_lowercase().ends_with(".knxproj") {
        return Ok(flash::error(
            &back,
            "ets.not_knxproj",
            &[("name", &file_name)],
        ));
    }
    if head != b"PK\x03\x04" {
        return Ok(flash::error(&back, "ets.not_zip", &[("name", &file_name)]));
    }
    let comment =
        optional_text(&comment, 500).map_err(|_| AppError::BadRequest("ets.comment_too_long"))?;
    let password = password.chars().take(200).collect::<String>();

    let key = format!(
        "org-{}/project-{pid}/{}.knxproj",
        o.org_id(),
        &crate::tokens::new_token().hash[..24]
    );
    state.storage.put_file(&key, &temp).await?;
    let sealed = if password.is_empty() {
        String::new()
    } else {
        crate::crypto::seal(&state.secret, &password)
    };
    let comment = (comment.as_str(), comment_public);
    let version = register(&o, pid, &file_name, size as i64, &key, comment, &sealed).await?;
    Ok(flash::success(
        &back,
        "ets.uploaded",
        &[("version", &version.to_string()), ("name", &file_name)],
    ))
}

/// A short text field of the upload form, read in chunks: a field of megabytes is refused
/// after [`MAX_TEXT_FIELD`] bytes instead of being held whole.
async fn small_text(field: &mut axum::extract::multipart::Field<'_>) -> AppResult<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|_| AppError::BadRequest("ets.upload_broken"))?
    {
        if bytes.len() + chunk.len() > MAX_TEXT_FIELD {
            return Err(AppError::BadRequest("ets.comment_too_long"));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| AppError::BadRequest("ets.upload_broken"))
}

/// The comment may have 500 characters (of up to 4 bytes each); a password is shorter.
const MAX_TEXT_FIELD: usize = 2000;

/// Inserts the next version number (dense per project). Two uploads at the same moment may
/// both compute the same number; the unique index lets one win and the other tries again.
async fn register(
    o: &OrgCtx,
    pid: ProjectId,
    file_name: &str,
    size: i64,
    key: &str,
    (comment, comment_public): (&str, bool),
    sealed: &str,
) -> AppResult<i64> {
    let state = &o.viewer.state;
    for _ in 0..20 {
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        let version = NewVersion {
            file_name,
            size,
            storage_key: key,
            comment,
            comment_public,
            uploaded_by: o.user_id(),
            password_sealed: sealed,
        };
        let inserted = queries::insert_version(&mut tx, o.org_id(), pid, now, &version)
            .await
            .unique_as_none()?;
        // Another upload took this number meanwhile: try the next one.
        let Some((id, version)) = inserted else {
            tx.rollback().await?;
            continue;
        };
        jobs::enqueue(&mut *tx, now, &ParseJob { version_id: id }).await?;
        crate::projects::queries::touch(&mut tx, o.org_id(), pid, now).await?;
        o.log_project(
            &mut *tx,
            pid,
            "ets_uploaded",
            &format!("v{version} {file_name}"),
        )
        .await?;
        tx.commit().await?;
        state.wakeup.notify();
        return Ok(version);
    }
    Err(AppError::Internal(anyhow::anyhow!(
        "could not assign a version number"
    )))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
}

/// A version that failed for its password: store the new one and parse again.
pub async fn retry_with_password(
    o: OrgCtx,
    Ids((_, pid, vid)): Ids<(OrgId, ProjectId, VersionId)>,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let state = &o.viewer.state;
    let back = o.path(&format!("/projects/{pid}/ets"));
    // Another organisation's (or project's) version is not found, whatever the form says.
    if !queries::version_exists(&state.db.pool, o.org_id(), pid, vid).await? {
        return Err(AppError::NotFound);
    }
    if f.password.is_empty() || f.password.chars().count() > 200 {
        return Ok(flash::error(&back, "ets.enter_password", &[]));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let sealed = crate::crypto::seal(&state.secret, &f.password);
    if !queries::retry_with_password(&mut tx, o.org_id(), pid, vid, &sealed).await? {
        return Err(AppError::NotFound);
    }
    jobs::enqueue(&mut *tx, now, &ParseJob { version_id: vid }).await?;
    tx.commit().await?;
    state.wakeup.notify();
    Ok(flash::success(&back, "ets.retrying", &[]))
}
