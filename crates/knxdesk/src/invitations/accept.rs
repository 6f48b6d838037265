//! Accepting an invitation of either kind: a new user signs up (name, password) or an existing
//! one signs in; either way they are enrolled with the invited role (customer invitations: the
//! `owner` role bound to that customer). Every unusable link gets a page that says why.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use super::InviteState;
use crate::{
    accounts::{password, users},
    activity,
    authz::Role,
    state::AppState,
    tokens::{hash_token, looks_like_token, same_secret},
    types::{CustomerId, Email, NewPassword, OrgId, UserId, required_text},
    web::redirect::LocalPath,
    web::{AppError, AppResult, FieldErrors, Ids, Layout, Viewer, flash, render, render_status},
};

/// Which kind of invitation the token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Staff,
    Customer {
        customer_id: CustomerId,
    },
    /// A person of a company customer (M1), with the role and language chosen for them.
    Company {
        customer_id: CustomerId,
    },
}

struct Invitation {
    kind: Kind,
    org_id: OrgId,
    org_name: String,
    email: Email,
    role: Role,
    inviter: String,
    /// The customer's name, for customer invitations.
    customer: String,
    /// The language chosen for a company's person, for their new account.
    language: Option<crate::i18n::Lang>,
}

/// A usable invitation for a token, or a page that says clearly why not.
async fn usable(state: &AppState, token: &str) -> AppResult<Invitation> {
    if !looks_like_token(token) {
        return Err(AppError::Gone("invite.link_invalid"));
    }
    let hash = hash_token(token);
    let (row, table) = super::queries::find(&state.db.pool, &hash)
        .await?
        .ok_or(AppError::Gone("invite.link_invalid"))?;
    // The index found the row; the comparison itself takes the same time however much matches.
    if !same_secret(&row.token_hash, &hash) {
        return Err(AppError::Gone("invite.link_invalid"));
    }
    match InviteState::of(
        state.clock.now(),
        row.expires_at,
        row.accepted_at,
        row.revoked_at,
    ) {
        InviteState::Pending => {}
        InviteState::Accepted => return Err(AppError::Gone("invite.link_used")),
        InviteState::Expired => return Err(AppError::Gone("invite.link_expired")),
        InviteState::Revoked => return Err(AppError::Gone("invite.link_revoked")),
    }
    Ok(Invitation {
        kind: match table {
            super::queries::Table::Staff => Kind::Staff,
            super::queries::Table::Customer => Kind::Customer {
                customer_id: row.customer_id,
            },
            super::queries::Table::Company => Kind::Company {
                customer_id: row.customer_id,
            },
        },
        language: crate::i18n::Lang::parse(&row.language),
        org_id: row.org_id,
        org_name: row.org_name,
        email: Email::parse(&row.email).map_err(|_| AppError::Gone("invite.link_invalid"))?,
        // A role that does not parse, or a staff role on a customer's invitation, is a broken
        // row: refused, never read as some other role.
        role: Role::parse(&row.role)
            .filter(|r| r.is_staff() == (table == super::queries::Table::Staff))
            .ok_or(AppError::Gone("invite.link_invalid"))?,
        inviter: row.inviter,
        customer: row.customer_name,
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
    /// Customer invitations: whose portal this is.
    customer: String,
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
        customer: inv.customer,
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

/// Marks the invitation used and enrols `user`, in the caller's transaction; exactly one of
/// several concurrent acceptances wins.
async fn enrol(
    state: &AppState,
    token: &str,
    inv: &Invitation,
    user: UserId,
    tx: &mut crate::db::Tx<'_>,
) -> AppResult<()> {
    let now = state.clock.now();
    let table = match inv.kind {
        Kind::Staff => super::queries::Table::Staff,
        Kind::Customer { .. } => super::queries::Table::Customer,
        Kind::Company { .. } => super::queries::Table::Company,
    };
    if !super::queries::claim(tx, table, &hash_token(token), user, now).await? {
        return Err(AppError::Gone("invite.link_used"));
    }
    let existing = super::queries::membership(tx, inv.org_id, user).await?;
    let customer_id = match inv.kind {
        Kind::Staff => None,
        Kind::Customer { customer_id } | Kind::Company { customer_id } => Some(customer_id),
    };
    match existing {
        None => {
            super::queries::enrol(tx, inv.org_id, user, inv.role.as_str(), customer_id, now)
                .await?;
        }
        // Already a member: staff keep their role; a customer login is one person, one
        // customer, so an account that is already something else here cannot take it (the
        // rollback leaves the link usable for the right account).
        Some(m) => {
            let same = m.role == inv.role.as_str() && m.customer_id == customer_id;
            if customer_id.is_some() && !same {
                return Err(AppError::Conflict("invite.other_membership"));
            }
        }
    }
    let action = match inv.kind {
        Kind::Staff => "member_joined",
        Kind::Customer { .. } | Kind::Company { .. } => "customer_joined",
    };
    activity::record(&mut **tx, now, inv.org_id, user, action, inv.email.as_str()).await?;
    Ok(())
}

/// A signed-in user accepts (whatever their account's address: holding the link is the proof).
pub async fn accept(viewer: Viewer, Ids(token): Ids<String>) -> AppResult<Response> {
    let Some(user) = viewer.user().cloned() else {
        return Err(AppError::SignInRequired(format!("/invite/{token}")));
    };
    let state = &viewer.state;
    let inv = usable(state, &token).await?;
    let mut tx = state.db.begin().await?;
    enrol(state, &token, &inv, user.id, &mut tx).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::web::routes::org_path(inv.org_id, "/"),
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
    let mut tx = state.db.begin().await?;
    let Some(user) = users::insert(
        &mut *tx,
        state.clock.now(),
        &inv.email,
        &name,
        &hash,
        inv.language.unwrap_or(viewer.ctx.lang).code(),
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
    let mut res = crate::accounts::start_session(
        &viewer,
        user,
        &LocalPath::parse_or(&crate::web::routes::org_path(inv.org_id, "/"), "/"),
    )
    .await?;
    flash::set(
        &mut res,
        flash::FlashKind::Success,
        "invite.joined",
        &[("org", &inv.org_name)],
    );
    Ok(res)
}
