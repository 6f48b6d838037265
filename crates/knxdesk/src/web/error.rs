//! One error type for handlers. User mistakes become clear 4xx pages; internal failures are
//! logged and shown as a plain 500 page without details.

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// The visitor must sign in first; carries the path to come back to.
    #[error("sign in required")]
    SignInRequired(String),
    /// A request we refuse, with a message catalogue key explaining why.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Like `BadRequest`, with status 409 (the state does not allow it).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("gone: {0}")]
    Gone(&'static str),
    #[error("csrf")]
    Csrf,
    /// Too much expensive work at once ([`crate::gate`]): 503, try again shortly.
    #[error("busy")]
    Busy,
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        if e.downcast_ref::<crate::gate::Busy>().is_some() {
            AppError::Busy
        } else {
            AppError::Internal(e)
        }
    }
}

impl From<crate::gate::Busy> for AppError {
    fn from(_: crate::gate::Busy) -> Self {
        AppError::Busy
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Attached to an error response; the page middleware renders it inside the layout, in the
/// visitor's language.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    pub status: StatusCode,
    pub message_key: &'static str,
    /// What the visitor can do instead (a link and its label's key); else "Back to start".
    pub action: Option<(super::redirect::LocalPath, &'static str)>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message_key) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "error.page.not_found"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "error.page.forbidden"),
            AppError::SignInRequired(next) => {
                let to = format!("/signin?next={}", urlencode(next));
                return Redirect::to(&to).into_response();
            }
            AppError::BadRequest(key) => (StatusCode::BAD_REQUEST, *key),
            AppError::Conflict(key) => (StatusCode::CONFLICT, *key),
            AppError::Gone(key) => (StatusCode::GONE, *key),
            AppError::Csrf => (StatusCode::FORBIDDEN, "error.page.csrf"),
            AppError::Busy => {
                let mut res = error_page(StatusCode::SERVICE_UNAVAILABLE, "error.page.busy");
                res.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
                return res;
            }
            AppError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "error.page.internal")
            }
        };
        error_page(status, message_key)
    }
}

pub fn error_page(status: StatusCode, message_key: &'static str) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(ErrorPage {
        status,
        message_key,
        action: None,
    });
    res
}

/// An error page that offers one way on (`label_key` linking to `to`).
pub fn error_page_with_action(
    status: StatusCode,
    message_key: &'static str,
    to: super::redirect::LocalPath,
    label_key: &'static str,
) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(ErrorPage {
        status,
        message_key,
        action: Some((to, label_key)),
    });
    res
}

pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
