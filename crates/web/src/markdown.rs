//! Organizers write summaries, backgrounds and donation notes in Markdown. They become HTML
//! here, then pass through ammonia, because an organizer's account can be stolen and a case
//! file can come from anywhere: no script, no event handler, and no image (which would load
//! from another origin and tell it who reads the page).

use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.rm_tags(["img"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["https", "http", "mailto"].into());
    b
});

/// Safe HTML for a Markdown text.
pub fn to_html(markdown: &str) -> String {
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
    fn markdown_becomes_safe_html() {
        assert_eq!(
            to_html("Add the note **For Azat**."),
            "<p>Add the note <strong>For Azat</strong>.</p>\n"
        );
        let hostile = "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n![t](https://tracker.example/p.gif)\n\n<a href=\"https://ok.example\" onclick=\"x()\">ok</a>";
        let html = to_html(hostile);
        for bad in ["<script", "href=\"javascript:", "<img", "onclick", "src="] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("href=\"https://ok.example\""));
    }
}
