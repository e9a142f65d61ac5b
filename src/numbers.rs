//! Numbers as the versions write them: Arabic (9), Roman (IX), Chinese (九) and English words
//! (Seventeen). Parsing is case-insensitive and never panics; values stay below 100.

use crate::prelude::*;

const ENGLISH_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

const ENGLISH_ORDINALS: [&str; 21] = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// How a number is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberStyle {
    Arabic,
    Roman,
    Chinese,
    EnglishWord,
}

/// Reads an Arabic numeral of at most four digits.
pub fn parse_arabic(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let mut value = 0;
    for byte in text.bytes() {
        value = value * 10 + (byte - b'0') as u32;
    }
    Some(value)
}

/// Reads a Roman numeral from I to XCIX, rejecting ill-formed ones such as IIII or VX.
pub fn parse_roman(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 12 {
        return None;
    }
    fn digit(byte: u8) -> Option<i32> {
        match byte {
            b'I' => Some(1),
            b'V' => Some(5),
            b'X' => Some(10),
            b'L' => Some(50),
            b'C' => Some(100),
            _ => None,
        }
    }
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut signed_total: i32 = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let value = digit(byte)?;
        // A letter that is not a numeral after this one is refused when the loop reaches it.
        let next = bytes
            .get(index + 1)
            .and_then(|&next| digit(next))
            .unwrap_or(0);
        if value < next {
            signed_total -= value;
        } else {
            signed_total += value;
        }
    }
    let total = u32::try_from(signed_total).ok()?;
    // Accept only the canonical spelling of the value.
    if total == 0 || total >= 100 || to_roman(total) != upper {
        return None;
    }
    Some(total)
}

/// Reads a Chinese numeral from 一 to 九十九 (also 〇/零 for zero and the capital forms are not
/// used by these texts, so they are not accepted).
pub fn parse_chinese(text: &str) -> Option<u32> {
    fn digit(character: char) -> Option<u32> {
        "零一二三四五六七八九"
            .chars()
            .position(|candidate| candidate == character)
            .map(|index| index as u32)
    }
    // The numerals read here have at most three characters.
    let mut characters = ['\0'; 3];
    let mut count = 0;
    for character in text.chars() {
        if count == characters.len() {
            return None;
        }
        characters[count] = character;
        count += 1;
    }
    match &characters[..count] {
        [single] if *single == '十' => Some(10),
        [single] => digit(*single).filter(|value| *value > 0),
        ['十', ones] => digit(*ones)
            .filter(|value| *value > 0)
            .map(|value| 10 + value),
        [tens, '十'] => digit(*tens)
            .filter(|value| *value > 1)
            .map(|value| value * 10),
        [tens, '十', ones] => {
            let tens = digit(*tens).filter(|value| *value > 1)?;
            let ones = digit(*ones).filter(|value| *value > 0)?;
            Some(tens * 10 + ones)
        }
        _ => None,
    }
}

/// Reads an English number word (one to twenty) or ordinal (first to twentieth).
pub fn parse_english_word(text: &str) -> Option<u32> {
    let lower = text.to_ascii_lowercase();
    ENGLISH_WORDS
        .iter()
        .position(|word| *word == lower)
        .or_else(|| ENGLISH_ORDINALS.iter().position(|word| *word == lower))
        .map(|index| index as u32)
        .filter(|value| *value > 0)
}

/// Reads a number in any of the styles, telling which style it was.
pub fn parse_any(text: &str) -> Option<(u32, NumberStyle)> {
    if let Some(value) = parse_arabic(text) {
        return Some((value, NumberStyle::Arabic));
    }
    if let Some(value) = parse_roman(text) {
        return Some((value, NumberStyle::Roman));
    }
    if let Some(value) = parse_chinese(text) {
        return Some((value, NumberStyle::Chinese));
    }
    parse_english_word(text).map(|value| (value, NumberStyle::EnglishWord))
}

/// Writes `value` in decimal digits at the end of `out`, without `core::fmt` (which the wasm
/// build leaves out): the one place numbers become text.
pub fn push_decimal(out: &mut String, value: u64) {
    let mut digits = [0u8; 20];
    let mut length = 0;
    let mut rest = value;
    loop {
        digits[length] = b'0' + (rest % 10) as u8;
        length += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for position in (0..length).rev() {
        out.push(digits[position] as char);
    }
}

/// `value` in decimal digits, as a new string (see [`push_decimal`]).
pub fn decimal(value: u64) -> String {
    let mut out = String::new();
    push_decimal(&mut out, value);
    out
}

pub fn to_roman(mut value: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut output = String::new();
    for (amount, letters) in TABLE {
        while value >= amount {
            output.push_str(letters);
            value -= amount;
        }
    }
    output
}

pub fn to_chinese(value: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut output = String::new();
    match value {
        0..=9 => output.push(DIGITS[value as usize]),
        10..=99 => {
            if value >= 20 {
                output.push(DIGITS[(value / 10) as usize]);
            }
            output.push('十');
            if value % 10 != 0 {
                output.push(DIGITS[(value % 10) as usize]);
            }
        }
        _ => push_decimal(&mut output, value as u64),
    }
    output
}

pub fn to_english_word(value: u32) -> String {
    let word = ENGLISH_WORDS.get(value as usize).copied().unwrap_or("");
    let mut output = String::new();
    let mut characters = word.chars();
    match characters.next() {
        Some(first) => {
            output.push(first.to_ascii_uppercase());
            output.push_str(characters.as_str());
        }
        None => push_decimal(&mut output, value as u64),
    }
    output
}

pub fn format_number(value: u32, style: NumberStyle) -> String {
    match style {
        NumberStyle::Arabic => decimal(value as u64),
        NumberStyle::Roman => to_roman(value),
        NumberStyle::Chinese => to_chinese(value),
        NumberStyle::EnglishWord => to_english_word(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_reads_one_to_twenty() {
        for value in 1..=20 {
            assert_eq!(parse_roman(&to_roman(value)), Some(value), "roman {value}");
            assert_eq!(
                parse_chinese(&to_chinese(value)),
                Some(value),
                "chinese {value}"
            );
            assert_eq!(
                parse_english_word(&to_english_word(value)),
                Some(value),
                "word {value}"
            );
            assert_eq!(parse_arabic(&value.to_string()), Some(value));
            assert_eq!(decimal(value as u64), value.to_string());
        }
        assert_eq!(parse_roman("xvii"), Some(17));
        assert_eq!(parse_chinese("十七"), Some(17));
        assert_eq!(parse_english_word("Seventeen"), Some(17));
    }

    #[test]
    fn malformed_numerals_are_refused() {
        for text in ["IIII", "VX", "", "IC", "F", "A", "十十", "一一", "零"] {
            assert_eq!(parse_roman(text).or(parse_chinese(text)), None, "{text}");
        }
        assert_eq!(
            parse_roman("C"),
            None,
            "values of 100 and above are out of range"
        );
    }
}
