//! Writing citations: short human citations in English and Chinese (in any version's own
//! numbering), Chicago notes and bibliography, APA 7, MLA 9, GB/T 7714-2015, BibTeX, RIS,
//! CSL-JSON, the permalink fragment, and W3C Web Annotation TextQuoteSelectors. Every formal
//! style names the version quoted (original, official translation, unofficial translation) with
//! its publisher, source and date, taken from the corpus.

use serde::Serialize;

use super::names::{clause_name, document_name, role_words, short_citation, version_for, Language};
use super::parse::{first_chars, no_text, unknown_version};
use super::Citation;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Corpus, Document, Kind, LabelForm, Role, Version};

macro_rules! styles {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal $(| $alias:literal)*, )*) => {
        /// A citation style.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
        pub enum Style {
            $( $(#[doc = $doc])* #[serde(rename = $name)] $variant, )*
        }

        impl Style {
            /// Every style, in the order menus list them.
            pub const ALL: &'static [Style] = &[ $( Style::$variant, )* ];

            /// The style's name: `chicago`, `gbt7714`.
            pub fn name(self) -> &'static str {
                match self {
                    $( Style::$variant => $name, )*
                }
            }

            fn from_name(name: &str) -> Option<Style> {
                match name {
                    $( $name $(| $alias)* => Some(Style::$variant), )*
                    _ => None,
                }
            }
        }
    };
}

styles! {
    /// "China's Policy Paper on Latin America and the Caribbean, Development Program (9) ¶3".
    Short = "short" | "short-en" | "en",
    /// "《中国对拉丁美洲和加勒比政策文件》发展工程(九)第3段".
    ShortZh = "short-zh" | "zh",
    /// "#policy-paper__pt_3__prog_2__sec_9__para_3".
    Permalink = "permalink" | "id" | "fragment",
    /// Chicago Manual of Style, notes.
    Chicago = "chicago" | "chicago-note" | "chicago-notes",
    /// Chicago Manual of Style, bibliography entry.
    ChicagoBibliography = "chicago-bib" | "chicago-bibliography",
    /// APA, 7th edition.
    Apa = "apa" | "apa7",
    /// MLA, 9th edition.
    Mla = "mla" | "mla9",
    /// GB/T 7714-2015, the Chinese national standard.
    Gbt7714 = "gbt7714" | "gb/t7714" | "gb-t-7714" | "gbt-7714" | "gbt7714-2015",
    /// BibTeX.
    Bibtex = "bibtex",
    /// RIS.
    Ris = "ris",
    /// CSL-JSON: a JSON array holding one item.
    CslJson = "csl-json" | "csljson" | "csl",
    /// A JSON array of W3C Web Annotation TextQuoteSelectors, one per version.
    Selector = "selector" | "quote" | "text-quote-selector",
}

impl Style {
    /// The styles a card's menu offers, in order.
    pub const CARD_MENU: &'static [Style] = &[Style::Chicago, Style::Apa, Style::Mla, Style::Gbt7714, Style::Bibtex];

    /// True for the styles that set the title of the work in italics (Chicago, APA, MLA).
    pub fn italicizes_title(self) -> bool {
        matches!(self, Style::Chicago | Style::ChicagoBibliography | Style::Apa | Style::Mla)
    }

    /// Reads a style's name, case-insensitively; a few common spellings are accepted.
    pub fn parse(name: &str) -> Result<Style> {
        let lower = name.trim().to_ascii_lowercase();
        Style::from_name(&lower).ok_or_else(|| {
            let names: Vec<String> = Style::ALL.iter().map(|style| style.name().to_string()).collect();
            Error::new(ErrorCode::UnknownStyle, format!("There is no citation style \"{}\"; the styles are {}.", name.trim(), names.join(", ")))
                .with_suggestions(names)
        })
    }

