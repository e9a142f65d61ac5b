//! Reading a query, scoring clauses with BM25 over their best field, checking phrases, and
//! turning the best clauses into hits.

use super::analysis::{analyze, analyze_where, bigram_key, unigram_key, Token, Unit};
use super::index::Index;
use super::snippet::{snippet, Highlighter};
use super::source::{Posting, Source};
use super::{Hit, SearchOptions, MAXIMUM_LIMIT, MAXIMUM_QUERY_CHARACTERS};
use crate::cite::names::{short_citation, Language};
use crate::error::{Error, ErrorCode};
use crate::model::Corpus;
use crate::text::lower_char;
use crate::view::VersionMap;

/// BM25 parameters (the usual ones).
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A heading stands for its whole section, so it ranks a little above a paragraph that matches
/// equally well.
const HEADING_BOOST: f32 = 1.3;
/// Weights of the ways a query word can match a vocabulary word.
const PREFIX_WEIGHT: f32 = 0.8;
const ONE_EDIT_WEIGHT: f32 = 0.75;
const TWO_EDITS_WEIGHT: f32 = 0.55;
/// Bounds on the work one query can cause.
const MAXIMUM_TERMS: usize = 256;
const MAXIMUM_FUZZY_WORDS: usize = 16;
const MAXIMUM_PREFIX_EXPANSIONS: usize = 64;
const MAXIMUM_WORD_PAIRS: usize = 5;
const MAXIMUM_TERMS_FOR_REQUIRED_PHRASES: usize = 12;
const VERBATIM_MAXIMUM_CHARACTERS: usize = 64;
const VERBATIM_CANDIDATES: usize = 20;
const VERBATIM_BOOST: f64 = 1.5;
const SEQUENCE_CANDIDATES: usize = 12;

/// One scored term of a query: the vocabulary terms it matches and their weights.
type Term = Vec<(u32, f32)>;

/// A sequence of units that must occur contiguously: a quoted phrase (required) or an unquoted
/// run of three or more CJK characters or two neighbouring words (a bonus).
struct Sequence {
    /// Per unit: the vocabulary term for a word (`WORD_FLAG | term`), or the character for CJK,
    /// with `JOINED_FLAG` when it must directly follow the previous CJK character.
    units: Vec<u64>,
    /// The exact terms every field containing the sequence must hold, for the candidate filter.
    terms: Vec<u32>,
    required: bool,
    /// Sum of the terms' inverse document frequencies: the bonus where the sequence occurs.
    bonus: f32,
}

const WORD_FLAG: u64 = 1 << 40;
const JOINED_FLAG: u64 = 1 << 41;
/// A word of the text that no sequence of the query looks for.
const OTHER_WORD: u64 = WORD_FLAG | 0xFFFF_FFFE;
/// A word the vocabulary does not hold: it can never match.
const MISSING_WORD: u64 = WORD_FLAG | 0xFFFF_FFFF;

fn error(code: ErrorCode, message: String) -> Error {
    Error::new(code, message)
}

/// True when the version in `slot` is among the versions `mask` allows.
fn allows(mask: u32, slot: u8) -> bool {
    mask & (1u32 << (slot as u32 & 31)) != 0
}

/// Refuses an index used with a corpus it was not built from.
pub fn check_fingerprint(index: &Index, corpus: &Corpus) -> Result<(), Error> {
    if index.fingerprint != super::index::fingerprint(corpus) {
        return Err(error(
            ErrorCode::IndexMismatch,
            "This search index was built from a different corpus; build it again with Index::new(&corpus).".to_string(),
        ));
    }
    Ok(())
}

/// Refuses a limit out of range and a query too long to be one.
pub fn check_arguments(query: &str, options: &SearchOptions) -> Result<(), Error> {
    if options.limit == 0 || options.limit > MAXIMUM_LIMIT {
        return Err(error(ErrorCode::BadLimit, format!("The limit must be between 1 and {MAXIMUM_LIMIT}; it was {}.", options.limit)));
    }
    // Refuse long queries before looking at them character by character.
    if query.len() > MAXIMUM_QUERY_CHARACTERS * 4 || query.chars().count() > MAXIMUM_QUERY_CHARACTERS {
        return Err(error(
            ErrorCode::QueryTooLong,
            format!("The query is longer than {MAXIMUM_QUERY_CHARACTERS} characters; search for a sentence or a few words instead."),
        ));
    }
    Ok(())
}

