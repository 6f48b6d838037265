//! The composition root: the router of every feature's routes, every feature's jobs, and
//! `launch`, which serves on a given listener (tests bind port 0) until shutdown.

use std::{net::SocketAddr, time::Duration};

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

use crate::{
    shutdown,
    state::AppState,
    web::{self, routes::Routes},
};

/// Requests that take longer than this are logged at info.
const SLOW_REQUEST: Duration = Duration::from_secs(1);

/// Only our own scripts, styles, forms and frames; inline style attributes carry layout values
/// (tree depth) and nothing else.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; \
                   img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every feature's routes. Uploads may take up to an hour on a slow line; everything else gets
/// two minutes.
pub fn routes() -> Routes {
    let timeout = |secs| {
        TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(secs))
    };
    Routes::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(
            "/static/{version}/{name}",
            get(
                |axum::extract::Path((_, name)): axum::extract::Path<(String, String)>| {
                    web::assets::serve(axum::extract::Path(name))
                },
            ),
        )
        .merge(crate::accounts::routes())
        .merge(crate::web::language::routes())
        .merge(crate::orgs::routes())
        .merge(crate::invitations::routes())
        .merge(crate::settings::routes())
        .merge(crate::dashboard::routes())
        .merge(crate::audit::routes())
        .merge(crate::search::routes())
        .merge(crate::customers::routes())
        .merge(crate::projects::routes())
        .merge(crate::ets::routes())
        .merge(crate::service::routes())
        .merge(crate::codes::routes())
        .merge(crate::company::routes())
        .merge(crate::devices::routes())
        .merge(crate::notifications::routes())
        .map(|r| r.layer(timeout(120)))
        .merge(
            crate::ets::upload_routes().map(|r| r.layer(timeout(crate::ets::UPLOAD_TIMEOUT_SECS))),
        )
}

pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    routes()
        .into_router()
        .fallback(web::context::not_found)
        // A panicking handler becomes our 500 page (rendered by the context middleware).
        .layer(CatchPanicLayer::custom(|_| web::error::error_page(StatusCode::INTERNAL_SERVER_ERROR, "error.page.internal")))
        .layer(middleware::from_fn_with_state(state.clone(), web::context::layer))
        .layer(middleware::from_fn(web::redirect::readable_by_script))
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

/// Every feature's background work.
pub fn jobs() -> crate::jobs::Registry {
    crate::jobs::Registry::default()
        .job::<crate::mail::MailJob>()
        .job::<crate::ets::job::ParseJob>()
        .job::<crate::search::reindex::ReindexJob>()
        .sweep("copyable invitation links", |state| async move {
            crate::customers::invitations::erase_old_links(&state).await?;
            Ok(())
        })
        .sweep("resolved cases without an answer", |state| async move {
            crate::service::auto_close::close_resolved(&state).await?;
            Ok(())
        })
        .sweep("service code scans", |state| async move {
            state.scans.flush(&state.db).await?;
            Ok(())
        })
}

/// Serves HTTP and runs the job worker until `stop` fires; then finishes in-flight requests.
pub async fn launch(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: shutdown::Signal,
) -> anyhow::Result<()> {
    let worker = tokio::spawn(crate::jobs::worker(state.clone(), jobs(), stop.clone()));
    let app = router(state.clone());
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move { stop.wait().await })
    .await
    .context("serving HTTP")?;
    let _ = worker.await;
    // What the last requests counted.
    if let Err(e) = state.scans.flush(&state.db).await {
        tracing::error!(error = ?e, "writing service code scans");
    }
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
