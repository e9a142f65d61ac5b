//! Numbers as the versions write them: Arabic (9), Roman (IX), Chinese (九) and English words
//! (Seventeen). Parsing is case-insensitive and never panics; values stay below 100.

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

/// Reads an Arabic numeral of at most eight digits (the range the Chinese numerals cover).
pub fn parse_arabic(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 8 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Reads a Roman numeral from I to MMMCMXCIX, rejecting ill-formed ones such as IIII or VX.
pub fn parse_roman(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 15 {
        return None;
    }
    fn digit(byte: u8) -> Option<i32> {
        match byte {
            b'I' => Some(1),
            b'V' => Some(5),
            b'X' => Some(10),
            b'L' => Some(50),
            b'C' => Some(100),
            b'D' => Some(500),
            b'M' => Some(1000),
            _ => None,
        }
    }
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut signed_total: i32 = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let value = digit(byte)?;
        // A letter that is not a numeral after this one is refused when the loop reaches it.
        let next = bytes.get(index + 1).and_then(|&next| digit(next)).unwrap_or(0);
        if value < next {
            signed_total -= value;
        } else {
            signed_total += value;
        }
    }
    let total = u32::try_from(signed_total).ok()?;
    // Accept only the canonical spelling of the value.
    if total == 0 || total >= 4000 || to_roman(total) != upper {
        return None;
    }
    Some(total)
}

/// Reads a Chinese numeral from 一 to 九千九百九十九万九千九百九十九, in the forms laws and
/// documents write: 十, 十七, 二十, 一百, 一百零五, 一百二十三, 三千零一, 一万零三百, 四万.
/// 〇 and 零 stand for a missing place; the capital (financial) forms are not read.
pub fn parse_chinese(text: &str) -> Option<u32> {
    if text.chars().count() > 24 {
        return None;
    }
    match text.split_once('万') {
        None => parse_chinese_below_ten_thousand(text),
        Some((high, low)) => {
            let high = parse_chinese_below_ten_thousand(high)?;
            let low = match low {
                "" => 0,
                _ => match low.strip_prefix(['零', '〇']) {
                    // 一万零三百: the zero says the thousands place is empty.
                    Some(rest) => parse_chinese_below_ten_thousand(rest).filter(|value| *value < 1000)?,
                    // 一万三千: without a zero the thousands place must be written.
                    None => parse_chinese_below_ten_thousand(low).filter(|value| *value >= 1000)?,
                },
            };
            Some(high * 10_000 + low)
        }
    }
}

