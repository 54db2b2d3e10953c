//! A file given to `outcry import` is outside bytes: decoding it must never panic, and what it
//! accepts must be text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let path = std::path::Path::new("fuzz.txt");
    if let Ok(text) = outcry_importer::source::decode(bytes.to_vec(), path) {
        assert!(!text.contains('\0'));
    }
});
