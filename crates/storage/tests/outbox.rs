//! The outbox on both databases: one row per key, leases that exclude each other, settling
//! only by the lease holder, content gone once final.

use jiff::{SignedDuration, Timestamp};
use outcry_domain::{Decision, MessageKind, MessageState};
use outcry_storage::{Enqueued, NewMessage, Settlement};

use crate::harness::{self, TestDb};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn message(n: u32) -> NewMessage {
    NewMessage {
        kind: MessageKind::Appeal,
        dedupe_key: format!("key-{n}"),
        message_id: format!("m{n}@act.example.org"),
        payload: format!("ciphertext {n}").into_bytes(),
        pace_key: None,
    }
}

const LEASE: SignedDuration = SignedDuration::from_mins(10);

storage_test!(a_message_asked_for_twice_is_stored_once, |db| {
    let now = at("2026-12-01T10:00:00Z");
    let first = db
        .store
        .enqueue_message(&message(1), now, now)
        .await
        .unwrap();
    let Enqueued::New(id) = first else {
        panic!("expected a new row, got {first:?}")
    };
    let mut again = message(1);
    again.message_id = "other@act.example.org".into();
    again.payload = b"other".to_vec();
    assert_eq!(
        db.store.enqueue_message(&again, now, now).await.unwrap(),
        Enqueued::Duplicate {
            id,
            state: MessageState::Queued
        }
    );
    assert_eq!(db.count("outbox").await, 1);
    let status = db.store.message_status(id).await.unwrap().unwrap();
    assert_eq!(status.message_id, "m1@act.example.org");
    assert_eq!(status.state, MessageState::Queued);
    assert!(status.has_payload);
    // A reused Message-ID under another key is the caller's bug, refused.
    let mut clash = message(2);
    clash.message_id = "m1@act.example.org".into();
    assert!(matches!(
        db.store.enqueue_message(&clash, now, now).await,
        Err(outcry_storage::Error::Conflict { .. })
    ));
});

