//! Settings: the user's profile and security, and the organisation's settings (administrators).

pub mod logo;
mod organisation;
pub mod queries;
mod service;

use askama::Template;
use axum::{
    extract::Form,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;

use crate::{
    accounts::{password, users},
    clock::Zone,
    i18n::Lang,
    types::{FieldError, NewPassword, optional_text, required_text},
    web::routes::Routes,
    web::sessions,
    web::{AppResult, FieldErrors, Layout, SignedIn, flash, render, render_status},
};

pub fn routes() -> Routes {
    Routes::new()
        .route("/settings/profile", get(profile).post(save_profile))
        .route("/settings/security", get(security))
        .route("/settings/security/password", post(change_password))
        .route("/settings/security/signout-all", post(sign_out_everywhere))
        .org(
            "/settings",
            get(organisation::page).post(organisation::save),
        )
        .org(
            "/settings/logo",
            post(axum::handler::Handler::layer(
                logo::upload,
                axum::extract::DefaultBodyLimit::max(logo::MAX_BYTES + 64 * 1024),
            )),
        )
        .org("/settings/logo/remove", post(logo::remove))
        .org("/settings/service", get(service::page).post(service::save))
        .org("/logo", get(logo::serve))
}

#[derive(Template)]
#[template(path = "settings/profile.html")]
struct ProfilePage {
    l: Layout,
    name: String,
    email: String,
    phone: String,
    language: String,
    /// Empty: the organisation's.
    time_zone: String,
    /// The organisation's zone, which an empty choice follows.
    org_zone: String,
    errors: FieldErrors,
}

/// The zone a profile without one of its own follows (see `Viewer::local_time`).
fn org_zone(s: &SignedIn) -> String {
    s.user
        .orgs
        .first()
        .and_then(|o| Zone::parse(&o.time_zone))
        .unwrap_or_else(Zone::utc)
        .name()
        .to_string()
}

pub async fn profile(s: SignedIn) -> AppResult<Response> {
    let p = queries::profile(&s.viewer.state.db.pool, s.user.id).await?;
    render(&ProfilePage {
        l: s.viewer.layout("settings", "settings.profile").await?,
        name: p.name,
        email: p.email,
        phone: p.phone,
        language: p.language,
        time_zone: p.time_zone,
        org_zone: org_zone(&s),
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProfileForm {
    name: String,
    phone: String,
    language: String,
    time_zone: String,
}

/// A time zone from a form: empty, or a name the time zone database knows.
pub fn time_zone_field(input: &str, may_be_empty: bool) -> Result<String, FieldError> {
    let input = input.trim();
    if input.is_empty() && may_be_empty {
        return Ok(String::new());
    }
    Zone::parse(input)
        .map(|z| z.name().to_string())
        .ok_or(FieldError::Invalid)
}

pub async fn save_profile(s: SignedIn, Form(f): Form<ProfileForm>) -> AppResult<Response> {
    let t = s.viewer.t();
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&f.name, 100), t);
    let phone = errors.check("phone", optional_text(&f.phone, 50), t);
    let lang = errors.check(
        "language",
        Lang::parse(&f.language).ok_or(FieldError::Invalid),
        t,
    );
    let zone = errors.check("time_zone", time_zone_field(&f.time_zone, true), t);
    let (Some(name), Some(phone), Some(lang), Some(zone)) = (name, phone, lang, zone) else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ProfilePage {
                l: s.viewer.layout("settings", "settings.profile").await?,
                name: f.name,
                email: s.user.email.clone(),
                phone: f.phone,
                language: f.language,
                time_zone: f.time_zone,
                org_zone: org_zone(&s),
                errors,
            },
        );
    };
    queries::update_profile(
        &s.viewer.state.db.pool,
        s.user.id,
        &name,
        &phone,
        lang.code(),
        &zone,
    )
    .await?;
    Ok(flash::success("/settings/profile", "settings.saved", &[]))
}

#[derive(Template)]
#[template(path = "settings/security.html")]
struct SecurityPage {
    l: Layout,
    sessions: i64,
    errors: FieldErrors,
}

async fn security_page(s: &SignedIn, errors: FieldErrors) -> AppResult<SecurityPage> {
    Ok(SecurityPage {
        l: s.viewer.layout("settings", "settings.security").await?,
        sessions: queries::session_count(&s.viewer.state.db.pool, s.user.id).await?,
        errors,
    })
}

pub async fn security(s: SignedIn) -> AppResult<Response> {
    render(&security_page(&s, FieldErrors::default()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    new: String,
}

pub async fn change_password(s: SignedIn, Form(f): Form<PasswordForm>) -> AppResult<Response> {
    let state = &s.viewer.state;
    let t = s.viewer.t();
    let mut errors = FieldErrors::default();
    let stored = users::password_hash(state, s.user.id).await?;
    if f.current.len() > NewPassword::MAX_BYTES || !password::verify(&f.current, stored).await? {
        errors.add("current", FieldError::WrongPassword.message(t));
    }
    let new = errors.check("new", NewPassword::parse(&f.new), t);
    let (Some(new), true) = (new, errors.is_empty()) else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &security_page(&s, errors).await?,
        );
    };
    users::set_password(state, s.user.id, &password::hash(new.expose()).await?).await?;
    // Whoever knew the old password is signed out everywhere else.
    sessions::end_others(state, s.user.id, &s.user.session_hash).await?;
    Ok(flash::success(
        "/settings/security",
        "settings.password_changed",
        &[],
    ))
}

pub async fn sign_out_everywhere(s: SignedIn) -> AppResult<Response> {
    sessions::end_all(&s.viewer.state, s.user.id).await?;
    let mut res = flash::success("/signin", "settings.signed_out_everywhere", &[]);
    crate::accounts::clear_session_cookie(&mut res);
    Ok(res)
}
