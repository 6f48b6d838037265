//! Staff invitations (A2): an administrator invites an email with a role; the link carries a
//! 256-bit token of which only the SHA-256 is stored; single use, valid 7 days, resend (new
//! token, the old link stops working) and revoke. Accepting signs up or signs in and enrols.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    accounts::{password, users},
    activity,
    app::AppState,
    authz::{Action, Role},
    clock::format_utc,
    db::Row,
    i18n::Lang,
    mail,
    tokens::{hash_token, looks_like_token, new_token},
    types::{Email, InvitationId, NewPassword, OrgId, UserId, required_text},
    web::{
        AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, Viewer, flash, render, render_status,
    },
};

pub const VALID_SECS: i64 = 7 * 24 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteState {
    Pending,
    Accepted,
    Expired,
    Revoked,
}

impl InviteState {
    fn of(now: i64, expires_at: i64, accepted: Option<i64>, revoked: Option<i64>) -> Self {
        if accepted.is_some() {
            InviteState::Accepted
        } else if revoked.is_some() {
            InviteState::Revoked
        } else if expires_at <= now {
            InviteState::Expired
        } else {
            InviteState::Pending
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            InviteState::Pending => "invite.state.pending",
            InviteState::Accepted => "invite.state.accepted",
            InviteState::Expired => "invite.state.expired",
            InviteState::Revoked => "invite.state.revoked",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            InviteState::Pending => "pending",
            InviteState::Accepted => "accepted",
            InviteState::Expired => "expired",
            InviteState::Revoked => "revoked",
        }
    }

