//! Browsing the parsed model (SPEC P4): rooms, devices with their objects, group addresses.
//! Each page is a constant number of queries, whatever the project's size.

use crate::projects::Tab;
use crate::web::Pager;
use askama::Template;
use axum::{extract::Query, response::Response};
use serde::Deserialize;

use super::model::{self, DeviceRow, GaRow, ObjectRow, PAGE_SIZE, RoomRow};
use crate::types::{OrgId, ProjectId};
use crate::{
    projects::{pages::existing, queries::Project},
    web::{AppError, AppResult, Ids, Layout, OrgCtx, render},
};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    page: String,
}

impl ListQuery {
    fn page(&self) -> i64 {
        self.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000)
    }
    fn q(&self) -> String {
        self.q.chars().take(200).collect()
    }
}

fn pager(base: &str, q: &str, page: i64, total: i64) -> Pager {
    Pager::new(page, total, PAGE_SIZE, |p| {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        if !q.is_empty() {
            ser.append_pair("q", q);
        }
        ser.append_pair("page", &p.to_string());
        format!("{base}?{}", ser.finish())
    })
}

#[derive(Template)]
#[template(path = "projects/group_addresses.html")]
struct GaPage {
    l: Layout,
    p: Project,
    tab: Tab,
    rows: Vec<GaRow>,
    q: String,
    total: i64,
    pager: Pager,
}

pub async fn group_addresses(
    o: OrgCtx,
    Ids((_, pid)): Ids<(OrgId, ProjectId)>,
    Query(lq): Query<ListQuery>,
) -> AppResult<Response> {
    let p = existing(&o, pid).await?;
    let (q, page) = (lq.q(), lq.page());
    let (rows, total) =
        model::group_addresses(&o.viewer.state.db, o.org_id(), &p, &q, page).await?;
    let mut l = o.layout("projects", "projects.title");
    l.title = p.name.clone();
    let pager = pager(
        &o.path(&format!("/projects/{pid}/group-addresses")),
        &q,
        page,
        total,
    );
    render(&GaPage {
        l,
        p,
        tab: Tab::GroupAddresses,
        rows,
        q,
        total,
        pager,
    })
}

#[derive(Template)]
#[template(path = "projects/devices.html")]
struct DevicesPage {
    l: Layout,
    p: Project,
    tab: Tab,
    rooms: Vec<RoomRow>,
    rows: Vec<DeviceRow>,
    q: String,
    total: i64,
    pager: Pager,
}

pub async fn devices(
    o: OrgCtx,
    Ids((_, pid)): Ids<(OrgId, ProjectId)>,
    Query(lq): Query<ListQuery>,
) -> AppResult<Response> {
    let p = existing(&o, pid).await?;
    let (q, page) = (lq.q(), lq.page());
    let db = &o.viewer.state.db;
    let rooms = model::rooms(db, o.org_id(), pid).await?;
    let (rows, total) = model::devices(db, o.org_id(), &p, &q, page).await?;
    let mut l = o.layout("projects", "projects.title");
    l.title = p.name.clone();
    let pager = pager(
        &o.path(&format!("/projects/{pid}/devices")),
        &q,
        page,
        total,
    );
    render(&DevicesPage {
        l,
        p,
        tab: Tab::Devices,
        rooms,
        rows,
        q,
        total,
        pager,
    })
}

#[derive(Template)]
#[template(path = "projects/device.html")]
struct DevicePage {
    l: Layout,
    p: Project,
    tab: Tab,
    d: DeviceRow,
    description: String,
    objects: Vec<ObjectRow>,
}

pub async fn device(
    o: OrgCtx,
    Ids((_, pid, address)): Ids<(OrgId, ProjectId, String)>,
) -> AppResult<Response> {
    let p = existing(&o, pid).await?;
    let db = &o.viewer.state.db;
    let (d, description) = model::device(db, o.org_id(), pid, &address)
        .await?
        .ok_or(AppError::NotFound)?;
    let objects = model::objects(db, o.org_id(), pid, &address).await?;
    let mut l = o.layout("projects", "projects.title");
    l.title = format!("{} · {}", d.address, d.name);
    render(&DevicePage {
        l,
        p,
        tab: Tab::Devices,
        d,
        description,
        objects,
    })
}
