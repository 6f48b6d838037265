//! The service dashboard (M1): a company's KPIs for its own people, the same for the
//! integrator per customer, and the integrator's own across the organisation. Open cases,
//! cases opened and resolved per month (12 months, a bar chart drawn as SVG on the server:
//! no script, prints, reads on a phone), median times to the team's first public answer and to
//! resolution, open cases by priority, the devices with most cases, service codes scanned per
//! month; the numbers as CSV.
//!
//! The page's body is kept under the organisation's view version like the Service pages (it
//! changes with cases): between changes a viewer's dashboard is computed once.

use askama::Template;
use axum::{
    http::header,
    response::{IntoResponse, Response},
};

use crate::{
    authz::{Action, Visibility},
    clock::Timestamp,
    db::{Db, Where},
    service::{Priority, view_cache},
    types::{CustomerId, OrgId},
    web::{AppError, AppResult, Ids, Layout, OrgCtx, render_part},
};

/// One month of the chart.
pub struct Month {
    pub label: String,
    pub opened: i64,
    pub resolved: i64,
}

pub struct Kpis {
    pub open: i64,
    pub by_priority: Vec<(Priority, i64)>,
    pub months: Vec<Month>,
    /// Hours, over the cases of the 12 months.
    pub median_first_response: Option<f64>,
    pub median_resolution: Option<f64>,
    pub top_devices: Vec<(String, i64)>,
}

/// Cases of the organisation, or of one customer's projects: those by the cases' project
/// index (a customer's 5,000 of 100,000 cases are read, not the others).
fn cases_of(seen: Visibility, org: OrgId) -> (&'static str, Where) {
    // A customer's projects are of its organisation: the list needs no second org binding,
    // and uncorrelated it is read once.
    let w = Where::default().and("s.org_id = ?", org).and_some(
        "s.project_id IN (SELECT p.id FROM projects p WHERE p.customer_id = ?)",
        seen.customer(),
    );
    ("service_cases s", w)
}

fn median(mut v: Vec<i64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    let secs = if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    };
    Some(secs / 3600.0)
}

/// One case as the figures read it, from the `service_cases_figures` index alone.
struct FigureRow {
    created: i64,
    resolved: Option<i64>,
    answered: Option<i64>,
    active: bool,
    priority: i64,
    device: Option<(i64, String)>,
}

pub async fn kpis(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    months: &[(Timestamp, String)],
    end: Timestamp,
) -> Result<Kpis, sqlx::Error> {
    let (from, w) = cases_of(seen, org);
    let since = months.first().map_or(end, |(ts, _)| *ts);
    // One pass over the cases (a customer's by their projects): everything below is counted
    // from these rows.
    let sql = format!(
        "SELECT s.created_at, s.resolved_at, s.first_answer_at, s.status, s.priority, s.device_id, \
         s.device_label FROM {from} WHERE {}",
        w.sql()
    );
    let rows = w
        .read(&sql)
        .fetch_all(db, |r| {
            let device: Option<i64> = r.try_get("device_id")?;
            let label: String = r.try_get("device_label")?;
            Ok(FigureRow {
                created: r.try_get("created_at")?,
                resolved: r.try_get("resolved_at")?,
                answered: r.try_get("first_answer_at")?,
                active: crate::service::Status::parse(&r.try_get::<String>("status")?)
                    .is_some_and(|s| s.is_active()),
                priority: r.try_get("priority")?,
                device: device.map(|d| (d, label)),
            })
        })
        .await?;
    Ok(count(&rows, months, since, end))
}

