//! The SMTP relay: lettre's pooled async transport, and what its answers mean for a message.
//!
//! The relay is whatever the installation sends through (a local Postfix, a provider's
//! submission port); Outcry does not deliver to recipients' servers itself. An answer reads
//! as the domain's [`Attempt`]: 2xx accepted, 4xx and every failure to get an answer at all
//! (refused connection, timeout, TLS failure, a connection dropped in the middle of the data)
//! temporary, 5xx permanent. Only the code and the enhanced status are kept ("451 4.7.1"):
//! the answer's text can quote the recipient's address.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use outcry_domain::{Attempt, outbox::classify_reply};

use crate::message::Composed;
use crate::settings::SettingsError;

/// How long one SMTP exchange may take before it counts as no answer.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A pooled connection idle longer than this is closed rather than reused: relays hang up on
/// idle clients (Postfix after 300 s), and a message sent into a dead connection would be
/// deferred for nothing.
const MAX_IDLE: Duration = Duration::from_secs(60);

/// A connection pool to the relay.
#[derive(Clone)]
pub struct SmtpRelay {
    transport: Transport,
    /// The URL with any password hidden, for logs.
    pub shown: String,
}

#[derive(Clone)]
enum Transport {
    /// `smtp://`, plain or with STARTTLS: connections Outcry opens itself with TCP_NODELAY.
    /// lettre 0.11.23 leaves Nagle's algorithm on, and writes the end-of-data dot apart from
    /// the message, so every message waits for the relay's delayed ACK: 40 ms on Linux, which
    /// caps a connection at about 22 messages a second (fixed upstream in lettre#1159, not
    /// released). With it off, a connection does hundreds.
    Direct(Arc<Direct>),
    /// `smtps://`, TLS from the first byte: lettre's own pool, Nagle and all.
    Pooled(AsyncSmtpTransport<Tokio1Executor>),
}

struct Direct {
    host: String,
    port: u16,
    starttls: Option<(TlsParameters, bool)>,
    credentials: Option<Credentials>,
    hello: ClientId,
    max_idle_connections: usize,
    idle: Mutex<Vec<(Instant, AsyncSmtpConnection)>>,
}

impl std::fmt::Debug for SmtpRelay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SmtpRelay({})", self.shown)
    }
}

impl SmtpRelay {
    /// Opens a pool of up to `connections` to the relay at `url`:
    /// `smtp://[user:pass@]host[:port]` (plain, port 25; add `?tls=required` for STARTTLS,
    /// port 587, or `?tls=opportunistic`), or `smtps://…` (TLS from the start, port 465). A
    /// password is refused over plain text to another machine, as supporters' mail would go
    /// the same way. `hello` is the name given in EHLO (the sender's domain).
    pub fn new(url: &str, connections: u32, hello: &str) -> Result<SmtpRelay, SettingsError> {
        let parsed = url::Url::parse(url).map_err(|e| SettingsError::Url(e.to_string()))?;
        let shown = shown(&parsed);
        let tls = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let encrypted = parsed.scheme() == "smtps" || tls.as_deref() == Some("required");
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| SettingsError::Url(format!("{shown}: no host")))?
            .to_string();
        // smtp:// is not a "special" scheme to the URL standard, so an IPv4 host arrives
        // as a domain.
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !encrypted && !loopback && parsed.password().is_some() {
            return Err(SettingsError::Url(format!(
                "{shown} would send the password and supporters' mail in plain text; use \
                 smtps:// or ?tls=required"
            )));
        }
        let hello = ClientId::Domain(hello.to_string());
        let transport = match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None | Some("required" | "opportunistic")) => {
                let bad =
                    |e: lettre::transport::smtp::Error| SettingsError::Url(format!("{shown}: {e}"));
                let starttls = match tls.as_deref() {
                    Some(kind) => Some((
                        TlsParameters::new(host.trim_matches(['[', ']']).to_string())
                            .map_err(bad)?,
                        kind == "required",
                    )),
                    None => None,
                };
                let credentials = match parsed.password() {
                    Some(password) => Some(Credentials::new(
                        decode(parsed.username(), &shown)?,
                        decode(password, &shown)?,
                    )),
                    None => None,
                };
                let default_port = if tls.is_some() { 587 } else { 25 };
                Transport::Direct(Arc::new(Direct {
                    port: parsed.port().unwrap_or(default_port),
                    host,
                    starttls,
                    credentials,
                    hello,
                    max_idle_connections: connections.max(1) as usize,
                    idle: Mutex::new(Vec::new()),
                }))
            }
            ("smtps", _) => Transport::Pooled(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| SettingsError::Url(format!("{shown}: {e}")))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .hello_name(hello)
                    .pool_config(PoolConfig::new().max_size(connections.max(1)))
                    .build(),
            ),
            (scheme, _) => {
                return Err(SettingsError::Url(format!(
                    "{shown}: the scheme is smtp:// or smtps:// (with ?tls=required or \
                     ?tls=opportunistic for STARTTLS), not {scheme}:// with those options"
                )));
            }
        };
        Ok(SmtpRelay { transport, shown })
    }

    /// Hands one message to the relay and reads the answer.
    pub async fn send(&self, message: &Composed) -> Attempt {
        match &self.transport {
            Transport::Pooled(transport) => {
                answer(transport.send_raw(&message.envelope, &message.bytes).await)
            }
            Transport::Direct(direct) => match direct.send(&message.envelope, &message.bytes).await
            {
                Ok(sent) => answer(sent),
                Err(NoAnswer(reply)) => Attempt::Temporary {
                    reply: reply.into(),
                },
            },
        }
    }
}

