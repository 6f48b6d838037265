//! `knxproj parse|export FILE ...`: the ETS reader on its own, without the web application.
fn main() -> std::process::ExitCode {
    knxproj::cli::run("knxproj", std::env::args_os().skip(1))
}
