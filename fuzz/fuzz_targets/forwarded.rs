//! `X-Forwarded-For` and the `--trusted-proxy` list come from outside (a header anyone can
//! send, a line an admin types). The input is: the peer's address, a line of trusted CIDRs
//! (comma-separated), then one header value per line. Reading must never panic; the client
//! is the peer unless the peer is trusted, and otherwise an address that was in the header;
//! a CIDR that parses reads back as itself.
#![no_main]

use std::net::IpAddr;

use libfuzzer_sys::fuzz_target;
use outcry_wire::forwarded::{Cidr, client_ip};

fuzz_target!(|text: &str| {
    let mut lines = text.split('\n');
    let Some(Ok(peer)) = lines.next().map(|l| l.trim().parse::<IpAddr>()) else {
        return;
    };
    let trusted: Vec<Cidr> = lines
        .next()
        .unwrap_or_default()
        .split(',')
        .filter_map(|c| c.parse::<Cidr>().ok())
        .collect();
    for cidr in &trusted {
        assert_eq!(cidr.to_string().parse::<Cidr>().ok(), Some(*cidr));
    }
    let headers: Vec<&str> = lines.collect();
    let client = client_ip(peer, headers.iter().copied(), &trusted);
    let peer = peer.to_canonical();
    if !trusted.iter().any(|c| c.contains(peer)) {
        assert_eq!(client, peer, "an untrusted peer's header is never read");
    } else if client != peer {
        // Whatever the walk picked was written in the header, in some spelling.
        let shown = client.to_string();
        assert!(
            headers
                .iter()
                .any(|h| h.contains(&shown) || h.contains(':') || h.contains('[')),
            "{client} is not in {headers:?}"
        );
    }
});
