//! Every URL of the site in one place: the patterns the router matches, and the builders that
//! handlers and templates use. Each builder fills in its own pattern, so renaming a route is
//! one edit here and links can never drift from routes.

use outcry_domain::{Lang, Slug};
use outcry_i18n::Locale;

/// `/`: redirects to the visitor's language.
pub const ROOT: &str = "/";
/// For load balancers and service managers: the process is up.
pub const HEALTHZ: &str = "/healthz";
/// For load balancers: the database answers, with the schema this binary expects.
pub const READYZ: &str = "/readyz";
/// Files built into the binary, by a name that holds a hash of their content (`asset.rs`).
pub const STATIC: &str = "/static/{file}";
/// The stylesheet's URL before URLs were hashed; still answered, for pages cached from then.
pub const UNHASHED_STYLESHEET: &str = "/assets/outcry.css";
/// The list of actions in one language.
pub const HOME: &str = "/{lang}/";
/// A case: who the person is, what happened, where to write.
pub const CASE: &str = "/{lang}/c/{case}";
/// "Write to …": the composer (GET) and its check (POST).
pub const WRITE: &str = "/{lang}/c/{case}/write";
/// The checked letter as a PDF.
pub const WRITE_PDF: &str = "/{lang}/c/{case}/write/pdf";
/// The checked letter handed to the group that relays letters.
pub const WRITE_RELAY: &str = "/{lang}/c/{case}/write/relay";
/// "The group has your letter."
pub const WRITE_SENT: &str = "/{lang}/c/{case}/write/sent";
/// An urgent action.
pub const ACTION: &str = "/{lang}/a/{action}";
/// The supporter's letter, ready for their own email program.
pub const ACTION_EMAIL: &str = "/{lang}/a/{action}/email";
/// The supporter's letter as a PDF to print and post.
pub const ACTION_POST: &str = "/{lang}/a/{action}/post";
/// "I sent it", "I called", "I posted it".
pub const ACTION_DONE: &str = "/{lang}/a/{action}/done";
/// Thanks, the count and ways to share.
pub const ACTION_THANKS: &str = "/{lang}/a/{action}/thanks";
/// "Send it for me": the supporter's letter, to be sent by the site once they confirm.
pub const ACTION_SEND: &str = "/{lang}/a/{action}/send";
/// "Check your mail": where the send form leads.
pub const ACTION_SEND_CHECK: &str = "/{lang}/a/{action}/send/check";
/// The link in the confirmation mail (GET, `?t=` the token: shows the request and a button)
/// and the button (POST: sends). The token is in the query, not the path, so access logs
/// that keep paths only do not keep it.
pub const ACTION_CONFIRM: &str = "/{lang}/a/{action}/confirm";

/// News in one language, newest first (`?page=` from 1).
pub const NEWS: &str = "/{lang}/news";
/// One article (its translations share the slug).
pub const ARTICLE: &str = "/{lang}/news/{article}";
/// Author columns, newest first (`?page=`).
pub const COLUMNS: &str = "/{lang}/columns";
/// An author: bio, then their articles.
pub const AUTHOR: &str = "/{lang}/authors/{author}";
/// Atom feeds (RFC 4287): all news, an author's, a case's, new urgent actions.
pub const FEED_NEWS: &str = "/{lang}/feeds/news";
/// An author's articles as Atom.
pub const FEED_AUTHOR: &str = "/{lang}/feeds/authors/{author}";
/// A case's articles as Atom.
pub const FEED_CASE: &str = "/{lang}/feeds/cases/{case}";
/// New urgent actions as Atom.
pub const FEED_ACTIONS: &str = "/{lang}/feeds/actions";

/// The URLs of news, columns, authors and feeds in one language.
#[derive(Debug, Clone, Copy)]
pub struct NewsUrls {
    locale: Locale,
}

impl NewsUrls {
    /// In `locale`.
    pub fn new(locale: Locale) -> NewsUrls {
        NewsUrls { locale }
    }

