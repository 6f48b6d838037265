//! Application state, the router, and `launch`, which serves on a given listener (tests bind
//! port 0) until shutdown.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use axum::{
    Router,
    extract::State,
    http::{HeaderName, HeaderValue, Request, StatusCode, header},
    middleware,
    response::IntoResponse,
    routing::get,
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnFailure, TraceLayer},
};

use crate::{clock::Clock, config::Config, db::Db, jobs::Wakeup, mail::Mailer, shutdown, web};

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
}

impl AppState {
    /// Connects to the database, runs migrations and prepares mail.
    pub async fn new(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        let secret = load_secret(&config)?;
        let mailer = Arc::new(Mailer::from_config(&config)?);
        let storage = crate::storage::Storage::from_config(&config)?;
        Ok(AppState {
            db,
            config: Arc::new(config),
            clock: Clock::default(),
            mailer,
            storage,
            wakeup: Wakeup::default(),
            secret: Arc::new(secret),
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

/// Requests that take longer than this are logged at info.
const SLOW_REQUEST: Duration = Duration::from_secs(1);

/// Only our own scripts, styles, forms and frames; inline style attributes carry layout values
/// (tree depth) and nothing else.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; \
                   img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let timeout = |secs| {
        TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(secs))
    };
    // Uploads may take up to an hour on a slow line; everything else gets two minutes.
    let uploads = crate::ets::upload_routes().layer(timeout(crate::ets::UPLOAD_TIMEOUT_SECS));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/static/{version}/{name}", get(|axum::extract::Path((_, name)): axum::extract::Path<(String, String)>| web::assets::serve(axum::extract::Path(name))))
        .merge(crate::accounts::routes())
        .merge(crate::orgs::routes())
        .merge(crate::invitations::routes())
        .merge(crate::settings::routes())
        .merge(crate::dashboard::routes())
        .merge(crate::customers::routes())
        .merge(crate::projects::routes())
        .merge(crate::ets::routes())
        .layer(timeout(120))
        .merge(uploads)
        .fallback(web::context::not_found)
        // A panicking handler becomes our 500 page (rendered by the context middleware).
        .layer(CatchPanicLayer::custom(|_| web::error::error_page(StatusCode::INTERNAL_SERVER_ERROR, "error.page.internal")))
        .layer(middleware::from_fn_with_state(state.clone(), web::context::layer))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<_>| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                    tracing::info_span!("request", method = %req.method(), path = %loggable_path(req.uri().path()), request_id = %id)
                })
                // Every request at debug (a busy hour at info wrote hundreds of MB); slow ones
                // at info, failures (5xx) at error.
                .on_response(|res: &axum::response::Response, latency: Duration, _: &tracing::Span| {
                    let (status, micros) = (res.status().as_u16(), latency.as_micros());
                    if latency >= SLOW_REQUEST {
                        tracing::info!(status, latency_us = micros, "slow request");
                    } else {
                        tracing::debug!(status, latency_us = micros, "finished processing request");
                    }
                })
                .on_failure(DefaultOnFailure::new().level(tracing::Level::ERROR)),
        )
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        // Links with tokens in their path must not travel to other sites in a Referer header.
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .layer(CatchPanicLayer::new())
        .with_state(state)
}

/// The request path for the logs, with secret tokens (invitation, reset and confirmation links)
/// masked: whoever reads the logs must not be able to use a pending link.
fn loggable_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if crate::tokens::looks_like_token(segment) {
                "[token]"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// Serves HTTP and runs the job worker until `stop` fires; then finishes in-flight requests.
pub async fn launch(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: shutdown::Signal,
) -> anyhow::Result<()> {
    let worker = tokio::spawn(crate::jobs::worker(state.clone(), stop.clone()));
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move { stop.wait().await })
    .await
    .context("serving HTTP")?;
    let _ = worker.await;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_never_reach_the_logs() {
        let token = crate::tokens::new_token().plain;
        let logged = super::loggable_path(&format!("/invite/{token}/signup"));
        assert_eq!(logged, "/invite/[token]/signup");
        assert_eq!(super::loggable_path("/o/12/projects/3"), "/o/12/projects/3");
    }
}
