//! The views of many cases (S2): the organisation's Service list, the kanban board, and a
//! project's Service tab. Filters and sorting live in the URL, so a view can be bookmarked.

use askama::Template;
use axum::{
    extract::{Form, Query},
    response::Response,
};
use serde::Deserialize;

use super::{
    Priority, Status,
    case_page::{existing, move_case},
    queries::{self, AssigneeFilter, Card, Case, DueFilter, Filter, PAGE_SIZE, Sort, StatusFilter},
    view_cache,
};
use crate::{
    authz::{Action, Visibility},
    projects::{Tab, pages::tab_layout, queries::Project},
    types::{CaseNumber, CustomerId, OrgId, ProjectId, UserId},
    web::{AppResult, Ids, Layout, OrgCtx, Pager, render, render_part},
};

/// Cards per board column (the rest are a click away in the list).
pub const BOARD_CARDS: i64 = 50;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ListQuery {
    pub q: String,
    pub status: String,
    pub priority: String,
    /// `me`, `nobody` or a user id.
    pub assignee: String,
    pub project: String,
    pub customer: String,
    /// `due` or `overdue`.
    pub due: String,
    pub sort: String,
    pub page: String,
}

/// The query with its values checked; what the filter form shows again.
struct Parsed {
    q: String,
    status: StatusFilter,
    priority: Option<Priority>,
    assignee: AssigneeFilter,
    assignee_raw: String,
    project: Option<ProjectId>,
    customer: Option<CustomerId>,
    due: DueFilter,
    sort: Sort,
    page: i64,
}

impl Parsed {
    fn of(o: &OrgCtx, lq: &ListQuery) -> Parsed {
        let assignee = match lq.assignee.as_str() {
            "me" => AssigneeFilter::User(o.user_id()),
            "nobody" => AssigneeFilter::Nobody,
            other => other
                .parse::<i64>()
                .map_or(AssigneeFilter::Anyone, |u| AssigneeFilter::User(UserId(u))),
        };
        Parsed {
            q: crate::types::query_text(&lq.q),
            status: StatusFilter::parse(&lq.status),
            priority: Priority::parse(&lq.priority),
            assignee_raw: match assignee {
                AssigneeFilter::Anyone => String::new(),
                _ => lq.assignee.clone(),
            },
            assignee,
            project: lq.project.parse::<i64>().ok().map(ProjectId),
            customer: lq.customer.parse::<i64>().ok().map(CustomerId),
            due: match lq.due.as_str() {
                "due" => DueFilter::Due,
                "overdue" => DueFilter::Overdue,
                _ => DueFilter::Any,
            },
            sort: Sort::parse(&lq.sort),
            page: lq.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000),
        }
    }

    fn filter<'a>(&'a self, today: &'a str) -> Filter<'a> {
        Filter {
            q: &self.q,
            status: self.status,
            priority: self.priority,
            assignee: self.assignee,
            project: self.project,
            device: None,
            customer: self.customer,
            due: self.due,
            today,
            sort: self.sort,
        }
    }

    /// The query string of this view (without the page), for links that keep it.
    fn query(&self, with_status: bool) -> String {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        let project = self.project.map(|p| p.to_string()).unwrap_or_default();
        let customer = self.customer.map(|c| c.to_string()).unwrap_or_default();
        let due = match self.due {
            DueFilter::Any => "",
            DueFilter::Due => "due",
            DueFilter::Overdue => "overdue",
        };
        let status = if with_status && self.status != StatusFilter::Active {
            self.status.as_str()
        } else {
            ""
        };
        let sort = if self.sort == Sort::Updated {
            ""
        } else {
            self.sort.as_str()
        };
        for (k, v) in [
            ("q", self.q.as_str()),
            ("status", status),
            ("priority", self.priority.map_or("", Priority::as_str)),
            ("assignee", self.assignee_raw.as_str()),
            ("project", project.as_str()),
            ("customer", customer.as_str()),
            ("due", due),
            ("sort", sort),
        ] {
            if !v.is_empty() {
                ser.append_pair(k, v);
            }
        }
        ser.finish()
    }
}

/// What the filter bar offers (staff see every filter; customer users the ones about their cases).
struct Choices {
    staff: Vec<(UserId, String)>,
    projects: Vec<(ProjectId, String)>,
}

async fn choices(o: &OrgCtx, seen: Visibility) -> AppResult<Choices> {
    let db = &o.viewer.state.db;
    Ok(Choices {
        staff: if seen == Visibility::All {
            queries::staff(db, o.org_id()).await?
        } else {
            Vec::new()
        },
        projects: queries::project_choices(db, o.org_id(), seen).await?,
    })
}

