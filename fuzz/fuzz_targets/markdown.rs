//! Markdown from organizers (a stolen account, an imported case file) becomes HTML in the
//! page. Converting must never panic, and no tag that runs or loads anything may come out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|markdown: &str| {
    let html = outcry_markdown::to_safe_html(markdown).to_ascii_lowercase();
    for tag in [
        "<script", "<img", "<iframe", "<style", "<object", "<embed", "<svg", "<form",
    ] {
        assert!(!html.contains(tag), "{tag} in {html}");
    }
    // Inside a tag (text may say anything: its `<` is escaped), no link runs script.
    for tag in html
        .split('<')
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(t, _)| t))
    {
        assert!(!tag.contains("javascript:"), "<{tag}> in {html}");
    }
});
