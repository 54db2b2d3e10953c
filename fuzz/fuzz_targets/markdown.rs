//! Markdown from organizers (a stolen account, an imported case file) becomes HTML in the
//! page. Converting must never panic, and nothing that runs or loads anything may come out.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Where relative links resolve from; any https origin would do.
const PAGE: &str = "https://outcry.example/cases/x";

fuzz_target!(|markdown: &str| {
    let html = outcry_markdown::to_safe_html(markdown);
    let base = url::Url::parse(PAGE).expect("the base is a URL");
    for (tag, attributes) in tags(&html) {
        assert!(
            !matches!(
                tag.as_str(),
                "script" | "img" | "iframe" | "style" | "object" | "embed" | "svg" | "form"
            ),
            "<{tag}> in {html}"
        );
        for (name, value) in attributes {
            assert!(
                !name.starts_with("on") && name != "style" && name != "src",
                "{name}= on <{tag}> in {html}"
            );
            // A link may *contain* "javascript:" (`[x]: :(javascript:…)` is a relative
            // path); what matters is where a browser goes, as the WHATWG parser resolves it.
            if name == "href"
                && let Ok(target) = base.join(&value)
            {
                assert!(
                    matches!(target.scheme(), "https" | "http" | "mailto"),
                    "{value} goes to {target} in {html}"
                );
            }
        }
    }
});

/// Each tag's lower-cased name and attributes, read the way ammonia's serializer writes
/// them: text escapes `<`, attributes are always `name="value"` with `"` and `&` escaped
/// (but `<` and `>` left as they are, so a tag ends only at a `>` outside quotes).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let mut quoted = false;
        let end = after
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map_or(after.len(), |(i, _)| i);
        let inside = &after[..end];
        rest = after.get(end + 1..).unwrap_or("");
        let (name, mut attrs) = inside.split_once(' ').unwrap_or((inside, ""));
        let mut attributes = Vec::new();
        while let Some((attr, value_on)) = attrs.split_once("=\"") {
            let (value, next) = value_on.split_once('"').unwrap_or((value_on, ""));
            let value = value
                .replace("&quot;", "\"")
                .replace("&nbsp;", "\u{a0}")
                .replace("&amp;", "&");
            attributes.push((attr.trim().to_ascii_lowercase(), value));
            attrs = next;
        }
        found.push((
            name.trim_start_matches('/').to_ascii_lowercase(),
            attributes,
        ));
    }
    found
}
