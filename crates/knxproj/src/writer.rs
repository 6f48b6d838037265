//! Generates valid `.knxproj` files of any size: ETS 5 (schema 20) or ETS 6 (schema 21+)
//! layout, optionally password-protected the way ETS does it (ZipCrypto with the plain password
//! for ETS 5, AES-256 with the PBKDF2-derived password for ETS 6). Used by tests, benchmarks and
//! the web application's fixtures; does not depend on any shared file.

use std::{fmt::Write as _, io::Write};

use zip::{
    AesMode, CompressionMethod, ZipWriter, unstable::write::FileOptionsExt,
    write::SimpleFileOptions,
};

use crate::archive::ets6_zip_password;

#[derive(Clone, Debug)]
pub struct Spec {
    pub name: String,
    /// 20 (ETS 5.7) or 21, 22, 23 (ETS 6).
    pub schema: u32,
    pub devices: usize,
    pub group_addresses: usize,
    /// Com objects per device, each linked to one group address.
    pub objects_per_device: usize,
    pub password: Option<String>,
    /// Devices (by index) left out, as when a later version removed them; the others keep
    /// their addresses and ETS ids.
    pub left_out: Vec<usize>,
    /// Devices (by index) given another name.
    pub renamed: Vec<(usize, String)>,
    /// Devices (by index) moved to another device number on their line.
    pub readdressed: Vec<(usize, usize)>,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            name: "Generated project".into(),
            schema: 21,
            devices: 4,
            group_addresses: 12,
            objects_per_device: 3,
            password: None,
            left_out: Vec::new(),
            renamed: Vec::new(),
            readdressed: Vec::new(),
        }
    }
}

pub const PROJECT_ID: &str = "P-0A1B";
pub const APPLICATION: &str = "M-0083_A-00B0-32-0DFC";
const MANUFACTURER: &str = "M-0083";
const DEVICES_PER_LINE: usize = 200;
const ROOMS: usize = 20;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn header(schema: u32) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<KNX xmlns=\"http://knx.org/xml/project/{schema}\" CreatedBy=\"{}\" ToolVersion=\"{}\">\n",
        if schema >= 21 { "ETS6" } else { "ETS5" },
        if schema >= 21 {
            "6.1.5686.0"
        } else {
            "5.7.1428.39779"
        }
    )
}

/// Group address `i` as a raw 16-bit value in three-level style: 8 sub-addresses per middle
/// group spread over main groups 1..
fn ga_raw(i: usize) -> u32 {
    let main = 1 + (i / 2048) as u32;
    let middle = ((i / 256) % 8) as u32;
    let sub = (i % 256) as u32;
    (main << 11) | (middle << 8) | sub
}

fn master(schema: u32) -> String {
    let mut s = header(schema);
    s.push_str("  <MasterData Id=\"MD-1\" Version=\"1\">\n    <Manufacturers>\n");
    s.push_str("      <Manufacturer Id=\"M-0083\" Name=\"MDT technologies\" KnxManufacturerId=\"131\" />\n");
    s.push_str("    </Manufacturers>\n    <SpaceUsages>\n      <SpaceUsage Id=\"SU-1\" Text=\"Living room\" Number=\"1\" />\n");
    s.push_str(
        "      <SpaceUsage Id=\"SU-2\" Text=\"Kitchen\" Number=\"2\" />\n    </SpaceUsages>\n",
    );
    s.push_str("    <ProductLanguages>\n      <Language Identifier=\"en-US\" />\n      <Language Identifier=\"de-DE\" />\n    </ProductLanguages>\n");
    s.push_str("    <FunctionTypes>\n      <FunctionType Id=\"FT-1\" Number=\"1\" Text=\"Switchable light\" />\n    </FunctionTypes>\n");
    s.push_str("    <Languages>\n      <Language Identifier=\"de-DE\">\n        <TranslationUnit RefId=\"MD-1\">\n");
    s.push_str("          <TranslationElement RefId=\"SU-1\"><Translation AttributeName=\"Text\" Text=\"Wohnzimmer\" /></TranslationElement>\n");
    s.push_str("          <TranslationElement RefId=\"SU-2\"><Translation AttributeName=\"Text\" Text=\"Küche\" /></TranslationElement>\n");
    s.push_str("          <TranslationElement RefId=\"FT-1\"><Translation AttributeName=\"Text\" Text=\"Schaltbares Licht\" /></TranslationElement>\n");
    s.push_str("        </TranslationUnit>\n      </Language>\n    </Languages>\n  </MasterData>\n</KNX>\n");
    s
}

