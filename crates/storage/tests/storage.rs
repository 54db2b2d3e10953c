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
    LetterAddress, Localized, ModelLetter, Pronouns, Slug, Target, TimelineEvent, UaNumber,
    UrgentAction,
};
use outcry_storage::{Backend, Error, Store, canonical_target_order};

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
