//! The portable case file: a case, its targets and its actions as human-editable TOML
//! (`docs/case-file.md`). Groups keep these in git and move them between instances, so the
//! format is strict (unknown keys are errors, since a misspelt key would otherwise vanish
//! silently) and versioned, and [`to_toml`] followed by [`load`] gives back the same bundle.

use std::fmt;

use outcry_domain::{Case, CaseBundle, Target, UrgentAction, Violations};
use serde::{Deserialize, Serialize};

/// The version this build reads and writes. A file says which version it is in, so a future
/// format change can read old files instead of misreading them.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    /// Always first in the file, so people see what they are editing.
    outcry_case_file: u32,
    case: Case,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    targets: Vec<Target>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    actions: Vec<UrgentAction>,
}

/// Why a case file was refused. Every variant knows the line it points at, where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseFileError {
    /// Not TOML, a wrong type, an unknown key, a value a field does not accept.
    Syntax {
        /// The line of the mistake, counted from 1.
        line: usize,
        /// The column of the mistake, in characters, counted from 1.
        column: usize,
        /// What the TOML reader found wrong, in English.
        message: String,
    },
    /// A file of another format version.
    Version {
        /// The line of the `outcry_case_file` key, counted from 1.
        line: usize,
        /// The version the file says it is in.
        found: u32,
    },
    /// Well-formed, but the content breaks the model's rules (all problems are listed).
    Invalid {
        /// Every problem found, not just the first.
        violations: Violations,
        /// The line each violation points at, in the same order; `None` where none was found.
        lines: Vec<Option<usize>>,
    },
}