    /// True for the styles whose text/html form sets the document's title in italics.
    pub fn italic_title(self) -> bool {
        matches!(self, Style::Chicago | Style::ChicagoBibliography | Style::Apa | Style::Mla)
    }
}

/// A W3C Web Annotation TextQuoteSelector for one version's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct QuoteSelector {
    #[serde(rename = "type")]
    pub kind: String,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// The version id the quote is taken from.
    pub version: String,
    pub lang: String,
}

/// How many characters of context a selector's prefix and suffix hold.
const CONTEXT_CHARS: usize = 32;

fn is_chinese(version: &Version) -> bool {
    version.is_chinese()
}

/// Appends a paragraph number (or a range of them) to its parent's name: "前言第3段",
/// "Preface ¶2–3", or "¶3" when there is no parent name.
fn push_paragraphs(name: &mut String, chinese: bool, first: u32, last: Option<u32>) {
    name.push_str(if chinese {
        "第"
    } else if name.is_empty() {
        "¶"
    } else {
        " ¶"
    });
    name.push_str(&first.to_string());
    if let Some(last) = last {
        name.push('–');
        name.push_str(&last.to_string());
    }
    if chinese {
        name.push('段');
    }
}

fn check(corpus: &Corpus, citation: &Citation) -> Result<()> {
    let valid = corpus.documents.get(citation.document as usize).is_some_and(|document| {
        (citation.clause as usize) < document.clauses.len()
            && citation.end_clause.is_none_or(|end| (end as usize) < document.clauses.len())
            && citation.version_hint.is_none_or(|hint| (hint as usize) < document.versions.len())
    });
    if valid {
        Ok(())
    } else {
        Err(Error::new(ErrorCode::UnknownCitation, "The citation does not belong to this corpus."))
    }
}

