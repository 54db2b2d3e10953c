//! Organizers write summaries, backgrounds and donation notes in Markdown. They become HTML
//! here, then pass through ammonia, because an organizer's account can be stolen and a case
//! file can come from anywhere: no script, no event handler, and no image (which would load
//! from another origin and tell it who reads the page).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.rm_tags(["img"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["https", "http", "mailto"].into());
    b
});

/// Sanitizing parses the HTML again, which costs far more than the rest of a page; texts change
/// rarely, so each distinct text is converted once. Bounded: a full memo is simply emptied.
static MEMO: LazyLock<Mutex<HashMap<u64, Arc<str>>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
const MEMO_ENTRIES: usize = 512;

/// Safe HTML for a Markdown text, from the memo when it was converted before.
pub fn to_html(markdown: &str) -> Arc<str> {
    let mut h = DefaultHasher::new();
    markdown.hash(&mut h);
    let key = h.finish();
    if let Some(hit) = MEMO.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return hit;
    }
    let html: Arc<str> = convert(markdown).into();
    if let Ok(mut m) = MEMO.lock() {
        if m.len() >= MEMO_ENTRIES {
            m.clear();
        }
        m.insert(key, html.clone());
    }
    html
}

fn convert(markdown: &str) -> String {
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
            &*to_html("Add the note **For Azat**."),
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
