//! Codes before devices (D2): a roll of labels printed as an unpaired batch and stuck on during
//! installation, each paired later by scanning it with a signed-in phone (or typing it), and
//! re-paired when a device is swapped. The organisation's Service codes page lists the
//! batches; pairing is editing the project (`EditProjects`), in the project's activity log.

use askama::Template;
use axum::{
    extract::{Form, Query},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{
    ServiceCode,
    labels::{self, Label, Stock},
    pages::{LabelsQuery, labels_pdf},
    queries,
};
use crate::{
    authz::Action,
    service::queries::{device_of_project, devices_of_project, project_choices},
    types::{DeviceId, OrgId, ProjectId},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render, render_status},
};

/// At most this many codes in one batch (a few rolls of labels).
pub const MAX_BATCH: usize = 1_000;

#[derive(Template)]
#[template(path = "codes/index.html")]
struct CodesPage {
    l: Layout,
    paired: i64,
    unpaired: i64,
    inactive: i64,
    batches: Vec<queries::Batch>,
    count: String,
    code: String,
    errors: FieldErrors,
    stocks: [Stock; 3],
}

async fn codes_page(
    o: &OrgCtx,
    count: String,
    code: String,
    errors: FieldErrors,
) -> AppResult<CodesPage> {
    let db = &o.viewer.state.db;
    let (paired, unpaired, inactive) = queries::counts(db, o.org_id()).await?;
    Ok(CodesPage {
        batches: queries::batches(db, o.org_id()).await?,
        l: o.layout("devices", "codes.page_title"),
        paired,
        unpaired,
        inactive,
        count,
        code,
        errors,
        stocks: Stock::ALL,
    })
}

pub async fn index(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    render(&codes_page(&o, "24".into(), String::new(), FieldErrors::default()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BatchForm {
    count: String,
}

pub async fn create_batch(o: OrgCtx, Form(f): Form<BatchForm>) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let Some(count) = f
        .count
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_BATCH).contains(n))
    else {
        let mut errors = FieldErrors::default();
        errors.add(
            "count",
            o.t()
                .fmt1("codes.batch_count_invalid", "max", &MAX_BATCH.to_string()),
        );
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &codes_page(&o, f.count, String::new(), errors).await?,
        );
    };
    let state = &o.viewer.state;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let batch = queries::create_batch(&mut tx, o.org_id(), count, o.user_id(), now).await?;
    o.log(
        &mut *tx,
        "code_batch_created",
        &format!("{batch} ({count})"),
    )
    .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path("/codes"),
        "codes.batch_created",
        &[("batch", &batch.to_string()), ("count", &count.to_string())],
    ))
}

/// The labels of a batch's codes still waiting for a device.
pub async fn batch_labels(
    o: OrgCtx,
    Ids((_, batch)): Ids<(OrgId, i64)>,
    Query(q): Query<LabelsQuery>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let state = &o.viewer.state;
    let codes =
        queries::unpaired_of_batch(&state.db, o.org_id(), batch, labels::MAX_LABELS).await?;
    if codes.is_empty() {
        return Ok(flash::error(&o.path("/codes"), "codes.no_labels", &[]));
    }
    let unpaired = o.t().get("codes.label_unpaired").to_string();
    let items = codes
        .into_iter()
        .map(|code| Label {
            grouped: code.grouped(),
            url: super::url(&state.config.base_url, &code),
            device: unpaired.clone(),
            address: String::new(),
            project: String::new(),
            org: o.org.name.clone(),
        })
        .collect();
    labels_pdf(&o, items, &q, &format!("knxdesk-batch-{batch}")).await
}

