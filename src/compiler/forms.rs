//! Numbering forms: recognising the label at the start of a heading, an article or an item,
//! in the ways Chinese official documents, laws and their English translations write them.
//!
//! Only the grammar of numbering is written here (第…, `、`, brackets, full stops, a noun
//! followed by a number, the words that name an unnumbered heading); which forms a document
//! uses, how they nest and what their nouns are is read from the document itself.

use crate::model::{LabelForm, NumberStyle};
use crate::numbers::{parse_arabic, parse_chinese, parse_english_word, parse_roman};

/// One reading of a label's number: its value and how it is written. A label such as `(C)` has
/// two readings (the letter C is 3, the Roman numeral C is 100); the outline keeps both and
/// picks the one that continues its siblings' numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    pub value: u32,
    pub style: NumberStyle,
}

/// A label found at the start of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub form: LabelForm,
    /// The noun written with the number (`章`, `部分`, `Article`), or the name of a named
    /// heading (`前言`, `Preface`), as written.
    pub noun: Option<String>,
    /// The possible readings of the number, the likeliest first; empty for a named heading.
    pub readings: Vec<Reading>,
    /// Where the label ends (a byte offset into the text, after its closing mark).
    pub end: usize,
    /// Where the text after the label starts, after white space.
    pub rest: usize,
}

impl Label {
    #[cfg(test)]
    pub fn value(&self) -> Option<u32> {
        self.readings.first().map(|reading| reading.value)
    }

    /// The reading whose value is `value`, if the label has one.
    pub fn reading_with(&self, value: u32) -> Option<Reading> {
        self.readings.iter().copied().find(|reading| reading.value == value)
    }
}

/// Nouns that follow 第 and a number in Chinese documents and laws, longest first. They are the
/// grammar of the divisions (the Legislation Law's 编, 章, 节, 条, 款, 项, 目, and the parts of
/// policy papers); a document's own nouns are read from its headings with these.
const CHINESE_ORDINAL_NOUNS: &[&str] = &["部分", "编", "章", "节", "条", "款", "项", "目", "篇", "部", "卷", "段", "句"];

/// English nouns that come before the number of a division. Like the Chinese list, this is
/// grammar: the level's noun as the document writes it is taken from its own headings.
const ENGLISH_DIVISION_NOUNS: &[&str] = &["part", "book", "title", "chapter", "section", "subsection", "article", "rule", "annex", "appendix", "schedule"];

/// Headings with a name and no number, in Chinese and English.
const NAMED_HEADINGS: &[&str] = &[
    "前言",
    "序言",
    "引言",
    "导言",
    "序",
    "结束语",
    "结语",
    "结论",
    "总结",
    "preface",
    "foreword",
    "introduction",
    "conclusion",
    "concluding remarks",
    "epilogue",
    "afterword",
    "closing remarks",
];

/// True for white space, including the ideographic space and the no-break space that copied
/// texts are full of.
pub fn is_space(character: char) -> bool {
    character.is_whitespace() || character == '\u{00A0}' || character == '\u{3000}'
}

fn skip_spaces(text: &str, mut at: usize) -> usize {
    while let Some(character) = text.get(at..).and_then(|rest| rest.chars().next()) {
        if !is_space(character) {
            break;
        }
        at += character.len_utf8();
    }
    at
}

/// The characters of `text` from byte `at` while `accept` holds: their end offset.
fn take_while(text: &str, at: usize, accept: impl Fn(char) -> bool) -> usize {
    let mut end = at;
    for character in text.get(at..).unwrap_or("").chars() {
        if !accept(character) {
            break;
        }
        end += character.len_utf8();
    }
    end
}

fn is_chinese_numeral(character: char) -> bool {
    "零〇一二三四五六七八九十百千万两".contains(character)
}

fn chinese_value(numeral: &str) -> Option<u32> {
    let normalised: String = numeral
        .chars()
        .map(|character| match character {
            '两' => '二',
            '〇' => '零',
            other => other,
        })
        .collect();
    parse_chinese(&normalised)
}

/// Reads a number written in any style at the start of `inside` (the whole of `inside` must be
/// the number): every reading it has.
pub fn readings_of(inside: &str) -> Vec<Reading> {
    let mut readings = Vec::new();
    let folded: String = inside.chars().map(crate::text::fold_width).collect();
    let folded = folded.trim();
    if folded.is_empty() {
        return readings;
    }
    if let Some(value) = parse_arabic(folded) {
        readings.push(Reading { value, style: NumberStyle::Arabic });
        return readings;
    }
    if let Some(value) = chinese_value(folded) {
        readings.push(Reading { value, style: NumberStyle::Chinese });
        return readings;
    }
    let mut characters = folded.chars();
    let single_letter = match (characters.next(), characters.next()) {
        (Some(letter), None) if letter.is_ascii_alphabetic() => Some(letter),
        _ => None,
    };
    if let Some(value) = parse_roman(folded) {
        readings.push(Reading { value, style: NumberStyle::Roman });
    }
    if let Some(letter) = single_letter {
        readings.push(Reading { value: (letter.to_ascii_uppercase() as u8 - b'A' + 1) as u32, style: NumberStyle::Letter });
    }
    if let Some(value) = parse_english_word(folded) {
        readings.push(Reading { value, style: NumberStyle::Word });
    }
    readings
}

