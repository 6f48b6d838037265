//! Comments on a case: public (the customer reads them) or internal (the team's notes). Their
//! authors edit ("edited" is shown) and delete their own.

use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    MAX_TEXT,
    case_page::{Extra, existing, page},
    queries,
};
use crate::{
    authz::Action,
    notifications::{
        Event,
        deliver::{self, CaseRef, Notice},
    },
    types::{CaseNumber, CommentId, OrgId, required_text},
    web::{AppError, AppResult, FieldErrors, Ids, OrgCtx, flash, render_status},
};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    pub body: String,
    /// "1" for an internal comment (staff only).
    pub internal: String,
}

pub async fn create(
    o: OrgCtx,
    Ids((_, number)): Ids<(OrgId, CaseNumber)>,
    Form(f): Form<CommentForm>,
) -> AppResult<Response> {
    let c = existing(&o, number).await?;
    o.require(Action::OpenCases)?;
    let internal = f.internal == "1";
    // Only the team writes internal notes; a customer's comment is always public.
    if internal {
        o.require(Action::ManageCases)?;
    }
    let body = match required_text(&f.body, MAX_TEXT) {
        Ok(b) => b,
        Err(e) => {
            let mut comment_errors = FieldErrors::default();
            comment_errors.add("body", e.message(o.t()));
            let extra = Extra {
                comment_errors,
                comment_body: f.body.chars().take(MAX_TEXT + 1).collect(),
                ..Extra::default()
            };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&o, c, extra).await?);
        }
    };
    let state = &o.viewer.state;
    let mut tx = state.db.begin().await?;
    add(&o, &mut tx, &c, &body, internal).await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&format!("/service/{number}#comments")),
        "service.comment_added",
        &[],
    ))
}

/// Stores a comment by the viewer with what comes with every comment: the case counts as
/// changed, the people it concerns are told, the activity log records it. Returns its id.
pub async fn add(
    o: &OrgCtx,
    tx: &mut crate::db::Tx<'_>,
    c: &super::queries::Case,
    body: &str,
    internal: bool,
) -> AppResult<i64> {
    let state = &o.viewer.state;
    let now = state.clock.now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO case_comments (org_id, case_id, author_user_id, body, internal, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(o.org_id())
    .bind(c.id)
    .bind(o.user_id())
    .bind(body)
    .bind(i64::from(internal))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    if !internal && o.org.role.is_staff() {
        queries::touch_answered(tx, o.org_id(), c.id, now).await?;
    } else {
        queries::touch(tx, o.org_id(), c.id, now).await?;
    }
    let event = if internal {
        Event::InternalComment
    } else {
        Event::PublicComment
    };
    let notice = Notice {
        detail: body,
        ..Notice::by(o, CaseRef::from(c), event)
    };
    deliver::notify(tx, state, &notice).await?;
    o.log_project(
        &mut **tx,
        c.project_id,
        if internal {
            "case_noted"
        } else {
            "case_commented"
        },
        &format!("#{} {}", c.number, c.title),
    )
    .await?;
    Ok(id)
}

/// The viewer's own comment on this case (others' are not theirs to change: 404).
async fn own_comment(o: &OrgCtx, case: crate::types::CaseId, id: CommentId) -> AppResult<bool> {
    let internal: Option<i64> = sqlx::query_scalar(
        "SELECT internal FROM case_comments WHERE id = $1 AND case_id = $2 AND org_id = $3 AND author_user_id = $4",
    )
    .bind(id)
    .bind(case)
    .bind(o.org_id())
    .bind(o.user_id())
    .fetch_optional(&o.viewer.state.db.pool)
    .await?;
    let internal = internal.ok_or(AppError::NotFound)? == 1;
    // Someone who lost the team role keeps no hold on the team's notes.
    if internal && o.require(Action::ManageCases).is_err() {
        return Err(AppError::NotFound);
    }
    Ok(internal)
}

pub async fn edit(
    o: OrgCtx,
    Ids((_, number, id)): Ids<(OrgId, CaseNumber, CommentId)>,
    Form(f): Form<CommentForm>,
) -> AppResult<Response> {
    let c = existing(&o, number).await?;
    own_comment(&o, c.id, id).await?;
    let back = o.path(&format!("/service/{number}#comment-{id}"));
    let body = match required_text(&f.body, MAX_TEXT) {
        Ok(b) => b,
        Err(e) => {
            return Ok(flash::error(
                &back,
                "service.comment_refused",
                &[("reason", &e.message(o.t()))],
            ));
        }
    };
    let now = o.viewer.state.clock.now();
    sqlx::query("UPDATE case_comments SET body = $1, edited_at = $2 WHERE id = $3 AND org_id = $4")
        .bind(&body)
        .bind(now)
        .bind(id)
        .bind(o.org_id())
        .execute(&o.viewer.state.db.pool)
        .await?;
    Ok(flash::success(&back, "service.comment_edited", &[]))
}

pub async fn delete(
    o: OrgCtx,
    Ids((_, number, id)): Ids<(OrgId, CaseNumber, CommentId)>,
) -> AppResult<Response> {
    let c = existing(&o, number).await?;
    own_comment(&o, c.id, id).await?;
    sqlx::query("DELETE FROM case_comments WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(o.org_id())
        .execute(&o.viewer.state.db.pool)
        .await?;
    Ok(flash::success(
        &o.path(&format!("/service/{number}#comments")),
        "service.comment_deleted",
        &[],
    ))
}