fn version_by_id(document: &Document, id: &str) -> Result<usize> {
    document.version_index(id).ok_or_else(|| unknown_version(document, id))
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
    text.push_str(&first.to_string());
    if first != last {
        text.push('–');
        text.push_str(&last.to_string());
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
    text.push_str(if first == last { ", sentence " } else { ", sentences " });
    push_number_range(text, first, last);
}

/// True when a clause's level writes its labels in brackets, so a range of them is written
/// "(9)–(10)".
fn bracketed_level(document: &Document, clause: &crate::model::Clause) -> bool {
    document.level_of(clause).is_some_and(|level| level.names.iter().flatten().any(|name| name.form == LabelForm::Bracketed))
}

fn range_place(document: &Document, citation: &Citation, version: Option<usize>, chinese: bool) -> String {
    let mut start = clause_name(document, citation.clause as usize, version);
    let Some(end) = citation.end_clause else {
        return start;
    };
    let (Some(first), Some(last)) = (document.clauses.get(citation.clause as usize), document.clauses.get(end as usize)) else {
        return start;
    };
    match first.kind {
        Kind::Paragraph => {
            let mut place = first.parent.map(|parent| clause_name(document, parent as usize, version)).unwrap_or_default();
            push_paragraphs(&mut place, chinese, first.number, Some(last.number));
            place
        }
        _ if bracketed_level(document, first) => {
            start.push('–');
            match version.and_then(|version| document.label_of(last, version)) {
                Some(label) => start.push_str(label.trim()),
                None => start.push_str(&format!("({})", last.number)),
            }
            start
        }
        _ => {
            start.push('–');
            start.push_str(&clause_name(document, end as usize, version));
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
    let english = version_for(document, Language::English);
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
    author: String,
    title: String,
    version: &'d Version,
    /// The publisher and source in the style's language.
    publisher: String,
    source: String,
    year: &'d str,
    month: u32,
    day: u32,
}

fn work(document: &Document, version: usize, language: Language) -> Work<'_> {
    let version_ref = &document.versions[version];
    let tag = match language {
        Language::English => "en",
        Language::Chinese => "zh",
    };
    let publisher = version_ref.publisher.get(tag).to_string();
    // "Zhou Zhiwei: …" names its author before the colon.
    let (author, title) = match version_ref.title.split_once(':') {
        Some((author, title)) if author.chars().count() <= 24 && !author.trim().is_empty() && !title.trim().is_empty() => {
            (author.trim().to_string(), title.trim().to_string())
        }
        _ => (publisher.clone(), version_ref.title.clone()),
    };
    let mut parts = version_ref.date.split('-');
    let year = parts.next().unwrap_or("");
    let month = parts.next().and_then(|month| month.parse().ok()).unwrap_or(0);
    let day = parts.next().and_then(|day| day.parse().ok()).unwrap_or(0);
    Work { author, title, version: version_ref, source: version_ref.source.get(tag).to_string(), publisher, year, month, day }
}

const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MLA_MONTHS: [&str; 12] = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

impl Work<'_> {
    fn month_name(&self) -> Option<&'static str> {
        MONTHS.get((self.month as usize).wrapping_sub(1)).copied()
    }

    /// "December 10, 2025".
    fn long_date(&self) -> String {
        match self.month_name() {
            Some(month) if self.day > 0 => format!("{month} {}, {}", self.day, self.year),
            _ => self.version.date.clone(),
        }
    }

    /// "10 Dec. 2025".
    fn mla_date(&self) -> String {
        match MLA_MONTHS.get((self.month as usize).wrapping_sub(1)) {
            Some(month) if self.day > 0 => format!("{} {month} {}", self.day, self.year),
            _ => self.version.date.clone(),
        }
    }

    /// The publisher when it is not already the author.
    fn other_publisher(&self) -> Option<&str> {
        (self.publisher != self.author && !self.publisher.is_empty()).then_some(self.publisher.as_str())
    }

    fn role(&self) -> &'static str {
        role_words(self.version.role)
    }

    fn role_capitalised(&self) -> String {
        let mut role = self.role().to_string();
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

/// The citation with its sentences counted in `version` instead: the sentences of that version
/// that say what the cited ones say.
pub(crate) fn recount(document: &Document, citation: &Citation, version: usize) -> Result<Citation> {
    let counted_in = citation.version_hint.map_or(0, usize::from);
    let Some((first, last)) = citation.sentences else { return Ok(*citation) };
    if version == counted_in {
        return Ok(*citation);
    }
    let clause = &document.clauses[citation.clause as usize];
    let mapped = crate::align::corresponding_sentences(document, clause, counted_in, first - 1, last);
    match mapped.get(version).copied().flatten() {
        Some((from, to)) if to > from && citation.end_clause.is_none() => Ok(Citation {
            sentences: Some((from + 1, to)),
            version_hint: Some(version as u16),
            ..*citation
        }),
        _ => Err(Error::new(
            ErrorCode::InconsistentCitation,
            format!(
                "The sentences of this citation are counted in the {} ({}), and the {} ({}) has no sentences aligned with them: cite that version, or cite the whole clause.",
                role_words(document.versions[counted_in].role),
                document.versions[counted_in].id,
                role_words(document.versions[version].role),
                document.versions[version].id
            ),
        )
        .with_suggestions(vec![document.versions[counted_in].id.clone()])),
    }
}

pub(crate) fn format(corpus: &Corpus, citation: &Citation, style: Style, version: Option<&str>) -> Result<String> {
    check(corpus, citation)?;
    let document = &corpus.documents[citation.document as usize];
    let explicit = match version {
        Some(id) => Some(version_by_id(document, id)?),
        None => None,
    };
    // Sentence numbers count in the hinted version (the original for an id): quoting another
    // version re-counts them in that version through the sentence alignment, so the citation
    // names the sentences that version gives for the same words.
    let recounted;
    let citation = match (explicit, citation.sentences) {
        (Some(version), Some(_)) if version != citation.version_hint.map_or(0, usize::from) && style != Style::Selector => {
            recounted = recount(document, citation, version)?;
            &recounted
        }
        _ => citation,
    };
    let hint = citation.version_hint.map(|hint| hint as usize);
    let english_default = version_for(document, Language::English).unwrap_or(0);
    let chinese_default = version_for(document, Language::Chinese).unwrap_or(0);
    match style {
        Style::Short => Ok(match explicit {
            None => short_plain(document, citation),
            Some(version) => format!(
                "{}, {} ({})",
                document_name(document, Language::English),
                compact_place(document, citation, Some(version)),
                role_words(document.versions[version].role)
            ),
        }),
        Style::ShortZh => {
            // Named in the original's numbering; the version quoted (or the one the sentences
            // are counted in) is named after the place when it is not the original.
            let quoted = explicit.or(citation.sentences.and(hint));
            let mut text = super::names::chinese_title(&document_name(document, Language::Chinese));
            text.push_str(&compact_place(document, citation, Some(chinese_default)));
            if let Some(version) = quoted.filter(|&version| version != chinese_default) {
                text.push('（');
                text.push_str(work(document, version, Language::Chinese).role_chinese());
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
            Ok(serde_json::to_string(&selectors).expect("selectors serialise"))
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
        return short_citation(document, citation.clause as usize, Language::English);
    }
    let english = version_for(document, Language::English);
    let mut place = range_place(document, citation, english, false);
    if let Some((first, last)) = citation.sentences {
        place.push_str(" s");
        push_number_range(&mut place, first, last);
        // Sentences are counted in one version: name it unless it is the official English.
        if let Some(hint) = citation.version_hint {
            if Some(hint as usize) != english {
                place.push_str(&format!(" ({})", role_words(document.versions[hint as usize].role)));
            }
        }
    }
    format!("{}, {place}", document_name(document, Language::English))
}

fn permalink(document: &Document, citation: &Citation) -> String {
    let mut link = format!("#{}", document.clauses[citation.clause as usize].id);
    if let Some(end) = citation.end_clause {
        link.push_str("..");
        link.push_str(&document.clauses[end as usize].id);
    }
    if let Some((first, last)) = citation.sentences {
        link.push_str(&format!("__sent_{first}"));
        if last != first {
            link.push_str(&format!("-{last}"));
        }
        if let Some(hint) = citation.version_hint.filter(|&hint| hint != 0) {
            link.push_str("__");
            link.push_str(&document.versions[hint as usize].id);
        }
    }
    link
}

fn chicago_note(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version, Language::English);
    let mut text = format!("{}, {}, {} (", work.author, work.title, work.role());
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
    sentence(&mut text, &work.source);
    text
}

fn chicago_bibliography(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version, Language::English);
    let mut text = String::new();
    sentence(&mut text, &work.author);
    sentence(&mut text, &work.title);
    sentence(&mut text, &work.role_capitalised());
    match work.other_publisher() {
        Some(publisher) => sentence(&mut text, &format!("{publisher}, {}", work.long_date())),
        None => sentence(&mut text, &work.long_date()),
    }
    sentence(&mut text, &english_locator(document, citation, version));
    sentence(&mut text, &work.source);
    if let Some(url) = &work.version.url {
        sentence(&mut text, url);
    }
    text
}

fn apa(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version, Language::English);
    let mut text = String::new();
    sentence(&mut text, &work.author);
    let date = match work.month_name() {
        Some(month) if work.day > 0 => format!("({}, {month} {})", work.year, work.day),
        _ => format!("({})", work.version.date),
    };
    sentence(&mut text, &date);
    sentence(&mut text, &format!("{} [{}]", work.title, work.role_capitalised()));
    if let Some(publisher) = work.other_publisher() {
        sentence(&mut text, publisher);
    }
    if let Some(url) = &work.version.url {
        text.push(' ');
        text.push_str(url);
    }
    text.push_str(&format!(" ({})", paragraph_word(english_locator(document, citation, version), "para.")));
    text
}

