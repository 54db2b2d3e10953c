//! Reading a file of outside text before any parser sees it.
//!
//! Both importers take text from people and from other systems, so the checks every file gets
//! live here once: a size limit (a 50 MB "urgent action" is a mistake or an attack, not an
//! appeal), valid UTF-8 (with the line of the first bad byte), and no NUL bytes (a binary file
//! given by mistake). A leading byte-order mark is dropped.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file Outcry reads: far above any real case file or urgent action (the seed
/// UA is 9 KB), far below what would strain memory.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;

/// Why a file was not read as text. Every variant names the file, and the line where there is
/// one, so `Display` gives a message an editor can jump to.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path of the file, as the caller gave it.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// The file is bigger than [`MAX_BYTES`].
    #[error("{path}: the file is {size} bytes; at most {max} are accepted")]
    TooLarge {
        /// The path of the file, as the caller gave it.
        path: PathBuf,
        /// The file's size, in bytes.
        size: u64,
        /// The most bytes accepted: [`MAX_BYTES`].
        max: u64,
    },
    /// The file is not UTF-8, such as a text saved in a Windows code page.
    #[error(
        "{path}:{line}: not UTF-8 text (byte {offset} is invalid); save the file as UTF-8 and try again"
    )]
    NotUtf8 {
        /// The path of the file, as the caller gave it.
        path: PathBuf,
        /// The line of the first invalid byte, counted from 1.
        line: usize,
        /// Where the first invalid byte is in the file, in bytes, counted from 0.
        offset: usize,
    },
    /// The file has a NUL byte, so it is most likely not text at all.
    #[error("{path}:{line}: contains a NUL byte; this looks like a binary file, not text")]
    Binary {
        /// The path of the file, as the caller gave it.
        path: PathBuf,
        /// The line of the first NUL byte, counted from 1.
        line: usize,
    },
}

/// Reads `path` as text, applying the checks above.
pub fn read_text(path: &Path) -> Result<String, SourceError> {
    let io = |source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_BYTES {
        return Err(SourceError::TooLarge {
            path: path.to_path_buf(),
            size,
            max: MAX_BYTES,
        });
    }
    // The size can change between the check and the read (a growing file, a pipe): read at most
    // one byte more than allowed, so the limit holds whatever the metadata said.
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(SourceError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            max: MAX_BYTES,
        });
    }
    decode(bytes, path)
}

/// Checks bytes already in memory as [`read_text`] does; `path` names them in errors.
pub fn decode(bytes: Vec<u8>, path: &Path) -> Result<String, SourceError> {
    let line_of = |offset: usize| bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(SourceError::Binary {
            path: path.to_path_buf(),
            line: line_of(nul),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(SourceError::NotUtf8 {
                path: path.to_path_buf(),
                line,
                offset,
            });
        }
    };
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_reported_with_its_line() {
        let err = decode(b"line one\nline two \xff\n".to_vec(), Path::new("ua.txt"))
            .expect_err("must fail");
        assert_eq!(
            err.to_string(),
            "ua.txt:2: not UTF-8 text (byte 18 is invalid); save the file as UTF-8 and try again"
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode(b"a\nb\0".to_vec(), Path::new("x.pdf")).expect_err("must fail");
        assert!(matches!(err, SourceError::Binary { line: 2, .. }));
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_cyrillic_kept() {
        let text = decode("\u{feff}Азат".as_bytes().to_vec(), Path::new("x")).expect("valid");
        assert_eq!(text, "Азат");
    }
}
