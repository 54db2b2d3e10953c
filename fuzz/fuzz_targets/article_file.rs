//! The article and author readers must never panic on any text, and whatever they accept must
//! pass the domain's checks (they are what keeps look-alike names and hidden characters out).
#![no_main]

use libfuzzer_sys::fuzz_target;
use outcry_importer::article_file::{parse, parse_author};

fuzz_target!(|text: &str| {
    let stem = "from-the-file-name".parse().ok();
    if let Ok(article) = parse(text, stem.as_ref()) {
        assert_eq!(article.check(), Ok(()));
    }
    if let Ok(author) = parse_author(text) {
        assert_eq!(author.check(), Ok(()));
    }
});
