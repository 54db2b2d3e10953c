//! News on both databases: articles and authors round-trip, translations share a slug, lists
//! filter and paginate newest first, and an article naming what is not stored is refused
//! with nothing written.

use jiff::civil::date;
use outcry_domain::{Article, Author, Lang, Localized, Slug};
use outcry_storage::{ArticleFilter, Error};

use crate::harness::{self, TestDb};
use crate::{full_bundle, slug};

fn author(s: &str) -> Author {
    Author {
        slug: slug(s),
        name: Localized::one(Lang::EN, "Anna Writer").with(Lang::RU, "Анна Писарева"),
        bio: Localized::one(Lang::EN, "Volunteer *since* 2020."),
    }
}

fn article(s: &str, lang: Lang, on: (i16, i8, i8)) -> Article {
    Article {
        slug: slug(s),
        lang,
        title: format!("Title of {s} in {lang}"),
        author: slug("anna-writer"),
        published: date(on.0, on.1, on.2),
        summary: "What happened.".into(),
        body: "# Heading\n\nSome **Markdown**.".into(),
        case: None,
        action: None,
        column: false,
    }
}

/// The author, and the case file (for its case and actions).
async fn setup(db: &TestDb) {
    db.store.import_bundle(&full_bundle()).await.unwrap();
    db.store
        .upsert_author(&author("anna-writer"))
        .await
        .unwrap();
}

fn slugs(list: &[Article]) -> Vec<String> {
    list.iter()
        .map(|a| format!("{}.{}", a.slug, a.lang))
        .collect()
}

storage_test!(an_article_and_its_author_round_trip, |db| {
    setup(&db).await;
    let mut a = article("moved", Lang::EN, (2026, 5, 4));
    a.case = Some(slug("azat-miftakhov"));
    a.action = Some(slug("ua-45-26"));
    a.column = true;
    assert!(db.store.upsert_article(&a).await.unwrap(), "created");
    assert_eq!(
        db.store.article(&a.slug, Lang::EN).await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(db.store.article(&a.slug, Lang::RU).await.unwrap(), None);
    assert_eq!(
        db.store.author(&slug("anna-writer")).await.unwrap(),
        Some(author("anna-writer"))
    );
    assert_eq!(db.store.author(&slug("nobody")).await.unwrap(), None);
    db.store.upsert_author(&author("boris")).await.unwrap();
    let all: Vec<Slug> = db
        .store
        .authors()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.slug)
        .collect();
    assert_eq!(all, [slug("anna-writer"), slug("boris")]);
});

storage_test!(translations_share_a_slug, |db| {
    setup(&db).await;
    for lang in [Lang::RU, Lang::EN] {
        let created = db
            .store
            .upsert_article(&article("moved", lang, (2026, 5, 4)))
            .await
            .unwrap();
        assert!(created);
    }
    db.store
        .upsert_article(&article("other", Lang::EN, (2026, 5, 5)))
        .await
        .unwrap();
    assert_eq!(
        db.store.article_languages(&slug("moved")).await.unwrap(),
        [Lang::EN, Lang::RU]
    );
    assert_eq!(db.store.article_languages(&slug("none")).await.unwrap(), []);
    let ru = db.store.article(&slug("moved"), Lang::RU).await.unwrap();
    assert_eq!(ru.map(|a| a.title), Some("Title of moved in ru".into()));
});

