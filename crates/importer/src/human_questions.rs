//! The questions of the human check, as an admin writes them in a TOML file
//! (`outcry serve --human-questions FILE`): a group may want questions its own supporters
//! answer at once ("What is the first name of the prisoner on this page?") and scripts
//! written for Outcry's defaults do not know.
//!
//! ```toml
//! [[question]]
//! prompt = { en = "What colour is fresh snow?", ru = "Какого цвета свежий снег?" }
//! answers = ["white", "белый"]
//! ```
//!
//! Strict like the case file: unknown keys are errors, every question needs a prompt in at
//! least one language and at least one answer, and the file's line is named when it is wrong.

use outcry_domain::Localized;
use serde::Deserialize;

/// Enough for any group; more is a mistake (or a file that is not this one).
const MAX_QUESTIONS: usize = 200;
/// A prompt or answer longer than this is not a simple question.
const MAX_TEXT: usize = 300;

/// One question: its prompt per language, and the answers accepted (compared ignoring case
/// and surrounding spaces).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question, per language.
    pub prompt: Localized,
    /// Every accepted answer.
    pub answers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    question: Vec<Question>,
}

/// Why a questions file was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QuestionsError {
    /// Not TOML, or not this file's shape; the message names the line.
    #[error("{0}")]
    Syntax(String),
    /// The file holds no `[[question]]`.
    #[error("no [[question]] in the file")]
    Empty,
    /// More questions than anyone needs.
    #[error("{0} questions; at most {MAX_QUESTIONS}")]
    TooMany(usize),
    /// A question that cannot be asked or answered.
    #[error("question {number}: {problem}")]
    Question {
        /// Which question, counting from 1.
        number: usize,
        /// What is wrong with it.
        problem: &'static str,
    },
}

/// The questions in `text`.
pub fn parse(text: &str) -> Result<Vec<Question>, QuestionsError> {
    let file: File = toml::from_str(text).map_err(|e| QuestionsError::Syntax(e.to_string()))?;
    if file.question.is_empty() {
        return Err(QuestionsError::Empty);
    }
    if file.question.len() > MAX_QUESTIONS {
        return Err(QuestionsError::TooMany(file.question.len()));
    }
    let mut questions = file.question;
    for (i, q) in questions.iter_mut().enumerate() {
        let problem = |problem| QuestionsError::Question {
            number: i + 1,
            problem,
        };
        q.answers.retain(|a| !a.trim().is_empty());
        if q.prompt.is_empty() {
            return Err(problem("its prompt is empty in every language"));
        }
        if q.answers.is_empty() {
            return Err(problem("it accepts no answer"));
        }
        let long = |t: &String| t.chars().count() > MAX_TEXT;
        if q.prompt.0.values().any(long) || q.answers.iter().any(long) {
            return Err(problem(
                "a prompt or an answer is longer than 300 characters",
            ));
        }
    }
    Ok(questions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use outcry_domain::Lang;

    #[test]
    fn reads_questions_in_several_languages() {
        let text = r#"
[[question]]
prompt = { en = "What is the first name of the prisoner on this page?", ru = "Как зовут узника, о котором эта страница?" }
answers = ["Azat", "Азат", " "]

[[question]]
prompt.en = "What colour is fresh snow?"
answers = ["white"]
"#;
        let qs = parse(text).expect("two questions");
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[0].answers, ["Azat", "Азат"], "a blank answer is dropped");
        let ru = "ru".parse::<Lang>().expect("ru");
        assert_eq!(
            qs[0].prompt.best(ru).map(|(_, t)| t),
            Some("Как зовут узника, о котором эта страница?")
        );
    }

    #[test]
    fn a_wrong_file_says_what_and_where() {
        let unknown =
            parse("[[question]]\nprompt.en = \"Q?\"\nanswer = [\"a\"]\n").expect_err("unknown key");
        assert!(
            unknown.to_string().contains("line 3"),
            "names the line: {unknown}"
        );
        assert_eq!(parse(""), Err(QuestionsError::Empty));
        assert_eq!(
            parse("[[question]]\nprompt.en = \"Q?\"\nanswers = [\" \"]\n"),
            Err(QuestionsError::Question {
                number: 1,
                problem: "it accepts no answer"
            })
        );
        assert!(matches!(
            parse("[[question]]\nprompt.en = \" \"\nanswers = [\"a\"]\n"),
            Err(QuestionsError::Question { number: 1, .. })
        ));
        assert!(matches!(
            parse("[[question]]\nprompt.xx-bad = \"Q\"\nanswers = [\"a\"]\n"),
            Err(QuestionsError::Syntax(_))
        ));
    }
}
