//! Plain views of the corpus for programs: what the CLI prints as JSON and what JavaScript
//! receives (through serde-wasm-bindgen). Every fact in them is computed here, once: names and
//! citations in both languages, the depth and children of each clause, the sentence alignment,
//! the notes that say what a divergence is. Views are built in time linear in what they show.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::cite::names::{clause_name, short_citation, Language};
use crate::model::{
    Clause, ClauseRef, Corpus, Divergence, DivergenceKind, Document, Kind, LabelForm, Localized, NumberStyle, Role, Version,
};

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
    /// Every clause, in reading order (empty in the list of documents).
    pub clauses: Vec<ClauseView>,
    pub divergences: Vec<DivergenceView>,
}

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
                    names.insert(
                        version.id.clone(),
                        LevelNameView {
                            noun: name.noun.clone(),
                            form: name.form,
                            style: name.style,
                        },
                    );
                }
            }
            LevelView {
                segment: level.segment.clone(),
                names,
                by_title: level.by_title,
                continuous: level.continuous,
            }
        })
        .collect()
}

/// What a document view needs about every clause at once: depths, children and divergences,
/// found in one pass each.
struct Shape {
    depth: Vec<u16>,
    children: Vec<Vec<u32>>,
    divergences: Vec<Vec<usize>>,
}

fn shape(document: &Document) -> Shape {
    let count = document.clauses.len();
    let mut depth = vec![0u16; count];
    let mut children = vec![Vec::new(); count];
    for (index, clause) in document.clauses.iter().enumerate() {
        if let Some(parent) = clause.parent {
            depth[index] = depth[parent as usize] + 1;
            children[parent as usize].push(index as u32);
        }
    }
    let mut divergences = vec![Vec::new(); count];
    for (index, divergence) in document.divergences.iter().enumerate() {
        for &clause in &divergence.clauses {
            if let Some(list) = divergences.get_mut(clause as usize) {
                if !list.contains(&index) {
                    list.push(index);
                }
            }
        }
    }
    Shape {
        depth,
        children,
        divergences,
    }
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
    let mut depth = 0;
    let mut current = document.clauses[index].parent;
    while let Some(parent) = current {
        depth += 1;
        current = document.clauses[parent as usize].parent;
    }
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

/// A document's metadata, and with `with_clauses` all its clauses and divergences.
pub fn document_view(corpus: &Corpus, document_index: usize, with_clauses: bool) -> DocumentView {
    let document = &corpus.documents[document_index];
    let mut title = VersionMap::new();
    for version in &document.versions {
        title.insert(version.lang.clone(), version.title.clone());
    }
    let (clauses, divergences) = if with_clauses {
        let shape = shape(document);
        let clauses = (0..document.clauses.len())
            .map(|index| build_clause_view(document, index, shape.depth[index], &shape.children[index], &shape.divergences[index]))
            .collect();
        let divergences = (0..document.divergences.len()).map(|index| divergence_view(document, index)).collect();
        (clauses, divergences)
    } else {
        (Vec::new(), Vec::new())
    };
    DocumentView {
        id: document.id.clone(),
        title,
        short_title: document.short_title.clone(),
        versions: document.versions.iter().map(version_view).collect(),
        levels: level_views(document),
        clauses,
        divergences,
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
