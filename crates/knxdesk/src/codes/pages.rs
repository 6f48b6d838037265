//! What staff do with codes: create them (for a device, or for every device of a project),
//! get their QR images, deactivate them. Creating and deactivating is editing the project
//! (`EditProjects`); each is in the project's activity log.

use axum::{
    extract::Query,
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{
    ServiceCode,
    labels::{self, Label, Stock},
    qr, queries,
};
use crate::{
    authz::Action,
    notifications::{Event, deliver},
    types::{DeviceId, OrgId, ProjectId},
    web::{AppError, AppResult, Ids, OrgCtx, flash},
};

/// A code for one current device of the project (from ETS or added by hand).
pub async fn create_for_device(
    o: OrgCtx,
    Ids((_, pid, device)): Ids<(OrgId, ProjectId, DeviceId)>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = crate::projects::pages::existing(&o, pid).await?;
    let db = &o.viewer.state.db;
    let (device, label) = crate::service::queries::device_of_project(db, o.org_id(), pid, device)
        .await?
        .ok_or(AppError::NotFound)?;
    let back = match queries::place_of_device(db, o.org_id(), device).await? {
        Some(page) => o.path(&page),
        None => return Err(AppError::NotFound),
    };
    if let Some(existing) = queries::of_device(db, o.org_id(), device).await? {
        return Ok(flash::success(
            &back,
            "codes.exists",
            &[("code", &existing.code.grouped())],
        ));
    }
    let now = o.viewer.state.clock.now();
    let mut tx = db.begin().await?;
    let code = queries::create(&mut tx, o.org_id(), pid, device, o.user_id(), now).await?;
    o.log_project(
        &mut *tx,
        pid,
        "code_created",
        &format!("{label} {} ({})", p.name, code.grouped()),
    )
    .await?;
    deliver::project_changed(&o, &mut tx, &p, Event::CodesChanged, paired(&code, &label)).await?;
    tx.commit().await?;
    Ok(flash::success(
        &back,
        "codes.created",
        &[("code", &code.grouped())],
    ))
}

/// What the customer's people are told of a code that now belongs to a device.
pub fn paired(code: &ServiceCode, device: &str) -> (&'static str, Vec<(&'static str, String)>) {
    (
        "notifications.detail.code_paired",
        vec![("code", code.grouped()), ("device", device.to_string())],
    )
}

/// A code for every current device of the project that has none.
pub async fn create_for_project(
    o: OrgCtx,
    Ids((_, pid)): Ids<(OrgId, ProjectId)>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = crate::projects::pages::existing(&o, pid).await?;
    let state = &o.viewer.state;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let devices = queries::devices_without_code(&mut tx, o.org_id(), pid).await?;
    for device in &devices {
        queries::create(&mut tx, o.org_id(), pid, *device, o.user_id(), now).await?;
    }
    if !devices.is_empty() {
        o.log_project(
            &mut *tx,
            pid,
            "codes_created",
            &format!("{} ({})", p.name, devices.len()),
        )
        .await?;
        deliver::project_changed(
            &o,
            &mut tx,
            &p,
            Event::CodesChanged,
            (
                "notifications.detail.codes_created",
                vec![("count", devices.len().to_string())],
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&format!("/projects/{pid}/devices")),
        "codes.created_n",
        &[("count", &devices.len().to_string())],
    ))
}

/// The organisation's code from the path; 404 for a malformed or another organisation's one.
async fn own_code(o: &OrgCtx, raw: &str) -> AppResult<ServiceCode> {
    o.require(Action::EditProjects)?;
    let code = ServiceCode::parse(raw).ok_or(AppError::NotFound)?;
    if !queries::is_org_code(&o.viewer.state.db, o.org_id(), &code).await? {
        return Err(AppError::NotFound);
    }
    Ok(code)
}

