//! Guessing the parts of a published prison address must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outcry_domain::AddressParts;

fuzz_target!(|text: &str| {
    let _ = AddressParts::guess(text);
});
