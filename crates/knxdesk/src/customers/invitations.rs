//! Inviting a customer to the portal (C5, C6): the invite dialog, resend, copy link, revoke.
//!
//! The token's rules are those of every invitation (`crate::invitations`). What is particular
//! here: the plaintext link can be copied from the Pending badge for `COPY_WINDOW_SECS` after
//! sending, so it is kept that long, sealed with the server key, then erased (by the next read
//! and by the job worker's sweep) — after that nobody can recover it.

use askama::Template;
use axum::{
    extract::Form,
    http::{HeaderValue, StatusCode, header},
    response::Response,
};
use serde::Deserialize;

use super::queries::{self, Customer, InvitationLink};
use crate::types::OrgId;
use crate::{
    authz::Action,
    crypto,
    i18n::Lang,
    invitations::{VALID_SECS, email_in_org},
    mail,
    state::AppState,
    tokens::{Token, new_token},
    types::{CustomerId, Email},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render, render_status},
};

/// How long after sending the link can still be copied.
pub const COPY_WINDOW_SECS: i64 = 10 * 60;

async fn customer(o: &OrgCtx, id: CustomerId) -> AppResult<Customer> {
    o.require(Action::ManageCustomers)?;
    let state = &o.viewer.state;
    queries::get(&state.db, state.clock.now(), o.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)
}

fn back(o: &OrgCtx) -> String {
    o.path("/customers")
}

#[derive(Template)]
#[template(path = "customers/invite.html")]
struct InvitePage {
    l: Layout,
    invite_action: String,
    invite_name: String,
    invite_email: String,
    invite_errors: FieldErrors,
}

impl InvitePage {
    fn new(o: &OrgCtx, c: &Customer, email: String, errors: FieldErrors) -> Self {
        InvitePage {
            l: o.layout("customers", "invite.customer_title"),
            invite_action: o.path(&format!("/customers/{}/invite", c.id)),
            invite_name: c.name.clone(),
            invite_email: email,
            invite_errors: errors,
        }
    }
}

/// The invite dialog as a page (the customers list opens it in place when scripts run).
pub async fn form(o: OrgCtx, Ids((_, id)): Ids<(OrgId, CustomerId)>) -> AppResult<Response> {
    let c = customer(&o, id).await?;
    render(&InvitePage::new(
        &o,
        &c,
        c.email.clone(),
        FieldErrors::default(),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteForm {
    email: String,
}

/// Sends the invitation to the confirmed address (which becomes the customer's email).
pub async fn create(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, CustomerId)>,
    Form(f): Form<InviteForm>,
) -> AppResult<Response> {
    let c = customer(&o, id).await?;
    if c.invite.is_accepted() {
        return Ok(flash::error(
            &back(&o),
            "invite.customer_has_access",
            &[("name", &c.name)],
        ));
    }
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(&f.email), o.t());
    // An address that already belongs to someone in this organisation cannot become a
    // customer login (one account, one role per organisation): say so before sending.
    if let Some(email) = &email
        && email_in_org(&o.viewer.state.db.pool, o.org_id(), email).await?
    {
        errors.add("email", o.t().get("invite.customer_email_taken").into());
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        let page = InvitePage::new(&o, &c, f.email, errors);
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let state = &o.viewer.state;
    let now = state.clock.now();
    let (token, sealed) = fresh_link(state);
    let mut tx = state.db.begin().await?;
    if email.as_str() != c.email {
        queries::set_email(&mut tx, o.org_id(), &c, now, email.as_str()).await?;
    }
    let sent = sent_now(&o, &token, &sealed, now);
    if !queries::invite(&mut tx, o.org_id(), id, email.as_str(), &sent).await? {
        tx.rollback().await?;
        return Ok(flash::error(
            &back(&o),
            "invite.customer_has_access",
            &[("name", &c.name)],
        ));
    }
    mail_and_commit(
        &o,
        tx,
        &c,
        &email,
        &token.plain,
        "customer_invited",
        "invite.customer_sent",
    )
    .await
}

/// A new token for a pending or expired invitation: the previous link stops working.
pub async fn resend(o: OrgCtx, Ids((_, id)): Ids<(OrgId, CustomerId)>) -> AppResult<Response> {
    let c = customer(&o, id).await?;
    if !c.invite.can_resend() {
        return Ok(flash::error(&back(&o), "invite.not_open", &[]));
    }
    let email = Email::parse(&c.invite.email).map_err(|_| AppError::NotFound)?;
    let state = &o.viewer.state;
    let now = state.clock.now();
    let (token, sealed) = fresh_link(state);
    let mut tx = state.db.begin().await?;
    let sent = sent_now(&o, &token, &sealed, now);
    if !queries::renew_invitation(&mut tx, o.org_id(), id, &sent).await? {
        tx.rollback().await?;
        return Ok(flash::error(&back(&o), "invite.not_open", &[]));
    }
    mail_and_commit(
        &o,
        tx,
        &c,
        &email,
        &token.plain,
        "customer_invitation_resent",
        "invite.resent",
    )
    .await
}

/// Withdraws a pending invitation; its link stops working at once.
pub async fn revoke(o: OrgCtx, Ids((_, id)): Ids<(OrgId, CustomerId)>) -> AppResult<Response> {
    let c = customer(&o, id).await?;
    let state = &o.viewer.state;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !queries::revoke_invitation(&mut tx, o.org_id(), id, now).await? {
        tx.rollback().await?;
        return Ok(flash::error(&back(&o), "invite.not_pending", &[]));
    }
    o.log(&mut *tx, "customer_invitation_revoked", &c.name)
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &back(&o),
        "invite.revoked",
        &[("email", &c.invite.email)],
    ))
}

