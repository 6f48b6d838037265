fn main() -> std::process::ExitCode {
    knxdesk::gate::return_large_allocations();
    knxdesk::cli::main()
}
