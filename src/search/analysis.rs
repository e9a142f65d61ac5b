//! Text analysis for search: one pass over a text that yields its searchable units.
//!
//! A unit is either an English (or other alphabetic) word, lower-cased and lightly stemmed, or a
//! single CJK character. Both are computed on the fly from a width-folded view of each
//! character, so the stored text is never altered, and every unit carries the byte range of the
//! original text it came from (for highlights). Indexing, phrase checks and highlighting all call
//! the same [`analyze`] function, so they cannot disagree about what a unit is.

use crate::text::{fold_width, is_cjk, lower_char};

/// One searchable unit of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit<'s> {
    /// A lower-cased, stemmed word (borrowed from the analyzer's scratch buffer).
    Word(&'s str),
    /// One CJK character after width folding. `joined` is true when the previous unit was a
    /// CJK character immediately before this one in the text, so the two form a bigram.
    Cjk { character: char, joined: bool },
}

/// A unit with the byte range `[start, end)` of the original text it covers.
#[derive(Clone, Copy, Debug)]
pub struct Token<'s> {
    pub unit: Unit<'s>,
    pub start: u32,
    pub end: u32,
}

/// Words that carry no meaning for search. Kept small on purpose: a phrase such as "Belt and
/// Road" still matches because both the text and the query drop the same words.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of", "on", "or", "s", "that", "the", "their",
    "this", "to", "was", "were", "which", "will", "with",
];

pub fn is_stop_word(word: &str) -> bool {
    // Every stop word has at most five letters.
    word.len() <= 5 && STOP_WORDS.binary_search(&word).is_ok()
}

