//! Reading a query, scoring clauses with BM25 over their best field, checking phrases, and
//! turning the best clauses into hits.

use crate::prelude::*;

use super::analysis::{analyze, analyze_where, bigram_key, unigram_key, Unit};
use super::index::Index;
use super::snippet::{snippet, Highlighter};
use super::{Hit, SearchError, SearchOptions, MAXIMUM_LIMIT, MAXIMUM_QUERY_CHARACTERS};
use crate::corpus::Corpus;
use crate::names::{short_citation, NameLanguage};
use alloc::collections::BTreeMap;

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

/// One scored term of a query with the vocabulary terms it matches and their weights.
struct Term {
    alternatives: Vec<(u32, f32)>,
}

/// A sequence of units that must occur contiguously: a quoted phrase (required) or an unquoted
/// run of three or more CJK characters (a bonus).
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
/// A word of the text that no sequence of the query looks for.
const OTHER_WORD: u64 = WORD_FLAG | 0xFFFF_FFFE;

/// The stems the query's sequences contain, sorted, with their term numbers.
struct SequenceWords<'q> {
    stems: &'q [(&'q str, u32)],
}
const JOINED_FLAG: u64 = 1 << 41;
/// A word the vocabulary does not hold: it can never match.
const MISSING_WORD: u64 = WORD_FLAG | 0xFFFF_FFFF;

struct Parsed {
    terms: Vec<Term>,
    sequences: Vec<Sequence>,
    highlighter: Highlighter,
}

fn error(code: &'static str, message: String) -> SearchError {
    SearchError { code, message }
}

