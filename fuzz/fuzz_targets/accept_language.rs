//! The Accept-Language header is outside text on every request: negotiation must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|header: &str| {
    let _ = outcry_i18n::Locale::negotiate(header);
});
