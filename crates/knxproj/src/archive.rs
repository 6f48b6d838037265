//! The ZIP layer: the outer `.knxproj`, and for protected projects the inner `P-xxxx.zip`
//! (ZipCrypto with the plain password for ETS 4/5; AES-256 with a PBKDF2-derived password for
//! ETS 6). Every read is bounded: entry count, bytes per entry, total bytes and compression
//! ratio are counted as data is inflated, never trusted from the headers.

use std::{
    io::{Cursor, Read, Seek},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
};

use base64::Engine;

use crate::error::{Error, Result};

/// Bounds for hostile archives.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    pub max_entries: usize,
    /// Inflated bytes of one entry.
    pub max_entry_bytes: u64,
    /// Inflated bytes of all entries read.
    pub max_total_bytes: u64,
    /// Inflated / compressed, checked for entries above 1 MiB.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 200_000,
            max_entry_bytes: 1 << 30,
            max_total_bytes: 4 << 30,
            max_ratio: 250,
        }
    }
}

/// The password-derived key ETS 6 uses for the inner project archive:
/// base64(PBKDF2-HMAC-SHA256(UTF-16LE(password), "21.project.ets.knx.org", 65536, 32 bytes)).
pub fn ets6_zip_password(password: &str) -> String {
    let utf16: Vec<u8> = password
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(&utf16, b"21.project.ets.knx.org", 65_536, &mut key);
    base64::engine::general_purpose::STANDARD.encode(key)
}

/// Refuses absolute paths, `..` components, backslash tricks and NUL bytes.
pub fn check_entry_name(name: &str) -> Result<()> {
    let bad = name.starts_with('/')
        || name.starts_with('\\')
        || name.contains('\0')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split(['/', '\\']).any(|part| part == "..");
    if bad {
        Err(Error::UnsafeEntryName(name.to_string()))
    } else {
        Ok(())
    }
}

/// A ZIP archive with bounded reads; `R` is the file (outer) or an in-memory buffer (inner).
pub struct Archive<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    /// The archive's file, where entries can be read by position from any thread (see
    /// [`Archive::read_raw`]).
    file: Option<Arc<std::fs::File>>,
    names: Vec<String>,
    password: Option<Vec<u8>>,
    limits: Limits,
    /// Inflated bytes of all entries so far, shared with raw entries inflated on other threads.
    total_read: Arc<AtomicU64>,
}

impl<R: Read + Seek> Archive<R> {
    pub fn open(mut reader: R, limits: Limits) -> Result<Self> {
        // A ZIP file starts with a local file header; without one it is not a ZIP at all,
        // with one but unreadable it is damaged (typically truncated).
        let mut magic = [0u8; 4];
        let looks_like_zip = reader.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
        reader.seek(std::io::SeekFrom::Start(0))?;
        let zip = zip::ZipArchive::new(reader).map_err(|e| {
            if looks_like_zip {
                Error::Corrupt(e.to_string())
            } else {
                Error::NotAZip(e.to_string())
            }
        })?;
        if zip.len() > limits.max_entries {
            return Err(Error::TooLarge(format!("{} entries", zip.len())));
        }
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        for name in &names {
            check_entry_name(name)?;
        }
        Ok(Archive {
            zip,
            file: None,
            names,
            password: None,
            limits,
            total_read: Arc::default(),
        })
    }

    /// Tells the archive that it is `file` (a handle of its own, e.g. from `try_clone`), so
    /// that [`Archive::read_raw`] leaves entries where they are, to be read by position.
    pub fn set_file(&mut self, file: std::fs::File) {
        self.file = Some(Arc::new(file));
    }

    pub fn set_password(&mut self, password: Vec<u8>) {
        self.password = Some(password);
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// Opens an entry for streaming; the reader errors out when a limit is passed.
    pub fn open_entry(&mut self, name: &str) -> Result<BoundedEntry<'_, R>> {
        let file = match &self.password {
            Some(pw) => self.zip.by_name_decrypt(name, pw),
            None => self.zip.by_name(name),
        };
        let file = file.map_err(|e| zip_error(name, e))?;
        let compressed = file.compressed_size();
        Ok(Bounded::new(
            name,
            file,
            compressed,
            &self.limits,
            &self.total_read,
            None,
        ))
    }