impl Direct {
    /// One message over a connection from the pool, or a new one: lettre's result, or
    /// [`NoAnswer`] when there was none to be had (no connection, a step over
    /// [`SMTP_TIMEOUT`]).
    async fn send(
        &self,
        envelope: &Envelope,
        bytes: &[u8],
    ) -> Result<Result<Response, lettre::transport::smtp::Error>, NoAnswer> {
        let mut connection = match self.pooled() {
            Some(c) => c,
            None => match tokio::time::timeout(SMTP_TIMEOUT * 2, self.connect()).await {
                Ok(Ok(c)) => c,
                Ok(Err(Setup::Smtp(e))) => return Ok(Err(e)),
                Ok(Err(Setup::NoAnswer(reply))) => return Err(NoAnswer(reply)),
                Err(_) => return Err(NoAnswer("timeout")),
            },
        };
        let sent = tokio::time::timeout(SMTP_TIMEOUT, connection.send(envelope, bytes)).await;
        match sent {
            Ok(result) => {
                // lettre marks a connection broken after any error; only a healthy one goes
                // back, and never more than the pool's size.
                if result.is_ok() && !connection.has_broken() {
                    let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
                    if idle.len() < self.max_idle_connections {
                        idle.push((Instant::now(), connection));
                    }
                }
                Ok(result)
            }
            Err(_) => Err(NoAnswer("timeout")),
        }
    }

    fn pooled(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        while let Some((since, connection)) = idle.pop() {
            if since.elapsed() < MAX_IDLE {
                return Some(connection);
            }
        }
        None
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, Setup> {
        let stream =
            tokio::net::TcpStream::connect((self.host.trim_matches(['[', ']']), self.port))
                .await
                .map_err(|_| Setup::NoAnswer("connection"))?;
        let _ = stream.set_nodelay(true);
        let mut connection =
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello).await?;
        if let Some((parameters, required)) = &self.starttls {
            if connection.can_starttls() {
                connection.starttls(parameters.clone(), &self.hello).await?;
            } else if *required {
                // ?tls=required: never fall back to plain text.
                connection.abort().await;
                return Err(Setup::NoAnswer("tls"));
            }
        }
        if let Some(credentials) = &self.credentials {
            connection
                .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await?;
        }
        Ok(connection)
    }
}

/// No answer from the relay: the word recorded for it ("timeout", "connection", "tls").
struct NoAnswer(&'static str);

/// How opening a connection failed.
enum Setup {
    /// The relay answered, and refused (a greeting or AUTH with an error code).
    Smtp(lettre::transport::smtp::Error),
    /// It never answered.
    NoAnswer(&'static str),
}

impl From<lettre::transport::smtp::Error> for Setup {
    fn from(e: lettre::transport::smtp::Error) -> Setup {
        Setup::Smtp(e)
    }
}

/// What the relay's answer (or the lack of one) means for the message.
fn answer(sent: Result<Response, lettre::transport::smtp::Error>) -> Attempt {
    match sent {
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

fn decode(text: &str, shown: &str) -> Result<String, SettingsError> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| SettingsError::Url(format!("{shown}: the user or password is not UTF-8")))
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

/// Whether the relay at `url` is on this machine (a loopback address or `localhost`).
pub fn on_this_machine(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    match parsed.host() {
        // `smtp:` is not a scheme the URL standard knows, so an IPv4 host stays a name.
        Some(url::Host::Domain(d)) => {
            d.eq_ignore_ascii_case("localhost")
                || d.parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
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

    #[test]
    fn only_loopback_relays_are_on_this_machine() {
        for local in [
            "smtp://127.0.0.1:2525",
            "smtp://[::1]:25",
            "smtp://LOCALHOST:25",
        ] {
            assert!(on_this_machine(local), "{local}");
        }
        for other in [
            "smtp://mail.example.org:587",
            "smtp://10.0.0.1",
            "smtp://localhost.evil.example",
            "nonsense",
        ] {
            assert!(!on_this_machine(other), "{other}");
        }
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
