//! Project pages: list with filters, create and edit, the overview with status and customer.

use super::Tab;
use crate::web::Pager;
use askama::Template;
use axum::{
    extract::{Form, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    Status,
    queries::{self, Filter, NewProject, PAGE_SIZE, Project},
};
use crate::types::OrgId;
use crate::{
    activity::{self, Entry},
    authz::{Action, Visibility},
    customers,
    types::{CustomerId, ProjectId, optional_text, required_text},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render, render_status},
};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    status: String,
    customer: String,
    /// Text, not a number: a garbled page parameter shows the first page.
    page: String,
}

#[derive(Template)]
#[template(path = "projects/index.html")]
struct IndexPage {
    l: Layout,
    projects: Vec<Project>,
    q: String,
    status: String,
    customer: Option<(CustomerId, String)>,
    total: i64,
    pager: Pager,
    statuses: [Status; 3],
    can_edit: bool,
}

pub async fn index(o: OrgCtx, Query(lq): Query<ListQuery>) -> AppResult<Response> {
    let seen = o.visibility(Action::ViewProjects)?;
    let q: String = crate::types::query_text(&lq.q);
    let status = Status::parse(&lq.status);
    let wanted_customer = lq.customer.parse::<i64>().ok().map(CustomerId);
    let customer = match wanted_customer.filter(|_| seen == Visibility::All) {
        Some(id) => customers::queries::get(
            &o.viewer.state.db,
            o.viewer.state.clock.now(),
            o.org_id(),
            id,
        )
        .await?
        .map(|c| (c.id, c.name)),
        None => None,
    };
    let page = lq.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000);
    let filter = Filter {
        q: &q,
        status,
        customer: wanted_customer,
    };
    let (projects, total) =
        queries::list(&o.viewer.state.db, o.org_id(), seen, &filter, page).await?;
    let url = |p: i64| {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", q.as_str()),
            ("status", status.map(Status::as_str).unwrap_or("")),
            ("customer", lq.customer.as_str()),
        ] {
            if !v.is_empty() {
                ser.append_pair(k, v);
            }
        }
        ser.append_pair("page", &p.to_string());
        o.path(&format!("/projects?{}", ser.finish()))
    };
    render(&IndexPage {
        l: o.layout("projects", "projects.title"),
        pager: Pager::new(page, total, PAGE_SIZE, url),
        projects,
        q: q.clone(),
        status: status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        customer,
        total,
        statuses: Status::ALL,
        can_edit: o.require(Action::EditProjects).is_ok(),
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProjectForm {
    name: String,
    customer_id: String,
    building_name: String,
    building_address: String,
    description: String,
}

#[derive(Template)]
#[template(path = "projects/form.html")]
struct FormPage {
    l: Layout,
    action: String,
    editing: bool,
    f: ProjectForm,
    customers: Vec<(CustomerId, String, String)>,
    errors: FieldErrors,
}

/// Customers offered in the form's dropdown (the rest can be found from the project page).
const FORM_CUSTOMERS: i64 = 500;

async fn form_page(
    o: &OrgCtx,
    action: String,
    editing: bool,
    f: ProjectForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let mut customers =
        queries::customer_choices(&o.viewer.state.db, o.org_id(), "", FORM_CUSTOMERS).await?;
    // The chosen customer is always offered, even beyond the first names of a long list.
    if let Ok(chosen) = f.customer_id.trim().parse::<i64>().map(CustomerId)
        && !customers.iter().any(|(id, _, _)| *id == chosen)
    {
        let now = o.viewer.state.clock.now();
        if let Some(c) =
            customers::queries::get(&o.viewer.state.db, now, o.org_id(), chosen).await?
        {
            customers.insert(0, (c.id, c.name, c.company));
        }
    }
    Ok(FormPage {
        l: o.layout(
            "projects",
            if editing {
                "projects.edit"
            } else {
                "projects.new"
            },
        ),
        action,
        editing,
        f,
        customers,
        errors,
    })
}

async fn validate(o: &OrgCtx, f: &ProjectForm) -> AppResult<Result<NewProject, FieldErrors>> {
    let t = o.t();
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&f.name, 200), t);
    let building_name = errors.check("building_name", optional_text(&f.building_name, 200), t);
    let building_address = errors.check(
        "building_address",
        optional_text(&f.building_address, 500),
        t,
    );
    let description = errors.check("description", optional_text(&f.description, 5000), t);
    let customer = match f.customer_id.trim() {
        "" => Some(None),
        id => match id.parse::<i64>() {
            // Only a customer of this organisation.
            Ok(id)
                if customers::queries::get(
                    &o.viewer.state.db,
                    o.viewer.state.clock.now(),
                    o.org_id(),
                    CustomerId(id),
                )
                .await?
                .is_some() =>
            {
                Some(Some(id))
            }
            _ => {
                errors.add("customer_id", t.get("projects.bad_customer").into());
                None
            }
        },
    };
    Ok(
        match (name, customer, building_name, building_address, description) {
            (
                Some(name),
                Some(customer),
                Some(building_name),
                Some(building_address),
                Some(description),
            ) if errors.is_empty() => Ok(NewProject {
                name,
                customer: customer.map(CustomerId),
                building_name,
                building_address,
                description,
            }),
            _ => Err(errors),
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    customer: String,
}

pub async fn new_form(o: OrgCtx, Query(nq): Query<NewQuery>) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let f = ProjectForm {
        customer_id: nq.customer,
        ..Default::default()
    };
    render(&form_page(&o, o.path("/projects"), false, f, FieldErrors::default()).await?)
}

pub async fn create(o: OrgCtx, Form(f): Form<ProjectForm>) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let v = match validate(&o, &f).await? {
        Ok(v) => v,
        Err(errors) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&o, o.path("/projects"), false, f, errors).await?,
            );
        }
    };
    let state = &o.viewer.state;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = queries::insert(&mut tx, o.org_id(), now, &v).await?;
    o.log_project(&mut *tx, id, "project_created", &v.name)
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&format!("/projects/{id}")),
        "projects.created",
        &[("name", &v.name)],
    ))
}

