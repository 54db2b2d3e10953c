//! A supporter's letter is outside text: the censor-risk checker must never panic, and every
//! span it reports must cut the text at character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for w in outcry_letters::check(text) {
        assert!(text.is_char_boundary(w.span.0) && text.is_char_boundary(w.span.1));
    }
});
