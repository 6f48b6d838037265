//! The background parse of one ETS version. On success the project's devices and group
//! addresses are replaced, in one transaction, from the newest ready version; a failure is
//! recorded with its reason and leaves the previous model untouched. A crash mid-parse leaves
//! the job's lease to run out; the job then runs again from the start.

use serde::{Deserialize, Serialize};

use super::queries;
use crate::{jobs::Job, search::Index, state::AppState};

/// Reading one uploaded version (queued by an upload or a retry with a password).
#[derive(Serialize, Deserialize)]
pub struct ParseJob {
    pub version_id: crate::types::VersionId,
}

impl Job for ParseJob {
    const KIND: &'static str = "parse_ets";

    async fn run(self, state: &AppState) -> anyhow::Result<()> {
        run(state, self.version_id).await
    }
}

async fn run(state: &AppState, version_id: crate::types::VersionId) -> anyhow::Result<()> {
    let pool = &state.db.pool;
    let Some(v) = queries::start_parsing(pool, version_id).await? else {
        return Ok(()); // deleted meanwhile (project removed)
    };
    let (key, sealed) = (v.storage_key, v.password_sealed);

    let path = crate::storage::scratch_file(
        &state.config.data_dir,
        &format!("parse-{version_id}-"),
        ".knxproj",
    )?;
    state.storage.get_to_file(&key, &path).await?;
    let password = if sealed.is_empty() {
        None
    } else {
        crate::crypto::open(&state.secret, &sealed)
    };
    let parse_path = path.to_path_buf();
    let parsed = tokio::task::spawn_blocking(move || {
        knxproj::parse_file(
            &parse_path,
            &knxproj::Options {
                password,
                ..Default::default()
            },
        )
    })
    .await?;
    drop(path);

    let project_model = match parsed {
        Ok(p) => p,
        // A storage hiccup is worth another try; anything about the file is final.
        Err(knxproj::Error::Io(e)) => return Err(e.into()),
        Err(e) => {
            queries::parse_failed(pool, version_id, e.code(), &e.to_string()).await?;
            return Ok(());
        }
    };

    // Exports are made once, now, and stored beside the file: downloads then only stream.
    for (name, body) in export_files(&project_model) {
        state
            .storage
            .put_bytes(&format!("{key}.exports/{name}"), body.into_bytes())
            .await?;
    }

    let mut tx = state.db.begin().await?;
    // Only the newest ready version feeds the model: an older one finishing late does not win.
    let feeds_model = !queries::newer_ready_version(&mut tx, v.project_id, v.version).await?;
    if feeds_model {
        let changes =
            super::model::replace(&mut tx, v.org_id, v.project_id, v.version, &project_model)
                .await?;
        tell_customer(&mut tx, state, version_id, changes).await?;
    }
    queries::parse_ready(
        &mut tx,
        version_id,
        project_model.devices.len() as i64,
        project_model.group_addresses.len() as i64,
    )
    .await?;
    tx.commit().await?;
    // The model's rows arrived in bulk: their search indexes are merged once, now. A failure
    // only leaves searches a little slower; the import stands.
    if feeds_model {
        for index in [Index::Devices, Index::GroupAddresses] {
            if let Err(e) = index.compact(&state.db).await {
                tracing::warn!(error = ?e, "compacting the search index");
            }
        }
    }
    Ok(())
}

/// The project's customer's people hear of the new version and what it did to the devices.
async fn tell_customer(
    tx: &mut crate::db::Tx<'_>,
    state: &AppState,
    version_id: crate::types::VersionId,
    changes: super::model::DeviceChanges,
) -> anyhow::Result<()> {
    use crate::notifications::{Event, deliver};
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT v.org_id, v.project_id, v.version, v.uploaded_by, COALESCE(u.name, '') AS uploader, \
         p.name AS project, p.customer_id, o.name AS org, o.language FROM ets_versions v \
         JOIN projects p ON p.id = v.project_id JOIN organisations o ON o.id = v.org_id \
         LEFT JOIN users u ON u.id = v.uploaded_by WHERE v.id = $1",
    )
    .bind(version_id)
    .fetch_one(&mut **tx)
    .await?;
    let (org_name, org_language, project_name, uploader): (String, String, String, String) = (
        row.try_get("org")?,
        row.try_get("language")?,
        row.try_get("project")?,
        row.try_get("uploader")?,
    );
    let version: i64 = row.try_get("version")?;
    let notice = deliver::ProjectNotice {
        org: row.try_get("org_id")?,
        org_name: &org_name,
        org_language: &org_language,
        project: row.try_get("project_id")?,
        project_name: &project_name,
        customer: row.try_get("customer_id")?,
        event: Event::DevicesChanged,
        actor: row.try_get("uploaded_by")?,
        actor_name: &uploader,
        detail: (
            "notifications.detail.version_imported",
            vec![
                ("version", version.to_string()),
                ("added", changes.added.to_string()),
                ("removed", changes.removed.to_string()),
                ("total", changes.total.to_string()),
            ],
        ),
    };
    deliver::notify_project(tx, state, &notice).await?;
    Ok(())
}

/// The group address exports of a parsed project (file name, content).
pub fn export_files(p: &knxproj::KnxProject) -> Vec<(&'static str, String)> {
    use knxproj::export::{Format, export};
    vec![
        ("group-addresses-1-1.csv", export(p, Format::Csv11, ';')),
        ("group-addresses-3-1.csv", export(p, Format::Csv31, ';')),
        ("group-addresses.xml", export(p, Format::Xml, ';')),
        (
            "project.json",
            serde_json::to_string_pretty(p).unwrap_or_default(),
        ),
    ]
}
