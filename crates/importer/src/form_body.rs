//! Posted HTML form bodies (`application/x-www-form-urlencoded`), strictly.
//!
//! Lives here, with the other parsers of outside text, rather than in the web crate, so that
//! its fuzz target does not have to build the whole site (and the PDF engine under it).

/// At most this many fields are read from one body; the rest are ignored.
pub const MAX_FIELDS: usize = 64;

/// Decodes `a=1&b=x+y` into its fields, in order. Unlike the lenient decoders, a
/// percent-escape that makes invalid UTF-8 refuses the whole form (`None`) instead of turning
/// into U+FFFD and being stored garbled.
pub fn parse(body: &[u8]) -> Option<Vec<(String, String)>> {
    let decode = |part: &[u8]| -> Option<String> {
        let spaced: Vec<u8> = part
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        String::from_utf8(bytes).ok()
    };
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .take(MAX_FIELDS)
        .map(|pair| {
            let mut it = pair.splitn(2, |&b| b == b'=');
            let key = decode(it.next().unwrap_or(b""))?;
            let value = decode(it.next().unwrap_or(b""))?;
            Some((key, value))
        })
        .collect()
}
