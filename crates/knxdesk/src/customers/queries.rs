//! Customer queries; every one is bound to the organisation.

use crate::{
    clock::Timestamp,
    db::{Db, ReadRow, Where, read},
    invitations::InviteState,
    types::{CustomerId, OrgId},
};

pub const PAGE_SIZE: i64 = 50;

#[derive(Clone, Debug, Default)]
pub struct Customer {
    pub id: CustomerId,
    pub kind: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub address: String,
    pub projects: i64,
    pub invite: Invite,
}

/// The customer's portal invitation as the Invite column shows it.
#[derive(Clone, Debug, Default)]
pub struct Invite {
    /// `None`: never invited, or the last invitation was revoked.
    pub state: Option<InviteState>,
    pub email: String,
    pub expires: crate::clock::Timestamp,
    /// The link can still be copied (within minutes of sending).
    pub copyable: bool,
}

impl Invite {
    pub fn key(&self) -> &'static str {
        self.state
            .map(InviteState::key)
            .unwrap_or("invite.state.not_invited")
    }
    pub fn css(&self) -> &'static str {
        self.state.map(InviteState::css).unwrap_or("none")
    }
    /// Resend applies to pending and expired invitations.
    pub fn can_resend(&self) -> bool {
        matches!(
            self.state,
            Some(InviteState::Pending | InviteState::Expired)
        )
    }
    pub fn is_pending(&self) -> bool {
        self.state == Some(InviteState::Pending)
    }
    pub fn is_accepted(&self) -> bool {
        self.state == Some(InviteState::Accepted)
    }
    /// Never invited (or revoked): the row offers Invite.
    pub fn can_invite(&self) -> bool {
        self.state.is_none()
    }
}

/// Columns the list can be sorted by (the only strings that reach ORDER BY).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Name,
    Company,
    Email,
    Phone,
    Projects,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Name,
        Sort::Company,
        Sort::Email,
        Sort::Phone,
        Sort::Projects,
    ];

    pub fn parse(s: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .unwrap_or(Sort::Name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Company => "company",
            Sort::Email => "email",
            Sort::Phone => "phone",
            Sort::Projects => "projects",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Sort::Name => "c.sort_name",
            Sort::Company => "LOWER(c.company)",
            Sort::Email => "LOWER(c.email)",
            Sort::Phone => "c.phone",
            Sort::Projects => "c.project_count",
        }
    }
}

/// What the customer is found by (see `search::documents`).
pub fn search_text(name: &str, company: &str, email: &str, phone: &str, address: &str) -> String {
    crate::search::documents::customer(name, company, email, phone, address)
}

fn from_row(now: Timestamp, r: &ReadRow) -> Result<Customer, sqlx::Error> {
    let expires_at: Option<i64> = r.try_get("expires_at")?;
    let state = match expires_at {
        None => None,
        Some(expires_at) => {
            match InviteState::of(
                now,
                expires_at,
                r.try_get("accepted_at")?,
                r.try_get("revoked_at")?,
            ) {
                InviteState::Revoked => None,
                s => Some(s),
            }
        }
    };
    let link_until: Option<i64> = r.try_get("link_until")?;
    Ok(Customer {
        invite: Invite {
            state,
            email: r
                .try_get::<Option<String>>("invite_email")?
                .unwrap_or_default(),
            expires: expires_at.unwrap_or_default(),
            copyable: state == Some(InviteState::Pending) && link_until.is_some_and(|u| u > now),
        },
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        phone: r.try_get("phone")?,
        company: r.try_get("company")?,
        address: r.try_get("address")?,
        projects: r.try_get("project_count")?,
    })
}

const COLUMNS: &str = "c.id, c.kind, c.name, c.email, c.phone, c.company, c.address, c.project_count, \
                       i.email AS invite_email, i.expires_at, i.accepted_at, i.revoked_at, i.link_until";

/// The invitation (at most one per customer) beside each customer row.
const INVITE_JOIN: &str =
    "LEFT JOIN customer_invitations i ON i.customer_id = c.id AND i.org_id = c.org_id";

