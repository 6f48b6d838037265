//! Command line: `serve` (default), `migrate`, `admin create`.

use std::{io::Read, path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

use crate::{app::AppState, config::Config, shutdown};

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
    /// Read ETS project files (.knxproj).
    Ets {
        #[command(subcommand)]
        command: EtsCommand,
    },
}

#[derive(Subcommand)]
enum EtsCommand {
    /// Print the project as JSON (the structure xknxproject produces).
    Parse {
        file: PathBuf,
        #[arg(long)]
        password: Option<String>,
        /// Language of texts, e.g. de-DE or de.
        #[arg(long)]
        language: Option<String>,
        /// Before printing, read the project into memory once more, timed, and print
        /// `PARSE_SECONDS=...` to stderr (benchmarks).
        #[arg(long, hide = true)]
        timing: bool,
    },
    /// Write the group addresses in an ETS import format.
    Export {
        file: PathBuf,
        /// csv-1/1, csv-3/1 or xml.
        #[arg(long)]
        format: String,
        /// CSV separator: semicolon, comma or tab.
        #[arg(long, default_value = "semicolon")]
        separator: String,
        #[arg(long)]
        password: Option<String>,
        #[arg(long)]
        language: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
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
    let cli = Cli::parse();
    let command = match cli.command {
        Some(Command::Ets { command }) => return ets(command),
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

/// `knxdesk ets ...`: needs no configuration and no database.
fn ets(command: EtsCommand) -> ExitCode {
    let result: anyhow::Result<()> = (|| match command {
        EtsCommand::Parse {
            file,
            password,
            language,
            timing,
        } => {
            let options = knxproj::Options {
                password,
                language,
                ..Default::default()
            };
            if timing {
                // Reading into the whole model, timed, as xknxproject's parse() is timed.
                let started = std::time::Instant::now();
                let project = knxproj::parse_file(&file, &options)?;
                eprintln!("PARSE_SECONDS={}", started.elapsed().as_secs_f64());
                drop(project);
            }
            // Written while read: a large project is never held whole in memory.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            knxproj::write_json_file(&file, &options, &mut out)?;
            Ok(())
        }
        EtsCommand::Export {
            file,
            format,
            separator,
            password,
            language,
            output,
        } => {
            let format = knxproj::export::Format::parse(&format).ok_or_else(|| {
                anyhow::anyhow!("unknown format {format:?}: use csv-1/1, csv-3/1 or xml")
            })?;
            let sep = match separator.as_str() {
                "semicolon" | ";" => ';',
                "comma" | "," => ',',
                "tab" | "\\t" => '\t',
                other => anyhow::bail!("unknown separator {other:?}: use semicolon, comma or tab"),
            };
            let project = knxproj::parse_file(
                &file,
                &knxproj::Options {
                    password,
                    language,
                    ..Default::default()
                },
            )?;
            let text = knxproj::export::export(&project, format, sep);
            match output {
                Some(path) => std::fs::write(&path, text)?,
                None => std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes())?,
            }
            Ok(())
        }
    })();
    exit_code(result)
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
