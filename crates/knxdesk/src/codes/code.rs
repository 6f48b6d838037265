//! The code itself: 80 random bits written as 16 Crockford base32 characters (digits and
//! capitals without I, L, O and U), so a person can type it from a label: case does not
//! matter, `O` reads as `0`, `I` and `L` as `1`, and hyphens or spaces between groups are
//! ignored.

use std::fmt;

use rand::RngCore;

const LEN: usize = 16;

/// A service code in its canonical form (16 characters, upper case, no separators).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServiceCode(String);

impl ServiceCode {
    /// A fresh code from the operating system's random source.
    pub fn generate() -> ServiceCode {
        let mut bytes = [0u8; 10];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        ServiceCode(base32::encode(base32::Alphabet::Crockford, &bytes))
    }

    /// A code as typed or scanned; `None` unless it is 16 characters of the alphabet.
    pub fn parse(input: &str) -> Option<ServiceCode> {
        let mut out = String::with_capacity(LEN);
        for ch in input.trim().chars() {
            let ch = match ch.to_ascii_uppercase() {
                '-' | ' ' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c @ ('0'..='9' | 'A'..='Z') if c != 'U' => c,
                _ => return None,
            };
            if out.len() == LEN {
                return None;
            }
            out.push(ch);
        }
        (out.len() == LEN).then_some(ServiceCode(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As printed on a label: four groups of four (`7K3M-9QXA-...`).
    pub fn grouped(&self) -> String {
        let c = &self.0;
        format!("{}-{}-{}-{}", &c[0..4], &c[4..8], &c[8..12], &c[12..16])
    }
}

impl fmt::Display for ServiceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_sixteen_characters_of_the_alphabet_and_differ() {
        let a = ServiceCode::generate();
        let b = ServiceCode::generate();
        assert_eq!(a.as_str().len(), 16);
        assert_ne!(a, b);
        assert!(
            a.as_str()
                .chars()
                .all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c)))
        );
        assert_eq!(ServiceCode::parse(a.as_str()), Some(a.clone()));
        assert_eq!(ServiceCode::parse(&a.grouped()), Some(a));
    }

    #[test]
    fn typed_codes_are_read_as_a_person_means_them() {
        let code = ServiceCode::parse("7K3M-9QXA-0B1C-2D3E").unwrap();
        assert_eq!(
            ServiceCode::parse("7k3m 9qxa ob1c 2d3e"),
            Some(code.clone())
        );
        assert_eq!(ServiceCode::parse("7K3M9QXAOBIC2D3E"), Some(code.clone()));
        assert_eq!(ServiceCode::parse("7K3M9QXA0BLC2D3E"), Some(code.clone()));
        assert_eq!(code.grouped(), "7K3M-9QXA-0B1C-2D3E");
        for bad in [
            "",
            "7K3M",
            "7K3M-9QXA-0B1C-2D3E-F",
            "7K3M-9QXA-0B1C-2D3U",
            "7K3M/9QXA/0B1C/2D3E",
            "../../etc/passwd",
        ] {
            assert_eq!(ServiceCode::parse(bad), None, "{bad}");
        }
    }
}
