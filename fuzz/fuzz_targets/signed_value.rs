//! What the browser keeps for the server and sends back (the acted cookie, the human check's
//! pass) is `data.signature`, and a hostile client can send anything there. Opening must never
//! panic, and what opens must be exactly what the server would have sealed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outcry_wire::{cookie, signed};

const SECRET: &[u8] = b"fuzzing secret, thirty-two bytes";

fuzz_target!(|text: &str| {
    let value = cookie::value([text], "outcry_acted").unwrap_or(text);
    if let Some(data) = signed::open(SECRET, b"acted", value) {
        assert_eq!(signed::seal(SECRET, b"acted", data), value);
    }
    // A value sealed for one purpose never opens for another.
    let sealed = signed::seal(SECRET, b"acted", value);
    assert_eq!(signed::open(SECRET, b"acted", &sealed), Some(value));
    assert_eq!(signed::open(SECRET, b"human", &sealed), None);
});