    /// `/en/news`, or `/en/news?page=2`.
    pub fn news(&self, page: u32) -> String {
        with_page(NEWS.replacen("{lang}", self.locale.code(), 1), page)
    }

    /// `/en/columns`, or `/en/columns?page=2`.
    pub fn columns(&self, page: u32) -> String {
        with_page(COLUMNS.replacen("{lang}", self.locale.code(), 1), page)
    }

    /// `/en/news/azat-moved-to-ik-18`
    pub fn article(&self, slug: &Slug) -> String {
        fill(ARTICLE, "{article}", self.locale, slug.as_str())
    }

    /// `/en/authors/anna-volkova`
    pub fn author(&self, slug: &Slug) -> String {
        fill(AUTHOR, "{author}", self.locale, slug.as_str())
    }

    /// `/en/feeds/news`
    pub fn feed_news(&self) -> String {
        FEED_NEWS.replacen("{lang}", self.locale.code(), 1)
    }

    /// `/en/feeds/authors/anna-volkova`
    pub fn feed_author(&self, slug: &Slug) -> String {
        fill(FEED_AUTHOR, "{author}", self.locale, slug.as_str())
    }

    /// `/en/feeds/cases/azat-miftakhov`
    pub fn feed_case(&self, slug: &Slug) -> String {
        fill(FEED_CASE, "{case}", self.locale, slug.as_str())
    }

    /// `/en/feeds/actions`
    pub fn feed_actions(&self) -> String {
        FEED_ACTIONS.replacen("{lang}", self.locale.code(), 1)
    }
}

/// A list's URL for page `page` (the first has no query).
fn with_page(url: String, page: u32) -> String {
    if page <= 1 {
        url
    } else {
        format!("{url}?page={page}")
    }
}

/// The admin's door: redirects to the organizer's language.
pub const ADMIN_ROOT: &str = "/admin/";
/// The link `outcry user add` prints (`?t=` the token): redirects, query and all, to the
/// set-password page in the organizer's language.
pub const ADMIN_PASSWORD_LINK: &str = "/admin/password";
/// What an organizer may do from here.
pub const ADMIN_HOME: &str = "/admin/{lang}/";
/// Email and password.
pub const ADMIN_LOGIN: &str = "/admin/{lang}/login";
/// The second step of a login: a code from the app, or a recovery code.
pub const ADMIN_LOGIN_CODE: &str = "/admin/{lang}/login/code";
/// Choosing a password from a one-time link (`?t=`).
pub const ADMIN_SET_PASSWORD: &str = "/admin/{lang}/password";
/// Ends this session (POST).
pub const ADMIN_LOGOUT: &str = "/admin/{lang}/logout";
/// Ends every session of the account (POST).
pub const ADMIN_LOGOUT_EVERYWHERE: &str = "/admin/{lang}/logout/everywhere";
/// Enrolling an authenticator app: the QR code (GET) and the first code (POST).
pub const ADMIN_TWO_FACTOR: &str = "/admin/{lang}/two-factor";
/// The accounts (GET) and inviting one (POST).
pub const ADMIN_USERS: &str = "/admin/{lang}/users";
/// A change to one account (POST: disable, enable, reset, role, log out).
pub const ADMIN_USER: &str = "/admin/{lang}/users/{account}";
/// Site-wide settings.
pub const ADMIN_SETTINGS: &str = "/admin/{lang}/settings";
/// The audit log, filtered by the query.
pub const ADMIN_AUDIT: &str = "/admin/{lang}/audit";
/// The cases that relay letters, with their queues' counts.
pub const ADMIN_LETTERS: &str = "/admin/{lang}/letters";
/// One case's relay letters (GET) and moderating them (POST).
pub const ADMIN_CASE_LETTERS: &str = "/admin/{lang}/letters/{case}";
/// The approved letters of a case as one PDF to print (POST: it marks them printed).
pub const ADMIN_CASE_PRINT: &str = "/admin/{lang}/letters/{case}/print";
/// The organization's key for this session: the form (GET), unlocking and forgetting (POST).
pub const ADMIN_KEY: &str = "/admin/{lang}/key";

