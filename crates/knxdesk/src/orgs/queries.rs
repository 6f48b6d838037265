//! The SQL of organisations and their members. Rows are read by column name (`FromRow`).

use sqlx::AnyPool;

use crate::types::{CustomerId, Email, InvitationId, MemberId, OrgId, UserId};

/// A member with their account, as the members page lists them.
#[derive(sqlx::FromRow)]
pub struct Member {
    pub member_id: MemberId,
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: String,
    pub created_at: i64,
    /// The customer a portal user belongs to (id and name); `None` for staff.
    pub customer_id: Option<CustomerId>,
    pub customer_name: Option<String>,
}

/// The organisation's members, by name.
pub async fn members(pool: &AnyPool, org: OrgId) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id AS member_id, u.id AS user_id, u.name, u.email, m.role, m.created_at, \
                m.customer_id, c.name AS customer_name \
         FROM memberships m JOIN users u ON u.id = m.user_id \
         LEFT JOIN customers c ON c.id = m.customer_id AND c.org_id = m.org_id \
         WHERE m.org_id = $1 ORDER BY u.name, u.id",
    )
    .bind(org)
    .fetch_all(pool)
    .await
}

/// One member of this organisation (another organisation's member id finds nothing).
pub async fn member(
    pool: &AnyPool,
    org: OrgId,
    id: MemberId,
) -> Result<Option<Member>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id AS member_id, u.id AS user_id, u.name, u.email, m.role, m.created_at, \
                m.customer_id, c.name AS customer_name \
         FROM memberships m JOIN users u ON u.id = m.user_id \
         LEFT JOIN customers c ON c.id = m.customer_id AND c.org_id = m.org_id \
         WHERE m.id = $1 AND m.org_id = $2",
    )
    .bind(id)
    .bind(org)
    .fetch_optional(pool)
    .await
}

pub async fn owner(pool: &AnyPool, org: OrgId) -> Result<UserId, sqlx::Error> {
    sqlx::query_scalar("SELECT owner_user_id FROM organisations WHERE id = $1")
        .bind(org)
        .fetch_one(pool)
        .await
}

pub async fn administrator_count(pool: &AnyPool, org: OrgId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'administrator'",
    )
    .bind(org)
    .fetch_one(pool)
    .await
}

pub async fn set_role(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: MemberId,
    role: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE memberships SET role = $1 WHERE id = $2 AND org_id = $3")
        .bind(role)
        .bind(id)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Removes a membership; a customer's portal login removed this way takes the invitation it
/// accepted with it, so the customers list shows "not invited" rather than an access that no
/// longer exists.
pub async fn remove(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: MemberId,
    user: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM memberships WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM customer_invitations WHERE org_id = $1 AND accepted_by = $2")
        .bind(org)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_owner(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    user: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET owner_user_id = $1 WHERE id = $2")
        .bind(user)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An open staff invitation (not accepted, not revoked; it may have expired).
#[derive(sqlx::FromRow)]
pub struct StaffInvitation {
    pub id: InvitationId,
    pub email: String,
    pub role: String,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const OPEN_INVITATIONS: &str = "SELECT id, email, role, expires_at, accepted_at, revoked_at FROM staff_invitations \
     WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL";

/// The organisation's open invitations, newest first.
pub async fn open_invitations(
    pool: &AnyPool,
    org: OrgId,
) -> Result<Vec<StaffInvitation>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{OPEN_INVITATIONS} ORDER BY created_at DESC, id DESC"
    ))
    .bind(org)
    .fetch_all(pool)
    .await
}

pub async fn open_invitation(
    pool: &AnyPool,
    org: OrgId,
    id: InvitationId,
) -> Result<Option<StaffInvitation>, sqlx::Error> {
    sqlx::query_as(&format!("{OPEN_INVITATIONS} AND id = $2"))
        .bind(org)
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub struct NewInvitation<'a> {
    pub email: &'a Email,
    pub role: &'a str,
    pub token_hash: &'a str,
    pub invited_by: UserId,
}

/// Invites an address; an open invitation of the same address is replaced (revoked).
pub async fn invite(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    now: i64,
    expires_at: i64,
    i: &NewInvitation<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_invitations SET revoked_at = $1 WHERE org_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(now)
        .bind(org)
        .bind(i.email.as_str())
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO staff_invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org)
    .bind(i.email.as_str())
    .bind(i.role)
    .bind(i.token_hash)
    .bind(i.invited_by)
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A new token for the invitation: the previous link stops working.
pub async fn renew_invitation(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: InvitationId,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_invitations SET token_hash = $1, created_at = $2, expires_at = $3 WHERE id = $4 AND org_id = $5")
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .bind(id)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn revoke_invitation(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    id: InvitationId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_invitations SET revoked_at = $1 WHERE id = $2 AND org_id = $3")
        .bind(now)
        .bind(id)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates the organisation with `owner` as its administrator.
pub async fn insert_org(
    tx: &mut crate::db::Tx<'_>,
    now: i64,
    owner: UserId,
    name: &str,
    language: &str,
) -> Result<OrgId, sqlx::Error> {
    let org: OrgId = sqlx::query_scalar(
        "INSERT INTO organisations (name, language, owner_user_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(language)
    .bind(owner)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(org)
    .bind(owner)
    .bind(crate::authz::Role::Administrator.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(org)
}

/// Every organisation of the instance, for its administrator.
#[derive(sqlx::FromRow)]
pub struct OrgOverview {
    pub id: OrgId,
    pub name: String,
    /// The Customer Login module (M1): 1 when on.
    pub customer_login: i64,
    pub owner_email: String,
    pub members: i64,
    pub created_at: i64,
}

pub async fn all_orgs(pool: &AnyPool) -> Result<Vec<OrgOverview>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.name, o.customer_login, u.email AS owner_email, (SELECT COUNT(*) FROM memberships m WHERE m.org_id = o.id) AS members, o.created_at \
         FROM organisations o JOIN users u ON u.id = o.owner_user_id ORDER BY o.name, o.id",
    )
    .fetch_all(pool)
    .await
}
