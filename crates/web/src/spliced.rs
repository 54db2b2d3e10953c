//! A page rendered once for every visitor and kept as the pieces around its per-visitor slots
//! (the CSRF token, the counts), both as text and compressed ahead of time, so serving it is a
//! few memory copies plus what goes into the slots, compressed or not.
//!
//! # Why gzip ahead of time, and brotli not
//! A compressed stream cannot usually be cut and glued: what follows a slot refers back into
//! what came before it, slot included. Deflate (gzip's format) can be, with care. Each piece is
//! compressed after the page before it as it will stand at request time, token slots included:
//! a token has the same length in every response (the time in seconds, a 22-character form id,
//! a MAC), so it is stood in for by as many zero bytes, which no HTML contains and so nothing
//! ever refers to. Only the piece's own output is kept; it ends on a byte boundary (a sync
//! flush), so it can follow anything that does too. Back-references into earlier pieces then
//! land on the same bytes at request time, wherever the tokens go. The counts' slot has no
//! fixed length, so a piece after it refers to nothing before it. At request time each slot is
//! a stored (uncompressed) block, an empty final block ends the stream, the gzip header goes
//! before and the CRC-32 of the whole page after. So a request costs the CRC over the page (a
//! fraction of a millisecond) and the slots' bytes, which are random (the token) or a few
//! hundred (the counts) and would gain little from compressing.
//!
//! Brotli cannot be glued so: its literals are coded by the two bytes before them, and its
//! distances by those used before, both across a slot. So a browser that accepts gzip gets this
//! gzip, even when it accepts brotli too, which would save a few hundred bytes more but cost a
//! compression on every view of the page a campaign sends everyone to. A client that takes
//! brotli and not gzip gets the plain page, which the compression layer compresses as it does
//! every dynamic page (`compress.rs`).

use std::sync::Arc;

use std::io::Write;

use flate2::write::DeflateEncoder;
use flate2::{Compression, Crc};

/// What a [`Spliced`] page leaves a slot for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The visitor's own CSRF token.
    Token,
    /// The status box with the current counts.
    Status,
}

impl Slot {
    const ALL: [Slot; 2] = [Slot::Token, Slot::Status];

    /// What to render where the slot goes.
    pub const fn marker(self) -> &'static str {
        match self {
            Slot::Token => "outcry-slot-csrf-token",
            Slot::Status => "outcry-slot-status",
        }
    }
}

/// One piece of the page: its text, its raw deflate blocks (ending on a byte boundary), and
/// the slot after it, if any.
struct Piece {
    text: String,
    deflated: Vec<u8>,
    slot: Option<Slot>,
}

/// A page rendered once for every visitor, kept as the pieces around its slots, and the
/// length of the token its gzip was made for.
#[derive(Clone)]
pub struct Spliced(Arc<[Piece]>, usize);

/// gzip's header: deflate, no name, no time, unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// A final, empty block with fixed codes: the end of a deflate stream after a sync flush.
const FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

impl Spliced {
    /// Cuts `html` at every slot marker, and compresses each piece for tokens of `token_len`
    /// bytes.
    pub fn new(html: &str, token_len: usize) -> Spliced {
        let mut pieces = Vec::new();
        let mut rest = html;
        // The page before the piece being compressed, as it will be at request time: tokens
        // as zero bytes; nothing from before the counts' slot. No history at all for a page
        // with a zero byte of its own (none has one), which a reference could then reach.
        let mut history: Vec<u8> = Vec::new();
        let primed = !html.contains('\0');
        loop {
            let next = Slot::ALL
                .into_iter()
                .filter_map(|slot| rest.find(slot.marker()).map(|at| (at, slot)))
                .min_by_key(|(at, _)| *at);
            let (text, slot) = match next {
                Some((at, slot)) => {
                    let text = &rest[..at];
                    rest = &rest[at + slot.marker().len()..];
                    (text, Some(slot))
                }
                None => (rest, None),
            };
            pieces.push(Piece {
                text: text.to_string(),
                deflated: deflate(&history, text.as_bytes()),
                slot,
            });
            match slot {
                Some(Slot::Token) if primed => {
                    history.extend_from_slice(text.as_bytes());
                    history.resize(history.len() + token_len, 0);
                }
                Some(_) => history.clear(),
                None => break,
            }
            // Deflate refers back at most 32 KiB.
            if history.len() > WINDOW {
                history.drain(..history.len() - WINDOW);
            }
        }
        Spliced(pieces.into(), token_len)
    }

    /// The page with `token` and `status` in their slots.
    pub fn with(&self, token: &str, status: &str) -> String {
        let fill = filler(token, status);
        let mut body = String::with_capacity(
            self.0
                .iter()
                .map(|p| p.text.len() + p.slot.map_or(0, |s| fill(s).len()))
                .sum(),
        );
        for piece in self.0.iter() {
            body.push_str(&piece.text);
            if let Some(slot) = piece.slot {
                body.push_str(fill(slot));
            }
        }
        body
    }

