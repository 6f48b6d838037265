//! Global search (SPEC A3): projects, customers, devices, group addresses, service cases and
//! members of one organisation, from every page (Ctrl+K / ⌘K) and as a page of its own without
//! JavaScript (`/o/{org}/search?q=`). Results are scoped as the pages are: a customer user finds their
//! own projects and what is in them, nothing else.

pub mod documents;
mod index;
mod queries;
pub mod reindex;
pub mod text;

use askama::Template;
use axum::{extract::Query, response::Response, routing::get};
use serde::Deserialize;

pub use index::Index;
pub use text::Terms;

use crate::{
    authz::{Action, Role},
    web::{AppResult, Layout, OrgCtx, render, routes::Routes},
};
use queries::Search;

pub fn routes() -> Routes {
    Routes::new()
        .org("/search", get(page))
        .org("/search/results", get(results))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

impl SearchQuery {
    fn q(&self) -> String {
        crate::types::query_text(&self.q)
    }
}

/// One result: what it is, a line about it, where it leads.
pub struct Hit {
    pub title: String,
    pub detail: String,
    pub href: String,
}

/// The results of one kind.
pub struct Group {
    pub label_key: &'static str,
    pub hits: Vec<Hit>,
    /// More matched than are shown.
    pub more: bool,
    /// A list page that shows all matches of this kind, where there is one.
    pub all: Option<String>,
}

/// The palette under the search field shows a few per kind; the page more.
const IN_PALETTE: usize = 5;
const ON_PAGE: usize = 20;

fn encoded(q: &str) -> String {
    form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

async fn find(o: &OrgCtx, q: &str, per_group: usize) -> AppResult<Vec<Group>> {
    let Some(terms) = Terms::parse(q) else {
        return Ok(Vec::new());
    };
    // Six kinds, up to seven statements: one read transaction for all of them.
    let db = &o.viewer.state.db.snapshot()?;
    let t = o.t();
    let s = Search {
        org: o.org_id(),
        seen: o.visibility(Action::ViewProjects)?,
        terms: &terms,
        exact: q,
        limit: per_group as i64 + 1,
    };
    let mut groups = Vec::new();
    let mut group = |label_key, hits: Vec<Hit>, all: Option<String>| {
        if !hits.is_empty() {
            let more = hits.len() > per_group;
            groups.push(Group {
                label_key,
                hits: hits.into_iter().take(per_group).collect(),
                more,
                all,
            });
        }
    };
    let q_param = encoded(q);

    let projects = queries::projects(db, &s).await?;
    group(
        "search.projects",
        projects
            .into_iter()
            .map(|p| Hit {
                href: o.path(&format!("/projects/{}", p.id)),
                detail: details([p.building, p.customer]),
                title: p.name,
            })
            .collect(),
        Some(o.path(&format!("/projects?q={q_param}"))),
    );
    if o.require(Action::EditCustomers).is_ok() {
        let customers = queries::customers(db, &s).await?;
        group(
            "search.customers",
            customers
                .into_iter()
                .map(|c| Hit {
                    href: o.path(&format!("/customers/{}/edit", c.id)),
                    detail: details([c.company, c.email]),
                    title: c.name,
                })
                .collect(),
            Some(o.path(&format!("/customers?q={q_param}"))),
        );
    }
    let devices = queries::devices(db, &s).await?;
    group(
        "search.devices",
        devices
            .into_iter()
            .map(|d| Hit {
                href: o.path(&crate::devices::page_path(d.project, &d.address, d.id)),
                title: crate::service::queries::device_label(&d.address, &d.name),
                detail: details([d.product, d.project_name]),
            })
            .collect(),
        None,
    );
    let gas = queries::group_addresses(db, &s).await?;
    group(
        "search.group_addresses",
        gas.into_iter()
            .map(|g| Hit {
                href: o.path(&format!(
                    "/projects/{}/group-addresses?ga={}",
                    g.project,
                    encoded(&g.address)
                )),
                title: format!("{} {}", g.address, g.name),
                detail: details([crate::ets::dpt::label(&g.dpt, t), g.project_name]),
            })
            .collect(),
        None,
    );
    if let Ok(seen) = o.visibility(Action::OpenCases) {
        let cases = crate::service::queries::found(db, o.org_id(), seen, q, s.limit).await?;
        group(
            "search.cases",
            cases
                .into_iter()
                .map(|c| Hit {
                    href: o.path(&format!("/service/{}", c.number)),
                    title: format!("#{} {}", c.number, c.title),
                    detail: details([t.get(c.status.label_key()).to_string(), c.project_name]),
                })
                .collect(),
            Some(o.path(&format!("/service?status=all&q={q_param}"))),
        );
    }
    if o.require(Action::AdministerOrg).is_ok() {
        let members = queries::members(db, &s).await?;
        group(
            "search.members",
            members
                .into_iter()
                .map(|m| Hit {
                    href: o.path("/members"),
                    detail: match Role::parse(&m.role) {
                        Some(r) => format!("{} · {}", m.email, t.get(r.label_key())),
                        None => m.email,
                    },
                    title: m.name,
                })
                .collect(),
            None,
        );
    }
    Ok(groups)
}

#[derive(Template)]
#[template(path = "search/page.html")]
struct SearchPage {
    l: Layout,
    q: String,
    groups: Vec<Group>,
    page_link: String,
    /// "3 results", for screen readers.
    summary: String,
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct SearchResults {
    l: Layout,
    q: String,
    groups: Vec<Group>,
    page_link: String,
    /// "3 results", for screen readers.
    summary: String,
}

fn summary(o: &OrgCtx, groups: &[Group]) -> String {
    let n: usize = groups.iter().map(|g| g.hits.len()).sum();
    o.t().fmt1("search.results_count", "count", &n.to_string())
}

async fn page(o: OrgCtx, Query(sq): Query<SearchQuery>) -> AppResult<Response> {
    let q = sq.q();
    let groups = find(&o, &q, ON_PAGE).await?;
    render(&SearchPage {
        summary: summary(&o, &groups),
        groups,
        page_link: String::new(),
        l: o.layout("search", "search.title"),
        q,
    })
}

/// The palette's results (the same groups as the page, fewer of each), as an HTML fragment the
/// page script puts under the search field.
async fn results(o: OrgCtx, Query(sq): Query<SearchQuery>) -> AppResult<Response> {
    let q = sq.q();
    let groups = find(&o, &q, IN_PALETTE).await?;
    render(&SearchResults {
        summary: summary(&o, &groups),
        groups,
        page_link: o.path(&format!("/search?q={}", encoded(&q))),
        l: o.layout("search", "search.title"),
        q,
    })
}

/// A hit's second line: its non-empty parts, joined.
fn details<const N: usize>(parts: [String; N]) -> String {
    parts
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}
