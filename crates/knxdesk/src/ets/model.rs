//! The SQL of the project model: devices, group addresses, rooms and communication objects of
//! the newest ready ETS version, read by the browse pages (each a constant number of queries,
//! whatever the project's size) and replaced as a whole in the parse job's transaction.

use crate::{
    db::{Db, ReadRow, Tx, Where, like_pattern, read, read::Value},
    projects::queries::Project,
    types::{OrgId, ProjectId},
};

/// Rows per page of the model's lists.
pub const PAGE_SIZE: i64 = 100;

/// A paged list of one model table of a project.
struct Listing {
    table: &'static str,
    cols: &'static str,
    /// Columns a search looks through.
    search: &'static [&'static str],
    /// The unfiltered total, kept on the project by the import job.
    total: fn(&Project) -> i64,
    /// A condition every listed row meets (devices: not removed in a later version).
    current: Option<&'static str>,
}

const GROUP_ADDRESSES: Listing = Listing {
    table: "project_group_addresses",
    cols: "address, name, dpt, description, data_secure, devices",
    search: &["address", "name", "description", "dpt"],
    total: |p| p.group_address_count,
    current: None,
};

const DEVICES: Listing = Listing {
    table: "project_devices",
    cols: "address, name, manufacturer, product, order_number, room",
    search: &[
        "address",
        "name",
        "manufacturer",
        "product",
        "order_number",
        "room",
    ],
    total: |p| p.device_count,
    current: Some("removed_in IS NULL AND manual = 0"),
};

/// Runs `SELECT cols FROM table WHERE project [AND search] [AND range]` in list order (the
/// import numbers the rows: `position`) for a page, and counts the matches (only when
/// filtering: otherwise the project knows its totals).
async fn page_rows<T>(
    db: &Db,
    org: OrgId,
    list: &Listing,
    p: &Project,
    f: &ListFilter<'_>,
    page: i64,
    map: impl FnMut(&ReadRow) -> Result<T, sqlx::Error>,
) -> Result<(Vec<T>, i64), sqlx::Error> {
    let (table, cols) = (list.table, list.cols);
    let searched = !f.q.trim().is_empty();
    let search: Vec<String> = list
        .search
        .iter()
        .map(|c| format!("LOWER({c}) LIKE ? ESCAPE '\\'"))
        .collect();
    let mut project = Where::default()
        .and("project_id = ?", p.id)
        .and("org_id = ?", org);
    if let Some(current) = list.current {
        project = project.and_fixed(current);
    }
    let unfiltered = project.bound();
    let filter = project
        .and_some(
            &format!("({})", search.join(" OR ")),
            searched.then(|| like_pattern(f.q)),
        )
        .and_some("raw_address >= ?", f.range.map(|r| r.0))
        .and_some("raw_address <= ?", f.range.map(|r| r.1));
    let filter = match f.addresses {
        Some(addresses) => filter.and_in("address", addresses),
        None => filter,
    };
    let filtered = filter.bound() > unfiltered;
    let total: i64 = if filtered {
        let count_sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {}", filter.sql());
        filter
            .read(&count_sql)
            .fetch_one(db, |r| r.try_get("n"))
            .await?
    } else {
        (list.total)(p)
    };
    let n = filter.bound();
    // Unfiltered, page N starts at position (N - 1) * PAGE_SIZE: an index range, whatever N.
    let sql = if filtered {
        format!(
            "SELECT {cols} FROM {table} WHERE {} ORDER BY position LIMIT ${} OFFSET ${}",
            filter.sql(),
            n + 1,
            n + 2
        )
    } else {
        format!(
            "SELECT {cols} FROM {table} WHERE {} AND position >= ${} ORDER BY position LIMIT ${}",
            filter.sql(),
            n + 2,
            n + 1
        )
    };
    let rows = filter
        .read(&sql)
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(db, map)
        .await?;
    Ok((rows, total))
}

/// What a model list is narrowed to.
#[derive(Default)]
pub struct ListFilter<'a> {
    /// Text searched in the listing's columns.
    pub q: &'a str,
    /// Group addresses from..=to (raw values).
    pub range: Option<(i64, i64)>,
    /// Devices with these individual addresses (a room's).
    pub addresses: Option<&'a [String]>,
}

