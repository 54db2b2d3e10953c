//! The plain-text UA importer on every layout it reads: the seed (current layout), fixtures
//! for older layouts, republications and PDF debris, and hostile input (property tests).

use jiff::civil::{Date, date};
use outcry_domain::{CaseStatus, Country, Lang, Pronouns, Target, UrgentAction};
use outcry_importer::ua_text::{Finding, Options, Severity, UaImport, parse};
use outcry_testkit::seed;
use proptest::prelude::*;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/ua/",
            $name
        ))
    };
}

const FIXTURES: &[(&str, &str)] = &[
    ("1994-ua-446-94.txt", fixture!("1994-ua-446-94.txt")),
    ("2015-ua-123-15.txt", fixture!("2015-ua-123-15.txt")),
    (
        "2015-ua-123-15-1-further-information.txt",
        fixture!("2015-ua-123-15-1-further-information.txt"),
    ),
    ("2022-ua-036-22.txt", fixture!("2022-ua-036-22.txt")),
    ("de-eilaktion.txt", fixture!("de-eilaktion.txt")),
    ("fr-action-urgente.txt", fixture!("fr-action-urgente.txt")),
    ("sv-blixtaktion.txt", fixture!("sv-blixtaktion.txt")),
    ("fi-vetoomus.txt", fixture!("fi-vetoomus.txt")),
    (
        "ru-srochnaya-akciya.txt",
        fixture!("ru-srochnaya-akciya.txt"),
    ),
    (
        "pdf-debris-ua-45-26.txt",
        fixture!("pdf-debris-ua-45-26.txt"),
    ),
];

fn today() -> Date {
    jiff::Zoned::now().date()
}

fn lang(code: &str) -> Lang {
    code.parse().expect("language code")
}

fn published(d: Date) -> Options {
    Options { published: Some(d) }
}

fn action(r: &UaImport) -> &UrgentAction {
    r.bundle.actions.first().expect("one action")
}

fn target(r: &UaImport, i: usize) -> &Target {
    r.bundle.targets.get(i).expect("target")
}

fn missing(r: &UaImport) -> Vec<&Finding> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Missing)
        .collect()
}

fn assert_valid(name: &str, r: &UaImport) {
    if let Err(v) = r.bundle.validate(today()) {
        panic!("{name}: bundle does not validate:\n{v}");
    }
}

fn letter_in(r: &UaImport, l: Lang) -> &outcry_domain::ModelLetter {
    action(r).letters.get(&l).expect("letter in language")
}

#[test]
fn every_fixture_gives_a_valid_bundle_with_and_without_a_publication_date() {
    for (name, text) in FIXTURES {
        for options in [Options::default(), published(date(2026, 5, 1))] {
            assert_valid(name, &parse(text, &options));
        }
    }
}

#[test]
fn the_seed_in_the_current_layout() {
    let Some(text) = seed::urgent_action() else {
        return;
    };
    let r = parse(&text, &published(date(2026, 5, 1)));
    assert_valid("seed", &r);
    assert!(missing(&r).is_empty(), "{:?}", r.findings);

    let case = &r.bundle.case;
    assert_eq!(case.slug.as_str(), "azat-miftakhov");
    assert_eq!(case.name.get(Lang::EN), Some("Azat Miftakhov"));
    assert_eq!(case.pronouns, Pronouns::He);
    assert_eq!(case.birth_year, Some(1993));
    assert_eq!(case.status, CaseStatus::Sentenced);

    let a = action(&r);
    assert_eq!(a.status, outcry_domain::ActionStatus::Draft);
    assert_eq!(
        a.headline.get(Lang::EN),
        Some("IMPRISONED ACTIVIST ALLEGEDLY TORTURED")
    );
    let summary = a.summary.get(Lang::EN).expect("summary");
    assert!(summary.starts_with("Azat Miftakhov has been imprisoned since 2019"));
    assert!(summary.ends_with("held to account in fair trials."));
    assert_eq!(a.preferred_languages, vec![Lang::RU, Lang::EN]);
    let deadline = a.deadline.as_ref().expect("deadline");
    assert_eq!(deadline.date, date(2026, 7, 15));
    assert_eq!(deadline.time_zone, "Europe/Moscow");
    let background = a.background.get(Lang::EN).expect("background");
    assert!(background.starts_with("Azat Miftakhov is a Russian mathematician"));
    assert!(background.ends_with("the lack of accountability for such abuses."));
    assert!(!background.contains("PREFERRED LANGUAGE"));

    assert_eq!(r.bundle.targets.len(), 1);
    let t = target(&r, 0);
    assert_eq!(a.targets, vec![t.slug.clone()]);
    assert_eq!(t.name, "Mityayev Mikhail Arkadyevich");
    assert_eq!(t.slug.as_str(), "mityayev-mikhail-arkadyevich");
    assert_eq!(
        t.title,
        "Prosecutor for Supervision of Law Enforcement in Correctional Institutions of the Yamalo-Nenets Autonomous Okrug"
    );
    assert_eq!(
        t.address,
        vec![
            "ul. Dzerzhinskogo, 13",
            "Labytnangi, Harp village",
            "Yamalo-Nenets Autonomous Okrug",
            "629420"
        ]
    );
    assert_eq!(t.country, Some(Country::RU));
    assert_eq!(
        t.phones.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        vec!["+7 (34992) 7-25-28"]
    );
    assert_eq!(
        t.emails.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
        vec![
            "proknadzor-iu-yanao@89.mailop.ru",
            "prokyanao@89.mailop.ru",
            "prokyan-iu@yandex.ru"
        ]
    );
    assert_eq!(
        t.salutations.get(&Lang::EN).map(String::as_str),
        Some("Dear Mr. Mityayev")
    );

    let l = letter_in(&r, Lang::EN);
    assert_eq!(l.salutation, "Dear Mr. Mityayev,");
    assert_eq!(l.sign_off, "Yours sincerely,");
    assert_eq!(
        l.subject,
        "Imprisoned activist allegedly tortured: Azat Miftakhov"
    );
    assert!(
        l.body
            .starts_with("I am writing to express my deep concern")
    );
    assert!(l.body.ends_with("the legality of his detention."));
    assert_eq!(l.body.split("\n\n").count(), 4);
}

