//! Browsing the parsed model (SPEC P4): rooms, devices with their objects, group addresses.
//! Each page is a constant number of queries, whatever the project's size.

use crate::web::Pager;
use askama::Template;
use axum::{extract::Query, response::Response};
use serde::Deserialize;

use crate::types::{OrgId, ProjectId};
use crate::{
    customers::queries::like_pattern,
    db::{ReadRow, read},
    projects::{pages::existing, queries::Project},
    web::{AppError, AppResult, Ids, Layout, OrgCtx, render},
};

pub const PAGE_SIZE: i64 = 100;

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

/// A paged list of one model table of a project.
struct Listing {
    table: &'static str,
    cols: &'static str,
    /// Columns a search looks through.
    search: &'static [&'static str],
    /// The unfiltered total, kept on the project by the import job.
    total: fn(&Project) -> i64,
}

const GROUP_ADDRESSES: Listing = Listing {
    table: "project_group_addresses",
    cols: "address, name, dpt, description, data_secure, devices",
    search: &["address", "name", "description", "dpt"],
    total: |p| p.group_address_count,
};

const DEVICES: Listing = Listing {
    table: "project_devices",
    cols: "address, name, manufacturer, product, order_number, room",
    search: &[
        "address",
        "name",
        "manufacturer",
        "product",
        "order_number",
        "room",
    ],
    total: |p| p.device_count,
};

/// Runs `SELECT cols FROM table WHERE project_id = $1 [AND search]` in list order (the import
/// numbers the rows: `position`) for a page, and counts the matches (only when searching:
/// otherwise the project knows its totals).
async fn page_rows<T>(
    o: &OrgCtx,
    list: &Listing,
    p: &Project,
    q: &str,
    page: i64,
    map: impl FnMut(&ReadRow) -> Result<T, sqlx::Error>,
) -> AppResult<(Vec<T>, i64)> {
    let (table, cols) = (list.table, list.cols);
    let project = p.id;
    let db = &o.viewer.state.db;
    let filter = if q.trim().is_empty() {
        String::new()
    } else {
        let ors: Vec<String> = list
            .search
            .iter()
            .map(|c| format!("LOWER({c}) LIKE $3 ESCAPE '\\'"))
            .collect();
        format!(" AND ({})", ors.join(" OR "))
    };
    let pattern = like_pattern(q);
    let total: i64 = if filter.is_empty() {
        (list.total)(p)
    } else {
        let count_sql =
            format!("SELECT COUNT(*) FROM {table} WHERE project_id = $1 AND org_id = $2{filter}");
        read(&count_sql)
            .bind(project)
            .bind(o.org_id())
            .bind(&pattern)
            .fetch_one(db, |r| r.try_get(0))
            .await?
    };
    // Unfiltered, page N starts at position (N - 1) * PAGE_SIZE: an index range, whatever N.
    let sql = if filter.is_empty() {
        format!(
            "SELECT {cols} FROM {table} WHERE project_id = $1 AND org_id = $2 AND position >= $4 \
             ORDER BY position LIMIT $3"
        )
    } else {
        format!(
            "SELECT {cols} FROM {table} WHERE project_id = $1 AND org_id = $2{filter} \
             ORDER BY position LIMIT $4 OFFSET $5"
        )
    };
    let mut rq = read(&sql).bind(project).bind(o.org_id());
    if !filter.is_empty() {
        rq = rq.bind(&pattern);
    }
    let rows = rq
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(db, map)
        .await?;
    Ok((rows, total))
}

pub struct GaRow {
    pub address: String,
    pub name: String,
    pub dpt: String,
    pub description: String,
    pub data_secure: bool,
    /// Individual addresses of the linked devices, separated by spaces (as stored).
    pub devices: String,
}

