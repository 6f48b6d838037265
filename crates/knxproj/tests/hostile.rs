//! Malformed and hostile input: each case ends in a typed error, never a panic, never unbounded
//! memory.

use std::io::{Cursor, Write};

use knxproj::{Error, Limits, Options, parse, writer};
use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

mod common;

/// Reads into the model and, beside it, as streamed JSON (see `common::parse_both`).
fn parse_bytes(bytes: Vec<u8>) -> Result<knxproj::KnxProject, Error> {
    common::parse_both(&bytes, &Options::default())
}

/// A zip with the given entries (name, content).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        z.start_file(
            *name,
            SimpleFileOptions::default().compression_method(CompressionMethod::Deflated),
        )
        .unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// A valid generated project with one file replaced (or removed with `None`).
fn with_entry(name: &str, content: Option<&[u8]>) -> Vec<u8> {
    with_entries(&[(name.to_string(), content.map(<[u8]>::to_vec))])
}

/// A valid generated project with files replaced, added, or removed (`None`).
fn with_entries(changes: &[(String, Option<Vec<u8>>)]) -> Vec<u8> {
    let original = writer::to_bytes(&writer::Spec::default());
    let mut src = zip::ZipArchive::new(Cursor::new(original)).unwrap();
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let n = f.name().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if changes.iter().any(|(name, _)| *name == n) {
            continue;
        }
        z.start_file(n, SimpleFileOptions::default()).unwrap();
        z.write_all(&data).unwrap();
    }
    for (name, content) in changes {
        if let Some(c) = content {
            z.start_file(name.as_str(), SimpleFileOptions::default())
                .unwrap();
            z.write_all(c).unwrap();
        }
    }
    z.finish().unwrap().into_inner()
}

const MASTER_HEAD: &str =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<KNX xmlns=\"http://knx.org/xml/project/21\">";

#[test]
fn not_a_zip() {
    for bytes in [
        b"".to_vec(),
        b"hello world".to_vec(),
        b"PK\x03\x04garbage".to_vec(),
        vec![0u8; 10_000],
    ] {
        let err = parse_bytes(bytes).unwrap_err();
        assert!(
            matches!(err, Error::NotAZip(_) | Error::Corrupt(_)),
            "{err}"
        );
    }
}

#[test]
fn truncated_zip() {
    let good = writer::to_bytes(&writer::Spec::default());
    for cut in [good.len() / 2, good.len() - 30, 100] {
        let err = parse_bytes(good[..cut].to_vec()).unwrap_err();
        assert!(
            matches!(
                err,
                Error::NotAZip(_) | Error::Corrupt(_) | Error::Xml { .. }
            ),
            "{cut}: {err}"
        );
    }
}

#[test]
fn zip_bomb_is_stopped_while_inflating() {
    // 200 MiB of zeros deflate to ~200 KiB: ratio ~1000:1. A `<` every MiB keeps the run of
    // text short of the reader's own text bound, so the ratio is what stops it.
    let mut content = MASTER_HEAD.as_bytes().to_vec();
    content.extend_from_slice(b"<!--");
    for _ in 0..200 {
        content.push(b'<');
        content.resize(content.len() + (1 << 20), 0);
    }
    let bytes = zip_of(&[
        ("knx_master.xml", &content),
        ("P-0001.signature", b"x"),
        ("P-0001/project.xml", b"<x/>"),
        ("P-0001/0.xml", b"<x/>"),
    ]);
    assert!(bytes.len() < 2 << 20);
    let err = parse_bytes(bytes).unwrap_err();
    assert!(matches!(err, Error::TooLarge(_)), "{err}");
    // Absolute caps hold too, whatever the ratio.
    let small = Limits {
        max_entry_bytes: 1000,
        ..Limits::default()
    };
    let err = parse(
        Cursor::new(writer::to_bytes(&writer::Spec::default())),
        &Options {
            limits: small,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, Error::TooLarge(_)), "{err}");
}

#[test]
fn path_traversal_and_absolute_names() {
    for evil in [
        "../../etc/passwd",
        "/etc/passwd",
        "P-0001/../../x.xml",
        "C:\\windows\\x",
    ] {
        let bytes = zip_of(&[
            ("knx_master.xml", MASTER_HEAD.as_bytes()),
            ("P-0001.signature", b"x"),
            (evil, b"x"),
        ]);
        let err = parse_bytes(bytes).unwrap_err();
        assert!(matches!(err, Error::UnsafeEntryName(_)), "{evil}: {err}");
    }
}

