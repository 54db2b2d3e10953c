//! The case-file loader must never panic; whatever it accepts must write back out and load again
//! to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outcry_importer::case_file::{load, to_toml};

fuzz_target!(|text: &str| {
    let today = jiff::civil::date(2026, 11, 22);
    if let Ok(bundle) = load(text, today) {
        let written = to_toml(&bundle).expect("a loaded bundle serializes");
        assert_eq!(load(&written, today).ok(), Some(bundle));
    }
});
