//! Service case queries; every one is bound to the organisation, and every read of cases takes
//! the viewer's [`Visibility`] (a customer user sees the cases of their customer's projects).

use super::status::{DueDate, Priority, Status};
use crate::{
    authz::Visibility,
    clock::Timestamp,
    db::{Db, ReadRow, Tx, Where, read},
    search::{Index, Terms},
    types::{CaseId, CaseNumber, CustomerId, DeviceId, OrgId, ProjectId, UserId},
};

pub const PAGE_SIZE: i64 = 50;

#[derive(Clone, Debug)]
pub struct Case {
    pub id: CaseId,
    pub number: CaseNumber,
    pub project_id: ProjectId,
    pub project_name: String,
    pub customer_id: Option<CustomerId>,
    pub customer_name: String,
    pub device_id: Option<DeviceId>,
    pub device_label: String,
    /// Where the device page is (empty when the device is gone from the current model).
    pub device_address: String,
    pub title: String,
    pub description: String,
    pub priority: Priority,
    pub status: Status,
    pub assignee: Option<UserId>,
    pub assignee_name: String,
    /// `YYYY-MM-DD` or empty.
    pub due_on: String,
    /// Empty for a case reported through a service code (nobody with an account opened it).
    pub created_by_name: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub resolved: Option<Timestamp>,
    /// Who reported it through a service code (empty fields otherwise).
    pub reporter: Reporter,
}

impl Case {
    /// Due before `today` (the viewer's calendar day) and still open.
    pub fn is_overdue(&self, today: &str) -> bool {
        overdue(self.status, &self.due_on, today)
    }
}

/// Due (`YYYY-MM-DD`, or empty for no date) before `today` and still open.
fn overdue(status: Status, due_on: &str, today: &str) -> bool {
    status.is_active() && !due_on.is_empty() && due_on < today
}

/// How a case names its device: `1.1.5 Dimmer` (the address alone when it has no name).
pub fn device_label(address: &str, name: &str) -> String {
    format!("{address} {name}").trim().to_string()
}

const COLUMNS: &str = "s.id, s.number, s.project_id, p.name AS project_name, p.customer_id, \
    COALESCE(c.name, '') AS customer_name, s.device_id, s.device_label, COALESCE(d.address, '') AS device_address, s.title, s.description, s.priority, \
    s.status, s.assignee_user_id, COALESCE(a.name, '') AS assignee_name, s.due_on, \
    COALESCE(cb.name, '') AS created_by_name, s.created_at, s.updated_at, s.resolved_at, \
    s.reporter_name, s.reporter_email, s.reporter_phone, s.reported_via_code";
/// What a row shows besides the case itself (joined to `s`).
const JOINS: &str = "JOIN projects p ON p.id = s.project_id AND p.org_id = s.org_id \
    LEFT JOIN customers c ON c.id = p.customer_id AND c.org_id = s.org_id \
    LEFT JOIN project_devices d ON d.id = s.device_id AND d.removed_in IS NULL \
    LEFT JOIN users a ON a.id = s.assignee_user_id LEFT JOIN users cb ON cb.id = s.created_by";

/// What a board card or a search hit shows: fewer joins than the list's rows.
const CARD_COLUMNS: &str = "s.id, s.number, s.project_id, p.name AS project_name, p.customer_id, \
    '' AS customer_name, s.device_id, s.device_label, '' AS device_address, s.title, '' AS description, s.priority, \
    s.status, s.assignee_user_id, COALESCE(a.name, '') AS assignee_name, s.due_on, \
    '' AS created_by_name, s.created_at, s.updated_at, s.resolved_at, \
    '' AS reporter_name, '' AS reporter_email, '' AS reporter_phone, s.reported_via_code";
const CARD_JOINS: &str = "JOIN projects p ON p.id = s.project_id AND p.org_id = s.org_id \
    LEFT JOIN users a ON a.id = s.assignee_user_id";

fn from_row(r: &ReadRow) -> Result<Case, sqlx::Error> {
    Ok(Case {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        project_id: r.try_get("project_id")?,
        project_name: r.try_get("project_name")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        device_id: r.try_get("device_id")?,
        device_label: r.try_get("device_label")?,
        device_address: r.try_get("device_address")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        priority: Priority::from_rank(r.try_get("priority")?),
        status: Status::parse(&r.try_get::<String>("status")?).unwrap_or(Status::Open),
        assignee: r.try_get("assignee_user_id")?,
        assignee_name: r.try_get("assignee_name")?,
        due_on: r.try_get("due_on")?,
        created_by_name: r.try_get("created_by_name")?,
        created: r.try_get("created_at")?,
        updated: r.try_get("updated_at")?,
        resolved: r.try_get("resolved_at")?,
        reporter: Reporter {
            name: r.try_get("reporter_name")?,
            email: r.try_get("reporter_email")?,
            phone: r.try_get("reporter_phone")?,
            via_code: r.try_get("reported_via_code")?,
        },
    })
}

