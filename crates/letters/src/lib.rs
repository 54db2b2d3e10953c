//! Letters to people in prison, the parts that are pure text work:
//!
//! - [`check`]: warns about what Russian prison censors are known to withhold letters for (not
//!   written in Russian, foreign words, abbreviations, the war, details of the case, LGBTQ+
//!   topics, insults, calls to action). It only warns and explains; the writer decides.
//! - [`printable`]: the one normalisation of a letter's text (invisible characters dropped,
//!   NFC), applied before checking and before printing, so the checker reads what the censor
//!   will. Look-alike letters are read as Cyrillic for the check only.
//! - [`phrase_kit`]: at least 80 Russian phrases in six groups, each with its meaning, in the
//!   forms the recipient's and the writer's gender call for (`data/phrases.toml`).
//! - [`compose`]: a letter from the phrases picked and the writer's own words.
//! - [`latin_reading`]: a Latin reading (ICAO Doc 9303, as in Russian passports) of a Cyrillic
//!   address or name, for people who cannot read Cyrillic. Never printed in place of the
//!   Cyrillic on an envelope: post offices in Russia read the Cyrillic.

#![deny(missing_docs)]

mod censor;
mod compose;
mod normalize;
mod phrases;
mod translit;

pub use censor::{Warning, WarningKind, check};
pub use compose::{E_LETTER_PAGE_CHARS, MAX_LETTER_CHARS, compose, e_letter_pages};
pub use normalize::{is_invisible, printable};
pub use phrases::{Forms, Gender, Group, Phrase, phrase, phrase_kit};
pub use translit::latin_reading;
