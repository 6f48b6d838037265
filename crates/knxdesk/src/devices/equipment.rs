//! Equipment that is not in ETS (D1): a heat pump, a gateway, a visualisation server, added to
//! a project by hand. It is a device like the others for cases, codes, photos and the Devices
//! page, with what ETS does not know about: its model, serial number and notes. ETS imports
//! never match, change or remove it (`manual = 1`); it has no individual address.

use askama::Template;
use axum::{
    extract::Form,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;

use crate::{
    authz::Action,
    db::{Db, read},
    notifications::{Event, deliver},
    projects::{Tab, queries::Project},
    service::queries::Case,
    types::{DeviceId, OrgId, ProjectId, optional_text, required_text},
    web::{
        AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render, render_status,
        routes::Routes,
    },
};

pub fn routes() -> Routes {
    Routes::new()
        .org("/projects/{project_id}/equipment", post(create))
        .org("/projects/{project_id}/equipment/new", get(new_form))
        .org(
            "/projects/{project_id}/equipment/{device_id}",
            get(show).post(update),
        )
        .org(
            "/projects/{project_id}/equipment/{device_id}/edit",
            get(edit_form),
        )
        .org(
            "/projects/{project_id}/equipment/{device_id}/delete",
            post(delete),
        )
        .org(
            "/projects/{project_id}/device-photos/{device_id}",
            post(axum::handler::Handler::layer(
                super::photos::upload,
                axum::extract::DefaultBodyLimit::max(super::photos::MAX_REQUEST_BYTES),
            )),
        )
        .org(
            "/projects/{project_id}/device-photos/{device_id}/{photo_id}",
            get(super::photos::file),
        )
        .org(
            "/projects/{project_id}/device-photos/{device_id}/{photo_id}/delete",
            post(super::photos::delete),
        )
}

/// The fields of a piece of equipment, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EquipmentForm {
    pub name: String,
    pub manufacturer: String,
    pub product: String,
    pub order_number: String,
    pub serial_number: String,
    pub room: String,
    pub notes: String,
}

/// The fields, checked.
struct Equipment {
    name: String,
    manufacturer: String,
    product: String,
    order_number: String,
    serial_number: String,
    room: String,
    notes: String,
}

impl EquipmentForm {
    fn check(&self, o: &OrgCtx) -> Result<Equipment, FieldErrors> {
        let t = o.t();
        let mut errors = FieldErrors::default();
        let mut field = |name: &'static str, value: Result<String, crate::types::FieldError>| {
            value
                .map_err(|e| errors.add(name, e.message(t)))
                .unwrap_or_default()
        };
        let e = Equipment {
            name: field("name", required_text(&self.name, 120)),
            manufacturer: field("manufacturer", optional_text(&self.manufacturer, 120)),
            product: field("product", optional_text(&self.product, 120)),
            order_number: field("order_number", optional_text(&self.order_number, 80)),
            serial_number: field("serial_number", optional_text(&self.serial_number, 80)),
            room: field("room", optional_text(&self.room, 120)),
            notes: field(
                "notes",
                optional_text(&self.notes, crate::service::MAX_TEXT),
            ),
        };
        if errors.is_empty() {
            Ok(e)
        } else {
            Err(errors)
        }
    }

    fn of(d: &Stored) -> EquipmentForm {
        EquipmentForm {
            name: d.name.clone(),
            manufacturer: d.manufacturer.clone(),
            product: d.product.clone(),
            order_number: d.order_number.clone(),
            serial_number: d.serial_number.clone(),
            room: d.room.clone(),
            notes: d.notes.clone(),
        }
    }
}

impl Equipment {
    fn search_text(&self) -> String {
        crate::search::text::words(&[
            &self.name,
            &self.manufacturer,
            &self.product,
            &self.order_number,
            &self.serial_number,
        ])
    }
}

/// A piece of equipment as stored.
pub struct Stored {
    pub id: DeviceId,
    pub name: String,
    pub manufacturer: String,
    pub product: String,
    pub order_number: String,
    pub serial_number: String,
    pub room: String,
    pub notes: String,
}

async fn stored(
    db: &Db,
    org: OrgId,
    project: ProjectId,
    id: DeviceId,
) -> Result<Option<Stored>, sqlx::Error> {
    read(
        "SELECT id, name, manufacturer, product, order_number, serial_number, room, notes FROM project_devices \
         WHERE id = $1 AND project_id = $2 AND org_id = $3 AND manual = 1 AND removed_in IS NULL",
    )
    .bind(id)
    .bind(project)
    .bind(org)
    .fetch_optional(db, |r| {
        Ok(Stored {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            manufacturer: r.try_get("manufacturer")?,
            product: r.try_get("product")?,
            order_number: r.try_get("order_number")?,
            serial_number: r.try_get("serial_number")?,
            room: r.try_get("room")?,
            notes: r.try_get("notes")?,
        })
    })
    .await
}

