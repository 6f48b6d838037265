//! Storing a new case: for a member's form and for a report through a service code (D3),
//! where nobody with an account opens it. One transaction: the case with the next number, its
//! first timeline entry, its checklist, its watchers, the notifications and the activity log.

use super::queries::{self, NewCase};
use crate::{
    db::OnUnique,
    notifications::{
        Event,
        deliver::{self, CaseRef, Notice},
    },
    state::AppState,
    types::{CaseNumber, OrgId, UserId},
    web::{AppError, AppResult, OrgCtx},
};

/// Who opens a case, in which organisation.
pub struct Opener<'a> {
    pub org: OrgId,
    pub org_name: &'a str,
    pub org_language: &'a str,
    /// `None`: a visitor reporting through a service code.
    pub user: Option<UserId>,
    /// As notifications name them.
    pub name: &'a str,
}

impl<'a> Opener<'a> {
    pub fn member(o: &'a OrgCtx) -> Opener<'a> {
        Opener {
            org: o.org_id(),
            org_name: &o.org.name,
            org_language: &o.org.language,
            user: Some(o.user_id()),
            name: &o.user.name,
        }
    }
}

/// What comes with a report from a device's label besides the case: its photos (stored
/// already) and the language the reporter's mails are written in.
pub struct Report {
    pub photos: Vec<super::files_form::Stored>,
    pub lang: crate::i18n::Lang,
}

/// Stores the case (retrying when another case took the number meanwhile); the opener, if a
/// member, watches it. A report's photos come with it, and a reporter who left an email
/// address gets the private link to follow it.
pub async fn open(
    state: &AppState,
    by: &Opener<'_>,
    c: &NewCase,
    report: Option<&Report>,
) -> AppResult<CaseNumber> {
    for _ in 0..20 {
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        let Some((id, number)) = queries::insert(&mut tx, by.org, by.user, now, c)
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
        queries::record_event(&mut tx, by.org, id, by.user, now, &change).await?;
        super::templates::copy_checklist(&mut tx, by.org, id, &c.checklist).await?;
        let mut watchers: Vec<UserId> = by.user.into_iter().collect();
        watchers.extend(c.assignee.filter(|a| Some(*a) != by.user));
        for user in watchers {
            sqlx::query("INSERT INTO case_watchers (case_id, user_id) VALUES ($1, $2)")
                .bind(id)
                .bind(user)
                .execute(&mut *tx)
                .await?;
        }
        let customer_id: Option<crate::types::CustomerId> =
            sqlx::query_scalar("SELECT customer_id FROM projects WHERE id = $1 AND org_id = $2")
                .bind(c.project)
                .bind(by.org)
                .fetch_one(&mut *tx)
                .await?;
        let notice = |event, assignee| Notice {
            org: by.org,
            org_name: by.org_name,
            org_language: by.org_language,
            case: CaseRef {
                id,
                number,
                title: c.title.clone(),
                project_id: c.project,
                customer_id,
                assignee: c.assignee,
            },
            event,
            actor: by.user,
            actor_name: by.name,
            assignee,
            detail: "",
            status: None,
        };
        deliver::notify(&mut tx, state, &notice(Event::CaseCreated, None)).await?;
        if let Some(a) = c.assignee {
            deliver::notify(&mut tx, state, &notice(Event::Assigned, Some(a))).await?;
        }
        if let Some(report) = report {
            let attach = super::files_form::Attach {
                org: by.org,
                case: id,
                comment: None,
                internal: false,
                by: None,
                now,
            };
            super::files_form::attach(&mut tx, &attach, &report.photos).await?;
            if let Some(r) = c.reporter.as_ref().filter(|r| !r.email.is_empty()) {
                let start = crate::codes::follow::Start {
                    org: by.org,
                    org_name: by.org_name,
                    case: id,
                    number,
                    title: &c.title,
                    email: &r.email,
                    lang: report.lang,
                };
                crate::codes::follow::start(&mut tx, state, &start).await?;
            }
        }
        let action = if c.reporter.is_some() {
            "case_reported"
        } else {
            "case_created"
        };
        crate::activity::record_for(
            &mut *tx,
            now,
            by.org,
            by.user,
            Some(c.project),
            action,
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
