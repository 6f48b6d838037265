//! Watching: staff who want to hear of everything on a case, or of every new case on a project.

use axum::{extract::Form, response::Response};
use serde::Deserialize;

use super::case_page::existing;
use crate::{
    authz::Action,
    types::{CaseNumber, OrgId, ProjectId},
    web::{AppResult, Ids, OrgCtx, flash},
};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WatchForm {
    /// "1" to watch, anything else to stop.
    pub watch: String,
}

pub async fn case(
    o: OrgCtx,
    Ids((_, number)): Ids<(OrgId, CaseNumber)>,
    Form(f): Form<WatchForm>,
) -> AppResult<Response> {
    let c = existing(&o, number).await?;
    o.require(Action::ManageCases)?;
    set(&o, Watched::Case(c.id.0), f.watch == "1").await?;
    let key = if f.watch == "1" {
        "service.watching"
    } else {
        "service.not_watching"
    };
    Ok(flash::success(
        &o.path(&format!("/service/{number}")),
        key,
        &[],
    ))
}

pub async fn project(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, ProjectId)>,
    Form(f): Form<WatchForm>,
) -> AppResult<Response> {
    let p = crate::projects::pages::existing(&o, id).await?;
    o.require(Action::ManageCases)?;
    set(&o, Watched::Project(p.id.0), f.watch == "1").await?;
    let key = if f.watch == "1" {
        "service.watching_project"
    } else {
        "service.not_watching_project"
    };
    Ok(flash::success(
        &o.path(&format!("/projects/{id}/service")),
        key,
        &[],
    ))
}

/// What can be watched: its table, key column and id.
enum Watched {
    Case(i64),
    Project(i64),
}

impl Watched {
    fn row(&self) -> (&'static str, &'static str, i64) {
        match self {
            Watched::Case(id) => ("case_watchers", "case_id", *id),
            Watched::Project(id) => ("project_watchers", "project_id", *id),
        }
    }
}

/// The viewer watches `what` from now on, or no longer.
async fn set(o: &OrgCtx, what: Watched, on: bool) -> AppResult<()> {
    let (table, column, id) = what.row();
    let pool = &o.viewer.state.db.pool;
    sqlx::query(&format!(
        "DELETE FROM {table} WHERE {column} = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(o.user_id())
    .execute(pool)
    .await?;
    if on {
        sqlx::query(&format!(
            "INSERT INTO {table} ({column}, user_id) VALUES ($1, $2)"
        ))
        .bind(id)
        .bind(o.user_id())
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Does the user watch the case / the project?
pub async fn watches(
    db: &crate::db::Db,
    table: &str,
    column: &str,
    id: i64,
    user: crate::types::UserId,
) -> Result<bool, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {column} = $1 AND user_id = $2");
    crate::db::read(&sql)
        .bind(id)
        .bind(user)
        .fetch_one(db, |r| r.try_get::<i64>("n"))
        .await
        .map(|n| n > 0)
}
