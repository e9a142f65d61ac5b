//! clause-cite holds multilingual official documents (an original and its translations) as
//! structured, aligned corpora, and answers four questions about them: *what does this citation
//! point to* (lookup), *where is this said* (search), *how do I cite this* (formatting), and
//! *what is the structure* (documents, clauses, divergences). It is plain, synchronous Rust with
//! no I/O; the `clause-cite-web` crate is the only one that knows JavaScript.
//!
//! ```
//! use clause_cite::{resolve, format, Corpus, Style};
//!
//! // A corpus is compiled from texts and a metadata-only manifest, then loaded from bytes.
//! let corpus = Corpus::from_bytes(clause_cite_default_corpus::BYTES)?;
//!
//! // Any way people cite a clause finds it.
//! let citation = resolve(&corpus, "发展工程（十）第2段")?;
//! let clause = corpus.clause(citation.reference());
//! assert_eq!(clause.id, "policy-paper__pt_3__prog_2__sec_10__para_2");
//!
//! // Each version gives its own text for the clause.
//! let document = corpus.document(citation.reference());
//! let english = document.version_index("en").unwrap();
//! assert!(document.text_of(clause, english).unwrap().starts_with("China welcomes LAC countries to use the BeiDou"));
//!
//! // And the citation is written in any style, quoting any version.
//! let chicago = format(&corpus, &citation, Style::Chicago, Some("en"))?;
//! assert!(chicago.contains("Development Program (10), para. 2") || chicago.contains("Development Program (10) ¶2"));
//!
//! // Search is bilingual: a Chinese query finds the clause through its Chinese text.
//! let index = clause_cite::Index::new(&corpus);
//! let hits = index.search(&corpus, "北斗", &clause_cite::SearchOptions::default())?;
//! assert_eq!(hits[0].id, "policy-paper__pt_3__prog_2__sec_10__para_2");
//! # Ok::<(), clause_cite::Error>(())
//! ```
//!
//! Bad input is an [`Error`] with a stable [`ErrorCode`], never a panic.

// The few places where the standard library's sorts would be instantiated per element type go
// through `order.rs` (one shared merge sort); see ARCHITECTURE.md, "Size".

mod align;
mod card;
mod cite;
#[cfg(feature = "compiler")]
mod compiler;
mod error;
mod library;
mod model;
mod numbers;
mod order;
mod quote;
mod search;
mod store;
mod text;
mod view;

pub use align::corresponding_sentences;
pub use card::{card_view, CardNote, CardOptions, CardVersion, CardView, LanguageText, QuoteCheck, QuoteSuggestion};
pub use cite::names::{clause_name, document_name, short_citation, version_for, Language};
pub use cite::{
    citation_from_parts, citation_id, find_citations, format, quote_selector, quote_selectors, reference_forms, resolve, title_emphasis, Citation,
    FoundCitation, NameTables, QuoteSelector, ReferenceForms, Resolver, Style, MAX_CITATION_CHARS,
};
pub use error::{Error, ErrorCode, Result};
pub use library::{build_library, Library, LibraryPlace, SearchStep, Step, CATALOG_NAME, MAXIMUM_LIBRARY_CLAUSES};
pub use model::{
    primary_language, Acronym, Clause, ClauseRef, ClauseText, Corpus, Divergence, DivergenceKind, Document, Kind, LabelForm, Level, LevelName, Localized,
    NumberStyle, Role, Span, Version,
};
pub use quote::{match_quote, QuoteDifference, QuoteMatch, QuoteStatus, MAXIMUM_QUOTE_CHARACTERS};
pub use search::{Hit, Index, IndexStats, SearchOptions, Snippet, MAXIMUM_LIMIT, MAXIMUM_QUERY_CHARACTERS};
pub use store::{is_safe_url, limits};
pub use text::{byte_offset_from_utf16, utf16_length, utf16_offset};
pub use view::{
    clause_view, corpus_view, divergence_note, document_page, document_view, ClauseView, CorpusView, DivergenceView, DocumentView, LevelNameView, LevelView,
    PageView, VersionMap, VersionView, MAXIMUM_PAGE_CLAUSES,
};

#[cfg(feature = "compiler")]
pub use compiler::{
    check_url, compile, compile_one, document::DocumentReport, document::Place, fixes::folded as fold_fix_words, manifest::AlignmentEntry,
    manifest::CorpusManifest, manifest::DocumentManifest, manifest::Excluded, manifest::LevelOverride, manifest::LocalizedInput, manifest::SourceManifest,
    manifest::VersionManifest, new::date_of, new::language_of, new::new_corpus, new::title_of, new::NewCorpus, new::NewVersion, source_text, Compiled, Reader,
    MAXIMUM_SOURCE_BYTES,
};

impl Corpus {
    /// Reads a compiled corpus, checking its checksum (every byte), the loader's [`limits`] and
    /// everything later calls rely on.
    pub fn from_bytes(bytes: &[u8]) -> Result<Corpus> {
        store::from_bytes(bytes)
    }

    /// Writes the compiled form that [`Corpus::from_bytes`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        store::to_bytes(self)
    }

    /// Finds a clause by its stable id or an id it was published under before.
    pub fn clause_by_id(&self, id: &str) -> Option<ClauseRef> {
        for (document_index, document) in self.documents.iter().enumerate() {
            if let Some(clause) = document.clauses.iter().position(|clause| clause.id == id) {
                return Some(ClauseRef { document: document_index as u16, clause: clause as u32 });
            }
        }
        for (document_index, document) in self.documents.iter().enumerate() {
            if let Some((_, clause)) = document.former_ids.iter().find(|(former, _)| former == id) {
                return Some(ClauseRef { document: document_index as u16, clause: *clause });
            }
        }
        None
    }

    pub fn document(&self, reference: ClauseRef) -> &Document {
        &self.documents[reference.document as usize]
    }

    pub fn clause(&self, reference: ClauseRef) -> &Clause {
        &self.documents[reference.document as usize].clauses[reference.clause as usize]
    }

    pub fn document_by_id(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|document| document.id == id)
    }

    /// Every clause of every document, in reading order.
    pub fn all_clauses(&self) -> impl Iterator<Item = ClauseRef> + '_ {
        self.documents.iter().enumerate().flat_map(|(document_index, document)| {
            (0..document.clauses.len()).map(move |clause| ClauseRef { document: document_index as u16, clause: clause as u32 })
        })
    }
}

impl Citation {
    /// The (first) clause the citation names.
    pub fn reference(&self) -> ClauseRef {
        ClauseRef { document: self.document, clause: self.clause }
    }

    /// The same citation with its sentences counted in another version (by index): the
    /// sentences that version gives for the same words, through the sentence alignment. A
    /// citation without sentences is returned as it is; one whose sentences the version does not
    /// align with is an `inconsistent-citation` error.
    pub fn in_version(&self, corpus: &Corpus, version: usize) -> Result<Citation> {
        let document = corpus
            .documents
            .get(self.document as usize)
            .ok_or_else(|| Error::new(ErrorCode::UnknownCitation, "The citation names no document of this corpus."))?;
        if version >= document.versions.len() {
            return Err(Error::new(ErrorCode::UnknownVersion, format!("The document {} has no version number {version}.", document.id)));
        }
        cite::recount(document, self, version)
    }
}
