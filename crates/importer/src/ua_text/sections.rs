//! Sections: finds the labelled parts of an urgent action across layouts and languages —
//! header (banner, UA number, index, date), headline, summary, the appeal points of older
//! layouts ("RECOMMENDED ACTION: …", "Please write immediately …"), the officials ("APPEALS
//! TO:", "PLEASE SEND APPEALS BEFORE … TO:", or straight after "TAKE ACTION … MODEL LETTER"),
//! copies ("COPIES TO:", "And copies to:"), the model letter (from "Dear …" to "Yours
//! sincerely,"), background ("ADDITIONAL INFORMATION") and the closing lines.
//!
//! It only cuts the text into parts; reading each part is for the other modules.

use std::sync::LazyLock;

use regex::Regex;

use super::clean::{Block, Line, re};

/// What a line announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    TakeAction { model_letter: bool },
    AppealsTo,
    CopiesTo { diplomatic: bool },
    DiplomaticNote,
    Background,
    PreferredLanguage,
    NamePronoun,
    Closing,
    LetterStart,
    SignOff,
}

/// The part of the text a block belongs to; deadline phrases count most outside prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Header,
    Headline,
    Intro,
    Label,
    Points,
    Targets,
    Copies,
    Letter,
    Background,
    Other,
}

static BANNER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:urgent action|eilaktion|action urgente|blixtaktion|kiireellinen vetoomus|pikavetoomus|срочная акция|срочные действия)\b",
    )
});
/// "UA 446/94", "UA: 123/15", "UA 123/15-1".
pub static UA_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bUA\s*:?\s*(\d{1,4})/(\d{2})(?:-(\d{1,2}))?\b"));
static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bindex\s*:|^(?:external|internal|distr\b|date\s*:|datum\s*:|further information|weitere informationen|suite de l'action|complément d'information sur|uppföljning|jatkoa|дополнительная информация по)",
    )
});

struct Rule {
    pattern: Regex,
    label: fn(&str) -> Label,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rule = |p: &str, label: fn(&str) -> Label| Rule {
        pattern: re(p),
        label,
    };
    vec![
        rule(
            r"(?i)^(?:take action|recommended action|handeln sie|agissez|agera nu|agera|toimi nyt|действуйте|please write immediately|write immediately)\b",
            |l| {
                let lower = l.to_lowercase();
                Label::TakeAction {
                    model_letter: [
                        "model letter",
                        "musterbrief",
                        "modèle de lettre",
                        "lettre type",
                        "lettre-type",
                        "modellbrev",
                        "brevförslag",
                        "mallikirje",
                        "образец",
                    ]
                    .iter()
                    .any(|w| lower.contains(w)),
                }
            },
        ),
        rule(
            r"(?i)^(?:appeals to|please send appeals (?:before|to|no later)|send appeals to|appelle an|appels à|adressez vos appels|vädjanden (?:skickas )?till|vetoomukset osoitteeseen|адреса для обращений|обращения направляйте)",
            |_| Label::AppealsTo,
        ),
        rule(
            r"(?i)^(?:also send copies to diplomatic|please insert local diplomatic)",
            |_| Label::DiplomaticNote,
        ),
        rule(
            r"(?i)^(?:and )?(?:send )?copies(?: of your appeals)? to\b|^kopien an\b|^copies à\b|^kopior till\b|^kopiot\b|^копии\b",
            |l| Label::CopiesTo {
                diplomatic: l.to_lowercase().contains("diplomat"),
            },
        ),
        rule(
            r"(?i)^(?:additional information|background information|background|zusätzliche informationen|hintergrundinformationen?|hintergrund|informations complémentaires|complément d'information|contexte|bakgrundsinformation|bakgrund|lisätietoa|lisätietoja|taustatietoa|tausta|дополнительная информация|справочная информация)\s*:?$",
            |_| Label::Background,
        ),
        rule(
            r"(?i)^(?:preferred languages? to address targets?|preferred languages?|bevorzugte sprachen?|langues? (?:à privilégier|préférées?)|föredraget språk|föredragna språk|suositeltu kieli|suositellut kielet|предпочтительный язык)",
            |_| Label::PreferredLanguage,
        ),
        rule(
            r"(?i)^(?:name and pronouns?|name und pronomen|nom et pronoms?|namn och pronomen|nimi ja pronominit?|имя и местоимени[ея]|name\s*:|gender m/f)",
            |_| Label::NamePronoun,
        ),
        rule(
            r"(?i)^(?:please take action|please send appeals immediately|please check with|check with|bitte schreiben sie|bitte senden sie|veuillez (?:écrire|envoyer)|merci d'écrire|écrivez avant|skriv senast|skicka .*senast|kirjoita viimeistään|lähetä vetoomukset|пожалуйста|направьте обращения|пишите до)",
            |_| Label::Closing,
        ),
        rule(
            r"(?i)^(?:dear|sehr geehrte[rs]?|monsieur|madame|bästa|ärade|hyvä|arvoisa|уважаем\p{L}*)\b",
            |_| Label::LetterStart,
        ),
        rule(
            r"(?i)^(?:yours sincerely|yours faithfully|sincerely|kind regards|mit freundlichen grüßen|mit freundlichen grüssen|hochachtungsvoll|veuillez agréer|je vous prie d'agréer|cordialement|med vänlig(?:a)? hälsning(?:ar)?|vänliga hälsningar|ystävällisin terveisin|kunnioittavasti|с уважением)",
            |_| Label::SignOff,
        ),
    ]
});

