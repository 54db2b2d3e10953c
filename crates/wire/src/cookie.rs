//! Reading one cookie out of the `Cookie` request headers.
//!
//! Browsers send `name=value` pairs separated by `;`, possibly over several headers. Nothing
//! here trusts a value: the caller checks its shape and, for what the server signed, its MAC
//! ([`crate::signed`]). The first pair with the name wins, as browsers put the most specific
//! cookie first.

/// The value of the cookie `name` in `headers` (each `Cookie` header's text), if any.
pub fn value<'a>(headers: impl IntoIterator<Item = &'a str>, name: &str) -> Option<&'a str> {
    headers
        .into_iter()
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_others_and_across_headers() {
        let one = ["a=1; outcry_csrf=abc; b=2"];
        assert_eq!(value(one, "outcry_csrf"), Some("abc"));
        assert_eq!(
            value(["x=1", "outcry_csrf=def"], "outcry_csrf"),
            Some("def")
        );
        assert_eq!(value(["outcry_csrf_other=1"], "outcry_csrf"), None);
        assert_eq!(value(["outcry_csrf"], "outcry_csrf"), None, "no = no value");
        assert_eq!(value(["outcry_csrf="], "outcry_csrf"), Some(""));
        assert_eq!(value(["a=1;a=2"], "a"), Some("1"), "the first wins");
        assert_eq!(
            value(["v=x=y"], "v"),
            Some("x=y"),
            "= inside a value is kept"
        );
    }
}
