//! Creating organisations: any signed-in user (becoming its owner and administrator), and the
//! instance administrator's overview of all organisations.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    activity,
    types::{OrgId, UserId, required_text},
    web::{
        AppError, AppResult, FieldErrors, Layout, SignedIn, flash, layout::OrgSummary, render,
        render_status,
    },
};

#[derive(Template)]
#[template(path = "orgs/index.html")]
struct OrgsPage {
    l: Layout,
    mine: Vec<OrgSummary>,
    name: String,
    errors: FieldErrors,
}

pub async fn index(s: SignedIn) -> AppResult<Response> {
    let l = s.viewer.layout("", "orgs.title").await?;
    let mine = l.orgs.clone();
    render(&OrgsPage {
        l,
        mine,
        name: String::new(),
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewOrgForm {
    name: String,
}

/// Creates the organisation with `owner` as its administrator, in one transaction.
async fn insert_org(
    state: &crate::state::AppState,
    owner: UserId,
    name: &str,
    language: &str,
) -> AppResult<OrgId> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let org = super::queries::insert_org(&mut tx, now, owner, name, language).await?;
    activity::record(&mut *tx, now, org, owner, "org_created", name).await?;
    tx.commit().await?;
    Ok(org)
}

pub async fn create(s: SignedIn, Form(f): Form<NewOrgForm>) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let Some(name) = errors.check(
        "name",
        required_text(&f.name, super::NAME_MAX),
        s.viewer.t(),
    ) else {
        let l = s.viewer.layout("", "orgs.title").await?;
        let mine = l.orgs.clone();
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &OrgsPage {
                l,
                mine,
                name: f.name,
                errors,
            },
        );
    };
    let org = insert_org(&s.viewer.state, s.user.id, &name, s.user.language.code()).await?;
    Ok(flash::success(
        &crate::web::routes::org_path(org, "/"),
        "orgs.created",
        &[("name", &name)],
    ))
}

pub struct OrgRow {
    pub id: crate::types::OrgId,
    /// The Customer Login module (M1) is on.
    pub customer_login: bool,
    pub name: String,
    pub owner: String,
    pub members: i64,
    pub created: crate::clock::Timestamp,
}

#[derive(Template)]
#[template(path = "orgs/admin.html")]
struct AdminPage {
    l: Layout,
    rows: Vec<OrgRow>,
    name: String,
    errors: FieldErrors,
}

fn require_instance_admin(s: &SignedIn) -> AppResult<()> {
    if s.user.is_instance_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn admin_page(s: &SignedIn, name: String, errors: FieldErrors) -> AppResult<AdminPage> {
    let rows = super::queries::all_orgs(&s.viewer.state.db.pool)
        .await?
        .into_iter()
        .map(|o| OrgRow {
            id: o.id,
            customer_login: o.customer_login == 1,
            name: o.name,
            owner: o.owner_email,
            members: o.members,
            created: o.created_at,
        })
        .collect();
    let l = s.viewer.layout("admin", "admin.title").await?;
    Ok(AdminPage {
        l,
        rows,
        name,
        errors,
    })
}

pub async fn admin_index(s: SignedIn) -> AppResult<Response> {
    require_instance_admin(&s)?;
    render(&admin_page(&s, String::new(), FieldErrors::default()).await?)
}

pub async fn admin_create(s: SignedIn, Form(f): Form<NewOrgForm>) -> AppResult<Response> {
    require_instance_admin(&s)?;
    let mut errors = FieldErrors::default();
    let Some(name) = errors.check(
        "name",
        required_text(&f.name, super::NAME_MAX),
        s.viewer.t(),
    ) else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &admin_page(&s, f.name, errors).await?,
        );
    };
    insert_org(&s.viewer.state, s.user.id, &name, s.user.language.code()).await?;
    Ok(flash::success(
        "/admin/orgs",
        "orgs.created",
        &[("name", &name)],
    ))
}
