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
    i18n::Lang,
    projects::{pages::existing, queries::Project},
    web::{AppError, AppResult, Ids, Layout, OrgCtx, flash, render},
};

/// One item that was added, removed or changed.
#[derive(Debug, PartialEq)]
pub struct Entry {
    /// Its address or room path.
    pub key: String,
    pub name: String,
    /// For changed items: (catalogue key of the field, old value, new value).
    pub fields: Vec<(&'static str, String, String)>,
}

#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub added: Vec<Entry>,
    pub removed: Vec<Entry>,
    pub changed: Vec<Entry>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Orders addresses as numbers (`0/0/2` before `0/0/10`, `1.1.9` before `1.1.10`) and other
/// keys by their digits' value where they have digits.
pub fn natural_key(s: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digits = c.is_ascii_digit();
        let mut part = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digits {
                break;
            }
            part.push(c);
            chars.next();
        }
        out.push(if digits {
            (part.parse().unwrap_or(u64::MAX), String::new())
        } else {
            (0, part.to_lowercase())
        });
    }
    out
}

/// A field of the snapshot and the catalogue key of its label.
type Field = (&'static str, &'static str);

/// Compares two maps of items by key, on the given fields; `label` names an item.
fn compare(
    old: &BTreeMap<String, Value>,
    new: &BTreeMap<String, Value>,
    fields: &[Field],
    label: &str,
    lang: Lang,
) -> Changes {
    let name = |v: &Value| {
        v.get(label)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let entry = |k: &str, v: &Value, fields| Entry {
        key: k.to_string(),
        name: name(v),
        fields,
    };
    let mut c = Changes::default();
    for (k, v) in new {
        match old.get(k) {
            None => c.added.push(entry(k, v, Vec::new())),
            Some(o) => {
                let diffs: Vec<_> = fields
                    .iter()
                    .filter(|(f, _)| o.get(*f) != v.get(*f))
                    .map(|(f, key)| (*key, show(o.get(*f), lang), show(v.get(*f), lang)))
                    .collect();
                if !diffs.is_empty() {
                    c.changed.push(entry(k, v, diffs));
                }
            }
        }
    }
    for (k, v) in old {
        if !new.contains_key(k) {
            c.removed.push(entry(k, v, Vec::new()));
        }
    }
    for list in [&mut c.added, &mut c.removed, &mut c.changed] {
        list.sort_by_cached_key(|e| natural_key(&e.key));
    }
    c
}

fn show(v: Option<&Value>, lang: Lang) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) if o.contains_key("main") => {
            let main = o.get("main").and_then(Value::as_i64).unwrap_or(0);
            let stored = match o.get("sub").and_then(Value::as_i64) {
                Some(sub) => format!("DPST-{main}-{sub}"),
                None => format!("DPT-{main}"),
            };
            super::dpt::label_in(&stored, lang)
        }
        Some(Value::Array(items)) if items.is_empty() => "—".into(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Bool(b)) => if *b { "✓" } else { "—" }.into(),
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

impl Diff {
    /// How many items were (added, removed, changed) in all.
    pub fn totals(&self) -> (usize, usize, usize) {
        [&self.devices, &self.group_addresses, &self.rooms]
            .iter()
            .fold((0, 0, 0), |(a, r, c), x| {
                (a + x.added.len(), r + x.removed.len(), c + x.changed.len())
            })
    }
}

