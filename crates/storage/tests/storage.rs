//! The storage suite, on real databases: every test body runs on a fresh SQLite file and, when
//! `OUTCRY_TEST_POSTGRES_URL` is set (CI sets it), again on a fresh PostgreSQL database created
//! for that test and dropped afterwards. One test binary (`autotests = false`).

#![allow(clippy::unwrap_used)]

mod harness;

use std::collections::BTreeMap;

use jiff::civil::date;
use outcry_domain::case::Link;
use outcry_domain::{
    ActionStatus, AddressParts, Case, CaseBundle, CaseStatus, Country, Deadline, EventKind, Lang,
    LetterAddress, Localized, ModelLetter, Pronouns, Relay, RelayStatus, Retention, Slug, Target,
    TimelineEvent, UaNumber, UrgentAction,
};
use outcry_storage::{Backend, Error, NewRelayLetter, Store, canonical_target_order};

use harness::TestDb;

/// Defines a test whose body runs once per backend, each time on a fresh, migrated database.
macro_rules! storage_test {
    ($name:ident, |$db:ident| $body:block) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            harness::run(stringify!($name), |$db: TestDb| async move { $body }).await;
        }
    };
}

// After the macro, which the modules' tests use.
mod admin;
mod appeals;
mod articles;
mod bounces;
mod outbox;

fn slug(s: &str) -> Slug {
    s.parse().unwrap()
}

fn ru_de() -> Lang {
    "de".parse().unwrap()
}

fn target(s: &str, name: &str, copies_to: &[&str]) -> Target {
    let mut t = Target::new(slug(s), name);
    t.title = "Прокурор Ямало-Ненецкого автономного округа".into();
    t.organization = "Прокуратура ЯНАО".into();
    t.address = vec![
        "ул. Ленина, д. 30".into(),
        "г. Салехард".into(),
        "629008".into(),
    ];
    t.country = Some(Country::RU);
    t.emails = vec![
        "proknadzor-iu-yanao@89.mailop.ru".parse().unwrap(),
        "prokyan-iu@yandex.ru".parse().unwrap(),
    ];
    t.phones = vec![
        "+7 (34922) 4-02-00".parse().unwrap(),
        "+7 (34992) 7-25-28".parse().unwrap(),
    ];
    t.fax = Some("+7 (34922) 4-02-01".parse().unwrap());
    t.salutations = BTreeMap::from([
        (Lang::EN, format!("Dear {name}")),
        (Lang::RU, "Уважаемый господин прокурор".to_string()),
    ]);
    t.time_zone = Some("Asia/Yekaterinburg".into());
    t.copies_to = copies_to.iter().map(|s| slug(s)).collect();
    t
}

fn letter(subject: &str) -> ModelLetter {
    ModelLetter {
        subject: subject.into(),
        salutation: "Уважаемый прокурор,".into(),
        body: "Прошу обеспечить Азату Мифтахову доступ к медицинской помощи.\n\nSecond paragraph."
            .into(),
        sign_off: "С уважением,".into(),
    }
}

/// A case with every field filled, five targets (two naming copies, one named by no action)
/// and two actions, the second continuing the first. Targets are in canonical order.
fn full_bundle() -> CaseBundle {
    let mut case = Case::new(
        slug("azat-miftakhov"),
        Localized::one(Lang::EN, "Azat Miftakhov").with(Lang::RU, "Азат Мифтахов"),
        CaseStatus::Sentenced,
    );
    case.pronouns = Pronouns::He;
    case.birth_year = Some(1993);
    case.summary = Localized::one(Lang::EN, "A mathematician.").with(Lang::RU, "Математик.");
    // Not in date order on purpose: the order given is the order kept.
    case.timeline = vec![
        TimelineEvent {
            date: date(2021, 1, 18),
            kind: EventKind::Sentence,
            text: Localized::one(Lang::RU, "Приговор: 6 лет"),
        },
        TimelineEvent {
            date: date(2019, 2, 1),
            kind: EventKind::Arrest,
            text: Localized::one(Lang::EN, "Arrested").with(Lang::RU, "Задержан"),
        },
        TimelineEvent {
            date: date(2026, 4, 21),
            kind: EventKind::Transfer,
            text: Localized::one(Lang::EN, "Transferred"),
        },
    ];
    let mut old = LetterAddress::new(
        "612744, Кировская обл., г. Омутнинск, ул. Трудовых Резервов, ФКУ ИК-17\nМифтахову Азату Фанисовичу, 1993 г.р.",
    );
    old.verified_on = Some(date(2024, 5, 1));
    old.valid_from = Some(date(2023, 9, 1));
    old.superseded_on = Some(date(2026, 4, 21));
    old.source = "support group's article, May 2024".into();
    let mut new = LetterAddress::new("629400, ЯНАО, г. Лабытнанги, ФКУ ИК-18");
    new.parts = AddressParts {
        postcode: "629400".into(),
        region: "ЯНАО".into(),
        town: "г. Лабытнанги".into(),
        street: "ул. Обская".into(),
        institution: "ФКУ ИК-18".into(),
        recipient: "Мифтахову Азату Фанисовичу".into(),
        birth_year: Some(1993),
    };
    new.verified_on = Some(date(2026, 5, 2));
    new.valid_from = Some(date(2026, 4, 21));
    new.source = "urgent action UA 45/26".into();
    case.addresses = vec![old, new];
    case.donations = Localized::one(Lang::EN, "PayPal: note *For Azat*");
    case.links = vec![
        Link {
            title: "Support group".into(),
            url: "https://example.org/azat".into(),
        },
        Link {
            title: "Статья".into(),
            url: "http://example.org/статья".into(),
        },
    ];
    case.notes = "Check the new address with the lawyer.".into();
    case.relay = Some(Relay {
        group: "Outcry demo group".into(),
        return_address: vec![
            "PO Box 0000".into(),
            "10115 Berlin".into(),
            "GERMANY".into(),
        ],
        retention_days: Some(45),
    });

    let mut first = UrgentAction::draft(
        slug("ua-45-26"),
        Localized::one(Lang::EN, "Give Azat medical care").with(Lang::RU, "Лечение для Азата"),
    );
    first.number = Some("UA 45/26".parse().unwrap());
    first.index = "EUR 46/1234/2026".into();
    first.status = ActionStatus::Published;
    first.summary = Localized::one(Lang::EN, "Summary").with(Lang::RU, "Кратко");
    first.background = Localized::one(Lang::EN, "Background").with(ru_de(), "Hintergrund");
    first.targets = vec![slug("prosecutor"), slug("governor")];
    first.preferred_languages = vec![Lang::RU, Lang::EN];
    first.published_on = Some(date(2026, 5, 1));
    first.deadline = Some(Deadline::new(date(2026, 7, 15), "Europe/Moscow"));
    first.goal = Some(5000);
    first.letters = BTreeMap::from([
        (Lang::EN, letter("Medical care for Azat Miftakhov")),
        (Lang::RU, letter("Медицинская помощь Азату Мифтахову")),
    ]);

    let mut second = UrgentAction::draft(
        slug("ua-45-26-1"),
        Localized::one(Lang::EN, "Further information"),
    );
    second.number = Some("UA 45/26-1".parse().unwrap());
    second.targets = vec![slug("governor")];
    second.preferred_languages = vec![Lang::RU];
    second.continues = Some(slug("ua-45-26"));
    second.letters = BTreeMap::from([
        (Lang::RU, letter("Повторное обращение")),
        (Lang::EN, letter("Further appeal")),
    ]);

    CaseBundle {
        case,
        targets: vec![
            target("prosecutor", "Mikhail Mityayev", &["embassy"]),
            target("governor", "Dmitry Artyukhov", &["embassy", "ombudsman"]),
            target("embassy", "Embassy of the Russian Federation", &[]),
            target("ombudsman", "Татьяна Москалькова", &[]),
            target("archive-office", "Archive office", &[]),
        ],
        actions: vec![first, second],
    }
}

