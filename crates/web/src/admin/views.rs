//! The admin's views: one askama struct per page under `templates/admin/`, each given ready
//! strings by its handler. [`AdminChrome`] is what every admin page shares: the title, the
//! language switcher, the menu the organizer's role allows, and the sign-out button.

use askama::Template;
use outcry_domain::access::{Permission, Role};
use outcry_i18n::Locale;

use super::guard::Organizer;
use crate::paths::AdminUrls;

/// What every admin page shares.
pub struct AdminChrome {
    pub locale: Locale,
    pub title: String,
    pub urls: AdminUrls,
    /// (code, native name, this page in that language, is it the current one)
    pub languages: Vec<(&'static str, &'static str, String, bool)>,
    /// (label, link, is it this page): what the role may open.
    pub menu: Vec<(String, String, bool)>,
    /// "anna@example.org · moderator", when signed in.
    pub signed_in: Option<String>,
    /// The token for the sign-out button (and the page's other forms).
    pub csrf: String,
}

impl AdminChrome {
    /// `title_key` names the page's title; `url` is this page, for the switcher and the menu.
    pub fn new(
        locale: Locale,
        title_key: &str,
        url: &str,
        who: Option<&Organizer>,
        csrf: String,
    ) -> AdminChrome {
        let urls = AdminUrls::new(locale);
        let languages = crate::pages::language_links(url, locale);
        let signed = who.filter(|o| o.stage == outcry_storage::SessionStage::Full);
        let menu = signed
            .map(|o| {
                menu(urls, o.account.role)
                    .into_iter()
                    .map(|(key, href)| {
                        let current = href == url;
                        (locale.t(key), href, current)
                    })
                    .collect()
            })
            .unwrap_or_default();
        AdminChrome {
            locale,
            title: locale.t(title_key),
            urls,
            languages,
            menu,
            signed_in: who.map(|o| {
                format!(
                    "{} · {}",
                    o.account.email,
                    locale.t(&format!("admin-role-{}", o.account.role.as_str()))
                )
            }),
            csrf,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }
}

/// The menu for a role: each entry only where the role may open it.
fn menu(urls: AdminUrls, role: Role) -> Vec<(&'static str, String)> {
    let entries = [
        ("admin-menu-home", urls.home(), None),
        (
            "admin-menu-letters",
            urls.letters(),
            Some(Permission::ModerateLetters),
        ),
        (
            "admin-menu-users",
            urls.users(),
            Some(Permission::ManageUsers),
        ),
        (
            "admin-menu-audit",
            urls.audit(),
            Some(Permission::ReadAudit),
        ),
        (
            "admin-menu-settings",
            urls.settings(),
            Some(Permission::ManageSettings),
        ),
    ];
    entries
        .into_iter()
        .filter(|(_, _, need)| need.is_none_or(|p| role.may(p)))
        .map(|(key, href, _)| (key, href))
        .collect()
}

#[derive(Template)]
#[template(path = "admin/login.html")]
pub struct LoginPage {
    pub chrome: AdminChrome,
    pub email: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

impl LoginPage {
    /// The form in `locale`; `email` as typed (clipped), `error` and `notice` by message id.
    pub fn new(
        locale: Locale,
        csrf: String,
        email: &str,
        error: Option<&str>,
        notice: Option<&str>,
    ) -> LoginPage {
        let urls = AdminUrls::new(locale);
        LoginPage {
            chrome: AdminChrome::new(locale, "admin-login-title", &urls.login(), None, csrf),
            email: email.chars().take(200).collect(),
            error: error.map(|k| locale.t(k)),
            notice: notice.map(|k| locale.t(k)),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/code.html")]
pub struct CodePage {
    pub chrome: AdminChrome,
    pub error: Option<String>,
}

impl CodePage {
    /// The second step's form for `who`, with `error` by message id.
    pub fn new(locale: Locale, csrf: String, who: &Organizer, error: Option<&str>) -> CodePage {
        let urls = AdminUrls::new(locale);
        CodePage {
            chrome: AdminChrome::new(
                locale,
                "admin-code-title",
                &urls.login_code(),
                Some(who),
                csrf,
            ),
            error: error.map(|k| locale.t(k)),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/password.html")]
pub struct SetPasswordPage {
    pub chrome: AdminChrome,
    pub token: String,
    pub email: String,
    pub errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/two_factor.html")]
pub struct TwoFactorPage {
    pub chrome: AdminChrome,
    /// The QR code of the otpauth URL, as SVG made on the server.
    pub qr_svg: String,
    /// The secret in base32, in groups of four, for typing.
    pub secret: String,
    pub error: Option<String>,
    /// The account has a second factor already: this replaces it.
    pub replacing: bool,
}

#[derive(Template)]
#[template(path = "admin/recovery_codes.html")]
pub struct RecoveryCodesPage {
    pub chrome: AdminChrome,
    pub codes: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/home.html")]
pub struct HomePage {
    pub chrome: AdminChrome,
    pub role_text: String,
    /// (label, link) of what the role may do.
    pub tasks: Vec<(String, String)>,
    pub has_second_factor: bool,
    pub codes_left: usize,
    pub key_unlocked: bool,
    pub may_read_letters: bool,
}

/// One account in the list.
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub role: &'static str,
    pub role_label: String,
    pub second_factor: bool,
    pub last_login: String,
    pub disabled: bool,
    pub is_me: bool,
    pub action: String,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    pub chrome: AdminChrome,
    pub users: Vec<UserRow>,
    /// (value, label) of every role.
    pub roles: Vec<(&'static str, String)>,
    /// A set-password link just made: (for whom, the link).
    pub link: Option<(String, String)>,
    pub error: Option<String>,
    pub invite_email: String,
}

/// One line of the audit log.
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    pub chrome: AdminChrome,
    pub rows: Vec<AuditRow>,
    pub actor: String,
    pub action: String,
    pub older: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/settings.html")]
pub struct SettingsPage {
    pub chrome: AdminChrome,
    pub require_second_factor: bool,
    pub saved: bool,
}

/// A case in the list of relay queues.
pub struct CaseQueue {
    pub name: String,
    pub href: String,
    pub pending: u64,
    pub approved: u64,
    pub printed: u64,
}

#[derive(Template)]
#[template(path = "admin/letters.html")]
pub struct LettersPage {
    pub chrome: AdminChrome,
    pub cases: Vec<CaseQueue>,
}

/// One relay letter in a case's queue.
pub struct LetterRow {
    pub id: i64,
    pub submitted: String,
    pub lang: String,
    pub status: String,
    /// The checker's warnings: (title, explanation).
    pub warnings: Vec<(String, String)>,
    /// The text, signature and return address, when the key is unlocked.
    pub text: Option<String>,
    pub signature: Option<String>,
    pub return_address: Vec<String>,
    pub erased: bool,
}

#[derive(Template)]
#[template(path = "admin/case_letters.html")]
pub struct CaseLettersPage {
    pub chrome: AdminChrome,
    pub case_name: String,
    /// (label, link, is it the one shown)
    pub tabs: Vec<(String, String, bool)>,
    pub status: &'static str,
    pub letters: Vec<LetterRow>,
    pub moderate: String,
    pub print: String,
    pub approved_waiting: u64,
    pub unlocked: bool,
    /// The key page, coming back here.
    pub key_link: String,
    pub may_read: bool,
    pub may_print: bool,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/key.html")]
pub struct KeyPage {
    pub chrome: AdminChrome,
    pub unlocked: bool,
    pub error: Option<String>,
    /// Where to go back to after unlocking.
    pub back: String,
}