pub struct GaRow {
    pub address: String,
    pub name: String,
    pub dpt: String,
    pub description: String,
    pub data_secure: bool,
    /// Individual addresses of the linked devices, separated by spaces (as stored).
    pub devices: String,
}

impl GaRow {
    fn from_row(r: &ReadRow) -> Result<GaRow, sqlx::Error> {
        Ok(GaRow {
            address: r.try_get("address")?,
            name: r.try_get("name")?,
            dpt: r.try_get("dpt")?,
            description: r.try_get("description")?,
            data_secure: r.try_get::<i64>("data_secure")? != 0,
            devices: r.try_get("devices")?,
        })
    }
}

/// A page of the project's group addresses in address order, and the number of matches.
pub async fn group_addresses(
    db: &Db,
    org: OrgId,
    p: &Project,
    f: &ListFilter<'_>,
    page: i64,
) -> Result<(Vec<GaRow>, i64), sqlx::Error> {
    page_rows(db, org, &GROUP_ADDRESSES, p, f, page, GaRow::from_row).await
}

/// A main or middle group of the project's group addresses.
pub struct RangeRow {
    pub depth: i64,
    pub name: String,
    pub start: i64,
    pub end: i64,
    pub addresses: i64,
}

impl RangeRow {
    /// `1/2` for a middle group, `1` for a main group, as ETS names them.
    pub fn label(&self) -> String {
        let (main, middle) = (self.start >> 11, (self.start >> 8) & 7);
        if self.depth == 0 {
            main.to_string()
        } else {
            format!("{main}/{middle}")
        }
    }
}

/// The group ranges (main and middle groups) in tree order.
pub async fn group_ranges(
    db: &Db,
    org: OrgId,
    project: ProjectId,
) -> Result<Vec<RangeRow>, sqlx::Error> {
    read(
        "SELECT depth, name, address_start, address_end, addresses FROM project_group_ranges \
         WHERE project_id = $1 AND org_id = $2 ORDER BY position",
    )
    .bind(project)
    .bind(org)
    .fetch_all(db, |r| {
        Ok(RangeRow {
            depth: r.try_get("depth")?,
            name: r.try_get("name")?,
            start: r.try_get("address_start")?,
            end: r.try_get("address_end")?,
            addresses: r.try_get("addresses")?,
        })
    })
    .await
}

pub struct DeviceRow {
    pub address: String,
    pub name: String,
    pub manufacturer: String,
    pub product: String,
    pub order_number: String,
    pub room: String,
}

impl DeviceRow {
    /// From the columns `address, name, manufacturer, product, order_number, room`.
    fn from_row(r: &ReadRow) -> Result<DeviceRow, sqlx::Error> {
        Ok(DeviceRow {
            address: r.try_get("address")?,
            name: r.try_get("name")?,
            manufacturer: r.try_get("manufacturer")?,
            product: r.try_get("product")?,
            order_number: r.try_get("order_number")?,
            room: r.try_get("room")?,
        })
    }
}

/// A page of the project's devices in ETS order, and the number of matches.
pub async fn devices(
    db: &Db,
    org: OrgId,
    p: &Project,
    f: &ListFilter<'_>,
    page: i64,
) -> Result<(Vec<DeviceRow>, i64), sqlx::Error> {
    page_rows(db, org, &DEVICES, p, f, page, DeviceRow::from_row).await
}

/// One device and its description.
pub async fn device(
    db: &Db,
    org: OrgId,
    project: ProjectId,
    address: &str,
) -> Result<Option<(DeviceRow, String)>, sqlx::Error> {
    read(
        "SELECT address, name, manufacturer, product, order_number, room, description FROM project_devices \
         WHERE project_id = $1 AND org_id = $2 AND address = $3 AND removed_in IS NULL AND manual = 0",
    )
    .bind(project)
    .bind(org)
    .bind(address)
    .fetch_optional(db, |r| Ok((DeviceRow::from_row(r)?, r.try_get::<String>("description")?)))
    .await
}

/// The row of the project's current device at `address`.
pub async fn device_id(
    db: &Db,
    org: OrgId,
    project: ProjectId,
    address: &str,
) -> Result<Option<crate::types::DeviceId>, sqlx::Error> {
    read(
        "SELECT MIN(id) AS id FROM project_devices WHERE project_id = $1 AND org_id = $2 AND address = $3 AND removed_in IS NULL AND manual = 0",
    )
    .bind(project)
    .bind(org)
    .bind(address)
    .fetch_one(db, |r| r.try_get("id"))
    .await
}

