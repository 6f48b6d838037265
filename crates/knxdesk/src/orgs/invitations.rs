//! Staff invitations (A2): an administrator invites an email with a role, resends (a new token:
//! the old link stops working) or revokes. Token rules and accepting live in `crate::invitations`.

use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    authz::{Action, Role},
    i18n::Lang,
    invitations::{InviteState, VALID_SECS, email_in_org},
    mail,
    state::AppState,
    tokens::new_token,
    types::{Email, InvitationId, OrgId},
    web::{AppError, AppResult, FieldErrors, Ids, OrgCtx, flash, render_status},
};

pub struct InvitationRow {
    pub id: InvitationId,
    pub email: String,
    pub role: Role,
    pub state: InviteState,
    pub expires: crate::clock::Timestamp,
}

/// Open invitations (pending or expired) of an organisation, newest first.
pub async fn list(state: &AppState, org: OrgId) -> AppResult<Vec<InvitationRow>> {
    let now = state.clock.now();
    let out = super::queries::open_invitations(&state.db.pool, org)
        .await?
        .into_iter()
        .map(|i| InvitationRow {
            id: i.id,
            email: i.email,
            role: Role::parse(&i.role).unwrap_or(Role::Member),
            expires: i.expires_at,
            state: InviteState::of(now, i.expires_at, i.accepted_at, i.revoked_at),
        })
        .collect();
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
    super::queries::invite(
        &mut tx,
        o.org_id(),
        now,
        now + VALID_SECS,
        &super::queries::NewInvitation {
            email: &email,
            role: role.as_str(),
            token_hash: &token.hash,
            invited_by: o.user_id(),
        },
    )
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
    let i = super::queries::open_invitation(&o.viewer.state.db.pool, o.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let email = Email::parse(&i.email).map_err(|_| AppError::NotFound)?;
    let role = Role::parse(&i.role).unwrap_or(Role::Member);
    Ok((email, role))
}

pub async fn resend(o: OrgCtx, Ids((_, id)): Ids<(OrgId, InvitationId)>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    let (email, role) = open_invitation(&o, id).await?;
    let now = state.clock.now();
    let token = new_token();
    let mut tx = state.db.begin().await?;
    super::queries::renew_invitation(&mut tx, o.org_id(), id, &token.hash, now, now + VALID_SECS)
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
    super::queries::revoke_invitation(&mut tx, o.org_id(), id, now).await?;
    o.log(&mut *tx, "invitation_revoked", email.as_str())
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path("/members"),
        "invite.revoked",
        &[("email", email.as_str())],
    ))
}