fn project_meta(spec: &Spec) -> String {
    let mut s = header(spec.schema);
    let _ = writeln!(
        s,
        "  <Project Id=\"{PROJECT_ID}\">\n    <ProjectInformation Name=\"{}\" GroupAddressStyle=\"ThreeLevel\" LastModified=\"2026-11-01T10:00:00.0000000Z\" Guid=\"6f1c1a0e-9f56-4f0b-9a55-1b0d6c1f2a3b\" />\n  </Project>\n</KNX>",
        esc(&spec.name)
    );
    s
}

fn installation(spec: &Spec) -> String {
    let mut s = header(spec.schema);
    let _ = writeln!(
        s,
        "  <Project Id=\"{PROJECT_ID}\">\n    <Installations>\n      <Installation Name=\"\" InstallationId=\"0\">"
    );
    // Topology: area 1, lines of up to 200 devices.
    s.push_str("        <Topology>\n          <Area Id=\"P-0A1B-0_A-1\" Name=\"Building\" Address=\"1\" Puid=\"1\">\n");
    let lines = spec.devices.div_ceil(DEVICES_PER_LINE).max(1);
    let mut puid = 100;
    for line in 0..lines {
        let _ = writeln!(
            s,
            "            <Line Id=\"P-0A1B-0_L-{}\" Name=\"Line {}\" Address=\"{}\" MediumTypeRefId=\"MT-0\" Puid=\"{}\">",
            line + 1,
            line + 1,
            line + 1,
            2 + line
        );
        if spec.schema >= 21 {
            let _ = writeln!(
                s,
                "              <Segment Id=\"P-0A1B-0_S-{}\" Number=\"0\" MediumTypeRefId=\"MT-0\" Puid=\"{}\">",
                line + 1,
                50 + line
            );
        }
        for d in (line * DEVICES_PER_LINE)..((line + 1) * DEVICES_PER_LINE).min(spec.devices) {
            puid += 1;
            if spec.left_out.contains(&d) {
                continue;
            }
            let address = spec
                .readdressed
                .iter()
                .find(|(i, _)| *i == d)
                .map_or(d % DEVICES_PER_LINE + 1, |(_, a)| *a);
            let name = spec
                .renamed
                .iter()
                .find(|(i, _)| *i == d)
                .map_or_else(|| format!("Actuator {}", d + 1), |(_, n)| esc(n));
            let _ = writeln!(
                s,
                "              <DeviceInstance Id=\"P-0A1B-0_DI-{}\" Name=\"{name}\" ProductRefId=\"M-0083_H-0001-1_P-AKS.2D0816.2E03\" Hardware2ProgramRefId=\"M-0083_H-0001-1_HP-00B0-32-0DFC\" Address=\"{address}\" Puid=\"{puid}\">",
                d + 1
            );
            s.push_str("                <ComObjectInstanceRefs>\n");
            for o in 0..spec.objects_per_device {
                let ga = (d * spec.objects_per_device + o) % spec.group_addresses.max(1);
                let _ = writeln!(
                    s,
                    "                  <ComObjectInstanceRef RefId=\"O-{o}_R-{}\" Links=\"GA-{}\" />",
                    o + 1,
                    ga + 1
                );
            }
            s.push_str(
                "                </ComObjectInstanceRefs>\n              </DeviceInstance>\n",
            );
        }
        if spec.schema >= 21 {
            s.push_str("              </Segment>\n");
        }
        s.push_str("            </Line>\n");
    }
    s.push_str("          </Area>\n        </Topology>\n");

    // Locations: one building, one floor, rooms with devices spread over them.
    s.push_str("        <Locations>\n          <Space Id=\"P-0A1B-0_BP-1\" Type=\"Building\" Name=\"House\" Puid=\"5000\">\n");
    s.push_str("            <Space Id=\"P-0A1B-0_BP-2\" Type=\"Floor\" Name=\"Ground floor\" Puid=\"5001\">\n");
    for r in 0..ROOMS {
        let _ = writeln!(
            s,
            "              <Space Id=\"P-0A1B-0_BP-{}\" Type=\"Room\" Name=\"Room {}\" Usage=\"SU-{}\" Number=\"{}\" Puid=\"{}\">",
            10 + r,
            r + 1,
            r % 2 + 1,
            r + 1,
            5010 + r
        );
        for d in (r..spec.devices).step_by(ROOMS) {
            if spec.left_out.contains(&d) {
                continue;
            }
            let _ = writeln!(
                s,
                "                <DeviceInstanceRef RefId=\"P-0A1B-0_DI-{}\" />",
                d + 1
            );
        }
        if spec.schema >= 21 && r == 0 && spec.group_addresses > 0 {
            s.push_str("                <Function Id=\"P-0A1B-0_F-1\" Name=\"Ceiling light\" Type=\"FT-1\" Puid=\"6000\">\n");
            s.push_str("                  <GroupAddressRef Id=\"P-0A1B-0_F-1_GR-1\" RefId=\"P-0A1B-0_GA-1\" Name=\"On/Off\" Role=\"SwitchOnOff\" Puid=\"6001\" />\n");
            s.push_str("                </Function>\n");
        }
        s.push_str("              </Space>\n");
    }
    s.push_str("            </Space>\n          </Space>\n        </Locations>\n");

    // Group addresses in main and middle ranges.
    s.push_str("        <GroupAddresses>\n          <GroupRanges>\n");
    let mut i = 0;
    while i < spec.group_addresses {
        let main = 1 + i / 2048;
        let main_start = (main as u32) << 11;
        let _ = writeln!(
            s,
            "            <GroupRange Id=\"P-0A1B-0_GR-{main}\" Name=\"Main {main}\" RangeStart=\"{}\" RangeEnd=\"{}\" Puid=\"{}\">",
            main_start,
            main_start + 2047,
            7000 + main
        );
        for middle in 0..8 {
            if i >= spec.group_addresses || i / 2048 + 1 != main {
                break;
            }
            let start = main_start | (middle << 8);
            let _ = writeln!(
                s,
                "              <GroupRange Id=\"P-0A1B-0_GR-{main}-{middle}\" Name=\"Middle {main}/{middle}\" RangeStart=\"{start}\" RangeEnd=\"{}\" Puid=\"{}\">",
                start + 255,
                8000 + main * 8 + middle as usize
            );
            while i < spec.group_addresses && ga_raw(i) >> 8 == start >> 8 {
                let dpt = if i % 3 == 0 {
                    " DatapointType=\"DPST-1-1\""
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    "                <GroupAddress Id=\"P-0A1B-0_GA-{}\" Address=\"{}\" Name=\"Light {} &amp; more\"{dpt} Description=\"generated\" Puid=\"{}\" />",
                    i + 1,
                    ga_raw(i),
                    i + 1,
                    10000 + i
                );
                i += 1;
            }
            s.push_str("              </GroupRange>\n");
        }
        s.push_str("            </GroupRange>\n");
    }
    s.push_str("          </GroupRanges>\n        </GroupAddresses>\n      </Installation>\n    </Installations>\n  </Project>\n</KNX>\n");
    s
}

