//! Reading the quiz files: the public `questions.toml`, then the hidden checks,
//! checked strictly, with errors that name the file, the line and the check.

use std::path::Path;

use super::normalize::{Aliases, key_hash, normalize};
use super::raw::{RawCheck, RawQuestion, RawQuizFile};
use crate::scenario::{Visibility, line_of, unknown_version};

/// A problem with a quiz file (the grader's, not the student's).
pub type QuizError = crate::file_error::FileError;

/// The shape of a question's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// One string.
    Text,
    /// An ordered array of strings, scored by position.
    List,
    /// A table of strings, scored by key.
    Map,
}

/// One question of the statement.
#[derive(Clone, Debug)]
pub struct Question {
    /// Its key in `answers.toml`.
    pub id: String,
    /// The shape of its answer.
    pub kind: AnswerKind,
    /// The question, in English.
    pub prompt: String,
    /// The question, in Chinese.
    pub prompt_zh: Option<String>,
    /// The vocabulary its answers may use besides the shared aliases.
    pub vocabulary: Option<String>,
}

/// How one item's right answer is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// The canonical answer itself.
    Plain(String),
    /// The hash of the canonical answer (see [`super::key_hash`]).
    Sha256(String),
}

/// One scored item of a check.
#[derive(Clone, Debug)]
pub struct Item {
    /// The item as students see it: a position (`1`), a map key as the file
    /// writes it (`HTTP`), or empty for a text answer.
    pub label: String,
    /// The item's key in hashes: the position, the normalised map key, or empty.
    pub key: String,
    /// The right answer.
    pub expect: Key,
}

impl Item {
    /// Whether `canonical` (an answer to question `question`, after aliases)
    /// is this item's right answer.
    pub fn accepts(&self, question: &str, canonical: &str) -> bool {
        match &self.expect {
            Key::Plain(expect) => expect == canonical,
            Key::Sha256(hash) => *hash == key_hash(question, &self.key, canonical),
        }
    }
}

/// One checked check, ready to score.
#[derive(Clone, Debug)]
pub struct Check {
    /// The test's name.
    pub name: String,
    /// The question it scores.
    pub question: Question,
    /// Points for a fully right answer.
    pub points: f64,
    /// What it checks (English, Chinese).
    pub about: (Option<String>, Option<String>),
    /// Help before the answer is right (English, Chinese).
    pub hint: (Option<String>, Option<String>),
    /// Why the right answer is right (English, Chinese).
    pub explain: (Option<String>, Option<String>),
    /// The items it scores.
    pub items: Vec<Item>,
    /// Public or hidden.
    pub visibility: Visibility,
}

/// A loaded quiz: its questions, accepted spellings and checks.
#[derive(Clone, Debug)]
pub struct Quiz {
    /// The exercise id from `questions.toml`.
    pub exercise: Option<String>,
    /// The title (English, Chinese).
    pub title: (Option<String>, Option<String>),
    /// The questions, in statement order.
    pub questions: Vec<Question>,
    /// Spelling → canonical term.
    pub aliases: Aliases,
    /// Public checks first, then hidden ones, each in file order.
    pub checks: Vec<Check>,
}

impl Quiz {
    /// Reads the public questions file and, when given, a hidden checks file.
    pub fn load(public: &Path, hidden: Option<&Path>) -> Result<Quiz, QuizError> {
        let mut quiz = Quiz {
            exercise: None,
            title: (None, None),
            questions: Vec::new(),
            aliases: Aliases::default(),
            checks: Vec::new(),
        };
        quiz.read(public, Visibility::Public)?;
        if let Some(hidden) = hidden {
            quiz.read(hidden, Visibility::Hidden)?;
        }
        Ok(quiz)
    }

    /// Parses `text` as the public file (for tests and tools).
    pub fn parse_public(text: &str, path: &Path) -> Result<Quiz, QuizError> {
        let mut quiz = Quiz {
            exercise: None,
            title: (None, None),
            questions: Vec::new(),
            aliases: Aliases::default(),
            checks: Vec::new(),
        };
        quiz.add(text, path, Visibility::Public)?;
        Ok(quiz)
    }

