//! Case templates and checklists (S3): the team's recurring cases ("Annual inspection",
//! "Blind motor replacement") with their steps. Staff only: for anyone else a template's page
//! does not exist, and checklists never leave the team's pages.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{MAX_TEXT, MAX_TITLE, Priority, case_page::existing};
use crate::{
    authz::Action,
    clock::Timestamp,
    db::{Db, Tx, read},
    types::{
        CaseId, CaseNumber, ChecklistItemId, OrgId, TemplateId, UserId, optional_text,
        required_text,
    },
    web::{AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render, render_status},
};

/// At most this many checklist items per template (one per line).
pub const MAX_ITEMS: usize = 50;

/// Templates are the team's: to anyone else they do not exist (404, not 403).
fn require_team(o: &OrgCtx) -> AppResult<()> {
    o.require(Action::ManageTemplates)
        .map(|_| ())
        .map_err(|_| AppError::NotFound)
}

#[derive(Clone, Debug)]
pub struct CaseTemplate {
    pub id: TemplateId,
    pub name: String,
    pub title: String,
    pub description: String,
    pub priority: Priority,
    /// Items, one per line.
    pub checklist: String,
}

impl CaseTemplate {
    pub fn items(&self) -> impl Iterator<Item = &str> {
        self.checklist
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
    }
}

fn from_row(r: &crate::db::ReadRow) -> Result<CaseTemplate, sqlx::Error> {
    Ok(CaseTemplate {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        priority: Priority::from_rank(r.try_get("priority")?),
        checklist: r.try_get("checklist")?,
    })
}

pub async fn list_of(db: &Db, org: OrgId) -> Result<Vec<CaseTemplate>, sqlx::Error> {
    read(
        "SELECT id, name, title, description, priority, checklist FROM case_templates \
         WHERE org_id = $1 ORDER BY LOWER(name), id LIMIT 500",
    )
    .bind(org)
    .fetch_all(db, from_row)
    .await
}

pub async fn get(db: &Db, org: OrgId, id: TemplateId) -> Result<Option<CaseTemplate>, sqlx::Error> {
    read(
        "SELECT id, name, title, description, priority, checklist FROM case_templates \
         WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org)
    .fetch_optional(db, from_row)
    .await
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct TemplateForm {
    pub name: String,
    pub title: String,
    pub description: String,
    pub priority: String,
    pub checklist: String,
}

impl TemplateForm {
    fn of(t: &CaseTemplate) -> TemplateForm {
        TemplateForm {
            name: t.name.clone(),
            title: t.title.clone(),
            description: t.description.clone(),
            priority: t.priority.as_str().into(),
            checklist: t.checklist.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "service/templates.html")]
struct TemplatesPage {
    l: Layout,
    templates: Vec<CaseTemplate>,
    /// The form: a new template, or the one being edited.
    editing: Option<TemplateId>,
    f: TemplateForm,
    errors: FieldErrors,
    priorities: [Priority; 4],
}

async fn page(
    o: &OrgCtx,
    editing: Option<TemplateId>,
    f: TemplateForm,
    errors: FieldErrors,
) -> AppResult<TemplatesPage> {
    Ok(TemplatesPage {
        l: o.layout("service", "service.templates"),
        templates: list_of(&o.viewer.state.db, o.org_id()).await?,
        editing,
        f,
        errors,
        priorities: Priority::ALL,
    })
}

pub async fn index(o: OrgCtx) -> AppResult<Response> {
    require_team(&o)?;
    let f = TemplateForm {
        priority: Priority::Medium.as_str().into(),
        ..TemplateForm::default()
    };
    render(&page(&o, None, f, FieldErrors::default()).await?)
}

pub async fn edit_form(o: OrgCtx, Ids((_, id)): Ids<(OrgId, TemplateId)>) -> AppResult<Response> {
    require_team(&o)?;
    let t = get(&o.viewer.state.db, o.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&page(&o, Some(id), TemplateForm::of(&t), FieldErrors::default()).await?)
}

struct Valid {
    name: String,
    title: String,
    description: String,
    priority: Priority,
    checklist: String,
}

fn validate(o: &OrgCtx, f: &TemplateForm) -> Result<Valid, FieldErrors> {
    let t = o.t();
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&f.name, 100), t);
    let title = errors.check("title", required_text(&f.title, MAX_TITLE), t);
    let description = errors.check("description", optional_text(&f.description, MAX_TEXT), t);
    let priority = Priority::parse(f.priority.trim());
    if priority.is_none() {
        errors.add("priority", t.get("service.bad_priority").into());
    }
    let checklist = errors.check("checklist", optional_text(&f.checklist, MAX_TEXT), t);
    let checklist = checklist.and_then(|c| {
        let items: Vec<&str> = c.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        if items.len() > MAX_ITEMS {
            errors.add(
                "checklist",
                t.fmt("service.too_many_items", &[("max", &MAX_ITEMS.to_string())]),
            );
            None
        } else if items.iter().any(|i| i.chars().count() > MAX_TITLE) {
            errors.add(
                "checklist",
                crate::types::FieldError::TooLong(MAX_TITLE).message(t),
            );
            None
        } else {
            Some(items.join("\n"))
        }
    });
    match (name, title, description, priority, checklist) {
        (Some(name), Some(title), Some(description), Some(priority), Some(checklist))
            if errors.is_empty() =>
        {
            Ok(Valid {
                name,
                title,
                description,
                priority,
                checklist,
            })
        }
        _ => Err(errors),
    }
}

pub async fn create(o: OrgCtx, Form(f): Form<TemplateForm>) -> AppResult<Response> {
    require_team(&o)?;
    let v = match validate(&o, &f) {
        Ok(v) => v,
        Err(errors) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&o, None, f, errors).await?,
            );
        }
    };
    let now = o.viewer.state.clock.now();
    sqlx::query(
        "INSERT INTO case_templates (org_id, name, title, description, priority, checklist, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(o.org_id())
    .bind(&v.name)
    .bind(&v.title)
    .bind(&v.description)
    .bind(v.priority.rank())
    .bind(&v.checklist)
    .bind(now)
    .execute(&o.viewer.state.db.pool)
    .await?;
    Ok(flash::success(
        &o.path("/service/templates"),
        "service.template_saved",
        &[("name", &v.name)],
    ))
}

