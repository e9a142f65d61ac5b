//! Documents reduced to what finding a place needs, for the catalog and the outline.
//!
//! The *outline* of a document keeps every clause in order, with its id, kind, level, parent,
//! number, which versions have it, the labels and titles of its headings and items, and how many
//! sentences it has in each version; it drops the running text. The citation parser reads no
//! more than that, so a citation resolves in the outline of a library to exactly the document and
//! clause indexes it resolves to in the corpus of all its documents, and the document itself is
//! loaded only to show the clause.
//!
//! The *summary* of a document, which the catalog holds, keeps its metadata (versions, short
//! titles, aliases, levels, acronyms) and only the headings cited by title ("Development
//! Program", "团结工程"): enough to list the documents and to route most citations to one
//! document without the outline.

use crate::model::{Clause, ClauseText, Document, Kind, Span};

/// The texts of a reduced document's versions, written as kept spans are copied in.
struct Texts<'d> {
    originals: Vec<&'d str>,
    written: Vec<String>,
}

impl<'d> Texts<'d> {
    fn new(document: &'d Document) -> Texts<'d> {
        Texts { originals: document.versions.iter().map(|version| version.text.as_str()).collect(), written: vec![String::new(); document.versions.len()] }
    }

    /// Copies `original[start..end]` of a version into its reduced text, and returns the
    /// amount to add to a span of the original to find it in the reduced text.
    fn copy(&mut self, version: usize, start: u32, end: u32) -> i64 {
        let text = &mut self.written[version];
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let at = text.len() as i64;
        text.push_str(self.originals[version].get(start as usize..end as usize).unwrap_or(""));
        at - start as i64
    }

    /// An empty span at the end of a version's reduced text.
    fn end(&self, version: usize) -> Span {
        let at = self.written[version].len();
        Span::new(at, at)
    }
}

fn moved(span: Span, shift: i64) -> Span {
    Span { start: (span.start as i64 + shift) as u32, end: (span.end as i64 + shift) as u32 }
}

/// The reduced text of one clause in one version: headings keep their whole text and sentences;
/// other clauses keep their label and title, if any, and as many empty sentences as they have.
fn reduce_text(texts: &mut Texts<'_>, version: usize, kind: Kind, given: &ClauseText) -> ClauseText {
    let named: Vec<Span> = [given.label, given.title].into_iter().flatten().collect();
    if kind == Kind::Heading {
        let mut all = vec![given.text];
        all.extend(named.iter().copied());
        all.extend(given.sentences.iter().copied());
        let start = all.iter().map(|span| span.start).min().unwrap_or(given.text.start);
        let end = all.iter().map(|span| span.end).max().unwrap_or(given.text.end);
        let shift = texts.copy(version, start, end);
        return ClauseText {
            text: moved(given.text, shift),
            label: given.label.map(|span| moved(span, shift)),
            title: given.title.map(|span| moved(span, shift)),
            sentences: given.sentences.iter().map(|span| moved(*span, shift)).collect(),
        };
    }
    let (text, label, title) = match (named.iter().map(|span| span.start).min(), named.iter().map(|span| span.end).max()) {
        (Some(start), Some(end)) => {
            let shift = texts.copy(version, start, end);
            (
                Span { start: (start as i64 + shift) as u32, end: (end as i64 + shift) as u32 },
                given.label.map(|span| moved(span, shift)),
                given.title.map(|span| moved(span, shift)),
            )
        }
        _ => (texts.end(version), None, None),
    };
    let empty = Span { start: text.end, end: text.end };
    ClauseText { text, label, title, sentences: vec![empty; given.sentences.len()] }
}

/// The outline of `document`: every clause and name, no running text.
pub fn outline(document: &Document) -> Document {
    let mut texts = Texts::new(document);
    let clauses: Vec<Clause> = document.clauses.iter().map(|clause| reduced_clause(&mut texts, clause, clause.parent)).collect();
    rebuilt(document, texts, clauses, true)
}

/// `clause` with its texts reduced into `texts`, under `parent`.
fn reduced_clause(texts: &mut Texts, clause: &Clause, parent: Option<u32>) -> Clause {
    Clause {
        id: clause.id.clone(),
        kind: clause.kind,
        level: clause.level,
        parent,
        number: clause.number,
        texts: clause.texts.iter().enumerate().map(|(version, given)| given.as_ref().map(|given| reduce_text(texts, version, clause.kind, given))).collect(),
    }
}

/// The summary of `document`: its metadata and its headings cited by title, as top-level
/// clauses.
pub fn summary(document: &Document) -> Document {
    let mut texts = Texts::new(document);
    let clauses: Vec<Clause> = document
        .clauses
        .iter()
        .filter(|clause| clause.kind == Kind::Heading && document.level_of(clause).is_some_and(|level| level.by_title))
        .map(|clause| reduced_clause(&mut texts, clause, None))
        .collect();
    rebuilt(document, texts, clauses, false)
}

fn rebuilt(document: &Document, texts: Texts<'_>, clauses: Vec<Clause>, outline: bool) -> Document {
    let mut versions = document.versions.clone();
    for (version, text) in versions.iter_mut().zip(texts.written) {
        version.text = text;
    }
    Document {
        id: document.id.clone(),
        id_prefix: document.id_prefix.clone(),
        short_title: document.short_title.clone(),
        aliases: document.aliases.clone(),
        levels: document.levels.clone(),
        versions,
        clauses,
        divergences: Vec::new(),
        former_ids: if outline { document.former_ids.clone() } else { Vec::new() },
        acronyms: if outline { Vec::new() } else { document.acronyms.clone() },
    }
}

/// The first segments of a document's former ids, each once, in order.
pub fn former_roots(document: &Document) -> Vec<String> {
    let mut roots: Vec<String> = document.former_ids.iter().map(|(former, _)| former.split("__").next().unwrap_or(former).to_ascii_lowercase()).collect();
    crate::order::sort(&mut roots);
    roots.dedup();
    roots
}
