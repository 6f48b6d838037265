//! A customer administrator's own company (M1): the Users page where they add their company's
//! people directly (a new account gets a link to set its password, an existing one is told it
//! was added), change their roles and remove them. Those people are not invitations on the
//! integrator's side, who sees them in the company's user list and may remove their access.
//! Nobody grants a role above their own: the customer administrator's is the highest there is.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use super::invitations::ROLES;
use crate::{
    accounts::{password, users},
    authz::{Action, Role},
    db::read,
    i18n::Lang,
    mail,
    types::{CustomerId, Email, MemberId, OrgId, required_text},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render, render_status},
};

/// A new account's link to set its password holds as long as an invitation.
const SET_PASSWORD_SECS: i64 = crate::invitations::VALID_SECS;

/// The viewer's own company, when they may manage its users and the module is on.
async fn own_company(o: &OrgCtx) -> AppResult<CustomerId> {
    o.require(Action::ManageCompanyUsers)?;
    super::require_module(&o.viewer.state.db, o.org_id()).await?;
    o.org.customer_id.ok_or(AppError::Forbidden)
}

pub struct Person {
    pub member: MemberId,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// The viewer themself (not removable here, nor their own role changeable).
    pub me: bool,
}

/// The company's people, by name.
pub async fn people(o: &OrgCtx, company: CustomerId) -> AppResult<Vec<Person>> {
    Ok(read(
        "SELECT m.id, u.id AS user_id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 AND m.customer_id = $2 ORDER BY LOWER(u.name), u.id",
    )
    .bind(o.org_id())
    .bind(company)
    .fetch_all(&o.viewer.state.db, |r| {
        Ok(Person {
            member: r.try_get("id")?,
            me: r.try_get::<crate::types::UserId>("user_id")? == o.user_id(),
            name: r.try_get("name")?,
            email: r.try_get("email")?,
            role: Role::parse(&r.try_get::<String>("role")?).unwrap_or(Role::CustomerMember),
        })
    })
    .await?)
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PersonForm {
    pub name: String,
    pub email: String,
    pub language: String,
    pub role: String,
}

#[derive(Template)]
#[template(path = "company/users.html")]
struct UsersPage {
    l: Layout,
    company: String,
    people: Vec<Person>,
    f: PersonForm,
    errors: FieldErrors,
    roles: [Role; 3],
    asked: bool,
    promoted: bool,
}

async fn users_page(
    o: &OrgCtx,
    company: CustomerId,
    f: PersonForm,
    errors: FieldErrors,
) -> AppResult<UsersPage> {
    let name: String = read("SELECT name FROM customers WHERE id = $1 AND org_id = $2")
        .bind(company)
        .bind(o.org_id())
        .fetch_one(&o.viewer.state.db, |r| r.try_get("name"))
        .await?;
    let (asked, _, promoted) = super::promotion::standing(o, company).await?;
    Ok(UsersPage {
        asked: asked.is_some(),
        promoted: promoted.is_some(),
        people: people(o, company).await?,
        l: o.layout("company-users", "company.users_title"),
        company: name,
        f,
        errors,
        roles: ROLES,
    })
}

pub async fn page(o: OrgCtx) -> AppResult<Response> {
    let company = own_company(&o).await?;
    let f = PersonForm {
        language: o.user.language.code().into(),
        role: Role::CustomerMember.as_str().into(),
        ..Default::default()
    };
    render(&users_page(&o, company, f, FieldErrors::default()).await?)
}

/// Adds a person of the company: a new account (with a link to set its password) or an
/// existing one, enrolled with the chosen role of this company.
pub async fn create(o: OrgCtx, Form(f): Form<PersonForm>) -> AppResult<Response> {
    let company = own_company(&o).await?;
    let t = o.t();
    let state = &o.viewer.state;
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&f.name, 100), t);
    let email = errors.check("email", Email::parse(&f.email), t);
    let (lang, role) = super::language_and_role(&f.language, &f.role, &mut errors, t);
    if let Some(email) = &email
        && crate::invitations::email_in_org(&state.db.pool, o.org_id(), email).await?
    {
        errors.add("email", t.get("company.email_taken").into());
    }
    let (Some(name), Some(email), Some(lang), Some(role), true) =
        (name, email, lang, role, errors.is_empty())
    else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &users_page(&o, company, f, errors).await?,
        );
    };
    let now = state.clock.now();
    let existing = users::find_by_email(state, email.as_str()).await?;
    let mut tx = state.db.begin().await?;
    let (user, new) = match &existing {
        Some(u) => (u.id, false),
        None => {
            // A password nobody knows until they set theirs through the mailed link.
            let unknown = password::hash(&crate::tokens::new_token().plain).await?;
            let id = users::insert(&mut *tx, now, &email, &name, &unknown, lang.code())
                .await?
                .ok_or(AppError::Conflict("company.email_taken"))?;
            (id, true)
        }
    };
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, customer_id, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(o.org_id())
    .bind(user)
    .bind(role.as_str())
    .bind(company)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    o.log(
        &mut *tx,
        "company_user_added",
        &format!("{name} ({})", email.as_str()),
    )
    .await?;
    tx.commit().await?;
    let (kind, link) = if new {
        (
            "company_user_created",
            crate::accounts::reset::set_password_link(state, user, SET_PASSWORD_SECS).await?,
        )
    } else {
        (
            "company_user_added",
            format!("{}/o/{}/", state.config.base_url, o.org_id()),
        )
    };
    let lang = existing
        .as_ref()
        .and_then(|u| Lang::parse(&u.language))
        .unwrap_or(lang);
    let company_name: String = read("SELECT name FROM customers WHERE id = $1 AND org_id = $2")
        .bind(company)
        .bind(o.org_id())
        .fetch_one(&state.db, |r| r.try_get("name"))
        .await?;
    let m = mail::compose(
        lang,
        kind,
        email.as_str(),
        &link,
        &[
            ("name", &name),
            ("by", &o.user.name),
            ("customer", &company_name),
            ("org", &o.org.name),
            ("role", lang.catalog().get(role.label_key())),
        ],
    )?;
    mail::queue(&state.db.pool, state, &m).await?;
    Ok(flash::success(
        &o.path("/company-users"),
        "company.user_added",
        &[("email", email.as_str())],
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

/// A person of the viewer's company, not the viewer.
async fn other_person(o: &OrgCtx, company: CustomerId, member: MemberId) -> AppResult<Person> {
    people(o, company)
        .await?
        .into_iter()
        .find(|p| p.member == member)
        .filter(|p| !p.me)
        .ok_or(AppError::NotFound)
}

pub async fn change_role(
    o: OrgCtx,
    Ids((_, member)): Ids<(OrgId, MemberId)>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    let company = own_company(&o).await?;
    let p = other_person(&o, company, member).await?;
    let back = o.path("/company-users");
    let Some(role) = Role::parse(&f.role).filter(|r| ROLES.contains(r)) else {
        return Ok(flash::error(&back, "company.bad_role", &[]));
    };
    let mut tx = o.viewer.state.db.begin().await?;
    sqlx::query(
        "UPDATE memberships SET role = $1 WHERE id = $2 AND org_id = $3 AND customer_id = $4",
    )
    .bind(role.as_str())
    .bind(member)
    .bind(o.org_id())
    .bind(company)
    .execute(&mut *tx)
    .await?;
    o.log(
        &mut *tx,
        "company_user_role_changed",
        &format!("{} → {}", p.email, o.t().get(role.label_key())),
    )
    .await?;
    tx.commit().await?;
    Ok(flash::success(
        &back,
        "company.role_changed",
        &[("name", &p.name), ("role", o.t().get(role.label_key()))],
    ))
}

/// Removes a person's access to the company (their account stays).
pub async fn remove(o: OrgCtx, Ids((_, member)): Ids<(OrgId, MemberId)>) -> AppResult<Response> {
    let company = own_company(&o).await?;
    let p = other_person(&o, company, member).await?;
    remove_member(&o, company, &p).await?;
    Ok(flash::success(
        &o.path("/company-users"),
        "company.user_removed",
        &[("name", &p.name)],
    ))
}

/// The integrator removes a company user's access (from the customer's Company users page).
pub async fn remove_by_integrator(
    o: OrgCtx,
    Ids((_, id, member)): Ids<(OrgId, CustomerId, MemberId)>,
) -> AppResult<Response> {
    o.require(Action::ManageCustomers)?;
    super::require_module(&o.viewer.state.db, o.org_id()).await?;
    let p = people(&o, id)
        .await?
        .into_iter()
        .find(|p| p.member == member)
        .ok_or(AppError::NotFound)?;
    remove_member(&o, id, &p).await?;
    Ok(flash::success(
        &o.path(&format!("/customers/{id}/company")),
        "company.user_removed",
        &[("name", &p.name)],
    ))
}

async fn remove_member(o: &OrgCtx, company: CustomerId, p: &Person) -> AppResult<()> {
    let mut tx = o.viewer.state.db.begin().await?;
    sqlx::query("DELETE FROM memberships WHERE id = $1 AND org_id = $2 AND customer_id = $3")
        .bind(p.member)
        .bind(o.org_id())
        .bind(company)
        .execute(&mut *tx)
        .await?;
    o.log(&mut *tx, "company_user_removed", &p.email).await?;
    tx.commit().await?;
    Ok(())
}
