//! `/c/{code}`: what a scanned label opens, without an account, on a phone first. A signed-in
//! member who may see the device (the organisation's team, or the user of its project's
//! customer) goes to the device's page inside instead; everyone else gets the public page.
//! Unknown, malformed and deactivated codes all get the same page: nothing tells them apart.

use askama::Template;
use axum::{
    extract::{Multipart, multipart::MultipartRejection},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

use super::{ServiceCode, follow, queries};
use crate::{
    accounts::throttle,
    service::{
        MAX_TEXT, Priority, Status,
        files_form::{self, Refusal},
        open::{self, Opener, Report},
        queries::{NewCase, Reporter, device_label},
    },
    types::{Email, optional_text, required_text},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, Viewer, flash, render, render_status},
};

#[derive(Template)]
#[template(path = "codes/public.html")]
pub(super) struct PublicPage {
    l: Layout,
    s: queries::Scanned,
    cases: Vec<(i64, String, Status)>,
    /// The professional details, for a browser that entered the code's PIN.
    pro: Option<Pro>,
    f: ReportForm,
    errors: FieldErrors,
}

/// A problem reported from the label's page. `website` is a field people do not see (a
/// honeypot): a form that fills it in is a robot's.
#[derive(Default, Clone)]
pub struct ReportForm {
    pub description: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub website: String,
}

impl ReportForm {
    fn of(sent: &files_form::Sent) -> ReportForm {
        ReportForm {
            description: sent.field("description").to_string(),
            name: sent.field("name").to_string(),
            email: sent.field("email").to_string(),
            phone: sent.field("phone").to_string(),
            website: sent.field("website").to_string(),
        }
    }
}

/// Reports per client address and per code (kept in the database: every instance counts).
const REPORTS_FROM_ADDRESS: throttle::Limit = throttle::Limit {
    max: 5,
    window_secs: 3600,
};
const REPORTS_ON_CODE: throttle::Limit = throttle::Limit {
    max: 20,
    window_secs: 3600,
};
/// How long a case's title may be when it is the report's first line.
const TITLE_CHARS: usize = 80;

#[derive(Template)]
#[template(path = "codes/unknown.html")]
struct UnknownPage {
    l: Layout,
}

/// What a service technician who entered the PIN sees besides.
pub(super) struct Pro {
    order_number: String,
    description: String,
    serial_number: String,
    notes: String,
    objects: Vec<crate::ets::model::ObjectRow>,
    /// The device's cases of any status, newest first.
    cases: Vec<(i64, String, Status)>,
}

async fn pro(viewer: &Viewer, s: &queries::Scanned) -> AppResult<Pro> {
    let db = &viewer.state.db;
    let (order_number, description, serial_number, notes) =
        queries::device_facts(db, s.org_id, s.device_id)
            .await?
            .ok_or(AppError::NotFound)?;
    // Equipment added by hand has no address and no communication objects.
    let objects = if s.address.is_empty() {
        Vec::new()
    } else {
        crate::ets::model::objects(db, s.org_id, s.project_id, &s.address).await?
    };
    Ok(Pro {
        order_number,
        description,
        serial_number,
        notes,
        objects,
        cases: queries::public_cases(db, s.org_id, s.device_id, false).await?,
    })
}

/// The code and its active device, or the neutral page for anything else.
pub(super) async fn scanned(
    viewer: &Viewer,
    raw: &str,
) -> AppResult<Result<(ServiceCode, queries::Scanned), Response>> {
    let found = match ServiceCode::parse(raw) {
        Some(code) => queries::scanned(&viewer.state.db, &code)
            .await?
            .map(|s| (code, s)),
        None => None,
    };
    Ok(match found {
        Some(found) => Ok(found),
        None => {
            let l = viewer.layout("", "codes.unknown_title").await?;
            Err(render_status(StatusCode::NOT_FOUND, &UnknownPage { l })?)
        }
    })
}

