//! Plain views of the corpus for programs: what the CLI prints as JSON and what JavaScript
//! receives (through serde-wasm-bindgen). Every fact in them is computed here, once: names and
//! citations in both languages, the depth and children of each clause, the sentence alignment,
//! the notes that say what a divergence is. Views are built in time linear in what they show.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::cite::names::{clause_name, short_citation, Language};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Clause, ClauseRef, Corpus, Divergence, DivergenceKind, Document, Kind, LabelForm, Localized, NumberStyle, Role, Version};

/// A map keyed by version id (or language), in the document's version order.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionMap<T> {
    entries: Vec<(String, T)>,
}

impl<T> VersionMap<T> {
    pub fn new() -> VersionMap<T> {
        VersionMap { entries: Vec::new() }
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.entries.iter().find(|(known, _)| known == key).map(|(_, value)| value)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Adds an entry, unless the key is already there (the first, more authoritative one stays).
    pub fn insert(&mut self, key: String, value: T) {
        if !self.contains_key(&key) {
            self.entries.push((key, value));
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.entries.iter().map(|(key, value)| (key.as_str(), value))
    }
}

impl<T> Default for VersionMap<T> {
    fn default() -> VersionMap<T> {
        VersionMap::new()
    }
}

impl<T: Serialize> Serialize for VersionMap<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Text in several languages, as a map from language tag to text.
fn localized_map<S: Serializer>(localized: &Localized, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(localized.texts.len()))?;
    for (language, text) in &localized.texts {
        map.serialize_entry(language, text)?;
    }
    map.end()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionView {
    pub id: String,
    pub lang: String,
    pub role: Role,
    pub title: String,
    /// The publisher, per language as the corpus gives it.
    #[serde(serialize_with = "localized_map")]
    pub publisher: Localized,
    /// Where the text was taken from, per language.
    #[serde(serialize_with = "localized_map")]
    pub source: Localized,
    pub date: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DivergenceView {
    pub kind: DivergenceKind,
    pub version: String,
    pub clauses: Vec<String>,
    /// From 0 to 100: how sure the aligner is.
    pub confidence: u8,
    /// What differs, in English and in Chinese.
    pub note: String,
    pub note_zh: String,
}

/// How one version writes one level's labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelNameView {
    pub noun: Option<String>,
    pub form: LabelForm,
    pub style: NumberStyle,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelView {
    /// The id segment: `pt`, `prog`, `sec`, `art`.
    pub segment: String,
    pub names: VersionMap<LevelNameView>,
    pub by_title: bool,
    pub continuous: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseView {
    pub id: String,
    pub document: String,
    pub kind: Kind,
    /// The clause's level (its id segment), for headings and items.
    pub level: Option<String>,
    /// How many clauses are above it: 0 for the top level.
    pub depth: u16,
    pub number: u32,
    pub parent: Option<String>,
    pub children: Vec<String>,
    /// The short citation in English (official numbering) and in Chinese (the original's).
    pub cite: String,
    pub cite_zh: String,
    /// The clause's place in each version's own numbering and words.
    pub name: VersionMap<String>,
    pub label: VersionMap<String>,
    pub title: VersionMap<String>,
    pub texts: VersionMap<String>,
    pub sentences: VersionMap<Vec<String>>,
    /// Where each sentence is in `texts`, as `[start, end)` UTF-16 offsets.
    pub sentence_ranges: VersionMap<Vec<[u32; 2]>>,
    /// For each translation: which of its sentences say what which sentences of the original
    /// say, as `[original_from, original_to, translation_from, translation_to]`, 0-based and
    /// half-open, in order.
    pub sentence_groups: VersionMap<Vec<[u16; 4]>>,
    pub divergences: Vec<DivergenceView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentView {
    pub id: String,
    /// The document's title, by language (the first, most authoritative version of each).
    pub title: VersionMap<String>,
    #[serde(serialize_with = "localized_map")]
    pub short_title: Localized,
    pub versions: Vec<VersionView>,
    pub levels: Vec<LevelView>,
    /// Every clause, in reading order (empty in the list of documents; in a page, the page's
    /// clauses).
    pub clauses: Vec<ClauseView>,
    /// Every divergence (in a page, those that name one of the page's clauses).
    pub divergences: Vec<DivergenceView>,
    /// Where the clauses sit in the document, for a view of one page ([`document_page`]); left
    /// out of every other view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageView>,
}

/// Where a page of a document's clauses sits in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageView {
    /// The position of the page's first clause in the document's reading order, from 0.
    pub first: u32,
    /// How many clauses the whole document has.
    pub clause_count: u32,
    /// Where the next page starts (its `first`); `None` on the last page.
    pub next: Option<u32>,
}

/// The most clauses one page of a document ([`document_page`]) holds.
pub const MAXIMUM_PAGE_CLAUSES: usize = 5000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorpusView {
    pub id: String,
    pub title: String,
    pub documents: Vec<DocumentView>,
}

pub fn version_view(version: &Version) -> VersionView {
    VersionView {
        id: version.id.clone(),
        lang: version.lang.clone(),
        role: version.role,
        title: version.title.clone(),
        publisher: version.publisher.clone(),
        source: version.source.clone(),
        date: version.date.clone(),
        url: version.url.clone(),
    }
}

fn role_chinese(role: Role) -> &'static str {
    match role {
        Role::Original => "原文",
        Role::OfficialTranslation => "官方译本",
        Role::UnofficialTranslation => "非官方译本",
    }
}

/// The note that says what a divergence is, in a language.
pub fn divergence_note(document: &Document, divergence: &Divergence, language: Language) -> String {
    if let (Some(note), Language::English) = (&divergence.note, language) {
        return note.clone();
    }
    let version = &document.versions[divergence.version as usize];
    let place = |index: usize, language: Language| {
        let version = crate::cite::names::version_for(document, language);
        divergence.clauses.get(index).map(|&clause| clause_name(document, clause as usize, version)).unwrap_or_default()
    };
    let chinese = language == Language::Chinese;
    let who = if chinese {
        format!("{}（{}）", role_chinese(version.role), version.id)
    } else {
        let mut role = crate::cite::names::role_words(version.role).to_string();
        if let Some(first) = role.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        format!("The {} ({})", role.to_ascii_lowercase(), version.id)
    };
    let who_capital = {
        let mut text = who.clone();
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        text
    };
    let own_text = |index: usize| {
        divergence
            .clauses
            .get(index)
            .and_then(|&clause| document.text_of(&document.clauses[clause as usize], divergence.version as usize))
            .map(|text| text.trim().to_string())
            .unwrap_or_default()
    };
    match (divergence.kind, chinese) {
        (DivergenceKind::RunInHeading, false) => format!(
            "{who_capital} has no heading line for {}: its heading \u{201c}{}\u{201d} is run into the end of the previous paragraph, so this section's text sits inside the previous section there.",
            place(0, language),
            own_text(0)
        ),
        (DivergenceKind::RunInHeading, true) => format!("{who}没有单独的标题行：{}的标题“{}”接在上一段末尾。", place(0, language), own_text(0)),
        (DivergenceKind::MissingHeading, false) => format!("{who_capital} has no heading for {}: its text, if any, is aligned inside the unit before it.", place(0, language)),
        (DivergenceKind::MissingHeading, true) => format!("{who}没有{}的标题：其内容并入前一部分。", place(0, language)),
        (DivergenceKind::Merged, false) => format!("{who_capital} merges {} and {} into one paragraph.", place(0, language), place(divergence.clauses.len().saturating_sub(1), language)),
        (DivergenceKind::Merged, true) => format!("{who}将{}和{}合为一段。", place(0, language), place(divergence.clauses.len().saturating_sub(1), language)),
        (DivergenceKind::Split, false) => format!("{who_capital} splits {} into two paragraphs.", place(0, language)),
        (DivergenceKind::Split, true) => format!("{who}将{}分为两段。", place(0, language)),
        (DivergenceKind::Relabelled, false) => format!(
            "{who_capital} labels {} \u{201c}{}\u{201d}, outside its own numbering.",
            place(0, language),
            divergence
                .clauses
                .first()
                .and_then(|&clause| document.label_of(&document.clauses[clause as usize], divergence.version as usize))
                .unwrap_or("")
                .trim()
        ),
        (DivergenceKind::Relabelled, true) => format!(
            "{who}将{}编号为“{}”，不合其自身的编号。",
            place(0, language),
            divergence
                .clauses
                .first()
                .and_then(|&clause| document.label_of(&document.clauses[clause as usize], divergence.version as usize))
                .unwrap_or("")
                .trim()
        ),
        (DivergenceKind::MissingParagraph, false) => format!("{who_capital} leaves out {}.", place(0, language)),
        (DivergenceKind::MissingParagraph, true) => format!("{who}缺少{}。", place(0, language)),
        (DivergenceKind::ExtraParagraph, false) => format!("{who_capital} adds a paragraph the original does not have: \u{201c}{}\u{201d}.", crate::cite::first_words(&own_text(0), 60)),
        (DivergenceKind::ExtraParagraph, true) => format!("{who}增加了原文没有的一段：“{}”。", crate::cite::first_words(&own_text(0), 40)),
    }
}

fn divergence_view(document: &Document, index: usize) -> DivergenceView {
    let divergence = &document.divergences[index];
    DivergenceView {
        kind: divergence.kind,
        version: document.versions[divergence.version as usize].id.clone(),
        clauses: divergence.clauses.iter().map(|&clause| document.clauses[clause as usize].id.clone()).collect(),
        confidence: divergence.confidence,
        note: divergence_note(document, divergence, Language::English),
        note_zh: divergence_note(document, divergence, Language::Chinese),
    }
}

fn level_views(document: &Document) -> Vec<LevelView> {
    document
        .levels
        .iter()
        .map(|level| {
            let mut names = VersionMap::new();
            for (version, name) in document.versions.iter().zip(&level.names) {
                if let Some(name) = name {
                    names.insert(version.id.clone(), LevelNameView { noun: name.noun.clone(), form: name.form, style: name.style });
                }
            }
            LevelView { segment: level.segment.clone(), names, by_title: level.by_title, continuous: level.continuous }
        })
        .collect()
}

/// What a view of the clauses `range` of a document needs about each of them: its depth, its
/// children and its divergences, found in one pass over the document's clauses and one over its
/// divergences, so that a view of many clauses is linear in the document's size.
struct Shape {
    range: core::ops::Range<usize>,
    depth: Vec<u16>,
    children: Vec<Vec<u32>>,
    divergences: Vec<Vec<usize>>,
}

fn shape(document: &Document, range: core::ops::Range<usize>) -> Shape {
    let slot = |clause: usize| range.contains(&clause).then(|| clause - range.start);
    let mut depth = vec![0u16; range.len()];
    for index in range.clone() {
        depth[index - range.start] = match document.clauses[index].parent {
            None => 0,
            // A parent comes before its child: in the range, its depth is known already.
            Some(parent) => match slot(parent as usize) {
                Some(parent_slot) => depth[parent_slot] + 1,
                None => depth_of(document, index),
            },
        };
    }
    let mut children = vec![Vec::new(); range.len()];
    for (index, clause) in document.clauses.iter().enumerate().skip(range.start + 1) {
        if let Some(parent_slot) = clause.parent.and_then(|parent| slot(parent as usize)) {
            children[parent_slot].push(index as u32);
        }
    }
    let mut divergences: Vec<Vec<usize>> = vec![Vec::new(); range.len()];
    for (index, divergence) in document.divergences.iter().enumerate() {
        for &clause in &divergence.clauses {
            if let Some(list) = slot(clause as usize).map(|clause_slot| &mut divergences[clause_slot]) {
                // Divergences are visited in order: when one names a clause twice, it is already
                // the last one listed for that clause.
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
    }
    Shape { range, depth, children, divergences }
}

impl Shape {
    fn views(&self, document: &Document) -> Vec<ClauseView> {
        self.range
            .clone()
            .zip(self.depth.iter().zip(self.children.iter().zip(&self.divergences)))
            .map(|(index, (&depth, (children, divergences)))| build_clause_view(document, index, depth, children, divergences))
            .collect()
    }
}

/// How many clauses are above clause `index` (the loader bounds the depth).
fn depth_of(document: &Document, index: usize) -> u16 {
    let mut depth = 0;
    let mut current = document.clauses[index].parent;
    while let Some(parent) = current {
        depth += 1;
        current = document.clauses[parent as usize].parent;
    }
    depth
}

fn build_clause_view(document: &Document, index: usize, depth: u16, children: &[u32], divergences: &[usize]) -> ClauseView {
    let clause: &Clause = &document.clauses[index];
    let mut name = VersionMap::new();
    let mut label = VersionMap::new();
    let mut title = VersionMap::new();
    let mut texts = VersionMap::new();
    let mut sentences = VersionMap::new();
    let mut sentence_ranges = VersionMap::new();
    let mut sentence_groups = VersionMap::new();
    for (version_index, version) in document.versions.iter().enumerate() {
        let Some(text) = document.text_of(clause, version_index) else {
            continue;
        };
        name.insert(version.id.clone(), clause_name(document, index, Some(version_index)));
        if version_index > 0 && clause.texts[0].is_some() {
            let groups = crate::align::sentence_groups(document, clause, version_index)
                .into_iter()
                .map(|group| [group.original.0, group.original.1, group.translation.0, group.translation.1])
                .collect();
            sentence_groups.insert(version.id.clone(), groups);
        }
        texts.insert(version.id.clone(), text.to_string());
        sentences.insert(version.id.clone(), document.sentences_of(clause, version_index).map(str::to_string).collect());
        if let Some(given) = document.clause_text(clause, version_index) {
            // Each sentence's place in the clause's text, in UTF-16 code units.
            let start = given.text.start as usize;
            let ranges: Vec<[u32; 2]> = given
                .sentences
                .iter()
                .map(|span| {
                    let from = (span.start as usize).saturating_sub(start).min(text.len());
                    let to = (span.end as usize).saturating_sub(start).min(text.len());
                    [crate::text::utf16_offset(text, from) as u32, crate::text::utf16_offset(text, to) as u32]
                })
                .collect();
            sentence_ranges.insert(version.id.clone(), ranges);
        }
        if let Some(text) = document.label_of(clause, version_index) {
            label.insert(version.id.clone(), text.trim().to_string());
        }
        if let Some(text) = document.title_of(clause, version_index) {
            title.insert(version.id.clone(), text.trim().to_string());
        }
    }
    ClauseView {
        id: clause.id.clone(),
        document: document.id.clone(),
        kind: clause.kind,
        level: document.level_of(clause).map(|level| level.segment.clone()),
        depth,
        number: clause.number,
        parent: clause.parent.map(|parent| document.clauses[parent as usize].id.clone()),
        children: children.iter().map(|&child| document.clauses[child as usize].id.clone()).collect(),
        cite: short_citation(document, index, Language::English),
        cite_zh: short_citation(document, index, Language::Chinese),
        name,
        label,
        title,
        texts,
        sentences,
        sentence_ranges,
        sentence_groups,
        divergences: divergences.iter().map(|&divergence| divergence_view(document, divergence)).collect(),
    }
}

/// The whole view of one clause.
pub fn clause_view(corpus: &Corpus, reference: ClauseRef) -> ClauseView {
    let document = &corpus.documents[reference.document as usize];
    let index = reference.clause as usize;
    let depth = depth_of(document, index);
    let children: Vec<u32> = document
        .clauses
        .iter()
        .enumerate()
        .skip(index + 1)
        .filter(|(_, clause)| clause.parent == Some(reference.clause))
        .map(|(child, _)| child as u32)
        .collect();
    let divergences: Vec<usize> = document
        .divergences
        .iter()
        .enumerate()
        .filter(|(_, divergence)| divergence.clauses.contains(&reference.clause))
        .map(|(position, _)| position)
        .collect();
    build_clause_view(document, index, depth, &children, &divergences)
}

/// A document's metadata, and with `with_clauses` all its clauses and divergences, in time
/// linear in the document's size. A document without clauses lists `clauses: []`.
pub fn document_view(corpus: &Corpus, document_index: usize, with_clauses: bool) -> DocumentView {
    let document = &corpus.documents[document_index];
    let mut view = document_summary(document);
    if with_clauses {
        view.clauses = shape(document, 0..document.clauses.len()).views(document);
        view.divergences = (0..document.divergences.len()).map(|index| divergence_view(document, index)).collect();
    }
    view
}

/// One page of a document: its metadata, its clauses `first..first + limit` in reading order
/// (fewer on the last page, none from past the end), the divergences that name one of them,
/// and in `page` where the next page starts. A large document read page by page costs, for
/// each page, what the page shows and one pass over the document's clauses and divergences.
/// `limit` is from 1 to [`MAXIMUM_PAGE_CLAUSES`].
pub fn document_page(corpus: &Corpus, document_index: usize, first: usize, limit: usize) -> Result<DocumentView> {
    let Some(document) = corpus.documents.get(document_index) else {
        return Err(Error::new(
            ErrorCode::UnknownDocument,
            format!("The corpus has {} documents, numbered from 0; there is no document {document_index}.", corpus.documents.len()),
        ));
    };
    if limit == 0 || limit > MAXIMUM_PAGE_CLAUSES {
        return Err(Error::new(ErrorCode::BadLimit, format!("A page of a document holds from 1 to {MAXIMUM_PAGE_CLAUSES} clauses; the limit was {limit}.")));
    }
    let count = document.clauses.len();
    let start = first.min(count);
    let end = start.saturating_add(limit).min(count);
    let mut view = document_summary(document);
    view.clauses = shape(document, start..end).views(document);
    view.divergences = (0..document.divergences.len())
        .filter(|&index| document.divergences[index].clauses.iter().any(|&clause| (start..end).contains(&(clause as usize))))
        .map(|index| divergence_view(document, index))
        .collect();
    view.page = Some(PageView { first: start as u32, clause_count: count as u32, next: (end < count).then_some(end as u32) });
    Ok(view)
}

/// A document's metadata, without clauses or divergences.
fn document_summary(document: &Document) -> DocumentView {
    let mut title = VersionMap::new();
    for version in &document.versions {
        title.insert(version.lang.clone(), version.title.clone());
    }
    DocumentView {
        id: document.id.clone(),
        title,
        short_title: document.short_title.clone(),
        versions: document.versions.iter().map(version_view).collect(),
        levels: level_views(document),
        clauses: Vec::new(),
        divergences: Vec::new(),
        page: None,
    }
}

/// The whole corpus as the CLI's `export` prints it.
pub fn corpus_view(corpus: &Corpus) -> CorpusView {
    CorpusView {
        id: corpus.id.clone(),
        title: corpus.title.clone(),
        documents: (0..corpus.documents.len()).map(|index| document_view(corpus, index, true)).collect(),
    }
}