/// Reads a Chinese numeral from 一 to 九千九百九十九 (see [`parse_chinese`]).
fn parse_chinese_below_ten_thousand(text: &str) -> Option<u32> {
    fn digit(character: char) -> Option<u32> {
        "零一二三四五六七八九".chars().position(|candidate| candidate == character).map(|index| index as u32)
    }
    if text.is_empty() || text.chars().count() > 12 {
        return None;
    }
    let mut total = 0u32;
    // The digit waiting for its unit (十, 百, 千), if any.
    let mut pending: Option<u32> = None;
    // The largest unit still allowed: units must come in decreasing order.
    let mut allowed_unit = 10_000u32;
    let mut after_zero = false;
    for character in text.chars() {
        let unit = match character {
            '十' => Some(10),
            '百' => Some(100),
            '千' => Some(1000),
            '〇' => {
                if pending.is_some() {
                    return None;
                }
                after_zero = true;
                continue;
            }
            _ => None,
        };
        match unit {
            Some(unit) => {
                if unit >= allowed_unit {
                    return None;
                }
                let multiplier = match pending.take() {
                    Some(value) => value,
                    // A bare 十 at the start means ten: 十七 is seventeen.
                    None if unit == 10 && total == 0 => 1,
                    None => return None,
                };
                if multiplier == 0 {
                    return None;
                }
                total += multiplier * unit;
                allowed_unit = unit;
                after_zero = false;
            }
            None => {
                let value = digit(character)?;
                if pending.is_some() {
                    return None;
                }
                if value == 0 {
                    after_zero = true;
                    continue;
                }
                pending = Some(value);
            }
        }
    }
    if after_zero && pending.is_none() {
        // A zero stands for a missing place before a later digit; one at the end is malformed.
        return None;
    }
    if let Some(ones) = pending {
        // The last digit is ones, unless it follows a unit directly without a zero, as in
        // 一百二 (120) — which documents do not write for numbers; read it as ones only after
        // 十 or a zero, or alone.
        if allowed_unit > 10 && allowed_unit != 10_000 && !after_zero {
            return None;
        }
        total += ones;
    }
    if total == 0 {
        return None;
    }
    Some(total)
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

/// `value` in Roman numerals, for 1 to 3999.
pub fn to_roman(mut value: u32) -> String {
    const TABLE: [(u32, &str); 13] =
        [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut output = String::new();
    for (amount, letters) in TABLE {
        while value >= amount {
            output.push_str(letters);
            value -= amount;
        }
    }
    output
}

/// `value` as a Chinese numeral, as laws number their articles: 十七, 一百零五, 一万零三百.
/// Values from 100,000,000 up, and 0, are written in digits.
pub fn to_chinese(value: u32) -> String {
    if value == 0 || value >= 100_000_000 {
        return value.to_string();
    }
    if value >= 10_000 {
        let (high, low) = (value / 10_000, value % 10_000);
        let mut output = to_chinese_below_ten_thousand(high);
        output.push('万');
        match low {
            0 => {}
            1..=999 => {
                output.push('零');
                // After 万 a ten is written 一十: 一万零一十 (10,010).
                if (10..20).contains(&low) {
                    output.push('一');
                }
                output.push_str(&to_chinese_below_ten_thousand(low));
            }
            _ => output.push_str(&to_chinese_below_ten_thousand(low)),
        }
        return output;
    }
    to_chinese_below_ten_thousand(value)
}

fn to_chinese_below_ten_thousand(value: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut output = String::new();
    let places = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut pending_zero = false;
    let mut started = false;
    for (unit, name) in places {
        let digit = (value / unit) % 10;
        if digit == 0 {
            if started {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            output.push('零');
            pending_zero = false;
        }
        // Ten to nineteen are written 十, 十一 … without a leading 一.
        if !(unit == 10 && digit == 1 && !started) {
            output.push(DIGITS[digit as usize]);
        }
        if unit > 1 {
            output.push(name);
        }
        started = true;
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
        None => output = value.to_string(),
    }
    output
}

pub fn format_number(value: u32, style: NumberStyle) -> String {
    match style {
        NumberStyle::Arabic => value.to_string(),
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
            assert_eq!(parse_chinese(&to_chinese(value)), Some(value), "chinese {value}");
            assert_eq!(parse_english_word(&to_english_word(value)), Some(value), "word {value}");
            assert_eq!(parse_arabic(&value.to_string()), Some(value));
        }
        assert_eq!(parse_roman("xvii"), Some(17));
        assert_eq!(parse_chinese("十七"), Some(17));
        assert_eq!(parse_english_word("Seventeen"), Some(17));
    }

    #[test]
    fn malformed_numerals_are_refused() {
        for text in ["IIII", "VX", "", "IC", "F", "A", "十十", "一一", "零", "万", "一万三百", "一万零三千", "一万万"] {
            assert_eq!(parse_roman(text).or(parse_chinese(text)), None, "{text}");
        }
        assert_eq!(parse_roman("MMMM"), None, "values of 4000 and above are out of range");
    }

    #[test]
    fn chinese_numerals_read_hundreds_and_thousands_as_laws_write_them() {
        for (text, value) in [
            ("一百", 100),
            ("一百零五", 105),
            ("一百一十", 110),
            ("一百二十三", 123),
            ("二百", 200),
            ("三千零一", 3001),
            ("一千二百三十四", 1234),
            ("十", 10),
            ("九十九", 99),
            ("一万", 10_000),
            ("一万零三百", 10_300),
            ("一万零一十", 10_010),
            ("一万二千三百四十五", 12_345),
            ("四万", 40_000),
            ("九千九百九十九万九千九百九十九", 99_999_999),
        ] {
            assert_eq!(parse_chinese(text), Some(value), "{text}");
            assert_eq!(to_chinese(value), text, "{value}");
        }
        for text in ["百", "一百二", "十百", "二二", "一百零", "千千"] {
            assert_eq!(parse_chinese(text), None, "{text}");
        }
        for value in 1..=2000 {
            assert_eq!(parse_chinese(&to_chinese(value)), Some(value), "{value}");
            assert_eq!(parse_roman(&to_roman(value)), Some(value), "{value}");
        }
    }
}
