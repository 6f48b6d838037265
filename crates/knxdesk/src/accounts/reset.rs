//! Password reset by emailed link (valid one hour, single use). Asking for a reset answers the
//! same whether or not the address has an account.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{password, queries, throttle, users};
use crate::web::sessions;
use crate::{
    mail,
    tokens::{hash_token, looks_like_token, new_token},
    types::{NewPassword, UserId},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, Viewer, flash, render, render_status},
};

const RESET_LINK_SECS: i64 = 3600;

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    l: Layout,
    email: String,
    sent: bool,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    l: Layout,
    token: String,
    errors: FieldErrors,
}

pub async fn forgot_form(viewer: Viewer) -> AppResult<Response> {
    let l = viewer.layout("", "reset.title").await?;
    render(&ForgotPage {
        l,
        email: String::new(),
        sent: false,
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

pub async fn forgot_submit(viewer: Viewer, Form(f): Form<ForgotForm>) -> AppResult<Response> {
    let state = &viewer.state;
    let t = viewer.t();
    let mut errors = FieldErrors::default();
    let Some(email) = errors.check("email", crate::types::Email::parse(&f.email), t) else {
        let l = viewer.layout("", "reset.title").await?;
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ForgotPage {
                l,
                email: f.email,
                sent: false,
                errors,
            },
        );
    };
    // At most a few mails per address and per client and hour, so the form cannot be used to
    // flood an inbox.
    let permit = throttle::mail_permit(state, email.as_str(), &viewer.ctx.ip).await?;
    if let throttle::MailPermit::Refused(decision) = permit {
        let minutes = decision.minutes().to_string();
        errors.add(
            "email",
            t.fmt("error.mail_throttled", &[("minutes", &minutes)]),
        );
        let l = viewer.layout("", "reset.title").await?;
        return render_status(
            StatusCode::TOO_MANY_REQUESTS,
            &ForgotPage {
                l,
                email: f.email,
                sent: false,
                errors,
            },
        );
    }
    if permit == throttle::MailPermit::Send
        && let Some(user) = users::find_by_email(state, email.as_str()).await?
    {
        let token = new_token();
        let now = state.clock.now();
        queries::insert_reset(
            &state.db.pool,
            &token.hash,
            user.id,
            now,
            now + RESET_LINK_SECS,
        )
        .await?;
        let link = format!("{}/password/reset/{}", state.config.base_url, token.plain);
        let lang = crate::i18n::Lang::parse(&user.language).unwrap_or_default();
        let m = mail::compose(
            lang,
            "password_reset",
            email.as_str(),
            &link,
            &[("name", &user.name)],
        )?;
        mail::queue(&state.db.pool, state, &m).await?;
    }
    let l = viewer.layout("", "reset.title").await?;
    render(&ForgotPage {
        l,
        email: email.to_string(),
        sent: true,
        errors,
    })
}

/// A usable reset token's user, or a clear "expired / already used" page.
async fn check_token(viewer: &Viewer, token: &str) -> AppResult<UserId> {
    if !looks_like_token(token) {
        return Err(AppError::Gone("reset.link_invalid"));
    }
    let reset = queries::find_reset(&viewer.state.db.pool, &hash_token(token))
        .await?
        .ok_or(AppError::Gone("reset.link_invalid"))?;
    if reset.used_at.is_some() {
        return Err(AppError::Gone("reset.link_used"));
    }
    if reset.expires_at <= viewer.state.clock.now() {
        return Err(AppError::Gone("reset.link_expired"));
    }
    Ok(reset.user_id)
}

pub async fn reset_form(viewer: Viewer, Ids(token): Ids<String>) -> AppResult<Response> {
    check_token(&viewer, &token).await?;
    let l = viewer.layout("", "reset.new_title").await?;
    render(&ResetPage {
        l,
        token,
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetForm {
    password: String,
}

pub async fn reset_submit(
    viewer: Viewer,
    Ids(token): Ids<String>,
    Form(f): Form<ResetForm>,
) -> AppResult<Response> {
    let state = &viewer.state;
    let user = check_token(&viewer, &token).await?;
    let mut errors = FieldErrors::default();
    let Some(pw) = errors.check("password", NewPassword::parse(&f.password), viewer.t()) else {
        let l = viewer.layout("", "reset.new_title").await?;
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetPage { l, token, errors },
        );
    };
    let hash = password::hash(pw.expose()).await?;
    // Claim the token first: of two concurrent submissions only one changes the password.
    if !queries::claim_reset(&state.db.pool, &hash_token(&token), state.clock.now()).await? {
        return Err(AppError::Gone("reset.link_used"));
    }
    users::set_password(state, user, &hash).await?;
    queries::drop_open_resets(&state.db.pool, user).await?;
    sessions::end_all(state, user).await?;
    let mut res = flash::success("/signin", "reset.done", &[]);
    super::clear_session_cookie(&mut res);
    Ok(res)
}

/// A link for `user` to set a password (an account created for them by someone else), valid
/// `valid_secs`; the same single-use page as a reset.
pub async fn set_password_link(
    state: &crate::state::AppState,
    user: crate::types::UserId,
    valid_secs: i64,
) -> anyhow::Result<String> {
    let token = new_token();
    let now = state.clock.now();
    queries::insert_reset(&state.db.pool, &token.hash, user, now, now + valid_secs).await?;
    Ok(format!(
        "{}/password/reset/{}",
        state.config.base_url, token.plain
    ))
}
