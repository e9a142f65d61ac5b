//! Text helpers shared by the compiler, the citation parser and search: checksums, sentence
//! boundaries, width folding and UTF-16 offsets. None of them changes stored text.

/// FNV-1a, 64 bits: a small, dependency-free checksum that catches corrupted or edited text.
pub fn checksum(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= *byte as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

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

/// Splits a paragraph into sentences. Returns byte ranges into `text` that exclude the white
/// space between sentences. Chinese sentences end at 。！？ (and any closing quotes after them);
/// English sentences end at `.`, `!` or `?` followed by white space and the start of a new
/// sentence, except after common abbreviations and initials (U.S., No., e.g.).
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let characters: Vec<(usize, char)> = text.char_indices().collect();
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut index = 0;
    while index < characters.len() {
        let (offset, character) = characters[index];
        if start.is_none() {
            if character.is_whitespace() {
                index += 1;
                continue;
            }
            start = Some(offset);
        }
        let mut end_here = None;
        if matches!(character, '。' | '！' | '？') {
            let mut last = index;
            while last + 1 < characters.len() && is_closing(characters[last + 1].1) {
                last += 1;
            }
            let next_is_end = last + 1 >= characters.len();
            let next = if next_is_end {
                None
            } else {
                Some(characters[last + 1].1)
            };
            // A parenthesis or a run of closing marks does not end a Chinese sentence early.
            if next.map_or(true, |next| next != ')' && next != '）') {
                end_here = Some(last);
            }
        } else if matches!(character, '.' | '!' | '?') {
            let mut last = index;
            while last + 1 < characters.len() && is_closing(characters[last + 1].1) {
                last += 1;
            }
            let after = last + 1;
            if after < characters.len()
                && characters[after].1.is_whitespace()
                && !(character == '.' && is_abbreviation(text, offset))
            {
                let mut next = after;
                while next < characters.len() && characters[next].1.is_whitespace() {
                    next += 1;
                }
                if next < characters.len() && starts_sentence(characters[next].1) {
                    end_here = Some(last);
                }
            }
        }
        if let Some(last) = end_here {
            let (last_offset, last_character) = characters[last];
            spans.push((start.unwrap_or(0), last_offset + last_character.len_utf8()));
            start = None;
            index = last + 1;
            continue;
        }
        index += 1;
    }
    if let Some(start) = start {
        let end = text.trim_end().len();
        if end > start {
            spans.push((start, end));
        }
    }
    spans
}

fn is_closing(character: char) -> bool {
    matches!(character, '"' | '\'' | '”' | '’' | '」' | '』' | '》')
}

fn starts_sentence(character: char) -> bool {
    character.is_uppercase()
        || character.is_ascii_digit()
        || matches!(character, '"' | '“' | '‘' | '(' | '（' | '[' | '*')
        || is_cjk(character)
}

/// True when the period at `period` ends an abbreviation or an initial rather than a sentence.
fn is_abbreviation(text: &str, period: usize) -> bool {
    let before = &text[..period];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, character)| character.is_whitespace() || *character == '(')
        .map_or(0, |(index, character)| index + character.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Initials and dotted acronyms: "U.N", "U.S", "A".
    if word
        .split('.')
        .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase))
    {
        return true;
    }
    const ABBREVIATIONS: &[&str] = &[
        "No", "Nos", "Mr", "Mrs", "Ms", "Dr", "St", "e.g", "i.e", "vs", "cf", "Art", "para", "Vol",
        "pp", "p",
    ];
    ABBREVIATIONS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_spans(text)
            .into_iter()
            .map(|(start, end)| &text[start..end])
            .collect()
    }

    #[test]
    fn chinese_sentences_end_at_full_stops() {
        assert_eq!(
            sentences("中拉关系源远流长。早期的友好交往促进了交汇融合,造就了“共同标识”。最后"),
            vec![
                "中拉关系源远流长。",
                "早期的友好交往促进了交汇融合,造就了“共同标识”。",
                "最后"
            ]
        );
    }

    #[test]
    fn english_sentences_skip_abbreviations() {
        assert_eq!(
            sentences("The U.N. is the main platform. China will act. (VII) Heading"),
            vec![
                "The U.N. is the main platform.",
                "China will act.",
                "(VII) Heading"
            ]
        );
        assert_eq!(
            sentences("Hold the \"Dialogue\". Encourage more."),
            vec!["Hold the \"Dialogue\".", "Encourage more."]
        );
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
