//! What the tests of whole `outcry serve` processes share: starting one on a database of the
//! test's choosing, and speaking HTTP/1.1 to it over 127.0.0.1.
#![allow(dead_code)] // each test binary uses its own part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const ACTION: &str = "/en/a/azat-miftakhov-torture-in-ik-18";
pub const SLUG: &str = "azat-miftakhov-torture-in-ik-18";
/// One secret for every instance, as the README tells admins to configure.
pub const SECRET: &str = "6f7574637279206f7574637279206f7574637279206f7574637279206f757463";

/// A running `outcry serve --demo` on a database of the test's choosing.
pub struct Server {
    child: Child,
    pub address: SocketAddr,
    /// Where `/metrics` is served, when `--metrics-listen` was given.
    pub metrics: Option<SocketAddr>,
    /// The data directory (where the demo's key pair goes), the test's own.
    pub data: tempfile::TempDir,
}

impl Server {
    pub fn start(database_url: &str) -> Server {
        // Live counts: these tests read what the pages say right after acting; a real site
        // publishes counts in steps (crates/web/tests/site/privacy.rs tests those).
        Self::start_with(database_url, &["--count-refresh", "0"])
    }

    /// With flags of the test's own; `--posts-per-minute` is a million unless they set it.
    pub fn start_with(database_url: &str, args: &[&str]) -> Server {
        let mut with_secret = vec!["--secret", SECRET];
        with_secret.extend_from_slice(args);
        Self::launch(
            database_url,
            tempfile::tempdir().expect("temp dir"),
            &with_secret,
        )
    }

