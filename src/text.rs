//! Text helpers shared by the compiler, the citation parser and search: checksums, sentence
//! boundaries, width folding and UTF-16 offsets. None of them changes stored text.

use crate::prelude::*;

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

/// Lower-cases one character for matching, without the standard library's Unicode tables
/// (about 20 KB of the wasm build): ASCII, Latin-1, Latin Extended-A and Additional, Greek,
/// Cyrillic, Armenian, Roman numerals and full-width Latin letters. Every other character,
/// Chinese included, is returned unchanged. One character always maps to one character.
pub fn lower_char(character: char) -> char {
    let code = character as u32;
    let lowered = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            code + 0x20
        }
        0x400..=0x40F => code + 0x50,
        0x531..=0x556 => code + 0x30,
        0x2160..=0x216F => code + 0x10,
        0xFF21..=0xFF3A => code + 0x20,
        0x386 => 0x3AC,
        0x388..=0x38A => code + 0x25,
        0x38C => 0x3CC,
        0x38E..=0x38F => code + 0x3F,
        0x178 => 0xFF,
        // The dotted capital I lower-cases to "i" plus a combining dot; matching wants the "i".
        0x130 => 0x69,
        // Alternating capital/small pairs: the capital is the even code point ...
        0x100..=0x137
        | 0x14A..=0x177
        | 0x460..=0x481
        | 0x48A..=0x4BF
        | 0x4D0..=0x52F
        | 0x1E00..=0x1E95
        | 0x1EA0..=0x1EFF => code | 1,
        // ... or the odd one.
        0x139..=0x148 | 0x179..=0x17E | 0x4C1..=0x4CE if code % 2 == 1 => code + 1,
        _ => code,
    };
    char::from_u32(lowered).unwrap_or(character)
}

/// True when [`lower_char`] changes the character: a capital letter of the scripts it knows.
pub fn is_capital(character: char) -> bool {
    lower_char(character) != character
}

/// True for letters and digits of the scripts a reader of this corpus may type: Latin, Greek,
/// Cyrillic, Armenian, Hebrew, Arabic, Indic and Thai letters, the CJK scripts and Hangul, Roman
/// numerals, ASCII and full-width digits. A small range table stands in for the standard
/// library's `is_alphanumeric`.
pub fn is_letter_or_digit(character: char) -> bool {
    is_letter(character)
        || character.is_ascii_digit()
        || matches!(character, '\u{FF10}'..='\u{FF19}')
}

/// True for the letters [`is_letter_or_digit`] knows (CJK characters included).
pub fn is_letter(character: char) -> bool {
    const LETTERS: &[(u32, u32)] = &[
        (0x41, 0x5A),
        (0x61, 0x7A),
        (0xAA, 0xAA),
        (0xB5, 0xB5),
        (0xBA, 0xBA),
        (0xC0, 0xD6),
        (0xD8, 0xF6),
        (0xF8, 0x2C1),
        (0x370, 0x373),
        (0x376, 0x377),
        (0x37B, 0x37D),
        (0x386, 0x386),
        (0x388, 0x38A),
        (0x38C, 0x38C),
        (0x38E, 0x3A1),
        (0x3A3, 0x3F5),
        (0x3F7, 0x3FF),
        (0x400, 0x481),
        (0x48A, 0x52F),
        (0x531, 0x556),
        (0x561, 0x587),
        (0x5D0, 0x5EA),
        (0x620, 0x64A),
        (0x671, 0x6D3),
        (0x904, 0x939),
        (0x958, 0x961),
        (0xE01, 0xE30),
        (0x1E00, 0x1FFF),
        (0x2160, 0x2188),
        (0x3041, 0x3096),
        (0x309D, 0x309F),
        (0x30A1, 0x30FA),
        (0x30FC, 0x30FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xAC00, 0xD7A3),
        (0xF900, 0xFA6D),
        (0xFF21, 0xFF3A),
        (0xFF41, 0xFF5A),
        (0x20000, 0x2FA1F),
    ];
    let code = character as u32;
    LETTERS
        .iter()
        .any(|&(first, last)| first <= code && code <= last)
}

/// `&text[start..end]`, for offsets the caller has found on character boundaries. A wrong
/// offset is a bug and still stops the program, but without the message that indexing formats
/// (with the standard library's character escaping and Unicode tables, which would otherwise
/// ship in the wasm build).
pub fn slice(text: &str, start: usize, end: usize) -> &str {
    match text.get(start..end) {
        Some(part) => part,
        None => panic!("a text offset is not on a character boundary"),
    }
}

/// The byte offset of the first occurrence of `needle` in `text` (0 for an empty needle), like
/// `str::find` with a string pattern. It finds each occurrence of the needle's first character
/// (a `char` search, which scans with `memchr`) and compares the rest there: the needles in this
/// crate are a few characters long, and this keeps the standard library's two-way string
/// searcher (≈1.3 KB brotli) out of the wasm build.
pub fn find(text: &str, needle: &str) -> Option<usize> {
    let Some(first) = needle.chars().next() else {
        return Some(0);
    };
    let mut from = 0;
    while let Some(offset) = text.get(from..)?.find(first) {
        let at = from + offset;
        if text.get(at..)?.starts_with(needle) {
            return Some(at);
        }
        from = at + first.len_utf8();
    }
    None
}

/// The byte offset of the last occurrence of `needle` in `text`, like `str::rfind`.
pub fn rfind(text: &str, needle: &str) -> Option<usize> {
    let Some(first) = needle.chars().next() else {
        return Some(text.len());
    };
    let mut end = text.len();
    while let Some(at) = text.get(..end)?.rfind(first) {
        if text.get(at..)?.starts_with(needle) {
            return Some(at);
        }
        end = at;
    }
    None
}

