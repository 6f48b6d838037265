//! Notifications (A5): what happened on a case, for the people it concerns, in the app (a bell
//! with the unread count, a list) and by email through the jobs table, each in the recipient's
//! language. Every user switches each event off per channel; an email's one-click link does
//! it for that event.
//!
//! Who hears of what is decided in [`deliver`], in the transaction of the change itself: nobody
//! is told of a case they may not see, and the one who acted is not told of their own action.

pub mod deliver;
pub mod pages;

use axum::routing::{get, post};

use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .route("/notifications", get(pages::index))
        .route("/notifications/read-all", post(pages::read_all))
        .route("/notifications/{notification_id}/open", post(pages::open))
        .route(
            "/settings/notifications",
            get(pages::settings).post(pages::save_settings),
        )
        .route(
            "/unsubscribe/{user_id}/{event}/{signature}",
            get(pages::unsubscribe_page).post(pages::unsubscribe),
        )
}

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    CaseCreated,
    Assigned,
    StatusChanged,
    PublicComment,
    InternalComment,
}

impl Event {
    pub const ALL: [Event; 5] = [
        Event::CaseCreated,
        Event::Assigned,
        Event::StatusChanged,
        Event::PublicComment,
        Event::InternalComment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::CaseCreated => "case_created",
            Event::Assigned => "assigned",
            Event::StatusChanged => "status_changed",
            Event::PublicComment => "public_comment",
            Event::InternalComment => "internal_comment",
        }
    }

    pub fn parse(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// The setting's name ("A case is opened").
    pub fn label_key(self) -> &'static str {
        match self {
            Event::CaseCreated => "notifications.event.case_created",
            Event::Assigned => "notifications.event.assigned",
            Event::StatusChanged => "notifications.event.status_changed",
            Event::PublicComment => "notifications.event.public_comment",
            Event::InternalComment => "notifications.event.internal_comment",
        }
    }

    /// The sentence in the list and the mail ("{actor} commented on {case}").
    pub fn sentence_key(self) -> &'static str {
        match self {
            Event::CaseCreated => "notifications.said.case_created",
            Event::Assigned => "notifications.said.assigned",
            Event::StatusChanged => "notifications.said.status_changed",
            Event::PublicComment => "notifications.said.public_comment",
            Event::InternalComment => "notifications.said.internal_comment",
        }
    }

    /// Customer users hear of public events only; the rest is the team's.
    pub fn is_public(self) -> bool {
        matches!(self, Event::StatusChanged | Event::PublicComment)
    }

    /// The events a customer user can receive (their settings offer these).
    pub fn for_customers() -> impl Iterator<Item = Event> {
        Event::ALL.into_iter().filter(|e| e.is_public())
    }
}

/// How a notification reaches its recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    InApp,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::InApp, Channel::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InApp => "in_app",
            Channel::Email => "email",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Channel::InApp => "notifications.channel.in_app",
            Channel::Email => "notifications.channel.email",
        }
    }
}

/// The one-click unsubscribe link's signature for `user` and `event`.
pub fn unsubscribe_signature(secret: &[u8], user: crate::types::UserId, event: Event) -> String {
    crate::crypto::sign(secret, "unsubscribe", &format!("{user}:{}", event.as_str()))
}
