//! ETS version queries.

use crate::{
    clock::format_utc,
    db::Row,
    types::{OrgId, ProjectId},
};

#[derive(Clone, Debug)]
pub struct Version {
    /// Signed link to the original file (filled by the page).
    pub download: String,
    pub id: crate::types::VersionId,
    pub version: i64,
    pub file_name: String,
    pub size: i64,
    pub comment: String,
    pub uploader: String,
    pub status: String,
    pub error_code: String,
    pub error_message: String,
    pub devices: i64,
    pub group_addresses: i64,
    pub uploaded: String,
}

impl Version {
    /// The row offers to enter the password again.
    pub fn needs_password(&self) -> bool {
        self.status == "failed"
            && matches!(
                self.error_code.as_str(),
                "password_required" | "wrong_password"
            )
    }

    pub fn busy(&self) -> bool {
        matches!(self.status.as_str(), "queued" | "parsing")
    }

    pub fn size_text(&self) -> String {
        let s = self.size as f64;
        if s >= 1024.0 * 1024.0 {
            format!("{:.1} MB", s / 1024.0 / 1024.0)
        } else {
            format!("{:.0} KB", (s / 1024.0).max(1.0))
        }
    }

    pub fn status_key(&self) -> &'static str {
        match self.status.as_str() {
            "queued" => "ets.status.queued",
            "parsing" => "ets.status.parsing",
            "ready" => "ets.status.ready",
            _ => "ets.status.failed",
        }
    }
}

/// How many versions a project has.
pub async fn count(
    pool: &sqlx::AnyPool,
    org: OrgId,
    project: ProjectId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM ets_versions WHERE project_id = $1 AND org_id = $2")
        .bind(project)
        .bind(org)
        .fetch_one(pool)
        .await
}

pub async fn list(
    pool: &sqlx::AnyPool,
    org: OrgId,
    project: ProjectId,
) -> Result<Vec<Version>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.id, v.version, v.file_name, v.size, v.comment, COALESCE(u.name, ''), v.status, v.error_code, \
         v.error_message, v.devices, v.group_addresses, v.created_at \
         FROM ets_versions v LEFT JOIN users u ON u.id = v.uploaded_by \
         WHERE v.project_id = $1 AND v.org_id = $2 ORDER BY v.version DESC",
    )
    .bind(project)
    .bind(org)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Version {
                download: String::new(),
                id: r.try_get(0)?,
                version: r.try_get(1)?,
                file_name: r.try_get(2)?,
                size: r.try_get(3)?,
                comment: r.try_get(4)?,
                uploader: r.try_get(5)?,
                status: r.try_get(6)?,
                error_code: r.try_get(7)?,
                error_message: r.try_get(8)?,
                devices: r.try_get(9)?,
                group_addresses: r.try_get(10)?,
                uploaded: format_utc(r.try_get(11)?),
            })
        })
        .collect()
}