#[derive(Template)]
#[template(path = "projects/group_addresses.html")]
struct GaPage {
    l: Layout,
    p: Project,
    tab: &'static str,
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
    let (rows, total) = page_rows(&o, &GROUP_ADDRESSES, &p, &q, page, |r| {
        Ok(GaRow {
            address: r.try_get(0)?,
            name: r.try_get(1)?,
            dpt: r.try_get(2)?,
            description: r.try_get(3)?,
            data_secure: r.try_get::<i64>(4)? != 0,
            devices: r.try_get(5)?,
        })
    })
    .await?;
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
        tab: "group-addresses",
        rows,
        q,
        total,
        pager,
    })
}

pub struct DeviceRow {
    pub address: String,
    pub name: String,
    pub manufacturer: String,
    pub product: String,
    pub order_number: String,
    pub room: String,
}

impl DeviceRow {
    /// From `address, name, manufacturer, product, order_number, room` (in that order).
    fn from_row(r: &ReadRow) -> Result<DeviceRow, sqlx::Error> {
        Ok(DeviceRow {
            address: r.try_get(0)?,
            name: r.try_get(1)?,
            manufacturer: r.try_get(2)?,
            product: r.try_get(3)?,
            order_number: r.try_get(4)?,
            room: r.try_get(5)?,
        })
    }
}

pub struct RoomRow {
    pub depth: i64,
    pub name: String,
    pub space_type: String,
    pub number: String,
    pub usage_text: String,
    pub devices: usize,
}

#[derive(Template)]
#[template(path = "projects/devices.html")]
struct DevicesPage {
    l: Layout,
    p: Project,
    tab: &'static str,
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
    let rooms = read(
        "SELECT depth, name, space_type, number, usage_text, devices FROM project_rooms WHERE project_id = $1 AND org_id = $2 ORDER BY position",
    )
    .bind(pid)
    .bind(o.org_id())
    .fetch_all(&o.viewer.state.db, |r| {
        Ok(RoomRow {
            depth: r.try_get(0)?,
            name: r.try_get(1)?,
            space_type: r.try_get(2)?,
            number: r.try_get(3)?,
            usage_text: r.try_get(4)?,
            devices: r.try_get::<String>(5)?.split_whitespace().count(),
        })
    })
    .await?;
    let (rows, total) = page_rows(&o, &DEVICES, &p, &q, page, DeviceRow::from_row).await?;
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
        tab: "devices",
        rooms,
        rows,
        q,
        total,
        pager,
    })
}

pub struct ObjectRow {
    pub number: i64,
    pub name: String,
    pub text: String,
    pub function_text: String,
    pub dpts: String,
    pub object_size: String,
    pub flags: String,
    pub group_addresses: Vec<String>,
}

#[derive(Template)]
#[template(path = "projects/device.html")]
struct DevicePage {
    l: Layout,
    p: Project,
    tab: &'static str,
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
    let (d, description) = read(
        "SELECT address, name, manufacturer, product, order_number, room, description FROM project_devices \
         WHERE project_id = $1 AND org_id = $2 AND address = $3",
    )
    .bind(pid)
    .bind(o.org_id())
    .bind(&address)
    .fetch_optional(db, |r| Ok((DeviceRow::from_row(r)?, r.try_get::<String>(6)?)))
    .await?
    .ok_or(AppError::NotFound)?;
    let objects = read(
        "SELECT number, name, text, function_text, dpts, object_size, flags, group_addresses FROM project_device_objects \
         WHERE project_id = $1 AND org_id = $2 AND device_address = $3 ORDER BY number, id",
    )
    .bind(pid)
    .bind(o.org_id())
    .bind(&address)
    .fetch_all(db, |r| {
        Ok(ObjectRow {
            number: r.try_get(0)?,
            name: r.try_get(1)?,
            text: r.try_get(2)?,
            function_text: r.try_get(3)?,
            dpts: r.try_get(4)?,
            object_size: r.try_get(5)?,
            flags: r.try_get(6)?,
            group_addresses: r.try_get::<String>(7)?.split_whitespace().map(str::to_string).collect(),
        })
    })
    .await?;
    let mut l = o.layout("projects", "projects.title");
    l.title = format!("{} · {}", d.address, d.name);
    render(&DevicePage {
        l,
        p,
        tab: "devices",
        d,
        description,
        objects,
    })
}
