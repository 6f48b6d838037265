//! Redirect targets that come from a visitor (`?next=` after sign-in): one rule for what is safe.

use axum::http::uri::PathAndQuery;

/// A path (with an optional query) on this origin, and nothing else: no scheme, no host, no
/// protocol-relative `//host`, and only visible ASCII. Browsers drop tabs and newlines inside a
/// URL and read `\` as `/`, so `/\t/evil.example` or `/\evil.example` would leave the site; our
/// own URLs never hold such bytes (they are percent-encoded), so refusing them loses nothing.
/// Being visible ASCII, a `LocalPath` is always a valid `Location` header value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    pub fn parse(target: &str) -> Option<LocalPath> {
        let visible = target.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
        if !visible || !target.starts_with('/') || target.starts_with("//") {
            return None;
        }
        // What the HTTP stack itself would read from it, byte for byte (no fragment).
        let parsed: PathAndQuery = target.parse().ok()?;
        (parsed.as_str() == target).then(|| LocalPath(target.to_string()))
    }

    /// The visitor's target if it is safe, else `fallback`.
    pub fn parse_or(target: &str, fallback: &str) -> LocalPath {
        LocalPath::parse(target)
            .or_else(|| LocalPath::parse(fallback))
            .unwrap_or_else(|| LocalPath("/".into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::LocalPath;

    #[test]
    fn only_paths_on_this_origin() {
        for ok in ["/", "/o/1/", "/o/1/projects?q=a%20b&page=2", "/invite/abc"] {
            assert_eq!(LocalPath::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "",
            "o/1",
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/x\x7f",
            "/x\x01",
            "/ /evil.example",
            "/x#frag",
            "/ö",
        ] {
            assert_eq!(LocalPath::parse(bad), None, "{bad:?}");
        }
        assert_eq!(LocalPath::parse_or("//evil", "/").as_str(), "/");
    }
}
