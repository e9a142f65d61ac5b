//! The inverted index: built from a corpus at load, in one pass, one sort of the distinct terms
//! and one counting sort of their occurrences.
//!
//! Every (clause, version) pair that has text is a *field*, numbered in reading order. Terms are
//! English stems (kept sorted in one string arena, so exact, prefix and fuzzy look-ups are a
//! binary search or a scan of a few thousand short strings) and CJK unigrams and bigrams (kept as
//! sorted `u32` keys). Each term's postings are a run of varint pairs (field delta, term
//! frequency) in one shared byte vector. The build's small hash table of terms does not survive it.

use super::analysis::{analyze, bigram_key, unigram_key, Unit};
use crate::model::Corpus;

/// The largest number of fields an index holds (the build packs fields into 20 bits).
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
    /// How many clauses the corpus had.
    pub clause_count: u32,
    /// The corpus's [`fingerprint`], checked at search time.
    pub fingerprint: u64,
}

/// A fingerprint of a corpus's shape: its documents' and clauses' ids, and each version's text
/// length and first 64 bytes. It is checked at every search, so it reads no more than that; an
/// index used with another corpus (another build, another library shard) is refused.
pub fn fingerprint(corpus: &Corpus) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for byte in bytes.iter().chain(b"\0") {
            hash ^= *byte as u64;
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for document in &corpus.documents {
        add(document.id.as_bytes());
        for version in &document.versions {
            add(&(version.text.len() as u64).to_le_bytes());
            add(version.text.as_bytes().get(..64).unwrap_or(version.text.as_bytes()));
        }
        for clause in &document.clauses {
            add(clause.id.as_bytes());
        }
    }
    hash
}

pub(crate) fn push_varint(output: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        output.push((value as u8) | 0x80);
        value >>= 7;
    }
    output.push(value as u8);
}

