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
    db::Row,
    state::AppState,
    tokens::{hash_token, looks_like_token, same_secret},
    types::{Email, NewPassword, OrgId, UserId, required_text},
    web::redirect::LocalPath,
    web::{AppError, AppResult, FieldErrors, Ids, Layout, Viewer, flash, render, render_status},
};

/// Which table the token was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Staff,
    Customer { customer_id: i64 },
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Staff => "staff_invitations",
            Kind::Customer { .. } => "customer_invitations",
        }
    }
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
}

const STAFF_SQL: &str = "SELECT i.token_hash, i.org_id, o.name, i.email, i.role, COALESCE(u.name, ''), \
     i.expires_at, i.accepted_at, i.revoked_at, 0, '' \
     FROM staff_invitations i JOIN organisations o ON o.id = i.org_id LEFT JOIN users u ON u.id = i.invited_by \
     WHERE i.token_hash = $1";

const CUSTOMER_SQL: &str = "SELECT i.token_hash, i.org_id, o.name, i.email, 'owner', COALESCE(u.name, ''), \
     i.expires_at, i.accepted_at, i.revoked_at, i.customer_id, c.name \
     FROM customer_invitations i JOIN organisations o ON o.id = i.org_id \
     JOIN customers c ON c.id = i.customer_id AND c.org_id = i.org_id \
     LEFT JOIN users u ON u.id = i.invited_by \
     WHERE i.token_hash = $1";

/// A usable invitation for a token, or a page that says clearly why not.
async fn usable(state: &AppState, token: &str) -> AppResult<Invitation> {
    if !looks_like_token(token) {
        return Err(AppError::Gone("invite.link_invalid"));
    }
    let hash = hash_token(token);
    let mut found = None;
    for (sql, staff) in [(STAFF_SQL, true), (CUSTOMER_SQL, false)] {
        if let Some(row) = sqlx::query(sql)
            .bind(&hash)
            .fetch_optional(&state.db.pool)
            .await?
        {
            found = Some((row, staff));
            break;
        }
    }
    let (row, staff) = found.ok_or(AppError::Gone("invite.link_invalid"))?;
    // The index found the row; the comparison itself takes the same time however much matches.
    if !same_secret(&row.try_get::<String, _>(0)?, &hash) {
        return Err(AppError::Gone("invite.link_invalid"));
    }
    match InviteState::of(
        state.clock.now(),
        row.try_get(6)?,
        row.try_get(7)?,
        row.try_get(8)?,
    ) {
        InviteState::Pending => {}
        InviteState::Accepted => return Err(AppError::Gone("invite.link_used")),
        InviteState::Expired => return Err(AppError::Gone("invite.link_expired")),
        InviteState::Revoked => return Err(AppError::Gone("invite.link_revoked")),
    }
    Ok(Invitation {
        kind: if staff {
            Kind::Staff
        } else {
            Kind::Customer {
                customer_id: row.try_get(9)?,
            }
        },
        org_id: OrgId(row.try_get(1)?),
        org_name: row.try_get(2)?,
        email: Email::parse(&row.try_get::<String, _>(3)?)
            .map_err(|_| AppError::Gone("invite.link_invalid"))?,
        role: Role::parse(&row.try_get::<String, _>(4)?).unwrap_or(Role::Member),
        inviter: row.try_get(5)?,
        customer: row.try_get(10)?,
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
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> AppResult<()> {
    let now = state.clock.now();
    let erase_link = match inv.kind {
        Kind::Staff => "",
        Kind::Customer { .. } => ", link_sealed = NULL, link_until = 0",
    };
    let claimed = sqlx::query(&format!(
        "UPDATE {} SET accepted_at = $1, accepted_by = $2{erase_link} \
         WHERE token_hash = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
        inv.kind.table()
    ))
    .bind(now)
    .bind(user)
    .bind(hash_token(token))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(AppError::Gone("invite.link_used"));
    }
    let existing =
        sqlx::query("SELECT role, customer_id FROM memberships WHERE org_id = $1 AND user_id = $2")
            .bind(inv.org_id)
            .bind(user)
            .fetch_optional(&mut **tx)
            .await?;
    let customer_id = match inv.kind {
        Kind::Staff => None,
        Kind::Customer { customer_id } => Some(customer_id),
    };
    match existing {
        None => {
            sqlx::query(
                "INSERT INTO memberships (org_id, user_id, role, customer_id, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(inv.org_id)
            .bind(user)
            .bind(inv.role.as_str())
            .bind(customer_id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
        // Already a member: staff keep their role; a customer login is one person, one
        // customer, so an account that is already something else here cannot take it (the
        // rollback leaves the link usable for the right account).
        Some(row) => {
            let same = row.try_get::<String, _>(0)? == inv.role.as_str()
                && row.try_get::<Option<i64>, _>(1)? == customer_id;
            if customer_id.is_some() && !same {
                return Err(AppError::Conflict("invite.other_membership"));
            }
        }
    }
    let action = match inv.kind {
        Kind::Staff => "member_joined",
        Kind::Customer { .. } => "customer_joined",
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