/// Which versions and clauses a search may return: a mask of version slots, and for each
/// clause place whether the document and `within` filters allow it.
pub struct Filters {
    pub version_mask: u32,
    pub allowed: Vec<bool>,
}

/// Ranks the clauses of `source` for `query` (checked by [`check_arguments`]) under `filters`,
/// and makes the best `options.limit` of them into hits.
pub fn run<S: Source>(source: &S, query: &str, options: &SearchOptions, filters: &Filters, relax_phrases: bool) -> Result<Vec<Hit>, Error> {
    let version_mask = filters.version_mask;
    let allowed = &filters.allowed;
    let index = source;
    let (terms, sequences, highlighter) = parse(index, query);
    if terms.is_empty() {
        return Ok(Vec::new());
    }

    let clause_count = index.clause_count();
    let mut total = vec![0f32; clause_count];
    let mut best = vec![0f32; clause_count];
    let mut matched_terms = vec![0u32; clause_count];
    let mut matched_versions = vec![0u32; clause_count];
    for term in &terms {
        best.fill(0.0);
        for &(vocabulary_term, weight) in term {
            let inverse = inverse_frequency(index, vocabulary_term);
            index.for_each_posting(vocabulary_term, |posting| {
                let Posting { clause, slot, length, frequency: occurrences, .. } = posting;
                let clause = clause as usize;
                if clause >= clause_count || !allows(version_mask, slot) || !allowed.get(clause).copied().unwrap_or(false) {
                    return;
                }
                let average = index.average_length(slot);
                let occurrences = occurrences as f32;
                let score = weight * inverse * occurrences * (K1 + 1.0) / (occurrences + K1 * (1.0 - B + B * length as f32 / average));
                best[clause] = best[clause].max(score);
                matched_versions[clause] |= 1u32 << (slot as u32 & 31);
            });
        }
        for clause in 0..clause_count {
            if best[clause] > 0.0 {
                total[clause] += best[clause];
                matched_terms[clause] += 1;
            }
        }
    }

    // Sequences: quoted phrases are required; contiguous CJK runs and word pairs earn a bonus.
    // In a short query, quoted phrases are filters. A long query (a pasted sentence whose
    // quotation marks belong to the text it came from) keeps them as a bonus only, because a
    // translation rarely quotes the same words.
    let phrases_required = !relax_phrases && terms.len() <= MAXIMUM_TERMS_FOR_REQUIRED_PHRASES;
    // Bonus sequences are checked only in the clauses that already rank among the best
    // (re-ranking the head of the list): at or above the SEQUENCE_CANDIDATES-th best score, when
    // more clauses than that have one. Required phrases are checked everywhere.
    let mut highest = [0f32; SEQUENCE_CANDIDATES];
    let mut scored = 0;
    for &score in &total {
        if score > 0.0 {
            scored += 1;
            let mut place = SEQUENCE_CANDIDATES;
            while place > 0 && highest[place - 1] < score {
                if place < SEQUENCE_CANDIDATES {
                    highest[place] = highest[place - 1];
                }
                place -= 1;
            }
            if place < SEQUENCE_CANDIDATES {
                highest[place] = score;
            }
        }
    }
    let bonus_threshold = if scored > SEQUENCE_CANDIDATES { highest[SEQUENCE_CANDIDATES - 1] } else { 0.0 };
    // The stems the sequences look for, sorted (term numbers follow the stems' order).
    let mut sequence_words: Vec<u32> = Vec::new();
    for sequence in &sequences {
        for &unit in &sequence.units {
            if unit & WORD_FLAG != 0 && unit != MISSING_WORD {
                sequence_words.push((unit & 0xFFFF_FFFF) as u32);
            }
        }
    }
    sort_unique(&mut sequence_words);
    let mut analyzed: Vec<(u64, Vec<u64>)> = Vec::new();
    for sequence in &sequences {
        let mut found = vec![false; clause_count];
        for posting in fields_containing_all(index, &sequence.terms) {
            let Posting { field, slot, clause, .. } = posting;
            let clause = clause as usize;
            if !allows(version_mask, slot)
                || !allowed.get(clause).copied().unwrap_or(false)
                || found.get(clause).copied().unwrap_or(true)
                || !sequence.required && total[clause] < bonus_threshold
            {
                continue;
            }
            if field_contains_sequence(index, field, &sequence.units, &sequence_words, &mut analyzed) {
                found[clause] = true;
            }
        }
        for clause in 0..clause_count {
            if found[clause] {
                total[clause] += sequence.bonus;
            } else if sequence.required && phrases_required {
                total[clause] = 0.0;
            }
        }
    }

    let term_count = terms.len() as f32;
    let mut ranked: Vec<(f64, u32)> = Vec::new();
    for clause in 0..clause_count {
        if total[clause] <= 0.0 {
            continue;
        }
        let coordination = matched_terms[clause] as f32 / term_count;
        let heading = if index.is_heading(clause as u32) { HEADING_BOOST } else { 1.0 };
        // Scores are reported to three decimals; ranking uses the same rounded value, so hits
        // that show equal scores are in reading order.
        let score = libm::round((total[clause] * coordination * heading) as f64 * 1000.0) / 1000.0;
        ranked.push((score, clause as u32));
    }
    sort_ranked(&mut ranked);
    // Verbatim bonus: among the best candidates, a clause whose text holds the query exactly as
    // typed, punctuation included ("坛。欢迎拉美和加"), ranks above clauses that only hold its
    // words. Only for short queries, and only over a fixed number of candidates.
    let verbatim = query.trim();
    if terms.len() >= 2 && verbatim.chars().count() <= VERBATIM_MAXIMUM_CHARACTERS {
        let mut changed = false;
        for entry in ranked.iter_mut().take(VERBATIM_CANDIDATES) {
            let mut holds = false;
            index.for_each_field_of(entry.1, |slot, text| {
                holds = holds || allows(version_mask, slot) && text.is_some_and(|text| text.contains(verbatim));
            });
            if holds {
                entry.0 = libm::round((entry.0 * VERBATIM_BOOST) * 1000.0) / 1000.0;
                changed = true;
            }
        }
        if changed {
            sort_ranked(&mut ranked);
        }
    }
    ranked.truncate(options.limit);

    let mut hits = Vec::with_capacity(ranked.len());
    let mut scratch = String::new();
    for (score, ordinal) in ranked {
        let Some((document, clause_index)) = index.clause(ordinal) else {
            continue;
        };
        let Some(clause) = document.clauses.get(clause_index as usize) else {
            continue;
        };
        let mask = matched_versions[ordinal as usize];
        let mut matched = Vec::new();
        let mut snippets = VersionMap::new();
        for (version_index, version) in document.versions.iter().enumerate() {
            let Some(slot) = index.version_slot(&version.id) else {
                continue;
            };
            if !allows(mask, slot) {
                continue;
            }
            let Some(text) = document.text_of(clause, version_index) else {
                continue;
            };
            let chinese = version.lang.starts_with("zh") || version.lang.starts_with("ja");
            matched.push(version.id.clone());
            let mut excerpt = snippet(&highlighter, text, chinese, &mut scratch);
            excerpt.lang = version.lang.clone();
            snippets.insert(version.id.clone(), excerpt);
        }
        hits.push(Hit {
            id: clause.id.clone(),
            ordinal,
            quotes_ignored: relax_phrases,
            score,
            document: document.id.clone(),
            cite: short_citation(document, clause_index as usize, Language::English),
            cite_zh: short_citation(document, clause_index as usize, Language::Chinese),
            matched,
            snippets,
        });
    }
    Ok(hits)
}

