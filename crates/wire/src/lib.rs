//! Readers of what arrives on a connection from outside before any page is involved. Each is
//! a pure function over bytes, refuses what it cannot read, and has a fuzz target
//! (`fuzz/fuzz_targets/`); the crate depends on almost nothing so those build quickly.
//!
//! - [`proxy_protocol`]: the PROXY protocol header a local proxy (Tor's onion service) sends
//!   before the HTTP request, naming the real client.

#![deny(missing_docs)]

pub mod proxy_protocol;
