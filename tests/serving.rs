//! `outcry serve` as it runs for real: whole processes on real sockets (127.0.0.1 only), on a
//! SQLite file or a PostgreSQL database. What a supporter was told was counted must be
//! counted, whatever happens to the process; several instances on one PostgreSQL database
//! behave as one site.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use outcry_testkit::postgres;
use support::*;

#[test]
fn every_action_acknowledged_before_a_kill_9_is_still_counted_after_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("outcry.db").display());
    let mut server = Server::start(&url);
    let address = server.address;

    let supporters = Supporters::start(address, 6, WhenUnreachable::Stop);
    supporters.wait_for(200);
    server.kill_9();
    let acknowledged = supporters.stop();
    assert!(
        acknowledged >= 200,
        "the load ran: {acknowledged} acknowledged"
    );

    // The same file, opened afresh: every acknowledged action is there. A few more may be
    // (committed, but the process died before it could answer); none may be missing.
    let counted = stored(&url);
    assert!(
        counted >= acknowledged,
        "{acknowledged} acknowledged, only {counted} stored"
    );
    assert!(
        counted <= acknowledged + 6,
        "more stored ({counted}) than acknowledged ({acknowledged}) and in flight"
    );
    // And the restarted site shows them.
    let restarted = Server::start(&url);
    let page = get(restarted.address, ACTION, "").expect("the page");
    assert_eq!(page.status, 200);
    println!("kill -9 after {acknowledged} acknowledged: {counted} stored");
}