/// The locator with its pilcrow written as a word: "Preface ¶3" → "Preface, para. 3".
fn paragraph_word(locator: String, word: &str) -> String {
    locator.replacen(" ¶", &format!(", {word} "), 1).replacen('¶', &format!("{word} "), 1)
}

fn mla(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version, Language::English);
    let mut text = String::new();
    sentence(&mut text, &work.author);
    sentence(&mut text, &work.title);
    let mut container = work.role_capitalised();
    if let Some(publisher) = work.other_publisher() {
        container.push_str(", ");
        container.push_str(publisher);
    }
    container.push_str(", ");
    container.push_str(&work.mla_date());
    sentence(&mut text, &container);
    sentence(&mut text, &paragraph_word(english_locator(document, citation, version), "par."));
    if let Some(url) = &work.version.url {
        sentence(&mut text, url);
    }
    text
}

fn gbt7714(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version, Language::Chinese);
    let kind = if work.version.url.is_some() { "[EB/OL]" } else { "[Z]" };
    let mut text = format!("{}. {}{kind}. ", work.author, work.title);
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
    let clause = &document.clauses[citation.clause as usize].id;
    let key: String = clause.chars().map(|character| if character.is_ascii_alphanumeric() { character } else { '-' }).collect();
    format!("{key}-{}", document.versions[version].id)
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
    let work = work(document, version, Language::English);
    let note = format!("{}. {}. {}", work.role_capitalised(), english_locator(document, citation, version), work.source);
    let mut text = format!("@misc{{{},\n", citation_key(document, citation, version));
    // One field: "  name = {value},\n"; names and titles are braced once more, to keep their case.
    let mut field = |name: &str, value: &str, braced: bool| {
        if braced {
            text.push_str(&format!("  {name} = {{{{{value}}}}},\n"));
        } else {
            text.push_str(&format!("  {name} = {{{value}}},\n"));
        }
    };
    field("author", &bibtex_escape(&work.author), true);
    field("title", &bibtex_escape(&work.title), true);
    field("year", work.year, false);
    field("date", &work.version.date, false);
    field("publisher", &bibtex_escape(&work.publisher), false);
    field("language", &work.version.lang, false);
    field("note", &bibtex_escape(&note), false);
    if let Some(url) = &work.version.url {
        field("url", &url.replace(['{', '}'], ""), false);
    }
    text.push('}');
    text
}

