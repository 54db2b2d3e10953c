//! Bounces on both databases: a sent row marked bounced once, officials' addresses flagged by
//! one hard bounce or enough soft ones, and a supporter's address never written at all.

use jiff::Timestamp;
use outcry_domain::outbox::SOFT_BOUNCES_BEFORE_FLAG;
use outcry_domain::{Decision, MessageKind, MessageState};
use outcry_storage::{NewMessage, Settlement};

use crate::full_bundle;
use crate::harness::{self, TestDb};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn directory(db: &TestDb) {
    db.store.import_bundle(&full_bundle()).await.unwrap();
}

storage_test!(a_hard_bounce_flags_an_officials_address_at_once, |db| {
    directory(&db).await;
    let now = at("2026-12-01T10:17:00Z");
    let got = db
        .store
        .record_address_bounce("ProkYan-IU@yandex.ru", true, Some("5.1.1"), now, 5)
        .await
        .unwrap()
        .expect("an official's address");
    assert_eq!(got.address, "prokyan-iu@yandex.ru");
    assert_eq!(got.flagged, Some((now, "hard".to_string())));
    assert_eq!(
        db.store.flagged_addresses().await.unwrap(),
        vec!["prokyan-iu@yandex.ru".to_string()]
    );
    // A later bounce does not move the date it was flagged.
    let later = at("2026-12-02T09:00:00Z");
    let again = db
        .store
        .record_address_bounce("prokyan-iu@yandex.ru", false, Some("4.2.2"), later, 5)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.flagged, Some((now, "hard".to_string())));
    assert_eq!(
        (again.last_at, again.last_status.as_deref()),
        (later, Some("4.2.2"))
    );
    // Cleared by an organizer, it is offered again.
    assert!(
        db.store
            .clear_address_bounces("prokyan-iu@yandex.ru")
            .await
            .unwrap()
    );
    assert!(db.store.flagged_addresses().await.unwrap().is_empty());
});

storage_test!(soft_bounces_flag_an_address_only_at_the_threshold, |db| {
    directory(&db).await;
    let now = at("2026-12-01T10:00:00Z");
    let address = "proknadzor-iu-yanao@89.mailop.ru";
    for n in 1..SOFT_BOUNCES_BEFORE_FLAG {
        let got = db
            .store
            .record_address_bounce(address, false, Some("5.2.2"), now, SOFT_BOUNCES_BEFORE_FLAG)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((got.soft_count, got.flagged.is_some()), (n, false));
    }
    assert!(db.store.flagged_addresses().await.unwrap().is_empty());
    let last = db
        .store
        .record_address_bounce(address, false, Some("5.2.2"), now, SOFT_BOUNCES_BEFORE_FLAG)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.flagged, Some((now, "soft".to_string())));
});

storage_test!(a_supporters_address_that_bounces_is_never_written, |db| {
    directory(&db).await;
    let got = db
        .store
        .record_address_bounce(
            "anna@supporter.example",
            true,
            Some("5.1.1"),
            Timestamp::now(),
            5,
        )
        .await
        .unwrap();
    assert_eq!(got, None);
    assert_eq!(db.count("address_bounces").await, 0);
});

storage_test!(a_delivery_report_turns_a_sent_row_bounced_once, |db| {
    let now = at("2026-12-01T10:17:00Z");
    let id = db
        .store
        .enqueue_message(
            &NewMessage {
                dedupe_key: "k".into(),
                kind: MessageKind::Appeal,
                message_id: "m1@act.example.org".into(),
                payload: b"ciphertext".to_vec(),
                pace_key: None,
            },
            now,
            now,
        )
        .await
        .unwrap()
        .id();
    // Not sent yet: a report cannot be about it.
    assert!(
        !db.store
            .mark_message_bounced(id, "dsn 5.1.1", now)
            .await
            .unwrap()
    );
    let lease = db
        .store
        .lease_messages(10, now, jiff::SignedDuration::from_mins(10))
        .await
        .unwrap();
    let sent = Settlement {
        id,
        decision: Decision::Finish(MessageState::Sent),
        reply: Some("250 2.0.0".into()),
        follow_up: None,
    };
    db.store
        .settle_messages(&lease.token, &[sent], now)
        .await
        .unwrap();
    assert!(
        db.store
            .mark_message_bounced(id, "dsn 5.1.1", now)
            .await
            .unwrap()
    );
    assert!(
        !db.store
            .mark_message_bounced(id, "dsn 5.1.1", now)
            .await
            .unwrap()
    );
    let status = db.store.message_status(id).await.unwrap().unwrap();
    assert_eq!(status.state, MessageState::Bounced);
    assert_eq!(status.last_reply.as_deref(), Some("dsn 5.1.1"));
});