    /// Questions and checks with English text but no Chinese, by id or name.
    pub fn untranslated(&self) -> Vec<String> {
        let missing =
            |pair: &(Option<String>, Option<String>)| pair.0.is_some() && pair.1.is_none();
        let questions = self
            .questions
            .iter()
            .filter(|q| q.prompt_zh.is_none())
            .map(|q| q.id.clone());
        let checks = self
            .checks
            .iter()
            .filter(|c| missing(&c.about) || missing(&c.hint) || missing(&c.explain))
            .map(|c| c.name.clone());
        questions.chain(checks).collect()
    }

    /// The question with `id`.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The canonical term for `text` as an answer to `question`: through its
    /// vocabulary and the shared aliases.
    pub fn canonical(&self, question: &Question, text: &str) -> String {
        self.aliases.canonical(question.vocabulary.as_deref(), text)
    }

    fn read(&mut self, path: &Path, visibility: Visibility) -> Result<(), QuizError> {
        let text = std::fs::read_to_string(path).map_err(|source| QuizError::Read {
            kind: crate::file_error::FileKind::Quiz,
            path: path.to_path_buf(),
            source,
        })?;
        self.add(&text, path, visibility)
    }

    /// Adds one file's aliases, questions and checks.
    pub fn add(
        &mut self,
        text: &str,
        path: &Path,
        visibility: Visibility,
    ) -> Result<(), QuizError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawQuizFile = toml::from_str(text).map_err(|err| QuizError::Parse {
            path: path.to_path_buf(),
            message: err.to_string().trim_end().to_string(),
        })?;
        let invalid = |offset: usize, message: String| QuizError::Invalid {
            path: path.to_path_buf(),
            line: line_of(text, offset),
            message,
        };
        if let Some(problem) = unknown_version(raw.format_version) {
            return Err(invalid(0, problem));
        }
        if visibility == Visibility::Public {
            self.exercise = raw.exercise.clone();
            self.title = (raw.title.clone(), raw.title_zh.clone());
        }
        self.add_aliases(&raw).map_err(|message| QuizError::Parse {
            path: path.to_path_buf(),
            message,
        })?;
        for spanned in &raw.questions {
            self.add_question(spanned.get_ref())
                .map_err(|message| invalid(spanned.span().start, message))?;
        }
        for spanned in &raw.checks {
            let at = spanned.span().start;
            let check = self
                .check(spanned.get_ref(), visibility)
                .map_err(|message| {
                    invalid(at, format!("check `{}`: {message}", spanned.get_ref().name))
                })?;
            if self.checks.iter().any(|c| c.name == check.name) {
                return Err(invalid(
                    at,
                    format!("a second check is named `{}`", check.name),
                ));
            }
            self.checks.push(check);
        }
        Ok(())
    }

    /// Adds a file's aliases and vocabularies.
    fn add_aliases(&mut self, raw: &RawQuizFile) -> Result<(), String> {
        for (canonical, spellings) in &raw.aliases {
            self.aliases.add(canonical, spellings)?;
        }
        for (name, table) in &raw.vocabulary {
            for (canonical, spellings) in table {
                self.aliases.add_to(name, canonical, spellings)?;
            }
        }
        Ok(())
    }

    /// Checks one question and adds it.
    fn add_question(&mut self, q: &RawQuestion) -> Result<(), String> {
        let kind = match q.kind.as_str() {
            "text" => AnswerKind::Text,
            "list" => AnswerKind::List,
            "map" => AnswerKind::Map,
            other => {
                return Err(format!(
                    "question `{}`: `kind = \"{other}\"` is not one of text, list, map",
                    q.id
                ));
            }
        };
        if q.id.is_empty() || q.id.contains(['.', ' ', '"']) {
            return Err(format!(
                "question `{}`: an id is a bare TOML key, such as `osi-layers`",
                q.id
            ));
        }
        if self.question(&q.id).is_some() {
            return Err(format!("a second question has id `{}`", q.id));
        }
        if let Some(name) = q.vocabulary.as_deref()
            && !self.aliases.has_vocabulary(name)
        {
            return Err(format!(
                "question `{}`: no `[vocabulary.{name}]` in the file",
                q.id
            ));
        }
        self.questions.push(Question {
            id: q.id.clone(),
            kind,
            prompt: q.prompt.clone(),
            prompt_zh: q.prompt_zh.clone(),
            vocabulary: q.vocabulary.clone(),
        });
        Ok(())
    }

    fn check(&self, raw: &RawCheck, visibility: Visibility) -> Result<Check, String> {
        if raw.name.is_empty() || raw.name.chars().any(char::is_whitespace) {
            return Err("`name` must be non-empty, without spaces (use kebab-case)".into());
        }
        if !(raw.points.is_finite() && raw.points > 0.0) {
            return Err(format!("`points = {}` must be above 0", raw.points));
        }
        let question = self
            .question(&raw.question)
            .ok_or_else(|| format!("no question `{}` in the questions file", raw.question))?
            .clone();
        let (value, hashed) = expected_value(raw, visibility)?;
        let items = self.expected_items(&question, value, hashed)?;
        if items.is_empty() {
            return Err("the expected answer is empty".into());
        }
        Ok(Check {
            name: raw.name.clone(),
            question,
            points: raw.points,
            about: (raw.about.clone(), raw.about_zh.clone()),
            hint: (raw.hint.clone(), raw.hint_zh.clone()),
            explain: (raw.explain.clone(), raw.explain_zh.clone()),
            items,
            visibility,
        })
    }

    /// The items of a check's expected answer, each a key to compare with
    /// the student's answer.
    fn expected_items(
        &self,
        question: &Question,
        value: &toml::Value,
        hashed: bool,
    ) -> Result<Vec<Item>, String> {
        let key = |text: &str| -> Result<Key, String> {
            if hashed {
                let ok = text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit());
                ok.then(|| Key::Sha256(text.to_ascii_lowercase()))
                    .ok_or_else(|| format!("`{text}` is not a SHA-256 in hex"))
            } else {
                Ok(Key::Plain(self.canonical(question, text)))
            }
        };
        let as_str = |v: &toml::Value| v.as_str().map(str::to_string).ok_or("answers are strings");
        let items: Vec<Item> = match (question.kind, value) {
            (AnswerKind::Text, toml::Value::String(s)) => vec![Item {
                label: String::new(),
                key: String::new(),
                expect: key(s)?,
            }],
            (AnswerKind::List, toml::Value::Array(values)) => values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    Ok(Item {
                        label: (i + 1).to_string(),
                        key: (i + 1).to_string(),
                        expect: key(&as_str(v)?)?,
                    })
                })
                .collect::<Result<_, String>>()?,
            (AnswerKind::Map, toml::Value::Table(table)) => table
                .iter()
                .map(|(k, v)| {
                    Ok(Item {
                        label: k.clone(),
                        key: normalize(k),
                        expect: key(&as_str(v)?)?,
                    })
                })
                .collect::<Result<_, String>>()?,
            (kind, _) => {
                return Err(format!(
                    "question `{}` is a {kind:?} question: its expected answer is {}",
                    question.id,
                    match kind {
                        AnswerKind::Text => "a string",
                        AnswerKind::List => "an array of strings",
                        AnswerKind::Map => "a table of strings",
                    }
                ));
            }
        };
        Ok(items)
    }
}

/// The expected answer of a check, and whether it is hashed; a public check
/// must hash it.
fn expected_value(raw: &RawCheck, visibility: Visibility) -> Result<(&toml::Value, bool), String> {
    match (&raw.expect, &raw.expect_sha256) {
        (Some(_), Some(_)) => Err("give `expect` or `expect-sha256`, not both".into()),
        (None, None) => Err("no `expect` or `expect-sha256`".into()),
        (Some(_), None) if visibility == Visibility::Public => Err(
            "a public check must store `expect-sha256`, not `expect`: students read this file (hash with `cargo xtask quiz-hash`)"
                .into(),
        ),
        (Some(v), None) => Ok((v, false)),
        (None, Some(v)) => Ok((v, true)),
    }
}
