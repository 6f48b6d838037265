//! Whole `.knxproj` bytes: the ZIP layer (outer and inner archives, passwords) and everything
//! behind it. Must return Ok or a typed error, never panic, within the memory limit; read into
//! the model and written out as JSON while read, both must agree (and a failed read must have
//! written nothing).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = knxproj::Limits { max_entry_bytes: 64 << 20, max_total_bytes: 256 << 20, ..Default::default() };
    for password in [None, Some("test")] {
        let options = knxproj::Options { password: password.map(str::to_string), language: Some("de".into()), limits: limits.clone() };
        let model = knxproj::parse(std::io::Cursor::new(data), &options);
        let mut sink = knxproj::sink::JsonSink::new(Vec::new());
        let streamed = knxproj::parse_into(std::io::Cursor::new(data), &options, &mut sink);
        match (model, streamed) {
            (Ok(project), Ok(())) => {
                let json: serde_json::Value = serde_json::from_slice(&sink.finish().unwrap()).unwrap();
                assert_eq!(json, serde_json::to_value(&project).unwrap());
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.code(), b.code());
                assert!(sink.get_ref().is_empty());
            }
            (a, b) => panic!("model {:?}, streamed {:?}", a.err(), b.err()),
        }
    }
});
