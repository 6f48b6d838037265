//! `cargo run -p knxproj --example parse -- FILE [PASSWORD] [LANGUAGE]`: prints the JSON,
//! written while the project is read (as `knxdesk ets parse` does).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let options = knxproj::Options {
        password: args.get(2).filter(|s| !s.is_empty()).cloned(),
        language: args.get(3).filter(|s| !s.is_empty()).cloned(),
        ..Default::default()
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Err(e) = knxproj::write_json_file(args[1].as_ref(), &options, &mut out) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
