//! The language of someone without an account (a visitor at a device's label, a person
//! signing in): from `Accept-Language`, unless they chose one with the switch on the page,
//! which is kept in a cookie for a year. Signed-in users have theirs in their profile.

use axum::{
    extract::Form,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use serde::Deserialize;

use super::{Viewer, routes::Routes};
use crate::i18n::Lang;

pub const COOKIE: &str = "knxdesk_lang";

pub fn routes() -> Routes {
    Routes::new().route("/language", post(choose))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LanguageForm {
    lang: String,
}

/// Sets the chosen language and goes back to the page it was chosen on (a page of this site
/// only: the `Referer` is followed when it is ours).
async fn choose(viewer: Viewer, headers: HeaderMap, Form(f): Form<LanguageForm>) -> Response {
    let base = &viewer.state.config.base_url;
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.strip_prefix(base.as_str()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or("/")
        .to_string();
    let mut res = Redirect::to(&back).into_response();
    if let Some(lang) = Lang::parse(&f.lang) {
        let secure = if viewer.ctx.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000{secure}",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}
