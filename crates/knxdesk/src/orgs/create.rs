//! Creating organisations: any signed-in user (becoming its owner and administrator), and the
//! instance administrator's overview of all organisations.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    activity,
    authz::Role,
    clock::format_utc,
    db::Row,
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
    let row = sqlx::query("INSERT INTO organisations (name, language, owner_user_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(name)
        .bind(language)
        .bind(owner)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
    let org = OrgId(row.try_get(0)?);
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(org)
    .bind(owner)
    .bind(Role::Administrator.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?;
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
    pub name: String,
    pub owner: String,
    pub members: i64,
    pub created: String,
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
    let rows = sqlx::query(
        "SELECT o.id, o.name, u.email, (SELECT COUNT(*) FROM memberships m WHERE m.org_id = o.id), o.created_at \
         FROM organisations o JOIN users u ON u.id = o.owner_user_id ORDER BY o.name, o.id",
    )
    .fetch_all(&s.viewer.state.db.pool)
    .await?
    .into_iter()
    .map(|r| {
        Ok(OrgRow {
            name: r.try_get(1)?,
            owner: r.try_get(2)?,
            members: r.try_get(3)?,
            created: format_utc(r.try_get(4)?),
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
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