pub async fn update(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, TemplateId)>,
    Form(f): Form<TemplateForm>,
) -> AppResult<Response> {
    require_team(&o)?;
    get(&o.viewer.state.db, o.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let v = match validate(&o, &f) {
        Ok(v) => v,
        Err(errors) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&o, Some(id), f, errors).await?,
            );
        }
    };
    let now = o.viewer.state.clock.now();
    sqlx::query(
        "UPDATE case_templates SET name = $1, title = $2, description = $3, priority = $4, checklist = $5, updated_at = $6 \
         WHERE id = $7 AND org_id = $8",
    )
    .bind(&v.name)
    .bind(&v.title)
    .bind(&v.description)
    .bind(v.priority.rank())
    .bind(&v.checklist)
    .bind(now)
    .bind(id)
    .bind(o.org_id())
    .execute(&o.viewer.state.db.pool)
    .await?;
    Ok(flash::success(
        &o.path("/service/templates"),
        "service.template_saved",
        &[("name", &v.name)],
    ))
}

pub async fn delete(o: OrgCtx, Ids((_, id)): Ids<(OrgId, TemplateId)>) -> AppResult<Response> {
    require_team(&o)?;
    let t = get(&o.viewer.state.db, o.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    sqlx::query("DELETE FROM case_templates WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(o.org_id())
        .execute(&o.viewer.state.db.pool)
        .await?;
    Ok(flash::success(
        &o.path("/service/templates"),
        "service.template_deleted",
        &[("name", &t.name)],
    ))
}

/// Copies a template's checklist onto a new case (in the case's transaction).
pub async fn copy_checklist(
    tx: &mut Tx<'_>,
    org: OrgId,
    case: CaseId,
    items: &[String],
) -> Result<(), sqlx::Error> {
    for (position, text) in items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO case_checklist_items (org_id, case_id, position, text) VALUES ($1, $2, $3, $4)",
        )
        .bind(org)
        .bind(case)
        .bind(position as i64)
        .bind(text)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub struct ChecklistItem {
    pub id: ChecklistItemId,
    pub text: String,
    pub done_by: String,
    pub done_at: Option<Timestamp>,
}

/// A case's checklist, for the team's view of it.
pub async fn checklist(
    db: &Db,
    org: OrgId,
    case: CaseId,
) -> Result<Vec<ChecklistItem>, sqlx::Error> {
    read(
        "SELECT i.id, i.text, COALESCE(u.name, '') AS done_by, i.done_at FROM case_checklist_items i \
         LEFT JOIN users u ON u.id = i.done_by WHERE i.case_id = $1 AND i.org_id = $2 ORDER BY i.position, i.id",
    )
    .bind(case)
    .bind(org)
    .fetch_all(db, |r| {
        Ok(ChecklistItem {
            id: r.try_get("id")?,
            text: r.try_get("text")?,
            done_by: r.try_get("done_by")?,
            done_at: r.try_get("done_at")?,
        })
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TickForm {
    /// "1" ticks the item, anything else unticks it.
    pub done: String,
}

/// Ticks or unticks one item (who and when are kept); an internal entry of the timeline.
pub async fn tick(
    o: OrgCtx,
    Ids((_, number, item)): Ids<(OrgId, CaseNumber, ChecklistItemId)>,
    Form(f): Form<TickForm>,
) -> AppResult<Response> {
    let c = existing(&o, number).await?;
    o.require(Action::ManageCases)
        .map_err(|_| AppError::NotFound)?;
    let done = f.done == "1";
    let state = &o.viewer.state;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let text: Option<String> = sqlx::query_scalar(
        "SELECT text FROM case_checklist_items WHERE id = $1 AND case_id = $2 AND org_id = $3",
    )
    .bind(item)
    .bind(c.id)
    .bind(o.org_id())
    .fetch_optional(&mut *tx)
    .await?;
    let text = text.ok_or(AppError::NotFound)?;
    let (by, at): (Option<UserId>, Option<i64>) = if done {
        (Some(o.user_id()), Some(now))
    } else {
        (None, None)
    };
    sqlx::query(
        "UPDATE case_checklist_items SET done_by = $1, done_at = $2 WHERE id = $3 AND org_id = $4",
    )
    .bind(by)
    .bind(at)
    .bind(item)
    .bind(o.org_id())
    .execute(&mut *tx)
    .await?;
    let change = super::queries::Change {
        kind: if done { "checked" } else { "unchecked" },
        old: "",
        new: &text,
        public: false,
    };
    super::queries::record_event(&mut tx, o.org_id(), c.id, Some(o.user_id()), now, &change)
        .await?;
    super::queries::touch(&mut tx, o.org_id(), c.id, now).await?;
    tx.commit().await?;
    // Back to the list (a tick is no news worth a flash message).
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to(&o.path(&format!("/service/{number}#checklist"))),
    ))
}
