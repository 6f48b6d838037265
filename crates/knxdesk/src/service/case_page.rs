//! One case: its page with the timeline, the team's fields and the status moves.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    MAX_TEXT, MAX_TITLE, Priority, Status, markdown,
    queries::{self, Case, Change, Fields},
};
use crate::{
    authz::Action,
    i18n::Catalog,
    notifications::{
        Event,
        deliver::{self, CaseRef, Notice},
    },
    types::{CaseNumber, DeviceId, OrgId, UserId, optional_text, required_text},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render, render_status},
};

/// A case the viewer may see (customer users: only their own customer's); others are not found.
pub async fn existing(o: &OrgCtx, number: CaseNumber) -> AppResult<Case> {
    let seen = o.visibility(Action::OpenCases)?;
    queries::by_number(&o.viewer.state.db, o.org_id(), seen, number)
        .await?
        .ok_or(AppError::NotFound)
}

/// A timeline entry as the page shows it.
pub struct Shown {
    pub at: crate::clock::Timestamp,
    pub actor: String,
    /// The change in a sentence; empty for a comment.
    pub sentence: String,
    /// A comment's body, rendered and sanitised.
    pub html: String,
    pub raw: String,
    pub is_comment: bool,
    pub internal: bool,
    pub comment_id: i64,
    pub edited: Option<crate::clock::Timestamp>,
    /// The viewer wrote it (and may edit or delete it).
    pub own: bool,
    /// The files sent with it.
    pub files: Vec<super::attachments::Attachment>,
}

/// The sentence of one change: "Anna Berg changed the status from Open to In progress".
pub(crate) fn sentence(t: &Catalog, e: &queries::TimelineEntry) -> String {
    let status = |v: &str| Status::parse(v).map_or(v.to_string(), |s| t.get(s.label_key()).into());
    let priority =
        |v: &str| Priority::parse(v).map_or(v.to_string(), |p| t.get(p.label_key()).into());
    let (old, new) = match e.kind.as_str() {
        "status" => (status(&e.old), status(&e.new)),
        "priority" => (priority(&e.old), priority(&e.new)),
        _ => (e.old.clone(), e.new.clone()),
    };
    // A value set or cleared reads differently from one changed.
    let key = match (e.kind.as_str(), old.is_empty(), new.is_empty()) {
        ("assignee" | "due" | "device", true, false) => format!("service.event.{}_set", e.kind),
        ("assignee" | "due" | "device", false, true) => format!("service.event.{}_cleared", e.kind),
        (kind, _, _) => format!("service.event.{kind}"),
    };
    t.fmt(&key, &[("actor", &e.actor), ("old", &old), ("new", &new)])
}

#[derive(Template)]
#[template(path = "service/case.html")]
pub(super) struct CasePage {
    l: Layout,
    c: Case,
    description_html: String,
    timeline: Vec<Shown>,
    today: String,
    /// Staff, on a case reported at a label: the reporter's private link.
    reporter_link: Option<crate::codes::follow::ReporterLink>,
    /// Files of the case itself, not of a comment (the photos of a report from a label).
    photos: Vec<super::attachments::Attachment>,
    /// Staff: the team's fields, internal comments, assignment.
    can_manage: bool,
    /// Status moves offered (staff and customer moderators: any allowed; customers: answer a
    /// resolved case).
    moves: Vec<Status>,
    can_comment: bool,
    staff: Vec<(UserId, String)>,
    devices: Vec<(DeviceId, String)>,
    /// The viewer watches the case (staff).
    watching: bool,
    /// The team's checklist (empty for customers, always).
    checklist: Vec<super::templates::ChecklistItem>,
    /// The case's device is not among the project's devices any more (a later ETS version).
    device_gone: bool,
    priorities: [Priority; 4],
    /// The edit form's values and errors (after a refused save).
    f: FieldsForm,
    errors: FieldErrors,
    comment_errors: FieldErrors,
    comment_body: String,
}

impl CasePage {
    pub fn status_action(&self, to: &Status) -> &str {
        self.l.t.get(to.action_key(self.c.status))
    }
}

/// The moves this viewer may make from the case's status.
fn moves_for(o: &OrgCtx, c: &Case) -> Vec<Status> {
    if o.require(Action::ChangeCaseStatus).is_ok() {
        c.status.moves().collect()
    } else if o.require(Action::ConfirmResolution).is_ok() && c.status == Status::Resolved {
        vec![Status::Closed, Status::Open]
    } else {
        Vec::new()
    }
}

#[derive(Default)]
pub(super) struct Extra {
    pub f: Option<FieldsForm>,
    pub errors: FieldErrors,
    pub comment_errors: FieldErrors,
    pub comment_body: String,
}

