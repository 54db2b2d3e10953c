//! Real published urgent actions (`tests/fixtures/real/`, see `docs/importer-real-texts.md`):
//! the importer returns on every one of them. How much it reads correctly is measured by
//! `cargo run -p outcry-importer --example score_real`, not asserted here.

use std::path::Path;

use outcry_importer::source;
use outcry_importer::ua_text::{Options, parse};

/// The fixture without its leading `# ` header lines (the importer never sees them).
fn body(bytes: &[u8]) -> Vec<u8> {
    let mut rest = bytes;
    while rest.starts_with(b"# ") {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        rest = &rest[end..];
    }
    rest.to_vec()
}

#[test]
fn real_texts_never_crash() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures/real exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        seen += 1;
        let bytes = std::fs::read(&path).expect("fixture readable");
        // A file the source check refuses (not UTF-8) is a refusal, not a crash; the parser
        // still gets a lossy reading of it, which must not crash either.
        let text = match source::decode(body(&bytes), &path) {
            Ok(text) => text,
            Err(_) => String::from_utf8_lossy(&body(&bytes)).into_owned(),
        };
        let r = parse(&text, &Options::default());
        assert_eq!(
            r.bundle.actions.len(),
            1,
            "{}: one draft action",
            path.display()
        );
    }
    assert!(seen > 0, "no real texts found in {}", dir.display());
}
