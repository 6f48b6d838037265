//! The background parse of one ETS version. On success the project's devices and group
//! addresses are replaced, in one transaction, from the newest ready version; a failure is
//! recorded with its reason and leaves the previous model untouched. A crash mid-parse leaves
//! the job's lease to run out; the job then runs again from the start.

use super::upload::ParseJob;
use crate::{app::AppState, db::Row, jobs::Claimed};

/// Rows per INSERT statement (well below both databases' placeholder limits).
const BATCH: usize = 200;

pub async fn run(state: &AppState, job: &Claimed) -> anyhow::Result<()> {
    let ParseJob { version_id } = job.payload()?;
    let Some(row) = sqlx::query("SELECT org_id, project_id, version, storage_key, password_sealed FROM ets_versions WHERE id = $1")
        .bind(version_id)
        .fetch_optional(&state.db.pool)
        .await?
    else {
        return Ok(()); // deleted meanwhile (project removed)
    };
    let (org, project, version): (i64, i64, i64) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    let (key, sealed): (String, String) = (row.try_get(3)?, row.try_get(4)?);
    sqlx::query("UPDATE ets_versions SET status = 'parsing' WHERE id = $1")
        .bind(version_id)
        .execute(&state.db.pool)
        .await?;

    let tmp_dir = state.config.data_dir.join("tmp");
    tokio::fs::create_dir_all(&tmp_dir).await?;
    let path = tmp_dir.join(format!(
        "parse-{version_id}-{}.knxproj",
        &crate::tokens::new_token().hash[..8]
    ));
    state.storage.get_to_file(&key, &path).await?;
    let password = if sealed.is_empty() {
        None
    } else {
        crate::crypto::open(&state.secret, &sealed)
    };
    let parse_path = path.clone();
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
    let _ = tokio::fs::remove_file(&path).await;

    let project_model = match parsed {
        Ok(p) => p,
        // A storage hiccup is worth another try; anything about the file is final.
        Err(knxproj::Error::Io(e)) => return Err(e.into()),
        Err(e) => {
            sqlx::query("UPDATE ets_versions SET status = 'failed', error_code = $1, error_message = $2 WHERE id = $3")
                .bind(e.code())
                .bind(e.to_string())
                .bind(version_id)
                .execute(&state.db.pool)
                .await?;
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

    let mut tx = state.db.pool.begin().await?;
    // Only the newest ready version feeds the model: an older one finishing late does not win.
    let newer: i64 = sqlx::query("SELECT COUNT(*) FROM ets_versions WHERE project_id = $1 AND status = 'ready' AND version > $2")
        .bind(project)
        .bind(version)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    if newer == 0 {
        replace_model(&mut tx, org, project, &project_model).await?;
    }
    sqlx::query(
        "UPDATE ets_versions SET status = 'ready', error_code = '', error_message = '', password_sealed = '', devices = $1, group_addresses = $2 WHERE id = $3",
    )
    .bind(project_model.devices.len() as i64)
    .bind(project_model.group_addresses.len() as i64)
    .bind(version_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
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

async fn replace_model(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: i64,
    project: i64,
    p: &knxproj::KnxProject,
) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM project_group_addresses WHERE project_id = $1")
        .bind(project)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM project_devices WHERE project_id = $1")
        .bind(project)
        .execute(&mut **tx)
        .await?;
    let gas: Vec<&knxproj::GroupAddress> = p.group_addresses.values().collect();
    for chunk in gas.chunks(BATCH) {
        let mut sql = String::from(
            "INSERT INTO project_group_addresses (org_id, project_id, raw_address, address, name, dpt, description, data_secure) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 8;
            sql.push_str(&format!(
                "{}(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                if i > 0 { ", " } else { "" },
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8
            ));
        }
        let mut q = sqlx::query(&sql);
        for g in chunk {
            q = q
                .bind(org)
                .bind(project)
                .bind(g.raw_address as i64)
                .bind(g.address.to_string())
                .bind(g.name.clone())
                .bind(g.dpt.map(|d| d.to_string()).unwrap_or_default())
                .bind(g.description.clone())
                .bind(g.data_secure as i64);
        }
        q.execute(&mut **tx).await?;
    }
    let devices: Vec<&knxproj::Device> = p.devices.values().collect();
    for chunk in devices.chunks(BATCH) {
        let mut sql = String::from(
            "INSERT INTO project_devices (org_id, project_id, address, name, manufacturer, product, order_number, description) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 8;
            sql.push_str(&format!(
                "{}(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                if i > 0 { ", " } else { "" },
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8
            ));
        }
        let mut q = sqlx::query(&sql);
        for d in chunk {
            q = q
                .bind(org)
                .bind(project)
                .bind(d.individual_address.to_string())
                .bind(d.name.to_string())
                .bind(d.manufacturer_name.to_string())
                .bind(d.hardware_name.to_string())
                .bind(d.order_number.to_string())
                .bind(d.description.clone());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
