//! Staff invitations (A2): an administrator invites an email with a role, resends (a new token:
//! the old link stops working) or revokes. Token rules and accepting live in `crate::invitations`.

use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    authz::{Action, Role},
    clock::format_utc,
    db::Row,
    i18n::Lang,
    invitations::{InviteState, VALID_SECS, email_in_org},
    mail,
    state::AppState,
    tokens::new_token,
    types::{Email, InvitationId, OrgId},
    web::{AppError, AppResult, FieldErrors, Ids, OrgCtx, flash, render_status},
};

pub struct InvitationRow {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub state: InviteState,
    pub expires: String,
}

/// Open invitations (pending or expired) of an organisation, newest first.
pub async fn list(state: &AppState, org: OrgId) -> AppResult<Vec<InvitationRow>> {
    let now = state.clock.now();
    let rows = sqlx::query(
        "SELECT id, email, role, created_at, expires_at, accepted_at, revoked_at FROM staff_invitations \
         WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
    )
    .bind(org)
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let expires_at: i64 = r.try_get(4)?;
        out.push(InvitationRow {
            id: r.try_get(0)?,
            email: r.try_get(1)?,
            role: Role::parse(&r.try_get::<String, _>(2)?).unwrap_or(Role::Member),
            expires: format_utc(expires_at),
            state: InviteState::of(now, expires_at, r.try_get(5)?, r.try_get(6)?),
        });
    }
    Ok(out)
}

async fn send_mail<'e, E>(
    executor: E,
    o: &OrgCtx,
    email: &Email,
    role: Role,
    token: &str,
) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let state = &o.viewer.state;
    let lang = Lang::parse(&o.org.language).unwrap_or_default();
    let link = format!("{}/invite/{token}", state.config.base_url);
    let role_name = lang.catalog().get(role.label_key()).to_string();
    let m = mail::compose(
        lang,
        "staff_invitation",
        email.as_str(),
        &link,
        &[
            ("org", &o.org.name),
            ("inviter", &o.user.name),
            ("role", &role_name),
        ],
    )?;
    mail::queue(executor, state, &m).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    role: String,
}

pub async fn create(o: OrgCtx, Form(f): Form<InviteForm>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    let t = o.t();
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(&f.email), t);
    let role = Role::parse_staff(&f.role);
    if role.is_none() {
        errors.add("role", t.get("members.bad_role").into());
    }
    if let Some(email) = &email
        && email_in_org(&state.db.pool, o.org_id(), email).await?
    {
        errors.add("email", t.get("invite.already_member").into());
    }
    let (Some(email), Some(role), true) = (email, role, errors.is_empty()) else {
        let page = super::members::page(&o, f.email, f.role, errors).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let now = state.clock.now();
    let token = new_token();
    let mut tx = state.db.begin().await?;
    // One open invitation per address: a new one replaces the previous.
    sqlx::query("UPDATE staff_invitations SET revoked_at = $1 WHERE org_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(now)
        .bind(o.org_id())
        .bind(email.as_str())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO staff_invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(o.org_id())
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(&token.hash)
    .bind(o.user_id())
    .bind(now)
    .bind(now + VALID_SECS)
    .execute(&mut *tx)
    .await?;
    mail_and_commit(
        &o,
        tx,
        &email,
        role,
        &token.plain,
        "member_invited",
        "invite.sent",
    )
    .await
}

/// Queues the invitation mail, logs, commits, and goes back to the member list.
async fn mail_and_commit(
    o: &OrgCtx,
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    email: &Email,
    role: Role,
    token: &str,
    action: &str,
    flash_key: &str,
) -> AppResult<Response> {
    send_mail(&mut *tx, o, email, role, token).await?;
    o.log(&mut *tx, action, email.as_str()).await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path("/members"),
        flash_key,
        &[("email", email.as_str())],
    ))
}

/// An open invitation of this organisation; anything else is not found.
async fn open_invitation(o: &OrgCtx, id: InvitationId) -> AppResult<(Email, Role)> {
    let row = sqlx::query(
        "SELECT email, role FROM staff_invitations WHERE id = $1 AND org_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(o.org_id())
    .fetch_optional(&o.viewer.state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let email = Email::parse(&row.try_get::<String, _>(0)?).map_err(|_| AppError::NotFound)?;
    let role = Role::parse(&row.try_get::<String, _>(1)?).unwrap_or(Role::Member);
    Ok((email, role))
}

pub async fn resend(o: OrgCtx, Ids((_, id)): Ids<(OrgId, InvitationId)>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    let (email, role) = open_invitation(&o, id).await?;
    let now = state.clock.now();
    let token = new_token();
    let mut tx = state.db.begin().await?;
    // A new token replaces the old hash: the previous link stops working.
    sqlx::query("UPDATE staff_invitations SET token_hash = $1, created_at = $2, expires_at = $3 WHERE id = $4 AND org_id = $5")
        .bind(&token.hash)
        .bind(now)
        .bind(now + VALID_SECS)
        .bind(id)
        .bind(o.org_id())
        .execute(&mut *tx)
        .await?;
    mail_and_commit(
        &o,
        tx,
        &email,
        role,
        &token.plain,
        "invitation_resent",
        "invite.resent",
    )
    .await
}

pub async fn revoke(o: OrgCtx, Ids((_, id)): Ids<(OrgId, InvitationId)>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    let (email, _) = open_invitation(&o, id).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE staff_invitations SET revoked_at = $1 WHERE id = $2 AND org_id = $3")
        .bind(now)
        .bind(id)
        .bind(o.org_id())
        .execute(&mut *tx)
        .await?;
    o.log(&mut *tx, "invitation_revoked", email.as_str())
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path("/members"),
        "invite.revoked",
        &[("email", email.as_str())],
    ))
}
