//! The parts every page shares: language, title, the language switcher, the demo notice.

use outcry_i18n::{Arg, Locale};

pub struct Chrome {
    pub locale: Locale,
    pub title: String,
    /// Atom feeds the page belongs to: (title, URL), as `<link rel="alternate">`.
    pub feeds: Vec<(String, String)>,
    /// What a link to this page shows when shared (Open Graph, Twitter card).
    pub preview: Option<Preview>,
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
            feeds: Vec::new(),
            preview: None,
            languages,
            demo_notice,
        }
    }

    /// The same chrome with the feeds the page belongs to.
    pub fn with_feeds(mut self, feeds: Vec<(String, String)>) -> Chrome {
        self.feeds = feeds;
        self
    }

    /// The same chrome with a link preview.
    pub fn with_preview(mut self, preview: Preview) -> Chrome {
        self.preview = Some(preview);
        self
    }

    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    pub fn news(&self) -> String {
        crate::paths::NewsUrls::new(self.locale).news(1)
    }

    pub fn home(&self) -> String {
        crate::paths::home(self.locale)
    }
}

/// A shared link's card: title, description and the page's own address (absolute when the
/// site knows its public address). Nothing from another site: messengers fetch the page
/// itself.
pub struct Preview {
    pub title: String,
    pub description: String,
    pub url: String,
    /// `article` for news, `website` for the rest.
    pub kind: &'static str,
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
