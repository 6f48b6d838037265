//! The parsed project, shaped like xknxproject's `KNXProject` so that its JSON (via serde) has
//! the same keys and values. Maps keep insertion order, which follows xknxproject's sorting.

use indexmap::IndexMap;
use serde::Serialize;

/// Text that repeats across a project (addresses, application ids, object names...): shared,
/// not copied, so that large projects stay small in memory.
pub type Text = std::sync::Arc<str>;

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct KnxProject {
    pub info: ProjectInfo,
    pub communication_objects: IndexMap<Text, CommunicationObject>,
    pub topology: IndexMap<String, Area>,
    pub devices: IndexMap<Text, Device>,
    pub group_addresses: IndexMap<Text, GroupAddress>,
    pub group_ranges: IndexMap<String, GroupRange>,
    pub locations: IndexMap<String, Space>,
    pub functions: IndexMap<String, Function>,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct ProjectInfo {
    pub project_id: String,
    pub name: String,
    pub last_modified: Option<String>,
    pub group_address_style: GroupAddressStyle,
    pub guid: Option<String>,
    pub created_by: String,
    pub schema_version: String,
    pub tool_version: String,
    /// The reader that produced this (`knxproj x.y.z`); the one field that differs from
    /// xknxproject's output by design.
    pub xknxproject_version: String,
    pub language_code: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub enum GroupAddressStyle {
    #[default]
    ThreeLevel,
    TwoLevel,
    Free,
}

impl GroupAddressStyle {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ThreeLevel" => Some(Self::ThreeLevel),
            "TwoLevel" => Some(Self::TwoLevel),
            "Free" => Some(Self::Free),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ThreeLevel => "ThreeLevel",
            Self::TwoLevel => "TwoLevel",
            Self::Free => "Free",
        }
    }

    /// A raw 16-bit group address in this style: `1/2/3`, `1/515` or `2563`.
    pub fn format(self, raw: u32) -> String {
        let main = (raw & 0b1111_1000_0000_0000) >> 11;
        match self {
            Self::Free => raw.to_string(),
            Self::ThreeLevel => format!("{main}/{}/{}", (raw & 0b111_0000_0000) >> 8, raw & 0xff),
            Self::TwoLevel => format!("{main}/{}", raw & 0b111_1111_1111),
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dpt {
    pub main: u32,
    pub sub: Option<u32>,
}

impl std::fmt::Display for Dpt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.sub {
            Some(sub) => write!(f, "DPST-{}-{}", self.main, sub),
            None => write!(f, "DPT-{}", self.main),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Flags {
    pub read: bool,
    pub write: bool,
    pub communication: bool,
    pub transmit: bool,
    pub update: bool,
    pub read_on_init: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ModuleInfo {
    pub definition: String,
    pub root_number: i64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CommunicationObject {
    pub name: Text,
    pub number: i64,
    pub text: Text,
    pub function_text: Text,
    pub description: String,
    pub device_address: Text,
    pub device_application: Option<Text>,
    pub module_def: Option<ModuleInfo>,
    pub channel: Option<String>,
    pub dpts: Vec<Dpt>,
    pub object_size: Text,
    pub group_address_links: Vec<Text>,
    pub flags: Flags,
    pub dpas: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Channel {
    pub identifier: String,
    pub name: String,
    pub communication_object_ids: Vec<String>,
    pub functional_blocks: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Device {
    pub name: Text,
    pub hardware_name: Text,
    pub order_number: Text,
    pub description: String,
    pub manufacturer_name: Text,
    pub individual_address: Text,
    pub application: Option<Text>,
    pub project_uid: Option<i64>,
    pub communication_object_ids: Vec<Text>,
    pub channels: IndexMap<String, Channel>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Line {
    pub name: String,
    pub description: Option<String>,
    pub devices: Vec<Text>,
    pub medium_type: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Area {
    pub name: String,
    pub description: Option<String>,
    pub lines: IndexMap<String, Line>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GroupAddress {
    pub name: String,
    pub identifier: String,
    pub raw_address: u32,
    pub address: Text,
    pub project_uid: Option<i64>,
    pub dpt: Option<Dpt>,
    pub data_secure: bool,
    pub communication_object_ids: Vec<Text>,
    pub description: String,
    pub comment: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GroupRange {
    pub name: String,
    pub address_start: u32,
    pub address_end: u32,
    pub group_addresses: Vec<Text>,
    pub comment: String,
    pub group_ranges: IndexMap<String, GroupRange>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Space {
    #[serde(rename = "type")]
    pub space_type: String,
    pub identifier: String,
    pub name: String,
    pub usage_id: Option<String>,
    pub usage_text: String,
    pub number: String,
    pub description: String,
    pub project_uid: Option<i64>,
    pub devices: Vec<Text>,
    pub spaces: IndexMap<String, Space>,
    pub functions: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Function {
    pub function_type: String,
    pub group_addresses: IndexMap<Text, GroupAddressRef>,
    pub identifier: String,
    pub name: String,
    pub project_uid: Option<i64>,
    pub space_id: String,
    pub usage_text: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GroupAddressRef {
    pub address: Text,
    pub name: String,
    pub project_uid: Option<i64>,
    pub role: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_styles() {
        assert_eq!(GroupAddressStyle::ThreeLevel.format(2563), "1/2/3");
        assert_eq!(GroupAddressStyle::TwoLevel.format(2563), "1/515");
        assert_eq!(GroupAddressStyle::Free.format(2563), "2563");
        assert_eq!(GroupAddressStyle::ThreeLevel.format(65535), "31/7/255");
    }
}
