//! The hand-written tokenizer of the citation parser. It folds width (full-width brackets and
//! digits become half-width), lower-cases letters, and cuts the input into words, numbers,
//! single Chinese characters, canonical ids and punctuation marks. Every token keeps its byte
//! range and its UTF-16 range in the original text, so found citations can be reported in
//! JavaScript's offsets. It runs in one pass, so its cost is linear in the input's length.

use crate::text::{fold_width, is_capital, is_cjk, lower_char};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A run of letters (apostrophes inside a word are dropped: "China's" reads "chinas").
    Word,
    /// A run of ASCII digits.
    Number,
    /// One Chinese (CJK) character.
    Han,
    /// A run of `[a-z0-9_-]` containing `__`: a canonical clause id.
    Id,
    Open,
    Close,
    /// Hyphens, en and em dashes, the minus sign and tildes: a range mark or a word joiner.
    Dash,
    Pilcrow,
    SectionSign,
    Period,
    /// Commas, the Chinese enumeration comma 、, colons and semicolons.
    Comma,
    /// Quotation marks and Chinese title marks 《》.
    Quote,
    Hash,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub kind: TokenKind,
    /// Byte range in the original text.
    pub start: u32,
    pub end: u32,
    /// UTF-16 range in the original text.
    pub utf16_start: u32,
    pub utf16_end: u32,
    /// Byte range of the normalised form in [`Tokens::normalised`].
    pub norm_start: u32,
    pub norm_end: u32,
    /// True when the token's first character is an upper-case letter in the original.
    pub capital: bool,
}

pub(crate) struct Tokens {
    pub normalised: String,
    pub list: Vec<Token>,
}

impl Tokens {
    /// Adds a token whose normalised text is what was pushed onto `normalised` since
    /// `norm_start`: source bytes `start..end`, UTF-16 units `utf16.0..utf16.1`.
    fn push_token(&mut self, kind: TokenKind, start: usize, end: usize, utf16: (u32, u32), norm_start: u32, capital: bool) {
        self.list.push(Token {
            kind,
            start: start as u32,
            end: end as u32,
            utf16_start: utf16.0,
            utf16_end: utf16.1,
            norm_start,
            norm_end: self.normalised.len() as u32,
            capital,
        });
    }

    /// The normalised text of token `index`, or "" past the end.
    pub fn text(&self, index: usize) -> &str {
        match self.list.get(index) {
            Some(token) => self.normalised.get(token.norm_start as usize..token.norm_end as usize).unwrap_or(""),
            None => "",
        }
    }

    pub fn kind(&self, index: usize) -> Option<TokenKind> {
        self.list.get(index).map(|token| token.kind)
    }

    pub fn is(&self, index: usize, kind: TokenKind) -> bool {
        self.kind(index) == Some(kind)
    }

    /// True when token `index` is a word, a number or a Chinese character: what names are
    /// made of.
    pub fn is_word(&self, index: usize) -> bool {
        matches!(self.kind(index), Some(TokenKind::Word | TokenKind::Han | TokenKind::Number))
    }

    /// True when token `index` is the word or character `text`.
    pub fn is_text(&self, index: usize, text: &str) -> bool {
        self.is_word(index) && self.text(index) == text
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }
}

/// A letter of a word: any alphabetic character other than the CJK characters (each of which
/// is a token of its own).
fn is_letter(character: char) -> bool {
    if character.is_ascii() {
        return character.is_ascii_alphabetic();
    }
    character.is_alphabetic() && !is_cjk(character)
}

