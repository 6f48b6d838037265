//! The notification centre, the per-user settings matrix and the one-click unsubscribe.

use askama::Template;
use axum::{
    extract::{Form, Path},
    response::{IntoResponse, Redirect, Response},
};
use std::collections::HashMap;

use super::{Channel, Event, unsubscribe_signature};
use crate::{
    clock::Timestamp,
    db::read,
    tokens::same_secret,
    types::{NotificationId, OrgId, UserId},
    web::{AppError, AppResult, Ids, Layout, SignedIn, Viewer, flash, render},
};

/// Notifications shown on the page (older ones stay until read, below the fold of interest).
const SHOWN: i64 = 100;

pub struct Shown {
    pub id: NotificationId,
    pub org_name: String,
    pub text: String,
    pub at: Timestamp,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "notifications/index.html")]
struct IndexPage {
    l: Layout,
    items: Vec<Shown>,
    unread: i64,
}

pub async fn index(s: SignedIn) -> AppResult<Response> {
    let t = s.viewer.t();
    // Only from organisations the user still belongs to.
    let items = read(
        "SELECT n.id, o.name AS org_name, n.event, n.subject, n.created_at, n.read_at, COALESCE(a.name, '') AS actor \
         FROM notifications n JOIN memberships m ON m.org_id = n.org_id AND m.user_id = n.user_id \
         JOIN organisations o ON o.id = n.org_id LEFT JOIN users a ON a.id = n.actor_user_id \
         WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2",
    )
    .bind(s.user.id)
    .bind(SHOWN)
    .fetch_all(&s.viewer.state.db, |r| {
        let event: String = r.try_get("event")?;
        let actor: String = r.try_get("actor")?;
        let subject: String = r.try_get("subject")?;
        let text = match Event::parse(&event) {
            Some(e) => t.fmt(e.sentence_key(), &[("actor", &actor), ("case", &subject)]),
            None => subject,
        };
        Ok(Shown {
            id: r.try_get("id")?,
            org_name: r.try_get("org_name")?,
            text,
            at: r.try_get("created_at")?,
            unread: r.try_get::<Option<i64>>("read_at")?.is_none(),
        })
    })
    .await?;
    render(&IndexPage {
        l: s.viewer
            .layout("notifications", "notifications.title")
            .await?,
        unread: items.iter().filter(|i| i.unread).count() as i64,
        items,
    })
}

/// Opens what a notification is about, marking it read.
pub async fn open(s: SignedIn, Ids(id): Ids<NotificationId>) -> AppResult<Response> {
    let target: Option<(OrgId, Option<i64>, Option<i64>)> = read(
        "SELECT n.org_id, c.number, n.project_id FROM notifications n LEFT JOIN service_cases c ON c.id = n.case_id \
         WHERE n.id = $1 AND n.user_id = $2",
    )
    .bind(id)
    .bind(s.user.id)
    .fetch_optional(&s.viewer.state.db, |r| {
        Ok((
            r.try_get("org_id")?,
            r.try_get("number")?,
            r.try_get("project_id")?,
        ))
    })
    .await?;
    let (org, number, project) = target.ok_or(AppError::NotFound)?;
    sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL",
    )
    .bind(s.viewer.state.clock.now())
    .bind(id)
    .bind(s.user.id)
    .execute(&s.viewer.state.db.pool)
    .await?;
    // The page itself checks the reader may still see it.
    Ok(match (number, project) {
        (Some(n), _) => Redirect::to(&format!("/o/{org}/service/{n}")).into_response(),
        (None, Some(p)) => Redirect::to(&format!("/o/{org}/projects/{p}/devices")).into_response(),
        (None, None) => Redirect::to("/notifications").into_response(),
    })
}

pub async fn read_all(s: SignedIn) -> AppResult<Response> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(s.viewer.state.clock.now())
        .bind(s.user.id)
        .execute(&s.viewer.state.db.pool)
        .await?;
    Ok(flash::success(
        "/notifications",
        "notifications.all_read",
        &[],
    ))
}