/// Highest score first; equal scores in reading order.
#[inline(never)]
fn sort_ranked(ranked: &mut [(f64, u32)]) {
    crate::order::sort_by(ranked, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

/// Sorts `values` and removes repeated ones.
#[inline(never)]
fn sort_unique(values: &mut Vec<u32>) {
    crate::order::sort(values);
    values.dedup();
}

/// The error for a version (`versions`) or document name that the corpus does not have; the
/// message lists the names it has, each once, in reading order.
#[inline(never)]
fn unknown_name(corpus: &Corpus, versions: bool, wanted: &str) -> Error {
    let mut names: Vec<String> = Vec::new();
    for document in &corpus.documents {
        if versions {
            for version in &document.versions {
                if !names.contains(&version.id) {
                    names.push(version.id.clone());
                }
            }
        } else {
            names.push(document.id.clone());
        }
    }
    let known = names.join(", ");
    let (code, before, between) = if versions {
        (ErrorCode::UnknownVersion, "No document has a version '", "'; the versions are: ")
    } else {
        (ErrorCode::UnknownDocument, "There is no document '", "'; the documents are: ")
    };
    error(code, format!("{before}{wanted}{between}{known}.")).with_suggestions(names)
}

/// The bit mask of version names a search may look at.
pub fn version_mask(index: &Index, corpus: &Corpus, versions: &[String]) -> Result<u32, Error> {
    version_mask_by(|id| index.version_slot(id), corpus, versions)
}

/// The bit mask of version names a search may look at, with `slot` giving each version id's
/// slot and `corpus` the documents the error lists.
pub fn version_mask_by(slot: impl Fn(&str) -> Option<u8>, corpus: &Corpus, versions: &[String]) -> Result<u32, Error> {
    if versions.is_empty() {
        return Ok(u32::MAX);
    }
    let mut mask = 0u32;
    for wanted in versions {
        let Some(slot) = slot(wanted.trim()) else {
            return Err(unknown_name(corpus, true, wanted));
        };
        mask |= 1u32 << (slot as u32 & 31);
    }
    Ok(mask)
}

/// For each clause: whether a search may return it under the document and `within` filters.
pub fn allowed_clauses(index: &Index, corpus: &Corpus, options: &SearchOptions) -> Result<Vec<bool>, Error> {
    let within = options.within.as_deref().map(|within| {
        move || {
            let (document, first, last) = resolve_within_by(within, |trimmed| crate::cite::resolve(corpus, trimmed))?;
            let end = corpus.documents.get(document).map_or(first, |document| subtree_end(document, last));
            Ok((document, first, end))
        }
    });
    allowed_in(&index.document_start, corpus, &options.documents, within)
}

/// The clause after the subtree of `last`: the subtree of a clause is contiguous in reading
/// order, because parents come first, so it runs from the clause to the last following clause
/// that descends from it.
pub fn subtree_end(document: &crate::model::Document, last: usize) -> usize {
    let mut end = last + 1;
    while end < document.clauses.len() && document.is_ancestor(last as u32, end as u32) {
        end += 1;
    }
    end
}

/// For each clause place: whether the document filter (`documents`, by id) and the `within`
/// place allow it; `within` resolves the place to (document, first clause, the clause after its
/// subtree), after the document filter is checked. `document_start` holds each document's first
/// clause place and one more entry at the end; `corpus` holds the documents by id.
pub fn allowed_in(
    document_start: &[u32],
    corpus: &Corpus,
    documents: &[String],
    within: Option<impl FnOnce() -> Result<(usize, usize, usize), Error>>,
) -> Result<Vec<bool>, Error> {
    let clause_count = document_start.last().copied().unwrap_or(0) as usize;
    let mut allowed = vec![documents.is_empty(); clause_count];
    for wanted in documents {
        let Some(document_index) = corpus.documents.iter().position(|document| document.id == wanted.trim()) else {
            return Err(unknown_name(corpus, false, wanted));
        };
        let start = document_start[document_index] as usize;
        let end = document_start[document_index + 1] as usize;
        if let Some(range) = allowed.get_mut(start..end) {
            range.fill(true);
        }
    }
    if let Some(within) = within {
        let (document_index, first, end) = within()?;
        if document_index >= corpus.documents.len() {
            return Ok(vec![false; clause_count]);
        }
        let offset = document_start[document_index] as usize;
        for (ordinal, value) in allowed.iter_mut().enumerate() {
            *value = *value && ordinal >= offset + first && ordinal < offset + end;
        }
    }
    Ok(allowed)
}

/// Resolves `within` with `resolve` to (document, first clause, last clause): a stable id, or any
/// citation the citation module understands ("Part III", "Development Program (10)",
/// "发展工程(十)"); a citation of a range names its first and last clause.
pub fn resolve_within_by(within: &str, resolve: impl FnOnce(&str) -> Result<crate::cite::Citation, Error>) -> Result<(usize, usize, usize), Error> {
    let trimmed = within.trim();
    match resolve(trimmed) {
        Ok(citation) => {
            let last = citation.end_clause.unwrap_or(citation.clause).max(citation.clause);
            Ok((citation.document as usize, citation.clause as usize, last as usize))
        }
        Err(why) => Err(error(
            ErrorCode::UnknownWithin,
            format!(
                "'{trimmed}' names no clause to search within ({}): give an id such as 'policy-paper__pt_3' (a part) or a citation such as 'Part III' or 'Development Program (9)'.",
                why.message()
            ),
        )),
    }
}

/// The fields that hold every one of `terms`, in order (none when `terms` is empty, which does
/// not happen: sequences always have at least one term).
fn fields_containing_all<S: Source>(index: &S, terms: &[u32]) -> Vec<Posting> {
    let mut fields: Vec<Posting> = Vec::new();
    for (position, &term) in terms.iter().enumerate() {
        if position == 0 {
            index.for_each_posting(term, |posting| fields.push(posting));
        } else {
            let mut holding = Vec::new();
            index.for_each_posting(term, |posting| holding.push(posting.field));
            fields.retain(|posting| holding.binary_search(&posting.field).is_ok());
        }
        if fields.is_empty() {
            break;
        }
    }
    fields
}

/// True when the units of `field`'s text contain `units` contiguously. `words` are the sorted
/// word terms of all sequences: the other words of the text are not stemmed.
fn field_contains_sequence<S: Source>(index: &S, field: u64, units: &[u64], words: &[u32], analyzed: &mut Vec<(u64, Vec<u64>)>) -> bool {
    // Each field is analysed once per query, however many sequences look at it.
    let position = match analyzed.iter().position(|(cached, _)| *cached == field) {
        Some(position) => position,
        None => {
            let Some(text) = index.field_text(field) else {
                return false;
            };
            let mut text_units: Vec<u64> = Vec::new();
            let wanted = |character: char| words.iter().any(|&term| index.word(term).starts_with(character));
            analyze_where(text, &mut String::new(), &wanted, &mut |token| {
                text_units.push(match token.unit {
                    Unit::Word(word) => words.binary_search_by(|&term| index.word(term).cmp(word)).map_or(OTHER_WORD, |found| WORD_FLAG | words[found] as u64),
                    Unit::Cjk { character, joined } => cjk_unit(character, joined),
                })
            });
            analyzed.push((field, text_units));
            analyzed.len() - 1
        }
    };
    let length = units.len();
    length > 0
        && analyzed[position].1.windows(length).any(|window| {
            units.iter().zip(window).enumerate().all(|(offset, (&wanted, &have))| {
                wanted != MISSING_WORD && if offset > 0 && wanted & JOINED_FLAG != 0 { have == wanted } else { have & !JOINED_FLAG == wanted & !JOINED_FLAG }
            })
        })
}

/// The sequence unit of a CJK character.
fn cjk_unit(character: char, joined: bool) -> u64 {
    character as u64 | if joined { JOINED_FLAG } else { 0 }
}

fn inverse_frequency<S: Source>(index: &S, term: u32) -> f32 {
    let frequency = index.frequency_of(term) as f32;
    let fields = index.field_count() as f32;
    libm::logf(1.0 + (fields - frequency + 0.5) / (frequency + 0.5))
}

/// The state of reading one query: what has been found so far, and the segment being read.
struct Parser<'q, S: Source> {
    index: &'q S,
    query: &'q str,
    /// Where the last word must end to be read as a prefix still being typed, or `usize::MAX`
    /// when the query ends in white space (the reader has finished the word).
    typing_end: usize,
    terms: Vec<Term>,
    sequences: Vec<Sequence>,
    highlighter: Highlighter,
    fuzzy_budget: usize,
    word_pairs: Vec<(u32, u32)>,
    /// Of the segment being read: whether it is quoted, its previous word (for word pairs), the
    /// run of joined CJK characters not yet read, and the phrase it builds when quoted.
    quoted: bool,
    previous_word: Option<u32>,
    run: Vec<char>,
    phrase: Sequence,
}

/// Reads the query into scored terms, sequences and the highlighter's term sets.
fn parse<S: Source>(index: &S, query: &str) -> (Vec<Term>, Vec<Sequence>, Highlighter) {
    let query_end = query.trim_end().len();
    let mut parser = Parser {
        index,
        query,
        typing_end: if query_end == query.len() { query_end } else { usize::MAX },
        terms: Vec::new(),
        sequences: Vec::new(),
        highlighter: Highlighter::default(),
        fuzzy_budget: MAXIMUM_FUZZY_WORDS,
        word_pairs: Vec::new(),
        quoted: false,
        previous_word: None,
        run: Vec::new(),
        phrase: Sequence { units: Vec::new(), terms: Vec::new(), required: true, bonus: 0.0 },
    };
    // Segments between double quotes (straight or curly) alternate unquoted, quoted; an unclosed
    // quote's segment counts as unquoted, as while the reader is still typing.
    let mut scratch = String::new();
    let mut start = 0;
    let mut quoted = false;
    for (offset, character) in query.char_indices() {
        if matches!(character, '"' | '“' | '”' | '＂') {
            parser.segment(start, offset, quoted, &mut scratch);
            start = offset + character.len_utf8();
            quoted = !quoted;
        }
    }
    parser.segment(start, query.len(), false, &mut scratch);

    // Neighbouring words of a short query earn a bonus where they are neighbours in the text
    // too ("code sharing" finds "code-sharing" before "shared"). Long queries (pasted
    // sentences) skip this: their words already pick the clause, and the check costs a pass
    // over each candidate field per pair.
    if parser.word_pairs.len() <= MAXIMUM_WORD_PAIRS {
        for &(first, second) in &parser.word_pairs {
            parser.sequences.push(Sequence {
                units: vec![WORD_FLAG | first as u64, WORD_FLAG | second as u64],
                terms: vec![first, second],
                required: false,
                bonus: 0.5 * (inverse_frequency(index, first) + inverse_frequency(index, second)),
            });
        }
    }
    let highlighter = &mut parser.highlighter;
    sort_unique(&mut highlighter.words);
    sort_unique(&mut highlighter.bigrams);
    sort_unique(&mut highlighter.unigrams);
    // Word terms are numbered in the stems' sorted order, so the stems come out sorted.
    for &term in &highlighter.words {
        let stem = index.word(term);
        if let Some(first) = stem.chars().next() {
            if !highlighter.first_characters.contains(&first) {
                highlighter.first_characters.push(first);
            }
        }
        highlighter.stems.push(stem.to_owned());
    }
    // A term with no alternatives still counts against coordination (the query asked for it),
    // but a query whose terms all miss the index simply finds nothing.
    (parser.terms, parser.sequences, parser.highlighter)
}

impl<S: Source> Parser<'_, S> {
    /// Reads `query[start..end]`, quoted or not.
    fn segment(&mut self, start: usize, end: usize, quoted: bool, scratch: &mut String) {
        let Some(segment) = self.query.get(start..end) else {
            return;
        };
        self.quoted = quoted;
        self.previous_word = None;
        analyze(segment, scratch, &mut |token| self.unit(token, start));
        self.end_run();
        if quoted && !self.phrase.units.is_empty() {
            if self.phrase.terms.is_empty() {
                // Nothing of the phrase is in the index: it matches nowhere.
                self.phrase.units.push(MISSING_WORD);
            }
            let phrase = Sequence {
                units: core::mem::take(&mut self.phrase.units),
                terms: core::mem::take(&mut self.phrase.terms),
                required: true,
                bonus: self.phrase.bonus,
            };
            self.sequences.push(phrase);
        }
        self.phrase.bonus = 0.0;
    }

    /// Reads one unit of the segment that starts at `segment_start` in the query.
    fn unit(&mut self, token: Token<'_>, segment_start: usize) {
        let start = segment_start + token.start as usize;
        let end = segment_start + token.end as usize;
        match token.unit {
            Unit::Cjk { character, joined } => {
                if !joined {
                    self.end_run();
                    self.previous_word = None;
                }
                self.run.push(character);
            }
            Unit::Word(word) => {
                self.end_run();
                // Upper-case AND, OR and NOT are search operators elsewhere; here they are
                // skipped.
                if self.terms.len() < MAXIMUM_TERMS && !matches!(self.query.get(start..end), Some("AND") | Some("OR") | Some("NOT")) {
                    self.word(word, start, end);
                }
            }
        }
    }

    /// Reads one word, at `query[start..end]`, stemmed to `word`.
    fn word(&mut self, word: &str, start: usize, end: usize) {
        let index = self.index;
        let exact = index.find_word(word);
        let mut alternatives: Term = Vec::new();
        if let Some(term) = exact {
            alternatives.push((term, 1.0));
        }
        if !self.quoted && end == self.typing_end {
            // The last word, perhaps still being typed, also matches as a prefix.
            let mut typed = String::new();
            for character in self.query.get(start..end).unwrap_or("").chars() {
                typed.push(lower_char(character));
            }
            if typed.chars().count() >= 3 {
                for term in index.words_with_prefix(&typed, MAXIMUM_PREFIX_EXPANSIONS) {
                    if Some(term) != exact {
                        alternatives.push((term, PREFIX_WEIGHT));
                    }
                }
            }
        }
        if exact.is_none() && !self.quoted && self.fuzzy_budget > 0 && word.chars().count() >= 5 {
            self.fuzzy_budget -= 1;
            fuzzy_alternatives(index, word, &mut alternatives);
        }
        for (term, _) in &alternatives {
            self.highlighter.words.push(*term);
        }
        if self.quoted {
            self.phrase.units.push(exact.map_or(MISSING_WORD, |term| WORD_FLAG | term as u64));
            if let Some(term) = exact {
                self.phrase.terms.push(term);
                self.phrase.bonus += inverse_frequency(index, term);
            }
        } else {
            if let (Some(before), Some(term)) = (self.previous_word, exact) {
                self.word_pairs.push((before, term));
            }
            self.previous_word = exact;
        }
        self.terms.push(alternatives);
    }

    /// Reads the run of joined CJK characters collected so far (if any): one unigram term for
    /// a lone character, else one bigram term per neighbouring pair.
    fn end_run(&mut self) {
        let run = core::mem::take(&mut self.run);
        if run.is_empty() || self.terms.len() >= MAXIMUM_TERMS {
            return;
        }
        let mut run_terms = Vec::new();
        if let [character] = run[..] {
            let key = unigram_key(character);
            self.highlighter.unigrams.push(key);
            self.cjk_term(key, &mut run_terms);
        } else {
            for pair in run.windows(2) {
                if self.terms.len() >= MAXIMUM_TERMS {
                    break;
                }
                let key = bigram_key(pair[0], pair[1]);
                self.highlighter.bigrams.push(key);
                self.cjk_term(key, &mut run_terms);
            }
        }
        let bonus: f32 = run_terms.iter().map(|&term| inverse_frequency(self.index, term)).sum();
        let mut units = Vec::with_capacity(run.len());
        for (offset, &character) in run.iter().enumerate() {
            units.push(cjk_unit(character, offset > 0));
        }
        if self.quoted {
            self.phrase.units.extend_from_slice(&units);
            if run_terms.len() + 1 < run.len().max(2) {
                // A unigram or bigram the index does not hold: the phrase cannot occur.
                self.phrase.units.push(MISSING_WORD);
            }
            self.phrase.terms.extend_from_slice(&run_terms);
            self.phrase.bonus += bonus;
        } else if run.len() >= 3 && run_terms.len() + 1 == run.len() {
            self.sequences.push(Sequence { units, terms: run_terms, required: false, bonus });
        }
    }

    /// Adds the term of a CJK unigram or bigram key (with no alternatives when the index does
    /// not hold it), and notes its term number in `found` when it does.
    fn cjk_term(&mut self, key: u32, found: &mut Vec<u32>) {
        let mut alternatives: Term = Vec::new();
        if let Some(term) = self.index.find_cjk(key) {
            alternatives.push((term, 1.0));
            found.push(term);
        }
        self.terms.push(alternatives);
    }
}

