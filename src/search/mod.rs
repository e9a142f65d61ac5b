//! Search over all versions of every clause: bilingual, cross-lingual, typo-tolerant and ranked.
//!
//! ```
//! use clause_cite::{Corpus, Index, SearchOptions};
//! let corpus = Corpus::from_bytes(clause_cite_default_corpus::BYTES).unwrap();
//! let index = Index::new(&corpus);
//! let hits = index.search(&corpus, "北斗", &SearchOptions::default()).unwrap();
//! assert_eq!(hits[0].id, "policy-paper__pt_3__prog_2__sec_10__para_2");
//! assert!(hits[0].matched.contains(&"zh".to_string()));
//! ```
//!
//! A hit is a clause. Each version's text of a clause is a *field*; a query term scores a
//! clause by its best field (BM25), so an English term can find a clause through its English
//! text and a Chinese term through its Chinese text, and the clause carries every version either
//! way. Chinese is indexed as overlapping character bigrams plus unigrams (no dictionary), and
//! runs of three or more Chinese characters earn a bonus where they occur contiguously. English
//! is lower-cased, lightly stemmed, stop-worded and split at hyphens; unknown words of five or
//! more letters match vocabulary words one edit away (two for nine letters or more); the last
//! word of a query also matches as a prefix.

pub(crate) mod analysis;
pub(crate) mod index;
pub(crate) mod query;
mod snippet;
pub(crate) mod source;

use crate::view::VersionMap;
use serde::Serialize;

use index::Index as Inner;

/// The longest query accepted, in characters. Longer queries are refused with `query-too-long`
/// (a sentence of several hundred characters is fine; pasted pages are not queries).
pub const MAXIMUM_QUERY_CHARACTERS: usize = 1000;
/// The most hits one search returns.
pub const MAXIMUM_LIMIT: usize = 1000;

/// What to search and how many hits to return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// The most hits to return (1 to 1000; default 10).
    pub limit: usize,
    /// Only search these versions (`zh`, `en`, `en-blog`); empty means all.
    pub versions: Vec<String>,
    /// Only search these documents (`policy-paper`, `commentary`, `blog-intro`); empty means all.
    pub documents: Vec<String>,
    /// Only search inside this clause and everything under it (a part, program or section),
    /// named by its id or any citation the citation module understands.
    pub within: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions { limit: 10, versions: Vec::new(), documents: Vec::new(), within: None }
    }
}

/// A short excerpt of one version's clause text with the matched words marked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snippet {
    /// The excerpt, verbatim from the version's clause text.
    pub text: String,
    /// `[start, end)` ranges of matched text, in UTF-16 code units into `text`.
    pub highlights: Vec<[u32; 2]>,
    /// Where `text` starts and ends in the version's whole clause text, in UTF-16 code units
    /// (so `start > 0` or `end` short of the clause's length means the excerpt was cut).
    pub start: u32,
    pub end: u32,
    /// The language of the version the excerpt is from (its BCP 47 tag).
    pub lang: String,
}

/// One clause found by a search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    /// The clause's place in the reading order of the whole corpus.
    #[serde(skip)]
    pub ordinal: u32,
    /// True when the query's quoted phrases matched nothing and these hits are the results of
    /// the query without its quotation marks.
    pub quotes_ignored: bool,
    /// The id of the clause's document.
    pub document: String,
    pub score: f64,
    /// The short English citation: "China's Policy Paper on Latin America and the Caribbean,
    /// Development Program (10) ¶2".
    pub cite: String,
    /// The short Chinese citation: "《中国对拉丁美洲和加勒比政策文件》发展工程(十)第2段".
    pub cite_zh: String,
    /// The versions whose text matched, in the document's version order.
    pub matched: Vec<String>,
    /// For each matched version, an excerpt with highlights.
    pub snippets: VersionMap<Snippet>,
}

/// The search index of one corpus, built at load.
#[derive(Debug)]
pub struct Index {
    inner: Inner,
}

/// Sizes of an index, for benchmarks and the architecture notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexStats {
    pub fields: usize,
    pub clauses: usize,
    pub words: usize,
    pub cjk_terms: usize,
    pub posting_bytes: usize,
    pub memory_bytes: usize,
    /// The UTF-8 bytes of all versions' texts, for comparison.
    pub text_bytes: usize,
}

impl Index {
    /// Builds the index of `corpus`. Every clause of every document is indexed in every
    /// version that has text for it.
    pub fn new(corpus: &crate::model::Corpus) -> Index {
        Index { inner: Inner::build(corpus) }
    }