#[derive(Template)]
#[template(path = "notifications/settings.html")]
struct SettingsPage {
    l: Layout,
    events: Vec<Event>,
    channels: [Channel; 2],
    /// (event, channel) switched off.
    off: Vec<(String, String)>,
}

impl SettingsPage {
    fn is_on(&self, e: &Event, c: &Channel) -> bool {
        !self
            .off
            .iter()
            .any(|(ev, ch)| ev == e.as_str() && ch == c.as_str())
    }
}

/// The events a user can hear of in any of their organisations: the team's where they are
/// staff, a customer's where they are one of its users.
fn events_for(s: &SignedIn) -> Vec<Event> {
    Event::ALL
        .into_iter()
        .filter(|e| s.user.orgs.iter().any(|o| e.reaches(o.role)))
        .collect()
}

pub async fn settings(s: SignedIn) -> AppResult<Response> {
    let off = read("SELECT event, channel FROM notification_optouts WHERE user_id = $1")
        .bind(s.user.id)
        .fetch_all(&s.viewer.state.db, |r| {
            Ok((r.try_get("event")?, r.try_get("channel")?))
        })
        .await?;
    render(&SettingsPage {
        l: s.viewer
            .layout("settings", "notifications.settings")
            .await?,
        events: events_for(&s),
        channels: Channel::ALL,
        off,
    })
}

/// The matrix as the form sends it: a checked box is `<event>.<channel>=on`.
pub async fn save_settings(
    s: SignedIn,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let state = &s.viewer.state;
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM notification_optouts WHERE user_id = $1")
        .bind(s.user.id)
        .execute(&mut *tx)
        .await?;
    // The events the page offers; one it does not offer cannot reach this user anyway.
    for e in events_for(&s) {
        for c in Channel::ALL {
            if !f.contains_key(&format!("{}.{}", e.as_str(), c.as_str())) {
                sqlx::query("INSERT INTO notification_optouts (user_id, event, channel) VALUES ($1, $2, $3)")
                    .bind(s.user.id)
                    .bind(e.as_str())
                    .bind(c.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(flash::success(
        "/settings/notifications",
        "notifications.saved",
        &[],
    ))
}

#[derive(Template)]
#[template(path = "notifications/unsubscribe.html")]
struct UnsubscribePage {
    l: Layout,
    event_label: String,
    action: String,
    done: bool,
}

/// The link of a mail, checked: `None` when it was not made by this server for this user.
fn checked(v: &Viewer, user: i64, event: &str, signature: &str) -> Option<(UserId, Event)> {
    let event = Event::parse(event)?;
    let user = UserId(user);
    same_secret(
        &unsubscribe_signature(&v.state.secret, user, event),
        signature,
    )
    .then_some((user, event))
}

pub async fn unsubscribe_page(
    v: Viewer,
    Path((user, event, signature)): Path<(i64, String, String)>,
) -> AppResult<Response> {
    let (_, e) =
        checked(&v, user, &event, &signature).ok_or(AppError::Gone("error.page.link_invalid"))?;
    render(&UnsubscribePage {
        l: v.layout("", "notifications.unsubscribe_title").await?,
        event_label: v.t().get(e.label_key()).to_string(),
        action: format!("/unsubscribe/{user}/{event}/{signature}"),
        done: false,
    })
}

/// One click (RFC 8058: mail programs post here without a page): that event's mails stop.
pub async fn unsubscribe(
    v: Viewer,
    Path((user, event, signature)): Path<(i64, String, String)>,
) -> AppResult<Response> {
    let (u, e) =
        checked(&v, user, &event, &signature).ok_or(AppError::Gone("error.page.link_invalid"))?;
    sqlx::query(
        "INSERT INTO notification_optouts (user_id, event, channel) SELECT $1, $2, 'email' \
         WHERE NOT EXISTS (SELECT 1 FROM notification_optouts WHERE user_id = $1 AND event = $2 AND channel = 'email')",
    )
    .bind(u)
    .bind(e.as_str())
    .execute(&v.state.db.pool)
    .await?;
    render(&UnsubscribePage {
        l: v.layout("", "notifications.unsubscribe_title").await?,
        event_label: v.t().get(e.label_key()).to_string(),
        action: String::new(),
        done: true,
    })
}
