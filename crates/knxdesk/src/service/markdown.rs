//! Case descriptions and comments are Markdown, rendered to HTML that is safe to show: the
//! Markdown parser turns text into HTML (raw HTML in the text stays text), and the sanitiser
//! keeps only harmless tags and attributes and makes every link open without a referrer.

use pulldown_cmark::{Event, Options, Parser, html};

/// The HTML of `text`, safe to insert into a page.
pub fn to_html(text: &str) -> String {
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    // Raw HTML in the text is shown as text, not interpreted (the sanitiser would strip
    // most of it anyway, but a comment that shows "<b>" should say "<b>").
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 5 / 4 + 16);
    html::push_html(&mut out, events);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .clean(&out)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_markdown() {
        let html = to_html("**Dimmer** flickers\n\n- kitchen\n- hall");
        assert!(html.contains("<strong>Dimmer</strong>"), "{html}");
        assert!(html.contains("<li>kitchen</li>"), "{html}");
    }

    #[test]
    fn raw_html_and_scripts_never_run() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "![x](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            let html = to_html(hostile);
            // Shown as text at most: no element, no live attribute or link.
            assert!(!html.contains("<script"), "{hostile} → {html}");
            assert!(!html.contains("<img src=x"), "{hostile} → {html}");
            assert!(!html.contains("<a href=\"javascript"), "{hostile} → {html}");
            assert!(!html.contains("<img src=\"data:"), "{hostile} → {html}");
        }
        assert!(
            to_html("<b>x</b>").contains("&lt;b&gt;"),
            "raw HTML is shown as text"
        );
    }

    #[test]
    fn links_carry_no_referrer() {
        let html = to_html("see https://example.com and [docs](https://knx.org)");
        assert!(
            html.contains("rel=\"noopener noreferrer nofollow\""),
            "{html}"
        );
    }
}
