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
pub mod error;
pub mod export;
mod hardware;
mod master;
pub mod model;
mod patterns;
mod project;
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

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The project password, for protected projects.
    pub password: Option<String>,
    /// Wanted language of texts (`de-DE`, `de`, `De`...); `None` keeps the project's default.
    pub language: Option<String>,
    pub limits: Limits,
}

pub fn parse_file(path: &std::path::Path, options: &Options) -> Result<KnxProject> {
    let file = std::fs::File::open(path)?;
    parse(BufReader::new(file), options)
}

pub fn parse<R: Read + Seek>(reader: R, options: &Options) -> Result<KnxProject> {
    assemble::parse(reader, options)
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