storage_test!(lists_filter_and_paginate_newest_first, |db| {
    setup(&db).await;
    db.store.upsert_author(&author("boris")).await.unwrap();
    let mut items = vec![
        article("b-old", Lang::EN, (2025, 1, 1)),
        article("a-same-day", Lang::EN, (2026, 3, 1)),
        article("b-same-day", Lang::EN, (2026, 3, 1)),
        article("newest", Lang::EN, (2026, 6, 1)),
        article("newest", Lang::RU, (2026, 6, 1)),
    ];
    items[0].author = slug("boris");
    items[0].column = true;
    items[2].case = Some(slug("azat-miftakhov"));
    items[3].case = Some(slug("azat-miftakhov"));
    for a in &items {
        db.store.upsert_article(a).await.unwrap();
    }
    let all = ArticleFilter::default();
    assert_eq!(
        slugs(&db.store.articles(&all).await.unwrap()),
        [
            "newest.en",
            "newest.ru",
            "a-same-day.en",
            "b-same-day.en",
            "b-old.en"
        ]
    );
    assert_eq!(db.store.count_articles(&all).await.unwrap(), 5);

    let en = ArticleFilter {
        lang: Some(Lang::EN),
        limit: 2,
        ..ArticleFilter::default()
    };
    assert_eq!(
        slugs(&db.store.articles(&en).await.unwrap()),
        ["newest.en", "a-same-day.en"]
    );
    let page2 = ArticleFilter {
        offset: 2,
        ..en.clone()
    };
    assert_eq!(
        slugs(&db.store.articles(&page2).await.unwrap()),
        ["b-same-day.en", "b-old.en"]
    );
    let page3 = ArticleFilter {
        offset: 4,
        ..en.clone()
    };
    assert!(db.store.articles(&page3).await.unwrap().is_empty());
    assert_eq!(
        db.store.count_articles(&page3).await.unwrap(),
        4,
        "offset ignored"
    );

    let by_boris = ArticleFilter {
        author: Some(slug("boris")),
        ..ArticleFilter::default()
    };
    assert_eq!(
        slugs(&db.store.articles(&by_boris).await.unwrap()),
        ["b-old.en"]
    );
    let columns = ArticleFilter {
        column: Some(true),
        ..ArticleFilter::default()
    };
    assert_eq!(
        slugs(&db.store.articles(&columns).await.unwrap()),
        ["b-old.en"]
    );
    let news = ArticleFilter {
        column: Some(false),
        ..ArticleFilter::default()
    };
    assert_eq!(db.store.count_articles(&news).await.unwrap(), 4);
    let about_case = ArticleFilter {
        case: Some(slug("azat-miftakhov")),
        lang: Some(Lang::EN),
        ..ArticleFilter::default()
    };
    assert_eq!(
        slugs(&db.store.articles(&about_case).await.unwrap()),
        ["newest.en", "b-same-day.en"]
    );
});

storage_test!(an_article_naming_what_is_not_stored_is_refused, |db| {
    setup(&db).await;
    let mut a = article("moved", Lang::EN, (2026, 5, 4));
    a.author = slug("nobody");
    let err = db.store.upsert_article(&a).await.unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { entity: "author", key } if key == "nobody"),
        "{err:?}"
    );
    a.author = slug("anna-writer");
    a.case = Some(slug("no-such-case"));
    let err = db.store.upsert_article(&a).await.unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { entity: "case", .. }),
        "{err:?}"
    );
    a.case = None;
    a.action = Some(slug("no-such-action"));
    let err = db.store.upsert_article(&a).await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::NotFound {
                entity: "action",
                ..
            }
        ),
        "{err:?}"
    );
    a.action = None;
    a.title = "Bad\u{202E}".into();
    let err = db.store.upsert_article(&a).await.unwrap_err();
    assert!(matches!(&err, Error::Invalid(_)), "{err:?}");
    assert_eq!(db.count("articles").await, 0);

    let mut look_alike = author("anna-writer");
    look_alike.name = Localized::one(Lang::EN, "Ann\u{0430} Writer");
    let err = db.store.upsert_author(&look_alike).await.unwrap_err();
    assert!(matches!(&err, Error::Invalid(_)), "{err:?}");
    assert_eq!(
        db.store.author(&slug("anna-writer")).await.unwrap(),
        Some(author("anna-writer")),
        "the stored author is untouched"
    );
});

storage_test!(adding_again_updates_in_place, |db| {
    setup(&db).await;
    let mut a = article("moved", Lang::EN, (2026, 5, 4));
    assert!(db.store.upsert_article(&a).await.unwrap());
    a.title = "A better title".into();
    a.column = true;
    a.case = Some(slug("azat-miftakhov"));
    assert!(
        !db.store.upsert_article(&a).await.unwrap(),
        "updated, not created"
    );
    assert_eq!(db.store.article(&a.slug, Lang::EN).await.unwrap(), Some(a));
    assert_eq!(db.count("articles").await, 1);

    let mut changed = author("anna-writer");
    changed.bio = Localized::new();
    db.store.upsert_author(&changed).await.unwrap();
    assert_eq!(
        db.store.author(&slug("anna-writer")).await.unwrap(),
        Some(changed)
    );
    assert_eq!(db.count("authors").await, 1);
});

storage_test!(
    an_author_with_articles_cannot_be_deleted_behind_the_stores_back,
    |db| {
        setup(&db).await;
        db.store
            .upsert_article(&article("moved", Lang::EN, (2026, 5, 4)))
            .await
            .unwrap();
        assert!(db.execute("DELETE FROM authors").await.is_err());
        assert_eq!(db.count("authors").await, 1);
    }
);
