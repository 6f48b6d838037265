//! The organisation's home page (A3). Staff see the four tiles and recent activity; customer
//! users (C7) see their portal: the projects linked to their customer and what is in them.

use askama::Template;
use axum::{response::Response, routing::get};

use crate::{
    activity::{self, Entry},
    authz::{Action, Scope},
    db::Row,
    projects::queries::{self as projects, Filter, Project},
    types::{CustomerId, OrgId},
    web::routes::Routes,
    web::{AppResult, Layout, OrgCtx, render},
};

pub fn routes() -> Routes {
    Routes::new().org("/", get(dashboard))
}

pub struct Tile {
    pub label_key: &'static str,
    pub value: i64,
    pub href: Option<String>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    l: Layout,
    tiles: Vec<Tile>,
    activity: Vec<Entry>,
    /// Customer users: their customer's name and projects (first page).
    portal: Option<(String, Vec<Project>, i64)>,
}

async fn dashboard(o: OrgCtx) -> AppResult<Response> {
    o.remember_as_last().await?;
    match o.require(Action::ViewProjects)? {
        Scope::Organisation => staff(o).await,
        _ => portal(o).await,
    }
}

async fn staff(o: OrgCtx) -> AppResult<Response> {
    let pool = &o.viewer.state.db.pool;
    let org = o.org_id();
    let row = sqlx::query(
        "SELECT o.project_count, o.customer_count, \
         (SELECT COUNT(*) FROM memberships m WHERE m.org_id = o.id AND m.customer_id IS NULL) \
         FROM organisations o WHERE o.id = $1",
    )
    .bind(org)
    .fetch_one(pool)
    .await?;
    let (projects, customers, members): (i64, i64, i64) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    let tiles = vec![
        Tile {
            label_key: "dashboard.projects",
            value: projects,
            href: Some(o.path("/projects")),
        },
        Tile {
            label_key: "dashboard.customers",
            value: customers,
            href: o
                .require(Action::EditCustomers)
                .is_ok()
                .then(|| o.path("/customers")),
        },
        Tile {
            label_key: "dashboard.members",
            value: members,
            href: o
                .require(Action::AdministerOrg)
                .is_ok()
                .then(|| o.path("/members")),
        },
        // Service cases arrive with their feature; until then there are none open.
        Tile {
            label_key: "dashboard.open_cases",
            value: 0,
            href: None,
        },
    ];
    let activity = if o.require(Action::ViewActivity).is_ok() {
        activity::recent(pool, org, 15).await?
    } else {
        Vec::new()
    };
    render(&DashboardPage {
        l: o.layout("dashboard", "dashboard.title"),
        tiles,
        activity,
        portal: None,
    })
}

/// How many projects the portal's home lists before "all projects".
const PORTAL_PROJECTS: i64 = 10;

async fn portal(o: OrgCtx) -> AppResult<Response> {
    let pool = &o.viewer.state.db.pool;
    let seen = o.visibility(Action::ViewProjects)?;
    let customer = seen.customer().map_or(0, |c| c.0);
    let filter = Filter {
        q: "",
        status: None,
        customer: None,
    };
    let (mut list, total) =
        projects::list(&o.viewer.state.db, o.org_id(), seen, &filter, 1).await?;
    list.truncate(PORTAL_PROJECTS as usize);
    let now = o.viewer.state.clock.now();
    let name =
        crate::customers::queries::get(&o.viewer.state.db, now, o.org_id(), CustomerId(customer))
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
    let (devices, group_addresses) = linked_model_counts(pool, o.org_id(), customer).await?;
    let tiles = vec![
        Tile {
            label_key: "dashboard.your_projects",
            value: total,
            href: Some(o.path("/projects")),
        },
        Tile {
            label_key: "ets.devices",
            value: devices,
            href: None,
        },
        Tile {
            label_key: "ets.group_addresses",
            value: group_addresses,
            href: None,
        },
    ];
    render(&DashboardPage {
        l: o.layout("dashboard", "dashboard.portal_title"),
        tiles,
        activity: Vec::new(),
        portal: Some((name, list, total)),
    })
}

/// Devices and group addresses in all projects linked to one customer.
async fn linked_model_counts(
    pool: &sqlx::AnyPool,
    org: OrgId,
    customer: i64,
) -> AppResult<(i64, i64)> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(device_count), 0) AS BIGINT), \
         CAST(COALESCE(SUM(group_address_count), 0) AS BIGINT) \
         FROM projects WHERE org_id = $1 AND customer_id = $2",
    )
    .bind(org)
    .bind(customer)
    .fetch_one(pool)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}
