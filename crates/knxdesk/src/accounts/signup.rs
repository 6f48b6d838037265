//! Sign-up, confirmed by a link sent to the address. The response is the same whether or not the
//! address already has an account (its owner gets a "you already have an account" mail instead),
//! so the form does not reveal who is registered.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use super::{
    password, queries,
    throttle::{self, MailPermit},
    users,
};
use crate::{
    mail,
    tokens::{hash_token, looks_like_token, new_token},
    types::{Email, NewPassword, required_text},
    web::redirect::LocalPath,
    web::{AppError, AppResult, FieldErrors, Ids, Layout, Viewer, flash, render, render_status},
};

/// A sign-up link is valid for a day.
const SIGNUP_LINK_SECS: i64 = 24 * 3600;

#[derive(Template)]
#[template(path = "accounts/signup.html")]
struct SignUpPage {
    l: Layout,
    name: String,
    email: String,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "accounts/check_email.html")]
struct CheckEmailPage {
    l: Layout,
    email: String,
}

#[derive(Template)]
#[template(path = "accounts/confirm.html")]
struct ConfirmPage {
    l: Layout,
    email: String,
    token: String,
}

pub async fn form(viewer: Viewer) -> AppResult<Response> {
    let l = viewer.layout("", "signup.title").await?;
    render(&SignUpPage {
        l,
        name: String::new(),
        email: String::new(),
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignUpForm {
    name: String,
    email: String,
    password: String,
}

pub async fn submit(viewer: Viewer, Form(f): Form<SignUpForm>) -> AppResult<Response> {
    let state = &viewer.state;
    let t = viewer.t();
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&f.name, 100), t);
    let email = errors.check("email", Email::parse(&f.email), t);
    let pw = errors.check("password", NewPassword::parse(&f.password), t);
    let (Some(name), Some(email), Some(pw)) = (name, email, pw) else {
        let l = viewer.layout("", "signup.title").await?;
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SignUpPage {
                l,
                name: f.name,
                email: f.email,
                errors,
            },
        );
    };

    match throttle::mail_permit(state, email.as_str(), &viewer.ctx.ip).await? {
        MailPermit::Send => {}
        MailPermit::Skip => return check_email_page(&viewer, &email).await,
        MailPermit::Refused(decision) => {
            let minutes = decision.minutes().to_string();
            errors.add(
                "email",
                t.fmt("error.mail_throttled", &[("minutes", &minutes)]),
            );
            let l = viewer.layout("", "signup.title").await?;
            return render_status(
                StatusCode::TOO_MANY_REQUESTS,
                &SignUpPage {
                    l,
                    name: f.name,
                    email: f.email,
                    errors,
                },
            );
        }
    }
    // Hash first in both branches so timing does not tell them apart.
    let hash = password::hash(pw.expose()).await?;
    let lang = viewer.ctx.lang;
    let now = state.clock.now();
    if users::find_by_email(state, email.as_str()).await?.is_some() {
        let link = format!(
            "{}/signin?email={}",
            state.config.base_url,
            crate::web::error::urlencode(email.as_str())
        );
        let m = mail::compose(lang, "account_exists", email.as_str(), &link, &[])?;
        mail::queue(&state.db.pool, state, &m).await?;
    } else {
        let token = new_token();
        let request = queries::SignupRequest {
            email: email.to_string(),
            name: name.clone(),
            password_hash: hash,
            language: lang.code().to_string(),
            expires_at: now + SIGNUP_LINK_SECS,
        };
        queries::insert_signup_request(&state.db.pool, &token.hash, now, &request).await?;
        let link = format!("{}/signup/confirm/{}", state.config.base_url, token.plain);
        let m = mail::compose(
            lang,
            "confirm_signup",
            email.as_str(),
            &link,
            &[("name", &name)],
        )?;
        mail::queue(&state.db.pool, state, &m).await?;
    }
    check_email_page(&viewer, &email).await
}

async fn check_email_page(viewer: &Viewer, email: &Email) -> AppResult<Response> {
    let l = viewer.layout("", "signup.check_title").await?;
    render(&CheckEmailPage {
        l,
        email: email.to_string(),
    })
}

/// Shows a button; the account is created by the POST, so mail scanners that open links do not
/// use them up.
pub async fn confirm_page(viewer: Viewer, Ids(token): Ids<String>) -> AppResult<Response> {
    let (email, _, _, _) = find_request(&viewer, &token).await?;
    let l = viewer.layout("", "signup.confirm_title").await?;
    render(&ConfirmPage { l, email, token })
}

pub async fn confirm(viewer: Viewer, Ids(token): Ids<String>) -> AppResult<Response> {
    let state = &viewer.state;
    let (email, name, hash, language) = find_request(&viewer, &token).await?;
    let email = Email::parse(&email).map_err(|_| AppError::Gone("signup.link_invalid"))?;
    let mut tx = state.db.begin().await?;
    let user = users::insert(&mut *tx, state.clock.now(), &email, &name, &hash, &language).await?;
    queries::drop_signup_requests(&mut tx, &email).await?;
    tx.commit().await?;
    match user {
        Some(id) => {
            let mut res =
                super::start_session(&viewer, id, &LocalPath::parse_or("/orgs", "/")).await?;
            flash::set(&mut res, flash::FlashKind::Success, "signup.welcome", &[]);
            Ok(res)
        }
        // Confirmed twice, or the address got an account meanwhile.
        None => Ok(flash::error(
            &format!(
                "/signin?email={}",
                crate::web::error::urlencode(email.as_str())
            ),
            "signup.already_exists",
            &[],
        )),
    }
}

async fn find_request(viewer: &Viewer, token: &str) -> AppResult<(String, String, String, String)> {
    if !looks_like_token(token) {
        return Err(AppError::Gone("signup.link_invalid"));
    }
    let r = queries::find_signup_request(&viewer.state.db.pool, &hash_token(token))
        .await?
        .ok_or(AppError::Gone("signup.link_invalid"))?;
    if r.expires_at <= viewer.state.clock.now() {
        return Err(AppError::Gone("signup.link_expired"));
    }
    Ok((r.email, r.name, r.password_hash, r.language))
}
