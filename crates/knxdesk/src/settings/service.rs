//! The organisation's service settings (administrators): who hears of a new case besides the
//! project's watchers, and after how many days a resolved case closes by itself.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    authz::Action,
    db::read,
    web::{AppResult, FieldErrors, Layout, OrgCtx, flash, render, render_status},
};

/// Who hears of every new case (`organisations.new_case_recipients`).
pub const RECIPIENTS: [&str; 3] = ["staff", "administrators", "watchers"];
pub const MAX_DAYS: i64 = 365;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ServiceForm {
    pub new_case_recipients: String,
    pub auto_close_days: String,
}

#[derive(Template)]
#[template(path = "settings/service.html")]
struct ServicePage {
    l: Layout,
    f: ServiceForm,
    errors: FieldErrors,
    recipients: [&'static str; 3],
}

pub async fn page(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let f = read("SELECT new_case_recipients, auto_close_days FROM organisations WHERE id = $1")
        .bind(o.org_id())
        .fetch_one(&o.viewer.state.db, |r| {
            Ok(ServiceForm {
                new_case_recipients: r.try_get("new_case_recipients")?,
                auto_close_days: r.try_get::<i64>("auto_close_days")?.to_string(),
            })
        })
        .await?;
    render(&ServicePage {
        l: o.layout("settings", "settings.service"),
        f,
        errors: FieldErrors::default(),
        recipients: RECIPIENTS,
    })
}

pub async fn save(o: OrgCtx, Form(f): Form<ServiceForm>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let t = o.t();
    let mut errors = FieldErrors::default();
    let recipients = RECIPIENTS
        .into_iter()
        .find(|r| *r == f.new_case_recipients.trim());
    if recipients.is_none() {
        errors.add("new_case_recipients", t.get("error.invalid").into());
    }
    let days = f
        .auto_close_days
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (0..=MAX_DAYS).contains(d));
    if days.is_none() {
        errors.add(
            "auto_close_days",
            t.fmt("settings.days_range", &[("max", &MAX_DAYS.to_string())]),
        );
    }
    let (Some(recipients), Some(days)) = (recipients, days) else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ServicePage {
                l: o.layout("settings", "settings.service"),
                f,
                errors,
                recipients: RECIPIENTS,
            },
        );
    };
    let mut tx = o.viewer.state.db.begin().await?;
    sqlx::query(
        "UPDATE organisations SET new_case_recipients = $1, auto_close_days = $2 WHERE id = $3",
    )
    .bind(recipients)
    .bind(days)
    .bind(o.org_id())
    .execute(&mut *tx)
    .await?;
    o.log(&mut *tx, "org_settings_changed", "").await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path("/settings/service"),
        "settings.saved_service",
        &[],
    ))
}