/// One page of the list and the total number of matches.
pub async fn list(
    db: &Db,
    now: Timestamp,
    org: OrgId,
    q: &str,
    sort: Sort,
    descending: bool,
    page: i64,
) -> Result<(Vec<Customer>, i64), sqlx::Error> {
    // A search goes through the customers' text index (search::Index); a query without a
    // letter or digit lists everyone.
    let terms = crate::search::Terms::parse(q);
    // With a search, the rows come from the index (only the matches are read, counted and
    // sorted); without one, from the organisation's sort index.
    let (from, filter) = match terms {
        Some(t) => {
            let d = crate::search::Index::Customers.driven(db.backend, "c");
            let filter = Where::default()
                .and(&d.condition, t.query(db.backend))
                .and("c.org_id = ?", org);
            (d.from, filter)
        }
        None => (
            "customers c".to_string(),
            Where::default().and("c.org_id = ?", org),
        ),
    };
    // Without a search the organisation's own count answers (kept by the database).
    let total: i64 = if filter.bound() == 1 {
        read("SELECT customer_count AS n FROM organisations WHERE id = $1")
            .bind(org)
            .fetch_one(db, |r| r.try_get("n"))
            .await?
    } else {
        let sql = format!("SELECT COUNT(*) AS n FROM {from} WHERE {}", filter.sql());
        filter.read(&sql).fetch_one(db, |r| r.try_get("n")).await?
    };
    let dir = if descending { "DESC" } else { "ASC" };
    let n = filter.bound();
    let order = format!("{} {dir}, c.id {dir}", sort.column());
    // The page's ids are chosen first, from the sort index alone (it holds the id: the rows
    // skipped by OFFSET are never read), then their rows are joined with their invitations.
    let sql = format!(
        "SELECT {COLUMNS} FROM (SELECT c.id FROM {from} WHERE {} \
         ORDER BY {order} LIMIT ${} OFFSET ${}) page \
         JOIN customers c ON c.id = page.id {INVITE_JOIN} ORDER BY {order}",
        filter.sql(),
        n + 1,
        n + 2
    );
    let query = filter.read(&sql);
    let customers = query
        .bind(PAGE_SIZE)
        .bind((page.max(1) - 1) * PAGE_SIZE)
        .fetch_all(db, |r| from_row(now, r))
        .await?;
    Ok((customers, total))
}

pub async fn get(
    db: &Db,
    now: Timestamp,
    org: OrgId,
    id: CustomerId,
) -> Result<Option<Customer>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM customers c {INVITE_JOIN} WHERE c.id = $1 AND c.org_id = $2"
    );
    read(&sql)
        .bind(id)
        .bind(org)
        .fetch_optional(db, |r| from_row(now, r))
        .await
}

/// A customer record as the form gives it, validated.
pub struct NewCustomer {
    pub kind: super::Kind,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub address: String,
}

