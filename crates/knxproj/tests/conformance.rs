//! Our output equals xknxproject's for every shared reference file that has a stub
//! (`../shared/data/knxproj/stubs/NAME.json`). Skipped when the shared folder is absent.
//! Normalisation: `info.xknxproject_version` names the tool and is not compared.

use std::path::{Path, PathBuf};

mod common;

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/knxproj");
    dir.join("stubs").is_dir().then_some(dir)
}

/// (file, password, language) as the README of the shared data gives them.
const CASES: [(&str, Option<&str>, Option<&str>); 6] = [
    ("test_project-ets4", Some("test"), Some("de-DE")),
    ("xknx_test_project", Some("test"), None),
    ("testprojekt-ets6-functions", None, Some("De")),
    ("ets6_two_level", None, Some("de-DE")),
    ("ets6_free", None, Some("de-DE")),
    ("smart_linking", Some("test"), Some("de-DE")),
];

fn check(name: &str, password: Option<&str>, language: Option<&str>) {
    let Some(dir) = shared() else {
        eprintln!("../shared/data/knxproj not found: skipped");
        return;
    };
    let options = knxproj::Options {
        password: password.map(str::to_string),
        language: language.map(str::to_string),
        ..Default::default()
    };
    let path = dir.join(format!("{name}.knxproj"));
    let bytes = std::fs::read(&path).unwrap();
    // Also what `knxdesk ets parse` prints: the same JSON, written while the project is read.
    let project = common::parse_both(&bytes, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    // From a file, the programs' bytes are read by position by the threads inflating them;
    // from memory, copied first: the same project either way.
    let from_file = knxproj::parse_file(&path, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        from_file == project,
        "{name}: read from the file, the project differs"
    );
    let mut ours = serde_json::to_value(&project).unwrap();
    let mut theirs: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("stubs/{name}.json"))).unwrap(),
    )
    .unwrap();
    for v in [&mut ours, &mut theirs] {
        v["info"]["xknxproject_version"] = serde_json::Value::Null;
    }
    if ours != theirs {
        let mut diffs = Vec::new();
        diff("", &ours, &theirs, &mut diffs);
        panic!(
            "{name}: {} difference(s):\n{}",
            diffs.len(),
            diffs
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

fn diff(path: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value::*;
    match (a, b) {
        (Object(x), Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => diff(&format!("{path}.{k}"), v, w, out),
                    None => out.push(format!("{path}.{k}: only ours = {v}")),
                }
            }
            for (k, w) in y {
                if !x.contains_key(k) {
                    out.push(format!("{path}.{k}: only theirs = {w}"));
                }
            }
        }
        (Array(x), Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{i}]"), v, w, out);
            }
        }
        _ if a != b => out.push(format!("{path}: ours = {a} | theirs = {b}")),
        _ => {}
    }
}

#[test]
fn test_project_ets4() {
    check(CASES[0].0, CASES[0].1, CASES[0].2);
}
#[test]
fn xknx_test_project() {
    check(CASES[1].0, CASES[1].1, CASES[1].2);
}
#[test]
fn testprojekt_ets6_functions() {
    check(CASES[2].0, CASES[2].1, CASES[2].2);
}
#[test]
fn ets6_two_level() {
    check(CASES[3].0, CASES[3].1, CASES[3].2);
}
#[test]
fn ets6_free() {
    check(CASES[4].0, CASES[4].1, CASES[4].2);
}
#[test]
fn smart_linking() {
    check(CASES[5].0, CASES[5].1, CASES[5].2);
}

#[test]
fn shared_protected_files_need_the_right_password() {
    let Some(dir) = shared() else { return };
    for name in [
        "test_project-ets4",
        "xknx_test_project",
        "testprojekt-ets6",
        "smart_linking",
    ] {
        let path = dir.join(format!("{name}.knxproj"));
        let none = knxproj::parse_file(&path, &knxproj::Options::default()).unwrap_err();
        assert!(
            matches!(none, knxproj::Error::PasswordRequired),
            "{name}: {none}"
        );
        let wrong = knxproj::Options {
            password: Some("wrong".into()),
            ..Default::default()
        };
        let err = knxproj::parse_file(&path, &wrong).unwrap_err();
        assert!(
            matches!(err, knxproj::Error::WrongPassword),
            "{name}: {err}"
        );
    }
}
