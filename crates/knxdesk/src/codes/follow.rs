//! A reporter's private link to the case they reported at a label (D3), `/follow/{token}`:
//! the case's public timeline, a reply (with photos), and its public changes by mail. The link
//! is tokenised like an invitation (256 bits, only the hash kept), long-lived, and revoked by
//! the team from the case's page; the reporter switches the mails off on the page itself.
//! The link is the only thing that opens the page: a revoked or unknown token is not found.

use askama::Template;
use axum::{
    extract::{Form, Multipart, multipart::MultipartRejection},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use crate::{
    accounts::throttle,
    db::{Tx, read},
    i18n::Lang,
    mail,
    notifications::{
        Event,
        deliver::{self, CaseRef, Notice},
    },
    service::{
        MAX_TEXT, Status,
        attachments::Attachment,
        case_page::sentence,
        files_form::{self, Attach, Refusal},
        markdown,
        queries::timeline,
    },
    state::AppState,
    tokens,
    types::{AttachmentId, CaseId, CaseNumber, CustomerId, OrgId, ProjectId, UserId},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, Viewer, flash, render, render_status},
};

/// What a stranger may send with a report or a reply: 5 photos of 10 MB (a phone's photo is
/// a few). The request's size limit follows, so a body is never read beyond it.
pub const PHOTOS: files_form::Limits = files_form::Limits {
    files: 5,
    file_bytes: 10 * 1024 * 1024,
};
pub const MAX_REQUEST_BYTES: usize = PHOTOS.request_bytes();

const REPLIES_ON_LINK: throttle::Limit = throttle::Limit {
    max: 20,
    window_secs: 3600,
};

/// Opens a reporter's link in the report's transaction and queues the mail that carries it.
pub struct Start<'a> {
    pub org: OrgId,
    pub org_name: &'a str,
    pub case: CaseId,
    pub number: CaseNumber,
    pub title: &'a str,
    pub email: &'a str,
    pub lang: Lang,
}

pub async fn start(tx: &mut Tx<'_>, state: &AppState, s: &Start<'_>) -> anyhow::Result<()> {
    let token = tokens::new_token();
    let link = format!("{}/follow/{}", state.config.base_url, token.plain);
    sqlx::query(
        "INSERT INTO case_reporter_links (org_id, case_id, token_hash, link_sealed, email, language, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.org)
    .bind(s.case)
    .bind(&token.hash)
    .bind(crate::crypto::seal(&state.secret, &link))
    .bind(s.email)
    .bind(s.lang.code())
    .bind(state.clock.now())
    .execute(&mut **tx)
    .await?;
    let case = format!("#{} {}", s.number, s.title);
    let m = mail::compose(
        s.lang,
        "report_received",
        s.email,
        &link,
        &[("org", s.org_name), ("case", &case)],
    )?;
    mail::queue(&mut **tx, state, &m).await
}

/// Tells the reporter of a public change someone at the organisation made (their own replies
/// are not sent back to them), in the language they reported in, unless they switched it off.
pub async fn tell_reporter(
    tx: &mut Tx<'_>,
    state: &AppState,
    n: &Notice<'_>,
) -> anyhow::Result<()> {
    if !n.event.is_public() || n.actor.is_none() {
        return Ok(());
    }
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT email, language, link_sealed FROM case_reporter_links \
         WHERE case_id = $1 AND org_id = $2 AND revoked_at IS NULL AND mails = 1",
    )
    .bind(n.case.id)
    .bind(n.org)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((email, language, sealed)) = row else {
        return Ok(());
    };
    let Some(link) = crate::crypto::open(&state.secret, &sealed) else {
        return Ok(());
    };
    let lang = Lang::parse(&language).unwrap_or_default();
    let t = lang.catalog();
    let case = format!("#{} {}", n.case.number, n.case.title);
    let what = t.fmt(
        n.event.sentence_key(),
        &[("actor", n.actor_name), ("case", &case)],
    );
    let detail = match (n.event, n.status) {
        (Event::StatusChanged, Some(s)) => {
            t.fmt1("codes.follow.status_now", "status", t.get(s.label_key()))
        }
        (Event::StatusChanged, None) => t.fmt1("codes.follow.status_now", "status", n.detail),
        _ => n.detail.to_string(),
    };
    let m = mail::compose(
        lang,
        "report_update",
        &email,
        &link,
        &[
            ("org", n.org_name),
            ("case", &case),
            ("what", &what),
            ("detail", &detail),
        ],
    )?;
    mail::queue(&mut **tx, state, &m).await
}