/// The number of an English division noun's label ("III", "3", "One"): the offset after it.
fn english_number(text: &str, at: usize) -> Option<(Vec<Reading>, usize)> {
    let end = take_while(text, at, |character| character.is_ascii_alphanumeric() || character == '-');
    let word = text.get(at..end)?;
    let word = word.trim_end_matches('-');
    let readings = readings_of(word);
    // A lone letter after "Part" or "Section" is not a number ("Section A" is rare and "Part
    // A" reads better as a title); Roman numerals, digits and number words are.
    let readings: Vec<Reading> = readings.into_iter().filter(|reading| reading.style != NumberStyle::Letter).collect();
    if readings.is_empty() {
        return None;
    }
    Some((readings, at + word.len()))
}

/// Recognises a label at the start of `text` (after leading white space). `text` is one block
/// or one sentence. Returns `None` when the text does not start with a label.
pub fn leading_label(text: &str) -> Option<Label> {
    let start = skip_spaces(text, 0);
    let body = text.get(start..)?;
    let first = body.chars().next()?;

    // A named heading is the whole text.
    let whole = body.trim_end_matches(is_space);
    let lower = whole.to_lowercase();
    if NAMED_HEADINGS.contains(&lower.as_str()) {
        return Some(Label {
            form: LabelForm::Named,
            noun: Some(whole.to_string()),
            readings: Vec::new(),
            end: start + whole.len(),
            rest: start + whole.len(),
        });
    }

    // 第三部分, 第十条, 第一章: 第, a number, a noun.
    if first == '第' {
        let number_start = start + first.len_utf8();
        let number_end = take_while(text, number_start, |character| is_chinese_numeral(character) || character.is_ascii_digit());
        let numeral = text.get(number_start..number_end)?;
        let readings = readings_of(numeral);
        if readings.is_empty() {
            return None;
        }
        let after = text.get(number_end..)?;
        let noun = CHINESE_ORDINAL_NOUNS.iter().find(|noun| after.starts_with(**noun))?;
        let end = number_end + noun.len();
        return Some(Label { form: LabelForm::Ordinal, noun: Some(noun.to_string()), readings, end, rest: skip_spaces(text, end) });
    }

    // (九), （9）, (IX), (F), (Seventeen).
    if first == '(' || first == '（' {
        let inside_start = start + first.len_utf8();
        let inside_end = take_while(text, inside_start, |character| character.is_alphanumeric() && character != '）');
        let close = text.get(inside_end..)?.chars().next()?;
        if close != ')' && close != '）' {
            return None;
        }
        let inside = text.get(inside_start..inside_end)?;
        if inside.chars().count() > 12 {
            return None;
        }
        let readings = readings_of(inside);
        if readings.is_empty() {
            return None;
        }
        let end = inside_end + close.len_utf8();
        return Some(Label { form: LabelForm::Bracketed, noun: None, readings, end, rest: skip_spaces(text, end) });
    }

    // 一、 二、 1、: a Chinese (or Arabic) number and the enumeration comma.
    if is_chinese_numeral(first) || first.is_ascii_digit() || is_full_width_digit(first) {
        let number_end = take_while(text, start, |character| is_chinese_numeral(character) || character.is_ascii_digit() || is_full_width_digit(character));
        let numeral = text.get(start..number_end)?;
        let after = text.get(number_end..)?;
        let mark = after.chars().next();
        if mark == Some('、') {
            let readings = readings_of(numeral);
            if readings.is_empty() {
                return None;
            }
            let end = number_end + '、'.len_utf8();
            return Some(Label { form: LabelForm::Enumeration, noun: None, readings, end, rest: skip_spaces(text, end) });
        }
        // 1. or 1．: an Arabic number and a full stop, then white space or a Chinese character
        // (a decimal such as "1.5" is not a label).
        if matches!(mark, Some('.') | Some('．')) && !numeral.chars().any(is_chinese_numeral) {
            let end = number_end + mark?.len_utf8();
            let next = text.get(end..)?.chars().next();
            let label_like = match next {
                None => false,
                Some(next) => is_space(next) || crate::text::is_cjk(next),
            };
            if label_like {
                let readings = readings_of(numeral);
                if readings.is_empty() {
                    return None;
                }
                return Some(Label { form: LabelForm::Dotted, noun: None, readings, end, rest: skip_spaces(text, end) });
            }
        }
        return None;
    }

    if first.is_ascii_alphabetic() {
        let word_end = take_while(text, start, |character| character.is_ascii_alphabetic());
        let word = text.get(start..word_end)?;
        // "Part III", "Chapter 2", "Article 10", "Section One".
        if ENGLISH_DIVISION_NOUNS.contains(&word.to_ascii_lowercase().as_str()) {
            let after_space = take_while(text, word_end, |character| character == ' ' || character == '\u{00A0}');
            if after_space > word_end {
                if let Some((readings, end)) = english_number(text, after_space) {
                    let next = text.get(end..).and_then(|rest| rest.chars().next());
                    let ends_label = match next {
                        None => true,
                        Some(next) => is_space(next) || matches!(next, ':' | '.' | '：' | ','),
                    };
                    if ends_label {
                        // A full stop or colon right after the number belongs to the label.
                        let end = match next {
                            Some(':' | '.' | '：') => end + next.map_or(0, char::len_utf8),
                            _ => end,
                        };
                        return Some(Label { form: LabelForm::NounFirst, noun: Some(word.to_string()), readings, end, rest: skip_spaces(text, end) });
                    }
                }
            }
            return None;
        }
        // "IV. Peace Initiatives", "A. …": a Roman numeral or capital letter and a full stop,
        // then a space and a capital letter.
        let dot_then_space = text.get(word_end..).is_some_and(|rest| {
            let mut characters = rest.chars();
            characters.next() == Some('.') && characters.next().is_some_and(is_space)
        });
        if dot_then_space {
            let readings: Vec<Reading> =
                readings_of(word).into_iter().filter(|reading| matches!(reading.style, NumberStyle::Roman | NumberStyle::Letter)).collect();
            let end = word_end + 1;
            let rest = skip_spaces(text, end);
            let capital_follows = text.get(rest..).and_then(|rest| rest.chars().next()).is_some_and(|next| next.is_uppercase() || crate::text::is_cjk(next));
            if !readings.is_empty() && capital_follows && word.chars().all(|c| c.is_ascii_uppercase()) {
                return Some(Label { form: LabelForm::Dotted, noun: None, readings, end, rest });
            }
        }
    }
    None
}