storage_test!(
    leases_take_due_messages_once_and_a_dead_workers_come_back,
    |db| {
        let now = at("2026-12-01T10:00:00Z");
        for n in 0..5 {
            db.store
                .enqueue_message(&message(n), now, now)
                .await
                .unwrap();
        }
        let later = at("2026-12-01T12:00:00Z");
        db.store
            .enqueue_message(&message(9), later, now)
            .await
            .unwrap();

        let a = db.store.lease_messages(3, now, LEASE).await.unwrap();
        let b = db.store.lease_messages(10, now, LEASE).await.unwrap();
        assert_eq!(a.messages.len(), 3);
        assert_eq!(b.messages.len(), 2, "the rest, and not the one due later");
        assert_ne!(a.token, b.token);
        let mut ids: Vec<i64> = a.messages.iter().chain(&b.messages).map(|m| m.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 5, "no message in two leases");
        assert!(a.messages.iter().all(|m| m.attempts == 1));
        assert!(a.messages[0].payload.starts_with(b"ciphertext "));

        // Nothing is due while the leases hold...
        let soon = now.saturating_add(SignedDuration::from_mins(5)).unwrap();
        assert!(
            db.store
                .lease_messages(10, soon, LEASE)
                .await
                .unwrap()
                .messages
                .is_empty()
        );
        // ...and when they run out (the workers died), the messages are due again, attempt 2.
        let after = now.saturating_add(SignedDuration::from_mins(11)).unwrap();
        let c = db.store.lease_messages(10, after, LEASE).await.unwrap();
        assert_eq!(c.messages.len(), 5);
        assert!(c.messages.iter().all(|m| m.attempts == 2));

        // The first worker, back from the dead, cannot record over the new holder's lease.
        let stale: Vec<Settlement> = a
            .messages
            .iter()
            .map(|m| Settlement {
                id: m.id,
                decision: Decision::Finish(MessageState::Sent),
                reply: None,
                follow_up: None,
            })
            .collect();
        assert_eq!(
            db.store
                .settle_messages(&a.token, &stale, after)
                .await
                .unwrap(),
            0
        );
        let status = db
            .store
            .message_status(a.messages[0].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(status.state, MessageState::Leased);
    }
);

storage_test!(
    settling_records_each_answer_and_drops_the_content_of_final_ones,
    |db| {
        let now = at("2026-12-01T10:17:42.5Z");
        for n in 0..4 {
            db.store
                .enqueue_message(&message(n), now, now)
                .await
                .unwrap();
        }
        let lease = db.store.lease_messages(10, now, LEASE).await.unwrap();
        let retry = at("2026-12-01T10:18:42.5Z");
        let decisions = [
            (Decision::Finish(MessageState::Sent), None),
            (Decision::Finish(MessageState::Bounced), Some("550 5.1.1")),
            (Decision::RetryAt(retry), Some("451 4.7.1")),
            (Decision::Finish(MessageState::Failed), Some("connection")),
        ];
        let settled: Vec<Settlement> = lease
            .messages
            .iter()
            .zip(decisions.iter().cloned())
            .map(|(m, (decision, reply))| Settlement {
                id: m.id,
                decision,
                reply: reply.map(str::to_string),
                follow_up: None,
            })
            .collect();
        assert_eq!(
            db.store
                .settle_messages(&lease.token, &settled, now)
                .await
                .unwrap(),
            4
        );

        let ids: Vec<i64> = lease.messages.iter().map(|m| m.id).collect();
        let s = |i: usize| {
            let store = db.store.clone();
            let id = ids[i];
            async move { store.message_status(id).await.unwrap().unwrap() }
        };
        let sent = s(0).await;
        assert_eq!((sent.state, sent.has_payload), (MessageState::Sent, false));
        // A finished row says when to the hour only: created and finished.
        let hour = at("2026-12-01T10:00:00Z");
        assert_eq!((sent.created, sent.finished), (hour, Some(hour)));
        let times = db
            .ids("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state = 'sent'")
            .await;
        assert_eq!(times, vec![(1, "2026-12-01T10:00:00.000000Z".to_string())]);
        let bounced = s(1).await;
        assert_eq!(bounced.state, MessageState::Bounced);
        assert_eq!(bounced.last_reply.as_deref(), Some("550 5.1.1"));
        assert!(!bounced.has_payload);
        let deferred = s(2).await;
        assert_eq!(
            (deferred.state, deferred.has_payload),
            (MessageState::Deferred, true)
        );
        assert_eq!(deferred.due, retry);
        assert_eq!(deferred.last_reply.as_deref(), Some("451 4.7.1"));
        assert_eq!(s(3).await.state, MessageState::Failed);

        // What the database holds of the final ones: no content at all.
        let left = db
            .ids("SELECT COUNT(*), MIN(state) FROM outbox WHERE payload IS NOT NULL")
            .await;
        assert_eq!(left, vec![(1, "deferred".to_string())]);

        // The deferred one comes back when due, and not before.
        assert!(
            db.store
                .lease_messages(10, now, LEASE)
                .await
                .unwrap()
                .messages
                .is_empty()
        );
        let again = db.store.lease_messages(10, retry, LEASE).await.unwrap();
        assert_eq!(again.messages.len(), 1);
        assert_eq!(again.messages[0].attempts, 2);

        let counts = db.store.outbox_counts().await.unwrap();
        assert_eq!(
            (
                counts.sent,
                counts.bounced,
                counts.failed,
                counts.leased,
                counts.waiting()
            ),
            (1, 1, 1, 1, 1)
        );
        assert_eq!(
            db.store
                .message_by_message_id(&sent.message_id)
                .await
                .unwrap()
                .map(|m| m.id),
            Some(ids[0])
        );
    }
);

storage_test!(a_message_not_gone_yet_can_be_cancelled, |db| {
    let now = at("2026-12-01T10:00:00Z");
    let id = db
        .store
        .enqueue_message(&message(1), now, now)
        .await
        .unwrap()
        .id();
    assert!(db.store.cancel_message(id, now).await.unwrap());
    assert!(!db.store.cancel_message(id, now).await.unwrap());
    let status = db.store.message_status(id).await.unwrap().unwrap();
    assert_eq!(
        (status.state, status.has_payload),
        (MessageState::Cancelled, false)
    );
    assert!(
        db.store
            .lease_messages(10, now, LEASE)
            .await
            .unwrap()
            .messages
            .is_empty()
    );
});

storage_test!(workers_racing_for_the_queue_never_share_a_message, |db| {
    let now = at("2026-12-01T10:00:00Z");
    for n in 0..200 {
        db.store
            .enqueue_message(&message(n), now, now)
            .await
            .unwrap();
    }
    let mut racers = Vec::new();
    for _ in 0..4 {
        let store = db.store.clone();
        racers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let lease = store.lease_messages(7, now, LEASE).await.unwrap();
                if lease.messages.is_empty() {
                    break mine;
                }
                mine.extend(lease.messages.into_iter().map(|m| m.id));
            }
        }));
    }
    let mut all = Vec::new();
    for r in racers {
        all.extend(r.await.unwrap());
    }
    let taken = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!((taken, all.len()), (200, 200));
});