pub fn run(
    index: &Index,
    corpus: &Corpus,
    query: &str,
    options: &SearchOptions,
) -> Result<Vec<Hit>, SearchError> {
    let clause_total: usize = corpus
        .documents
        .iter()
        .map(|document| document.clauses.len())
        .sum();
    if clause_total != index.clause_count as usize
        || corpus.documents.len() + 1 != index.document_start.len()
    {
        return Err(error(
            "index-mismatch",
            "This search index was built from a different corpus; build it again with Index::new(&corpus).".to_string(),
        ));
    }
    if options.limit == 0 || options.limit > MAXIMUM_LIMIT {
        return Err(error(
            "bad-limit",
            format!(
                "The limit must be between 1 and {MAXIMUM_LIMIT}; it was {}.",
                options.limit
            ),
        ));
    }
    // Refuse long queries before looking at them character by character.
    if query.len() > MAXIMUM_QUERY_CHARACTERS * 4
        || query.chars().count() > MAXIMUM_QUERY_CHARACTERS
    {
        return Err(error(
            "query-too-long",
            format!(
                "The query is longer than {MAXIMUM_QUERY_CHARACTERS} characters; search for a sentence or a few words instead."
            ),
        ));
    }
    let version_mask = version_mask(index, corpus, &options.versions)?;
    let allowed = allowed_clauses(index, corpus, options)?;
    let parsed = parse(index, query);
    if parsed.terms.is_empty() {
        return Ok(Vec::new());
    }

    let clause_count = index.clause_count as usize;
    let mut total = vec![0f32; clause_count];
    let mut best = vec![0f32; clause_count];
    let mut matched_terms = vec![0u16; clause_count];
    let mut matched_versions = vec![0u32; clause_count];
    let field_total = index.field_clause.len() as f32;
    for term in &parsed.terms {
        best.iter_mut().for_each(|value| *value = 0.0);
        for &(vocabulary_term, weight) in &term.alternatives {
            let frequency = index.frequency_of(vocabulary_term) as f32;
            let inverse = (1.0 + (field_total - frequency + 0.5) / (frequency + 0.5)).ln();
            index.for_each_posting(vocabulary_term, |field, occurrences| {
                let field = field as usize;
                let (Some(&clause), Some(&slot), Some(&length)) = (
                    index.field_clause.get(field),
                    index.field_version.get(field),
                    index.field_length.get(field),
                ) else {
                    return;
                };
                if version_mask & (1u32 << (slot as u32 & 31)) == 0 {
                    return;
                }
                let clause = clause as usize;
                if let Some(allowed) = &allowed {
                    if !allowed.get(clause).copied().unwrap_or(false) {
                        return;
                    }
                }
                let average = index
                    .average_length
                    .get(slot as usize)
                    .copied()
                    .unwrap_or(1.0);
                let occurrences = occurrences as f32;
                let score = weight * inverse * occurrences * (K1 + 1.0)
                    / (occurrences + K1 * (1.0 - B + B * length as f32 / average));
                if let Some(best) = best.get_mut(clause) {
                    if score > *best {
                        *best = score;
                    }
                }
                if let Some(mask) = matched_versions.get_mut(clause) {
                    *mask |= 1u32 << (slot as u32 & 31);
                }
            });
        }
        for clause in 0..clause_count {
            if best[clause] > 0.0 {
                total[clause] += best[clause];
                matched_terms[clause] += 1;
            }
        }
    }

    // Sequences: quoted phrases are required; contiguous CJK runs earn a bonus.
    // In a short query, quoted phrases are filters. A long query (a pasted sentence whose
    // quotation marks belong to the text it came from) keeps them as a bonus only, because a
    // translation rarely quotes the same words.
    let phrases_required = parsed.terms.len() <= MAXIMUM_TERMS_FOR_REQUIRED_PHRASES;
    // Bonus sequences are checked only in the clauses that already rank among the best
    // (re-ranking the head of the list); required phrases are checked everywhere.
    let bonus_threshold = {
        let mut scores: Vec<f32> = total.iter().copied().filter(|&score| score > 0.0).collect();
        if scores.len() > SEQUENCE_CANDIDATES {
            let position = scores.len() - SEQUENCE_CANDIDATES;
            *scores
                .select_nth_unstable_by(position, |a, b| a.total_cmp(b))
                .1
        } else {
            0.0
        }
    };
    let mut analyzed: Vec<(u32, Vec<u64>)> = Vec::new();
    // The stems the sequences look for (sorted) and their first characters.
    let mut sequence_stems: Vec<(&str, u32)> = Vec::new();
    for sequence in &parsed.sequences {
        for &unit in &sequence.units {
            if unit & WORD_FLAG != 0 && unit != MISSING_WORD {
                let term = (unit & 0xFFFF_FFFF) as u32;
                sequence_stems.push((index.word(term as usize), term));
            }
        }
    }
    sequence_stems.sort_unstable();
    sequence_stems.dedup();
    let lookup = SequenceWords {
        stems: &sequence_stems,
    };
    for sequence in &parsed.sequences {
        let mut found = vec![false; clause_count];
        for field in fields_containing_all(index, &sequence.terms) {
            let Some(&slot) = index.field_version.get(field as usize) else {
                continue;
            };
            if version_mask & (1u32 << (slot as u32 & 31)) == 0 {
                continue;
            }
            let Some(&clause) = index.field_clause.get(field as usize) else {
                continue;
            };
            if found.get(clause as usize).copied().unwrap_or(true) {
                continue;
            }
            if !sequence.required
                && total.get(clause as usize).copied().unwrap_or(0.0) < bonus_threshold
            {
                continue;
            }
            if field_contains_sequence(
                index,
                corpus,
                field,
                &sequence.units,
                &lookup,
                &mut analyzed,
            ) {
                found[clause as usize] = true;
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

    let term_count = parsed.terms.len() as f32;
    let mut ranked: Vec<(f64, u32)> = Vec::new();
    for clause in 0..clause_count {
        if total[clause] <= 0.0 {
            continue;
        }
        let coordination = matched_terms[clause] as f32 / term_count;
        let heading = if index
            .clause_is_heading
            .get(clause)
            .copied()
            .unwrap_or(false)
        {
            HEADING_BOOST
        } else {
            1.0
        };
        // Scores are reported to three decimals; ranking uses the same rounded value, so hits
        // that show equal scores are in reading order.
        let score = ((total[clause] * coordination * heading) as f64 * 1000.0).round() / 1000.0;
        ranked.push((score, clause as u32));
    }
    // Highest score first; equal scores in reading order.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // Verbatim bonus: among the best candidates, a clause whose text holds the query exactly as
    // typed, punctuation included ("坛。欢迎拉美和加"), ranks above clauses that only hold its
    // words. Only for short queries, and only over a fixed number of candidates.
    let verbatim = query.trim();
    if parsed.terms.len() >= 2 && verbatim.chars().count() <= VERBATIM_MAXIMUM_CHARACTERS {
        let checked = ranked.len().min(VERBATIM_CANDIDATES);
        let mut changed = false;
        for entry in ranked.iter_mut().take(checked) {
            let ordinal = entry.1 as usize;
            let first = index.clause_fields.get(ordinal).copied().unwrap_or(0);
            let last = index
                .clause_fields
                .get(ordinal + 1)
                .copied()
                .unwrap_or(first);
            let holds = (first..last).any(|field| {
                let slot = index
                    .field_version
                    .get(field as usize)
                    .copied()
                    .unwrap_or(31);
                version_mask & (1u32 << (slot as u32 & 31)) != 0
                    && field_text(index, corpus, field).is_some_and(|text| text.contains(verbatim))
            });
            if holds {
                entry.0 = ((entry.0 * VERBATIM_BOOST) * 1000.0).round() / 1000.0;
                changed = true;
            }
        }
        if changed {
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        }
    }
    ranked.truncate(options.limit);

    let mut hits = Vec::with_capacity(ranked.len());
    let mut scratch = String::new();
    for (score, ordinal) in ranked {
        let Some((document_index, clause_index)) = index.clause_location(ordinal) else {
            continue;
        };
        let Some(document) = corpus.documents.get(document_index) else {
            continue;
        };
        let Some(clause) = document.clauses.get(clause_index as usize) else {
            continue;
        };
        let mask = matched_versions[ordinal as usize];
        let mut matched = Vec::new();
        let mut snippets = BTreeMap::new();
        for (version_index, version) in document.versions.iter().enumerate() {
            let Some(slot) = index
                .version_names
                .iter()
                .position(|name| *name == version.id)
            else {
                continue;
            };
            if mask & (1u32 << (slot as u32 & 31)) == 0 {
                continue;
            }
            let Some(text) = document.text_of(clause, version_index) else {
                continue;
            };
            let chinese = version.lang.starts_with("zh") || version.lang.starts_with("ja");
            matched.push(version.id.clone());
            snippets.insert(
                version.id.clone(),
                snippet(index, &parsed.highlighter, text, chinese, &mut scratch),
            );
        }
        hits.push(Hit {
            id: clause.id.clone(),
            score,
            cite: short_citation(document, clause_index as usize, NameLanguage::English),
            matched,
            snippets,
        });
    }
    Ok(hits)
}

/// The bit mask of version names a search may look at.
fn version_mask(index: &Index, corpus: &Corpus, versions: &[String]) -> Result<u32, SearchError> {
    if versions.is_empty() {
        return Ok(u32::MAX);
    }
    let mut mask = 0u32;
    for wanted in versions {
        match index
            .version_names
            .iter()
            .position(|name| name == wanted.trim())
        {
            Some(slot) => mask |= 1u32 << (slot as u32 & 31),
            None => {
                let mut known: Vec<&str> = Vec::new();
                for document in &corpus.documents {
                    for version in &document.versions {
                        if !known.contains(&version.id.as_str()) {
                            known.push(&version.id);
                        }
                    }
                }
                return Err(error(
                    "unknown-version",
                    format!(
                        "No document has a version '{}'; the versions are: {}.",
                        wanted,
                        known.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(mask)
}

/// The clauses a search may return under the document and `within` filters, or `None` for all.
fn allowed_clauses(
    index: &Index,
    corpus: &Corpus,
    options: &SearchOptions,
) -> Result<Option<Vec<bool>>, SearchError> {
    if options.documents.is_empty() && options.within.is_none() {
        return Ok(None);
    }
    let clause_count = index.clause_count as usize;
    let mut allowed = vec![options.documents.is_empty(); clause_count];
    for wanted in &options.documents {
        let Some(document_index) = corpus
            .documents
            .iter()
            .position(|document| document.id == wanted.trim())
        else {
            let known: Vec<&str> = corpus
                .documents
                .iter()
                .map(|document| document.id.as_str())
                .collect();
            return Err(error(
                "unknown-document",
                format!(
                    "There is no document '{}'; the documents are: {}.",
                    wanted,
                    known.join(", ")
                ),
            ));
        };
        let start = index
            .document_start
            .get(document_index)
            .copied()
            .unwrap_or(0) as usize;
        let end = index
            .document_start
            .get(document_index + 1)
            .copied()
            .unwrap_or(0) as usize;
        for value in allowed.iter_mut().take(end).skip(start) {
            *value = true;
        }
    }
    if let Some(within) = &options.within {
        let (document_index, first, last) = resolve_within(corpus, within)?;
        let Some(document) = corpus.documents.get(document_index) else {
            return Ok(Some(vec![false; clause_count]));
        };
        // The subtree of a clause is contiguous in reading order, because parents come first:
        // it runs from the clause to the last following clause that descends from it.
        let descends = |candidate: usize, ancestor: usize| {
            let mut current = Some(candidate as u32);
            while let Some(at) = current {
                if at as usize == ancestor {
                    return true;
                }
                current = document
                    .clauses
                    .get(at as usize)
                    .and_then(|clause| clause.parent);
            }
            false
        };
        let mut end = last + 1;
        while end < document.clauses.len() && descends(end, last) {
            end += 1;
        }
        let offset = index
            .document_start
            .get(document_index)
            .copied()
            .unwrap_or(0) as usize;
        for (ordinal, value) in allowed.iter_mut().enumerate() {
            let inside = ordinal >= offset + first && ordinal < offset + end;
            *value = *value && inside;
        }
    }
    Ok(Some(allowed))
}

/// Resolves `within` to (document, first clause, last clause): a stable id, or any citation the
/// citation module understands ("Part III", "Development Program (10)", "发展工程(十)"); a
/// citation of a range names its first and last clause.
fn resolve_within(corpus: &Corpus, within: &str) -> Result<(usize, usize, usize), SearchError> {
    let trimmed = within.trim();
    if let Some(found) = corpus.clause_by_id(trimmed) {
        return Ok((
            found.document as usize,
            found.clause as usize,
            found.clause as usize,
        ));
    }
    match crate::cite::resolve(corpus, trimmed) {
        Ok(citation) => {
            let last = citation.end_clause.unwrap_or(citation.clause).max(citation.clause);
            Ok((citation.document as usize, citation.clause as usize, last as usize))
        }
        Err(why) => Err(error(
            "unknown-within",
            format!(
                "'{trimmed}' names no clause to search within ({}): give an id such as 'pt_3' (a part), 'pt_3__prog_2' (a program) or 'pt_3__prog_2__sec_9' (a section), or a citation such as 'Part III'.",
                why.message
            ),
        )),
    }
}

/// The fields that hold every one of `terms`, in order (all fields when `terms` is empty is not
/// needed: sequences always have at least one term).
fn fields_containing_all(index: &Index, terms: &[u32]) -> Vec<u32> {
    let Some((&first, rest)) = terms.split_first() else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    index.for_each_posting(first, |field, _| fields.push(field));
    for &term in rest {
        if fields.is_empty() {
            break;
        }
        let mut next = Vec::with_capacity(fields.len());
        let mut position = 0;
        index.for_each_posting(term, |field, _| {
            while position < fields.len() && fields[position] < field {
                position += 1;
            }
            if position < fields.len() && fields[position] == field {
                next.push(field);
            }
        });
        fields = next;
    }
    fields
}

/// True when the units of `field`'s text contain `units` contiguously.
fn field_contains_sequence(
    index: &Index,
    corpus: &Corpus,
    field: u32,
    units: &[u64],
    lookup: &SequenceWords,
    analyzed: &mut Vec<(u32, Vec<u64>)>,
) -> bool {
    // Each field is analysed once per query, however many sequences look at it.
    let position = match analyzed.iter().position(|(cached, _)| *cached == field) {
        Some(position) => position,
        None => {
            let Some(text) = field_text(index, corpus, field) else {
                return false;
            };
            let mut scratch = String::new();
            let mut text_units: Vec<u64> = Vec::new();
            let wanted = |character: char| {
                lookup
                    .stems
                    .iter()
                    .any(|(stem, _)| stem.starts_with(character))
            };
            analyze_where(text, &mut scratch, &wanted, &mut |token| {
                text_units.push(match token.unit {
                    Unit::Word(word) => lookup
                        .stems
                        .binary_search_by(|(stem, _)| (*stem).cmp(word))
                        .map_or(OTHER_WORD, |found| WORD_FLAG | lookup.stems[found].1 as u64),
                    Unit::Cjk { character, joined } => {
                        character as u64 | if joined { JOINED_FLAG } else { 0 }
                    }
                })
            });
            analyzed.push((field, text_units));
            analyzed.len() - 1
        }
    };
    let text_units = &analyzed[position].1;
    let length = units.len();
    if length == 0 || length > text_units.len() {
        return false;
    }
    (0..=text_units.len() - length).any(|start| {
        units.iter().enumerate().all(|(offset, &wanted)| {
            let have = text_units[start + offset];
            if wanted == MISSING_WORD {
                return false;
            }
            if offset > 0 && wanted & JOINED_FLAG != 0 {
                have == wanted
            } else {
                have & !JOINED_FLAG == wanted & !JOINED_FLAG
            }
        })
    })
}

fn field_text<'c>(index: &Index, corpus: &'c Corpus, field: u32) -> Option<&'c str> {
    let ordinal = *index.field_clause.get(field as usize)?;
    let (document_index, clause_index) = index.clause_location(ordinal)?;
    let document = corpus.documents.get(document_index)?;
    let clause = document.clauses.get(clause_index as usize)?;
    let slot = *index.field_version.get(field as usize)? as usize;
    let name = index.version_names.get(slot)?;
    let version = document.version_index(name)?;
    document.text_of(clause, version)
}

fn inverse_frequency(index: &Index, term: u32) -> f32 {
    let frequency = index.frequency_of(term) as f32;
    let fields = index.field_clause.len() as f32;
    (1.0 + (fields - frequency + 0.5) / (frequency + 0.5)).ln()
}

/// Reads the query into scored terms, sequences and the highlighter's term sets.
fn parse(index: &Index, query: &str) -> Parsed {
    let mut parsed = Parsed {
        terms: Vec::new(),
        sequences: Vec::new(),
        highlighter: Highlighter::default(),
    };
    let query_end = query.trim_end().len();
    let typing_last_word = query_end == query.len();
    // Segments between double quotes (straight or curly) alternate unquoted, quoted; an unclosed
    // quote's segment counts as unquoted, as while the reader is still typing.
    let quote_positions: Vec<usize> = query
        .char_indices()
        .filter(|(_, character)| matches!(character, '"' | '“' | '”' | '＂'))
        .map(|(offset, _)| offset)
        .collect();
    let mut segments: Vec<(usize, usize, bool)> = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for &position in &quote_positions {
        segments.push((start, position, quoted));
        start = position
            + query
                .get(position..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
        quoted = !quoted;
    }
    segments.push((start, query.len(), false));
    if quoted {
        // The last quote is unclosed: its segment was pushed as quoted=false already, fine.
    }

    let mut scratch = String::new();
    let mut fuzzy_budget = MAXIMUM_FUZZY_WORDS;
    let mut word_pairs: Vec<(u32, u32)> = Vec::new();
    for (segment_start, segment_end, is_quoted) in segments {
        let Some(segment) = query.get(segment_start..segment_end) else {
            continue;
        };
        // Collect the segment's units first (words as owned stems), then act on them.
        let mut units: Vec<(Option<String>, char, bool, usize, usize)> = Vec::new();
        analyze(segment, &mut scratch, &mut |token| {
            let start = segment_start + token.start as usize;
            let end = segment_start + token.end as usize;
            match token.unit {
                Unit::Word(word) => units.push((Some(word.to_string()), '\0', false, start, end)),
                Unit::Cjk { character, joined } => {
                    units.push((None, character, joined, start, end))
                }
            }
        });
        // Upper-case AND, OR and NOT are search operators elsewhere; here they are skipped.
        units.retain(|(word, _, _, start, end)| {
            word.is_none()
                || !matches!(
                    query.get(*start..*end),
                    Some("AND") | Some("OR") | Some("NOT")
                )
        });
        let mut previous_word: Option<u32> = None;
        let mut sequence_units: Vec<u64> = Vec::new();
        let mut sequence_terms: Vec<u32> = Vec::new();
        let mut sequence_bonus = 0f32;
        let mut position = 0;
        while position < units.len() && parsed.terms.len() < MAXIMUM_TERMS {
            let (word, character, _, start, end) = &units[position];
            if let Some(word) = word {
                let exact = index.find_word(word);
                let mut alternatives: Vec<(u32, f32)> = Vec::new();
                if let Some(term) = exact {
                    alternatives.push((term, 1.0));
                }
                let is_last = !is_quoted && *end == query_end && typing_last_word;
                if is_last {
                    let raw = query.get(*start..*end).unwrap_or("").to_lowercase();
                    if raw.chars().count() >= 3 {
                        for term in index
                            .words_with_prefix(&raw)
                            .take(MAXIMUM_PREFIX_EXPANSIONS)
                        {
                            if Some(term as u32) != exact {
                                alternatives.push((term as u32, PREFIX_WEIGHT));
                            }
                        }
                    }
                }
                if exact.is_none() && !is_quoted && fuzzy_budget > 0 && word.chars().count() >= 5 {
                    fuzzy_budget -= 1;
                    fuzzy_alternatives(index, word, &mut alternatives);
                }
                if is_quoted {
                    sequence_units.push(exact.map_or(MISSING_WORD, |term| WORD_FLAG | term as u64));
                    if let Some(term) = exact {
                        sequence_terms.push(term);
                        sequence_bonus += inverse_frequency(index, term);
                    }
                }
                for (term, _) in &alternatives {
                    parsed.highlighter.words.push(*term);
                }
                if !is_quoted {
                    if let (Some(before), Some(term)) = (previous_word, exact) {
                        word_pairs.push((before, term));
                    }
                    previous_word = exact;
                }
                parsed.terms.push(Term { alternatives });
                position += 1;
                continue;
            }
            // A run of joined CJK characters.
            previous_word = None;
            let mut run_end = position + 1;
            while run_end < units.len() && units[run_end].0.is_none() && units[run_end].2 {
                run_end += 1;
            }
            let run: Vec<char> = units[position..run_end].iter().map(|unit| unit.1).collect();
            let _ = character;
            let mut run_terms = Vec::new();
            if run.len() == 1 {
                let key = unigram_key(run[0]);
                parsed.highlighter.unigrams.push(key);
                let term = index.find_cjk(key);
                parsed.terms.push(Term {
                    alternatives: term.map(|term| vec![(term, 1.0)]).unwrap_or_default(),
                });
                if let Some(term) = term {
                    run_terms.push(term);
                }
            } else {
                for pair in run.windows(2) {
                    if parsed.terms.len() >= MAXIMUM_TERMS {
                        break;
                    }
                    let key = bigram_key(pair[0], pair[1]);
                    parsed.highlighter.bigrams.push(key);
                    let term = index.find_cjk(key);
                    parsed.terms.push(Term {
                        alternatives: term.map(|term| vec![(term, 1.0)]).unwrap_or_default(),
                    });
                    if let Some(term) = term {
                        run_terms.push(term);
                    }
                }
            }
            let bonus: f32 = run_terms
                .iter()
                .map(|&term| inverse_frequency(index, term))
                .sum();
            if is_quoted {
                for (offset, &character) in run.iter().enumerate() {
                    let joined = if offset > 0 { JOINED_FLAG } else { 0 };
                    sequence_units.push(character as u64 | joined);
                }
                if run_terms.len() + 1 < run.len().max(2) {
                    // A bigram the index does not hold: the phrase cannot occur.
                    sequence_units.push(MISSING_WORD);
                }
                sequence_terms.extend_from_slice(&run_terms);
                sequence_bonus += bonus;
            } else if run.len() >= 3 && run_terms.len() + 1 == run.len() {
                let units = run
                    .iter()
                    .enumerate()
                    .map(|(offset, &character)| {
                        character as u64 | if offset > 0 { JOINED_FLAG } else { 0 }
                    })
                    .collect();
                parsed.sequences.push(Sequence {
                    units,
                    terms: run_terms,
                    required: false,
                    bonus,
                });
            }
            position = run_end;
        }
        if is_quoted && !sequence_units.is_empty() {
            if sequence_terms.is_empty() {
                // Nothing of the phrase is in the index: it matches nowhere.
                sequence_units.push(MISSING_WORD);
            }
            parsed.sequences.push(Sequence {
                units: sequence_units,
                terms: sequence_terms,
                required: true,
                bonus: sequence_bonus,
            });
        }
    }
    // Neighbouring words of a short query earn a bonus where they are neighbours in the text
    // too ("code sharing" finds "code-sharing" before "shared"). Long queries (pasted
    // sentences) skip this: their words already pick the clause, and the check costs a pass
    // over each candidate field per pair.
    if word_pairs.len() <= MAXIMUM_WORD_PAIRS {
        for (first, second) in word_pairs {
            parsed.sequences.push(Sequence {
                units: vec![WORD_FLAG | first as u64, WORD_FLAG | second as u64],
                terms: vec![first, second],
                required: false,
                bonus: 0.5 * (inverse_frequency(index, first) + inverse_frequency(index, second)),
            });
        }
    }
    parsed.highlighter.words.sort_unstable();
    parsed.highlighter.words.dedup();
    for &term in &parsed.highlighter.words {
        let stem = index.word(term as usize);
        if let Some(first) = stem.chars().next() {
            if !parsed.highlighter.first_characters.contains(&first) {
                parsed.highlighter.first_characters.push(first);
            }
        }
        parsed.highlighter.stems.push(stem.to_string());
    }
    parsed.highlighter.stems.sort_unstable();
    parsed.highlighter.bigrams.sort_unstable();
    parsed.highlighter.unigrams.sort_unstable();
    // A term with no alternatives still counts against coordination (the query asked for it),
    // but a query whose terms all miss the index simply finds nothing.
    parsed
}

/// Adds the vocabulary words within one edit of `word` (two for words of nine letters or more),
/// counting a swap of neighbouring letters as one edit.
fn fuzzy_alternatives(index: &Index, word: &str, alternatives: &mut Vec<(u32, f32)>) {
    let wanted: Vec<char> = word.chars().collect();
    // Compare the unstemmed-looking forms too: the stem of a misspelling may lose a letter the
    // vocabulary stem keeps, so both the stem and the word with an "s"/"e" restored are tried.
    let allowed = if wanted.len() >= 9 { 2 } else { 1 };
    let mut row_previous: Vec<usize> = Vec::with_capacity(wanted.len() + 1);
    let mut row_before: Vec<usize> = Vec::with_capacity(wanted.len() + 1);
    let mut row: Vec<usize> = Vec::with_capacity(wanted.len() + 1);
    let mut candidate: Vec<char> = Vec::with_capacity(32);
    for term in 0..index.word_count() {
        let vocabulary = index.word(term);
        let length = vocabulary.len();
        if length + allowed < wanted.len()
            || length > wanted.len() + allowed
            || !vocabulary.is_ascii() && length > 64
        {
            continue;
        }
        candidate.clear();
        candidate.extend(vocabulary.chars());
        if let Some(distance) = bounded_distance(
            &wanted,
            &candidate,
            allowed,
            &mut row_before,
            &mut row_previous,
            &mut row,
        ) {
            let weight = if distance <= 1 {
                ONE_EDIT_WEIGHT
            } else {
                TWO_EDITS_WEIGHT
            };
            alternatives.push((term as u32, weight));
        }
    }
}

/// The optimal-string-alignment distance between `a` and `b` if it is at most `limit`.
fn bounded_distance(
    a: &[char],
    b: &[char],
    limit: usize,
    row_before: &mut Vec<usize>,
    row_previous: &mut Vec<usize>,
    row: &mut Vec<usize>,
) -> Option<usize> {
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
            let mut value = (row_previous[j] + 1)
                .min(row[j - 1] + 1)
                .min(row_previous[j - 1] + cost);
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
        assert_eq!(
            bounded_distance(
                &chars("confucious"),
                &chars("confucius"),
                2,
                &mut a,
                &mut b,
                &mut c
            ),
            Some(1)
        );
        assert_eq!(
            bounded_distance(
                &chars("antartic"),
                &chars("antarctic"),
                1,
                &mut a,
                &mut b,
                &mut c
            ),
            Some(1)
        );
        assert_eq!(
            bounded_distance(
                &chars("techonlogy"),
                &chars("technology"),
                2,
                &mut a,
                &mut b,
                &mut c
            ),
            Some(1)
        );
        assert_eq!(
            bounded_distance(&chars("treaty"), &chars("trade"), 1, &mut a, &mut b, &mut c),
            None
        );
    }
}