pub async fn insert(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    now: i64,
    c: &NewCustomer,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customers (org_id, kind, name, email, phone, company, address, created_at, updated_at, sort_name, search_text) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, LOWER($3), $9)",
    )
    .bind(org)
    .bind(c.kind.as_str())
    .bind(&c.name)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.company)
    .bind(&c.address)
    .bind(now)
    .bind(search_text(&c.name, &c.company, &c.email, &c.phone, &c.address))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn update(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: CustomerId,
    now: i64,
    c: &NewCustomer,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET kind = $1, name = $2, sort_name = LOWER($2), email = $3, phone = $4, company = $5, address = $6, updated_at = $7, \
         search_text = $10 WHERE id = $8 AND org_id = $9",
    )
    .bind(c.kind.as_str())
    .bind(&c.name)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.company)
    .bind(&c.address)
    .bind(now)
    .bind(id)
    .bind(org)
    .bind(search_text(&c.name, &c.company, &c.email, &c.phone, &c.address))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many projects are linked to the customer (read inside the deleting transaction, so a
/// project linked meanwhile is not orphaned).
pub async fn linked_projects(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: CustomerId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM projects WHERE customer_id = $1 AND org_id = $2")
        .bind(id)
        .bind(org)
        .fetch_one(&mut **tx)
        .await
}

/// The memberships of the customer's portal users go (their accounts stay): their open
/// sessions find no membership on their next request.
async fn drop_portal_users(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    customer: CustomerId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM memberships WHERE org_id = $1 AND customer_id = $2")
        .bind(org)
        .bind(customer)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes the customer and its portal users' memberships (their accounts stay).
pub async fn delete(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: CustomerId,
) -> Result<(), sqlx::Error> {
    drop_portal_users(tx, org, id).await?;
    sqlx::query("DELETE FROM customers WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A fresh invitation link: its token's hash, the link sealed for the copy window, and when
/// it was sent, by whom, until when it is valid.
pub struct InvitationLink<'a> {
    pub token_hash: &'a str,
    pub link_sealed: &'a str,
    pub link_until: i64,
    pub invited_by: crate::types::UserId,
    pub now: i64,
    pub expires_at: i64,
}

/// The customer's email changes with the invitation sent to a new address.
pub async fn set_email(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    c: &Customer,
    now: i64,
    email: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET email = $1, updated_at = $2, search_text = $5 WHERE id = $3 AND org_id = $4",
    )
    .bind(email)
    .bind(now)
    .bind(c.id)
    .bind(org)
    .bind(search_text(&c.name, &c.company, email, &c.phone, &c.address))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Invites the customer. One invitation row per customer: a new invitation replaces a revoked
/// or expired one, never an accepted one (checked here, against a concurrent acceptance);
/// `false` when the customer has access already.
pub async fn invite(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    customer: CustomerId,
    email: &str,
    l: &InvitationLink<'_>,
) -> Result<bool, sqlx::Error> {
    let written = sqlx::query(
        "INSERT INTO customer_invitations \
           (org_id, customer_id, email, token_hash, link_sealed, link_until, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (customer_id) DO UPDATE SET email = excluded.email, token_hash = excluded.token_hash, \
           link_sealed = excluded.link_sealed, link_until = excluded.link_until, invited_by = excluded.invited_by, \
           created_at = excluded.created_at, expires_at = excluded.expires_at, revoked_at = NULL \
         WHERE customer_invitations.accepted_at IS NULL",
    )
    .bind(org)
    .bind(customer)
    .bind(email)
    .bind(l.token_hash)
    .bind(l.link_sealed)
    .bind(l.link_until)
    .bind(l.invited_by)
    .bind(l.now)
    .bind(l.expires_at)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(written == 1)
}

/// A new link for an open (pending or expired) invitation; the previous one stops working.
/// `false` when there is no open invitation.
pub async fn renew_invitation(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    customer: CustomerId,
    l: &InvitationLink<'_>,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE customer_invitations SET token_hash = $1, link_sealed = $2, link_until = $3, created_at = $4, \
         expires_at = $5, invited_by = $6 \
         WHERE customer_id = $7 AND org_id = $8 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(l.token_hash)
    .bind(l.link_sealed)
    .bind(l.link_until)
    .bind(l.now)
    .bind(l.expires_at)
    .bind(l.invited_by)
    .bind(customer)
    .bind(org)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Withdraws a pending invitation (its link stops working); `false` when none is pending.
pub async fn revoke_invitation(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    customer: CustomerId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE customer_invitations SET revoked_at = $1, link_sealed = NULL, link_until = 0 \
         WHERE customer_id = $2 AND org_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(customer)
    .bind(org)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Takes the portal away from the customer: its users' memberships and its invitation go
/// (their accounts stay).
pub async fn remove_access(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    customer: CustomerId,
) -> Result<(), sqlx::Error> {
    drop_portal_users(tx, org, customer).await?;
    sqlx::query("DELETE FROM customer_invitations WHERE org_id = $1 AND customer_id = $2")
        .bind(org)
        .bind(customer)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The sealed link of a pending invitation still inside its copy window.
#[derive(sqlx::FromRow)]
pub struct KeptLink {
    pub link_sealed: String,
    pub link_until: i64,
}

pub async fn kept_link(
    db: &Db,
    org: OrgId,
    customer: CustomerId,
    now: i64,
) -> Result<Option<KeptLink>, sqlx::Error> {
    sqlx::query_as(
        "SELECT link_sealed, link_until FROM customer_invitations \
         WHERE customer_id = $1 AND org_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL \
           AND expires_at > $3 AND link_until > $3 AND link_sealed IS NOT NULL",
    )
    .bind(customer)
    .bind(org)
    .bind(now)
    .fetch_optional(&db.pool)
    .await
}

/// Erases every sealed link whose copy window has passed; returns how many.
pub async fn erase_old_links(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE customer_invitations SET link_sealed = NULL, link_until = 0 WHERE link_until > 0 AND link_until <= $1",
    )
    .bind(now)
    .execute(&db.pool)
    .await?
    .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_sorts_fall_back_to_the_name() {
        assert_eq!(Sort::parse("projects"), Sort::Projects);
        assert_eq!(Sort::parse("'; DROP TABLE x"), Sort::Name);
    }
}