#[test]
fn the_seed_without_a_publication_date_reports_the_missing_year() {
    let Some(text) = seed::urgent_action() else {
        return;
    };
    let r = parse(&text, &Options::default());
    assert_valid("seed", &r);
    assert_eq!(action(&r).deadline, None);
    let m = missing(&r);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].message.contains("no year"));
    let (from, _) = m[0].lines.expect("points at the deadline line");
    assert!(
        text.lines()
            .nth(from - 1)
            .is_some_and(|l| l.contains("UNTIL: 15 July"))
    );
}

#[test]
fn the_1990s_layout() {
    let r = parse(fixture!("1994-ua-446-94.txt"), &Options::default());
    assert_valid("1994", &r);
    assert!(missing(&r).is_empty(), "{:?}", r.findings);
    let a = action(&r);
    assert_eq!(a.number.as_ref().map(|n| n.as_str()), Some("UA 446/94"));
    assert_eq!(a.slug.as_str(), "ua-446-94");
    assert_eq!(a.index, "EUR 46/03/94");
    assert_eq!(a.published_on, Some(date(1994, 5, 20)));
    assert_eq!(
        a.deadline.as_ref().map(|d| (d.date, d.time_zone.as_str())),
        Some((date(1994, 6, 15), "Europe/Moscow"))
    );
    assert_eq!(a.preferred_languages, vec![Lang::RU, Lang::EN]);
    assert_eq!(
        r.bundle.case.name.get(Lang::EN),
        Some("Ivan Sergeyevich Petrov")
    );
    assert!(
        a.background
            .get(Lang::EN)
            .is_some_and(|b| b.starts_with("Reports of beatings"))
    );
    let body = &letter_in(&r, Lang::EN).body;
    assert!(body.starts_with("- Expressing concern"), "{body}");
    assert!(body.contains("\n- Urging that he be protected"));

    assert_eq!(r.bundle.targets.len(), 2);
    let yerin = target(&r, 0);
    assert_eq!(yerin.name, "Viktor Yerin");
    assert_eq!(yerin.title, "Minister of Internal Affairs");
    assert_eq!(yerin.address, vec!["ul. Zhitnaya 16", "117049 Moscow"]);
    assert_eq!(
        yerin.fax.as_ref().map(|f| f.as_str()),
        Some("+7 095 237 4925")
    );
    assert_eq!(
        yerin.salutations.get(&Lang::EN).map(String::as_str),
        Some("Dear Minister")
    );
    assert_eq!(target(&r, 1).name, "Aleksei Ilyushenko");
    assert_eq!(
        target(&r, 1).salutations.get(&Lang::EN).map(String::as_str),
        Some("Dear Procurator General")
    );
}