/// The admin's URLs in one language.
#[derive(Debug, Clone, Copy)]
pub struct AdminUrls {
    locale: Locale,
}

impl AdminUrls {
    /// The admin in `locale`.
    pub fn new(locale: Locale) -> AdminUrls {
        AdminUrls { locale }
    }

    fn fill(&self, pattern: &str) -> String {
        pattern.replacen("{lang}", self.locale.code(), 1)
    }

    /// `/admin/en/`
    pub fn home(&self) -> String {
        self.fill(ADMIN_HOME)
    }

    /// `/admin/en/login`
    pub fn login(&self) -> String {
        self.fill(ADMIN_LOGIN)
    }

    /// `/admin/en/login/code`
    pub fn login_code(&self) -> String {
        self.fill(ADMIN_LOGIN_CODE)
    }

    /// `/admin/en/password`: where the set-password form posts.
    pub fn set_password(&self) -> String {
        self.fill(ADMIN_SET_PASSWORD)
    }

    /// `/admin/en/password?t=…`. A token is hex: no escaping needed.
    pub fn set_password_link(&self, token: &str) -> String {
        format!("{}?t={token}", self.set_password())
    }

    /// `/admin/en/logout`
    pub fn logout(&self) -> String {
        self.fill(ADMIN_LOGOUT)
    }

    /// `/admin/en/logout/everywhere`
    pub fn logout_everywhere(&self) -> String {
        self.fill(ADMIN_LOGOUT_EVERYWHERE)
    }

    /// `/admin/en/two-factor`
    pub fn two_factor(&self) -> String {
        self.fill(ADMIN_TWO_FACTOR)
    }

    /// `/admin/en/users`
    pub fn users(&self) -> String {
        self.fill(ADMIN_USERS)
    }

    /// `/admin/en/users/7`
    pub fn user(&self, account: i64) -> String {
        fill(ADMIN_USER, "{account}", self.locale, &account.to_string())
    }

    /// `/admin/en/settings`
    pub fn settings(&self) -> String {
        self.fill(ADMIN_SETTINGS)
    }

    /// `/admin/en/audit`
    pub fn audit(&self) -> String {
        self.fill(ADMIN_AUDIT)
    }

    /// `/admin/en/letters`
    pub fn letters(&self) -> String {
        self.fill(ADMIN_LETTERS)
    }

    /// `/admin/en/letters/azat-miftakhov`
    pub fn case_letters(&self, case: &Slug) -> String {
        fill(ADMIN_CASE_LETTERS, "{case}", self.locale, case.as_str())
    }

    /// `/admin/en/letters/azat-miftakhov/print`
    pub fn case_print(&self, case: &Slug) -> String {
        fill(ADMIN_CASE_PRINT, "{case}", self.locale, case.as_str())
    }

    /// `/admin/en/key`
    pub fn key(&self) -> String {
        self.fill(ADMIN_KEY)
    }
}

/// A pattern with its `{lang}` and its one named parameter filled in.
fn fill(pattern: &str, param: &str, locale: Locale, value: &str) -> String {
    pattern
        .replacen("{lang}", locale.code(), 1)
        .replacen(param, value, 1)
}

/// `/static/outcry.3f2a9c1b5d7e.css`: a file built into the binary, by its hashed name.
pub fn static_file(file: &str) -> String {
    STATIC.replacen("{file}", file, 1)
}

/// The stylesheet every page links, under its hashed URL.
pub fn stylesheet() -> &'static str {
    &crate::asset::STYLESHEET.url
}

/// The list of actions in `locale`: `/en/`.
pub fn home(locale: Locale) -> String {
    HOME.replacen("{lang}", locale.code(), 1)
}

/// The URLs of one case's pages in one language.
#[derive(Debug, Clone)]
pub struct CaseUrls {
    locale: Locale,
    slug: Slug,
}

impl CaseUrls {
    /// The pages of case `slug` in `locale`.
    pub fn new(locale: Locale, slug: &Slug) -> CaseUrls {
        CaseUrls {
            locale,
            slug: slug.clone(),
        }
    }

