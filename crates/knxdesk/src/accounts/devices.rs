//! Device cookies (OWASP's defence against lock-out by strangers): a browser that signed in to
//! an account gets a signed cookie naming that account and a random device id. Its attempts are
//! counted under that device alone, so failures elsewhere never lock the owner out of their own
//! browser, and its own failures lock only that device.

use axum::http::HeaderMap;

use crate::{crypto::sign, tokens::new_token};

pub const COOKIE: &str = "knxdesk_device";
/// A year: the cookie is only ever sent to the sign-in form.
pub const MAX_AGE_SECS: i64 = 365 * 24 * 3600;
const PURPOSE: &str = "device";

fn signature(secret: &[u8], email: &str, device: &str) -> String {
    sign(
        secret,
        PURPOSE,
        &format!("{}|{device}", email.trim().to_lowercase()),
    )
}

/// A new cookie value for `email`.
pub fn new_cookie(secret: &[u8], email: &str) -> String {
    let device = new_token().plain;
    let sig = signature(secret, email, &device);
    format!("{device}.{sig}")
}

/// The device id of the request's cookie, if it was given to this browser for `email`.
pub fn known(secret: &[u8], headers: &HeaderMap, email: &str) -> Option<String> {
    let value = crate::web::context::cookie(headers, COOKIE)?;
    let (device, sig) = value.split_once('.')?;
    crate::tokens::same_secret(sig, &signature(secret, email, device)).then(|| device.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_known_only_for_its_account_and_key() {
        let value = new_cookie(b"k1", "anna@example.com");
        let mut headers = HeaderMap::new();
        headers.insert("cookie", format!("a=b; {COOKIE}={value}").parse().unwrap());
        let device = value.split_once('.').unwrap().0;
        assert_eq!(
            known(b"k1", &headers, "Anna@Example.com ").as_deref(),
            Some(device)
        );
        assert_eq!(known(b"k1", &headers, "bert@example.com"), None);
        assert_eq!(known(b"k2", &headers, "anna@example.com"), None);
        headers.insert(
            "cookie",
            format!("{COOKIE}={device}.forged").parse().unwrap(),
        );
        assert_eq!(known(b"k1", &headers, "anna@example.com"), None);
    }
}
