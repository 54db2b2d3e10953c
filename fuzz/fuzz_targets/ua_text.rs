//! The urgent-action text parser must never panic, and what it returns must be a valid bundle.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outcry_importer::ua_text::{Options, parse};

fuzz_target!(|text: &str| {
    let published = jiff::civil::date(2026, 5, 1);
    let result = parse(
        text,
        &Options {
            published: Some(published),
        },
    );
    assert!(result.bundle.validate(published).is_ok());
});
