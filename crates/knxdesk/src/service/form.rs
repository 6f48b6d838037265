//! Opening a case: the form (project first, then its devices) and its validation.

use askama::Template;
use axum::{
    extract::{Form, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    MAX_TEXT, MAX_TITLE, Priority,
    queries::{self, NewCase},
};
use crate::{
    authz::{Action, Visibility},
    db::OnUnique,
    notifications::{
        Event,
        deliver::{self, CaseRef, Notice},
    },
    types::{CaseNumber, DeviceId, ProjectId, UserId, optional_text, required_text},
    web::{AppError, AppResult, FieldErrors, Layout, OrgCtx, flash, render, render_status},
};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CaseForm {
    pub project: String,
    pub device: String,
    pub title: String,
    pub description: String,
    pub priority: String,
    pub assignee: String,
    pub due_on: String,
    /// The template the case starts from (staff).
    pub template: String,
}

#[derive(Template)]
#[template(path = "service/new.html")]
struct NewPage {
    l: Layout,
    f: CaseForm,
    errors: FieldErrors,
    projects: Vec<(ProjectId, String)>,
    /// The chosen project's devices (empty until one is chosen).
    devices: Vec<(DeviceId, String)>,
    project_chosen: bool,
    staff: Vec<(UserId, String)>,
    priorities: [Priority; 4],
    /// Staff set priority, assignee and due date; a customer describes the problem.
    is_staff: bool,
    /// The template the form was filled from, with its checklist.
    template: Option<super::templates::CaseTemplate>,
    templates: Vec<super::templates::CaseTemplate>,
}

async fn page(o: &OrgCtx, f: CaseForm, errors: FieldErrors) -> AppResult<NewPage> {
    let db = &o.viewer.state.db;
    let seen = o.visibility(Action::OpenCases)?;
    let projects = queries::project_choices(db, o.org_id(), seen).await?;
    let chosen = f
        .project
        .parse::<i64>()
        .ok()
        .map(ProjectId)
        .filter(|p| projects.iter().any(|(id, _)| id == p));
    let devices = match chosen {
        Some(p) => queries::devices_of_project(db, o.org_id(), p).await?,
        None => Vec::new(),
    };
    let is_staff = o.require(Action::ManageCases).is_ok();
    let (template, templates) = if o.require(Action::ManageTemplates).is_ok() {
        (
            chosen_template(o, &f.template).await?,
            super::templates::list_of(db, o.org_id()).await?,
        )
    } else {
        (None, Vec::new())
    };
    Ok(NewPage {
        template,
        templates,
        l: o.layout("service", "service.new"),
        staff: if is_staff {
            queries::staff(db, o.org_id()).await?
        } else {
            Vec::new()
        },
        project_chosen: chosen.is_some(),
        f,
        errors,
        projects,
        devices,
        priorities: Priority::ALL,
        is_staff,
    })
}

/// The template named in a form, if the viewer may use templates and it is this organisation's.
async fn chosen_template(
    o: &OrgCtx,
    raw: &str,
) -> AppResult<Option<super::templates::CaseTemplate>> {
    if o.require(Action::ManageTemplates).is_err() {
        return Ok(None);
    }
    Ok(match raw.trim().parse::<i64>() {
        Ok(id) => {
            super::templates::get(&o.viewer.state.db, o.org_id(), crate::types::TemplateId(id))
                .await?
        }
        Err(_) => None,
    })
}

/// `?project=` (and `?device=`) preselect what the case is about (from a project's or a
/// device's Service tab); `?template=` fills the form from a template.
pub async fn new_form(o: OrgCtx, Query(f): Query<CaseForm>) -> AppResult<Response> {
    o.require(Action::OpenCases)?;
    let f = match chosen_template(&o, &f.template).await? {
        Some(t) if f.title.is_empty() => CaseForm {
            title: t.title.clone(),
            description: t.description.clone(),
            priority: t.priority.as_str().into(),
            template: t.id.to_string(),
            ..f
        },
        _ => f,
    };
    let f = CaseForm {
        priority: if f.priority.is_empty() {
            Priority::Medium.as_str().into()
        } else {
            f.priority
        },
        ..f
    };
    render(&page(&o, f, FieldErrors::default()).await?)
}

/// Checks the form against what the viewer may choose; `Err` with every field's problem.
async fn validate(o: &OrgCtx, f: &CaseForm) -> AppResult<Result<NewCase, FieldErrors>> {
    let t = o.t();
    let db = &o.viewer.state.db;
    let seen: Visibility = o.visibility(Action::OpenCases)?;
    let is_staff = o.require(Action::ManageCases).is_ok();
    let mut errors = FieldErrors::default();
    let title = errors.check("title", required_text(&f.title, MAX_TITLE), t);
    let description = errors.check("description", optional_text(&f.description, MAX_TEXT), t);
    let project = match f.project.trim().parse::<i64>().map(ProjectId) {
        Ok(p)
            if crate::projects::queries::get(db, o.org_id(), seen, p)
                .await?
                .is_some() =>
        {
            Some(p)
        }
        _ => {
            errors.add("project", t.get("service.choose_project").into());
            None
        }
    };
    let device = match project {
        Some(p) => super::fields::device(t, &mut errors, db, o.org_id(), p, &f.device)
            .await?
            .flatten(),
        None => None,
    };
    // A customer's case starts at medium, unassigned, without a due date: the team decides.
    let priority = if is_staff {
        super::fields::priority(t, &mut errors, &f.priority)
    } else {
        Some(Priority::Medium)
    };
    let (assignee, due) = if is_staff {
        let staff = queries::staff(db, o.org_id()).await?;
        (
            super::fields::assignee(t, &mut errors, &staff, &f.assignee).flatten(),
            super::fields::due(t, &mut errors, &f.due_on).flatten(),
        )
    } else {
        (None, None)
    };
    let checklist = chosen_template(o, &f.template)
        .await?
        .map(|t| t.items().map(str::to_string).collect())
        .unwrap_or_default();
    Ok(match (title, description, project, priority) {
        (Some(title), Some(description), Some(project), Some(priority)) if errors.is_empty() => {
            Ok(NewCase {
                checklist,
                project,
                device,
                title,
                description,
                priority,
                assignee,
                due,
            })
        }
        _ => Err(errors),
    })
}

pub async fn create(o: OrgCtx, Form(f): Form<CaseForm>) -> AppResult<Response> {
    o.require(Action::OpenCases)?;
    let c = match validate(&o, &f).await? {
        Ok(c) => c,
        Err(errors) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&o, f, errors).await?,
            );
        }
    };
    let number = open_case(&o, &c).await?;
    Ok(flash::success(
        &o.path(&format!("/service/{number}")),
        "service.created",
        &[("number", &number.to_string())],
    ))
}

