//! One test per sample in `tests/samples/`: what a user of `outcry bounces` would check.

use outcry_bounce::{Kind, Report, read};

fn sample(name: &str) -> Report {
    let path = format!("{}/tests/samples/{name}.eml", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read(&raw)
}

/// What one recipient should say: address, action, status, hard.
type Want<'a> = (&'a str, &'a str, Option<&'a str>, bool);

/// Checks the kind, the recipients, the returned Message-ID and that the VERP address the
/// bounce came back to is among `delivered_to`.
fn check(
    report: &Report,
    kind: Kind,
    recipients: &[Want<'_>],
    message_id: Option<&str>,
    verp: &str,
) {
    assert_eq!(report.kind, kind, "{report:#?}");
    assert_eq!(
        report.is_bounce(),
        matches!(kind, Kind::Failed | Kind::Delayed)
    );
    let got: Vec<Want<'_>> = report
        .recipients
        .iter()
        .map(|r| {
            (
                r.address.as_str(),
                r.action.as_str(),
                r.status.as_deref(),
                r.hard,
            )
        })
        .collect();
    assert_eq!(got, recipients, "{report:#?}");
    assert_eq!(report.original_message_id.as_deref(), message_id);
    assert!(
        report.delivered_to.iter().any(|a| a == verp),
        "{verp} not in {:?}",
        report.delivered_to
    );
}

fn diagnostic(report: &Report) -> &str {
    report
        .recipients
        .first()
        .and_then(|r| r.diagnostic.as_deref())
        .unwrap_or_default()
}

#[test]
fn postfix_5_1_1() {
    let report = sample("postfix_5_1_1");
    check(
        &report,
        Kind::Failed,
        &[("priemnaya@mvd.example", "failed", Some("5.1.1"), true)],
        Some("appeal-101.7c2e@outcry.example"),
        "bounce+101.3f9a2c4e8b1d7a60@outcry.example",
    );
    assert_eq!(
        diagnostic(&report),
        "550 5.1.1 <priemnaya@mvd.example>: Recipient address rejected: User unknown in virtual mailbox table"
    );
    assert_eq!(
        report.recipients[0].remote_mta.as_deref(),
        Some("mx1.mvd.example")
    );
}

#[test]
fn postfix_delay_4_4_1() {
    let report = sample("postfix_delay_4_4_1");
    check(
        &report,
        Kind::Delayed,
        &[(
            "kantselyariya@fsin.example",
            "delayed",
            Some("4.4.1"),
            false,
        )],
        Some("appeal-102.0b9f@outcry.example"),
        "bounce+102.a1b2c3d4e5f60718@outcry.example",
    );
    assert_eq!(
        diagnostic(&report),
        "connect to mx.fsin.example[203.0.113.40]:25: Connection timed out"
    );
}

#[test]
fn exim_dsn() {
    // Exim writes Status: 5.0.0; the diagnostic's 5.1.1 is the real answer.
    let report = sample("exim_dsn");
    check(
        &report,
        Kind::Failed,
        &[("sledovatel@mvd.example", "failed", Some("5.1.1"), true)],
        Some("appeal-103.d00d@outcry.example"),
        "bounce+103.00ff00ff00ff00ff@outcry.example",
    );
    assert_eq!(
        report.recipients[0].remote_mta.as_deref(),
        Some("mx2.mvd.example")
    );
}

#[test]
fn exim_plain() {
    let report = sample("exim_plain");
    check(
        &report,
        Kind::Failed,
        &[("duty.officer@mail.example", "failed", Some("5.1.1"), true)],
        Some("appeal-104.beef@outcry.example"),
        "bounce+104.1234567890abcdef@outcry.example",
    );
    assert!(diagnostic(&report).contains("550 5.1.1 <duty.officer@mail.example>... No such user"));
}

#[test]
fn sendmail_dsn() {
    let report = sample("sendmail_dsn");
    check(
        &report,
        Kind::Failed,
        &[(
            "nachalnik.sizo2@fsin.example",
            "failed",
            Some("5.1.1"),
            true,
        )],
        Some("appeal-105.c0de@outcry.example"),
        "bounce+105.feedfacecafebeef@outcry.example",
    );
    assert_eq!(
        diagnostic(&report),
        "550 5.1.1 <nachalnik.sizo2@fsin.example>... User unknown"
    );
    assert_eq!(
        report.recipients[0].remote_mta.as_deref(),
        Some("relay.fsin.example")
    );
}

#[test]
fn qmail_plain() {
    let report = sample("qmail_plain");
    check(
        &report,
        Kind::Failed,
        &[("sekretar.suda@sud.example", "failed", Some("5.1.1"), true)],
        Some("appeal-106.f00d@outcry.example"),
        "bounce+106.0a0b0c0d0e0f1011@outcry.example",
    );
    assert_eq!(
        diagnostic(&report),
        "Sorry, no mailbox here by that name. (#5.1.1)"
    );
}

#[test]
fn office365_5_4_1() {
    // 5.4.1 is hard only because the diagnostic says the recipient was rejected.
    let report = sample("office365_5_4_1");
    check(
        &report,
        Kind::Failed,
        &[(
            "priemnaya@prokuratura.example",
            "failed",
            Some("5.4.1"),
            true,
        )],
        Some("appeal-107.abba@outcry.example"),
        "bounce+107.9988776655443322@outcry.example",
    );
    assert!(
        diagnostic(&report).starts_with("550 5.4.1 Recipient address rejected: Access denied.")
    );
    assert_eq!(report.recipients[0].remote_mta, None);
}

#[test]
fn exchange_5_1_10() {
    let report = sample("exchange_5_1_10");
    check(
        &report,
        Kind::Failed,
        &[(
            "dezhurnaya.chast@mvd.example",
            "failed",
            Some("5.1.10"),
            true,
        )],
        Some("appeal-108.cafe@outcry.example"),
        "bounce+108.1a2b3c4d5e6f7a8b@outcry.example",
    );
}

#[test]
fn gmail_5_1_1() {
    let report = sample("gmail_5_1_1");
    check(
        &report,
        Kind::Failed,
        &[(
            "ombudsman.office@mail.example",
            "failed",
            Some("5.1.1"),
            true,
        )],
        Some("appeal-109.d1ce@outcry.example"),
        "bounce+109.5a5a5a5a5a5a5a5a@outcry.example",
    );
    // The four folded 550- lines become one line of text.
    let text = diagnostic(&report);
    assert!(text.starts_with("550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking"));
    assert!(text.ends_with("- gsmtp"));
    assert_eq!(
        report.recipients[0].remote_mta.as_deref(),
        Some("mx-in.mail.example")
    );
}

#[test]
fn yahoo() {
    // Yahoo's "554 ... dd This user doesn't have an account" carries no enhanced code.
    let report = sample("yahoo");
    check(
        &report,
        Kind::Failed,
        &[("pressa.sizo@yahoo.example", "failed", Some("5.1.1"), true)],
        Some("appeal-110.face@outcry.example"),
        "bounce+110.77aa77aa77aa77aa@outcry.example",
    );
    assert!(diagnostic(&report).starts_with("554: delivery error: dd This user doesn't have"));
}

#[test]
fn yandex() {
    // Yandex answers unknown users with 5.7.1, a policy code: by the table that is soft, and
    // the diagnostic is there for a person to read.
    let report = sample("yandex");
    check(
        &report,
        Kind::Failed,
        &[(
            "advokat.petrova@yandex.example",
            "failed",
            Some("5.7.1"),
            false,
        )],
        Some("appeal-111.b0a7@outcry.example"),
        "bounce+111.0c0ffee00c0ffee0@outcry.example",
    );
    assert_eq!(diagnostic(&report), "550 5.7.1 No such user!");
}

#[test]
fn mailru() {
    let report = sample("mailru");
    check(
        &report,
        Kind::Failed,
        &[(
            "pravozashchitnik@mailru.example",
            "failed",
            Some("5.1.1"),
            true,
        )],
        Some("appeal-112.4a4a@outcry.example"),
        "bounce+112.deadbeefdeadbeef@outcry.example",
    );
    // Listed in Russian and again in English: one recipient, the answer once.
    assert_eq!(
        diagnostic(&report)
            .matches("550 Message was not accepted -- invalid mailbox.")
            .count(),
        1
    );
}

#[test]
fn ses_dsn() {
    let report = sample("ses_dsn");
    check(
        &report,
        Kind::Failed,
        &[("zhurnalist@mail.example", "failed", Some("5.1.1"), true)],
        Some("appeal-114.5e5e@outcry.example"),
        "bounce+114.abcdefabcdef0123@outcry.example",
    );
    assert_eq!(diagnostic(&report), "550 5.1.1 user unknown");
}

#[test]
fn global_delivery_status() {
    let report = sample("global_delivery_status");
    check(
        &report,
        Kind::Failed,
        &[("пётр.иванов@почта.example", "failed", Some("5.1.1"), true)],
        Some("appeal-115.9090@outcry.example"),
        "bounce+115.fedcba9876543210@outcry.example",
    );
    assert_eq!(
        report.recipients[0].remote_mta.as_deref(),
        Some("mx.почта.example")
    );
}

#[test]
fn mailbox_full_5_2_2() {
    let report = sample("mailbox_full_5_2_2");
    check(
        &report,
        Kind::Failed,
        &[(
            "obshchestvennaya.palata@fsin.example",
            "failed",
            Some("5.2.2"),
            false,
        )],
        Some("appeal-116.7777@outcry.example"),
        "bounce+116.1111222233334444@outcry.example",
    );
}

#[test]
fn out_of_office() {
    let report = sample("out_of_office");
    check(
        &report,
        Kind::AutoReply,
        &[],
        None,
        "bounce+117.aaaabbbbccccdddd@outcry.example",
    );
}

#[test]
fn auto_reply_ru() {
    // Only the KOI8-R encoded subject ("Автоответ: ...") says it is an automatic reply.
    let report = sample("auto_reply_ru");
    check(
        &report,
        Kind::AutoReply,
        &[],
        None,
        "bounce+113.0123456789abcdef@outcry.example",
    );
}

#[test]
fn success_dsn() {
    let report = sample("success_dsn");
    check(
        &report,
        Kind::Delivered,
        &[(
            "upolnomochenny@ombudsman.example",
            "delivered",
            Some("2.0.0"),
            false,
        )],
        Some("appeal-118.8181@outcry.example"),
        "bounce+118.5555666677778888@outcry.example",
    );
}

#[test]
fn quotes_older_bounce() {
    // The returned message is itself a bounce about nachalnik.ovd@ and appeal-90: neither may
    // leak into this report.
    let report = sample("quotes_older_bounce");
    check(
        &report,
        Kind::Failed,
        &[("archive.forward@mvd.example", "failed", Some("5.2.1"), true)],
        Some("older-bounce-119.3c3c@outcry.example"),
        "bounce+119.9f8e7d6c5b4a3928@outcry.example",
    );
    let json = serde_json::to_string(&report).unwrap_or_default();
    assert!(!json.contains("nachalnik.ovd"));
    assert!(!json.contains("appeal-90"));
}

#[test]
fn rfc822_headers_only() {
    let report = sample("rfc822_headers_only");
    check(
        &report,
        Kind::Failed,
        &[("sud.priemnaya@sud.example", "failed", Some("5.1.1"), true)],
        Some("appeal-120.6d6d@outcry.example"),
        "bounce+120.0f1e2d3c4b5a6978@outcry.example",
    );
}

#[test]
fn human_message() {
    // "could not be delivered" in a person's reply does not make it a bounce.
    let report = sample("human_message");
    check(
        &report,
        Kind::NotAReport,
        &[],
        None,
        "bounce+121.7a6b5c4d3e2f1a0b@outcry.example",
    );
}

#[test]
fn no_status_field() {
    // No Status: the basic 550 with "no such user" wording stands for 5.1.1.
    let report = sample("no_status_field");
    check(
        &report,
        Kind::Failed,
        &[("uchastok7@fsin.example", "failed", Some("5.1.1"), true)],
        Some("appeal-122.1d1d@outcry.example"),
        "bounce+122.2468ace013579bdf@outcry.example",
    );
    assert_eq!(
        diagnostic(&report),
        "550 Requested action not taken: no such user here"
    );
}

/// Every sample serialises to JSON with the documented keys.
#[test]
fn every_sample_serialises() {
    let dir = format!("{}/tests/samples", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "eml") {
            let raw = std::fs::read(&path).unwrap_or_default();
            let value = serde_json::to_value(read(&raw)).unwrap_or_default();
            for key in [
                "kind",
                "is_bounce",
                "recipients",
                "original_message_id",
                "delivered_to",
            ] {
                assert!(value.get(key).is_some(), "{}: no {key}", path.display());
            }
            seen += 1;
        }
    }
    assert!(seen >= 22);
}