/// Which statuses a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Open and in progress: what still needs work (the default).
    Active,
    One(Status),
    All,
}

impl StatusFilter {
    pub fn parse(s: &str) -> StatusFilter {
        match s {
            "all" => StatusFilter::All,
            other => Status::parse(other).map_or(StatusFilter::Active, StatusFilter::One),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StatusFilter::Active => "active",
            StatusFilter::One(s) => s.as_str(),
            StatusFilter::All => "all",
        }
    }

    fn statuses(self) -> Vec<&'static str> {
        match self {
            StatusFilter::Active => vec![Status::Open.as_str(), Status::InProgress.as_str()],
            StatusFilter::One(s) => vec![s.as_str()],
            StatusFilter::All => Status::ALL.iter().map(|s| s.as_str()).collect(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssigneeFilter {
    Anyone,
    Nobody,
    User(UserId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueFilter {
    Any,
    /// Has a due date.
    Due,
    /// Due before today and not done.
    Overdue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Updated,
    Created,
    Number,
    Priority,
    Due,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Updated,
        Sort::Created,
        Sort::Number,
        Sort::Priority,
        Sort::Due,
    ];

    pub fn parse(s: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .unwrap_or(Sort::Updated)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Updated => "updated",
            Sort::Created => "created",
            Sort::Number => "number",
            Sort::Priority => "priority",
            Sort::Due => "due",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Sort::Updated => "service.sort.updated",
            Sort::Created => "service.sort.created",
            Sort::Number => "service.sort.number",
            Sort::Priority => "service.sort.priority",
            Sort::Due => "service.sort.due",
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Sort::Updated => "s.updated_at DESC, s.id DESC",
            Sort::Created => "s.created_at DESC, s.id DESC",
            Sort::Number => "s.number DESC",
            Sort::Priority => "s.priority DESC, s.updated_at DESC, s.id DESC",
            // Soonest first; cases without a due date last.
            Sort::Due => "CASE WHEN s.due_on = '' THEN 1 ELSE 0 END, s.due_on, s.id",
        }
    }
}

pub struct Filter<'a> {
    pub q: &'a str,
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    pub assignee: AssigneeFilter,
    pub project: Option<ProjectId>,
    pub device: Option<DeviceId>,
    pub customer: Option<CustomerId>,
    pub due: DueFilter,
    /// The viewer's calendar day, for "overdue".
    pub today: &'a str,
    pub sort: Sort,
}

impl Filter<'_> {
    /// Where the filter's cases come from and the conditions of everything but the status.
    /// A text search starts from the index (only the matches are read); the projects are
    /// joined only when a customer limits the cases (through their projects' links).
    fn source(&self, db: &Db, org: OrgId, seen: Visibility) -> (String, Where) {
        let mut w = Where::default();
        let mut from = "service_cases s".to_string();
        if let Some(terms) = Terms::parse(self.q) {
            let d = Index::Cases.driven(db.backend, "s");
            from = d.from;
            w = w.and(&d.condition, terms.query(db.backend));
        }
        let customer = seen.customer().or(self.customer);
        if customer.is_some() {
            from.push_str(" JOIN projects p ON p.id = s.project_id AND p.org_id = s.org_id");
        }
        w = w
            .and("s.org_id = ?", org)
            .and_some("p.customer_id = ?", customer)
            .and_some("s.project_id = ?", self.project)
            .and_some("s.device_id = ?", self.device)
            .and_some("s.priority = ?", self.priority.map(Priority::rank));
        w = match self.assignee {
            AssigneeFilter::Anyone => w,
            AssigneeFilter::Nobody => w.and_fixed("s.assignee_user_id IS NULL"),
            AssigneeFilter::User(u) => w.and("s.assignee_user_id = ?", u),
        };
        let w = match self.due {
            DueFilter::Any => w,
            DueFilter::Due => w.and_fixed("s.due_on <> ''"),
            DueFilter::Overdue => w
                .and_fixed("s.due_on <> ''")
                .and("s.due_on < ?", self.today)
                .and_in("s.status", &StatusFilter::Active.statuses()),
        };
        (from, w)
    }

    /// Nothing narrows the list but the organisation and the statuses: counts come from
    /// `service_case_counts`.
    fn only_status(&self, seen: Visibility) -> bool {
        seen == Visibility::All
            && self.customer.is_none()
            && self.project.is_none()
            && self.device.is_none()
            && self.priority.is_none()
            && self.assignee == AssigneeFilter::Anyone
            && self.due == DueFilter::Any
            && Terms::parse(self.q).is_none()
    }
}

/// Cases per status for the filter (the board's column counts, the list's total).
pub async fn counts(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    f: &Filter<'_>,
) -> Result<Vec<(Status, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64)> = if f.only_status(seen) {
        read("SELECT status, n FROM service_case_counts WHERE org_id = $1")
            .bind(org)
            .fetch_all(db, |r| Ok((r.try_get("status")?, r.try_get("n")?)))
            .await?
    } else {
        let (from, w) = f.source(db, org, seen);
        let sql = format!(
            "SELECT s.status, COUNT(*) AS n FROM {from} WHERE {} GROUP BY s.status",
            w.sql()
        );
        w.read(&sql)
            .fetch_all(db, |r| Ok((r.try_get("status")?, r.try_get("n")?)))
            .await?
    };
    Ok(Status::ALL
        .into_iter()
        .map(|s| {
            let n = rows
                .iter()
                .find(|(status, _)| status == s.as_str())
                .map_or(0, |(_, n)| *n);
            (s, n)
        })
        .collect())
}