    /// [`Spliced::with`], as a gzip stream; `None` for a token of another length than the
    /// one it was made for (which does not happen before the year 2286).
    pub fn gzip_with(&self, token: &str, status: &str) -> Option<Vec<u8>> {
        if token.len() != self.1 {
            return None;
        }
        let fill = filler(token, status);
        let mut crc = Crc::new();
        let mut out = Vec::with_capacity(
            GZIP_HEADER.len()
                + self
                    .0
                    .iter()
                    .map(|p| {
                        p.deflated.len() + p.slot.map_or(0, |s| stored_len(fill(s).as_bytes()))
                    })
                    .sum::<usize>()
                + FINAL_BLOCK.len()
                + 8,
        );
        out.extend_from_slice(&GZIP_HEADER);
        for piece in self.0.iter() {
            crc.update(piece.text.as_bytes());
            out.extend_from_slice(&piece.deflated);
            if let Some(slot) = piece.slot {
                let text = fill(slot).as_bytes();
                crc.update(text);
                stored(&mut out, text);
            }
        }
        out.extend_from_slice(&FINAL_BLOCK);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        Some(out)
    }
}

fn filler<'a>(token: &'a str, status: &'a str) -> impl Fn(Slot) -> &'a str {
    move |slot| match slot {
        Slot::Token => token,
        Slot::Status => status,
    }
}

/// How far back deflate refers.
const WINDOW: usize = 32 * 1024;

/// `bytes` as raw deflate blocks that may refer back into `history` (the bytes just before
/// them in the stream they will go into) and end on a byte boundary, none of them final. The
/// encoder is fed the history first and flushed (its own flush is a sync flush); what it
/// writes for the history is dropped, what it writes for `bytes` is kept. Should the encoder
/// fail (it writes to memory, so it does not), the bytes go stored, which is as valid and only
/// larger.
fn deflate(history: &[u8], bytes: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    let mut compress = || -> std::io::Result<Vec<u8>> {
        if !history.is_empty() {
            encoder.write_all(history)?;
            encoder.flush()?;
        }
        let skip = encoder.get_ref().len();
        encoder.write_all(bytes)?;
        encoder.flush()?;
        Ok(encoder.get_mut().split_off(skip))
    };
    compress().unwrap_or_else(|_| {
        let mut out = Vec::with_capacity(stored_len(bytes));
        stored(&mut out, bytes);
        out
    })
}

/// The most bytes one stored block holds.
const STORED_MAX: usize = 65_535;

/// What [`stored`] writes for `bytes`: five bytes of header per block, and the bytes.
fn stored_len(bytes: &[u8]) -> usize {
    bytes.len() + 5 * bytes.len().div_ceil(STORED_MAX)
}

/// `bytes` as stored (uncompressed) deflate blocks, none final. Each starts on a byte
/// boundary, as the blocks before it leave the stream, and so ends on one.
fn stored(out: &mut Vec<u8>, bytes: &[u8]) {
    for chunk in bytes.chunks(STORED_MAX) {
        let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
        // BFINAL 0, BTYPE 00 (stored), then padding to the byte: one zero byte.
        out.push(0);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> String {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .expect("a valid gzip stream");
        text
    }

    #[test]
    fn slots_are_filled_where_they_were() {
        let html = format!(
            "<a>{t}</a><b>{s}</b>{t}",
            t = Slot::Token.marker(),
            s = Slot::Status.marker()
        );
        assert_eq!(Spliced::new(&html, 1).with("T", "S"), "<a>T</a><b>S</b>T");
        assert_eq!(Spliced::new("plain", 1).with("T", "S"), "plain");
    }

    #[test]
    fn the_gzip_stream_is_the_page_whatever_goes_into_the_slots() {
        let (t, s) = (Slot::Token.marker(), Slot::Status.marker());
        let form = "<form method=post><input type=hidden name=csrf value=\"";
        let long = "<p>Free Azat Miftakhov.</p>\n".repeat(3000);
        let pages = [
            format!("<a>{t}</a><b>{s}</b>{t}"),
            format!("{t}{t}{form}{t}\">{long}{s}{form}{t}\">{long}{t}"),
            format!("{form}{t}\"></form>{form}{t}\"></form>{s}{form}{t}"),
            format!("nul\0{form}{t}\"></form>{form}{t}\">"),
            "plain".to_string(),
            String::new(),
        ];
        let big_status = "<li>42</li>".repeat(7000);
        for html in &pages {
            for token in ["T", "1780315200.AAAAAAAAAAAAAAAAAAAAAA.form", ""] {
                let page = Spliced::new(html, token.len());
                for status in ["S", "", &big_status] {
                    let zipped = page.gzip_with(token, status).expect("made for this length");
                    assert_eq!(
                        gunzip(&zipped),
                        page.with(token, status),
                        "{html:.60} with {token:?}"
                    );
                }
            }
        }
        assert!(Spliced::new(&pages[0], 5).gzip_with("T", "S").is_none());
    }

    #[test]
    fn pieces_refer_back_across_the_tokens_between_them() {
        let t = Slot::Token.marker();
        let form = "<form method=post action=/en/a/x/done><input type=hidden name=csrf value=\"";
        let html = format!("{form}{t}\">{}", format!("{form}{t}\">").repeat(50));
        let token = "1780315200.AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBB";
        let page = Spliced::new(&html, token.len());
        let zipped = page.gzip_with(token, "").expect("made for this length");
        assert_eq!(gunzip(&zipped), page.with(token, ""));
        // Each form after the first is a back-reference, not its own 80 bytes again: what is
        // left is the 51 tokens, stored, and little else.
        assert!(
            zipped.len() < 51 * (token.len() + 5) + 51 * 20,
            "{} bytes",
            zipped.len()
        );
    }
}
