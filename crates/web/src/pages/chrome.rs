//! The parts every page shares: language, title, the language switcher, the demo notice.

use outcry_i18n::{Arg, Locale};

pub struct Chrome {
    pub locale: Locale,
    pub title: String,
    /// (code, native name, link to this page in that language, is it the current one)
    pub languages: Vec<(&'static str, &'static str, String, bool)>,
    pub demo_notice: Option<String>,
}

impl Chrome {
    /// `url` is the page's own address in `locale`, e.g. `/en/a/ua-45-26`; the language
    /// switcher links to the same path in each language. Handlers get a chrome through
    /// [`Visit::chrome`](crate::extract::Visit::chrome).
    pub fn new(
        locale: Locale,
        title: String,
        url: &str,
        demo: Option<jiff::civil::Date>,
    ) -> Chrome {
        let languages = language_links(url, locale);
        let demo_notice = demo.map(|d| {
            let shown = outcry_i18n::format_date(locale, d);
            locale.t_args("demo-notice", &[("date", Arg::Str(&shown))])
        });
        Chrome {
            locale,
            title,
            languages,
            demo_notice,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    pub fn home(&self) -> String {
        crate::paths::home(self.locale)
    }
}

/// The language switcher's entries for the page at `url` in `locale`: (code, native name, the
/// same page in that language, is it the current one). The admin's chrome shares it.
pub fn language_links(
    url: &str,
    locale: Locale,
) -> Vec<(&'static str, &'static str, String, bool)> {
    Locale::ALL
        .into_iter()
        .map(|l| {
            (
                l.code(),
                l.native_name(),
                crate::paths::in_language(url, locale, l),
                l == locale,
            )
        })
        .collect()
}
