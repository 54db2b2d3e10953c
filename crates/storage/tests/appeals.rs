//! Appeals sent by Outcry on both databases: a request waits for its button, reading it
//! changes nothing, confirming queues the messages and counts the action once, in one
//! transaction, and never twice.

use jiff::{SignedDuration, Timestamp};
use outcry_domain::{Lang, MessageKind};
use outcry_storage::{Confirmed, Counted, NewAppealRequest, NewMessage, PlacedMessage, Requested};

use crate::harness::{self, TestDb};
use crate::{full_bundle, slug};

fn at(s: &str) -> Timestamp {
    s.parse().expect("a test time")
}

const WEEK: SignedDuration = SignedDuration::from_hours(7 * 24);

/// The confirmation mail of a request; `day` stands for its key's day part.
fn confirmation(supporter: &str, day: u32) -> NewMessage {
    NewMessage {
        kind: MessageKind::Confirmation,
        dedupe_key: format!("confirm/{supporter}/{day}"),
        message_id: format!("confirm.{supporter}.{day}.{}@act.example.org", rand_part()),
        payload: b"ciphertext".to_vec(),
        pace_key: None,
    }
}

/// Message-IDs must differ between two calls with the same key.
fn rand_part() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn request(token: &str, supporter: &str, letter: &str) -> NewAppealRequest {
    NewAppealRequest {
        action: slug("ua-45-26"),
        token_hash: format!("token-{token}"),
        supporter_key: format!("supporter-{supporter}"),
        payload: letter.as_bytes().to_vec(),
    }
}

/// The messages a confirmation queues: one per target, keyed by supporter and target.
fn messages(supporter: &str, targets: &[&str], due: Timestamp) -> Vec<PlacedMessage> {
    targets
        .iter()
        .map(|t| PlacedMessage {
            message: NewMessage {
                kind: MessageKind::Appeal,
                dedupe_key: format!("ua-45-26/{supporter}/{t}"),
                message_id: format!("{supporter}.{t}.{}@act.example.org", due.as_second()),
                payload: b"ciphertext".to_vec(),
                pace_key: Some(format!("pace-{t}")),
            },
            due,
        })
        .collect()
}

const HOW: Counted = Counted {
    lang: Lang::EN,
    country: None,
};

/// Appeals in the outbox (confirmations aside).
async fn appeals_queued(db: &TestDb) -> usize {
    db.ids("SELECT id, dedupe_key FROM outbox WHERE kind = 'appeal'")
        .await
        .len()
}

async fn total(db: &TestDb) -> u64 {
    db.store
        .action_counts(&slug("ua-45-26"))
        .await
        .expect("counts")
        .total
}

storage_test!(
    a_confirmed_appeal_queues_one_message_per_target_and_counts_once,
    |db| {
        db.store.import_bundle(&full_bundle()).await.unwrap();
        let now = at("2026-12-01T10:17:00Z");
        db.store
            .request_appeal(
                &request("a", "anna", "first letter"),
                now + WEEK,
                &confirmation("anna", 1),
                now,
            )
            .await
            .unwrap();
        // The link's page reads it, and reading twice changes nothing.
        for _ in 0..2 {
            let pending = db
                .store
                .pending_appeal("token-a", now)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(pending.payload, b"first letter");
            assert_eq!(pending.action, slug("ua-45-26"));
        }
        assert_eq!((appeals_queued(&db).await, total(&db).await), (0, 0));

        let placed = messages("anna", &["prosecutor", "governor"], now);
        let done = db
            .store
            .confirm_appeal("token-a", &placed, HOW, now)
            .await
            .unwrap();
        assert_eq!(
            done,
            Confirmed::Done {
                queued: 2,
                counted: true
            }
        );
        assert_eq!((appeals_queued(&db).await, total(&db).await), (2, 1));
        assert_eq!(db.count("appeal_requests").await, 0);
        // The button pressed again: nothing.
        let again = db
            .store
            .confirm_appeal("token-a", &placed, HOW, now)
            .await
            .unwrap();
        assert_eq!(again, Confirmed::Gone);
        assert!(
            db.store
                .pending_appeal("token-a", now)
                .await
                .unwrap()
                .is_none()
        );

        // The same supporter asks again and confirms: the targets had theirs, nothing new goes,
        // and the action is not counted again.
        db.store
            .request_appeal(
                &request("b", "anna", "second letter"),
                now + WEEK,
                &confirmation("anna", 2),
                now,
            )
            .await
            .unwrap();
        let later = now + SignedDuration::from_mins(5);
        let repeat = messages("anna", &["prosecutor", "governor"], later);
        let done = db
            .store
            .confirm_appeal("token-b", &repeat, HOW, later)
            .await
            .unwrap();
        assert_eq!(
            done,
            Confirmed::Done {
                queued: 0,
                counted: false
            }
        );
        assert_eq!((appeals_queued(&db).await, total(&db).await), (2, 1));
    }
);

