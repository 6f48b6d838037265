//! What changed between two ETS versions (SPEC P6): devices, group addresses and rooms added,
//! removed or changed, computed from the JSON snapshot each version stores when it is read.

use crate::projects::Tab;
use std::collections::BTreeMap;

use askama::Template;
use axum::{extract::Query, response::Response};
use serde::Deserialize;
use serde_json::Value;

use crate::types::{OrgId, ProjectId};
use crate::{
    projects::{pages::existing, queries::Project},
    web::{AppError, AppResult, Ids, Layout, OrgCtx, flash, render},
};

#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// (key, what changed)
    pub changed: Vec<(String, String)>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares two maps of items by key, on the given fields; labels are "key name".
fn compare(
    old: &BTreeMap<String, Value>,
    new: &BTreeMap<String, Value>,
    fields: &[&str],
    label: &str,
) -> Changes {
    let name = |v: &Value| {
        v.get(label)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut c = Changes::default();
    for (k, v) in new {
        match old.get(k) {
            None => c.added.push(format!("{k} {}", name(v)).trim().to_string()),
            Some(o) => {
                let diffs: Vec<String> = fields
                    .iter()
                    .filter(|f| o.get(**f) != v.get(**f))
                    .map(|f| format!("{f}: {} → {}", show(o.get(*f)), show(v.get(*f))))
                    .collect();
                if !diffs.is_empty() {
                    c.changed.push((
                        format!("{k} {}", name(v)).trim().to_string(),
                        diffs.join("; "),
                    ));
                }
            }
        }
    }
    for (k, v) in old {
        if !new.contains_key(k) {
            c.removed
                .push(format!("{k} {}", name(v)).trim().to_string());
        }
    }
    c
}

fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) if o.contains_key("main") => {
            let main = o.get("main").and_then(Value::as_i64).unwrap_or(0);
            match o.get("sub").and_then(Value::as_i64) {
                Some(sub) => format!("{main}.{sub:03}"),
                None => format!("{main}.x"),
            }
        }
        Some(other) => other.to_string(),
    }
}

fn map_of(v: &Value, key: &str) -> BTreeMap<String, Value> {
    v.get(key)
        .and_then(Value::as_object)
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// Spaces flattened to "Building / Floor / Room" paths.
fn rooms(v: &Value) -> BTreeMap<String, Value> {
    fn walk(
        spaces: &serde_json::Map<String, Value>,
        prefix: &str,
        out: &mut BTreeMap<String, Value>,
    ) {
        for (name, s) in spaces {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix} / {name}")
            };
            out.insert(path.clone(), s.clone());
            if let Some(children) = s.get("spaces").and_then(Value::as_object) {
                walk(children, &path, out);
            }
        }
    }
    let mut out = BTreeMap::new();
    if let Some(top) = v.get("locations").and_then(Value::as_object) {
        walk(top, "", &mut out);
    }
    out
}

pub struct Diff {
    pub devices: Changes,
    pub group_addresses: Changes,
    pub rooms: Changes,
}

