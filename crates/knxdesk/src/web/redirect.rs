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

/// The header the page script sends with a request it makes itself (an upload with a progress
/// bar). XMLHttpRequest follows redirects silently, so the page behind a 303 would be loaded
/// once by the script (consuming the flash message meant for the user) and once more by the
/// browser. For such a request a redirect is answered as 204 with the target in
/// [`LOCATION_FOR_SCRIPT`] instead; the script navigates there and the message shows.
pub const FROM_SCRIPT: &str = "x-knxdesk-script";
pub const LOCATION_FOR_SCRIPT: &str = "x-knxdesk-location";

pub async fn readable_by_script(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderName, StatusCode, header::LOCATION};
    let from_script = req.headers().contains_key(FROM_SCRIPT);
    let mut res = next.run(req).await;
    if from_script
        && res.status().is_redirection()
        && let Some(to) = res.headers_mut().remove(LOCATION)
    {
        *res.status_mut() = StatusCode::NO_CONTENT;
        res.headers_mut()
            .insert(HeaderName::from_static(LOCATION_FOR_SCRIPT), to);
    }
    res
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