/// The text before and after the first `separator`, like `str::split_once` with a string.
pub fn split_once<'t>(text: &'t str, separator: &str) -> Option<(&'t str, &'t str)> {
    let at = find(text, separator)?;
    Some((
        slice(text, 0, at),
        slice(text, at + separator.len(), text.len()),
    ))
}

/// The text before and after the last `separator`, like `str::rsplit_once` with a string.
pub fn rsplit_once<'t>(text: &'t str, separator: &str) -> Option<(&'t str, &'t str)> {
    let at = rfind(text, separator)?;
    Some((
        slice(text, 0, at),
        slice(text, at + separator.len(), text.len()),
    ))
}

/// The part of `text` after the last `separator`, or all of it when there is none: the last
/// segment of a clause id such as `pt_3__prog_2__sec_9`.
pub fn last_segment<'t>(text: &'t str, separator: &str) -> &'t str {
    rsplit_once(text, separator).map_or(text, |(_, last)| last)
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

/// True for the characters Unicode calls white space: exactly what `char::is_whitespace`
/// accepts, as a small match instead of the standard library's table lookup.
pub fn is_white_space(character: char) -> bool {
    matches!(
        character,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// The character that starts at byte `at` of `text`, or `None` at the end (or off a character
/// boundary, which the callers never ask for).
#[inline(never)]
fn character_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// The byte offset of the first character at or after `at` that is not white space (the end
/// of the text when there is none).
pub fn skip_white_space(text: &str, mut at: usize) -> usize {
    while let Some(blank) = character_at(text, at).filter(|&next| is_white_space(next)) {
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
        if is_white_space(character) {
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
            } else if after.is_some_and(is_white_space)
                && !(character == '.' && is_abbreviation(text, at))
            {
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
    is_capital(character)
        || character.is_ascii_digit()
        || matches!(character, '"' | '“' | '‘' | '(' | '（' | '[' | '*')
        || is_cjk(character)
}

/// True when the period at `period` ends an abbreviation or an initial rather than a sentence.
fn is_abbreviation(text: &str, period: usize) -> bool {
    let before = text.get(..period).unwrap_or("");
    // The word before the period starts after the last white space or opening parenthesis.
    let mut word_start = before.len();
    for character in before.chars().rev() {
        if is_white_space(character) || character == '(' {
            break;
        }
        word_start -= character.len_utf8();
    }
    let word = slice(before, word_start, before.len());
    if word.is_empty() {
        return false;
    }
    // Initials and dotted acronyms: "U.N", "U.S", "A": single capitals with periods between.
    let mut expect_capital = true;
    let mut initials = true;
    for character in word.chars() {
        initials &= if expect_capital {
            is_capital(character)
        } else {
            character == '.'
        };
        expect_capital = !expect_capital;
    }
    if initials && !expect_capital {
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
    fn small_case_and_letter_tables_agree_with_the_standard_library_where_they_claim_to() {
        // Every character lower_char changes is a capital whose one-character lower case the
        // standard library agrees with; every ASCII, Latin-1 and Greek/Cyrillic capital is folded.
        for code in 0..0x30000u32 {
            let Some(character) = char::from_u32(code) else {
                continue;
            };
            let ours = lower_char(character);
            if ours != character && code != 0x130 {
                let theirs: Vec<char> = character.to_lowercase().collect();
                assert_eq!(theirs, vec![ours], "lower_char({character:?})");
            }
            // Roman numerals count as letters here (they are numbers to the standard library);
            // Greek Extended and the supplementary planes are taken whole, unassigned gaps and all.
            let whole_blocks = matches!(code, 0x2160..=0x2188 | 0x1E00..=0x1FFF | 0x10000..);
            if is_letter_or_digit(character) && !whole_blocks {
                assert!(
                    character.is_alphanumeric(),
                    "is_letter_or_digit({character:?})"
                );
            }
        }
        for character in ('A'..='Z')
            .chain('À'..='Þ')
            .chain('Α'..='Ω')
            .chain('А'..='Я')
        {
            if character != '×' && character != '\u{3A2}' {
                assert!(is_capital(character), "{character:?} is a capital");
            }
        }
        assert_eq!(lower_char('Ž'), 'ž');
        assert_eq!(lower_char('Ĺ'), 'ĺ');
        assert_eq!(lower_char('中'), '中');
        assert!(is_letter('中') && is_letter('é') && !is_letter('-') && !is_letter('。'));
    }

    #[test]
    fn substring_search_agrees_with_the_standard_library() {
        let texts = [
            "",
            "a",
            "pt_3__prog_2__sec_9",
            "__",
            "a____b",
            "《人民日报》",
            "a..b..c",
            "¶ ¶",
            "海绵海绵城市海绵",
        ];
        let needles = [
            "",
            "_",
            "__",
            "..",
            "日报",
            "》",
            " ¶",
            "¶",
            "pt_3__prog_2__sec_9x",
            "海绵城市",
            "海绵",
        ];
        for text in texts {
            for needle in needles {
                assert_eq!(
                    find(text, needle),
                    text.find(needle),
                    "find({text:?}, {needle:?})"
                );
                assert_eq!(
                    rfind(text, needle),
                    text.rfind(needle),
                    "rfind({text:?}, {needle:?})"
                );
                assert_eq!(split_once(text, needle), text.split_once(needle));
                assert_eq!(rsplit_once(text, needle), text.rsplit_once(needle));
            }
        }
        assert_eq!(last_segment("pt_3__prog_2__sec_9", "__"), "sec_9");
        assert_eq!(last_segment("preface", "__"), "preface");
    }

    #[test]
    fn width_folding_maps_full_width_forms() {
        let folded: String = "（九）ＡＢ１".chars().map(fold_width).collect();
        assert_eq!(folded, "(九)AB1");
    }
}
