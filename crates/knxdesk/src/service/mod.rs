//! Service cases (SPEC S1, S2): the problems of an installation after it is built, from the
//! report to the fix. Staff work on them in a list, a board and the case page; customer users
//! open and follow the cases of their own projects in the portal.
//!
//! Every page asks `authz` (OpenCases for reading and commenting in public, ManageCases for the
//! team's fields and internal comments, ChangeCaseStatus for moves) and reads cases through
//! [`queries`] with the viewer's visibility.

pub mod attachments;
pub mod auto_close;
pub mod case_page;
pub mod comments;
pub mod fields;
pub mod files_form;
pub mod form;
pub mod list;
pub mod markdown;
pub mod open;
pub mod queries;
pub mod status;
pub mod templates;
pub mod view_cache;
pub mod watch;

use axum::routing::{get, post};

use crate::web::routes::Routes;

pub use status::{Priority, Status};

/// Longest title and text a case or comment takes (a title is a line, not a report).
pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 20_000;

pub fn routes() -> Routes {
    Routes::new()
        .org("/service", get(list::index).post(form::create))
        .org("/service/board", get(list::board))
        .org("/service/board/move", post(list::board_move))
        .org("/service/new", get(form::new_form))
        .org(
            "/service/templates",
            get(templates::index).post(templates::create),
        )
        .org(
            "/service/templates/{template_id}",
            get(templates::edit_form).post(templates::update),
        )
        .org(
            "/service/templates/{template_id}/delete",
            post(templates::delete),
        )
        .org(
            "/service/{number}/checklist/{item_id}",
            post(templates::tick),
        )
        .org(
            "/service/{number}",
            get(case_page::show).post(case_page::update),
        )
        .org("/service/{number}/status", post(case_page::set_status))
        .org("/service/{number}/watch", post(watch::case))
        .org("/projects/{project_id}/service/watch", post(watch::project))
        .org("/service/{number}/comments", post(comments::create))
        .org(
            "/service/{number}/attachments",
            post(axum::handler::Handler::layer(
                attachments::upload,
                axum::extract::DefaultBodyLimit::max(attachments::MAX_REQUEST_BYTES),
            )),
        )
        .org(
            "/service/{number}/attachments/{attachment_id}",
            get(attachments::link),
        )
        .org(
            "/service/{number}/attachments/{attachment_id}/file",
            get(attachments::file),
        )
        .org(
            "/service/{number}/comments/{comment_id}",
            post(comments::edit),
        )
        .org(
            "/service/{number}/comments/{comment_id}/delete",
            post(comments::delete),
        )
        .org("/projects/{project_id}/service", get(list::project_tab))
}
