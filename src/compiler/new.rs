//! Starting a corpus directory from pasted texts: each text is kept verbatim as a source, and
//! the manifests hold only metadata, with sensible defaults found in the texts (the language
//! from the script, the title from the first heading, a date from the first lines). The
//! compiler does the rest.

use std::collections::BTreeMap;

use super::manifest::{CorpusManifest, DocumentManifest, LocalizedInput, SourceManifest, VersionManifest};
use super::{is_id_segment, source_text};
use crate::error::{Error, ErrorCode, Result};

/// One pasted text and what its options say about it (`lang`, `role`, `title`, `publisher`,
/// `date`, `url`).
pub struct NewVersion {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub options: Vec<(String, String)>,
}

/// The files of a new corpus directory (relative path, bytes) and notes on what was assumed.
pub struct NewCorpus {
    pub files: Vec<(String, Vec<u8>)>,
    pub notes: Vec<String>,
}

const OPTIONS: &[&str] = &["lang", "role", "title", "publisher", "date", "url"];

/// The language of a text from its script: Chinese when most of its letters are Chinese.
pub fn language_of(text: &str) -> &'static str {
    let mut chinese = 0usize;
    let mut latin = 0usize;
    for character in text.chars().take(20_000) {
        if crate::text::is_cjk(character) {
            chinese += 1;
        } else if character.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    // A Chinese character carries about as much as a word of four or five letters.
    if chinese * 4 >= latin {
        "zh-Hans"
    } else {
        "en"
    }
}

/// The title of a text: its first short line that reads as a title and is not a date, a
/// byline or a numbered heading.
pub fn title_of(text: &str) -> Option<String> {
    text.lines()
        .map(|line| line.trim_matches(super::forms::is_space))
        .filter(|line| !line.is_empty())
        .take(12)
        .find(|line| {
            super::forms::is_title_like(line)
                && super::forms::leading_label(line).is_none()
                && line.chars().count() >= 4
                && !line.chars().all(|c| c.is_ascii_digit() || " -/:.年月日".contains(c))
        })
        .map(str::to_string)
}

/// A date in the first lines: `2025-12-10`, `2025/12/10`, `2025年12月10日`, `Dec 10, 2025`,
/// as YYYY-MM-DD.
pub fn date_of(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let valid = |year: u32, month: u32, day: u32| (1900..2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    for line in text.lines().take(30) {
        // Numbers with what follows each: "2025-12-10 11:41" is (2025,'-'), (12,'-'), (10,' ')…
        let mut numbers: Vec<(u32, char, usize)> = Vec::new();
        let mut current = String::new();
        let mut start = 0;
        for (offset, character) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
            if character.is_ascii_digit() {
                if current.is_empty() {
                    start = offset;
                }
                current.push(character);
            } else if !current.is_empty() {
                numbers.push((current.parse().unwrap_or(0), character, start));
                current.clear();
            }
        }
        for window in numbers.windows(3) {
            let [(year, first, _), (month, second, _), (day, _, _)] = [window[0], window[1], window[2]];
            let numeric = (first == '-' && second == '-') || (first == '/' && second == '/') || (first == '.' && second == '.');
            let chinese = first == '年' && second == '月';
            if (numeric || chinese) && valid(year, month, day) {
                return Some(format!("{year:04}-{month:02}-{day:02}"));
            }
        }
        let lower = line.to_lowercase();
        for (index, month) in MONTHS.iter().enumerate() {
            let Some(at) = lower.find(month) else { continue };
            let after: Vec<u32> = numbers.iter().filter(|(_, _, offset)| *offset > at).map(|(value, _, _)| *value).collect();
            if let [day, year, ..] = after.as_slice() {
                if valid(*year, index as u32 + 1, *day) {
                    return Some(format!("{year:04}-{:02}-{day:02}", index + 1));
                }
            }
        }
    }
    None
}

fn slug(text: &str) -> String {
    let mut slug = String::new();
    for character in text.to_lowercase().chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.starts_with(|c: char| c.is_ascii_lowercase()) {
        slug
    } else {
        format!("document-{slug}").trim_end_matches('-').to_string()
    }
}