pub fn diff(old: &Value, new: &Value, lang: Lang) -> Diff {
    Diff {
        devices: compare(
            &map_of(old, "devices"),
            &map_of(new, "devices"),
            &[
                ("name", "ets.field.name"),
                ("hardware_name", "ets.field.product"),
                ("order_number", "ets.field.order_number"),
                ("manufacturer_name", "ets.field.manufacturer"),
                ("application", "ets.field.application"),
                ("description", "ets.field.description"),
            ],
            "name",
            lang,
        ),
        group_addresses: compare(
            &map_of(old, "group_addresses"),
            &map_of(new, "group_addresses"),
            &[
                ("name", "ets.field.name"),
                ("dpt", "ets.field.dpt"),
                ("description", "ets.field.description"),
                ("data_secure", "ets.field.data_secure"),
                ("comment", "ets.field.comment"),
            ],
            "name",
            lang,
        ),
        rooms: compare(
            &rooms(old),
            &rooms(new),
            &[
                ("type", "ets.field.space_type"),
                ("usage_text", "ets.field.usage"),
                ("number", "ets.field.number"),
                ("devices", "ets.field.devices"),
            ],
            "",
            lang,
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
    /// Devices removed between the two versions that still carry work: cases or a code.
    kept: Vec<KeptDevice>,
    can_edit: bool,
}

/// A device removed in a later version, kept (read-only) for its cases and its code.
pub struct KeptDevice {
    pub address: String,
    pub name: String,
    pub removed_in: i64,
    /// (number, title, status)
    pub cases: Vec<(i64, String, crate::service::Status)>,
    /// Its active code, printed as on the label.
    pub code: Option<String>,
}

/// The devices removed in versions after `from` up to `to` that have cases or an active code.
async fn kept_devices(
    db: &crate::db::Db,
    org: OrgId,
    project: ProjectId,
    (from, to): (i64, i64),
) -> Result<Vec<KeptDevice>, sqlx::Error> {
    let rows = crate::db::read(
        "SELECT d.id, d.address, d.name, d.removed_in, s.number, s.title, s.status, c.code \
         FROM project_devices d \
         LEFT JOIN service_cases s ON s.device_id = d.id AND s.org_id = d.org_id \
         LEFT JOIN service_codes c ON c.device_id = d.id AND c.org_id = d.org_id AND c.active = 1 \
         WHERE d.project_id = $1 AND d.org_id = $2 AND d.removed_in > $3 AND d.removed_in <= $4 \
         AND (s.id IS NOT NULL OR c.id IS NOT NULL) ORDER BY d.position, d.id, s.number DESC LIMIT 2000",
    )
    .bind(project)
    .bind(org)
    .bind(from)
    .bind(to)
    .fetch_all(db, |r| {
        Ok((
            r.try_get::<i64>("id")?,
            KeptDevice {
                address: r.try_get("address")?,
                name: r.try_get("name")?,
                removed_in: r.try_get("removed_in")?,
                cases: match r.try_get::<Option<i64>>("number")? {
                    Some(n) => vec![(
                        n,
                        r.try_get("title")?,
                        crate::service::Status::parse(&r.try_get::<String>("status")?)
                            .unwrap_or(crate::service::Status::Open),
                    )],
                    None => Vec::new(),
                },
                code: r
                    .try_get::<Option<String>>("code")?
                    .and_then(|c| crate::codes::ServiceCode::parse(&c))
                    .map(|c| c.grouped()),
            },
        ))
    })
    .await?;
    // One row per case: gathered per device, in the devices' order.
    let mut kept: Vec<(i64, KeptDevice)> = Vec::new();
    for (id, row) in rows {
        match kept.last_mut() {
            Some((last, k)) if *last == id => {
                for case in row.cases {
                    if !k.cases.iter().any(|c| c.0 == case.0) {
                        k.cases.push(case);
                    }
                }
            }
            _ => kept.push((id, row)),
        }
    }
    Ok(kept.into_iter().map(|(_, k)| k).collect())
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
fn read_and_diff(
    old: &tempfile::TempPath,
    new: &tempfile::TempPath,
    lang: Lang,
) -> anyhow::Result<Diff> {
    let read = |f: &tempfile::TempPath| -> anyhow::Result<Value> {
        let file = std::io::BufReader::new(std::fs::File::open(f)?);
        Ok(serde_json::from_reader(file)?)
    };
    Ok(diff(&read(old)?, &read(new)?, lang))
}

/// What an entry links to.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Device,
    GroupAddress,
    Room,
}

impl DiffPage {
    /// (catalogue key of the heading, kind, changes) per kind of item.
    fn sections(&self) -> Vec<(&'static str, Kind, &Changes)> {
        vec![
            ("ets.devices", Kind::Device, &self.d.devices),
            (
                "ets.group_addresses",
                Kind::GroupAddress,
                &self.d.group_addresses,
            ),
            ("ets.rooms", Kind::Room, &self.d.rooms),
        ]
    }

    /// The item's page in the current model (removed items have none).
    fn link(&self, kind: &Kind, e: &Entry) -> Option<String> {
        let base = format!("{}/projects/{}", self.l.org_root(), self.p.id);
        let q = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        match kind {
            Kind::Device => Some(format!("{base}/devices/{}", q(&e.key))),
            Kind::GroupAddress => Some(format!("{base}/group-addresses?q={}", q(&e.key))),
            Kind::Room => None,
        }
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
    let lang = o.t().lang;
    let d = tokio::task::spawn_blocking(move || {
        let d = read_and_diff(&old, &new, lang);
        drop(permit);
        d
    })
    .await
    .map_err(anyhow::Error::from)??;
    let kept = kept_devices(&o.viewer.state.db, o.org_id(), pid, (from, to)).await?;
    let mut l = o.layout("projects", "projects.title");
    l.title = p.name.clone();
    render(&DiffPage {
        can_edit: o.require(crate::authz::Action::EditProjects).is_ok(),
        l,
        p,
        tab: Tab::Ets,
        from,
        to,
        d,
        kept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[Entry]) -> Vec<String> {
        list.iter()
            .map(|e| format!("{} {}", e.key, e.name).trim().to_string())
            .collect()
    }

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
        let d = diff(&old, &new, Lang::En);
        assert_eq!(keys(&d.devices.added), vec!["1.1.3 C"]);
        assert_eq!(keys(&d.devices.removed), vec!["1.1.2 B"]);
        assert_eq!(keys(&d.devices.changed), vec!["1.1.1 A2"]);
        assert_eq!(
            d.devices.changed[0].fields,
            vec![("ets.field.name", "A".to_string(), "A2".to_string())]
        );
        assert_eq!(
            d.group_addresses.changed[0].fields,
            vec![(
                "ets.field.dpt",
                "1.001 Switch".to_string(),
                "5.001 Percentage (0..100 %)".to_string()
            )]
        );
        assert_eq!(keys(&d.rooms.removed), vec!["House / Kitchen"]);
        assert_eq!(d.totals(), (1, 2, 2));
        assert!(diff(&new, &new, Lang::En).devices.is_empty());
    }

    #[test]
    fn addresses_sort_as_numbers() {
        let old = serde_json::json!({"group_addresses": {}});
        let new = serde_json::json!({"group_addresses": {
            "0/0/10": {"name": "x"}, "0/0/2": {"name": "y"}, "10/0/1": {"name": "z"}, "2/0/1": {"name": "w"}
        }});
        let d = diff(&old, &new, Lang::En);
        let order: Vec<&str> = d
            .group_addresses
            .added
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(order, ["0/0/2", "0/0/10", "2/0/1", "10/0/1"]);
        let mut devices = vec!["1.1.10", "1.1.9", "1.2.1"];
        devices.sort_by_key(|k| natural_key(k));
        assert_eq!(devices, ["1.1.9", "1.1.10", "1.2.1"]);
    }
}
