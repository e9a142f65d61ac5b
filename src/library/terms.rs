//! Term lists as a search reads them: the stems in one string arena, the CJK keys as numbers,
//! and each term's postings as one run of varints, as the corpus's own index keeps them; and how
//! they are written from the index of a corpus.

use super::format::{push_varint, read_varint, TermList, CJK_MARK};
use crate::error::{Error, ErrorCode, Result};
use crate::model::Corpus;

/// One field that holds a term, as a term list records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub document: u16,
    pub clause: u32,
    /// The version's index in its document.
    pub version: u8,
    pub frequency: u32,
    pub length: u16,
}

/// A run of terms in order, ready to search.
#[derive(Debug, Default)]
pub struct TermTable {
    word_arena: String,
    word_offsets: Vec<u32>,
    cjk_keys: Vec<u32>,
    frequencies: Vec<u32>,
    postings: Vec<u8>,
    postings_start: Vec<u32>,
    /// Added to every document number the postings give (a document's own index names
    /// document 0).
    document_offset: u16,
}

fn malformed(name: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::LibraryFile,
        format!("The search file '{name}' is malformed: {what}. Build the library again."),
    )
}

impl TermTable {
    /// Reads a term list, checking that its keys are in order, its stems are text, and every
    /// posting names a field that `exists(document, clause, version)`.
    pub fn read(
        list: TermList,
        name: &str,
        document_offset: u16,
        exists: impl Fn(u16, u32, u8) -> bool,
    ) -> Result<TermTable> {
        let TermList {
            keys,
            frequencies,
            postings,
        } = list;
        if frequencies.len() != keys.len() || postings.len() != keys.len() {
            return Err(malformed(
                name,
                "its lists of terms, frequencies and postings differ in length",
            ));
        }
        let mut table = TermTable {
            document_offset,
            word_offsets: vec![0],
            ..TermTable::default()
        };
        for (position, key) in keys.iter().enumerate() {
            if position > 0 && keys[position - 1] >= *key {
                return Err(malformed(name, "its terms are not in order"));
            }
            match key.as_slice() {
                [CJK_MARK, a, b, c, d] => table.cjk_keys.push(u32::from_be_bytes([*a, *b, *c, *d])),
                [CJK_MARK, ..] => return Err(malformed(name, "a CJK term is not five bytes long")),
                stem => {
                    let stem = core::str::from_utf8(stem)
                        .map_err(|_| malformed(name, "a stem is not UTF-8"))?;
                    table.word_arena.push_str(stem);
                    table.word_offsets.push(table.word_arena.len() as u32);
                }
            }
        }
        for run in &postings {
            table.postings_start.push(table.postings.len() as u32);
            table.postings.extend_from_slice(run);
        }
        table.postings_start.push(table.postings.len() as u32);
        table.frequencies = frequencies;
        for term in 0..keys.len() {
            let mut fine = true;
            let mut previous: Option<(u16, u32, u8)> = None;
            let whole = table.walk(term, |entry| {
                let here = (entry.document, entry.clause, entry.version);
                fine = fine
                    && exists(entry.document, entry.clause, entry.version)
                    && previous.is_none_or(|before| before < here);
                previous = Some(here);
            });
            if !fine || !whole {
                return Err(malformed(
                    name,
                    "a posting names a field the library does not have, or is out of order",
                ));
            }
        }
        table.shrink();
        Ok(table)
    }

    fn shrink(&mut self) {
        self.word_arena.shrink_to_fit();
        self.word_offsets.shrink_to_fit();
        self.cjk_keys.shrink_to_fit();
        self.frequencies.shrink_to_fit();
        self.postings.shrink_to_fit();
        self.postings_start.shrink_to_fit();
    }

    pub fn word_count(&self) -> usize {
        self.word_offsets.len().saturating_sub(1)
    }

    pub fn term_count(&self) -> usize {
        self.word_count() + self.cjk_keys.len()
    }

    pub fn word(&self, position: usize) -> &str {
        let start = self.word_offsets.get(position).copied().unwrap_or(0) as usize;
        let end = self.word_offsets.get(position + 1).copied().unwrap_or(0) as usize;
        self.word_arena.get(start..end).unwrap_or("")
    }

    /// The key of the term at `position` (stems first, then CJK keys).
    pub fn key(&self, position: usize) -> Vec<u8> {
        if position < self.word_count() {
            super::format::word_key(self.word(position))
        } else {
            super::format::cjk_key(
                self.cjk_keys
                    .get(position - self.word_count())
                    .copied()
                    .unwrap_or(0),
            )
        }
    }

