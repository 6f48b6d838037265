//! `cargo run -p knxproj --example parse -- FILE [PASSWORD] [LANGUAGE]`: prints the JSON.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let options = knxproj::Options {
        password: args.get(2).filter(|s| !s.is_empty()).cloned(),
        language: args.get(3).cloned(),
        ..Default::default()
    };
    match knxproj::parse_file(args[1].as_ref(), &options) {
        Ok(p) => println!("{}", serde_json::to_string_pretty(&p).unwrap()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
