// mimalloc: the request path allocates many small strings (rows, templates); it measured faster
// than the system allocator on the page benchmarks (bench/pages.py).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    knxdesk::cli::main()
}