#[test]
fn the_2010s_layout() {
    let r = parse(fixture!("2015-ua-123-15.txt"), &Options::default());
    assert_valid("2015", &r);
    assert!(missing(&r).is_empty(), "{:?}", r.findings);
    let a = action(&r);
    assert_eq!(a.slug.as_str(), "ua-123-15");
    assert_eq!(a.index, "EUR 46/1234/2015");
    assert_eq!(a.published_on, Some(date(2015, 4, 20)));
    assert_eq!(a.deadline.as_ref().map(|d| d.date), Some(date(2015, 5, 4)));
    assert_eq!(a.preferred_languages, vec![Lang::EN, Lang::RU]);
    assert_eq!(
        a.headline.get(Lang::EN),
        Some("ACTIVIST BEATEN IN CUSTODY, AT RISK")
    );
    assert_eq!(r.bundle.case.name.get(Lang::EN), Some("Oleg Sorokin"));
    assert!(
        a.background
            .get(Lang::EN)
            .is_some_and(|b| b.starts_with("Oleg Sorokin has campaigned") && !b.contains("Gender"))
    );

    // Two officials to write to, one to copy.
    assert_eq!(a.targets.len(), 2);
    assert_eq!(r.bundle.targets.len(), 3);
    let chaika = target(&r, 0);
    assert_eq!(chaika.name, "Yury Yakovlevich Chaika");
    assert_eq!(chaika.title, "Prosecutor General");
    assert_eq!(chaika.organization, "Prosecutor General's Office");
    assert_eq!(
        chaika.address,
        vec!["ul. B. Dmitrovka 15a", "125993 Moscow, GSP-3"]
    );
    assert_eq!(chaika.emails.len(), 1);
    assert_eq!(
        chaika.salutations.get(&Lang::EN).map(String::as_str),
        Some("Dear Prosecutor General")
    );
    let copy = target(&r, 2);
    assert_eq!(copy.name, "Mikhail Aleksandrovich Fedotov");
    assert!(!a.targets.contains(&copy.slug));
    assert_eq!(chaika.copies_to, vec![copy.slug.clone()]);
}

#[test]
fn a_follow_up_continues_the_original() {
    let r = parse(
        fixture!("2015-ua-123-15-1-further-information.txt"),
        &Options::default(),
    );
    assert_valid("follow-up", &r);
    let a = action(&r);
    assert_eq!(a.number.as_ref().map(|n| n.as_str()), Some("UA 123/15-1"));
    assert_eq!(a.slug.as_str(), "ua-123-15-1");
    assert_eq!(a.continues.as_ref().map(|s| s.as_str()), Some("ua-123-15"));
    assert_eq!(a.deadline.as_ref().map(|d| d.date), Some(date(2015, 7, 9)));
    assert_eq!(a.preferred_languages, vec![Lang::RU]);
    let original = parse(fixture!("2015-ua-123-15.txt"), &Options::default());
    assert_eq!(a.continues.as_ref(), Some(&action(&original).slug));
}

#[test]
fn the_2019_to_2022_layout() {
    let r = parse(fixture!("2022-ua-036-22.txt"), &Options::default());
    assert_valid("2022", &r);
    assert!(missing(&r).is_empty(), "{:?}", r.findings);
    let a = action(&r);
    assert_eq!(a.number.as_ref().map(|n| n.as_str()), Some("UA 036/22"));
    assert_eq!(a.slug.as_str(), "ua-036-22");
    assert_eq!(a.deadline.as_ref().map(|d| d.date), Some(date(2022, 9, 27)));
    assert_eq!(r.bundle.case.name.get(Lang::EN), Some("Marina Kovalenko"));
    assert_eq!(r.bundle.case.pronouns, Pronouns::She);
    assert_eq!(r.bundle.case.birth_year, Some(1981));
    assert_eq!(r.bundle.case.status, CaseStatus::Detained);
    assert_eq!(target(&r, 0).name, "Aleksandr Ivanovich Bastrykin");
    assert_eq!(
        target(&r, 0).address,
        vec!["Tekhnicheskiy pereulok 2", "105005 Moscow"]
    );
    assert_eq!(letter_in(&r, Lang::EN).salutation, "Dear Chairman,");
}

