//! The organisation's settings (administrators): name, language, and the contact its customers
//! see in the portal.

use askama::Template;
use axum::{extract::Form, http::StatusCode, response::Response};
use serde::Deserialize;

use super::queries::{self, OrgSettings};
use crate::{
    authz::Action,
    i18n::Lang,
    types::{Email, FieldError, optional_text, required_text},
    web::{AppError, AppResult, FieldErrors, Layout, OrgCtx, flash, render, render_status},
};

#[derive(Template)]
#[template(path = "settings/organisation.html")]
struct OrganisationPage {
    l: Layout,
    f: OrganisationForm,
    logo_version: i64,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OrganisationForm {
    name: String,
    language: String,
    time_zone: String,
    contact_email: String,
    contact_phone: String,
    contact_website: String,
    contact_address: String,
}

pub async fn page(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    // The organisation's settings came with the session (read on every request).
    let (org, c) = (&o.org, &o.org.contact);
    render(&OrganisationPage {
        l: o.layout("settings", "settings.organisation"),
        logo_version: c.logo_version,
        f: OrganisationForm {
            name: org.name.clone(),
            language: org.language.clone(),
            time_zone: org.time_zone.clone(),
            contact_email: c.email.clone(),
            contact_phone: c.phone.clone(),
            contact_website: c.website.clone(),
            contact_address: c.address.clone(),
        },
        errors: FieldErrors::default(),
    })
}

/// A website as people type it: `example.com` becomes `https://example.com`; only http(s).
fn website(input: &str) -> Result<String, FieldError> {
    let w = optional_text(input, 200)?;
    if w.is_empty() {
        return Ok(w);
    }
    let full = if w.contains("://") {
        w
    } else {
        format!("https://{w}")
    };
    let ok = (full.starts_with("https://") || full.starts_with("http://"))
        && !full
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        && full
            .split("://")
            .nth(1)
            .is_some_and(|rest| rest.contains('.'));
    if ok {
        Ok(full)
    } else {
        Err(FieldError::Invalid)
    }
}

pub async fn save(o: OrgCtx, Form(f): Form<OrganisationForm>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let t = o.t();
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&f.name, crate::orgs::NAME_MAX), t);
    let lang = errors.check(
        "language",
        Lang::parse(&f.language).ok_or(FieldError::Invalid),
        t,
    );
    // Not sent (an older form): the zone stays as it is.
    let zone = if f.time_zone.trim().is_empty() {
        Some(o.org.time_zone.clone())
    } else {
        errors.check("time_zone", super::time_zone_field(&f.time_zone, false), t)
    };
    let email = errors.check(
        "contact_email",
        if f.contact_email.trim().is_empty() {
            Ok(String::new())
        } else {
            Email::parse(&f.contact_email).map(|e| e.as_str().to_string())
        },
        t,
    );
    let phone = errors.check("contact_phone", optional_text(&f.contact_phone, 50), t);
    let site = errors.check("contact_website", website(&f.contact_website), t);
    let address = errors.check("contact_address", optional_text(&f.contact_address, 500), t);
    let (Some(name), Some(lang), Some(zone), Some(email), Some(phone), Some(site), Some(address)) =
        (name, lang, zone, email, phone, site, address)
    else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &OrganisationPage {
                l: o.layout("settings", "settings.organisation"),
                f,
                logo_version: o.org.contact.logo_version,
                errors,
            },
        );
    };
    let state = &o.viewer.state;
    let mut tx = state.db.begin().await?;
    let settings = OrgSettings {
        name,
        language: lang.code().to_string(),
        time_zone: zone,
        contact_email: email,
        contact_phone: phone,
        contact_website: site,
        contact_address: address,
    };
    if !queries::update_org(&mut tx, o.org_id(), &settings).await? {
        return Err(AppError::NotFound);
    }
    o.log(&mut *tx, "org_settings_changed", &settings.name)
        .await?;
    tx.commit().await?;
    Ok(flash::success(&o.path("/settings"), "settings.saved", &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_are_completed_and_checked() {
        assert_eq!(website(" example.com ").unwrap(), "https://example.com");
        assert_eq!(website("http://a.example/x").unwrap(), "http://a.example/x");
        assert_eq!(website("").unwrap(), "");
        for bad in [
            "javascript:alert(1)",
            "ftp://a.example",
            "no dot",
            "https://x\"y.de",
            "localhost",
        ] {
            assert!(website(bad).is_err(), "{bad}");
        }
    }
}