/// The figures of `rows`: open cases by priority (now), and of the months from `since` to
/// `end` what was opened and resolved, the medians, the devices with most cases.
fn count(rows: &[FigureRow], months: &[(Timestamp, String)], since: i64, end: i64) -> Kpis {
    let mut by_priority: Vec<(Priority, i64)> = Priority::ALL.iter().map(|p| (*p, 0)).collect();
    let slot = |ts: i64| -> Option<usize> {
        if ts < since || ts >= end {
            return None;
        }
        months.iter().rposition(|(start, _)| *start <= ts)
    };
    let mut chart: Vec<Month> = months
        .iter()
        .map(|(_, label)| Month {
            label: label.clone(),
            opened: 0,
            resolved: 0,
        })
        .collect();
    let (mut resolution, mut first_response) = (Vec::new(), Vec::new());
    // Per device: its cases and the label of its newest one (a renamed device counts once).
    let mut devices: std::collections::HashMap<i64, (i64, i64, &str)> = Default::default();
    for row in rows {
        if row.active {
            let p = Priority::from_rank(row.priority);
            if let Some(slot) = by_priority.iter_mut().find(|(q, _)| *q == p) {
                slot.1 += 1;
            }
        }
        if let Some(i) = slot(row.created) {
            chart[i].opened += 1;
        }
        if let Some(r) = row.resolved
            && let Some(i) = slot(r)
        {
            chart[i].resolved += 1;
            resolution.push((r - row.created).max(0));
        }
        if row.created >= since {
            if let Some(a) = row.answered {
                first_response.push((a - row.created).max(0));
            }
            if let Some((id, label)) = &row.device {
                let d = devices.entry(*id).or_insert((0, i64::MIN, label));
                d.0 += 1;
                if row.created >= d.1 {
                    (d.1, d.2) = (row.created, label);
                }
            }
        }
    }
    let mut top_devices: Vec<(String, i64)> = devices
        .into_values()
        .map(|(n, _, label)| (label.to_string(), n))
        .collect();
    top_devices.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top_devices.truncate(5);
    Kpis {
        open: by_priority.iter().map(|(_, n)| n).sum(),
        by_priority,
        months: chart,
        median_first_response: median(first_response),
        median_resolution: median(resolution),
        top_devices,
    }
}

/// The bars of the chart, computed for the template: (x, height) of opened and of resolved,
/// per month, in a 600 × 180 box whose top is the busiest month.
pub struct Bar {
    pub x: f64,
    pub opened_h: f64,
    pub resolved_h: f64,
    pub label: String,
    pub opened: i64,
    pub resolved: i64,
}

/// The charts' box: 600 wide, one slot per month, bars up to 150 high for the busiest month.
struct Scale {
    step: f64,
    busiest: f64,
}

impl Scale {
    fn new(months: usize, busiest: i64) -> Scale {
        Scale {
            step: 600.0 / months.max(1) as f64,
            busiest: busiest.max(1) as f64,
        }
    }

    /// Where month `i`'s slot starts.
    fn x(&self, i: usize) -> f64 {
        i as f64 * self.step
    }

    fn height(&self, n: i64) -> f64 {
        (n as f64 / self.busiest * 150.0).round()
    }
}

fn bars(months: &[Month]) -> Vec<Bar> {
    let busiest = months.iter().map(|m| m.opened.max(m.resolved)).max();
    let scale = Scale::new(months.len(), busiest.unwrap_or(0));
    months
        .iter()
        .enumerate()
        .map(|(i, m)| Bar {
            x: scale.x(i) + 6.0,
            opened_h: scale.height(m.opened),
            resolved_h: scale.height(m.resolved),
            label: m.label.clone(),
            opened: m.opened,
            resolved: m.resolved,
        })
        .collect()
}

/// The scans chart's bars: (x, height) per month in the same box as the cases chart.
pub struct ScanBar {
    pub x: f64,
    pub h: f64,
    pub label: String,
    pub n: i64,
}

fn scan_bars(months: &[(Timestamp, String)], scans: &[i64]) -> Vec<ScanBar> {
    let scale = Scale::new(months.len(), scans.iter().copied().max().unwrap_or(0));
    months
        .iter()
        .zip(scans)
        .enumerate()
        .map(|(i, ((_, label), n))| ScanBar {
            x: scale.x(i) + 10.0,
            h: scale.height(*n),
            label: label.clone(),
            n: *n,
        })
        .collect()
}

/// Codes scanned per month: counted apart from the cases (codes/scans.rs) and drawn on every
/// request, so the kept part need not change with every scan.
#[derive(Template)]
#[template(path = "company/scans.html")]
struct ScansCard<'a> {
    l: &'a Layout,
    bars: Vec<ScanBar>,
    total: i64,
}