/// Adds the vocabulary words within one edit of `word` (two for words of nine letters or more),
/// counting a swap of neighbouring letters as one edit.
fn fuzzy_alternatives<S: Source>(index: &S, word: &str, alternatives: &mut Vec<(u32, f32)>) {
    let mut wanted: Vec<char> = Vec::new();
    wanted.extend(word.chars());
    // Compare the unstemmed-looking forms too: the stem of a misspelling may lose a letter the
    // vocabulary stem keeps, so both the stem and the word with an "s"/"e" restored are tried.
    let allowed = if wanted.len() >= 9 { 2 } else { 1 };
    let mut row_previous: Vec<usize> = Vec::with_capacity(wanted.len() + 1);
    let mut row_before: Vec<usize> = Vec::with_capacity(wanted.len() + 1);
    let mut row: Vec<usize> = Vec::with_capacity(wanted.len() + 1);
    let mut candidate: Vec<char> = Vec::with_capacity(32);
    index.for_each_word(|term, vocabulary| {
        let length = vocabulary.len();
        if length + allowed < wanted.len() || length > wanted.len() + allowed || !vocabulary.is_ascii() && length > 64 {
            return;
        }
        candidate.clear();
        candidate.extend(vocabulary.chars());
        if let Some(distance) = bounded_distance(&wanted, &candidate, allowed, &mut row_before, &mut row_previous, &mut row) {
            let weight = if distance <= 1 { ONE_EDIT_WEIGHT } else { TWO_EDITS_WEIGHT };
            alternatives.push((term, weight));
        }
    });
}