fn hardware(schema: u32) -> String {
    let mut s = header(schema);
    s.push_str("  <ManufacturerData>\n    <Manufacturer RefId=\"M-0083\">\n      <Hardware>\n");
    s.push_str("        <Hardware Id=\"M-0083_H-0001-1\" Name=\"AKS-0816.03\" SerialNumber=\"0001\" VersionNumber=\"1\">\n");
    s.push_str("          <Products>\n            <Product Id=\"M-0083_H-0001-1_P-AKS.2D0816.2E03\" Text=\"Switch Actuator 8-fold\" OrderNumber=\"AKS-0816.03\" />\n          </Products>\n");
    let _ = writeln!(
        s,
        "          <Hardware2Programs>\n            <Hardware2Program Id=\"M-0083_H-0001-1_HP-00B0-32-0DFC\">\n              <ApplicationProgramRef RefId=\"{APPLICATION}\" />\n            </Hardware2Program>\n          </Hardware2Programs>"
    );
    s.push_str("        </Hardware>\n      </Hardware>\n      <Languages>\n        <Language Identifier=\"de-DE\">\n          <TranslationUnit RefId=\"M-0083_H-0001-1\">\n");
    s.push_str("            <TranslationElement RefId=\"M-0083_H-0001-1_P-AKS.2D0816.2E03\"><Translation AttributeName=\"Text\" Text=\"Schaltaktor 8-fach\" /></TranslationElement>\n");
    s.push_str("          </TranslationUnit>\n        </Language>\n      </Languages>\n    </Manufacturer>\n  </ManufacturerData>\n</KNX>\n");
    s
}