#[derive(Template)]
#[template(path = "codes/pair.html")]
struct PairPage {
    l: Layout,
    code: ServiceCode,
    /// The page of the device the code is on now, if any.
    now_at: Option<String>,
    projects: Vec<(ProjectId, String)>,
    project: Option<ProjectId>,
    devices: Vec<(DeviceId, String)>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PairQuery {
    project: String,
}

/// The organisation's code, in any state; 404 for another organisation's or none.
async fn own(o: &OrgCtx, raw: &str) -> AppResult<(ServiceCode, queries::CodeState)> {
    o.require(Action::EditProjects)?;
    let code = ServiceCode::parse(raw).ok_or(AppError::NotFound)?;
    let state = queries::state_of(&o.viewer.state.db, &code)
        .await?
        .filter(|s| s.org_id == o.org_id())
        .ok_or(AppError::NotFound)?;
    Ok((code, state))
}

async fn pair_page(
    o: &OrgCtx,
    code: ServiceCode,
    s: &queries::CodeState,
    project: Option<ProjectId>,
    errors: FieldErrors,
) -> AppResult<PairPage> {
    let db = &o.viewer.state.db;
    let seen = o.visibility(Action::ViewProjects)?;
    let projects = project_choices(db, o.org_id(), seen).await?;
    let project = project
        .or(s.device.as_ref().map(|(p, _, _)| *p))
        .filter(|p| projects.iter().any(|(id, _)| id == p));
    let devices = match project {
        Some(p) => devices_of_project(db, o.org_id(), p).await?,
        None => Vec::new(),
    };
    Ok(PairPage {
        l: o.layout("devices", "codes.pair_title"),
        now_at: s.device.as_ref().map(|(_, page, _)| o.path(page)),
        code,
        projects,
        project,
        devices,
        errors,
    })
}

/// Where a scanned unpaired code leads a signed-in member of the team, and a code that is to
/// move to another device.
pub async fn pair_form(
    o: OrgCtx,
    Ids((_, raw)): Ids<(OrgId, String)>,
    Query(q): Query<PairQuery>,
) -> AppResult<Response> {
    let (code, s) = own(&o, &raw).await?;
    let project = q.project.trim().parse().ok().map(ProjectId);
    render(&pair_page(&o, code, &s, project, FieldErrors::default()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PairForm {
    code: String,
    project: String,
    device: String,
}

/// Pairs a code (typed, or from the pairing page) with a current device of a project; the
/// device's previous label stops working.
pub async fn pair(o: OrgCtx, Form(f): Form<PairForm>) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let Some(code) = ServiceCode::parse(&f.code) else {
        return Ok(flash::error(&o.path("/codes"), "codes.pair_unknown", &[]));
    };
    let db = &o.viewer.state.db;
    let Some(s) = queries::state_of(db, &code)
        .await?
        .filter(|s| s.org_id == o.org_id())
    else {
        return Ok(flash::error(&o.path("/codes"), "codes.pair_unknown", &[]));
    };
    // A deactivated label stays off (it may be lost or stolen): the team makes a new code.
    if !s.active {
        return Ok(flash::error(
            &o.path("/codes"),
            "codes.pair_inactive",
            &[("code", &code.grouped())],
        ));
    }
    let project = f.project.trim().parse().ok().map(ProjectId);
    let Some(pid) = project else {
        let mut errors = FieldErrors::default();
        errors.add("project", o.t().get("codes.pair_choose_project").into());
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &pair_page(&o, code, &s, None, errors).await?,
        );
    };
    let p = crate::projects::pages::existing(&o, pid).await?;
    let device = match f.device.trim().parse().ok().map(DeviceId) {
        Some(d) => device_of_project(db, o.org_id(), pid, d).await?,
        None => None,
    };
    let Some((device, label)) = device else {
        let mut errors = FieldErrors::default();
        errors.add("device", o.t().get("codes.pair_choose_device").into());
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &pair_page(&o, code, &s, Some(pid), errors).await?,
        );
    };
    let now = o.viewer.state.clock.now();
    let mut tx = db.begin().await?;
    let replaced = queries::pair(&mut tx, o.org_id(), s.id, pid, device, now).await?;
    o.log_project(
        &mut *tx,
        pid,
        "code_paired",
        &format!("{label} {} ({})", p.name, code.grouped()),
    )
    .await?;
    crate::notifications::deliver::project_changed(
        &o,
        &mut tx,
        &p,
        crate::notifications::Event::CodesChanged,
        super::pages::paired(&code, &label),
    )
    .await?;
    tx.commit().await?;
    let place = queries::place(db, o.org_id(), &code).await?;
    let back = place.map_or_else(|| o.path("/codes"), |place| o.path(&place.page));
    Ok(match replaced {
        Some(old) => flash::success(
            &back,
            "codes.paired_replacing",
            &[("code", &code.grouped()), ("old", &old.grouped())],
        ),
        None => flash::success(&back, "codes.paired", &[("code", &code.grouped())]),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GoQuery {
    code: String,
}

/// A code typed from a label (no camera at hand): to its pairing page.
pub async fn go(o: OrgCtx, Query(q): Query<GoQuery>) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let found = match ServiceCode::parse(&q.code) {
        Some(code) => queries::state_of(&o.viewer.state.db, &code)
            .await?
            .filter(|s| s.org_id == o.org_id())
            .map(|_| code),
        None => None,
    };
    Ok(match found {
        Some(code) => {
            axum::response::Redirect::to(&o.path(&format!("/codes/{code}/pair"))).into_response()
        }
        None => flash::error(&o.path("/codes"), "codes.pair_unknown", &[]),
    })
}