fn is_full_width_digit(character: char) -> bool {
    ('０'..='９').contains(&character)
}

/// True when a text after a label reads as a heading's title rather than running text: short,
/// on one line, and not ending like a sentence or a clause of a list.
pub fn is_title_like(text: &str) -> bool {
    let trimmed = text.trim_matches(is_space);
    if trimmed.is_empty() || trimmed.contains('\n') {
        return false;
    }
    let characters = trimmed.chars().count();
    let chinese = trimmed.chars().filter(|c| crate::text::is_cjk(*c)).count();
    let limit = if chinese * 2 > characters { 40 } else { 160 };
    if characters > limit {
        return false;
    }
    let last = trimmed.chars().last().unwrap_or(' ');
    let ends_like_text = matches!(last, '。' | '；' | ';' | '：' | ':' | ',' | '，' | '、')
        || (last == '.' && !trimmed.ends_with("etc."))
        || matches!(last, '!' | '?' | '！' | '？');
    // An item of a list: "(4) requirements for …; and", "（三）…；或者".
    let lower = trimmed.to_lowercase();
    let ends_like_item = lower.ends_with(" and") || lower.ends_with(" or") || trimmed.contains(';') || trimmed.contains('；');
    // English titles start with a capital (or a digit); list items and sentence parts do not.
    let first = trimmed.chars().next().unwrap_or(' ');
    let starts_like_text = first.is_ascii_lowercase();
    !ends_like_text && !ends_like_item && !starts_like_text
}

