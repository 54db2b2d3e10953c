//! The header-like syntax of a delivery-status body (RFC 3464 §2.1): groups of `Name: value`
//! lines separated by blank lines, values folded onto lines that start with white space, names
//! compared without case.
//!
//! Lines that are neither a field nor a continuation are skipped, together with any
//! continuation that follows them, so one broken line cannot glue itself onto a good field.

/// One field: its name in lowercase and its unfolded value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub name: String,
    pub value: String,
}

/// A blank-line separated group of fields.
pub(crate) type Group = Vec<Field>;

/// Most groups read: a per-message group and far more recipients than a report keeps.
const MAX_GROUPS: usize = 400;
/// Most fields read in one group; a real recipient block has about ten.
const MAX_FIELDS: usize = 64;
/// Longest value kept while unfolding, in bytes; outputs are cut shorter later.
const MAX_VALUE: usize = 4096;

/// Splits `text` into groups of fields.
pub(crate) fn groups(text: &str) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut current: Group = Vec::new();
    // Whether the last line was a field that a continuation line may extend.
    let mut can_continue = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
                if groups.len() >= MAX_GROUPS {
                    return groups;
                }
            }
            can_continue = false;
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if can_continue && let Some(field) = current.last_mut() {
                append(&mut field.value, line.trim());
            }
            continue;
        }
        match parse_field(line) {
            Some(field) if current.len() < MAX_FIELDS => {
                current.push(field);
                can_continue = true;
            }
            _ => can_continue = false,
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

/// `Name: value`, where the name is a run of printable ASCII without spaces or colons.
fn parse_field(line: &str) -> Option<Field> {
    let (name, value) = line.split_once(':')?;
    let valid = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
    if !valid {
        return None;
    }
    let mut field = Field {
        name: name.to_ascii_lowercase(),
        value: String::new(),
    };
    append(&mut field.value, value.trim());
    Some(field)
}

/// Adds a folded piece to a value, one space between pieces, up to [`MAX_VALUE`] bytes.
fn append(value: &mut String, piece: &str) {
    if piece.is_empty() || value.len() >= MAX_VALUE {
        return;
    }
    if !value.is_empty() {
        value.push(' ');
    }
    let room = MAX_VALUE.saturating_sub(value.len());
    value.push_str(crate::text::prefix(piece, room));
}

/// The value of the first field called `name` (lowercase) in `group`.
pub(crate) fn get<'a>(group: &'a [Field], name: &str) -> Option<&'a str> {
    group
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_split_on_blank_lines() {
        let text = "Reporting-MTA: dns; a.example\r\n\r\nFinal-Recipient: rfc822; x@y\r\nAction: failed\r\n \r\nFinal-Recipient: rfc822; z@y\n";
        let groups = groups(text);
        assert_eq!(groups.len(), 3);
        assert_eq!(get(&groups[1], "action"), Some("failed"));
        assert_eq!(get(&groups[2], "final-recipient"), Some("rfc822; z@y"));
    }

    #[test]
    fn names_are_case_insensitive() {
        let groups = groups("FINAL-recipient: RFC822; x@y\nstatus:5.1.1");
        assert_eq!(get(&groups[0], "final-recipient"), Some("RFC822; x@y"));
        assert_eq!(get(&groups[0], "status"), Some("5.1.1"));
    }

    #[test]
    fn folded_values_are_joined() {
        let text = "Diagnostic-Code: smtp; 550-5.1.1 The email account\n    550-5.1.1 does not exist.\n\t550 5.1.1 gsmtp\nAction: failed";
        let groups = groups(text);
        assert_eq!(
            get(&groups[0], "diagnostic-code"),
            Some("smtp; 550-5.1.1 The email account 550-5.1.1 does not exist. 550 5.1.1 gsmtp")
        );
        assert_eq!(get(&groups[0], "action"), Some("failed"));
    }

    #[test]
    fn garbage_lines_and_their_continuations_are_skipped() {
        let text = " orphan continuation\nthis is not a field\n   nor is this\nAction: failed\nbad name here: x\n  glued?\n";
        let groups = groups(text);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].len(), 1);
        assert_eq!(get(&groups[0], "action"), Some("failed"));
    }

    #[test]
    fn values_and_counts_are_bounded() {
        let long = format!(
            "Diagnostic-Code: {}\n{}",
            "x".repeat(10_000),
            " y\n".repeat(10_000)
        );
        let groups_long = groups(&long);
        assert!(groups_long[0][0].value.len() <= MAX_VALUE);
        let many = "A: b\n\n".repeat(10_000);
        assert_eq!(groups(&many).len(), MAX_GROUPS);
    }
}
