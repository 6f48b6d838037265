//! ETS version queries.

use crate::{
    db::{Row, Tx},
    types::{CustomerId, OrgId, ProjectId, UserId, VersionId},
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
    pub comment_public: bool,
    pub uploader: String,
    pub status: String,
    pub error_code: String,
    pub error_message: String,
    pub devices: i64,
    pub group_addresses: i64,
    pub uploaded: crate::clock::Timestamp,
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

    /// Why reading failed, in the viewer's language (the stored message is the technical detail).
    pub fn error_key(&self) -> &'static str {
        match self.error_code.as_str() {
            "not_a_zip" => "ets.error.not_a_zip",
            "corrupt" => "ets.error.corrupt",
            "unsafe_entry" => "ets.error.unsafe_entry",
            "too_large" => "ets.error.too_large",
            "project_not_found" => "ets.error.project_not_found",
            "password_required" => "ets.error.password_required",
            "wrong_password" => "ets.error.wrong_password",
            "unsupported_schema" => "ets.error.unsupported_schema",
            "malformed_xml" => "ets.error.malformed_xml",
            "invalid_data" => "ets.error.invalid_data",
            "io" => "ets.error.io",
            "output" => "ets.error.output",
            _ => "ets.error.unknown",
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
        "SELECT v.id, v.version, v.file_name, v.size, v.comment, v.comment_public, COALESCE(u.name, '') AS uploader, v.status, v.error_code, \
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
                id: r.try_get("id")?,
                version: r.try_get("version")?,
                file_name: r.try_get("file_name")?,
                size: r.try_get("size")?,
                comment: r.try_get("comment")?,
                comment_public: r.try_get::<i64, _>("comment_public")? != 0,
                uploader: r.try_get("uploader")?,
                status: r.try_get("status")?,
                error_code: r.try_get("error_code")?,
                error_message: r.try_get("error_message")?,
                devices: r.try_get("devices")?,
                group_addresses: r.try_get("group_addresses")?,
                uploaded: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// An uploaded file, stored, to become the project's next version.
pub struct NewVersion<'a> {
    pub file_name: &'a str,
    pub size: i64,
    pub storage_key: &'a str,
    pub comment: &'a str,
    /// The customer sees the comment too (else it is for the team).
    pub comment_public: bool,
    pub uploaded_by: UserId,
    pub password_sealed: &'a str,
}

/// Inserts the version as `MAX(version) + 1` of the project and returns its id and number.
/// Two uploads at the same moment may compute the same number: the unique index lets one win
/// and the other gets a unique violation (`db::OnUnique::unique_as_none` gives `None`) to try again.
pub async fn insert_version(
    tx: &mut Tx<'_>,
    org: OrgId,
    project: ProjectId,
    now: i64,
    v: &NewVersion<'_>,
) -> Result<(VersionId, i64), sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO ets_versions (org_id, project_id, version, file_name, size, storage_key, comment, uploaded_by, password_sealed, created_at, comment_public) \
         SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10 FROM ets_versions WHERE project_id = $2 \
         RETURNING id, version",
    )
    .bind(org)
    .bind(project)
    .bind(v.file_name)
    .bind(v.size)
    .bind(v.storage_key)
    .bind(v.comment)
    .bind(v.uploaded_by)
    .bind(v.password_sealed)
    .bind(now)
    .bind(v.comment_public as i64)
    .fetch_one(&mut **tx)
    .await
}

pub async fn version_exists(
    pool: &sqlx::AnyPool,
    org: OrgId,
    project: ProjectId,
    id: VersionId,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 FROM ets_versions WHERE id = $1 AND project_id = $2 AND org_id = $3")
            .bind(id)
            .bind(project)
            .bind(org)
            .fetch_optional(pool)
            .await?
            .is_some(),
    )
}

/// Queues a failed version again with a (sealed) password; `false` unless it had failed.
pub async fn retry_with_password(
    tx: &mut Tx<'_>,
    org: OrgId,
    project: ProjectId,
    id: VersionId,
    password_sealed: &str,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE ets_versions SET password_sealed = $1, status = 'queued', error_code = '', error_message = '' \
         WHERE id = $2 AND project_id = $3 AND org_id = $4 AND status = 'failed'",
    )
    .bind(password_sealed)
    .bind(id)
    .bind(project)
    .bind(org)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Where a version's file is, and whose project it belongs to (for the visibility check).
#[derive(sqlx::FromRow)]
pub struct StoredVersion {
    pub storage_key: String,
    pub file_name: String,
    pub status: String,
    pub customer_id: Option<CustomerId>,
}

pub async fn stored_version(
    pool: &sqlx::AnyPool,
    org: OrgId,
    project: ProjectId,
    id: VersionId,
) -> Result<Option<StoredVersion>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.storage_key, v.file_name, v.status, p.customer_id FROM ets_versions v JOIN projects p ON p.id = v.project_id \
         WHERE v.id = $1 AND v.project_id = $2 AND v.org_id = $3 AND p.org_id = $3",
    )
    .bind(id)
    .bind(project)
    .bind(org)
    .fetch_optional(pool)
    .await
}

/// The storage key of a ready version, by its number.
pub async fn ready_storage_key(
    pool: &sqlx::AnyPool,
    org: OrgId,
    project: ProjectId,
    version: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT storage_key FROM ets_versions WHERE project_id = $1 AND org_id = $2 AND version = $3 AND status = 'ready'",
    )
    .bind(project)
    .bind(org)
    .bind(version)
    .fetch_optional(pool)
    .await
}

/// What the parse job needs of a version.
#[derive(sqlx::FromRow)]
pub struct ToParse {
    pub org_id: OrgId,
    pub project_id: ProjectId,
    pub version: i64,
    pub storage_key: String,
    pub password_sealed: String,
}

/// Marks the version as being read and returns it; `None` when it was deleted meanwhile.
pub async fn start_parsing(
    pool: &sqlx::AnyPool,
    id: VersionId,
) -> Result<Option<ToParse>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE ets_versions SET status = 'parsing' WHERE id = $1 \
         RETURNING org_id, project_id, version, storage_key, password_sealed",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Records why the file could not be read; the model stays as it was.
pub async fn parse_failed(
    pool: &sqlx::AnyPool,
    id: VersionId,
    code: &str,
    message: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE ets_versions SET status = 'failed', error_code = $1, error_message = $2 WHERE id = $3")
        .bind(code)
        .bind(message)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Whether a later version of the project is already ready (then an older one finishing late
/// must not replace its model).
pub async fn newer_ready_version(
    tx: &mut Tx<'_>,
    project: ProjectId,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM ets_versions WHERE project_id = $1 AND status = 'ready' AND version > $2",
    )
    .bind(project)
    .bind(version)
    .fetch_one(&mut **tx)
    .await?
    .try_get("n")?;
    Ok(n > 0)
}

/// Marks the version as read, with its counts; the password kept for the retry is dropped.
pub async fn parse_ready(
    tx: &mut Tx<'_>,
    id: VersionId,
    devices: i64,
    group_addresses: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE ets_versions SET status = 'ready', error_code = '', error_message = '', password_sealed = '', \
         devices = $1, group_addresses = $2 WHERE id = $3",
    )
    .bind(devices)
    .bind(group_addresses)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
