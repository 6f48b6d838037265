//! Shared by the integration tests.

use std::io::Cursor;

use knxproj::{Error, KnxProject, Options};

/// Reads `bytes` into the model and, beside it, as the JSON `knxdesk ets parse` writes while
/// reading: both succeed or fail alike, the JSON equals the model's, and a failed read has
/// written nothing.
pub fn parse_both(bytes: &[u8], options: &Options) -> Result<KnxProject, Error> {
    let model = knxproj::parse(Cursor::new(bytes), options);
    let mut sink = knxproj::sink::JsonSink::new(Vec::new());
    let streamed = knxproj::parse_into(Cursor::new(bytes), options, &mut sink);
    match (&model, streamed) {
        (Ok(project), Ok(())) => {
            let json: serde_json::Value = serde_json::from_slice(&sink.finish().unwrap()).unwrap();
            assert_eq!(
                json,
                serde_json::to_value(project).unwrap(),
                "streamed JSON differs from the model's"
            );
        }
        (Err(e), Err(s)) => {
            assert_eq!(e.code(), s.code());
            assert!(sink.get_ref().is_empty(), "a failed read wrote JSON");
        }
        (m, s) => panic!("model {:?} but streamed {:?}", m.as_ref().err(), s.err()),
    }
    model
}
