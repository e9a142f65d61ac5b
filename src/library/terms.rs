//! Term lists as a search reads them: the stems in one string arena, the CJK keys as numbers,
//! and each term's postings as one run of varints, as the corpus's own index keeps them; and how
//! they are written from the index of a corpus.

use super::format::{push_varint, read_varint, TermList, CJK_MARK};
use crate::error::{Error, ErrorCode, Result};
use crate::model::Corpus;

/// One field that holds a term, as a term list records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The clause's place in the library's reading order.
    pub place: u32,
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
}

fn malformed(name: &str, what: &str) -> Error {
    Error::new(ErrorCode::LibraryFile, format!("The search file '{name}' is malformed: {what}. Build the library again."))
}

impl TermTable {
    /// Reads a term list, checking that its keys are in order, its stems are text, and every
    /// posting names a field that `exists(place, version)`, in order.
    pub fn read(list: TermList, name: &str, exists: impl Fn(u32, u8) -> bool) -> Result<TermTable> {
        let TermList { keys, frequencies, postings } = list;
        if frequencies.len() != keys.len() || postings.len() != keys.len() {
            return Err(malformed(name, "its lists of terms, frequencies and postings differ in length"));
        }
        let mut table = TermTable { word_offsets: vec![0], ..TermTable::default() };
        for (position, key) in keys.iter().enumerate() {
            if position > 0 && keys[position - 1] >= *key {
                return Err(malformed(name, "its terms are not in order"));
            }
            match key.as_slice() {
                [CJK_MARK, a, b, c, d] => table.cjk_keys.push(u32::from_be_bytes([*a, *b, *c, *d])),
                [CJK_MARK, ..] => return Err(malformed(name, "a CJK term is not five bytes long")),
                stem => {
                    let stem = core::str::from_utf8(stem).map_err(|_| malformed(name, "a stem is not UTF-8"))?;
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
            let mut previous: Option<(u32, u8)> = None;
            let whole = table.walk(term, |entry| {
                let here = (entry.place, entry.version);
                fine = fine && exists(entry.place, entry.version) && previous.is_none_or(|before| before < here);
                previous = Some(here);
            });
            if !fine || !whole {
                return Err(malformed(name, "a posting names a field the library does not have, or is out of order"));
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

    pub fn word(&self, position: usize) -> &str {
        let start = self.word_offsets.get(position).copied().unwrap_or(0) as usize;
        let end = self.word_offsets.get(position + 1).copied().unwrap_or(0) as usize;
        self.word_arena.get(start..end).unwrap_or("")
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
        self.cjk_keys.binary_search(&key).ok().map(|position| self.word_count() + position)
    }

    pub fn frequency(&self, position: usize) -> u32 {
        self.frequencies.get(position).copied().unwrap_or(0)
    }

    fn postings_of(&self, position: usize) -> &[u8] {
        let (Some(&start), Some(&end)) = (self.postings_start.get(position), self.postings_start.get(position + 1)) else {
            return &[];
        };
        self.postings.get(start as usize..end as usize).unwrap_or(&[])
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
        let mut place = 0u32;
        while at < run.len() {
            let (Some(delta), Some(packed), Some(length)) = (read_varint(run, &mut at), read_varint(run, &mut at), read_varint(run, &mut at)) else {
                return false;
            };
            place = place.saturating_add(delta);
            visit(Entry { place, version: (packed & 31) as u8, frequency: packed >> 5, length: length.min(u16::MAX as u32) as u16 });
        }
        true
    }
}

/// Writes postings in the term lists' encoding: for each field, varints of the clause place
/// less the previous field's, the frequency times 32 plus the version, and the field's length.
#[derive(Default)]
pub struct PostingWriter {
    pub output: Vec<u8>,
    previous: u32,
}

impl PostingWriter {
    pub fn push(&mut self, entry: Entry) {
        push_varint(&mut self.output, entry.place - self.previous);
        push_varint(&mut self.output, entry.frequency << 5 | entry.version as u32 & 31);
        push_varint(&mut self.output, entry.length as u32);
        self.previous = entry.place;
    }
}

/// The terms of `index`, the search index of `corpus`, with their postings in the term lists'
/// encoding, in order: `(key, frequency, postings)`.
pub fn corpus_terms(corpus: &Corpus, index: &crate::search::index::Index) -> Vec<(Vec<u8>, u32, Vec<u8>)> {
    // Each field's version index, found as the index numbered the fields: in reading order,
    // every version that has text for a clause.
    let mut versions: Vec<u8> = Vec::with_capacity(index.field_clause.len());
    'documents: for document in &corpus.documents {
        for clause in &document.clauses {
            for (version, given) in clause.texts.iter().enumerate() {
                if given.is_none() || version >= document.versions.len() {
                    continue;
                }
                if versions.len() >= index.field_clause.len() {
                    break 'documents;
                }
                versions.push(version as u8);
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
            let field = field as usize;
            let (Some(&place), Some(&version)) = (index.field_clause.get(field), versions.get(field)) else {
                return;
            };
            writer.push(Entry { place, version, frequency, length: index.field_length.get(field).copied().unwrap_or(0) });
        });
        terms.push((key, index.frequency_of(term as u32), writer.output));
    }
    terms
}