/// A followed case, as its reporter's link opens it.
struct Followed {
    link_id: i64,
    mails: bool,
    org_id: OrgId,
    org_name: String,
    org_language: String,
    contact_email: String,
    contact_phone: String,
    case_id: CaseId,
    number: CaseNumber,
    title: String,
    description: String,
    status: Status,
    device_label: String,
    reporter_name: String,
    project_id: ProjectId,
    customer_id: Option<CustomerId>,
    assignee: Option<UserId>,
    created: crate::clock::Timestamp,
}

async fn followed(state: &AppState, token: &str) -> AppResult<Followed> {
    if !tokens::looks_like_token(token) {
        return Err(AppError::NotFound);
    }
    read(
        "SELECT l.id AS link_id, l.mails, l.org_id, o.name AS org_name, o.language AS org_language, \
                o.contact_email, o.contact_phone, s.id AS case_id, s.number, s.title, s.description, s.status, \
                s.device_label, s.reporter_name, s.project_id, p.customer_id, s.assignee_user_id, s.created_at \
         FROM case_reporter_links l \
         JOIN service_cases s ON s.id = l.case_id AND s.org_id = l.org_id \
         JOIN projects p ON p.id = s.project_id AND p.org_id = s.org_id \
         JOIN organisations o ON o.id = l.org_id \
         WHERE l.token_hash = $1 AND l.revoked_at IS NULL",
    )
    .bind(tokens::hash_token(token))
    .fetch_optional(&state.db, |r| {
        Ok(Followed {
            link_id: r.try_get("link_id")?,
            mails: r.try_get::<i64>("mails")? == 1,
            org_id: r.try_get("org_id")?,
            org_name: r.try_get("org_name")?,
            org_language: r.try_get("org_language")?,
            contact_email: r.try_get("contact_email")?,
            contact_phone: r.try_get("contact_phone")?,
            case_id: r.try_get("case_id")?,
            number: r.try_get("number")?,
            title: r.try_get("title")?,
            description: r.try_get("description")?,
            status: Status::parse(&r.try_get::<String>("status")?).unwrap_or(Status::Open),
            device_label: r.try_get("device_label")?,
            reporter_name: r.try_get("reporter_name")?,
            project_id: r.try_get("project_id")?,
            customer_id: r.try_get("customer_id")?,
            assignee: r.try_get("assignee_user_id")?,
            created: r.try_get("created_at")?,
        })
    })
    .await?
    .ok_or(AppError::NotFound)
}

/// One public entry of the timeline, as the reporter reads it.
struct Entry {
    at: crate::clock::Timestamp,
    actor: String,
    sentence: String,
    html: String,
    files: Vec<Attachment>,
}

#[derive(Template)]
#[template(path = "codes/follow.html")]
struct FollowPage {
    l: Layout,
    f: Followed,
    token: String,
    description_html: String,
    /// The report's own photos (sent with it, not with a reply).
    photos: Vec<Attachment>,
    entries: Vec<Entry>,
    body: String,
    errors: FieldErrors,
}

impl FollowPage {
    fn can_reply(&self) -> bool {
        self.f.status != Status::Closed
    }
}

async fn page(
    viewer: &Viewer,
    f: Followed,
    token: String,
    body: String,
    errors: FieldErrors,
) -> AppResult<FollowPage> {
    let db = &viewer.state.db;
    let t = viewer.t();
    let mut files = crate::service::attachments::of_case(db, f.org_id, f.case_id, false).await?;
    let entries = timeline(db, f.org_id, f.case_id, false)
        .await?
        .into_iter()
        .filter(|e| e.kind != "created")
        .map(|e| {
            let is_comment = e.kind == "comment";
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut files)
                .into_iter()
                .partition(|a| is_comment && a.comment_id == Some(e.comment_id));
            files = rest;
            Entry {
                at: e.at,
                actor: if e.actor.is_empty() {
                    f.org_name.clone()
                } else {
                    e.actor.clone()
                },
                sentence: if is_comment {
                    String::new()
                } else {
                    sentence(t, &e)
                },
                html: if is_comment {
                    markdown::to_html(&e.new)
                } else {
                    String::new()
                },
                files: mine,
            }
        })
        .collect();
    let mut l = viewer.layout("", "codes.follow.title").await?;
    l.title = format!("#{} {} · {}", f.number, f.title, f.org_name);
    Ok(FollowPage {
        description_html: markdown::to_html(&f.description),
        photos: files
            .into_iter()
            .filter(|a| a.comment_id.is_none())
            .collect(),
        entries,
        l,
        f,
        token,
        body,
        errors,
    })
}

