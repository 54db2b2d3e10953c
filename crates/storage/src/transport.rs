//! Whether a database URL would carry supporters' data in plain text to another machine.
//!
//! sqlx honours `sslmode` (`disable`, `allow`, `prefer`, `require`, `verify-ca`,
//! `verify-full`, with `sslrootcert=` for a private CA). Its default, `prefer`, falls back to
//! plain text without a word when the server offers no TLS, and checks no certificate when it
//! does: fine on one machine, not across a network, where anyone on the path could read or
//! change what passes. So to a host that is not this machine, Outcry wants `require` or
//! better unless the admin says the network between is private.

use crate::Error;

/// How a connection would travel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// A file (SQLite), a Unix socket or a loopback address: nothing crosses a network.
    Local,
    /// TLS, at least encrypted (`require`), at best with the server's name checked
    /// (`verify-full`).
    Encrypted {
        /// The URL's `sslmode`.
        sslmode: String,
    },
    /// Plain text or possibly so (`disable`, `allow`, `prefer`, or no `sslmode`) to another
    /// machine.
    PlainTextToRemote {
        /// The server's host.
        host: String,
    },
}

/// How a connection to `url` would travel.
pub fn transport(url: &str) -> Transport {
    let Some(rest) = url
        .strip_prefix("postgres:")
        .or_else(|| url.strip_prefix("postgresql:"))
    else {
        return Transport::Local;
    };
    let Ok(parsed) = url::Url::parse(&format!("postgres:{rest}")) else {
        // sqlx will refuse it on connecting, with its own message.
        return Transport::Local;
    };
    let query = |name: &str| {
        parsed
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    // `?host=/run/postgresql` names a socket directory; `host=` wins over the authority.
    let host = query("host").unwrap_or_else(|| parsed.host_str().unwrap_or("").to_string());
    let sslmode = query("sslmode")
        .or_else(|| query("ssl-mode"))
        .unwrap_or_else(|| "prefer".into())
        .to_ascii_lowercase();
    if matches!(sslmode.as_str(), "require" | "verify-ca" | "verify-full") {
        return Transport::Encrypted { sslmode };
    }
    if is_local(&host) {
        Transport::Local
    } else {
        Transport::PlainTextToRemote { host }
    }
}

/// Fails with [`Error::PlainTextToRemote`] when `url` would send plain text to another
/// machine and the admin has not allowed it.
pub fn check(url: &str, allow_plaintext: bool) -> Result<(), Error> {
    match transport(url) {
        Transport::PlainTextToRemote { host } if !allow_plaintext => {
            Err(Error::PlainTextToRemote { host })
        }
        _ => Ok(()),
    }
}

fn is_local(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.is_empty()
        || host.starts_with('/')
        || host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_text_to_another_machine_is_refused() {
        for local in [
            "sqlite://data/outcry.db",
            "postgres://postgres@127.0.0.1:5432/outcry",
            "postgres://u@localhost/outcry",
            "postgres://u@[::1]/outcry",
            "postgres:///outcry?host=/run/postgresql",
        ] {
            assert_eq!(transport(local), Transport::Local, "{local}");
            assert!(check(local, false).is_ok());
        }
        for remote in [
            "postgres://app:pw@db.example.org/outcry",
            "postgres://app@10.0.0.5/outcry?sslmode=prefer",
            "postgresql://app@db.example.org/outcry?sslmode=disable",
            "postgres://app@localhost/outcry?host=db.example.org",
        ] {
            assert!(
                matches!(transport(remote), Transport::PlainTextToRemote { .. }),
                "{remote}"
            );
            let err = check(remote, false).expect_err("refused");
            assert!(!err.to_string().contains("pw"), "no password in {err}");
            assert!(check(remote, true).is_ok(), "allowed explicitly");
        }
        assert_eq!(
            transport("postgres://app@db.example.org/outcry?sslmode=verify-full"),
            Transport::Encrypted {
                sslmode: "verify-full".into()
            }
        );
    }
}