    fn fill(&self, pattern: &str) -> String {
        fill(pattern, "{case}", self.locale, self.slug.as_str())
    }

    /// `/en/c/azat-miftakhov`
    pub fn page(&self) -> String {
        self.fill(CASE)
    }

    /// `/en/c/azat-miftakhov/write`
    pub fn write(&self) -> String {
        self.fill(WRITE)
    }

    /// `/en/c/azat-miftakhov/write/pdf`
    pub fn write_pdf(&self) -> String {
        self.fill(WRITE_PDF)
    }

    /// `/en/c/azat-miftakhov/write/relay`
    pub fn write_relay(&self) -> String {
        self.fill(WRITE_RELAY)
    }

    /// `/en/c/azat-miftakhov/write/sent`
    pub fn write_sent(&self) -> String {
        self.fill(WRITE_SENT)
    }
}

/// The URLs of one action's pages and forms in one language.
#[derive(Debug, Clone)]
pub struct ActionUrls {
    locale: Locale,
    slug: Slug,
}

impl ActionUrls {
    /// The pages of action `slug` in `locale`.
    pub fn new(locale: Locale, slug: &Slug) -> ActionUrls {
        ActionUrls {
            locale,
            slug: slug.clone(),
        }
    }

    fn fill(&self, pattern: &str) -> String {
        fill(pattern, "{action}", self.locale, self.slug.as_str())
    }

    /// `/en/a/ua-45-26`
    pub fn page(&self) -> String {
        self.fill(ACTION)
    }

    /// The action page with the letter to edit in `lang`, scrolled to the letter.
    pub fn page_with_letter(&self, lang: Lang) -> String {
        format!("{}?letter={lang}#body", self.page())
    }

    /// `/en/a/ua-45-26/email`
    pub fn email(&self) -> String {
        self.fill(ACTION_EMAIL)
    }

    /// `/en/a/ua-45-26/post`
    pub fn post(&self) -> String {
        self.fill(ACTION_POST)
    }

    /// `/en/a/ua-45-26/done`
    pub fn done(&self) -> String {
        self.fill(ACTION_DONE)
    }

    /// `/en/a/ua-45-26/thanks`
    pub fn thanks(&self) -> String {
        self.fill(ACTION_THANKS)
    }

    /// `/en/a/ua-45-26/send`
    pub fn send(&self) -> String {
        self.fill(ACTION_SEND)
    }

    /// `/en/a/ua-45-26/send/check`
    pub fn send_check(&self) -> String {
        self.fill(ACTION_SEND_CHECK)
    }

    /// `/en/a/ua-45-26/confirm`: where the button posts.
    pub fn confirm(&self) -> String {
        self.fill(ACTION_CONFIRM)
    }

    /// `/en/a/ua-45-26/confirm?t=…`: the link in the confirmation mail. A token is hex, so
    /// it needs no escaping.
    pub fn confirm_link(&self, token: &str) -> String {
        format!("{}?t={token}", self.confirm())
    }
}

/// The value of the parameter `name` (`"{action}"`) in `path`, a path the router matched
/// against `pattern`: for code that runs around the router and sees only the matched pattern.
pub fn param<'a>(pattern: &str, path: &'a str, name: &str) -> Option<&'a str> {
    let at = pattern.split('/').position(|segment| segment == name)?;
    path.split('/').nth(at).filter(|value| !value.is_empty())
}

