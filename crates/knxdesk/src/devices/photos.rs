//! Photos of a device (its type plate, the cabinet it sits in, how it is wired): taken on site
//! by the team, shown on the device's page to everyone who may see the device. Images only
//! (sniffed, never trusted by name), stored like case files, removed with the device.

use axum::{
    extract::{Multipart, multipart::MultipartRejection},
    response::Response,
};

use crate::{
    authz::Action,
    clock::Timestamp,
    db::{Db, read},
    service::files_form::{self, Refusal},
    types::{DeviceId, OrgId, ProjectId},
    web::{AppError, AppResult, Ids, OrgCtx, flash},
};

/// The team's photos of a device: as the team's files on a case.
pub const MAX_REQUEST_BYTES: usize = files_form::TEAM.request_bytes();

pub struct Photo {
    pub id: i64,
    pub file_name: String,
    pub uploaded: Timestamp,
}

/// A device's photos, oldest first.
pub async fn of_device(db: &Db, org: OrgId, device: DeviceId) -> Result<Vec<Photo>, sqlx::Error> {
    read(
        "SELECT id, file_name, created_at FROM device_photos WHERE device_id = $1 AND org_id = $2 ORDER BY id LIMIT 200",
    )
    .bind(device)
    .bind(org)
    .fetch_all(db, |r| {
        Ok(Photo {
            id: r.try_get("id")?,
            file_name: r.try_get("file_name")?,
            uploaded: r.try_get("created_at")?,
        })
    })
    .await
}

/// The project's current device the viewer may see, and its page.
async fn device_page(o: &OrgCtx, pid: ProjectId, device: DeviceId) -> AppResult<String> {
    crate::projects::pages::existing(o, pid).await?;
    let db = &o.viewer.state.db;
    crate::service::queries::device_of_project(db, o.org_id(), pid, device)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = crate::codes::queries::place_of_device(db, o.org_id(), device)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(o.path(&page))
}

pub async fn upload(
    o: OrgCtx,
    Ids((_, pid, device)): Ids<(OrgId, ProjectId, DeviceId)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let back = device_page(&o, pid, device).await?;
    let mut multipart = multipart.map_err(|_| AppError::BadRequest("service.upload_broken"))?;
    let refuse = |r: Refusal| {
        let (key, args) = r.key_args();
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        flash::error(&format!("{back}#photos"), key, &args)
    };
    let sent = match files_form::read(&mut multipart, files_form::TEAM).await {
        Ok(sent) => sent,
        Err(Refusal::Broken) => return Err(AppError::BadRequest("service.upload_broken")),
        Err(r) => return Ok(refuse(r)),
    };
    if sent.files.is_empty() {
        return Ok(flash::error(
            &format!("{back}#photos"),
            "service.no_files",
            &[],
        ));
    }
    if let Some(r) = crate::codes::follow::only_photos(&sent.files) {
        return Ok(refuse(r));
    }
    let state = &o.viewer.state;
    let count = sent.files.len();
    let stored =
        files_form::store(state, o.org_id(), &format!("devices/{device}"), sent.files).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    for s in &stored {
        let (key, size) = s.key_and_size();
        sqlx::query(
            "INSERT INTO device_photos (org_id, device_id, file_name, content_type, size, storage_key, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(o.org_id())
        .bind(device)
        .bind(&s.name)
        .bind(s.mime)
        .bind(size)
        .bind(key)
        .bind(o.user_id())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    o.log_project(&mut *tx, pid, "device_photos_added", &count.to_string())
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &format!("{back}#photos"),
        "devices.photos_added",
        &[("count", &count.to_string())],
    ))
}

/// A photo of the device, for those who may see the device.
pub async fn file(
    o: OrgCtx,
    Ids((_, pid, device, id)): Ids<(OrgId, ProjectId, DeviceId, i64)>,
) -> AppResult<Response> {
    device_page(&o, pid, device).await?;
    crate::service::attachments::stored(
        &o.viewer.state.db,
        read(
            "SELECT storage_key, file_name, content_type FROM device_photos WHERE id = $1 AND device_id = $2 AND org_id = $3",
        )
        .bind(id)
        .bind(device)
        .bind(o.org_id()),
    )
    .await?
    .serve(&o.viewer.state)
    .await
}

pub async fn delete(
    o: OrgCtx,
    Ids((_, pid, device, id)): Ids<(OrgId, ProjectId, DeviceId, i64)>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let back = device_page(&o, pid, device).await?;
    let state = &o.viewer.state;
    let key: Option<String> = sqlx::query_scalar(
        "DELETE FROM device_photos WHERE id = $1 AND device_id = $2 AND org_id = $3 RETURNING storage_key",
    )
    .bind(id)
    .bind(device)
    .bind(o.org_id())
    .fetch_optional(&state.db.pool)
    .await?;
    let key = key.ok_or(AppError::NotFound)?;
    // The row is gone: the file is only storage to give back (a failure leaves it orphaned).
    if let Err(e) = state.storage.delete(&key).await {
        tracing::warn!(error = ?e, "deleting a device photo's file");
    }
    Ok(flash::success(
        &format!("{back}#photos"),
        "devices.photo_deleted",
        &[],
    ))
}