    pub fn find_word(&self, stem: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.word_count());
        while low < high {
            let middle = (low + high) / 2;
            match self.word(middle).cmp(stem) {
                core::cmp::Ordering::Less => low = middle + 1,
                core::cmp::Ordering::Greater => high = middle,
                core::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// The positions of the stems that start with `prefix`.
    pub fn words_with_prefix(&self, prefix: &str) -> core::ops::Range<usize> {
        let count = self.word_count();
        let (mut low, mut high) = (0, count);
        while low < high {
            let middle = (low + high) / 2;
            if self.word(middle) < prefix {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let mut end = low;
        while end < count && self.word(end).starts_with(prefix) {
            end += 1;
        }
        low..end
    }

    pub fn find_cjk(&self, key: u32) -> Option<usize> {
        self.cjk_keys
            .binary_search(&key)
            .ok()
            .map(|position| self.word_count() + position)
    }

    pub fn frequency(&self, position: usize) -> u32 {
        self.frequencies.get(position).copied().unwrap_or(0)
    }

    fn postings_of(&self, position: usize) -> &[u8] {
        let (Some(&start), Some(&end)) = (
            self.postings_start.get(position),
            self.postings_start.get(position + 1),
        ) else {
            return &[];
        };
        self.postings
            .get(start as usize..end as usize)
            .unwrap_or(&[])
    }

    /// Calls `visit` for every field that holds the term at `position`, in field order.
    pub fn for_each_entry(&self, position: usize, visit: impl FnMut(Entry)) {
        self.walk(position, visit);
    }

    /// Calls `visit` for every field that holds the term at `position`, in field order; true
    /// when the postings were read to their end.
    fn walk(&self, position: usize, mut visit: impl FnMut(Entry)) -> bool {
        let run = self.postings_of(position);
        let mut at = 0;
        let mut document = 0u32;
        let mut clause = 0u32;
        let mut first = true;
        while at < run.len() {
            let (Some(delta), Some(value), Some(packed), Some(length)) = (
                read_varint(run, &mut at),
                read_varint(run, &mut at),
                read_varint(run, &mut at),
                read_varint(run, &mut at),
            ) else {
                return false;
            };
            document = document.saturating_add(delta);
            clause = if first || delta != 0 {
                value
            } else {
                clause.saturating_add(value)
            };
            first = false;
            let Ok(document_number) =
                u16::try_from(document.saturating_add(self.document_offset as u32))
            else {
                return false;
            };
            visit(Entry {
                document: document_number,
                clause,
                version: (packed & 31) as u8,
                frequency: packed >> 5,
                length: length.min(u16::MAX as u32) as u16,
            });
        }
        true
    }

    /// One table of the terms of several, with each term's postings and frequencies combined:
    /// the index of a library that holds only their documents. `tables` are in document order.
    pub fn merged(tables: &[&TermTable]) -> TermTable {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for table in tables {
            for position in 0..table.term_count() {
                keys.push(table.key(position));
            }
        }
        crate::order::sort(&mut keys);
        keys.dedup();
        let mut list = TermList::default();
        for key in keys {
            let mut writer = PostingWriter::default();
            let mut frequency = 0u32;
            for table in tables {
                let position = match key.as_slice() {
                    [CJK_MARK, a, b, c, d] => table.find_cjk(u32::from_be_bytes([*a, *b, *c, *d])),
                    stem => core::str::from_utf8(stem)
                        .ok()
                        .and_then(|stem| table.find_word(stem)),
                };
                if let Some(position) = position {
                    frequency = frequency.saturating_add(table.frequency(position));
                    table.for_each_entry(position, |entry| writer.push(entry));
                }
            }
            list.keys.push(key);
            list.frequencies.push(frequency.min(u16::MAX as u32));
            list.postings.push(writer.output);
        }
        // The entries came from tables whose fields were checked when they were read.
        TermTable::read(list, "merged", 0, |_, _, _| true).unwrap_or_default()
    }
}

/// Writes postings in the term lists' encoding.
#[derive(Default)]
pub struct PostingWriter {
    pub output: Vec<u8>,
    previous: Option<(u16, u32)>,
}

impl PostingWriter {
    pub fn push(&mut self, entry: Entry) {
        let (delta, value) = match self.previous {
            Some((document, clause)) if document == entry.document => (0, entry.clause - clause),
            Some((document, _)) => ((entry.document - document) as u32, entry.clause),
            None => (entry.document as u32, entry.clause),
        };
        push_varint(&mut self.output, delta);
        push_varint(&mut self.output, value);
        push_varint(
            &mut self.output,
            entry.frequency << 5 | entry.version as u32 & 31,
        );
        push_varint(&mut self.output, entry.length as u32);
        self.previous = Some((entry.document, entry.clause));
    }
}

/// The terms of `index`, the search index of `corpus`, with their postings in the term lists'
/// encoding, in order: `(key, frequency, postings)`.
pub fn corpus_terms(
    corpus: &Corpus,
    index: &crate::search::index::Index,
) -> Vec<(Vec<u8>, u32, Vec<u8>)> {
    // Each field's document, clause and version index, found as the index numbered them: in
    // reading order, every version that has text for a clause.
    let mut fields: Vec<(u16, u32, u8)> = Vec::with_capacity(index.field_clause.len());
    'documents: for (document_index, document) in corpus.documents.iter().enumerate() {
        for (clause_index, clause) in document.clauses.iter().enumerate() {
            for (version_index, given) in clause.texts.iter().enumerate() {
                if given.is_none() || version_index >= document.versions.len() {
                    continue;
                }
                if fields.len() >= index.field_clause.len() {
                    break 'documents;
                }
                fields.push((
                    document_index as u16,
                    clause_index as u32,
                    version_index as u8,
                ));
            }
        }
    }
    let mut terms = Vec::with_capacity(index.word_count() + index.cjk_keys.len());
    for term in 0..(index.word_count() + index.cjk_keys.len()) {
        let key = if term < index.word_count() {
            super::format::word_key(index.word(term))
        } else {
            super::format::cjk_key(index.cjk_keys[term - index.word_count()])
        };
        let mut writer = PostingWriter::default();
        index.for_each_posting(term as u32, |field, frequency| {
            let Some(&(document, clause, version)) = fields.get(field as usize) else {
                return;
            };
            writer.push(Entry {
                document,
                clause,
                version,
                frequency,
                length: index.field_length.get(field as usize).copied().unwrap_or(0),
            });
        });
        terms.push((key, index.frequency_of(term as u32), writer.output));
    }
    terms
}