/// The same page in another language: `/en/a/x` → `/ru/a/x`. A URL without a locale prefix
/// goes to that language's home.
pub fn in_language(url: &str, from: Locale, to: Locale) -> String {
    if let Some(rest) = url
        .strip_prefix("/admin/")
        .and_then(|u| u.strip_prefix(from.code()))
        .filter(|r| r.starts_with('/'))
    {
        return format!("/admin/{}{rest}", to.code());
    }
    let rest = url
        .strip_prefix('/')
        .and_then(|u| u.strip_prefix(from.code()))
        .filter(|r| r.starts_with('/'));
    match rest {
        Some(rest) => format!("/{}{rest}", to.code()),
        None => home(to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_fill_the_patterns_the_router_matches() {
        let slug: Slug = "ua-45-26".parse().expect("slug");
        let case: Slug = "azat-miftakhov".parse().expect("slug");
        let a = ActionUrls::new(Locale::Ru, &slug);
        let c = CaseUrls::new(Locale::En, &case);
        assert_eq!(home(Locale::Ru), "/ru/");
        assert_eq!(a.page(), "/ru/a/ua-45-26");
        assert_eq!(a.email(), "/ru/a/ua-45-26/email");
        assert_eq!(a.post(), "/ru/a/ua-45-26/post");
        assert_eq!(a.done(), "/ru/a/ua-45-26/done");
        assert_eq!(a.thanks(), "/ru/a/ua-45-26/thanks");
        assert_eq!(a.send(), "/ru/a/ua-45-26/send");
        assert_eq!(a.send_check(), "/ru/a/ua-45-26/send/check");
        assert_eq!(a.confirm_link("ab12"), "/ru/a/ua-45-26/confirm?t=ab12");
        assert_eq!(
            a.page_with_letter(Lang::EN),
            "/ru/a/ua-45-26?letter=en#body"
        );
        assert_eq!(c.page(), "/en/c/azat-miftakhov");
        assert_eq!(c.write(), "/en/c/azat-miftakhov/write");
        assert_eq!(c.write_pdf(), "/en/c/azat-miftakhov/write/pdf");
        assert_eq!(c.write_relay(), "/en/c/azat-miftakhov/write/relay");
        assert_eq!(c.write_sent(), "/en/c/azat-miftakhov/write/sent");
    }

    #[test]
    fn parameters_are_read_back_from_matched_paths() {
        let done = "/ru/a/ua-45-26/done";
        assert_eq!(param(ACTION_DONE, done, "{action}"), Some("ua-45-26"));
        assert_eq!(param(ACTION_DONE, done, "{lang}"), Some("ru"));
        assert_eq!(param(ACTION_DONE, done, "{case}"), None);
        assert_eq!(param(ACTION_DONE, "/ru/a//done", "{action}"), None);
    }

    #[test]
    fn a_page_in_another_language_keeps_its_path() {
        assert_eq!(in_language("/en/a/x", Locale::En, Locale::Ru), "/ru/a/x");
        assert_eq!(in_language("/en/", Locale::En, Locale::Ru), "/ru/");
        assert_eq!(in_language("/", Locale::En, Locale::Ru), "/ru/");
        assert_eq!(in_language("/english/x", Locale::En, Locale::Ru), "/ru/");
        assert_eq!(
            in_language("/admin/en/letters", Locale::En, Locale::Ru),
            "/admin/ru/letters"
        );
    }

    #[test]
    fn news_builders_fill_the_news_patterns() {
        let n = NewsUrls::new(Locale::Ru);
        let slug: Slug = "azat-moved-to-ik-18".parse().expect("slug");
        assert_eq!(n.news(1), "/ru/news");
        assert_eq!(n.news(3), "/ru/news?page=3");
        assert_eq!(n.article(&slug), "/ru/news/azat-moved-to-ik-18");
        assert_eq!(n.feed_case(&slug), "/ru/feeds/cases/azat-moved-to-ik-18");
        assert_eq!(n.feed_actions(), "/ru/feeds/actions");
    }

    #[test]
    fn admin_builders_fill_the_admin_patterns() {
        let a = AdminUrls::new(Locale::Ru);
        let case: Slug = "azat-miftakhov".parse().expect("slug");
        assert_eq!(a.home(), "/admin/ru/");
        assert_eq!(a.login_code(), "/admin/ru/login/code");
        assert_eq!(a.set_password_link("ab"), "/admin/ru/password?t=ab");
        assert_eq!(a.user(7), "/admin/ru/users/7");
        assert_eq!(a.case_letters(&case), "/admin/ru/letters/azat-miftakhov");
        assert_eq!(
            a.case_print(&case),
            "/admin/ru/letters/azat-miftakhov/print"
        );
    }
}
