//! The organizers' admin on both databases: links that work once, second factors that cannot
//! be replayed, sessions that end when they should, throttling windows, and an audit log that
//! every change writes in its own transaction and nobody can rewrite.

use jiff::{SignedDuration, Timestamp};
use outcry_domain::RelayStatus;
use outcry_domain::access::Role;
use outcry_seal::AccessToken;
use outcry_storage::{Actor, AuditEntry, AuditFilter, Backend, Error, SessionStage, Store};
use sqlx::{AnyConnection, Connection, Executor};

use crate::harness::{self, TestDb};
use crate::{relay_cases, submit_all};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn now() -> Timestamp {
    at("2026-12-01T10:00:00Z")
}

const DAY: SignedDuration = SignedDuration::from_hours(24);
const IDLE: SignedDuration = SignedDuration::from_mins(30);

/// A token hash as the caller would make it, distinct per `n`.
fn hash(n: u8) -> Vec<u8> {
    vec![n; 32]
}

/// An account made from the command line with link `hash(link)` valid a day; its id.
async fn account(store: &Store, email: &str, role: Role, link: u8) -> i64 {
    store
        .create_account(
            email,
            role,
            &hash(link),
            now() + DAY,
            now(),
            &Actor::command_line(),
        )
        .await
        .unwrap()
}

/// Every line of the log, oldest first.
async fn log(store: &Store) -> Vec<AuditEntry> {
    let filter = AuditFilter {
        limit: 1000,
        ..AuditFilter::default()
    };
    let mut lines = store.audit_log(&filter).await.unwrap();
    lines.reverse();
    lines
}

fn actions(lines: &[AuditEntry]) -> Vec<&str> {
    lines.iter().map(|l| l.action.as_str()).collect()
}

storage_test!(an_account_is_made_once_per_email_with_its_line, |db| {
    let id = account(&db.store, "ana@example.org", Role::Editor, 1).await;
    let again = db
        .store
        .create_account(
            "ana@example.org",
            Role::Admin,
            &hash(2),
            now() + DAY,
            now(),
            &Actor::command_line(),
        )
        .await;
    assert!(
        matches!(&again, Err(Error::Conflict { constraint, .. }) if constraint == "accounts_email_key"),
        "{again:?}"
    );
    let found = db.store.account_by_email("ana@example.org").await.unwrap();
    let found = found.unwrap();
    assert_eq!(found.id, id);
    assert_eq!(found.role, Role::Editor);
    assert!(found.password_hash.is_none() && !found.has_second_factor() && !found.is_disabled());
    assert_eq!(db.store.account(id).await.unwrap(), Some(found.clone()));
    assert_eq!(db.store.accounts().await.unwrap(), vec![found.clone()]);
    // Debug output carries no hash and no secret.
    let debug = format!("{found:?}");
    assert!(
        !debug.contains("password_hash") && !debug.contains("totp_secret"),
        "{debug}"
    );
    // The refused second one wrote nothing, not even its line.
    let lines = log(&db.store).await;
    assert_eq!(actions(&lines), ["account.create"]);
    assert_eq!(lines[0].subject, "ana@example.org");
    assert_eq!(lines[0].actor, "command line");
    assert_eq!(lines[0].account, None);
    assert_eq!(lines[0].after.as_deref(), Some("editor"));
    assert_eq!(db.count("account_tokens").await, 1);
});

