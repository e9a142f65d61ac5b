//! Quote integrity: is the text an author quoted what the source says?
//!
//! A quote and a source are compared after folding what does not change the words: white
//! space, full-width and half-width forms (`，` and `,`, `（` and `(`), the shapes of quotation
//! marks (`“”`, `"`, `「」`) and of dashes (`—`, `–`, `——`, `-`). An ellipsis (`…`, `……`, `...`,
//! `. . .`, with or without brackets) stands for omitted text: the pieces between ellipses must
//! appear in the source in order, with anything between them. Anything else — a word changed,
//! added or dropped without an ellipsis — is a difference, reported with the quote's words and
//! the source's.
//!
//! Offsets in the results are UTF-16 code units, into the quote as given and into the version's
//! text of the clause, as JavaScript counts them.

use serde::Serialize;

use crate::text::{fold_width, utf16_offset};

/// The longest quote checked, in characters. A longer one is reported as too long to check.
pub const MAXIMUM_QUOTE_CHARACTERS: usize = 4000;

/// How a quote compares with one text of the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStatus {
    /// The quote is in the source character for character.
    Exact,
    /// The quote is in the source once white space, widths, quotation marks and dashes are
    /// folded, and its ellipses stand for omitted text.
    Matches,
    /// The quote is close to a passage of the source but changes words.
    Differs,
    /// The quote is not in this text.
    NotFound,
    /// The quote is longer than [`MAXIMUM_QUOTE_CHARACTERS`] and was not checked.
    TooLong,
}

impl QuoteStatus {
    /// Whether the text holds the quote: exactly, or within the foldings.
    pub(crate) fn holds(self) -> bool {
        matches!(self, QuoteStatus::Exact | QuoteStatus::Matches)
    }
}

/// One place where a quote departs from its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteDifference {
    /// The quote's words there (empty when the quote dropped words).
    pub quoted: String,
    /// The source's words there (empty when the quote added words).
    pub source: String,
    /// Where in the quote, as UTF-16 offsets `[start, end)`.
    pub quote_range: [u32; 2],
    /// Where in the source text, as UTF-16 offsets `[start, end)`.
    pub source_range: [u32; 2],
}

/// How a quote compares with a text, and where in the text it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteMatch {
    pub status: QuoteStatus,
    /// The part of the text the quote covers, from its first quoted word to its last, as UTF-16
    /// offsets `[start, end)`; `None` when not found.
    pub source_range: Option<[u32; 2]>,
    /// The same range in bytes, for the core's own use.
    #[serde(skip)]
    pub source_bytes: Option<(usize, usize)>,
    /// Where the quote departs from the text (only for [`QuoteStatus::Differs`]).
    pub differences: Vec<QuoteDifference>,
}

/// One folded character: what it compares as, and where it came from in the original text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Folded {
    character: char,
    /// The byte range of the original text this character stands for.
    start: usize,
    end: usize,
}

/// Marks an ellipsis in a folded quote.
const ELLIPSIS: char = '\u{2026}';

fn is_quotation_mark(character: char) -> Option<char> {
    match character {
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{301D}' | '\u{301E}' | '\u{FF02}' | '\u{300C}' | '\u{300D}' | '\u{300E}' | '\u{300F}'
        | '\u{00AB}' | '\u{00BB}' => Some('"'),
        '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{FF07}' | '\u{2039}' | '\u{203A}' => Some('\''),
        _ => None,
    }
}

