use askama::Template;
use axum::{
    extract::{Form, Query},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{password, sessions, throttle, users};
use crate::web::{
    AppResult, FieldErrors, Layout, Viewer, error::safe_next, flash, render, render_status,
};

#[derive(Template)]
#[template(path = "accounts/signin.html")]
struct SignInPage {
    l: Layout,
    email: String,
    next: String,
    error: Option<String>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
    email: String,
}

pub async fn form(viewer: Viewer, Query(q): Query<NextQuery>) -> AppResult<Response> {
    let l = viewer.layout("", "signin.title").await?;
    render(&SignInPage {
        l,
        email: q.email,
        next: q.next,
        error: None,
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
    next: String,
}

pub async fn submit(viewer: Viewer, Form(f): Form<SignInForm>) -> AppResult<Response> {
    let state = &viewer.state;
    let t = viewer.t();
    let email = f.email.trim().to_lowercase();
    let page = |error: Option<String>, errors: FieldErrors| async {
        let l = viewer.layout("", "signin.title").await?;
        Ok::<_, crate::web::AppError>(SignInPage {
            l,
            email: f.email.clone(),
            next: f.next.clone(),
            error,
            errors,
        })
    };

    let mut errors = FieldErrors::default();
    if email.is_empty() {
        errors.add("email", t.get("error.required").into());
    }
    if f.password.is_empty() {
        errors.add("password", t.get("error.required").into());
    }
    if !errors.is_empty() {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(None, errors).await?);
    }
    if email.len() > 254 || f.password.len() > 1024 {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(Some(t.get("signin.wrong").into()), errors).await?,
        );
    }
    if throttle::sign_in_blocked(state, &email, &viewer.ctx.ip).await? {
        let minutes = (throttle::WINDOW_SECS / 60).to_string();
        let msg = t.fmt("signin.throttled", &[("minutes", &minutes)]);
        return render_status(
            StatusCode::TOO_MANY_REQUESTS,
            &page(Some(msg), errors).await?,
        );
    }

    let user = users::find_by_email(state, &email).await?;
    let ok = password::verify(&f.password, user.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match (ok, user) {
        (true, Some(u)) => u,
        _ => {
            throttle::record(state, &throttle::account_key(&email)).await?;
            throttle::record(state, &throttle::address_key(&viewer.ctx.ip)).await?;
            tracing::info!(ip = %viewer.ctx.ip, "failed sign-in");
            return render_status(
                StatusCode::UNAUTHORIZED,
                &page(Some(t.get("signin.wrong").into()), errors).await?,
            );
        }
    };
    throttle::clear(state, &throttle::account_key(&email)).await?;
    let to = safe_next(Some(&f.next)).unwrap_or_else(|| "/".into());
    super::start_session(&viewer, user.id, &to).await
}

pub async fn sign_out(viewer: Viewer) -> AppResult<Response> {
    if let Some(user) = viewer.user() {
        sessions::end(&viewer.state, &user.session_hash).await?;
    }
    let mut res = flash::success("/signin", "signin.signed_out", &[]);
    super::clear_session_cookie(&mut res);
    Ok(res)
}
