//! Writing citations: short human citations in English and Chinese (in any version's own
//! numbering), Chicago notes and bibliography, APA 7, MLA 9, GB/T 7714-2015, BibTeX, RIS,
//! CSL-JSON, the permalink fragment, and W3C Web Annotation TextQuoteSelectors. Every formal
//! style names the version quoted (original, official translation, unofficial translation) with
//! its publisher, source and date, taken from the corpus.

use crate::prelude::*;

use super::parse::{char_offset, first_chars, no_text, role_words, unknown_version};
use super::{join, separated, Citation, CiteError};
use crate::corpus::{Corpus, Document, Kind, Level, Role, Version};
use crate::names::{clause_name, document_short_name, short_citation, NameLanguage};
use crate::numbers::{decimal, push_decimal};

/// A citation style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// "China's Policy Paper on Latin America and the Caribbean, Development Program (9) ¶3".
    Short,
    /// "《中国对拉丁美洲和加勒比政策文件》发展工程(九)第3段".
    ShortZh,
    /// "#pt_3__prog_2__sec_9__para_3".
    Permalink,
    /// Chicago Manual of Style, notes.
    Chicago,
    /// Chicago Manual of Style, bibliography entry.
    ChicagoBibliography,
    Apa,
    Mla,
    /// GB/T 7714-2015, the Chinese national standard.
    Gbt7714,
    Bibtex,
    Ris,
    /// CSL-JSON: a JSON array holding one item.
    CslJson,
    /// A JSON array of W3C Web Annotation TextQuoteSelectors, one per version.
    Selector,
}

impl Style {
    pub const ALL: [Style; 12] = [
        Style::Short,
        Style::ShortZh,
        Style::Permalink,
        Style::Chicago,
        Style::ChicagoBibliography,
        Style::Apa,
        Style::Mla,
        Style::Gbt7714,
        Style::Bibtex,
        Style::Ris,
        Style::CslJson,
        Style::Selector,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Style::Short => "short",
            Style::ShortZh => "short-zh",
            Style::Permalink => "permalink",
            Style::Chicago => "chicago",
            Style::ChicagoBibliography => "chicago-bib",
            Style::Apa => "apa",
            Style::Mla => "mla",
            Style::Gbt7714 => "gbt7714",
            Style::Bibtex => "bibtex",
            Style::Ris => "ris",
            Style::CslJson => "csl-json",
            Style::Selector => "selector",
        }
    }

    /// Reads a style's name, case-insensitively; a few common spellings are accepted.
    pub fn parse(name: &str) -> Result<Style, CiteError> {
        let lower = name.trim().to_ascii_lowercase();
        let style = match lower.as_str() {
            "short" | "short-en" | "en" => Style::Short,
            "short-zh" | "zh" => Style::ShortZh,
            "permalink" | "id" | "fragment" => Style::Permalink,
            "chicago" | "chicago-note" | "chicago-notes" => Style::Chicago,
            "chicago-bib" | "chicago-bibliography" => Style::ChicagoBibliography,
            "apa" | "apa7" => Style::Apa,
            "mla" | "mla9" => Style::Mla,
            "gbt7714" | "gb/t7714" | "gb-t-7714" | "gbt-7714" | "gbt7714-2015" => Style::Gbt7714,
            "bibtex" => Style::Bibtex,
            "ris" => Style::Ris,
            "csl-json" | "csljson" | "csl" => Style::CslJson,
            "selector" | "quote" | "text-quote-selector" => Style::Selector,
            _ => {
                let mut names = Vec::new();
                for style in Style::ALL {
                    names.push(String::from(style.name()));
                }
                return Err(CiteError::new(
                    "unknown-style",
                    join(&[
                        "There is no citation style \"",
                        name.trim(),
                        "\"; the styles are ",
                        &separated(&names, ", "),
                        ".",
                    ]),
                )
                .with(names));
            }
        };
        Ok(style)
    }
}

/// A W3C Web Annotation TextQuoteSelector for one version's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteSelector {
    pub kind: &'static str,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// The version id the quote is taken from.
    pub version: String,
    pub lang: String,
}

/// How many characters of context a selector's prefix and suffix hold.
const CONTEXT_CHARS: usize = 32;

