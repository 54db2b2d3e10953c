//! Organizers write summaries, backgrounds and donation notes in Markdown (news articles and
//! comments will too). It becomes HTML here, then passes through ammonia, because an
//! organizer's account can be stolen and a case file can come from anywhere: no script, no
//! event handler, and no image (which would load from another origin and tell it who reads
//! the page). Links get `rel="noopener noreferrer nofollow"` and only web and mail schemes.
//!
//! Its own crate, with no I/O, so the web face and the fuzz target run the same conversion.

#![deny(missing_docs)]

use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.rm_tags(["img"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["https", "http", "mailto"].into());
    b
});

/// Safe HTML for a Markdown text (CommonMark with ~~strikethrough~~).
pub fn to_safe_html(markdown: &str) -> String {
    let parser =
        pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 4);
    pulldown_cmark::html::push_html(&mut html, parser);
    CLEANER.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        assert_eq!(
            to_safe_html("Add the note **For Azat**."),
            "<p>Add the note <strong>For Azat</strong>.</p>\n"
        );
        assert_eq!(to_safe_html("~~old~~"), "<p><del>old</del></p>\n");
    }

    #[test]
    fn nothing_that_runs_or_loads_survives() {
        let hostile = "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n\
            ![t](https://tracker.example/p.gif)\n\n\
            <a href=\"https://ok.example\" onclick=\"x()\">ok</a>\n\n\
            <iframe src=\"https://evil.example\"></iframe><style>body{}</style>\n\n\
            [d](data:text/html;base64,PHNjcmlwdD4=)";
        let html = to_safe_html(hostile);
        for bad in [
            "<script",
            "javascript:",
            "<img",
            "onclick",
            "src=",
            "<iframe",
            "<style",
            "data:",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("href=\"https://ok.example\""));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    }
}