/// Cuts `source` into tokens. Never panics, whatever the input.
pub(crate) fn tokenize(source: &str) -> Tokens {
    let mut tokens = Tokens { normalised: String::with_capacity(source.len().min(1 << 20)), list: Vec::new() };
    let bytes = source.as_bytes();
    let mut index = 0usize;
    let mut utf16 = 0u32;
    // The end of the last ASCII run found to hold no id, so no run is scanned twice.
    let mut no_id_until = 0usize;
    while index < source.len() {
        let Some(raw) = source.get(index..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let character = fold_width(raw);
        let start = index;
        let utf16_start = utf16;
        let norm_start = tokens.normalised.len() as u32;
        // Canonical ids and ASCII words or numbers.
        if (character.is_ascii_alphanumeric() || character == '_') && index >= no_id_until {
            let mut end = index;
            let mut has_double_underscore = false;
            while end < bytes.len() {
                let byte = bytes[end];
                if byte.is_ascii_alphanumeric() || byte == b'_' || (byte == b'-' && end > index) {
                    if byte == b'_' && end > index && bytes[end - 1] == b'_' {
                        has_double_underscore = true;
                    }
                    end += 1;
                } else {
                    break;
                }
            }
            // A full-width start character is not ASCII in the source, so only a true ASCII
            // run can be an id.
            // An id does not end with a hyphen ("pt_3__sec_2-" is the id and a dash).
            while end > index && bytes[end - 1] == b'-' {
                end -= 1;
            }
            if has_double_underscore && raw.is_ascii() {
                for byte in &bytes[index..end] {
                    tokens.normalised.push(byte.to_ascii_lowercase() as char);
                }
                utf16 += (end - index) as u32;
                tokens.push_token(TokenKind::Id, start, end, (utf16_start, utf16), norm_start, false);
                index = end;
                continue;
            }
            no_id_until = end;
        }
        if character.is_ascii_digit() {
            let mut end = index;
            while let Some(next) = source.get(end..).and_then(|rest| rest.chars().next()) {
                let folded = fold_width(next);
                if !folded.is_ascii_digit() {
                    break;
                }
                tokens.normalised.push(folded);
                end += next.len_utf8();
                utf16 += next.len_utf16() as u32;
            }
            tokens.push_token(TokenKind::Number, start, end, (utf16_start, utf16), norm_start, false);
            index = end;
            continue;
        }
        if is_letter(character) {
            let capital = is_capital(character);
            let mut end = index;
            while let Some(next) = source.get(end..).and_then(|rest| rest.chars().next()) {
                let folded = fold_width(next);
                if is_letter(folded) {
                    tokens.normalised.push(lower_char(folded));
                    end += next.len_utf8();
                    utf16 += next.len_utf16() as u32;
                    continue;
                }
                // An apostrophe between letters belongs to the word and is dropped.
                if folded == '\'' {
                    let after = end + next.len_utf8();
                    let following = source.get(after..).and_then(|rest| rest.chars().next()).map(fold_width);
                    if following.is_some_and(is_letter) {
                        end = after;
                        utf16 += next.len_utf16() as u32;
                        continue;
                    }
                }
                break;
            }
            tokens.push_token(TokenKind::Word, start, end, (utf16_start, utf16), norm_start, capital);
            index = end;
            continue;
        }
        index += raw.len_utf8();
        utf16 += raw.len_utf16() as u32;
        let kind = if is_cjk(character) {
            TokenKind::Han
        } else {
            match character {
                '(' | '[' | '〔' | '【' => TokenKind::Open,
                ')' | ']' | '〕' | '】' => TokenKind::Close,
                '-' | '~' | '〜' => TokenKind::Dash,
                '¶' => TokenKind::Pilcrow,
                '§' => TokenKind::SectionSign,
                '.' | '。' => TokenKind::Period,
                ',' | ':' | ';' => TokenKind::Comma,
                '"' | '\'' | '《' | '》' | '「' | '」' | '『' | '』' | '〈' | '〉' => TokenKind::Quote,
                '#' => TokenKind::Hash,
                _ if character.is_whitespace() || character.is_control() => continue,
                // Format characters such as the zero-width space and the byte-order mark are
                // invisible: they separate tokens but are not tokens.
                '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' => continue,
                _ => TokenKind::Other,
            }
        };
        tokens.normalised.push(character);
        tokens.push_token(kind, start, index, (utf16_start, utf16), norm_start, false);
    }
    tokens
}

/// The words of a name as the matcher compares them: words, numbers and Chinese characters,
/// without punctuation.
pub(crate) fn phrase_words(name: &str) -> Vec<String> {
    let tokens = tokenize(name);
    words_in(&tokens, 0, tokens.len())
}

/// The words, numbers and Chinese characters among tokens `start..end`, normalised.
pub(crate) fn words_in(tokens: &Tokens, start: usize, end: usize) -> Vec<String> {
    let mut words = Vec::new();
    for index in start..end {
        if tokens.is_word(index) {
            words.push(String::from(tokens.text(index)));
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_case() {
        let tokens = tokenize("Ｄｅｖｅｌｏｐｍｅｎｔ Program（９）¶3");
        let kinds: Vec<TokenKind> = tokens.list.iter().map(|token| token.kind).collect();
        assert_eq!(kinds, vec![TokenKind::Word, TokenKind::Word, TokenKind::Open, TokenKind::Number, TokenKind::Close, TokenKind::Pilcrow, TokenKind::Number]);
        assert_eq!(tokens.text(0), "development");
        assert_eq!(tokens.text(3), "9");
        assert!(tokens.list[0].capital);
    }

    #[test]
    fn ids_and_apostrophes() {
        let tokens = tokenize("see pt_3__prog_2 in China's paper");
        assert_eq!(tokens.kind(1), Some(TokenKind::Id));
        assert_eq!(tokens.text(3), "chinas");
        assert_eq!(phrase_words("People-to-People"), vec!["people", "to", "people"]);
    }
}