/// A page of cases for the filter, and the total; `counts` are the filter's [`counts`].
pub async fn list(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    f: &Filter<'_>,
    counts: &[(Status, i64)],
    page: i64,
) -> Result<(Vec<Case>, i64), sqlx::Error> {
    let statuses = f.status.statuses();
    let total = counts
        .iter()
        .filter(|(s, _)| statuses.contains(&s.as_str()))
        .map(|(_, n)| n)
        .sum();
    let cases = page_of(
        db,
        org,
        seen,
        f,
        &statuses,
        PAGE_SIZE,
        (page.max(1) - 1) * PAGE_SIZE,
    )
    .await?;
    Ok((cases, total))
}

/// A case as a board card shows it: what fits on the card and nothing else (a board reads 200).
#[derive(Clone, Debug)]
pub struct Card {
    pub number: CaseNumber,
    pub title: String,
    pub project_name: String,
    pub priority: Priority,
    pub status: Status,
    pub assignee_name: String,
    /// `YYYY-MM-DD` or empty.
    pub due_on: String,
}

impl Card {
    /// Due before `today` and still open (as [`Case::is_overdue`]).
    pub fn is_overdue(&self, today: &str) -> bool {
        overdue(self.status, &self.due_on, today)
    }
}

/// The first `limit` cards of every board column whose count is not 0, in one statement: each
/// column's ids from its index (one arm of a `UNION ALL`, the filter's placeholders shared by
/// all arms), then the cards' rows.
pub async fn board(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    f: &Filter<'_>,
    counts: &[(Status, i64)],
    limit: i64,
) -> Result<Vec<Card>, sqlx::Error> {
    let (from, w) = f.source(db, org, seen);
    let order = f.sort.order_by();
    let limit_at = w.bound() + 1;
    let arms: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        // A status is one of four fixed words, written into the statement as a literal.
        .map(|(status, _)| {
            let status = status.as_str();
            format!(
                "SELECT id FROM (SELECT s.id FROM {from} WHERE {} AND s.status = '{status}' \
                 ORDER BY {order} LIMIT ${limit_at}) col_{status}",
                w.sql()
            )
        })
        .collect();
    if arms.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT s.number, s.title, p.name AS project_name, s.priority, s.status, \
         COALESCE(a.name, '') AS assignee_name, s.due_on \
         FROM ({}) page JOIN service_cases s ON s.id = page.id {CARD_JOINS} ORDER BY {order}",
        arms.join(" UNION ALL ")
    );
    w.read(&sql)
        .bind(limit)
        .fetch_all(db, |r| {
            Ok(Card {
                number: r.try_get("number")?,
                title: r.try_get("title")?,
                project_name: r.try_get("project_name")?,
                priority: Priority::from_rank(r.try_get("priority")?),
                status: Status::parse(&r.try_get::<String>("status")?).unwrap_or(Status::Open),
                assignee_name: r.try_get("assignee_name")?,
                due_on: r.try_get("due_on")?,
            })
        })
        .await
}

