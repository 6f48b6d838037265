//! Building the project from what was read and resolved, part by part into a [`Sink`], in the
//! order of xknxproject's JSON; sorted as xknxproject sorts. Nothing here fails on the
//! project's data (see `resolve`), only on the sink.

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::{
    application::Application,
    error::Result,
    hardware, master,
    model::*,
    project::{self, ComObjectInstance, DeviceInstance, XmlGroupAddress, XmlGroupRange, XmlSpace},
    resolve::Programs,
    sink::Sink,
    util::{comment_text, fill_text_parameter, text_parameter_ref},
};

const VERSION: &str = concat!("knxproj ", env!("CARGO_PKG_VERSION"));

/// What devices are looked up in while they are built.
pub(crate) struct Sources<'a> {
    pub master: &'a master::Master,
    pub hardware: &'a hardware::Hardware,
    pub programs: Programs<'a>,
}

/// The DPT that a group address without one of its own takes from its linked objects' DPTs:
/// the one they all have, or the main type they share (as xknxproject does). Folded in one
/// DPT at a time, so that the DPTs need not be kept.
#[derive(Clone, Copy)]
enum AgreedDpt {
    None,
    One(Dpt),
    Main(u32),
    Disagree,
}

impl AgreedDpt {
    fn add(&mut self, d: Dpt) {
        *self = match *self {
            AgreedDpt::None => AgreedDpt::One(d),
            AgreedDpt::One(x) if x == d => AgreedDpt::One(x),
            AgreedDpt::One(x) if x.main == d.main => AgreedDpt::Main(d.main),
            AgreedDpt::Main(m) if m == d.main => AgreedDpt::Main(m),
            _ => AgreedDpt::Disagree,
        }
    }

    fn dpt(self) -> Option<Dpt> {
        match self {
            AgreedDpt::One(d) => Some(d),
            AgreedDpt::Main(main) => Some(Dpt { main, sub: None }),
            AgreedDpt::None | AgreedDpt::Disagree => None,
        }
    }
}

