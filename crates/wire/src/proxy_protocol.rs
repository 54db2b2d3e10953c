//! The PROXY protocol header (versions 1 and 2, as HAProxy specifies them) that a local proxy
//! sends before the HTTP request to say who the client really is. Tor sends it for an onion
//! service with `HiddenServiceExportCircuitID haproxy`: the source address then names the Tor
//! circuit, so each onion visitor gets a rate-limit key of their own instead of all sharing
//! 127.0.0.1.
//!
//! Only what Outcry needs is read: the source address and port of a TCP connection over IPv4
//! or IPv6. `UNKNOWN` (v1) and `LOCAL` (v2, a health check) carry no client; other families
//! are refused.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The longest header read: a v1 line is at most 107 bytes; v2 here at most 16 + 216.
pub const MAX_HEADER: usize = 232;

const V2_SIGNATURE: [u8; 12] = *b"\r\n\r\n\0\r\nQUIT\n";

/// What a complete header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// The connection's real source.
    Address(SocketAddr),
    /// The proxy speaks for itself (a health check) or does not know the source.
    Unknown,
}

/// Why a header cannot be used: the connection is closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// Not a PROXY header at all, or a broken one.
    #[error("not a PROXY protocol header")]
    Malformed,
    /// A header for something other than TCP over IPv4 or IPv6.
    #[error("a PROXY protocol header for another kind of connection")]
    Unsupported,
}

/// Reads a header from the start of `buf`: `Ok(None)` when more bytes are needed, else the
/// client and how many bytes the header took (the HTTP request starts after them).
pub fn parse(buf: &[u8]) -> Result<Option<(Client, usize)>, HeaderError> {
    if buf.len() < V2_SIGNATURE.len() {
        // Too short to tell which version: as long as it could still be either, wait.
        let v1 = b"PROXY ".starts_with(&buf[..buf.len().min(6)]);
        let v2 = V2_SIGNATURE.starts_with(buf);
        return if v1 || v2 {
            Ok(None)
        } else {
            Err(HeaderError::Malformed)
        };
    }
    if buf.starts_with(&V2_SIGNATURE) {
        return parse_v2(buf);
    }
    if buf.starts_with(b"PROXY ") {
        return parse_v1(buf);
    }
    Err(HeaderError::Malformed)
}

fn parse_v1(buf: &[u8]) -> Result<Option<(Client, usize)>, HeaderError> {
    let window = &buf[..buf.len().min(107)];
    let Some(end) = window.windows(2).position(|w| w == b"\r\n") else {
        return if buf.len() >= 107 {
            Err(HeaderError::Malformed)
        } else {
            Ok(None)
        };
    };
    let line = std::str::from_utf8(&buf[..end]).map_err(|_| HeaderError::Malformed)?;
    let fields: Vec<&str> = line.split(' ').collect();
    let client = match fields.as_slice() {
        ["PROXY", "UNKNOWN", ..] => Client::Unknown,
        [
            "PROXY",
            family @ ("TCP4" | "TCP6"),
            source,
            _destination,
            port,
            _dport,
        ] => {
            let ip: IpAddr = source.parse().map_err(|_| HeaderError::Malformed)?;
            if (*family == "TCP4") != ip.is_ipv4() {
                return Err(HeaderError::Malformed);
            }
            let port: u16 = port.parse().map_err(|_| HeaderError::Malformed)?;
            Client::Address(SocketAddr::new(ip, port))
        }
        _ => return Err(HeaderError::Malformed),
    };
    Ok(Some((client, end + 2)))
}