fn ris_type(work: &Work) -> &'static str {
    let publisher = &work.publisher;
    if publisher.contains("Daily") || publisher.contains("日报") {
        "NEWS"
    } else if work.version.role == Role::UnofficialTranslation || publisher.contains("blog") {
        "BLOG"
    } else if work.author == *publisher {
        "GOVDOC"
    } else {
        "GEN"
    }
}

fn ris(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version, Language::English);
    let mut text = String::new();
    // One line: "TAG  - value"; free text is kept on one line.
    let mut line = |tag: &str, value: &str, free_text: bool| {
        let value = if free_text { value.replace(['\r', '\n'], " ") } else { value.to_string() };
        text.push_str(&format!("{tag}  - {value}\n"));
    };
    line("TY", ris_type(&work), false);
    line("AU", &work.author, true);
    line("TI", &work.title, true);
    line("PY", work.year, false);
    line("DA", &work.version.date.replace('-', "/"), false);
    line("PB", &work.publisher, true);
    line("LA", &work.version.lang, false);
    line("N1", &format!("{}: {}", work.role_capitalised(), english_locator(document, citation, version)), true);
    line("N1", &work.source, true);
    if let Some(url) = &work.version.url {
        line("UR", url, false);
    }
    text.push_str("ER  - ");
    text
}

/// One CSL-JSON item.
#[derive(Serialize)]
struct CslItem {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    author: [CslName; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<CslDate>,
    publisher: String,
    language: String,
    genre: &'static str,
    section: String,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    note: String,
}

#[derive(Serialize)]
struct CslName {
    literal: String,
}

#[derive(Serialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: [Vec<u32>; 1],
}

