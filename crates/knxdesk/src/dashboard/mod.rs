//! The organisation's dashboard (A3): tiles and recent activity.

use askama::Template;
use axum::{Router, response::Response, routing::get};

use crate::{
    activity::{self, Entry},
    app::AppState,
    authz::Action,
    db::Row,
    web::{AppResult, Layout, OrgCtx, render},
};

pub fn routes() -> Router<AppState> {
    Router::new().route("/o/{org_id}/", get(dashboard))
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
}

async fn dashboard(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::ViewProjects)?;
    let pool = &o.viewer.state.db.pool;
    let members: i64 =
        sqlx::query("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND customer_id IS NULL")
            .bind(o.org_id().0)
            .fetch_one(pool)
            .await?
            .try_get(0)?;
    // Projects, customers and service cases arrive with their features; until then they count 0.
    let tiles = vec![
        Tile {
            label_key: "dashboard.projects",
            value: 0,
            href: None,
        },
        Tile {
            label_key: "dashboard.customers",
            value: 0,
            href: None,
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
            value: 0,
            href: None,
        },
    ];
    let activity = if o.org.role.is_staff() {
        activity::recent(pool, o.org_id(), 15).await?
    } else {
        Vec::new()
    };
    render(&DashboardPage {
        l: o.layout("dashboard", "dashboard.title"),
        tiles,
        activity,
    })
}