/// Stores a new case with its first timeline entry and activity, the opener watching it;
/// retries when another case took the number meanwhile.
pub async fn open_case(o: &OrgCtx, c: &NewCase) -> AppResult<CaseNumber> {
    let state = &o.viewer.state;
    for _ in 0..20 {
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        let Some((id, number)) = queries::insert(&mut tx, o.org_id(), o.user_id(), now, c)
            .await
            .unique_as_none()?
        else {
            tx.rollback().await?;
            continue;
        };
        let change = queries::Change {
            kind: "created",
            old: "",
            new: "",
            public: true,
        };
        queries::record_event(&mut tx, o.org_id(), id, Some(o.user_id()), now, &change).await?;
        super::templates::copy_checklist(&mut tx, o.org_id(), id, &c.checklist).await?;
        sqlx::query("INSERT INTO case_watchers (case_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(o.user_id())
            .execute(&mut *tx)
            .await?;
        if let Some(assignee) = c.assignee.filter(|a| *a != o.user_id()) {
            sqlx::query("INSERT INTO case_watchers (case_id, user_id) VALUES ($1, $2)")
                .bind(id)
                .bind(assignee)
                .execute(&mut *tx)
                .await?;
        }
        let customer_id: Option<crate::types::CustomerId> =
            sqlx::query_scalar("SELECT customer_id FROM projects WHERE id = $1 AND org_id = $2")
                .bind(c.project)
                .bind(o.org_id())
                .fetch_one(&mut *tx)
                .await?;
        let case = || CaseRef {
            id,
            number,
            title: c.title.clone(),
            project_id: c.project,
            customer_id,
            assignee: c.assignee,
        };
        deliver::notify(&mut tx, state, &Notice::by(o, case(), Event::CaseCreated)).await?;
        if let Some(a) = c.assignee {
            let notice = Notice {
                assignee: Some(a),
                ..Notice::by(o, case(), Event::Assigned)
            };
            deliver::notify(&mut tx, state, &notice).await?;
        }
        o.log_project(
            &mut *tx,
            c.project,
            "case_created",
            &format!("#{number} {}", c.title),
        )
        .await?;
        tx.commit().await?;
        return Ok(number);
    }
    Err(AppError::Internal(anyhow::anyhow!(
        "could not assign a case number"
    )))
}