pub struct RoomRow {
    pub depth: i64,
    pub name: String,
    pub space_type: String,
    pub number: String,
    pub usage_text: String,
    /// Individual addresses of the devices placed directly in this room.
    pub devices: Vec<String>,
}

/// The devices of room `index` and of every room inside it (rooms are in tree order: its
/// subtree is the run of deeper rooms after it).
pub fn devices_within(rooms: &[RoomRow], index: usize) -> Vec<String> {
    let Some(room) = rooms.get(index) else {
        return Vec::new();
    };
    let mut out = room.devices.clone();
    for r in rooms[index + 1..]
        .iter()
        .take_while(|r| r.depth > room.depth)
    {
        out.extend(r.devices.iter().cloned());
    }
    out
}

/// Every room (space) of the project in tree order, with its depth.
pub async fn rooms(db: &Db, org: OrgId, project: ProjectId) -> Result<Vec<RoomRow>, sqlx::Error> {
    read(
        "SELECT depth, name, space_type, number, usage_text, devices FROM project_rooms \
         WHERE project_id = $1 AND org_id = $2 ORDER BY position",
    )
    .bind(project)
    .bind(org)
    .fetch_all(db, |r| {
        Ok(RoomRow {
            depth: r.try_get("depth")?,
            name: r.try_get("name")?,
            space_type: r.try_get("space_type")?,
            number: r.try_get("number")?,
            usage_text: r.try_get("usage_text")?,
            devices: r
                .try_get::<String>("devices")?
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        })
    })
    .await
}

pub struct ObjectRow {
    pub number: i64,
    pub name: String,
    pub text: String,
    pub function_text: String,
    pub dpts: String,
    pub object_size: String,
    pub flags: String,
    pub group_addresses: Vec<String>,
}

/// The communication objects of one device, by number.
pub async fn objects(
    db: &Db,
    org: OrgId,
    project: ProjectId,
    device: &str,
) -> Result<Vec<ObjectRow>, sqlx::Error> {
    read(
        "SELECT number, name, text, function_text, dpts, object_size, flags, group_addresses FROM project_device_objects \
         WHERE project_id = $1 AND org_id = $2 AND device_address = $3 ORDER BY number, id",
    )
    .bind(project)
    .bind(org)
    .bind(device)
    .fetch_all(db, |r| {
        Ok(ObjectRow {
            number: r.try_get("number")?,
            name: r.try_get("name")?,
            text: r.try_get("text")?,
            function_text: r.try_get("function_text")?,
            dpts: r.try_get("dpts")?,
            object_size: r.try_get("object_size")?,
            flags: r.try_get("flags")?,
            group_addresses: r
                .try_get::<String>("group_addresses")?
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        })
    })
    .await
}

// The writes: the parse job replaces the model as a whole.

/// Rows per INSERT statement (well below both databases' placeholder limits).
const BATCH: usize = 200;

