//! What every request and job shares: database, configuration, clock, mail, storage, the
//! worker's wake-up and the server secret. Part of the kernel: it names no feature.

use std::sync::Arc;

use anyhow::Context;

use crate::{clock::Clock, config::Config, db::Db, jobs::Wakeup, mail::Mailer};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Clock,
    /// Behind an Arc: the state is cloned into every request, and a mailer owns strings.
    pub mailer: Arc<Mailer>,
    pub storage: crate::storage::Storage,
    pub wakeup: Wakeup,
    /// Key for CSRF tokens and signed links.
    pub secret: Arc<Vec<u8>>,
    /// Rendered Service lists and boards (service/view_cache.rs).
    pub views: Arc<crate::service::view_cache::ViewCache>,
    /// Service code scans not yet written (codes/scans.rs).
    pub scans: Arc<crate::codes::scans::ScanCounter>,
}

impl AppState {
    /// Connects to the database, runs migrations and prepares mail.
    pub async fn new(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        let secret = load_secret(&config)?;
        let mailer = Arc::new(Mailer::from_config(&config)?);
        let storage = crate::storage::Storage::from_config(&config)?;
        let views = Arc::new(crate::service::view_cache::ViewCache::new(
            config.view_cache_mb,
        ));
        Ok(AppState {
            db,
            config: Arc::new(config),
            clock: Clock::default(),
            mailer,
            storage,
            wakeup: Wakeup::default(),
            secret: Arc::new(secret),
            views,
            scans: Arc::default(),
        })
    }
}

/// The configured secret, or one generated once into the data folder.
fn load_secret(config: &Config) -> anyhow::Result<Vec<u8>> {
    if !config.secret_key.is_empty() {
        anyhow::ensure!(
            config.secret_key.len() >= 32,
            "KNXDESK_SECRET_KEY must be at least 32 characters"
        );
        return Ok(config.secret_key.as_bytes().to_vec());
    }
    let path = config.data_dir.join("secret.key");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= 32
    {
        return Ok(existing.trim().as_bytes().to_vec());
    }
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating {}", config.data_dir.display()))?;
    let key = crate::tokens::new_token().plain;
    std::fs::write(&path, &key).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(key.into_bytes())
}
