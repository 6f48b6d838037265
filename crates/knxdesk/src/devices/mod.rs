//! The organisation's Devices page (SPEC D1): the current devices of every project the viewer
//! may see, with their service code and open cases, filtered by project, customer,
//! manufacturer, code and open cases, searched through the devices' index, paged by index.

pub mod equipment;
pub mod photos;
pub mod queries;

use askama::Template;
use axum::{extract::Query, response::Response, routing::get};
use serde::Deserialize;

use crate::{
    authz::{Action, Visibility},
    search::Terms,
    types::{CustomerId, DeviceId, ProjectId},
    web::{AppResult, Layout, OrgCtx, Pager, render_part, routes::Routes},
};

pub fn routes() -> Routes {
    Routes::new()
        .org("/devices", get(index))
        .merge(equipment::routes())
}

/// A device's page inside the organisation (relative to `/o/{org}`): by its individual address
/// for a device from ETS, by its id for equipment added by hand (which has none).
pub fn page_path(project: ProjectId, address: &str, id: DeviceId) -> String {
    if address.is_empty() {
        format!("/projects/{project}/equipment/{id}")
    } else {
        format!("/projects/{project}/devices/{address}")
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DevicesQuery {
    pub q: String,
    pub project: String,
    pub customer: String,
    pub manufacturer: String,
    /// `yes` or `no`.
    pub code: String,
    /// `open`: devices with open cases.
    pub cases: String,
    pub page: String,
}

#[derive(Template)]
#[template(path = "devices/body.html")]
struct DevicesPage<'a> {
    l: &'a Layout,
    rows: Vec<queries::DeviceRow>,
    total: i64,
    pager: Pager,
    q: DevicesQuery,
    projects: Vec<(ProjectId, String)>,
    customers: Vec<(CustomerId, String)>,
    is_staff: bool,
    filtered: bool,
}

impl DevicesPage<'_> {
    /// The query string of the list of one manufacturer's devices.
    fn by_manufacturer(&self, name: &str) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("manufacturer", name)
            .finish()
    }
}

/// The page's body is kept under the organisation's view version, like the Service pages
/// (see `service/view_cache.rs`): between changes, a viewer's page is rendered once.
pub async fn index(o: OrgCtx, Query(q): Query<DevicesQuery>) -> AppResult<Response> {
    let seen = o.visibility(Action::ViewProjects)?;
    let time = o.time();
    let today = time.iso_day(o.viewer.state.clock.now());
    let l = o.layout("devices", "devices.title");
    let view = serde_urlencoded::to_string([
        ("q", q.q.as_str()),
        ("project", q.project.as_str()),
        ("customer", q.customer.as_str()),
        ("manufacturer", q.manufacturer.as_str()),
        ("code", q.code.as_str()),
        ("cases", q.cases.as_str()),
        ("page", q.page.as_str()),
    ])
    .unwrap_or_default();
    let body = crate::service::view_cache::body(&o, "devices", &view, &time, &today, async || {
        render_body(&o, &l, seen, q).await
    })
    .await?;
    crate::service::view_cache::page(l, &body, None)
}

async fn render_body(
    o: &OrgCtx,
    l: &Layout,
    seen: Visibility,
    q: DevicesQuery,
) -> AppResult<String> {
    let db = &o.viewer.state.db;
    let text = crate::types::query_text(&q.q);
    let filter = queries::Filter {
        terms: Terms::parse(&text),
        project: q.project.parse().ok().map(ProjectId),
        customer: q.customer.parse().ok().map(CustomerId),
        manufacturer: q.manufacturer.trim(),
        code: match q.code.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        open_cases: q.cases == "open",
    };
    let page = q.page.parse::<i64>().unwrap_or(1).clamp(1, 100_000);
    let (rows, total) = queries::page(db, o.org_id(), seen, &filter, page).await?;
    let filtered = filter.narrows();
    let keep = [
        ("q", text.as_str()),
        ("project", q.project.as_str()),
        ("customer", q.customer.as_str()),
        ("manufacturer", filter.manufacturer),
        ("code", q.code.as_str()),
        ("cases", q.cases.as_str()),
    ];
    let base = o.path("/devices");
    let pager = Pager::new(page, total, queries::PAGE_SIZE, |p| {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in keep.iter().filter(|(_, v)| !v.is_empty()) {
            ser.append_pair(k, v);
        }
        ser.append_pair("page", &p.to_string());
        format!("{base}?{}", ser.finish())
    });
    let is_staff = seen == Visibility::All;
    let projects = crate::service::queries::project_choices(db, o.org_id(), seen).await?;
    let customers = if is_staff {
        queries::customers(db, o.org_id()).await?
    } else {
        Vec::new()
    };
    render_part(&DevicesPage {
        l,
        rows,
        total,
        pager,
        q: DevicesQuery { q: text, ..q },
        projects,
        customers,
        is_staff,
        filtered,
    })
}