/// The label a line starts with, if any. Letter greetings and sign-offs count only on short
/// lines, so prose that happens to start with "Dear" is not cut.
pub fn label_of(line: &str) -> Option<Label> {
    let label = RULES
        .iter()
        .find(|r| r.pattern.is_match(line))
        .map(|r| (r.label)(line))?;
    let short = line.chars().count() <= 120;
    match label {
        Label::LetterStart | Label::SignOff | Label::Background if !short => None,
        _ => Some(label),
    }
}

fn is_header_line(line: &str) -> bool {
    BANNER.is_match(line) || UA_NUMBER.is_match(line) || HEADER_LINE.is_match(line)
}

/// The text cut into its parts. Blocks keep their original line numbers.
#[derive(Debug, Default)]
pub struct Sections {
    pub header: Vec<Line>,
    pub headline: Option<Block>,
    pub intro: Vec<Block>,
    /// The line that introduced the appeal points ("Please write immediately in …:").
    pub points_intro: Option<Line>,
    pub points: Vec<Block>,
    pub targets: Vec<Vec<Line>>,
    pub copies: Vec<Vec<Line>>,
    pub letter_salutation: Option<Line>,
    pub letter: Vec<Block>,
    pub sign_off: Option<Line>,
    pub background: Vec<Block>,
    pub preferred_language: Option<Line>,
    pub name_line: Option<Line>,
    /// Every block with its role, in order: for searches that span parts (the deadline).
    pub all: Vec<(Block, Role)>,
}

/// Splits blocks so that every label line starts a block of its own, and header lines stand
/// alone until the headline is found.
fn pieces(blocks: &[Block]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut in_header = true;
    for b in blocks {
        let mut cur: Vec<Line> = Vec::new();
        for line in &b.lines {
            let header = in_header && is_header_line(&line.text);
            in_header = header;
            if (header || label_of(&line.text).is_some()) && !cur.is_empty() {
                out.push(Block {
                    lines: std::mem::take(&mut cur),
                });
            }
            cur.push(line.clone());
            if header {
                out.push(Block {
                    lines: std::mem::take(&mut cur),
                });
            }
        }
        if !cur.is_empty() {
            out.push(Block { lines: cur });
        }
    }
    out
}

