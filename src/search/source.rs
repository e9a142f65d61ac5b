//! What a search reads, as one trait: the vocabulary, the postings, the statistics BM25 needs and
//! the texts that phrases, the verbatim bonus and snippets are checked against.
//!
//! Two sources implement it. [`Whole`] is a corpus with the index built from it at load, where
//! everything is at hand. The library's source (`crate::library`) reads index chunks and document
//! shards that the host fetched; where a chunk or shard is not at hand it answers as if the term
//! or text were absent and notes what it lacked, so the library can ask for it and search again.
//! Both are ranked by the same code (`super::query`), so a library answers exactly as the corpus
//! of its documents would once everything the query needs is loaded.

use super::index::Index;
use crate::model::{Corpus, Document};

/// One field (one version's text of one clause) that holds a term, and how often it holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    /// A number for the field, increasing in reading order (by clause, then by version) and
    /// unique within one source.
    pub field: u64,
    /// The clause's place in the reading order of all documents of the source.
    pub clause: u32,
    /// The slot of the field's version id (see [`Source::version_slot`]).
    pub slot: u8,
    /// How many units (words and CJK characters) the field holds.
    pub length: u16,
    pub frequency: u32,
}

/// Everything a search reads. Term numbers are the source's own, but they follow the terms'
/// sorted order (stems in `str` order, then CJK keys), which the query code relies on.
pub trait Source {
    /// How many fields the documents have, for the inverse document frequency.
    fn field_count(&self) -> usize;
    /// The mean field length of the version ids in `slot`, for BM25's length normalisation.
    fn average_length(&self, slot: u8) -> f32;
    /// How many clauses the documents have: clause places run from 0 to this.
    fn clause_count(&self) -> usize;
    fn is_heading(&self, clause: u32) -> bool;
    /// The slot of a version id: versions of different documents with one id share a slot.
    fn version_slot(&self, id: &str) -> Option<u8>;
    /// The term of an exact stem.
    fn find_word(&self, stem: &str) -> Option<u32>;
    /// The terms of the stems that start with `prefix`, in sorted order, at most `limit`.
    fn words_with_prefix(&self, prefix: &str, limit: usize) -> Vec<u32>;
    fn word(&self, term: u32) -> &str;
    /// Calls `visit(term, stem)` for every stem of the vocabulary, in sorted order.
    fn for_each_word(&self, visit: impl FnMut(u32, &str));
    /// The term of a CJK unigram or bigram key.
    fn find_cjk(&self, key: u32) -> Option<u32>;
    /// How many fields hold the term.
    fn frequency_of(&self, term: u32) -> u32;
    /// Calls `visit` for every field that holds the term, in field order.
    fn for_each_posting(&self, term: u32, visit: impl FnMut(Posting));
    /// The text of a field, or `None` where it is not at hand.
    fn field_text(&self, field: u64) -> Option<&str>;
    /// Calls `visit(slot, text)` for each field of a clause, in version order (`text` is
    /// `None` where it is not at hand).
    fn for_each_field_of(&self, clause: u32, visit: impl FnMut(u8, Option<&str>));
    /// The document of a clause and the clause's index in it, if the document is at hand.
    fn clause(&self, clause: u32) -> Option<(&Document, u32)>;
}

/// A corpus with the index built from it: everything at hand.
pub struct Whole<'a> {
    pub index: &'a Index,
    pub corpus: &'a Corpus,
}

impl Source for Whole<'_> {
    fn field_count(&self) -> usize {
        self.index.field_clause.len()
    }

    fn average_length(&self, slot: u8) -> f32 {
        self.index.average_length.get(slot as usize).copied().unwrap_or(1.0)
    }

    fn clause_count(&self) -> usize {
        self.index.clause_count as usize
    }

    fn is_heading(&self, clause: u32) -> bool {
        self.index.clause_is_heading.get(clause as usize).copied().unwrap_or(false)
    }

    fn version_slot(&self, id: &str) -> Option<u8> {
        self.index.version_slot(id)
    }

    fn find_word(&self, stem: &str) -> Option<u32> {
        self.index.find_word(stem)
    }

    fn words_with_prefix(&self, prefix: &str, limit: usize) -> Vec<u32> {
        self.index.words_with_prefix(prefix).take(limit).map(|term| term as u32).collect()
    }

    fn word(&self, term: u32) -> &str {
        self.index.word(term as usize)
    }

    fn for_each_word(&self, mut visit: impl FnMut(u32, &str)) {
        for term in 0..self.index.word_count() {
            visit(term as u32, self.index.word(term));
        }
    }

    fn find_cjk(&self, key: u32) -> Option<u32> {
        self.index.find_cjk(key)
    }

    fn frequency_of(&self, term: u32) -> u32 {
        self.index.frequency_of(term)
    }

    fn for_each_posting(&self, term: u32, mut visit: impl FnMut(Posting)) {
        let index = self.index;
        index.for_each_posting(term, |field, frequency| {
            let position = field as usize;
            let (Some(&clause), Some(&slot), Some(&length)) =
                (index.field_clause.get(position), index.field_version.get(position), index.field_length.get(position))
            else {
                return;
            };
            visit(Posting { field: field as u64, clause, slot, length, frequency });
        });
    }

    fn field_text(&self, field: u64) -> Option<&str> {
        let index = self.index;
        let position = usize::try_from(field).ok()?;
        let ordinal = *index.field_clause.get(position)?;
        let (document_index, clause_index) = index.clause_location(ordinal)?;
        let document = self.corpus.documents.get(document_index)?;
        let clause = document.clauses.get(clause_index as usize)?;
        let slot = *index.field_version.get(position)? as usize;
        let name = index.version_names.get(slot)?;
        let version = document.version_index(name)?;
        document.text_of(clause, version)
    }

    fn for_each_field_of(&self, clause: u32, mut visit: impl FnMut(u8, Option<&str>)) {
        let index = self.index;
        let first = index.clause_fields.get(clause as usize).copied().unwrap_or(0);
        let last = index.clause_fields.get(clause as usize + 1).copied().unwrap_or(first);
        for field in first..last {
            let slot = index.field_version.get(field as usize).copied().unwrap_or(31);
            visit(slot, self.field_text(field as u64));
        }
    }

    fn clause(&self, clause: u32) -> Option<(&Document, u32)> {
        let (document_index, clause_index) = self.index.clause_location(clause)?;
        Some((self.corpus.documents.get(document_index)?, clause_index))
    }
}
