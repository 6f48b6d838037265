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

/// `exact` first, then the other matches, each once, at most `limit`.
fn exact_first<T>(exact: Vec<T>, rest: Vec<T>, limit: i64, same: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut out = exact;
    for r in rest {
        if !out.iter().any(|e| same(e, &r)) {
            out.push(r);
        }
    }
    out.truncate(limit.max(0) as usize);
    out
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
    pub project: ProjectId,
    pub project_name: String,
    pub address: String,
    pub name: String,
    pub product: String,
}

pub async fn devices(db: &Db, s: &Search<'_>) -> Result<Vec<DeviceRow>, sqlx::Error> {
    let select = "SELECT d.id, d.project_id, p.name AS project_name, d.address, d.name, d.product";
    let join = "JOIN projects p ON p.id = d.project_id AND p.org_id = d.org_id";
    let row = |r: &crate::db::ReadRow| {
        Ok((
            r.try_get::<i64>("id")?,
            DeviceRow {
                project: r.try_get("project_id")?,
                project_name: r.try_get("project_name")?,
                address: r.try_get("address")?,
                name: r.try_get("name")?,
                product: r.try_get("product")?,
            },
        ))
    };
    let exact = if crate::types::IndividualAddress::parse(s.exact).is_some() {
        let filter = s.exact_filter("d", "p");
        let sql = format!(
            "{select} FROM project_devices d {join} WHERE {} ORDER BY d.id LIMIT ${}",
            filter.sql(),
            filter.bound() + 1
        );
        filter.read(&sql).bind(s.limit).fetch_all(db, row).await?
    } else {
        Vec::new()
    };
    // An address that exists is what was looked for: the words of "1.18.124" ("1", "18",
    // "124") would only add every device that has them somewhere (and cost the longest lists).
    if !exact.is_empty() {
        return Ok(exact.into_iter().map(|(_, r)| r).collect());
    }
    // A group address ("1/2/3") names no device.
    if s.exact.contains('/') && crate::types::GroupAddress::parse(s.exact).is_some() {
        return Ok(Vec::new());
    }
    let (d, filter) = s.filter(db, Index::Devices, "d", "p");
    let sql = format!(
        "{select} FROM {} {join} WHERE {} ORDER BY {} LIMIT ${}",
        d.from,
        filter.sql(),
        d.order,
        filter.bound() + 1
    );
    let rest = filter.read(&sql).bind(s.limit).fetch_all(db, row).await?;
    Ok(exact_first(exact, rest, s.limit, |a, b| a.0 == b.0)
        .into_iter()
        .map(|(_, r)| r)
        .collect())
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
    let select = "SELECT g.id, g.project_id, p.name AS project_name, g.address, g.name, g.dpt";
    let join = "JOIN projects p ON p.id = g.project_id AND p.org_id = g.org_id";
    let row = |r: &crate::db::ReadRow| {
        Ok((
            r.try_get::<i64>("id")?,
            GroupAddressRow {
                project: r.try_get("project_id")?,
                project_name: r.try_get("project_name")?,
                address: r.try_get("address")?,
                name: r.try_get("name")?,
                dpt: r.try_get("dpt")?,
            },
        ))
    };
    let exact = if crate::types::GroupAddress::parse(s.exact).is_some() && s.exact.contains('/') {
        let filter = s.exact_filter("g", "p");
        let sql = format!(
            "{select} FROM project_group_addresses g {join} WHERE {} ORDER BY g.id LIMIT ${}",
            filter.sql(),
            filter.bound() + 1
        );
        filter.read(&sql).bind(s.limit).fetch_all(db, row).await?
    } else {
        Vec::new()
    };
    // An address that exists is what was looked for: the words of "1.18.124" ("1", "18",
    // "124") would only add every device that has them somewhere (and cost the longest lists).
    if !exact.is_empty() {
        return Ok(exact.into_iter().map(|(_, r)| r).collect());
    }
    // A device's address ("1.1.5") names no group address.
    if crate::types::IndividualAddress::parse(s.exact).is_some() {
        return Ok(Vec::new());
    }
    let (d, filter) = s.filter(db, Index::GroupAddresses, "g", "p");
    let sql = format!(
        "{select} FROM {} {join} WHERE {} ORDER BY {} LIMIT ${}",
        d.from,
        filter.sql(),
        d.order,
        filter.bound() + 1
    );
    let rest = filter.read(&sql).bind(s.limit).fetch_all(db, row).await?;
    Ok(exact_first(exact, rest, s.limit, |a, b| a.0 == b.0)
        .into_iter()
        .map(|(_, r)| r)
        .collect())
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