    /// The stored (still compressed) bytes of an unencrypted entry, to be inflated with
    /// [`RawEntry::reader`] on another thread, under the same limits as [`Archive::open_entry`].
    pub fn read_raw(&mut self, name: &str) -> Result<RawEntry> {
        let index = self
            .zip
            .index_for_name(name)
            .ok_or_else(|| zip_error(name, zip::result::ZipError::FileNotFound))?;
        let mut file = self
            .zip
            .by_index_raw(index)
            .map_err(|e| zip_error(name, e))?;
        if file.encrypted() {
            return Err(Error::Corrupt(format!("{name}: unexpectedly encrypted")));
        }
        let deflated = match file.compression() {
            zip::CompressionMethod::Stored => false,
            zip::CompressionMethod::Deflated => true,
            other => {
                return Err(Error::Corrupt(format!(
                    "{name}: unsupported compression {other}"
                )));
            }
        };
        let crc32 = file.crc32();
        let stored = match &self.file {
            // Read later, straight from the file, by the thread that inflates it: no copy of a
            // large program's bytes is made here first.
            #[cfg(unix)]
            Some(f) => Stored::InFile {
                file: f.clone(),
                start: file.data_start(),
                len: file.compressed_size(),
            },
            _ => {
                let mut data = Vec::with_capacity(file.compressed_size().min(64 << 20) as usize);
                file.read_to_end(&mut data)
                    .map_err(|e| entry_error(name, &e))?;
                Stored::Bytes(data)
            }
        };
        Ok(RawEntry {
            name: name.to_string(),
            stored,
            deflated,
            crc32,
            limits: self.limits.clone(),
            total_read: self.total_read.clone(),
        })
    }

    /// Reads a whole entry into memory (for small files and the inner archive).
    pub fn read_entry(&mut self, name: &str) -> Result<Vec<u8>> {
        let mut entry = self.open_entry(name)?;
        let mut out = Vec::new();
        entry
            .read_to_end(&mut out)
            .map_err(|e| entry_error(name, &e))?;
        Ok(out)
    }
}

/// An entry's compressed bytes, not yet inflated: read into memory, or left in the file.
pub struct RawEntry {
    pub name: String,
    stored: Stored,
    deflated: bool,
    crc32: u32,
    limits: Limits,
    total_read: Arc<AtomicU64>,
}

impl RawEntry {
    /// The inflated content, bounded like [`Archive::open_entry`] and checked against the
    /// entry's CRC-32 at its end (the zip crate checks that for entries it inflates itself).
    pub fn reader(&self) -> Bounded<'_, Box<dyn Read + '_>> {
        let stored: Box<dyn Read + '_> = match &self.stored {
            Stored::Bytes(data) => Box::new(data.as_slice()),
            #[cfg(unix)]
            Stored::InFile { file, start, len } => Box::new(Stretch {
                file,
                at: *start,
                end: start.saturating_add(*len),
            }),
        };
        let inner: Box<dyn Read + '_> = if self.deflated {
            Box::new(flate2::read::DeflateDecoder::new(stored))
        } else {
            stored
        };
        Bounded::new(
            &self.name,
            inner,
            self.compressed_len() as u64,
            &self.limits,
            &self.total_read,
            Some(self.crc32),
        )
    }

    /// Compressed size: a measure of the work of inflating and reading it.
    pub fn compressed_len(&self) -> usize {
        match &self.stored {
            Stored::Bytes(data) => data.len(),
            #[cfg(unix)]
            Stored::InFile { len, .. } => usize::try_from(*len).unwrap_or(usize::MAX),
        }
    }
}

enum Stored {
    Bytes(Vec<u8>),
    /// `len` bytes at `start` in the archive's file.
    #[cfg(unix)]
    InFile {
        file: Arc<std::fs::File>,
        start: u64,
        len: u64,
    },
}

/// A stretch of a file read by position (`pread`): threads read their entries of one archive
/// side by side, each straight from the file, without sharing a file offset.
#[cfg(unix)]
struct Stretch<'a> {
    file: &'a std::fs::File,
    at: u64,
    end: u64,
}

#[cfg(unix)]
impl Read for Stretch<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let left = usize::try_from(self.end.saturating_sub(self.at)).unwrap_or(usize::MAX);
        let n = buf.len().min(left);
        if n == 0 {
            return Ok(0);
        }
        let got = self.file.read_at(&mut buf[..n], self.at)?;
        self.at += got as u64;
        Ok(got)
    }
}

fn zip_error(name: &str, e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::InvalidPassword => Error::WrongPassword,
        zip::result::ZipError::UnsupportedArchive(m)
            if m == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            Error::PasswordRequired
        }
        zip::result::ZipError::FileNotFound => Error::ProjectNotFound(format!("{name} is missing")),
        other => Error::Corrupt(format!("{name}: {other}")),
    }
}

/// Turns an I/O error from a bounded entry back into our error kinds.
pub fn entry_error(name: &str, e: &std::io::Error) -> Error {
    if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<LimitExceeded>()) {
        return Error::TooLarge(format!("{name}: {}", inner.0));
    }
    let text = e.to_string();
    if text.contains("Invalid checksum")
        || text.contains("invalid password")
        || text.contains("Invalid password")
    {
        return Error::WrongPassword;
    }
    Error::Corrupt(format!("{name}: {text}"))
}