impl CaseFileError {
    /// The messages, one per line, each as `NAME:LINE: message` (the format editors jump to).
    pub fn render(&self, name: &str) -> String {
        match self {
            CaseFileError::Syntax {
                line,
                column,
                message,
            } => format!("{name}:{line}:{column}: {message}"),
            CaseFileError::Version { line, found } => format!(
                "{name}:{line}: this is a version {found} case file; this Outcry reads version {FORMAT_VERSION}"
            ),
            CaseFileError::Invalid { violations, lines } => violations
                .0
                .iter()
                .zip(lines)
                .map(|(v, line)| match line {
                    Some(l) => format!("{name}:{l}: {v}"),
                    None => format!("{name}: {v}"),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

impl fmt::Display for CaseFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("case file"))
    }
}

impl std::error::Error for CaseFileError {}

/// Reads a case file and checks it as a whole; `today` bounds dates such as years of birth.
pub fn load(text: &str, today: jiff::civil::Date) -> Result<CaseBundle, CaseFileError> {
    let file: CaseFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_and_column(text, s.start));
        CaseFileError::Syntax {
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    if file.outcry_case_file != FORMAT_VERSION {
        let line = find_line(text, 1, "outcry_case_file").unwrap_or(1);
        return Err(CaseFileError::Version {
            line,
            found: file.outcry_case_file,
        });
    }
    let bundle = CaseBundle {
        case: file.case,
        targets: file.targets,
        actions: file.actions,
    };
    bundle.validate(today).map_err(|violations| {
        let lines = violations
            .0
            .iter()
            .map(|v| locate(text, &v.field))
            .collect();
        CaseFileError::Invalid { violations, lines }
    })?;
    Ok(bundle)
}

/// Writes a bundle as a case file that [`load`] reads back unchanged.
pub fn to_toml(bundle: &CaseBundle) -> Result<String, toml::ser::Error> {
    let file = CaseFile {
        outcry_case_file: FORMAT_VERSION,
        case: bundle.case.clone(),
        targets: bundle.targets.clone(),
        actions: bundle.actions.clone(),
    };
    let body = toml::to_string_pretty(&file)?;
    Ok(format!(
        "# Outcry case file: one case, the officials to write to, and the urgent actions.\n\
         # Edit freely; `outcry import` checks it and tells you the line of any mistake.\n\
         # The format is described in docs/case-file.md.\n\n{body}"
    ))
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Best effort: the line a validation path such as `actions[1].deadline` points at. Walks the
/// path through table headers (`[[actions]]`, the second one) and then looks for the key.
fn locate(text: &str, path: &str) -> Option<usize> {
    let mut from = 1;
    let mut table = String::new();
    for segment in path.split('.') {
        let (key, index) = match segment.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        if !table.is_empty() {
            table.push('.');
        }
        table.push_str(key);
        if let Some(n) = index {
            // An array of tables: skip to its n-th header.
            let header = format!("[[{table}]]");
            match nth_line_starting(text, from, &header, n) {
                Some(line) => from = line,
                None => return find_line(text, from, key),
            }
        } else if let Some(line) = find_line(text, from, &format!("[{table}]")) {
            from = line;
        } else if let Some(line) = find_line(text, from, key) {
            from = line;
        }
    }
    Some(from)
}

fn nth_line_starting(text: &str, from: usize, prefix: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from - 1)
        .filter(|(_, l)| l.trim_start().starts_with(prefix))
        .nth(n)
        .map(|(i, _)| i + 1)
}

fn find_line(text: &str, from: usize, key: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from - 1)
        .find(|(_, l)| {
            let l = l.trim_start();
            l.starts_with(key) && l[key.len()..].trim_start().starts_with(['=', '.', ']'])
                || l == key
        })
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: jiff::civil::Date = date(2026, 11, 22);

    const MINIMAL: &str = r#"
outcry_case_file = 1

[case]
slug = "jane-roe"
status = "detained"
name.en = "Jane Roe"
"#;

    #[test]
    fn a_minimal_file_loads_and_round_trips() {
        let bundle = load(MINIMAL, TODAY).expect("minimal file is valid");
        assert_eq!(bundle.case.slug.as_str(), "jane-roe");
        let again = load(&to_toml(&bundle).expect("serializes"), TODAY).expect("reloads");
        assert_eq!(again, bundle);
    }

    /// Found by the case_file fuzz target: a blank text was kept on reading but dropped on
    /// writing, so the file read back was another case.
    #[test]
    fn blank_texts_are_no_texts_and_round_trip() {
        let text = format!("{MINIMAL}donations.en = \"\"\nsummary.ru = \"  \"\n");
        let bundle = load(&text, TODAY).expect("valid");
        assert!(bundle.case.donations.0.is_empty());
        assert!(bundle.case.summary.0.is_empty());
        let again = load(&to_toml(&bundle).expect("serializes"), TODAY).expect("reloads");
        assert_eq!(again, bundle);
    }

    #[test]
    fn a_relay_setting_round_trips() {
        let text = format!(
            "{MINIMAL}\n[case.relay]\ngroup = \"Outcry demo group\"\nreturn_address = [\"PO Box 0000\", \"10115 Berlin\", \"GERMANY\"]\n"
        );
        let bundle = load(&text, TODAY).expect("relay setting is valid");
        let relay = bundle.case.relay.as_ref().expect("relay is read");
        assert_eq!(relay.group, "Outcry demo group");
        assert_eq!(relay.return_address.len(), 3);
        let written = to_toml(&bundle).expect("serializes");
        assert!(written.contains("[case.relay]"), "{written}");
        assert_eq!(load(&written, TODAY).expect("reloads"), bundle);
        let without = load(MINIMAL, TODAY).expect("valid");
        assert!(!to_toml(&without).expect("serializes").contains("relay"));
        // A case's own retention is read and written back; one beyond ten years points at its line.
        let own = format!("{text}retention_days = 7\n");
        let bundle = load(&own, TODAY).expect("a retention of its own is valid");
        assert_eq!(
            bundle.case.relay.as_ref().and_then(|r| r.retention_days),
            Some(7)
        );
        assert_eq!(
            load(&to_toml(&bundle).expect("serializes"), TODAY).expect("reloads"),
            bundle
        );
        let err = load(&format!("{text}retention_days = 36500\n"), TODAY).expect_err("too long");
        assert_eq!(
            err.render("f.toml"),
            "f.toml:12: case.relay.retention_days: 36500 days is outside 0..=3650"
        );
    }

    #[test]
    fn a_bad_relay_setting_points_at_its_line() {
        let text = format!(
            "{MINIMAL}\n[case.relay]\ngroup = \"Outcry demo group\"\nreturn_address = []\n"
        );
        let err = load(&text, TODAY).expect_err("no address lines");
        assert_eq!(
            err.render("f.toml"),
            "f.toml:11: case.relay.return_address: must not be empty"
        );
        let text = text.replace("group =", "groupe =");
        let err = load(&text, TODAY).expect_err("unknown key");
        assert!(
            matches!(err, CaseFileError::Syntax { line: 10, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn unknown_keys_are_refused_with_their_line() {
        let text = MINIMAL.replace(
            "status = \"detained\"",
            "status = \"detained\"\nnmae = \"typo\"",
        );
        let err = load(&text, TODAY).expect_err("unknown key");
        let CaseFileError::Syntax { line, message, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*line, 7);
        assert!(message.contains("nmae"), "{message}");
    }

    #[test]
    fn wrong_types_are_refused_with_their_line() {
        let text = MINIMAL.replace(
            "status = \"detained\"",
            "status = \"detained\"\nbirth_year = \"nineteen\"",
        );
        let err = load(&text, TODAY).expect_err("wrong type");
        assert!(
            matches!(err, CaseFileError::Syntax { line: 7, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn bad_values_name_the_problem() {
        let text = MINIMAL.replace("name.en", "name.xx");
        let err = load(&text, TODAY).expect_err("unknown language");
        assert!(
            err.render("f.toml").starts_with("f.toml:7:"),
            "{}",
            err.render("f.toml")
        );
        assert!(
            err.to_string()
                .contains("\"xx\" is not a known language code"),
            "{err}"
        );
    }

    #[test]
    fn rule_violations_point_at_their_line() {
        let text = format!(
            "{MINIMAL}\n[[actions]]\nslug = \"a\"\nstatus = \"draft\"\nheadline.en = \"H\"\npublished_on = \"2026-05-01\"\n\n[actions.deadline]\ndate = \"2026-04-01\"\ntime_zone = \"Europe/Moscow\"\n"
        );
        let err = load(&text, TODAY).expect_err("deadline before publication");
        let rendered = err.render("f.toml");
        assert_eq!(
            rendered,
            "f.toml:15: actions[0].deadline: deadline 2026-04-01 is before publication on 2026-05-01"
        );
    }

    #[test]
    fn the_example_in_the_docs_is_a_valid_case_file() {
        let doc = include_str!("../../../docs/case-file.md");
        let example = doc
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("docs/case-file.md has a toml example");
        let bundle =
            load(example, TODAY).unwrap_or_else(|e| panic!("{}", e.render("docs/case-file.md")));
        assert_eq!(bundle.actions.len(), 1);
        assert!(bundle.case.relay.is_some(), "the example shows relay mode");
    }

    #[test]
    fn another_version_is_refused() {
        let err = load(&MINIMAL.replace("= 1", "= 2"), TODAY).expect_err("version 2");
        assert_eq!(err, CaseFileError::Version { line: 2, found: 2 });
    }
}