/// A second case, sharing the `governor` target.
fn other_bundle() -> CaseBundle {
    let case = Case::new(
        slug("other-person"),
        Localized::one(Lang::EN, "Other Person"),
        CaseStatus::Detained,
    );
    let mut action = UrgentAction::draft(slug("ua-7-26"), Localized::one(Lang::EN, "Free them"));
    action.number = Some("UA 7/26".parse().unwrap());
    action.targets = vec![slug("governor")];
    CaseBundle {
        case,
        targets: vec![target("governor", "Dmitry Artyukhov", &[])],
        actions: vec![action],
    }
}

storage_test!(round_trip_of_a_full_bundle, |db| {
    let bundle = full_bundle();
    let report = db.store.import_bundle(&bundle).await.unwrap();
    assert!(report.case_created);
    assert_eq!(
        (report.actions_created, report.actions_updated),
        (2, 0),
        "{report:?}"
    );
    assert_eq!(
        (report.targets_created, report.targets_updated),
        (5, 0),
        "{report:?}"
    );
    let exported = db.store.export_case(&bundle.case.slug).await.unwrap();
    assert_eq!(exported, bundle);
});

storage_test!(export_gives_targets_in_canonical_order, |db| {
    let mut bundle = full_bundle();
    bundle.targets.reverse();
    db.store.import_bundle(&bundle).await.unwrap();
    let exported = db.store.export_case(&bundle.case.slug).await.unwrap();
    let slugs: Vec<&str> = exported.targets.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "prosecutor",
            "governor",
            "embassy",
            "ombudsman",
            "archive-office"
        ]
    );
    canonical_target_order(&mut bundle);
    assert_eq!(exported, bundle);
});

storage_test!(reimport_updates_in_place, |db| {
    let mut bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let ids_before = db.action_ids().await;
    let case_id_before = db.ids("SELECT id, slug FROM cases ORDER BY slug").await;

    bundle.actions[0].headline = Localized::one(Lang::EN, "New headline");
    bundle.actions[1].letters.remove(&Lang::EN);
    bundle.case.timeline.push(TimelineEvent {
        date: date(2026, 5, 20),
        kind: EventKind::IllTreatment,
        text: Localized::one(Lang::RU, "Сообщения о пытках"),
    });
    bundle.targets[1].emails.clear();
    let report = db.store.import_bundle(&bundle).await.unwrap();
    assert!(!report.case_created);
    assert_eq!((report.actions_created, report.actions_updated), (0, 2));
    assert_eq!((report.targets_created, report.targets_updated), (0, 5));

    let exported = db.store.export_case(&bundle.case.slug).await.unwrap();
    assert_eq!(exported, bundle);
    assert_eq!(db.action_ids().await, ids_before, "actions keep their ids");
    assert_eq!(
        db.ids("SELECT id, slug FROM cases ORDER BY slug").await,
        case_id_before
    );
    assert_eq!(db.count("action_letters").await, 3);
    assert_eq!(db.count("case_timeline").await, 4);
});

storage_test!(actions_left_out_of_a_file_are_kept, |db| {
    let mut bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let ids_before = db.action_ids().await;
    bundle.actions.truncate(1);
    let report = db.store.import_bundle(&bundle).await.unwrap();
    assert_eq!(
        (
            report.actions_created,
            report.actions_updated,
            report.actions_kept
        ),
        (0, 1, 1)
    );
    let exported = db.store.export_case(&bundle.case.slug).await.unwrap();
    let slugs: Vec<&str> = exported.actions.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["ua-45-26", "ua-45-26-1"]);
    assert_eq!(db.action_ids().await, ids_before);
});

storage_test!(a_follow_up_may_come_before_what_it_continues, |db| {
    let mut bundle = full_bundle();
    bundle.actions.reverse();
    canonical_target_order(&mut bundle);
    db.store.import_bundle(&bundle).await.unwrap();
    let exported = db.store.export_case(&bundle.case.slug).await.unwrap();
    assert_eq!(exported, bundle);
});

storage_test!(a_follow_up_may_continue_another_cases_action, |db| {
    db.store.import_bundle(&other_bundle()).await.unwrap();
    let mut bundle = full_bundle();
    bundle.actions[1].continues = Some(slug("ua-7-26"));
    db.store.import_bundle(&bundle).await.unwrap();
    let exported = db.store.export_case(&bundle.case.slug).await.unwrap();
    assert_eq!(exported.actions[1].continues, Some(slug("ua-7-26")));
});

storage_test!(unknown_continues_changes_nothing, |db| {
    let mut bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let before = db.snapshot(&bundle.case.slug).await;

    bundle.actions[0].headline = Localized::one(Lang::EN, "Changed");
    bundle.actions[1].continues = Some(slug("no-such-action"));
    let err = db.store.import_bundle(&bundle).await.unwrap_err();
    let Error::Invalid(v) = &err else {
        panic!("expected Invalid, got {err:?}")
    };
    assert_eq!(v.0[0].field, "actions[1].continues");
    assert_eq!(db.snapshot(&bundle.case.slug).await, before);
});

storage_test!(an_action_slug_of_another_case_is_a_conflict, |db| {
    let bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let before = db.snapshot(&bundle.case.slug).await;

    let mut other = other_bundle();
    other.actions[0].slug = slug("ua-45-26");
    let err = db.store.import_bundle(&other).await.unwrap_err();
    let Error::Conflict { constraint, .. } = &err else {
        panic!("expected Conflict, got {err:?}")
    };
    assert_eq!(constraint, "actions_slug_key");
    assert_eq!(db.snapshot(&bundle.case.slug).await, before);
    assert_eq!(db.store.list_cases().await.unwrap().len(), 1);
});

storage_test!(a_number_taken_by_another_case_rolls_everything_back, |db| {
    let bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let before = db.snapshot(&bundle.case.slug).await;

    // The database finds this one, after the case and the targets were written.
    let mut other = other_bundle();
    other.targets[0].name = "Renamed".into();
    other.actions[0].number = Some("UA 45/26".parse().unwrap());
    let err = db.store.import_bundle(&other).await.unwrap_err();
    let Error::Conflict { constraint, .. } = &err else {
        panic!("expected Conflict, got {err:?}")
    };
    assert_eq!(constraint, "actions_number_key");
    assert_eq!(db.snapshot(&bundle.case.slug).await, before);
    assert!(matches!(
        db.store.export_case(&other.case.slug).await,
        Err(Error::NotFound { entity: "case", .. })
    ));
});

