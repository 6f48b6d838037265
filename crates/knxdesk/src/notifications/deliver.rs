//! Who is told of a change, and telling them: in the change's own transaction, so a comment and
//! its notifications (and their mails in the jobs table) are stored together or not at all.

use std::collections::BTreeSet;

use super::{Channel, Event, unsubscribe_signature};
use crate::{
    authz::Role,
    db::Tx,
    i18n::Lang,
    mail,
    service::queries::Case,
    state::AppState,
    types::{CustomerId, OrgId, UserId},
    web::OrgCtx,
};

/// What a notice needs to know of its case.
pub struct CaseRef {
    pub id: crate::types::CaseId,
    pub number: crate::types::CaseNumber,
    pub title: String,
    pub project_id: crate::types::ProjectId,
    pub customer_id: Option<CustomerId>,
    pub assignee: Option<UserId>,
}

impl From<&Case> for CaseRef {
    fn from(c: &Case) -> CaseRef {
        CaseRef {
            id: c.id,
            number: c.number,
            title: c.title.clone(),
            project_id: c.project_id,
            customer_id: c.customer_id,
            assignee: c.assignee,
        }
    }
}

/// One change to tell people about.
pub struct Notice<'a> {
    pub org: OrgId,
    pub org_name: &'a str,
    pub org_language: &'a str,
    pub case: CaseRef,
    pub event: Event,
    /// Who did it: a member, or nobody with an account (a report through a service code).
    pub actor: Option<UserId>,
    pub actor_name: &'a str,
    /// For an assignment: the new assignee.
    pub assignee: Option<UserId>,
    /// A comment's text or the new status's name, quoted in the mail.
    pub detail: &'a str,
    /// For a status change: the new status (named in each recipient's own language where the
    /// mail is not the team's).
    pub status: Option<crate::service::Status>,
}

impl<'a> Notice<'a> {
    /// `event` on `case`, done now by the member of `o`.
    pub fn by(o: &'a OrgCtx, case: CaseRef, event: Event) -> Notice<'a> {
        Notice {
            org: o.org_id(),
            org_name: &o.org.name,
            org_language: &o.org.language,
            case,
            event,
            actor: Some(o.user_id()),
            actor_name: &o.user.name,
            assignee: None,
            detail: "",
            status: None,
        }
    }
}

struct Recipient {
    id: UserId,
    email: String,
    lang: Lang,
}

/// The user ids a notice may concern, before anyone's right to see the case is checked.
async fn candidates(tx: &mut Tx<'_>, n: &Notice<'_>) -> Result<BTreeSet<i64>, sqlx::Error> {
    let mut ids = BTreeSet::new();
    let case = n.case.id;
    match n.event {
        Event::CaseCreated => {
            ids.extend(new_case_audience(tx, n).await?);
            if let Some(customer) = n.case.customer_id {
                ids.extend(customer_people(tx, n.org, customer).await?);
            }
        }
        Event::Assigned => ids.extend(n.assignee.map(|u| u.0)),
        // Not about a case: told through `notify_project`.
        Event::DevicesChanged | Event::CodesChanged => {}
        Event::StatusChanged | Event::PublicComment | Event::InternalComment => {
            ids.extend(
                sqlx::query_scalar::<_, i64>(
                    "SELECT user_id FROM case_watchers WHERE case_id = $1",
                )
                .bind(case)
                .fetch_all(&mut **tx)
                .await?,
            );
            if let Some(a) = n.case.assignee {
                ids.insert(a.0);
            }
            if n.event.is_public()
                && let Some(customer) = n.case.customer_id
            {
                ids.extend(customer_people(tx, n.org, customer).await?);
            }
        }
    }
    // A reporter's reply (no account) reaches those a report reaches: the case may have
    // nobody watching or assigned yet.
    if n.actor.is_none() && n.event == Event::PublicComment {
        ids.extend(new_case_audience(tx, n).await?);
    }
    if let Some(actor) = n.actor {
        ids.remove(&actor.0);
    }
    Ok(ids)
}

/// The users of one customer of the organisation (its owner's login, its company's people).
async fn customer_people(
    tx: &mut Tx<'_>,
    org: OrgId,
    customer: CustomerId,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "SELECT user_id FROM memberships WHERE org_id = $1 AND customer_id = $2",
    )
    .bind(org)
    .bind(customer)
    .fetch_all(&mut **tx)
    .await
}

