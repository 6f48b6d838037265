//! The background parse of one ETS version. On success the project's devices and group
//! addresses are replaced, in one transaction, from the newest ready version; a failure is
//! recorded with its reason and leaves the previous model untouched. A crash mid-parse leaves
//! the job's lease to run out; the job then runs again from the start.

use serde::{Deserialize, Serialize};

use crate::{db::Row, jobs::Job, state::AppState};

/// Rows per INSERT statement (well below both databases' placeholder limits).
const BATCH: usize = 200;

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

    let mut tx = state.db.begin().await?;
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

/// A value for a batched INSERT.
enum V {
    I(i64),
    S(String),
}

/// Inserts rows in statements of [`BATCH`] rows.
async fn insert_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<V>>,
) -> anyhow::Result<()> {
    let width = columns.len();
    for chunk in rows.chunks(BATCH) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        for r in 0..chunk.len() {
            let placeholders: Vec<String> =
                (1..=width).map(|c| format!("${}", r * width + c)).collect();
            sql.push_str(&format!(
                "{}({})",
                if r > 0 { ", " } else { "" },
                placeholders.join(", ")
            ));
        }
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    V::I(i) => q.bind(*i),
                    V::S(s) => q.bind(s.clone()),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Rooms (every space) in tree order with their depth, and device address → innermost room.
fn flatten_spaces(
    spaces: &indexmap::IndexMap<String, knxproj::Space>,
    depth: i64,
    out: &mut Vec<(i64, knxproj::Space)>,
    rooms: &mut std::collections::HashMap<String, String>,
) {
    for s in spaces.values() {
        for d in &s.devices {
            rooms.insert(d.to_string(), s.name.clone());
        }
        let mut flat = s.clone();
        flat.spaces = Default::default();
        out.push((depth, flat));
        flatten_spaces(&s.spaces, depth + 1, out, rooms);
    }
}

async fn replace_model(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: i64,
    project: i64,
    p: &knxproj::KnxProject,
) -> anyhow::Result<()> {
    for table in [
        "project_group_addresses",
        "project_devices",
        "project_rooms",
        "project_device_objects",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE project_id = $1"))
            .bind(project)
            .execute(&mut **tx)
            .await?;
    }
    let device_of = |co: &str| co.split('/').next().unwrap_or_default().to_string();
    // Listed in address order; `position` numbers that order for the pages (see browse.rs).
    let mut by_address: Vec<&knxproj::GroupAddress> = p.group_addresses.values().collect();
    by_address.sort_by_key(|g| g.raw_address);
    let gas = by_address
        .into_iter()
        .enumerate()
        .map(|(position, g)| {
            let mut devices: Vec<String> = g
                .communication_object_ids
                .iter()
                .map(|c| device_of(c))
                .collect();
            devices.dedup();
            vec![
                V::I(org),
                V::I(project),
                V::I(g.raw_address as i64),
                V::S(g.address.to_string()),
                V::S(g.name.clone()),
                V::S(g.dpt.map(|d| d.to_string()).unwrap_or_default()),
                V::S(g.description.clone()),
                V::I(g.data_secure as i64),
                V::S(devices.join(" ")),
                V::I(position as i64),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "project_group_addresses",
        &[
            "org_id",
            "project_id",
            "raw_address",
            "address",
            "name",
            "dpt",
            "description",
            "data_secure",
            "devices",
            "position",
        ],
        gas,
    )
    .await?;

    let mut spaces = Vec::new();
    let mut room_of = std::collections::HashMap::new();
    flatten_spaces(&p.locations, 0, &mut spaces, &mut room_of);
    let rooms = spaces
        .into_iter()
        .enumerate()
        .map(|(i, (depth, s))| {
            let devices: Vec<String> = s.devices.iter().map(|d| d.to_string()).collect();
            vec![
                V::I(org),
                V::I(project),
                V::I(i as i64),
                V::I(depth),
                V::S(s.name),
                V::S(s.space_type),
                V::S(s.number),
                V::S(s.usage_text),
                V::S(devices.join(" ")),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "project_rooms",
        &[
            "org_id",
            "project_id",
            "position",
            "depth",
            "name",
            "space_type",
            "number",
            "usage_text",
            "devices",
        ],
        rooms,
    )
    .await?;

    let devices = p
        .devices
        .values()
        .enumerate()
        .map(|(position, d)| {
            vec![
                V::I(org),
                V::I(project),
                V::S(d.individual_address.to_string()),
                V::S(d.name.to_string()),
                V::S(d.manufacturer_name.to_string()),
                V::S(d.hardware_name.to_string()),
                V::S(d.order_number.to_string()),
                V::S(d.description.clone()),
                V::S(
                    room_of
                        .get(&*d.individual_address)
                        .cloned()
                        .unwrap_or_default(),
                ),
                V::I(position as i64),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "project_devices",
        &[
            "org_id",
            "project_id",
            "address",
            "name",
            "manufacturer",
            "product",
            "order_number",
            "description",
            "room",
            "position",
        ],
        devices,
    )
    .await?;

    let objects = p
        .communication_objects
        .values()
        .map(|c| {
            let f = &c.flags;
            let flags: String = [
                (f.communication, 'C'),
                (f.read, 'R'),
                (f.write, 'W'),
                (f.transmit, 'T'),
                (f.update, 'U'),
                (f.read_on_init, 'I'),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, ch)| *ch)
            .collect();
            let dpts: Vec<String> = c.dpts.iter().map(|d| d.to_string()).collect();
            let links: Vec<String> = c
                .group_address_links
                .iter()
                .map(|l| l.to_string())
                .collect();
            vec![
                V::I(org),
                V::I(project),
                V::S(c.device_address.to_string()),
                V::I(c.number),
                V::S(c.name.to_string()),
                V::S(c.text.to_string()),
                V::S(c.function_text.to_string()),
                V::S(dpts.join(" ")),
                V::S(c.object_size.to_string()),
                V::S(flags),
                V::S(links.join(" ")),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "project_device_objects",
        &[
            "org_id",
            "project_id",
            "device_address",
            "number",
            "name",
            "text",
            "function_text",
            "dpts",
            "object_size",
            "flags",
            "group_addresses",
        ],
        objects,
    )
    .await?;
    sqlx::query("UPDATE projects SET device_count = $1, group_address_count = $2 WHERE id = $3")
        .bind(p.devices.len() as i64)
        .bind(p.group_addresses.len() as i64)
        .bind(project)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