pub(crate) fn build(
    info: ProjectInfo,
    installation: project::Installation,
    mut devices: Vec<DeviceInstance>,
    sources: &Sources,
    language: Option<String>,
    sink: &mut impl Sink,
) -> Result<()> {
    let style = info.group_address_style;
    let project::Installation {
        mut group_addresses,
        group_ranges: mut ranges,
        areas,
        spaces,
        functions: xml_functions,
    } = installation;
    let replaced = keep_last_of_each_address(&mut group_addresses);
    // In place: a stable sort would take a copy of half of them.
    group_addresses.sort_unstable_by_key(|g| g.raw_address);
    // Every group address string is made once and shared by keys, links and ranges.
    let address_texts: Vec<Text> = group_addresses
        .iter()
        .map(|g| Text::from(style.format(g.raw_address)))
        .collect();
    let index_of = |raw: u32| {
        group_addresses
            .binary_search_by_key(&raw, |g| g.raw_address)
            .ok()
    };
    let address_of = |raw: u32| match index_of(raw) {
        Some(i) => address_texts[i].clone(),
        None => Text::from(style.format(raw)),
    };
    // Links name group addresses by identifier: each one's place in the sorted list.
    let index_of_id = IdIndex::new(&group_addresses, replaced, index_of);

    // Devices sorted by area, line, address (stable). Devices sharing an address are next to
    // each other; like xknxproject's dictionaries, the last one's values are kept.
    let mut order: Vec<usize> = (0..devices.len()).collect();
    order.sort_by_key(|&i| (devices[i].area, devices[i].line, devices[i].address));
    let addresses: Vec<Text> = devices
        .iter()
        .map(|d| Text::from(d.individual_address()))
        .collect();
    let same_address = |a: &usize, b: &usize| addresses[*a] == addresses[*b];

    sink.expect(
        devices.iter().map(|d| d.com_objects.len()).sum(),
        devices.len(),
        group_addresses.len(),
    );
    sink.info(ProjectInfo {
        xknxproject_version: VERSION.to_string(),
        language_code: language,
        ..info
    })?;

    // Communication objects, device by device. What each group address learns from them (the
    // objects linked to it, their DPTs) is kept beside the group addresses, by place.
    let mut linked: Vec<Vec<Text>> = vec![Vec::new(); group_addresses.len()];
    let mut dpts: Vec<AgreedDpt> = vec![AgreedDpt::None; group_addresses.len()];
    let mut object_ids: Vec<Vec<Text>> = vec![Vec::new(); devices.len()];
    let empty = Text::from("");
    let targets = Targets {
        index_of_id: &index_of_id,
        addresses: &address_texts,
    };
    for same in order.chunk_by(same_address) {
        let mut objects: IndexMap<Text, (CommunicationObject, Vec<usize>)> = IndexMap::new();
        for &i in same {
            let (app_id, app) = sources.programs.of(i, &devices[i]);
            let taken = std::mem::take(&mut devices[i].com_objects);
            let of = Owner {
                device: &devices[i],
                address: &addresses[i],
                app_id,
                app: app.zip(app_id.map(|a| &**a)),
                is_ets4: sources.programs.is_ets4,
            };
            for co in taken {
                let Some((key, object)) = communication_object(co, &of, &targets, &empty) else {
                    continue;
                };
                if objects.insert(key.clone(), object).is_none() {
                    object_ids[i].push(key);
                }
            }
        }
        for (key, (object, links)) in objects {
            for g in links {
                if linked[g].last() != Some(&key) {
                    linked[g].push(key.clone());
                }
                for d in &object.dpts {
                    dpts[g].add(*d);
                }
            }
            sink.communication_object(key, object)?;
        }
    }

    // Topology: areas and lines sorted, each line with its devices' addresses.
    let mut by_line: HashMap<(u32, u32), Vec<(u32, Text)>> = HashMap::new();
    for (i, d) in devices.iter().enumerate() {
        by_line
            .entry((d.area, d.line))
            .or_default()
            .push((d.address, addresses[i].clone()));
    }
    let mut areas = areas;
    areas.sort_by_key(|a| a.address);
    let mut topology = IndexMap::new();
    for mut area in areas {
        area.lines.sort_by_key(|l| l.address);
        let mut lines = IndexMap::new();
        for line in area.lines {
            let mut on_line = by_line
                .remove(&(area.address, line.address))
                .unwrap_or_default();
            on_line.sort_by_key(|(a, _)| *a);
            lines.insert(
                line.address.to_string(),
                Line {
                    name: line.name,
                    description: line.description,
                    devices: on_line.into_iter().map(|(_, ia)| ia).collect(),
                    medium_type: medium_name(&line.medium_type).to_string(),
                },
            );
        }
        topology.insert(
            area.address.to_string(),
            Area {
                name: area.name,
                description: area.description,
                lines,
            },
        );
    }
    sink.topology(topology)?;

    for same in order.chunk_by(same_address) {
        let i = same[same.len() - 1];
        let ids = std::mem::take(&mut object_ids[i]);
        sink.device(
            addresses[i].clone(),
            device(i, &devices[i], &addresses[i], ids, sources),
        )?;
    }

    // What refers to group addresses by identifier, before those go out.
    sort_ranges(&mut ranges);
    let group_ranges = convert_ranges(&ranges, style, &address_of);
    let device_ids: HashMap<&str, Text> = devices
        .iter()
        .enumerate()
        .map(|(i, d)| (d.identifier.as_str(), addresses[i].clone()))
        .collect();
    let locations = convert_spaces(&spaces, &device_ids, sources.master);
    let address_of_id = |id: &str| Some(address_texts[index_of_id.get(id)?].clone());
    let functions = convert_functions(&xml_functions, &address_of_id, sources.master);
    drop(index_of_id);

    let group_addresses = group_addresses.into_iter().zip(address_texts);
    for (((g, address), mut objects), agreed) in group_addresses.zip(linked).zip(dpts) {
        objects.shrink_to_fit();
        sink.group_address(GroupAddress {
            name: g.name.into(),
            identifier: g.identifier.into(),
            raw_address: g.raw_address,
            address,
            project_uid: g.project_uid,
            dpt: g.dpt.or_else(|| agreed.dpt()),
            data_secure: g.data_secure,
            communication_object_ids: objects,
            description: g.description.into(),
            comment: g.comment.into(),
        })?;
    }
    sink.group_ranges(group_ranges)?;
    sink.locations(locations)?;
    sink.functions(functions)
}