/// A project the viewer may see (customer users: only their own customer's); others are not found.
pub async fn existing(o: &OrgCtx, id: ProjectId) -> AppResult<Project> {
    let seen = o.visibility(Action::ViewProjects)?;
    queries::get(&o.viewer.state.db, o.org_id(), seen, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn edit_form(o: OrgCtx, Ids((_, id)): Ids<(OrgId, ProjectId)>) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = existing(&o, id).await?;
    let f = ProjectForm {
        name: p.name,
        customer_id: p.customer_id.map(|c| c.to_string()).unwrap_or_default(),
        building_name: p.building_name,
        building_address: p.building_address,
        description: p.description,
    };
    render(
        &form_page(
            &o,
            o.path(&format!("/projects/{id}")),
            true,
            f,
            FieldErrors::default(),
        )
        .await?,
    )
}

pub async fn update(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, ProjectId)>,
    Form(f): Form<ProjectForm>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    existing(&o, id).await?;
    let v = match validate(&o, &f).await? {
        Ok(v) => v,
        Err(errors) => {
            let page = form_page(&o, o.path(&format!("/projects/{id}")), true, f, errors).await?;
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let state = &o.viewer.state;
    let mut tx = state.db.begin().await?;
    queries::update(&mut tx, o.org_id(), id, state.clock.now(), &v).await?;
    o.log_project(&mut *tx, id, "project_updated", &v.name)
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&format!("/projects/{id}")),
        "settings.saved",
        &[],
    ))
}

/// The Overview tab: KPIs, the customer card, the description.
#[derive(Template)]
#[template(path = "projects/overview.html")]
struct OverviewPage {
    l: Layout,
    p: Project,
    tab: Tab,
    statuses: [Status; 3],
    can_edit: bool,
    customer_q: String,
    choices: Vec<(CustomerId, String, String)>,
    devices: i64,
    group_addresses: i64,
    versions: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    customer_q: String,
}