pub(super) async fn page(
    viewer: &Viewer,
    s: queries::Scanned,
    pro: Option<Pro>,
    f: ReportForm,
    errors: FieldErrors,
) -> AppResult<PublicPage> {
    let cases = queries::public_cases(&viewer.state.db, s.org_id, s.device_id, true).await?;
    let mut l = viewer.layout("", "codes.public_title").await?;
    l.title = format!("{} · {}", s.name, s.org_name);
    Ok(PublicPage {
        l,
        s,
        cases,
        pro,
        f,
        errors,
    })
}

pub async fn show(
    viewer: Viewer,
    Ids(raw): Ids<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (code, s) = match scanned(&viewer, &raw).await? {
        Ok(found) => found,
        Err(neutral) => return Ok(inside_for_members(&viewer, &raw).await?.unwrap_or(neutral)),
    };
    viewer
        .state
        .scans
        .count(s.org_id, s.customer_id, viewer.state.clock.now());
    let inside = viewer
        .user()
        .and_then(|u| u.orgs.iter().find(|o| o.id == s.org_id));
    if let Some(m) = inside
        && (m.role.is_staff() || (m.customer_id.is_some() && m.customer_id == s.customer_id))
    {
        let to = crate::web::routes::org_path(
            s.org_id,
            &crate::devices::page_path(s.project_id, &s.address, s.device_id),
        );
        return Ok(Redirect::to(&to).into_response());
    }
    let now = viewer.state.clock.now();
    let pro = if super::pin::granted(&viewer.state.secret, &headers, &code, &s.pin_hash, now) {
        Some(pro(&viewer, &s).await?)
    } else {
        None
    };
    render(
        &page(
            &viewer,
            s,
            pro,
            ReportForm::default(),
            FieldErrors::default(),
        )
        .await?,
    )
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LogoQuery {
    v: i64,
}

/// The logo of the organisation behind an active code, for its public page.
pub async fn logo(
    viewer: Viewer,
    Ids(raw): Ids<String>,
    axum::extract::Query(q): axum::extract::Query<LogoQuery>,
) -> AppResult<Response> {
    let s = match scanned(&viewer, &raw).await? {
        Ok((_, s)) => s,
        Err(neutral) => return Ok(neutral),
    };
    crate::settings::logo::response(&viewer.state, s.org_id, q.v, "public").await
}

/// A code the public page does not show (unpaired, deactivated, its device removed) still
/// leads a signed-in member with access inside: the team to its pairing page or its device,
/// the device's customer to the device in the portal. Anyone else gets the neutral page.
async fn inside_for_members(viewer: &Viewer, raw: &str) -> AppResult<Option<Response>> {
    let (Some(user), Some(code)) = (viewer.user(), ServiceCode::parse(raw)) else {
        return Ok(None);
    };
    let Some(s) = queries::state_of(&viewer.state.db, &code).await? else {
        return Ok(None);
    };
    let Some(m) = user.orgs.iter().find(|o| o.id == s.org_id) else {
        return Ok(None);
    };
    let org_path = |p: &str| crate::web::routes::org_path(s.org_id, p);
    Ok(match (&s.device, s.active) {
        (_, true) if m.role.is_staff() => {
            Some(Redirect::to(&org_path(&format!("/codes/{code}/pair"))).into_response())
        }
        (Some((_, page, customer)), false)
            if m.role.is_staff() || (m.customer_id.is_some() && m.customer_id == *customer) =>
        {
            Some(flash::error(
                &org_path(page),
                "codes.inactive_scanned",
                &[("code", &code.grouped())],
            ))
        }
        (None, false) if m.role.is_staff() => Some(flash::error(
            &org_path("/codes"),
            "codes.inactive_scanned",
            &[("code", &code.grouped())],
        )),
        _ => None,
    })
}

/// A report: a case on the device, opened by nobody with an account, its reporter as contact,
/// with photos (within [`follow::PHOTOS`]); the team hears of it as of any new case, and a
/// reporter who left an address gets the private link to follow it.
pub async fn report(
    viewer: Viewer,
    Ids(raw): Ids<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let (code, s) = match scanned(&viewer, &raw).await? {
        Ok(found) => found,
        Err(neutral) => return Ok(neutral),
    };
    let here = format!("/c/{code}");
    // Not a multipart form (a script posting fields): said like a form that broke off.
    let mut multipart = multipart.map_err(|_| AppError::BadRequest("service.upload_broken"))?;
    let state = &viewer.state;
    let t = viewer.t();
    // Counted before the body is read: a stranger's upload is refused before it takes memory.
    for (key, limit) in [
        (
            format!("code-report-address:{}", viewer.ctx.ip),
            REPORTS_FROM_ADDRESS,
        ),
        (format!("code-report-code:{here}"), REPORTS_ON_CODE),
    ] {
        if let throttle::Decision::Denied { .. } = throttle::take(state, &key, limit).await? {
            let mut errors = FieldErrors::default();
            errors.add("description", t.get("codes.too_many").into());
            return render_status(
                StatusCode::TOO_MANY_REQUESTS,
                &page(&viewer, s, None, ReportForm::default(), errors).await?,
            );
        }
    }
    let sent = files_form::read(&mut multipart, follow::PHOTOS).await;
    let (f, files, mut errors) = match sent {
        Err(Refusal::Broken) => return Err(AppError::BadRequest("service.upload_broken")),
        Err(refused) => {
            let mut errors = FieldErrors::default();
            errors.add("files", refused.message(t));
            (ReportForm::default(), Vec::new(), errors)
        }
        Ok(sent) => {
            let mut errors = FieldErrors::default();
            if let Some(refused) = follow::only_photos(&sent.files) {
                errors.add("files", refused.message(t));
            }
            (ReportForm::of(&sent), sent.files, errors)
        }
    };
    // A robot that fills in every field is thanked and forgotten (and counted above).
    if !f.website.trim().is_empty() {
        return Ok(flash::success(&here, "codes.reported", &[("number", "0")]));
    }
    let description = required_text(&f.description, MAX_TEXT)
        .map_err(|e| errors.add("description", e.message(t)))
        .ok();
    let name = optional_text(&f.name, 100)
        .map_err(|e| errors.add("name", e.message(t)))
        .ok();
    let email = if f.email.trim().is_empty() {
        Some(String::new())
    } else {
        Email::parse(&f.email)
            .map(|e| e.to_string())
            .map_err(|e| errors.add("email", e.message(t)))
            .ok()
    };
    let phone = optional_text(&f.phone, 40)
        .map_err(|e| errors.add("phone", e.message(t)))
        .ok();
    let (Some(description), Some(name), Some(email), Some(phone), true) =
        (description, name, email, phone, errors.is_empty())
    else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&viewer, s, None, f, errors).await?,
        );
    };
    // The first line, shortened at a word where it is long, names the case.
    let first = description.lines().next().unwrap_or_default().trim();
    let title = if first.chars().count() <= TITLE_CHARS {
        first.to_string()
    } else {
        let cut: String = first.chars().take(TITLE_CHARS).collect();
        let at_word = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
        format!("{}…", at_word.trim_end())
    };
    let shown = if name.is_empty() {
        t.get("codes.a_visitor").to_string()
    } else {
        name.clone()
    };
    let opener = Opener {
        org: s.org_id,
        org_name: &s.org_name,
        org_language: &s.org_language,
        user: None,
        name: &shown,
    };
    let case = NewCase {
        project: s.project_id,
        device: Some((s.device_id, device_label(&s.address, &s.name))),
        title,
        description,
        priority: Priority::Medium,
        assignee: None,
        due: None,
        checklist: Vec::new(),
        reporter: Some(Reporter {
            name,
            email,
            phone,
            via_code: Some(s.code_id),
        }),
    };
    let report = Report {
        photos: files_form::store(state, s.org_id, "reports", files).await?,
        lang: viewer.ctx.lang,
    };
    let number = open::open(state, &opener, &case, Some(&report)).await?;
    let key = if case.reporter.as_ref().is_some_and(|r| !r.email.is_empty()) {
        "codes.reported_follow"
    } else {
        "codes.reported"
    };
    Ok(flash::success(
        &here,
        key,
        &[("number", &number.to_string())],
    ))
}
