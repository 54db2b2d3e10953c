//! Readers of what arrives with a request from outside before any page is involved. Each is a
//! pure function over bytes or text, refuses what it cannot read, and has a fuzz target
//! (`fuzz/fuzz_targets/`); the crate depends on almost nothing so those build quickly.
//!
//! - [`proxy_protocol`]: the PROXY protocol header a local proxy (Tor's onion service) sends
//!   before the HTTP request, naming the real client.
//! - [`forwarded`]: the client's address behind trusted proxies, from `X-Forwarded-For`.
//! - [`cookie`]: one cookie's value out of the `Cookie` headers.
//! - [`signed`]: MACs over what the browser keeps for the server, and `data.signature` values.
//! - [`form_token`]: the shape of the CSRF token a form posts back.

#![deny(missing_docs)]

pub mod cookie;
pub mod form_token;
pub mod forwarded;
pub mod proxy_protocol;
pub mod signed;