#[test]
fn missing_files() {
    let err = parse_bytes(with_entry("knx_master.xml", None)).unwrap_err();
    assert!(matches!(err, Error::ProjectNotFound(_)), "{err}");
    let err = parse_bytes(with_entry("P-0A1B/0.xml", None)).unwrap_err();
    assert!(matches!(err, Error::ProjectNotFound(_)), "{err}");
    let err = parse_bytes(with_entry("P-0A1B.signature", None)).unwrap_err();
    assert!(matches!(err, Error::ProjectNotFound(_)), "{err}");
    let err = parse_bytes(zip_of(&[("readme.txt", b"hello")])).unwrap_err();
    assert!(matches!(err, Error::ProjectNotFound(_)), "{err}");
}

#[test]
fn malformed_xml() {
    for bad in [
        &b"<KNX><Project>"[..],
        b"<KNX></Project>",
        b"not xml at all <<<",
        b"<KNX a=\"1\" a=\"2\"><",
    ] {
        let err = parse_bytes(with_entry("P-0A1B/0.xml", Some(bad))).unwrap_err();
        assert!(
            matches!(err, Error::Xml { .. }),
            "{}: {err}",
            String::from_utf8_lossy(bad)
        );
    }
    // Entity expansion ("billion laughs") is refused outright.
    let laughs = b"<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><KNX>&b;</KNX>";
    let err = parse_bytes(with_entry("P-0A1B/0.xml", Some(laughs))).unwrap_err();
    assert!(matches!(err, Error::Xml { .. }), "{err}");
}

#[test]
fn missing_required_attributes() {
    let project = |body: &str| {
        format!(
            "{MASTER_HEAD}<Project Id=\"P-0A1B\"><Installations><Installation>{body}</Installation></Installations></Project></KNX>"
        )
    };
    let cases = [
        project(
            "<GroupAddresses><GroupRanges><GroupRange Name=\"x\" RangeEnd=\"10\"/></GroupRanges></GroupAddresses>",
        ),
        project(
            "<GroupAddresses><GroupRanges><GroupRange Name=\"x\" RangeStart=\"1\" RangeEnd=\"10\"><GroupAddress Id=\"P-0A1B-0_GA-1\" Name=\"a\"/></GroupRange></GroupRanges></GroupAddresses>",
        ),
        project(
            "<GroupAddresses><GroupRanges><GroupRange Name=\"x\" RangeStart=\"1\" RangeEnd=\"10\"><GroupAddress Address=\"1\" Name=\"a\"/></GroupRange></GroupRanges></GroupAddresses>",
        ),
        project(
            "<GroupAddresses><GroupRanges><GroupRange Name=\"x\" RangeStart=\"a\" RangeEnd=\"10\"/></GroupRanges></GroupAddresses>",
        ),
        project("<Topology><Area Name=\"a\"/></Topology>"),
        project(
            "<GroupAddresses><GroupRanges><GroupRange RangeStart=\"1\" RangeEnd=\"10\"><GroupAddress Id=\"P-0A1B-0_GA-1\" Address=\"99999999\"/></GroupRange></GroupRanges></GroupAddresses>",
        ),
    ];
    for c in &cases {
        let err = parse_bytes(with_entry("P-0A1B/0.xml", Some(c.as_bytes()))).unwrap_err();
        assert!(matches!(err, Error::InvalidData { .. }), "{c}: {err}");
    }
    let no_style = format!(
        "{MASTER_HEAD}<Project Id=\"P-0A1B\"><ProjectInformation Name=\"x\"/></Project></KNX>"
    );
    let err = parse_bytes(with_entry("P-0A1B/project.xml", Some(no_style.as_bytes()))).unwrap_err();
    assert!(matches!(err, Error::InvalidData { .. }), "{err}");
    assert!(err.to_string().contains("GroupAddressStyle"));
}

