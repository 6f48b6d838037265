//! `cargo run -p knxproj --example parse -- FILE [PASSWORD] [LANGUAGE]`: prints the JSON.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let options = knxproj::Options {
        password: args.get(2).filter(|s| !s.is_empty()).cloned(),
        language: args.get(3).cloned(),
        ..Default::default()
    };
    match knxproj::parse_file(args[1].as_ref(), &options) {
        Ok(p) => {
            // Streamed: a project's JSON can be several times the size of the project itself.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            serde_json::to_writer_pretty(&mut out, &p).expect("write JSON");
            std::io::Write::write_all(&mut out, b"\n").expect("write JSON");
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