/// Reads one varint at `*position`, or `None` at the end of a malformed run.
pub(crate) fn read_varint(input: &[u8], position: &mut usize) -> Option<u32> {
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

/// Build-time only: every term (an English stem, or a CJK unigram or bigram key) interned to a
/// dense provisional number in an open-addressing hash table over one byte arena. A stem is
/// kept as its UTF-8 bytes; a CJK key as the byte 0xFF (which UTF-8 never uses) followed by the
/// key in big-endian order. Sorting the keys as bytes therefore puts the stems first, in the
/// order of `str`, and then the CJK keys in numeric order: exactly the final term order.
struct Terms {
    /// The keys' bytes, concatenated; key `i` is `arena[starts[i]..starts[i + 1]]`.
    arena: Vec<u8>,
    starts: Vec<u32>,
    /// For each key: [`pack`] of it, compared before (and for short keys instead of) the bytes.
    packed: Vec<u64>,
    /// Provisional term numbers, or `EMPTY`; the length is a power of two.
    slots: Vec<u32>,
}

const EMPTY: u32 = u32::MAX;
/// The first byte of a CJK key in the term arena.
const CJK_MARK: u8 = 0xFF;

/// A key's bytes and length in one number: exact for keys of up to seven bytes (the length
/// sits above the bytes, below bit 60), a hash of longer ones with the top bit set, so a short
/// key's number never equals a long key's.
fn pack(key: &[u8]) -> u64 {
    let mut value = key.len() as u64;
    for &byte in key {
        value = value.rotate_left(8) ^ byte as u64;
    }
    if key.len() > 7 {
        value | 1 << 63
    } else {
        value
    }
}

impl Terms {
    fn new() -> Terms {
        Terms { arena: Vec::new(), starts: vec![0], packed: Vec::new(), slots: vec![EMPTY; 4096] }
    }

    fn count(&self) -> usize {
        self.packed.len()
    }

    fn key(&self, term: u32) -> &[u8] {
        let start = self.starts[term as usize] as usize;
        let end = self.starts[term as usize + 1] as usize;
        &self.arena[start..end]
    }

    /// The provisional number of `key`, adding it when it is new.
    fn intern(&mut self, key: &[u8]) -> u32 {
        let packed = pack(key);
        let mask = self.slots.len() - 1;
        let mut slot = spread(packed) & mask;
        loop {
            let term = self.slots[slot];
            if term == EMPTY {
                break;
            }
            if self.packed[term as usize] == packed && (key.len() <= 7 || self.key(term) == key) {
                return term;
            }
            slot = (slot + 1) & mask;
        }
        let term = self.count() as u32;
        self.arena.extend_from_slice(key);
        self.starts.push(self.arena.len() as u32);
        self.packed.push(packed);
        self.slots[slot] = term;
        // Keep the table at most half full: grow and place every key again.
        if self.count() * 2 > self.slots.len() {
            self.slots = vec![EMPTY; self.slots.len() * 2];
            let mask = self.slots.len() - 1;
            for (term, &packed) in self.packed.iter().enumerate() {
                let mut slot = spread(packed) & mask;
                while self.slots[slot] != EMPTY {
                    slot = (slot + 1) & mask;
                }
                self.slots[slot] = term as u32;
            }
        }
        term
    }
}

/// A hash table position from a packed key (Fibonacci hashing).
fn spread(packed: u64) -> usize {
    (packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize
}

/// The key of a CJK unigram or bigram in the term arena.
fn cjk_key(key: u32) -> [u8; 5] {
    let [a, b, c, d] = key.to_be_bytes();
    [CJK_MARK, a, b, c, d]
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
        // Build-time only: the terms, and every occurrence as a (provisional term, field) pair
        // packed as `term << 20 | field`. Fields only grow along the way, so the occurrences of
        // each term are in field order.
        let mut terms = Terms::new();
        let mut occurrences: Vec<u64> = Vec::new();
        let mut scratch = String::new();
        let mut version_slots: Vec<u8> = Vec::new();
        let mut clause_ordinal = 0u32;
        for document in &corpus.documents {
            document_start.push(clause_ordinal);
            version_slots.clear();
            for version in &document.versions {
                let slot = match version_names.iter().position(|name| *name == version.id) {
                    Some(slot) => slot,
                    None if version_names.len() < 32 => {
                        version_names.push(version.id.clone());
                        version_names.len() - 1
                    }
                    // More than 32 distinct version ids: the rest share the last slot.
                    None => 31,
                };
                version_slots.push(slot as u8);
            }
            for clause in &document.clauses {
                clause_fields.push(field_clause.len() as u32);
                clause_is_heading.push(clause.kind == crate::model::Kind::Heading);
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
                    analyze(text, &mut scratch, &mut |token| {
                        length += 1;
                        let mut add = |key: &[u8]| occurrences.push(((terms.intern(key) as u64) << 20) | field as u64);
                        match token.unit {
                            Unit::Word(stem) => add(stem.as_bytes()),
                            Unit::Cjk { character, joined } => {
                                add(&cjk_key(unigram_key(character)));
                                if joined {
                                    add(&cjk_key(bigram_key(previous_character, character)));
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

        // Give the terms their final numbers in sorted order: the stems into the word arena,
        // the CJK keys into `cjk_keys`.
        let term_count = terms.count();
        // Each key's first eight bytes, as a number, decide most comparisons.
        let mut sorted: Vec<(u64, u32)> = Vec::with_capacity(term_count);
        for term in 0..term_count as u32 {
            let mut first = [0u8; 8];
            for (to, from) in first.iter_mut().zip(terms.key(term)) {
                *to = *from;
            }
            sorted.push((u64::from_be_bytes(first), term));
        }
        crate::order::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0).then_with(|| terms.key(a.1).cmp(terms.key(b.1))));
        let mut renumber = vec![0u32; term_count];
        let mut word_bytes = Vec::new();
        let mut word_offsets = Vec::new();
        let mut cjk_keys = Vec::new();
        for (number, &(_, provisional)) in sorted.iter().enumerate() {
            renumber[provisional as usize] = number as u32;
            match terms.key(provisional) {
                [CJK_MARK, a, b, c, d] => cjk_keys.push(u32::from_be_bytes([*a, *b, *c, *d])),
                stem => {
                    word_offsets.push(word_bytes.len() as u32);
                    word_bytes.extend_from_slice(stem);
                }
            }
        }
        word_offsets.push(word_bytes.len() as u32);
        // The stems came from `str`s, so this never fails.
        let word_arena = String::from_utf8(word_bytes).unwrap_or_default();

        // A counting sort by final term number, stable, so each term's fields stay in order.
        let mut term_start = vec![0u32; term_count + 1];
        for &pair in &occurrences {
            term_start[renumber[(pair >> 20) as usize] as usize + 1] += 1;
        }
        for term in 0..term_count {
            term_start[term + 1] += term_start[term];
        }
        let mut next = term_start.clone();
        let mut fields = vec![0u32; occurrences.len()];
        for &pair in &occurrences {
            let term = renumber[(pair >> 20) as usize] as usize;
            fields[next[term] as usize] = (pair & 0xF_FFFF) as u32;
            next[term] += 1;
        }

        // Each term's postings: varint pairs (field delta, frequency).
        let mut postings = Vec::with_capacity(occurrences.len() * 2);
        let mut postings_start = Vec::with_capacity(term_count + 1);
        let mut document_frequency = Vec::with_capacity(term_count);
        for term in 0..term_count {
            postings_start.push(postings.len() as u32);
            let run = &fields[term_start[term] as usize..term_start[term + 1] as usize];
            let mut previous_field = 0u32;
            let mut field_count = 0u32;
            let mut position = 0;
            while position < run.len() {
                let field = run[position];
                let mut frequency = 0u32;
                while position < run.len() && run[position] == field {
                    frequency += 1;
                    position += 1;
                }
                push_varint(&mut postings, field - previous_field);
                push_varint(&mut postings, frequency);
                previous_field = field;
                field_count += 1;
            }
            document_frequency.push(field_count.min(u16::MAX as u32) as u16);
        }
        postings_start.push(postings.len() as u32);

        let mut totals = vec![(0f64, 0u32); version_names.len()];
        for (field, &slot) in field_version.iter().enumerate() {
            if let Some(total) = totals.get_mut(slot as usize) {
                total.0 += field_length[field] as f64;
                total.1 += 1;
            }
        }
        let mut average_length = Vec::with_capacity(totals.len());
        for (sum, count) in totals {
            average_length.push(if count == 0 { 1.0 } else { (sum / count as f64).max(1.0) as f32 });
        }

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
            fingerprint: fingerprint(corpus),
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
            + self.version_names.iter().map(|name| name.capacity() + 24).sum::<usize>()
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

    /// The slot of a version id in `version_names`.
    pub fn version_slot(&self, id: &str) -> Option<u8> {
        self.version_names.iter().position(|name| name == id).map(|slot| slot as u8)
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
        self.cjk_keys.binary_search(&key).ok().map(|position| (self.word_count() + position) as u32)
    }

    /// Calls `visit(field, frequency)` for every field that contains the term, in field order.
    pub fn for_each_posting(&self, term: u32, mut visit: impl FnMut(u32, u32)) {
        let term = term as usize;
        let (Some(&start), Some(&end)) = (self.postings_start.get(term), self.postings_start.get(term + 1)) else {
            return;
        };
        let Some(run) = self.postings.get(start as usize..end as usize) else {
            return;
        };
        let mut position = 0;
        let mut field = 0u32;
        while position < run.len() {
            let (Some(delta), Some(frequency)) = (read_varint(run, &mut position), read_varint(run, &mut position)) else {
                return;
            };
            field += delta;
            visit(field, frequency);
        }
    }

    pub fn frequency_of(&self, term: u32) -> u32 {
        self.document_frequency.get(term as usize).copied().unwrap_or(0) as u32
    }

    /// The document and in-document index of a global clause ordinal.
    pub fn clause_location(&self, ordinal: u32) -> Option<(usize, u32)> {
        if ordinal >= self.clause_count {
            return None;
        }
        let document = self.document_start.partition_point(|&start| start <= ordinal).checked_sub(1)?;
        Some((document, ordinal - self.document_start.get(document)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_terms_keep_their_keys_and_numbers() {
        let mut terms = Terms::new();
        let mut keys: Vec<Vec<u8>> = Vec::new();
        // Short and long keys (enough to grow the table twice), CJK keys, and two long keys
        // whose packed numbers collide.
        for number in 0u32..9000 {
            let mut key = (number % 1000).to_string().into_bytes();
            key.extend(core::iter::repeat_n(b'x', (number / 1000) as usize));
            keys.push(key);
        }
        keys.push(b"a1234567b1234567".to_vec());
        keys.push(b"b1234567a1234567".to_vec());
        assert_eq!(pack(b"a1234567b1234567"), pack(b"b1234567a1234567"));
        keys.push(cjk_key(0x4E2D_6587).to_vec());
        keys.push(cjk_key(0x4E2D).to_vec());
        for round in 0..2 {
            for (number, key) in keys.iter().enumerate() {
                assert_eq!(terms.intern(key), number as u32, "round {round}");
                assert_eq!(terms.key(number as u32), &key[..]);
            }
        }
        assert_eq!(terms.count(), keys.len());
    }
}
