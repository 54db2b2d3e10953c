//! Running Outcry for real, as docs/operations.md tells an admin to: the config file and its
//! checks, a secret that survives restarts and rotates, backups made while supporters act and
//! restored, migrations applied once by instances starting together, and the connection to
//! PostgreSQL encrypted and verified. Whole processes of the `outcry` binary, on 127.0.0.1.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use outcry_testkit::postgres;
use support::*;

/// `outcry ARGS` with nothing of the caller's environment that is a setting.
fn outcry(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_outcry"));
    command.args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("OUTCRY_") && !name.starts_with("OUTCRY_TEST") {
            command.env_remove(name);
        }
    }
    command.envs(env.iter().copied());
    command.output().expect("the outcry binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("outcry.db").display())
}

#[test]
fn config_check_shows_each_setting_with_its_source_and_never_a_secret() {
    let data = tempfile::tempdir().expect("temp dir");
    let file = data.path().join("outcry.toml");
    std::fs::write(
        &file,
        format!(
            "# our site\nlisten = \"127.0.0.1:9999\"\nposts_per_minute = 5\nsecret = \"{SECRET}\"\n\
             trusted_proxies = [\"10.0.0.0/8\"]\n"
        ),
    )
    .expect("write");
    let dir = data.path().to_str().expect("utf-8 path");
    let out = outcry(
        &["--data-dir", dir, "config", "check"],
        &[("OUTCRY_POSTS_PER_MINUTE", "7")],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    let line = |key: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("no {key} in {stdout}"))
            .to_string()
    };
    assert!(
        line("listen").contains("\"127.0.0.1:9999\"") && line("listen").contains("outcry.toml:2"),
        "{stdout}"
    );
    assert!(
        line("posts_per_minute").contains("\"7\"")
            && line("posts_per_minute").contains("environment OUTCRY_POSTS_PER_MINUTE"),
        "the environment wins over the file: {stdout}"
    );
    assert!(line("request_timeout").contains("default"), "{stdout}");
    assert!(line("secret").contains("(set, not shown)"), "{stdout}");
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
    #[cfg(unix)]
    assert!(
        stderr.contains("can be read by every user"),
        "a world-readable file with a secret is pointed out: {stderr}"
    );

    // The file can be named by OUTCRY_CONFIG (or --config) as well.
    let out = outcry(
        &["--data-dir", dir, "config", "check"],
        &[("OUTCRY_CONFIG", file.to_str().expect("path"))],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Mistakes: the file and the line, and exit code 2.
    std::fs::write(&file, "listen = \"127.0.0.1:9999\"\nlisen = \"x\"\n").expect("write");
    let out = outcry(&["--data-dir", dir, "config", "check"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("outcry.toml:2: unknown setting `lisen` (did you mean `listen`?)"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(&file, "seal_to = \"age1notakey\"\n").expect("write");
    let out = outcry(&["--data-dir", dir, "config", "check"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--seal-to"),
        "{}",
        text(&out.stderr)
    );
    // The same file stops the server before it listens.
    std::fs::write(&file, "posts_per_minute = -3\n").expect("write");
    let out = outcry(&["--data-dir", dir, "serve"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("outcry.toml:1: posts_per_minute:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_form_fetched_before_a_restart_is_accepted_after_it() {
    let data = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(data.path());
    // No --secret: the server keeps the one it made in its database.
    let first = Server::launch(&url, data, &["--count-refresh", "0"]);
    let page = get(first.address, ACTION, "").expect("the page");
    assert_eq!(page.status, 200);
    let data = first.stop();
    let second = Server::launch(&url, data, &["--count-refresh", "0"]);
    let body = format!("csrf={}&channel=phone", page.csrf());
    let answer = post(
        second.address,
        &format!("{ACTION}/done"),
        &page.cookies(),
        &body,
    )
    .expect("posts");
    assert_eq!(
        answer.status, 303,
        "the form from before the restart counts: {}",
        answer.body
    );

    // A rotation, while it runs: the open form of before is still accepted.
    let page = get(second.address, ACTION, "").expect("the page");
    let rotated = outcry(&["--database-url", &url, "secret", "rotate"], &[]);
    assert!(rotated.status.success(), "{}", text(&rotated.stderr));
    assert!(text(&rotated.stdout).contains("secret 2 made"));
    let status = outcry(&["--database-url", &url, "secret", "status"], &[]);
    let listed = text(&status.stdout);
    assert!(
        listed.contains("secret 1\t") && listed.contains("secret 2\t"),
        "{listed}"
    );
    let body = format!("csrf={}&channel=email", page.csrf());
    let answer = post(
        second.address,
        &format!("{ACTION}/done"),
        &page.cookies(),
        &body,
    )
    .expect("posts");
    assert_eq!(answer.status, 303, "{}", answer.body);
}

#[test]
fn metrics_are_served_on_their_own_address_only() {
    let data = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(data.path());
    // From the config file, as docs/operations.md sets it.
    std::fs::write(
        data.path().join("outcry.toml"),
        "metrics_listen = \"127.0.0.1:0\"\ncount_refresh = 0\n",
    )
    .expect("config written");
    let server = Server::launch(&url, data, &[]);
    let metrics = server.metrics.expect("the metrics address is printed");
    assert_ne!(metrics, server.address);
    let page = get(server.address, ACTION, "").expect("the page");
    assert_eq!(page.status, 200);
    let answer = post(
        server.address,
        &format!("{ACTION}/done"),
        &page.cookies(),
        &format!("csrf={}&channel=phone", page.csrf()),
    )
    .expect("posts");
    assert_eq!(answer.status, 303, "{}", answer.body);

    let scraped = get(metrics, "/metrics", "").expect("scrapes");
    assert_eq!(scraped.status, 200);
    assert!(
        scraped
            .body
            .contains(r#"outcry_http_requests_total{route="/{lang}/a/{action}/done",method="POST",status="303"} 1"#),
        "{}",
        scraped.body
    );
    assert!(
        scraped
            .body
            .contains(r#"outcry_writer_batch_size_count{writer="records"} 1"#),
        "{}",
        scraped.body
    );
    assert_eq!(
        get(server.address, "/metrics", "").expect("asks").status,
        404,
        "not on the public address"
    );
    assert_eq!(
        get(metrics, ACTION, "").expect("asks").status,
        404,
        "and no site on the metrics address"
    );
}

#[test]
fn instances_without_a_configured_secret_agree_on_one_through_postgresql() {
    let Some(server) = postgres::server() else {
        return;
    };
    let scratch = postgres::Scratch::create(&server);
    let none = || tempfile::tempdir().expect("temp dir");
    let a = Server::launch(&scratch.url, none(), &["--count-refresh", "0"]);
    let b = Server::launch(&scratch.url, none(), &["--count-refresh", "0"]);
    for (from, to) in [(a.address, b.address), (b.address, a.address)] {
        let answer = act(from, to).expect("acts");
        assert_eq!(answer.status, 303, "{}", answer.body);
    }
}

#[test]
fn a_backup_made_under_load_holds_every_action_acknowledged_before_it_and_restores() {
    let data = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(data.path());
    let server = Server::launch(&url, data, &["--count-refresh", "0"]);
    let address = server.address;
    let supporters = Supporters::start(address, 4, WhenUnreachable::Fail);
    supporters.wait_for(100);
    let before = supporters.acknowledged();
    let backups = tempfile::tempdir().expect("temp dir");
    let copy = backups.path().join("outcry-backup.db");
    let made = outcry(
        &[
            "--database-url",
            &url,
            "backup",
            "--out",
            copy.to_str().expect("path"),
        ],
        &[],
    );
    assert!(made.status.success(), "{}", text(&made.stderr));
    supporters.wait_for(before + 100);
    let after = supporters.stop();
    assert!(after > before, "writes went on during the backup");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy)
            .expect("backup")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the backup is its owner's only");
    }
    drop(server);

    let restored = tempfile::tempdir().expect("temp dir");
    let dir = restored.path().to_str().expect("path");
    let out = outcry(
        &["--data-dir", dir, "restore", copy.to_str().expect("path")],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let counted = stored(&sqlite_url(restored.path()));
    assert!(
        counted >= before,
        "{before} acknowledged before the backup began, {counted} in the copy"
    );
    assert!(
        counted <= after,
        "{counted} in the copy, only {after} ever acknowledged"
    );

    // Restoring over a database that exists needs --force; a file that is not a backup is
    // refused and leaves the database as it was.
    let again = outcry(
        &["--data-dir", dir, "restore", copy.to_str().expect("path")],
        &[],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("--force"),
        "{}",
        text(&again.stderr)
    );
    let junk = backups.path().join("junk.db");
    std::fs::write(&junk, "not a database at all, just some text".repeat(200)).expect("write");
    let refused = outcry(
        &[
            "--data-dir",
            dir,
            "restore",
            "--force",
            junk.to_str().expect("path"),
        ],
        &[],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stdout));
    assert_eq!(
        stored(&sqlite_url(restored.path())),
        counted,
        "the database is untouched"
    );
    println!("backup under load: {before} acknowledged before it began, {counted} in the copy");
}

#[test]
fn migrate_status_lists_pending_then_applied() {
    let data = tempfile::tempdir().expect("temp dir");
    let dir = data.path().to_str().expect("path");
    let out = outcry(&["--data-dir", dir, "migrate", "--status"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    assert!(listed.lines().count() >= 7, "{listed}");
    assert!(
        listed.lines().all(|l| l.contains("\tpending\t")),
        "{listed}"
    );
    let out = outcry(&["--data-dir", dir, "migrate"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = outcry(&["--data-dir", dir, "migrate", "--status"], &[]);
    let listed = text(&out.stdout);
    assert!(
        listed.lines().all(|l| l.contains("\tapplied\t")),
        "{listed}"
    );
    assert!(listed.contains("0007\tapplied\tsite secrets"), "{listed}");
}

#[test]
fn instances_starting_together_on_postgresql_apply_each_migration_once() {
    let Some(server) = postgres::server() else {
        return;
    };
    let scratch = postgres::Scratch::create(&server);
    let spawn = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_outcry"));
        command
            .args(["--database-url", &scratch.url, "migrate"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        command.spawn().expect("outcry migrate starts")
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().expect("it ends");
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let applied = postgres::query_text(
        &scratch.url,
        "SELECT count(*)::text || '/' || count(DISTINCT version)::text FROM _sqlx_migrations",
    );
    let status = outcry(
        &["--database-url", &scratch.url, "migrate", "--status"],
        &[],
    );
    let listed = text(&status.stdout);
    let known = listed.lines().count();
    assert_eq!(applied, format!("{known}/{known}"), "{listed}");
    assert!(
        listed.lines().all(|l| l.contains("\tapplied\t")),
        "{listed}"
    );
}

#[test]
fn plain_text_to_another_machine_is_refused_before_connecting() {
    let out = outcry(
        &[
            "--database-url",
            "postgres://outcry:pw@db.example.invalid/outcry",
            "cases",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("would not be encrypted"), "{stderr}");
    assert!(stderr.contains("sslmode=verify-full"), "{stderr}");
    assert!(!stderr.contains("pw"), "no password in {stderr}");
}

/// Makes the local PostgreSQL server present a certificate from a CA made here, for as long
/// as this lives; its `Drop` puts the server's own settings back.
struct ServerCertificate {
    server: String,
    ca: std::path::PathBuf,
}

impl ServerCertificate {
    fn install(server: &str) -> ServerCertificate {
        // A fixed place, left behind: were this test killed before its `Drop`, the server's
        // settings would still name files that exist, and it would still start.
        let dir = std::env::temp_dir().join("outcry-test-postgres-tls");
        std::fs::create_dir_all(&dir).expect("certificate directory");
        let at = |name: &str| dir.join(name);
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .output()
                .expect("openssl runs");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                text(&out.stderr)
            );
        };
        let path = |name: &str| at(name).to_str().expect("path").to_string();
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Outcry test CA",
            "-keyout",
            &path("ca.key"),
            "-out",
            &path("ca.pem"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            &path("server.key"),
            "-out",
            &path("server.csr"),
        ]);
        std::fs::write(
            at("ext.cnf"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
             keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        )
        .expect("write");
        openssl(&[
            "x509",
            "-req",
            "-in",
            &path("server.csr"),
            "-CA",
            &path("ca.pem"),
            "-CAkey",
            &path("ca.key"),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &path("ext.cnf"),
            "-out",
            &path("server.pem"),
        ]);
        // The server reads them as its own user: hand the files to whoever owns its data
        // directory, the key readable by it alone, as PostgreSQL insists.
        let data_dir = postgres::query_text(server, "SHOW data_directory");
        #[cfg(unix)]
        {
            use std::os::unix::fs::{MetadataExt, PermissionsExt};
            let owner = std::fs::metadata(&data_dir).expect("the data directory");
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
            for name in ["server.pem", "server.key"] {
                std::os::unix::fs::chown(at(name), Some(owner.uid()), Some(owner.gid()))
                    .expect("chown (the test runs as root or as the server's user)");
            }
            std::fs::set_permissions(at("server.key"), std::fs::Permissions::from_mode(0o600))
                .expect("chmod");
        }
        // One statement at a time: ALTER SYSTEM refuses to run inside a transaction, which
        // several statements sent together would be.
        for setting in [
            format!("ssl_cert_file = '{}'", path("server.pem")),
            format!("ssl_key_file = '{}'", path("server.key")),
            "ssl = on".to_string(),
        ] {
            postgres::execute(server, &format!("ALTER SYSTEM SET {setting}"));
        }
        postgres::execute(server, "SELECT pg_reload_conf()");
        let wanted = path("server.pem");
        let started = Instant::now();
        while postgres::query_text(server, "SHOW ssl_cert_file") != wanted {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the server took the certificate"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        ServerCertificate {
            server: server.to_string(),
            ca: at("ca.pem"),
        }
    }
}

impl Drop for ServerCertificate {
    fn drop(&mut self) {
        for setting in ["ssl_cert_file", "ssl_key_file", "ssl"] {
            postgres::execute(&self.server, &format!("ALTER SYSTEM RESET {setting}"));
        }
        postgres::execute(&self.server, "SELECT pg_reload_conf()");
    }
}

#[test]
fn the_connection_to_postgresql_is_verified_with_verify_full() {
    let Some(server) = postgres::server() else {
        return;
    };
    if Command::new("openssl").arg("version").output().is_err() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have openssl to make the test certificates"
        );
        eprintln!("SKIPPED: no openssl to make test certificates");
        return;
    }
    let scratch = postgres::Scratch::create(&server);
    let certificate = ServerCertificate::install(&server);
    // By name, as verify-full checks it: the certificate is for localhost.
    let by_name = scratch.url.replace("@127.0.0.1:", "@localhost:");
    let verified = format!(
        "{by_name}?sslmode=verify-full&sslrootcert={}",
        certificate.ca.display()
    );
    let out = outcry(&["--database-url", &verified, "migrate", "--status"], &[]);
    assert!(
        out.status.success(),
        "verify-full with our CA: {}",
        text(&out.stderr)
    );

    // Another CA: the same server is not trusted, and nothing is sent to it.
    let other = tempfile::tempdir().expect("temp dir");
    let other_ca = other.path().join("other.pem");
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=Other",
        ])
        .arg("-keyout")
        .arg(other.path().join("other.key"))
        .arg("-out")
        .arg(&other_ca)
        .output()
        .expect("openssl runs");
    assert!(made.status.success());
    let wrong = format!(
        "{by_name}?sslmode=verify-full&sslrootcert={}",
        other_ca.display()
    );
    let out = outcry(&["--database-url", &wrong, "migrate", "--status"], &[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a server the CA did not sign is refused"
    );
}

#[test]
fn a_sqlite_site_moves_to_postgresql_case_by_case() {
    let Some(server) = postgres::server() else {
        return;
    };
    let scratch = postgres::Scratch::create(&server);
    let data = tempfile::tempdir().expect("temp dir");
    let dir = data.path().to_str().expect("path");
    let loaded = outcry(&["--data-dir", dir, "demo"], &[]);
    assert!(loaded.status.success(), "{}", text(&loaded.stderr));
    let cases = text(&outcry(&["--data-dir", dir, "cases"], &[]).stdout);
    let slug = cases.split_whitespace().next().expect("a case").to_string();
    let exported = outcry(&["--data-dir", dir, "export", &slug], &[]);
    assert!(exported.status.success());
    let file = data.path().join("case.toml");
    std::fs::write(&file, &exported.stdout).expect("write");
    let imported = outcry(
        &[
            "--database-url",
            &scratch.url,
            "import",
            file.to_str().expect("path"),
        ],
        &[],
    );
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let again = outcry(&["--database-url", &scratch.url, "export", &slug], &[]);
    assert_eq!(
        text(&again.stdout),
        text(&exported.stdout),
        "the case reads the same from PostgreSQL"
    );
}
