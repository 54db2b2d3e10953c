//! Letters rendered to PDF and read back with poppler: what a supporter would see on paper.

use outcry_domain::{EnvelopeSize, Paper};
use outcry_pdf::{Envelope, Layout, Letter, render, render_batch};
use outcry_testkit::poppler::{self, assert_lines_in_order};

/// Page sizes in points (pdfinfo, rounded).
const A4: (u32, u32) = (595, 842);
const US_LETTER: (u32, u32) = (612, 792);
const DL: (u32, u32) = (624, 312);
const C5: (u32, u32) = (649, 459);

fn strings(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|s| s.to_string()).collect()
}

/// An appeal like the demo action's, to the prosecutor it names.
fn appeal() -> Letter {
    let recipient = strings(&[
        "Mikhail Arkadyevich Mityayev",
        "Prosecutor for Supervision of Law Enforcement in Correctional Institutions",
        "ul. Dzerzhinskogo, 13",
        "Labytnangi, Harp village",
        "Yamalo-Nenets Autonomous Okrug",
        "629420",
        "RUSSIA",
    ]);
    Letter {
        lang: "en".into(),
        date: "1 June 2026".into(),
        sender: strings(&[
            "Anna Smith",
            "12 Example Road",
            "Leeds LS1 1AA",
            "UNITED KINGDOM",
        ]),
        recipient: recipient.clone(),
        subject: "Azat Miftakhov: investigate the torture allegations".into(),
        salutation: "Dear Mr. Mityayev,".into(),
        body: "I am writing about Azat Miftakhov.\n\nPlease ensure an independent investigation."
            .into(),
        sign_off: "Yours sincerely,".into(),
        signature: "Anna Smith, Leeds".into(),
        signature_space: true,
        envelope: Some(Envelope {
            from: strings(&[
                "Anna Smith",
                "12 Example Road",
                "Leeds LS1 1AA",
                "UNITED KINGDOM",
            ]),
            to: recipient,
            blank_note: String::new(),
            from_label: "From".into(),
            to_label: "To".into(),
            stamp_label: "Stamp".into(),
        }),
    }
}

/// A letter to a person in prison: Russian text, the address in Cyrillic as a group publishes
/// it (recipient in the dative, year of birth), RUSSIA last; no blocks at the top.
fn to_prisoner() -> Letter {
    Letter {
        lang: "ru".into(),
        date: "1 июня 2026 г.".into(),
        salutation: "Дорогой Азат!".into(),
        body: "Меня зовут Анна, я живу в Англии.\nЯ узнала о вас из новостей.\n\nЖелаю вам здоровья и сил.".into(),
        sign_off: "Обнимаю,".into(),
        signature: "Анна".into(),
        envelope: Some(Envelope {
            from: strings(&["Outcry demo group", "PO Box 0000", "10115 Berlin", "GERMANY"]),
            to: strings(&PRISON_ADDRESS),
            from_label: "От кого / From".into(),
            to_label: "Кому / To".into(),
            stamp_label: "Марка / Stamp".into(),
            ..Envelope::default()
        }),
        ..Letter::default()
    }
}

const PRISON_ADDRESS: [&str; 5] = [
    "Мифтахову Азату Фанисовичу, 1993 г.р.",
    "ФКУ ИК-17 УФСИН России по Кировской области",
    "ул. Трудовых Резервов, д. 1",
    "г. Омутнинск, Кировская обл., 612744",
    "RUSSIA",
];

#[test]
fn an_appeal_prints_on_a4_with_its_dl_envelope() {
    let pdf = render(&appeal(), Layout::default()).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
    if !poppler::available() {
        return;
    }
    assert_eq!(poppler::page_sizes(&pdf), vec![A4, DL]);
    let letter = poppler::text(&pdf, 1, 1);
    assert_lines_in_order(
        &letter,
        &[
            "Anna Smith",
            "12 Example Road",
            "Mikhail Arkadyevich Mityayev",
            "ul. Dzerzhinskogo, 13",
            "629420",
            "RUSSIA",
            "1 June 2026",
            "Azat Miftakhov: investigate the torture allegations",
            "Dear Mr. Mityayev,",
            "I am writing about Azat Miftakhov.",
            "Yours sincerely,",
            "Anna Smith, Leeds",
        ],
    );
    let envelope = poppler::text(&pdf, 2, 2);
    assert_lines_in_order(&envelope, &["From", "Anna Smith", "UNITED KINGDOM"]);
    assert_lines_in_order(
        &envelope,
        &["To", "Mikhail Arkadyevich Mityayev", "629420", "RUSSIA"],
    );
    let fonts = poppler::fonts(&pdf);
    assert!(!fonts.is_empty());
    assert!(
        fonts.iter().all(|(_, embedded)| *embedded),
        "every font embedded: {fonts:?}"
    );
}

#[test]
fn a_letter_to_prison_keeps_the_cyrillic_address_byte_for_byte_with_russia_last() {
    let layout = Layout {
        paper: Paper::UsLetter,
        envelope: EnvelopeSize::C5,
    };
    let pdf = render(&to_prisoner(), layout).expect("renders");
    if !poppler::available() {
        return;
    }
    assert_eq!(poppler::page_sizes(&pdf), vec![US_LETTER, C5]);
    let letter = poppler::text(&pdf, 1, 1);
    assert_lines_in_order(
        &letter,
        &[
            "1 июня 2026 г.",
            "Дорогой Азат!",
            "Меня зовут Анна, я живу в Англии.",
            "Я узнала о вас из новостей.",
            "Желаю вам здоровья и сил.",
            "Обнимаю,",
            "Анна",
        ],
    );
    let envelope = poppler::text(&pdf, 2, 2);
    assert_lines_in_order(&envelope, &PRISON_ADDRESS);
    assert_eq!(
        envelope.lines().map(str::trim).rfind(|l| !l.is_empty()),
        Some("RUSSIA"),
        "RUSSIA is the envelope's last line:\n{envelope}"
    );
    assert_lines_in_order(&envelope, &["Outcry demo group", "GERMANY"]);
}