/// The new version's devices take the rows of the devices they are (so cases and codes on a
/// device stay on it): first by ETS's project-unique id, then by individual address and order
/// number. A device of the project that matches none is kept, marked removed in `version`
/// (out of the lists, the positions and the search); new devices get new rows.
async fn keep_device_identity(
    tx: &mut Tx<'_>,
    org: OrgId,
    project: ProjectId,
    version: i64,
    p: &knxproj::KnxProject,
    room_of: &std::collections::HashMap<String, String>,
) -> anyhow::Result<DeviceChanges> {
    use sqlx::Row;
    // (id, ETS id, address, order number, removed): removed devices come back by ETS id only
    // (a version restored from an older file); an address is another device's after a while.
    let known: Vec<(i64, Option<i64>, String, String, bool)> = sqlx::query(
        "SELECT id, ets_puid, address, order_number, removed_in FROM project_devices \
         WHERE project_id = $1 AND manual = 0 ORDER BY id",
    )
    .bind(project)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get(0)?,
            r.try_get(1)?,
            r.try_get(2)?,
            r.try_get(3)?,
            r.try_get::<Option<i64>, _>(4)?.is_some(),
        ))
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let devices: Vec<&knxproj::Device> = p.devices.values().collect();
    // matched[i]: the known row device i takes; taken[k]: known row k is taken.
    let mut matched: Vec<Option<i64>> = vec![None; devices.len()];
    let mut taken = vec![false; known.len()];
    let by_puid: std::collections::HashMap<i64, usize> = known
        .iter()
        .enumerate()
        .filter_map(|(k, row)| row.1.map(|u| (u, k)))
        .collect();
    for (i, d) in devices.iter().enumerate() {
        if let Some(&k) = d.project_uid.and_then(|u| by_puid.get(&u))
            && !taken[k]
        {
            taken[k] = true;
            matched[i] = Some(known[k].0);
        }
    }
    let mut by_place: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for (k, row) in known.iter().enumerate() {
        if !taken[k] && !row.4 {
            by_place
                .entry((row.2.as_str(), row.3.as_str()))
                .or_insert(k);
        }
    }
    for (i, d) in devices.iter().enumerate() {
        if matched[i].is_none()
            && let Some(k) = by_place.remove(&(&*d.individual_address, &*d.order_number))
        {
            taken[k] = true;
            matched[i] = Some(known[k].0);
        }
    }

    let removed: Vec<i64> = known
        .iter()
        .zip(&taken)
        .filter(|(row, t)| !**t && !row.4)
        .map(|(row, _)| row.0)
        .collect();
    for chunk in removed.chunks(BATCH) {
        let ids: Vec<String> = chunk.iter().map(i64::to_string).collect();
        sqlx::query(&format!(
            "UPDATE project_devices SET removed_in = $1, position = -1, search_text = '' \
             WHERE project_id = $2 AND id IN ({})",
            ids.join(", ")
        ))
        .bind(version)
        .bind(project)
        .execute(&mut **tx)
        .await?;
    }

    let mut kept = Vec::new();
    let mut added = Vec::new();
    for (position, (d, row)) in devices.iter().zip(&matched).enumerate() {
        let values = vec![
            Value::Text(d.individual_address.to_string()),
            Value::Text(d.name.to_string()),
            Value::Text(d.manufacturer_name.to_string()),
            Value::Text(d.hardware_name.to_string()),
            Value::Text(d.order_number.to_string()),
            Value::Text(d.description.clone()),
            Value::Text(
                room_of
                    .get(&*d.individual_address)
                    .cloned()
                    .unwrap_or_default(),
            ),
            Value::Int(position as i64),
            Value::Text(crate::search::documents::device(
                &d.individual_address,
                &d.name,
                &d.manufacturer_name,
                &d.hardware_name,
                &d.order_number,
            )),
            d.project_uid.map_or(Value::Null, Value::Int),
        ];
        match row {
            Some(id) => kept.push((*id, values)),
            None => added.push([vec![Value::from(org), Value::from(project)], values].concat()),
        }
    }
    const FIELDS: [&str; 10] = [
        "address",
        "name",
        "manufacturer",
        "product",
        "order_number",
        "description",
        "room",
        "position",
        "search_text",
        "ets_puid",
    ];
    // Kept rows are updated in place, a batch per statement: `UPDATE ... FROM (VALUES ...)`,
    // whose columns both databases call column1, column2, ... (column1 is the id).
    for chunk in kept.chunks(BATCH) {
        let width = FIELDS.len() + 1;
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| {
                let cells: Vec<String> = (0..width)
                    .map(|c| {
                        let kind = match c {
                            0 | 8 | 10 => "BIGINT",
                            _ => "TEXT",
                        };
                        format!("CAST(${} AS {kind})", r * width + c + 1)
                    })
                    .collect();
                format!("({})", cells.join(", "))
            })
            .collect();
        let set: Vec<String> = FIELDS
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{f} = v.column{}", i + 2))
            .collect();
        let sql = format!(
            "UPDATE project_devices SET {}, removed_in = NULL FROM (VALUES {}) AS v \
             WHERE project_devices.id = v.column1",
            set.join(", "),
            rows.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (id, values) in chunk {
            q = q.bind(*id);
            for v in values {
                q = bind_value(q, v);
            }
        }
        q.execute(&mut **tx).await?;
    }
    let columns: Vec<&str> = ["org_id", "project_id"].into_iter().chain(FIELDS).collect();
    let changes = DeviceChanges {
        added: added.len(),
        removed: removed.len(),
        total: devices.len(),
    };
    insert_rows(tx, "project_devices", &columns, added).await?;
    Ok(changes)
}