#[derive(Template)]
#[template(path = "service/index_body.html")]
struct IndexBody<'a> {
    l: &'a Layout,
    cases: Vec<Case>,
    total: i64,
    counts: Vec<(Status, i64)>,
    pager: Pager,
    today: String,
    view: ViewForm,
    staff: Vec<(UserId, String)>,
    projects: Vec<(ProjectId, String)>,
    statuses: [Status; 4],
    priorities: [Priority; 4],
    sorts: [Sort; 5],
    is_staff: bool,
    /// The view's query string without status and page (the status chips keep the rest).
    base_query: String,
    action: String,
    show_status: bool,
    show_sort: bool,
}

/// The filter form's values as the page shows them again.
struct ViewForm {
    q: String,
    status: String,
    priority: String,
    assignee: String,
    project: String,
    due: String,
    sort: String,
    filtered: bool,
}

impl ViewForm {
    fn of(p: &Parsed) -> ViewForm {
        ViewForm {
            q: p.q.clone(),
            status: p.status.as_str().into(),
            priority: p.priority.map_or("", Priority::as_str).into(),
            assignee: p.assignee_raw.clone(),
            project: p.project.map(|p| p.to_string()).unwrap_or_default(),
            due: match p.due {
                DueFilter::Any => "",
                DueFilter::Due => "due",
                DueFilter::Overdue => "overdue",
            }
            .into(),
            sort: p.sort.as_str().into(),
            filtered: !p.q.is_empty()
                || p.priority.is_some()
                || p.assignee != AssigneeFilter::Anyone
                || p.project.is_some()
                || p.customer.is_some()
                || p.due != DueFilter::Any,
        }
    }
}

pub async fn index(o: OrgCtx, Query(lq): Query<ListQuery>) -> AppResult<Response> {
    let seen = o.visibility(Action::OpenCases)?;
    let parsed = Parsed::of(&o, &lq);
    let time = o.time();
    let today = time.iso_day(o.viewer.state.clock.now());
    let l = o.layout("service", "service.title");
    let query = parsed.query(true);
    let view = format!("{query}&page={}", parsed.page);
    let body = view_cache::body(&o, "list", &view, &time, &today, async || {
        let filter = parsed.filter(&today);
        let db = &o.viewer.state.db;
        let counts = queries::counts(db, o.org_id(), seen, &filter).await?;
        let (cases, total) =
            queries::list(db, o.org_id(), seen, &filter, &counts, parsed.page).await?;
        let url = |p: i64| {
            let sep = if query.is_empty() { "" } else { "&" };
            o.path(&format!("/service?{query}{sep}page={p}"))
        };
        let ch = choices(&o, seen).await?;
        render_part(&IndexBody {
            l: &l,
            pager: Pager::new(parsed.page, total, PAGE_SIZE, url),
            cases,
            total,
            counts,
            today: today.clone(),
            view: ViewForm::of(&parsed),
            staff: ch.staff,
            projects: ch.projects,
            statuses: Status::ALL,
            priorities: Priority::ALL,
            sorts: Sort::ALL,
            is_staff: seen == Visibility::All,
            base_query: parsed.query(false),
            action: o.path("/service"),
            show_status: true,
            show_sort: true,
        })
    })
    .await?;
    view_cache::page(l, &body, None)
}

#[derive(Template)]
#[template(path = "service/board_body.html")]
struct BoardBody<'a> {
    l: &'a Layout,
    columns: Vec<(Status, i64, Vec<Card>)>,
    today: String,
    view: ViewForm,
    staff: Vec<(UserId, String)>,
    projects: Vec<(ProjectId, String)>,
    priorities: [Priority; 4],
    statuses: [Status; 4],
    list_query: String,
    action: String,
    show_status: bool,
    show_sort: bool,
    sorts: [Sort; 5],
}

