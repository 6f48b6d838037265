//! Command line: `serve` (default), `migrate`, `admin create`, and `ets` (handed to
//! `knxproj::cli`).

use std::{ffi::OsString, io::Read, path::PathBuf, process::ExitCode};

/// How the ETS commands are called here, for their help and error texts.
const ETS_PROGRAM: &str = "knxdesk ets";

use clap::{Parser, Subcommand};

use crate::{config::Config, shutdown, state::AppState};

#[derive(Parser)]
#[command(
    name = "knxdesk",
    version,
    about = "Projects, customers and service for KNX integrators"
)]
struct Cli {
    /// Optional TOML configuration file (environment variables `KNXDESK_*` override it).
    #[arg(long, global = true, env = "KNXDESK_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server and the job worker (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Instance administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Read ETS project files: parse, export (`knxdesk ets --help` for more).
    ///
    /// The same commands as the standalone `knxproj` binary.
    #[command(disable_help_flag = true)]
    Ets {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<OsString>,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Make an instance administrator (creating the account when needed). Without
    /// `--password-stdin`, prints a link to set the password.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Read the password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

pub fn main() -> ExitCode {
    // `knxdesk ets ...` needs no configuration, no database and not clap: the ETS command line
    // parses its own arguments, and skipping clap here keeps its code out of memory.
    let mut args = std::env::args_os();
    if args.nth(1).is_some_and(|first| first == "ets") {
        return knxproj::cli::run(ETS_PROGRAM, args);
    }
    let cli = Cli::parse();
    let command = match cli.command {
        Some(Command::Ets { args }) => return knxproj::cli::run(ETS_PROGRAM, args),
        other => other.unwrap_or(Command::Serve),
    };
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    init_tracing(&config.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: starting runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match command {
            Command::Serve => serve(config).await,
            Command::Ets { .. } => unreachable!("handled before the runtime starts"),
            Command::Migrate => {
                let state = AppState::new(config).await?;
                println!("database is up to date ({:?})", state.db.backend);
                Ok(())
            }
            Command::Admin {
                command:
                    AdminCommand::Create {
                        email,
                        name,
                        password_stdin,
                    },
            } => {
                let password = if password_stdin {
                    let mut s = String::new();
                    std::io::stdin().read_to_string(&mut s)?;
                    Some(s.trim_end_matches(['\n', '\r']).to_string())
                } else {
                    None
                };
                let state = AppState::new(config).await?;
                let message = crate::accounts::admin::create_instance_admin(
                    &state,
                    &email,
                    &name,
                    password.as_deref(),
                )
                .await?;
                println!("{message}");
                Ok(())
            }
        }
    });
    exit_code(result)
}

/// Prints an error the way every command does and turns it into the exit status.
fn exit_code(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let state = AppState::new(config).await?;
    tracing::info!(
        url = %state.config.base_url,
        database = ?state.db.backend,
        "knxdesk listening on {}", listener.local_addr()?
    );
    let (trigger, signal) = shutdown::channel();
    tokio::spawn(async move {
        shutdown::os_signal().await;
        trigger.fire();
    });
    crate::app::launch(listener, state, signal).await
}

fn init_tracing(format: &str) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("KNXDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == "json" {
        let _ = builder.json().try_init();
    } else {
        let _ = builder.try_init();
    }
}