/// Who hears of a new case: the project's watchers and the roles the organisation chose.
async fn new_case_audience(tx: &mut Tx<'_>, n: &Notice<'_>) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids =
        sqlx::query_scalar::<_, i64>("SELECT user_id FROM project_watchers WHERE project_id = $1")
            .bind(n.case.project_id)
            .fetch_all(&mut **tx)
            .await?;
    let setting: String =
        sqlx::query_scalar("SELECT new_case_recipients FROM organisations WHERE id = $1")
            .bind(n.org)
            .fetch_one(&mut **tx)
            .await?;
    let roles = match setting.as_str() {
        "administrators" => "('administrator')",
        "watchers" => "('')",
        _ => "('administrator', 'moderator', 'member')",
    };
    ids.extend(
        sqlx::query_scalar::<_, i64>(&format!(
            "SELECT user_id FROM memberships WHERE org_id = $1 AND role IN {roles}"
        ))
        .bind(n.org)
        .fetch_all(&mut **tx)
        .await?,
    );
    Ok(ids)
}

/// Of the candidates, those who may see the case now (staff of the organisation, or users of
/// the case's customer for a public event), with where and how to write to them.
async fn allowed(
    tx: &mut Tx<'_>,
    n: &Notice<'_>,
    ids: &BTreeSet<i64>,
) -> Result<Vec<Recipient>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let rows: Vec<(i64, String, Option<i64>, String, String)> = {
        use sqlx::Row;
        sqlx::query(&format!(
            "SELECT m.user_id, m.role, m.customer_id, u.email, u.language FROM memberships m \
             JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND m.user_id IN ({list})"
        ))
        .bind(n.org)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?
    };
    let org_lang = Lang::parse(n.org_language).unwrap_or_default();
    Ok(rows
        .into_iter()
        .filter(|(_, role, customer, _, _)| match Role::parse(role) {
            Some(r) => {
                n.event.reaches(r)
                    && (r.is_staff()
                        || (n.case.customer_id.is_some()
                            && customer.map(CustomerId) == n.case.customer_id))
            }
            None => false,
        })
        .map(|(id, _, _, email, language)| Recipient {
            id: UserId(id),
            email,
            lang: Lang::parse(&language).unwrap_or(org_lang),
        })
        .collect())
}

/// Records the notice for everyone it concerns and queues their mails (a reporter following
/// the case by its private link included); returns how many were told in the app.
pub async fn notify(tx: &mut Tx<'_>, state: &AppState, n: &Notice<'_>) -> anyhow::Result<usize> {
    crate::codes::follow::tell_reporter(tx, state, n).await?;
    let ids = candidates(tx, n).await?;
    let recipients = allowed(tx, n, &ids).await?;
    let about = About {
        org: n.org,
        event: n.event,
        case: Some(n.case.id),
        project: None,
        actor: n.actor,
        subject: format!("#{} {}", n.case.number, n.case.title),
    };
    deliver(tx, state, &about, &recipients, |r, subject| {
        compose(state, n, r, subject)
    })
    .await
}

/// A change to a project's devices or service codes, for the people of its company customer
/// (the team made it: they are not told).
pub struct ProjectNotice<'a> {
    pub org: OrgId,
    pub org_name: &'a str,
    pub org_language: &'a str,
    pub project: crate::types::ProjectId,
    pub project_name: &'a str,
    pub customer: Option<CustomerId>,
    pub event: Event,
    pub actor: Option<UserId>,
    pub actor_name: &'a str,
    /// What changed: a message key and its arguments, said in each recipient's language.
    pub detail: (&'static str, Vec<(&'static str, String)>),
}

/// Tells the customer's people of project `p` of `event`, done now by the member of `o`.
pub async fn project_changed(
    o: &OrgCtx,
    tx: &mut Tx<'_>,
    p: &crate::projects::queries::Project,
    event: Event,
    detail: (&'static str, Vec<(&'static str, String)>),
) -> anyhow::Result<usize> {
    let n = ProjectNotice {
        org: o.org_id(),
        org_name: &o.org.name,
        org_language: &o.org.language,
        project: p.id,
        project_name: &p.name,
        customer: p.customer_id,
        event,
        actor: Some(o.user_id()),
        actor_name: &o.user.name,
        detail,
    };
    notify_project(tx, &o.viewer.state, &n).await
}

