//! A company customer's people (M1): inviting them one by one with a role of that customer and
//! the language of their mails, resending, deleting (which ends an accepted invitation's
//! access at once), and the list of who has joined. Managing invitations is the integrator's
//! administrators' and moderators' (`ManageCustomers`).

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    authz::{Action, Role},
    customers::queries::{self as customers, Customer},
    db::read,
    i18n::Lang,
    invitations::{InviteState, VALID_SECS, email_in_org},
    mail,
    tokens::new_token,
    types::{CustomerId, Email, OrgId, required_text},
    web::{
        AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, SignedIn, flash, render,
        render_status,
    },
};

/// The roles a company's person may be invited with, lowest first.
pub const ROLES: [Role; 3] = [
    Role::CustomerMember,
    Role::CustomerModerator,
    Role::CustomerAdministrator,
];

/// A company customer of the organisation, with the module on, for someone who manages
/// customers; anything else is not found (or forbidden for roles that may not).
async fn company(o: &OrgCtx, id: CustomerId) -> AppResult<Customer> {
    o.require(Action::ManageCustomers)?;
    let state = &o.viewer.state;
    super::require_module(&state.db, o.org_id()).await?;
    customers::get(&state.db, state.clock.now(), o.org_id(), id)
        .await?
        .filter(|c| c.kind == "company")
        .ok_or(AppError::NotFound)
}

pub struct InvitationRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub language: String,
    pub role: Role,
    pub state: InviteState,
}

impl InvitationRow {
    pub fn accepted(&self) -> bool {
        self.state == InviteState::Accepted
    }
}

pub struct UserRow {
    pub member: crate::types::MemberId,
    pub name: String,
    pub email: String,
    pub role: Role,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct InvitationForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub language: String,
    pub role: String,
}

#[derive(Template)]
#[template(path = "company/index.html")]
struct CompanyPage {
    l: Layout,
    c: Customer,
    invitations: Vec<InvitationRow>,
    users: Vec<UserRow>,
    f: InvitationForm,
    errors: FieldErrors,
    roles: [Role; 3],
    /// When the company's administrator asked to become an organisation of its own.
    asked: Option<crate::clock::Timestamp>,
    promoted: bool,
    /// The integrator's administrators may make it one.
    can_promote: bool,
}

async fn company_page(
    o: &OrgCtx,
    c: Customer,
    f: InvitationForm,
    errors: FieldErrors,
) -> AppResult<CompanyPage> {
    let db = &o.viewer.state.db;
    let now = o.viewer.state.clock.now();
    let invitations = read(
        "SELECT id, first_name, last_name, email, language, role, expires_at, accepted_at, revoked_at \
         FROM company_invitations WHERE org_id = $1 AND customer_id = $2 ORDER BY id DESC LIMIT 500",
    )
    .bind(o.org_id())
    .bind(c.id)
    .fetch_all(db, |r| {
        let first: String = r.try_get("first_name")?;
        let last: String = r.try_get("last_name")?;
        Ok(InvitationRow {
            id: r.try_get("id")?,
            name: format!("{first} {last}").trim().to_string(),
            email: r.try_get("email")?,
            language: r.try_get("language")?,
            role: Role::parse(&r.try_get::<String>("role")?).unwrap_or(Role::CustomerMember),
            state: InviteState::of(
                now,
                r.try_get("expires_at")?,
                r.try_get("accepted_at")?,
                r.try_get("revoked_at")?,
            ),
        })
    })
    .await?;
    let users = read(
        "SELECT m.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 AND m.customer_id = $2 ORDER BY LOWER(u.name), u.id",
    )
    .bind(o.org_id())
    .bind(c.id)
    .fetch_all(db, |r| {
        Ok(UserRow {
            member: r.try_get("id")?,
            name: r.try_get("name")?,
            email: r.try_get("email")?,
            role: Role::parse(&r.try_get::<String>("role")?).unwrap_or(Role::CustomerMember),
        })
    })
    .await?;
    let (asked, _, promoted) = super::promotion::standing(o, c.id).await?;
    let mut l = o.layout("customers", "company.title");
    l.title = format!("{} · {}", o.t().get("company.title"), c.name);
    Ok(CompanyPage {
        l,
        c,
        invitations,
        users,
        f,
        errors,
        roles: ROLES,
        asked,
        promoted: promoted.is_some(),
        can_promote: o.require(Action::AdministerOrg).is_ok(),
    })
}

