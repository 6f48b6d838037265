//! Project queries; every one is bound to the organisation.

use super::Status;
use crate::{
    authz::Visibility,
    db::{Db, ReadRow, Where, read},
    types::{CustomerId, OrgId, ProjectId},
};

pub const PAGE_SIZE: i64 = 25;

#[derive(Clone, Debug)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    pub building_name: String,
    pub building_address: String,
    pub description: String,
    pub status: Status,
    pub customer_id: Option<CustomerId>,
    pub customer_name: String,
    pub updated: crate::clock::Timestamp,
    /// Of the current model (set with it by the import job).
    pub device_count: i64,
    pub group_address_count: i64,
}

const COLUMNS: &str = "p.id, p.name, p.building_name, p.building_address, p.description, p.status, p.customer_id, \
                       COALESCE(c.name, '') AS customer_name, p.updated_at, p.device_count, p.group_address_count";
const FROM: &str =
    "FROM projects p LEFT JOIN customers c ON c.id = p.customer_id AND c.org_id = p.org_id";

fn from_row(r: &ReadRow) -> Result<Project, sqlx::Error> {
    Ok(Project {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        building_name: r.try_get("building_name")?,
        building_address: r.try_get("building_address")?,
        description: r.try_get("description")?,
        status: Status::parse(&r.try_get::<String>("status")?).unwrap_or(Status::Active),
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        updated: r.try_get("updated_at")?,
        device_count: r.try_get("device_count")?,
        group_address_count: r.try_get("group_address_count")?,
    })
}

pub struct Filter<'a> {
    pub q: &'a str,
    pub status: Option<Status>,
    /// The customer picked in the list's filter (staff); a customer user's own customer comes
    /// from their visibility instead.
    pub customer: Option<CustomerId>,
}

/// A page of projects, newest change first, and the total number of matches.
pub async fn list(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    f: &Filter<'_>,
    page: i64,
) -> Result<(Vec<Project>, i64), sqlx::Error> {
    let customer = seen.customer().or(f.customer);
    let filter = Where::default()
        .and("p.org_id = ?", org)
        .and_some(
            &crate::search::Index::Projects.matches(db.backend, "p"),
            crate::search::Terms::parse(f.q).map(|t| t.query(db.backend)),
        )
        .and_some("p.status = ?", f.status.map(Status::as_str))
        .and_some("p.customer_id = ?", customer);
    // Unfiltered, the organisation's own count answers (kept by the database).
    let total: i64 = if filter.bound() == 1 {
        read("SELECT project_count AS n FROM organisations WHERE id = $1")
            .bind(org)
            .fetch_one(db, |r| r.try_get("n"))
            .await?
    } else {
        let count_sql = format!("SELECT COUNT(*) AS n {FROM} WHERE {}", filter.sql());
        filter
            .read(&count_sql)
            .fetch_one(db, |r| r.try_get("n"))
            .await?
    };
    let n = filter.bound();
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE {} ORDER BY p.updated_at DESC, p.id DESC LIMIT ${} OFFSET ${}",
        filter.sql(),
        n + 1,
        n + 2
    );
    let projects = filter
        .read(&sql)
        .bind(PAGE_SIZE)
        .bind((page.max(1) - 1) * PAGE_SIZE)
        .fetch_all(db, from_row)
        .await?;
    Ok((projects, total))
}

/// A project of the organisation that the viewer may see.
pub async fn get(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    id: ProjectId,
) -> Result<Option<Project>, sqlx::Error> {
    // A customer id no project has (0) when everything is visible keeps one statement.
    let (all, customer) = match seen.customer() {
        None => (1, 0),
        Some(c) => (0, c.0),
    };
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE p.id = $1 AND p.org_id = $2 AND ($3 = 1 OR p.customer_id = $4)"
    );
    read(&sql)
        .bind(id)
        .bind(org)
        .bind(all)
        .bind(customer)
        .fetch_optional(db, from_row)
        .await
}

/// Customers whose name or company matches, for the link dropdown (at most `limit`).
pub async fn customer_choices(
    db: &Db,
    org: OrgId,
    q: &str,
    limit: i64,
) -> Result<Vec<(CustomerId, String, String)>, sqlx::Error> {
    let filter = Where::default().and("c.org_id = ?", org).and_some(
        &crate::search::Index::Customers.matches(db.backend, "c"),
        crate::search::Terms::parse(q).map(|t| t.query(db.backend)),
    );
    let sql = format!(
        "SELECT c.id, c.name, c.company FROM customers c WHERE {} \
         ORDER BY c.sort_name, c.id LIMIT ${}",
        filter.sql(),
        filter.bound() + 1
    );
    filter
        .read(&sql)
        .bind(limit)
        .fetch_all(db, |r| {
            Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("company")?))
        })
        .await
}

/// A project as its form gives it, validated.
pub struct NewProject {
    pub name: String,
    pub customer: Option<CustomerId>,
    pub building_name: String,
    pub building_address: String,
    pub description: String,
}

impl NewProject {
    /// What the project is found by (see `search::documents`).
    fn search_text(&self) -> String {
        crate::search::documents::project(
            &self.name,
            &self.building_name,
            &self.building_address,
            &self.description,
        )
    }
}

pub async fn insert(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    now: i64,
    p: &NewProject,
) -> Result<ProjectId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO projects (org_id, customer_id, name, building_name, building_address, description, status, created_at, updated_at, search_text) \
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $7, $8) RETURNING id",
    )
    .bind(org)
    .bind(p.customer)
    .bind(&p.name)
    .bind(&p.building_name)
    .bind(&p.building_address)
    .bind(&p.description)
    .bind(now)
    .bind(p.search_text())
    .fetch_one(&mut **tx)
    .await
}

pub async fn update(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: ProjectId,
    now: i64,
    p: &NewProject,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE projects SET name = $1, customer_id = $2, building_name = $3, building_address = $4, description = $5, updated_at = $6, \
         search_text = $9 WHERE id = $7 AND org_id = $8",
    )
    .bind(&p.name)
    .bind(p.customer)
    .bind(&p.building_name)
    .bind(&p.building_address)
    .bind(&p.description)
    .bind(now)
    .bind(id)
    .bind(org)
    .bind(p.search_text())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_status(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: ProjectId,
    now: i64,
    status: Status,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE projects SET status = $1, updated_at = $2 WHERE id = $3 AND org_id = $4")
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Links the project to a customer, or unlinks it with `None`.
pub async fn set_customer(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: ProjectId,
    now: i64,
    customer: Option<CustomerId>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE projects SET customer_id = $1, updated_at = $2 WHERE id = $3 AND org_id = $4",
    )
    .bind(customer)
    .bind(now)
    .bind(id)
    .bind(org)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks the project as changed now (its list is ordered by the last change).
pub async fn touch(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: ProjectId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE projects SET updated_at = $1 WHERE id = $2 AND org_id = $3")
        .bind(now)
        .bind(id)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
