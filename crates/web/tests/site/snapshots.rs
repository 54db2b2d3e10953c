//! What a supporter reads in the main part of each demo page, in English and in Russian, kept as reviewed snapshots.
//!
//! Each snapshot is the page's `<main>` element only (the header and footer are the same on
//! every page), re-serialized one block per line with two spaces of indent per level, inline
//! markup kept inline, attributes sorted by name, and each visitor's CSRF token written as
//! `[csrf]`. The clock is fixed at [`OPEN`], so dates and "days left" do not move.
//! After a deliberate change: `INSTA_UPDATE=always cargo test -p outcry-web --test site
//! snapshots`, then read the diff of `tests/site/snapshots/` before committing it.

use axum::http::StatusCode;
use scraper::{ElementRef, Node, Selector};

use crate::harness::{OPEN, Page, TestApp, form};

const LANGS: [&str; 2] = ["en", "ru"];

/// Elements that flow within a line of text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "br", "button", "code", "em", "i", "input", "kbd", "label",
    "progress", "q", "s", "small", "span", "strong", "sub", "sup", "time", "u",
];
/// Elements without content or closing tag.
const VOID: &[&str] = &["br", "hr", "img", "input", "wbr"];
/// Elements whose text keeps its lines exactly (a letter to copy or edit).
const PREFORMATTED: &[&str] = &["pre", "textarea"];

/// Compares the readable `<main>` of `page` with the snapshot `name`.
fn assert_main(name: &str, what: &str, page: &Page) {
    assert_eq!(page.status, StatusCode::OK, "{what}: {}", page.body);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("{what}, at {OPEN}"));
    settings.bind(|| insta::assert_snapshot!(name, readable_main(page)));
}

/// The page's `<main>`, one block per line, with the CSRF token replaced.
fn readable_main(page: &Page) -> String {
    let html = page.html();
    let main_selector = Selector::parse("main").expect("a valid selector");
    let mut mains = html.select(&main_selector);
    let main = mains.next().expect("the page has a main element");
    assert!(mains.next().is_none(), "one main element");
    let mut out = String::new();
    block(main, 0, &mut out);
    let tokens = page.attrs("input[name=csrf]", "value");
    for token in &tokens {
        assert!(!token.is_empty(), "a CSRF token");
        out = out.replace(token.as_str(), "[csrf]");
    }
    out
}

fn is_inline(e: ElementRef<'_>) -> bool {
    INLINE.contains(&e.value().name())
}

fn open_tag(e: ElementRef<'_>) -> String {
    let mut attrs: Vec<(&str, &str)> = e.value().attrs().collect();
    attrs.sort_unstable();
    let mut tag = format!("<{}", e.value().name());
    for (name, value) in attrs {
        tag.push_str(&format!(" {name}=\"{}\"", escape(value, true)));
    }
    tag.push('>');
    tag
}

