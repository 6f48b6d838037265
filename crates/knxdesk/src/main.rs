fn main() -> std::process::ExitCode {
    knxdesk::cli::main()
}
