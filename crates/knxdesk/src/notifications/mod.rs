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
    /// A project's devices changed: an ETS version imported, equipment added or removed by hand.
    DevicesChanged,
    /// A project's service codes changed: created, paired, moved, deactivated.
    CodesChanged,
}

impl Event {
    pub const ALL: [Event; 7] = [
        Event::CaseCreated,
        Event::Assigned,
        Event::StatusChanged,
        Event::PublicComment,
        Event::InternalComment,
        Event::DevicesChanged,
        Event::CodesChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::CaseCreated => "case_created",
            Event::Assigned => "assigned",
            Event::StatusChanged => "status_changed",
            Event::PublicComment => "public_comment",
            Event::InternalComment => "internal_comment",
            Event::DevicesChanged => "devices_changed",
            Event::CodesChanged => "codes_changed",
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
            Event::DevicesChanged => "notifications.event.devices_changed",
            Event::CodesChanged => "notifications.event.codes_changed",
        }
    }

    /// The sentence in the list and the mail ("{actor} commented on {case}"; a project's
    /// name stands for the case in the project events).
    pub fn sentence_key(self) -> &'static str {
        match self {
            Event::CaseCreated => "notifications.said.case_created",
            Event::Assigned => "notifications.said.assigned",
            Event::StatusChanged => "notifications.said.status_changed",
            Event::PublicComment => "notifications.said.public_comment",
            Event::InternalComment => "notifications.said.internal_comment",
            Event::DevicesChanged => "notifications.said.devices_changed",
            Event::CodesChanged => "notifications.said.codes_changed",
        }
    }

    /// What a reporter following a case by its private link hears of.
    pub fn is_public(self) -> bool {
        matches!(self, Event::StatusChanged | Event::PublicComment)
    }

    /// What a member in `role` hears of (where the case or project is theirs to see). The
    /// team hears of its cases; a project's devices and codes are the team's own doing. A
    /// company's people (Customer Login module) hear of everything on their company's projects:
    /// new cases, answers, status changes, devices and codes. A customer's owner of the simple
    /// portal hears of the answers and status changes of their cases. Assignments and
    /// internal notes are the team's.
    pub fn reaches(self, role: crate::authz::Role) -> bool {
        if role.is_staff() {
            !self.is_project_event()
        } else if role.is_company() {
            !matches!(self, Event::Assigned | Event::InternalComment)
        } else {
            self.is_public()
        }
    }

    /// Events about a project rather than a case: only its customer's people hear of them
    /// (the team made the change).
    pub fn is_project_event(self) -> bool {
        matches!(self, Event::DevicesChanged | Event::CodesChanged)
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
