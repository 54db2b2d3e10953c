//! The files built into the binary that pages load (today the one stylesheet), each under a
//! URL that names its content: `/static/outcry.3f2a9c1b5d7e.css`, the first 48 bits of the
//! SHA-256 of its bytes, computed once at startup. A browser may then keep it for a year
//! without asking again (`immutable`), and a release that changes the file changes the URL,
//! so nobody is left with an old stylesheet on a new page.
//!
//! Every page links the URL through [`paths::stylesheet`](crate::paths::stylesheet), the one
//! place that builds it; the router registers the same URL, so an unknown hash is a 404. The
//! old unhashed URL keeps working with a short cache, for pages cached before the change.
//!
//! Each is compressed once, at startup, at the highest levels (`compress.rs`), and served in
//! the best encoding the client takes.

use std::fmt::Write as _;
use std::sync::LazyLock;

use sha2::{Digest, Sha256};

/// One file, as it is served.
pub struct Asset {
    /// Its URL, hash and all.
    pub url: String,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
    /// Its bytes as gzip, made once (`None` should the encoder fail: then served plain).
    pub gzip: Option<Vec<u8>>,
    /// Its bytes as brotli, made once.
    pub br: Option<Vec<u8>>,
}

impl Asset {
    /// `name.ext` becomes `name.<hash>.ext` under `/static/`.
    fn new(name: &str, content_type: &'static str, bytes: &'static [u8]) -> Asset {
        let digest = Sha256::digest(bytes);
        let mut hash = String::with_capacity(12);
        for byte in &digest[..6] {
            let _ = write!(hash, "{byte:02x}");
        }
        let file = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
            None => format!("{name}.{hash}"),
        };
        Asset {
            url: crate::paths::static_file(&file),
            content_type,
            bytes,
            gzip: crate::compress::gzip_best(bytes),
            br: crate::compress::brotli_best(bytes),
        }
    }
}

/// The site's one stylesheet.
pub static STYLESHEET: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "outcry.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/outcry.css"),
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_the_content() {
        let a = Asset::new("site.css", "text/css", b"body{}");
        let b = Asset::new("site.css", "text/css", b"body{color:red}");
        assert!(a.url.starts_with("/static/site."), "{}", a.url);
        assert!(a.url.ends_with(".css"), "{}", a.url);
        assert_eq!(a.url.len(), "/static/site..css".len() + 12, "{}", a.url);
        assert_ne!(a.url, b.url, "new bytes, new URL");
        assert_eq!(a.url, Asset::new("site.css", "text/css", b"body{}").url);
    }
}
