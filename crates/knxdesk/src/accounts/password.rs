//! Password hashing: argon2id with OWASP's parameters (19 MiB memory, 2 iterations, 1 lane),
//! run off the async threads because each hash takes tens of milliseconds by design, and at
//! most one per core at once ([`crate::gate::PASSWORD_HASHES`]): each needs 19 MiB.

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub async fn hash(password: &str) -> anyhow::Result<String> {
    let password = password.to_string();
    crate::gate::PASSWORD_HASHES
        .run_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
        })
        .await?
}

/// Checks a password; with `None` (no such account) it still spends the same time, so response
/// time does not tell whether an email has an account.
pub async fn verify(password: &str, stored: Option<String>) -> anyhow::Result<bool> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let password = password.to_string();
    crate::gate::PASSWORD_HASHES
        .run_blocking(move || {
            let (stored, real) = match stored {
                Some(s) => (s, true),
                None => (
                    DUMMY
                        .get_or_init(|| {
                            let salt = SaltString::generate(&mut OsRng);
                            argon2()
                                .hash_password(b"dummy password", &salt)
                                .map(|h| h.to_string())
                                .unwrap_or_default()
                        })
                        .clone(),
                    false,
                ),
            };
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return Ok(false);
            };
            let ok = argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            Ok(ok && real)
        })
        .await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_use_argon2id() {
        let h = hash("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("correct horse battery", Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("wrong horse battery", Some(h)).await.unwrap());
        assert!(!verify("anything", None).await.unwrap());
        assert!(!verify("anything", Some("not a hash".into())).await.unwrap());
    }
}
