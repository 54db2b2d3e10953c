//! The SMTP relay: lettre's pooled async transport, and what its answers mean for a message.
//!
//! The relay is whatever the installation sends through (a local Postfix, a provider's
//! submission port); Outcry does not deliver to recipients' servers itself. An answer reads
//! as the domain's [`Attempt`]: 2xx accepted, 4xx and every failure to get an answer at all
//! (refused connection, timeout, TLS failure, a connection dropped in the middle of the data)
//! temporary, 5xx permanent. Only the code and the enhanced status are kept ("451 4.7.1"):
//! the answer's text can quote the recipient's address.

use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use outcry_domain::{Attempt, outbox::classify_reply};

use crate::message::Composed;
use crate::settings::SettingsError;

/// How long one SMTP exchange may take before it counts as no answer.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A connection pool to the relay.
#[derive(Clone)]
pub struct SmtpRelay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    /// The URL with any password hidden, for logs.
    pub shown: String,
}

impl std::fmt::Debug for SmtpRelay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SmtpRelay({})", self.shown)
    }
}

impl SmtpRelay {
    /// Opens a pool of up to `connections` to the relay at `url`:
    /// `smtp://[user:pass@]host[:port]` (plain, port 25; add `?tls=required` for STARTTLS,
    /// port 587), or `smtps://…` (TLS from the start, port 465). A password is refused over
    /// plain text to another machine, as supporters' mail would go the same way.
    /// `hello` is the name given in EHLO (the sender's domain).
    pub fn new(url: &str, connections: u32, hello: &str) -> Result<SmtpRelay, SettingsError> {
        let parsed = url::Url::parse(url).map_err(|e| SettingsError::Url(e.to_string()))?;
        let shown = shown(&parsed);
        let tls = parsed.scheme() == "smtps"
            || parsed
                .query_pairs()
                .any(|(k, v)| k == "tls" && v == "required");
        let loopback = match parsed.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            // smtp:// is not a "special" scheme to the URL standard, so an IPv4 host arrives
            // as a domain.
            Some(url::Host::Domain(d)) => {
                d.eq_ignore_ascii_case("localhost")
                    || d.parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            }
            None => false,
        };
        if !tls && !loopback && parsed.password().is_some() {
            return Err(SettingsError::Url(format!(
                "{shown} would send the password and supporters' mail in plain text; use \
                 smtps:// or ?tls=required"
            )));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| SettingsError::Url(format!("{shown}: {e}")))?
            .timeout(Some(SMTP_TIMEOUT))
            .hello_name(ClientId::Domain(hello.to_string()))
            .pool_config(PoolConfig::new().max_size(connections.max(1)))
            .build();
        Ok(SmtpRelay { transport, shown })
    }

    /// Hands one message to the relay and reads the answer.
    pub async fn send(&self, message: &Composed) -> Attempt {
        match self
            .transport
            .send_raw(&message.envelope, &message.bytes)
            .await
        {
            Ok(response) => {
                let code = u16::from(response.code());
                let enhanced = response.first_line().and_then(enhanced_status);
                classify_reply(code, reply_text(code, enhanced))
            }
            Err(e) => match e.status() {
                Some(code) => {
                    let code = u16::from(code);
                    let text = std::error::Error::source(&e).map(ToString::to_string);
                    let enhanced = text.as_deref().and_then(enhanced_status);
                    classify_reply(code, reply_text(code, enhanced))
                }
                None if e.is_timeout() => Attempt::Temporary {
                    reply: "timeout".into(),
                },
                None if e.is_tls() => Attempt::Temporary {
                    reply: "tls".into(),
                },
                None => Attempt::Temporary {
                    reply: "connection".into(),
                },
            },
        }
    }
}

fn reply_text(code: u16, enhanced: Option<&str>) -> String {
    match enhanced {
        Some(e) => format!("{code} {e}"),
        None => code.to_string(),
    }
}

/// The RFC 3463 enhanced status at the start of a reply's text ("5.1.1 No such user").
pub fn enhanced_status(text: &str) -> Option<&str> {
    let word = text.split_whitespace().next()?;
    let mut parts = word.split('.');
    let class = parts.next()?;
    let subject = parts.next()?;
    let detail = parts.next()?;
    let ok = matches!(class, "2" | "4" | "5")
        && (1..=3).contains(&subject.len())
        && (1..=3).contains(&detail.len())
        && subject
            .bytes()
            .chain(detail.bytes())
            .all(|b| b.is_ascii_digit())
        && parts.next().is_none();
    ok.then_some(word)
}

fn shown(url: &url::Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enhanced_status_is_read_only_when_it_is_one() {
        assert_eq!(enhanced_status("5.1.1 No such user"), Some("5.1.1"));
        assert_eq!(enhanced_status(" 4.7.0 try later"), Some("4.7.0"));
        assert_eq!(enhanced_status("2.0.0 Ok: queued"), Some("2.0.0"));
        assert_eq!(enhanced_status("No such user"), None);
        assert_eq!(enhanced_status("5.1 x"), None);
        assert_eq!(enhanced_status("6.1.1 x"), None);
        assert_eq!(enhanced_status("5.1.1.1 x"), None);
        assert_eq!(enhanced_status(""), None);
    }

    #[tokio::test]
    async fn a_password_in_plain_text_to_another_machine_is_refused() {
        let plain = SmtpRelay::new("smtp://u:secret@mail.example.org:25", 1, "example.org");
        let err = plain.expect_err("refused").to_string();
        assert!(
            err.contains("plain text") && !err.contains("secret"),
            "{err}"
        );
        SmtpRelay::new("smtp://u:secret@127.0.0.1:2525", 1, "example.org").expect("loopback");
        assert!(SmtpRelay::new("smtps://u:secret@mail.example.org", 1, "example.org").is_ok());
        assert!(SmtpRelay::new("smtp://mail.example.org:25", 1, "example.org").is_ok());
        assert!(SmtpRelay::new("ftp://x", 1, "example.org").is_err());
    }
}
