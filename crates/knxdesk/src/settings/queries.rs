//! The SQL of the settings pages: the signed-in user's profile and sessions, the organisation's
//! settings. Rows are read by column name.

use sqlx::AnyPool;

use crate::types::{OrgId, UserId};

#[derive(sqlx::FromRow)]
pub struct Profile {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub language: String,
    pub time_zone: String,
}

pub async fn profile(pool: &AnyPool, user: UserId) -> Result<Profile, sqlx::Error> {
    sqlx::query_as("SELECT name, email, phone, language, time_zone FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(pool)
        .await
}

pub async fn update_profile(
    pool: &AnyPool,
    user: UserId,
    name: &str,
    phone: &str,
    language: &str,
    time_zone: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET name = $1, phone = $2, language = $3, time_zone = $5 WHERE id = $4",
    )
    .bind(name)
    .bind(phone)
    .bind(language)
    .bind(user)
    .bind(time_zone)
    .execute(pool)
    .await?;
    Ok(())
}

/// How many sessions (browsers) the user is signed in with.
pub async fn session_count(pool: &AnyPool, user: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
        .bind(user)
        .fetch_one(pool)
        .await
}

/// The organisation's settings as its page saves them (the page reads them from the session's
/// organisation).
pub struct OrgSettings {
    pub name: String,
    pub language: String,
    pub time_zone: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub contact_website: String,
    pub contact_address: String,
}

/// Saves name, language and contact (not the logo); `false` when the organisation is gone.
pub async fn update_org(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    s: &OrgSettings,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE organisations SET name = $1, language = $2, contact_email = $3, contact_phone = $4, \
         contact_website = $5, contact_address = $6, time_zone = $8 WHERE id = $7",
    )
    .bind(&s.name)
    .bind(&s.language)
    .bind(&s.contact_email)
    .bind(&s.contact_phone)
    .bind(&s.contact_website)
    .bind(&s.contact_address)
    .bind(org)
    .bind(&s.time_zone)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// The stored logo: its storage key and sniffed type (empty when there is none).
#[derive(sqlx::FromRow)]
pub struct Logo {
    pub logo_key: String,
    pub logo_type: String,
    pub logo_version: i64,
}

pub async fn logo(pool: &AnyPool, org: OrgId) -> Result<Option<Logo>, sqlx::Error> {
    sqlx::query_as("SELECT logo_key, logo_type, logo_version FROM organisations WHERE id = $1")
        .bind(org)
        .fetch_optional(pool)
        .await
}

/// Points the organisation at a new logo (or none: empty key and type); returns the old key.
pub async fn set_logo(
    pool: &AnyPool,
    org: OrgId,
    key: &str,
    mime: &str,
    version: i64,
) -> Result<Option<String>, sqlx::Error> {
    let old = logo(pool, org).await?.map(|l| l.logo_key);
    sqlx::query(
        "UPDATE organisations SET logo_key = $1, logo_type = $2, logo_version = $3 WHERE id = $4",
    )
    .bind(key)
    .bind(mime)
    .bind(version)
    .bind(org)
    .execute(pool)
    .await?;
    Ok(old.filter(|k| !k.is_empty()))
}