/// Of several group addresses with one address, xknxproject keeps the last (in the first's
/// place, which sorting by address makes the same): the others are taken out, and their
/// identifiers and addresses returned, since communication objects may still link to them.
fn keep_last_of_each_address(group_addresses: &mut Vec<XmlGroupAddress>) -> Vec<(Box<str>, u32)> {
    // Addresses are 16 bits (checked when read).
    let mut seen = vec![false; 0x1_0000];
    let mut superseded = vec![false; group_addresses.len()];
    for (i, g) in group_addresses.iter().enumerate().rev() {
        superseded[i] = std::mem::replace(&mut seen[(g.raw_address & 0xffff) as usize], true);
    }
    let mut replaced = Vec::new();
    let mut superseded = superseded.into_iter();
    group_addresses.retain_mut(|g| {
        let gone = superseded.next().unwrap_or(false);
        if gone {
            replaced.push((std::mem::take(&mut g.identifier), g.raw_address));
        }
        !gone
    });
    replaced
}

/// The device a communication object belongs to, and its application program (what was read
/// of it, and its id).
struct Owner<'a> {
    device: &'a DeviceInstance,
    address: &'a Text,
    app_id: Option<&'a Text>,
    app: Option<(&'a Application, &'a str)>,
    is_ets4: bool,
}

/// Each group address's place in the sorted list, by identifier: places sorted by identifier
/// and searched by halving. A hash map of a large project's identifiers took ten times the
/// memory, at the reader's peak. As in xknxproject's dictionaries, of repeated identifiers the
/// last counts, and the identifier of a group address replaced by a later one of the same
/// address finds the later one.
struct IdIndex<'a> {
    group_addresses: &'a [XmlGroupAddress],
    /// Places, sorted by identifier; stably, so the last of equal identifiers comes last.
    by_id: Vec<u32>,
    /// Identifiers of replaced group addresses, sorted, with the place of the one kept.
    replaced: Vec<(Box<str>, usize)>,
}

impl<'a> IdIndex<'a> {
    fn new(
        group_addresses: &'a [XmlGroupAddress],
        replaced: Vec<(Box<str>, u32)>,
        index_of: impl Fn(u32) -> Option<usize>,
    ) -> Self {
        let mut by_id: Vec<u32> = (0..group_addresses.len() as u32).collect();
        by_id.sort_by(|&a, &b| {
            group_addresses[a as usize]
                .identifier
                .cmp(&group_addresses[b as usize].identifier)
        });
        let mut replaced: Vec<(Box<str>, usize)> = replaced
            .into_iter()
            .filter_map(|(id, raw)| Some((id, index_of(raw)?)))
            .collect();
        replaced.sort_by(|a, b| a.0.cmp(&b.0));
        IdIndex {
            group_addresses,
            by_id,
            replaced,
        }
    }

    fn get(&self, id: &str) -> Option<usize> {
        // The last of equal keys: just before the first key greater than `id`.
        let k = self.replaced.partition_point(|(r, _)| &**r <= id);
        if let Some((r, i)) = k.checked_sub(1).map(|k| &self.replaced[k])
            && &**r == id
        {
            return Some(*i);
        }
        let identifier = |i: u32| &*self.group_addresses[i as usize].identifier;
        let k = self.by_id.partition_point(|&i| identifier(i) <= id);
        let i = self.by_id[k.checked_sub(1)?];
        (identifier(i) == id).then_some(i as usize)
    }
}

/// The group addresses links point to: each one's place by identifier, and address text by
/// place.
struct Targets<'a> {
    index_of_id: &'a IdIndex<'a>,
    addresses: &'a [Text],
}

/// A device's communication object as it goes out, keyed `1.1.1/O-1_R-1`; `None` for one
/// linked to no group address (xknxproject leaves those out).
fn communication_object(
    co: ComObjectInstance,
    of: &Owner,
    targets: &Targets,
    empty: &Text,
) -> Option<(Text, (CommunicationObject, Vec<usize>))> {
    let co = merge_com_object(co, of.app, of.device, of.is_ets4);
    let indices: Vec<usize> = co
        .links
        .split(' ')
        .filter_map(|l| targets.index_of_id.get(l))
        .collect();
    if indices.is_empty() {
        return None;
    }
    // Sized up front: collected from a filter, a one-link vector would hold room for four.
    let mut links: Vec<Text> = Vec::with_capacity(indices.len());
    links.extend(indices.iter().map(|&i| targets.addresses[i].clone()));
    let key = Text::from(format!("{}/{}", of.address, co.ref_id));
    let [read, write, communication, transmit, update, read_on_init] =
        co.flags.map(|f| f.unwrap_or(false));
    let dpts = if co.dpts.is_empty() {
        dpt_from_size(co.object_size.as_deref())
    } else {
        co.dpts
    };
    let object = CommunicationObject {
        name: co.name.unwrap_or_else(|| empty.clone()),
        number: co.number.unwrap_or_default(),
        text: co.text.unwrap_or_else(|| empty.clone()),
        function_text: co.function_text.unwrap_or_else(|| empty.clone()),
        description: co.description.map(String::from).unwrap_or_default(),
        device_address: of.address.clone(),
        device_application: of.app_id.cloned(),
        module_def: co.module,
        channel: co.channel.map(String::from),
        dpts,
        object_size: co.object_size.unwrap_or_else(|| empty.clone()),
        group_address_links: links,
        flags: Flags {
            read,
            write,
            communication,
            transmit,
            update,
            read_on_init,
        },
        dpas: co.dpas,
    };
    Some((key, (object, indices)))
}

