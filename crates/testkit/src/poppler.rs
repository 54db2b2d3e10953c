//! Reading PDFs back with poppler's command-line tools (`pdftotext`, `pdffonts`, `pdfinfo`),
//! for the tests of the PDF crate and the faces: what a printed letter says is checked on the
//! PDF itself.

use std::io::Write;
use std::process::Command;

/// Whether poppler's tools are installed. Tests skip loudly without them unless
/// `OUTCRY_REQUIRE_POPPLER=1` (CI sets it), in which case they fail.
pub fn available() -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var("OUTCRY_REQUIRE_POPPLER").as_deref() != Ok("1"),
            "OUTCRY_REQUIRE_POPPLER=1 but pdftotext is not installed (apt-get install poppler-utils)"
        );
        eprintln!(
            "\n*** SKIPPED: PDF content checks need poppler-utils (pdftotext, pdffonts, pdfinfo) ***\n"
        );
    }
    found
}

fn run(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile_for(pdf);
    let path = file.path().to_string_lossy().to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.push(&path);
    if tool == "pdftotext" {
        all.push("-");
    }
    let out = Command::new(tool)
        .args(&all)
        .output()
        .unwrap_or_else(|e| panic!("{tool} did not run: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = file.flush();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn tempfile_for(pdf: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("temp file: {e}"));
    file.write_all(pdf)
        .unwrap_or_else(|e| panic!("temp file: {e}"));
    file
}

/// The text of the pages `first..=last` (1-based), in reading order, one line per line.
pub fn text(pdf: &[u8], first: usize, last: usize) -> String {
    run(
        "pdftotext",
        &[
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
            "-enc",
            "UTF-8",
        ],
        pdf,
    )
}

/// Each font of the PDF: (name, embedded?).
pub fn fonts(pdf: &[u8]) -> Vec<(String, bool)> {
    run("pdffonts", &[], pdf)
        .lines()
        .skip(2)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // name type [encoding words…] emb sub uni object ID: "emb" is the 5th from the end.
            let emb = cols.len().checked_sub(5).map(|i| cols[i])?;
            Some((cols.first()?.to_string(), emb == "yes"))
        })
        .collect()
}

/// Each page's size in PostScript points, rounded to whole points.
pub fn page_sizes(pdf: &[u8]) -> Vec<(u32, u32)> {
    run("pdfinfo", &["-f", "1", "-l", "9999"], pdf)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .filter_map(|l| {
            let after = l.split("size:").nth(1)?;
            let mut nums = after.split_whitespace();
            let w: f64 = nums.next()?.parse().ok()?;
            let _x = nums.next()?;
            let h: f64 = nums.next()?.parse().ok()?;
            Some((w.round() as u32, h.round() as u32))
        })
        .collect()
}

/// Lines of `text` equal to `expected`, in that order (other lines may come between): how a
/// reader checks that a printed letter has its parts where they belong.
pub fn assert_lines_in_order(text: &str, expected: &[&str]) {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut at = 0;
    for want in expected {
        match lines[at..].iter().position(|l| l == want) {
            Some(i) => at += i + 1,
            None => panic!("line {want:?} missing or out of order in:\n{text}"),
        }
    }
}