    pub fn stats(&self, corpus: &crate::model::Corpus) -> IndexStats {
        IndexStats {
            fields: self.inner.field_clause.len(),
            clauses: self.inner.clause_count as usize,
            words: self.inner.word_count(),
            cjk_terms: self.inner.cjk_keys.len(),
            posting_bytes: self.inner.postings.len(),
            memory_bytes: self.inner.memory_bytes(),
            text_bytes: corpus.documents.iter().flat_map(|document| document.versions.iter()).map(|version| version.text.len()).sum(),
        }
    }

    /// Searches `corpus` (the one this index was built from). An empty query, or one with no
    /// searchable word (only punctuation, operators or stop words), gives no hits.
    pub fn search(&self, corpus: &crate::model::Corpus, query: &str, options: &SearchOptions) -> crate::Result<Vec<Hit>> {
        query::check_fingerprint(&self.inner, corpus)?;
        query::check_arguments(query, options)?;
        let filters = query::Filters {
            version_mask: query::version_mask(&self.inner, corpus, &options.versions)?,
            allowed: query::allowed_clauses(&self.inner, corpus, options)?,
        };
        let source = source::Whole { index: &self.inner, corpus };
        search_source(&source, corpus, query, options, &filters)
    }
}

/// Searches `source` for `query` (checked by `query::check_arguments`) under `filters`; `corpus`
/// holds the documents whose acronyms the query may use (the library passes its catalog).
pub(crate) fn search_source<S: source::Source>(
    source: &S,
    corpus: &crate::model::Corpus,
    query: &str,
    options: &SearchOptions,
    filters: &query::Filters,
) -> crate::Result<Vec<Hit>> {
    // The query, and the query with each acronym a document defines written out (or each
    // written-out name abbreviated): "Belt and Road Initiative" also finds "BRI".
    let mut hits = search_variants(source, corpus, query, options, filters, false)?;
    if hits.is_empty() && query.contains(['"', '“', '”', '「', '」']) {
        // Quoted phrases that match nothing: the unquoted results, marked as such.
        hits = search_variants(source, corpus, query, options, filters, true)?;
    }
    Ok(hits)
}

fn search_variants<S: source::Source>(
    source: &S,
    corpus: &crate::model::Corpus,
    query: &str,
    options: &SearchOptions,
    filters: &query::Filters,
    relax_phrases: bool,
) -> crate::Result<Vec<Hit>> {
    let mut hits = query::run(source, query, options, filters, relax_phrases)?;
    for variant in acronym_variants(corpus, query) {
        for hit in query::run(source, &variant, options, filters, relax_phrases)? {
            match hits.iter_mut().find(|known| known.id == hit.id) {
                Some(known) if known.score >= hit.score => {}
                Some(known) => *known = hit,
                None => hits.push(hit),
            }
        }
    }
    crate::order::sort_by(&mut hits, |a, b| b.score.total_cmp(&a.score).then(a.ordinal.cmp(&b.ordinal)));
    hits.truncate(options.limit);
    Ok(hits)
}

/// The query with one acronym written out or one written-out name abbreviated, for every
/// acronym the corpus's documents define that the query uses (at most four variants).
fn acronym_variants(corpus: &crate::model::Corpus, query: &str) -> Vec<String> {
    let lower = query.to_lowercase();
    let mut variants: Vec<String> = Vec::new();
    // Offsets found in the lower-cased query are used in the query itself only where lower-casing
    // kept every byte in place (it does for the Latin and Chinese text of these documents).
    let same_offsets = lower.len() == query.len();
    let word_at = |text: &str, at: usize, length: usize| {
        let before = text[..at].chars().next_back();
        let after = text[at + length..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    for document in &corpus.documents {
        for acronym in &document.acronyms {
            let long = acronym.long.to_lowercase();
            if let Some(at) = lower.find(&long).filter(|&at| same_offsets && word_at(&lower, at, long.len())) {
                variants.push(format!("{}{}{}", &query[..at], acronym.short, &query[at + long.len()..]));
            }
            if let Some(at) = query.find(&acronym.short).filter(|&at| word_at(query, at, acronym.short.len())) {
                variants.push(format!("{}{}{}", &query[..at], acronym.long, &query[at + acronym.short.len()..]));
            }
        }
    }
    variants.dedup();
    variants.truncate(4);
    variants
}
