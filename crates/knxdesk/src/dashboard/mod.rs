//! The organisation's home page (A3). Staff see the four tiles and recent activity; customer
//! users (C7) see their portal: the projects linked to their customer and what is in them.

mod queries;

use askama::Template;
use axum::{response::Response, routing::get};

use crate::{
    activity::{self, Entry},
    authz::{Action, Scope},
    projects::queries::{self as projects, Filter, Project},
    types::CustomerId,
    web::routes::Routes,
    web::{AppResult, Layout, OrgCtx, render},
};

pub fn routes() -> Routes {
    Routes::new().org("/", get(dashboard))
}

/// One step of the getting-started checklist of a new organisation.
pub struct Step {
    pub label_key: &'static str,
    pub done: bool,
    /// Where to do it, for those who may.
    pub href: Option<String>,
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
    /// Shown until every step is done.
    steps: Vec<Step>,
    /// Customer users: their customer's name and projects (first page).
    portal: Option<(String, Vec<Project>, i64)>,
    /// Customer users: their open cases (first few) and how many there are.
    open_cases: Vec<crate::service::queries::Case>,
    open_case_count: i64,
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
    let queries::OrgCounts {
        projects,
        customers,
        members,
        ets_versions,
    } = queries::org_counts(pool, org).await?;
    // The contact came with the session's organisation.
    let contact = &o.org.contact;
    let has_contact = !contact.email.is_empty() || !contact.phone.is_empty();
    let may = |action| o.require(action).is_ok();
    let step = |label_key, done, action, path: &str| Step {
        label_key,
        done,
        href: may(action).then(|| o.path(path)),
    };
    let mut steps = vec![
        step(
            "dashboard.step_customer",
            customers > 0,
            Action::EditCustomers,
            "/customers/new",
        ),
        step(
            "dashboard.step_project",
            projects > 0,
            Action::EditProjects,
            "/projects/new",
        ),
        step(
            "dashboard.step_ets",
            ets_versions > 0,
            Action::EditProjects,
            "/projects",
        ),
        step(
            "dashboard.step_team",
            members > 1,
            Action::AdministerOrg,
            "/members",
        ),
        step(
            "dashboard.step_contact",
            has_contact,
            Action::AdministerOrg,
            "/settings",
        ),
    ];
    if steps.iter().all(|s| s.done) {
        steps.clear();
    }
    // Open and in progress, from the counts the database keeps per status.
    let open_cases: i64 = crate::db::read(
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM service_case_counts WHERE org_id = $1 AND status IN ('open', 'in_progress')",
    )
    .bind(org)
    .fetch_one(&o.viewer.state.db, |r| r.try_get("n"))
    .await?;
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
        Tile {
            label_key: "dashboard.open_cases",
            value: open_cases,
            href: Some(o.path("/service")),
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
        steps,
        portal: None,
        open_cases: Vec::new(),
        open_case_count: 0,
    })
}

/// How many projects the portal's home lists before "all projects".
const PORTAL_PROJECTS: i64 = 10;

async fn portal(o: OrgCtx) -> AppResult<Response> {
    let pool = &o.viewer.state.db.pool;
    let seen = o.visibility(Action::ViewProjects)?;
    let customer = seen.customer().unwrap_or(CustomerId(0));
    let filter = Filter {
        q: "",
        status: None,
        customer: None,
    };
    let (mut list, total) =
        projects::list(&o.viewer.state.db, o.org_id(), seen, &filter, 1).await?;
    list.truncate(PORTAL_PROJECTS as usize);
    let now = o.viewer.state.clock.now();
    let name = crate::customers::queries::get(&o.viewer.state.db, now, o.org_id(), customer)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let queries::LinkedModel {
        devices,
        group_addresses,
    } = queries::linked_model(pool, o.org_id(), customer).await?;
    let cases_seen = o.visibility(Action::OpenCases)?;
    let today = o.time().iso_day(now);
    let case_filter = crate::service::queries::Filter {
        q: "",
        status: crate::service::queries::StatusFilter::Active,
        priority: None,
        assignee: crate::service::queries::AssigneeFilter::Anyone,
        project: None,
        device: None,
        customer: None,
        due: crate::service::queries::DueFilter::Any,
        today: &today,
        sort: crate::service::queries::Sort::Updated,
    };
    let case_counts =
        crate::service::queries::counts(&o.viewer.state.db, o.org_id(), cases_seen, &case_filter)
            .await?;
    let (mut open_cases, open_case_count) = crate::service::queries::list(
        &o.viewer.state.db,
        o.org_id(),
        cases_seen,
        &case_filter,
        &case_counts,
        1,
    )
    .await?;
    open_cases.truncate(PORTAL_PROJECTS as usize);
    let tiles = vec![
        Tile {
            label_key: "dashboard.open_cases",
            value: open_case_count,
            href: Some(o.path("/service")),
        },
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
        steps: Vec::new(),
        portal: Some((name, list, total)),
        open_cases,
        open_case_count,
    })
}