/// Escapes markup, and shows invisible characters that would otherwise pass unnoticed.
fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c if (c.is_whitespace() && !c.is_ascii())
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}') =>
            {
                out.push_str(&format!("&#x{:X};", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Appends text as a browser lays it out: runs of spaces become one, newlines are kept so that
/// a letter's paragraphs stay on their own lines.
fn push_text(run: &mut String, text: &str) {
    for c in text.chars() {
        if c == '\n' {
            run.push('\n');
        } else if c.is_ascii_whitespace() {
            if !run.ends_with([' ', '\n']) && !run.is_empty() {
                run.push(' ');
            }
        } else {
            run.push_str(&escape(&c.to_string(), false));
        }
    }
}

fn inline(e: ElementRef<'_>, run: &mut String) {
    let name = e.value().name();
    run.push_str(&open_tag(e));
    if VOID.contains(&name) {
        if name == "br" {
            run.push('\n');
        }
        return;
    }
    for child in e.children() {
        match child.value() {
            Node::Text(t) => push_text(run, t),
            Node::Element(_) => inline(ElementRef::wrap(child).expect("an element"), run),
            _ => {}
        }
    }
    run.push_str(&format!("</{name}>"));
}

enum Part<'a> {
    Lines(Vec<String>),
    Block(ElementRef<'a>),
}

fn lines(run: &str) -> Vec<String> {
    run.lines()
        .map(|l| l.trim_matches(' ').to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn block(e: ElementRef<'_>, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let name = e.value().name();
    let open = open_tag(e);
    if PREFORMATTED.contains(&name) {
        out.push_str(&format!("{pad}{open}\n"));
        let text: String = e.text().collect();
        for line in text.lines() {
            if line.trim().is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("{pad}  {}\n", escape(line.trim_end(), false)));
            }
        }
        out.push_str(&format!("{pad}</{name}>\n"));
        return;
    }
    let mut parts = Vec::new();
    let mut run = String::new();
    for child in e.children() {
        match child.value() {
            Node::Text(t) => push_text(&mut run, t),
            Node::Element(_) => {
                let child = ElementRef::wrap(child).expect("an element");
                if is_inline(child) {
                    inline(child, &mut run);
                } else {
                    parts.push(Part::Lines(lines(&run)));
                    run.clear();
                    parts.push(Part::Block(child));
                }
            }
            _ => {}
        }
    }
    parts.push(Part::Lines(lines(&run)));
    parts.retain(|p| !matches!(p, Part::Lines(l) if l.is_empty()));
    match parts.as_slice() {
        [] => out.push_str(&format!("{pad}{open}</{name}>\n")),
        [Part::Lines(l)] if l.len() == 1 => {
            out.push_str(&format!("{pad}{open}{}</{name}>\n", l[0]));
        }
        _ => {
            out.push_str(&format!("{pad}{open}\n"));
            for part in parts {
                match part {
                    Part::Lines(l) => {
                        for line in l {
                            out.push_str(&format!("{pad}  {line}\n"));
                        }
                    }
                    Part::Block(child) => block(child, depth + 1, out),
                }
            }
            out.push_str(&format!("{pad}</{name}>\n"));
        }
    }
}

#[tokio::test]
async fn home_page() {
    let app = TestApp::at(OPEN).await;
    for lang in LANGS {
        let path = format!("/{lang}/");
        let page = app.get(&path).await;
        assert_main(&format!("home_{lang}"), &format!("GET {path}"), &page);
    }
}

#[tokio::test]
async fn case_page() {
    let app = TestApp::at(OPEN).await;
    for lang in LANGS {
        let path = format!("/{lang}/c/azat-miftakhov");
        let page = app.get(&path).await;
        assert_main(&format!("case_{lang}"), &format!("GET {path}"), &page);
    }
}

#[tokio::test]
async fn action_page() {
    let app = TestApp::at(OPEN).await;
    for lang in LANGS {
        let path = format!("/{lang}/a/azat-miftakhov-torture-in-ik-18");
        let page = app.get(&path).await;
        assert_main(&format!("action_{lang}"), &format!("GET {path}"), &page);
    }
}

#[tokio::test]
async fn write_page() {
    let app = TestApp::at(OPEN).await;
    for lang in LANGS {
        let path = format!("/{lang}/c/azat-miftakhov/write");
        let page = app.get(&path).await;
        assert_main(&format!("write_{lang}"), &format!("GET {path}"), &page);
    }
}

#[tokio::test]
async fn write_check_page() {
    let app = TestApp::at(OPEN).await;
    for lang in LANGS {
        let path = format!("/{lang}/c/azat-miftakhov/write");
        let page = app.get(&path).await;
        let checked = app
            .post(
                &path,
                &page.cookies(),
                &form(&[
                    ("csrf", &page.input("csrf")),
                    ("writer", "f"),
                    ("phrase", "greeting-dear"),
                    ("phrase", "wish-health"),
                    ("phrase", "closing-warmly"),
                    ("free", "Я много читаю о войне. Hello from London!"),
                    ("signature", "Anna"),
                ]),
            )
            .await;
        assert_main(
            &format!("write_check_{lang}"),
            &format!("POST {path}: three phrases, a sentence of her own, signed Anna"),
            &checked,
        );
    }
}

#[tokio::test]
async fn email_page() {
    let app = TestApp::at(OPEN).await;
    for lang in LANGS {
        let path = format!("/{lang}/a/azat-miftakhov-torture-in-ik-18");
        let page = app.get(&path).await;
        // The form as the page fills it in, with the supporter's name, town and country.
        let prepared = app
            .post(
                &format!("{path}/email"),
                &page.cookies(),
                &form(&[
                    ("csrf", &page.input("csrf")),
                    ("lang", &page.input("lang")),
                    ("subject", &page.input("subject")),
                    ("body", &page.raw_text_of("textarea#body")),
                    ("name", "Anna Smith"),
                    ("town", "Leeds"),
                    ("country", "GB"),
                ]),
            )
            .await;
        assert_main(
            &format!("email_{lang}"),
            &format!("POST {path}/email: the model letter, signed Anna Smith, Leeds"),
            &prepared,
        );
    }
}

#[tokio::test]
async fn thanks_page() {
    for lang in LANGS {
        // A fresh site for each language, so that both count the one call.
        let app = TestApp::at(OPEN).await;
        let path = format!("/{lang}/a/azat-miftakhov-torture-in-ik-18");
        let page = app.get(&path).await;
        let done = app
            .post(
                &format!("{path}/done"),
                &page.cookies(),
                &form(&[("csrf", &page.input("csrf")), ("channel", "phone")]),
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let thanks_path = format!("{path}/thanks");
        // As the supporter's browser asks for it: with the acted cookie the call just set.
        let mut cookies = page.cookies();
        cookies.extend(done.cookies());
        let thanks = app
            .request(
                axum::http::Request::get(&thanks_path)
                    .header("host", "outcry.example")
                    .header("cookie", cookies.join("; "))
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await;
        assert_main(
            &format!("thanks_{lang}"),
            &format!("GET {thanks_path} (Host: outcry.example) after one call, by the caller"),
            &thanks,
        );
    }
}
