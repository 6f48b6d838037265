//! Whole `.knxproj` bytes: the ZIP layer (outer and inner archives, passwords) and everything
//! behind it. Must return Ok or a typed error, never panic, within the memory limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = knxproj::Limits { max_entry_bytes: 64 << 20, max_total_bytes: 256 << 20, ..Default::default() };
    for password in [None, Some("test")] {
        let options = knxproj::Options { password: password.map(str::to_string), language: Some("de".into()), limits: limits.clone() };
        let _ = knxproj::parse(std::io::Cursor::new(data), &options);
    }
});
