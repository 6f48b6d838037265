//! The SQL of accepting an invitation of either kind. Rows are read by column name; invitation
//! rows are found by the SHA-256 of their token.

use sqlx::AnyPool;

use crate::{
    db::Tx,
    types::{CustomerId, Email, OrgId, UserId},
};

/// An invitation as the accept page needs it, from either table.
#[derive(sqlx::FromRow)]
pub struct Found {
    pub token_hash: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub email: String,
    pub role: String,
    pub inviter: String,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// 0 for staff invitations.
    pub customer_id: CustomerId,
    /// Empty for staff invitations.
    pub customer_name: String,
    /// The language chosen for the invited person (company invitations); empty otherwise.
    pub language: String,
}

/// The three kinds of invitation, one table each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Staff,
    /// A customer's own portal login (C5).
    Customer,
    /// A person of a company customer, with their role (M1).
    Company,
}

const STAFF: &str = "SELECT i.token_hash, i.org_id, o.name AS org_name, i.email, i.role, \
     COALESCE(u.name, '') AS inviter, i.expires_at, i.accepted_at, i.revoked_at, \
     CAST(0 AS BIGINT) AS customer_id, CAST('' AS TEXT) AS customer_name, CAST('' AS TEXT) AS language \
     FROM staff_invitations i JOIN organisations o ON o.id = i.org_id LEFT JOIN users u ON u.id = i.invited_by \
     WHERE i.token_hash = $1";

const CUSTOMER: &str = "SELECT i.token_hash, i.org_id, o.name AS org_name, i.email, \
     CAST('owner' AS TEXT) AS role, COALESCE(u.name, '') AS inviter, i.expires_at, i.accepted_at, \
     i.revoked_at, i.customer_id, c.name AS customer_name, CAST('' AS TEXT) AS language \
     FROM customer_invitations i JOIN organisations o ON o.id = i.org_id \
     JOIN customers c ON c.id = i.customer_id AND c.org_id = i.org_id \
     LEFT JOIN users u ON u.id = i.invited_by \
     WHERE i.token_hash = $1";

// Only while the organisation has the Customer Login module on.
const COMPANY: &str = "SELECT i.token_hash, i.org_id, o.name AS org_name, i.email, i.role, \
     COALESCE(u.name, '') AS inviter, i.expires_at, i.accepted_at, i.revoked_at, i.customer_id, \
     c.name AS customer_name, i.language \
     FROM company_invitations i JOIN organisations o ON o.id = i.org_id AND o.customer_login = 1 \
     JOIN customers c ON c.id = i.customer_id AND c.org_id = i.org_id \
     LEFT JOIN users u ON u.id = i.invited_by \
     WHERE i.token_hash = $1";

/// The invitation with this token hash, and its kind.
pub async fn find(pool: &AnyPool, token_hash: &str) -> Result<Option<(Found, Table)>, sqlx::Error> {
    for (sql, table) in [
        (STAFF, Table::Staff),
        (CUSTOMER, Table::Customer),
        (COMPANY, Table::Company),
    ] {
        if let Some(found) = sqlx::query_as::<_, Found>(sql)
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        {
            return Ok(Some((found, table)));
        }
    }
    Ok(None)
}

/// Uses the invitation up; of two concurrent uses only one gets `true`. A customer
/// invitation's copyable link is erased with it.
pub async fn claim(
    tx: &mut Tx<'_>,
    table: Table,
    token_hash: &str,
    user: UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let (table, erase_link) = match table {
        Table::Staff => ("staff_invitations", ""),
        Table::Customer => (
            "customer_invitations",
            ", link_sealed = NULL, link_until = 0",
        ),
        Table::Company => ("company_invitations", ""),
    };
    let claimed = sqlx::query(&format!(
        "UPDATE {table} SET accepted_at = $1, accepted_by = $2{erase_link} \
         WHERE token_hash = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1"
    ))
    .bind(now)
    .bind(user)
    .bind(token_hash)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(claimed == 1)
}

/// The user's membership in the organisation, if any.
#[derive(sqlx::FromRow)]
pub struct Membership {
    pub role: String,
    pub customer_id: Option<CustomerId>,
}

pub async fn membership(
    tx: &mut Tx<'_>,
    org: OrgId,
    user: UserId,
) -> Result<Option<Membership>, sqlx::Error> {
    sqlx::query_as("SELECT role, customer_id FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(org)
        .bind(user)
        .fetch_optional(&mut **tx)
        .await
}

pub async fn enrol(
    tx: &mut Tx<'_>,
    org: OrgId,
    user: UserId,
    role: &str,
    customer: Option<CustomerId>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, customer_id, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(org)
    .bind(user)
    .bind(role)
    .bind(customer)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Does `email` already belong to a member (staff or customer login) of the organisation?
pub async fn email_in_org(pool: &AnyPool, org: OrgId, email: &Email) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2",
    )
    .bind(org)
    .bind(email.as_str())
    .fetch_optional(pool)
    .await?
    .is_some())
}