#[test]
fn two_instances_on_one_postgresql_database_behave_as_one_site() {
    let Some(server) = postgres::server() else {
        return;
    };
    let scratch = postgres::Scratch::create(&server);
    let a = Server::start(&scratch.url);
    let b = Server::start(&scratch.url);

    // A form served by A is accepted by B, and the other way round.
    for (from, to) in [(a.address, b.address), (b.address, a.address)] {
        let answer = act(from, to).expect("acts");
        assert_eq!(answer.status, 303, "{}", answer.body);
    }
    // A form counted at A is not counted again at B: one-time ids live in the shared database.
    let page = get(a.address, ACTION, "").expect("the page");
    let body = format!("csrf={}&channel=phone", page.csrf());
    for to in [a.address, b.address] {
        // The acted cookie the first answer set is not sent back: only the form id can stop it.
        let answer = post(to, &format!("{ACTION}/done"), &page.cookies(), &body).expect("posts");
        assert_eq!(answer.status, 303, "{}", answer.body);
    }
    assert_eq!(stored(&scratch.url), 3, "the replay at B did not count");
    // Counts from both add up, as either shows them once its one-second cache has passed.
    for _ in 0..3 {
        assert_eq!(act(a.address, a.address).expect("acts").status, 303);
        assert_eq!(act(b.address, b.address).expect("acts").status, 303);
    }
    assert_eq!(stored(&scratch.url), 9);
    let shows = |address| {
        let started = Instant::now();
        loop {
            let page = get(address, ACTION, "").expect("the page");
            if page.body.contains("9 people have acted") {
                return true;
            }
            if started.elapsed() > Duration::from_secs(10) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    assert!(shows(a.address), "A shows the 9");
    assert!(shows(b.address), "B shows the 9");

    // A change made through one instance's database shows on both within the cache's life.
    let dir = tempfile::tempdir().expect("temp dir");
    let changed = include_str!("../demo/azat-miftakhov.toml").replace(
        "Imprisoned mathematician reports torture in an Arctic penal colony",
        "Imprisoned mathematician reports torture again",
    );
    assert_ne!(
        changed,
        include_str!("../demo/azat-miftakhov.toml"),
        "the change applies"
    );
    let file = dir.path().join("changed.toml");
    std::fs::write(&file, changed).expect("writes");
    let out = Command::new(env!("CARGO_BIN_EXE_outcry"))
        .arg("import")
        .arg(&file)
        .env("OUTCRY_DATABASE_URL", &scratch.url)
        .output()
        .expect("import runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (name, address) in [("A", a.address), ("B", b.address)] {
        let started = Instant::now();
        loop {
            let page = get(address, ACTION, "").expect("the page");
            if page.body.contains("reports torture again") {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{name} still shows the old headline"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

#[test]
fn the_human_check_asks_the_questions_the_admin_configured() {
    let dir = tempfile::tempdir().expect("a scratch directory");
    let questions = dir.path().join("questions.toml");
    std::fs::write(
        &questions,
        "[[question]]\nprompt.en = \"What is the first name of the prisoner on this page?\"\n\
         prompt.ru = \"Как зовут узника, о котором эта страница?\"\nanswers = [\"Azat\", \"Азат\"]\n",
    )
    .expect("written");
    let db = format!("sqlite://{}", dir.path().join("site.db").display());
    let questions_flag = questions.display().to_string();
    let server = Server::start_with(
        &db,
        &[
            "--posts-per-minute",
            "1",
            "--human-questions",
            &questions_flag,
        ],
    );
    let first = act(server.address, server.address).expect("acts");
    assert_eq!(first.status, 303, "the first POST is within the budget");

    // Over the budget: the admin's question, not a refusal, and not yet counted.
    let page = get(server.address, ACTION, "").expect("the page");
    let cookies = page.cookies();
    let body = format!("csrf={}&channel=phone", page.csrf());
    let check = post(server.address, &format!("{ACTION}/done"), &cookies, &body).expect("posts");
    assert_eq!(check.status, 429, "{}", check.body);
    assert!(
        check
            .body
            .contains("What is the first name of the prisoner on this page?"),
        "{}",
        check.body
    );
    assert_eq!(stored(&db), 1);
    // The answer, after the reading time the check asks for, sends the form as it was.
    std::thread::sleep(Duration::from_millis(3200));
    let body = format!("{}&human_answer=azat&human_website=", check.hidden_fields());
    let answered = post(server.address, &format!("{ACTION}/done"), &cookies, &body).expect("posts");
    assert_eq!(answered.status, 303, "{}", answered.body);
    assert_eq!(stored(&db), 2);
}

#[test]
fn a_wrong_questions_file_stops_the_server_and_names_the_line() {
    let dir = tempfile::tempdir().expect("a scratch directory");
    let questions = dir.path().join("questions.toml");
    std::fs::write(
        &questions,
        "[[question]]\nprompt.en = \"Q?\"\nanswer = [\"a\"]\n",
    )
    .expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_outcry"))
        .args([
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--human-questions",
        ])
        .arg(&questions)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("questions.toml") && stderr.contains("line 3"),
        "{stderr}"
    );
}

/// What the writer typed in the done-when test: a name, an address and words found nowhere
/// else, so finding any of them in the database's bytes means it was stored in clear.
const SIGNATURE: &str = "Евлампия Тихомирова-Шпак";
const STREET: &str = "ул. Незабудковая, 17";
const TOWN: &str = "Кукуевск-на-Бурлях";
const TEXT: &str = "Дорогой Азат! Пишу Вам с берегов тихой речки Бурлях, где цветут незабудки.";

/// Submits the distinctive letter through the real site; what `letters show` prints after.
fn a_sealed_letter_through_the_site(database_url: &str, check_raw: impl Fn()) {
    let dir = tempfile::tempdir().expect("temp dir");
    let key = dir.path().join("org.key");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_outcry"))
            .args(args)
            .env("OUTCRY_DATABASE_URL", database_url)
            .env("OUTCRY_DATA_DIR", dir.path().join("data"))
            .env_remove("RUST_LOG")
            .output()
            .expect("outcry runs")
    };
    let made = run(&["keys", "generate", "--out", key.to_str().expect("utf-8")]);
    assert!(made.status.success());
    let public = String::from_utf8_lossy(&made.stdout).trim().to_string();

    let mut server = Server::start_with(database_url, &["--seal-to", &public]);
    let write = "/en/c/azat-miftakhov/write";
    let page = get(server.address, write, "").expect("the write page");
    assert_eq!(page.status, 200, "{}", page.body);
    let body = serde_urlencoded::to_string([
        ("csrf", page.csrf().as_str()),
        ("text", TEXT),
        ("signature", SIGNATURE),
        ("address", &format!("{STREET}\r\n{TOWN}\r\nRUSSIA")),
        ("identity", "full"),
    ])
    .expect("encodes");
    let sent = post(
        server.address,
        &format!("{write}/relay"),
        &page.cookies(),
        &body,
    )
    .expect("posts");
    assert_eq!(sent.status, 303, "{}", sent.body);
    server.kill_9();

    check_raw();

    let queue = run(&["letters", "queue", "--case", "azat-miftakhov"]);
    assert!(
        queue.status.success(),
        "{}",
        String::from_utf8_lossy(&queue.stderr)
    );
    let listed = String::from_utf8_lossy(&queue.stdout).into_owned();
    assert!(
        !listed.contains("Евлампия"),
        "without the key, no words: {listed}"
    );
    // The demo queues letters of its own; this test's is the one whose words it typed.
    let keyed = run(&[
        "letters",
        "queue",
        "--case",
        "azat-miftakhov",
        "--identity",
        key.to_str().expect("utf-8"),
    ]);
    let keyed = String::from_utf8_lossy(&keyed.stdout).into_owned();
    let id = keyed
        .lines()
        .find(|l| l.contains(SIGNATURE))
        .and_then(|l| l.split('\t').next())
        .unwrap_or_else(|| panic!("the letter is queued: {keyed}"))
        .to_string();
    let shown = run(&[
        "letters",
        "show",
        &id,
        "--identity",
        key.to_str().expect("utf-8"),
    ]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let shown = String::from_utf8_lossy(&shown.stdout);
    for typed in [SIGNATURE, STREET, TOWN, TEXT] {
        assert!(
            shown.contains(typed),
            "`letters show` shows {typed:?}: {shown}"
        );
    }

    // Rejected, then the site starts again with no days to keep it: the retention run that
    // `serve` makes at start erases it, with no `outcry retention` by anyone.
    let rejected = run(&["letters", "reject", &id]);
    assert!(
        rejected.status.success(),
        "{}",
        String::from_utf8_lossy(&rejected.stderr)
    );
    let mut server = Server::start_with(
        database_url,
        &["--seal-to", &public, "--retention-days", "0"],
    );
    let show = || {
        let out = run(&[
            "letters",
            "show",
            &id,
            "--identity",
            key.to_str().expect("utf-8"),
        ]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let started = std::time::Instant::now();
    while !show().contains("(erased by retention)") {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "serve did not erase the rejected letter: {}",
            show()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    server.kill_9();
}

/// Whether any of the writer's words are in `bytes`.
fn typed_words_in(bytes: &[u8]) -> Vec<&'static str> {
    [
        SIGNATURE,
        STREET,
        TOWN,
        TEXT,
        "Евлампия",
        "Незабудковая",
        "Кукуевск",
        "Бурлях",
    ]
    .into_iter()
    .filter(|w| bytes.windows(w.len()).any(|win| win == w.as_bytes()))
    .collect()
}

#[test]
fn a_relay_letter_is_nowhere_in_the_sqlite_file_nor_its_wal_and_opens_with_the_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("outcry.db");
    let url = format!("sqlite://{}", db.display());
    a_sealed_letter_through_the_site(&url, || {
        let mut bytes = std::fs::read(&db).expect("the database file");
        let wal = std::fs::read(db.with_extension("db-wal")).unwrap_or_default();
        assert!(
            !wal.is_empty() || bytes.len() > 4096,
            "the test reads real data"
        );
        bytes.extend(wal);
        assert!(
            bytes
                .windows(b"age-encryption.org/v1".len())
                .any(|w| w == b"age-encryption.org/v1"),
            "the sealed letter is there"
        );
        assert_eq!(
            typed_words_in(&bytes),
            Vec::<&str>::new(),
            "stored in clear"
        );
    });
}

#[test]
fn a_relay_letter_is_nowhere_in_the_postgresql_table_and_opens_with_the_key() {
    let Some(server) = postgres::server() else {
        return;
    };
    let scratch = postgres::Scratch::create(&server);
    let url = scratch.url.clone();
    a_sealed_letter_through_the_site(&scratch.url, || {
        let url = url.clone();
        on_own_runtime(move || async move {
            {
                use sqlx::Connection;
                sqlx::any::install_default_drivers();
                let mut conn = sqlx::AnyConnection::connect(&url).await.expect("connects");
                // Every row of every table that could hold it, as text, and the sealed bytes.
                let mut bytes = Vec::new();
                for table in [
                    "relay_letters",
                    "relay_letters_plain",
                    "cases",
                    "action_records",
                ] {
                    let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT t::text FROM {table} t"
                    )))
                    .fetch_all(&mut conn)
                    .await
                    .expect("reads");
                    for row in rows {
                        bytes.extend(row.into_bytes());
                    }
                }
                let sealed: Vec<Vec<u8>> = sqlx::query_scalar("SELECT sealed FROM relay_letters")
                    .fetch_all(&mut conn)
                    .await
                    .expect("reads");
                assert_eq!(sealed.len(), 1);
                assert!(sealed[0].starts_with(b"age-encryption.org/v1"));
                bytes.extend(sealed.concat());
                // And the table's file on disk, when this process may read it (a local
                // server, run as root or postgres): after a checkpoint, it holds the rows.
                let _ = sqlx::query("CHECKPOINT").execute(&mut conn).await;
                // The table's own file and its TOAST table's, where a long value goes.
                let files: Vec<String> = sqlx::query_scalar(
                    "SELECT current_setting('data_directory') || '/' || pg_relation_filepath(oid) \
                     FROM pg_class WHERE oid IN ('relay_letters'::regclass, \
                     (SELECT reltoastrelid FROM pg_class WHERE oid = 'relay_letters'::regclass))",
                )
                .fetch_all(&mut conn)
                .await
                .unwrap_or_default();
                let on_disk: Vec<Vec<u8>> =
                    files.iter().filter_map(|f| std::fs::read(f).ok()).collect();
                if on_disk.is_empty() {
                    eprintln!("(PostgreSQL's data files are not readable here; rows checked)");
                }
                bytes.extend(on_disk.concat());
                assert_eq!(
                    typed_words_in(&bytes),
                    Vec::<&str>::new(),
                    "stored in clear"
                );
                conn.close().await.expect("closes");
            }
        });
    });
}