/// The layout of a project's tab, titled with the project's name.
pub fn tab_layout(o: &OrgCtx, p: &Project) -> Layout {
    let mut l = o.layout("projects", "projects.title");
    l.title = p.name.clone();
    l
}

pub async fn show(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, ProjectId)>,
    Query(sq): Query<ShowQuery>,
) -> AppResult<Response> {
    let p = existing(&o, id).await?;
    let can_edit = o.require(Action::EditProjects).is_ok();
    let customer_q: String = crate::types::query_text(&sq.customer_q);
    let choices = if can_edit {
        queries::customer_choices(&o.viewer.state.db, o.org_id(), &customer_q, 20).await?
    } else {
        Vec::new()
    };
    let versions = crate::ets::queries::count(&o.viewer.state.db.pool, o.org_id(), id).await?;
    render(&OverviewPage {
        l: tab_layout(&o, &p),
        tab: Tab::Overview,
        statuses: Status::ALL,
        can_edit,
        customer_q,
        choices,
        devices: p.device_count,
        group_addresses: p.group_address_count,
        versions,
        p,
    })
}

/// The Activity tab: who changed what in this project.
#[derive(Template)]
#[template(path = "projects/activity.html")]
struct ActivityPage {
    l: Layout,
    p: Project,
    tab: Tab,
    can_edit: bool,
    activity: Vec<Entry>,
}

pub async fn activity_tab(o: OrgCtx, Ids((_, id)): Ids<(OrgId, ProjectId)>) -> AppResult<Response> {
    o.require(Action::ViewActivity)?;
    let p = existing(&o, id).await?;
    let activity = activity::recent_for(&o.viewer.state.db.pool, o.org_id(), id, 20).await?;
    render(&ActivityPage {
        l: tab_layout(&o, &p),
        tab: Tab::Activity,
        can_edit: o.require(Action::EditProjects).is_ok(),
        activity,
        p,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, ProjectId)>,
    Form(f): Form<StatusForm>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = existing(&o, id).await?;
    let status = Status::parse(&f.status).ok_or(AppError::BadRequest("projects.bad_status"))?;
    let state = &o.viewer.state;
    let mut tx = state.db.begin().await?;
    queries::set_status(&mut tx, o.org_id(), id, state.clock.now(), status).await?;
    let subject = format!("{} → {}", p.name, o.t().get(status.label_key()));
    o.log_project(&mut *tx, id, "project_status_changed", &subject)
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&format!("/projects/{id}")),
        "projects.status_changed",
        &[],
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CustomerForm {
    customer_id: String,
}

/// Links a customer (C3: at most one per project) or, with an empty id, unlinks.
pub async fn set_customer(
    o: OrgCtx,
    Ids((_, id)): Ids<(OrgId, ProjectId)>,
    Form(f): Form<CustomerForm>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let p = existing(&o, id).await?;
    let customer = match f.customer_id.trim() {
        "" => None,
        raw => {
            let cid: i64 = raw.parse().map_err(|_| AppError::NotFound)?;
            Some(
                customers::queries::get(
                    &o.viewer.state.db,
                    o.viewer.state.clock.now(),
                    o.org_id(),
                    CustomerId(cid),
                )
                .await?
                .ok_or(AppError::NotFound)?,
            )
        }
    };
    let state = &o.viewer.state;
    let mut tx = state.db.begin().await?;
    queries::set_customer(
        &mut tx,
        o.org_id(),
        id,
        state.clock.now(),
        customer.as_ref().map(|c| c.id),
    )
    .await?;
    let (action, key, name) = match &customer {
        Some(c) => (
            "project_customer_linked",
            "projects.customer_linked",
            c.name.clone(),
        ),
        None => (
            "project_customer_unlinked",
            "projects.customer_unlinked",
            p.customer_name.clone(),
        ),
    };
    o.log_project(&mut *tx, id, action, &format!("{} · {name}", p.name))
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&format!("/projects/{id}")),
        key,
        &[("name", &name)],
    ))
}