fn device(
    i: usize,
    d: &DeviceInstance,
    address: &Text,
    communication_object_ids: Vec<Text>,
    sources: &Sources,
) -> Device {
    let channels = d
        .channels
        .iter()
        .map(|c| {
            (
                c.ref_id.clone(),
                Channel {
                    identifier: c.ref_id.clone(),
                    name: c.name.clone(),
                    communication_object_ids: c
                        .group_object_instances
                        .iter()
                        .map(|g| format!("{address}/{g}"))
                        .collect(),
                    functional_blocks: c.functional_blocks.clone(),
                },
            )
        })
        .collect();
    let (product_name, order_number) = sources
        .hardware
        .products
        .get(&d.product_ref)
        .map(|p| (p.text.clone(), p.order_number.clone()))
        .unwrap_or_default();
    Device {
        name: if d.name.is_empty() {
            product_name.clone()
        } else {
            Text::from(d.name.as_str())
        },
        hardware_name: product_name,
        order_number,
        description: d.description.clone(),
        manufacturer_name: sources
            .master
            .manufacturers
            .get(&d.manufacturer)
            .cloned()
            .unwrap_or_default(),
        individual_address: address.clone(),
        application: sources.programs.app_of.get(&i).cloned(),
        project_uid: d.project_uid,
        communication_object_ids,
        channels,
    }
}

fn convert_functions(
    functions: &[project::XmlFunction],
    address_of_id: &dyn Fn(&str) -> Option<Text>,
    master: &master::Master,
) -> IndexMap<String, Function> {
    let mut out = IndexMap::new();
    for f in functions {
        let mut gas = IndexMap::new();
        for r in &f.group_addresses {
            // xknxproject stops on a function pointing to a missing group address; we skip it.
            let Some(address) = address_of_id(&r.ref_id) else {
                continue;
            };
            gas.insert(
                address.clone(),
                GroupAddressRef {
                    address: address.clone(),
                    name: r.name.clone(),
                    project_uid: r.project_uid,
                    role: r.role.clone(),
                },
            );
        }
        out.insert(
            f.identifier.clone(),
            Function {
                function_type: f.function_type.clone(),
                group_addresses: gas,
                identifier: f.identifier.clone(),
                name: f.name.clone(),
                project_uid: f.project_uid,
                space_id: f.space_id.clone(),
                usage_text: if f.function_type.is_empty() {
                    String::new()
                } else {
                    master.function_type_text(&f.function_type)
                },
            },
        );
    }
    out
}

struct MergedComObject {
    ref_id: Box<str>,
    name: Option<Text>,
    number: Option<i64>,
    text: Option<Text>,
    function_text: Option<Text>,
    description: Option<Box<str>>,
    channel: Option<Box<str>>,
    dpts: Vec<Dpt>,
    object_size: Option<Text>,
    flags: [Option<bool>; 6],
    /// Separated by spaces.
    links: String,
    dpas: Option<Vec<String>>,
    module: Option<ModuleInfo>,
}

