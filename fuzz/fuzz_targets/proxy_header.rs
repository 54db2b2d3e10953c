//! The PROXY protocol header arrives on the onion listener before anything else: reading it
//! must never panic, and a header it accepts must end within the bytes given.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(Some((_, used))) = outcry_wire::proxy_protocol::parse(bytes) {
        assert!(used <= bytes.len() && used <= outcry_wire::proxy_protocol::MAX_HEADER);
    }
});
