use askama::Template;
use axum::{
    extract::{Form, Query},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde::Deserialize;

use super::{devices, password, throttle, users};
use crate::web::sessions;
use crate::web::{
    AppResult, FieldErrors, Layout, Viewer,
    context::{secure_attr, set_cookie},
    flash,
    redirect::LocalPath,
    render, render_status,
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

pub async fn submit(
    viewer: Viewer,
    headers: HeaderMap,
    Form(f): Form<SignInForm>,
) -> AppResult<Response> {
    let state = &viewer.state;
    let t = viewer.t();
    let email = f.email.trim().to_lowercase();
    // Decided before anything else, so nothing after the password check can fail on it.
    let to = LocalPath::parse_or(&f.next, "/");
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
    let device = devices::known(&state.secret, &headers, &email);
    // This client's own count for the account comes first: a locked client stops there.
    let client = match &device {
        Some(device) => format!("device:{device}"),
        None => viewer.ctx.ip.clone(),
    };
    let mut limits = vec![(throttle::pair_key(&email, &client), throttle::SIGN_IN_PAIR)];
    if device.is_none() {
        limits.push((
            throttle::address_key(&viewer.ctx.ip),
            throttle::SIGN_IN_ADDRESS,
        ));
        limits.push((throttle::account_key(&email), throttle::SIGN_IN_ACCOUNT));
    }
    let decision = throttle::take_all(state, &limits).await?;
    if decision != throttle::Decision::Allowed {
        let minutes = decision.minutes().to_string();
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
            tracing::info!(ip = %viewer.ctx.ip, "failed sign-in");
            return render_status(
                StatusCode::UNAUTHORIZED,
                &page(Some(t.get("signin.wrong").into()), errors).await?,
            );
        }
    };
    // A correct password: this client's failures are forgiven, and the shared counters get
    // back the unit this attempt took.
    let (pair, shared) = (&limits[0].0, &limits[1..]);
    throttle::clear(state, pair).await?;
    for (key, _) in shared {
        throttle::give_back(state, key).await?;
    }
    let mut res = super::start_session(&viewer, user.id, &to).await?;
    if device.is_none() {
        set_cookie(
            &mut res,
            &format!(
                "{}={}; Path=/signin; HttpOnly; SameSite=Lax; Max-Age={}{}",
                devices::COOKIE,
                devices::new_cookie(&state.secret, &email),
                devices::MAX_AGE_SECS,
                secure_attr(viewer.ctx.secure_cookies)
            ),
        );
    }
    Ok(res)
}

pub async fn sign_out(viewer: Viewer) -> AppResult<Response> {
    if let Some(user) = viewer.user() {
        sessions::end(&viewer.state, &user.session_hash).await?;
    }
    let mut res = flash::success("/signin", "signin.signed_out", &[]);
    super::clear_session_cookie(&mut res);
    Ok(res)
}