/// The page again, the reply kept, with why it was not taken.
async fn refuse(
    viewer: &Viewer,
    f: Followed,
    token: String,
    body: String,
    status: StatusCode,
    message: String,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    errors.add("body", message);
    render_status(status, &page(viewer, f, token, body, errors).await?)
}

pub async fn show(viewer: Viewer, Ids(token): Ids<String>) -> AppResult<Response> {
    let f = followed(&viewer.state, &token).await?;
    render(&page(&viewer, f, token, String::new(), FieldErrors::default()).await?)
}

/// The reporter's reply: a public comment under the name they gave, with photos; the team
/// hears of it as of any comment.
pub async fn reply(
    viewer: Viewer,
    Ids(token): Ids<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let state = &viewer.state;
    let f = followed(state, &token).await?;
    let t = viewer.t();
    // Not a multipart form (a script posting fields): said like a form that broke off.
    let mut multipart = multipart.map_err(|_| AppError::BadRequest("service.upload_broken"))?;
    // Counted before the body is read: a stranger's upload is refused before it takes memory.
    let key = format!("follow-reply:{}", f.link_id);
    if let throttle::Decision::Denied { .. } = throttle::take(state, &key, REPLIES_ON_LINK).await? {
        let message = t.get("codes.too_many").to_string();
        let status = StatusCode::TOO_MANY_REQUESTS;
        return refuse(&viewer, f, token, String::new(), status, message).await;
    }
    let sent = match files_form::read(&mut multipart, PHOTOS).await {
        Ok(sent) => sent,
        Err(Refusal::Broken) => return Err(AppError::BadRequest("service.upload_broken")),
        Err(refused) => {
            let message = refused.message(t);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return refuse(&viewer, f, token, String::new(), status, message).await;
        }
    };
    let body = sent.field("body").trim().to_string();
    let refusal = if f.status == Status::Closed {
        Some((
            StatusCode::CONFLICT,
            t.get("codes.follow.closed").to_string(),
        ))
    } else if let Some(refused) = only_photos(&sent.files) {
        Some((StatusCode::UNPROCESSABLE_ENTITY, refused.message(t)))
    } else if body.is_empty() && sent.files.is_empty() {
        Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            t.get("codes.follow.empty").to_string(),
        ))
    } else {
        None
    };
    if let Some((status, message)) = refusal {
        return refuse(&viewer, f, token, body, status, message).await;
    }
    let here = format!("/follow/{token}");
    let count = sent.files.len();
    let stored =
        files_form::store(state, f.org_id, &format!("cases/{}", f.case_id), sent.files).await?;
    let text = if body.is_empty() {
        t.fmt1("codes.follow.photos_sent", "count", &count.to_string())
    } else {
        body.chars().take(MAX_TEXT).collect()
    };
    let name = if f.reporter_name.is_empty() {
        t.get("codes.a_visitor").to_string()
    } else {
        f.reporter_name.clone()
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let comment: i64 = sqlx::query_scalar(
        "INSERT INTO case_comments (org_id, case_id, author_user_id, author_name, body, internal, created_at) \
         VALUES ($1, $2, NULL, $3, $4, 0, $5) RETURNING id",
    )
    .bind(f.org_id)
    .bind(f.case_id)
    .bind(&name)
    .bind(&text)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    crate::service::queries::touch(&mut tx, f.org_id, f.case_id, now).await?;
    let attach = Attach {
        org: f.org_id,
        case: f.case_id,
        comment: Some(comment),
        internal: false,
        by: None,
        now,
    };
    files_form::attach(&mut tx, &attach, &stored).await?;
    let notice = Notice {
        org: f.org_id,
        org_name: &f.org_name,
        org_language: &f.org_language,
        case: CaseRef {
            id: f.case_id,
            number: f.number,
            title: f.title.clone(),
            project_id: f.project_id,
            customer_id: f.customer_id,
            assignee: f.assignee,
        },
        event: Event::PublicComment,
        actor: None,
        actor_name: &name,
        assignee: None,
        detail: &text,
        status: None,
    };
    deliver::notify(&mut tx, state, &notice).await?;
    crate::activity::record_for(
        &mut *tx,
        now,
        f.org_id,
        None,
        Some(f.project_id),
        "case_reporter_replied",
        &format!("#{} {}", f.number, f.title),
    )
    .await?;
    tx.commit().await?;
    Ok(flash::success(
        &format!("{here}#replies"),
        "codes.follow.replied",
        &[],
    ))
}

