//! A supporter's letter is outside text: the censor-risk checker must never panic, and every
//! span it reports must cut the printable text (what it reads, as the printer does) at
//! character boundaries, around the excerpt it names.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let printed = outcry_letters::printable(text);
    for w in outcry_letters::check(text) {
        assert!(printed.is_char_boundary(w.span.0) && printed.is_char_boundary(w.span.1));
        assert_eq!(&printed[w.span.0..w.span.1], w.excerpt);
    }
});