/// The kanban board: one column per status, the first cards of each, counts per column.
pub async fn board(o: OrgCtx, Query(lq): Query<ListQuery>) -> AppResult<Response> {
    o.require(Action::ManageCases)?;
    let seen = o.visibility(Action::OpenCases)?;
    let parsed = Parsed::of(&o, &lq);
    let time = o.time();
    let today = time.iso_day(o.viewer.state.clock.now());
    let l = o.layout("service", "service.board");
    let view = parsed.query(true);
    let body = view_cache::body(&o, "board", &view, &time, &today, async || {
        let filter = parsed.filter(&today);
        let db = &o.viewer.state.db;
        let counts = queries::counts(db, o.org_id(), seen, &filter).await?;
        let mut cards = queries::board(db, o.org_id(), seen, &filter, &counts, BOARD_CARDS).await?;
        let columns = counts
            .into_iter()
            .map(|(status, n)| {
                let (column, rest) = cards.drain(..).partition(|c: &Card| c.status == status);
                cards = rest;
                (status, n, column)
            })
            .collect();
        let ch = choices(&o, seen).await?;
        render_part(&BoardBody {
            l: &l,
            columns,
            today: today.clone(),
            view: ViewForm::of(&parsed),
            staff: ch.staff,
            projects: ch.projects,
            priorities: Priority::ALL,
            statuses: Status::ALL,
            list_query: parsed.query(false),
            action: o.path("/service/board"),
            show_status: false,
            show_sort: false,
            sorts: Sort::ALL,
        })
    })
    .await?;
    view_cache::page(l, &body, Some("board-move"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MoveForm {
    /// `<number>:<status>`, as the card's buttons and a drop send it.
    pub r#move: String,
    pub number: String,
    pub status: String,
}

/// A card dropped on a column (or moved with its buttons): a status change like any other.
pub async fn board_move(o: OrgCtx, Form(f): Form<MoveForm>) -> AppResult<Response> {
    o.require(Action::ManageCases)?;
    let (number, status) = match f.r#move.split_once(':') {
        Some((n, s)) => (n.to_string(), s.to_string()),
        None => (f.number, f.status),
    };
    let Ok(number) = number.trim().parse::<i64>().map(CaseNumber) else {
        return Err(crate::web::AppError::NotFound);
    };
    let c = existing(&o, number).await?;
    move_case(&o, &c, &status, &o.path("/service/board")).await
}

#[derive(Template)]
#[template(path = "service/project_tab.html")]
struct ProjectTab {
    l: Layout,
    p: Project,
    tab: Tab,
    cases: Vec<Case>,
    counts: Vec<(Status, i64)>,
    pager: Pager,
    today: String,
    status: String,
    can_edit: bool,
    /// Staff: whether they hear of every new case here.
    can_watch: bool,
    watching: bool,
}

/// A project's cases, by status.
pub async fn project_tab(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, ProjectId)>,
    Query(lq): Query<ListQuery>,
) -> AppResult<Response> {
    let p = crate::projects::pages::existing(&o, id).await?;
    let seen = o.visibility(Action::OpenCases)?;
    let mut parsed = Parsed::of(&o, &lq);
    parsed.project = Some(id);
    parsed.customer = None;
    let today = o.time().iso_day(o.viewer.state.clock.now());
    let filter = parsed.filter(&today);
    let db = &o.viewer.state.db;
    let counts = queries::counts(db, o.org_id(), seen, &filter).await?;
    let (cases, total) = queries::list(db, o.org_id(), seen, &filter, &counts, parsed.page).await?;
    let status = parsed.status.as_str().to_string();
    let url = |n: i64| o.path(&format!("/projects/{id}/service?status={status}&page={n}"));
    render(&ProjectTab {
        l: tab_layout(&o, &p),
        tab: Tab::Service,
        pager: Pager::new(parsed.page, total, PAGE_SIZE, url),
        cases,
        counts,
        today,
        status: status.clone(),
        can_edit: o.require(Action::EditProjects).is_ok(),
        can_watch: o.require(Action::ManageCases).is_ok(),
        watching: o.require(Action::ManageCases).is_ok()
            && super::watch::watches(db, "project_watchers", "project_id", id.0, o.user_id())
                .await?,
        p,
    })
}

/// A device's open cases (the first page) and how many, for its page in the project.
pub async fn device_cases(
    o: &OrgCtx,
    project: ProjectId,
    device: i64,
) -> AppResult<(Vec<Case>, i64, String)> {
    let seen = o.visibility(Action::OpenCases)?;
    let today = o.time().iso_day(o.viewer.state.clock.now());
    let filter = Filter {
        q: "",
        status: StatusFilter::Active,
        priority: None,
        assignee: AssigneeFilter::Anyone,
        project: Some(project),
        device: Some(crate::types::DeviceId(device)),
        customer: None,
        due: DueFilter::Any,
        today: &today,
        sort: Sort::Updated,
    };
    let db = &o.viewer.state.db;
    let counts = queries::counts(db, o.org_id(), seen, &filter).await?;
    let (cases, total) = queries::list(db, o.org_id(), seen, &filter, &counts, 1).await?;
    Ok((cases, total, today))
}