/// The first version in a language: Chinese, or English (the official translation first).
pub(crate) fn versions_for_language(document: &Document, chinese: bool) -> Option<usize> {
    if chinese {
        return document
            .versions
            .iter()
            .position(|version| version.lang.starts_with("zh"));
    }
    document
        .versions
        .iter()
        .position(|version| {
            version.lang.starts_with("en") && version.role == Role::OfficialTranslation
        })
        .or_else(|| {
            document
                .versions
                .iter()
                .position(|version| version.lang.starts_with("en"))
        })
}

fn is_chinese(version: &Version) -> bool {
    version.lang.starts_with("zh")
}

/// A clause's name in one version's own numbering and words: "Development Projects (IX) ¶3"
/// in the blog translation, "发展工程(九)第3段" in the original, "Development Program (9) ¶3"
/// in the official translation. Without a version: the official English numbering.
pub fn version_clause_name(
    document: &Document,
    clause_index: usize,
    version: Option<usize>,
) -> String {
    let Some(version) = version.filter(|&version| version < document.versions.len()) else {
        return clause_name(document, clause_index, NameLanguage::English);
    };
    let Some(clause) = document.clauses.get(clause_index) else {
        return String::new();
    };
    let chinese = is_chinese(&document.versions[version]);
    let language = if chinese {
        NameLanguage::Chinese
    } else {
        NameLanguage::English
    };
    let fallback = || clause_name(document, clause_index, language);
    let parent_name = || {
        clause
            .parent
            .map(|parent| version_clause_name(document, parent as usize, Some(version)))
            .unwrap_or_default()
    };
    let title = document.title_of(clause, version).map(str::trim);
    let label = document.label_of(clause, version).map(str::trim);
    match (clause.kind, clause.level) {
        (Kind::Paragraph, _) => {
            let mut name = parent_name();
            push_paragraphs(&mut name, chinese, clause.number, None);
            name
        }
        (_, Level::Preface) | (_, Level::Program) | (_, Level::Document) => match title {
            Some(title) if !title.is_empty() => String::from(title),
            _ => fallback(),
        },
        (_, Level::Part) => match label {
            Some(label) if !label.is_empty() => String::from(label),
            _ => fallback(),
        },
        (_, Level::Section) => match label {
            Some(label) if !label.is_empty() => {
                let space = if chinese { "" } else { " " };
                join(&[&parent_name(), space, label])
            }
            _ => fallback(),
        },
        _ => fallback(),
    }
}

/// Appends a paragraph number (or a range of them) to its parent's name: "前言第3段",
/// "Preface ¶2–3", or "¶3" when there is no parent name.
fn push_paragraphs(name: &mut String, chinese: bool, first: u16, last: Option<u16>) {
    name.push_str(if chinese {
        "第"
    } else if name.is_empty() {
        "¶"
    } else {
        " ¶"
    });
    push_decimal(name, first as u64);
    if let Some(last) = last {
        name.push('–');
        push_decimal(name, last as u64);
    }
    if chinese {
        name.push('段');
    }
}

fn check(corpus: &Corpus, citation: &Citation) -> Result<(), CiteError> {
    let valid = corpus
        .documents
        .get(citation.document as usize)
        .is_some_and(|document| {
            (citation.clause as usize) < document.clauses.len()
                && citation
                    .end_clause
                    .map_or(true, |end| (end as usize) < document.clauses.len())
                && citation
                    .version_hint
                    .map_or(true, |hint| (hint as usize) < document.versions.len())
        });
    if valid {
        Ok(())
    } else {
        Err(CiteError::new(
            "unknown-citation",
            "The citation does not belong to this corpus.".into(),
        ))
    }
}

fn version_by_id(document: &Document, id: &str) -> Result<usize, CiteError> {
    document
        .version_index(id)
        .ok_or_else(|| unknown_version(document, id))
}

/// The place cited, in one version's numbering, with its range and sentences written
/// compactly ("Preface ¶2–3", "Development Program (9)–(10)", "Preface ¶3 s2", "前言第3段第2句").
fn compact_place(document: &Document, citation: &Citation, version: Option<usize>) -> String {
    let chinese = version.is_some_and(|version| is_chinese(&document.versions[version]));
    let mut place = range_place(document, citation, version, chinese);
    if let Some((first, last)) = citation.sentences {
        if chinese {
            push_chinese_sentences(&mut place, first, last);
        } else {
            place.push_str(" s");
            push_number_range(&mut place, first, last);
        }
    }
    place
}

