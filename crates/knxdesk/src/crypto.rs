//! Sealing short secrets at rest (an ETS project password until its parse is done) with
//! ChaCha20-Poly1305 under a key derived from the server secret.

use base64::{Engine, engine::general_purpose::STANDARD};
use chacha20poly1305::{ChaCha20Poly1305, Key, KeyInit, Nonce, aead::Aead};
use rand::RngCore;
use sha2::{Digest, Sha256};

fn cipher(secret: &[u8]) -> ChaCha20Poly1305 {
    let key: [u8; 32] = Sha256::new()
        .chain_update(b"knxdesk-seal-v1:")
        .chain_update(secret)
        .finalize()
        .into();
    ChaCha20Poly1305::new(&Key::from(key))
}

/// base64(nonce || ciphertext).
pub fn seal(secret: &[u8], plain: &str) -> String {
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ct = cipher(secret)
        .encrypt(&Nonce::from(nonce), plain.as_bytes())
        .expect("sealing in memory cannot fail");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ct);
    STANDARD.encode(out)
}

/// The plain text, or `None` when the value was not sealed with this secret (or was altered).
pub fn open(secret: &[u8], sealed: &str) -> Option<String> {
    let raw = STANDARD.decode(sealed).ok()?;
    if raw.len() < 12 {
        return None;
    }
    let (nonce, ct) = raw.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().ok()?;
    let plain = cipher(secret).decrypt(&Nonce::from(nonce), ct).ok()?;
    String::from_utf8(plain).ok()
}

/// HMAC-SHA256 of `message` under the server secret, bound to `purpose` (a signature made for
/// one use is worthless for another), in URL-safe base64.
pub fn sign(secret: &[u8], purpose: &str, message: &str) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(message.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let s = seal(b"k1", "geheim");
        assert_ne!(s, seal(b"k1", "geheim"), "fresh nonce each time");
        assert_eq!(open(b"k1", &s).as_deref(), Some("geheim"));
        assert_eq!(open(b"k2", &s), None);
        let mut bytes = STANDARD.decode(&s).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        assert_eq!(open(b"k1", &STANDARD.encode(bytes)), None);
        assert_eq!(open(b"k1", "garbage"), None);
    }

    #[test]
    fn signatures_depend_on_key_purpose_and_message() {
        let a = sign(b"k1", "p", "m");
        assert_eq!(a, sign(b"k1", "p", "m"));
        assert_ne!(a, sign(b"k2", "p", "m"));
        assert_ne!(a, sign(b"k1", "q", "m"));
        assert_ne!(a, sign(b"k1", "p", "n"));
    }
}
