//! Acronyms a version defines on first use: "Latin America and the Caribbean (LAC)", "Global
//! Development Initiative (GDI)". Search expands a query's acronym into its words and the
//! words into the acronym, so either finds text that uses the other.

use crate::model::{Acronym, Version};

/// Small words an acronym skips: "Latin America and the Caribbean" is LAC.
const SKIPPED: &[&str] = &["and", "the", "of", "for", "on", "in", "to", "with", "a", "an", "&"];

/// How far before an acronym's bracket its words are looked for.
const WINDOW_BYTES: usize = 400;

/// The acronyms defined in the versions' texts, each once, in order of first definition.
pub fn find(versions: &[Version]) -> Vec<Acronym> {
    let mut found: Vec<Acronym> = Vec::new();
    for version in versions {
        for acronym in defined(&version.text) {
            if !found.iter().any(|known| known.short == acronym.short) {
                found.push(acronym);
            }
        }
    }
    found
}

/// The acronyms one text defines.
pub fn defined(text: &str) -> Vec<Acronym> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(open) = text[at..].find('(').map(|offset| at + offset) {
        at = open + 1;
        let Some(close) = text[open + 1..].find(')').map(|offset| open + 1 + offset) else {
            break;
        };
        let inside = &text[open + 1..close];
        let letters = inside.len();
        if !(2..=10).contains(&letters) || !inside.bytes().all(|byte| byte.is_ascii_uppercase()) {
            continue;
        }
        // Walk back over the words before the bracket, matching the acronym's letters from
        // its last.
        let before = text[..open].trim_end();
        if before.len() == open && bytes.get(open.wrapping_sub(1)).is_some_and(|byte| !byte.is_ascii_whitespace()) {
            // "X(ABC)" without a space is not a definition in running text.
            continue;
        }
        // An acronym of at most ten letters, with the small words it skips, is spelt out in
        // the few hundred bytes before its bracket; reading only those keeps a long text linear.
        let mut window = before.len().saturating_sub(WINDOW_BYTES);
        while !before.is_char_boundary(window) {
            window += 1;
        }
        let words: Vec<(usize, &str)> = word_starts(&before[window..]).into_iter().map(|(position, word)| (position + window, word)).collect();
        let wanted: Vec<char> = inside.chars().collect();
        let mut next = wanted.len();
        let mut start = None;
        for &(position, word) in words.iter().rev() {
            if next == 0 {
                break;
            }
            let first = word.chars().next().unwrap_or(' ');
            if first.to_ascii_uppercase() == wanted[next - 1] && first.is_uppercase() {
                next -= 1;
                start = Some(position);
                continue;
            }
            // A hyphenated word may give two letters: "Belt-and-Road".
            if SKIPPED.contains(&word.to_ascii_lowercase().as_str()) {
                continue;
            }
            break;
        }
        if next == 0 {
            if let Some(start) = start {
                let long = before[start..].trim().to_string();
                if long.split_whitespace().count() >= 2 {
                    found.push(Acronym { short: inside.to_string(), long });
                }
            }
        }
    }
    found
}

/// The words of a text with their byte offsets (letters, digits, apostrophes and hyphens).
fn word_starts(text: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (offset, character) in text.char_indices() {
        let in_word = character.is_alphanumeric() || character == '\'' || character == '’';
        match (in_word, start) {
            (true, None) => start = Some(offset),
            (false, Some(begin)) => {
                words.push((begin, &text[begin..offset]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begin) = start {
        words.push((begin, &text[begin..]));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_found_with_their_words() {
        let text = "China and Latin America and the Caribbean (LAC) agree. It is implementing the Global Development Initiative (GDI), and the (UN) and X(ABC) are not definitions.";
        let found = defined(text);
        let pairs: Vec<(&str, &str)> = found.iter().map(|acronym| (acronym.short.as_str(), acronym.long.as_str())).collect();
        assert_eq!(pairs, [("LAC", "Latin America and the Caribbean"), ("GDI", "Global Development Initiative")]);
    }
}
