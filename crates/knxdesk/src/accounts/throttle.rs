//! Abuse limits, counted in the database so they hold across app instances.
//!
//! A limit is a fixed window per key: each attempt *takes* one unit with a single atomic upsert
//! that returns the new count, and is refused when that count passes the limit. Taking before
//! the expensive or visible work (a password hash, a mail) is what makes the limit hold under
//! concurrency: 40 simultaneous attempts get the counts 1..40, and only the first few proceed.
//!
//! Sign-in (see README, "Sign-in throttling"):
//! - an account from one client: [`SIGN_IN_PAIR`] failures, then that client is locked out of
//!   that account for the window; the client is its address, or its device cookie when it has
//!   signed in to this account before (so the owner's own browser has a lock of its own);
//! - an account from all clients it does not know: [`SIGN_IN_ACCOUNT`], a softer limit: the
//!   owner's known devices are not counted and still get in;
//! - one address over all accounts: [`SIGN_IN_ADDRESS`] (credential stuffing), not for known
//!   devices.
//!
//! Mails a stranger can cause (sign-up, password reset) are limited per address and per client,
//! the same whether or not an account exists.

use crate::state::AppState;

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max: i64,
    pub window_secs: i64,
}

const QUARTER_HOUR: i64 = 15 * 60;
pub const SIGN_IN_PAIR: Limit = Limit {
    max: 5,
    window_secs: QUARTER_HOUR,
};
pub const SIGN_IN_ACCOUNT: Limit = Limit {
    max: 20,
    window_secs: QUARTER_HOUR,
};
pub const SIGN_IN_ADDRESS: Limit = Limit {
    max: 30,
    window_secs: QUARTER_HOUR,
};
/// Mails to one address per hour (sign-up, "you already have an account", password reset).
pub const MAIL_TO_ADDRESS: Limit = Limit {
    max: 3,
    window_secs: 3600,
};
/// Such mails caused from one client per hour, to any addresses.
pub const MAIL_FROM_CLIENT: Limit = Limit {
    max: 10,
    window_secs: 3600,
};

pub fn account_key(email: &str) -> String {
    format!("signin-account:{}", email.trim().to_lowercase())
}
pub fn pair_key(email: &str, client: &str) -> String {
    format!("signin-pair:{}|{client}", email.trim().to_lowercase())
}
pub fn address_key(ip: &str) -> String {
    format!("signin-address:{ip}")
}
pub fn mail_to_key(email: &str) -> String {
    format!("mail-to:{}", email.trim().to_lowercase())
}
pub fn mail_from_key(ip: &str) -> String {
    format!("mail-from:{ip}")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Refused; the window ends this many seconds from now.
    Denied {
        retry_after_secs: i64,
    },
}

impl Decision {
    /// Minutes to wait, rounded up, for messages.
    pub fn minutes(self) -> i64 {
        match self {
            Decision::Allowed => 0,
            Decision::Denied { retry_after_secs } => (retry_after_secs + 59) / 60,
        }
    }
}

/// Takes one unit of `key` under `limit`.
pub async fn take(state: &AppState, key: &str, limit: Limit) -> anyhow::Result<Decision> {
    let now = state.clock.now();
    // A window that has run out starts again at now with this attempt as its first.
    let (hits, window_start): (i64, i64) = sqlx::query_as(
        "INSERT INTO throttle_counters (throttle_key, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (throttle_key) DO UPDATE SET \
           hits = CASE WHEN throttle_counters.window_start <= $3 THEN 1 ELSE throttle_counters.hits + 1 END, \
           window_start = CASE WHEN throttle_counters.window_start <= $3 THEN $2 ELSE throttle_counters.window_start END \
         RETURNING hits, window_start",
    )
    .bind(key)
    .bind(now)
    .bind(now - limit.window_secs)
    .fetch_one(&state.db.pool)
    .await?;
    if hits == 1 {
        // A new window: now and then is often enough to drop what no window looks at any more.
        sqlx::query("DELETE FROM throttle_counters WHERE window_start < $1")
            .bind(now - 24 * 3600)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(if hits > limit.max {
        Decision::Denied {
            retry_after_secs: (window_start + limit.window_secs - now).max(1),
        }
    } else {
        Decision::Allowed
    })
}

/// Takes one unit of each `(key, limit)` in order and stops at the first refusal.
pub async fn take_all(state: &AppState, limits: &[(String, Limit)]) -> anyhow::Result<Decision> {
    for (key, limit) in limits {
        let decision = take(state, key, *limit).await?;
        if decision != Decision::Allowed {
            return Ok(decision);
        }
    }
    Ok(Decision::Allowed)
}

/// Returns the unit an attempt took that turned out fine (a correct password).
pub async fn give_back(state: &AppState, key: &str) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE throttle_counters SET hits = hits - 1 WHERE throttle_key = $1 AND hits > 0",
    )
    .bind(key)
    .execute(&state.db.pool)
    .await?;
    Ok(())
}

pub async fn clear(state: &AppState, key: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM throttle_counters WHERE throttle_key = $1")
        .bind(key)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// What to do with a mail a stranger's request asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum MailPermit {
    Send,
    /// This address had enough mails this hour: answer as if sent, send nothing.
    Skip,
    /// This client asked for too many mails: refuse the request (it says nothing about
    /// whether the address has an account).
    Refused(Decision),
}

/// Counted per client, then per address, before anything looks at whether the address has an
/// account, so the answer is the same either way.
pub async fn mail_permit(state: &AppState, email: &str, ip: &str) -> anyhow::Result<MailPermit> {
    let from = take(state, &mail_from_key(ip), MAIL_FROM_CLIENT).await?;
    if from != Decision::Allowed {
        return Ok(MailPermit::Refused(from));
    }
    Ok(
        match take(state, &mail_to_key(email), MAIL_TO_ADDRESS).await? {
            Decision::Allowed => MailPermit::Send,
            Decision::Denied { .. } => MailPermit::Skip,
        },
    )
}
