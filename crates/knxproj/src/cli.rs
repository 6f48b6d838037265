//! The ETS command line: `parse` (JSON in xknxproject's structure) and `export` (ETS's group
//! address import formats).
//!
//! One implementation behind two entry points: the standalone `knxproj` binary, small enough
//! that reading a project costs little more than the project itself, and `knxdesk ets`, which
//! hands its arguments over unchanged. Arguments are read with lexopt rather than clap: clap's
//! code alone took more memory at start-up than reading a small project.

use std::{ffi::OsString, io::Write, path::PathBuf, process::ExitCode, time::Instant};

use crate::{Options, export::Format};

/// Runs one command; `program` is how the user called us (`knxproj`, `knxdesk ets`), for help
/// and error texts. `args` come after the program name.
pub fn run(program: &str, args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let command = match Command::parse(args) {
        Ok(command) => command,
        Err(Usage(message)) => {
            eprintln!("error: {message}\n\n{}", usage(program));
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Help => {
            print!("{}", usage(program));
            Ok(())
        }
        Command::Version => {
            println!("{program} {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Command::Parse {
            file,
            options,
            timing,
        } => parse(&file, &options, timing),
        Command::Export {
            file,
            options,
            format,
            separator,
            output,
        } => export(&file, &options, format, separator, output),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage(program: &str) -> String {
    format!(
        "Read ETS project files (.knxproj, ETS 4, 5 and 6, password-protected or not).

Usage:
  {program} parse FILE [--password P] [--language L]
      Print the project as JSON, in the structure xknxproject produces.
  {program} export FILE --format FORMAT [--separator SEP] [--password P] [--language L] [-o OUT]
      Write the group addresses in an ETS import format.

Options:
  --password P     the project password, for protected projects
  --language L     language of texts, e.g. de-DE or de (default: the project's)
  --format FORMAT  csv-1/1, csv-3/1 or xml
  --separator SEP  CSV separator: semicolon (default), comma or tab
  -o, --output OUT write to this file instead of standard output
  -h, --help       print this help
  -V, --version    print the version
"
    )
}

#[derive(Debug, PartialEq)]
enum Command {
    Help,
    Version,
    Parse {
        file: PathBuf,
        options: Options,
        /// Before printing, read the project into memory once more, timed, and print
        /// `PARSE_SECONDS=...` to standard error (for benchmarks; not in the help).
        timing: bool,
    },
    Export {
        file: PathBuf,
        options: Options,
        format: Format,
        separator: char,
        output: Option<PathBuf>,
    },
}

/// A mistake on the command line: printed with the usage, exit status 2.
#[derive(Debug, PartialEq)]
struct Usage(String);

impl From<lexopt::Error> for Usage {
    fn from(e: lexopt::Error) -> Self {
        Usage(e.to_string())
    }
}

impl Command {
    fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, Usage> {
        use lexopt::prelude::*;
        let mut parser = lexopt::Parser::from_args(args);
        let name = match parser.next()? {
            None => return Err(Usage("a command is needed: parse or export".into())),
            Some(Short('h') | Long("help")) => return Ok(Command::Help),
            Some(Short('V') | Long("version")) => return Ok(Command::Version),
            Some(Value(name)) => name.string()?,
            Some(other) => return Err(other.unexpected().into()),
        };
        let exporting = match name.as_str() {
            "parse" => false,
            "export" => true,
            "help" => return Ok(Command::Help),
            other => {
                return Err(Usage(format!(
                    "unknown command {other:?}: use parse or export"
                )));
            }
        };
        let mut file = None;
        let mut options = Options::default();
        let mut timing = false;
        let mut format = None;
        let mut separator = ';';
        let mut output = None;
        while let Some(arg) = parser.next()? {
            match arg {
                Short('h') | Long("help") => return Ok(Command::Help),
                Long("password") => options.password = Some(parser.value()?.string()?),
                Long("language") => options.language = Some(parser.value()?.string()?),
                Long("timing") if !exporting => timing = true,
                Long("format") if exporting => {
                    let value = parser.value()?.string()?;
                    format = Some(Format::parse(&value).ok_or_else(|| {
                        Usage(format!(
                            "unknown format {value:?}: use csv-1/1, csv-3/1 or xml"
                        ))
                    })?);
                }
                Long("separator") if exporting => {
                    separator = match parser.value()?.string()?.as_str() {
                        "semicolon" | ";" => ';',
                        "comma" | "," => ',',
                        "tab" | "\\t" | "\t" => '\t',
                        other => {
                            return Err(Usage(format!(
                                "unknown separator {other:?}: use semicolon, comma or tab"
                            )));
                        }
                    }
                }
                Short('o') | Long("output") if exporting => {
                    output = Some(PathBuf::from(parser.value()?))
                }
                Value(value) if file.is_none() => file = Some(PathBuf::from(value)),
                other => return Err(other.unexpected().into()),
            }
        }
        let file = file.ok_or_else(|| Usage(format!("{name} needs the project FILE")))?;
        Ok(if exporting {
            Command::Export {
                file,
                options,
                format: format.ok_or_else(|| {
                    Usage("export needs --format (csv-1/1, csv-3/1 or xml)".into())
                })?,
                separator,
                output,
            }
        } else {
            Command::Parse {
                file,
                options,
                timing,
            }
        })
    }
}

fn parse(file: &std::path::Path, options: &Options, timing: bool) -> Result<(), String> {
    if timing {
        // The whole model, timed, as xknxproject's parse() is timed.
        let started = Instant::now();
        let project = crate::parse_file(file, options).map_err(|e| e.to_string())?;
        eprintln!("PARSE_SECONDS={}", started.elapsed().as_secs_f64());
        drop(project);
    }
    // Written while read: a large project is never held whole in memory.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::write_json_file(file, options, &mut out).map_err(|e| e.to_string())
}

fn export(
    file: &std::path::Path,
    options: &Options,
    format: Format,
    separator: char,
    output: Option<PathBuf>,
) -> Result<(), String> {
    let project = crate::parse_file(file, options).map_err(|e| e.to_string())?;
    let text = crate::export::export(&project, format, separator);
    match output {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| format!("writing {} failed: {e}", path.display())),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| format!("writing the output failed: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, Usage> {
        Command::parse(args.iter().map(OsString::from))
    }

    fn usage_error(args: &[&str]) -> String {
        parse(args).unwrap_err().0
    }

    #[test]
    fn parse_takes_a_file_and_its_options_in_any_order() {
        let expected = Command::Parse {
            file: "house.knxproj".into(),
            options: Options {
                password: Some("secret".into()),
                language: Some("de".into()),
                ..Default::default()
            },
            timing: false,
        };
        assert_eq!(
            parse(&[
                "parse",
                "house.knxproj",
                "--password",
                "secret",
                "--language=de"
            ]),
            Ok(expected)
        );
        let Ok(Command::Parse { timing, .. }) =
            parse(&["parse", "--timing", "--password=secret", "house.knxproj"])
        else {
            panic!("not a parse command");
        };
        assert!(timing);
    }

    #[test]
    fn export_takes_format_separator_and_output() {
        assert_eq!(
            parse(&[
                "export",
                "house.knxproj",
                "--format",
                "csv-3/1",
                "--separator",
                "tab",
                "-o",
                "out.csv"
            ]),
            Ok(Command::Export {
                file: "house.knxproj".into(),
                options: Options::default(),
                format: Format::Csv31,
                separator: '\t',
                output: Some("out.csv".into()),
            })
        );
        let Ok(Command::Export { separator, .. }) = parse(&["export", "x.knxproj", "--format=xml"])
        else {
            panic!("not an export command");
        };
        assert_eq!(separator, ';');
    }

    #[test]
    fn help_and_version_are_commands() {
        assert_eq!(parse(&["--help"]), Ok(Command::Help));
        assert_eq!(parse(&["help"]), Ok(Command::Help));
        assert_eq!(parse(&["export", "-h"]), Ok(Command::Help));
        assert_eq!(parse(&["-V"]), Ok(Command::Version));
    }

    #[test]
    fn mistakes_say_what_is_wrong() {
        assert!(usage_error(&[]).contains("a command is needed"));
        assert!(usage_error(&["show", "x"]).contains("unknown command \"show\""));
        assert!(usage_error(&["parse"]).contains("parse needs the project FILE"));
        assert!(usage_error(&["export", "x"]).contains("export needs --format"));
        assert!(
            usage_error(&["export", "x", "--format", "pdf"]).contains("unknown format \"pdf\"")
        );
        assert!(
            usage_error(&["export", "x", "--format", "xml", "--separator", "pipe"])
                .contains("unknown separator \"pipe\"")
        );
        assert!(usage_error(&["parse", "x", "y"]).contains("y"));
        assert!(usage_error(&["parse", "x", "--password"]).contains("--password"));
        // Options belong to their command.
        assert!(usage_error(&["parse", "x", "--format", "xml"]).contains("--format"));
        assert!(usage_error(&["export", "x", "--format", "xml", "--timing"]).contains("--timing"));
    }
}
