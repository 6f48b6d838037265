//! `cargo run --release -p knxproj --example timing -- FILE [PASSWORD] [LANGUAGE] [RUNS]`:
//! mean in-process parse time (for profiling the reader itself).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let options = knxproj::Options {
        password: args.get(2).filter(|s| !s.is_empty()).cloned(),
        language: args.get(3).filter(|s| !s.is_empty()).cloned(),
        ..Default::default()
    };
    let runs: u32 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(20);
    let bytes = std::fs::read(&args[1]).expect("read file");
    let start = std::time::Instant::now();
    for _ in 0..runs {
        knxproj::parse(std::io::Cursor::new(&bytes), &options).expect("parse");
    }
    println!(
        "{:.2} ms per parse",
        start.elapsed().as_secs_f64() * 1000.0 / runs as f64
    );
}
