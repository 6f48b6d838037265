use std::{env, io::Write, path::PathBuf, process::Command};

fn main() {
    // The migrations are embedded by `sqlx::migrate!`; rebuild when one is added or changed.
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=build.rs");
    if packed_relocations_work() {
        // DT_RELR: the binary's ~44,000 relative relocations in 12 KB instead of 1 MB, which the
        // loader would otherwise read at every start (measured: `knxdesk ets parse` of a small
        // project peaks at 6.5 MB instead of 7.4 MB).
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Packed relocations need binutils >= 2.38 to link and glibc >= 2.36 to run: link and run a
/// tiny program with the flag on this machine (native builds on Linux only), else go without.
fn packed_relocations_work() -> bool {
    let (Ok(target), Ok(host), Some(out)) = (
        env::var("TARGET"),
        env::var("HOST"),
        env::var_os("OUT_DIR").map(PathBuf::from),
    ) else {
        return false;
    };
    if target != host || !target.contains("linux-gnu") {
        return false;
    }
    let probe = out.join("relr-probe");
    let Ok(mut cc) = Command::new("cc")
        .args(["-x", "c", "-", "-o"])
        .arg(&probe)
        .arg("-Wl,-z,pack-relative-relocs")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    else {
        return false;
    };
    let wrote = cc
        .stdin
        .take()
        .is_some_and(|mut stdin| stdin.write_all(b"int main(void) { return 0; }\n").is_ok());
    let linked = cc.wait().is_ok_and(|s| s.success());
    wrote && linked && Command::new(&probe).status().is_ok_and(|s| s.success())
}