/// Tells a project's customer's people of a change to its devices or codes; returns how many
/// were told in the app. A project without a customer concerns nobody.
pub async fn notify_project(
    tx: &mut Tx<'_>,
    state: &AppState,
    n: &ProjectNotice<'_>,
) -> anyhow::Result<usize> {
    let Some(customer) = n.customer else {
        return Ok(0);
    };
    let org_lang = Lang::parse(n.org_language).unwrap_or_default();
    let recipients: Vec<Recipient> = {
        use sqlx::Row;
        sqlx::query(
            "SELECT u.id, u.email, u.language, m.role FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.org_id = $1 AND m.customer_id = $2 AND m.user_id <> $3 ORDER BY u.id",
        )
        .bind(n.org)
        .bind(customer)
        .bind(n.actor.map_or(0, |a| a.0))
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .filter(|r| {
            r.try_get::<String, _>(3)
                .ok()
                .and_then(|role| Role::parse(&role))
                .is_some_and(|role| n.event.reaches(role))
        })
        .map(|r| {
            Ok(Recipient {
                id: UserId(r.try_get(0)?),
                email: r.try_get(1)?,
                lang: Lang::parse(&r.try_get::<String, _>(2)?).unwrap_or(org_lang),
            })
        })
        .collect::<Result<_, sqlx::Error>>()?
    };
    let about = About {
        org: n.org,
        event: n.event,
        case: None,
        project: Some(n.project),
        actor: n.actor,
        subject: n.project_name.to_string(),
    };
    deliver(tx, state, &about, &recipients, |r, subject| {
        let t = r.lang.catalog();
        let what = t.fmt(
            n.event.sentence_key(),
            &[("actor", n.actor_name), ("case", subject)],
        );
        let args: Vec<(&str, &str)> = n.detail.1.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let detail = t.fmt(n.detail.0, &args);
        mail::compose(
            r.lang,
            "project_notification",
            &r.email,
            &format!(
                "{}/o/{}/projects/{}/devices",
                state.config.base_url, n.org, n.project
            ),
            &[
                ("org", n.org_name),
                ("project", subject),
                ("what", &what),
                ("detail", &detail),
            ],
        )
    })
    .await
}

/// What a notification row and its mail are about.
struct About {
    org: OrgId,
    event: Event,
    case: Option<crate::types::CaseId>,
    project: Option<crate::types::ProjectId>,
    actor: Option<UserId>,
    subject: String,
}

/// Tells each recipient in the app and by mail, unless they switched that off; every mail
/// carries its one-click unsubscribe link.
async fn deliver(
    tx: &mut Tx<'_>,
    state: &AppState,
    a: &About,
    recipients: &[Recipient],
    mail_for: impl Fn(&Recipient, &str) -> anyhow::Result<mail::OutgoingMail>,
) -> anyhow::Result<usize> {
    if recipients.is_empty() {
        return Ok(0);
    }
    let list = recipients
        .iter()
        .map(|r| r.id.0.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let off: Vec<(i64, String)> = {
        use sqlx::Row;
        sqlx::query(&format!(
            "SELECT user_id, channel FROM notification_optouts WHERE event = $1 AND user_id IN ({list})"
        ))
        .bind(a.event.as_str())
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_, sqlx::Error>>()?
    };
    let wants =
        |r: &Recipient, c: Channel| !off.iter().any(|(u, ch)| *u == r.id.0 && ch == c.as_str());
    let now = state.clock.now();
    let base = &state.config.base_url;
    let mut told = 0;
    for r in recipients {
        if wants(r, Channel::InApp) {
            sqlx::query(
                "INSERT INTO notifications (org_id, user_id, case_id, project_id, event, actor_user_id, subject, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(a.org)
            .bind(r.id)
            .bind(a.case)
            .bind(a.project)
            .bind(a.event.as_str())
            .bind(a.actor)
            .bind(&a.subject)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            told += 1;
        }
        if wants(r, Channel::Email) {
            let unsubscribe = format!(
                "{base}/unsubscribe/{}/{}/{}",
                r.id,
                a.event.as_str(),
                unsubscribe_signature(&state.secret, r.id, a.event)
            );
            let m = mail_for(r, &a.subject)?.with_unsubscribe(r.lang, unsubscribe);
            mail::queue(&mut **tx, state, &m).await?;
        }
    }
    Ok(told)
}

fn compose(
    state: &AppState,
    n: &Notice<'_>,
    r: &Recipient,
    subject: &str,
) -> anyhow::Result<mail::OutgoingMail> {
    let base = &state.config.base_url;
    let link = format!("{base}/o/{}/service/{}", n.org, n.case.number);
    let t = r.lang.catalog();
    let what = t.fmt(
        n.event.sentence_key(),
        &[("actor", n.actor_name), ("case", subject)],
    );
    mail::compose(
        r.lang,
        "case_notification",
        &r.email,
        &link,
        &[
            ("org", n.org_name),
            ("case", subject),
            ("what", &what),
            ("detail", if n.detail.is_empty() { "–" } else { n.detail }),
        ],
    )
}
