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
pub(crate) use format::{card_line, recount};
pub use format::{quote_selector, quote_selectors, reference_forms, title_emphasis, QuoteSelector, ReferenceForms, Style};
pub(crate) use format::{reference_forms_reading_back, same_place};
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

/// A citation from its parts, as a reader page selects them: a clause id, optionally the id of
/// the last clause of a range (a later sibling), the sentences (1-based, inclusive) and the
/// version they are counted in. Each part is checked, and a wrong one named.
pub fn citation_from_parts(corpus: &Corpus, id: &str, end: Option<&str>, sentences: Option<(u16, u16)>, version: Option<&str>) -> crate::Result<Citation> {
    use crate::{Error, ErrorCode};
    let reference = corpus.clause_by_id(id).ok_or_else(|| Error::new(ErrorCode::UnknownCitation, format!("There is no clause with the id '{id}'.")))?;
    let document = corpus.document(reference);
    let version_index = match version {
        Some(wanted) => Some(document.version_index(wanted).ok_or_else(|| {
            let known: Vec<String> = document.versions.iter().map(|version| version.id.clone()).collect();
            Error::new(ErrorCode::UnknownVersion, format!("The document {} has no version '{wanted}'; its versions are {}.", document.id, known.join(", ")))
                .with_suggestions(known)
        })?),
        None => None,
    };
    let end_clause = match end {
        None => None,
        Some(end) => {
            let last = corpus
                .clause_by_id(end)
                .filter(|last| last.document == reference.document)
                .ok_or_else(|| Error::new(ErrorCode::UnknownCitation, format!("There is no clause with the id '{end}' in {}.", document.id)))?;
            let (first, last_clause) = (&document.clauses[reference.clause as usize], &document.clauses[last.clause as usize]);
            if last.clause <= reference.clause || first.parent != last_clause.parent || first.kind != last_clause.kind {
                return Err(Error::new(
                    ErrorCode::InconsistentCitation,
                    format!("A range ends at a later clause of the same kind under the same heading; {end} does not follow {id} so."),
                ));
            }
            Some(last.clause)
        }
    };
    if let Some((first, last)) = sentences {
        let counted = version_index.unwrap_or(0);
        let count = document.sentences_of(&document.clauses[reference.clause as usize], counted).count();
        if end_clause.is_some() || first == 0 || last < first || usize::from(last) > count {
            return Err(Error::new(
                ErrorCode::InconsistentCitation,
                format!(
                    "Sentences {first}–{last} are not sentences of {id} in the {} version, which has {count}; choose from 1 to {count}, in one clause.",
                    document.versions[counted].id
                ),
            ));
        }
    }
    Ok(Citation { document: reference.document, clause: reference.clause, end_clause, sentences, version_hint: version_index.map(|index| index as u16) })
}
