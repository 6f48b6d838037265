//! Browsing the parsed model (SPEC P4): rooms, devices with their objects, group addresses.
//! Each page is a constant number of queries, whatever the project's size.

use crate::projects::Tab;
use crate::web::Pager;
use askama::Template;
use axum::{extract::Query, response::Response};
use serde::Deserialize;

use super::model::{self, DeviceRow, GaRow, ListFilter, ObjectRow, PAGE_SIZE, RangeRow, RoomRow};
use crate::types::{GroupAddress, IndividualAddress, OrgId, ProjectId};
use crate::{
    authz::Action,
    projects::{pages::existing, queries::Project},
    web::{AppError, AppResult, Ids, Layout, OrgCtx, render},
};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    page: String,
    /// Group addresses: a range `from-to` of raw values (a main or middle group), or one
    /// address as ETS writes it (`ga=1/2/3`).
    range: String,
    ga: String,
    /// Devices: the position of a room in the building tree (its devices and its sub-rooms').
    room: String,
}

impl ListQuery {
    fn page(&self) -> i64 {
        self.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000)
    }
    fn q(&self) -> String {
        crate::types::query_text(&self.q)
    }
    /// The group address range asked for; anything unreadable is no range.
    fn range(&self) -> Option<(i64, i64)> {
        if let Some(ga) = GroupAddress::parse(&self.ga) {
            return Some((ga.raw(), ga.raw()));
        }
        let (a, b) = self.range.split_once('-')?;
        let (a, b) = (a.parse::<u16>().ok()?, b.parse::<u16>().ok()?);
        (a <= b).then_some((a as i64, b as i64))
    }
    fn room(&self) -> Option<usize> {
        self.room.parse().ok()
    }
}

