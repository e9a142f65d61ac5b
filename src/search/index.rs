//! The inverted index: built from a corpus at load, in one pass and two sorts.
//!
//! Every (clause, version) pair that has text is a *field*, numbered in reading order. Terms are
//! English stems (kept sorted in one string arena, so exact, prefix and fuzzy look-ups are a
//! binary search or a scan of a few thousand short strings) and CJK unigrams and bigrams (kept as
//! sorted `u32` keys). Each term's postings are a run of varint pairs (field delta, term
//! frequency) in one shared byte vector. No hash map survives the build.

use crate::prelude::*;

use super::analysis::{analyze, bigram_key, unigram_key, Unit};
use crate::corpus::Corpus;
use alloc::collections::BTreeMap as HashMap;

/// The largest number of fields an index holds (fields are packed into 20 bits while sorting).
pub const MAXIMUM_FIELDS: usize = 1 << 20;

#[derive(Debug)]
pub struct Index {
    /// For each field: the global clause ordinal (clauses of all documents in reading order).
    pub field_clause: Vec<u32>,
    /// For each field: the index of its version id in `version_names`.
    pub field_version: Vec<u8>,
    /// For each field: the number of units (words and CJK characters) it holds.
    pub field_length: Vec<u16>,
    /// For each document: the global ordinal of its first clause; one more entry at the end.
    pub document_start: Vec<u32>,
    /// For each global clause: whether it is a heading.
    pub clause_is_heading: Vec<bool>,
    /// For each global clause: its first field; one more entry at the end. Fields of a clause are
    /// contiguous and in version order.
    pub clause_fields: Vec<u32>,
    /// The distinct version ids of all documents (`zh`, `en`, `en-blog`, …), at most 32.
    pub version_names: Vec<String>,
    /// The mean field length per version name, for BM25's length normalisation.
    pub average_length: Vec<f32>,
    /// The sorted English stems, concatenated; `word_offsets[i]..word_offsets[i + 1]` is stem i.
    pub word_arena: String,
    pub word_offsets: Vec<u32>,
    /// The sorted CJK unigram and bigram keys. Term number = words count + position here.
    pub cjk_keys: Vec<u32>,
    /// For each term (words first, then CJK keys): where its postings start in `postings`; one
    /// more entry at the end.
    pub postings_start: Vec<u32>,
    /// For each term: the number of fields that contain it.
    pub document_frequency: Vec<u16>,
    /// Varint pairs (field − previous field, term frequency).
    pub postings: Vec<u8>,
    /// How many clauses the corpus had; checked against the corpus at search time.
    pub clause_count: u32,
}

fn push_varint(output: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        output.push((value as u8) | 0x80);
        value >>= 7;
    }
    output.push(value as u8);
}

/// Reads one varint at `*position`, or `None` at the end of a malformed run.
fn read_varint(input: &[u8], position: &mut usize) -> Option<u32> {
    let mut value: u32 = 0;
    let mut shift = 0;
    loop {
        let byte = *input.get(*position)?;
        *position += 1;
        value |= ((byte & 0x7F) as u32) << shift;
        if byte < 0x80 {
            return Some(value);
        }
        shift += 7;
        if shift > 28 {
            return None;
        }
    }
}

/// Sorted (term, field) pairs packed as `term << 20 | field`, grouped into postings.
fn write_postings(
    pairs: &mut [u64],
    postings: &mut Vec<u8>,
    postings_start: &mut Vec<u32>,
    document_frequency: &mut Vec<u16>,
    mut on_new_term: impl FnMut(u64),
) {
    pairs.sort_unstable();
    let mut index = 0;
    while index < pairs.len() {
        let term = pairs[index] >> 20;
        on_new_term(term);
        postings_start.push(postings.len() as u32);
        let mut previous_field = 0u32;
        let mut fields = 0u32;
        while index < pairs.len() && pairs[index] >> 20 == term {
            let field = (pairs[index] & 0xF_FFFF) as u32;
            let mut frequency = 0u32;
            while index < pairs.len()
                && pairs[index] >> 20 == term
                && (pairs[index] & 0xF_FFFF) as u32 == field
            {
                frequency += 1;
                index += 1;
            }
            push_varint(postings, field - previous_field);
            push_varint(postings, frequency);
            previous_field = field;
            fields += 1;
        }
        document_frequency.push(fields.min(u16::MAX as u32) as u16);
    }
}

