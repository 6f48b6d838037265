//! Group address exports in ETS's own import formats:
//! - CSV "1/1": one name column and one address column; ranges are rows with `-` for the levels
//!   below them (`1/-/-`, `1/2/-`);
//! - CSV "3/1": three name columns (main, middle, sub) and one address column;
//! - XML `GroupAddress-Export` (namespace `http://knx.org/xml/ga-export/01`).
//!
//! Every CSV value is quoted; the separator is `;`, `,` or a tab.

use std::fmt::Write as _;

use crate::model::{GroupAddress, GroupAddressStyle, GroupRange, KnxProject};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv11,
    Csv31,
    Xml,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv-1/1" | "csv11" | "csv-1-1" => Some(Format::Csv11),
            "csv-3/1" | "csv31" | "csv-3-1" => Some(Format::Csv31),
            "xml" => Some(Format::Xml),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv11 | Format::Csv31 => "csv",
            Format::Xml => "xml",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv11 | Format::Csv31 => "text/csv; charset=utf-8",
            Format::Xml => "application/xml; charset=utf-8",
        }
    }
}

/// Exports with the given separator (ignored for XML).
pub fn export(project: &KnxProject, format: Format, separator: char) -> String {
    match format {
        Format::Csv11 => csv(project, separator, false),
        Format::Csv31 => csv(project, separator, true),
        Format::Xml => xml(project),
    }
}

/// One quoted CSV cell. A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// a formula to Excel and LibreOffice (`=HYPERLINK(...)` in a group address name from a foreign
/// ETS file would be live), so it gets a leading apostrophe, as OWASP advises: spreadsheets then
/// show the text as typed. The XML export keeps such names exactly. Public: every CSV the
/// application writes uses this one rule.
pub fn csv_cell(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    format!(
        "\"{}{}\"",
        if formula { "'" } else { "" },
        s.replace('"', "\"\"")
    )
}

fn q(s: &str) -> String {
    csv_cell(s)
}

fn dpt(ga: &GroupAddress) -> String {
    ga.dpt.map(|d| d.to_string()).unwrap_or_default()
}

fn security(ga: &GroupAddress) -> &'static str {
    if ga.data_secure { "On" } else { "Auto" }
}

/// The address of a range as ETS writes it: `1/-/-`, `1/2/-`, `1/-`, or `start...end` (free).
fn range_label(key: &str, style: GroupAddressStyle) -> String {
    match style {
        GroupAddressStyle::ThreeLevel => match key.matches('/').count() {
            0 => format!("{key}/-/-"),
            _ => format!("{key}/-"),
        },
        GroupAddressStyle::TwoLevel => format!("{key}/-"),
        GroupAddressStyle::Free => key.to_string(),
    }
}

/// Group addresses that no range contains (free-style projects), in address order.
fn unranged(project: &KnxProject) -> Vec<&GroupAddress> {
    fn collect<'a>(
        ranges: &'a indexmap::IndexMap<String, GroupRange>,
        out: &mut std::collections::HashSet<&'a str>,
    ) {
        for r in ranges.values() {
            out.extend(r.group_addresses.iter().map(|a| &**a));
            collect(&r.group_ranges, out);
        }
    }
    let mut inside = std::collections::HashSet::new();
    collect(&project.group_ranges, &mut inside);
    project
        .group_addresses
        .values()
        .filter(|g| !inside.contains(&*g.address))
        .collect()
}