pub async fn page(o: OrgCtx, Ids((_, id)): Ids<(OrgId, CustomerId)>) -> AppResult<Response> {
    let c = company(&o, id).await?;
    let f = InvitationForm {
        language: o.org.language.clone(),
        role: Role::CustomerMember.as_str().into(),
        ..Default::default()
    };
    render(&company_page(&o, c, f, FieldErrors::default()).await?)
}

/// Who an invitation is for, as it was made.
struct Invitee {
    first: String,
    last: String,
    email: String,
    lang: Lang,
    role: Role,
}

impl Invitee {
    fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// Sends the invitation mail in the invited person's language.
async fn send(
    o: &OrgCtx,
    tx: &mut crate::db::Tx<'_>,
    c: &Customer,
    to: &Invitee,
    token: &str,
) -> AppResult<()> {
    let state = &o.viewer.state;
    let link = format!("{}/invite/{token}", state.config.base_url);
    let m = mail::compose(
        to.lang,
        "company_invitation",
        &to.email,
        &link,
        &[
            ("org", &o.org.name),
            ("customer", &c.name),
            ("name", &to.name()),
            ("role", to.lang.catalog().get(to.role.label_key())),
            ("inviter", &o.user.name),
        ],
    )?;
    mail::queue(&mut **tx, state, &m).await?;
    Ok(())
}

pub async fn create(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, CustomerId)>,
    Form(f): Form<InvitationForm>,
) -> AppResult<Response> {
    let c = company(&o, id).await?;
    let t = o.t();
    let state = &o.viewer.state;
    let mut errors = FieldErrors::default();
    let first = errors.check("first_name", required_text(&f.first_name, 60), t);
    let last = errors.check("last_name", required_text(&f.last_name, 60), t);
    let email = errors.check("email", Email::parse(&f.email), t);
    let (lang, role) = super::language_and_role(&f.language, &f.role, &mut errors, t);
    if let Some(email) = &email {
        // One account, one role per organisation; one open invitation per address.
        let pending: Option<i64> = read(
            "SELECT id FROM company_invitations WHERE org_id = $1 AND email = $2 \
             AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3",
        )
        .bind(o.org_id())
        .bind(email.as_str())
        .bind(state.clock.now())
        .fetch_optional(&state.db, |r| r.try_get("id"))
        .await?;
        if email_in_org(&state.db.pool, o.org_id(), email).await? {
            errors.add("email", t.get("company.email_taken").into());
        } else if pending.is_some() {
            errors.add("email", t.get("company.already_invited").into());
        }
    }
    let (Some(first), Some(last), Some(email), Some(lang), Some(role), true) =
        (first, last, email, lang, role, errors.is_empty())
    else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &company_page(&o, c, f, errors).await?,
        );
    };
    let now = state.clock.now();
    let token = new_token();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO company_invitations (org_id, customer_id, first_name, last_name, email, language, role, \
         token_hash, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(o.org_id())
    .bind(c.id)
    .bind(&first)
    .bind(&last)
    .bind(email.as_str())
    .bind(lang.code())
    .bind(role.as_str())
    .bind(&token.hash)
    .bind(o.user_id())
    .bind(now)
    .bind(now + VALID_SECS)
    .execute(&mut *tx)
    .await?;
    let invitee = Invitee {
        first,
        last,
        email: email.as_str().to_string(),
        lang,
        role,
    };
    send(&o, &mut tx, &c, &invitee, &token.plain).await?;
    o.log(
        &mut *tx,
        "company_user_invited",
        &format!("{} ({})", invitee.name(), c.name),
    )
    .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&format!("/customers/{id}/company")),
        "company.invited",
        &[("email", email.as_str())],
    ))
}

/// One invitation of this customer.
struct Invitation {
    to: Invitee,
    /// The account that joined through it.
    accepted_by: Option<i64>,
    accepted_at: Option<i64>,
}