impl Index {
    pub fn build(corpus: &Corpus) -> Index {
        let mut version_names: Vec<String> = Vec::new();
        let mut field_clause = Vec::new();
        let mut field_version = Vec::new();
        let mut field_length = Vec::new();
        let mut document_start = Vec::with_capacity(corpus.documents.len() + 1);
        let mut clause_is_heading = Vec::new();
        let mut clause_fields = Vec::new();
        // Build-time only: stems interned to provisional ids, and the (term, field) pairs.
        let mut interned: HashMap<String, u32> = HashMap::new();
        let mut word_pairs: Vec<u64> = Vec::new();
        let mut cjk_pairs: Vec<u64> = Vec::new();
        let mut scratch = String::new();
        let mut clause_ordinal = 0u32;
        for document in &corpus.documents {
            document_start.push(clause_ordinal);
            let version_slots: Vec<u8> = document
                .versions
                .iter()
                .map(|version| {
                    match version_names.iter().position(|name| *name == version.id) {
                        Some(slot) => slot as u8,
                        None if version_names.len() < 32 => {
                            version_names.push(version.id.clone());
                            (version_names.len() - 1) as u8
                        }
                        // More than 32 distinct version ids: the rest share the last slot.
                        None => 31,
                    }
                })
                .collect();
            for clause in &document.clauses {
                clause_fields.push(field_clause.len() as u32);
                clause_is_heading.push(clause.kind == crate::corpus::Kind::Heading);
                for (version_index, given) in clause.texts.iter().enumerate() {
                    let Some(given) = given else { continue };
                    let Some(version) = document.versions.get(version_index) else {
                        continue;
                    };
                    let field = field_clause.len();
                    if field >= MAXIMUM_FIELDS {
                        continue;
                    }
                    let text = given.text.of(&version.text);
                    let mut length = 0u32;
                    let mut previous_character = '\0';
                    analyze(text, &mut scratch, |token| {
                        length += 1;
                        match token.unit {
                            Unit::Word(stem) => {
                                let next_id = interned.len() as u32;
                                let id = match interned.get(stem) {
                                    Some(&id) => id,
                                    None => {
                                        interned.insert(stem.to_string(), next_id);
                                        next_id
                                    }
                                };
                                word_pairs.push(((id as u64) << 20) | field as u64);
                            }
                            Unit::Cjk { character, joined } => {
                                cjk_pairs
                                    .push(((unigram_key(character) as u64) << 20) | field as u64);
                                if joined {
                                    let key = bigram_key(previous_character, character);
                                    cjk_pairs.push(((key as u64) << 20) | field as u64);
                                }
                                previous_character = character;
                            }
                        }
                    });
                    field_clause.push(clause_ordinal);
                    field_version.push(version_slots.get(version_index).copied().unwrap_or(31));
                    field_length.push(length.min(u16::MAX as u32) as u16);
                }
                clause_ordinal += 1;
            }
        }
        document_start.push(clause_ordinal);
        clause_fields.push(field_clause.len() as u32);

        // Give the stems their final numbers in sorted order, then renumber the pairs.
        let mut stems: Vec<(String, u32)> = interned.into_iter().collect();
        stems.sort_unstable();
        let mut renumber = vec![0u32; stems.len()];
        let mut word_arena = String::with_capacity(stems.iter().map(|(stem, _)| stem.len()).sum());
        let mut word_offsets = Vec::with_capacity(stems.len() + 1);
        for (sorted, (stem, provisional)) in stems.iter().enumerate() {
            renumber[*provisional as usize] = sorted as u32;
            word_offsets.push(word_arena.len() as u32);
            word_arena.push_str(stem);
        }
        word_offsets.push(word_arena.len() as u32);
        for pair in word_pairs.iter_mut() {
            let provisional = (*pair >> 20) as usize;
            *pair = ((renumber[provisional] as u64) << 20) | (*pair & 0xF_FFFF);
        }

        let mut postings = Vec::with_capacity((word_pairs.len() + cjk_pairs.len()) * 2);
        let mut postings_start = Vec::with_capacity(stems.len() + cjk_pairs.len() / 3);
        let mut document_frequency = Vec::with_capacity(postings_start.capacity());
        write_postings(
            &mut word_pairs,
            &mut postings,
            &mut postings_start,
            &mut document_frequency,
            |_| {},
        );
        let mut cjk_keys = Vec::with_capacity(cjk_pairs.len() / 3);
        write_postings(
            &mut cjk_pairs,
            &mut postings,
            &mut postings_start,
            &mut document_frequency,
            |key| cjk_keys.push(key as u32),
        );
        postings_start.push(postings.len() as u32);

        let mut totals = vec![(0f64, 0u32); version_names.len()];
        for (field, &slot) in field_version.iter().enumerate() {
            if let Some(total) = totals.get_mut(slot as usize) {
                total.0 += field_length[field] as f64;
                total.1 += 1;
            }
        }
        let average_length = totals
            .iter()
            .map(|(sum, count)| {
                if *count == 0 {
                    1.0
                } else {
                    (sum / *count as f64).max(1.0) as f32
                }
            })
            .collect();

        let mut index = Index {
            field_clause,
            field_version,
            field_length,
            document_start,
            clause_is_heading,
            clause_fields,
            version_names,
            average_length,
            word_arena,
            word_offsets,
            cjk_keys,
            postings_start,
            document_frequency,
            postings,
            clause_count: clause_ordinal,
        };
        index.shrink();
        index
    }

