//! `knxdesk admin create`: the first instance administrator.

use super::{password, users};
use crate::{
    state::AppState,
    tokens::new_token,
    types::{Email, NewPassword, required_text},
};

/// Makes `email` an instance administrator, creating the account when needed. Without a
/// password, returns a link (valid 24 hours) where the administrator sets one.
pub async fn create_instance_admin(
    state: &AppState,
    email: &str,
    name: &str,
    pw: Option<&str>,
) -> anyhow::Result<String> {
    let email = Email::parse(email)
        .map_err(|_| anyhow::anyhow!("{email:?} is not a valid email address"))?;
    let name = required_text(name, 100)
        .map_err(|_| anyhow::anyhow!("the name must be 1 to 100 characters"))?;
    let pw = match pw {
        Some(p) => Some(NewPassword::parse(p).map_err(|_| {
            anyhow::anyhow!(
                "the password must have at least {} characters",
                NewPassword::MIN_CHARS
            )
        })?),
        None => None,
    };
    let now = state.clock.now();
    let existing = users::find_by_email(state, email.as_str()).await?;
    let id = match existing {
        Some(u) => {
            if let Some(p) = &pw {
                users::set_password(state, u.id, &password::hash(p.expose()).await?).await?;
            }
            u.id
        }
        None => {
            // Without a password given, a random one nobody knows; the link below replaces it.
            let initial = match &pw {
                Some(p) => p.expose().to_string(),
                None => new_token().plain,
            };
            users::insert(
                &state.db.pool,
                now,
                &email,
                &name,
                &password::hash(&initial).await?,
                "en",
            )
            .await?
            .ok_or_else(|| {
                anyhow::anyhow!("the account was created concurrently; run the command again")
            })?
        }
    };
    super::queries::make_instance_admin(&state.db.pool, id).await?;
    if pw.is_some() {
        return Ok(format!(
            "{email} is an instance administrator. Sign in at {}/signin",
            state.config.base_url
        ));
    }
    let token = new_token();
    super::queries::insert_reset(&state.db.pool, &token.hash, id, now, now + 24 * 3600).await?;
    Ok(format!(
        "{email} is an instance administrator. Set the password (link valid 24 hours):\n{}/password/reset/{}",
        state.config.base_url, token.plain
    ))
}
