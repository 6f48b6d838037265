//! `P-xxxx/project.xml` (project information) and `P-xxxx/0.xml` (group addresses and ranges,
//! topology with devices, locations and functions), read in one streaming pass each.

use std::io::BufRead;

use crate::{
    Dpt,
    error::{Error, Result},
    model::{GroupAddressStyle, ProjectInfo},
    util::{parse_dpts, parse_flag, split_prefix},
    xml::{Attrs, Node, Xml},
};

pub fn parse_info<R: BufRead>(reader: R, file: &str) -> Result<ProjectInfo> {
    let mut xml = Xml::new(reader, file);
    let mut info = ProjectInfo::default();
    let mut saw_info = false;
    while let Some(node) = xml.next()? {
        let Node::Open(tag) = node else { continue };
        match tag.name() {
            b"KNX" if tag.depth() == 1 => {
                let a = tag.attrs()?;
                info.created_by = a.string("CreatedBy");
                info.tool_version = a.string("ToolVersion");
                info.schema_version = a
                    .get("xmlns")
                    .and_then(|ns| ns.split_once("/project/"))
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default();
            }
            b"Project" if tag.depth() == 2 => info.project_id = tag.attrs()?.string("Id"),
            b"ProjectInformation" if tag.parent() == Some(b"Project") => {
                let a = tag.attrs()?;
                info.name = a.string("Name");
                info.last_modified = a.opt("LastModified");
                info.guid = a.opt("Guid");
                let style = a.required("GroupAddressStyle", "ProjectInformation", file)?;
                info.group_address_style = GroupAddressStyle::parse(style).ok_or_else(|| {
                    Error::invalid(file, format!("unknown group address style {style:?}"))
                })?;
                saw_info = true;
            }
            _ => {}
        }
    }
    if !saw_info {
        info.group_address_style = GroupAddressStyle::ThreeLevel;
    }
    Ok(info)
}

#[derive(Debug, Clone)]
pub struct XmlGroupRange {
    pub name: String,
    pub start: u32,
    pub end: u32,
    pub group_addresses: Vec<u32>,
    pub ranges: Vec<XmlGroupRange>,
    pub comment: String,
}

#[derive(Debug, Clone)]
pub struct XmlArea {
    pub address: u32,
    pub name: String,
    pub description: Option<String>,
    pub lines: Vec<XmlLine>,
}

#[derive(Debug, Clone)]
pub struct XmlLine {
    pub address: u32,
    pub name: String,
    pub description: Option<String>,
    pub medium_type: String,
    pub devices: Vec<DeviceInstance>,
    seen_segment: bool,
}

#[derive(Debug, Clone, Default)]
pub struct DeviceInstance {
    pub identifier: String,
    pub address: u32,
    pub area: u32,
    pub line: u32,
    pub project_uid: Option<i64>,
    pub name: String,
    pub description: String,
    pub product_ref: String,
    pub hardware_program_ref: String,
    pub manufacturer: String,
    pub com_objects: Vec<ComObjectInstance>,
    pub module_instances: Vec<ModuleInstance>,
    pub channels: Vec<ChannelNode>,
    pub parameters: std::collections::HashMap<String, Option<String>>,
}

impl DeviceInstance {
    pub fn individual_address(&self) -> String {
        format!("{}.{}.{}", self.area, self.line, self.address)
    }
}

/// Held for every object of every device until the group addresses are read (they come later
/// in 0.xml): texts are boxed and the links kept as read, in one string.
#[derive(Debug, Clone, Default)]
pub struct ComObjectInstance {
    pub ref_id: Box<str>,
    pub text: Option<Box<str>>,
    pub function_text: Option<Box<str>>,
    pub read: Option<bool>,
    pub write: Option<bool>,
    pub communication: Option<bool>,
    pub transmit: Option<bool>,
    pub update: Option<bool>,
    pub read_on_init: Option<bool>,
    pub dpts: Vec<Dpt>,
    pub description: Option<Box<str>>,
    pub channel: Option<Box<str>>,
    /// Identifiers of the linked group addresses, separated by spaces.
    pub links: String,
    /// Inside a module: the object's number with the module's base added, and the module (set
    /// once the program is known; boxed, as most objects are in none).
    pub module: Option<Box<(i64, crate::model::ModuleInfo)>>,
}