storage_test!(
    paced_messages_are_counted_by_the_hour_they_are_placed_in,
    |db| {
        let now = at("2026-12-01T10:20:00Z");
        let placed = [
            ("official-a", "2026-12-01T10:00:00Z"),
            ("official-a", "2026-12-01T10:30:00Z"),
            ("official-a", "2026-12-01T11:15:00Z"),
            ("official-b", "2026-12-01T10:45:00Z"),
            ("official-a", "2026-12-01T13:00:00Z"),
        ];
        for (n, (pace, due)) in placed.iter().enumerate() {
            let mut m = message(u32::try_from(n).unwrap());
            m.pace_key = Some((*pace).to_string());
            db.store.enqueue_message(&m, at(due), now).await.unwrap();
        }
        // One not paced at all.
        db.store
            .enqueue_message(&message(99), at("2026-12-01T10:05:00Z"), now)
            .await
            .unwrap();
        let booked = db
            .store
            .booked_hours("official-a", now, at("2026-12-01T13:00:00Z"))
            .await
            .unwrap();
        assert_eq!(
            booked.into_iter().collect::<Vec<_>>(),
            vec![
                (at("2026-12-01T10:00:00Z"), 2),
                (at("2026-12-01T11:00:00Z"), 1)
            ],
            "from the start of now's hour, up to but not including the end"
        );
    }
);

storage_test!(
    a_receipt_is_queued_with_the_final_state_and_only_then,
    |db| {
        let now = at("2026-12-01T10:00:00Z");
        for n in [1, 2] {
            db.store
                .enqueue_message(&message(n), now, now)
                .await
                .unwrap();
        }
        let lease = db.store.lease_messages(10, now, LEASE).await.unwrap();
        assert_eq!(lease.messages.len(), 2);
        let receipt = |n: u32| NewMessage {
            kind: MessageKind::Receipt,
            ..message(100 + n)
        };
        let settled: Vec<Settlement> = lease
            .messages
            .iter()
            .enumerate()
            .map(|(i, m)| Settlement {
                id: m.id,
                // The first goes for good, the second is tried again later: only the first's
                // receipt may be written.
                decision: if i == 0 {
                    Decision::Finish(MessageState::Sent)
                } else {
                    Decision::RetryAt(at("2026-12-01T11:00:00Z"))
                },
                reply: None,
                follow_up: Some(receipt(u32::try_from(i).unwrap())),
            })
            .collect();
        assert_eq!(
            db.store
                .settle_messages(&lease.token, &settled, now)
                .await
                .unwrap(),
            2
        );
        let receipts = db
            .ids("SELECT id, dedupe_key FROM outbox WHERE kind = 'receipt' AND state = 'queued'")
            .await;
        let keys: Vec<&str> = receipts.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(keys, ["key-100"]);
        // A stale lease records nothing, so it queues no receipt either.
        db.store
            .enqueue_message(&message(3), now, now)
            .await
            .unwrap();
        let later = at("2026-12-01T12:00:00Z");
        let taken = db.store.lease_messages(10, later, LEASE).await.unwrap();
        let stale = Settlement {
            id: taken.messages[0].id,
            decision: Decision::Finish(MessageState::Sent),
            reply: None,
            follow_up: Some(receipt(7)),
        };
        assert_eq!(
            db.store
                .settle_messages("not-the-lease", &[stale], later)
                .await
                .unwrap(),
            0
        );
        assert_eq!(db.count("outbox").await, 4);
    }
);
