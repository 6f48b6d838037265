//! Secret tokens (sessions, invitations, password resets): 256 random bits, sent to the user in
//! URL-safe base64, stored only as their SHA-256 so a leaked database reveals no usable token.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub struct Token {
    /// What the user gets (in a cookie or a link). Never stored.
    pub plain: String,
    /// What the database keeps.
    pub hash: String,
}

pub fn new_token() -> Token {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let plain = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&plain);
    Token { plain, hash }
}

/// SHA-256 (hex) of a token as presented by a user.
pub fn hash_token(plain: &str) -> String {
    hex::encode(Sha256::digest(plain.as_bytes()))
}

/// Compares two secrets (token hashes, CSRF tokens, link signatures) in constant time, so the
/// time taken says nothing about how much of a guess was right.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Is this a plausible token (right length and alphabet)? Lets us refuse junk before a lookup.
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 43
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a.plain, b.plain);
        assert!(looks_like_token(&a.plain));
        assert_eq!(a.hash, hash_token(&a.plain));
        assert_eq!(a.hash.len(), 64);
        assert!(same_secret(&a.hash, &hash_token(&a.plain)));
        assert!(!same_secret(&a.hash, &b.hash));
        assert!(
            !same_secret(&a.hash, &a.hash[..63]),
            "a prefix is not the secret"
        );
        assert!(!looks_like_token("short"));
        assert!(!looks_like_token(&"é".repeat(43)));
    }
}
