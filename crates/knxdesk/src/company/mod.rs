//! The Customer Login module (SPEC M1): a company customer's own people inside the
//! integrator's organisation. Off by default; the instance administrator switches it on per
//! organisation. The integrator's administrators and moderators invite a company's people one
//! by one (name, email, language, role of that customer) from the customer's Company users
//! page, which also lists who has joined; deleting an invitation ends that person's access at
//! once (their account stays).

pub mod dashboard;
pub mod invitations;
pub mod promotion;
pub mod users;

use axum::routing::{get, post};

use crate::{
    db::{Db, read},
    types::OrgId,
    web::{AppError, AppResult, routes::Routes},
};

pub fn routes() -> Routes {
    Routes::new()
        .org(
            "/customers/{customer_id}/company",
            get(invitations::page).post(invitations::create),
        )
        .org(
            "/customers/{customer_id}/company/invitations/{invitation_id}/resend",
            post(invitations::resend),
        )
        .org(
            "/customers/{customer_id}/company/invitations/{invitation_id}/delete",
            post(invitations::delete),
        )
        .org(
            "/customers/{customer_id}/company/users/{member_id}/remove",
            post(users::remove_by_integrator),
        )
        .org(
            "/customers/{customer_id}/company/promote",
            post(promotion::promote),
        )
        .org("/company-users/promotion", post(promotion::request))
        .org("/kpis", get(dashboard::own))
        .org("/kpis.csv", get(dashboard::own_csv))
        .org("/customers/{customer_id}/kpis", get(dashboard::of_customer))
        .org(
            "/customers/{customer_id}/kpis.csv",
            get(dashboard::customer_csv),
        )
        .org("/service/kpis", get(dashboard::of_org))
        .org("/service/kpis.csv", get(dashboard::org_csv))
        .org("/company-users", get(users::page).post(users::create))
        .org("/company-users/{member_id}/role", post(users::change_role))
        .org("/company-users/{member_id}/remove", post(users::remove))
        .route(
            "/admin/orgs/{org_id}/modules",
            post(invitations::switch_module),
        )
}

/// Whether the organisation has the Customer Login module on.
pub async fn module_on(db: &Db, org: OrgId) -> Result<bool, sqlx::Error> {
    Ok(
        read("SELECT customer_login FROM organisations WHERE id = $1")
            .bind(org)
            .fetch_optional(db, |r| r.try_get::<i64>("customer_login"))
            .await?
            == Some(1),
    )
}

/// The language and the company role a form chose, each one of those offered; a field error
/// for the one that is not.
pub fn language_and_role(
    language: &str,
    role: &str,
    errors: &mut crate::web::FieldErrors,
    t: &crate::i18n::Catalog,
) -> (Option<crate::i18n::Lang>, Option<crate::authz::Role>) {
    let lang = crate::i18n::Lang::parse(language);
    if lang.is_none() {
        errors.add("language", t.get("error.invalid").into());
    }
    let role = crate::authz::Role::parse(role).filter(|r| invitations::ROLES.contains(r));
    if role.is_none() {
        errors.add("role", t.get("error.invalid").into());
    }
    (lang, role)
}

/// The module's pages do not exist while it is off.
pub async fn require_module(db: &Db, org: OrgId) -> AppResult<()> {
    if module_on(db, org).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
