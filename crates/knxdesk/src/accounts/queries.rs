//! The SQL of password resets, sign-up requests and instance administrators (the users table's
//! own queries are in `users.rs`). Token rows are found by the SHA-256 of the token; rows are
//! read by column name.

use sqlx::AnyPool;

use crate::{
    db::Tx,
    types::{Email, UserId},
};

/// Records a password-reset token (its hash) for `user`, valid until `expires_at`.
pub async fn insert_reset(
    pool: &AnyPool,
    token_hash: &str,
    user: UserId,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct Reset {
    pub user_id: UserId,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn find_reset(pool: &AnyPool, token_hash: &str) -> Result<Option<Reset>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(pool)
        .await
}

/// Uses the token up; of two concurrent uses only one gets `true`.
pub async fn claim_reset(pool: &AnyPool, token_hash: &str, now: i64) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(claimed == 1)
}

/// Drops the user's other unused reset links (after a reset).
pub async fn drop_open_resets(pool: &AnyPool, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL")
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}

/// A sign-up waiting for its email to be confirmed.
#[derive(sqlx::FromRow)]
pub struct SignupRequest {
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub language: String,
    pub expires_at: i64,
}

pub async fn insert_signup_request(
    pool: &AnyPool,
    token_hash: &str,
    now: i64,
    r: &SignupRequest,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO signup_requests (token_hash, email, name, password_hash, language, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_hash)
    .bind(&r.email)
    .bind(&r.name)
    .bind(&r.password_hash)
    .bind(&r.language)
    .bind(now)
    .bind(r.expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn find_signup_request(
    pool: &AnyPool,
    token_hash: &str,
) -> Result<Option<SignupRequest>, sqlx::Error> {
    sqlx::query_as(
        "SELECT email, name, password_hash, language, expires_at FROM signup_requests WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await
}

/// Every pending sign-up of the address goes once it has an account.
pub async fn drop_signup_requests(tx: &mut Tx<'_>, email: &Email) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM signup_requests WHERE email = $1")
        .bind(email.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn make_instance_admin(pool: &AnyPool, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET is_instance_admin = 1 WHERE id = $1")
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}
