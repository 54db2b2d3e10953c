//! A real SMTP server on 127.0.0.1 for mail tests (`smtp/sink.py`, aiosmtpd), and an
//! independent DKIM verifier (dkimpy): never a mock transport.
//!
//! The server's answers depend on the recipient's local part (`defer…` 451, `throttle…` 421,
//! `reject…` 550, `full…` 452, `drop…` the connection closed mid-DATA, `slow…` 1.5 s before
//! it answers RCPT; see `sink.py`), so one
//! server plays every fault. Accepted messages are files the test reads back.
//!
//! Python's aiosmtpd and dkimpy come from `smtp/requirements.txt` (`pip install -r`). When
//! they are missing the tests that need them are skipped with a loud message, or fail under
//! `OUTCRY_REQUIRE_SMTP=1` (CI sets it).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The variable that turns a missing aiosmtpd into a failure.
pub const REQUIRE_VAR: &str = "OUTCRY_REQUIRE_SMTP";

/// The helper script.
pub fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("smtp/sink.py")
}

/// Whether Python with aiosmtpd and dkimpy is here; prints why not, or panics when required.
pub fn available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd, dkim, nacl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let message = "aiosmtpd/dkimpy NOT installed (pip install -r crates/testkit/smtp/requirements.txt): \
                       the tests against a real SMTP server are SKIPPED";
        if std::env::var(REQUIRE_VAR).as_deref() == Ok("1") {
            panic!("{message}, but {REQUIRE_VAR}=1");
        }
        eprintln!("################ {message} ################");
    }
    ok
}

/// A running SMTP server; stopped when dropped.
pub struct SmtpSink {
    child: Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    dir: tempfile::TempDir,
}

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// MAIL FROM.
    pub mail_from: String,
    /// RCPT TO, each.
    pub rcpt_tos: Vec<String>,
    /// The bytes as received.
    pub raw: Vec<u8>,
    /// Where they are on disk (for the DKIM verifier).
    pub path: PathBuf,
}

impl Received {
    /// The message as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// The first header of that name, unfolded, as written (encoded words left encoded).
    pub fn header(&self, name: &str) -> Option<String> {
        let text = self.text();
        let head = text.split("\r\n\r\n").next().unwrap_or("");
        let mut found: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(value) = found.as_mut() {
                if line.starts_with([' ', '\t']) {
                    value.push(' ');
                    value.push_str(line.trim());
                    continue;
                }
                break;
            }
            if let Some((n, v)) = line.split_once(':')
                && n.eq_ignore_ascii_case(name)
            {
                found = Some(v.trim().to_string());
            }
        }
        found
    }

    /// The body, after the blank line.
    pub fn body(&self) -> String {
        let text = self.text();
        text.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default()
    }

    /// The body as its reader sees it: base64 decoded (lettre picks it for mostly Cyrillic
    /// text), or quoted-printable's soft line breaks and escaped `=` undone.
    pub fn readable(&self) -> String {
        use base64::Engine;
        let body = self.body();
        if self.header("Content-Transfer-Encoding").as_deref() == Some("base64") {
            let joined: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined)
                .unwrap_or_default();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            body.replace("=\r\n", "").replace("=3D", "=")
        }
    }
}

impl SmtpSink {
    /// Starts a server, or `None` when aiosmtpd is missing (see [`available`]).
    pub fn start() -> Option<SmtpSink> {
        SmtpSink::launch(true)
    }

    /// A server that answers like [`SmtpSink::start`]'s but keeps nothing, for benchmarks
    /// (writing each message would make the disk the thing measured).
    pub fn start_discarding() -> Option<SmtpSink> {
        SmtpSink::launch(false)
    }

    fn launch(keep: bool) -> Option<SmtpSink> {
        if !available() {
            return None;
        }
        let dir = tempfile::tempdir().expect("a directory for received mail");
        let mut command = Command::new("python3");
        command.arg(script());
        if keep {
            command.arg("serve").arg(dir.path());
        } else {
            command.arg("serve-discard");
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the sink prints its port");
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the sink said {line:?}"));
        Some(SmtpSink { child, port, dir })
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// How many messages have been received so far (cheap: counts files).
    pub fn count(&self) -> usize {
        std::fs::read_dir(self.dir.path())
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .count()
            })
            .unwrap_or(0)
    }

    /// Every message received so far, in the order they came.
    pub fn messages(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("the mail directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .filter_map(|meta| {
                let eml = meta.with_extension("eml");
                let raw = std::fs::read(&eml).ok()?;
                let meta: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(&meta).ok()?).ok()?;
                Some(Received {
                    mail_from: meta["mail_from"].as_str().unwrap_or_default().to_string(),
                    rcpt_tos: meta["rcpt_tos"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default(),
                    raw,
                    path: eml,
                })
            })
            .collect()
    }

    /// Waits up to `timeout` for at least `n` messages, and returns what came.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let got = self.messages();
            if got.len() >= n || start.elapsed() > timeout {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Checks a received message's DKIM signature with dkimpy against `txt` (the DNS TXT record
/// the signer would publish, `v=DKIM1; k=…; p=…`), looked up from nowhere else.
pub fn dkim_verifies(message: &Received, txt: &str) -> bool {
    let out = Command::new("python3")
        .arg(script())
        .arg("verify")
        .arg(&message.path)
        .arg(txt)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim() == "pass"
}

/// The benchmarks' reference: Python's smtplib sending `count` small messages to `port` over
/// `connections` connections, no queue, nothing recorded. Returns messages per second.
pub fn blast(port: u16, count: usize, connections: usize) -> f64 {
    let out = Command::new("python3")
        .arg(script())
        .args([
            "blast",
            &port.to_string(),
            &count.to_string(),
            &connections.to_string(),
        ])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    let sent: f64 = words.nth(1).and_then(|n| n.parse().ok()).expect("SENT n");
    let seconds: f64 = words.nth(1).and_then(|n| n.parse().ok()).expect("IN s");
    sent / seconds
}

/// A new Ed25519 key pair from PyNaCl: (seed, public key), both base64.
pub fn ed25519_key() -> (String, String) {
    let out = Command::new("python3")
        .arg(script())
        .arg("ed25519")
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = text.lines();
    match (lines.next(), lines.next()) {
        (Some(seed), Some(public)) => (seed.to_string(), public.to_string()),
        _ => panic!("no key from sink.py: {text:?}"),
    }
}
