//! Snippets: the part of a version's clause text with the most matches, and the matched ranges
//! in UTF-16 code units (the unit of JavaScript string offsets).

use super::analysis::{analyze_where, bigram_key, unigram_key, Unit};
use super::Snippet;
use crate::text::utf16_length;

/// What a query matches, for marking it in text: vocabulary word terms and CJK keys, each
/// sorted for binary search.
#[derive(Default, Debug)]
pub struct Highlighter {
    pub words: Vec<u32>,
    /// The stems of `words`, sorted, and their first characters: words of the text that start
    /// with another character are skipped without stemming.
    pub stems: Vec<String>,
    pub first_characters: Vec<char>,
    pub bigrams: Vec<u32>,
    pub unigrams: Vec<u32>,
}

/// The longest excerpt, in characters: Chinese packs more meaning per character.
const ENGLISH_WINDOW: usize = 200;
const CHINESE_WINDOW: usize = 80;

/// The byte ranges of `text` that the query matched, merged where they touch, in order.
pub fn highlight_ranges(highlighter: &Highlighter, text: &str, scratch: &mut String) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut push = |start: usize, end: usize| match ranges.last_mut() {
        Some(last) if last.1 >= start => last.1 = last.1.max(end),
        _ => ranges.push((start, end)),
    };
    let mut previous: Option<(char, usize)> = None;
    let wanted = |character: char| highlighter.first_characters.contains(&character);
    analyze_where(text, scratch, &wanted, &mut |token| {
        let (start, end) = (token.start as usize, token.end as usize);
        match token.unit {
            Unit::Word(word) => {
                if highlighter.stems.binary_search_by(|stem| stem.as_str().cmp(word)).is_ok() {
                    push(start, end);
                }
                previous = None;
            }
            Unit::Cjk { character, joined } => {
                if joined {
                    if let Some((before, before_start)) = previous {
                        if highlighter.bigrams.binary_search(&bigram_key(before, character)).is_ok() {
                            push(before_start, end);
                        }
                    }
                }
                if highlighter.unigrams.binary_search(&unigram_key(character)).is_ok() {
                    push(start, end);
                }
                previous = Some((character, start));
            }
        }
    });
    ranges
}

/// The character of `text` that starts at byte `offset`, if any.
fn character_at(text: &str, offset: usize) -> Option<char> {
    text.get(offset..).and_then(|rest| rest.chars().next())
}

/// The excerpt of `text` for a hit.
pub fn snippet(highlighter: &Highlighter, text: &str, chinese: bool, scratch: &mut String) -> Snippet {
    let ranges = highlight_ranges(highlighter, text, scratch);
    let window = if chinese { CHINESE_WINDOW } else { ENGLISH_WINDOW };
    // Byte offset of every character, plus the end: character index ↔ byte offset.
    let mut boundaries: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (offset, _) in text.char_indices() {
        boundaries.push(offset);
    }
    boundaries.push(text.len());
    let character_count = boundaries.len() - 1;
    let character_index = |byte: usize| boundaries.partition_point(|&offset| offset < byte);

    let (mut first, mut last) = (0usize, character_count);
    if character_count > window + window / 5 {
        // The window that holds the most highlighted ranges, starting at one of them.
        let mut best_start = 0usize;
        let mut best_count = 0usize;
        let mut best_span = 0usize;
        for (position, range) in ranges.iter().enumerate() {
            let start = character_index(range.0);
            let mut count = 0;
            let mut span = 0;
            for later in &ranges[position..] {
                let end = character_index(later.1);
                if end - start > window {
                    break;
                }
                count += 1;
                span = end - start;
            }
            if count > best_count {
                best_count = count;
                best_start = start;
                best_span = span;
            }
        }
        let context = (window.saturating_sub(best_span)) / 3;
        first = best_start.saturating_sub(context);
        last = (first + window).min(character_count);
        if last == character_count {
            first = character_count.saturating_sub(window);
        }
        if !chinese {
            // Start and end at word boundaries, never cutting into the first match.
            let limit = best_start.min(first + 24);
            let mut moved = first;
            while first > 0 && moved < limit {
                let character = character_at(text, boundaries[moved]);
                moved += 1;
                if character.is_some_and(char::is_whitespace) {
                    first = moved;
                    break;
                }
            }
            let mut back = last;
            while last < character_count && back > last.saturating_sub(24) && back > first {
                if character_at(text, boundaries[back - 1]).is_some_and(char::is_whitespace) {
                    last = back - 1;
                    break;
                }
                back -= 1;
            }
        }
    }
    let start_byte = boundaries[first];
    let end_byte = boundaries[last];
    let utf16_between = |from: usize, to: usize| utf16_length(text.get(from..to).unwrap_or("")) as u32;
    // Walk the excerpt once, converting the clipped byte ranges (in order, apart) to UTF-16
    // offsets into the excerpt.
    let mut highlights = Vec::new();
    let mut units = 0u32;
    let mut cursor = start_byte;
    for &(start, end) in &ranges {
        let start = start.max(start_byte);
        let end = end.min(end_byte);
        if start < end {
            let from = units + utf16_between(cursor, start);
            units = from + utf16_between(start, end);
            cursor = end;
            highlights.push([from, units]);
        }
    }
    let clause_start = utf16_between(0, start_byte);
    Snippet {
        text: text.get(start_byte..end_byte).unwrap_or("").to_owned(),
        highlights,
        start: clause_start,
        end: clause_start + utf16_between(start_byte, end_byte),
        lang: String::new(),
    }
}