#[derive(Debug, Clone)]
pub struct ModuleInstance {
    pub identifier: String,
    pub ref_id: String,
    pub arguments: Vec<ModuleArgument>,
}

#[derive(Debug, Clone)]
pub struct ModuleArgument {
    pub ref_id: String,
    pub value: String,
    pub name: String,
    pub allocates: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct ChannelNode {
    pub ref_id: String,
    pub name: String,
    pub group_object_instances: Vec<String>,
    pub functional_blocks: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct XmlSpace {
    pub identifier: String,
    pub name: String,
    pub space_type: String,
    pub usage_id: Option<String>,
    pub number: String,
    pub description: String,
    pub project_uid: Option<i64>,
    pub spaces: Vec<XmlSpace>,
    /// Device instance ids (resolved to addresses later).
    pub device_refs: Vec<String>,
    pub functions: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct XmlFunction {
    pub identifier: String,
    pub name: String,
    pub function_type: String,
    pub project_uid: Option<i64>,
    pub space_id: String,
    pub group_addresses: Vec<XmlGroupAddressRef>,
}

#[derive(Debug, Clone)]
pub struct XmlGroupAddressRef {
    pub ref_id: String,
    pub name: String,
    pub role: String,
    pub project_uid: Option<i64>,
}

/// A group address as read from 0.xml, its texts final. It becomes a model `GroupAddress` only
/// as it goes out, with its address text (the project's style gives it), links and agreed DPT:
/// of a large project's memory at its peak, group addresses were the largest part, and boxed
/// texts take two thirds of a `String`'s room.
#[derive(Debug)]
pub struct XmlGroupAddress {
    pub identifier: Box<str>,
    pub name: Box<str>,
    pub description: Box<str>,
    pub comment: Box<str>,
    pub project_uid: Option<i64>,
    pub raw_address: u32,
    pub dpt: Option<crate::model::Dpt>,
    pub data_secure: bool,
}

#[derive(Debug, Default)]
pub struct Installation {
    pub group_addresses: Vec<XmlGroupAddress>,
    pub group_ranges: Vec<XmlGroupRange>,
    pub areas: Vec<XmlArea>,
    pub spaces: Vec<XmlSpace>,
    pub functions: Vec<XmlFunction>,
}

/// What we are inside of while streaming 0.xml.
enum Frame {
    Other,
    GroupAddresses,
    Range(XmlGroupRange),
    Topology,
    Area(XmlArea),
    Line(XmlLine),
    Device(DeviceInstance),
    ComObject(ComObjectInstance),
    Module(ModuleInstance),
    Locations,
    Space(XmlSpace),
    Function(XmlFunction),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Other,
    GroupAddresses,
    Range,
    Topology,
    Area,
    Line,
    Device,
    ComObject,
    Module,
    Locations,
    Space,
    Function,
}

impl Frame {
    fn kind(&self) -> Kind {
        match self {
            Frame::Other => Kind::Other,
            Frame::GroupAddresses => Kind::GroupAddresses,
            Frame::Range(_) => Kind::Range,
            Frame::Topology => Kind::Topology,
            Frame::Area(_) => Kind::Area,
            Frame::Line(_) => Kind::Line,
            Frame::Device(_) => Kind::Device,
            Frame::ComObject(_) => Kind::ComObject,
            Frame::Module(_) => Kind::Module,
            Frame::Locations => Kind::Locations,
            Frame::Space(_) => Kind::Space,
            Frame::Function(_) => Kind::Function,
        }
    }
}

fn innermost_device(stack: &mut [Frame]) -> Option<&mut DeviceInstance> {
    stack.iter_mut().rev().find_map(|f| match f {
        Frame::Device(d) => Some(d),
        _ => None,
    })
}

pub struct Options {
    /// Schema < 20 links com objects with `<Connectors>`; later ones with a `Links` attribute.
    pub uses_connectors: bool,
    /// ETS 4 calls locations `Buildings` / `BuildingPart`.
    pub is_ets4: bool,
}

pub fn parse_installation<R: BufRead>(
    reader: R,
    file: &str,
    opts: &Options,
) -> Result<Installation> {
    let mut xml = Xml::new(reader, file);
    let mut out = Installation::default();
    let mut stack: Vec<Frame> = Vec::new();
    let (locations_tag, space_tag): (&[u8], &[u8]) = if opts.is_ets4 {
        (b"Buildings", b"BuildingPart")
    } else {
        (b"Locations", b"Space")
    };

    while let Some(node) = xml.next()? {
        match node {
            Node::Open(tag) => {
                let name = tag.name();
                let in_installation = tag.parent() == Some(b"Installation")
                    && tag.ancestor(2) == Some(b"Installations");
                let top = stack.last().map(Frame::kind);
                let grandparent = stack.len().checked_sub(2).map(|i| stack[i].kind());
                let below_group_addresses = stack.iter().any(|f| f.kind() == Kind::GroupAddresses);
                let in_device = stack.iter().any(|f| f.kind() == Kind::Device);
                let line = innermost_line(&stack);
                use Kind as K;
                let frame = match (top, name) {
                    (_, b"GroupAddresses") if in_installation => Frame::GroupAddresses,
                    (_, b"Topology") if in_installation => Frame::Topology,
                    (_, n) if in_installation && n == locations_tag => Frame::Locations,
                    // Group addresses may sit at any depth below <GroupAddresses>.
                    (Some(_), b"GroupAddress") if below_group_addresses => {
                        let ga = group_address(&tag.attrs()?, file)?;
                        if let Some(Frame::Range(r)) = stack.last_mut() {
                            r.group_addresses.push(ga.raw_address);
                        }
                        out.group_addresses.push(ga);
                        Frame::Other
                    }
                    (Some(K::Range), b"GroupRange") => {
                        Frame::Range(group_range(&tag.attrs()?, file)?)
                    }
                    (Some(K::Other), b"GroupRange")
                        if tag.parent() == Some(b"GroupRanges")
                            && grandparent == Some(K::GroupAddresses) =>
                    {
                        Frame::Range(group_range(&tag.attrs()?, file)?)
                    }
                    (Some(K::Topology), b"Area") => {
                        let a = tag.attrs()?;
                        Frame::Area(XmlArea {
                            address: int_attr(&a, "Address", "Area", file)?,
                            name: a.string("Name"),
                            description: a.opt("Description"),
                            lines: Vec::new(),
                        })
                    }
                    // Every child of an area is a line.
                    (Some(K::Area), _) => {
                        let a = tag.attrs()?;
                        Frame::Line(XmlLine {
                            address: int_attr(&a, "Address", "Line", file)?,
                            name: a.string("Name"),
                            description: a.opt("Description"),
                            medium_type: a.string("MediumTypeRefId"),
                            devices: Vec::new(),
                            seen_segment: false,
                        })
                    }
                    (Some(K::Line), b"Segment") => {
                        // ETS 6 puts the medium on the line's (first) segment.
                        if let Some(Frame::Line(l)) = stack.last_mut()
                            && !l.seen_segment
                        {
                            l.seen_segment = true;
                            l.medium_type = tag.attrs()?.string("MediumTypeRefId");
                        }
                        Frame::Other
                    }
                    (Some(_), b"DeviceInstance") if line.is_some() => {
                        let (area, line) = line.unwrap_or_default();
                        Frame::Device(device(&tag.attrs()?, area, line, file)?)
                    }
                    (Some(K::Other), b"ComObjectInstanceRef")
                        if tag.parent() == Some(b"ComObjectInstanceRefs")
                            && grandparent == Some(K::Device) =>
                    {
                        Frame::ComObject(com_object(&tag.attrs()?, opts.uses_connectors, file)?)
                    }
                    (Some(K::Other), b"Send" | b"Receive")
                        if tag.parent() == Some(b"Connectors")
                            && grandparent == Some(K::ComObject) =>
                    {
                        let r = tag.attrs()?.string("GroupAddressRefId");
                        let link = split_prefix(&r).ok_or_else(|| {
                            Error::invalid(
                                file,
                                format!("GroupAddressRefId {r:?} has no project prefix"),
                            )
                        })?;
                        let kind = if name == b"Send" { "S:" } else { "R:" };
                        if let Some(Frame::ComObject(co)) =
                            stack.len().checked_sub(2).and_then(|i| stack.get_mut(i))
                        {
                            if !co.links.is_empty() {
                                co.links.push(' ');
                            }
                            co.links.push_str(kind);
                            co.links.push_str(link);
                        }
                        Frame::Other
                    }
                    (Some(K::Other), b"ModuleInstance")
                        if tag.parent() == Some(b"ModuleInstances")
                            && grandparent == Some(K::Device) =>
                    {
                        let a = tag.attrs()?;
                        Frame::Module(ModuleInstance {
                            identifier: a.string("Id"),
                            ref_id: a.string("RefId"),
                            arguments: Vec::new(),
                        })
                    }
                    (Some(K::Other), b"Argument")
                        if tag.parent() == Some(b"Arguments") && grandparent == Some(K::Module) =>
                    {
                        let a = tag.attrs()?;
                        if let Some(Frame::Module(m)) =
                            stack.len().checked_sub(2).and_then(|i| stack.get_mut(i))
                        {
                            m.arguments.push(ModuleArgument {
                                ref_id: a.string("RefId"),
                                value: a.string("Value"),
                                name: String::new(),
                                allocates: None,
                            });
                        }
                        Frame::Other
                    }
                    (Some(K::Other), b"ParameterInstanceRef")
                        if tag.parent() == Some(b"ParameterInstanceRefs")
                            && grandparent == Some(K::Device) =>
                    {
                        let a = tag.attrs()?;
                        if let Some(d) = innermost_device(&mut stack) {
                            d.parameters.insert(a.string("RefId"), a.opt("Value"));
                        }
                        Frame::Other
                    }
                    (Some(K::Other), b"Node") if tag.parent() == Some(b"Nodes") && in_device => {
                        let a = tag.attrs()?;
                        if a.get("Type") == Some("Channel")
                            && let Some(gos) =
                                a.get("GroupObjectInstances").filter(|g| !g.is_empty())
                        {
                            let node = ChannelNode {
                                ref_id: a.string("RefId"),
                                name: a.string("Text"),
                                group_object_instances: gos
                                    .split(' ')
                                    .map(str::to_string)
                                    .collect(),
                                functional_blocks: None,
                            };
                            if let Some(d) = innermost_device(&mut stack) {
                                d.channels.push(node);
                            }
                        }
                        Frame::Other
                    }
                    (Some(K::Locations | K::Space), n) if n == space_tag => {
                        Frame::Space(space(&tag.attrs()?, file)?)
                    }
                    (Some(K::Space), b"DeviceInstanceRef") => {
                        let r = tag.attrs()?.string("RefId");
                        if let Some(Frame::Space(s)) = stack.last_mut() {
                            s.device_refs.push(r);
                        }
                        Frame::Other
                    }
                    (Some(K::Space), b"Function") => {
                        Frame::Function(function(&tag.attrs()?, file)?)
                    }
                    (Some(K::Function), b"GroupAddressRef") => {
                        let a = tag.attrs()?;
                        let r = a.string("RefId");
                        let gr = XmlGroupAddressRef {
                            ref_id: split_prefix(&r)
                                .ok_or_else(|| {
                                    Error::invalid(
                                        file,
                                        format!("GroupAddressRef RefId {r:?} has no prefix"),
                                    )
                                })?
                                .to_string(),
                            name: a.string("Name"),
                            role: a.string("Role"),
                            project_uid: a.opt_int("Puid", file)?,
                        };
                        if let Some(Frame::Function(f)) = stack.last_mut() {
                            f.group_addresses.push(gr);
                        }
                        Frame::Other
                    }
                    _ => Frame::Other,
                };
                stack.push(frame);
            }
            Node::Close => {
                let Some(frame) = stack.pop() else { continue };
                match frame {
                    Frame::Range(r) => match stack.last_mut() {
                        Some(Frame::Range(parent)) => parent.ranges.push(r),
                        _ => out.group_ranges.push(r),
                    },
                    Frame::Area(a) => out.areas.push(a),
                    Frame::Line(l) => {
                        if let Some(Frame::Area(a)) = stack.last_mut() {
                            a.lines.push(l);
                        }
                    }
                    Frame::Device(d) => {
                        if let Some(Frame::Line(l)) =
                            stack.iter_mut().rev().find(|f| matches!(f, Frame::Line(_)))
                        {
                            l.devices.push(d);
                        }
                    }
                    Frame::ComObject(co) => {
                        if !co.links.is_empty()
                            && let Some(d) = innermost_device(&mut stack)
                        {
                            d.com_objects.push(finish_links(co));
                        }
                    }
                    Frame::Module(m) => {
                        if let Some(d) = innermost_device(&mut stack) {
                            d.module_instances.push(m);
                        }
                    }
                    Frame::Space(s) => match stack.last_mut() {
                        Some(Frame::Space(parent)) => parent.spaces.push(s),
                        _ => out.spaces.push(s),
                    },
                    Frame::Function(mut f) => {
                        if let Some(Frame::Space(s)) = stack.last_mut() {
                            f.space_id = s.identifier.clone();
                            s.functions.push(f.identifier.clone());
                        }
                        out.functions.push(f);
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(out)
}

/// Old-style links: all `Send` first, then all `Receive` (as xknxproject orders them).
fn finish_links(mut co: ComObjectInstance) -> ComObjectInstance {
    let old_style = |l: &str| l.starts_with("S:") || l.starts_with("R:");
    if co.links.split(' ').any(old_style) {
        let mut links = String::with_capacity(co.links.len());
        for kind in ["S:", "R:"] {
            for link in co.links.split(' ').filter_map(|l| l.strip_prefix(kind)) {
                if !links.is_empty() {
                    links.push(' ');
                }
                links.push_str(link);
            }
        }
        co.links = links;
    }
    co
}

/// (area, line) addresses of the innermost open line, if any.
fn innermost_line(stack: &[Frame]) -> Option<(u32, u32)> {
    let mut line = None;
    let mut area = None;
    for f in stack.iter().rev() {
        match f {
            Frame::Line(l) if line.is_none() => line = Some(l.address),
            Frame::Area(a) if area.is_none() => area = Some(a.address),
            _ => {}
        }
    }
    Some((area?, line?))
}

fn int_attr(a: &Attrs, key: &str, element: &str, file: &str) -> Result<u32> {
    let v = a.required(key, element, file)?;
    v.trim()
        .parse()
        .map_err(|_| Error::invalid(file, format!("<{element} {key}={v:?}> is not a number")))
}

fn group_address(a: &Attrs, file: &str) -> Result<XmlGroupAddress> {
    let id = a.required("Id", "GroupAddress", file)?;
    let identifier = split_prefix(id)
        .ok_or_else(|| {
            Error::invalid(
                file,
                format!("GroupAddress Id {id:?} has no project prefix"),
            )
        })?
        .into();
    let raw_address = int_attr(a, "Address", "GroupAddress", file)?;
    if raw_address > 0xffff {
        return Err(Error::invalid(
            file,
            format!("group address {raw_address} is out of range"),
        ));
    }
    Ok(XmlGroupAddress {
        identifier,
        raw_address,
        name: a.string("Name").into_boxed_str(),
        project_uid: a.opt_int("Puid", file)?,
        description: a.string("Description").into_boxed_str(),
        dpt: parse_dpts(a.get("DatapointType")).into_iter().next(),
        data_secure: a.get("Key").is_some_and(|k| !k.is_empty()),
        comment: crate::util::comment_text(&a.string("Comment")).into_boxed_str(),
    })
}

fn group_range(a: &Attrs, file: &str) -> Result<XmlGroupRange> {
    Ok(XmlGroupRange {
        name: a.string("Name"),
        start: int_attr(a, "RangeStart", "GroupRange", file)?,
        end: int_attr(a, "RangeEnd", "GroupRange", file)?,
        group_addresses: Vec::new(),
        ranges: Vec::new(),
        comment: a.string("Comment"),
    })
}

fn device(a: &Attrs, area: u32, line: u32, file: &str) -> Result<DeviceInstance> {
    let product_ref = a.string("ProductRefId");
    let address = match a.get("Address") {
        // Devices without an individual address (power supplies...) are dropped later.
        None => u32::MAX,
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| Error::invalid(file, format!("device address {v:?} is not a number")))?,
    };
    Ok(DeviceInstance {
        identifier: a.string("Id"),
        address,
        area,
        line,
        project_uid: a.opt_int("Puid", file)?,
        name: a.string("Name"),
        description: a.string("Description"),
        manufacturer: product_ref
            .split('_')
            .next()
            .unwrap_or_default()
            .to_string(),
        product_ref,
        hardware_program_ref: a.string("Hardware2ProgramRefId"),
        ..Default::default()
    })
}

fn com_object(a: &Attrs, uses_connectors: bool, file: &str) -> Result<ComObjectInstance> {
    let links = match a.get("Links") {
        Some(links) if !uses_connectors => links.to_string(),
        _ => String::new(),
    };
    let boxed = |key: &str| a.get(key).map(Box::from);
    Ok(ComObjectInstance {
        ref_id: a.required("RefId", "ComObjectInstanceRef", file)?.into(),
        text: boxed("Text"),
        function_text: boxed("FunctionText"),
        read: parse_flag(a.get("ReadFlag")),
        write: parse_flag(a.get("WriteFlag")),
        communication: parse_flag(a.get("CommunicationFlag")),
        transmit: parse_flag(a.get("TransmitFlag")),
        update: parse_flag(a.get("UpdateFlag")),
        read_on_init: parse_flag(a.get("ReadOnInitFlag")),
        dpts: parse_dpts(a.get("DatapointType")),
        description: boxed("Description"),
        channel: boxed("ChannelId"),
        links,
        module: None,
    })
}

fn space(a: &Attrs, file: &str) -> Result<XmlSpace> {
    Ok(XmlSpace {
        identifier: a.required("Id", "Space", file)?.to_string(),
        name: a.string("Name"),
        space_type: a.string("Type"),
        usage_id: a.opt("Usage"),
        number: a.string("Number"),
        description: a.string("Description"),
        project_uid: a.opt_int("Puid", file)?,
        spaces: Vec::new(),
        device_refs: Vec::new(),
        functions: Vec::new(),
    })
}

fn function(a: &Attrs, file: &str) -> Result<XmlFunction> {
    let id = a.required("Id", "Function", file)?;
    Ok(XmlFunction {
        identifier: split_prefix(id)
            .ok_or_else(|| Error::invalid(file, format!("Function Id {id:?} has no prefix")))?
            .to_string(),
        name: a.string("Name"),
        function_type: a.string("Type"),
        project_uid: a.opt_int("Puid", file)?,
        space_id: String::new(),
        group_addresses: Vec::new(),
    })
}
