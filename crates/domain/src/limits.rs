//! Upper bounds on text, in characters: one place for every limit that the domain checks, the
//! importer clips to, and the web forms state in `maxlength`. Generous for real content, small
//! enough that a flood of huge values cannot fill a disk.

/// A person's or an official's name.
pub const NAME: usize = 200;
/// Any one-line field of stored content: a headline, a title, an address line.
pub const LINE: usize = 500;
/// Free text of several paragraphs: a summary, a background, donation routes.
pub const PARAGRAPHS: usize = 50_000;
/// A model letter's body, and a supporter's edit of it.
pub const LETTER: usize = 20_000;
/// The subject a supporter gives their appeal.
pub const SUBJECT: usize = 300;
/// A supporter's name or town as they sign a letter.
pub const SENDER_FIELD: usize = 100;
/// A letter to a person in prison, printed or relayed: about three printed pages.
pub const PRISON_LETTER: usize = 6_000;
/// The signature under a letter to a person in prison.
pub const SIGNATURE: usize = 100;
/// A supporter's own return address: at most this many lines…
pub const RETURN_ADDRESS_LINES: usize = 6;
/// …of at most this many characters each…
pub const RETURN_ADDRESS_LINE: usize = 100;
/// …typed into one box of at most this many characters.
pub const RETURN_ADDRESS_BOX: usize = 600;