fn is_dash(character: char) -> bool {
    matches!(character, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' | '\u{2E3A}' | '\u{2E3B}')
}

/// Folds a text for comparison. With `ellipses`, the forms of an ellipsis become one
/// [`ELLIPSIS`] mark (in a quote); without, dots stay dots (in a source).
fn fold(text: &str, ellipses: bool) -> Vec<Folded> {
    let mut folded: Vec<Folded> = Vec::with_capacity(text.len());
    let characters: Vec<(usize, char)> = text.char_indices().collect();
    let mut index = 0;
    while index < characters.len() {
        let (start, character) = characters[index];
        let end_of = |index: usize| characters.get(index + 1).map_or(text.len(), |(next, _)| *next);
        if ellipses {
            // `…`, `……`, `⋯`, `...`, `. . .`, each with an optional bracket around it.
            let mut look = index;
            let bracketed = matches!(character, '[' | '(' | '（' | '【');
            if bracketed {
                look += 1;
            }
            let mut dots = 0;
            let mut marks = 0;
            let mut last = look;
            while let Some(&(_, next)) = characters.get(look) {
                if next == '…' || next == '⋯' {
                    marks += 1;
                } else if next == '.' || next == '．' {
                    dots += 1;
                } else if next.is_whitespace() && dots > 0 && dots < 3 {
                    look += 1;
                    continue;
                } else {
                    break;
                }
                last = look;
                look += 1;
            }
            if marks > 0 || dots >= 3 {
                let mut through = last;
                if bracketed {
                    match characters.get(last + 1) {
                        Some(&(_, ']' | ')' | '）' | '】')) => through = last + 1,
                        // A lone opening bracket before an ellipsis is text.
                        _ => {
                            push(&mut folded, '(', start, end_of(index));
                            index += 1;
                            continue;
                        }
                    }
                }
                if folded.last().map(|previous| previous.character) != Some(ELLIPSIS) {
                    folded.push(Folded { character: ELLIPSIS, start, end: end_of(through) });
                }
                index = through + 1;
                continue;
            }
        }
        let end = end_of(index);
        let width_folded = fold_width(character);
        if width_folded.is_whitespace() || matches!(character, '\u{200B}' | '\u{FEFF}' | '\u{00AD}') {
            // White space and invisible marks compare as nothing.
        } else if let Some(mark) = is_quotation_mark(character) {
            push(&mut folded, mark, start, end);
        } else if is_dash(character) {
            // A run of dashes (`——`) is one dash.
            if folded.last().map(|previous| previous.character) == Some('-') && folded.last().is_some_and(|previous| previous.end == start) {
                if let Some(previous) = folded.last_mut() {
                    previous.end = end;
                }
            } else {
                push(&mut folded, '-', start, end);
            }
        } else {
            let compared = match width_folded {
                '\u{3001}' => ',',
                '\u{FF64}' => ',',
                other => other,
            };
            push(&mut folded, compared, start, end);
        }
        index += 1;
    }
    folded
}

fn push(folded: &mut Vec<Folded>, character: char, start: usize, end: usize) {
    folded.push(Folded { character, start, end });
}

/// Finds `needle` in `haystack` from position `from`: the first position where every character
/// compares equal.
fn find(haystack: &[Folded], needle: &[Folded], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from);
    }
    let first = needle[0].character;
    (from..=haystack.len().checked_sub(needle.len())?)
        .find(|&at| haystack[at].character == first && haystack[at..at + needle.len()].iter().zip(needle).all(|(a, b)| a.character == b.character))
}

/// Compares a quote with one text of the source.
pub fn match_quote(quote: &str, source: &str) -> QuoteMatch {
    let not_found = QuoteMatch { status: QuoteStatus::NotFound, source_range: None, source_bytes: None, differences: Vec::new() };
    match locate_quote(quote, source) {
        Located::Found(found) => found,
        Located::Folded { folded_quote, folded_source } => differences(quote, source, &folded_quote, &folded_source).unwrap_or(not_found),
        Located::Nothing => not_found,
    }
}

/// What [`locate_quote`] found: the match (exact, within the foldings, or too long to check),
/// or the folded texts the difference is computed from, or nothing to compare.
pub(crate) enum Located {
    Found(QuoteMatch),
    Folded { folded_quote: Vec<Folded>, folded_source: Vec<Folded> },
    Nothing,
}

impl Located {
    /// Whether the quote is in the text, exactly or within the foldings.
    pub(crate) fn holds(&self) -> bool {
        matches!(self, Located::Found(found) if found.status.holds())
    }
}

