//! Where a parsed project goes, part by part, in the order of xknxproject's JSON: into the model
//! in memory ([`ModelSink`]), or straight out as JSON ([`JsonSink`]), so that a large project's
//! communication objects and devices are written one at a time and never all held at once.

use std::io::Write;

use indexmap::IndexMap;
use serde::Serialize;

use crate::{error::Result, model::*};

/// Receives a project's parts in this order: info, each communication object, topology, each
/// device, group addresses, group ranges, locations, functions. Keys arrive once each.
pub trait Sink {
    /// How many communication objects, devices and group addresses will come (a hint for
    /// sizing).
    fn expect(&mut self, _communication_objects: usize, _devices: usize, _group_addresses: usize) {}
    fn info(&mut self, info: ProjectInfo) -> Result<()>;
    fn communication_object(&mut self, key: Text, object: CommunicationObject) -> Result<()>;
    fn topology(&mut self, topology: IndexMap<String, Area>) -> Result<()>;
    fn device(&mut self, key: Text, device: Device) -> Result<()>;
    /// In order of address, one per address.
    fn group_address(&mut self, address: GroupAddress) -> Result<()>;
    fn group_ranges(&mut self, ranges: IndexMap<String, GroupRange>) -> Result<()>;
    fn locations(&mut self, locations: IndexMap<String, Space>) -> Result<()>;
    fn functions(&mut self, functions: IndexMap<String, Function>) -> Result<()>;
}

/// Collects the whole [`KnxProject`].
#[derive(Default)]
pub struct ModelSink {
    project: KnxProject,
}

impl ModelSink {
    pub fn finish(mut self) -> KnxProject {
        self.project.communication_objects.shrink_to_fit();
        self.project.devices.shrink_to_fit();
        self.project
    }
}

impl Sink for ModelSink {
    fn expect(&mut self, communication_objects: usize, devices: usize, group_addresses: usize) {
        // Sized up front: grown by doubling, the biggest map of a large project was held twice
        // while moving and ended up to twice its size (measured with heaptrack).
        self.project
            .communication_objects
            .reserve(communication_objects);
        self.project.devices.reserve(devices);
        self.project.group_addresses.reserve(group_addresses);
    }
    fn info(&mut self, info: ProjectInfo) -> Result<()> {
        self.project.info = info;
        Ok(())
    }
    fn communication_object(&mut self, key: Text, object: CommunicationObject) -> Result<()> {
        self.project.communication_objects.insert(key, object);
        Ok(())
    }
    fn topology(&mut self, topology: IndexMap<String, Area>) -> Result<()> {
        self.project.topology = topology;
        Ok(())
    }
    fn device(&mut self, key: Text, device: Device) -> Result<()> {
        self.project.devices.insert(key, device);
        Ok(())
    }
    fn group_address(&mut self, address: GroupAddress) -> Result<()> {
        self.project
            .group_addresses
            .insert(address.address.clone(), address);
        Ok(())
    }
    fn group_ranges(&mut self, ranges: IndexMap<String, GroupRange>) -> Result<()> {
        self.project.group_ranges = ranges;
        Ok(())
    }
    fn locations(&mut self, locations: IndexMap<String, Space>) -> Result<()> {
        self.project.locations = locations;
        Ok(())
    }
    fn functions(&mut self, functions: IndexMap<String, Function>) -> Result<()> {
        self.project.functions = functions;
        Ok(())
    }
}

/// The top-level keys of the JSON, in order (as [`KnxProject`] serializes them).
const SECTIONS: [&str; 8] = [
    "info",
    "communication_objects",
    "topology",
    "devices",
    "group_addresses",
    "group_ranges",
    "locations",
    "functions",
];
const INFO: usize = 0;
const COMMUNICATION_OBJECTS: usize = 1;
const TOPOLOGY: usize = 2;
const DEVICES: usize = 3;
const GROUP_ADDRESSES: usize = 4;
const GROUP_RANGES: usize = 5;
const LOCATIONS: usize = 6;
const FUNCTIONS: usize = 7;

/// Writes the project as compact JSON, equal to [`KnxProject`]'s serialization, while it is
/// read. Call [`JsonSink::finish`] after a successful parse to close the document.
pub struct JsonSink<W: Write> {
    out: W,
    /// How many top-level keys have been started.
    started: usize,
    /// The streamed section being written, and whether it has an entry yet.
    open: Option<(usize, bool)>,
}

impl<W: Write> JsonSink<W> {
    pub fn new(out: W) -> Self {
        JsonSink {
            out,
            started: 0,
            open: None,
        }
    }

    /// What is being written to (for a failed parse: nothing has been).
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// Closes the document (writing sections nothing was sent to as empty) and flushes.
    pub fn finish(mut self) -> Result<W> {
        self.start(SECTIONS.len())?;
        self.out.write_all(b"}\n").map_err(output)?;
        self.out.flush().map_err(output)?;
        Ok(self.out)
    }

    /// Starts top-level key `index`, after closing an open section and writing the ones
    /// skipped as empty objects.
    fn start(&mut self, index: usize) -> Result<()> {
        if self.open.take().is_some() {
            self.out.write_all(b"}").map_err(output)?;
        }
        while self.started <= index && self.started < SECTIONS.len() {
            let separator: &[u8] = if self.started == 0 { b"{" } else { b"," };
            self.out.write_all(separator).map_err(output)?;
            serde_json::to_writer(&mut self.out, SECTIONS[self.started]).map_err(json_output)?;
            self.out.write_all(b":").map_err(output)?;
            if self.started < index {
                self.out.write_all(b"{}").map_err(output)?;
            }
            self.started += 1;
        }
        Ok(())
    }

