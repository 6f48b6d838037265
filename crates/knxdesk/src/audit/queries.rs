//! The SQL of the organisation's activity log: entries filtered and paged, newest first.

use crate::{
    db::{Db, Where},
    types::{OrgId, ProjectId, UserId},
};

pub const PAGE_SIZE: i64 = 50;

/// What the log is narrowed to; every part is optional.
#[derive(Default)]
pub struct Filter {
    pub actor: Option<UserId>,
    /// The actions of one kind (see `super::Kind`).
    pub actions: Option<&'static [&'static str]>,
    pub project: Option<ProjectId>,
    /// Unix seconds, from (inclusive) and before (exclusive).
    pub from: Option<i64>,
    pub before: Option<i64>,
}

pub struct Entry {
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub project: Option<(ProjectId, String)>,
    pub at: crate::clock::Timestamp,
}

impl Entry {
    pub fn text(&self, t: &crate::i18n::Catalog) -> String {
        crate::activity::describe(t, &self.action, &self.actor, &self.subject)
    }
}

fn conditions(org: OrgId, f: &Filter) -> Where {
    let w = Where::default()
        .and("a.org_id = ?", org)
        .and_some("a.actor_user_id = ?", f.actor)
        .and_some("a.project_id = ?", f.project)
        .and_some("a.at >= ?", f.from)
        .and_some("a.at < ?", f.before);
    match f.actions {
        Some(actions) => w.and_in("a.action", actions),
        None => w,
    }
}

/// A page of entries (`limit` from `offset`) and the number of matches.
pub async fn page(
    db: &Db,
    org: OrgId,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Entry>, i64), sqlx::Error> {
    let w = conditions(org, f);
    let count_sql = format!("SELECT COUNT(*) AS n FROM activity a WHERE {}", w.sql());
    let total: i64 = w.read(&count_sql).fetch_one(db, |r| r.try_get("n")).await?;
    let n = w.bound();
    let sql = format!(
        "SELECT COALESCE(u.name, '') AS actor, a.action, a.subject, a.project_id, \
                COALESCE(p.name, '') AS project_name, a.at \
         FROM activity a LEFT JOIN users u ON u.id = a.actor_user_id \
         LEFT JOIN projects p ON p.id = a.project_id AND p.org_id = a.org_id \
         WHERE {} ORDER BY a.at DESC, a.id DESC LIMIT ${} OFFSET ${}",
        w.sql(),
        n + 1,
        n + 2
    );
    let entries = w
        .read(&sql)
        .bind(limit)
        .bind(offset)
        .fetch_all(db, |r| {
            let project: Option<ProjectId> = r.try_get("project_id")?;
            let name: String = r.try_get("project_name")?;
            Ok(Entry {
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                subject: r.try_get("subject")?,
                // A deleted project keeps its entries, without a link.
                project: project.filter(|_| !name.is_empty()).map(|p| (p, name)),
                at: r.try_get("at")?,
            })
        })
        .await?;
    Ok((entries, total))
}

/// Everyone who appears in the organisation's log (for the "who" filter), by name.
pub async fn actors(db: &Db, org: OrgId) -> Result<Vec<(UserId, String)>, sqlx::Error> {
    crate::db::read(
        "SELECT u.id, u.name FROM users u WHERE u.id IN \
         (SELECT DISTINCT actor_user_id FROM activity WHERE org_id = $1) ORDER BY u.name, u.id",
    )
    .bind(org)
    .fetch_all(db, |r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .await
}

/// The organisation's projects (for the project filter), by name.
pub async fn projects(db: &Db, org: OrgId) -> Result<Vec<(ProjectId, String)>, sqlx::Error> {
    crate::db::read("SELECT id, name FROM projects WHERE org_id = $1 ORDER BY name, id LIMIT 1000")
        .bind(org)
        .fetch_all(db, |r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .await
}
