//! The binary itself: migrate, admin create, serve, graceful shutdown on SIGTERM.

use std::{process::Command, time::Duration};

fn knxdesk(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_knxdesk"));
    c.env("KNXDESK_DATA_DIR", dir)
        .env_remove("KNXDESK_DATABASE_URL")
        .env("KNXDESK_LOG", "warn");
    c
}

#[test]
fn migrate_then_admin_create_on_a_fresh_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = knxdesk(dir.path()).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("knxdesk.db").exists());
    let out = knxdesk(dir.path())
        .args(["admin", "create", "--email", "root@example.com"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("instance administrator") && text.contains("/password/reset/"),
        "{text}"
    );
    let out = knxdesk(dir.path())
        .args(["admin", "create", "--email", "not an email"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a valid email"));
}

#[test]
fn serve_answers_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = knxdesk(dir.path())
        .arg("serve")
        .env("KNXDESK_BIND", format!("127.0.0.1:{port}"))
        .spawn()
        .unwrap();
    let mut up = false;
    for _ in 0..200 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").unwrap();
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            if buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200") {
                up = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    assert!(up, "server answered /healthz");
    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    for _ in 0..200 {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "clean exit after SIGTERM: {status}");
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let _ = child.kill();
    panic!("server did not stop within 5 s of SIGTERM");
}

#[test]
fn bad_database_url_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = knxdesk(dir.path())
        .arg("migrate")
        .env("KNXDESK_DATABASE_URL", "mysql://x")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

#[test]
fn ets_parse_and_export_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("house.knxproj");
    let spec = knxproj::writer::Spec {
        password: Some("secret".into()),
        ..Default::default()
    };
    std::fs::write(&file, knxproj::writer::to_bytes(&spec)).unwrap();

    let out = knxdesk(dir.path())
        .args(["ets", "parse"])
        .arg(&file)
        .args(["--password", "secret", "--language", "De"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["info"]["language_code"], "de-DE");
    assert_eq!(
        json["devices"]["1.1.1"]["hardware_name"],
        "Schaltaktor 8-fach"
    );
    for key in [
        "info",
        "communication_objects",
        "topology",
        "devices",
        "group_addresses",
        "group_ranges",
        "locations",
        "functions",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }

    let out = knxdesk(dir.path())
        .args(["ets", "export"])
        .arg(&file)
        .args([
            "--password",
            "secret",
            "--format",
            "csv-3/1",
            "--separator",
            "tab",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("\"Main\"\t\"Middle\"\t\"Sub\"\t\"Address\"")
    );
    let xml = dir.path().join("gas.xml");
    let out = knxdesk(dir.path())
        .args(["ets", "export"])
        .arg(&file)
        .args(["--password", "secret", "--format", "xml", "-o"])
        .arg(&xml)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&xml)
            .unwrap()
            .contains("http://knx.org/xml/ga-export/01")
    );

    // Clear errors.
    let out = knxdesk(dir.path())
        .args(["ets", "parse"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("password-protected"));
    let out = knxdesk(dir.path())
        .args(["ets", "parse"])
        .arg(&file)
        .args(["--password", "nope"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("password is wrong"));
    let out = knxdesk(dir.path())
        .args(["ets", "export"])
        .arg(&file)
        .args(["--format", "pdf"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format"));
    assert_eq!(out.status.code(), Some(2));

    // Help names the commands as called here, also after global options.
    let out = knxdesk(dir.path())
        .args(["--config", "none.toml", "ets", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("knxdesk ets parse FILE"));
}