#[test]
fn unknown_schema() {
    for master in [
        "<?xml version=\"1.0\"?>\n<KNX xmlns=\"http://knx.org/xml/project/abc\">",
        "<?xml version=\"1.0\"?>\n<KNX>",
        "",
    ] {
        let err = parse_bytes(with_entry("knx_master.xml", Some(master.as_bytes()))).unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedSchema(_)),
            "{master}: {err}"
        );
    }
}

#[test]
fn every_prefix_of_a_project_fails_cleanly() {
    // Cheap exhaustive robustness check over truncations of the XML of 0.xml.
    let spec = writer::Spec {
        devices: 2,
        group_addresses: 3,
        ..Default::default()
    };
    let full = writer::to_bytes(&spec);
    let mut z = zip::ZipArchive::new(Cursor::new(full)).unwrap();
    let mut zero = String::new();
    std::io::Read::read_to_string(&mut z.by_name("P-0A1B/0.xml").unwrap(), &mut zero).unwrap();
    for cut in (0..zero.len()).step_by(97) {
        let _ = parse_bytes(with_entry("P-0A1B/0.xml", Some(&zero.as_bytes()[..cut])));
    }
}

#[test]
fn a_broken_master_file_is_reported_while_application_programs_wait_for_its_language() {
    // The application programs are read beside knx_master.xml and wait for the language it
    // names; a master file that breaks before naming it must end the wait, and its error wins.
    let broken = format!(
        "{MASTER_HEAD}<MasterData><ProductLanguages><Language Identifier=\"de-DE\"/></Oops>"
    );
    let bytes = with_entry("knx_master.xml", Some(broken.as_bytes()));
    assert!(
        zip::ZipArchive::new(Cursor::new(bytes.clone()))
            .unwrap()
            .file_names()
            .any(|n| n.contains("_A-")),
        "the generated project has application programs"
    );
    let options = Options {
        language: Some("de-DE".into()),
        ..Default::default()
    };
    let err = parse(Cursor::new(bytes), &options).unwrap_err();
    assert!(
        matches!(&err, Error::Xml { file, .. } if file == "knx_master.xml"),
        "{err}"
    );
}

#[test]
fn group_addresses_sharing_an_address_keep_the_last_and_every_link() {
    // ETS does not allow it, but a hand-edited project can give two group addresses one
    // address: the last one is kept (as xknxproject keeps it), and communication objects
    // linked to the other still link to that address.
    let original = writer::to_bytes(&writer::Spec::default());
    let mut src = zip::ZipArchive::new(Cursor::new(original)).unwrap();
    let mut project = String::new();
    std::io::Read::read_to_string(&mut src.by_name("P-0A1B/0.xml").unwrap(), &mut project).unwrap();
    let second = "Id=\"P-0A1B-0_GA-2\" Address=\"2049\"";
    assert!(project.contains(second));
    let project = project.replace(second, "Id=\"P-0A1B-0_GA-2\" Address=\"2048\"");
    let p = parse_bytes(with_entry("P-0A1B/0.xml", Some(project.as_bytes()))).unwrap();

    assert_eq!(p.group_addresses.len(), 11);
    assert!(!p.group_addresses.contains_key("1/0/1"));
    let shared = &p.group_addresses["1/0/0"];
    assert!(shared.identifier.ends_with("GA-2"), "{}", shared.identifier);
    assert_eq!(
        shared.communication_object_ids.len(),
        2,
        "{:?}",
        shared.communication_object_ids
    );
    for id in &shared.communication_object_ids {
        let links = &p.communication_objects[id].group_address_links;
        assert!(links.iter().any(|l| &**l == "1/0/0"), "{id}: {links:?}");
    }
}