#[test]
fn an_unknown_address_leaves_ruled_lines_and_a_note() {
    let mut letter = to_prisoner();
    if let Some(e) = letter.envelope.as_mut() {
        e.to.clear();
        e.blank_note = "Адрес пока неизвестен: впишите его от руки.".into();
    }
    let pdf = render(&letter, Layout::default()).expect("renders");
    if !poppler::available() {
        return;
    }
    let envelope = poppler::text(&pdf, 2, 2);
    assert!(envelope.contains("Адрес пока неизвестен: впишите его от руки."));
    assert!(!envelope.contains("ФКУ"));
}

#[test]
fn hostile_text_is_printed_as_text_and_cannot_change_the_layout() {
    let markup =
        r#"#set page(width: 10pt) #panic("boom") ]; #import "/data.json" $x^2$ <b>bold</b>"#;
    let mut letter = to_prisoner();
    letter.salutation = "Дорогой \u{202E}Азат\u{202C}!".to_string();
    letter.body = format!(
        "{markup}\n\nNUL\u{0}BEL\u{7}ESC\u{1b}[31m\n\n{}\n\n```\n\\\\ \\n // /* */ @label",
        "ы".repeat(5000)
    );
    letter.signature = "\u{2066}Анна\u{2069} ;#".into();
    let pdf = render(&letter, Layout::default()).expect("hostile text still renders");
    if !poppler::available() {
        return;
    }
    let sizes = poppler::page_sizes(&pdf);
    assert_eq!(
        sizes.first(),
        Some(&A4),
        "a set rule in the text changes nothing"
    );
    assert_eq!(sizes.last(), Some(&DL));
    let text = poppler::text(&pdf, 1, sizes.len() - 1);
    assert!(
        text.contains("Дорогой Азат!"),
        "direction overrides dropped:\n{text}"
    );
    assert!(
        text.contains("#set page(width: 10pt)"),
        "markup printed as typed"
    );
    assert!(text.contains(r#"#panic("boom")"#));
    assert!(text.contains("<b>bold</b>"));
    assert!(text.contains("NULBELESC[31m"), "control characters dropped");
    assert!(text.contains("Анна ;#"));
    // The 5,000-letter word wraps inside the margins instead of running off the page.
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(
        widest < 120,
        "a line of {widest} characters ran off the page"
    );
    assert_eq!(
        text.matches('ы').count(),
        5000,
        "nothing of the long word lost"
    );
}

#[test]
fn a_long_letter_runs_over_pages_numbered_within_the_letter() {
    let mut letter = appeal();
    letter.body = (1..=60)
        .map(|i| format!("Paragraph {i}: the allegations of torture must be investigated."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let pdf = render(&letter, Layout::default()).expect("renders");
    if !poppler::available() {
        return;
    }
    let sizes = poppler::page_sizes(&pdf);
    assert!(sizes.len() >= 3, "letter over two pages, then the envelope");
    let letter_pages = sizes.len() - 1;
    let first = poppler::text(&pdf, 1, 1);
    assert!(
        first
            .replace(' ', "")
            .contains(&format!("\n1/{letter_pages}\n")),
        "page numbers count the letter's pages only:\n{first}"
    );
    let all = poppler::text(&pdf, 1, letter_pages);
    assert!(all.contains("Paragraph 60:"));
}

#[test]
fn a_batch_prints_each_letter_followed_by_its_envelope() {
    let mut second = to_prisoner();
    second.signature = "Second writer".into();
    let mut done = Vec::new();
    let pdf = render_batch(&[to_prisoner(), second, appeal()], Layout::default(), |n| {
        done.push(n)
    })
    .expect("renders");
    assert_eq!(done, vec![1, 2, 3]);
    if !poppler::available() {
        return;
    }
    assert_eq!(poppler::page_sizes(&pdf), vec![A4, DL, A4, DL, A4, DL]);
    assert!(poppler::text(&pdf, 3, 3).contains("Second writer"));
    assert!(poppler::text(&pdf, 5, 5).contains("Dear Mr. Mityayev,"));
    assert!(render_batch(&[], Layout::default(), |_| {}).is_err());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever a supporter types, in any field, the letter renders: a PDF with the letter and
    /// its envelope on the right paper.
    #[test]
    fn any_text_in_any_field_still_renders(
        body in "\\PC{0,400}",
        line in "[\\PC\\n\\u{202E}\\u{0000}#\\[\\]\\$\\\\]{0,80}",
    ) {
        let mut letter = appeal();
        letter.body = body;
        letter.salutation = line.clone();
        letter.signature = line.clone();
        letter.sender = vec![line.clone(), line.clone()];
        if let Some(e) = letter.envelope.as_mut() {
            e.to = vec![line.clone()];
            e.from_label = line;
        }
        let pdf = render(&letter, Layout::default());
        proptest::prop_assert!(
            pdf.as_ref().is_ok_and(|p| p.starts_with(b"%PDF-")),
            "{:?}",
            pdf.as_ref().err()
        );
    }
}
