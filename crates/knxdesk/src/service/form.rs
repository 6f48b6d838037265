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
    types::{DeviceId, ProjectId, UserId, optional_text, required_text},
    web::{AppResult, FieldErrors, Layout, OrgCtx, flash, render, render_status},
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
                reporter: None,
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
    let number =
        super::open::open(&o.viewer.state, &super::open::Opener::member(&o), &c, None).await?;
    Ok(flash::success(
        &o.path(&format!("/service/{number}")),
        "service.created",
        &[("number", &number.to_string())],
    ))
}
