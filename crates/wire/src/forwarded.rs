//! The client's address behind trusted reverse proxies, from `X-Forwarded-For`.
//!
//! `X-Forwarded-For` is a list that every proxy appends its peer to, so only its right end is
//! worth anything, and only as far as proxies we run wrote it. [`client_ip`] honours the header
//! only when the TCP peer is one of the configured [`Cidr`]s, then walks it right to left,
//! skipping our own hops; the first address that is not ours is the client. Whatever stands
//! left of that was written by the client and is never read. An entry that is not an address
//! stops the walk: the client is then the last good hop to its right (the peer, if none),
//! never an entry left of the broken one, so a proxy that appends "unknown" cannot hand the
//! key to what the client wrote.
//!
//! The CIDR type is ours, not a crate's: the site needs to parse, compare and mask prefixes
//! and nothing else, and these few lines are easier to audit than a dependency.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

/// A network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`); a bare address is one host.
/// IPv4-mapped IPv6 is written as IPv4, since addresses are compared in their IPv4 form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cidr {
    /// The network's first address: bits past the prefix are zero.
    network: IpAddr,
    prefix: u8,
}

/// Why a CIDR did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    /// The part before `/` is not an IP address.
    #[error("{0:?} is not an IP address")]
    Address(String),
    /// The prefix length is not a number within the address's size.
    #[error("{0:?} is not a prefix length (0 to 32 for IPv4, 0 to 128 for IPv6)")]
    Prefix(String),
    /// Bits are set past the prefix, which usually means a typo in the address or the length.
    #[error("{given} has bits set past its prefix; the network is {network}")]
    HostBits {
        /// What was written.
        given: String,
        /// The network it would stand for.
        network: Cidr,
    },
    /// An IPv4-mapped IPv6 network: it would never match, since such addresses count as IPv4.
    #[error("{0} is IPv4-mapped; write it as an IPv4 network")]
    Mapped(String),
}

impl Cidr {
    /// The network of `prefix` bits that holds `ip` (the prefix is capped at the address's size).
    pub fn containing(ip: IpAddr, prefix: u8) -> Cidr {
        let ip = ip.to_canonical();
        let prefix = prefix.min(width(ip));
        Cidr {
            network: mask(ip, prefix),
            prefix,
        }
    }

    /// Whether `ip` (in its canonical form) lies in this network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_ipv4() == self.network.is_ipv4() && mask(ip, self.prefix) == self.network
    }
}

fn width(ip: IpAddr) -> u8 {
    if ip.is_ipv4() { 32 } else { 128 }
}

/// `ip` with every bit past the first `prefix` cleared.
fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let keep = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(v4) & keep))
        }
        IpAddr::V6(v6) => {
            let keep = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(v6) & keep))
        }
    }
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(s: &str) -> Result<Cidr, CidrError> {
        let s = s.trim();
        let (address, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let ip: IpAddr = address
            .parse()
            .map_err(|_| CidrError::Address(address.to_string()))?;
        if let IpAddr::V6(v6) = ip
            && v6.to_ipv4_mapped().is_some()
        {
            return Err(CidrError::Mapped(s.to_string()));
        }
        let prefix = match prefix {
            None => width(ip),
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|n| *n <= width(ip))
                .ok_or_else(|| CidrError::Prefix(p.to_string()))?,
        };
        let cidr = Cidr::containing(ip, prefix);
        if cidr.network != ip {
            return Err(CidrError::HostBits {
                given: s.to_string(),
                network: cidr,
            });
        }
        Ok(cidr)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The client's address: the TCP `peer`, or, when the peer is a trusted proxy, the first
/// untrusted address walking `forwarded` (every `X-Forwarded-For` value, in the order the
/// headers came) from the right. See the module's doc for why.
pub fn client_ip<'a>(
    peer: IpAddr,
    forwarded: impl IntoIterator<Item = &'a str>,
    trusted: &[Cidr],
) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(client) {
        return client;
    }
    let entries: Vec<&str> = forwarded.into_iter().flat_map(|v| v.split(',')).collect();
    for entry in entries.into_iter().rev() {
        let Some(hop) = hop(entry) else {
            return client;
        };
        client = hop;
        if !is_trusted(hop) {
            return hop;
        }
    }
    client
}