async fn page_of(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    f: &Filter<'_>,
    statuses: &[&str],
    limit: i64,
    offset: i64,
) -> Result<Vec<Case>, sqlx::Error> {
    let (from, mut w) = f.source(db, org, seen);
    // Every status is no condition: the sort's index serves the order alone.
    if statuses.len() < Status::ALL.len() {
        w = w.and_in("s.status", statuses);
    }
    let n = w.bound();
    let order = f.sort.order_by();
    // The page's ids first, from the indexes alone where they can (the rows skipped by OFFSET
    // are never joined), then their rows.
    let sql = format!(
        "SELECT {COLUMNS} FROM (SELECT s.id FROM {from} WHERE {} ORDER BY {order} LIMIT ${} OFFSET ${}) page \
         JOIN service_cases s ON s.id = page.id {JOINS} ORDER BY {order}",
        w.sql(),
        n + 1,
        n + 2
    );
    w.read(&sql)
        .bind(limit)
        .bind(offset)
        .fetch_all(db, from_row)
        .await
}

/// Cases for the global search: the case numbered as typed (`#12`, `12`) first, then the
/// newest matches of the text index (in the index's order, so a common word stops at `limit`).
pub async fn found(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    q: &str,
    limit: i64,
) -> Result<Vec<Case>, sqlx::Error> {
    let mut cases = Vec::new();
    if let Ok(n) = q.trim_start_matches('#').parse::<i64>() {
        cases.extend(by_number(db, org, seen, CaseNumber(n)).await?);
    }
    let Some(terms) = Terms::parse(q) else {
        return Ok(cases);
    };
    let d = Index::Cases.driven(db.backend, "s");
    let mut from = d.from;
    if seen.customer().is_some() {
        from.push_str(" JOIN projects p ON p.id = s.project_id AND p.org_id = s.org_id");
    }
    let w = Where::default()
        .and(&d.condition, terms.query(db.backend))
        .and("s.org_id = ?", org)
        .and_some("p.customer_id = ?", seen.customer());
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM (SELECT s.id FROM {from} WHERE {} ORDER BY {} DESC LIMIT ${}) page \
         JOIN service_cases s ON s.id = page.id {CARD_JOINS} ORDER BY s.id DESC",
        w.sql(),
        d.order,
        w.bound() + 1
    );
    for c in w.read(&sql).bind(limit).fetch_all(db, from_row).await? {
        if !cases.iter().any(|x| x.id == c.id) {
            cases.push(c);
        }
    }
    cases.truncate(limit as usize);
    Ok(cases)
}

/// A case of the organisation by its number, if the viewer may see it.
pub async fn by_number(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    number: CaseNumber,
) -> Result<Option<Case>, sqlx::Error> {
    let w = Where::default()
        .and("s.org_id = ?", org)
        .and("s.number = ?", number)
        .and_some("p.customer_id = ?", seen.customer());
    let sql = format!(
        "SELECT {COLUMNS} FROM service_cases s {JOINS} WHERE {}",
        w.sql()
    );
    w.read(&sql).fetch_optional(db, from_row).await
}

/// A case as its form gives it, validated.
pub struct NewCase {
    pub project: ProjectId,
    pub device: Option<(DeviceId, String)>,
    pub title: String,
    pub description: String,
    pub priority: Priority,
    pub assignee: Option<UserId>,
    pub due: Option<DueDate>,
    /// From a template: the case's checklist.
    pub checklist: Vec<String>,
    /// Someone without an account who reported it through a service code.
    pub reporter: Option<Reporter>,
}

/// Who reported a case through a service code, as they typed it (the team's to see).
#[derive(Clone, Debug, Default)]
pub struct Reporter {
    pub name: String,
    pub email: String,
    pub phone: String,
    /// The code whose label it was reported at (`None`: opened by a member).
    pub via_code: Option<i64>,
}

impl Reporter {
    /// Reported at a device's label (not opened by a member).
    pub fn reported(&self) -> bool {
        self.via_code.is_some()
    }
}

