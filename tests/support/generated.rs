//! Documents of any size made from the test law, for the size tests and the compile benchmark:
//! the law's articles written again and again with continuous numbers, a chapter every fifty
//! articles, in Chinese and in English, so the two align article for article. Also one line of
//! Chinese with no break at all. See `tests/fixtures/documents/bad/huge-file/README.md`.

use std::path::Path;

/// One article: its text after the label, then its further paragraphs.
type Article = Vec<String>;

/// The articles of one version of the test law, without their labels.
fn articles(text: &str, is_article: impl Fn(&str) -> Option<usize>, is_heading: impl Fn(&str) -> bool) -> Vec<Article> {
    let mut found: Vec<Article> = Vec::new();
    let mut in_body = false;
    for block in text.split("\n\n").map(str::trim).filter(|block| !block.is_empty()) {
        if let Some(label_end) = is_article(block) {
            in_body = true;
            found.push(vec![block[label_end..].trim_start_matches([' ', '\u{3000}']).to_string()]);
        } else if is_heading(block) {
            continue;
        } else if in_body && !block.starts_with("来源") && !block.starts_with("Source:") {
            if let Some(article) = found.last_mut() {
                article.push(block.to_string());
            }
        }
    }
    found
}

/// The test law's Chinese and English articles.
pub fn law_articles(root: &Path) -> (Vec<Article>, Vec<Article>) {
    let read = |file: &str| std::fs::read_to_string(root.join("tests/fixtures/documents/law/sources").join(file)).expect("the test law is in the tree");
    let chinese = articles(
        &read("zh.txt"),
        |block| {
            let rest = block.strip_prefix('第')?;
            let end = rest.find('条')?;
            rest[..end].chars().all(|c| "零〇一二三四五六七八九十百千".contains(c)).then_some('第'.len_utf8() + end + '条'.len_utf8())
        },
        |block| block.starts_with('第') && (block.contains('章') || block.contains('节')) && block.chars().count() < 20,
    );
    let english = articles(
        &read("en.txt"),
        |block| {
            let rest = block.strip_prefix("Article ")?;
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            (digits > 0).then_some("Article ".len() + digits)
        },
        |block| (block.starts_with("Chapter ") || block.starts_with("Section ")) && block.len() < 60,
    );
    assert_eq!(chinese.len(), english.len(), "the test law's versions have the same articles");
    (chinese, english)
}

/// A law of at least `bytes` bytes in each language, made of the test law's articles numbered
/// 1, 2, 3, … through the whole text. Returns the Chinese text, the English text and the
/// number of articles.
pub fn law(root: &Path, bytes: usize) -> (String, String, usize) {
    let (chinese_articles, english_articles) = law_articles(root);
    let mut chinese = String::from("中华人民共和国城市更新法\n\n");
    let mut english = String::from("Urban Renewal Law of the People's Republic of China\n\n");
    let mut number = 0;
    while chinese.len() < bytes || english.len() < bytes {
        let index = number % chinese_articles.len();
        if number % 50 == 0 {
            let chapter = (number / 50 + 1) as u32;
            chinese.push_str(&format!("第{}章　城市更新\n\n", numerals::chinese(chapter)));
            english.push_str(&format!("Chapter {} Urban Renewal\n\n", numerals::roman(chapter)));
        }
        number += 1;
        for (out, article, label) in [
            (&mut chinese, &chinese_articles[index], format!("第{}条　", numerals::chinese(number as u32))),
            (&mut english, &english_articles[index], format!("Article {number} ")),
        ] {
            out.push_str(&label);
            out.push_str(&article.join("\n\n"));
            out.push_str("\n\n");
        }
    }
    (chinese, english, number)
}

/// `bytes` bytes (cut at a character) of Chinese text with no line break at all.
#[allow(dead_code, reason = "the compile benchmark uses only the law")]
pub fn one_line(root: &Path, bytes: usize) -> String {
    let wall = std::fs::read_to_string(root.join("tests/fixtures/documents/bad/wall-of-text/sources/zh.txt")).expect("the wall of text is in the tree");
    let line = wall.trim_end_matches(['\n', '\r']).replace(['\n', '\r'], "");
    let mut text = String::with_capacity(bytes + line.len());
    while text.len() < bytes {
        text.push_str(&line);
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

/// Numerals for chapter and article labels, written here so the generator does not lean on the
/// code it tests.
pub mod numerals {
    pub fn roman(mut value: u32) -> String {
        let mut out = String::new();
        for (amount, letters) in [
            (1000, "M"),
            (900, "CM"),
            (500, "D"),
            (400, "CD"),
            (100, "C"),
            (90, "XC"),
            (50, "L"),
            (40, "XL"),
            (10, "X"),
            (9, "IX"),
            (5, "V"),
            (4, "IV"),
            (1, "I"),
        ] {
            while value >= amount {
                out.push_str(letters);
                value -= amount;
            }
        }
        out
    }

    /// 1 to 99,999 as laws write them: 十七, 一百零五, 一万零三百.
    pub fn chinese(value: u32) -> String {
        const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        let places = [(10_000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")];
        let mut out = String::new();
        let mut zero_pending = false;
        for (unit, name) in places {
            let digit = (value / unit) % 10;
            if digit == 0 {
                zero_pending = !out.is_empty();
                continue;
            }
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            if !(unit == 10 && digit == 1 && value < 20) {
                out.push_str(DIGITS[digit as usize]);
            }
            out.push_str(name);
        }
        out
    }
}