    fn whole(&mut self, index: usize, value: &impl Serialize) -> Result<()> {
        self.start(index)?;
        serde_json::to_writer(&mut self.out, value).map_err(json_output)
    }

    fn entry(&mut self, index: usize, key: &str, value: &impl Serialize) -> Result<()> {
        match &mut self.open {
            Some((open, any)) if *open == index => {
                if std::mem::replace(any, true) {
                    self.out.write_all(b",").map_err(output)?;
                }
            }
            _ => {
                self.start(index)?;
                self.out.write_all(b"{").map_err(output)?;
                self.open = Some((index, true));
            }
        }
        serde_json::to_writer(&mut self.out, key).map_err(json_output)?;
        self.out.write_all(b":").map_err(output)?;
        serde_json::to_writer(&mut self.out, value).map_err(json_output)
    }
}

/// A JSON write error: the output failed (serialising the model itself cannot).
fn json_output(e: serde_json::Error) -> crate::Error {
    crate::Error::Output(e.into())
}

fn output(e: std::io::Error) -> crate::Error {
    crate::Error::Output(e)
}

impl<W: Write> Sink for JsonSink<W> {
    fn info(&mut self, info: ProjectInfo) -> Result<()> {
        self.whole(INFO, &info)
    }
    fn communication_object(&mut self, key: Text, object: CommunicationObject) -> Result<()> {
        self.entry(COMMUNICATION_OBJECTS, &key, &object)
    }
    fn topology(&mut self, topology: IndexMap<String, Area>) -> Result<()> {
        self.whole(TOPOLOGY, &topology)
    }
    fn device(&mut self, key: Text, device: Device) -> Result<()> {
        self.entry(DEVICES, &key, &device)
    }
    fn group_address(&mut self, address: GroupAddress) -> Result<()> {
        self.entry(GROUP_ADDRESSES, &address.address, &address)
    }
    fn group_ranges(&mut self, ranges: IndexMap<String, GroupRange>) -> Result<()> {
        self.whole(GROUP_RANGES, &ranges)
    }
    fn locations(&mut self, locations: IndexMap<String, Space>) -> Result<()> {
        self.whole(LOCATIONS, &locations)
    }
    fn functions(&mut self, functions: IndexMap<String, Function>) -> Result<()> {
        self.whole(FUNCTIONS, &functions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut JsonSink<Vec<u8>>)) -> serde_json::Value {
        let mut sink = JsonSink::new(Vec::new());
        f(&mut sink);
        serde_json::from_slice(&sink.finish().unwrap()).unwrap()
    }

    #[test]
    fn sections_nothing_was_sent_to_are_written_empty() {
        let empty = serde_json::to_value(KnxProject::default()).unwrap();
        assert_eq!(written(|s| s.info(ProjectInfo::default()).unwrap()), empty);
        let nothing = written(|_| {});
        let keys: Vec<&String> = nothing.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), SECTIONS.len());
        assert!(SECTIONS.iter().all(|s| nothing[s] == serde_json::json!({})));
    }

    #[test]
    fn streamed_entries_land_under_their_section_in_order() {
        let mut model = ModelSink::default();
        let device = |name: &str| Device {
            name: name.into(),
            hardware_name: "".into(),
            order_number: "".into(),
            description: String::new(),
            manufacturer_name: "".into(),
            individual_address: name.into(),
            application: None,
            project_uid: None,
            communication_object_ids: Vec::new(),
            channels: IndexMap::new(),
        };
        let mut sink = JsonSink::new(Vec::new());
        for s in [&mut sink as &mut dyn Sink, &mut model] {
            s.info(ProjectInfo::default()).unwrap();
            s.device("1.1.2".into(), device("1.1.2")).unwrap();
            s.device("1.1.1".into(), device("1.1.1")).unwrap();
            for (raw, address) in [(1, "0/0/1"), (2, "0/0/2")] {
                s.group_address(GroupAddress {
                    name: address.into(),
                    identifier: format!("GA-{raw}"),
                    raw_address: raw,
                    address: address.into(),
                    project_uid: None,
                    dpt: None,
                    data_secure: false,
                    communication_object_ids: vec!["1.1.1/O-1_R-1".into()],
                    description: String::new(),
                    comment: String::new(),
                })
                .unwrap();
            }
            s.group_ranges(IndexMap::new()).unwrap();
        }
        let text = String::from_utf8(sink.finish().unwrap()).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json, serde_json::to_value(model.finish()).unwrap());
        assert!(text.find("\"1.1.2\"").unwrap() < text.find("\"1.1.1\"").unwrap());
        assert_eq!(json["group_addresses"]["0/0/2"]["identifier"], "GA-2");
    }

    #[test]
    fn a_failed_write_is_an_output_error_not_a_read_error() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut sink = JsonSink::new(Closed);
        let e = sink.info(ProjectInfo::default()).unwrap_err();
        assert_eq!(e.code(), "output");
        assert!(
            e.to_string().starts_with("writing the output failed"),
            "{e}"
        );
    }
}
