//! One-shot messages shown on the next page ("Invitation sent."), carried in a short cookie.

use axum::{
    http::{HeaderValue, header::SET_COOKIE},
    response::{IntoResponse, Redirect, Response},
};

pub const COOKIE: &str = "knxdesk_flash";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlashKind {
    Success,
    Error,
    Info,
}

/// A message catalogue key plus `{name}` arguments.
#[derive(Clone, Debug)]
pub struct Flash {
    pub kind: FlashKind,
    pub key: String,
    pub args: Vec<(String, String)>,
}

impl Flash {
    pub fn encode(&self) -> String {
        let kind = match self.kind {
            FlashKind::Success => "success",
            FlashKind::Error => "error",
            FlashKind::Info => "info",
        };
        let mut ser = form_urlencoded::Serializer::new(String::new());
        ser.append_pair("k", kind).append_pair("m", &self.key);
        for (n, v) in &self.args {
            ser.append_pair(n, v);
        }
        ser.finish()
    }

    pub fn decode(s: &str) -> Option<Flash> {
        let mut kind = None;
        let mut key = None;
        let mut args = Vec::new();
        for (k, v) in form_urlencoded::parse(s.as_bytes()) {
            match k.as_ref() {
                "k" => {
                    kind = Some(match v.as_ref() {
                        "success" => FlashKind::Success,
                        "error" => FlashKind::Error,
                        _ => FlashKind::Info,
                    })
                }
                "m" => key = Some(v.into_owned()),
                _ => args.push((k.into_owned(), v.into_owned())),
            }
        }
        Some(Flash {
            kind: kind?,
            key: key?,
            args,
        })
    }

    /// The message in the viewer's language.
    pub fn text(&self, t: &crate::i18n::Catalog) -> String {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        t.fmt(&self.key, &args)
    }

    pub fn css(&self) -> &'static str {
        match self.kind {
            FlashKind::Success => "success",
            FlashKind::Error => "error",
            FlashKind::Info => "info",
        }
    }
}

/// Redirects (303) with a message for the next page.
pub fn redirect_with(to: &str, kind: FlashKind, key: &str, args: &[(&str, &str)]) -> Response {
    let mut res = Redirect::to(to).into_response();
    set(&mut res, kind, key, args);
    res
}

/// Adds a message for the next page to any response.
pub fn set(res: &mut Response, kind: FlashKind, key: &str, args: &[(&str, &str)]) {
    let flash = Flash {
        kind,
        key: key.to_string(),
        args: args
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60",
        cookie_escape(&flash.encode())
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(SET_COOKIE, v);
    }
}

pub fn success(to: &str, key: &str, args: &[(&str, &str)]) -> Response {
    redirect_with(to, FlashKind::Success, key, args)
}

pub fn error(to: &str, key: &str, args: &[(&str, &str)]) -> Response {
    redirect_with(to, FlashKind::Error, key, args)
}

/// Cookie values may not hold `;`, `,` or spaces; the form encoding has none but `+`/`%`, which
/// are fine. Percent-encode the rest defensively.
fn cookie_escape(s: &str) -> String {
    s.replace(';', "%3B").replace(',', "%2C").replace(' ', "+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let f = Flash {
            kind: FlashKind::Success,
            key: "invite.sent".into(),
            args: vec![("email".into(), "a;b@x.de".into())],
        };
        let back = Flash::decode(&cookie_escape(&f.encode())).unwrap();
        assert_eq!(back.kind, FlashKind::Success);
        assert_eq!(back.key, "invite.sent");
        assert_eq!(back.args, f.args);
        assert!(Flash::decode("garbage").is_none());
    }
}