/// Appends "3" or "2–3".
fn push_number_range(text: &mut String, first: u16, last: u16) {
    push_decimal(text, first as u64);
    if first != last {
        text.push('–');
        push_decimal(text, last as u64);
    }
}

/// Appends "第2句" or "第2–3句".
fn push_chinese_sentences(text: &mut String, first: u16, last: u16) {
    text.push('第');
    push_number_range(text, first, last);
    text.push('句');
}

/// Appends ", sentence 2" or ", sentences 2–3".
fn push_english_sentences(text: &mut String, first: u16, last: u16) {
    text.push_str(if first == last {
        ", sentence "
    } else {
        ", sentences "
    });
    push_number_range(text, first, last);
}

fn range_place(
    document: &Document,
    citation: &Citation,
    version: Option<usize>,
    chinese: bool,
) -> String {
    let mut start = version_clause_name(document, citation.clause as usize, version);
    let Some(end) = citation.end_clause else {
        return start;
    };
    let (Some(first), Some(last)) = (
        document.clauses.get(citation.clause as usize),
        document.clauses.get(end as usize),
    ) else {
        return start;
    };
    match first.kind {
        Kind::Paragraph => {
            let mut place = first
                .parent
                .map(|parent| version_clause_name(document, parent as usize, version))
                .unwrap_or_default();
            push_paragraphs(&mut place, chinese, first.number, Some(last.number));
            place
        }
        _ if first.level == Level::Section => {
            start.push('–');
            match version.and_then(|version| document.label_of(last, version)) {
                Some(label) => start.push_str(label.trim()),
                None => {
                    start.push('(');
                    push_decimal(&mut start, last.number as u64);
                    start.push(')');
                }
            }
            start
        }
        _ => {
            start.push('–');
            start.push_str(&version_clause_name(document, end as usize, version));
            start
        }
    }
}

/// The place cited for a formal style: "Development Program (9), para. 3, sentence 2".
fn formal_place(document: &Document, citation: &Citation, version: usize) -> String {
    let chinese = is_chinese(&document.versions[version]);
    let mut place = range_place(document, citation, Some(version), chinese);
    if let Some((first, last)) = citation.sentences {
        if chinese {
            push_chinese_sentences(&mut place, first, last);
        } else {
            push_english_sentences(&mut place, first, last);
        }
    }
    place
}

/// An English locator for a Chinese version: the official numbering with the Chinese after it.
fn english_locator(document: &Document, citation: &Citation, version: usize) -> String {
    if !is_chinese(&document.versions[version]) {
        return formal_place(document, citation, version);
    }
    let english = versions_for_language(document, false);
    let mut english_citation = *citation;
    english_citation.sentences = None;
    let mut place = range_place(document, &english_citation, english, false);
    place.push_str(" [");
    place.push_str(&formal_place(document, citation, version));
    place.push(']');
    if let Some((first, last)) = citation.sentences {
        push_english_sentences(&mut place, first, last);
        place.push_str(" of the original");
    }
    place
}

struct Work<'d> {
    author: &'d str,
    title: &'d str,
    version: &'d Version,
    year: &'d str,
    month: u32,
    day: u32,
}

fn work<'d>(document: &'d Document, version: usize) -> Work<'d> {
    let version_ref = &document.versions[version];
    // "Zhou Zhiwei: …" names its author before the colon.
    let (author, title) = match version_ref.title.split_once(':') {
        Some((author, title))
            if author.chars().count() <= 24
                && !author.trim().is_empty()
                && !title.trim().is_empty() =>
        {
            (author.trim(), title.trim())
        }
        _ => (version_ref.publisher.as_str(), version_ref.title.as_str()),
    };
    let mut parts = version_ref.date.split('-');
    let year = parts.next().unwrap_or("");
    let month = parts
        .next()
        .and_then(|month| month.parse().ok())
        .unwrap_or(0);
    let day = parts.next().and_then(|day| day.parse().ok()).unwrap_or(0);
    Work {
        author,
        title,
        version: version_ref,
        year,
        month,
        day,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MLA_MONTHS: [&str; 12] = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
];

