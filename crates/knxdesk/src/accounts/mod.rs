//! Accounts: sign up (confirmed by email), sign in and out, password reset, sessions.

pub mod admin;
mod devices;
pub mod password;
mod queries;
pub mod reset;
mod signin;
mod signup;
pub mod throttle;
pub mod users;

use axum::{
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};

use crate::{
    types::UserId,
    web::routes::Routes,
    web::{
        AppResult, Viewer,
        context::{secure_attr, set_cookie},
        redirect::LocalPath,
        sessions,
    },
};

pub fn routes() -> Routes {
    Routes::new()
        .route("/", get(home))
        .route("/signin", get(signin::form).post(signin::submit))
        .route("/signout", post(signin::sign_out))
        .route("/signup", get(signup::form).post(signup::submit))
        .route(
            "/signup/confirm/{token}",
            get(signup::confirm_page).post(signup::confirm),
        )
        .route(
            "/password/forgot",
            get(reset::forgot_form).post(reset::forgot_submit),
        )
        .route(
            "/password/reset/{token}",
            get(reset::reset_form).post(reset::reset_submit),
        )
}

/// `/`: the last organisation used, the organisation picker, or sign-in.
async fn home(viewer: Viewer) -> AppResult<Response> {
    let Some(user) = viewer.user() else {
        return Ok(Redirect::to("/signin").into_response());
    };
    let target = user
        .orgs
        .iter()
        .find(|o| Some(o.id) == user.last_org_id)
        .or(user.orgs.first())
        .map(|o| crate::web::routes::org_path(o.id, "/"))
        .unwrap_or_else(|| "/orgs".into());
    Ok(Redirect::to(&target).into_response())
}

/// Signs `user` in with a brand-new session and sends them on.
pub async fn start_session(viewer: &Viewer, user: UserId, to: &LocalPath) -> AppResult<Response> {
    let token =
        sessions::create(&viewer.state, user, &viewer.ctx.user_agent, &viewer.ctx.ip).await?;
    // A previous session in this browser ends: one browser, one session.
    if let Some(old) = viewer.user() {
        sessions::end(&viewer.state, &old.session_hash).await?;
    }
    let mut res = Redirect::to(to.as_str()).into_response();
    set_cookie(
        &mut res,
        &format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
            sessions::COOKIE,
            viewer.state.config.session_absolute_secs,
            secure_attr(viewer.ctx.secure_cookies)
        ),
    );
    Ok(res)
}

/// Removes the session cookie from the browser.
pub fn clear_session_cookie(res: &mut Response) {
    set_cookie(
        res,
        &format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
            sessions::COOKIE
        ),
    );
}