storage_test!(an_invalid_bundle_writes_nothing, |db| {
    let mut bundle = full_bundle();
    bundle.actions[0].targets.push(slug("nobody"));
    bundle.case.birth_year = Some(1800);
    let err = db.store.import_bundle(&bundle).await.unwrap_err();
    let Error::Invalid(v) = &err else {
        panic!("expected Invalid, got {err:?}")
    };
    let fields: Vec<&str> = v.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["case.birth_year", "actions[0].targets[2]"]);
    assert!(db.store.list_cases().await.unwrap().is_empty());
    for table in harness::TABLES {
        assert_eq!(db.count(table).await, 0, "{table}");
    }
});

storage_test!(concurrent_imports_sharing_targets_all_succeed, |db| {
    let mut tasks = Vec::new();
    for i in 0..4 {
        let store = db.store.clone();
        let mut bundle = other_bundle();
        bundle.case.slug = slug(&format!("person-{i}"));
        bundle.actions[0].slug = slug(&format!("ua-{i}-26"));
        bundle.actions[0].number = Some(format!("UA {i}/26").parse().unwrap());
        bundle.targets.push(target("embassy", "Embassy", &[]));
        bundle.targets[0].copies_to = vec![slug("embassy")];
        tasks.push(tokio::spawn(
            async move { store.import_bundle(&bundle).await },
        ));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(db.store.list_cases().await.unwrap().len(), 4);
    assert_eq!(db.count("targets").await, 2);
    assert_eq!(
        db.store
            .target_usage(&slug("governor"))
            .await
            .unwrap()
            .len(),
        4
    );
});

storage_test!(target_usage_lists_the_actions_naming_it, |db| {
    db.store.import_bundle(&full_bundle()).await.unwrap();
    db.store.import_bundle(&other_bundle()).await.unwrap();
    let pair = |c: &str, a: &str| (slug(c), slug(a));
    assert_eq!(
        db.store.target_usage(&slug("governor")).await.unwrap(),
        [
            pair("azat-miftakhov", "ua-45-26"),
            pair("azat-miftakhov", "ua-45-26-1"),
            pair("other-person", "ua-7-26"),
        ]
    );
    assert_eq!(
        db.store.target_usage(&slug("prosecutor")).await.unwrap(),
        [pair("azat-miftakhov", "ua-45-26")]
    );
    assert!(
        db.store
            .target_usage(&slug("embassy"))
            .await
            .unwrap()
            .is_empty(),
        "a copy is not a use"
    );
    assert!(matches!(
        db.store.target_usage(&slug("nobody")).await,
        Err(Error::NotFound {
            entity: "target",
            ..
        })
    ));
});

storage_test!(a_used_target_cannot_be_deleted, |db| {
    db.store.import_bundle(&full_bundle()).await.unwrap();
    let err = db
        .execute("DELETE FROM targets WHERE slug = 'governor'")
        .await
        .unwrap_err();
    let db_err = err.as_database_error().unwrap();
    // SQLite reports a RESTRICT as a trigger failure (extended code 1811), which sqlx does not
    // classify as a foreign-key violation; its message says what happened.
    assert!(
        db_err.kind() == sqlx::error::ErrorKind::ForeignKeyViolation
            || db_err.message() == "FOREIGN KEY constraint failed",
        "{err:?}"
    );
    db.execute("DELETE FROM targets WHERE slug = 'archive-office'")
        .await
        .unwrap();
});

storage_test!(find_action_by_number_finds_case_and_action, |db| {
    db.store.import_bundle(&full_bundle()).await.unwrap();
    let number: UaNumber = "UA 45/26-1".parse().unwrap();
    assert_eq!(
        db.store.find_action_by_number(&number).await.unwrap(),
        Some((slug("azat-miftakhov"), slug("ua-45-26-1")))
    );
    let unknown: UaNumber = "UA 1/99".parse().unwrap();
    assert_eq!(
        db.store.find_action_by_number(&unknown).await.unwrap(),
        None
    );
});

storage_test!(export_of_an_unknown_case_is_not_found, |db| {
    let err = db.store.export_case(&slug("nobody")).await.unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { entity: "case", key } if key == "nobody"),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "no case \"nobody\"");
});

storage_test!(list_cases_gives_names_statuses_and_counts, |db| {
    db.store.import_bundle(&full_bundle()).await.unwrap();
    db.store.import_bundle(&other_bundle()).await.unwrap();
    let cases = db.store.list_cases().await.unwrap();
    let lines: Vec<(&str, Option<&str>, CaseStatus, usize)> = cases
        .iter()
        .map(|c| (c.slug.as_str(), c.name.get(Lang::RU), c.status, c.actions))
        .collect();
    assert_eq!(
        lines,
        [
            (
                "azat-miftakhov",
                Some("Азат Мифтахов"),
                CaseStatus::Sentenced,
                2
            ),
            ("other-person", None, CaseStatus::Detained, 1),
        ]
    );
});

storage_test!(migrations_are_idempotent, |db| {
    db.store.import_bundle(&full_bundle()).await.unwrap();
    db.store.migrate().await.unwrap();
    let again = Store::open(&db.url).await.unwrap();
    again.migrate().await.unwrap();
    assert_eq!(again.backend(), db.backend);
    assert_eq!(again.list_cases().await.unwrap().len(), 1);
    again.close().await;
});

