//! A feature's routes, written down as they are registered, so that a test can list every route
//! of the application (the authorization matrix must have a row for each).
//!
//! Organisation pages are declared relative to their organisation with [`Routes::org`]: the one
//! place that says they live under `/o/{org_id}`, where [`crate::web::OrgCtx`] checks
//! membership.

use axum::{Router, routing::MethodRouter};

use crate::state::AppState;

/// The prefix of every page inside an organisation.
pub const ORG: &str = "/o/{org_id}";

/// The path of a page of organisation `org`: `org_path(OrgId(12), "/projects")` is
/// `/o/12/projects`. Handlers (`OrgCtx::path`) and templates (`Layout::org_root`) build their
/// links with it.
pub fn org_path(org: crate::types::OrgId, rest: &str) -> String {
    format!("/o/{org}{rest}")
}

#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    paths: Vec<String>,
}

impl Routes {
    pub fn new() -> Self {
        Self::default()
    }

    /// A route outside any organisation (`/signin`, `/invite/{token}`).
    pub fn route(mut self, path: &str, handlers: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, handlers);
        self.paths.push(path.to_string());
        self
    }

    /// A page of an organisation: `path` is relative to `/o/{org_id}`.
    pub fn org(self, path: &str, handlers: MethodRouter<AppState>) -> Self {
        self.route(&format!("{ORG}{path}"), handlers)
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }

    /// Applies `f` (a layer) to the routes so far.
    pub fn map(mut self, f: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Self {
        self.router = f(self.router);
        self
    }

    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