/// A device's communication object with what its application program says filled in.
fn merge_com_object(
    co: ComObjectInstance,
    app: Option<(&Application, &str)>,
    device: &DeviceInstance,
    is_ets4: bool,
) -> MergedComObject {
    let app = app.map(|(app, id)| (app, crate::resolve::app_ref_id(id, &co.ref_id, is_ets4)));
    let module = co.module;
    let mut m = MergedComObject {
        ref_id: co.ref_id,
        name: None,
        number: None,
        text: co.text.map(Text::from),
        function_text: co.function_text.map(Text::from),
        description: co.description,
        channel: co.channel,
        dpts: co.dpts,
        object_size: None,
        flags: [
            co.read,
            co.write,
            co.communication,
            co.transmit,
            co.update,
            co.read_on_init,
        ],
        links: co.links,
        dpas: None,
        module: None,
    };
    let Some((app, ref_id)) = app else {
        return m;
    };
    let Some(r) = app.com_object_refs.get(&ref_id) else {
        return m;
    };
    // From the reference first, then from the object itself, filling only what is still open.
    if m.name.is_none() {
        m.name = r.name.clone();
    }
    if m.text.is_none() {
        let with_param = match (&r.text, &r.text_parameter_ref_id) {
            (Some(text), Some(tp)) if !text.is_empty() => {
                let param_ref = text_parameter_ref(&m.ref_id, "O", tp);
                let value = param_ref
                    .and_then(|p| device.parameters.get(&p).cloned())
                    .flatten();
                Some(fill_text_parameter(text, value.as_deref()))
            }
            _ => None,
        };
        m.text = with_param
            .filter(|t| !t.is_empty())
            .map(Text::from)
            .or_else(|| r.text.clone());
    }
    fill_shared(&mut m, &r.function_text, &r.object_size, r.flags, &r.dpts);
    m.dpas = r.dpas.clone();
    if let Some(o) = app.com_objects.get(&r.ref_id) {
        fill(&mut m.name, &o.name);
        fill(&mut m.text, &o.text);
        fill_shared(&mut m, &o.function_text, &o.object_size, o.flags, &o.dpts);
        m.number = Some(o.number);
    }
    if let Some((number, module)) = module.map(|m| *m) {
        m.number = Some(number);
        m.module = Some(module);
    }
    m
}

/// What a `ComObjectRef` and its `ComObject` both may say, filling only what is still open.
fn fill_shared(
    m: &mut MergedComObject,
    function_text: &Option<Text>,
    object_size: &Option<Text>,
    flags: [Option<bool>; 6],
    dpts: &[Dpt],
) {
    fill(&mut m.function_text, function_text);
    fill(&mut m.object_size, object_size);
    for (slot, v) in m.flags.iter_mut().zip(flags) {
        if slot.is_none() {
            *slot = v;
        }
    }
    if m.dpts.is_empty() {
        m.dpts = dpts.to_vec();
    }
}

fn fill(slot: &mut Option<Text>, from: &Option<Text>) {
    if slot.is_none() {
        *slot = from.clone();
    }
}

fn medium_name(id: &str) -> &'static str {
    match id {
        "MT-0" => "Twisted Pair (TP)",
        "MT-1" => "Powerline (PL)",
        "MT-2" => "KNX RF (RF)",
        "MT-5" => "KNXnet/IP (IP)",
        _ => "Unknown",
    }
}

/// DPT guessed from the object size when the application names none (as xknxproject does).
fn dpt_from_size(size: Option<&str>) -> Vec<Dpt> {
    match size {
        Some("1 Bit") => vec![Dpt { main: 1, sub: None }],
        Some("2 Bit") => vec![Dpt { main: 2, sub: None }],
        Some("4 Bit") => vec![Dpt { main: 3, sub: None }],
        _ => Vec::new(),
    }
}

fn sort_ranges(ranges: &mut [XmlGroupRange]) {
    for r in ranges.iter_mut() {
        sort_ranges(&mut r.ranges);
    }
    ranges.sort_by_key(|r| r.start);
}

fn range_key(r: &XmlGroupRange, style: GroupAddressStyle) -> String {
    match style {
        GroupAddressStyle::Free => format!("{}...{}", r.start, r.end),
        GroupAddressStyle::TwoLevel => style
            .format(r.start)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string(),
        GroupAddressStyle::ThreeLevel => {
            let parts: Vec<String> = style
                .format(r.start)
                .split('/')
                .map(str::to_string)
                .collect();
            if r.end.saturating_sub(r.start) >= 2046 {
                parts[0].clone()
            } else {
                parts[..2].join("/")
            }
        }
    }
}