    pub fn is_pending(self) -> bool {
        self == InviteState::Pending
    }
}

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
    .bind(org.0)
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
    if let Some(email) = &email {
        let member = sqlx::query("SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2")
            .bind(o.org_id().0)
            .bind(email.as_str())
            .fetch_optional(&state.db.pool)
            .await?;
        if member.is_some() {
            errors.add("email", t.get("invite.already_member").into());
        }
    }
    let (Some(email), Some(role), true) = (email, role, errors.is_empty()) else {
        let page = super::members::page(&o, f.email, f.role, errors).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let now = state.clock.now();
    let token = new_token();
    let mut tx = state.db.pool.begin().await?;
    // One open invitation per address: a new one replaces the previous.
    sqlx::query("UPDATE staff_invitations SET revoked_at = $1 WHERE org_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(now)
        .bind(o.org_id().0)
        .bind(email.as_str())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO staff_invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(o.org_id().0)
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(&token.hash)
    .bind(o.user_id().0)
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
    .bind(id.0)
    .bind(o.org_id().0)
    .fetch_optional(&o.viewer.state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let email = Email::parse(&row.try_get::<String, _>(0)?).map_err(|_| AppError::NotFound)?;
    let role = Role::parse(&row.try_get::<String, _>(1)?).unwrap_or(Role::Member);
    Ok((email, role))
}

pub async fn resend(o: OrgCtx, Ids((_, id)): Ids<(i64, i64)>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    let (email, role) = open_invitation(&o, InvitationId(id)).await?;
    let now = state.clock.now();
    let token = new_token();
    let mut tx = state.db.pool.begin().await?;
    // A new token replaces the old hash: the previous link stops working.
    sqlx::query("UPDATE staff_invitations SET token_hash = $1, created_at = $2, expires_at = $3 WHERE id = $4 AND org_id = $5")
        .bind(&token.hash)
        .bind(now)
        .bind(now + VALID_SECS)
        .bind(id)
        .bind(o.org_id().0)
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

pub async fn revoke(o: OrgCtx, Ids((_, id)): Ids<(i64, i64)>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    let (email, _) = open_invitation(&o, InvitationId(id)).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    sqlx::query("UPDATE staff_invitations SET revoked_at = $1 WHERE id = $2 AND org_id = $3")
        .bind(now)
        .bind(id)
        .bind(o.org_id().0)
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

// ----- accepting -----

struct Invitation {
    org_id: OrgId,
    org_name: String,
    email: Email,
    role: Role,
    inviter: String,
}

/// A usable invitation for a token, or a page that says clearly why not.
async fn usable(state: &AppState, token: &str) -> AppResult<Invitation> {
    if !looks_like_token(token) {
        return Err(AppError::Gone("invite.link_invalid"));
    }
    let row = sqlx::query(
        "SELECT i.org_id, o.name, i.email, i.role, u.name, i.expires_at, i.accepted_at, i.revoked_at \
         FROM staff_invitations i JOIN organisations o ON o.id = i.org_id JOIN users u ON u.id = i.invited_by \
         WHERE i.token_hash = $1",
    )
    .bind(hash_token(token))
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::Gone("invite.link_invalid"))?;
    match InviteState::of(
        state.clock.now(),
        row.try_get(5)?,
        row.try_get(6)?,
        row.try_get(7)?,
    ) {
        InviteState::Pending => {}
        InviteState::Accepted => return Err(AppError::Gone("invite.link_used")),
        InviteState::Expired => return Err(AppError::Gone("invite.link_expired")),
        InviteState::Revoked => return Err(AppError::Gone("invite.link_revoked")),
    }
    Ok(Invitation {
        org_id: OrgId(row.try_get(0)?),
        org_name: row.try_get(1)?,
        email: Email::parse(&row.try_get::<String, _>(2)?)
            .map_err(|_| AppError::Gone("invite.link_invalid"))?,
        role: Role::parse(&row.try_get::<String, _>(3)?).unwrap_or(Role::Member),
        inviter: row.try_get(4)?,
    })
}

#[derive(Template)]
#[template(path = "orgs/accept.html")]
struct AcceptPage {
    l: Layout,
    token: String,
    org_name: String,
    inviter: String,
    role: String,
    email: String,
    has_account: bool,
    name: String,
    errors: FieldErrors,
}

async fn accept_page(
    viewer: &Viewer,
    token: String,
    inv: Invitation,
    name: String,
    errors: FieldErrors,
) -> AppResult<AcceptPage> {
    let has_account = users::find_by_email(&viewer.state, inv.email.as_str())
        .await?
        .is_some();
    Ok(AcceptPage {
        l: viewer.layout("", "invite.accept_title").await?,
        token,
        role: viewer.t().get(inv.role.label_key()).into(),
        org_name: inv.org_name,
        inviter: inv.inviter,
        email: inv.email.to_string(),
        has_account,
        name,
        errors,
    })
}

pub async fn show(viewer: Viewer, Ids(token): Ids<String>) -> AppResult<Response> {
    let inv = usable(&viewer.state, &token).await?;
    render(&accept_page(&viewer, token, inv, String::new(), FieldErrors::default()).await?)
}

/// Marks the invitation used and enrols `user`, in one transaction; exactly one of several
/// concurrent acceptances wins.
async fn enrol(
    state: &AppState,
    token: &str,
    inv: &Invitation,
    user: UserId,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> AppResult<()> {
    let now = state.clock.now();
    let claimed = sqlx::query(
        "UPDATE staff_invitations SET accepted_at = $1, accepted_by = $2 \
         WHERE token_hash = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(user.0)
    .bind(hash_token(token))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(AppError::Gone("invite.link_used"));
    }
    let existing = sqlx::query("SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(inv.org_id.0)
        .bind(user.0)
        .fetch_optional(&mut **tx)
        .await?;
    if existing.is_none() {
        sqlx::query(
            "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(inv.org_id.0)
        .bind(user.0)
        .bind(inv.role.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    activity::record(
        &mut **tx,
        now,
        inv.org_id,
        user,
        "member_joined",
        inv.email.as_str(),
    )
    .await?;
    Ok(())
}

/// A signed-in user accepts (whatever their account's address: holding the link is the proof).
pub async fn accept(viewer: Viewer, Ids(token): Ids<String>) -> AppResult<Response> {
    let Some(user) = viewer.user().cloned() else {
        return Err(AppError::SignInRequired(format!("/invite/{token}")));
    };
    let state = &viewer.state;
    let inv = usable(state, &token).await?;
    let mut tx = state.db.pool.begin().await?;
    enrol(state, &token, &inv, user.id, &mut tx).await?;
    tx.commit().await?;
    Ok(flash::success(
        &format!("/o/{}/", inv.org_id),
        "invite.joined",
        &[("org", &inv.org_name)],
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignUpForm {
    name: String,
    password: String,
}

/// A new user creates their account (for the invited address) and joins in one step.
pub async fn sign_up_and_accept(
    viewer: Viewer,
    Ids(token): Ids<String>,
    Form(f): Form<SignUpForm>,
) -> AppResult<Response> {
    let state = &viewer.state;
    let inv = usable(state, &token).await?;
    let t = viewer.t();
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&f.name, 100), t);
    let pw = errors.check("password", NewPassword::parse(&f.password), t);
    let (Some(name), Some(pw)) = (name, pw) else {
        let page = accept_page(&viewer, token, inv, f.name, errors).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let hash = password::hash(pw.expose()).await?;
    let mut tx = state.db.pool.begin().await?;
    let Some(user) = users::insert(
        &mut *tx,
        state.clock.now(),
        &inv.email,
        &name,
        &hash,
        viewer.ctx.lang.code(),
    )
    .await?
    else {
        tx.rollback().await?;
        let mut errors = FieldErrors::default();
        errors.add("name", t.get("invite.account_exists").into());
        let page = accept_page(&viewer, token, inv, name, errors).await?;
        return render_status(StatusCode::CONFLICT, &page);
    };
    enrol(state, &token, &inv, user, &mut tx).await?;
    tx.commit().await?;
    let mut res =
        crate::accounts::start_session(&viewer, user, &format!("/o/{}/", inv.org_id)).await?;
    flash::set(
        &mut res,
        flash::FlashKind::Success,
        "invite.joined",
        &[("org", &inv.org_name)],
    );
    Ok(res)
}
