//! CSRF protection: a signed double-submit token.
//!
//! Every visitor gets a random `knxdesk_csrf` cookie (HttpOnly, SameSite=Strict). Forms carry
//! `_csrf` = HMAC(server secret, cookie value); a cross-site page can neither read the cookie nor
//! compute the HMAC, and a cookie planted from a sibling domain is useless without the secret.
//! Every request that is not GET/HEAD/OPTIONS must present the token as a form field, an
//! `X-CSRF-Token` header or (for streamed multipart uploads) a `_csrf` query parameter.

use axum::{body::Body, http::Request};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;

pub const COOKIE: &str = "knxdesk_csrf";
pub const FIELD: &str = "_csrf";
const HEADER: &str = "x-csrf-token";
/// Forms are small; uploads go through multipart and are not buffered here.
const MAX_FORM_BYTES: usize = 1024 * 1024;
const DRAIN_BYTES: usize = 32 * 1024 * 1024;

/// The token to put in this visitor's forms.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

pub fn new_cookie_value() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_for(secret: &[u8], cookie_value: &str) -> String {
    crate::crypto::sign(secret, "csrf", cookie_value)
}

/// Why an unsafe request was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No token, or a wrong one (a form from another site, or one that expired).
    Invalid,
    /// A form body larger than any of our forms (answered 413, not "form expired").
    TooLarge,
}

/// Checks an unsafe request; returns the request (body restored) when the token is right.
pub async fn verify(req: Request<Body>, expected: Option<&str>) -> Result<Request<Body>, Refusal> {
    let Some(expected) = expected else {
        return Err(Refusal::Invalid);
    };
    let matches = |given: &str| crate::tokens::same_secret(given, expected);
    let checked = |ok: bool, req| if ok { Ok(req) } else { Err(Refusal::Invalid) };

    if let Some(given) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return checked(matches(given), req);
    }
    if let Some(query) = req.uri().query()
        && let Some((_, given)) = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == FIELD)
    {
        return checked(matches(&given), req);
    }
    let is_form = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(Refusal::Invalid);
    }
    let (parts, body) = req.into_parts();
    let bytes = read_form(body).await?;
    let ok = form_urlencoded::parse(&bytes).any(|(k, v)| k == FIELD && matches(&v));
    checked(ok, Request::from_parts(parts, Body::from(bytes)))
}

/// A form body of at most [`MAX_FORM_BYTES`]. A bigger one is read on (and dropped) up to
/// [`DRAIN_BYTES`] before it is refused, so that the browser, still sending, gets to see the
/// 413 page instead of a reset connection.
async fn read_form(body: Body) -> Result<Vec<u8>, Refusal> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let (mut bytes, mut total) = (Vec::new(), 0usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| Refusal::Invalid)?;
        total += chunk.len();
        if total <= MAX_FORM_BYTES {
            bytes.extend_from_slice(&chunk);
        } else if total > DRAIN_BYTES {
            break;
        }
    }
    if total > MAX_FORM_BYTES {
        return Err(Refusal::TooLarge);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_depends_on_secret_and_cookie() {
        let a = token_for(b"k1", "c");
        assert_eq!(a, token_for(b"k1", "c"));
        assert_ne!(a, token_for(b"k2", "c"));
        assert_ne!(a, token_for(b"k1", "d"));
    }

    #[tokio::test]
    async fn form_field_header_and_query() {
        let t = token_for(b"k", "c");
        let form = |body: String| {
            Request::post("/x")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap()
        };
        assert!(
            verify(form(format!("a=1&_csrf={t}")), Some(&t))
                .await
                .is_ok()
        );
        assert!(
            verify(form("a=1&_csrf=nope".into()), Some(&t))
                .await
                .is_err()
        );
        assert!(verify(form("a=1".into()), Some(&t)).await.is_err());
        assert!(verify(form(format!("_csrf={t}")), None).await.is_err());
        let hdr = Request::post("/x")
            .header(HEADER, &t)
            .body(Body::empty())
            .unwrap();
        assert!(verify(hdr, Some(&t)).await.is_ok());
        let q = Request::post(format!("/x?_csrf={t}"))
            .body(Body::empty())
            .unwrap();
        assert!(verify(q, Some(&t)).await.is_ok());
        let json = Request::post("/x")
            .header("content-type", "application/json")
            .body(Body::empty())
            .unwrap();
        assert!(verify(json, Some(&t)).await.is_err());
        let huge = format!("_csrf={t}&a={}", "x".repeat(MAX_FORM_BYTES));
        assert_eq!(
            verify(form(huge), Some(&t)).await.unwrap_err(),
            Refusal::TooLarge
        );
    }
}