async fn invitation(o: &OrgCtx, c: &Customer, id: i64) -> AppResult<Invitation> {
    read(
        "SELECT first_name, last_name, email, language, role, accepted_by, accepted_at FROM company_invitations \
         WHERE id = $1 AND customer_id = $2 AND org_id = $3",
    )
    .bind(id)
    .bind(c.id)
    .bind(o.org_id())
    .fetch_optional(&o.viewer.state.db, |r| {
        Ok(Invitation {
            to: Invitee {
                first: r.try_get("first_name")?,
                last: r.try_get("last_name")?,
                email: r.try_get("email")?,
                lang: Lang::parse(&r.try_get::<String>("language")?).unwrap_or_default(),
                role: Role::parse(&r.try_get::<String>("role")?).unwrap_or(Role::CustomerMember),
            },
            accepted_by: r.try_get("accepted_by")?,
            accepted_at: r.try_get("accepted_at")?,
        })
    })
    .await?
    .ok_or(AppError::NotFound)
}

/// A new link for a pending or expired invitation; the old one stops working.
pub async fn resend(
    o: OrgCtx,
    Ids((_, id, inv)): Ids<(OrgId, CustomerId, i64)>,
) -> AppResult<Response> {
    let c = company(&o, id).await?;
    let i = invitation(&o, &c, inv).await?;
    let back = o.path(&format!("/customers/{id}/company"));
    if i.accepted_at.is_some() {
        return Ok(flash::error(
            &back,
            "company.already_joined",
            &[("email", &i.to.email)],
        ));
    }
    let state = &o.viewer.state;
    let now = state.clock.now();
    let token = new_token();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "UPDATE company_invitations SET token_hash = $1, created_at = $2, expires_at = $3, revoked_at = NULL \
         WHERE id = $4 AND org_id = $5 AND accepted_at IS NULL",
    )
    .bind(&token.hash)
    .bind(now)
    .bind(now + VALID_SECS)
    .bind(inv)
    .bind(o.org_id())
    .execute(&mut *tx)
    .await?;
    send(&o, &mut tx, &c, &i.to, &token.plain).await?;
    tx.commit().await?;
    Ok(flash::success(
        &back,
        "company.resent",
        &[("email", &i.to.email)],
    ))
}

/// Deletes the invitation; if it was accepted, that person's membership goes with it (their
/// next request finds no access), their account stays.
pub async fn delete(
    o: OrgCtx,
    Ids((_, id, inv)): Ids<(OrgId, CustomerId, i64)>,
) -> AppResult<Response> {
    let c = company(&o, id).await?;
    let Invitation {
        to, accepted_by, ..
    } = invitation(&o, &c, inv).await?;
    let state = &o.viewer.state;
    let mut tx = state.db.begin().await?;
    if let Some(user) = accepted_by {
        sqlx::query(
            "DELETE FROM memberships WHERE org_id = $1 AND user_id = $2 AND customer_id = $3",
        )
        .bind(o.org_id())
        .bind(user)
        .bind(c.id)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM company_invitations WHERE id = $1 AND org_id = $2")
        .bind(inv)
        .bind(o.org_id())
        .execute(&mut *tx)
        .await?;
    o.log(
        &mut *tx,
        "company_invitation_deleted",
        &format!("{} ({})", to.name(), c.name),
    )
    .await?;
    tx.commit().await?;
    let key = if accepted_by.is_some() {
        "company.deleted_access"
    } else {
        "company.deleted"
    };
    Ok(flash::success(
        &o.path(&format!("/customers/{id}/company")),
        key,
        &[("email", &to.email)],
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ModuleForm {
    customer_login: String,
}

/// The instance administrator switches the Customer Login module on or off for an
/// organisation.
pub async fn switch_module(
    s: SignedIn,
    Ids(org): Ids<OrgId>,
    Form(f): Form<ModuleForm>,
) -> AppResult<Response> {
    if !s.user.is_instance_admin {
        return Err(AppError::Forbidden);
    }
    let on = f.customer_login == "1";
    let done = sqlx::query("UPDATE organisations SET customer_login = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(org)
        .execute(&s.viewer.state.db.pool)
        .await?
        .rows_affected();
    if done == 0 {
        return Err(AppError::NotFound);
    }
    let key = if on {
        "company.module_on"
    } else {
        "company.module_off"
    };
    Ok(flash::success("/admin/orgs", key, &[]))
}