pub(super) async fn page(o: &OrgCtx, c: Case, extra: Extra) -> AppResult<CasePage> {
    let db = &o.viewer.state.db;
    let t = o.t();
    let can_manage = o.require(Action::ManageCases).is_ok();
    let entries = queries::timeline(db, o.org_id(), c.id, can_manage).await?;
    let mut files = super::attachments::of_case(db, o.org_id(), c.id, can_manage).await?;
    let timeline = entries
        .iter()
        .filter(|e| e.kind != "created")
        .map(|e| {
            let is_comment = e.kind == "comment";
            Shown {
                at: e.at,
                actor: e.actor.clone(),
                sentence: if is_comment {
                    String::new()
                } else {
                    sentence(t, e)
                },
                html: if is_comment {
                    markdown::to_html(&e.new)
                } else {
                    String::new()
                },
                raw: if is_comment {
                    e.new.clone()
                } else {
                    String::new()
                },
                is_comment,
                internal: !e.public,
                comment_id: e.comment_id,
                edited: e.edited,
                own: e.actor_id == Some(o.user_id()),
                files: if is_comment {
                    let (mine, rest) = std::mem::take(&mut files)
                        .into_iter()
                        .partition(|f| f.comment_id == Some(e.comment_id));
                    files = rest;
                    mine
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let (staff, devices, checklist) = if can_manage {
        (
            queries::staff(db, o.org_id()).await?,
            queries::devices_of_project(db, o.org_id(), c.project_id).await?,
            super::templates::checklist(db, o.org_id(), c.id).await?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let mut l = o.layout("service", "service.title");
    l.title = format!("#{} {}", c.number, c.title);
    Ok(CasePage {
        description_html: markdown::to_html(&c.description),
        today: o.time().iso_day(o.viewer.state.clock.now()),
        moves: moves_for(o, &c),
        can_comment: o.require(Action::OpenCases).is_ok(),
        f: extra.f.unwrap_or_else(|| FieldsForm::of(&c)),
        errors: extra.errors,
        comment_errors: extra.comment_errors,
        comment_body: extra.comment_body,
        photos: files
            .into_iter()
            .filter(|f| f.comment_id.is_none())
            .collect(),
        reporter_link: if can_manage && c.reporter.reported() {
            crate::codes::follow::link_of(db, o.org_id(), c.id).await?
        } else {
            None
        },
        watching: can_manage
            && super::watch::watches(db, "case_watchers", "case_id", c.id.0, o.user_id()).await?,
        device_gone: c
            .device_id
            .is_some_and(|d| !devices.iter().any(|(id, _)| *id == d)),
        staff,
        devices,
        checklist,
        priorities: Priority::ALL,
        timeline,
        can_manage,
        l,
        c,
    })
}

pub async fn show(o: OrgCtx, Ids((_, number)): Ids<(OrgId, CaseNumber)>) -> AppResult<Response> {
    let c = existing(&o, number).await?;
    render(&page(&o, c, Extra::default()).await?)
}

/// The team's fields of a case, as the edit form sends them.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct FieldsForm {
    pub title: String,
    pub description: String,
    pub priority: String,
    pub assignee: String,
    pub due_on: String,
    pub device: String,
}

impl FieldsForm {
    fn of(c: &Case) -> FieldsForm {
        FieldsForm {
            title: c.title.clone(),
            description: c.description.clone(),
            priority: c.priority.as_str().into(),
            assignee: c.assignee.map(|u| u.to_string()).unwrap_or_default(),
            due_on: c.due_on.clone(),
            device: c.device_id.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

pub async fn update(
    o: OrgCtx,
    Ids((_, number)): Ids<(OrgId, CaseNumber)>,
    Form(f): Form<FieldsForm>,
) -> AppResult<Response> {
    let c = existing(&o, number).await?;
    o.require(Action::ManageCases)?;
    let t = o.t();
    let db = &o.viewer.state.db;
    let mut errors = FieldErrors::default();
    let title = errors.check("title", required_text(&f.title, MAX_TITLE), t);
    let description = errors.check("description", optional_text(&f.description, MAX_TEXT), t);
    let priority = super::fields::priority(t, &mut errors, &f.priority);
    let staff = queries::staff(db, o.org_id()).await?;
    let assignee = super::fields::assignee(t, &mut errors, &staff, &f.assignee);
    let due_on = super::fields::due(t, &mut errors, &f.due_on)
        .map(|d| d.map(|d| d.as_str().to_string()).unwrap_or_default());
    let device =
        super::fields::device(t, &mut errors, db, o.org_id(), c.project_id, &f.device).await?;
    let (
        Some(title),
        Some(description),
        Some(priority),
        Some(assignee),
        Some(due_on),
        Some(device),
    ) = (title, description, priority, assignee, due_on, device)
    else {
        let extra = Extra {
            f: Some(f),
            errors,
            ..Extra::default()
        };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&o, c, extra).await?);
    };
    let name_of = |u: Option<UserId>| {
        u.and_then(|u| staff.iter().find(|(id, _)| *id == u))
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let device_label = device.as_ref().map(|(_, l)| l.clone()).unwrap_or_default();
    // Each field that changed is one entry of the timeline, old → new.
    let old_assignee = name_of(c.assignee);
    let new_assignee = name_of(assignee);
    let changes: Vec<(&str, String, String)> = [
        ("title", c.title.clone(), title.clone()),
        (
            "priority",
            c.priority.as_str().to_string(),
            priority.as_str().to_string(),
        ),
        ("assignee", old_assignee, new_assignee),
        ("due", c.due_on.clone(), due_on.clone()),
        ("device", c.device_label.clone(), device_label.clone()),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .collect();
    let description_changed = c.description != description;
    if changes.is_empty() && !description_changed {
        return Ok(flash::success(
            &o.path(&format!("/service/{number}")),
            "service.nothing_changed",
            &[],
        ));
    }
    let state = &o.viewer.state;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let fields = Fields {
        title: &title,
        description: &description,
        priority,
        assignee,
        due_on: &due_on,
        device: device.as_ref().map(|(id, label)| (*id, label.as_str())),
    };
    queries::update_fields(&mut tx, o.org_id(), &c, now, &fields).await?;
    for (kind, old, new) in &changes {
        let change = Change {
            kind,
            old,
            new,
            public: false,
        };
        queries::record_event(&mut tx, o.org_id(), c.id, Some(o.user_id()), now, &change).await?;
    }
    if description_changed {
        let change = Change {
            kind: "description",
            old: "",
            new: "",
            public: false,
        };
        queries::record_event(&mut tx, o.org_id(), c.id, Some(o.user_id()), now, &change).await?;
    }
    if let Some(a) = assignee.filter(|a| Some(*a) != c.assignee) {
        let mut case = CaseRef::from(&c);
        case.assignee = Some(a);
        case.title = title.clone();
        let notice = Notice {
            assignee: Some(a),
            ..Notice::by(&o, case, Event::Assigned)
        };
        deliver::notify(&mut tx, state, &notice).await?;
        sqlx::query(
            "INSERT INTO case_watchers (case_id, user_id) SELECT $1, $2 \
             WHERE NOT EXISTS (SELECT 1 FROM case_watchers WHERE case_id = $1 AND user_id = $2)",
        )
        .bind(c.id)
        .bind(a)
        .execute(&mut *tx)
        .await?;
    }
    o.log_project(
        &mut *tx,
        c.project_id,
        "case_updated",
        &format!("#{number} {title}"),
    )
    .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&format!("/service/{number}")),
        "service.saved",
        &[],
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
    /// Where to go afterwards: `board` returns to the board.
    pub back: String,
}

pub async fn set_status(
    o: OrgCtx,
    Ids((_, number)): Ids<(OrgId, CaseNumber)>,
    Form(f): Form<StatusForm>,
) -> AppResult<Response> {
    let c = existing(&o, number).await?;
    let back = if f.back == "board" {
        o.path("/service/board")
    } else {
        o.path(&format!("/service/{number}"))
    };
    move_case(&o, &c, &f.status, &back).await
}

/// Moves a case to the status named `to`, if this viewer may make that move from where it is
/// (the case page's buttons and the board's drops both end here).
pub(super) async fn move_case(o: &OrgCtx, c: &Case, to: &str, back: &str) -> AppResult<Response> {
    let allowed = moves_for(o, c);
    if allowed.is_empty() {
        return Err(AppError::Forbidden);
    }
    let Some(to) = Status::parse(to.trim()) else {
        return Ok(flash::error(back, "service.bad_status", &[]));
    };
    if !allowed.contains(&to) {
        let t = o.t();
        return Ok(flash::error(
            back,
            "service.bad_move",
            &[
                ("from", t.get(c.status.label_key())),
                ("to", t.get(to.label_key())),
            ],
        ));
    }
    let state = &o.viewer.state;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !queries::set_status(&mut tx, o.org_id(), c.id, c.status, to, now).await? {
        tx.rollback().await?;
        return Ok(flash::error(back, "service.changed_meanwhile", &[]));
    }
    let change = Change {
        kind: "status",
        old: c.status.as_str(),
        new: to.as_str(),
        public: true,
    };
    queries::record_event(&mut tx, o.org_id(), c.id, Some(o.user_id()), now, &change).await?;
    let status_name = o.t().get(to.label_key());
    let notice = Notice {
        detail: status_name,
        status: Some(to),
        ..Notice::by(o, CaseRef::from(c), Event::StatusChanged)
    };
    deliver::notify(&mut tx, state, &notice).await?;
    o.log_project(
        &mut *tx,
        c.project_id,
        "case_status_changed",
        &format!("#{} {} → {}", c.number, c.title, o.t().get(to.label_key())),
    )
    .await?;
    tx.commit().await?;
    Ok(flash::success(
        back,
        "service.moved",
        &[
            ("number", &c.number.to_string()),
            ("status", o.t().get(to.label_key())),
        ],
    ))
}
