//! One query per kind of result, each through its index, limited to what the viewer may see.

use super::{Index, text::Terms};
use crate::{
    authz::Visibility,
    db::{Db, Where},
    types::{CustomerId, OrgId, ProjectId},
};

/// What every kind's query is given.
pub struct Search<'a> {
    pub org: OrgId,
    pub seen: Visibility,
    pub terms: &'a Terms,
    /// The query as typed, trimmed: an exact address ("1/2/3", "1.1.5") comes first.
    pub exact: &'a str,
    /// At most this many rows are returned (callers ask one more than they show).
    pub limit: i64,
}

impl Search<'_> {
    /// The organisation, the index match and, for customer users, their own projects only.
    fn filter(&self, db: &Db, index: Index, alias: &str, project: &str) -> Where {
        Where::default()
            .and(&format!("{alias}.org_id = ?"), self.org)
            .and(
                &index.matches(db.backend, alias),
                self.terms.query(db.backend),
            )
            .and_some(&format!("{project}.customer_id = ?"), self.seen.customer())
    }
}

pub struct ProjectRow {
    pub id: ProjectId,
    pub name: String,
    pub building: String,
    pub customer: String,
}

pub async fn projects(db: &Db, s: &Search<'_>) -> Result<Vec<ProjectRow>, sqlx::Error> {
    let filter = s.filter(db, Index::Projects, "p", "p");
    let sql = format!(
        "SELECT p.id, p.name, p.building_name, COALESCE(c.name, '') AS customer_name \
         FROM projects p LEFT JOIN customers c ON c.id = p.customer_id AND c.org_id = p.org_id \
         WHERE {} ORDER BY LOWER(p.name), p.id LIMIT ${}",
        filter.sql(),
        filter.bound() + 1
    );
    filter
        .read(&sql)
        .bind(s.limit)
        .fetch_all(db, |r| {
            Ok(ProjectRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                building: r.try_get("building_name")?,
                customer: r.try_get("customer_name")?,
            })
        })
        .await
}

pub struct CustomerRow {
    pub id: CustomerId,
    pub name: String,
    pub company: String,
    pub email: String,
}

/// Staff only (customer users are not offered this kind).
pub async fn customers(db: &Db, s: &Search<'_>) -> Result<Vec<CustomerRow>, sqlx::Error> {
    let filter = Where::default().and("c.org_id = ?", s.org).and(
        &Index::Customers.matches(db.backend, "c"),
        s.terms.query(db.backend),
    );
    let sql = format!(
        "SELECT c.id, c.name, c.company, c.email FROM customers c WHERE {} \
         ORDER BY c.sort_name, c.id LIMIT ${}",
        filter.sql(),
        filter.bound() + 1
    );
    filter
        .read(&sql)
        .bind(s.limit)
        .fetch_all(db, |r| {
            Ok(CustomerRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                company: r.try_get("company")?,
                email: r.try_get("email")?,
            })
        })
        .await
}

pub struct DeviceRow {
    pub project: ProjectId,
    pub project_name: String,
    pub address: String,
    pub name: String,
    pub product: String,
}

pub async fn devices(db: &Db, s: &Search<'_>) -> Result<Vec<DeviceRow>, sqlx::Error> {
    let filter = s.filter(db, Index::Devices, "d", "p");
    let n = filter.bound();
    let sql = format!(
        "SELECT d.project_id, p.name AS project_name, d.address, d.name, d.product \
         FROM project_devices d JOIN projects p ON p.id = d.project_id AND p.org_id = d.org_id \
         WHERE {} ORDER BY CASE WHEN d.address = ${} THEN 0 ELSE 1 END, LOWER(d.name), d.id \
         LIMIT ${}",
        filter.sql(),
        n + 1,
        n + 2
    );
    filter
        .read(&sql)
        .bind(s.exact)
        .bind(s.limit)
        .fetch_all(db, |r| {
            Ok(DeviceRow {
                project: r.try_get("project_id")?,
                project_name: r.try_get("project_name")?,
                address: r.try_get("address")?,
                name: r.try_get("name")?,
                product: r.try_get("product")?,
            })
        })
        .await
}

pub struct GroupAddressRow {
    pub project: ProjectId,
    pub project_name: String,
    pub address: String,
    pub name: String,
    pub dpt: String,
}

pub async fn group_addresses(
    db: &Db,
    s: &Search<'_>,
) -> Result<Vec<GroupAddressRow>, sqlx::Error> {
    let filter = s.filter(db, Index::GroupAddresses, "g", "p");
    let n = filter.bound();
    let sql = format!(
        "SELECT g.project_id, p.name AS project_name, g.address, g.name, g.dpt \
         FROM project_group_addresses g JOIN projects p ON p.id = g.project_id AND p.org_id = g.org_id \
         WHERE {} ORDER BY CASE WHEN g.address = ${} THEN 0 ELSE 1 END, g.raw_address, g.id \
         LIMIT ${}",
        filter.sql(),
        n + 1,
        n + 2
    );
    filter
        .read(&sql)
        .bind(s.exact)
        .bind(s.limit)
        .fetch_all(db, |r| {
            Ok(GroupAddressRow {
                project: r.try_get("project_id")?,
                project_name: r.try_get("project_name")?,
                address: r.try_get("address")?,
                name: r.try_get("name")?,
                dpt: r.try_get("dpt")?,
            })
        })
        .await
}

pub struct MemberRow {
    pub name: String,
    pub email: String,
    pub role: String,
}

/// The organisation's members by name or email. A team is small (its members are listed on one
/// page), so this reads the organisation's memberships rather than keeping an index of
/// accounts that belong to several organisations.
pub async fn members(db: &Db, s: &Search<'_>) -> Result<Vec<MemberRow>, sqlx::Error> {
    let rows = crate::db::read(
        "SELECT u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 ORDER BY LOWER(u.name), u.id",
    )
    .bind(s.org)
    .fetch_all(db, |r| {
        Ok(MemberRow {
            name: r.try_get("name")?,
            email: r.try_get("email")?,
            role: r.try_get("role")?,
        })
    })
    .await?;
    Ok(rows
        .into_iter()
        .filter(|m| s.terms.found_in(&super::text::words(&[&m.name, &m.email])))
        .take(s.limit as usize)
        .collect())
}