storage_test!(
    a_second_request_replaces_the_first_and_an_old_one_expires,
    |db| {
        db.store.import_bundle(&full_bundle()).await.unwrap();
        let now = at("2026-12-01T10:00:00Z");
        db.store
            .request_appeal(
                &request("a", "boris", "draft"),
                now + WEEK,
                &confirmation("boris", 1),
                now,
            )
            .await
            .unwrap();
        db.store
            .request_appeal(
                &request("b", "boris", "edited"),
                now + WEEK,
                &confirmation("boris", 2),
                now,
            )
            .await
            .unwrap();
        assert_eq!(db.count("appeal_requests").await, 1);
        assert!(
            db.store
                .pending_appeal("token-a", now)
                .await
                .unwrap()
                .is_none()
        );
        let pending = db
            .store
            .pending_appeal("token-b", now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(pending.payload, b"edited");

        // Past its week it cannot be confirmed, and the sweep deletes it.
        let late = now + WEEK;
        assert!(
            db.store
                .pending_appeal("token-b", late)
                .await
                .unwrap()
                .is_none()
        );
        let placed = messages("boris", &["governor"], late);
        assert_eq!(
            db.store
                .confirm_appeal("token-b", &placed, HOW, late)
                .await
                .unwrap(),
            Confirmed::Gone
        );
        assert_eq!(appeals_queued(&db).await, 0);
        assert_eq!(
            db.store.delete_expired_appeal_requests(late).await.unwrap(),
            1
        );
        assert_eq!(db.count("appeal_requests").await, 0);
    }
);

storage_test!(an_appeal_for_no_such_action_is_refused, |db| {
    let err = db
        .store
        .request_appeal(
            &request("a", "anna", "x"),
            Timestamp::now() + WEEK,
            &confirmation("anna", 1),
            Timestamp::now(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, outcry_storage::Error::NotFound { .. }),
        "{err}"
    );
});

storage_test!(
    a_request_beyond_the_days_confirmation_changes_nothing,
    |db| {
        db.store.import_bundle(&full_bundle()).await.unwrap();
        let now = at("2026-12-01T10:00:00Z");
        let first = db
            .store
            .request_appeal(
                &request("a", "vera", "first"),
                now + WEEK,
                &confirmation("vera", 1),
                now,
            )
            .await
            .unwrap();
        assert_eq!(first, Requested::Stored);
        // Someone asks again for the same address the same day: no second mail, and the
        // first link still opens the first letter.
        let second = db
            .store
            .request_appeal(
                &request("b", "vera", "second"),
                now + WEEK,
                &confirmation("vera", 1),
                now,
            )
            .await
            .unwrap();
        assert_eq!(second, Requested::AlreadyMailed);
        assert_eq!(db.count("outbox").await, 1);
        let pending = db
            .store
            .pending_appeal("token-a", now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(pending.payload, b"first");
        assert!(
            db.store
                .pending_appeal("token-b", now)
                .await
                .unwrap()
                .is_none()
        );
    }
);