/// The cheap part of [`match_quote`]: the quote found in the text as it is or after the
/// foldings, without the word-by-word difference a quote that is not there needs.
pub(crate) fn locate_quote(quote: &str, source: &str) -> Located {
    let not_found = QuoteMatch { status: QuoteStatus::NotFound, source_range: None, source_bytes: None, differences: Vec::new() };
    if quote.chars().count() > MAXIMUM_QUOTE_CHARACTERS {
        return Located::Found(QuoteMatch { status: QuoteStatus::TooLong, ..not_found });
    }
    let range = |start: usize, end: usize| Some([utf16_offset(source, start) as u32, utf16_offset(source, end) as u32]);
    let trimmed = quote.trim();
    if !trimmed.is_empty() {
        if let Some(at) = source.find(trimmed) {
            let end = at + trimmed.len();
            return Located::Found(QuoteMatch {
                status: QuoteStatus::Exact,
                source_range: range(at, end),
                source_bytes: Some((at, end)),
                differences: Vec::new(),
            });
        }
    }
    let folded_quote = fold(quote, true);
    let folded_source = fold(source, false);
    let pieces: Vec<&[Folded]> = folded_quote.split(|folded| folded.character == ELLIPSIS).filter(|piece| !piece.is_empty()).collect();
    if pieces.is_empty() {
        return Located::Nothing;
    }
    // Every piece in order, each after the one before.
    let mut at = 0;
    let mut first_start = None;
    let mut last_end = 0;
    let mut all_found = true;
    for piece in &pieces {
        match find(&folded_source, piece, at) {
            Some(found) => {
                first_start.get_or_insert(folded_source[found].start);
                last_end = folded_source[found + piece.len() - 1].end;
                at = found + piece.len();
            }
            None => {
                all_found = false;
                break;
            }
        }
    }
    if all_found {
        let start = first_start.unwrap_or(0);
        return Located::Found(QuoteMatch {
            status: QuoteStatus::Matches,
            source_range: range(start, last_end),
            source_bytes: Some((start, last_end)),
            differences: Vec::new(),
        });
    }
    Located::Folded { folded_quote, folded_source }
}

/// A word of a folded text (a run of letters and digits outside the CJK scripts), or one CJK
/// character, or one mark: the unit the difference is computed over, so a changed English word
/// is reported whole and a changed Chinese character alone.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Token {
    text: String,
}

/// Splits a folded text into tokens; returns them with the folded index each starts at (and
/// one more entry, the length, so token `i` covers `starts[i]..starts[i + 1]`).
fn tokens(folded: &[Folded]) -> (Vec<Token>, Vec<usize>) {
    let mut tokens = Vec::new();
    let mut starts = Vec::new();
    let is_word = |character: char| character.is_alphanumeric() && !crate::text::is_cjk(character);
    let mut index = 0;
    while index < folded.len() {
        let start = index;
        if is_word(folded[index].character) {
            // A word ends where the original text had white space (folding dropped it) or at a
            // character that is not a letter or digit.
            index += 1;
            while index < folded.len() && is_word(folded[index].character) && folded[index].start == folded[index - 1].end {
                index += 1;
            }
        } else {
            index += 1;
        }
        tokens.push(Token { text: folded[start..index].iter().map(|folded| folded.character).collect() });
        starts.push(start);
    }
    starts.push(folded.len());
    (tokens, starts)
}

