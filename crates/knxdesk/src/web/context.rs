//! The request context middleware: who is asking (session), in which language, their CSRF token
//! and flash message; rejects unsafe requests without a valid CSRF token; renders error pages.

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::{ConnectInfo, State},
    http::{HeaderValue, Method, Request, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::{
    csrf::{self, CsrfToken},
    error::{ErrorPage, error_page},
    flash::{self, Flash},
};
use crate::{
    i18n::Lang,
    state::AppState,
    web::sessions::{self, SessionUser},
};

/// Everything the middleware learned, put into request extensions for extractors.
#[derive(Clone)]
pub struct RequestCtx {
    pub user: Option<SessionUser>,
    pub lang: Lang,
    pub csrf: String,
    pub flash: Option<Flash>,
    pub ip: String,
    pub user_agent: String,
    pub secure_cookies: bool,
}

pub async fn layer(State(state): State<AppState>, mut req: Request<Body>, next: Next) -> Response {
    let jar = cookies(req.headers());
    let ip = client_ip(&req, state.config.trust_proxy);
    let user_agent = header_str(&req, header::USER_AGENT).to_string();
    let secure_cookies = state.config.base_url.starts_with("https://");

    let (csrf_cookie, new_csrf_cookie) = match jar.iter().find(|(k, _)| k == csrf::COOKIE) {
        Some((_, v)) if !v.is_empty() && v.len() <= 64 => (v.clone(), false),
        _ => (csrf::new_cookie_value(), true),
    };
    let csrf_token = csrf::token_for(&state.secret, &csrf_cookie);

    let user = match jar.iter().find(|(k, _)| k == sessions::COOKIE) {
        Some((_, token)) => match sessions::load(&state, token).await {
            Ok(u) => u,
            Err(e) => {
                tracing::error!(error = ?e, "loading session");
                return error_page(StatusCode::SERVICE_UNAVAILABLE, "error.page.internal");
            }
        },
        None => None,
    };
    let chosen = jar
        .iter()
        .find(|(k, _)| k == super::language::COOKIE)
        .and_then(|(_, v)| Lang::parse(v));
    let lang = user
        .as_ref()
        .map(|u| u.language)
        .or(chosen)
        .unwrap_or_else(|| {
            Lang::from_accept_language(header_str(&req, header::ACCEPT_LANGUAGE))
                .unwrap_or_default()
        });
    let flash = jar
        .iter()
        .find(|(k, _)| k == flash::COOKIE)
        .and_then(|(_, v)| Flash::decode(v));
    let had_flash = flash.is_some();

    let ctx = RequestCtx {
        user,
        lang,
        csrf: csrf_token.clone(),
        flash,
        ip,
        user_agent,
        secure_cookies,
    };
    req.extensions_mut().insert(ctx.clone());
    req.extensions_mut().insert(CsrfToken(csrf_token.clone()));

    // One-click unsubscribe (RFC 8058) is posted by mail programs, without our cookie: its
    // signed link is its authority, and all it can do is stop mails.
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && !req.uri().path().starts_with("/unsubscribe/");
    let mut res = if unsafe_method {
        let expected = (!new_csrf_cookie).then_some(csrf_token.as_str());
        match csrf::verify(req, expected).await {
            Ok(req) => next.run(req).await,
            Err(csrf::Refusal::Invalid) => error_page(StatusCode::FORBIDDEN, "error.page.csrf"),
            Err(csrf::Refusal::TooLarge) => {
                error_page(StatusCode::PAYLOAD_TOO_LARGE, "error.page.too_large")
            }
        }
    } else {
        next.run(req).await
    };

    if let Some(page) = res.extensions().get::<ErrorPage>().cloned() {
        let headers = std::mem::take(res.headers_mut());
        res = super::layout::render_error(&state, &ctx, page).await;
        for (name, value) in headers.iter() {
            // Cookies, `Connection: close` from a refused upload whose body was not read, and
            // when to come back after a 503.
            if name == header::SET_COOKIE
                || name == header::CONNECTION
                || name == header::RETRY_AFTER
            {
                res.headers_mut().append(name, value.clone());
            }
        }
    }
    if new_csrf_cookie {
        set_cookie(
            &mut res,
            &format!(
                "{}={csrf_cookie}; Path=/; HttpOnly; SameSite=Strict{}",
                csrf::COOKIE,
                secure_attr(secure_cookies)
            ),
        );
    }
    // The flash was shown on this page (not on a redirect hop): forget it.
    if had_flash && !res.status().is_redirection() && !has_new_flash(&res) {
        set_cookie(&mut res, &format!("{}=; Path=/; Max-Age=0", flash::COOKIE));
    }
    res
}

fn has_new_flash(res: &Response) -> bool {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|s| s.starts_with(flash::COOKIE)))
}

pub fn secure_attr(secure: bool) -> &'static str {
    if secure { "; Secure" } else { "" }
}

pub fn set_cookie(res: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn header_str(req: &Request<Body>, name: header::HeaderName) -> &str {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The value of one cookie of a request.
pub fn cookie(headers: &header::HeaderMap, name: &str) -> Option<String> {
    cookies(headers)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn cookies(headers: &header::HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|s| s.split(';'))
        .filter_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            Some((k.to_string(), v.to_string()))
        })
        .collect()
}

fn client_ip(req: &Request<Body>, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(first) = header_str(req, header::HeaderName::from_static("x-forwarded-for"))
            .split(',')
            .next()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    {
        return first.to_string();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default()
}

/// Responds to a request the router does not know.
pub async fn not_found() -> impl IntoResponse {
    super::error::AppError::NotFound
}