impl Work<'_> {
    fn month_name(&self) -> Option<&'static str> {
        MONTHS.get((self.month as usize).wrapping_sub(1)).copied()
    }

    /// "December 10, 2025".
    fn long_date(&self) -> String {
        match self.month_name() {
            Some(month) if self.day > 0 => {
                join(&[month, " ", &decimal(self.day as u64), ", ", self.year])
            }
            _ => self.version.date.clone(),
        }
    }

    /// "10 Dec. 2025".
    fn mla_date(&self) -> String {
        match MLA_MONTHS.get((self.month as usize).wrapping_sub(1)) {
            Some(month) if self.day > 0 => {
                join(&[&decimal(self.day as u64), " ", month, " ", self.year])
            }
            _ => self.version.date.clone(),
        }
    }

    /// The publisher when it is not already the author.
    fn other_publisher(&self) -> Option<&str> {
        (self.version.publisher != self.author && !self.version.publisher.is_empty())
            .then_some(self.version.publisher.as_str())
    }

    fn role(&self) -> &'static str {
        role_words(self.version.role)
    }

    fn role_capitalised(&self) -> String {
        let mut role = String::from(self.role());
        if let Some(first) = role.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        role
    }

    fn role_chinese(&self) -> &'static str {
        match self.version.role {
            Role::Original => "原文",
            Role::OfficialTranslation => "官方译本",
            Role::UnofficialTranslation => "非官方译本",
        }
    }
}

fn ends_with_stop(text: &str) -> bool {
    text.ends_with('.') || text.ends_with('?') || text.ends_with('!')
}

/// Appends a sentence, with a full stop unless it already ends with one.
fn sentence(output: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !output.is_empty() && !output.ends_with(' ') {
        output.push(' ');
    }
    output.push_str(text);
    if !ends_with_stop(text) {
        output.push('.');
    }
}

pub(crate) fn format(
    corpus: &Corpus,
    citation: &Citation,
    style: Style,
    version: Option<&str>,
) -> Result<String, CiteError> {
    check(corpus, citation)?;
    let document = &corpus.documents[citation.document as usize];
    let explicit = match version {
        Some(id) => Some(version_by_id(document, id)?),
        None => None,
    };
    let hint = citation.version_hint.map(|hint| hint as usize);
    // Sentence numbers count in the hinted version: quoting another version would point at
    // other sentences.
    if let (Some(version), Some(_)) = (explicit, citation.sentences) {
        let counted_in = hint.unwrap_or(0);
        if version != counted_in && style != Style::Selector {
            return Err(CiteError::new(
                "inconsistent-citation",
                join(&[
                    "The sentences of this citation are counted in the ",
                    role_words(document.versions[counted_in].role),
                    " (",
                    &document.versions[counted_in].id,
                    "), not in ",
                    &document.versions[version].id,
                    ": cite that version, or cite the whole clause.",
                ]),
            )
            .with(vec![document.versions[counted_in].id.clone()]));
        }
    }
    let english_default = versions_for_language(document, false).unwrap_or(0);
    let chinese_default = versions_for_language(document, true).unwrap_or(0);
    match style {
        Style::Short => Ok(match explicit {
            None => short_plain(document, citation),
            Some(version) => {
                let mut text = String::from(document_short_name(document, NameLanguage::English));
                text.push_str(", ");
                text.push_str(&compact_place(document, citation, Some(version)));
                text.push_str(" (");
                text.push_str(role_words(document.versions[version].role));
                text.push(')');
                text
            }
        }),
        Style::ShortZh => {
            // Named in the original's numbering; the version quoted (or the one the sentences
            // are counted in) is named after the place when it is not the original.
            let quoted = explicit.or(citation.sentences.and(hint));
            let name = document_short_name(document, NameLanguage::Chinese);
            let mut text = crate::names::chinese_title(name);
            text.push_str(&compact_place(document, citation, Some(chinese_default)));
            if let Some(version) = quoted.filter(|&version| version != chinese_default) {
                text.push('（');
                text.push_str(work(document, version).role_chinese());
                text.push('）');
            }
            Ok(text)
        }
        Style::Permalink => Ok(permalink(document, citation)),
        Style::Selector => {
            let selectors = match explicit {
                Some(version) => vec![quote_selector_at(document, citation, version)?],
                None => selectors_in_every_version(document, citation),
            };
            let mut json = String::from("[");
            for (index, selector) in selectors.iter().enumerate() {
                if index > 0 {
                    json.push_str(",\n ");
                }
                let members = [
                    ("type", selector.kind),
                    ("exact", &selector.exact),
                    ("prefix", &selector.prefix),
                    ("suffix", &selector.suffix),
                    ("version", &selector.version),
                    ("lang", &selector.lang),
                ];
                json.push('{');
                for (member, (name, value)) in members.iter().enumerate() {
                    if member > 0 {
                        json.push_str(", ");
                    }
                    push_json_string(&mut json, name);
                    json.push_str(": ");
                    push_json_string(&mut json, value);
                }
                json.push('}');
            }
            json.push(']');
            Ok(json)
        }
        Style::Gbt7714 => {
            // The Chinese standard cites the original unless sentences tie it to a version.
            let tied = citation.sentences.and(hint);
            let version = explicit.or(tied).unwrap_or(chinese_default);
            Ok(gbt7714(document, citation, version))
        }
        _ => {
            let version = explicit.or(hint).unwrap_or(english_default);
            Ok(match style {
                Style::Chicago => chicago_note(document, citation, version),
                Style::ChicagoBibliography => chicago_bibliography(document, citation, version),
                Style::Apa => apa(document, citation, version),
                Style::Mla => mla(document, citation, version),
                Style::Bibtex => bibtex(document, citation, version),
                Style::Ris => ris(document, citation, version),
                _ => csl_json(document, citation, version),
            })
        }
    }
}