/// One entry of `X-Forwarded-For`: an address, also with a port (`1.2.3.4:80`, `[::1]:80`)
/// as some proxies write it, or `[::1]`. Anything else, an empty entry included, is not one.
fn hop(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    let ip = entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .and_then(|e| e.parse::<Ipv6Addr>().ok())
                .map(IpAddr::V6)
        })?;
    Some(ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    fn cidrs(list: &[&str]) -> Vec<Cidr> {
        list.iter().map(|c| c.parse().expect("a CIDR")).collect()
    }

    #[test]
    fn cidrs_parse_strictly_and_match_their_members() {
        let table: &[(&str, Result<&str, ()>)] = &[
            ("10.0.0.0/8", Ok("10.0.0.0/8")),
            ("127.0.0.1", Ok("127.0.0.1/32")),
            (" 192.0.2.0/24 ", Ok("192.0.2.0/24")),
            ("0.0.0.0/0", Ok("0.0.0.0/0")),
            ("2001:db8::/32", Ok("2001:db8::/32")),
            ("::1", Ok("::1/128")),
            ("10.0.0.1/8", Err(())),
            ("10.0.0.0/33", Err(())),
            ("10.0.0.0/-1", Err(())),
            ("10.0.0.0/", Err(())),
            ("2001:db8::/129", Err(())),
            ("::ffff:10.0.0.0/104", Err(())),
            ("example.org", Err(())),
            ("", Err(())),
        ];
        for (given, want) in table {
            let got = given.parse::<Cidr>().map(|c| c.to_string()).map_err(|_| ());
            assert_eq!(got, want.map(String::from), "{given:?}");
        }
        let net: Cidr = "192.0.2.0/24".parse().expect("a CIDR");
        assert!(net.contains(ip("192.0.2.255")));
        assert!(
            net.contains(ip("::ffff:192.0.2.7")),
            "IPv4-mapped counts as IPv4"
        );
        assert!(!net.contains(ip("192.0.3.0")));
        assert!(
            !net.contains(ip("::c000:207")),
            "an IPv6 address is never in an IPv4 net"
        );
        let all: Cidr = "0.0.0.0/0".parse().expect("a CIDR");
        assert!(all.contains(ip("203.0.113.9")) && !all.contains(ip("2001:db8::1")));
        let e = "10.0.0.1/8".parse::<Cidr>().expect_err("host bits");
        assert!(e.to_string().contains("10.0.0.0/8"), "{e}");
    }

    /// One row of the table of walks through `X-Forwarded-For`.
    #[derive(Debug)]
    struct Walk {
        why: &'static str,
        peer: &'static str,
        /// Each header's value, in order.
        forwarded: &'static [&'static str],
        trusted: &'static [&'static str],
        client: &'static str,
    }

    #[test]
    fn the_client_is_the_first_untrusted_hop_from_the_right() {
        let table = [
            Walk {
                why: "no proxy",
                peer: "203.0.113.9",
                forwarded: &[],
                trusted: &[],
                client: "203.0.113.9",
            },
            Walk {
                why: "an untrusted peer's header is ignored",
                peer: "203.0.113.9",
                forwarded: &["198.51.100.1"],
                trusted: &[],
                client: "203.0.113.9",
            },
            Walk {
                why: "a peer outside the trusted nets forges nothing",
                peer: "203.0.113.9",
                forwarded: &["198.51.100.1"],
                trusted: &["10.0.0.0/8"],
                client: "203.0.113.9",
            },
            Walk {
                why: "one proxy",
                peer: "127.0.0.1",
                forwarded: &["198.51.100.1"],
                trusted: &["127.0.0.1"],
                client: "198.51.100.1",
            },
            Walk {
                why: "a trusted peer without the header (Tor's onion service) is the client",
                peer: "127.0.0.1",
                forwarded: &[],
                trusted: &["127.0.0.1"],
                client: "127.0.0.1",
            },
            Walk {
                why: "the client's own claim left of the real address is not read",
                peer: "127.0.0.1",
                forwarded: &["6.6.6.6, 198.51.100.1"],
                trusted: &["127.0.0.1"],
                client: "198.51.100.1",
            },
            Walk {
                why: "trusted hops are skipped",
                peer: "127.0.0.1",
                forwarded: &["6.6.6.6, 198.51.100.1, 10.1.2.3"],
                trusted: &["127.0.0.1", "10.0.0.0/8"],
                client: "198.51.100.1",
            },
            Walk {
                why: "all hops trusted: the leftmost is the client",
                peer: "127.0.0.1",
                forwarded: &["10.9.9.9, 10.1.2.3"],
                trusted: &["127.0.0.1", "10.0.0.0/8"],
                client: "10.9.9.9",
            },
            Walk {
                why: "several headers are one list, in order",
                peer: "127.0.0.1",
                forwarded: &["6.6.6.6", "198.51.100.1"],
                trusted: &["127.0.0.1"],
                client: "198.51.100.1",
            },
            Walk {
                why: "the walk crosses from one header into the one before",
                peer: "127.0.0.1",
                forwarded: &["198.51.100.1, 10.1.2.3", "10.4.5.6"],
                trusted: &["127.0.0.1", "10.0.0.0/8"],
                client: "198.51.100.1",
            },
            Walk {
                why: "a proxy wrote garbage: the peer, never the forged entry left of it",
                peer: "127.0.0.1",
                forwarded: &["6.6.6.6, unknown"],
                trusted: &["127.0.0.1"],
                client: "127.0.0.1",
            },
            Walk {
                why: "garbage stops the walk at the last good hop to its right",
                peer: "127.0.0.1",
                forwarded: &["6.6.6.6, garbage, 10.1.2.3"],
                trusted: &["127.0.0.1", "10.0.0.0/8"],
                client: "10.1.2.3",
            },
            Walk {
                why: "an empty entry is malformed too",
                peer: "127.0.0.1",
                forwarded: &["6.6.6.6,, 10.1.2.3"],
                trusted: &["127.0.0.1", "10.0.0.0/8"],
                client: "10.1.2.3",
            },
            Walk {
                why: "garbage left of the client is never reached",
                peer: "127.0.0.1",
                forwarded: &["garbage, 198.51.100.1"],
                trusted: &["127.0.0.1"],
                client: "198.51.100.1",
            },
            Walk {
                why: "a private address is the client when it is not a trusted proxy",
                peer: "127.0.0.1",
                forwarded: &["6.6.6.6, 10.1.2.3"],
                trusted: &["127.0.0.1"],
                client: "10.1.2.3",
            },
            Walk {
                why: "IPv4-mapped peers and entries are IPv4",
                peer: "::ffff:127.0.0.1",
                forwarded: &["::ffff:198.51.100.1"],
                trusted: &["127.0.0.1"],
                client: "198.51.100.1",
            },
            Walk {
                why: "IPv6",
                peer: "::1",
                forwarded: &["2001:db8:1:2::5"],
                trusted: &["::1"],
                client: "2001:db8:1:2::5",
            },
            Walk {
                why: "a port after an IPv4 address",
                peer: "127.0.0.1",
                forwarded: &["198.51.100.1:4711"],
                trusted: &["127.0.0.1"],
                client: "198.51.100.1",
            },
            Walk {
                why: "bracketed IPv6, with or without a port",
                peer: "127.0.0.1",
                forwarded: &["[2001:db8::5]:443, [2001:db8::6]"],
                trusted: &["127.0.0.1"],
                client: "2001:db8::6",
            },
            Walk {
                why: "spaces around entries; the proxy itself appearing in the list",
                peer: "127.0.0.1",
                forwarded: &["198.51.100.1 , 127.0.0.1"],
                trusted: &["127.0.0.1"],
                client: "198.51.100.1",
            },
        ];
        for w in table {
            let got = client_ip(ip(w.peer), w.forwarded.iter().copied(), &cidrs(w.trusted));
            assert_eq!(got, ip(w.client), "{}: {w:?}", w.why);
        }
    }
}
