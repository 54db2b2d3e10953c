//! What the plain-text UA importer makes of each text it is tested on, in full: for every file
//! in `tests/fixtures/ua/`, and for the seed (`../shared/seeds/urgent-action-azat-miftakhov.txt`)
//! when it is there, the case file `outcry import` would write and the findings it would
//! print, kept in `tests/snapshots/<fixture>.snap`.
//!
//! Reviewers: a changed `.snap` file is a change in what the importer reads from that text.
//! Read it against the fixture: each field should say what the text says, and each finding
//! gives its line in the fixture. Each snapshot is the case file, then the findings, one per
//! line as `line N: missing|doubtful|info: message`. A text that states no publication date
//! and whose deadline has no year is imported as a user would, with the date given
//! (2026-05-01); a last part then says what the import without it differs in (only
//! `published_on`, the deadline and the findings may differ, which the test checks).
//!
//! After a deliberate change to the importer, or for a new fixture, write the snapshots with
//! `INSTA_UPDATE=always cargo test -p outcry-importer --test snapshots` (or `cargo insta review`
//! if cargo-insta is installed) and read the diff before committing. A fixture without a
//! snapshot fails the test: with `CI=true` insta writes nothing, elsewhere it leaves a
//! `.snap.new` file to review.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, date};
use outcry_importer::case_file;
use outcry_importer::ua_text::{Finding, Options, Severity, UaImport, parse};
use outcry_testkit::seed;

/// The publication date given, as `outcry import --published` would, for texts that need one:
/// the day the other tests read the seed's year-less deadline ("15 July") against.
const GIVEN: Date = date(2026, 5, 1);

/// The seed's snapshot, next to the fixtures' ones.
const SEED_SNAPSHOT: &str = "urgent-action-azat-miftakhov";

fn crate_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Every fixture as (snapshot name, path, text), sorted by name.
fn fixtures() -> Vec<(String, PathBuf, String)> {
    let dir = crate_path("tests/fixtures/ua");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a fixture name in UTF-8")
                .to_string();
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, path, text)
        })
        .collect()
}

fn today() -> Date {
    jiff::Zoned::now().date()
}

/// One finding per line: where, how serious, what.
fn finding(f: &Finding) -> String {
    let kind = match f.severity {
        Severity::Missing => "missing",
        Severity::Doubtful => "doubtful",
        Severity::Info => "info",
    };
    match f.lines {
        Some((a, b)) if a == b => format!("line {a}: {kind}: {}", f.message),
        Some((a, b)) => format!("lines {a}–{b}: {kind}: {}", f.message),
        None => format!("no line: {kind}: {}", f.message),
    }
}

fn findings(r: &UaImport) -> String {
    if r.findings.is_empty() {
        return "none\n".into();
    }
    r.findings.iter().map(|f| finding(f) + "\n").collect()
}

/// The case file as TOML, after checking that it is valid and reads back as the same bundle.
fn case_file(name: &str, r: &UaImport) -> String {
    if let Err(v) = r.bundle.validate(today()) {
        panic!("{name}: the bundle does not validate:\n{v}");
    }
    let toml = case_file::to_toml(&r.bundle).expect("the bundle serializes");
    let loaded = case_file::load(&toml, today())
        .unwrap_or_else(|e| panic!("{name}: the case file does not load:\n{}", e.render(name)));
    assert_eq!(
        loaded, r.bundle,
        "{name}: the case file reads back differently"
    );
    toml
}

/// The snapshot of one text: the case file and the findings as a user gets them, who gives
/// the publication date only when the text needs one (it states no date and its deadline no
/// year); then, if a date was given, what the import without it differs in.
fn render(name: &str, text: &str) -> String {
    let undated = parse(text, &Options::default());
    let action = undated.bundle.actions.first().expect("one action");
    let reason = match (action.published_on, &action.deadline) {
        (Some(d), _) => format!("the text states its date, {d}"),
        (None, Some(_)) => "the deadline states its year".to_string(),
        (None, None) => {
            let dated = parse(
                text,
                &Options {
                    published: Some(GIVEN),
                },
            );
            return format!(
                "== case file, published {GIVEN} given (the text states no date) ==\n{}\n== findings ==\n{}\n== without a publication date ==\n{}",
                case_file(name, &dated),
                findings(&dated),
                without_date(name, &undated, &dated),
            );
        }
    };
    format!(
        "== case file, no publication date given ({reason}) ==\n{}\n== findings ==\n{}",
        case_file(name, &undated),
        findings(&undated),
    )
}

/// What the import without a publication date differs in. A publication date decides only
/// `published_on` and the deadline; that the rest stays the same is checked, not shown.
fn without_date(name: &str, undated: &UaImport, dated: &UaImport) -> String {
    let mut same = undated.bundle.clone();
    if let (Some(a), Some(d)) = (same.actions.first_mut(), dated.bundle.actions.first()) {
        a.published_on = d.published_on;
        a.deadline = d.deadline.clone();
    }
    assert_eq!(
        same, dated.bundle,
        "{name}: without a publication date more than published_on and the deadline changed"
    );
    let action = undated.bundle.actions.first().expect("one action");
    let published = action
        .published_on
        .map_or("none".to_string(), |d| d.to_string());
    let deadline = action.deadline.as_ref().map_or("none".to_string(), |d| {
        format!("{} ({})", d.date, d.time_zone)
    });
    format!(
        "published_on: {published}\ndeadline: {deadline}\nthe rest of the case file: the same\nfindings:\n{}",
        findings(undated)
    )
}

fn assert_matches_snapshot(name: &str, input: &Path, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(input);
    settings.bind(|| insta::assert_snapshot!(name, render(name, text)));
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixtures found");
    // Check them all before failing, so one run shows every snapshot that changed.
    let failed: Vec<&str> = fixtures
        .iter()
        .filter(|(name, path, text)| {
            std::panic::catch_unwind(|| assert_matches_snapshot(name, path, text)).is_err()
        })
        .map(|(name, _, _)| name.as_str())
        .collect();
    assert!(
        failed.is_empty(),
        "snapshots missing or different (each is shown above): {failed:?}"
    );
}

#[test]
fn the_seed_matches_its_snapshot() {
    let Some(text) = seed::urgent_action() else {
        return;
    };
    assert_matches_snapshot(SEED_SNAPSHOT, Path::new(seed::PATH), &text);
}

#[test]
fn every_snapshot_has_its_fixture() {
    let names: Vec<String> = fixtures().into_iter().map(|(name, _, _)| name).collect();
    let dir = crate_path("tests/snapshots");
    let orphans: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry").file_name())
        .filter_map(|file| {
            let file = file.to_string_lossy();
            let name = file.strip_suffix(".snap")?;
            (name != SEED_SNAPSHOT && !names.iter().any(|n| n == name)).then(|| file.to_string())
        })
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots of fixtures that are gone (delete them): {orphans:?}"
    );
}
