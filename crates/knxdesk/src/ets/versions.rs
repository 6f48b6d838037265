//! The ETS files tab of a project: its versions, their parse status, downloads and the upload.

use crate::projects::Tab;
use askama::Template;
use axum::response::Response;

use crate::types::OrgId;
use crate::{
    authz::Action,
    projects::{
        pages::{existing, tab_layout},
        queries::Project,
    },
    types::ProjectId,
    web::{AppResult, Ids, Layout, OrgCtx, render},
};

#[derive(Template)]
#[template(path = "projects/ets.html")]
struct VersionsPage {
    l: Layout,
    p: Project,
    tab: Tab,
    can_edit: bool,
    versions: Vec<super::queries::Version>,
    /// Ready versions, for the diff's pickers.
    ready_versions: Vec<i64>,
    /// A version is queued or being read: the page polls until it is done.
    busy: bool,
    max_upload_mb: u64,
}

pub async fn tab(o: OrgCtx, Ids((_, id)): Ids<(OrgId, ProjectId)>) -> AppResult<Response> {
    let p = existing(&o, id).await?;
    let mut versions = super::queries::list(&o.viewer.state.db.pool, o.org_id(), id).await?;
    // Comments are the team's notes unless shown to the customer: only those who may edit
    // the project (the team) read the others.
    if o.require(Action::EditProjects).is_err() {
        for v in versions.iter_mut().filter(|v| !v.comment_public) {
            v.comment.clear();
        }
    }
    if o.require(Action::DownloadEts).is_ok() {
        for v in versions.iter_mut() {
            v.download = super::download::fresh_path(&o, id, v.id);
        }
    }
    render(&VersionsPage {
        l: tab_layout(&o, &p),
        tab: Tab::Ets,
        can_edit: o.require(Action::EditProjects).is_ok(),
        ready_versions: versions
            .iter()
            .filter(|v| v.status == "ready")
            .map(|v| v.version)
            .collect(),
        busy: versions.iter().any(|v| v.busy()),
        max_upload_mb: super::MAX_UPLOAD_BYTES >> 20,
        versions,
        p,
    })
}
