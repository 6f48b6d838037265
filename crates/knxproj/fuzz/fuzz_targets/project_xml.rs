//! The XML layer: fuzzed bytes become `0.xml` of an otherwise valid generated project, so the
//! fuzzer spends its time in the project reader rather than in ZIP framing.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let base = knxproj::writer::to_bytes(&knxproj::writer::Spec { devices: 1, group_addresses: 2, ..Default::default() });
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut content).unwrap();
        zip.start_file(name.clone(), stored).unwrap();
        zip.write_all(if name.ends_with("/0.xml") { data } else { &content }).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let _ = knxproj::parse(std::io::Cursor::new(bytes), &knxproj::Options::default());
});