/// Inserts the case as number `MAX + 1` of the organisation; `Err` with a unique violation when
/// another case took that number meanwhile (the caller retries).
pub async fn insert(
    tx: &mut Tx<'_>,
    org: OrgId,
    by: Option<UserId>,
    now: i64,
    c: &NewCase,
) -> Result<(CaseId, CaseNumber), sqlx::Error> {
    let next: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM service_cases WHERE org_id = $1",
    )
    .bind(org)
    .fetch_one(&mut **tx)
    .await?;
    let (device, label) = match &c.device {
        Some((id, label)) => (Some(*id), label.as_str()),
        None => (None, ""),
    };
    let id: CaseId = sqlx::query_scalar(
        "INSERT INTO service_cases (org_id, number, project_id, device_id, device_label, title, description, priority, status, \
         assignee_user_id, due_on, created_by, created_at, updated_at, search_text, reporter_name, reporter_email, reporter_phone, \
         reported_via_code) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, $12, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(org)
    .bind(next)
    .bind(c.project)
    .bind(device)
    .bind(label)
    .bind(&c.title)
    .bind(&c.description)
    .bind(c.priority.rank())
    .bind(c.assignee)
    .bind(c.due.as_ref().map_or("", DueDate::as_str))
    .bind(by)
    .bind(now)
    .bind(crate::search::documents::case(next, &c.title, label))
    .bind(c.reporter.as_ref().map_or("", |r| r.name.as_str()))
    .bind(c.reporter.as_ref().map_or("", |r| r.email.as_str()))
    .bind(c.reporter.as_ref().map_or("", |r| r.phone.as_str()))
    .bind(c.reporter.as_ref().and_then(|r| r.via_code))
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, CaseNumber(next)))
}

/// One change of a case, as its timeline shows it.
pub struct Change<'a> {
    pub kind: &'a str,
    pub old: &'a str,
    pub new: &'a str,
    /// Shown to the customer (status changes, the creation); the rest is staff's business.
    pub public: bool,
}

