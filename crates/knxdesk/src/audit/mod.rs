//! The organisation's activity log (SPEC A4) for administrators: every change, who made it and
//! when, filtered by who, kind, project and dates, paged, and exported as CSV.

mod queries;

use askama::Template;
use axum::{
    extract::Query,
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;

use crate::{
    authz::Action,
    types::{ProjectId, UserId},
    web::{AppResult, Layout, OrgCtx, Pager, render, routes::Routes},
};
use queries::{Entry, Filter, PAGE_SIZE};

pub fn routes() -> Routes {
    Routes::new()
        .org("/activity", get(index))
        .org("/activity/export", get(export))
}

/// Kinds of change, each the actions it covers (the names `activity::record` is given).
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Projects,
    Service,
    Customers,
    Team,
    Organisation,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Projects,
        Kind::Service,
        Kind::Customers,
        Kind::Team,
        Kind::Organisation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Projects => "projects",
            Kind::Service => "service",
            Kind::Customers => "customers",
            Kind::Team => "team",
            Kind::Organisation => "organisation",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Kind::Projects => "audit.kind.projects",
            Kind::Service => "audit.kind.service",
            Kind::Customers => "audit.kind.customers",
            Kind::Team => "audit.kind.team",
            Kind::Organisation => "audit.kind.organisation",
        }
    }

    fn actions(self) -> &'static [&'static str] {
        match self {
            Kind::Projects => &[
                "project_created",
                "project_updated",
                "project_status_changed",
                "project_customer_linked",
                "project_customer_unlinked",
                "ets_uploaded",
            ],
            Kind::Service => &[
                "case_created",
                "case_updated",
                "case_status_changed",
                "case_commented",
                "case_noted",
            ],
            Kind::Customers => &[
                "customer_created",
                "customer_updated",
                "customer_deleted",
                "customer_invited",
                "customer_invitation_resent",
                "customer_invitation_revoked",
                "customer_access_removed",
                "customer_joined",
            ],
            Kind::Team => &[
                "member_invited",
                "invitation_resent",
                "invitation_revoked",
                "member_joined",
                "member_role_changed",
                "member_removed",
                "owner_changed",
            ],
            Kind::Organisation => &["org_created", "org_settings_changed"],
        }
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct LogQuery {
    who: String,
    kind: String,
    project: String,
    from: String,
    to: String,
    page: String,
}

impl LogQuery {
    fn kind(&self) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == self.kind)
    }

    /// The filter; unreadable parts are ignored (the form shows what applies). Dates are the
    /// viewer's days (`time`), so "to 1 Dec" ends at their midnight.
    fn filter(&self, time: &crate::clock::LocalTime) -> Filter {
        Filter {
            actor: self.who.parse().ok().map(UserId),
            actions: self.kind().map(Kind::actions),
            project: self.project.parse().ok().map(ProjectId),
            from: time.day_start(&self.from),
            // The next day's start: a day with a clock change is not 24 hours long.
            before: time
                .day_start(&self.to)
                .and_then(|t| time.day_start(&time.next_day(t))),
        }
    }

    fn page(&self) -> i64 {
        self.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000)
    }

    /// The query string of these filters (pages and the export keep them).
    fn encoded(&self) -> String {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("who", &self.who),
            ("kind", &self.kind),
            ("project", &self.project),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.is_empty() {
                ser.append_pair(k, v);
            }
        }
        ser.finish()
    }
}

#[derive(Template)]
#[template(path = "audit/index.html")]
struct LogPage {
    l: Layout,
    q: LogQuery,
    entries: Vec<Entry>,
    total: i64,
    pager: Pager,
    actors: Vec<(UserId, String)>,
    projects: Vec<(ProjectId, String)>,
    kinds: [Kind; 5],
    export: String,
}

async fn index(o: OrgCtx, Query(q): Query<LogQuery>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let db = &o.viewer.state.db;
    let page = q.page();
    let (entries, total) = queries::page(
        db,
        o.org_id(),
        &q.filter(&o.time()),
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    .await?;
    let filters = q.encoded();
    let base = o.path("/activity");
    let pager = Pager::new(page, total, PAGE_SIZE, |p| {
        let sep = if filters.is_empty() { "" } else { "&" };
        format!("{base}?{filters}{sep}page={p}")
    });
    let export = format!(
        "{}{}{}",
        o.path("/activity/export"),
        if filters.is_empty() { "" } else { "?" },
        filters
    );
    render(&LogPage {
        l: o.layout("activity", "audit.title"),
        actors: queries::actors(db, o.org_id()).await?,
        projects: queries::projects(db, o.org_id()).await?,
        kinds: Kind::ALL,
        q,
        entries,
        total,
        pager,
        export,
    })
}

/// The most rows one export holds.
const EXPORT_MAX: i64 = 100_000;

async fn export(o: OrgCtx, Query(q): Query<LogQuery>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let (t, time) = (o.t(), o.time());
    let (entries, _) = queries::page(
        &o.viewer.state.db,
        o.org_id(),
        &q.filter(&o.time()),
        EXPORT_MAX,
        0,
    )
    .await?;
    let cell = knxproj::export::csv_cell;
    let mut csv = String::from("\u{feff}");
    let header = ["audit.when", "audit.who", "audit.what", "audit.project"].map(|k| cell(t.get(k)));
    csv.push_str(&header.join(";"));
    csv.push_str("\r\n");
    for e in &entries {
        let what = e.text(t);
        let project = e.project.as_ref().map(|(_, n)| n.as_str()).unwrap_or("");
        let row = [
            cell(&time.format(e.at)),
            cell(&e.actor),
            cell(&what),
            cell(project),
        ];
        csv.push_str(&row.join(";"));
        csv.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                crate::web::attachment("activity-log.csv"),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        csv,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_kinds() {
        let utc = crate::clock::LocalTime {
            zone: crate::clock::Zone::utc(),
            lang: crate::i18n::Lang::En,
        };
        assert_eq!(utc.day_start("2026-12-02"), Some(1_796_169_600));
        assert_eq!(utc.day_start("2026-13-02"), None);
        assert_eq!(utc.day_start(""), None);
        // Every action a kind names has a text in the catalogue.
        for k in Kind::ALL {
            for a in k.actions() {
                assert!(
                    crate::i18n::Lang::En
                        .catalog()
                        .has(&format!("activity.{a}")),
                    "{a}"
                );
            }
        }
    }
}