/// The project's rooms for the room field's suggestions (free text is as good).
async fn room_names(o: &OrgCtx, project: ProjectId) -> AppResult<Vec<String>> {
    let rooms = crate::ets::model::rooms(&o.viewer.state.db, o.org_id(), project).await?;
    let mut names: Vec<String> = rooms.into_iter().map(|r| r.name).collect();
    names.sort();
    names.dedup();
    Ok(names)
}

#[derive(Template)]
#[template(path = "devices/equipment_form.html")]
struct FormPage {
    l: Layout,
    p: Project,
    tab: Tab,
    /// `None`: a new one.
    id: Option<DeviceId>,
    f: EquipmentForm,
    errors: FieldErrors,
    rooms: Vec<String>,
}

async fn form_page(
    o: &OrgCtx,
    p: Project,
    id: Option<DeviceId>,
    f: EquipmentForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let title = if id.is_some() {
        "equipment.edit_title"
    } else {
        "equipment.new_title"
    };
    Ok(FormPage {
        rooms: room_names(o, p.id).await?,
        l: o.layout("projects", title),
        tab: Tab::Devices,
        p,
        id,
        f,
        errors,
    })
}

pub async fn new_form(o: OrgCtx, Ids((_, pid)): Ids<(OrgId, ProjectId)>) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = crate::projects::pages::existing(&o, pid).await?;
    render(
        &form_page(
            &o,
            p,
            None,
            EquipmentForm::default(),
            FieldErrors::default(),
        )
        .await?,
    )
}

pub async fn create(
    o: OrgCtx,
    Ids((_, pid)): Ids<(OrgId, ProjectId)>,
    Form(f): Form<EquipmentForm>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = crate::projects::pages::existing(&o, pid).await?;
    let e = match f.check(&o) {
        Ok(e) => e,
        Err(errors) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&o, p, None, f, errors).await?,
            );
        }
    };
    let mut tx = o.viewer.state.db.begin().await?;
    let id: DeviceId = sqlx::query_scalar(
        "INSERT INTO project_devices (org_id, project_id, address, name, manufacturer, product, order_number, \
         serial_number, description, room, notes, position, search_text, manual) \
         VALUES ($1, $2, '', $3, $4, $5, $6, $7, '', $8, $9, -1, $10, 1) RETURNING id",
    )
    .bind(o.org_id())
    .bind(pid)
    .bind(&e.name)
    .bind(&e.manufacturer)
    .bind(&e.product)
    .bind(&e.order_number)
    .bind(&e.serial_number)
    .bind(&e.room)
    .bind(&e.notes)
    .bind(e.search_text())
    .fetch_one(&mut *tx)
    .await?;
    count_change(&mut tx, o.org_id(), pid, 1).await?;
    o.log_project(&mut *tx, pid, "equipment_added", &e.name)
        .await?;
    // The project's customer's people hear of it.
    deliver::project_changed(
        &o,
        &mut tx,
        &p,
        Event::DevicesChanged,
        (
            "notifications.detail.equipment_added",
            vec![("name", e.name.clone())],
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&super::page_path(pid, "", id)),
        "equipment.added",
        &[("name", &e.name)],
    ))
}

/// Keeps the project's count of equipment added by hand (the Devices page's total adds it to
/// the model's count).
async fn count_change(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    project: ProjectId,
    by: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE projects SET manual_device_count = manual_device_count + $1 WHERE id = $2 AND org_id = $3",
    )
    .bind(by)
    .bind(project)
    .bind(org)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Template)]
#[template(path = "devices/equipment.html")]
struct EquipmentPage {
    l: Layout,
    p: Project,
    tab: Tab,
    d: Stored,
    device_id: i64,
    notes_html: String,
    photos: Vec<super::photos::Photo>,
    code: Option<crate::codes::card::CodeCard>,
    cases: Vec<Case>,
    open_cases: i64,
    today: String,
    can_edit: bool,
}

