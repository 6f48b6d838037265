//! `cargo run -p knxproj --example generate -- OUT.knxproj [DEVICES] [GROUP_ADDRESSES] [SCHEMA] [PASSWORD]`
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let num = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let spec = knxproj::writer::Spec {
        name: "Generated large project".into(),
        devices: num(2, 2000),
        group_addresses: num(3, 10_000),
        schema: num(4, 21) as u32,
        objects_per_device: 4,
        password: args.get(5).cloned(),
        ..Default::default()
    };
    let file = std::fs::File::create(&args[1]).expect("create output");
    knxproj::writer::write(&spec, std::io::BufWriter::new(file)).expect("write project");
}