/// A report or a reply carries photos only: anything else a stranger sends is refused.
pub fn only_photos(files: &[files_form::Upload]) -> Option<Refusal> {
    files
        .iter()
        .find(|f| !crate::service::attachments::sniff(&f.bytes).starts_with("image/"))
        .map(|f| Refusal::NotAPhoto(f.name.clone()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MailsForm {
    on: String,
}

/// The reporter's own switch for the update mails.
pub async fn mails(
    viewer: Viewer,
    Ids(token): Ids<String>,
    Form(form): Form<MailsForm>,
) -> AppResult<Response> {
    let state = &viewer.state;
    let f = followed(state, &token).await?;
    let on = form.on == "1";
    sqlx::query("UPDATE case_reporter_links SET mails = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(f.link_id)
        .execute(&state.db.pool)
        .await?;
    let key = if on {
        "codes.follow.mails_on"
    } else {
        "codes.follow.mails_off"
    };
    Ok(flash::success(&format!("/follow/{token}"), key, &[]))
}

/// A public file of the followed case (the report's photos, the replies' files).
pub async fn file(
    viewer: Viewer,
    Ids((token, id)): Ids<(String, AttachmentId)>,
) -> AppResult<Response> {
    let state = &viewer.state;
    let f = followed(state, &token).await?;
    crate::service::attachments::stored(
        &state.db,
        read(
            "SELECT storage_key, file_name, content_type FROM case_attachments \
             WHERE id = $1 AND case_id = $2 AND org_id = $3 AND internal = 0",
        )
        .bind(id)
        .bind(f.case_id)
        .bind(f.org_id),
    )
    .await?
    .serve(state)
    .await
}

/// A case's reporter link as the team sees it.
pub struct ReporterLink {
    pub email: String,
    /// The reporter gets the update mails.
    pub mails: bool,
    /// The team stopped the link.
    pub revoked: bool,
}

pub async fn link_of(
    db: &crate::db::Db,
    org: OrgId,
    case: CaseId,
) -> Result<Option<ReporterLink>, sqlx::Error> {
    read(
        "SELECT email, mails, revoked_at FROM case_reporter_links WHERE case_id = $1 AND org_id = $2",
    )
    .bind(case)
    .bind(org)
    .fetch_optional(db, |r| {
        Ok(ReporterLink {
            email: r.try_get("email")?,
            mails: r.try_get::<i64>("mails")? == 1,
            revoked: r.try_get::<Option<i64>>("revoked_at")?.is_some(),
        })
    })
    .await
}

/// The team stops a reporter's link: its page no longer opens and no more mails go out (a
/// link forwarded to the wrong people, a reporter who misuses it).
pub async fn revoke(
    o: crate::web::OrgCtx,
    Ids((_, number)): Ids<(OrgId, CaseNumber)>,
) -> AppResult<Response> {
    o.require(crate::authz::Action::ManageCases)?;
    let c = crate::service::case_page::existing(&o, number).await?;
    let state = &o.viewer.state;
    let mut tx = state.db.begin().await?;
    let stopped = sqlx::query(
        "UPDATE case_reporter_links SET revoked_at = $1 WHERE case_id = $2 AND org_id = $3 AND revoked_at IS NULL",
    )
    .bind(state.clock.now())
    .bind(c.id)
    .bind(o.org_id())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if stopped == 0 {
        tx.rollback().await?;
        return Err(AppError::NotFound);
    }
    o.log_project(
        &mut *tx,
        c.project_id,
        "reporter_link_revoked",
        &format!("#{} {}", c.number, c.title),
    )
    .await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path(&format!("/service/{number}")),
        "codes.follow.revoked",
        &[],
    ))
}
