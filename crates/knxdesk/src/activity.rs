//! The activity log (A4): who did what, when, per organisation (and per project).

use crate::{
    db::Row,
    i18n::Catalog,
    types::{OrgId, ProjectId, UserId},
};

/// Records one change, in the caller's transaction when given one. `action` is a message key
/// under `activity.` (e.g. `member_role_changed`); `subject` is what it was done to, as text.
pub async fn record<'e, E>(
    executor: E,
    now: i64,
    org: OrgId,
    actor: UserId,
    action: &str,
    subject: &str,
) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    record_for(executor, now, org, Some(actor), None, action, subject).await
}

/// Like [`record`], attached to a project (shown on its Activity tab too).
pub async fn record_for<'e, E>(
    executor: E,
    now: i64,
    org: OrgId,
    actor: Option<UserId>,
    project: Option<ProjectId>,
    action: &str,
    subject: &str,
) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO activity (org_id, actor_user_id, action, subject, project_id, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(org)
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(project.map(|p| p.0))
        .bind(now)
        .execute(executor)
        .await?;
    Ok(())
}

impl crate::web::OrgCtx {
    /// Records a change to one project.
    pub async fn log_project<'e, E>(
        &self,
        executor: E,
        project: ProjectId,
        action: &str,
        subject: &str,
    ) -> anyhow::Result<()>
    where
        E: sqlx::Executor<'e, Database = sqlx::Any>,
    {
        record_for(
            executor,
            self.viewer.state.clock.now(),
            self.org_id(),
            Some(self.user_id()),
            Some(project),
            action,
            subject,
        )
        .await
    }

    /// Records that the current member did `action` to `subject` in this organisation, now.
    pub async fn log<'e, E>(&self, executor: E, action: &str, subject: &str) -> anyhow::Result<()>
    where
        E: sqlx::Executor<'e, Database = sqlx::Any>,
    {
        record(
            executor,
            self.viewer.state.clock.now(),
            self.org_id(),
            self.user_id(),
            action,
            subject,
        )
        .await
    }
}

pub struct Entry {
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub at: crate::clock::Timestamp,
}

impl Entry {
    /// "Anna Berg changed the role of x@y.de", in the viewer's language.
    pub fn text(&self, t: &Catalog) -> String {
        describe(t, &self.action, &self.actor, &self.subject)
    }
}

/// The sentence of one recorded change, in the viewer's language (the dashboard, a project's
/// activity tab and the organisation's log all say it this way).
pub fn describe(t: &Catalog, action: &str, actor: &str, subject: &str) -> String {
    t.fmt(
        &format!("activity.{action}"),
        &[("actor", actor), ("subject", subject)],
    )
}

pub async fn recent(pool: &sqlx::AnyPool, org: OrgId, limit: i64) -> anyhow::Result<Vec<Entry>> {
    recent_where(pool, org, None, limit).await
}

/// The newest entries of one project.
pub async fn recent_for(
    pool: &sqlx::AnyPool,
    org: OrgId,
    project: ProjectId,
    limit: i64,
) -> anyhow::Result<Vec<Entry>> {
    recent_where(pool, org, Some(project), limit).await
}

async fn recent_where(
    pool: &sqlx::AnyPool,
    org: OrgId,
    project: Option<ProjectId>,
    limit: i64,
) -> anyhow::Result<Vec<Entry>> {
    let filter = if project.is_some() {
        "AND a.project_id = $3"
    } else {
        ""
    };
    let sql = format!(
        "SELECT COALESCE(u.name, '') AS actor, a.action, a.subject, a.at FROM activity a \
         LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.org_id = $1 {filter} ORDER BY a.at DESC, a.id DESC LIMIT $2"
    );
    let mut query = sqlx::query(&sql).bind(org).bind(limit);
    if let Some(p) = project {
        query = query.bind(p);
    }
    let rows = query.fetch_all(pool).await?;
    rows.into_iter()
        .map(|r| {
            Ok(Entry {
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                subject: r.try_get("subject")?,
                at: r.try_get("at")?,
            })
        })
        .collect()
}