/// Ends the portal access of an accepted invitation: the customer's portal users leave the
/// organisation at once (their accounts stay) and the customer can be invited again.
pub async fn remove_access(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, CustomerId)>,
) -> AppResult<Response> {
    let c = customer(&o, id).await?;
    if !c.invite.is_accepted() {
        return Ok(flash::error(&back(&o), "invite.no_access_to_remove", &[]));
    }
    let state = &o.viewer.state;
    let mut tx = state.db.begin().await?;
    queries::remove_access(&mut tx, o.org_id(), id).await?;
    o.log(&mut *tx, "customer_access_removed", &c.name).await?;
    tx.commit().await?;
    Ok(flash::success(
        &back(&o),
        "invite.access_removed",
        &[("name", &c.name)],
    ))
}

#[derive(Template)]
#[template(path = "customers/invite_link.html")]
struct LinkPage {
    l: Layout,
    c: Customer,
    link: String,
    until: crate::clock::Timestamp,
}

/// Shows the pending invitation's link for copying, while the copy window is open.
pub async fn copy_link(o: OrgCtx, Ids((_, id)): Ids<(OrgId, CustomerId)>) -> AppResult<Response> {
    let c = customer(&o, id).await?;
    let state = &o.viewer.state;
    let now = state.clock.now();
    erase_old_links(state).await?;
    let kept = queries::kept_link(&state.db, o.org_id(), id, now).await?;
    let opened = kept
        .and_then(|k| crypto::open(&state.secret, &k.link_sealed).map(|link| (link, k.link_until)));
    let Some((link, until)) = opened else {
        return Ok(flash::error(&back(&o), "invite.link_not_kept", &[]));
    };
    let mut res = render(&LinkPage {
        l: o.layout("customers", "invite.copy_title"),
        c,
        link,
        until,
    })?;
    // A secret: never cached, never kept in history by the browser.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Erases every sealed link whose copy window has passed.
pub async fn erase_old_links(state: &AppState) -> anyhow::Result<u64> {
    Ok(queries::erase_old_links(&state.db, state.clock.now()).await?)
}

fn link(state: &AppState, token: &str) -> String {
    format!("{}/invite/{token}", state.config.base_url)
}

/// The invitation row's view of a link sent now by this member.
fn sent_now<'a>(o: &OrgCtx, token: &'a Token, sealed: &'a str, now: i64) -> InvitationLink<'a> {
    InvitationLink {
        token_hash: &token.hash,
        link_sealed: sealed,
        link_until: now + COPY_WINDOW_SECS,
        invited_by: o.user_id(),
        now,
        expires_at: now + VALID_SECS,
    }
}

/// A new token, and its link sealed for the copy window.
fn fresh_link(state: &AppState) -> (Token, String) {
    let token = new_token();
    let sealed = crypto::seal(&state.secret, &link(state, &token.plain));
    (token, sealed)
}

/// Queues the invitation mail, logs `action`, commits, and goes back to the list with
/// `flash_key`.
async fn mail_and_commit(
    o: &OrgCtx,
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    c: &Customer,
    email: &Email,
    token: &str,
    action: &str,
    flash_key: &str,
) -> AppResult<Response> {
    send_mail(&mut tx, o, c, email, token).await?;
    o.log(&mut *tx, action, &c.name).await?;
    tx.commit().await?;
    Ok(flash::success(
        &back(o),
        flash_key,
        &[("email", email.as_str())],
    ))
}

/// Queues the invitation mail in the organisation's language.
async fn send_mail(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    o: &OrgCtx,
    c: &Customer,
    email: &Email,
    token: &str,
) -> anyhow::Result<()> {
    let state = &o.viewer.state;
    let lang = Lang::parse(&o.org.language).unwrap_or_default();
    let m = mail::compose(
        lang,
        "customer_invitation",
        email.as_str(),
        &link(state, token),
        &[
            ("org", &o.org.name),
            ("inviter", &o.user.name),
            ("customer", &c.name),
        ],
    )?;
    mail::queue(&mut **tx, state, &m).await
}
