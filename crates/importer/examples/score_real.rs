//! Scores the urgent-action importer on real published texts (issue 16, step 1).
//!
//! For every `tests/fixtures/real/*.txt`: the header comment (leading lines starting with
//! `# `) is read and stripped, the rest is decoded as `outcry import` decodes a file
//! (`source::decode`: UTF-8 only today; a refused file scores 0 facts) and parsed with
//! `ua_text::parse`, given the header's `# date:` as the publication date (what an organizer
//! passes with `--published`). Each fact of `<name>.expected.toml` is then looked up in the
//! draft:
//!
//! - `ua_number`: "123/15" against the draft's number without "UA" (spaces and leading zeros
//!   ignored; a draft "123/15-1" counts for a follow-up of "123/15").
//! - `ai_index`: case- and space-insensitive.
//! - `deadline`: the date.
//! - `targets`: a target is matched when a draft target's name holds the surname
//!   (case-insensitive); its `salutation` counts when the matched target has it in any language
//!   (case, spaces and trailing punctuation ignored), each of its `emails` when the matched
//!   target has it.
//! - `preferred_languages`: each language in the draft's list.
//! - `is_follow_up`: the draft continues another action or has a part number ("-1").
//! - `lang`: the language the draft's headline is stored under.
//!
//! Figures are printed per file, per publisher family, per language, per fact kind and
//! overall, separately for tuned (`held-out: no`) and held-out fixtures. Run with
//! `cargo run -p outcry-importer --example score_real` (add `-- --quiet` for totals only).

use std::collections::BTreeMap;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use outcry_importer::source;
use outcry_importer::ua_text::{Options, UaImport, parse};

/// The header a fixture starts with.
#[derive(Debug, Default)]
struct Header {
    source: String,
    date: String,
    publisher: String,
    lang: String,
    held_out: bool,
}