pub fn diff(old: &Value, new: &Value) -> Diff {
    Diff {
        devices: compare(
            &map_of(old, "devices"),
            &map_of(new, "devices"),
            &[
                "name",
                "hardware_name",
                "order_number",
                "manufacturer_name",
                "application",
                "description",
            ],
            "name",
        ),
        group_addresses: compare(
            &map_of(old, "group_addresses"),
            &map_of(new, "group_addresses"),
            &["name", "dpt", "description", "data_secure", "comment"],
            "name",
        ),
        rooms: compare(
            &rooms(old),
            &rooms(new),
            &["type", "usage_text", "number", "devices"],
            "",
        ),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DiffQuery {
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "projects/diff.html")]
struct DiffPage {
    l: Layout,
    p: Project,
    tab: Tab,
    from: i64,
    to: i64,
    d: Diff,
}

/// Fetches a version's JSON snapshot into a scratch file.
async fn snapshot_file(
    o: &OrgCtx,
    project: ProjectId,
    version: i64,
) -> AppResult<tempfile::TempPath> {
    let key =
        super::queries::ready_storage_key(&o.viewer.state.db.pool, o.org_id(), project, version)
            .await?
            .ok_or(AppError::NotFound)?;
    let file = crate::storage::scratch_file(&o.viewer.state.config.data_dir, "diff-", ".json")?;
    o.viewer
        .state
        .storage
        .get_to_file(&format!("{key}.exports/project.json"), &file)
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok(file)
}

/// Reads both snapshots and compares them: the expensive part, run on the blocking pool.
fn read_and_diff(old: &tempfile::TempPath, new: &tempfile::TempPath) -> anyhow::Result<Diff> {
    let read = |f: &tempfile::TempPath| -> anyhow::Result<Value> {
        let file = std::io::BufReader::new(std::fs::File::open(f)?);
        Ok(serde_json::from_reader(file)?)
    };
    Ok(diff(&read(old)?, &read(new)?))
}

impl DiffPage {
    /// (catalogue key of the heading, changes) per kind of item.
    fn sections(&self) -> Vec<(&'static str, &Changes)> {
        vec![
            ("ets.devices", &self.d.devices),
            ("ets.group_addresses", &self.d.group_addresses),
            ("ets.rooms", &self.d.rooms),
        ]
    }
}

pub async fn page(
    o: OrgCtx,
    Ids((_, pid)): Ids<(OrgId, ProjectId)>,
    Query(q): Query<DiffQuery>,
) -> AppResult<Response> {
    let p = existing(&o, pid).await?;
    let (from, to) = match (
        q.from.trim_start_matches('v').parse::<i64>(),
        q.to.trim_start_matches('v').parse::<i64>(),
    ) {
        (Ok(a), Ok(b)) if a != b => (a.min(b), a.max(b)),
        // Back to the version list, where the two versions are picked.
        _ => {
            return Ok(flash::error(
                &o.path(&format!("/projects/{pid}/ets")),
                "ets.diff_pick_two",
                &[],
            ));
        }
    };
    // Two whole versions in memory: a burst of diffs waits its turn, or gets a clean 503.
    let permit = crate::gate::HEAVY_PAGES.enter().await?;
    let old = snapshot_file(&o, pid, from).await?;
    let new = snapshot_file(&o, pid, to).await?;
    let d = tokio::task::spawn_blocking(move || {
        let d = read_and_diff(&old, &new);
        drop(permit);
        d
    })
    .await
    .map_err(anyhow::Error::from)??;
    let mut l = o.layout("projects", "projects.title");
    l.title = p.name.clone();
    render(&DiffPage {
        l,
        p,
        tab: Tab::Ets,
        from,
        to,
        d,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_removed_changed() {
        let old = serde_json::json!({
            "devices": {"1.1.1": {"name": "A"}, "1.1.2": {"name": "B"}},
            "group_addresses": {"1/0/0": {"name": "L", "dpt": {"main": 1, "sub": 1}}},
            "locations": {"House": {"type": "Building", "devices": [], "spaces": {"Kitchen": {"type": "Room", "devices": ["1.1.1"], "spaces": {}}}}}
        });
        let new = serde_json::json!({
            "devices": {"1.1.1": {"name": "A2"}, "1.1.3": {"name": "C"}},
            "group_addresses": {"1/0/0": {"name": "L", "dpt": {"main": 5, "sub": 1}}},
            "locations": {"House": {"type": "Building", "devices": [], "spaces": {}}}
        });
        let d = diff(&old, &new);
        assert_eq!(d.devices.added, vec!["1.1.3 C"]);
        assert_eq!(d.devices.removed, vec!["1.1.2 B"]);
        assert_eq!(
            d.devices.changed,
            vec![("1.1.1 A2".to_string(), "name: A → A2".to_string())]
        );
        assert_eq!(d.group_addresses.changed[0].1, "dpt: 1.001 → 5.001");
        assert_eq!(d.rooms.removed, vec!["House / Kitchen"]);
        assert!(diff(&new, &new).devices.is_empty());
    }
}