fn application(spec: &Spec) -> String {
    let mut s = header(spec.schema);
    let _ = writeln!(
        s,
        "  <ManufacturerData>\n    <Manufacturer RefId=\"M-0083\">\n      <ApplicationPrograms>\n        <ApplicationProgram Id=\"{APPLICATION}\" Name=\"AKS\" ApplicationNumber=\"176\" ApplicationVersion=\"50\">\n          <Static>\n            <ComObjectTable>"
    );
    for o in 0..spec.objects_per_device {
        let size = if o % 2 == 0 { "1 Bit" } else { "1 Byte" };
        let dpt = if o % 2 == 0 {
            ""
        } else {
            " DatapointType=\"DPST-5-1\""
        };
        let _ = writeln!(
            s,
            "              <ComObject Id=\"{APPLICATION}_O-{o}\" Name=\"Channel {}\" Text=\"Output {}\" Number=\"{o}\" FunctionText=\"Switch\" ObjectSize=\"{size}\" ReadFlag=\"Disabled\" WriteFlag=\"Enabled\" CommunicationFlag=\"Enabled\" TransmitFlag=\"Disabled\" UpdateFlag=\"Disabled\" ReadOnInitFlag=\"Disabled\"{dpt} />",
            o + 1,
            o + 1
        );
    }
    s.push_str("            </ComObjectTable>\n            <ComObjectRefs>\n");
    for o in 0..spec.objects_per_device {
        let _ = writeln!(
            s,
            "              <ComObjectRef Id=\"{APPLICATION}_O-{o}_R-{}\" RefId=\"{APPLICATION}_O-{o}\" ReadFlag=\"Enabled\" />",
            o + 1
        );
    }
    s.push_str("            </ComObjectRefs>\n          </Static>\n        </ApplicationProgram>\n      </ApplicationPrograms>\n");
    s.push_str("      <Languages>\n        <Language Identifier=\"de-DE\">\n          <TranslationUnit RefId=\"M-0083_A-00B0-32-0DFC\">\n");
    for o in 0..spec.objects_per_device {
        let _ = writeln!(
            s,
            "            <TranslationElement RefId=\"{APPLICATION}_O-{o}\"><Translation AttributeName=\"Text\" Text=\"Ausgang {}\" /><Translation AttributeName=\"FunctionText\" Text=\"Schalten\" /></TranslationElement>",
            o + 1
        );
    }
    s.push_str("          </TranslationUnit>\n        </Language>\n      </Languages>\n    </Manufacturer>\n  </ManufacturerData>\n</KNX>\n");
    s
}

/// Writes the project to `out`.
pub fn write<W: Write + std::io::Seek>(spec: &Spec, out: W) -> zip::result::ZipResult<W> {
    let deflate = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(out);
    zip.start_file("knx_master.xml", deflate)?;
    zip.write_all(master(spec.schema).as_bytes())?;
    zip.start_file(format!("{PROJECT_ID}.signature"), deflate)?;
    zip.write_all(b"generated")?;
    zip.start_file(format!("{MANUFACTURER}/Hardware.xml"), deflate)?;
    zip.write_all(hardware(spec.schema).as_bytes())?;
    zip.start_file(format!("{MANUFACTURER}/{APPLICATION}.xml"), deflate)?;
    zip.write_all(application(spec).as_bytes())?;
    let meta = project_meta(spec);
    let zero = installation(spec);
    match &spec.password {
        None => {
            zip.start_file(format!("{PROJECT_ID}/project.xml"), deflate)?;
            zip.write_all(meta.as_bytes())?;
            zip.start_file(format!("{PROJECT_ID}/0.xml"), deflate)?;
            zip.write_all(zero.as_bytes())?;
        }
        Some(password) => {
            let mut inner = ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let derived;
            let options = if spec.schema >= 21 {
                derived = ets6_zip_password(password);
                deflate.with_aes_encryption(AesMode::Aes256, &derived)
            } else {
                deflate.with_deprecated_encryption(password.as_bytes())
            };
            inner.start_file("project.xml", options)?;
            inner.write_all(meta.as_bytes())?;
            inner.start_file("0.xml", options)?;
            inner.write_all(zero.as_bytes())?;
            let bytes = inner.finish()?.into_inner();
            zip.start_file(
                format!("{PROJECT_ID}.zip"),
                SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
            )?;
            zip.write_all(&bytes)?;
        }
    }
    zip.finish()
}

/// The project as bytes.
pub fn to_bytes(spec: &Spec) -> Vec<u8> {
    write(spec, std::io::Cursor::new(Vec::new()))
        .expect("writing to memory cannot fail")
        .into_inner()
}
