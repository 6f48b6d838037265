//! Server-side sessions. The cookie carries a random 256-bit token; the database keeps only its
//! SHA-256. Sessions end after an idle period or an absolute lifetime, whichever comes first.

use crate::{
    db::read,
    i18n::Lang,
    state::AppState,
    tokens::{hash_token, looks_like_token, new_token},
    types::{OrgId, UserId},
    web::layout::OrgSummary,
};

pub const COOKIE: &str = "knxdesk_session";
/// Writing `last_seen_at` on every request would turn reads into writes; once a minute is enough.
const TOUCH_AFTER_SECS: i64 = 60;

/// The signed-in user, as loaded for this request.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub language: Lang,
    /// Their own time zone; empty: the organisation's.
    pub time_zone: String,
    pub is_instance_admin: bool,
    pub last_org_id: Option<OrgId>,
    /// Unread notifications (the bell's count), read with the session.
    pub unread_notifications: i64,
    /// Hash of this session's token (to end just this session).
    pub session_hash: String,
    /// The user's organisations and roles, by name: loaded with the session in one query, so
    /// a membership removed a moment ago is gone on the very next request.
    pub orgs: Vec<OrgSummary>,
}

/// Starts a new session for `user` and returns the cookie token. A fresh token at every sign-in
/// means a token planted before sign-in is worthless afterwards.
pub async fn create(
    state: &AppState,
    user: UserId,
    user_agent: &str,
    ip: &str,
) -> anyhow::Result<String> {
    let token = new_token();
    let now = state.clock.now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&token.hash)
    .bind(user)
    .bind(now)
    .bind(now)
    .bind(now + state.config.session_absolute_secs)
    .bind(user_agent.chars().take(300).collect::<String>())
    .bind(ip)
    .execute(&state.db.pool)
    .await?;
    Ok(token.plain)
}

/// Finds the live session for a cookie token, refreshing its idle timer now and then.
pub async fn load(state: &AppState, token: &str) -> anyhow::Result<Option<SessionUser>> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let hash = hash_token(token);
    let now = state.clock.now();
    // One row per membership (or one without): the session, its user and their organisations.
    let rows = read(
        "SELECT s.last_seen_at, s.expires_at, u.id, u.email, u.name, u.language, u.time_zone, u.is_instance_admin, u.last_org_id, \
                o.id AS org_id, o.name AS org_name, o.language AS org_language, o.time_zone AS org_time_zone, m.id AS member_id, m.role, m.customer_id, \
                o.contact_email, o.contact_phone, o.contact_website, o.contact_address, o.logo_version, \
                (SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN memberships m ON m.user_id = u.id \
         LEFT JOIN organisations o ON o.id = m.org_id \
         WHERE s.token_hash = $1 ORDER BY o.name, o.id",
    )
    .bind(&hash)
    .fetch_all(&state.db, |row| {
        let first = (
            row.try_get::<i64>("last_seen_at")?,
            row.try_get::<i64>("expires_at")?,
            UserId(row.try_get("id")?),
            row.try_get::<String>("email")?,
            row.try_get::<String>("name")?,
            row.try_get::<String>("language")?,
            row.try_get::<String>("time_zone")?,
            row.try_get::<i64>("is_instance_admin")? != 0,
            row.try_get::<Option<OrgId>>("last_org_id")?,
            row.try_get::<i64>("unread")?,
        );
        Ok((first, OrgSummary::from_row(row)?))
    })
    .await?;
    let Some((
        (
            last_seen,
            expires_at,
            id,
            email,
            name,
            language,
            time_zone,
            is_instance_admin,
            last_org_id,
            unread,
        ),
        _,
    )) = rows.first().cloned()
    else {
        return Ok(None);
    };
    if expires_at <= now || last_seen + state.config.session_idle_secs <= now {
        end(state, &hash).await?;
        return Ok(None);
    }
    if now - last_seen >= TOUCH_AFTER_SECS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(Some(SessionUser {
        id,
        email,
        name,
        language: Lang::parse(&language).unwrap_or_default(),
        time_zone,
        is_instance_admin,
        last_org_id,
        session_hash: hash,
        unread_notifications: unread,
        orgs: rows.into_iter().filter_map(|(_, org)| org).collect(),
    }))
}

/// The organisation `/` leads this user to next time.
pub async fn remember_org(state: &AppState, user: UserId, org: OrgId) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET last_org_id = $1 WHERE id = $2")
        .bind(org)
        .bind(user)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

pub async fn end(state: &AppState, session_hash: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(session_hash)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Ends every session of a user ("sign out everywhere", password change or reset).
pub async fn end_all(state: &AppState, user: UserId) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Ends every session of a user except `keep` (after a password change in this session).
pub async fn end_others(state: &AppState, user: UserId, keep: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user)
        .bind(keep)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}