#[derive(Template)]
#[template(path = "company/dashboard.html")]
struct DashboardBody<'a> {
    l: &'a Layout,
    /// Whose: the customer's name, or empty for the organisation.
    whose: String,
    k: Kpis,
    bars: Vec<Bar>,
    csv: String,
}

impl DashboardBody<'_> {
    /// A median in hours, or in days from two days on, in the viewer's number format.
    fn hours(&self, h: &Option<f64>) -> String {
        let t = &self.l.t;
        match h {
            None => "–".into(),
            Some(h) if *h < 48.0 => t.fmt1("dashboard_kpi.hours", "count", &t.number(*h, 1)),
            Some(h) => t.fmt1("dashboard_kpi.days", "count", &t.number(h / 24.0, 1)),
        }
    }
}

/// What a dashboard is of: the organisation, or one customer.
async fn page(o: &OrgCtx, seen: Visibility, whose: String, csv: String) -> AppResult<Response> {
    let time = o.time();
    let now = o.viewer.state.clock.now();
    let today = time.iso_day(now);
    let l = o.layout("dashboard-kpi", "dashboard_kpi.title");
    let view = match seen.customer() {
        Some(c) => format!("customer={c}"),
        None => "org".into(),
    };
    let (months, end) = time.months(now, 12);
    let body = view_cache::body(o, "kpis", &view, &time, &today, async || {
        let k = kpis(&o.viewer.state.db, o.org_id(), seen, &months, end).await?;
        render_part(&DashboardBody {
            l: &l,
            whose,
            bars: bars(&k.months),
            k,
            csv,
        })
    })
    .await?;
    let scans = scans_per_month(o, seen, &months, end).await?;
    let card = render_part(&ScansCard {
        l: &l,
        total: scans.iter().sum(),
        bars: scan_bars(&months, &scans),
    })?;
    view_cache::page(l, &format!("{body}{card}"), None)
}

/// A customer user's own company.
pub async fn own(o: OrgCtx) -> AppResult<Response> {
    let seen = o.visibility(Action::OpenCases)?;
    let Visibility::Customer(c) = seen else {
        return Err(AppError::NotFound);
    };
    let name = customer_name(&o, c).await?;
    page(&o, seen, name, o.path("/kpis.csv")).await
}

/// The integrator's view of one customer.
pub async fn of_customer(o: OrgCtx, Ids((_, id)): Ids<(OrgId, CustomerId)>) -> AppResult<Response> {
    o.require(Action::ManageCases)?;
    let name = customer_name(&o, id).await?;
    page(
        &o,
        Visibility::Customer(id),
        name,
        o.path(&format!("/customers/{id}/kpis.csv")),
    )
    .await
}

/// The integrator's own, across the organisation.
pub async fn of_org(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::ManageCases)?;
    page(
        &o,
        Visibility::All,
        String::new(),
        o.path("/service/kpis.csv"),
    )
    .await
}

async fn scans_per_month(
    o: &OrgCtx,
    seen: Visibility,
    months: &[(Timestamp, String)],
    end: Timestamp,
) -> AppResult<Vec<i64>> {
    let starts: Vec<Timestamp> = months.iter().map(|(ts, _)| *ts).collect();
    Ok(crate::codes::scans::per_month(
        &o.viewer.state.db,
        o.org_id(),
        seen.customer(),
        &starts,
        end,
    )
    .await?)
}