pub async fn deactivate(o: OrgCtx, Ids((_, raw)): Ids<(OrgId, String)>) -> AppResult<Response> {
    let code = own_code(&o, &raw).await?;
    let db = &o.viewer.state.db;
    let place = queries::place(db, o.org_id(), &code).await?;
    let mut tx = db.begin().await?;
    let changed = queries::deactivate(&mut tx, o.org_id(), &code).await?;
    if changed && let Some(place) = &place {
        o.log_project(&mut *tx, place.project, "code_deactivated", &code.grouped())
            .await?;
        let p = crate::projects::pages::existing(&o, place.project).await?;
        deliver::project_changed(
            &o,
            &mut tx,
            &p,
            Event::CodesChanged,
            (
                "notifications.detail.code_deactivated",
                vec![("code", code.grouped()), ("device", place.label.clone())],
            ),
        )
        .await?;
    }
    tx.commit().await?;
    let back = match place {
        Some(place) => o.path(&place.page),
        None => o.path("/codes"),
    };
    Ok(flash::success(
        &back,
        "codes.deactivated",
        &[("code", &code.grouped())],
    ))
}

pub async fn qr_svg(o: OrgCtx, Ids((_, raw)): Ids<(OrgId, String)>) -> AppResult<Response> {
    let code = own_code(&o, &raw).await?;
    let url = super::url(&o.viewer.state.config.base_url, &code);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"knxdesk-{code}.svg\""),
            ),
        ],
        qr::svg(&url, 240),
    )
        .into_response())
}

pub async fn qr_png(o: OrgCtx, Ids((_, raw)): Ids<(OrgId, String)>) -> AppResult<Response> {
    let code = own_code(&o, &raw).await?;
    let url = super::url(&o.viewer.state.config.base_url, &code);
    Ok((
        [
            (header::CONTENT_TYPE, "image/png".to_string()),
            (
                header::CONTENT_DISPOSITION,
                crate::web::attachment(&format!("knxdesk-{code}.png")),
            ),
        ],
        qr::png(&url, 10),
    )
        .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LabelsQuery {
    pub stock: String,
    /// Margins in millimetres (empty: the stock's own).
    pub top: String,
    pub left: String,
}

/// A margin from the form: millimetres between 0 and 50, else the stock's.
fn margin(raw: &str, default: f32) -> f32 {
    raw.trim()
        .replace(',', ".")
        .parse::<f32>()
        .ok()
        .filter(|m| m.is_finite() && (0.0..=50.0).contains(m))
        .unwrap_or(default)
}

/// The project's labels as a PDF for the chosen stock.
pub async fn labels(
    o: OrgCtx,
    Ids((_, pid)): Ids<(OrgId, ProjectId)>,
    Query(q): Query<LabelsQuery>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = crate::projects::pages::existing(&o, pid).await?;
    let state = &o.viewer.state;
    let codes = queries::of_project(&state.db, o.org_id(), pid, labels::MAX_LABELS).await?;
    if codes.is_empty() {
        return Ok(flash::error(
            &o.path(&format!("/projects/{pid}/devices")),
            "codes.no_labels",
            &[],
        ));
    }
    let items: Vec<Label> = codes
        .into_iter()
        .map(|(code, address, device)| Label {
            grouped: code.grouped(),
            url: super::url(&state.config.base_url, &code),
            device,
            address,
            project: p.name.clone(),
            org: o.org.name.clone(),
        })
        .collect();
    labels_pdf(&o, items, &q, &format!("knxdesk-labels-{pid}")).await
}

/// Labels as a PDF download for the stock and margins asked for, named `{name}-{stock}.pdf`,
/// with the organisation's logo.
pub async fn labels_pdf(
    o: &OrgCtx,
    items: Vec<Label>,
    q: &LabelsQuery,
    name: &str,
) -> AppResult<Response> {
    let stock = Stock::parse(&q.stock).unwrap_or(Stock::A4x24);
    let (top, left) = stock.default_margins();
    let margins = (margin(&q.top, top), margin(&q.left, left));
    let state = &o.viewer.state;
    let logo = match crate::settings::queries::logo(&state.db.pool, o.org_id()).await? {
        Some(l) if !l.logo_key.is_empty() => state
            .storage
            .get_bytes(&l.logo_key)
            .await
            .ok()
            .map(|bytes| (bytes, l.logo_type)),
        _ => None,
    };
    // 1,000 labels are many thousand rectangles to draw and compress: off the request threads.
    let pdf = tokio::task::spawn_blocking(move || {
        let logo = logo.and_then(|(bytes, kind)| super::label_logo::from_bytes(&bytes, &kind));
        labels::pdf(&items, stock, margins, logo.as_ref())
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                crate::web::attachment(&format!("{name}-{}.pdf", stock.as_str())),
            ),
        ],
        pdf,
    )
        .into_response())
}
