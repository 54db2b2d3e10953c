//! The thank-you page: the count, and ways to share the action.

use askama::Template;
use outcry_domain::UrgentAction;
use outcry_i18n::{Arg, Locale};

use super::Chrome;
use crate::extract::Visit;
use crate::paths::ActionUrls;
use crate::present::{self, text};

#[derive(Template)]
#[template(path = "thanks.html")]
pub struct ThanksPage {
    pub chrome: Chrome,
    pub urls: ActionUrls,
    pub headline: String,
    pub share_url: String,
    pub share_links: Vec<(String, String)>,
    pub count: String,
    /// "Your action is counted": from this browser's acted cookie, never from the count.
    pub counted: Option<String>,
    /// When the published count is refreshed; absent when counts are live.
    pub count_note: Option<String>,
}

impl ThanksPage {
    /// `published` is the count as published and how often it is refreshed; `counted`, whether
    /// this browser's acted cookie holds the action; `site`, the site's own address
    /// (`https://act.example.org`), for the link to share.
    pub fn build(
        visit: &Visit,
        action: &UrgentAction,
        (total, refresh): (u64, std::time::Duration),
        counted: bool,
        site: &str,
    ) -> ThanksPage {
        let locale = visit.locale;
        let urls = ActionUrls::new(locale, &action.slug);
        let headline = text(locale, &action.headline).0;
        let share_url = format!("{site}{}", urls.page());
        ThanksPage {
            chrome: visit.chrome(locale.t("thanks-title"), &urls.thanks()),
            share_links: share_links(locale, &headline, &share_url),
            count: present::count_text(locale, total),
            counted: counted.then(|| locale.t("thanks-counted")),
            count_note: present::count_refresh_note(locale, refresh),
            headline,
            share_url,
            urls,
        }
    }
}

/// Plain links: nothing from these services loads unless the supporter clicks.
fn share_links(locale: Locale, headline: &str, url: &str) -> Vec<(String, String)> {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let u = utf8_percent_encode(url, NON_ALPHANUMERIC).to_string();
    let t = utf8_percent_encode(headline, NON_ALPHANUMERIC).to_string();
    let subject = locale.t_args("share-email-subject", &[("headline", Arg::Str(headline))]);
    vec![
        (
            locale.t("share-email"),
            crate::mailto::link(&[], &[], &subject, url),
        ),
        (
            "Telegram".into(),
            format!("https://t.me/share/url?url={u}&text={t}"),
        ),
        ("VK".into(), format!("https://vk.com/share.php?url={u}")),
        (
            "Mastodon".into(),
            format!("https://mastodonshare.com/?text={t}&url={u}"),
        ),
        (
            "Bluesky".into(),
            format!("https://bsky.app/intent/compose?text={t}%20{u}"),
        ),
    ]
}