/// What every republication of the seed must give.
fn assert_republication(
    file: &str,
    text: &str,
    code: &str,
    salutation: &str,
    sign_off: &str,
    deadline: Date,
    languages: &[&str],
) {
    let r = parse(text, &published(date(2026, 5, 1)));
    assert_valid(file, &r);
    assert!(missing(&r).is_empty(), "{file}: {:?}", r.findings);
    let l = lang(code);
    let a = action(&r);
    assert!(a.headline.get(l).is_some(), "{file}: headline in {code}");
    let letter = letter_in(&r, l);
    assert_eq!(letter.salutation, salutation, "{file}");
    assert_eq!(letter.sign_off, sign_off, "{file}");
    assert_eq!(
        a.deadline.as_ref().map(|d| d.date),
        Some(deadline),
        "{file}"
    );
    assert_eq!(
        a.deadline.as_ref().map(|d| d.time_zone.as_str()),
        Some("Europe/Moscow"),
        "{file}"
    );
    assert_eq!(
        a.preferred_languages,
        languages.iter().map(|c| lang(c)).collect::<Vec<_>>(),
        "{file}"
    );
    assert_eq!(r.bundle.case.birth_year, Some(1993), "{file}");
    assert_eq!(r.bundle.case.status, CaseStatus::Sentenced, "{file}");
    let t = target(&r, 0);
    assert_eq!(t.country, Some(Country::RU), "{file}");
    assert_eq!(t.emails.len(), 1, "{file}");
    assert!(a.background.get(l).is_some(), "{file}: background");
}

#[test]
fn national_republications() {
    assert_republication(
        "de",
        fixture!("de-eilaktion.txt"),
        "de",
        "Sehr geehrter Herr Mityayev,",
        "Mit freundlichen Grüßen",
        date(2026, 7, 15),
        &["ru", "en", "de"],
    );
    assert_republication(
        "fr",
        fixture!("fr-action-urgente.txt"),
        "fr",
        "Monsieur le Procureur,",
        "Veuillez agréer, Monsieur le Procureur, l'expression de ma haute considération.",
        date(2026, 7, 15),
        &["ru", "en", "fr"],
    );
    assert_republication(
        "sv",
        fixture!("sv-blixtaktion.txt"),
        "sv",
        "Bästa åklagare Mityayev,",
        "Med vänliga hälsningar",
        date(2026, 7, 15),
        &["ru", "en", "sv"],
    );
    assert_republication(
        "fi",
        fixture!("fi-vetoomus.txt"),
        "fi",
        "Arvoisa syyttäjä,",
        "Kunnioittavasti",
        date(2026, 7, 15),
        &["ru", "en", "fi"],
    );
    assert_republication(
        "ru",
        fixture!("ru-srochnaya-akciya.txt"),
        "ru",
        "Уважаемый Михаил Аркадьевич!",
        "С уважением,",
        date(2026, 7, 15),
        &["ru", "en"],
    );
    let sv = parse(fixture!("sv-blixtaktion.txt"), &Options::default());
    assert_eq!(
        action(&sv).slug.as_str(),
        "ua-fangslad-aktivist-utsatt-for-tortyr"
    );
    let de = parse(fixture!("de-eilaktion.txt"), &Options::default());
    assert_eq!(de.bundle.case.name.get(Lang::EN), Some("Azat Miftakhov"));
    assert_eq!(de.bundle.case.pronouns, Pronouns::He);
    let ru = parse(fixture!("ru-srochnaya-akciya.txt"), &Options::default());
    assert_eq!(ru.bundle.case.slug.as_str(), "azat-miftakhov");
    assert_eq!(target(&ru, 0).name, "Митяев Михаил Аркадьевич");
    assert_eq!(
        target(&ru, 0).address,
        vec!["ул. Дзержинского, 13", "629420 Лабытнанги"]
    );
}

#[test]
fn pdf_debris_is_cleaned_and_lines_still_point_at_the_original() {
    let text = fixture!("pdf-debris-ua-45-26.txt");
    let r = parse(text, &published(date(2026, 5, 1)));
    assert_valid("pdf", &r);
    assert!(missing(&r).is_empty(), "{:?}", r.findings);
    let a = action(&r);
    assert_eq!(a.number.as_ref().map(|n| n.as_str()), Some("UA 45/26"));
    assert_eq!(
        a.headline.get(Lang::EN),
        Some("CONSCIENTIOUS OBJECTOR HELD IN MILITARY PRISON")
    );
    let summary = a.summary.get(Lang::EN).expect("summary");
    assert!(
        summary.contains("an investigation against him"),
        "{summary}"
    );
    assert!(!summary.contains("Page 1"));
    let body = &letter_in(&r, Lang::EN).body;
    assert!(
        body.contains("close the investigation against him."),
        "{body}"
    );
    assert!(
        !body.contains("UA 45/26") && !body.contains("- 2 -"),
        "{body}"
    );
    let background = a.background.get(Lang::EN).expect("background");
    assert!(
        background.contains("a Yamalo-Nenets recruitment office"),
        "{background}"
    );
    assert!(!background.contains("Index"), "{background}");
    let t = target(&r, 0);
    assert_eq!(t.name, "Sergei Nikolayevich Volkov");
    assert_eq!(
        t.address,
        vec!["ul. Voroshilovskiy 12", "Rostov-on-Don", "344000"]
    );
    assert_eq!(a.deadline.as_ref().map(|d| d.date), Some(date(2026, 6, 30)));

    // Without a publication date the finding points at the original line of the deadline.
    let r = parse(text, &Options::default());
    let m = missing(&r);
    assert_eq!(m.len(), 1, "{m:?}");
    let (from, to) = m[0].lines.expect("lines");
    assert_eq!(from, to);
    assert!(
        text.lines()
            .nth(from - 1)
            .is_some_and(|l| l.contains("UNTIL: 30 June"))
    );
    assert!(m[0].to_string().starts_with(&format!("line {from}: ")));
}