/// The short citation in the official English numbering, as cards show it.
fn short_plain(document: &Document, citation: &Citation) -> String {
    if citation.end_clause.is_none() && citation.sentences.is_none() {
        return short_citation(document, citation.clause as usize, NameLanguage::English);
    }
    let mut text = String::from(document_short_name(document, NameLanguage::English));
    text.push_str(", ");
    let english = versions_for_language(document, false);
    let mut place = range_place(document, citation, english, false);
    if let Some((first, last)) = citation.sentences {
        place.push_str(" s");
        push_number_range(&mut place, first, last);
        // Sentences are counted in one version: name it unless it is the official English.
        if let Some(hint) = citation.version_hint {
            if Some(hint as usize) != english {
                place.push_str(" (");
                place.push_str(role_words(document.versions[hint as usize].role));
                place.push(')');
            }
        }
    }
    text.push_str(&place);
    text
}

fn permalink(document: &Document, citation: &Citation) -> String {
    let mut link = String::from("#");
    link.push_str(&document.clauses[citation.clause as usize].id);
    if let Some(end) = citation.end_clause {
        link.push_str("..");
        link.push_str(&document.clauses[end as usize].id);
    }
    if let Some((first, last)) = citation.sentences {
        link.push_str("__sent_");
        push_decimal(&mut link, first as u64);
        if last != first {
            link.push('-');
            push_decimal(&mut link, last as u64);
        }
        if let Some(hint) = citation.version_hint.filter(|&hint| hint != 0) {
            link.push_str("__");
            link.push_str(&document.versions[hint as usize].id);
        }
    }
    link
}

fn chicago_note(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version);
    let mut text = join(&[work.author, ", ", work.title, ", ", work.role(), " ("]);
    if let Some(publisher) = work.other_publisher() {
        text.push_str(publisher);
        text.push_str(", ");
    }
    text.push_str(&work.long_date());
    text.push_str("), ");
    text.push_str(&english_locator(document, citation, version));
    if let Some(url) = &work.version.url {
        text.push_str(", ");
        text.push_str(url);
    }
    text.push('.');
    sentence(&mut text, &work.version.source);
    text
}

fn chicago_bibliography(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version);
    let mut text = String::new();
    sentence(&mut text, work.author);
    sentence(&mut text, work.title);
    sentence(&mut text, &work.role_capitalised());
    match work.other_publisher() {
        Some(publisher) => sentence(&mut text, &join(&[publisher, ", ", &work.long_date()])),
        None => sentence(&mut text, &work.long_date()),
    }
    sentence(&mut text, &english_locator(document, citation, version));
    sentence(&mut text, &work.version.source);
    if let Some(url) = &work.version.url {
        sentence(&mut text, url);
    }
    text
}

