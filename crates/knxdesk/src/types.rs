//! Values parsed at the edge: once a handler holds one of these, it is valid.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        // Bound and read as the BIGINT it is, on both databases and both read paths.
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <i64 as sqlx::Type<sqlx::Any>>::type_info()
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <i64 as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&self.0, buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(
                value: <sqlx::Any as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                <i64 as sqlx::Decode<'r, sqlx::Any>>::decode(value).map($name)
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }

        impl From<$name> for crate::db::read::Value {
            fn from(id: $name) -> Self {
                crate::db::read::Value::Int(id.0)
            }
        }
    };
}

id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// An organisation (tenant).
    OrgId
);
id_type!(
    /// A user's membership in one organisation.
    MemberId
);
id_type!(
    /// A staff invitation to an organisation.
    InvitationId
);
id_type!(
    /// A customer (building owner) of an organisation.
    CustomerId
);
id_type!(
    /// A project (KNX installation) of an organisation.
    ProjectId
);
id_type!(
    /// One uploaded ETS file of a project (a version, v1, v2, ...; this is its row, not its
    /// number).
    VersionId
);

id_type!(
    /// A service case's row (not its number: see [`CaseNumber`]).
    CaseId
);
id_type!(
    /// A device of a project's current ETS model.
    DeviceId
);
id_type!(
    /// A comment on a service case.
    CommentId
);
id_type!(
    /// A staff-only case template.
    TemplateId
);
id_type!(
    /// One item of a case's checklist.
    ChecklistItemId
);
id_type!(
    /// A file attached to a case or a comment.
    AttachmentId
);
id_type!(
    /// One entry of a user's notification centre.
    NotificationId
);
id_type!(
    /// A case's number within its organisation: `#1`, `#2`, ... (what people say and link).
    CaseNumber
);

