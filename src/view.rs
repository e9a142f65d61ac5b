//! Plain views of the corpus: what the CLI prints as JSON and what the npm API returns (written
//! by `json.rs`). Maps are keyed by version id (`zh`, `en`, `en-blog`) and kept in the
//! document's version order, the original first.

use crate::prelude::*;

use crate::corpus::{ClauseRef, Corpus, Document, Kind, Version};
use crate::names::{short_citation, NameLanguage};

/// A small map from version id (or language) to a value, in insertion order: the document's
/// version order. Lookups scan it; it never holds more than a document's versions.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionMap<T> {
    pub entries: Vec<(String, T)>,
}

impl<T> VersionMap<T> {
    pub fn new() -> VersionMap<T> {
        VersionMap {
            entries: Vec::new(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.entries
            .iter()
            .find(|(entry, _)| entry == key)
            .map(|(_, value)| value)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Adds `value` under `key` unless the key is already present (the first value wins).
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
}

impl<T> Default for VersionMap<T> {
    fn default() -> VersionMap<T> {
        VersionMap::new()
    }
}

impl<T> core::ops::Index<&str> for VersionMap<T> {
    type Output = T;

    /// The value under `key`; panics when there is none, like a map's index (tests and the CLI
    /// use it where the key is known to be present).
    fn index(&self, key: &str) -> &T {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no entry for this version"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct VersionView {
    pub id: String,
    pub lang: String,
    pub role: &'static str,
    pub title: String,
    pub publisher: String,
    pub source: String,
    pub date: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DivergenceView {
    pub kind: &'static str,
    pub version: String,
    pub clauses: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClauseView {
    pub id: String,
    pub document: String,
    pub kind: &'static str,
    pub level: &'static str,
    pub number: u16,
    pub parent: Option<String>,
    pub children: Vec<String>,
    /// The short citation in English (official numbering).
    pub cite: String,
    /// The short citation in Chinese (the original's numbering).
    pub cite_zh: String,
    pub label: VersionMap<String>,
    pub title: VersionMap<String>,
    pub texts: VersionMap<String>,
    pub sentences: VersionMap<Vec<String>>,
    /// For each translation: which of its sentences say what which sentences of the original
    /// say, as `[original_from, original_to, translation_from, translation_to]`, 0-based and
    /// half-open, in order (see `align.rs`). Sentence `n` of one version is not always sentence
    /// `n` of another.
    pub sentence_groups: VersionMap<Vec<[u16; 4]>>,
    pub divergences: Vec<DivergenceView>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocumentView {
    pub id: String,
    pub title: VersionMap<String>,
    pub versions: Vec<VersionView>,
    pub clauses: Vec<ClauseView>,
    pub divergences: Vec<DivergenceView>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CorpusView {
    pub id: String,
    pub title: String,
    pub documents: Vec<DocumentView>,
}

pub fn version_view(version: &Version) -> VersionView {
    VersionView {
        id: version.id.clone(),
        lang: version.lang.clone(),
        role: version.role.as_str(),
        title: version.title.clone(),
        publisher: version.publisher.clone(),
        source: version.source.clone(),
        date: version.date.clone(),
        url: version.url.clone(),
    }
}

fn divergence_view(document: &Document, index: usize) -> DivergenceView {
    let divergence = &document.divergences[index];
    DivergenceView {
        kind: divergence.kind.as_str(),
        version: document.versions[divergence.version as usize].id.clone(),
        clauses: divergence
            .clauses
            .iter()
            .map(|&clause| document.clauses[clause as usize].id.clone())
            .collect(),
        note: divergence.note.clone(),
    }
}

/// The whole view of one clause.
pub fn clause_view(corpus: &Corpus, reference: ClauseRef) -> ClauseView {
    let document = corpus.document(reference);
    let clause = corpus.clause(reference);
    let mut label = VersionMap::new();
    let mut title = VersionMap::new();
    let mut texts = VersionMap::new();
    let mut sentences = VersionMap::new();
    let mut sentence_groups = VersionMap::new();
    for (index, version) in document.versions.iter().enumerate() {
        if index > 0
            && clause.texts[0].is_some()
            && clause.texts.get(index).is_some_and(Option::is_some)
        {
            let groups = crate::align::sentence_groups(document, clause, index)
                .into_iter()
                .map(|group| {
                    [
                        group.original.0,
                        group.original.1,
                        group.translation.0,
                        group.translation.1,
                    ]
                })
                .collect();
            sentence_groups.insert(version.id.clone(), groups);
        }
        if let Some(text) = document.text_of(clause, index) {
            texts.insert(version.id.clone(), text.to_string());
            sentences.insert(
                version.id.clone(),
                document
                    .sentences_of(clause, index)
                    .map(str::to_string)
                    .collect(),
            );
        }
        if let Some(text) = document.label_of(clause, index) {
            label.insert(version.id.clone(), text.trim().to_string());
        }
        if let Some(text) = document.title_of(clause, index) {
            title.insert(version.id.clone(), text.trim().to_string());
        }
    }
    let divergences = document
        .divergences
        .iter()
        .enumerate()
        .filter(|(_, divergence)| divergence.clauses.contains(&reference.clause))
        .map(|(index, _)| divergence_view(document, index))
        .collect();
    ClauseView {
        id: clause.id.clone(),
        document: document.id.clone(),
        kind: clause.kind.as_str(),
        level: if clause.kind == Kind::Heading {
            clause.level.as_str()
        } else {
            clause.kind.as_str()
        },
        number: clause.number,
        parent: clause
            .parent
            .map(|parent| document.clauses[parent as usize].id.clone()),
        children: document
            .children_of(reference.clause)
            .map(|child| document.clauses[child as usize].id.clone())
            .collect(),
        cite: short_citation(document, reference.clause as usize, NameLanguage::English),
        cite_zh: short_citation(document, reference.clause as usize, NameLanguage::Chinese),
        label,
        title,
        texts,
        sentences,
        sentence_groups,
        divergences,
    }
}

/// A document's metadata, and with `with_clauses` all its clauses and divergences.
pub fn document_view(corpus: &Corpus, document_index: usize, with_clauses: bool) -> DocumentView {
    let document = &corpus.documents[document_index];
    // Keyed by language: where two versions share one (official and blog English), the first,
    // more authoritative version's title is kept.
    let mut title = VersionMap::new();
    for version in &document.versions {
        title.insert(version.lang.clone(), version.title.clone());
    }
    let clauses = if with_clauses {
        (0..document.clauses.len())
            .map(|clause| {
                clause_view(
                    corpus,
                    ClauseRef {
                        document: document_index as u16,
                        clause: clause as u32,
                    },
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let divergences = if with_clauses {
        (0..document.divergences.len())
            .map(|index| divergence_view(document, index))
            .collect()
    } else {
        Vec::new()
    };
    DocumentView {
        id: document.id.clone(),
        title,
        versions: document.versions.iter().map(version_view).collect(),
        clauses,
        divergences,
    }
}

/// The whole corpus as the CLI's `export` prints it.
pub fn corpus_view(corpus: &Corpus) -> CorpusView {
    CorpusView {
        id: corpus.id.clone(),
        title: corpus.title.clone(),
        documents: (0..corpus.documents.len())
            .map(|index| document_view(corpus, index, true))
            .collect(),
    }
}