fn parse_v2(buf: &[u8]) -> Result<Option<(Client, usize)>, HeaderError> {
    let Some(&[version_command, family, len_hi, len_lo]) = buf.get(12..16) else {
        return Ok(None);
    };
    if version_command >> 4 != 2 {
        return Err(HeaderError::Malformed);
    }
    let len = usize::from(u16::from_be_bytes([len_hi, len_lo]));
    if 16 + len > MAX_HEADER {
        return Err(HeaderError::Malformed);
    }
    let Some(body) = buf.get(16..16 + len) else {
        return Ok(None);
    };
    let total = 16 + len;
    match version_command & 0x0f {
        // LOCAL: the proxy's own connection; the addresses, if any, mean nothing.
        0 => return Ok(Some((Client::Unknown, total))),
        1 => {}
        _ => return Err(HeaderError::Malformed),
    }
    let client = match family {
        // TCP over IPv4: source, destination (4 bytes each), source port, destination port.
        0x11 => {
            let a = body.get(..12).ok_or(HeaderError::Malformed)?;
            let ip = Ipv4Addr::new(a[0], a[1], a[2], a[3]);
            Client::Address(SocketAddr::new(ip.into(), u16::from_be_bytes([a[8], a[9]])))
        }
        // TCP over IPv6: 16 bytes each, then the ports.
        0x21 => {
            let a = body.get(..36).ok_or(HeaderError::Malformed)?;
            let mut octets = [0u8; 16];
            octets.copy_from_slice(&a[..16]);
            let ip = Ipv6Addr::from(octets);
            Client::Address(SocketAddr::new(
                ip.into(),
                u16::from_be_bytes([a[32], a[33]]),
            ))
        }
        0x00 => Client::Unknown,
        _ => return Err(HeaderError::Unsupported),
    };
    Ok(Some((client, total)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(s: &str) -> Client {
        Client::Address(s.parse().expect("socket address"))
    }

    #[test]
    fn version_1_lines() {
        let tor = b"PROXY TCP6 fc00:dead:beef:4dad::0:29a ::1 65535 8081\r\nGET / HTTP/1.1\r\n";
        let (client, used) = parse(tor).expect("parses").expect("complete");
        assert_eq!(client, address("[fc00:dead:beef:4dad::29a]:65535"));
        assert_eq!(&tor[used..used + 3], b"GET");
        assert_eq!(
            parse(b"PROXY TCP4 198.51.100.7 10.0.0.1 4242 80\r\n"),
            Ok(Some((address("198.51.100.7:4242"), 42)))
        );
        assert_eq!(parse(b"PROXY UNKNOWN\r\n"), Ok(Some((Client::Unknown, 15))));
        assert_eq!(
            parse(b"PROXY TCP4 198.51.100.7 10.0.0.1 42"),
            Ok(None),
            "wait for the rest"
        );
        assert_eq!(parse(b"PRO"), Ok(None));
    }

    #[test]
    fn broken_or_foreign_headers_are_refused() {
        for bad in [
            &b"GET / HTTP/1.1\r\n\r\n"[..],
            b"PROXY TCP4 198.51.100.7 10.0.0.1 4242\r\n",
            b"PROXY TCP4 ::1 ::1 1 2\r\n",
            b"PROXY TCP6 198.51.100.7 10.0.0.1 1 2\r\n",
            b"PROXY TCP4 198.51.100.7 10.0.0.1 99999 80\r\n",
            b"PROXY TCP4 300.1.1.1 10.0.0.1 1 2\r\n",
            b"X",
        ] {
            assert_eq!(
                parse(bad),
                Err(HeaderError::Malformed),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        let endless = [b'A'; 200];
        let mut line = b"PROXY ".to_vec();
        line.extend_from_slice(&endless);
        assert_eq!(
            parse(&line),
            Err(HeaderError::Malformed),
            "no CRLF within 107 bytes"
        );
    }

    #[test]
    fn version_2_headers() {
        let mut v4 = V2_SIGNATURE.to_vec();
        v4.extend_from_slice(&[
            0x21, 0x11, 0, 12, 203, 0, 113, 5, 10, 0, 0, 1, 0x1f, 0x90, 0, 80,
        ]);
        v4.extend_from_slice(b"GET");
        assert_eq!(parse(&v4), Ok(Some((address("203.0.113.5:8080"), 28))));
        assert_eq!(parse(&v4[..20]), Ok(None), "wait for the addresses");

        let mut v6 = V2_SIGNATURE.to_vec();
        v6.extend_from_slice(&[0x21, 0x21, 0, 36]);
        let source: Ipv6Addr = "2001:db8::7".parse().expect("ip");
        v6.extend_from_slice(&source.octets());
        v6.extend_from_slice(&Ipv6Addr::LOCALHOST.octets());
        v6.extend_from_slice(&[0, 99, 0, 80]);
        assert_eq!(parse(&v6), Ok(Some((address("[2001:db8::7]:99"), 52))));

        let mut local = V2_SIGNATURE.to_vec();
        local.extend_from_slice(&[0x20, 0x00, 0, 0]);
        assert_eq!(parse(&local), Ok(Some((Client::Unknown, 16))));

        let mut unix = V2_SIGNATURE.to_vec();
        unix.extend_from_slice(&[0x21, 0x31, 0, 0]);
        assert_eq!(parse(&unix), Err(HeaderError::Unsupported));

        let mut huge = V2_SIGNATURE.to_vec();
        huge.extend_from_slice(&[0x21, 0x11, 0xff, 0xff]);
        assert_eq!(parse(&huge), Err(HeaderError::Malformed));

        let mut v1_signature_v3 = V2_SIGNATURE.to_vec();
        v1_signature_v3.extend_from_slice(&[0x31, 0x11, 0, 12]);
        assert_eq!(parse(&v1_signature_v3), Err(HeaderError::Malformed));
    }

    proptest::proptest! {
        /// Any bytes: an answer, never a panic, and never more bytes used than given.
        #[test]
        fn any_bytes_parse_or_are_refused(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            if let Ok(Some((_, used))) = parse(&bytes) {
                proptest::prop_assert!(used <= bytes.len());
            }
        }
    }
}
