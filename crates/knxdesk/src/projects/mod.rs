//! Projects (SPEC P1, P2 overview, C3 customer link): the KNX installations of an organisation.

pub mod pages;
pub mod queries;

use axum::routing::{get, post};

use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .org("/projects", get(pages::index).post(pages::create))
        .org("/projects/new", get(pages::new_form))
        .org(
            "/projects/{project_id}",
            get(pages::show).post(pages::update),
        )
        .org("/projects/{project_id}/edit", get(pages::edit_form))
        .org("/projects/{project_id}/activity", get(pages::activity_tab))
        .org("/projects/{project_id}/status", post(pages::set_status))
        .org("/projects/{project_id}/customer", post(pages::set_customer))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Active,
    Completed,
    Archived,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Active, Status::Completed, Status::Archived];

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Completed => "completed",
            Status::Archived => "archived",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Status::Active => "projects.status.active",
            Status::Completed => "projects.status.completed",
            Status::Archived => "projects.status.archived",
        }
    }
}

/// The tabs of a project page, in the order they are shown; each page names its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Ets,
    Devices,
    GroupAddresses,
    Service,
    Activity,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Ets,
        Tab::Devices,
        Tab::GroupAddresses,
        Tab::Service,
        Tab::Activity,
    ];

    /// The tab's path below `/projects/{id}`.
    pub fn suffix(self) -> &'static str {
        match self {
            Tab::Overview => "",
            Tab::Ets => "/ets",
            Tab::Devices => "/devices",
            Tab::GroupAddresses => "/group-addresses",
            Tab::Service => "/service",
            Tab::Activity => "/activity",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Tab::Overview => "projects.overview",
            Tab::Ets => "ets.title",
            Tab::Devices => "projects.rooms_devices",
            Tab::GroupAddresses => "ets.group_addresses",
            Tab::Service => "service.title",
            Tab::Activity => "projects.activity",
        }
    }

    /// Whether the viewer sees the tab at all.
    pub fn shown_to(self, l: &crate::web::Layout) -> bool {
        match self {
            Tab::Activity => l.allowed(crate::authz::Action::ViewActivity),
            _ => true,
        }
    }
}
