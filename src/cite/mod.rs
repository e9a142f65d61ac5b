//! Citations: reading every way people cite a clause, and writing the citations people paste
//! into their work.
//!
//! One parser serves the command line, the npm API and the widget. It reads canonical ids, the
//! official English numbering, the Chinese original's numbering, the blog translation's own
//! labels and names, section titles in any version, paragraph and sentence selectors and
//! ranges. Every name it knows (document titles, program names, section titles, the labels each
//! version gives its sections) is read from the corpus when a [`Resolver`] is built; only the
//! grammar words ("Part", "¶", "para", "第…段") are written in the code.
//!
//! ```
//! let corpus = clause_cite::default_corpus().unwrap();
//! let citation = clause_cite::cite::resolve(&corpus, "Civilization Projects (F)").unwrap();
//! assert_eq!(clause_cite::cite::citation_id(&corpus, &citation), "pt_3__prog_3__sec_6");
//! let error = clause_cite::cite::resolve(&corpus, "Development Program (18)").unwrap_err();
//! assert_eq!(error.code, "out-of-range");
//! ```

use crate::prelude::*;

mod find;
mod format;
mod parse;
mod tables;
mod tokens;

use crate::corpus::Corpus;

pub use find::FoundCitation;
pub use format::{quote_selector, quote_selectors, version_clause_name, QuoteSelector, Style};
pub use parse::MAX_CITATION_CHARS;
pub use tables::{NameTables, Resolver};

/// A resolved citation: one clause (or a range of sibling clauses), optionally narrowed to a
/// range of sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Citation {
    /// Index of the document in the corpus.
    pub document: u16,
    /// Index of the (first) clause in the document's `clauses`.
    pub clause: u32,
    /// The last clause of a range such as `¶2–3` or `(9)–(10)`: a later sibling of `clause`.
    pub end_clause: Option<u32>,
    /// Selected sentences, 1-based and inclusive, counted in the version `version_hint` names.
    pub sentences: Option<(u16, u16)>,
    /// The version whose numbering, names or language the citation was written in (index into
    /// the document's `versions`); `None` for a bare canonical id.
    pub version_hint: Option<u16>,
}

/// Why a citation could not be read or written. `code` is stable and meant for programs;
/// `message` is one sentence for people; `suggestions` are citations that would work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CiteError {
    pub code: &'static str,
    pub message: String,
    pub suggestions: Vec<String>,
}

/// Every error code [`CiteError::code`] can hold.
pub const ERROR_CODES: &[&str] = &[
    "empty-citation",
    "too-long",
    "malformed-citation",
    "unknown-citation",
    "ambiguous-citation",
    "out-of-range",
    "inconsistent-citation",
    "incomplete-citation",
    "invalid-range",
    "unknown-style",
    "unknown-version",
    "no-text",
];

/// Joins pieces of text into one new string. The citation code builds its messages and
/// citations with this instead of `format!`, which would bring `core::fmt` into the wasm build.
#[inline(never)]
pub(crate) fn join(parts: &[&str]) -> String {
    let mut text = String::new();
    for part in parts {
        text.push_str(part);
    }
    text
}

/// Joins strings with a separator between them: "en, en-blog, zh".
#[inline(never)]
pub(crate) fn separated(items: &[String], separator: &str) -> String {
    let mut text = String::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            text.push_str(separator);
        }
        text.push_str(item);
    }
    text
}

/// An error whose message is `parts` joined, with its suggestions. Every error of the parser is
/// built here, so the joining and the moves are one copy of code instead of one per message.
#[inline(never)]
pub(crate) fn error(code: &'static str, parts: &[&str], suggestions: Vec<String>) -> CiteError {
    CiteError {
        code,
        message: join(parts),
        suggestions,
    }
}

impl CiteError {
    pub(crate) fn new(code: &'static str, message: String) -> CiteError {
        CiteError {
            code,
            message,
            suggestions: Vec::new(),
        }
    }

    pub(crate) fn with(mut self, suggestions: Vec<String>) -> CiteError {
        self.suggestions = suggestions;
        self
    }

    /// The error as one line, with its suggestions, for a terminal.
    pub fn to_line(&self) -> String {
        let mut line = String::from(self.code);
        line.push_str(": ");
        line.push_str(&self.message);
        if !self.suggestions.is_empty() {
            line.push_str(" Try: ");
            line.push_str(&separated(&self.suggestions, "; "));
        }
        line
    }
}

impl core::fmt::Display for CiteError {
    fn fmt(&self, formatter: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        formatter.write_str(&self.to_line())
    }
}

/// Reads one citation. The whole input must be a citation; it may be at most
/// [`MAX_CITATION_CHARS`] characters long.
pub fn resolve(corpus: &Corpus, input: &str) -> Result<Citation, CiteError> {
    Resolver::new(corpus, &NameTables::new(corpus)).resolve(input)
}

/// Writes a citation in a style, quoting `version` (a version id such as `en`) or the style's
/// default version (the official English translation for English styles, the original for
/// Chinese ones).
pub fn format(
    corpus: &Corpus,
    citation: &Citation,
    style: Style,
    version: Option<&str>,
) -> Result<String, CiteError> {
    format::format(corpus, citation, style, version)
}

/// Finds the citations inside running English or Chinese text, with UTF-16 spans.
pub fn find_citations(corpus: &Corpus, text: &str) -> Vec<FoundCitation> {
    Resolver::new(corpus, &NameTables::new(corpus)).find(text)
}

/// The stable id of the citation's (first) clause, or the empty string for a citation that does
/// not belong to `corpus`.
pub fn citation_id(corpus: &Corpus, citation: &Citation) -> String {
    corpus
        .documents
        .get(citation.document as usize)
        .and_then(|document| document.clauses.get(citation.clause as usize))
        .map(|clause| clause.id.clone())
        .unwrap_or_default()
}