/// The differences between a quote and the passage of the source it is closest to, or `None`
/// when less than half of the quote's characters are found there in order.
fn differences(quote: &str, source: &str, folded_quote: &[Folded], folded_source: &[Folded]) -> Option<QuoteMatch> {
    use similar::{capture_diff_slices, Algorithm, DiffOp};
    // The diff is O((N + M) D); most quotes that get here are not in this text at all. Only
    // characters both texts have can be equal, so when those are fewer than half of the quote's,
    // it is no near match, found in linear time (a 3,000-character quote took seconds before).
    let wanted = folded_quote.iter().filter(|folded| folded.character != ELLIPSIS).count();
    let mut available: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    for folded in folded_source {
        *available.entry(folded.character).or_default() += 1;
    }
    let mut shared = 0;
    for folded in folded_quote {
        if let Some(count) = available.get_mut(&folded.character).filter(|count| **count > 0) {
            *count -= 1;
            shared += 1;
        }
    }
    if shared * 2 < wanted {
        return None;
    }
    let (quote_tokens, quote_starts) = tokens(folded_quote);
    let (source_tokens, source_starts) = tokens(folded_source);
    let operations = capture_diff_slices(Algorithm::Myers, &quote_tokens, &source_tokens);
    let characters = |tokens: &[Token]| -> usize { tokens.iter().map(|token| token.text.chars().count()).sum() };
    let equal: usize = operations
        .iter()
        .map(|operation| if let DiffOp::Equal { old_index, len, .. } = *operation { characters(&quote_tokens[old_index..old_index + len]) } else { 0 })
        .sum();
    if equal * 2 < wanted || equal == 0 {
        return None;
    }
    // Byte ranges of a run of tokens, in the quote or the source.
    let quote_bytes = |from: usize, to: usize| -> Option<(usize, usize)> {
        (from < to).then(|| (folded_quote[quote_starts[from]].start, folded_quote[quote_starts[to] - 1].end))
    };
    let source_bytes = |from: usize, to: usize| -> Option<(usize, usize)> {
        (from < to).then(|| (folded_source[source_starts[from]].start, folded_source[source_starts[to] - 1].end))
    };
    let is_ellipsis = |index: usize| quote_tokens.get(index).is_some_and(|token| token.text.starts_with(ELLIPSIS));
    // The passage: from the first operation that involves the quote to the last. What the
    // source alone has before and after it is context, not a difference; what the quote alone
    // has there (words added before or after) is.
    let involves_quote = |operation: &DiffOp| !matches!(operation, DiffOp::Insert { .. });
    let first = operations.iter().position(involves_quote)?;
    let last = operations.iter().rposition(involves_quote)?;
    let source_span = |operation: &DiffOp| -> Option<(usize, usize)> {
        match *operation {
            DiffOp::Equal { new_index, len, .. } => source_bytes(new_index, new_index + len),
            DiffOp::Replace { new_index, new_len, .. } => source_bytes(new_index, new_index + new_len),
            _ => None,
        }
    };
    let spans: Vec<(usize, usize)> = operations[first..=last].iter().filter_map(source_span).collect();
    let (passage_start, passage_end) = (spans.first()?.0, spans.last()?.1);
    let utf16 = |text: &str, byte: usize| utf16_offset(text, byte) as u32;
    // Runs of changes between equal runs, each gathered into one difference.
    struct Pending {
        quoted: Option<(usize, usize)>,
        source: Option<(usize, usize)>,
        quote_at: usize,
    }
    let widen = |range: Option<(usize, usize)>, more: Option<(usize, usize)>| match (range, more) {
        (Some((start, _)), Some((_, end))) => Some((start, end)),
        (None, more) => more,
        (range, None) => range,
    };
    let mut found = Vec::new();
    let mut pending: Option<Pending> = None;
    let flush = |pending: &mut Option<Pending>, found: &mut Vec<QuoteDifference>| {
        let Some(change) = pending.take() else { return };
        let quoted = change.quoted.unwrap_or((change.quote_at, change.quote_at));
        let from_source = change.source.unwrap_or((passage_start, passage_start));
        found.push(QuoteDifference {
            quoted: quote[quoted.0..quoted.1].to_string(),
            source: source[from_source.0..from_source.1].to_string(),
            quote_range: [utf16(quote, quoted.0), utf16(quote, quoted.1)],
            source_range: [utf16(source, from_source.0), utf16(source, from_source.1)],
        });
    };
    let quote_end = quote.trim_end().len();
    let at_quote_token = |index: usize| quote_starts.get(index).and_then(|&start| folded_quote.get(start)).map_or(quote_end, |folded| folded.start);
    for operation in &operations[first..=last] {
        match *operation {
            DiffOp::Equal { .. } => flush(&mut pending, &mut found),
            DiffOp::Delete { old_index, old_len, .. } => {
                // Words only the quote has; an ellipsis standing alone is not a change.
                if (old_index..old_index + old_len).all(is_ellipsis) {
                    continue;
                }
                let bytes = quote_bytes(old_index, old_index + old_len);
                let change = pending.get_or_insert(Pending { quoted: None, source: None, quote_at: at_quote_token(old_index) });
                change.quoted = widen(change.quoted, bytes);
            }
            DiffOp::Insert { old_index, new_index, new_len } => {
                // Words only the source has: dropped by the quote, unless an ellipsis in the
                // quote stands there.
                if is_ellipsis(old_index) || old_index.checked_sub(1).is_some_and(is_ellipsis) {
                    continue;
                }
                let bytes = source_bytes(new_index, new_index + new_len);
                let change = pending.get_or_insert(Pending { quoted: None, source: None, quote_at: at_quote_token(old_index) });
                change.source = widen(change.source, bytes);
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let quoted_range = old_index..old_index + old_len;
                // An ellipsis where the source has words stands for them.
                if quoted_range.clone().all(is_ellipsis) {
                    continue;
                }
                let ellipses: Vec<usize> = quoted_range.clone().filter(|&index| is_ellipsis(index)).collect();
                let (Some(&first_ellipsis), Some(&last_ellipsis)) = (ellipses.first(), ellipses.last()) else {
                    let change = pending.get_or_insert(Pending { quoted: None, source: None, quote_at: at_quote_token(old_index) });
                    change.quoted = widen(change.quoted, quote_bytes(old_index, old_index + old_len));
                    change.source = widen(change.source, source_bytes(new_index, new_index + new_len));
                    continue;
                };
                // Words changed next to an ellipsis: the words before it stand against as many
                // words at the start of the source's run, the words after it against as many at
                // its end, and the ellipsis takes the rest.
                let before = first_ellipsis - old_index;
                if before > 0 {
                    let taken = before.min(new_len);
                    let change = pending.get_or_insert(Pending { quoted: None, source: None, quote_at: at_quote_token(old_index) });
                    change.quoted = widen(change.quoted, quote_bytes(old_index, first_ellipsis));
                    change.source = widen(change.source, source_bytes(new_index, new_index + taken));
                }
                flush(&mut pending, &mut found);
                for middle in first_ellipsis + 1..last_ellipsis {
                    if !is_ellipsis(middle) {
                        let change = pending.get_or_insert(Pending { quoted: None, source: None, quote_at: at_quote_token(middle) });
                        change.quoted = widen(change.quoted, quote_bytes(middle, middle + 1));
                    }
                }
                flush(&mut pending, &mut found);
                let after = old_index + old_len - (last_ellipsis + 1);
                if after > 0 {
                    let taken = after.min(new_len);
                    let change = pending.get_or_insert(Pending { quoted: None, source: None, quote_at: at_quote_token(last_ellipsis + 1) });
                    change.quoted = widen(change.quoted, quote_bytes(last_ellipsis + 1, old_index + old_len));
                    change.source = widen(change.source, source_bytes(new_index + new_len - taken, new_index + new_len));
                }
            }
        }
    }
    flush(&mut pending, &mut found);
    let status = if found.is_empty() { QuoteStatus::Matches } else { QuoteStatus::Differs };
    Some(QuoteMatch {
        status,
        source_range: Some([utf16(source, passage_start), utf16(source, passage_end)]),
        source_bytes: Some((passage_start, passage_end)),
        differences: found,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_where_each_character_came_from() {
        let folded = fold("a，“b”——c … d", true);
        let characters: String = folded.iter().map(|folded| folded.character).collect();
        assert_eq!(characters, "a,\"b\"-c\u{2026}d");
        let dash = folded.iter().find(|folded| folded.character == '-').unwrap();
        assert_eq!(&"a，“b”——c … d"[dash.start..dash.end], "——");
    }
}