/// A syntactically valid, lower-cased email address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err(FieldError::Required);
        }
        if s.len() > Self::MAX_LEN {
            return Err(FieldError::TooLong(Self::MAX_LEN));
        }
        let valid = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && local.len() <= 64
                    && !domain.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
                    && !domain.contains('@')
                    && s.chars().all(|c| {
                        !c.is_whitespace() && !c.is_control() && c != ',' && c != '<' && c != '>'
                    })
            }
            None => false,
        };
        if valid {
            Ok(Email(s))
        } else {
            Err(FieldError::InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that satisfies the policy (>= 12 characters, <= 1024 bytes).
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_BYTES: usize = 1024;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        if input.is_empty() {
            Err(FieldError::Required)
        } else if input.chars().count() < Self::MIN_CHARS {
            Err(FieldError::PasswordTooShort)
        } else if input.len() > Self::MAX_BYTES {
            Err(FieldError::TooLong(Self::MAX_BYTES))
        } else {
            Ok(NewPassword(input.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A required single-line text such as a name, trimmed, with a length limit.
pub fn required_text(input: &str, max_chars: usize) -> Result<String, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        Err(FieldError::Required)
    } else {
        optional_text(s, max_chars)
    }
}

/// A search typed into a list or the search field: trimmed, at most 200 characters, without
/// control characters (PostgreSQL refuses a NUL in text; none of them means anything here).
pub fn query_text(raw: &str) -> String {
    raw.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

/// An optional text, trimmed, with a length limit.
pub fn optional_text(input: &str, max_chars: usize) -> Result<String, FieldError> {
    let s = input.trim();
    if s.chars().count() > max_chars {
        Err(FieldError::TooLong(max_chars))
    } else if s
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Err(FieldError::Invalid)
    } else {
        Ok(s.to_string())
    }
}

/// Why one form field was refused; shown inline next to the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldError {
    Required,
    TooLong(usize),
    InvalidEmail,
    PasswordTooShort,
    PasswordMismatch,
    WrongPassword,
    Invalid,
    Taken,
}

impl FieldError {
    /// The message in the user's language.
    pub fn message(&self, t: &crate::i18n::Catalog) -> String {
        match self {
            FieldError::Required => t.get("error.required").into(),
            FieldError::TooLong(n) => t.fmt("error.too_long", &[("max", &n.to_string())]),
            FieldError::InvalidEmail => t.get("error.invalid_email").into(),
            FieldError::PasswordTooShort => t.fmt(
                "error.password_short",
                &[("min", &NewPassword::MIN_CHARS.to_string())],
            ),
            FieldError::PasswordMismatch => t.get("error.password_mismatch").into(),
            FieldError::WrongPassword => t.get("error.wrong_password").into(),
            FieldError::Invalid => t.get("error.invalid").into(),
            FieldError::Taken => t.get("error.taken").into(),
        }
    }
}

/// A KNX group address as its 16-bit value; written `main/middle/sub` (5/3/8 bits),
/// `main/sub` (5/11 bits) or as the bare number (free style), as ETS writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupAddress(pub u16);

impl GroupAddress {
    pub fn parse(input: &str) -> Option<GroupAddress> {
        let parts: Vec<u32> = input
            .trim()
            .split('/')
            .map(|p| p.parse::<u32>().ok())
            .collect::<Option<_>>()?;
        let raw = match parts[..] {
            [main, middle, sub] if main < 32 && middle < 8 && sub < 256 => {
                main << 11 | middle << 8 | sub
            }
            [main, sub] if main < 32 && sub < 2048 => main << 11 | sub,
            [free] if free < 65536 => free,
            _ => return None,
        };
        Some(GroupAddress(raw as u16))
    }

    pub fn raw(self) -> i64 {
        self.0 as i64
    }
}

/// A KNX individual (device) address `area.line.device` (4/4/8 bits).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IndividualAddress(String);

impl IndividualAddress {
    pub fn parse(input: &str) -> Option<IndividualAddress> {
        let parts: Vec<u32> = input
            .trim()
            .split('.')
            .map(|p| p.parse::<u32>().ok())
            .collect::<Option<_>>()?;
        match parts[..] {
            [area, line, device] if area < 16 && line < 16 && device < 256 => {
                Some(IndividualAddress(format!("{area}.{line}.{device}")))
            }
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IndividualAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Anna@Example.COM ").unwrap().as_str(),
            "anna@example.com"
        );
        for bad in [
            "", "anna", "anna@", "@x.de", "a@b", "a@.de", "a b@x.de", "a@x..de", "a@b@c.de",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Email::parse(&format!("{}@x.de", "a".repeat(300))),
            Err(FieldError::TooLong(254))
        );
    }

    #[test]
    fn passwords() {
        assert_eq!(
            NewPassword::parse("short").err(),
            Some(FieldError::PasswordTooShort)
        );
        assert!(NewPassword::parse("twelve chars").is_ok());
        assert!(NewPassword::parse("äöüäöüäöüäöü").is_ok());
        assert!(NewPassword::parse(&"x".repeat(2000)).is_err());
    }

    #[test]
    fn texts() {
        assert_eq!(required_text("  Anna ", 10).unwrap(), "Anna");
        assert_eq!(required_text("   ", 10), Err(FieldError::Required));
        assert_eq!(
            required_text("abcdefghijk", 10),
            Err(FieldError::TooLong(10))
        );
        assert_eq!(optional_text("a\u{0}b", 10), Err(FieldError::Invalid));
    }

    #[test]
    fn knx_addresses() {
        assert_eq!(
            GroupAddress::parse("1/2/3").unwrap().raw(),
            (1 << 11) | (2 << 8) | 3
        );
        assert_eq!(GroupAddress::parse("31/7/255").unwrap().raw(), 65535);
        assert_eq!(
            GroupAddress::parse("1/2047").unwrap().raw(),
            (1 << 11) | 2047
        );
        assert_eq!(GroupAddress::parse("513").unwrap().raw(), 513);
        for bad in [
            "32/0/0", "1/8/0", "1/2/256", "1/2048", "65536", "", "a/b/c", "1/2/3/4", "-1",
        ] {
            assert!(GroupAddress::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            IndividualAddress::parse(" 1.1.10 ").unwrap().as_str(),
            "1.1.10"
        );
        assert_eq!(
            IndividualAddress::parse("01.1.1").unwrap().as_str(),
            "1.1.1"
        );
        for bad in [
            "16.0.0", "1.16.0", "1.1.256", "1.1", "1.1.1.1", "x", "../etc",
        ] {
            assert!(IndividualAddress::parse(bad).is_none(), "{bad}");
        }
    }
}
