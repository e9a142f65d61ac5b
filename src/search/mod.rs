//! Search over all versions of every clause: bilingual, cross-lingual, typo-tolerant and ranked.
//!
//! ```
//! use clause_cite::search::{Index, SearchOptions};
//! let corpus = clause_cite::default_corpus().unwrap();
//! let index = Index::new(&corpus);
//! let hits = index.search(&corpus, "北斗", &SearchOptions::default()).unwrap();
//! assert_eq!(hits[0].id, "pt_3__prog_2__sec_10__para_2");
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

mod analysis;
mod index;
mod query;
mod snippet;

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
        SearchOptions {
            limit: 10,
            versions: Vec::new(),
            documents: Vec::new(),
            within: None,
        }
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
}

/// One clause found by a search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
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
        Index {
            inner: Inner::build(corpus),
        }
    }

    pub fn stats(&self, corpus: &crate::model::Corpus) -> IndexStats {
        IndexStats {
            fields: self.inner.field_clause.len(),
            clauses: self.inner.clause_count as usize,
            words: self.inner.word_count(),
            cjk_terms: self.inner.cjk_keys.len(),
            posting_bytes: self.inner.postings.len(),
            memory_bytes: self.inner.memory_bytes(),
            text_bytes: corpus
                .documents
                .iter()
                .flat_map(|document| document.versions.iter())
                .map(|version| version.text.len())
                .sum(),
        }
    }

    /// Searches `corpus` (the one this index was built from). An empty query, or one with no
    /// searchable word (only punctuation, operators or stop words), gives no hits.
    pub fn search(
        &self,
        corpus: &crate::model::Corpus,
        query: &str,
        options: &SearchOptions,
    ) -> crate::Result<Vec<Hit>> {
        query::run(&self.inner, corpus, query, options)
    }
}
