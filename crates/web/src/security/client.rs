//! The keys the POST limit counts a client under.
//!
//! Addresses are counted in groups ([`ClientKey`]): a home connection has one IPv4 address but
//! a whole IPv6 /64, so a /32 and a /64 are one "host"; a /24 and a /48 are its "network",
//! the coarser tier that bounds someone who owns many hosts. The address itself comes from
//! [`outcry_wire::forwarded::client_ip`], which reads `X-Forwarded-For` from trusted proxies.

use std::net::IpAddr;

pub use outcry_wire::forwarded::{Cidr, CidrError, client_ip};

/// The groups a client's POSTs are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey {
    /// The host: its IPv4 /32, or its IPv6 /64.
    pub host: Cidr,
    /// The network around it: an IPv4 /24, or an IPv6 /48.
    pub network: Cidr,
}

impl ClientKey {
    /// The groups of `ip`, after turning an IPv4-mapped address into IPv4.
    pub fn of(ip: IpAddr) -> ClientKey {
        let ip = ip.to_canonical();
        let (host, network) = if ip.is_ipv4() { (32, 24) } else { (64, 48) };
        ClientKey {
            host: Cidr::containing(ip, host),
            network: Cidr::containing(ip, network),
        }
    }

    /// A Tor circuit, as the onion listener names it ([`crate::OnionCircuit`]): the whole
    /// address is the client, and it is its own network. Grouping would put every onion
    /// visitor in one /64 (Tor numbers circuits inside fc00:dead:beef:4dad::/64), the very
    /// sharing the PROXY header is there to end; the per-action budget still bounds a flood.
    pub fn circuit(ip: IpAddr) -> ClientKey {
        let ip = ip.to_canonical();
        let exact = Cidr::containing(ip, if ip.is_ipv4() { 32 } else { 128 });
        ClientKey {
            host: exact,
            network: exact,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn hosts_are_a_slash_32_or_a_slash_64_and_networks_a_slash_24_or_a_slash_48() {
        let a = ClientKey::of(ip("2001:db8:1:2::1"));
        let b = ClientKey::of(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        let c = ClientKey::of(ip("2001:db8:1:3::1"));
        let d = ClientKey::of(ip("2001:db8:2:2::1"));
        assert_eq!(a, b, "one /64 is one host");
        assert_ne!(a.host, c.host, "another /64 is another host");
        assert_eq!(a.network, c.network, "in the same /48");
        assert_ne!(a.network, d.network);
        assert_eq!(a.host.to_string(), "2001:db8:1:2::/64");
        assert_eq!(a.network.to_string(), "2001:db8:1::/48");

        let v4 = ClientKey::of(ip("203.0.113.9"));
        assert_eq!(
            v4,
            ClientKey::of(ip("::ffff:203.0.113.9")),
            "IPv4-mapped is IPv4"
        );
        assert_eq!(v4.host.to_string(), "203.0.113.9/32");
        assert_eq!(v4.network.to_string(), "203.0.113.0/24");
        let neighbour = ClientKey::of(ip("203.0.113.10"));
        assert_ne!(v4.host, neighbour.host);
        assert_eq!(v4.network, neighbour.network);
    }
}
