//! The typst `World` for printing: the templates, the fonts and one letter's JSON.
//!
//! Everything except the JSON is built once per process ([`SHARED`]) and shared by every
//! render. Two traps of typst as a library shape this file:
//! - File ids are interned for the life of the process (at most 65,535 of them), so each file
//!   gets one fixed id here instead of a path per letter.
//! - Fonts come from `typst-assets`, compiled into the binary: nothing is read from the
//!   system or downloaded, and every installation prints the same.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The templates, by the path typst imports them under.
const TEMPLATES: &[(&str, &str)] = &[
    ("/main.typ", include_str!("../templates/main.typ")),
    ("/letter.typ", include_str!("../templates/letter.typ")),
    ("/envelope.typ", include_str!("../templates/envelope.typ")),
];

/// Where the templates find the letter: `json("/data.json")`.
const DATA_PATH: &str = "/data.json";

pub(crate) struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    data: FileId,
    sources: Vec<Source>,
}

fn file_id(path: &str) -> FileId {
    // The paths are constants of this file, so a failure is a programming error caught by
    // every test that renders.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| panic!("bad template path {path}"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

pub(crate) static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    let sources: Vec<Source> = TEMPLATES
        .iter()
        .map(|(path, text)| Source::new(file_id(path), (*text).to_string()))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: file_id(TEMPLATES[0].0),
        data: file_id(DATA_PATH),
        sources,
    }
});

/// One render: the shared parts plus this letter's JSON.
pub(crate) struct PrintWorld {
    shared: &'static Shared,
    data: Bytes,
}

impl PrintWorld {
    pub(crate) fn new(json: Vec<u8>) -> PrintWorld {
        PrintWorld {
            shared: &SHARED,
            data: Bytes::new(json),
        }
    }

    fn not_found(id: FileId) -> FileError {
        FileError::NotFound(id.get().vpath().get_without_slash().into())
    }
}

impl World for PrintWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.shared.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.shared
            .sources
            .iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| Self::not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data {
            Ok(self.data.clone())
        } else {
            self.source(id)
                .map(|s| Bytes::from_string(s.text().to_string()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    /// The templates print the date they are given, never typst's `today`: no clock here.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}
