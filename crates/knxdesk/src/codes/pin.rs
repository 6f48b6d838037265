//! A PIN on a code (D2): the label's page stays what it is for everyone (the device, who to
//! call, the report form); a service technician who knows the PIN also sees the device's
//! professional details (order number, communication objects with their group addresses, its
//! cases). The PIN is kept as an HMAC with the server key; a correct one grants its browser
//! eight hours on that code's page through a signed cookie bound to the PIN (a new PIN ends
//! every grant). Wrong PINs are throttled per code and per address, in the database.

use axum::{
    extract::Form,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{ServiceCode, queries};
use crate::{
    accounts::throttle,
    authz::Action,
    tokens::same_secret,
    types::OrgId,
    web::{AppError, AppResult, FieldErrors, Ids, OrgCtx, Viewer, flash, render_status},
};

/// A PIN as typed: 4 to 8 digits.
#[derive(Debug, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub fn parse(raw: &str) -> Option<Pin> {
        let pin: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        ((4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()))
            .then_some(Pin(pin))
    }
}

/// What the database keeps of a code's PIN.
pub fn hash(secret: &[u8], code: &ServiceCode, pin: &Pin) -> String {
    crate::crypto::sign(secret, "code-pin", &format!("{code}:{}", pin.0))
}

const COOKIE: &str = "knxdesk_pin";
const GRANT_SECS: i64 = 8 * 3600;

/// Tries per code and per address: a technician mistypes, a guesser is stopped.
const TRIES_ON_CODE: throttle::Limit = throttle::Limit {
    max: 5,
    window_secs: 15 * 60,
};
const TRIES_FROM_ADDRESS: throttle::Limit = throttle::Limit {
    max: 20,
    window_secs: 3600,
};
/// And per code and day, from anywhere: a 4-digit PIN then takes a guesser years.
const TRIES_PER_DAY: throttle::Limit = throttle::Limit {
    max: 20,
    window_secs: 24 * 3600,
};

fn grant_signature(secret: &[u8], code: &ServiceCode, pin_hash: &str, until: i64) -> String {
    crate::crypto::sign(
        secret,
        "code-pin-grant",
        &format!("{code}:{pin_hash}:{until}"),
    )
}

/// Whether this browser entered the code's current PIN in the last eight hours.
pub fn granted(
    secret: &[u8],
    headers: &HeaderMap,
    code: &ServiceCode,
    pin_hash: &str,
    now: i64,
) -> bool {
    if pin_hash.is_empty() {
        return false;
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .filter_map(|v| v.split_once('.'))
        .any(|(until, sig)| {
            until.parse::<i64>().is_ok_and(|until| {
                until > now && same_secret(sig, &grant_signature(secret, code, pin_hash, until))
            })
        })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PinForm {
    pin: String,
}

/// The team sets a code's PIN, or removes it with an empty one.
pub async fn set(
    o: OrgCtx,
    Ids((_, raw)): Ids<(OrgId, String)>,
    Form(f): Form<PinForm>,
) -> AppResult<Response> {
    o.require(Action::EditProjects)?;
    let code = ServiceCode::parse(&raw).ok_or(AppError::NotFound)?;
    let db = &o.viewer.state.db;
    let back = match queries::place(db, o.org_id(), &code).await? {
        Some(place) => o.path(&place.page),
        None => o.path("/codes"),
    };
    let (kept, key) = if f.pin.trim().is_empty() {
        (String::new(), "codes.pin_removed")
    } else {
        let Some(pin) = Pin::parse(&f.pin) else {
            return Ok(flash::error(&back, "codes.pin_invalid", &[]));
        };
        (hash(&o.viewer.state.secret, &code, &pin), "codes.pin_set")
    };
    if !queries::set_pin(db, o.org_id(), &code, &kept).await? {
        return Err(AppError::NotFound);
    }
    Ok(flash::success(&back, key, &[("code", &code.grouped())]))
}

/// A technician enters the PIN on the label's page.
pub async fn unlock(
    viewer: Viewer,
    Ids(raw): Ids<String>,
    Form(f): Form<PinForm>,
) -> AppResult<Response> {
    let (code, s) = match super::public::scanned(&viewer, &raw).await? {
        Ok(found) => found,
        Err(neutral) => return Ok(neutral),
    };
    let here = format!("/c/{code}");
    if s.pin_hash.is_empty() {
        return Ok(axum::response::Redirect::to(&here).into_response());
    }
    let state = &viewer.state;
    let t = viewer.t();
    let code_key = format!("code-pin:{here}");
    let decision = throttle::take_all(
        state,
        &[
            (code_key.clone(), TRIES_ON_CODE),
            (format!("code-pin-day:{here}"), TRIES_PER_DAY),
            (
                format!("code-pin-address:{}", viewer.ctx.ip),
                TRIES_FROM_ADDRESS,
            ),
        ],
    )
    .await?;
    let (status, message) = match decision {
        throttle::Decision::Denied { .. } => (StatusCode::TOO_MANY_REQUESTS, "codes.pin_too_many"),
        _ => match Pin::parse(&f.pin) {
            Some(pin) if same_secret(&hash(&state.secret, &code, &pin), &s.pin_hash) => {
                throttle::give_back(state, &code_key).await?;
                throttle::give_back(state, &format!("code-pin-day:{here}")).await?;
                let until = state.clock.now() + GRANT_SECS;
                let secure = if viewer.ctx.secure_cookies {
                    "; Secure"
                } else {
                    ""
                };
                let cookie = format!(
                    "{COOKIE}={until}.{}; Path={here}; HttpOnly; SameSite=Lax; Max-Age={GRANT_SECS}{secure}",
                    grant_signature(&state.secret, &code, &s.pin_hash, until)
                );
                let mut res = flash::success(&format!("{here}#pro"), "codes.pin_accepted", &[]);
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
                return Ok(res);
            }
            _ => (StatusCode::UNPROCESSABLE_ENTITY, "codes.pin_wrong"),
        },
    };
    let mut errors = FieldErrors::default();
    errors.add("pin", t.get(message).to_string());
    let form = super::public::ReportForm::default();
    let page = super::public::page(&viewer, s, None, form, errors).await?;
    render_status(status, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert_eq!(Pin::parse(" 12 34 "), Some(Pin("1234".into())));
        assert!(Pin::parse("12345678").is_some());
        assert!(Pin::parse("123").is_none());
        assert!(Pin::parse("123456789").is_none());
        assert!(Pin::parse("12a4").is_none());
        assert!(Pin::parse("١٢٣٤").is_none(), "ASCII digits only");
    }

    #[test]
    fn a_grant_holds_for_its_code_and_pin_until_it_ends() {
        let secret = b"k".repeat(32);
        let code = ServiceCode::parse("F9T4N9PY6CKDRHBK").unwrap();
        let other = ServiceCode::parse("0000000000000000").unwrap();
        let sig = grant_signature(&secret, &code, "h1", 1000);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {COOKIE}=1000.{sig}")).unwrap(),
        );
        assert!(granted(&secret, &headers, &code, "h1", 999));
        assert!(!granted(&secret, &headers, &code, "h1", 1000), "ended");
        assert!(!granted(&secret, &headers, &code, "h2", 999), "another PIN");
        assert!(
            !granted(&secret, &headers, &other, "h1", 999),
            "another code"
        );
        assert!(!granted(&secret, &headers, &code, "", 999), "no PIN");
    }
}