async fn customer_name(o: &OrgCtx, id: CustomerId) -> AppResult<String> {
    crate::db::read("SELECT name FROM customers WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(o.org_id())
        .fetch_optional(&o.viewer.state.db, |r| r.try_get("name"))
        .await?
        .ok_or(AppError::NotFound)
}

/// The numbers as CSV: one row per month, then the other figures.
async fn csv(o: &OrgCtx, seen: Visibility, name: &str) -> AppResult<Response> {
    let time = o.time();
    let (months, end) = time.months(o.viewer.state.clock.now(), 12);
    let k = kpis(&o.viewer.state.db, o.org_id(), seen, &months, end).await?;
    let scans = scans_per_month(o, seen, &months, end).await?;
    let t = o.t();
    let mut out = format!(
        "\"{}\";\"{}\";\"{}\";\"{}\"\r\n",
        t.get("dashboard_kpi.month"),
        t.get("dashboard_kpi.opened"),
        t.get("dashboard_kpi.resolved"),
        t.get("dashboard_kpi.scans")
    );
    for (m, n) in k.months.iter().zip(&scans) {
        out.push_str(&format!(
            "\"{}\";{};{};{n}\r\n",
            m.label, m.opened, m.resolved
        ));
    }
    out.push_str(&format!(
        "\"{}\";{}\r\n",
        t.get("dashboard_kpi.open"),
        k.open
    ));
    for (label, v) in [
        ("dashboard_kpi.first_response_h", k.median_first_response),
        ("dashboard_kpi.resolution_h", k.median_resolution),
    ] {
        let v = v.map(|h| format!("{h:.1}")).unwrap_or_default();
        out.push_str(&format!("\"{}\";{v}\r\n", t.get(label)));
    }
    let file = format!(
        "knxdesk-kpis-{}.csv",
        if name.is_empty() {
            "organisation"
        } else {
            "customer"
        }
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, crate::web::attachment(&file)),
        ],
        out,
    )
        .into_response())
}

pub async fn own_csv(o: OrgCtx) -> AppResult<Response> {
    let seen = o.visibility(Action::OpenCases)?;
    let Visibility::Customer(c) = seen else {
        return Err(AppError::NotFound);
    };
    let name = customer_name(&o, c).await?;
    csv(&o, seen, &name).await
}

pub async fn customer_csv(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, CustomerId)>,
) -> AppResult<Response> {
    o.require(Action::ManageCases)?;
    let name = customer_name(&o, id).await?;
    csv(&o, Visibility::Customer(id), &name).await
}

pub async fn org_csv(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::ManageCases)?;
    csv(&o, Visibility::All, "").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_bars() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![7200, 3600, 10800]), Some(2.0));
        assert_eq!(median(vec![3600, 7200]), Some(1.5));
        let b = bars(&[
            Month {
                label: "a".into(),
                opened: 2,
                resolved: 1,
            },
            Month {
                label: "b".into(),
                opened: 0,
                resolved: 0,
            },
        ]);
        assert_eq!(
            (b[0].opened_h, b[0].resolved_h, b[1].opened_h),
            (150.0, 75.0, 0.0)
        );
    }

    #[test]
    fn one_pass_counts_the_months_the_medians_and_the_devices() {
        let h = 3600;
        let months = vec![(1000 * h, "m1".to_string()), (2000 * h, "m2".to_string())];
        let row = |created, resolved, answered, active, device: Option<(i64, &str)>| FigureRow {
            created,
            resolved,
            answered,
            active,
            priority: 2,
            device: device.map(|(id, l)| (id, l.to_string())),
        };
        let rows = [
            // Before the months: it is open now, and nothing else of it counts.
            row(10 * h, None, Some(11 * h), true, Some((7, "Old name"))),
            row(
                1001 * h,
                Some(1003 * h),
                Some(1002 * h),
                false,
                Some((7, "Dimmer")),
            ),
            row(
                2001 * h,
                Some(2005 * h),
                None,
                false,
                Some((7, "Dimmer hall")),
            ),
            row(2002 * h, None, Some(2006 * h), true, Some((3, "Blinds"))),
            row(2003 * h, None, None, true, None),
        ];
        let k = count(&rows, &months, 1000 * h, 3000 * h);
        assert_eq!(k.open, 3);
        let per_month: Vec<(i64, i64)> = k.months.iter().map(|m| (m.opened, m.resolved)).collect();
        assert_eq!(per_month, [(1, 1), (3, 1)]);
        assert_eq!(k.median_resolution, Some(3.0), "2 h and 4 h");
        assert_eq!(
            k.median_first_response,
            Some(2.5),
            "1 h and 4 h; the old case not"
        );
        assert_eq!(
            k.top_devices,
            [("Dimmer hall".to_string(), 2), ("Blinds".to_string(), 1)],
            "a renamed device counts once, by its newest case's label"
        );
    }
}