/// What a version did to the project's devices (for the customer's people to hear of).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeviceChanges {
    pub added: usize,
    pub removed: usize,
    pub total: usize,
}

/// Binds one value of a batch statement.
fn bind_value<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    v: &Value,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    match v {
        Value::Int(i) => q.bind(*i),
        Value::Text(s) => q.bind(s.clone()),
        Value::Null => q.bind(None::<i64>),
    }
}

/// Inserts rows in statements of [`BATCH`] rows.
async fn insert_rows(
    tx: &mut Tx<'_>,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
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
                q = bind_value(q, v);
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Group ranges in tree order with their depth.
fn flatten_ranges<'p>(
    ranges: &'p indexmap::IndexMap<String, knxproj::GroupRange>,
    depth: i64,
    out: &mut Vec<(i64, &'p knxproj::GroupRange)>,
) {
    for r in ranges.values() {
        out.push((depth, r));
        flatten_ranges(&r.group_ranges, depth + 1, out);
    }
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

/// Replaces the project's model by `p`'s (version `version`) and sets the project's counts.
/// Devices are matched to the ones before, not replaced (see [`keep_device_identity`]).
pub async fn replace(
    tx: &mut Tx<'_>,
    org: OrgId,
    project: ProjectId,
    version: i64,
    p: &knxproj::KnxProject,
) -> anyhow::Result<DeviceChanges> {
    for table in [
        "project_group_addresses",
        "project_rooms",
        "project_device_objects",
        "project_group_ranges",
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
                Value::from(org),
                Value::from(project),
                Value::Int(g.raw_address as i64),
                Value::Text(g.address.to_string()),
                Value::Text(g.name.clone()),
                Value::Text(g.dpt.map(|d| d.to_string()).unwrap_or_default()),
                Value::Text(g.description.clone()),
                Value::Int(g.data_secure as i64),
                Value::Text(devices.join(" ")),
                Value::Int(position as i64),
                Value::Text(crate::search::documents::group_address(
                    g.address.as_ref(),
                    &g.name,
                    &g.description,
                )),
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
            "search_text",
        ],
        gas,
    )
    .await?;

    // The group ranges in tree order, each with the number of addresses it holds.
    let mut raws: Vec<u32> = p.group_addresses.values().map(|g| g.raw_address).collect();
    raws.sort_unstable();
    let mut ranges = Vec::new();
    flatten_ranges(&p.group_ranges, 0, &mut ranges);
    let ranges = ranges
        .into_iter()
        .enumerate()
        .map(|(i, (depth, r))| {
            let inside = raws.partition_point(|a| *a <= r.address_end)
                - raws.partition_point(|a| *a < r.address_start);
            vec![
                Value::from(org),
                Value::from(project),
                Value::Int(i as i64),
                Value::Int(depth),
                Value::Text(r.name.clone()),
                Value::Int(r.address_start as i64),
                Value::Int(r.address_end as i64),
                Value::Int(inside as i64),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "project_group_ranges",
        &[
            "org_id",
            "project_id",
            "position",
            "depth",
            "name",
            "address_start",
            "address_end",
            "addresses",
        ],
        ranges,
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
                Value::from(org),
                Value::from(project),
                Value::Int(i as i64),
                Value::Int(depth),
                Value::Text(s.name),
                Value::Text(s.space_type),
                Value::Text(s.number),
                Value::Text(s.usage_text),
                Value::Text(devices.join(" ")),
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

    let changes = keep_device_identity(tx, org, project, version, p, &room_of).await?;

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
                Value::from(org),
                Value::from(project),
                Value::Text(c.device_address.to_string()),
                Value::Int(c.number),
                Value::Text(c.name.to_string()),
                Value::Text(c.text.to_string()),
                Value::Text(c.function_text.to_string()),
                Value::Text(dpts.join(" ")),
                Value::Text(c.object_size.to_string()),
                Value::Text(flags),
                Value::Text(links.join(" ")),
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
    Ok(changes)
}
