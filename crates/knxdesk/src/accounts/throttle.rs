//! Sign-in throttling in the database (so it holds across app instances): at most
//! [`ACCOUNT_LIMIT`] failures per account and [`ADDRESS_LIMIT`] per client address within
//! [`WINDOW_SECS`]; then sign-in is refused with a message saying when to try again.

use crate::{app::AppState, db::Row};

pub const WINDOW_SECS: i64 = 15 * 60;
pub const ACCOUNT_LIMIT: i64 = 5;
pub const ADDRESS_LIMIT: i64 = 30;
/// Password reset mails per address and hour.
pub const RESET_LIMIT: i64 = 3;

pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}
pub fn address_key(ip: &str) -> String {
    format!("address:{ip}")
}
pub fn reset_key(email: &str) -> String {
    format!("reset:{}", email.trim().to_lowercase())
}

/// Counts attempts under `key` in the last `window` seconds.
pub async fn count(state: &AppState, key: &str, window: i64) -> anyhow::Result<i64> {
    let row =
        sqlx::query("SELECT COUNT(*) FROM login_attempts WHERE throttle_key = $1 AND at > $2")
            .bind(key)
            .bind(state.clock.now() - window)
            .fetch_one(&state.db.pool)
            .await?;
    Ok(row.try_get(0)?)
}

pub async fn record(state: &AppState, key: &str) -> anyhow::Result<()> {
    let now = state.clock.now();
    sqlx::query("INSERT INTO login_attempts (throttle_key, at) VALUES ($1, $2)")
        .bind(key)
        .bind(now)
        .execute(&state.db.pool)
        .await?;
    // Keep the table small: drop what no window looks at any more.
    sqlx::query("DELETE FROM login_attempts WHERE at < $1")
        .bind(now - 24 * 3600)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

pub async fn clear(state: &AppState, key: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM login_attempts WHERE throttle_key = $1")
        .bind(key)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Is sign-in for this account or from this address currently blocked?
pub async fn sign_in_blocked(state: &AppState, email: &str, ip: &str) -> anyhow::Result<bool> {
    Ok(
        count(state, &account_key(email), WINDOW_SECS).await? >= ACCOUNT_LIMIT
            || count(state, &address_key(ip), WINDOW_SECS).await? >= ADDRESS_LIMIT,
    )
}