/// Splits the leading `# ` lines from the body, byte-wise (the body may not be UTF-8).
fn split_header(bytes: &[u8]) -> (Header, Vec<u8>) {
    let mut header = Header::default();
    let mut rest = bytes;
    while rest.starts_with(b"# ") {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let line = String::from_utf8_lossy(&rest[2..end]);
        if let Some((key, value)) = line.split_once(':') {
            let value = value.trim().to_string();
            match key.trim() {
                "source" => header.source = value,
                "date" => header.date = value,
                "publisher" => header.publisher = value,
                "lang" => header.lang = value,
                "held-out" => header.held_out = value.eq_ignore_ascii_case("yes"),
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    (header, rest.to_vec())
}

/// One fact: its kind (for the per-kind table), a label, and whether the draft has it.
struct Fact {
    kind: &'static str,
    label: String,
    got: bool,
    seen: String,
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([',', ':', ';', '.'])
        .to_lowercase()
}

/// "UA 012/21" → "12/21"; keeps a "-1" part.
fn norm_number(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s
        .strip_prefix("UA")
        .or_else(|| s.strip_prefix("ua"))
        .unwrap_or(&s);
    let s = s.trim_start_matches(':');
    match s.split_once('/') {
        Some((seq, rest)) => format!("{}/{rest}", seq.trim_start_matches('0')),
        None => s.to_string(),
    }
}

fn str_list(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn facts(expected: &toml::Table, r: Option<&UaImport>) -> Vec<Fact> {
    let mut out = Vec::new();
    let action = r.and_then(|r| r.bundle.actions.first());
    let mut push = |kind, label: String, got: bool, seen: String| {
        out.push(Fact {
            kind,
            label,
            got,
            seen,
        })
    };

    if let Some(want) = expected.get("ua_number").and_then(|v| v.as_str()) {
        let seen = action
            .and_then(|a| a.number.as_ref())
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        let have = norm_number(&seen);
        let want_n = norm_number(want);
        let got =
            !have.is_empty() && (have == want_n || have.split('-').next() == Some(want_n.as_str()));
        push("ua_number", format!("ua_number {want}"), got, seen);
    }
    if let Some(want) = expected.get("ai_index").and_then(|v| v.as_str()) {
        let seen = action.map(|a| a.index.clone()).unwrap_or_default();
        let got = !seen.is_empty() && norm(&seen).replace(' ', "") == norm(want).replace(' ', "");
        push("ai_index", format!("ai_index {want}"), got, seen);
    }
    if let Some(want) = expected.get("deadline") {
        let want = match want {
            toml::Value::Datetime(d) => d.to_string(),
            other => other.as_str().unwrap_or_default().to_string(),
        };
        let seen = action
            .and_then(|a| a.deadline.as_ref())
            .map(|d| d.date.to_string())
            .unwrap_or_default();
        push("deadline", format!("deadline {want}"), seen == want, seen);
    }
    if let Some(targets) = expected.get("targets").and_then(|v| v.as_array()) {
        let drafted = r.map(|r| r.bundle.targets.as_slice()).unwrap_or_default();
        let names = drafted
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
            .join(" | ");
        for t in targets.iter().filter_map(|t| t.as_table()) {
            let surname = t
                .get("surname")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let key = surname.to_lowercase();
            let matched = drafted.iter().find(|d| {
                let name = d.name.to_lowercase();
                !key.is_empty() && name.contains(&key)
            });
            push(
                "target",
                format!("target {surname}"),
                matched.is_some(),
                names.clone(),
            );
            if let Some(want) = t.get("salutation").and_then(|v| v.as_str()) {
                let have = matched
                    .map(|m| m.salutations.values().cloned().collect::<Vec<_>>())
                    .unwrap_or_default();
                let got = have.iter().any(|s| norm(s) == norm(want));
                push(
                    "salutation",
                    format!("salutation {want:?}"),
                    got,
                    have.join(" | "),
                );
            }
            for want in str_list(t.get("emails")) {
                let have = matched
                    .map(|m| m.emails.iter().map(|e| e.to_string()).collect::<Vec<_>>())
                    .unwrap_or_default();
                let got = have.iter().any(|e| e.eq_ignore_ascii_case(&want));
                push("email", format!("email {want}"), got, have.join(" | "));
            }
        }
    }
    let have_langs = action
        .map(|a| {
            a.preferred_languages
                .iter()
                .map(|l| l.as_str().to_string())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    for want in str_list(expected.get("preferred_languages")) {
        let got = have_langs.contains(&want);
        push(
            "preferred_language",
            format!("preferred language {want}"),
            got,
            have_langs.join(","),
        );
    }
    if let Some(want) = expected.get("is_follow_up").and_then(|v| v.as_bool()) {
        let have = action.map(|a| {
            a.continues.is_some() || a.number.as_ref().is_some_and(|n| n.as_str().contains('-'))
        });
        push(
            "is_follow_up",
            format!("is_follow_up {want}"),
            have == Some(want),
            have.map(|h| h.to_string()).unwrap_or_default(),
        );
    }
    if let Some(want) = expected.get("lang").and_then(|v| v.as_str()) {
        let have = action
            .map(|a| {
                a.headline
                    .langs()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        push(
            "lang",
            format!("lang {want}"),
            have.len() == 1 && have[0] == want,
            have.join(","),
        );
    }
    out
}

/// Hits and totals, for one bucket.
#[derive(Default, Clone, Copy)]
struct Score {
    got: usize,
    of: usize,
}

impl Score {
    fn add(&mut self, got: bool) {
        self.of += 1;
        self.got += usize::from(got);
    }
    fn show(self) -> String {
        if self.of == 0 {
            return "   –".into();
        }
        format!(
            "{:5.1}% ({}/{})",
            100.0 * self.got as f64 / self.of as f64,
            self.got,
            self.of
        )
    }
}

/// Publisher family: the International Secretariat, or the national section (its local groups and
/// republications of its texts included), from the header's `publisher`.
fn family(publisher: &str) -> String {
    // "Amnesty UK local group (Canterbury)" and "Amnesty UK" are one family.
    let p = publisher.split(" (").next().unwrap_or_default().trim();
    let p = p.strip_suffix(" local group").unwrap_or(p);
    if p.is_empty() {
        "unknown".into()
    } else {
        p.to_string()
    }
}

fn decade(date: &str) -> String {
    date.get(..3).map_or("?".into(), |d| format!("{d}0s"))
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real")
}

fn main() {
    let quiet = std::env::args().any(|a| a == "--quiet");
    let mut files: Vec<PathBuf> = fs::read_dir(fixtures_dir())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "txt")
                        && !p.to_string_lossy().ends_with(".expected.toml")
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();

    // [tuned, held-out] per bucket.
    let mut overall = [Score::default(); 2];
    let mut by_family: BTreeMap<String, [Score; 2]> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, [Score; 2]> = BTreeMap::new();
    let mut by_decade: BTreeMap<String, [Score; 2]> = BTreeMap::new();
    let mut by_kind: BTreeMap<&'static str, [Score; 2]> = BTreeMap::new();
    let mut counts = [0usize; 2];

    for path in &files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let expected_path = path.with_extension("expected.toml");
        let expected: toml::Table = match fs::read_to_string(&expected_path)
            .map_err(|e| e.to_string())
            .and_then(|t| t.parse::<toml::Table>().map_err(|e| e.to_string()))
        {
            Ok(t) => t,
            Err(e) => {
                println!("{name}: no usable expected file ({e}); skipped");
                continue;
            }
        };
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                println!("{name}: cannot read ({e}); skipped");
                continue;
            }
        };
        let (header, body) = split_header(&bytes);
        let published =
            jiff::civil::Date::strptime("%Y-%m-%d", header.date.get(..10).unwrap_or("")).ok();
        let mut note = String::new();
        let result = match source::decode(body, path) {
            Ok(text) => {
                match catch_unwind(AssertUnwindSafe(|| parse(&text, &Options { published }))) {
                    Ok(r) => Some(r),
                    Err(_) => {
                        note = "PANICKED".into();
                        None
                    }
                }
            }
            Err(e) => {
                note = format!("refused: {e}");
                None
            }
        };
        let facts = facts(&expected, result.as_ref());
        let h = usize::from(header.held_out);
        counts[h] += 1;
        let mut file = Score::default();
        let lang = expected
            .get("lang")
            .and_then(|v| v.as_str())
            .unwrap_or(&header.lang)
            .to_string();
        for f in &facts {
            file.add(f.got);
            overall[h].add(f.got);
            by_family.entry(family(&header.publisher)).or_default()[h].add(f.got);
            by_lang.entry(lang.clone()).or_default()[h].add(f.got);
            by_decade.entry(decade(&header.date)).or_default()[h].add(f.got);
            by_kind.entry(f.kind).or_default()[h].add(f.got);
        }
        if !quiet {
            println!(
                "{name} [{}] {}{}",
                if header.held_out { "held-out" } else { "tuned" },
                file.show(),
                if note.is_empty() {
                    String::new()
                } else {
                    format!("  {note}")
                }
            );
            for f in facts.iter().filter(|f| !f.got) {
                println!("    MISS {}  (draft: {:?})", f.label, f.seen);
            }
        }
    }

    let table = |title: &str, rows: Vec<(String, [Score; 2])>| {
        println!("\n{title:<40} {:>22} {:>22}", "tuned", "held-out");
        for (k, [t, h]) in rows {
            println!("{k:<40} {:>22} {:>22}", t.show(), h.show());
        }
    };
    println!(
        "\n{} fixtures: {} tuned, {} held-out",
        counts[0] + counts[1],
        counts[0],
        counts[1]
    );
    table("publisher family", by_family.into_iter().collect());
    table("language", by_lang.into_iter().collect());
    table("decade", by_decade.into_iter().collect());
    table(
        "fact kind",
        by_kind
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    );
    table("OVERALL", vec![("all facts".into(), overall)]);
}
