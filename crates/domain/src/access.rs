//! Who may do what in the organizers' admin, and what a password must be. The one table of
//! permissions is [`Role::may`]: the admin's routes each name the [`Permission`] they need and
//! are checked against it in one layer, so a rule lives here and nowhere else.

use std::fmt;

/// An admin session unused this long is over.
pub const SESSION_IDLE: jiff::SignedDuration = jiff::SignedDuration::from_mins(30);
/// An admin session is over this long after login, used or not.
pub const SESSION_ABSOLUTE: jiff::SignedDuration = jiff::SignedDuration::from_hours(12);

/// An organizer's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Everything, users and settings included.
    Admin,
    /// Cases, officials, actions: content, and publishing it.
    Editor,
    /// Relay letters (and, later, comments).
    Moderator,
    /// Translations only.
    Translator,
}

/// Something the admin lets an organizer do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    /// Invite, disable and reset accounts; change roles.
    ManageUsers,
    /// Site-wide settings, such as requiring two-factor login for everyone.
    ManageSettings,
    /// Read the audit log.
    ReadAudit,
    /// Create and edit cases, officials and actions.
    EditContent,
    /// Publish, close or withdraw an action or a language of it.
    Publish,
    /// Edit the translation of a text, side by side with its source.
    Translate,
    /// See the relay letters' queue, approve and reject.
    ModerateLetters,
    /// Open a sealed letter's text (a sensitive read: audited).
    ReadLetters,
    /// Print a batch of approved letters (their text, in clear, as a PDF).
    PrintLetters,
    /// Export results and counts.
    Export,
}

impl Permission {
    /// Every permission, for tests that walk the table.
    pub const ALL: [Permission; 10] = [
        Permission::ManageUsers,
        Permission::ManageSettings,
        Permission::ReadAudit,
        Permission::EditContent,
        Permission::Publish,
        Permission::Translate,
        Permission::ModerateLetters,
        Permission::ReadLetters,
        Permission::PrintLetters,
        Permission::Export,
    ];
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Moderator, Role::Translator];

    /// The table: whether this role may do `p`.
    pub const fn may(self, p: Permission) -> bool {
        use Permission as P;
        match self {
            Role::Admin => true,
            Role::Editor => matches!(p, P::EditContent | P::Publish | P::Translate | P::Export),
            Role::Moderator => matches!(p, P::ModerateLetters | P::ReadLetters | P::PrintLetters),
            Role::Translator => matches!(p, P::Translate),
        }
    }

    /// Whether the role can see or export supporters' personal data (letters, exports): such
    /// accounts need a second factor whatever the site's setting.
    pub fn handles_personal_data(self) -> bool {
        [
            Permission::ReadLetters,
            Permission::PrintLetters,
            Permission::Export,
        ]
        .into_iter()
        .any(|p| self.may(p))
    }

    /// Whether an account of this role must sign in with a second factor: always for a role
    /// that handles personal data, and for every role when the site requires it.
    pub fn needs_second_factor(self, site_requires: bool) -> bool {
        site_requires || self.handles_personal_data()
    }

    /// The name in the command line, the database and the audit log.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Moderator => "moderator",
            Role::Translator => "translator",
        }
    }

    /// The role named `s`.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The shortest password accepted, in characters. Length is what makes a password hard to
/// guess (NIST SP 800-63B asks at least 8, 15 without a second factor); there are no
/// composition rules, which only make passwords harder to remember.
pub const MIN_PASSWORD: usize = 12;
/// The longest: a bound on the work of hashing, not a rule for people.
pub const MAX_PASSWORD: usize = 256;

/// Passwords that guessing tries first, and their obvious stretches to twelve characters.
/// Short on purpose: the length rule already rules out most of any longer list.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123123123123",
    "111111111111",
    "000000000000",
    "qwertyuiopas",
    "qwertyuiop123",
    "qwerty123456",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "passwordpassword",
    "password1234",
    "password12345",
    "password123456",
    "iloveyou1234",
    "letmein12345",
    "welcome12345",
    "administrator",
    "adminadmin123",
    "changeme1234",
    "abcdefghijkl",
    "abc123abc123",
    "aaaaaaaaaaaa",
    "йцукенгшщзхъ",
    "пароль123456",
    "парольпароль",
    "qwertyqwerty",
    "football1234",
    "sunshine1234",
    "princess1234",
    "dragon123456",
    "monkey123456",
    "outcryoutcry",
    "outcry123456",
];

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Shorter than [`MIN_PASSWORD`].
    TooShort,
    /// Longer than [`MAX_PASSWORD`].
    TooLong,
    /// One of the first guesses, or the account's own address.
    TooCommon,
}

/// Checks a new password for the account `email`.
pub fn check_password(password: &str, email: &str) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        return Err(PasswordProblem::TooShort);
    }
    if length > MAX_PASSWORD {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.trim().to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or("");
    let one_character = lower.chars().all(|c| lower.starts_with(c));
    if COMMON.contains(&lower.as_str()) || lower == email || lower == local || one_character {
        return Err(PasswordProblem::TooCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_may_do_what_the_issue_says_and_nothing_more() {
        use Permission as P;
        let allowed = |r: Role| -> Vec<P> { P::ALL.into_iter().filter(|p| r.may(*p)).collect() };
        assert_eq!(allowed(Role::Admin), P::ALL.to_vec());
        assert_eq!(
            allowed(Role::Editor),
            [P::EditContent, P::Publish, P::Translate, P::Export]
        );
        assert_eq!(
            allowed(Role::Moderator),
            [P::ModerateLetters, P::ReadLetters, P::PrintLetters]
        );
        assert_eq!(allowed(Role::Translator), [P::Translate]);
        // Only the admin manages users: no role can raise itself.
        for r in Role::ALL {
            assert_eq!(r.may(P::ManageUsers), r == Role::Admin, "{r}");
        }
    }

    #[test]
    fn roles_that_see_personal_data_need_a_second_factor() {
        let needing: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.handles_personal_data())
            .collect();
        assert_eq!(needing, [Role::Admin, Role::Editor, Role::Moderator]);
    }

    #[test]
    fn roles_read_back_from_their_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::parse("Admin"), None);
    }

    #[test]
    fn a_password_is_long_enough_and_not_a_first_guess_with_no_composition_rules() {
        let email = "vera.organizer@group.example";
        assert_eq!(
            check_password("short", email),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(
            check_password("элевен букв", email),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(
            check_password(&"x".repeat(MAX_PASSWORD + 1), email),
            Err(PasswordProblem::TooLong)
        );
        for common in [
            "Password1234",
            "ПАРОЛЬ123456",
            "zzzzzzzzzzzzzz",
            "vera.organizer",
            email,
        ] {
            assert_eq!(
                check_password(common, email),
                Err(PasswordProblem::TooCommon),
                "{common}"
            );
        }
        // Lower case words alone are fine when long: no digits or symbols demanded.
        assert_eq!(
            check_password("correct horse battery staple", email),
            Ok(())
        );
        assert_eq!(check_password("тихая речка бурлях", email), Ok(()));
    }
}
