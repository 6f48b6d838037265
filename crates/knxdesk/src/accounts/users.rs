//! User account queries.

use crate::{
    db::Row,
    state::AppState,
    types::{Email, UserId},
};

pub struct UserAuth {
    pub id: UserId,
    pub password_hash: String,
    pub language: String,
    pub name: String,
}

pub async fn find_by_email(state: &AppState, email: &str) -> anyhow::Result<Option<UserAuth>> {
    let row = sqlx::query("SELECT id, password_hash, language, name FROM users WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(match row {
        Some(r) => Some(UserAuth {
            id: UserId(r.try_get("id")?),
            password_hash: r.try_get("password_hash")?,
            language: r.try_get("language")?,
            name: r.try_get("name")?,
        }),
        None => None,
    })
}

pub async fn password_hash(state: &AppState, id: UserId) -> anyhow::Result<Option<String>> {
    let row = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get("password_hash")?),
        None => None,
    })
}

/// Creates an account; `None` when the email is taken (also under a race).
pub async fn insert<'e, E>(
    executor: E,
    now: i64,
    email: &Email,
    name: &str,
    password_hash: &str,
    language: &str,
) -> anyhow::Result<Option<UserId>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let result = sqlx::query(
        "INSERT INTO users (email, name, password_hash, language, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(email.as_str())
    .bind(name)
    .bind(password_hash)
    .bind(language)
    .bind(now)
    .fetch_one(executor)
    .await;
    match crate::db::OnUnique::unique_as_none(result)? {
        Some(row) => Ok(Some(UserId(row.try_get("id")?))),
        None => Ok(None),
    }
}

pub async fn set_password(state: &AppState, id: UserId, hash: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}