    fn shrink(&mut self) {
        self.field_clause.shrink_to_fit();
        self.field_version.shrink_to_fit();
        self.field_length.shrink_to_fit();
        self.clause_is_heading.shrink_to_fit();
        self.clause_fields.shrink_to_fit();
        self.word_arena.shrink_to_fit();
        self.word_offsets.shrink_to_fit();
        self.cjk_keys.shrink_to_fit();
        self.postings_start.shrink_to_fit();
        self.document_frequency.shrink_to_fit();
        self.postings.shrink_to_fit();
    }

    /// The bytes the index holds on the heap (vector capacities and strings).
    pub fn memory_bytes(&self) -> usize {
        self.field_clause.capacity() * 4
            + self.field_version.capacity()
            + self.field_length.capacity() * 2
            + self.document_start.capacity() * 4
            + self.clause_is_heading.capacity()
            + self.clause_fields.capacity() * 4
            + self
                .version_names
                .iter()
                .map(|name| name.capacity() + 24)
                .sum::<usize>()
            + self.average_length.capacity() * 4
            + self.word_arena.capacity()
            + self.word_offsets.capacity() * 4
            + self.cjk_keys.capacity() * 4
            + self.postings_start.capacity() * 4
            + self.document_frequency.capacity() * 2
            + self.postings.capacity()
            + core::mem::size_of::<Index>()
    }

    pub fn word_count(&self) -> usize {
        self.word_offsets.len().saturating_sub(1)
    }

    pub fn word(&self, index: usize) -> &str {
        let start = self.word_offsets.get(index).copied().unwrap_or(0) as usize;
        let end = self.word_offsets.get(index + 1).copied().unwrap_or(0) as usize;
        self.word_arena.get(start..end).unwrap_or("")
    }

    /// The term number of an exact stem.
    pub fn find_word(&self, stem: &str) -> Option<u32> {
        let mut low = 0;
        let mut high = self.word_count();
        while low < high {
            let middle = (low + high) / 2;
            match self.word(middle).cmp(stem) {
                core::cmp::Ordering::Less => low = middle + 1,
                core::cmp::Ordering::Greater => high = middle,
                core::cmp::Ordering::Equal => return Some(middle as u32),
            }
        }
        None
    }

    /// The term numbers of all stems that start with `prefix`, in sorted order.
    pub fn words_with_prefix(&self, prefix: &str) -> core::ops::Range<usize> {
        let count = self.word_count();
        let mut low = 0;
        let mut high = count;
        while low < high {
            let middle = (low + high) / 2;
            if self.word(middle) < prefix {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let start = low;
        let mut end = start;
        while end < count && self.word(end).starts_with(prefix) {
            end += 1;
        }
        start..end
    }

    /// The term number of a CJK unigram or bigram key.
    pub fn find_cjk(&self, key: u32) -> Option<u32> {
        self.cjk_keys
            .binary_search(&key)
            .ok()
            .map(|position| (self.word_count() + position) as u32)
    }

    /// Calls `visit(field, frequency)` for every field that contains the term, in field order.
    pub fn for_each_posting(&self, term: u32, mut visit: impl FnMut(u32, u32)) {
        let term = term as usize;
        let (Some(&start), Some(&end)) = (
            self.postings_start.get(term),
            self.postings_start.get(term + 1),
        ) else {
            return;
        };
        let Some(run) = self.postings.get(start as usize..end as usize) else {
            return;
        };
        let mut position = 0;
        let mut field = 0u32;
        while position < run.len() {
            let (Some(delta), Some(frequency)) = (
                read_varint(run, &mut position),
                read_varint(run, &mut position),
            ) else {
                return;
            };
            field += delta;
            visit(field, frequency);
        }
    }

    pub fn frequency_of(&self, term: u32) -> u32 {
        self.document_frequency
            .get(term as usize)
            .copied()
            .unwrap_or(0) as u32
    }

    /// The document and in-document index of a global clause ordinal.
    pub fn clause_location(&self, ordinal: u32) -> Option<(usize, u32)> {
        if ordinal >= self.clause_count {
            return None;
        }
        let document = self
            .document_start
            .partition_point(|&start| start <= ordinal)
            .checked_sub(1)?;
        Some((document, ordinal - self.document_start.get(document)?))
    }
}