pub async fn show(
    o: OrgCtx,
    Ids((_, pid, id)): Ids<(OrgId, ProjectId, DeviceId)>,
) -> AppResult<Response> {
    let p = crate::projects::pages::existing(&o, pid).await?;
    let db = &o.viewer.state.db;
    let d = stored(db, o.org_id(), pid, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (cases, open_cases, today) = crate::service::list::device_cases(&o, pid, id.0).await?;
    let mut l = o.layout("projects", "projects.title");
    l.title = format!("{} · {}", d.name, p.name);
    render(&EquipmentPage {
        notes_html: crate::service::markdown::to_html(&d.notes),
        photos: super::photos::of_device(db, o.org_id(), id).await?,
        code: crate::codes::card::of_device(&o, id).await?,
        can_edit: o.require(Action::EditProjects).is_ok(),
        device_id: id.0,
        l,
        p,
        tab: Tab::Devices,
        d,
        cases,
        open_cases,
        today,
    })
}

pub async fn edit_form(
    o: OrgCtx,
    Ids((_, pid, id)): Ids<(OrgId, ProjectId, DeviceId)>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = crate::projects::pages::existing(&o, pid).await?;
    let d = stored(&o.viewer.state.db, o.org_id(), pid, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = EquipmentForm::of(&d);
    render(&form_page(&o, p, Some(id), f, FieldErrors::default()).await?)
}

pub async fn update(
    o: OrgCtx,
    Ids((_, pid, id)): Ids<(OrgId, ProjectId, DeviceId)>,
    Form(f): Form<EquipmentForm>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = crate::projects::pages::existing(&o, pid).await?;
    stored(&o.viewer.state.db, o.org_id(), pid, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let e = match f.check(&o) {
        Ok(e) => e,
        Err(errors) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&o, p, Some(id), f, errors).await?,
            );
        }
    };
    let mut tx = o.viewer.state.db.begin().await?;
    sqlx::query(
        "UPDATE project_devices SET name = $1, manufacturer = $2, product = $3, order_number = $4, \
         serial_number = $5, room = $6, notes = $7, search_text = $8 \
         WHERE id = $9 AND project_id = $10 AND org_id = $11 AND manual = 1",
    )
    .bind(&e.name)
    .bind(&e.manufacturer)
    .bind(&e.product)
    .bind(&e.order_number)
    .bind(&e.serial_number)
    .bind(&e.room)
    .bind(&e.notes)
    .bind(e.search_text())
    .bind(id)
    .bind(pid)
    .bind(o.org_id())
    .execute(&mut *tx)
    .await?;
    // Its project counts as changed: the kept Devices page shows the new fields.
    sqlx::query("UPDATE projects SET updated_at = $1 WHERE id = $2 AND org_id = $3")
        .bind(o.viewer.state.clock.now())
        .bind(pid)
        .bind(o.org_id())
        .execute(&mut *tx)
        .await?;
    o.log_project(&mut *tx, pid, "equipment_changed", &e.name)
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&super::page_path(pid, "", id)),
        "equipment.saved",
        &[("name", &e.name)],
    ))
}

/// Removes a piece of equipment that carries no cases (those keep their history: it stays
/// until they are gone). Its label, if any, becomes unpaired and can go on another device.
pub async fn delete(
    o: OrgCtx,
    Ids((_, pid, id)): Ids<(OrgId, ProjectId, DeviceId)>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = crate::projects::pages::existing(&o, pid).await?;
    let state = &o.viewer.state;
    let d = stored(&state.db, o.org_id(), pid, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let here = o.path(&super::page_path(pid, "", id));
    let mut tx = state.db.begin().await?;
    let cases: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM service_cases WHERE device_id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(o.org_id())
    .fetch_one(&mut *tx)
    .await?;
    if cases > 0 {
        tx.rollback().await?;
        return Ok(flash::error(
            &here,
            "equipment.has_cases",
            &[("name", &d.name), ("count", &cases.to_string())],
        ));
    }
    let keys: Vec<String> = sqlx::query_scalar(
        "SELECT storage_key FROM device_photos WHERE device_id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(o.org_id())
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE service_codes SET device_id = NULL, project_id = NULL, paired_at = NULL WHERE device_id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(o.org_id())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM project_devices WHERE id = $1 AND org_id = $2 AND manual = 1")
        .bind(id)
        .bind(o.org_id())
        .execute(&mut *tx)
        .await?;
    count_change(&mut tx, o.org_id(), pid, -1).await?;
    o.log_project(&mut *tx, pid, "equipment_deleted", &d.name)
        .await?;
    deliver::project_changed(
        &o,
        &mut tx,
        &p,
        Event::DevicesChanged,
        (
            "notifications.detail.equipment_removed",
            vec![("name", d.name.clone())],
        ),
    )
    .await?;
    tx.commit().await?;
    for key in keys {
        if let Err(e) = state.storage.delete(&key).await {
            tracing::warn!(error = ?e, "deleting a device photo's file");
        }
    }
    Ok(flash::success(
        &o.path(&format!("/projects/{pid}/devices")),
        "equipment.deleted",
        &[("name", &d.name)],
    ))
}

/// The project's equipment added by hand, for its Devices tab: (id, name, manufacturer, product, room).
pub async fn of_project(
    db: &Db,
    org: OrgId,
    project: ProjectId,
) -> Result<Vec<(DeviceId, String, String, String, String)>, sqlx::Error> {
    read(
        "SELECT id, name, manufacturer, product, room FROM project_devices \
         WHERE project_id = $1 AND org_id = $2 AND manual = 1 AND removed_in IS NULL ORDER BY name, id LIMIT 500",
    )
    .bind(project)
    .bind(org)
    .fetch_all(db, |r| {
        Ok((
            r.try_get("id")?,
            r.try_get("name")?,
            r.try_get("manufacturer")?,
            r.try_get("product")?,
            r.try_get("room")?,
        ))
    })
    .await
}
