//! Organizers' Markdown as safe HTML for the pages ([`outcry_markdown`] converts and cleans),
//! remembered per text.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex};

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
    let html: Arc<str> = outcry_markdown::to_safe_html(markdown).into();
    if let Ok(mut m) = MEMO.lock() {
        if m.len() >= MEMO_ENTRIES {
            m.clear();
        }
        m.insert(key, html.clone());
    }
    html
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
