//! Citations: reading every way people cite a clause, and writing the citations people paste
//! into their work.
//!
//! One parser serves the command line, the npm API and the widget. It reads canonical ids (and
//! the ids a document published before), every version's own numbering and words (`Part III`,
//! `第三部分`, `Development Program (9)`, `Civilization Projects (F)`, `Article 10(2)`,
//! `第十条第二款`), titles in any version, paragraph and sentence selectors and ranges. Every
//! name it knows comes from the corpus (titles, short titles, aliases, the nouns and labels the
//! versions write); only the grammar of citing ("Part", "¶", "para", "第…段", "第…款") is
//! code.

mod find;
mod format;
pub(crate) mod names;
mod parse;
mod tables;
mod tokens;

use crate::model::Corpus;

pub use find::FoundCitation;
pub use format::{quote_selector, quote_selectors, title_emphasis, QuoteSelector, Style};
pub(crate) use format::recount;
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

/// Reads one citation. The whole input must be a citation; it may be at most
/// [`MAX_CITATION_CHARS`] characters long.
pub fn resolve(corpus: &Corpus, input: &str) -> crate::Result<Citation> {
    Resolver::new(corpus, &NameTables::new(corpus)).resolve(input)
}

/// Writes a citation in a style, quoting `version` (a version id such as `en`) or the style's
/// default version (the official English translation for English styles, the original for
/// Chinese ones).
pub fn format(corpus: &Corpus, citation: &Citation, style: Style, version: Option<&str>) -> crate::Result<String> {
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

/// The first `count` characters of `text`, with an ellipsis when it was cut.
pub(crate) fn first_words(text: &str, count: usize) -> String {
    let cut = parse::first_chars(text, count);
    if cut.len() < text.len() {
        format!("{}…", cut.trim_end())
    } else {
        cut.to_string()
    }
}