#[test]
fn missing_parts_are_reported_with_lines() {
    let text = "URGENT ACTION\n\nSOMETHING HAPPENED\n\nSomeone was detained.\n\nWe will know more by\n15 August.\n";
    let r = parse(text, &Options::default());
    assert_valid("bare", &r);
    let messages: Vec<String> = missing(&r).iter().map(|f| f.to_string()).collect();
    assert!(
        messages.iter().any(|m| m.contains("no official")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("no model letter")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("name")), "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("lines 7–8:") && m.contains("no year")),
        "{messages:?}"
    );
}

#[test]
fn a_deadline_before_publication_is_reported_not_kept() {
    let r = parse(fixture!("2015-ua-123-15.txt"), &published(date(2015, 6, 1)));
    assert_valid("2015 late", &r);
    assert_eq!(action(&r).deadline, None);
    assert!(
        r.findings
            .iter()
            .any(|f| f.severity == Severity::Doubtful && f.message.contains("before publication"))
    );
}

#[test]
fn huge_input_is_cut_not_choked_on() {
    let text = "A".repeat(3 << 20);
    let r = parse(&text, &Options::default());
    assert_valid("huge", &r);
    let line = format!("{}\n", "Ж".repeat(10_000)).repeat(50);
    assert_valid("long lines", &parse(&line, &Options::default()));
}

fn mangle(text: &str, ops: &[(u8, usize)]) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    for &(op, at) in ops {
        if lines.is_empty() {
            break;
        }
        let i = at % lines.len();
        match op % 3 {
            0 => {
                lines.remove(i);
            }
            1 => {
                let line = lines[i];
                lines.insert(i, line);
            }
            _ => {
                let j = (i * 7 + 3) % lines.len();
                lines.swap(i, j);
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_text_never_panics_and_validates(text in "\\PC{0,400}") {
        let r = parse(&text, &Options::default());
        prop_assert!(r.bundle.validate(today()).is_ok());
    }

    #[test]
    fn arbitrary_lines_of_ua_words_validate(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("URGENT ACTION".to_string()),
                Just("APPEALS TO:".to_string()),
                Just("Salutation: Dear Minister".to_string()),
                Just("Dear Sir,".to_string()),
                Just("Yours sincerely,".to_string()),
                Just("UNTIL: 31 February".to_string()),
                Just("UA 1/99-9 Index: EUR 46/03/94".to_string()),
                Just("Further information on UA 1/01".to_string()),
                Just("\u{c}- 2 -".to_string()),
                Just("NAME AND PRONOUN: ( )".to_string()),
                "\\PC{0,80}",
            ],
            0..60,
        ),
        day in proptest::option::of(0i16..3000),
    ) {
        let options = Options { published: day.map(|d| date(2015, 1, 1) + jiff::Span::new().days(d)) };
        let r = parse(&lines.join("\n"), &options);
        prop_assert!(r.bundle.validate(today()).is_ok(), "{:?}", r.bundle.validate(today()));
    }

    #[test]
    fn fixtures_with_lines_deleted_or_duplicated_validate(
        which in 0..FIXTURES.len(),
        ops in proptest::collection::vec((any::<u8>(), any::<usize>()), 0..12),
    ) {
        let (_, text) = FIXTURES[which];
        let r = parse(&mangle(text, &ops), &published(date(2026, 5, 1)));
        prop_assert!(r.bundle.validate(today()).is_ok(), "{:?}", r.bundle.validate(today()));
    }
}