fn csv(project: &KnxProject, sep: char, three_columns: bool) -> String {
    let mut out = String::new();
    let header: &[&str] = if three_columns {
        &[
            "Main",
            "Middle",
            "Sub",
            "Address",
            "Central",
            "Unfiltered",
            "Description",
            "DatapointType",
            "Security",
        ]
    } else {
        &[
            "Group name",
            "Address",
            "Central",
            "Unfiltered",
            "Description",
            "DatapointType",
            "Security",
        ]
    };
    row(&mut out, sep, header.iter().map(|h| h.to_string()));

    fn names(name: &str, level: usize, three: bool) -> Vec<String> {
        if !three {
            return vec![name.to_string()];
        }
        (0..3)
            .map(|i| {
                if i == level.min(2) {
                    name.to_string()
                } else {
                    String::new()
                }
            })
            .collect()
    }
    fn walk(
        project: &KnxProject,
        ranges: &indexmap::IndexMap<String, GroupRange>,
        level: usize,
        out: &mut String,
        sep: char,
        three: bool,
    ) {
        let style = project.info.group_address_style;
        for (key, r) in ranges {
            let mut cells = names(&r.name, level, three);
            cells.extend([
                range_label(key, style),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "Auto".to_string(),
            ]);
            row(out, sep, cells.into_iter());
            for address in &r.group_addresses {
                if let Some(ga) = project.group_addresses.get(address) {
                    ga_row(out, sep, ga, names(&ga.name, 2, three));
                }
            }
            walk(project, &r.group_ranges, level + 1, out, sep, three);
        }
    }
    fn ga_row(out: &mut String, sep: char, ga: &GroupAddress, mut cells: Vec<String>) {
        cells.extend([
            ga.address.to_string(),
            String::new(),
            String::new(),
            ga.description.clone(),
            dpt(ga),
            security(ga).to_string(),
        ]);
        row(out, sep, cells.into_iter());
    }
    walk(
        project,
        &project.group_ranges,
        0,
        &mut out,
        sep,
        three_columns,
    );
    for ga in unranged(project) {
        ga_row(&mut out, sep, ga, names(&ga.name, 2, three_columns));
    }
    out
}

fn row(out: &mut String, sep: char, cells: impl Iterator<Item = String>) {
    let line: Vec<String> = cells.map(|c| q(&c)).collect();
    out.push_str(&line.join(&sep.to_string()));
    out.push_str("\r\n");
}

fn x(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\n', "&#xA;")
        .replace('\r', "&#xD;")
        // A literal tab in an attribute reads back as a space (XML normalisation).
        .replace('\t', "&#x9;")
}

