//! Headless Chromium through chromedriver (WebDriver), for end-to-end journeys. Enabled by
//! `KNXDESK_TEST_BROWSER=1`; needs Debian's `chromium` and `chromium-driver`.

use std::{process::Stdio, time::Duration};

use fantoccini::{Client, ClientBuilder, Locator};

pub fn enabled() -> bool {
    std::env::var("KNXDESK_TEST_BROWSER").is_ok_and(|v| v == "1")
}

/// A running chromedriver; killed on drop.
pub struct Driver {
    child: tokio::process::Child,
    pub url: String,
    _profiles: tempfile::TempDir,
}

impl Driver {
    pub async fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = tokio::process::Command::new(bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver (install chromium-driver)");
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Driver {
            child,
            url,
            _profiles: tempfile::tempdir().unwrap(),
        }
    }

    /// A fresh browser session (its own profile: no shared cookies).
    pub async fn session(&self) -> Client {
        let profile = tempfile::Builder::new()
            .prefix("profile")
            .tempdir_in(self._profiles.path())
            .unwrap()
            .keep();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("WebDriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// Fills an input found by CSS selector.
pub async fn fill(c: &Client, css: &str, value: &str) {
    let el = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    el.clear().await.unwrap();
    el.send_keys(value).await.unwrap();
}

/// Presses keys as a person does, on whatever has the focus: each of `chord` down in order,
/// then up in reverse (`&[Key::Control.into(), 'k']` is Ctrl+K).
pub async fn press(c: &Client, chord: &[char]) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut keys = KeyActions::new("keyboard".into());
    for &k in chord {
        keys = keys.then(KeyAction::Down { value: k });
    }
    for &k in chord.iter().rev() {
        keys = keys.then(KeyAction::Up { value: k });
    }
    c.perform_actions(keys).await.unwrap();
}

/// Clicks an element; retries while the page is still changing under it (stale element).
pub async fn click(c: &Client, css: &str) {
    for attempt in 0..20 {
        let el = c
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        match el.click().await {
            Ok(()) => return,
            Err(e) if attempt < 19 => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("clicking {css}: {e}"),
        }
    }
}

/// The text of the first element `css` finds.
pub async fn text_of(c: &Client, css: &str) -> String {
    let el = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    el.text().await.unwrap()
}

/// Waits until the page's text contains `needle`.
pub async fn wait_for_text(c: &Client, needle: &str) {
    for _ in 0..100 {
        if let Ok(body) = c.find(Locator::Css("body")).await
            && body.text().await.unwrap_or_default().contains(needle)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let src = c.source().await.unwrap_or_default();
    panic!("page never showed {needle:?}; it shows:\n{src}");
}

/// Whether the script (a `return` of a boolean) says so on the current page within a few
/// seconds (an image may still be loading).
pub async fn holds(c: &Client, script: &str) -> bool {
    for _ in 0..50 {
        if c.execute(script, vec![]).await.unwrap() == serde_json::Value::Bool(true) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// A script for [`holds`]: the first image matching `css` has loaded and has pixels.
pub fn image_shown(css: &str) -> String {
    format!(
        "const img = document.querySelector(\"{css}\"); return !!img && img.complete && img.naturalWidth > 0;"
    )
}

/// Whether the page is no wider than the window (nothing to scroll sideways).
pub async fn fits_window(c: &Client) -> bool {
    holds(
        c,
        "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
    )
    .await
}

/// Drags case `number`'s card on the board to the `status` column (HTML5 drag events, as a
/// mouse sends them).
pub async fn drag_card(c: &Client, number: i64, status: &str) {
    let script = format!(
        "const card = document.querySelector('.board-card[data-number=\"{number}\"]');
         const column = document.querySelector('.board-column[data-status=\"{status}\"]');
         const dt = new DataTransfer();
         card.dispatchEvent(new DragEvent('dragstart', {{bubbles: true, dataTransfer: dt}}));
         column.dispatchEvent(new DragEvent('dragover', {{bubbles: true, cancelable: true, dataTransfer: dt}}));
         column.dispatchEvent(new DragEvent('drop', {{bubbles: true, cancelable: true, dataTransfer: dt}}));"
    );
    c.execute(&script, vec![]).await.unwrap();
}

/// Chooses `path` in the file input `css` (as a person picking a file).
pub async fn choose_file(c: &Client, css: &str, path: &std::path::Path) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
}

/// The `href` of the element `at` finds.
pub async fn href(c: &Client, at: Locator<'_>) -> String {
    c.find(at)
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .expect("an href")
}

/// Opens each page `(name, path, text it must show)` at a phone's and a laptop's width: the
/// text shows, the page is no wider than the window, and a screenshot `{prefix}-{width}-{name}`
/// is kept for a person to look at. The window is left at the laptop's size.
pub async fn walk(c: &Client, base: &str, prefix: &str, pages: &[(&str, String, &str)]) {
    for (width, height) in [(390, 844), (1366, 768)] {
        c.set_window_size(width, height).await.unwrap();
        for (page, path, text) in pages {
            c.goto(&format!("{base}{path}")).await.unwrap();
            wait_for_text(c, text).await;
            assert!(
                fits_window(c).await,
                "{page} at {width} px is wider than the window"
            );
            screenshot(c, &format!("{prefix}-{width}-{page}")).await;
        }
    }
}

/// Saves a screenshot under `target/screenshots/` (for a human to look at).
pub async fn screenshot(c: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}