#[derive(Debug)]
pub struct LimitExceeded(pub String);

impl std::fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LimitExceeded {}

/// An entry being inflated, stopped with [`LimitExceeded`] as soon as a limit is passed.
pub struct Bounded<'a, Rd: Read> {
    pub name: String,
    inner: Rd,
    read: u64,
    max: u64,
    max_total: u64,
    compressed: u64,
    max_ratio: u64,
    total: &'a AtomicU64,
    /// Expected CRC-32 and the running one, when this layer checks it.
    crc: Option<(u32, crc32fast::Hasher)>,
}

pub type BoundedEntry<'a, R> = Bounded<'a, zip::read::ZipFile<'a, R>>;

impl<'a, Rd: Read> Bounded<'a, Rd> {
    fn new(
        name: &str,
        inner: Rd,
        compressed: u64,
        limits: &Limits,
        total: &'a AtomicU64,
        crc: Option<u32>,
    ) -> Self {
        Bounded {
            name: name.to_string(),
            inner,
            read: 0,
            max: limits.max_entry_bytes,
            max_total: limits.max_total_bytes,
            compressed: compressed.max(1),
            max_ratio: limits.max_ratio,
            total,
            crc: crc.map(|c| (c, crc32fast::Hasher::new())),
        }
    }
}

impl<Rd: Read> Read for Bounded<'_, Rd> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let total = self.total.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        let limit = |m: String| std::io::Error::other(LimitExceeded(m));
        if self.read > self.max {
            return Err(limit(format!("more than {} MiB inflated", self.max >> 20)));
        }
        if total > self.max_total {
            return Err(limit(format!(
                "more than {} MiB inflated in all",
                self.max_total >> 20
            )));
        }
        if let Some((expected, hasher)) = &mut self.crc {
            hasher.update(&buf[..n]);
            if n == 0 && !buf.is_empty() && hasher.clone().finalize() != *expected {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "damaged entry: CRC-32 mismatch",
                ));
            }
        }
        if self.read > (1 << 20) && self.read / self.compressed > self.max_ratio {
            return Err(limit(format!(
                "compression ratio above {}:1",
                self.max_ratio
            )));
        }
        Ok(n)
    }
}

/// Opens the inner project archive of a protected project, held in memory.
pub fn open_inner(bytes: Vec<u8>, limits: Limits) -> Result<Archive<Cursor<Vec<u8>>>> {
    Archive::open(Cursor::new(bytes), limits).map_err(|e| match e {
        Error::NotAZip(m) => Error::Corrupt(format!(
            "the protected project inside is not a ZIP archive: {m}"
        )),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names() {
        for ok in ["knx_master.xml", "P-0001/0.xml", "M-0083/M-0083_A-1.xml"] {
            assert!(check_entry_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "../evil",
            "/etc/passwd",
            "a/../../b",
            "C:\\x",
            "\\\\server\\x",
            "a\\..\\b",
        ] {
            assert!(check_entry_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn raw_entries_are_bounded_and_checked() {
        use std::io::Write;
        use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        zip.start_file("a.xml", stored).unwrap();
        zip.write_all(b"<a>hello</a>").unwrap();
        zip.start_file("bomb.xml", deflated).unwrap();
        zip.write_all(&vec![b'x'; 3 << 20]).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let read = |bytes: Vec<u8>, name: &str| {
            let mut archive = Archive::open(Cursor::new(bytes), Limits::default()).unwrap();
            let raw = archive.read_raw(name).unwrap();
            let mut out = Vec::new();
            raw.reader()
                .read_to_end(&mut out)
                .map(|_| out)
                .map_err(|e| entry_error(name, &e))
        };
        assert_eq!(read(bytes.clone(), "a.xml").unwrap(), b"<a>hello</a>");
        // 3 MiB from a few KiB: past the ratio limit while inflating.
        assert!(matches!(
            read(bytes.clone(), "bomb.xml"),
            Err(Error::TooLarge(_))
        ));
        // One changed byte: the CRC-32 no longer matches.
        let at = bytes.windows(5).position(|w| w == b"hello").unwrap();
        let mut damaged = bytes;
        damaged[at] = b'j';
        assert!(matches!(read(damaged, "a.xml"), Err(Error::Corrupt(_))));
    }

    #[test]
    fn ets6_password_derivation() {
        // Derivation is deterministic and base64 of 32 bytes.
        let p = ets6_zip_password("test");
        assert_eq!(p.len(), 44);
        assert_eq!(p, ets6_zip_password("test"));
        assert_ne!(p, ets6_zip_password("Test"));
    }
}
