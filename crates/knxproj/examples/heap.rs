//! `cargo run --release -p knxproj --example heap -- FILE [PASSWORD]`: peak and retained heap
//! of one parse (a counting allocator), for memory work on the reader.
use std::{
    alloc::{GlobalAlloc, Layout, System},
    sync::atomic::{AtomicUsize, Ordering::Relaxed},
};

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = NOW.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(n, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let options = knxproj::Options {
        password: args.get(2).cloned(),
        ..Default::default()
    };
    let bytes = std::fs::read(&args[1]).unwrap();
    let base = NOW.load(Relaxed);
    PEAK.store(base, Relaxed);
    let p = knxproj::parse(std::io::Cursor::new(&bytes), &options).unwrap();
    let kept = NOW.load(Relaxed) - base;
    println!(
        "peak heap during parse: {:.1} MB, model kept: {:.1} MB ({} COs)",
        (PEAK.load(Relaxed) - base) as f64 / 1e6,
        kept as f64 / 1e6,
        p.communication_objects.len()
    );
}
