//! Posted form bodies come from anyone: decoding must never panic, and must refuse what is not
//! UTF-8 rather than store it garbled.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Some(fields) = outcry_importer::form_body::parse(body) {
        assert!(fields.len() <= 64);
    }
});