pub async fn record_event(
    tx: &mut Tx<'_>,
    org: OrgId,
    case: CaseId,
    actor: Option<UserId>,
    now: i64,
    change: &Change<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO case_events (org_id, case_id, actor_user_id, kind, old_value, new_value, public, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org)
    .bind(case)
    .bind(actor)
    .bind(change.kind)
    .bind(change.old)
    .bind(change.new)
    .bind(i64::from(change.public))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The editable fields of a case.
pub struct Fields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub priority: Priority,
    pub assignee: Option<UserId>,
    pub due_on: &'a str,
    pub device: Option<(DeviceId, &'a str)>,
}

pub async fn update_fields(
    tx: &mut Tx<'_>,
    org: OrgId,
    case: &Case,
    now: i64,
    f: &Fields<'_>,
) -> Result<(), sqlx::Error> {
    let (device, label) = match f.device {
        Some((id, label)) => (Some(id), label),
        None => (None, ""),
    };
    sqlx::query(
        "UPDATE service_cases SET title = $1, description = $2, priority = $3, assignee_user_id = $4, due_on = $5, \
         device_id = $6, device_label = $7, updated_at = $8, search_text = $9 WHERE id = $10 AND org_id = $11",
    )
    .bind(f.title)
    .bind(f.description)
    .bind(f.priority.rank())
    .bind(f.assignee)
    .bind(f.due_on)
    .bind(device)
    .bind(label)
    .bind(now)
    .bind(crate::search::documents::case(case.number.0, f.title, label))
    .bind(case.id)
    .bind(org)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves the case to `to` if it is still in `from` (a concurrent move wins once); `false`
/// when it was not.
pub async fn set_status(
    tx: &mut Tx<'_>,
    org: OrgId,
    case: CaseId,
    from: Status,
    to: Status,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let resolved_at = (to == Status::Resolved).then_some(now);
    let done = sqlx::query(
        "UPDATE service_cases SET status = $1, updated_at = $2, resolved_at = $3 \
         WHERE id = $4 AND org_id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(resolved_at)
    .bind(case)
    .bind(org)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the case as changed now (a comment).
pub async fn touch(tx: &mut Tx<'_>, org: OrgId, case: CaseId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE service_cases SET updated_at = $1 WHERE id = $2 AND org_id = $3")
        .bind(now)
        .bind(case)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// [`touch`] for the team's public answer at `now`: the first such answer is also kept, for
/// the figures' median (later ones leave it).
pub async fn touch_answered(
    tx: &mut Tx<'_>,
    org: OrgId,
    case: CaseId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE service_cases SET updated_at = $1, first_answer_at = COALESCE(first_answer_at, $1) \
         WHERE id = $2 AND org_id = $3",
    )
    .bind(now)
    .bind(case)
    .bind(org)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One entry of a case's timeline: a change or a comment.
pub struct TimelineEntry {
    pub at: Timestamp,
    pub actor: String,
    pub actor_id: Option<UserId>,
    pub kind: String,
    pub old: String,
    pub new: String,
    pub public: bool,
    /// A comment's id (for its edit and delete), 0 for a change.
    pub comment_id: i64,
    pub edited: Option<Timestamp>,
}

/// The timeline of a case, oldest first; without internal entries for customers.
pub async fn timeline(
    db: &Db,
    org: OrgId,
    case: CaseId,
    with_internal: bool,
) -> Result<Vec<TimelineEntry>, sqlx::Error> {
    let internal = if with_internal { 1 } else { 0 };
    read(
        "SELECT e.at, COALESCE(u.name, '') AS actor, e.actor_user_id AS actor_id, e.kind, e.old_value, e.new_value, \
                e.public, 0 AS comment_id, NULL AS edited_at, e.id AS seq \
         FROM case_events e LEFT JOIN users u ON u.id = e.actor_user_id \
         WHERE e.case_id = $1 AND e.org_id = $2 AND (e.public = 1 OR $3 = 1) \
         UNION ALL \
         SELECT m.created_at AS at, COALESCE(u.name, m.author_name) AS actor, m.author_user_id AS actor_id, 'comment' AS kind, '' AS old_value, \
                m.body AS new_value, 1 - m.internal AS public, m.id AS comment_id, m.edited_at, m.id AS seq \
         FROM case_comments m LEFT JOIN users u ON u.id = m.author_user_id \
         WHERE m.case_id = $1 AND m.org_id = $2 AND (m.internal = 0 OR $3 = 1) \
         ORDER BY at, seq",
    )
    .bind(case)
    .bind(org)
    .bind(internal)
    .fetch_all(db, |r| {
        Ok(TimelineEntry {
            at: r.try_get("at")?,
            actor: r.try_get("actor")?,
            actor_id: r.try_get("actor_id")?,
            kind: r.try_get("kind")?,
            old: r.try_get("old_value")?,
            new: r.try_get("new_value")?,
            public: r.try_get::<i64>("public")? == 1,
            comment_id: r.try_get("comment_id")?,
            edited: r.try_get("edited_at")?,
        })
    })
    .await
}

/// Staff members of the organisation an assignee can be chosen from: (user, name).
pub async fn staff(db: &Db, org: OrgId) -> Result<Vec<(UserId, String)>, sqlx::Error> {
    read(
        "SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 AND m.role IN ('administrator', 'moderator', 'member') ORDER BY u.name, u.id",
    )
    .bind(org)
    .fetch_all(db, |r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .await
}

/// A device of the project's current model: its id and how a case names it ("1.1.5 Dimmer").
pub async fn device_of_project(
    db: &Db,
    org: OrgId,
    project: ProjectId,
    device: DeviceId,
) -> Result<Option<(DeviceId, String)>, sqlx::Error> {
    read(
        "SELECT id, address, name FROM project_devices WHERE id = $1 AND project_id = $2 AND org_id = $3 AND removed_in IS NULL",
    )
    .bind(device)
    .bind(project)
    .bind(org)
    .fetch_optional(db, |r| {
        let address: String = r.try_get("address")?;
        let name: String = r.try_get("name")?;
        Ok((r.try_get("id")?, device_label(&address, &name)))
    })
    .await
}

/// The devices a case on the project can name (for the form's picker), in address order.
pub async fn devices_of_project(
    db: &Db,
    org: OrgId,
    project: ProjectId,
) -> Result<Vec<(DeviceId, String)>, sqlx::Error> {
    read(
        "SELECT id, address, name FROM project_devices WHERE project_id = $1 AND org_id = $2 AND removed_in IS NULL ORDER BY position, id LIMIT 5000",
    )
    .bind(project)
    .bind(org)
    .fetch_all(db, |r| {
        let address: String = r.try_get("address")?;
        let name: String = r.try_get("name")?;
        Ok((r.try_get("id")?, device_label(&address, &name)))
    })
    .await
}

/// The projects a viewer may open a case on (for the form's picker), by name.
pub async fn project_choices(
    db: &Db,
    org: OrgId,
    seen: Visibility,
) -> Result<Vec<(ProjectId, String)>, sqlx::Error> {
    let w = Where::default()
        .and("p.org_id = ?", org)
        .and_some("p.customer_id = ?", seen.customer());
    let sql = format!(
        "SELECT p.id, p.name FROM projects p WHERE {} AND p.status <> 'archived' ORDER BY p.name, p.id LIMIT 2000",
        w.sql()
    );
    w.read(&sql)
        .fetch_all(db, |r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .await
}
