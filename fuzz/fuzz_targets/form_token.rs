//! Every POST carries a `Cookie` header (the CSRF nonce) and a form token, both written by
//! whoever sends the request. The input is the cookie header, a newline, then the token.
//! Reading must never panic; a token that parses has a well-formed id; a token this server
//! makes for the nonce found reads back and verifies, and the posted one verifies only if it
//! is that very token.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outcry_wire::cookie;
use outcry_wire::form_token::{self, FormToken};

const SECRET: &[u8] = b"fuzzing secret, thirty-two bytes";

fuzz_target!(|text: &str| {
    let (cookies, token) = text.split_once('\n').unwrap_or((text, ""));
    let nonce = cookie::value(cookies.split('\n'), "outcry_csrf").unwrap_or_default();
    if let Some(posted) = FormToken::parse(token) {
        assert!(form_token::id_well_formed(posted.id));
        assert!(posted.issued >= 0);
        let ours = form_token::make(SECRET, nonce, posted.issued, posted.id);
        let back = FormToken::parse(&ours).expect("our own token parses");
        assert!(back.signed_for(SECRET, nonce));
        assert_eq!(posted.signed_for(SECRET, nonce), token == ours);
    }
});