fn apa(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version);
    let mut text = String::new();
    sentence(&mut text, work.author);
    let date = match work.month_name() {
        Some(month) if work.day > 0 => join(&[
            "(",
            work.year,
            ", ",
            month,
            " ",
            &decimal(work.day as u64),
            ")",
        ]),
        _ => join(&["(", &work.version.date, ")"]),
    };
    sentence(&mut text, &date);
    sentence(
        &mut text,
        &join(&[work.title, " [", &work.role_capitalised(), "]"]),
    );
    if let Some(publisher) = work.other_publisher() {
        sentence(&mut text, publisher);
    }
    if let Some(url) = &work.version.url {
        text.push(' ');
        text.push_str(url);
    }
    text.push_str(" (");
    text.push_str(&apa_locator(document, citation, version));
    text.push(')');
    text
}

/// APA's locator: "Development Program (9), para. 3".
fn apa_locator(document: &Document, citation: &Citation, version: usize) -> String {
    paragraph_word(english_locator(document, citation, version), "para.")
}

/// The locator with its pilcrow written as a word: "Preface ¶3" → "Preface, para. 3". Like
/// `.replacen(" ¶", ", para. ", 1).replacen("¶", "para. ", 1)`.
fn paragraph_word(mut locator: String, word: &str) -> String {
    if let Some(at) = crate::text::find(&locator, " ¶") {
        locator.replace_range(at..at + " ¶".len(), &join(&[", ", word, " "]));
    }
    if let Some(at) = locator.find('¶') {
        locator.replace_range(at..at + '¶'.len_utf8(), &join(&[word, " "]));
    }
    locator
}

fn mla(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version);
    let mut text = String::new();
    sentence(&mut text, work.author);
    sentence(&mut text, work.title);
    let mut container = work.role_capitalised();
    if let Some(publisher) = work.other_publisher() {
        container.push_str(", ");
        container.push_str(publisher);
    }
    container.push_str(", ");
    container.push_str(&work.mla_date());
    sentence(&mut text, &container);
    let locator = paragraph_word(english_locator(document, citation, version), "par.");
    sentence(&mut text, &locator);
    if let Some(url) = &work.version.url {
        sentence(&mut text, url);
    }
    text
}

fn gbt7714(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version);
    let kind = if work.version.url.is_some() {
        "[EB/OL]"
    } else {
        "[Z]"
    };
    let mut text = join(&[work.author, ". ", work.title, kind, ". "]);
    if work.version.role != Role::Original {
        text.push_str(work.role_chinese());
        text.push_str(". ");
    }
    if let Some(publisher) = work.other_publisher() {
        text.push_str(publisher);
        text.push_str(", ");
    }
    text.push_str(&work.version.date);
    text.push_str(": ");
    text.push_str(&formal_place(document, citation, version));
    text.push('.');
    if let Some(url) = &work.version.url {
        text.push(' ');
        text.push_str(url);
        text.push('.');
    }
    text
}

fn citation_key(document: &Document, citation: &Citation, version: usize) -> String {
    let mut key = String::new();
    for character in document
        .id
        .chars()
        .chain("-".chars())
        .chain(document.clauses[citation.clause as usize].id.chars())
    {
        key.push(if character.is_ascii_alphanumeric() {
            character
        } else {
            '-'
        });
    }
    key.push('-');
    key.push_str(&document.versions[version].id);
    key
}

fn bibtex_escape(text: &str) -> String {
    let mut escaped = String::new();
    for character in text.chars() {
        match character {
            '{' | '}' | '\\' => {}
            '&' | '%' | '#' | '_' | '$' => {
                escaped.push('\\');
                escaped.push(character);
            }
            _ => escaped.push(character),
        }
    }
    escaped
}

fn bibtex(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version);
    let mut note = work.role_capitalised();
    note.push_str(". ");
    note.push_str(&english_locator(document, citation, version));
    note.push_str(". ");
    note.push_str(&work.version.source);
    let mut text = join(&["@misc{", &citation_key(document, citation, version), ",\n"]);
    // One field: "  name = {value},\n"; names and titles are braced once more, to keep their case.
    let mut field = |name: &str, value: &str, braced: bool| {
        text.push_str("  ");
        text.push_str(name);
        text.push_str(" = {");
        if braced {
            text.push('{');
        }
        text.push_str(value);
        if braced {
            text.push('}');
        }
        text.push_str("},\n");
    };
    field("author", &bibtex_escape(work.author), true);
    field("title", &bibtex_escape(work.title), true);
    field("year", work.year, false);
    field("date", &work.version.date, false);
    field("publisher", &bibtex_escape(&work.version.publisher), false);
    field("language", &work.version.lang, false);
    field("note", &bibtex_escape(&note), false);
    if let Some(url) = &work.version.url {
        field("url", &replace_chars(url, &['{', '}'], ""), false);
    }
    text.push('}');
    text
}

