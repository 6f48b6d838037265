//! The shared web kernel: request context, CSRF, flash messages, errors, layout, assets.

pub mod assets;
pub mod context;
pub mod csrf;
pub mod error;
pub mod flash;
pub mod language;
pub mod layout;
pub mod redirect;
pub mod routes;
pub mod sessions;

pub use error::{AppError, AppResult};
pub use layout::{Layout, OrgCtx, SignedIn, Viewer, render, render_part, render_status};

/// Form field errors keyed by field name, rendered inline next to each field.
#[derive(Default, Debug)]
pub struct FieldErrors(pub Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: String) {
        self.0.push((field, message));
    }
    /// Records the error of a parse result and returns the value when there was none.
    pub fn check<T>(
        &mut self,
        field: &'static str,
        result: Result<T, crate::types::FieldError>,
        t: &crate::i18n::Catalog,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.message(t));
                None
            }
        }
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Path parameters where a value that does not parse (`/members/abc`) is simply a page that
/// does not exist: 404, like an id of another organisation.
pub struct Ids<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for Ids<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned + Send,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(t)| Ids(t))
            .map_err(|_| AppError::NotFound)
    }
}

/// `Content-Disposition` for a download named `file_name` (RFC 6266): an ASCII `filename` for
/// old clients and the exact name, percent-encoded UTF-8, in `filename*`.
pub fn attachment(file_name: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    // RFC 5987 attr-char: what may stand unencoded in `filename*`.
    const ATTR: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'!')
        .remove(b'#')
        .remove(b'$')
        .remove(b'&')
        .remove(b'+')
        .remove(b'-')
        .remove(b'.')
        .remove(b'^')
        .remove(b'_')
        .remove(b'`')
        .remove(b'|')
        .remove(b'~');
    let ascii: String = file_name
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '_',
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        utf8_percent_encode(file_name, ATTR)
    )
}

/// Previous/next links of a paged list.
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `url(p)` is the link to page `p`.
    pub fn new(page: i64, total: i64, page_size: i64, url: impl Fn(i64) -> String) -> Pager {
        let pages = ((total + page_size - 1) / page_size).max(1);
        Pager {
            page,
            pages,
            prev: (page > 1).then(|| url(page - 1)),
            next: (page < pages).then(|| url(page + 1)),
        }
    }
}
