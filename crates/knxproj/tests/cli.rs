//! The standalone `knxproj` binary, run as a user runs it.

use std::process::{Command, Output};

fn knxproj(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_knxproj"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn protected_project(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("house.knxproj");
    let spec = knxproj::writer::Spec {
        password: Some("secret".into()),
        ..Default::default()
    };
    std::fs::write(&file, knxproj::writer::to_bytes(&spec)).unwrap();
    file
}

#[test]
fn parse_prints_the_model_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = protected_project(dir.path());
    let out = knxproj(&[
        "parse".as_ref(),
        file.as_ref(),
        "--password=secret".as_ref(),
        "--language".as_ref(),
        "De".as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let options = knxproj::Options {
        password: Some("secret".into()),
        language: Some("De".into()),
        ..Default::default()
    };
    let model = knxproj::parse_file(&file, &options).unwrap();
    assert_eq!(printed, serde_json::to_value(&model).unwrap());
    assert_eq!(printed["info"]["language_code"], "de-DE");
}

#[test]
fn export_writes_to_standard_output_or_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = protected_project(dir.path());
    let out = knxproj(&[
        "export".as_ref(),
        file.as_ref(),
        "--password".as_ref(),
        "secret".as_ref(),
        "--format".as_ref(),
        "csv-1/1".as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("\"Group name\";\"Address\";\"Central\";\"Unfiltered\"")
    );

    let target = dir.path().join("missing-folder").join("gas.xml");
    let out = knxproj(&[
        "export".as_ref(),
        file.as_ref(),
        "--password=secret".as_ref(),
        "--format=xml".as_ref(),
        "-o".as_ref(),
        target.as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("gas.xml failed"), "{}", stderr(&out));
}

#[test]
fn project_errors_and_usage_mistakes_have_their_own_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let file = protected_project(dir.path());
    let out = knxproj(&["parse".as_ref(), file.as_ref()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("password-protected"));
    assert!(out.stdout.is_empty());
    let out = knxproj(&["parse".as_ref(), file.as_ref(), "--password=nope".as_ref()]);
    assert!(stderr(&out).contains("password is wrong"));

    // Usage mistakes print the usage, with the program's name, and exit with 2.
    let out = knxproj(&["export".as_ref(), file.as_ref(), "--format=pdf".as_ref()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown format \"pdf\""));
    assert!(stderr(&out).contains("knxproj export FILE --format FORMAT"));

    let out = knxproj(&["--help".as_ref()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("knxproj parse FILE"));
    let out = knxproj(&["--version".as_ref()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("knxproj {}", env!("CARGO_PKG_VERSION"))
    );
}
