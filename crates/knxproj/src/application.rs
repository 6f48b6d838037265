//! Application programs (`M-xxxx/M-xxxx_A-....xml`, up to tens of MB): streamed once per file,
//! keeping only the com objects, references, channels and module data the project's devices use.

use std::{
    borrow::Cow,
    collections::{HashMap, HashSet},
    io::BufRead,
    sync::OnceLock,
};

use crate::{
    Dpt, Text,
    error::Result,
    util::{parse_dpas, parse_dpts, parse_flag, parse_functional_blocks},
    xml::{Attrs, Node, Tag, Xml},
};

#[derive(Debug, Clone, Default)]
pub struct ComObject {
    pub name: Option<Text>,
    pub text: Option<Text>,
    pub number: i64,
    pub function_text: Option<Text>,
    pub object_size: Option<Text>,
    pub flags: [Option<bool>; 6],
    pub dpts: Vec<Dpt>,
    pub base_number: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ComObjectRef {
    pub ref_id: String,
    pub name: Option<Text>,
    pub text: Option<Text>,
    pub function_text: Option<Text>,
    pub object_size: Option<Text>,
    pub flags: [Option<bool>; 6],
    pub dpts: Vec<Dpt>,
    pub text_parameter_ref_id: Option<String>,
    pub dpas: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct AppChannel {
    pub name: String,
    pub text: Option<Text>,
    pub text_parameter_ref_id: Option<String>,
    pub semantics: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Allocator {
    pub start: i64,
}

#[derive(Debug, Clone, Default)]
pub struct ArgumentInfo {
    pub name: String,
    pub allocates: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct NumericArg {
    pub base_value: Option<String>,
}

#[derive(Debug, Default)]
pub struct Application {
    pub com_objects: HashMap<String, ComObject>,
    pub com_object_refs: HashMap<String, ComObjectRef>,
    pub allocators: HashMap<String, Allocator>,
    pub arguments: HashMap<String, ArgumentInfo>,
    pub numeric_args: HashMap<String, NumericArg>,
    pub channels: HashMap<String, AppChannel>,
}

/// What a project's devices use of a program: its objects' references, and its modules'
/// arguments. Known only once the project is read; a program's reading starts before (its
/// first part, code and parameters, needs nothing of the project) and waits for it on reaching
/// its objects.
#[derive(Debug, Default)]
pub struct Used {
    refs: HashSet<String>,
    arguments: HashSet<String>,
    /// The objects the references point to: a reference's id is its object's id with `_R-n`
    /// added (KNX's id scheme, followed in every reference file we have). A program's objects
    /// can far outnumber the ones used (2,415 to a few dozen in one), so only those are kept.
    /// `None`: some reference does not follow the scheme, and every object is kept.
    objects: Option<HashSet<String>>,
}

impl Used {
    pub fn new(refs: HashSet<String>, arguments: HashSet<String>) -> Used {
        let objects = refs
            .iter()
            .map(|r| r.rfind("_R-").map(|end| r[..end].to_string()))
            .collect();
        Used {
            refs,
            arguments,
            objects,
        }
    }

    fn wants_object(&self, id: &str) -> bool {
        self.objects.as_ref().is_none_or(|o| o.contains(id))
    }
}

/// `Used`, waited for on first need; `None` in the cell: no device uses the program.
struct Needs<'u> {
    cell: &'u OnceLock<Option<Used>>,
    got: Option<&'u Used>,
}

impl<'u> Needs<'u> {
    fn get(&mut self, app: &mut Application) -> Option<&'u Used> {
        if self.got.is_none() {
            let used = self.cell.wait().as_ref()?;
            for arg in &used.arguments {
                app.arguments.insert(arg.clone(), ArgumentInfo::default());
            }
            self.got = Some(used);
        }
        self.got
    }
}

/// Flags in the order read, write, communication, transmit, update, read-on-init.
fn flags(a: &Attrs, default: Option<bool>) -> [Option<bool>; 6] {
    [
        "ReadFlag",
        "WriteFlag",
        "CommunicationFlag",
        "TransmitFlag",
        "UpdateFlag",
        "ReadOnInitFlag",
    ]
    .map(|k| parse_flag(a.get(k)).or(default))
}

/// What is read of a program outside its translations.
const READ: &[&[u8]] = &[
    b"ComObject",
    b"ComObjectRef",
    b"Allocator",
    b"Argument",
    b"NumericArg",
    b"Channel",
];

/// One of the elements read from a program's static and dynamic parts (see `READ`).
fn read_element(tag: &Tag, app: &mut Application, used: &Used) -> Result<()> {
    match tag.name() {
        b"ComObject" => {
            // Only the id of objects no used reference points to is read.
            if !tag.attr("Id")?.is_some_and(|id| used.wants_object(&id)) {
                return Ok(());
            }
            let a = tag.attrs()?;
            let id = a.string("Id");
            app.com_objects.insert(
                id,
                ComObject {
                    name: a.get("Name").map(Text::from),
                    text: a.get("Text").map(Text::from),
                    number: a
                        .get("Number")
                        .and_then(|n| n.trim().parse().ok())
                        .unwrap_or(0),
                    function_text: a.get("FunctionText").map(Text::from),
                    object_size: a.get("ObjectSize").map(Text::from),
                    flags: flags(&a, Some(false)),
                    dpts: parse_dpts(a.get("DatapointType")),
                    base_number: a.opt("BaseNumber"),
                },
            );
        }
        b"ComObjectRef" => {
            // Only the id of references no device uses is read.
            if !tag
                .attr("Id")?
                .is_some_and(|id| used.refs.contains(id.as_ref()))
            {
                return Ok(());
            }
            let a = tag.attrs()?;
            app.com_object_refs.insert(
                a.string("Id"),
                ComObjectRef {
                    ref_id: a.string("RefId"),
                    name: a.get("Name").map(Text::from),
                    text: a.get("Text").map(Text::from),
                    function_text: a.get("FunctionText").map(Text::from),
                    object_size: a.get("ObjectSize").map(Text::from),
                    flags: flags(&a, None),
                    dpts: parse_dpts(a.get("DatapointType")),
                    text_parameter_ref_id: a.opt("TextParameterRefId"),
                    dpas: parse_dpas(a.get("Semantics")),
                },
            );
        }
        b"Allocator" => {
            let a = tag.attrs()?;
            app.allocators.insert(
                a.string("Id"),
                Allocator {
                    start: a.get("Start").and_then(|s| s.parse().ok()).unwrap_or(0),
                },
            );
        }
        b"Argument" => {
            let a = tag.attrs()?;
            if let Some(info) = a.get("Id").and_then(|id| app.arguments.get_mut(id)) {
                info.name = a.string("Name");
                info.allocates = a.get("Allocates").and_then(|v| v.parse().ok());
            }
        }
        b"NumericArg" => {
            let a = tag.attrs()?;
            if let Some(r) = a.get("RefId").filter(|r| used.arguments.contains(*r)) {
                app.numeric_args.insert(
                    r.to_string(),
                    NumericArg {
                        base_value: a.opt("BaseValue"),
                    },
                );
            }
        }
        b"Channel" => {
            let a = tag.attrs()?;
            app.channels.insert(
                a.string("Id"),
                AppChannel {
                    name: a.string("Name"),
                    text: a.get("Text").map(Text::from),
                    text_parameter_ref_id: a.opt("TextParameterRefId"),
                    semantics: parse_functional_blocks(a.get("Semantics")),
                },
            );
        }
        _ => {}
    }
    Ok(())
}

/// Reads a program; `None` when `used` says no device uses it (found out on reaching its
/// objects, when reading stops).
pub fn parse<R: BufRead>(
    reader: R,
    file: &str,
    used: &OnceLock<Option<Used>>,
    language: &OnceLock<Option<String>>,
) -> Result<Option<Application>> {
    let mut xml = Xml::new(reader, file);
    let mut app = Application::default();
    let mut needs = Needs {
        cell: used,
        got: None,
    };
    // Translations: (RefId → attribute → text), for the chosen language only.
    let mut translations: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut in_languages = false;
    let mut in_language = false;
    let mut translating: Option<String> = None;
    // Ids whose translations matter (known once the static part has been read).
    let mut wanted: HashSet<String> = HashSet::new();
    while let Some(node) = xml.next()? {
        let Node::Open(tag) = node else { continue };
        let mut skip = false;
        match tag.name() {
            // Parameters, code and load procedures are most of an application program and hold
            // nothing we show: skipped unseen.
            b"ParameterTypes"
            | b"Parameters"
            | b"ParameterRefs"
            | b"ParameterCalculations"
            | b"ParameterValidations"
            | b"Code"
            | b"LoadProcedures"
            | b"Messages"
            | b"Script"
            | b"BusInterfaces"
            | b"Extension"
                if !in_languages =>
            {
                skip = true
            }
            b"Dynamic" if !in_languages => {
                // The parameter dialogs (thousands of choose/when/ParameterRefRef elements):
                // only the elements we read are looked at, found by a scan.
                let Some(used) = needs.get(&mut app) else {
                    return Ok(None);
                };
                while let Some(tag) = xml.next_within(READ)? {
                    read_element(&tag, &mut app, used)?;
                }
            }
            name if !in_languages && READ.contains(&name) => {
                let Some(used) = needs.get(&mut app) else {
                    return Ok(None);
                };
                read_element(&tag, &mut app, used)?;
            }
            b"Languages" if !in_languages => {
                in_languages = true;
                // The language is published by the reader of knx_master.xml, long before a
                // program's translations are reached; waiting here is the exception.
                if language.wait().is_none() {
                    break;
                }
                wanted.extend(app.com_object_refs.keys().cloned());
                wanted.extend(app.com_object_refs.values().map(|r| r.ref_id.clone()));
                wanted.extend(app.channels.keys().cloned());
            }
            b"Language" if in_languages => {
                if in_language {
                    // The wanted language is done; nothing after it matters.
                    break;
                }
                in_language = tag.attr("Identifier")?.as_deref() == language.wait().as_deref();
                skip = !in_language;
            }
            b"TranslationElement" if in_language => {
                translating = tag
                    .attr("RefId")?
                    .filter(|r| wanted.contains(r.as_ref()))
                    .map(Cow::into_owned);
                // Most translations are of parameters: passed over unseen.
                skip = translating.is_none();
            }
            b"Translation" if in_language => {
                if let Some(r) = &translating {
                    let a = tag.attrs()?;
                    if let (Some(attr), Some(text)) = (a.get("AttributeName"), a.get("Text")) {
                        translations
                            .entry(r.clone())
                            .or_default()
                            .insert(attr.to_string(), text.to_string());
                    }
                }
            }
            _ => {}
        }
        if skip {
            xml.skip()?;
        }
    }
    apply_translations(&mut app, &translations);
    Ok(Some(app))
}

fn apply_translations(
    app: &mut Application,
    translations: &HashMap<String, HashMap<String, String>>,
) {
    let get = |id: &str, attr: &str| {
        translations
            .get(id)
            .and_then(|t| t.get(attr))
            .filter(|s| !s.is_empty())
            .cloned()
    };
    for (id, r) in app.com_object_refs.iter_mut() {
        if let Some(t) = get(id, "Text") {
            r.text = Some(t.into());
        }
        if let Some(t) = get(id, "FunctionText") {
            r.function_text = Some(t.into());
        }
    }
    for (id, o) in app.com_objects.iter_mut() {
        if let Some(t) = get(id, "Text") {
            o.text = Some(t.into());
        }
        if let Some(t) = get(id, "FunctionText") {
            o.function_text = Some(t.into());
        }
    }
    for (id, c) in app.channels.iter_mut() {
        if let Some(t) = get(id, "Text") {
            c.text = Some(t.into());
        }
    }
}

#[cfg(test)]
mod used_tests {
    use super::*;

    fn set(items: &[&str]) -> HashSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn only_the_objects_the_used_references_point_to_are_wanted() {
        let used = Used::new(
            set(&["M-0083_A-0013_O-1_R-1", "M-0083_A-0013_MD-1_O-3-1_R-12"]),
            HashSet::new(),
        );
        assert!(used.wants_object("M-0083_A-0013_O-1"));
        assert!(used.wants_object("M-0083_A-0013_MD-1_O-3-1"));
        assert!(!used.wants_object("M-0083_A-0013_O-2"));
        assert!(!used.wants_object("M-0083_A-0013_O-1_R-1"));
        assert!(!used.wants_object("M-0083_A-0013"));
    }

    #[test]
    fn a_reference_outside_the_id_scheme_keeps_every_object() {
        let used = Used::new(set(&["M-0083_A-0013_O-1_R-1", "odd"]), HashSet::new());
        assert!(used.wants_object("M-0083_A-0013_O-2"));
        assert!(used.wants_object("anything"));
    }
}
