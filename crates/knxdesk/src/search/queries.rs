//! One query per kind of result, each starting from its index (see [`super::index::Driven`]),
//! limited to what the viewer may see. Results come in the index's order and are sorted for
//! display afterwards: sorting every match by name first would read them all.

use super::{Index, index::Driven, text::Terms};
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
    /// The index's FROM and ORDER BY, and the conditions: the match, the organisation and, for
    /// customer users, their own projects only.
    fn filter(&self, db: &Db, index: Index, alias: &str, project: &str) -> (Driven, Where) {
        let driven = index.driven(db.backend, alias);
        let filter = Where::default()
            .and(&driven.condition, self.terms.query(db.backend))
            .and(&format!("{alias}.org_id = ?"), self.org)
            .and_some(&format!("{project}.customer_id = ?"), self.seen.customer());
        (driven, filter)
    }

    /// The conditions of an exact address lookup (`1.1.5`, `1/2/3`), by index, first.
    fn exact_filter(&self, alias: &str, project: &str) -> Where {
        Where::default()
            .and(&format!("{alias}.org_id = ?"), self.org)
            .and(&format!("{alias}.address = ?"), self.exact)
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
    let (d, filter) = s.filter(db, Index::Projects, "p", "p");
    let sql = format!(
        "SELECT p.id, p.name, p.building_name, COALESCE(c.name, '') AS customer_name \
         FROM {} LEFT JOIN customers c ON c.id = p.customer_id AND c.org_id = p.org_id \
         WHERE {} ORDER BY {} LIMIT ${}",
        d.from,
        filter.sql(),
        d.order,
        filter.bound() + 1
    );
    let mut rows = filter
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
        .await?;
    rows.sort_by_key(|r| r.name.to_lowercase());
    Ok(rows)
}

pub struct CustomerRow {
    pub id: CustomerId,
    pub name: String,
    pub company: String,
    pub email: String,
}

/// Staff only (customer users are not offered this kind).
pub async fn customers(db: &Db, s: &Search<'_>) -> Result<Vec<CustomerRow>, sqlx::Error> {
    let d = Index::Customers.driven(db.backend, "c");
    let filter = Where::default()
        .and(&d.condition, s.terms.query(db.backend))
        .and("c.org_id = ?", s.org);
    let sql = format!(
        "SELECT c.id, c.name, c.company, c.email FROM {} WHERE {} ORDER BY {} LIMIT ${}",
        d.from,
        filter.sql(),
        d.order,
        filter.bound() + 1
    );
    let mut rows = filter
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
        .await?;
    rows.sort_by_key(|r| r.name.to_lowercase());
    Ok(rows)
}

pub struct DeviceRow {
    pub id: crate::types::DeviceId,
    pub project: ProjectId,
    pub project_name: String,
    pub address: String,
    pub name: String,
    pub product: String,
}

pub async fn devices(db: &Db, s: &Search<'_>) -> Result<Vec<DeviceRow>, sqlx::Error> {
    let own = crate::types::IndividualAddress::parse(s.exact).is_some();
    // A group address ("1/2/3") names no device.
    let other = s.exact.contains('/') && crate::types::GroupAddress::parse(s.exact).is_some();
    in_projects(
        db,
        s,
        Index::Devices,
        "d.id, d.address, d.name, d.product",
        own,
        other,
        |r| {
            Ok(DeviceRow {
                id: r.try_get("id")?,
                project: r.try_get("project_id")?,
                project_name: r.try_get("project_name")?,
                address: r.try_get("address")?,
                name: r.try_get("name")?,
                product: r.try_get("product")?,
            })
        },
    )
    .await
}

/// Rows of a project's model (devices, group addresses) for a search: by the exact address when
/// the query is one of this kind's (`own`), else through the index, and none when it is the
/// other kind's address (`other`). An address that exists is what was looked for: the words of
/// "1.1.124" would only add every row that has them somewhere, at the cost of the longest lists.
async fn in_projects<T>(
    db: &Db,
    s: &Search<'_>,
    index: Index,
    columns: &str,
    own: bool,
    other: bool,
    mut row: impl FnMut(&crate::db::ReadRow) -> Result<T, sqlx::Error>,
) -> Result<Vec<T>, sqlx::Error> {
    let (table, a) = (index.table(), index.alias());
    // Devices removed in a later ETS version are kept (with their cases) but not found.
    let current = (index == Index::Devices).then(|| format!("{a}.removed_in IS NULL"));
    let select = format!("SELECT {a}.project_id, p.name AS project_name, {columns}");
    let join = format!("JOIN projects p ON p.id = {a}.project_id AND p.org_id = {a}.org_id");
    if own {
        let mut filter = s.exact_filter(a, "p");
        if let Some(c) = &current {
            filter = filter.and_fixed(c);
        }
        let sql = format!(
            "{select} FROM {table} {a} {join} WHERE {} ORDER BY {a}.id LIMIT ${}",
            filter.sql(),
            filter.bound() + 1
        );
        let exact = filter
            .read(&sql)
            .bind(s.limit)
            .fetch_all(db, &mut row)
            .await?;
        if !exact.is_empty() {
            return Ok(exact);
        }
    }
    if other {
        return Ok(Vec::new());
    }
    let (d, mut filter) = s.filter(db, index, a, "p");
    if let Some(c) = &current {
        filter = filter.and_fixed(c);
    }
    let sql = format!(
        "{select} FROM {} {join} WHERE {} ORDER BY {} LIMIT ${}",
        d.from,
        filter.sql(),
        d.order,
        filter.bound() + 1
    );
    filter.read(&sql).bind(s.limit).fetch_all(db, row).await
}

pub struct GroupAddressRow {
    pub project: ProjectId,
    pub project_name: String,
    pub address: String,
    pub name: String,
    pub dpt: String,
}

pub async fn group_addresses(db: &Db, s: &Search<'_>) -> Result<Vec<GroupAddressRow>, sqlx::Error> {
    let own = s.exact.contains('/') && crate::types::GroupAddress::parse(s.exact).is_some();
    // A device's address ("1.1.5") names no group address.
    let other = crate::types::IndividualAddress::parse(s.exact).is_some();
    in_projects(
        db,
        s,
        Index::GroupAddresses,
        "g.address, g.name, g.dpt",
        own,
        other,
        |r| {
            Ok(GroupAddressRow {
                project: r.try_get("project_id")?,
                project_name: r.try_get("project_name")?,
                address: r.try_get("address")?,
                name: r.try_get("name")?,
                dpt: r.try_get("dpt")?,
            })
        },
    )
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