/// Links of a list page: its filters kept, the page changed.
fn pager(base: &str, keep: &[(&str, String)], page: i64, total: i64) -> Pager {
    Pager::new(page, total, PAGE_SIZE, |p| {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in keep.iter().filter(|(_, v)| !v.is_empty()) {
            ser.append_pair(k, v);
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
    /// The project's main and middle groups (empty for versions read before they were kept).
    ranges: Vec<RangeRow>,
    range: Option<(i64, i64)>,
    /// The range as a query value (`from-to`), for the search form.
    range_param: String,
    q: String,
    total: i64,
    pager: Pager,
}

impl GaPage {
    fn base(&self) -> String {
        format!(
            "{}/projects/{}/group-addresses",
            self.l.org_root(),
            self.p.id
        )
    }

    fn is_current(&self, r: &RangeRow) -> bool {
        self.range == Some((r.start, r.end))
    }

    /// The chosen range lies inside `r` (its main group opens).
    fn within(&self, r: &RangeRow) -> bool {
        self.range.is_some_and(|(a, b)| r.start <= a && b <= r.end)
    }

    /// The name of the chosen range, as the list's heading says.
    fn range_name(&self) -> Option<String> {
        let (a, b) = self.range?;
        match self
            .ranges
            .iter()
            .rev()
            .find(|r| r.start == a && r.end == b)
        {
            Some(r) => Some(format!("{} {}", r.label(), r.name)),
            None if a == b => Some(
                self.rows
                    .first()
                    .map(|g| format!("{} {}", g.address, g.name))
                    .unwrap_or_default(),
            ),
            None => None,
        }
    }
}

pub async fn group_addresses(
    o: OrgCtx,
    Ids((_, pid)): Ids<(OrgId, ProjectId)>,
    Query(lq): Query<ListQuery>,
) -> AppResult<Response> {
    let p = existing(&o, pid).await?;
    let (q, page, range) = (lq.q(), lq.page(), lq.range());
    let db = &o.viewer.state.db;
    let ranges = model::group_ranges(db, o.org_id(), pid).await?;
    let filter = ListFilter {
        q: &q,
        range,
        ..Default::default()
    };
    let (rows, total) = model::group_addresses(db, o.org_id(), &p, &filter, page).await?;
    let mut l = o.layout("projects", "projects.title");
    l.title = p.name.clone();
    let range_param = range.map(|(a, b)| format!("{a}-{b}")).unwrap_or_default();
    let pager = pager(
        &o.path(&format!("/projects/{pid}/group-addresses")),
        &[("q", q.clone()), ("range", range_param.clone())],
        page,
        total,
    );
    render(&GaPage {
        l,
        p,
        tab: Tab::GroupAddresses,
        rows,
        ranges,
        range,
        range_param,
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
    /// The room whose devices are listed (its position in `rooms`).
    room: Option<usize>,
    rows: Vec<DeviceRow>,
    q: String,
    total: i64,
    pager: Pager,
    /// Staff may create the project's service codes here, and print their labels.
    can_edit: bool,
    stocks: [crate::codes::labels::Stock; 3],
    /// Equipment added by hand: (id, name, manufacturer, product, room).
    equipment: Vec<(crate::types::DeviceId, String, String, String, String)>,
}

impl DevicesPage {
    fn base(&self) -> String {
        format!("{}/projects/{}/devices", self.l.org_root(), self.p.id)
    }

    fn is_room(&self, index: &usize) -> bool {
        self.room == Some(*index)
    }

    fn room_name(&self) -> Option<&str> {
        self.rooms.get(self.room?).map(|r| r.name.as_str())
    }
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
    let room = lq.room().filter(|r| *r < rooms.len());
    let within = room.map(|r| model::devices_within(&rooms, r));
    let filter = ListFilter {
        q: &q,
        addresses: within.as_deref(),
        ..Default::default()
    };
    let (rows, total) = model::devices(db, o.org_id(), &p, &filter, page).await?;
    let mut l = o.layout("projects", "projects.title");
    l.title = p.name.clone();
    let pager = pager(
        &o.path(&format!("/projects/{pid}/devices")),
        &[
            ("q", q.clone()),
            ("room", room.map(|r| r.to_string()).unwrap_or_default()),
        ],
        page,
        total,
    );
    let equipment = crate::devices::equipment::of_project(db, o.org_id(), pid).await?;
    render(&DevicesPage {
        can_edit: o.require(Action::EditProjects).is_ok(),
        stocks: crate::codes::labels::Stock::ALL,
        equipment,
        l,
        p,
        tab: Tab::Devices,
        rooms,
        room,
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
    /// The device's row, for "New case on this device".
    device_id: i64,
    /// Its open service cases (the first few) and how many there are.
    cases: Vec<crate::service::queries::Case>,
    open_cases: i64,
    today: String,
    code: Option<crate::codes::card::CodeCard>,
    photos: Vec<crate::devices::photos::Photo>,
    can_edit: bool,
}

pub async fn device(
    o: OrgCtx,
    Ids((_, pid, address)): Ids<(OrgId, ProjectId, String)>,
) -> AppResult<Response> {
    let p = existing(&o, pid).await?;
    let address = IndividualAddress::parse(&address).ok_or(AppError::NotFound)?;
    let address = address.as_str();
    let db = &o.viewer.state.db;
    let (d, description) = model::device(db, o.org_id(), pid, address)
        .await?
        .ok_or(AppError::NotFound)?;
    let objects = model::objects(db, o.org_id(), pid, address).await?;
    let device = model::device_id(db, o.org_id(), pid, address)
        .await?
        .ok_or(AppError::NotFound)?;
    let device_id = device.0;
    let (cases, open_cases, today) = crate::service::list::device_cases(&o, pid, device_id).await?;
    let can_edit = o.require(Action::EditProjects).is_ok();
    let code = crate::codes::card::of_device(&o, device).await?;
    let photos = crate::devices::photos::of_device(db, o.org_id(), device).await?;
    let mut l = o.layout("projects", "projects.title");
    l.title = format!("{} · {}", d.address, d.name);
    render(&DevicePage {
        l,
        p,
        tab: Tab::Devices,
        d,
        description,
        objects,
        device_id,
        cases,
        open_cases,
        today,
        code,
        photos,
        can_edit,
    })
}
