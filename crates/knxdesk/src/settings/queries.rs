//! The SQL of the settings pages: the signed-in user's profile and sessions, the organisation's
//! settings. Rows are read by column name.

use sqlx::AnyPool;

use crate::types::{OrgId, UserId};

#[derive(sqlx::FromRow)]
pub struct Profile {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub language: String,
}

pub async fn profile(pool: &AnyPool, user: UserId) -> Result<Profile, sqlx::Error> {
    sqlx::query_as("SELECT name, email, phone, language FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(pool)
        .await
}

pub async fn update_profile(
    pool: &AnyPool,
    user: UserId,
    name: &str,
    phone: &str,
    language: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET name = $1, phone = $2, language = $3 WHERE id = $4")
        .bind(name)
        .bind(phone)
        .bind(language)
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}

/// How many sessions (browsers) the user is signed in with.
pub async fn session_count(pool: &AnyPool, user: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
        .bind(user)
        .fetch_one(pool)
        .await
}

/// Renames the organisation and sets its language; `false` when it does not exist.
pub async fn update_org(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    name: &str,
    language: &str,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query("UPDATE organisations SET name = $1, language = $2 WHERE id = $3")
        .bind(name)
        .bind(language)
        .bind(org)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(changed == 1)
}