storage_test!(
    a_set_password_link_works_once_not_after_expiry_nor_for_a_disabled_account,
    |db| {
        let id = account(&db.store, "ana@example.org", Role::Editor, 1).await;
        let opened = db.store.account_for_token(&hash(1), now()).await.unwrap();
        assert_eq!(opened.map(|a| a.id), Some(id));
        assert_eq!(
            db.store.account_for_token(&hash(9), now()).await.unwrap(),
            None,
            "an unknown link"
        );
        db.store
            .create_session(&hash(50), id, SessionStage::Full, now(), now() + DAY)
            .await
            .unwrap();
        let set = db
            .store
            .set_password_with_token(&hash(1), "$argon2id$one", now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(set.password_hash.as_deref(), Some("$argon2id$one"));
        assert_eq!(
            db.count("admin_sessions").await,
            0,
            "a new password ends the sessions"
        );
        assert_eq!(
            db.store
                .set_password_with_token(&hash(1), "$argon2id$two", now())
                .await
                .unwrap(),
            None,
            "used"
        );
        assert_eq!(
            db.store.account_for_token(&hash(1), now()).await.unwrap(),
            None
        );
        let line = log(&db.store).await.pop().unwrap();
        assert_eq!(line.action, "account.set_password");
        assert_eq!(
            (line.account, line.actor.as_str()),
            (Some(id), "ana@example.org")
        );

        // Expired: refused, nothing set.
        let by = Actor::command_line();
        db.store
            .issue_password_token(id, &hash(2), now() + DAY, now(), &by)
            .await
            .unwrap();
        let late = now() + DAY;
        assert_eq!(
            db.store.account_for_token(&hash(2), late).await.unwrap(),
            None
        );
        assert_eq!(
            db.store
                .set_password_with_token(&hash(2), "$argon2id$late", late)
                .await
                .unwrap(),
            None
        );
        // A new link replaces the older.
        db.store
            .issue_password_token(id, &hash(3), now() + DAY, now(), &by)
            .await
            .unwrap();
        assert_eq!(db.count("account_tokens").await, 1);
        assert_eq!(
            db.store.account_for_token(&hash(2), now()).await.unwrap(),
            None
        );
        // Disabled: the link is gone with the account's rights.
        assert!(db.store.disable_account(id, now(), &by).await.unwrap());
        assert!(
            !db.store.disable_account(id, now(), &by).await.unwrap(),
            "already"
        );
        assert_eq!(
            db.store.account_for_token(&hash(3), now()).await.unwrap(),
            None
        );
        assert_eq!(
            db.store
                .set_password_with_token(&hash(3), "$argon2id$three", now())
                .await
                .unwrap(),
            None
        );
        let account = db.store.account(id).await.unwrap().unwrap();
        assert_eq!(account.password_hash.as_deref(), Some("$argon2id$one"));
        assert!(account.is_disabled());
        assert!(db.store.enable_account(id, &by).await.unwrap());
        assert!(!db.store.enable_account(id, &by).await.unwrap(), "already");
        assert_eq!(
            actions(&log(&db.store).await),
            [
                "account.create",
                "account.set_password",
                "account.reset_link",
                "account.reset_link",
                "account.disable",
                "account.enable"
            ]
        );
    }
);

storage_test!(two_racing_uses_of_one_link_set_one_password, |db| {
    for round in 0..5u8 {
        let email = format!("racer{round}@example.org");
        let id = account(&db.store, &email, Role::Moderator, 100 + round).await;
        let link = hash(100 + round);
        let (a, b) = (db.store.clone(), db.store.clone());
        let (la, lb) = (link.clone(), link.clone());
        let (ra, rb) = tokio::join!(
            tokio::spawn(async move { a.set_password_with_token(&la, "$a", now()).await }),
            tokio::spawn(async move { b.set_password_with_token(&lb, "$b", now()).await }),
        );
        let won: Vec<_> = [ra.unwrap().unwrap(), rb.unwrap().unwrap()]
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(won.len(), 1, "round {round}: exactly one wins");
        let stored = db.store.account(id).await.unwrap().unwrap();
        assert_eq!(stored.password_hash, won[0].password_hash);
    }
});

/// An account with a confirmed second factor at step 100 and recovery codes 60..63.
async fn enrolled(db: &TestDb) -> i64 {
    let id = account(&db.store, "mo@example.org", Role::Moderator, 1).await;
    let by = Actor::command_line();
    assert!(
        !db.store.confirm_totp(id, 100, &[], &by).await.unwrap(),
        "nothing pending"
    );
    db.store
        .set_pending_totp(id, Some(b"sealed secret"))
        .await
        .unwrap();
    let codes: Vec<Vec<u8>> = (60..64).map(hash).collect();
    assert!(db.store.confirm_totp(id, 100, &codes, &by).await.unwrap());
    let account = db.store.account(id).await.unwrap().unwrap();
    assert_eq!(account.totp_secret.as_deref(), Some(&b"sealed secret"[..]));
    assert_eq!(account.totp_pending, None);
    assert_eq!(account.totp_last_step, Some(100));
    id
}

storage_test!(a_totp_step_is_accepted_once_and_only_forward, |db| {
    let id = enrolled(&db).await;
    let store = &db.store;
    assert!(
        !store.consume_totp_step(id, 100).await.unwrap(),
        "the confirming code"
    );
    assert!(!store.consume_totp_step(id, 99).await.unwrap(), "older");
    assert!(store.consume_totp_step(id, 101).await.unwrap(), "newer");
    assert!(
        !store.consume_totp_step(id, 101).await.unwrap(),
        "the same again"
    );
    for step in 200..205 {
        let (a, b) = (store.clone(), store.clone());
        let (ra, rb) = tokio::join!(
            tokio::spawn(async move { a.consume_totp_step(id, step).await }),
            tokio::spawn(async move { b.consume_totp_step(id, step).await }),
        );
        let wins = [ra.unwrap().unwrap(), rb.unwrap().unwrap()];
        assert_eq!(
            wins.iter().filter(|w| **w).count(),
            1,
            "step {step}: {wins:?}"
        );
    }
    // Without a second factor no step is accepted.
    let other = account(store, "tr@example.org", Role::Translator, 2).await;
    assert!(!store.consume_totp_step(other, 1).await.unwrap());
    // Removing it takes the recovery codes too.
    assert!(store.remove_totp(id, &Actor::command_line()).await.unwrap());
    assert!(!store.remove_totp(id, &Actor::command_line()).await.unwrap());
    assert_eq!(store.recovery_codes_left(id).await.unwrap(), 0);
    assert!(!store.consume_totp_step(id, 300).await.unwrap());
});

storage_test!(a_recovery_code_works_once_even_concurrently, |db| {
    let id = enrolled(&db).await;
    let store = &db.store;
    assert_eq!(store.recovery_codes_left(id).await.unwrap(), 4);
    assert!(
        store
            .consume_recovery_code(id, &hash(60), now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .consume_recovery_code(id, &hash(60), now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .consume_recovery_code(id, &hash(99), now())
            .await
            .unwrap(),
        "not one"
    );
    for code in 61..64u8 {
        let (a, b) = (store.clone(), store.clone());
        let (ra, rb) = tokio::join!(
            tokio::spawn(async move { a.consume_recovery_code(id, &hash(code), now()).await }),
            tokio::spawn(async move { b.consume_recovery_code(id, &hash(code), now()).await }),
        );
        let wins = [ra.unwrap().unwrap(), rb.unwrap().unwrap()];
        assert_eq!(
            wins.iter().filter(|w| **w).count(),
            1,
            "code {code}: {wins:?}"
        );
    }
    assert_eq!(store.recovery_codes_left(id).await.unwrap(), 0);
    let used = log(store)
        .await
        .into_iter()
        .filter(|l| l.action == "account.recovery_code")
        .count();
    assert_eq!(used, 4, "each use logged once");
    // Enrolling again replaces the codes.
    store.set_pending_totp(id, Some(b"new")).await.unwrap();
    let by = Actor::command_line();
    assert!(store.confirm_totp(id, 500, &[hash(70)], &by).await.unwrap());
    assert_eq!(store.recovery_codes_left(id).await.unwrap(), 1);
});

storage_test!(
    sessions_end_idle_at_their_expiry_and_with_their_account,
    |db| {
        let store = &db.store;
        let id = account(store, "ana@example.org", Role::Admin, 1).await;
        let start = now();
        let end = start + SignedDuration::from_hours(12);
        store
            .create_session(&hash(10), id, SessionStage::Full, start, end)
            .await
            .unwrap();
        let live = store
            .session(&hash(10), start, IDLE)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(live.account.id, id);
        assert_eq!(live.stage, SessionStage::Full);
        assert_eq!(
            (live.created_at, live.last_seen_at, live.expires_at),
            (start, start, end)
        );
        assert_eq!(live.identity, None);
        assert!(
            store
                .session(&hash(11), start, IDLE)
                .await
                .unwrap()
                .is_none()
        );

        // Idle: alive while touched, gone after IDLE without a request.
        let mut t = start;
        for _ in 0..4 {
            t += SignedDuration::from_mins(20);
            assert!(store.session(&hash(10), t, IDLE).await.unwrap().is_some());
            store.touch_session(&hash(10), t).await.unwrap();
        }
        assert!(
            store
                .session(&hash(10), t + IDLE, IDLE)
                .await
                .unwrap()
                .is_none()
        );
        // Absolute: gone at the end however active.
        store.touch_session(&hash(10), end).await.unwrap();
        assert!(store.session(&hash(10), end, IDLE).await.unwrap().is_none());

        // A disabled account's session is gone (and stays gone once enabled again).
        store
            .create_session(&hash(12), id, SessionStage::Full, start, end)
            .await
            .unwrap();
        let by = Actor::command_line();
        assert!(store.disable_account(id, start, &by).await.unwrap());
        assert!(
            store
                .session(&hash(12), start, IDLE)
                .await
                .unwrap()
                .is_none()
        );
        assert!(store.enable_account(id, &by).await.unwrap());
        assert!(
            store
                .session(&hash(12), start, IDLE)
                .await
                .unwrap()
                .is_none()
        );

        // Expired ones are erased, with expired links and old failure windows.
        store
            .create_session(&hash(13), id, SessionStage::Full, start, end)
            .await
            .unwrap();
        store.record_login_failure("b", start, IDLE).await.unwrap();
        let later = end + DAY;
        assert_eq!(store.erase_expired_sessions(later, IDLE).await.unwrap(), 1);
        assert_eq!(db.count("admin_sessions").await, 0);
        assert_eq!(db.count("account_tokens").await, 0);
        assert_eq!(db.count("login_failures").await, 0);
    }
);

storage_test!(rotation_keeps_the_account_and_drops_the_identity, |db| {
    let store = &db.store;
    let id = account(store, "ana@example.org", Role::Admin, 1).await;
    let end = now() + DAY;
    store
        .create_session(&hash(10), id, SessionStage::SecondFactor, now(), end)
        .await
        .unwrap();
    store
        .set_session_identity(&hash(10), Some(b"wrapped key"))
        .await
        .unwrap();
    let before = store
        .session(&hash(10), now(), IDLE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before.identity.as_deref(), Some(&b"wrapped key"[..]));
    assert!(!format!("{before:?}").contains("wrapped"));
    let later = now() + SignedDuration::from_mins(1);
    assert!(
        store
            .rotate_session(&hash(10), &hash(11), SessionStage::Full, later, end)
            .await
            .unwrap()
    );
    assert!(
        store
            .session(&hash(10), later, IDLE)
            .await
            .unwrap()
            .is_none()
    );
    let after = store
        .session(&hash(11), later, IDLE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((after.account.id, after.stage), (id, SessionStage::Full));
    assert_eq!(after.identity, None);
    assert!(
        !store
            .rotate_session(&hash(10), &hash(12), SessionStage::Full, later, end)
            .await
            .unwrap(),
        "the old one is gone"
    );
    store.end_session(&hash(11)).await.unwrap();
    assert_eq!(db.count("admin_sessions").await, 0);

    // Log out everywhere.
    for n in 20..23 {
        store
            .create_session(&hash(n), id, SessionStage::Full, now(), end)
            .await
            .unwrap();
    }
    let other = account(store, "bo@example.org", Role::Editor, 2).await;
    store
        .create_session(&hash(30), other, SessionStage::Full, now(), end)
        .await
        .unwrap();
    let me = store.account(id).await.unwrap().unwrap();
    assert_eq!(
        store.end_sessions(id, &Actor::account(&me)).await.unwrap(),
        3
    );
    assert_eq!(
        db.count("admin_sessions").await,
        1,
        "another account's stays"
    );
    let line = log(store).await.pop().unwrap();
    assert_eq!(line.action, "session.end_all");
    assert_eq!((line.account, line.after.as_deref()), (Some(id), Some("3")));
});

storage_test!(a_role_change_ends_the_accounts_sessions, |db| {
    let store = &db.store;
    let id = account(store, "ana@example.org", Role::Editor, 1).await;
    store
        .create_session(&hash(10), id, SessionStage::Full, now(), now() + DAY)
        .await
        .unwrap();
    let by = Actor::command_line();
    assert!(
        store.set_role(id, Role::Editor, &by).await.unwrap(),
        "unchanged"
    );
    assert_eq!(db.count("admin_sessions").await, 1, "no change, no logout");
    assert!(store.set_role(id, Role::Moderator, &by).await.unwrap());
    assert_eq!(db.count("admin_sessions").await, 0);
    assert!(!store.set_role(id + 1000, Role::Admin, &by).await.unwrap());
    let line = log(store).await.pop().unwrap();
    assert_eq!(line.action, "account.role");
    assert_eq!(
        (line.before.as_deref(), line.after.as_deref()),
        (Some("editor"), Some("moderator"))
    );
    assert_eq!(
        store.account(id).await.unwrap().unwrap().role,
        Role::Moderator
    );
});

storage_test!(
    a_reset_clears_password_second_factor_codes_and_sessions,
    |db| {
        let id = enrolled(&db).await;
        let store = &db.store;
        store
            .set_password_with_token(&hash(1), "$argon2id$x", now())
            .await
            .unwrap()
            .unwrap();
        store
            .create_session(&hash(10), id, SessionStage::Full, now(), now() + DAY)
            .await
            .unwrap();
        let by = Actor::command_line();
        assert!(
            store
                .reset_account(id, &hash(2), now() + DAY, now(), &by)
                .await
                .unwrap()
        );
        let account = store.account(id).await.unwrap().unwrap();
        assert!(account.password_hash.is_none() && account.totp_secret.is_none());
        assert_eq!(account.totp_last_step, None);
        assert_eq!(store.recovery_codes_left(id).await.unwrap(), 0);
        assert_eq!(db.count("admin_sessions").await, 0);
        assert_eq!(
            store
                .account_for_token(&hash(2), now())
                .await
                .unwrap()
                .map(|a| a.id),
            Some(id)
        );
        assert!(
            !store
                .reset_account(id + 1000, &hash(3), now() + DAY, now(), &by)
                .await
                .unwrap()
        );
        assert_eq!(log(store).await.pop().unwrap().action, "account.reset");
    }
);

storage_test!(login_failures_count_in_a_window_that_resets, |db| {
    let store = &db.store;
    let window = SignedDuration::from_mins(15);
    assert_eq!(store.login_failures("x", now(), window).await.unwrap(), 0);
    for n in 1..=3 {
        let t = now() + SignedDuration::from_mins(n);
        assert_eq!(
            store.record_login_failure("x", t, window).await.unwrap(),
            n as u32
        );
    }
    assert_eq!(
        store
            .record_login_failure("y", now(), window)
            .await
            .unwrap(),
        1
    );
    let t = now() + SignedDuration::from_mins(14);
    assert_eq!(store.login_failures("x", t, window).await.unwrap(), 3);
    // The window began at the first failure: over 15 minutes after it.
    let over = now() + SignedDuration::from_mins(1) + window;
    assert_eq!(store.login_failures("x", over, window).await.unwrap(), 0);
    assert_eq!(
        store.record_login_failure("x", over, window).await.unwrap(),
        1
    );
    assert_eq!(store.login_failures("x", over, window).await.unwrap(), 1);
    store.clear_login_failures("x").await.unwrap();
    assert_eq!(store.login_failures("x", over, window).await.unwrap(), 0);
    // Concurrent failures are all counted.
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            s.record_login_failure("z", now(), window).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(store.login_failures("z", now(), window).await.unwrap(), 8);
});

storage_test!(logins_settings_moderation_and_reads_are_logged, |db| {
    let store = &db.store;
    let id = account(store, "mo@example.org", Role::Moderator, 1).await;
    store.record_login(id, now()).await.unwrap();
    let me = store.account(id).await.unwrap().unwrap();
    assert_eq!(me.last_login_at, Some(now()));
    let by = Actor::account(&me);

    assert!(!store.admin_settings().await.unwrap().require_second_factor);
    store.set_require_second_factor(true, &by).await.unwrap();
    assert!(store.admin_settings().await.unwrap().require_second_factor);
    store.set_require_second_factor(false, &by).await.unwrap();
    assert!(!store.admin_settings().await.unwrap().require_second_factor);

    let case = relay_cases(&db).await;
    let ids = submit_all(&db, &case, &["one", "two", "three"]).await;
    let approved = store
        .moderate_letters(&ids[..2], RelayStatus::Approved, &by, now())
        .await
        .unwrap();
    assert_eq!(approved, 2);
    // Already approved: no change, no line.
    let rejected = store
        .moderate_letters(&ids[1..], RelayStatus::Rejected, &by, now())
        .await
        .unwrap();
    assert_eq!(rejected, 2);
    assert!(matches!(
        store
            .moderate_letters(&ids, RelayStatus::Printed, &by, now())
            .await,
        Err(Error::PrintedOnlyByPrinting)
    ));
    store
        .audit(&by, "letter.read", &ids[0].to_string(), None, None, now())
        .await
        .unwrap();

    let lines = log(store).await;
    assert_eq!(
        actions(&lines),
        [
            "account.create",
            "session.login",
            "settings.require_second_factor",
            "settings.require_second_factor",
            "letter.approve",
            "letter.approve",
            "letter.reject",
            "letter.reject",
            "letter.read"
        ]
    );
    assert_eq!(lines[2].before.as_deref(), Some("off"));
    assert_eq!(lines[2].after.as_deref(), Some("on"));
    let mut approved: Vec<String> = lines[4..6].iter().map(|l| l.subject.clone()).collect();
    approved.sort();
    let mut want: Vec<String> = ids[..2].iter().map(i64::to_string).collect();
    want.sort();
    assert_eq!(approved, want);

    // Filters: by actor, by action prefix, by page.
    let mine = |action: Option<&str>, before_id, limit| AuditFilter {
        actor: Some("mo@example.org".into()),
        action: action.map(str::to_string),
        before_id,
        limit,
    };
    let letters = store
        .audit_log(&mine(Some("letter."), None, 100))
        .await
        .unwrap();
    assert_eq!(letters.len(), 5);
    assert!(
        letters.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    let page = store
        .audit_log(&mine(Some("letter."), None, 2))
        .await
        .unwrap();
    let next = store
        .audit_log(&mine(Some("letter."), Some(page[1].id), 100))
        .await
        .unwrap();
    assert_eq!(page.len() + next.len(), 5);
    assert_eq!(next[0].id, letters[2].id);
    let by_cli = AuditFilter {
        actor: Some("command line".into()),
        ..AuditFilter::default()
    };
    assert_eq!(
        actions(&store.audit_log(&by_cli).await.unwrap()),
        ["account.create"]
    );
    let literal = AuditFilter {
        action: Some("letter%".into()),
        ..AuditFilter::default()
    };
    assert!(
        store.audit_log(&literal).await.unwrap().is_empty(),
        "% is no wildcard"
    );
});

storage_test!(the_audit_log_refuses_update_and_delete, |db| {
    account(&db.store, "ana@example.org", Role::Admin, 1).await;
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let refused = db.execute(sql).await;
        let message = format!("{refused:?}");
        assert!(refused.is_err(), "{sql}: {message}");
        assert!(message.contains("append-only"), "{sql}: {message}");
    }
    if db.backend == Backend::Postgres {
        assert!(db.execute("TRUNCATE audit_log").await.is_err());
    }
    let lines = log(&db.store).await;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].actor, "command line");
    // Deleting the account leaves its lines.
    db.execute("DELETE FROM accounts").await.unwrap();
    assert_eq!(log(&db.store).await.len(), 1);
});

storage_test!(
    the_web_role_may_append_to_the_audit_log_but_not_rewrite_it,
    |db| {
        if db.backend != Backend::Postgres {
            return;
        }
        let id = account(&db.store, "ana@example.org", Role::Admin, 1).await;
        let role = format!("outcry_web_{}", std::process::id());
        // The installer's file, for a role of this test's own (roles are server-wide).
        let script =
            include_str!("../../../deploy/postgres-roles.sql").replace("outcry_web", &role);
        let mut owner = db.raw().await;
        owner.execute(sqlx::AssertSqlSafe(script)).await.unwrap();
        let mut url = url::Url::parse(&db.url).unwrap();
        url.set_username(&role).unwrap();
        url.set_password(None).unwrap();
        let outcome = async move {
            let mut web = AnyConnection::connect(url.as_str()).await.unwrap();
            for sql in [
                "UPDATE audit_log SET actor = 'someone else'",
                "DELETE FROM audit_log",
                "TRUNCATE audit_log",
                "DROP TRIGGER audit_log_no_change ON audit_log",
                "CREATE TABLE mine (id BIGINT)",
            ] {
                let refused = web.execute(sql).await;
                assert!(refused.is_err(), "{sql} was allowed");
            }
            web.execute(
                "INSERT INTO audit_log (at, actor, action, subject) \
             VALUES ('2026-12-01T10:00:00.000000Z', 'command line', 'test.web', 'x')",
            )
            .await
            .unwrap();
            web.execute("UPDATE accounts SET role = 'editor'")
                .await
                .unwrap();
            web.close().await.unwrap();
            // The web's store opens on the current schema without migrating, and works.
            let store = Store::open(url.as_str()).await.unwrap();
            assert!(
                store
                    .disable_account(id, now(), &Actor::command_line())
                    .await
                    .unwrap()
            );
            store.close().await;
        };
        let result = tokio::spawn(outcome).await;
        owner
            .execute(sqlx::AssertSqlSafe(format!(
                "DROP OWNED BY {role}; DROP ROLE {role}"
            )))
            .await
            .unwrap();
        owner.close().await.unwrap();
        if let Err(e) = result {
            std::panic::resume_unwind(e.into_panic());
        }
        let lines = log(&db.store).await;
        assert_eq!(
            actions(&lines),
            ["account.create", "test.web", "account.disable"]
        );
    }
);

storage_test!(no_session_id_and_no_link_token_is_stored_in_clear, |db| {
    let store = &db.store;
    let link = AccessToken::generate().unwrap();
    let cookie = AccessToken::generate().unwrap();
    let by = Actor::command_line();
    let id = store
        .create_account(
            "ana@example.org",
            Role::Admin,
            &link.hash(),
            now() + DAY,
            now(),
            &by,
        )
        .await
        .unwrap();
    store
        .create_session(&cookie.hash(), id, SessionStage::Full, now(), now() + DAY)
        .await
        .unwrap();
    let mut raw = db.raw().await;
    let tokens: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM account_tokens")
        .fetch_all(&mut raw)
        .await
        .unwrap();
    assert_eq!(tokens, vec![link.hash()]);
    let sessions: Vec<Vec<u8>> = sqlx::query_scalar("SELECT id_hash FROM admin_sessions")
        .fetch_all(&mut raw)
        .await
        .unwrap();
    assert_eq!(sessions, vec![cookie.hash()]);
    // Nor anywhere else, as text: the audit log and the account row say nothing of them.
    let texts: Vec<(String, String)> =
        sqlx::query_as("SELECT actor || action || subject, email || role FROM audit_log, accounts")
            .fetch_all(&mut raw)
            .await
            .unwrap();
    raw.close().await.unwrap();
    for (a, b) in texts {
        for secret in [link.text(), cookie.text()] {
            assert!(!a.contains(secret) && !b.contains(secret));
        }
    }
    // On SQLite, not in the file nor its log either.
    if db.backend == Backend::Sqlite {
        let file = db.url.strip_prefix("sqlite://").unwrap();
        for path in [file.to_string(), format!("{file}-wal")] {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            for secret in [link.text(), cookie.text()] {
                let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
                assert!(!found, "{path} holds a token in clear");
            }
        }
    }
});
