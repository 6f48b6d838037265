//! Rendered Service lists and boards, kept under the organisation's view version.
//!
//! A board is 200 cards and a list 50 rows with their filter bar; people open them again and
//! again between changes. What a page shows is rendered once per viewer, language, time zone,
//! day and view (its filters and page) and kept under the number `service_view_versions` holds
//! for the organisation. Triggers (migration 0016) change that number with every change to
//! cases, projects, customers, members or members' names, made through any instance or in the
//! database, so a kept page is never shown after what it shows has changed: the next request
//! reads the new number and renders afresh. Reading the number is one primary-key lookup.
//!
//! The viewer is part of the key: one person's page is never served to another, whatever
//! their roles. The top bar, flash messages and the CSRF token are outside what is kept.

use std::sync::Arc;

use askama::Template;
use axum::response::Response;
use quick_cache::{Weighter, sync::Cache};

use crate::{
    clock::LocalTime,
    db::{Db, read},
    types::OrgId,
    web::{AppResult, Layout, OrgCtx, render},
};

#[derive(Clone)]
struct Bytes;

impl Weighter<String, Arc<str>> for Bytes {
    fn weight(&self, key: &String, body: &Arc<str>) -> u64 {
        (key.len() + body.len()) as u64
    }
}

/// `None` when the configuration keeps nothing (`view_cache_mb = 0`).
pub struct ViewCache(Option<Cache<String, Arc<str>, Bytes>>);

impl ViewCache {
    /// Keeps up to `mb` megabytes of pages; the least recently used go first.
    pub fn new(mb: u64) -> ViewCache {
        // Pages are 10-200 KB: the estimate of entries only sizes the table up front.
        ViewCache((mb > 0).then(|| Cache::with_weighter(512, mb << 20, Bytes)))
    }
}

/// The organisation's view version; `None` when it has none (then nothing is kept).
async fn version(db: &Db, org: OrgId) -> Result<Option<i64>, sqlx::Error> {
    read("SELECT version FROM service_view_versions WHERE org_id = $1")
        .bind(org)
        .fetch_optional(db, |r| r.try_get("version"))
        .await
}

/// The body of page `page` for `view` (its normalised query) as the viewer sees it in `time`
/// on `today`: kept, or rendered by `render` and kept.
pub async fn body(
    o: &OrgCtx,
    page: &str,
    view: &str,
    time: &LocalTime,
    today: &str,
    render: impl AsyncFnOnce() -> AppResult<String>,
) -> AppResult<Arc<str>> {
    let state = &o.viewer.state;
    let Some(kept) = &state.views.0 else {
        return Ok(render().await?.into());
    };
    // The number is read before the rows: a change between the two is under a newer number,
    // so what is kept under this one is never older than it.
    let Some(version) = version(&state.db, o.org_id()).await? else {
        return Ok(render().await?.into());
    };
    let key = format!(
        "{}|{}|{}|{}|{today}|{page}|{version}|{view}",
        o.org_id(),
        o.user_id(),
        time.lang.code(),
        time.zone.name()
    );
    if let Some(body) = kept.get(&key) {
        return Ok(body);
    }
    let body: Arc<str> = render().await?.into();
    kept.insert(key, body.clone());
    Ok(body)
}

#[derive(Template)]
#[template(path = "service/shell.html")]
struct Shell<'a> {
    l: Layout,
    body: &'a str,
    /// The id of a form in the body that posts: it gets the viewer's CSRF token from here.
    csrf_form: Option<&'a str>,
}

/// The page around a body from [`body`].
pub fn page(l: Layout, body: &str, csrf_form: Option<&str>) -> AppResult<Response> {
    render(&Shell { l, body, csrf_form })
}