/// The rank of a form in the grammar of numbered documents, where the grammar gives one: lower
/// ranks contain higher ones. Parts and books come first; then the divisions of laws (编 章 节
/// 条); then the GB/T 9704 hierarchy 一、 → （一） → 1. → （1） and its English equivalents.
/// Items of an article (项, 目) rank after the articles. `None` where the document alone can
/// tell (the outline then learns the order from how the headings nest).
pub fn grammar_rank(form: LabelForm, noun: Option<&str>, style: Option<NumberStyle>) -> Option<u8> {
    match form {
        LabelForm::Named => Some(0),
        LabelForm::Ordinal | LabelForm::NounFirst => {
            let noun = noun?.to_lowercase();
            Some(match noun.as_str() {
                "部分" | "part" | "编" | "book" | "篇" | "卷" => 1,
                "title" => 2,
                "章" | "chapter" => 3,
                "节" | "section" => 4,
                "subsection" => 5,
                "条" | "article" | "rule" => 6,
                "款" => 7,
                "项" => 8,
                "目" => 9,
                _ => return None,
            })
        }
        LabelForm::Enumeration => Some(10),
        LabelForm::Bracketed => Some(match style? {
            NumberStyle::Chinese | NumberStyle::Roman | NumberStyle::Word => 11,
            NumberStyle::Letter => 11,
            NumberStyle::Arabic => 13,
        }),
        LabelForm::Dotted => Some(match style? {
            NumberStyle::Roman | NumberStyle::Letter => 10,
            _ => 12,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, form, noun, first value, label as written, text after the label)
    type LabelRow = (&'static str, LabelForm, Option<&'static str>, Option<u32>, &'static str, &'static str);
    const LABELS: &[LabelRow] = &[
        ("第三部分", LabelForm::Ordinal, Some("部分"), Some(3), "第三部分", ""),
        ("第十条　为了规范", LabelForm::Ordinal, Some("条"), Some(10), "第十条", "为了规范"),
        ("第一百二十三条 本法", LabelForm::Ordinal, Some("条"), Some(123), "第一百二十三条", "本法"),
        ("第二章　总则", LabelForm::Ordinal, Some("章"), Some(2), "第二章", "总则"),
        ("一、团结工程", LabelForm::Enumeration, None, Some(1), "一、", "团结工程"),
        ("(九)科技创新", LabelForm::Bracketed, None, Some(9), "(九)", "科技创新"),
        ("（十七）市场监管合作", LabelForm::Bracketed, None, Some(17), "（十七）", "市场监管合作"),
        ("(IX) Trilateral Cooperation", LabelForm::Bracketed, None, Some(9), "(IX)", "Trilateral Cooperation"),
        ("(Seventeen) Market Regulation", LabelForm::Bracketed, None, Some(17), "(Seventeen)", "Market Regulation"),
        ("(F) Academic and Think Tank", LabelForm::Bracketed, None, Some(6), "(F)", "Academic and Think Tank"),
        ("(C) Law Enforcement", LabelForm::Bracketed, None, Some(100), "(C)", "Law Enforcement"),
        ("(1) High-Level Exchanges", LabelForm::Bracketed, None, Some(1), "(1)", "High-Level Exchanges"),
        ("1. Solidarity Program", LabelForm::Dotted, None, Some(1), "1.", "Solidarity Program"),
        ("IV. Peace Initiatives", LabelForm::Dotted, None, Some(4), "IV.", "Peace Initiatives"),
        ("IV.\u{a0}International Cooperation", LabelForm::Dotted, None, Some(4), "IV.", "International Cooperation"),
        ("1．坚持", LabelForm::Dotted, None, Some(1), "1．", "坚持"),
        ("Part III", LabelForm::NounFirst, Some("Part"), Some(3), "Part III", ""),
        ("Part One", LabelForm::NounFirst, Some("Part"), Some(1), "Part One", ""),
        ("Chapter II General Provisions", LabelForm::NounFirst, Some("Chapter"), Some(2), "Chapter II", "General Provisions"),
        ("Article 10 The company", LabelForm::NounFirst, Some("Article"), Some(10), "Article 10", "The company"),
        ("前言", LabelForm::Named, Some("前言"), None, "前言", ""),
        ("Foreword", LabelForm::Named, Some("Foreword"), None, "Foreword", ""),
    ];

    #[test]
    fn labels_are_read_in_every_form() {
        for &(text, form, noun, value, label, rest) in LABELS {
            let found = leading_label(text).unwrap_or_else(|| panic!("no label in {text:?}"));
            assert_eq!(found.form, form, "{text}");
            assert_eq!(found.noun.as_deref(), noun, "{text}");
            assert_eq!(found.value(), value, "{text}");
            assert_eq!(&text[..found.end], label, "{text}");
            assert_eq!(&text[found.rest..], rest, "{text}");
        }
    }

    #[test]
    fn running_text_has_no_label() {
        for text in [
            "China will further tap into the potential",
            "1.5 million people",
            "2008年中国政府发布首份对拉政策文件",
            "Article of faith",
            "(see above) the text",
            "第一个百年奋斗目标",
        ] {
            assert_eq!(leading_label(text), None, "{text}");
        }
    }

    #[test]
    fn a_letter_that_is_also_a_roman_numeral_has_both_readings() {
        let label = leading_label("(C) Law").unwrap();
        assert!(label.reading_with(3).is_some() && label.reading_with(100).is_some());
    }
}
