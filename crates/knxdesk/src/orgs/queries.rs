//! The SQL of organisations and their members. Rows are read by column name (`FromRow`).

use sqlx::AnyPool;

use crate::types::{MemberId, OrgId, UserId};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// A member with their account, as the members page lists them.
#[derive(sqlx::FromRow)]
pub struct Member {
    pub member_id: MemberId,
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: String,
    pub created_at: i64,
}

/// The organisation's members, by name.
pub async fn members(pool: &AnyPool, org: OrgId) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id AS member_id, u.id AS user_id, u.name, u.email, m.role, m.created_at \
         FROM memberships m JOIN users u ON u.id = m.user_id \
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
        "SELECT m.id AS member_id, u.id AS user_id, u.name, u.email, m.role, m.created_at \
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.id = $1 AND m.org_id = $2",
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
    tx: &mut Tx<'_>,
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
    tx: &mut Tx<'_>,
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

pub async fn set_owner(tx: &mut Tx<'_>, org: OrgId, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET owner_user_id = $1 WHERE id = $2")
        .bind(user)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
