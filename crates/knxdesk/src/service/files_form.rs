//! A form that carries files (a comment with photos, a report from a device's label): reading
//! it within the limits, and storing its files. The same limits and the same refusals wherever
//! files come in, and a failed store leaves no row behind (files first, rows after).

use axum::extract::Multipart;

use super::{
    MAX_TEXT,
    attachments::{MAX_FILE_BYTES, sniff},
};
use crate::{
    db::Tx,
    i18n::Catalog,
    state::AppState,
    types::{CaseId, OrgId, UserId},
};

/// One file as sent.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What a form with files sent: its files (field `files`) and its text fields.
#[derive(Default)]
pub struct Sent {
    pub files: Vec<Upload>,
    fields: Vec<(String, String)>,
}

impl Sent {
    /// The text of a field, `""` when it was not sent.
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// How much a form with files may carry.
#[derive(Clone, Copy)]
pub struct Limits {
    pub files: usize,
    pub file_bytes: usize,
}

impl Limits {
    /// The whole request at its largest: every file at its largest, and the fields.
    pub const fn request_bytes(self) -> usize {
        self.files * self.file_bytes + MAX_FIELDS * MAX_TEXT * 4
    }
}

/// Text fields a form may carry (the forms here have a handful).
const MAX_FIELDS: usize = 16;

/// Why a form with files was not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The request broke off, is not a multipart form, or carries too many fields.
    Broken,
    /// The file's name and the largest size taken, in MB.
    TooLarge(String, usize),
    Empty(String),
    TooMany(usize),
    TextTooLong,
    /// Where only photos are taken (from someone without an account).
    NotAPhoto(String),
}

impl Refusal {
    /// The catalogue key and its arguments, for a flash message or a field's error.
    pub fn key_args(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Refusal::Broken => ("service.upload_broken", vec![]),
            Refusal::TooLarge(name, max) => (
                "service.file_too_large",
                vec![("name", name.clone()), ("max", max.to_string())],
            ),
            Refusal::Empty(name) => ("service.file_empty", vec![("name", name.clone())]),
            Refusal::TooMany(max) => ("service.too_many_files", vec![("max", max.to_string())]),
            Refusal::TextTooLong => ("service.text_too_long", vec![("max", MAX_TEXT.to_string())]),
            Refusal::NotAPhoto(name) => ("service.not_a_photo", vec![("name", name.clone())]),
        }
    }

    pub fn message(&self, t: &Catalog) -> String {
        let (key, args) = self.key_args();
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        t.fmt(key, &args)
    }
}

/// The team's forms: 10 files of 25 MB.
pub const TEAM: Limits = Limits {
    files: 10,
    file_bytes: MAX_FILE_BYTES,
};

/// Reads the whole form within `limits`, text fields of at most [`MAX_TEXT`] characters and
/// at most [`MAX_FIELDS`] of them. An empty file input sends one nameless, empty part, which
/// is no file.
pub async fn read(multipart: &mut Multipart, limits: Limits) -> Result<Sent, Refusal> {
    let max_files = limits.files;
    let mut sent = Sent::default();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| Refusal::Broken)? {
        let Some(name) = field.name().map(str::to_string) else {
            continue;
        };
        if name == "files" {
            let raw_name = field.file_name().unwrap_or_default().to_string();
            let file_name = clean_name(&raw_name);
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| Refusal::Broken)? {
                if bytes.len() + chunk.len() > limits.file_bytes {
                    return Err(Refusal::TooLarge(
                        file_name,
                        limits.file_bytes / 1024 / 1024,
                    ));
                }
                bytes.extend_from_slice(&chunk);
            }
            if bytes.is_empty() && raw_name.is_empty() {
                continue;
            }
            if bytes.is_empty() {
                return Err(Refusal::Empty(file_name));
            }
            if sent.files.len() == max_files {
                return Err(Refusal::TooMany(max_files));
            }
            sent.files.push(Upload {
                name: file_name,
                bytes,
            });
        } else {
            if sent.fields.len() == MAX_FIELDS {
                return Err(Refusal::Broken);
            }
            let text = field.text().await.map_err(|_| Refusal::Broken)?;
            if text.chars().count() > MAX_TEXT {
                return Err(Refusal::TextTooLong);
            }
            sent.fields.push((name, text));
        }
    }
    Ok(sent)
}

/// A file name fit to keep: the last path part, no control characters, at most 150 characters.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(150).collect();
    let name = name.trim().trim_start_matches('.').to_string();
    if name.is_empty() { "file".into() } else { name }
}

/// A file in storage, its row yet to be written.
pub struct Stored {
    key: String,
    pub name: String,
    pub mime: &'static str,
    size: i64,
}

/// Puts the files into storage under the organisation's folder `under` (`cases/12`, or
/// `reports` before the reported case exists), their types sniffed from their content.
pub async fn store(
    state: &AppState,
    org: OrgId,
    under: &str,
    files: Vec<Upload>,
) -> anyhow::Result<Vec<Stored>> {
    let mut stored = Vec::with_capacity(files.len());
    for f in files {
        let key = format!(
            "org-{org}/{under}/{}",
            &crate::tokens::new_token().hash[..24]
        );
        let mime = sniff(&f.bytes);
        let size = f.bytes.len() as i64;
        state.storage.put_bytes(&key, f.bytes).await?;
        stored.push(Stored {
            key,
            name: f.name,
            mime,
            size,
        });
    }
    Ok(stored)
}

impl Stored {
    /// Where it is kept and how big it is (for rows of other tables than case files).
    pub fn key_and_size(&self) -> (&str, i64) {
        (&self.key, self.size)
    }
}

/// Who attaches stored files, to what.
pub struct Attach {
    pub org: OrgId,
    pub case: CaseId,
    /// The comment they came with; `None`: the case itself (a report's photos).
    pub comment: Option<i64>,
    pub internal: bool,
    /// `None`: someone without an account (a reporter).
    pub by: Option<UserId>,
    pub now: i64,
}

/// The rows of stored files, in the transaction of what they came with.
pub async fn attach(tx: &mut Tx<'_>, a: &Attach, stored: &[Stored]) -> Result<(), sqlx::Error> {
    for s in stored {
        sqlx::query(
            "INSERT INTO case_attachments (org_id, case_id, comment_id, file_name, content_type, size, storage_key, internal, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(a.org)
        .bind(a.case)
        .bind(a.comment)
        .bind(&s.name)
        .bind(s.mime)
        .bind(s.size)
        .bind(&s.key)
        .bind(i64::from(a.internal))
        .bind(a.by)
        .bind(a.now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\x\\foto.jpg"), "foto.jpg");
        assert_eq!(clean_name("a\u{0}b\n.png"), "ab.png");
        assert_eq!(clean_name(".htaccess"), "htaccess");
        assert_eq!(clean_name(""), "file");
    }
}