#[test]
fn an_application_program_no_device_uses_is_left_at_its_objects_broken_or_not() {
    // Programs are started before the project says which it uses; one it does not use stops on
    // reaching its objects, and whatever it holds, an error included, does not count.
    let original = parse_bytes(writer::to_bytes(&writer::Spec::default())).unwrap();
    let head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<KNX xmlns=\"http://knx.org/xml/project/21\">\
        <ManufacturerData><Manufacturer RefId=\"M-0083\"><ApplicationPrograms>\
        <ApplicationProgram Id=\"M-0083_A-FFFF-99-0000\"><Static>";
    for rest in [
        // Broken after its first object: never reached.
        "<ComObjects><ComObject Id=\"M-0083_A-FFFF-99-0000_O-1\" Number=\"1\"/></Oops>",
        // Broken before: an error, of a program nobody uses.
        "<Parameters><Parameter Id=\"p\"></Oops>",
        // Not even XML.
        "\u{0}\u{1}<<<",
    ] {
        let program = format!("{head}{rest}");
        let bytes = with_entry("M-0083/M-0083_A-FFFF-99-0000.xml", Some(program.as_bytes()));
        let read = parse_bytes(bytes).unwrap_or_else(|e| panic!("{rest}: {e}"));
        assert_eq!(read, original, "{rest}");
    }
}

#[test]
fn a_program_cut_short_by_its_directory_entry_is_an_error_read_from_a_file_too() {
    // From a file, programs are read by position where the directory says they are; a size
    // that cuts the program short must end in an error, as it does from memory. (A size too
    // long is harmless: the deflate stream ends where it ends, and its CRC-32 is checked.)
    let mut bytes = writer::to_bytes(&writer::Spec::default());
    let program = zip::ZipArchive::new(Cursor::new(bytes.clone()))
        .unwrap()
        .file_names()
        .find(|n| n.contains("_A-"))
        .unwrap()
        .to_string();
    // The central directory entry of the program: its compressed size is at offset 20.
    let mut at = None;
    for i in 0..bytes.len() - 46 {
        if bytes[i..i + 4] == *b"PK\x01\x02" {
            let name_len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            if bytes.get(i + 46..i + 46 + name_len) == Some(program.as_bytes()) {
                at = Some(i + 20);
            }
        }
    }
    let at = at.expect("the program's directory entry");
    bytes[at..at + 4].copy_from_slice(&40u32.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.knxproj");
    std::fs::write(&path, &bytes).unwrap();
    let from_file = knxproj::parse_file(&path, &Options::default());
    let from_memory = parse(Cursor::new(bytes), &Options::default());
    let (Err(from_file), Err(from_memory)) = (from_file, from_memory) else {
        panic!("a program cut short was read");
    };
    assert_eq!(
        from_file.code(),
        from_memory.code(),
        "{from_file} / {from_memory}"
    );
}

#[test]
fn an_archive_with_more_programs_than_a_project_has_reads_only_those_used() {
    // Beyond a few dozen programs, none is started before the project is read: only those
    // its devices use are read then, and the rest, broken or not, cost nothing.
    let original = parse_bytes(writer::to_bytes(&writer::Spec::default())).unwrap();
    let junk: Vec<(String, Option<Vec<u8>>)> = (0..100)
        .map(|n| {
            let name = format!("M-0083/M-0083_A-{n:04X}-99-0000.xml");
            (name, Some(b"not even XML <<<".to_vec()))
        })
        .collect();
    let bytes = with_entries(&junk);
    assert_eq!(parse_bytes(bytes.clone()).unwrap(), original);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.knxproj");
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(
        knxproj::parse_file(&path, &Options::default()).unwrap(),
        original
    );
}

/// Every text the reader keeps is bounded: a long attribute is refused naming it and its
/// element, and a huge one (a 190 MB project name fits a stored archive under the upload
/// limit) is refused after 16 MiB of it, before it is held whole.
#[test]
fn huge_texts_are_refused_naming_their_element() {
    // Letters that do not compress well, so no ratio limit steps in first.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut letters = move |n: usize| -> String {
        (0..n)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from(b'a' + (seed % 26) as u8)
            })
            .collect()
    };
    let mut project = |name_len: usize| {
        writer::to_bytes(&writer::Spec {
            name: letters(name_len),
            ..Default::default()
        })
    };
    let err = parse_bytes(project((1 << 20) + 1)).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidData { message, .. }
            if message.contains("the Name of <ProjectInformation> is longer than 1 MiB")),
        "{err}"
    );
    let err = parse_bytes(project(17 << 20)).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidData { message, .. }
            if message.contains("<ProjectInformation> holds a text longer than 16 MiB")),
        "{err}"
    );
    // Just under the bound is a project like any other.
    assert_eq!(
        parse_bytes(project(1 << 20)).unwrap().info.name.len(),
        1 << 20
    );
}
