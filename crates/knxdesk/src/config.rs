//! Configuration: defaults in code, an optional TOML file, then `KNXDESK_*` environment variables.

use std::{net::SocketAddr, path::PathBuf};

use anyhow::Context;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub bind: SocketAddr,
    /// Public URL of the instance, used in links inside emails.
    pub base_url: String,
    /// `sqlite://...` or `postgres://...`. Defaults to `./data/knxdesk.db`.
    pub database_url: String,
    /// Folder for the SQLite database, the mail outbox, uploaded files and the secret key.
    pub data_dir: PathBuf,
    /// `smtp://user:pass@host:port` (plain), `smtps://...` (TLS) or `smtp://...?tls=required`.
    /// When empty, mail is written to `<data_dir>/outbox` as `.eml` files.
    pub smtp_url: String,
    /// Where uploaded files go. Empty: the folder `<data_dir>/files`. `s3://bucket[/prefix]`:
    /// S3 or an S3-compatible store, credentials and endpoint from the standard `AWS_*`
    /// variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT`,
    /// `AWS_ALLOW_HTTP`).
    pub storage_url: String,
    /// Sender address of every email.
    pub mail_from: String,
    /// Secret for CSRF tokens and signed links. Several instances must share it; when empty,
    /// one is generated into `<data_dir>/secret.key`.
    pub secret_key: String,
    /// `pretty` or `json`.
    pub log_format: String,
    /// Trust `X-Forwarded-For` for the client address (only behind a proxy you run).
    pub trust_proxy: bool,
    /// Session idle timeout in seconds.
    pub session_idle_secs: i64,
    /// Session absolute lifetime in seconds.
    pub session_absolute_secs: i64,
    /// Megabytes of rendered Service lists and boards an instance keeps between changes
    /// (service/view_cache.rs); 0 renders every request afresh.
    pub view_cache_mb: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".parse().expect("valid default address"),
            base_url: String::new(),
            database_url: String::new(),
            data_dir: PathBuf::from("data"),
            smtp_url: String::new(),
            storage_url: String::new(),
            mail_from: "knxdesk <noreply@knxdesk.local>".into(),
            secret_key: String::new(),
            log_format: "pretty".into(),
            trust_proxy: false,
            session_idle_secs: 7 * 24 * 3600,
            session_absolute_secs: 30 * 24 * 3600,
            view_cache_mb: 32,
        }
    }
}

impl Config {
    /// Loads the optional TOML file, then applies environment variables.
    pub fn load(file: Option<&std::path::Path>) -> anyhow::Result<Self> {
        let mut cfg = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading config file {}", path.display()))?;
                toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?
            }
            None => Config::default(),
        };
        cfg.apply_env(|k| std::env::var(k).ok())?;
        cfg.fill_defaults();
        Ok(cfg)
    }

    fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        if let Some(v) = get("KNXDESK_BIND") {
            self.bind = v.parse().context("KNXDESK_BIND must be host:port")?;
        }
        let text = |field: &mut String, key: &str| {
            if let Some(v) = get(key) {
                *field = v;
            }
        };
        text(&mut self.base_url, "KNXDESK_BASE_URL");
        text(&mut self.storage_url, "KNXDESK_STORAGE_URL");
        text(&mut self.database_url, "KNXDESK_DATABASE_URL");
        text(&mut self.smtp_url, "KNXDESK_SMTP_URL");
        text(&mut self.mail_from, "KNXDESK_MAIL_FROM");
        text(&mut self.secret_key, "KNXDESK_SECRET_KEY");
        text(&mut self.log_format, "KNXDESK_LOG_FORMAT");
        if let Some(v) = get("KNXDESK_DATA_DIR") {
            self.data_dir = v.into();
        }
        if let Some(v) = get("KNXDESK_VIEW_CACHE_MB") {
            self.view_cache_mb = v
                .parse()
                .context("KNXDESK_VIEW_CACHE_MB must be a number of megabytes")?;
        }
        if let Some(v) = get("KNXDESK_TRUST_PROXY") {
            self.trust_proxy = matches!(v.as_str(), "1" | "true" | "yes");
        }
        Ok(())
    }

    fn fill_defaults(&mut self) {
        if self.database_url.is_empty() {
            self.database_url = format!("sqlite://{}", self.data_dir.join("knxdesk.db").display());
        }
        if self.base_url.is_empty() {
            self.base_url = format!("http://{}", self.bind);
        }
        self.base_url = self.base_url.trim_end_matches('/').to_string();
    }

    /// A configuration for tests: everything under `dir`, listening on any port.
    pub fn for_tests(dir: &std::path::Path, database_url: String) -> Self {
        let mut cfg = Config {
            bind: "127.0.0.1:0".parse().expect("valid address"),
            data_dir: dir.to_path_buf(),
            database_url,
            secret_key: "test-secret-key-test-secret-key-test-secret".into(),
            // Tests play clients at several addresses with `X-Forwarded-For`.
            trust_proxy: true,
            ..Config::default()
        };
        cfg.fill_defaults();
        cfg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_sqlite_in_data_dir() {
        let mut cfg = Config::default();
        cfg.apply_env(|_| None).unwrap();
        cfg.fill_defaults();
        assert_eq!(cfg.database_url, "sqlite://data/knxdesk.db");
        assert_eq!(cfg.base_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn environment_overrides() {
        let mut cfg = Config::default();
        cfg.apply_env(|k| match k {
            "KNXDESK_BIND" => Some("0.0.0.0:9000".into()),
            "KNXDESK_DATABASE_URL" => Some("postgres://x@y/z".into()),
            "KNXDESK_BASE_URL" => Some("https://knx.example.com/".into()),
            _ => None,
        })
        .unwrap();
        cfg.fill_defaults();
        assert_eq!(cfg.bind.port(), 9000);
        assert_eq!(cfg.database_url, "postgres://x@y/z");
        assert_eq!(cfg.base_url, "https://knx.example.com");
    }

    #[test]
    fn bad_bind_is_an_error() {
        let mut cfg = Config::default();
        assert!(
            cfg.apply_env(|k| (k == "KNXDESK_BIND").then(|| "nope".into()))
                .is_err()
        );
    }
}