fn csl_json(document: &Document, citation: &Citation, version: usize) -> String {
    let work = work(document, version, Language::English);
    let kind = match ris_type(&work) {
        "NEWS" => "article-newspaper",
        "BLOG" => "post-weblog",
        _ => "document",
    };
    let mut date_parts = Vec::new();
    for part in [work.year.parse::<u32>().ok(), Some(work.month), Some(work.day)] {
        match part {
            Some(value) if value > 0 => date_parts.push(value),
            _ => break,
        }
    }
    let item = CslItem {
        id: citation_key(document, citation, version),
        kind,
        title: work.title.clone(),
        author: [CslName { literal: work.author.clone() }],
        issued: (!date_parts.is_empty()).then_some(CslDate { date_parts: [date_parts] }),
        publisher: work.publisher.clone(),
        language: work.version.lang.clone(),
        genre: work.role(),
        section: english_locator(document, citation, version),
        url: work.version.url.clone(),
        note: work.source.clone(),
    };
    serde_json::to_string_pretty(&[item]).expect("a CSL item serialises")
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

fn quote_selector_at(document: &Document, citation: &Citation, version: usize) -> Result<QuoteSelector> {
    let version_ref = &document.versions[version];
    let text = &version_ref.text;
    let first = &document.clauses[citation.clause as usize];
    let last = &document.clauses[citation.end_clause.unwrap_or(citation.clause) as usize];
    let no_text = || no_text(&clause_name(document, citation.clause as usize, None), version_ref);
    let first_text = document.clause_text(first, version).ok_or_else(no_text)?;
    let last_text = document.clause_text(last, version).ok_or_else(no_text)?;
    let (mut start, mut end) = (first_text.text.start as usize, last_text.text.end as usize);
    // Sentences are counted in the version the citation names; other versions quote the clause.
    let counted_in = citation.version_hint.unwrap_or(0) as usize;
    if let (Some((first_sentence, last_sentence)), true) = (citation.sentences, counted_in == version) {
        let sentences = &first_text.sentences;
        if let (Some(a), Some(b)) = (sentences.get((first_sentence as usize).wrapping_sub(1)), sentences.get((last_sentence as usize).wrapping_sub(1))) {
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
    let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
    let prefix: String = before.chars().skip(skip).collect();
    Ok(QuoteSelector {
        kind: "TextQuoteSelector".to_string(),
        exact,
        prefix,
        suffix: first_chars(&after, CONTEXT_CHARS).to_string(),
        version: version_ref.id.clone(),
        lang: version_ref.lang.clone(),
    })
}

/// A TextQuoteSelector for the citation in one version (a version id such as `en`).
pub fn quote_selector(corpus: &Corpus, citation: &Citation, version: &str) -> Result<QuoteSelector> {
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

fn selectors_in_every_version(document: &Document, citation: &Citation) -> Vec<QuoteSelector> {
    (0..document.versions.len()).filter_map(|version| quote_selector_at(document, citation, version).ok()).collect()
}

/// Where a formatted citation names the work, for styles that set that title in italics: the
/// UTF-16 range of the longest title of the document (any version's, or its short title) in
/// `text`; `None` for the other styles or when no title is found.
pub fn title_emphasis(document: &Document, style: Style, text: &str) -> Option<[u32; 2]> {
    if !style.italicizes_title() {
        return None;
    }
    let mut titles: Vec<String> = Vec::new();
    for (version, _) in document.versions.iter().enumerate() {
        for language in [Language::English, Language::Chinese] {
            titles.push(work(document, version, language).title);
        }
    }
    titles.extend(document.short_title.texts.iter().map(|(_, title)| title.clone()));
    let title = titles.into_iter().filter(|title| !title.is_empty() && text.contains(title.as_str())).max_by_key(String::len)?;
    let start = text.find(&title)?;
    Some([crate::text::utf16_offset(text, start) as u32, crate::text::utf16_offset(text, start + title.len()) as u32])
}

/// The ways to write one citation for an author: the canonical reference (`cite` and `lookup`
/// read it back exactly), and the short human form for a card's `ref` attribute in a version's
/// own words ("Development Program (10) ¶2", "发展工程(十)第2段"), checked to read back to the
/// same place in this corpus.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReferenceForms {
    /// The canonical reference: the clause id, `..` and the last clause of a range, and
    /// `__sent_N` with the version the sentences are counted in.
    pub reference: String,
    /// The shortest human citation that reads back to the same place: the place in the
    /// version's words, else with the document's name, else the canonical reference.
    pub human: String,
    /// The short citation in English and in Chinese.
    pub cite: String,
    pub cite_zh: String,
}

/// Writes a citation for an author, in the words of `version` (the version the sentences are
/// counted in, or the one to quote).
pub fn reference_forms(corpus: &Corpus, resolver: &super::Resolver<'_>, citation: &Citation, version: Option<usize>) -> Result<ReferenceForms> {
    reference_forms_reading_back(corpus, citation, version, |text| resolver.resolve(text).is_ok_and(|back| same_place(&back, citation)))
}

/// True when `back` names the place `citation` names (the same clauses and sentences, counted in
/// the same version).
pub(crate) fn same_place(back: &Citation, citation: &Citation) -> bool {
    back.document == citation.document
        && back.clause == citation.clause
        && back.end_clause == citation.end_clause
        && back.sentences == citation.sentences
        && (citation.sentences.is_none() || back.version_hint.map_or(0, usize::from) == citation.version_hint.map_or(0, usize::from))
}

/// [`reference_forms`] where `same(text)` says whether a candidate human form reads back to the
/// place (a library reads it as the library would, not as the document alone).
pub(crate) fn reference_forms_reading_back(
    corpus: &Corpus,
    citation: &Citation,
    version: Option<usize>,
    same: impl Fn(&str) -> bool,
) -> Result<ReferenceForms> {
    check(corpus, citation)?;
    let document = &corpus.documents[citation.document as usize];
    let reference = permalink(document, citation).trim_start_matches('#').to_string();
    let chinese_default = version_for(document, Language::Chinese);
    let english_default = version_for(document, Language::English);
    let wanted = version.or(citation.version_hint.map(usize::from));
    let mut candidates = Vec::new();
    // In the words of the version asked for, then of the official English and the original.
    for candidate_version in [wanted, english_default, chinese_default].into_iter().flatten() {
        let place = compact_place(document, citation, Some(candidate_version));
        let chinese = is_chinese(&document.versions[candidate_version]);
        candidates.push(place.clone());
        let name = document_name(document, if chinese { Language::Chinese } else { Language::English });
        candidates.push(if chinese { format!("{}{place}", super::names::chinese_title(&name)) } else { format!("{name}, {place}") });
    }
    let human = candidates.into_iter().find(|candidate| same(candidate)).unwrap_or_else(|| reference.clone());
    Ok(ReferenceForms { reference, human, cite: format(corpus, citation, Style::Short, None)?, cite_zh: format(corpus, citation, Style::ShortZh, None)? })
}

/// The citation line a card shows, in words rather than the compact `s2`: "China's Policy
/// Paper on Latin America and the Caribbean, Development Program (10) ¶2, sentence 2" in
/// English, "《中国对拉丁美洲和加勒比政策文件》发展工程(十)第2段第1句" in Chinese, in the numbering of
/// `version` (which the sentences must be counted in).
pub fn card_line(document: &Document, citation: &Citation, version: usize, language: Language) -> String {
    let place = formal_place(document, citation, version);
    let name = document_name(document, language);
    match language {
        Language::Chinese => format!("{}{place}", super::names::chinese_title(&name)),
        Language::English => format!("{name}, {place}"),
    }
}