/// Calls `emit` for every unit of `text`, in order. `scratch` is reused between words so the
/// analysis allocates nothing once the buffer has grown to the longest word.
pub fn analyze(text: &str, scratch: &mut String, emit: &mut dyn FnMut(Token<'_>)) {
    analyze_where(text, scratch, &|_| true, emit)
}

/// Like [`analyze`], but a word whose first (lower-case) character fails `wanted` is emitted as
/// an empty word without being stemmed: stemming only changes a word's end, so a caller that
/// knows the first letters of the stems it looks for skips most of the work, and positions
/// (for phrases) stay the same as with [`analyze`]. The callbacks are `dyn` so that the four
/// callers share one copy of the analyzer.
pub fn analyze_where(text: &str, scratch: &mut String, wanted: &dyn Fn(char) -> bool, emit: &mut dyn FnMut(Token<'_>)) {
    let mut word_start: Option<usize> = None;
    let mut previous_cjk_end: Option<usize> = None;
    scratch.clear();
    let bytes = text.as_bytes();
    let mut offset = 0;
    while offset < bytes.len() {
        // ASCII fast path: no folding, no CJK, one byte per character.
        let byte = bytes[offset];
        if byte < 0x80 {
            if byte.is_ascii_alphanumeric() {
                if word_start.is_none() {
                    word_start = Some(offset);
                }
                scratch.push(byte.to_ascii_lowercase() as char);
            } else {
                flush_word(scratch, &mut word_start, offset, wanted, emit);
            }
            offset += 1;
            continue;
        }
        let Some(original) = text.get(offset..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let start = offset;
        offset += original.len_utf8();
        let character = fold_width(original);
        if is_cjk(character) {
            flush_word(scratch, &mut word_start, start, wanted, emit);
            emit(Token { unit: Unit::Cjk { character, joined: previous_cjk_end == Some(start) }, start: start as u32, end: offset as u32 });
            previous_cjk_end = Some(offset);
        } else if char::is_alphanumeric(character) {
            if word_start.is_none() {
                word_start = Some(start);
            }
            scratch.push(lower_char(character));
        } else {
            // Spaces, punctuation, hyphens and apostrophes all end a word: "code-sharing" is
            // "code" + "sharing" and "People's" is "people" + the stop word "s".
            flush_word(scratch, &mut word_start, start, wanted, emit);
        }
    }
    flush_word(scratch, &mut word_start, text.len(), wanted, emit);
}

/// Ends the word being read (if any): stems it and emits it unless it is a stop word.
fn flush_word(scratch: &mut String, word_start: &mut Option<usize>, end: usize, wanted: &dyn Fn(char) -> bool, emit: &mut dyn FnMut(Token<'_>)) {
    if let Some(start) = word_start.take() {
        // A word that is not wanted is still a unit (so positions stay right), but it is
        // neither stemmed nor spelled out.
        let is_wanted = scratch.chars().next().is_some_and(wanted);
        if is_wanted {
            stem(scratch);
        }
        if !scratch.is_empty() && !is_stop_word(scratch) {
            emit(Token { unit: Unit::Word(if is_wanted { scratch.as_str() } else { "" }), start: start as u32, end: end as u32 });
        }
        scratch.clear();
    }
}

fn is_vowel(byte: u8) -> bool {
    matches!(byte, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// A light English stemmer: plurals (Harman's S-stemmer), then `-ing` and `-ed`, then a final
/// doubled consonant and a final silent `e`. It is applied alike to the text and the query, so
/// it only has to map related forms to one key, not produce real words: "treaties" and "treaty"
/// both give "treaty"; "institute", "institutes" and "instituted" all give "institut".
/// Words with non-ASCII letters, and words of three letters or fewer, are left as they are.
pub fn stem(word: &mut String) {
    if word.len() <= 3 || !word.is_ascii() || word.bytes().all(|byte| byte.is_ascii_digit()) {
        return;
    }
    let bytes = word.as_bytes();
    let length = bytes.len();
    // Plurals. (Harman's "-es" rule drops the "s" alone, which the "-s" rule below does for
    // every word ending in "es" anyway.)
    if word.ends_with("ies") && !word.ends_with("eies") && !word.ends_with("aies") {
        word.truncate(length - 3);
        word.push('y');
    } else if word.ends_with('s') && !word.ends_with("us") && !word.ends_with("ss") && !word.ends_with("is") {
        word.truncate(length - 1);
    }
    // Verb endings, only when a real stem with a vowel remains.
    let has_vowel = |stem: &[u8]| stem.iter().any(|&byte| is_vowel(byte) || byte == b'y');
    let length = word.len();
    if word.ends_with("ing") && length >= 7 && has_vowel(&word.as_bytes()[..length - 3]) {
        word.truncate(length - 3);
        undouble(word);
    } else if word.ends_with("ied") && length >= 6 {
        word.truncate(length - 3);
        word.push('y');
    } else if word.ends_with("ed") && !word.ends_with("eed") && length >= 6 && has_vowel(&word.as_bytes()[..length - 2]) {
        word.truncate(length - 2);
        undouble(word);
    }
    if word.len() > 4 && word.ends_with('e') {
        word.pop();
    }
}

fn undouble(word: &mut String) {
    let bytes = word.as_bytes();
    let length = bytes.len();
    if length >= 4 {
        let last = bytes[length - 1];
        if last == bytes[length - 2] && !is_vowel(last) && !matches!(last, b'l' | b's' | b'z') {
            word.pop();
        }
    }
}

/// The key of a CJK unigram in the index: the character's code point.
pub fn unigram_key(character: char) -> u32 {
    character as u32
}

/// The key of a CJK bigram: both code points packed when both are in the Basic Multilingual
/// Plane (the first is always ≥ U+3040, so these keys never collide with unigram keys, which are
/// below U+110000). A bigram with a supplementary-plane character is hashed into the unused key
/// range in between; a collision there can only add a candidate, never lose one, because exact
/// matches are checked against the text.
pub fn bigram_key(first: char, second: char) -> u32 {
    let (a, b) = (first as u32, second as u32);
    if a <= 0xFFFF && b <= 0xFFFF {
        (a << 16) | b
    } else {
        let mixed = a.wrapping_mul(0x9E37_79B9) ^ b.wrapping_mul(0x85EB_CA6B);
        0x0011_0000 + mixed % (0x3040_0000 - 0x0011_0000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmed(word: &str) -> String {
        let mut owned = word.to_string();
        stem(&mut owned);
        owned
    }

    fn units(text: &str) -> Vec<String> {
        let mut scratch = String::new();
        let mut found = Vec::new();
        analyze(text, &mut scratch, &mut |token| {
            found.push(match token.unit {
                Unit::Word(word) => word.to_string(),
                Unit::Cjk { character, joined } => {
                    let mut unit = String::new();
                    if joined {
                        unit.push('+');
                    }
                    unit.push(character);
                    unit
                }
            })
        });
        found
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn related_forms_share_a_stem() {
        for (a, b) in [
            ("treaty", "treaties"),
            ("institute", "Institutes"),
            ("city", "cities"),
            ("sharing", "share"),
            ("exchanges", "exchange"),
            ("promoting", "promoted"),
            ("planned", "plan"),
        ] {
            assert_eq!(stemmed(&a.to_lowercase()), stemmed(&b.to_lowercase()), "{a} / {b}");
        }
        assert_ne!(stemmed("status"), stemmed("statu"));
        assert_eq!(stemmed("crisis"), "crisis");
    }

    #[test]
    fn words_split_at_hyphens_and_cjk_runs_join() {
        assert_eq!(units("code-sharing, One-China"), ["code", "shar", "one", "china"]);
        assert_eq!(units("北斗 系统ＡＢ"), ["北", "+斗", "系", "+统", "ab"]);
    }
}