/// `text` with each of the characters `from` replaced by `to`.
fn replace_chars(text: &str, from: &[char], to: &str) -> String {
    let mut replaced = String::with_capacity(text.len());
    for character in text.chars() {
        if from.contains(&character) {
            replaced.push_str(to);
        } else {
            replaced.push(character);
        }
    }
    replaced
}

fn ris_type(work: &Work) -> &'static str {
    let publisher = &work.version.publisher;
    let mentions = |word: &str| crate::text::find(publisher, word).is_some();
    if mentions("Daily") || mentions("日报") {
        "NEWS"
    } else if work.version.role == Role::UnofficialTranslation || mentions("blog") {
        "BLOG"
    } else if work.author == publisher {
        "GOVDOC"
    } else {
        "GEN"
    }
}

fn ris(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version);
    let mut text = String::new();
    // One line: "TAG  - value"; free text is kept on one line.
    let mut line = |tag: &str, value: &str, free_text: bool| {
        text.push_str(tag);
        text.push_str("  - ");
        if free_text {
            text.push_str(&replace_chars(value, &['\r', '\n'], " "));
        } else {
            text.push_str(value);
        }
        text.push('\n');
    };
    line("TY", ris_type(&work), false);
    line("AU", work.author, true);
    line("TI", work.title, true);
    line("PY", work.year, false);
    line("DA", &replace_chars(&work.version.date, &['-'], "/"), false);
    line("PB", &work.version.publisher, true);
    line("LA", &work.version.lang, false);
    let locator = english_locator(document, citation, version);
    line(
        "N1",
        &join(&[&work.role_capitalised(), ": ", &locator]),
        true,
    );
    line("N1", &work.version.source, true);
    if let Some(url) = &work.version.url {
        line("UR", url, false);
    }
    text.push_str("ER  - ");
    text
}

/// A JSON string literal.
pub(crate) fn json_string(text: &str) -> String {
    let mut json = String::with_capacity(text.len() + 2);
    push_json_string(&mut json, text);
    json
}

/// Appends a JSON string literal.
fn push_json_string(json: &mut String, text: &str) {
    json.push('"');
    for character in text.chars() {
        match character {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\n' => json.push_str("\\n"),
            '\r' => json.push_str("\\r"),
            '\t' => json.push_str("\\t"),
            character if (character as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let code = character as usize;
                json.push_str("\\u00");
                json.push(HEX[code >> 4] as char);
                json.push(HEX[code & 15] as char);
            }
            character => json.push(character),
        }
    }
    json.push('"');
}

fn csl_json(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version);
    let kind = match ris_type(&work) {
        "NEWS" => "article-newspaper",
        "BLOG" => "post-weblog",
        _ => "document",
    };
    let mut date_parts = String::new();
    for part in [
        work.year.parse::<u32>().ok(),
        Some(work.month),
        Some(work.day),
    ] {
        match part {
            Some(value) if value > 0 => {
                if !date_parts.is_empty() {
                    date_parts.push_str(", ");
                }
                push_decimal(&mut date_parts, value as u64);
            }
            _ => break,
        }
    }
    let mut json = String::from("[{\n");
    // One member: "  \"name\": value" and the separator after it.
    let mut member = |name: &str, value: &str, after: &str| {
        json.push_str("  ");
        push_json_string(&mut json, name);
        json.push_str(": ");
        json.push_str(value);
        json.push_str(after);
    };
    let mut field = |name: &str, value: &str| member(name, value, ",\n");
    field(
        "id",
        &json_string(&citation_key(document, citation, version)),
    );
    field("type", &json_string(kind));
    field("title", &json_string(work.title));
    field(
        "author",
        &join(&["[{\"literal\": ", &json_string(work.author), "}]"]),
    );
    if !date_parts.is_empty() {
        field(
            "issued",
            &join(&["{\"date-parts\": [[", &date_parts, "]]}"]),
        );
    }
    field("publisher", &json_string(&work.version.publisher));
    field("language", &json_string(&work.version.lang));
    field("genre", &json_string(work.role()));
    field(
        "section",
        &json_string(&english_locator(document, citation, version)),
    );
    if let Some(url) = &work.version.url {
        field("URL", &json_string(url));
    }
    member("note", &json_string(&work.version.source), "\n}]");
    json
}

fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    let mut space = false;
    for character in text.chars() {
        // Only the white space that joins paragraphs and lines is folded; a no-break space is
        // part of the text.
        if character.is_ascii_whitespace() {
            space = true;
        } else {
            if space && !collapsed.is_empty() {
                collapsed.push(' ');
            }
            space = false;
            collapsed.push(character);
        }
    }
    if space && !collapsed.is_empty() {
        collapsed.push(' ');
    }
    collapsed
}

fn quote_selector_at(
    document: &Document,
    citation: &Citation,
    version: usize,
) -> Result<QuoteSelector, CiteError> {
    let version_ref = &document.versions[version];
    let text = &version_ref.text;
    let first = &document.clauses[citation.clause as usize];
    let last = &document.clauses[citation.end_clause.unwrap_or(citation.clause) as usize];
    let no_text = || {
        no_text(
            &version_clause_name(document, citation.clause as usize, None),
            version_ref,
        )
    };
    let first_text = first
        .texts
        .get(version)
        .and_then(|given| given.as_ref())
        .ok_or_else(no_text)?;
    let last_text = last
        .texts
        .get(version)
        .and_then(|given| given.as_ref())
        .ok_or_else(no_text)?;
    let (mut start, mut end) = (first_text.text.start as usize, last_text.text.end as usize);
    // Sentences are counted in the version the citation names; other versions quote the clause.
    let counted_in = citation.version_hint.unwrap_or(0) as usize;
    if let (Some((first_sentence, last_sentence)), true) =
        (citation.sentences, counted_in == version)
    {
        let sentences = &first_text.sentences;
        if let (Some(a), Some(b)) = (
            sentences.get((first_sentence as usize).wrapping_sub(1)),
            sentences.get((last_sentence as usize).wrapping_sub(1)),
        ) {
            start = a.start as usize;
            end = b.end as usize;
        }
    }
    if end < start || text.get(start..end).is_none() {
        return Err(no_text());
    }
    let exact = collapse_whitespace(text.get(start..end).unwrap_or(""));
    let before = collapse_whitespace(text.get(..start).unwrap_or(""));
    let after = collapse_whitespace(text.get(end..).unwrap_or(""));
    let prefix_start = before.chars().count().saturating_sub(CONTEXT_CHARS);
    let prefix = String::from(crate::text::slice(
        &before,
        char_offset(&before, prefix_start),
        before.len(),
    ));
    let suffix = String::from(first_chars(&after, CONTEXT_CHARS));
    Ok(QuoteSelector {
        kind: "TextQuoteSelector",
        exact,
        prefix,
        suffix,
        version: version_ref.id.clone(),
        lang: version_ref.lang.clone(),
    })
}

/// A TextQuoteSelector for the citation in one version (a version id such as `en`).
pub fn quote_selector(
    corpus: &Corpus,
    citation: &Citation,
    version: &str,
) -> Result<QuoteSelector, CiteError> {
    check(corpus, citation)?;
    let document = &corpus.documents[citation.document as usize];
    let version = version_by_id(document, version)?;
    quote_selector_at(document, citation, version)
}

/// TextQuoteSelectors for the citation in every version that has text for it.
pub fn quote_selectors(corpus: &Corpus, citation: &Citation) -> Vec<QuoteSelector> {
    if check(corpus, citation).is_err() {
        return Vec::new();
    }
    selectors_in_every_version(&corpus.documents[citation.document as usize], citation)
}

/// TextQuoteSelectors for the citation in every version that has text for it.
fn selectors_in_every_version(document: &Document, citation: &Citation) -> Vec<QuoteSelector> {
    let mut selectors = Vec::new();
    for version in 0..document.versions.len() {
        if let Ok(selector) = quote_selector_at(document, citation, version) {
            selectors.push(selector);
        }
    }
    selectors
}
