//! Text helpers shared by the compiler, the citation parser and search: checksums, sentence
//! boundaries, width folding and UTF-16 offsets. None of them changes stored text.

/// Folds one character to the form used for matching: full-width ASCII to half-width, the
/// ideographic space to a space, and a few look-alike punctuation marks to one form.
/// Case is not folded here; callers lower-case where they want to.
pub fn fold_width(character: char) -> char {
    match character {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(character as u32 - 0xFEE0).unwrap_or(character),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        '\u{3001}' => ',',
        _ => character,
    }
}

/// True for characters of the CJK scripts that are written without spaces between words.
pub fn is_cjk(character: char) -> bool {
    matches!(character as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3040..=0x30FF)
}

/// Lower-cases one character for matching, one character to one (the rare characters whose
/// lower case is longer keep their first character).
pub fn lower_char(character: char) -> char {
    if character.is_ascii() {
        return character.to_ascii_lowercase();
    }
    character.to_lowercase().next().unwrap_or(character)
}

/// True for an upper-case letter.
pub fn is_capital(character: char) -> bool {
    character.is_uppercase()
}

/// The number of UTF-16 code units in a string: the unit JavaScript's string offsets count.
pub fn utf16_length(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Converts a byte offset in `text` to a UTF-16 offset. Offsets past the end map to the end.
pub fn utf16_offset(text: &str, byte_offset: usize) -> usize {
    let mut units = 0;
    for (index, character) in text.char_indices() {
        if index >= byte_offset {
            return units;
        }
        units += character.len_utf16();
    }
    units
}

/// Converts a UTF-16 offset to a byte offset in `text`, or `None` when it falls inside a
/// character or past the end.
pub fn byte_offset_from_utf16(text: &str, utf16: usize) -> Option<usize> {
    let mut units = 0;
    for (index, character) in text.char_indices() {
        if units == utf16 {
            return Some(index);
        }
        if units > utf16 {
            return None;
        }
        units += character.len_utf16();
    }
    if units == utf16 {
        Some(text.len())
    } else {
        None
    }
}

/// The character that starts at byte `at` of `text`, or `None` at the end.
fn character_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// The byte offset of the first character at or after `at` that is not white space (the end
/// of the text when there is none).
pub fn skip_white_space(text: &str, mut at: usize) -> usize {
    while let Some(blank) = character_at(text, at).filter(|next| next.is_whitespace()) {
        at += blank.len_utf8();
    }
    at
}

/// Splits a paragraph into sentences. Returns byte ranges into `text` that exclude the white
/// space between sentences. Chinese sentences end at 。！？ (and any closing quotes after them);
/// English sentences end at `.`, `!` or `?` followed by white space and the start of a new
/// sentence, except after common abbreviations and initials (U.S., No., e.g.).
///
/// It walks the text's bytes one character at a time, looking ahead where a sentence may end,
/// instead of first collecting the characters into a list.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    // Where the last character other than white space ends: the end of a last, unfinished
    // sentence.
    let mut content_end = 0;
    let mut at = 0;
    while let Some(character) = character_at(text, at) {
        let next_at = at + character.len_utf8();
        if char::is_whitespace(character) {
            if start.is_none() {
                at = next_at;
                continue;
            }
        } else {
            content_end = next_at;
            if start.is_none() {
                start = Some(at);
            }
        }
        let ends_chinese = matches!(character, '。' | '！' | '？');
        if ends_chinese || matches!(character, '.' | '!' | '?') {
            // The sentence takes any closing marks after its final stop with it.
            let mut end = next_at;
            let mut after = character_at(text, end);
            while let Some(closing) = after.filter(|&next| is_closing(next)) {
                end += closing.len_utf8();
                after = character_at(text, end);
            }
            let ends_here = if ends_chinese {
                // A parenthesis after the closing marks does not end a Chinese sentence early.
                !matches!(after, Some(')' | '）'))
            } else if after.is_some_and(char::is_whitespace) && !(character == '.' && is_abbreviation(text, at)) {
                // An English sentence ends where the next one starts after the white space.
                character_at(text, skip_white_space(text, end)).is_some_and(starts_sentence)
            } else {
                false
            };
            if ends_here {
                spans.push((start.unwrap_or(0), end));
                start = None;
                at = end;
                continue;
            }
        }
        at = next_at;
    }
    if let Some(start) = start {
        if content_end > start {
            spans.push((start, content_end));
        }
    }
    spans
}

fn is_closing(character: char) -> bool {
    matches!(character, '"' | '\'' | '”' | '’' | '」' | '』' | '》')
}

fn starts_sentence(character: char) -> bool {
    is_capital(character) || character.is_ascii_digit() || matches!(character, '"' | '“' | '‘' | '(' | '（' | '[' | '*') || is_cjk(character)
}

/// True when the period at `period` ends an abbreviation or an initial rather than a sentence.
fn is_abbreviation(text: &str, period: usize) -> bool {
    let before = text.get(..period).unwrap_or("");
    // The word before the period starts after the last white space or opening parenthesis.
    let mut word_start = before.len();
    for character in before.chars().rev() {
        if char::is_whitespace(character) || character == '(' {
            break;
        }
        word_start -= character.len_utf8();
    }
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Initials and dotted acronyms: "U.N", "U.S", "A": single capitals with periods between.
    let mut expect_capital = true;
    let mut initials = true;
    for character in word.chars() {
        initials &= if expect_capital { is_capital(character) } else { character == '.' };
        expect_capital = !expect_capital;
    }
    if initials && !expect_capital {
        return true;
    }
    const ABBREVIATIONS: &[&str] = &["No", "Nos", "Mr", "Mrs", "Ms", "Dr", "St", "e.g", "i.e", "vs", "cf", "Art", "para", "Vol", "pp", "p"];
    ABBREVIATIONS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_spans(text).into_iter().map(|(start, end)| &text[start..end]).collect()
    }

    #[test]
    fn chinese_sentences_end_at_full_stops() {
        assert_eq!(
            sentences("中拉关系源远流长。早期的友好交往促进了交汇融合,造就了“共同标识”。最后"),
            vec!["中拉关系源远流长。", "早期的友好交往促进了交汇融合,造就了“共同标识”。", "最后"]
        );
    }

    #[test]
    fn english_sentences_skip_abbreviations() {
        assert_eq!(
            sentences("The U.N. is the main platform. China will act. (VII) Heading"),
            vec!["The U.N. is the main platform.", "China will act.", "(VII) Heading"]
        );
        assert_eq!(sentences("Hold the \"Dialogue\". Encourage more."), vec!["Hold the \"Dialogue\".", "Encourage more."]);
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let text = "a𠀋b";
        assert_eq!(utf16_length(text), 4);
        assert_eq!(utf16_offset(text, 5), 3);
        assert_eq!(byte_offset_from_utf16(text, 3), Some(5));
        assert_eq!(byte_offset_from_utf16(text, 2), None);
    }

    #[test]
    fn width_folding_maps_full_width_forms() {
        let folded: String = "（九）ＡＢ１".chars().map(fold_width).collect();
        assert_eq!(folded, "(九)AB1");
    }
}