    /// In the data directory `data`, with no secret unless `args` give one.
    pub fn launch(database_url: &str, data: tempfile::TempDir, args: &[&str]) -> Server {
        let posts: &[&str] = if args.contains(&"--posts-per-minute") {
            &[]
        } else {
            &["--posts-per-minute", "1000000"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_outcry"))
            .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
            .args(posts)
            .args(args)
            .env("OUTCRY_DATABASE_URL", database_url)
            .env("OUTCRY_DATA_DIR", data.path())
            .env_remove("OUTCRY_SEAL_TO")
            .env_remove("OUTCRY_SECRET")
            .env_remove("OUTCRY_CONFIG")
            .env_remove("RUST_LOG")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("outcry serve starts");
        // It says where it listens once it is ready.
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let mut metrics = None;
        let address = loop {
            let line = lines
                .next()
                .expect("outcry serve said where it listens")
                .expect("stderr reads");
            if let Some(rest) = line.strip_prefix("outcry: metrics on http://") {
                let at = rest.trim_end_matches("/metrics");
                metrics = Some(at.parse().expect("the metrics address"));
            }
            if let Some(rest) = line.strip_prefix("outcry: serving on http://") {
                break rest.trim_end_matches('/').parse().expect("an address");
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            address,
            metrics,
            data,
        }
    }

    /// Stops it as a service manager does (SIGTERM) and waits; its data directory is handed
    /// back, for the next start.
    pub fn stop(mut self) -> tempfile::TempDir {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        let data = tempfile::tempdir().expect("temp dir");
        std::mem::replace(&mut self.data, data)
    }

    pub fn kill_9(&mut self) {
        // `Child::kill` sends SIGKILL on Unix: no shutdown, no flush, nothing.
        self.child.kill().expect("killed");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer over HTTP/1.1, read until the server closes the connection.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Answer {
    pub fn cookies(&self) -> String {
        self.head
            .lines()
            .filter(|l| l.to_ascii_lowercase().starts_with("set-cookie: "))
            .map(|l| &l["set-cookie: ".len()..])
            .filter_map(|c| c.split(';').next())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The hidden fields of the page's forms, as `name=value&…` (values are URL-safe here:
    /// tokens and channel names).
    pub fn hidden_fields(&self) -> String {
        self.body
            .split("<input type=\"hidden\" name=\"")
            .skip(1)
            .filter_map(|rest| {
                let (name, rest) = rest.split_once('"')?;
                let value = rest.split("value=\"").nth(1)?.split('"').next()?;
                Some(format!("{name}={value}"))
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self.body.find(marker).expect("a form token") + marker.len();
        self.body[start..]
            .split('"')
            .next()
            .unwrap_or("")
            .to_string()
    }
}

pub fn http(address: SocketAddr, request: &str) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {head:?}")))?;
    Ok(Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    })
}

pub fn get(address: SocketAddr, path: &str, cookies: &str) -> std::io::Result<Answer> {
    http(
        address,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: test\r\nCookie: {cookies}\r\nConnection: close\r\n\r\n"
        ),
    )
}

pub fn post(address: SocketAddr, path: &str, cookies: &str, body: &str) -> std::io::Result<Answer> {
    http(
        address,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: test\r\nCookie: {cookies}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

/// A supporter who has never been here: opens the action page, says "I called".
pub fn act(from: SocketAddr, to: SocketAddr) -> std::io::Result<Answer> {
    let page = get(from, ACTION, "")?;
    let body = format!("csrf={}&channel=phone", page.csrf());
    post(to, &format!("{ACTION}/done"), &page.cookies(), &body)
}

/// Runs `work` to completion on a runtime of its own, on a thread of its own, so a plain
/// `#[test]` can read the database without a runtime around it.
pub fn on_own_runtime<T, F>(work: impl FnOnce() -> F + Send + 'static) -> T
where
    T: Send + 'static,
    F: std::future::Future<Output = T>,
{
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(work())
    })
    .join()
    .expect("the database work ran")
}

/// What the database holds for the demo action.
pub fn stored(database_url: &str) -> u64 {
    let url = database_url.to_string();
    on_own_runtime(move || async move {
        let store = outcry_storage::Store::open(&url).await.expect("opens");
        let total = store
            .action_counts(&SLUG.parse().expect("slug"))
            .await
            .expect("counts")
            .total;
        store.close().await;
        total
    })
}

/// Supporters acting on one server from threads of their own, each until stopped (or 5,000
/// times), counting the actions the server acknowledged.
pub struct Supporters {
    acknowledged: std::sync::Arc<std::sync::atomic::AtomicU64>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    clients: Vec<std::thread::JoinHandle<()>>,
}

/// What a supporter does when the server cannot be reached.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WhenUnreachable {
    /// Stops: the test kills the server on purpose, and that action was never acknowledged.
    Stop,
    /// Fails the test.
    Fail,
}

impl Supporters {
    pub fn start(address: SocketAddr, count: usize, unreachable: WhenUnreachable) -> Supporters {
        use std::sync::atomic::Ordering;
        let acknowledged = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let clients = (0..count)
            .map(|_| {
                let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
                std::thread::spawn(move || {
                    for _ in 0..5_000 {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        match act(address, address) {
                            Ok(answer) if answer.status == 303 => {
                                acknowledged.fetch_add(1, Ordering::SeqCst);
                            }
                            Ok(answer) => {
                                panic!("unexpected answer {}: {}", answer.status, answer.body)
                            }
                            Err(e) if unreachable == WhenUnreachable::Fail => {
                                panic!("the server went away: {e}")
                            }
                            Err(_) => break,
                        }
                    }
                })
            })
            .collect();
        Supporters {
            acknowledged,
            stop,
            clients,
        }
    }

    /// How many actions were acknowledged so far.
    pub fn acknowledged(&self) -> u64 {
        self.acknowledged.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Waits (a minute at most) until `n` actions were acknowledged.
    pub fn wait_for(&self, n: u64) {
        let started = std::time::Instant::now();
        while self.acknowledged() < n && started.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Stops every supporter and waits for them; the number acknowledged in all.
    pub fn stop(self) -> u64 {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let acknowledged = self.acknowledged.clone();
        for client in self.clients {
            client.join().expect("client");
        }
        acknowledged.load(std::sync::atomic::Ordering::SeqCst)
    }
}