/// Cuts the blocks into [`Sections`].
pub fn split(blocks: &[Block]) -> Sections {
    let mut s = Sections::default();
    let mut role = Role::Header;
    let mut target_lines: Vec<Line> = Vec::new();
    let mut copy_lines: Vec<Line> = Vec::new();
    for piece in pieces(blocks) {
        let Some(first) = piece.lines.first().cloned() else {
            continue;
        };
        if role == Role::Header {
            if piece.lines.iter().all(|l| is_header_line(&l.text)) {
                s.header.extend(piece.lines.iter().cloned());
                s.all.push((piece, Role::Header));
                continue;
            }
            if label_of(&first.text).is_none() {
                s.headline = Some(piece.clone());
                s.all.push((piece, Role::Headline));
                role = Role::Intro;
                continue;
            }
            role = Role::Intro;
        }
        let mut rest = Block {
            lines: piece.lines.iter().skip(1).cloned().collect(),
        };
        // A page footer or a repeated header line after the body began ("UA: 123/15 Index: …").
        let footer = is_header_line(&first.text) && first.text.chars().count() < 150;
        let label = label_of(&first.text).or(footer.then_some(Label::Closing));
        let next = match label {
            Some(Label::TakeAction { model_letter: true }) | Some(Label::AppealsTo) => {
                Some(Role::Targets)
            }
            Some(Label::TakeAction {
                model_letter: false,
            }) => {
                // The instruction may wrap ("… letters in Russian,\nEnglish or your own
                // language:"): it runs to its colon, and the points start after it.
                let mut intro = first.clone();
                while !intro.text.ends_with(':')
                    && let Some(next) = rest.lines.first()
                    && !super::clean::is_bullet(&next.text)
                    && rest.lines.len() > 1
                    && intro.text.chars().count() < 400
                {
                    intro.text =
                        super::clean::join_lines([intro.text.as_str(), next.text.as_str()]);
                    rest.lines.remove(0);
                }
                s.points_intro = Some(intro);
                Some(Role::Points)
            }
            Some(Label::CopiesTo { diplomatic: false }) => Some(Role::Copies),
            Some(Label::CopiesTo { diplomatic: true })
            | Some(Label::DiplomaticNote)
            | Some(Label::Closing) => Some(Role::Other),
            Some(Label::Background) => Some(Role::Background),
            Some(Label::PreferredLanguage) => {
                s.preferred_language.get_or_insert(first.clone());
                Some(Role::Other)
            }
            Some(Label::NamePronoun) => {
                s.name_line.get_or_insert(first.clone());
                Some(Role::Other)
            }
            Some(Label::LetterStart) if role != Role::Background && role != Role::Letter => {
                s.letter_salutation = Some(first.clone());
                Some(Role::Letter)
            }
            Some(Label::SignOff) if role == Role::Letter => {
                s.sign_off = Some(first.clone());
                s.all.push((piece, Role::Letter));
                role = Role::Other;
                continue;
            }
            _ => None,
        };
        let body = match next {
            Some(r) => {
                role = r;
                s.all.push((Block { lines: vec![first] }, Role::Label));
                rest
            }
            None => piece,
        };
        if body.lines.is_empty() {
            continue;
        }
        match role {
            Role::Intro => s.intro.push(body.clone()),
            Role::Points => s.points.push(body.clone()),
            Role::Targets => target_lines.extend(body.lines.iter().cloned()),
            Role::Copies => copy_lines.extend(body.lines.iter().cloned()),
            Role::Letter => s.letter.push(body.clone()),
            Role::Background => s.background.push(body.clone()),
            _ => {}
        }
        s.all.push((body, role));
    }
    s.targets = officials(target_lines);
    s.copies = officials(copy_lines);
    s
}

/// Cuts the lines of an appeals section into officials: each ends with its "Salutation:"
/// line where the layout has them; without any, the section is one official.
fn officials(lines: Vec<Line>) -> Vec<Vec<Line>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in lines {
        let ends = line.text.to_lowercase().starts_with("salutation")
            || line.text.starts_with("Anrede")
            || line.text.starts_with("Formule d")
            || line.text.starts_with("Hälsningsfras")
            || line.text.starts_with("Tervehdys")
            || line.text.starts_with("Обращение");
        cur.push(line);
        if ends {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_across_layouts() {
        for (line, label) in [
            (
                "TAKE ACTION: WRITE AN APPEAL IN YOUR OWN WORDS OR USE THIS MODEL LETTER",
                Some(Label::TakeAction { model_letter: true }),
            ),
            (
                "RECOMMENDED ACTION: Telegrams/faxes/express and airmail letters in Russian",
                Some(Label::TakeAction {
                    model_letter: false,
                }),
            ),
            ("APPEALS TO:", Some(Label::AppealsTo)),
            (
                "PLEASE SEND APPEALS BEFORE 4 MAY 2015 TO:",
                Some(Label::AppealsTo),
            ),
            (
                "And copies to:",
                Some(Label::CopiesTo { diplomatic: false }),
            ),
            (
                "COPIES TO: diplomatic representatives of Russia accredited to your country.",
                Some(Label::CopiesTo { diplomatic: true }),
            ),
            ("ADDITIONAL INFORMATION", Some(Label::Background)),
            ("Background is a word that starts a sentence.", None),
            ("Dear Mr. Mityayev,", Some(Label::LetterStart)),
            ("Yours sincerely,", Some(Label::SignOff)),
            ("Mit freundlichen Grüßen", Some(Label::SignOff)),
            (
                "PREFERRED LANGUAGE TO ADDRESS TARGET: Russian or English",
                Some(Label::PreferredLanguage),
            ),
            ("Salutation: Dear Minister", None),
        ] {
            assert_eq!(label_of(line), label, "{line}");
        }
    }
}