storage_test!(
    a_migrated_database_is_ready_and_one_missing_a_migration_is_not,
    |db| {
        db.store.ready().await.unwrap();
        // As if a newer binary had migrated it further than this one knows.
        db.execute(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         SELECT 9999, 'from the future', success, checksum, execution_time FROM _sqlx_migrations \
         WHERE version = 1",
    )
    .await
    .unwrap();
        let err = db.store.ready().await.unwrap_err();
        assert!(err.to_string().contains("migration"), "{err}");
        db.execute("DELETE FROM _sqlx_migrations WHERE version = 9999")
            .await
            .unwrap();
        db.store.ready().await.unwrap();
        // As if the newest migration had not run yet (a binary newer than its database).
        db.execute(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await
    .unwrap();
        let err = db.store.ready().await.unwrap_err();
        assert!(matches!(err, Error::NotMigrated { .. }), "{err:?}");
    }
);

storage_test!(a_closed_store_is_not_ready, |db| {
    let other = Store::open(&db.url).await.unwrap();
    other.ready().await.unwrap();
    other.close().await;
    assert!(other.ready().await.is_err());
});

#[tokio::test]
async fn an_in_memory_sqlite_database_opens() {
    let store = Store::open("sqlite::memory:").await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    let bundle = full_bundle();
    store.import_bundle(&bundle).await.unwrap();
    // Every call may take another connection from the pool: all must see one database.
    let clone = store.clone();
    assert_eq!(clone.export_case(&bundle.case.slug).await.unwrap(), bundle);
    assert_eq!(store.list_cases().await.unwrap().len(), 1);
    store.close().await;
}

#[tokio::test]
async fn an_unknown_url_scheme_is_refused() {
    let err = Store::open("mysql://localhost/outcry").await.unwrap_err();
    assert!(
        err.to_string().contains("unsupported database url"),
        "{err}"
    );
}

// --- Supporters' records ---------------------------------------------------------------

fn record(action: &str, channel: outcry_domain::Channel, at: &str) -> outcry_storage::ActionRecord {
    outcry_storage::ActionRecord {
        action: slug(action),
        channel,
        lang: Lang::RU,
        country: Some(Country::RU),
        at: at.parse().unwrap(),
    }
}

storage_test!(records_are_counted_by_channel, |db| {
    use outcry_domain::Channel;
    let bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let action = bundle.actions[0].slug.clone();
    assert_eq!(db.store.action_counts(&action).await.unwrap().total, 0);
    for channel in [Channel::Email, Channel::Email, Channel::Phone] {
        db.store
            .record_action(&record(action.as_str(), channel, "2026-06-01T12:34:56Z"))
            .await
            .unwrap();
    }
    let counts = db.store.action_counts(&action).await.unwrap();
    assert_eq!(counts.total, 3);
    assert_eq!(counts.by_channel.get(&Channel::Email), Some(&2));
    assert_eq!(counts.by_channel.get(&Channel::Phone), Some(&1));
    let totals = db
        .store
        .action_totals_for_case(&bundle.case.slug)
        .await
        .unwrap();
    assert_eq!(totals.get(&action), Some(&3));
    let listed = db.store.list_actions().await.unwrap();
    assert_eq!(
        listed
            .iter()
            .find(|l| l.action.slug == action)
            .map(|l| l.total),
        Some(3)
    );
});

storage_test!(
    a_record_for_an_unknown_action_is_not_found_and_others_still_count,
    |db| {
        use outcry_domain::Channel;
        let bundle = full_bundle();
        db.store.import_bundle(&bundle).await.unwrap();
        let action = bundle.actions[0].slug.clone();
        // Sent together, so they may share a batch: the bad one must not sink the good one.
        let unknown = record("no-such-action", Channel::Email, "2026-06-01T12:00:00Z");
        let known = record(action.as_str(), Channel::Email, "2026-06-01T12:00:00Z");
        let (bad, good) = tokio::join!(
            db.store.record_action(&unknown),
            db.store.record_action(&known)
        );
        assert!(matches!(bad, Err(Error::NotFound { .. })), "{bad:?}");
        good.unwrap();
        assert_eq!(db.store.action_counts(&action).await.unwrap().total, 1);
    }
);

storage_test!(a_flood_of_concurrent_records_is_stored_in_full, |db| {
    use outcry_domain::Channel;
    let bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let action = bundle.actions[0].slug.clone();
    let mut tasks = Vec::new();
    for i in 0..600 {
        let store = db.store.clone();
        let r = record(
            action.as_str(),
            if i % 2 == 0 {
                Channel::Phone
            } else {
                Channel::Email
            },
            "2026-06-01T12:00:00Z",
        );
        tasks.push(tokio::spawn(async move { store.record_action(&r).await }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let counts = db.store.action_counts(&action).await.unwrap();
    assert_eq!(counts.total, 600, "every acknowledged record is stored");
    assert_eq!(counts.by_channel.get(&Channel::Phone), Some(&300));
    // What the site's metrics read: every record went through a batch, and none waits.
    let writer = db.store.record_writer();
    assert_eq!((writer.items, writer.queued), (600, 0));
    assert!(
        (3..=600).contains(&writer.batches),
        "at most 256 a batch: {writer:?}"
    );
    let batches: u64 = writer.by_size.iter().map(|(_, n)| n).sum();
    assert_eq!(batches, writer.batches);
    assert_eq!(db.store.claim_writer().batches, 0, "no form was claimed");
    let pools = db.store.pools();
    assert!(
        pools.main.size >= 1 && pools.main.size <= pools.main.max,
        "{pools:?}"
    );
    assert!(pools.writer.size >= 1, "{pools:?}");
});

storage_test!(records_keep_only_the_hour, |db| {
    use outcry_domain::Channel;
    let bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let action = bundle.actions[0].slug.clone();
    db.store
        .record_action(&record(
            action.as_str(),
            Channel::Phone,
            "2026-06-01T12:34:56Z",
        ))
        .await
        .unwrap();
    // Read the row back with a plain connection: nothing finer than the hour is there.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    let hour: String = sqlx::query_scalar("SELECT recorded_hour FROM action_records")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(hour, "2026-06-01T12:00:00Z");
    pool.close().await;
});

// --- Discounted hours -------------------------------------------------------------------

storage_test!(
    a_discounted_hour_leaves_the_counts_and_its_records_stay,
    |db| {
        use outcry_domain::Channel;
        use outcry_storage::{Discount, HourChange, HourCount};
        let bundle = full_bundle();
        db.store.import_bundle(&bundle).await.unwrap();
        let (action, other) = (
            bundle.actions[0].slug.clone(),
            bundle.actions[1].slug.clone(),
        );
        let a = action.as_str();
        for (channel, time) in [
            (Channel::Phone, "2026-06-01T10:05:00Z"),
            (Channel::Phone, "2026-06-01T10:59:59Z"),
            (Channel::Email, "2026-06-01T11:00:00Z"),
            (Channel::Email, "2026-06-01T11:30:00Z"),
            (Channel::Email, "2026-06-01T11:31:00Z"),
            (Channel::Phone, "2026-06-01T11:59:59Z"),
        ] {
            db.store
                .record_action(&record(a, channel, time))
                .await
                .unwrap();
        }
        db.store
            .record_action(&record(
                other.as_str(),
                Channel::Email,
                "2026-06-01T11:10:00Z",
            ))
            .await
            .unwrap();
        assert_eq!(db.store.action_counts(&action).await.unwrap().total, 6);

        // Any moment of the hour names it.
        let flood = at("2026-06-01T11:42:00Z");
        let when = at("2026-06-02T08:15:30Z");
        assert_eq!(
            db.store
                .discount_hour(&action, flood, "one script", when)
                .await
                .unwrap(),
            HourChange {
                changed: true,
                records: 4
            }
        );
        let counts = db.store.action_counts(&action).await.unwrap();
        assert_eq!(counts.total, 2);
        assert_eq!(counts.by_channel.get(&Channel::Phone), Some(&2));
        assert_eq!(counts.by_channel.get(&Channel::Email), None);
        let totals = db
            .store
            .action_totals_for_case(&bundle.case.slug)
            .await
            .unwrap();
        assert_eq!(totals.get(&action), Some(&2));
        assert_eq!(
            totals.get(&other),
            Some(&1),
            "another action's hour is its own"
        );
        let listed = db.store.list_actions().await.unwrap();
        let total_of = |slug: &Slug| {
            listed
                .iter()
                .find(|l| &l.action.slug == slug)
                .map(|l| l.total)
        };
        assert_eq!((total_of(&action), total_of(&other)), (Some(2), Some(1)));
        assert_eq!(db.count("action_records").await, 7, "nothing is deleted");

        // Again: no change, and the first decision stands with its time and reason.
        assert_eq!(
            db.store
                .discount_hour(&action, flood, "again", at("2026-06-03T00:00:00Z"))
                .await
                .unwrap(),
            HourChange {
                changed: false,
                records: 4
            }
        );
        // An hour with no records can be discounted too (ahead of a flood still going on).
        assert_eq!(
            db.store
                .discount_hour(&action, at("2026-06-01T13:00:00Z"), "", when)
                .await
                .unwrap(),
            HourChange {
                changed: true,
                records: 0
            }
        );
        let hour = |h: &str, recorded: u64, discount: Option<(&str, &str)>| HourCount {
            hour: at(h),
            recorded,
            discount: discount.map(|(t, reason)| Discount {
                at: at(t),
                reason: reason.into(),
            }),
        };
        assert_eq!(
            db.store
                .hourly_counts(&action, at("2026-06-01T00:00:00Z"))
                .await
                .unwrap(),
            [
                hour("2026-06-01T10:00:00Z", 2, None),
                hour(
                    "2026-06-01T11:00:00Z",
                    4,
                    Some(("2026-06-02T08:15:30Z", "one script"))
                ),
                hour(
                    "2026-06-01T13:00:00Z",
                    0,
                    Some(("2026-06-02T08:15:30Z", ""))
                ),
            ]
        );
        assert_eq!(
            db.store
                .hourly_counts(&action, at("2026-06-01T11:59:00Z"))
                .await
                .unwrap()
                .len(),
            2,
            "from the hour `since` falls in"
        );

        // Restoring counts the hour again and keeps the decision on record.
        let back = at("2026-06-02T09:00:00Z");
        assert_eq!(
            db.store.restore_hour(&action, flood, back).await.unwrap(),
            HourChange {
                changed: true,
                records: 4
            }
        );
        assert_eq!(db.store.action_counts(&action).await.unwrap().total, 6);
        assert_eq!(
            db.store.restore_hour(&action, flood, back).await.unwrap(),
            HourChange {
                changed: false,
                records: 4
            }
        );
        assert_eq!(
            db.store
                .hourly_counts(&action, at("2026-06-01T11:00:00Z"))
                .await
                .unwrap()[0],
            hour("2026-06-01T11:00:00Z", 4, None)
        );
        // And the same hour may be discounted once more.
        assert!(
            db.store
                .discount_hour(&action, flood, "for good", back)
                .await
                .unwrap()
                .changed
        );
        assert_eq!(db.store.action_counts(&action).await.unwrap().total, 2);
        assert_eq!(
            db.ids(
                "SELECT id, hour || ' ' || reason || ' ' || COALESCE(restored_at, 'in force') \
             FROM discounted_hours ORDER BY id"
            )
            .await
            .into_iter()
            .map(|(_, row)| row)
            .collect::<Vec<_>>(),
            [
                "2026-06-01T11:00:00Z one script 2026-06-02T09:00:00.000000Z",
                "2026-06-01T13:00:00Z  in force",
                "2026-06-01T11:00:00Z for good in force",
            ]
        );
    }
);

storage_test!(discounting_an_unknown_action_is_not_found, |db| {
    db.store.import_bundle(&full_bundle()).await.unwrap();
    let nobody = slug("no-such-action");
    let now = at("2026-06-02T00:00:00Z");
    let not_found = |e: &Error| {
        matches!(
            e,
            Error::NotFound {
                entity: "action",
                ..
            }
        )
    };
    assert!(not_found(
        &db.store
            .discount_hour(&nobody, now, "", now)
            .await
            .unwrap_err()
    ));
    assert!(not_found(
        &db.store.restore_hour(&nobody, now, now).await.unwrap_err()
    ));
    assert!(not_found(
        &db.store.hourly_counts(&nobody, now).await.unwrap_err()
    ));
    assert_eq!(db.count("discounted_hours").await, 0);
});

// --- One-time form ids ------------------------------------------------------------------

/// Form ids as the site makes them: 22 characters of base64url.
const FORM: &str = "AAAAAAAAAAAAAAAAAAAAAA";
const OTHER_FORM: &str = "BBBBBBBBBBBBBBBBBBBBBB";

storage_test!(
    a_form_is_claimed_once_per_scope_and_nothing_else_is_kept,
    |db| {
        let (expires, now) = (at("2026-06-02T00:17:42Z"), at("2026-06-01T12:17:42Z"));
        let claim = |form: &'static str, scope: &'static str| {
            let store = db.store.clone();
            async move { store.claim_form(form, scope, expires, now).await.unwrap() }
        };
        assert!(claim(FORM, "done:ua-45-26:phone").await, "the first use");
        assert!(!claim(FORM, "done:ua-45-26:phone").await, "a replay");
        assert!(!claim(FORM, "done:ua-45-26:phone").await, "and another");
        assert!(
            claim(FORM, "done:ua-45-26:email").await,
            "the page's other form"
        );
        assert!(
            claim(OTHER_FORM, "done:ua-45-26:phone").await,
            "another page"
        );
        // The id, the scope and an hour at or after the token's expiry: nothing finer, nothing more.
        assert_eq!(
            db.form_claims().await,
            [
                (FORM, "done:ua-45-26:email", "2026-06-02T01:00:00Z"),
                (FORM, "done:ua-45-26:phone", "2026-06-02T01:00:00Z"),
                (OTHER_FORM, "done:ua-45-26:phone", "2026-06-02T01:00:00Z"),
            ]
            .map(|(f, s, h)| (f.to_string(), s.to_string(), h.to_string()))
        );
        // A claim whose count failed is given back, and the form may be used again.
        db.store
            .release_form(FORM, "done:ua-45-26:phone")
            .await
            .unwrap();
        assert!(claim(FORM, "done:ua-45-26:phone").await);
        db.store.release_form("nothing", "here").await.unwrap();
    }
);

storage_test!(expired_claims_are_purged_and_never_before, |db| {
    // Expires one second past midnight: kept to the hour, rounded up, that is 01:00.
    let expires = at("2026-06-02T00:00:01Z");
    let store = &db.store;
    assert!(
        store
            .claim_form(FORM, "s", expires, at("2026-06-01T12:00:01Z"))
            .await
            .unwrap()
    );
    // An expiry on the hour stays on it.
    assert!(
        store
            .claim_form(
                OTHER_FORM,
                "s",
                at("2026-06-02T03:00:00Z"),
                at("2026-06-01T15:00:00Z")
            )
            .await
            .unwrap()
    );
    for still_valid in [
        "2026-06-01T23:59:59Z",
        "2026-06-02T00:00:01Z",
        "2026-06-02T01:59:59Z",
    ] {
        assert_eq!(
            store.purge_form_claims(at(still_valid)).await.unwrap(),
            0,
            "{still_valid}"
        );
    }
    assert_eq!(db.count("form_claims").await, 2);
    assert_eq!(
        store
            .purge_form_claims(at("2026-06-02T02:00:00Z"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(db.form_claims().await.len(), 1);
    assert_eq!(db.form_claims().await[0].2, "2026-06-02T03:00:00Z");
    assert_eq!(
        store
            .purge_form_claims(at("2026-06-02T04:00:00Z"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(db.count("form_claims").await, 0);
});

storage_test!(
    concurrent_claims_of_one_form_have_exactly_one_winner,
    |db| {
        let (expires, now) = (at("2026-06-02T12:00:00Z"), at("2026-06-02T00:00:00Z"));
        // Sixteen posts of one form among fifty other forms, all at once: they share batches, so
        // both the batch's own first-wins rule and the database's key are exercised.
        let mut tasks = Vec::new();
        for i in 0..66 {
            let store = db.store.clone();
            let form = if i % 4 == 0 && i < 64 {
                FORM.to_string()
            } else {
                format!("{i:0>22}")
            };
            tasks.push(tokio::spawn(async move {
                let won = store
                    .claim_form(&form, "done:ua-45-26:phone", expires, now)
                    .await;
                (form, won)
            }));
        }
        let (mut won, mut others) = (0, 0);
        for task in tasks {
            let (form, result) = task.await.unwrap();
            match (form == FORM, result.unwrap()) {
                (true, true) => won += 1,
                (true, false) => {}
                (false, first) => {
                    assert!(first, "{form} is claimed once and wins");
                    others += 1;
                }
            }
        }
        assert_eq!(won, 1, "exactly one post of a form counts");
        assert_eq!(others, 50);
        assert_eq!(db.count("form_claims").await, 51);
    }
);

// --- Relay letters ----------------------------------------------------------------------
//
// Storage never sees a letter's words: the web face seals them first. Here the "sealed" bytes
// are the text itself, which is all these tests need to tell letters apart; the sealing is
// tested in crates/seal and, end to end, in tests/cli.rs.

fn relay_letter(text: &str) -> NewRelayLetter {
    NewRelayLetter {
        lang: Lang::EN,
        sealed: text.as_bytes().to_vec(),
        warnings: Vec::new(),
    }
}

/// A cap no test reaches.
const CAP: u64 = 1_000;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

/// The demo-like case (in relay mode) and the other case (not), imported; the first's slug.
async fn relay_cases(db: &TestDb) -> Slug {
    let bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    db.store.import_bundle(&other_bundle()).await.unwrap();
    bundle.case.slug
}

/// Submits letters with these texts, an hour apart from 10:00; their ids.
async fn submit_all(db: &TestDb, case: &Slug, texts: &[&str]) -> Vec<i64> {
    let mut ids = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let now = at(&format!("2026-06-01T{:02}:17:42Z", 10 + i));
        ids.push(
            db.store
                .submit_relay_letter(case, &relay_letter(text), now, CAP)
                .await
                .unwrap(),
        );
    }
    ids
}

fn texts(queue: &[outcry_storage::QueuedLetter]) -> Vec<String> {
    queue
        .iter()
        .map(|q| String::from_utf8(q.sealed.clone().unwrap_or_default()).unwrap())
        .collect()
}

fn now() -> jiff::Timestamp {
    at("2026-06-03T08:00:00Z")
}

storage_test!(the_relay_setting_round_trips_and_can_be_taken_out, |db| {
    let mut bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let exported = db.store.export_case(&bundle.case.slug).await.unwrap();
    assert_eq!(exported.case.relay, bundle.case.relay);
    let id = db
        .store
        .submit_relay_letter(
            &bundle.case.slug,
            &relay_letter("Hi"),
            at("2026-06-01T10:00:00Z"),
            CAP,
        )
        .await
        .unwrap();
    assert_eq!(db.store.relay_case_count().await.unwrap(), 1);

    bundle.case.relay = None;
    db.store.import_bundle(&bundle).await.unwrap();
    let exported = db.store.export_case(&bundle.case.slug).await.unwrap();
    assert_eq!(exported, bundle);
    let err = db
        .store
        .submit_relay_letter(
            &bundle.case.slug,
            &relay_letter("Hi"),
            at("2026-06-01T10:00:00Z"),
            CAP,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RelayClosed { .. }), "{err:?}");
    let kept = db.store.relay_queue(&bundle.case.slug, None).await.unwrap();
    assert_eq!(
        kept.iter().map(|q| q.id).collect::<Vec<_>>(),
        [id],
        "leaving relay mode keeps the letters already submitted"
    );
    assert_eq!(db.store.relay_case_count().await.unwrap(), 0);
});

storage_test!(a_letter_is_refused_without_relay_mode_or_a_case, |db| {
    relay_cases(&db).await;
    let now = at("2026-06-01T10:00:00Z");
    let err = db
        .store
        .submit_relay_letter(&slug("other-person"), &relay_letter("Hi"), now, CAP)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::RelayClosed { case } if case == "other-person"),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("takes no letters for relay"),
        "{err}"
    );
    let err = db
        .store
        .submit_relay_letter(&slug("nobody"), &relay_letter("Hi"), now, CAP)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::NotFound { entity: "case", .. }),
        "{err:?}"
    );
    assert_eq!(db.count("relay_letters").await, 0);
});

storage_test!(a_full_queue_refuses_more_pending_letters, |db| {
    let case = relay_cases(&db).await;
    let ids = submit_all(&db, &case, &["a", "b"]).await;
    let full = db
        .store
        .submit_relay_letter(&case, &relay_letter("c"), now(), 2)
        .await
        .unwrap_err();
    assert!(
        matches!(&full, Error::RelayQueueFull { cap: 2, .. }),
        "{full:?}"
    );
    assert_eq!(db.count("relay_letters").await, 2, "nothing stored");
    // Moderating makes room: the cap is on letters nobody has read yet.
    db.store
        .set_relay_status(&ids[..1], RelayStatus::Approved, now())
        .await
        .unwrap();
    db.store
        .submit_relay_letter(&case, &relay_letter("c"), now(), 2)
        .await
        .unwrap();
});

storage_test!(the_queue_is_by_hour_with_random_ids, |db| {
    let case = relay_cases(&db).await;
    let late = db
        .store
        .submit_relay_letter(
            &case,
            &relay_letter("late"),
            at("2026-06-02T09:59:59Z"),
            CAP,
        )
        .await
        .unwrap();
    let ids = submit_all(&db, &case, &["first", "second"]).await;
    let queue = db.store.relay_queue(&case, None).await.unwrap();
    assert_eq!(texts(&queue), ["first", "second", "late"]);
    assert!(queue.iter().all(|q| q.status == RelayStatus::Pending));
    assert_eq!(queue[0].id, ids[0]);
    assert_eq!(queue[0].submitted_hour, at("2026-06-01T10:00:00Z"));
    assert_eq!(queue[0].lang, Lang::EN);
    assert_eq!(queue[0].closed_hour, None);
    // Ten random digits each, in no order: 20 letters submitted one after the other are
    // not stored with ids that rise with them.
    let many = submit_all_same_hour(&db, &case, &["x"; 20]).await;
    assert!(
        many.iter()
            .chain([&late])
            .all(|id| (1_000_000_000..10_000_000_000).contains(id)),
        "{many:?}"
    );
    assert!(
        many.windows(2).any(|w| w[0] > w[1]),
        "ids rise with submission: {many:?}"
    );

    db.store
        .set_relay_status(&[late], RelayStatus::Approved, now())
        .await
        .unwrap();
    let approved = db
        .store
        .relay_queue(&case, Some(RelayStatus::Approved))
        .await
        .unwrap();
    assert_eq!(texts(&approved), ["late"]);
    assert!(
        db.store
            .relay_queue(&slug("other-person"), None)
            .await
            .unwrap()
            .is_empty(),
        "another case's queue is its own"
    );
    let err = db
        .store
        .relay_queue(&slug("nobody"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    let by_id = db.store.relay_letters(&[ids[1], 42, late]).await.unwrap();
    assert_eq!(texts(&by_id), ["second", "late"]);
});

storage_test!(approving_and_rejecting_count_only_what_changed, |db| {
    let case = relay_cases(&db).await;
    let ids = submit_all(&db, &case, &["a", "b", "c", "d"]).await;
    let store = &db.store;
    let set = |ids: Vec<i64>, to| async move { store.set_relay_status(&ids, to, now()).await };
    assert_eq!(set(vec![], RelayStatus::Approved).await.unwrap(), 0);
    assert_eq!(
        set(vec![ids[0], ids[1], ids[1], 999_999], RelayStatus::Approved)
            .await
            .unwrap(),
        2,
        "a repeated id counts once, an unknown one not at all"
    );
    assert_eq!(
        set(ids[..2].to_vec(), RelayStatus::Approved).await.unwrap(),
        0,
        "already approved"
    );
    assert_eq!(
        set(ids[1..3].to_vec(), RelayStatus::Rejected)
            .await
            .unwrap(),
        2
    );
    // A rejected letter may be reconsidered, and an approved one held back.
    assert_eq!(set(vec![ids[2]], RelayStatus::Pending).await.unwrap(), 1);
    for to in [RelayStatus::Printed, RelayStatus::Printing] {
        let err = set(ids.clone(), to).await.unwrap_err();
        assert!(matches!(err, Error::PrintedOnlyByPrinting), "{err:?}");
    }

    // Printed letters stay printed, whatever is asked.
    let batch = store.claim_for_printing(&case, "batch-1").await.unwrap();
    assert_eq!(texts(&batch.letters), ["a"]);
    assert_eq!(store.mark_printed(&batch.name, now()).await.unwrap(), 1);
    for to in [
        RelayStatus::Pending,
        RelayStatus::Approved,
        RelayStatus::Rejected,
    ] {
        assert_eq!(set(vec![ids[0]], to).await.unwrap(), 0, "{to:?}");
    }
    let statuses: Vec<RelayStatus> = store
        .relay_queue(&case, None)
        .await
        .unwrap()
        .iter()
        .map(|q| q.status)
        .collect();
    assert_eq!(
        statuses,
        [
            RelayStatus::Printed,
            RelayStatus::Rejected,
            RelayStatus::Pending,
            RelayStatus::Pending
        ]
    );
});

storage_test!(
    a_print_run_claims_first_so_a_letter_rejected_meanwhile_is_not_printed,
    |db| {
        let case = relay_cases(&db).await;
        let ids = submit_all(&db, &case, &["a", "b", "c", "d"]).await;
        let store = &db.store;
        store
            .set_relay_status(&[ids[0], ids[2], ids[3]], RelayStatus::Approved, now())
            .await
            .unwrap();
        // Rejected before the run claims: never in it.
        store
            .set_relay_status(&[ids[3]], RelayStatus::Rejected, now())
            .await
            .unwrap();
        let batch = store
            .claim_for_printing(&case, "2026-06-02.pdf")
            .await
            .unwrap();
        assert_eq!(texts(&batch.letters), ["a", "c"]);
        assert!(batch.name.starts_with("2026-06-02.pdf #"), "{}", batch.name);
        // While it renders, its letters cannot be moderated, nor claimed by another run.
        assert_eq!(
            store
                .set_relay_status(&[ids[0]], RelayStatus::Rejected, now())
                .await
                .unwrap(),
            0
        );
        let other = store
            .claim_for_printing(&case, "2026-06-02.pdf")
            .await
            .unwrap();
        assert!(other.letters.is_empty());
        assert_ne!(other.name, batch.name, "two runs never share a name");
        assert_eq!(store.relay_counts(&case).await.unwrap().printing, 2);

        assert_eq!(store.mark_printed(&batch.name, now()).await.unwrap(), 2);
        assert_eq!(
            store.mark_printed(&batch.name, now()).await.unwrap(),
            0,
            "once"
        );
        let printed = store
            .relay_queue(&case, Some(RelayStatus::Printed))
            .await
            .unwrap();
        assert_eq!(texts(&printed), ["a", "c"]);
        assert!(
            printed
                .iter()
                .all(|q| q.closed_hour == Some(at("2026-06-03T08:00:00Z")))
        );

        // A failed run gives its letters back.
        store
            .set_relay_status(&[ids[1]], RelayStatus::Approved, now())
            .await
            .unwrap();
        let failed = store.claim_for_printing(&case, "x.pdf").await.unwrap();
        assert_eq!(store.release_batch(&failed.name).await.unwrap(), 1);
        let approved = store
            .relay_queue(&case, Some(RelayStatus::Approved))
            .await
            .unwrap();
        assert_eq!(texts(&approved), ["b"]);
    }
);

storage_test!(two_print_runs_at_once_never_both_claim_a_letter, |db| {
    let case = relay_cases(&db).await;
    let texts: Vec<String> = (0..40).map(|i| format!("letter {i}")).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let ids = submit_all_same_hour(&db, &case, &refs).await;
    db.store
        .set_relay_status(&ids, RelayStatus::Approved, now())
        .await
        .unwrap();
    let mut runs = Vec::new();
    for _ in 0..4 {
        let store = db.store.clone();
        let case = case.clone();
        runs.push(tokio::spawn(async move {
            let batch = store.claim_for_printing(&case, "run").await?;
            store.mark_printed(&batch.name, now()).await
        }));
    }
    let mut total = 0;
    for run in runs {
        total += run.await.unwrap().unwrap();
    }
    assert_eq!(total, 40, "every letter was printed by exactly one run");
    assert_eq!(db.store.relay_counts(&case).await.unwrap().printed, 40);
});

/// Submits letters all in one hour; their ids.
async fn submit_all_same_hour(db: &TestDb, case: &Slug, texts: &[&str]) -> Vec<i64> {
    let mut ids = Vec::new();
    for text in texts {
        ids.push(
            db.store
                .submit_relay_letter(case, &relay_letter(text), at("2026-06-01T10:00:00Z"), CAP)
                .await
                .unwrap(),
        );
    }
    ids
}

storage_test!(relay_counts_count_each_status, |db| {
    let case = relay_cases(&db).await;
    assert_eq!(
        db.store.relay_counts(&case).await.unwrap(),
        outcry_storage::RelayCounts::default()
    );
    let ids = submit_all(&db, &case, &["a", "b", "c", "d", "e", "f"]).await;
    db.store
        .set_relay_status(&ids[..1], RelayStatus::Approved, now())
        .await
        .unwrap();
    let batch = db.store.claim_for_printing(&case, "b1").await.unwrap();
    db.store.mark_printed(&batch.name, now()).await.unwrap();
    db.store
        .set_relay_status(&ids[1..3], RelayStatus::Approved, now())
        .await
        .unwrap();
    db.store
        .set_relay_status(&ids[3..4], RelayStatus::Rejected, now())
        .await
        .unwrap();
    assert_eq!(
        db.store.relay_counts(&case).await.unwrap(),
        outcry_storage::RelayCounts {
            pending: 2,
            approved: 2,
            rejected: 1,
            printing: 0,
            printed: 1,
        }
    );
    assert_eq!(
        db.store.relay_counts(&slug("other-person")).await.unwrap(),
        outcry_storage::RelayCounts::default()
    );
    let err = db.store.relay_counts(&slug("nobody")).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
});

storage_test!(sealed_bytes_and_warnings_round_trip_byte_for_byte, |db| {
    let case = relay_cases(&db).await;
    let sealed: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let letter = NewRelayLetter {
        lang: "uk".parse().unwrap(),
        sealed: sealed.clone(),
        warnings: vec!["censor-war".into(), "censor-insult".into()],
    };
    let id = db
        .store
        .submit_relay_letter(&case, &letter, at("2026-06-01T23:59:59.999Z"), CAP)
        .await
        .unwrap();
    let queue = db.store.relay_queue(&case, None).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].id, id);
    assert_eq!(queue[0].sealed.as_deref(), Some(&sealed[..]));
    assert_eq!(queue[0].warnings, letter.warnings);
    assert_eq!(queue[0].lang, letter.lang);
    assert_eq!(queue[0].submitted_hour, at("2026-06-01T23:00:00Z"));
    let rows = db.ids("SELECT id, submitted_hour FROM relay_letters").await;
    assert_eq!(rows[0].1, "2026-06-01T23:00:00Z", "only the hour is kept");
});

storage_test!(
    retention_erases_the_sealed_content_and_keeps_the_counts,
    |db| {
        let case = relay_cases(&db).await;
        let ids = submit_all(
            &db,
            &case,
            &["printed early", "rejected early", "kept", "pending"],
        )
        .await;
        let store = &db.store;
        let early = at("2026-06-01T10:30:00Z");
        let later = at("2026-06-20T10:30:00Z");
        store
            .set_relay_status(&ids[..1], RelayStatus::Approved, early)
            .await
            .unwrap();
        let batch = store.claim_for_printing(&case, "b").await.unwrap();
        store.mark_printed(&batch.name, early).await.unwrap();
        store
            .set_relay_status(&ids[1..2], RelayStatus::Rejected, early)
            .await
            .unwrap();
        store
            .set_relay_status(&ids[2..3], RelayStatus::Rejected, later)
            .await
            .unwrap();
        // The case keeps its letters 45 days (full_bundle's relay setting), so on 25 July
        // those closed by 10 June go. By the site's 30 days the one of 20 June would go too.
        let (now, site) = (at("2026-07-25T00:00:00Z"), Retention { default_days: 30 });
        let expired = store.expired_letters(now, site).await.unwrap();
        assert_eq!(expired.iter().map(|e| e.id).collect::<Vec<_>>(), {
            let mut first_two = ids[..2].to_vec();
            first_two.sort();
            first_two
        });
        assert!(
            expired
                .iter()
                .all(|e| e.case == case && e.closed_hour == at("2026-06-01T10:00:00Z"))
        );
        let before = store.relay_counts(&case).await.unwrap();
        assert_eq!(store.erase_expired_letters(now, site).await.unwrap(), 2);
        assert_eq!(
            store.erase_expired_letters(now, site).await.unwrap(),
            0,
            "once"
        );
        assert_eq!(
            store.relay_counts(&case).await.unwrap(),
            before,
            "counts stay"
        );
        let after = store.relay_letters(&ids).await.unwrap();
        assert_eq!(
            after.iter().map(|q| q.sealed.is_some()).collect::<Vec<_>>(),
            [false, false, true, true]
        );
        // An erased rejected letter cannot be approved again: there is nothing left to print.
        assert_eq!(
            store
                .set_relay_status(&ids[1..2], RelayStatus::Approved, later)
                .await
                .unwrap(),
            0
        );
    }
);

storage_test!(
    erased_letters_are_gone_from_the_sqlite_file_and_its_wal,
    |db| {
        if db.backend != Backend::Sqlite {
            return;
        }
        let case = relay_cases(&db).await;
        // Distinctive bytes, as the sealed letter would be: found in the file before, not after.
        let marker = b"SEALED-LETTER-CONTENT-0123456789-RETENTION-MARKER".repeat(20);
        let letter = NewRelayLetter {
            lang: Lang::RU,
            sealed: marker.clone(),
            warnings: Vec::new(),
        };
        let id = db
            .store
            .submit_relay_letter(&case, &letter, at("2026-06-01T10:00:00Z"), CAP)
            .await
            .unwrap();
        let path = db.url.trim_start_matches("sqlite://");
        let path = path.split('?').next().unwrap().to_string();
        let on_disk = || {
            let mut bytes = std::fs::read(&path).unwrap();
            bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
            bytes
        };
        let needle = &marker[..48];
        assert!(
            on_disk().windows(needle.len()).any(|w| w == needle),
            "the test must see the letter in the file first"
        );
        db.store
            .set_relay_status(&[id], RelayStatus::Rejected, at("2026-06-01T11:00:00Z"))
            .await
            .unwrap();
        let erased = db
            .store
            .erase_expired_letters(at("2026-07-20T00:00:00Z"), Retention { default_days: 30 })
            .await
            .unwrap();
        assert_eq!(erased, 1);
        let bytes = on_disk();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "erased content is still in {path} or its -wal"
        );
    }
);

storage_test!(action_records_get_random_ids, |db| {
    let bundle = full_bundle();
    db.store.import_bundle(&bundle).await.unwrap();
    let action = bundle.actions[0].slug.clone();
    for minute in 0..20 {
        let record = outcry_storage::ActionRecord {
            action: action.clone(),
            channel: outcry_domain::Channel::Email,
            lang: Lang::EN,
            country: None,
            at: at(&format!("2026-06-01T10:{minute:02}:00Z")),
        };
        db.store.record_action(&record).await.unwrap();
    }
    let ids: Vec<(i64, String)> = db
        .ids("SELECT id, recorded_hour FROM action_records ORDER BY recorded_hour")
        .await;
    assert_eq!(ids.len(), 20);
    let mut sorted: Vec<i64> = ids.iter().map(|(id, _)| *id).collect();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 20, "distinct");
    assert!(
        sorted.iter().filter(|id| **id > 1 << 40).count() >= 19,
        "random 63-bit ids, not 1, 2, 3: {sorted:?}"
    );
});