fn convert_ranges(
    ranges: &[XmlGroupRange],
    style: GroupAddressStyle,
    format: &dyn Fn(u32) -> Text,
) -> IndexMap<String, GroupRange> {
    ranges
        .iter()
        .map(|r| {
            (
                range_key(r, style),
                GroupRange {
                    name: r.name.clone(),
                    address_start: r.start,
                    address_end: r.end,
                    group_addresses: r.group_addresses.iter().map(|a| format(*a)).collect(),
                    comment: comment_text(&r.comment),
                    group_ranges: convert_ranges(&r.ranges, style, format),
                },
            )
        })
        .collect()
}

fn convert_spaces(
    spaces: &[XmlSpace],
    device_ids: &HashMap<&str, Text>,
    master: &master::Master,
) -> IndexMap<String, Space> {
    spaces
        .iter()
        .map(|s| {
            let mut devices: Vec<Text> = s
                .device_refs
                .iter()
                .filter_map(|r| device_ids.get(r.as_str()).cloned())
                .collect();
            // xknxproject sorts by the address parts as strings ("1.1.10" before "1.1.2").
            devices.sort_by(|a, b| a.split('.').cmp(b.split('.')));
            (
                s.name.clone(),
                Space {
                    space_type: s.space_type.clone(),
                    identifier: s.identifier.clone(),
                    name: s.name.clone(),
                    usage_id: s.usage_id.clone(),
                    usage_text: s
                        .usage_id
                        .as_deref()
                        .map(|u| master.space_usage_text(u))
                        .unwrap_or_default(),
                    number: s.number.clone(),
                    description: s.description.clone(),
                    project_uid: s.project_uid,
                    devices,
                    spaces: convert_spaces(&s.spaces, device_ids, master),
                    functions: s.functions.clone(),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group_address(identifier: &str, raw_address: u32) -> XmlGroupAddress {
        XmlGroupAddress {
            identifier: identifier.into(),
            name: "".into(),
            description: "".into(),
            comment: "".into(),
            project_uid: None,
            raw_address,
            dpt: None,
            data_secure: false,
        }
    }

    #[test]
    fn identifiers_find_the_group_address_kept_for_their_address() {
        // As read: GA-2 and GA-9 share address 3 (the later, GA-9, is kept); GA-5 appears
        // twice with different addresses (the later counts).
        let mut gas = vec![
            group_address("GA-2", 3),
            group_address("GA-5", 1),
            group_address("GA-1", 7),
            group_address("GA-9", 3),
            group_address("GA-5", 2),
        ];
        let replaced = keep_last_of_each_address(&mut gas);
        gas.sort_unstable_by_key(|g| g.raw_address);
        let index_of = |raw: u32| gas.binary_search_by_key(&raw, |g| g.raw_address).ok();
        let index = IdIndex::new(&gas, replaced, index_of);
        let raw_of = |id: &str| index.get(id).map(|i| gas[i].raw_address);
        assert_eq!(raw_of("GA-1"), Some(7));
        assert_eq!(raw_of("GA-2"), Some(3));
        assert_eq!(raw_of("GA-9"), Some(3));
        assert_eq!(raw_of("GA-5"), Some(2));
        for missing in ["", "GA-0", "GA-10", "GA-3", "GA-99", "HA-1"] {
            assert_eq!(raw_of(missing), None, "{missing}");
        }
    }

    /// xknxproject's rule, over all the DPTs at once.
    fn agreed_dpt(mut all: Vec<Dpt>) -> Option<Dpt> {
        all.sort();
        all.dedup();
        match all.as_slice() {
            [] => None,
            [one] => Some(*one),
            many => {
                let main = many[0].main;
                many.iter()
                    .all(|d| d.main == main)
                    .then_some(Dpt { main, sub: None })
            }
        }
    }

    #[test]
    fn dpts_folded_one_at_a_time_agree_as_all_at_once() {
        // Every sequence of up to four DPTs from a small set with shared main types.
        let pool = [
            Dpt { main: 1, sub: None },
            Dpt {
                main: 1,
                sub: Some(1),
            },
            Dpt {
                main: 1,
                sub: Some(2),
            },
            Dpt {
                main: 5,
                sub: Some(1),
            },
        ];
        for len in 0..=4u32 {
            for n in 0..pool.len().pow(len) {
                let seq: Vec<Dpt> = (0..len)
                    .map(|k| pool[n / pool.len().pow(k) % pool.len()])
                    .collect();
                let mut folded = AgreedDpt::None;
                for d in &seq {
                    folded.add(*d);
                }
                assert_eq!(folded.dpt(), agreed_dpt(seq.clone()), "{seq:?}");
            }
        }
    }
}