/// Makes the files of a new corpus directory from pasted texts; the first is the original.
pub fn new_corpus(document_id: Option<&str>, versions: Vec<NewVersion>) -> Result<NewCorpus> {
    if versions.is_empty() {
        return Err(Error::new(ErrorCode::InvalidManifest, "give at least one text: the original"));
    }
    let mut notes = Vec::new();
    let mut files = Vec::new();
    let mut sources = BTreeMap::new();
    let mut manifests = Vec::new();
    let mut used_ids: Vec<String> = Vec::new();
    let mut english_title = None;
    for (index, version) in versions.iter().enumerate() {
        for (name, _) in &version.options {
            if !OPTIONS.contains(&name.as_str()) {
                return Err(Error::new(
                    ErrorCode::InvalidManifest,
                    format!("--{name} is not an option of a text; the options are {}", OPTIONS.iter().map(|o| format!("--{o}")).collect::<Vec<_>>().join(", ")),
                ));
            }
        }
        let option = |name: &str| version.options.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.clone());
        let text = source_text(&version.file_name, version.bytes.clone())?;
        let lang = option("lang").unwrap_or_else(|| {
            let detected = language_of(&text).to_string();
            notes.push(format!("{}: language {detected} (from its script; give --lang to change it)", version.file_name));
            detected
        });
        let role = match option("role") {
            Some(role) => {
                if crate::model::Role::parse(&role).is_none() {
                    return Err(Error::new(
                        ErrorCode::InvalidManifest,
                        format!("{}: --role {role} is not one of original, official-translation, unofficial-translation", version.file_name),
                    ));
                }
                role
            }
            None if index == 0 => "original".to_string(),
            None => {
                notes.push(format!("{}: role unofficial-translation (give --role official-translation if the publisher issued it)", version.file_name));
                "unofficial-translation".to_string()
            }
        };
        let title = match option("title") {
            Some(title) => title,
            None => match title_of(&text) {
                Some(title) => {
                    notes.push(format!("{}: title \u{201c}{title}\u{201d} (its first title-like line; give --title to change it)", version.file_name));
                    title
                }
                None => {
                    notes.push(format!("{}: no title found: required, give --title", version.file_name));
                    String::new()
                }
            },
        };
        if !lang.starts_with("zh") && english_title.is_none() && !title.is_empty() {
            english_title = Some(title.clone());
        }
        let date = option("date").or_else(|| date_of(&text)).unwrap_or_default();
        if date.is_empty() {
            notes.push(format!("{}: no date found: citations need one, give --date YYYY-MM-DD", version.file_name));
        }
        let publisher = option("publisher").unwrap_or_default();
        if publisher.is_empty() {
            notes.push(format!("{}: no publisher given: citations need one, give --publisher", version.file_name));
        }
        let url = option("url");
        if let Some(url) = &url {
            super::check_url(url, &version.file_name)?;
        }
        let mut id = match crate::model::primary_language(&lang).as_str() {
            "zh" => "zh".to_string(),
            other => other.to_string(),
        };
        if role == "unofficial-translation" {
            id.push_str("-unofficial");
        }
        while used_ids.contains(&id) {
            id.push('x');
        }
        used_ids.push(id.clone());
        let source_name = format!("v{}", index + 1);
        let file = format!("sources/{}", version.file_name);
        files.push((file.clone(), version.bytes.clone()));
        sources.insert(source_name.clone(), SourceManifest { file, description: None, excluded: Vec::new() });
        manifests.push(VersionManifest {
            id,
            lang,
            role,
            title,
            publisher: LocalizedInput::One(publisher),
            source: LocalizedInput::One(String::new()),
            date,
            url,
            source_file: source_name,
            lines: None,
        });
    }
    let id = match document_id {
        Some(id) if is_id_segment(id) => id.to_string(),
        Some(id) => {
            return Err(Error::new(
                ErrorCode::InvalidManifest,
                format!("--id {id} is not an id: use lower-case letters, digits and hyphens, starting with a letter"),
            ))
        }
        None => slug(english_title.as_deref().or(manifests.first().map(|m| m.title.as_str())).unwrap_or("document")),
    };
    let document = DocumentManifest {
        id: id.clone(),
        id_prefix: None,
        short_title: None,
        aliases: Vec::new(),
        former_ids: None,
        levels: Vec::new(),
        alignment: Vec::new(),
        structure: None,
        head: None,
        tail: None,
        versions: manifests,
    };
    let corpus = CorpusManifest { id: id.clone(), title: english_title.unwrap_or_else(|| id.clone()), sources, documents: vec![format!("{id}.json")] };
    files.push(("corpus.json".to_string(), pretty(&corpus)));
    files.push((format!("{id}.json"), pretty(&document)));
    Ok(NewCorpus { files, notes })
}

/// A manifest written as indented JSON with a final newline.
fn pretty<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("manifests serialise");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_found_in_the_texts() {
        assert_eq!(language_of("中华人民共和国外交部\n前言\n当前世界"), "zh-Hans");
        assert_eq!(language_of("Ministry of Foreign Affairs"), "en");
        assert_eq!(date_of("Published: Dec 10, 2025 12:12 PM").as_deref(), Some("2025-12-10"));
        assert_eq!(date_of("2025-12-10 11:41").as_deref(), Some("2025-12-10"));
        assert_eq!(date_of("（2025年12月10日）").as_deref(), Some("2025-12-10"));
        assert_eq!(title_of("\n\nChina's Policy Paper on Latin America\n\nPreface").as_deref(), Some("China's Policy Paper on Latin America"));
    }
}