fn xml(project: &KnxProject) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<GroupAddress-Export xmlns=\"http://knx.org/xml/ga-export/01\">\n",
    );
    fn ga_xml(out: &mut String, ga: &GroupAddress, indent: usize) {
        let _ = write!(
            out,
            "{}<GroupAddress Name=\"{}\" Address=\"{}\"",
            "  ".repeat(indent),
            x(&ga.name),
            x(&ga.address)
        );
        if !ga.description.is_empty() {
            let _ = write!(out, " Description=\"{}\"", x(&ga.description));
        }
        if let Some(d) = ga.dpt {
            let _ = write!(out, " DPTs=\"{d}\"");
        }
        if ga.data_secure {
            out.push_str(" Security=\"On\"");
        }
        out.push_str(" />\n");
    }
    fn walk(
        project: &KnxProject,
        ranges: &indexmap::IndexMap<String, GroupRange>,
        indent: usize,
        out: &mut String,
    ) {
        for r in ranges.values() {
            let pad = "  ".repeat(indent);
            let _ = writeln!(
                out,
                "{pad}<GroupRange Name=\"{}\" RangeStart=\"{}\" RangeEnd=\"{}\">",
                x(&r.name),
                r.address_start,
                r.address_end
            );
            for address in &r.group_addresses {
                if let Some(ga) = project.group_addresses.get(address) {
                    ga_xml(out, ga, indent + 1);
                }
            }
            walk(project, &r.group_ranges, indent + 1, out);
            let _ = writeln!(out, "{pad}</GroupRange>");
        }
    }
    walk(project, &project.group_ranges, 1, &mut out);
    for ga in unranged(project) {
        ga_xml(&mut out, ga, 1);
    }
    out.push_str("</GroupAddress-Export>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, parse, writer};

    fn project() -> KnxProject {
        let spec = writer::Spec {
            devices: 2,
            group_addresses: 3,
            objects_per_device: 1,
            ..Default::default()
        };
        parse(
            std::io::Cursor::new(writer::to_bytes(&spec)),
            &Options::default(),
        )
        .unwrap()
    }

    #[test]
    fn csv_1_1() {
        let out = export(&project(), Format::Csv11, ';');
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            r#""Group name";"Address";"Central";"Unfiltered";"Description";"DatapointType";"Security""#
        );
        assert_eq!(lines[1], r#""Main 1";"1/-/-";"";"";"";"";"Auto""#);
        assert_eq!(lines[2], r#""Middle 1/0";"1/0/-";"";"";"";"";"Auto""#);
        assert_eq!(
            lines[3],
            r#""Light 1 & more";"1/0/0";"";"";"generated";"DPST-1-1";"Auto""#
        );
        assert_eq!(lines.len(), 6);
        assert!(
            export(&project(), Format::Csv11, '\t')
                .lines()
                .nth(1)
                .unwrap()
                .contains("\"\t\"")
        );
    }

    #[test]
    fn csv_3_1() {
        let out = export(&project(), Format::Csv31, ';');
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            r#""Main";"Middle";"Sub";"Address";"Central";"Unfiltered";"Description";"DatapointType";"Security""#
        );
        assert_eq!(lines[1], r#""Main 1";"";"";"1/-/-";"";"";"";"";"Auto""#);
        assert_eq!(lines[2], r#""";"Middle 1/0";"";"1/0/-";"";"";"";"";"Auto""#);
        assert_eq!(
            lines[3],
            r#""";"";"Light 1 & more";"1/0/0";"";"";"generated";"DPST-1-1";"Auto""#
        );
    }

    /// Names that spreadsheets would run as formulas are neutralised in both CSV formats; the
    /// XML export (what ETS imports without loss) reads back as the same text.
    #[test]
    fn formulas_in_names_are_not_live_in_csv_and_exact_in_xml() {
        let hostile = [
            "=HYPERLINK(\"http://evil.example\")",
            "@SUM(1+1)",
            "+1+2",
            "-2+3",
            "\tx",
            "\rx",
        ];
        for name in hostile {
            let mut p = project();
            let ga = p.group_addresses.values_mut().next().unwrap();
            ga.name = name.into();
            ga.description = name.into();
            for format in [Format::Csv11, Format::Csv31] {
                let out = export(&p, format, ';');
                let quoted = format!("\"'{}\"", name.replace('"', "\"\""));
                assert_eq!(
                    out.matches(&quoted).count(),
                    2,
                    "{name:?} in {format:?}: {out}"
                );
            }
            let xml = export(&p, Format::Xml, ';');
            let mut reader = crate::xml::Xml::new(xml.as_bytes(), "export.xml");
            let mut names = Vec::new();
            while let Some(node) = reader.next().unwrap() {
                if let crate::xml::Node::Open(t) = node
                    && t.name() == b"GroupAddress"
                {
                    names.push(t.attrs().unwrap().string("Name"));
                }
            }
            assert!(names.iter().any(|n| n == name), "{name:?} in {names:?}");
        }
        // Ordinary names and addresses are untouched.
        assert!(export(&project(), Format::Csv11, ';').contains(r#""Light 1 & more";"1/0/0""#));
    }

    #[test]
    fn xml_export_is_well_formed_and_nested() {
        let out = export(&project(), Format::Xml, ';');
        assert!(out.contains("<GroupAddress-Export xmlns=\"http://knx.org/xml/ga-export/01\">"));
        assert!(out.contains("<GroupRange Name=\"Main 1\" RangeStart=\"2048\" RangeEnd=\"4095\">"));
        assert!(out.contains("<GroupAddress Name=\"Light 1 &amp; more\" Address=\"1/0/0\" Description=\"generated\" DPTs=\"DPST-1-1\" />"));
        // Well-formed: our own XML reader walks it to the end.
        let mut xml = crate::xml::Xml::new(out.as_bytes(), "export.xml");
        let mut n = 0;
        while let Some(node) = xml.next().unwrap() {
            if let crate::xml::Node::Open(t) = node
                && t.name() == b"GroupAddress"
            {
                n += 1;
            }
        }
        assert_eq!(n, 3);
    }
}