/// The optimal-string-alignment distance between `a` and `b` if it is at most `limit`.
fn bounded_distance(a: &[char], b: &[char], limit: usize, row_before: &mut Vec<usize>, row_previous: &mut Vec<usize>, row: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    row_before.clear();
    row_before.resize(b.len() + 1, 0);
    row_previous.clear();
    row_previous.extend(0..=b.len());
    for i in 1..=a.len() {
        row.clear();
        row.push(i);
        let mut row_minimum = i;
        for j in 1..=b.len() {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 1 };
            let mut value = (row_previous[j] + 1).min(row[j - 1] + 1).min(row_previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(row_before[j - 2] + 1);
            }
            row.push(value);
            row_minimum = row_minimum.min(value);
        }
        if row_minimum > limit {
            return None;
        }
        core::mem::swap(row_before, row_previous);
        core::mem::swap(row_previous, row);
    }
    let distance = row_previous[b.len()];
    (distance <= limit).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_swaps_as_one_edit() {
        let chars = |text: &str| text.chars().collect::<Vec<_>>();
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        assert_eq!(bounded_distance(&chars("confucious"), &chars("confucius"), 2, &mut a, &mut b, &mut c), Some(1));
        assert_eq!(bounded_distance(&chars("antartic"), &chars("antarctic"), 1, &mut a, &mut b, &mut c), Some(1));
        assert_eq!(bounded_distance(&chars("techonlogy"), &chars("technology"), 2, &mut a, &mut b, &mut c), Some(1));
        assert_eq!(bounded_distance(&chars("treaty"), &chars("trade"), 1, &mut a, &mut b, &mut c), None);
    }
}
