//! Reads ETS project files (`.knxproj`, ETS 4, 5 and 6, password-protected or not) into a typed
//! model with the same information, keys and values as the Python library xknxproject.
//!
//! ```no_run
//! let project = knxproj::parse_file("house.knxproj".as_ref(), &knxproj::Options::default())?;
//! println!("{} group addresses", project.group_addresses.len());
//! # Ok::<(), knxproj::Error>(())
//! ```

mod application;
pub mod archive;
mod assemble;
mod build;
pub mod cli;
pub mod error;
pub mod export;
mod hardware;
mod master;
pub mod model;
mod patterns;
mod project;
mod resolve;
pub mod sink;
pub mod util;
pub mod writer;
pub(crate) mod xml;

use std::io::{BufReader, Read, Seek};

pub use archive::Limits;
pub use error::{Error, Result};
pub use model::*;

/// Schema versions that change how files are laid out.
pub const ETS4_MAX_SCHEMA: u32 = 11;
pub const LINKS_ATTRIBUTE_SCHEMA: u32 = 20;
pub const ETS6_SCHEMA: u32 = 21;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// The project password, for protected projects.
    pub password: Option<String>,
    /// Wanted language of texts (`de-DE`, `de`, `De`...); `None` keeps the project's default.
    pub language: Option<String>,
    pub limits: Limits,
}

pub fn parse_file(path: &std::path::Path, options: &Options) -> Result<KnxProject> {
    let mut sink = sink::ModelSink::default();
    parse_file_into(path, options, &mut sink)?;
    Ok(sink.finish())
}

pub fn parse<R: Read + Seek>(reader: R, options: &Options) -> Result<KnxProject> {
    let mut sink = sink::ModelSink::default();
    assemble::parse(reader, None, options, &mut sink)?;
    Ok(sink.finish())
}

/// Reads a project into `sink` part by part (see [`sink::Sink`]); with [`sink::JsonSink`], a
/// large project is written out without ever being held whole in memory. The project's data
/// is checked before anything is given to the sink: an error from a broken project comes
/// before the first part.
pub fn parse_into<R: Read + Seek>(
    reader: R,
    options: &Options,
    sink: &mut impl sink::Sink,
) -> Result<()> {
    assemble::parse(reader, None, options, sink)
}

/// `knxdesk ets parse`: the project's JSON written to `out` while it is read. Not generic, so
/// that its code is made once, here, next to the reader's (fewer pages of a large program
/// touched).
pub fn write_json_file(
    path: &std::path::Path,
    options: &Options,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let mut sink = sink::JsonSink::new(out);
    parse_file_into(path, options, &mut sink)?;
    sink.finish().map(drop)
}

pub fn parse_file_into(
    path: &std::path::Path,
    options: &Options,
    sink: &mut impl sink::Sink,
) -> Result<()> {
    let file = std::fs::File::open(path)?;
    // A second handle: the entries the threads inflate are read from it by position.
    let positional = file.try_clone()?;
    assemble::parse(BufReader::new(file), Some(positional), options, sink)
}

/// The XML schema version from `knx_master.xml`'s namespace (`http://knx.org/xml/project/21`).
pub fn schema_from_namespace(namespace: &str) -> Result<u32> {
    namespace
        .rsplit('/')
        .next()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            Error::UnsupportedSchema(format!(
                "cannot read a schema version from namespace {namespace:?}"
            ))
        })
}
