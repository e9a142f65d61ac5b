//! The corpus directory's manifests, read with serde.
//!
//! `corpus.json` names the source files (with lines that belong to no document, each with a
//! reason) and the document manifests. A document manifest gives the document's id, the names
//! people cite it by, and per version: language, role, the metadata citations need and which
//! source file (and optionally which lines of it) holds the text. Structure and alignment are
//! found by the compiler; a manifest may still declare levels or alignment entries to override
//! what the compiler finds, and older manifests' keys (`structure`, `head`, `tail`) are read and
//! ignored, so every manifest written for earlier versions still compiles.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `corpus.json`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CorpusManifest {
    pub id: String,
    pub title: String,
    pub sources: BTreeMap<String, SourceManifest>,
    /// The document manifests, relative to the corpus directory.
    pub documents: Vec<String>,
}

/// One source file.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceManifest {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Lines of the file that belong to no document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<Excluded>,
}

/// Lines left out of every document, with the reason.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Excluded {
    pub lines: [usize; 2],
    pub reason: String,
}

/// Text given as one string, or per language: `"Xinhua"` or `{"en": "Xinhua", "zh": "新华社"}`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum LocalizedInput {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Default for LocalizedInput {
    fn default() -> LocalizedInput {
        LocalizedInput::One(String::new())
    }
}

impl LocalizedInput {
    /// The texts as `(language, text)` pairs; a single string is taken to be in `language`.
    pub fn pairs(&self, language: &str) -> Vec<(String, String)> {
        match self {
            LocalizedInput::One(text) => vec![(language.to_string(), text.clone())],
            LocalizedInput::PerLanguage(map) => map.iter().map(|(language, text)| (language.clone(), text.clone())).collect(),
        }
    }
}

/// A document manifest.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocumentManifest {
    pub id: String,
    /// The qualifier of the document's clause ids (default: the document id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_prefix: Option<String>,
    /// The names people cite the document by, per language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<LocalizedInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// A file (relative to the corpus directory) listing ids published before, each with the
    /// id it has now, one `former<TAB>current` pair per line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_ids: Option<String>,
    /// Optional overrides of the levels the compiler finds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelOverride>,
    /// Optional alignment entries: what the compiler must take as given at a place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alignment: Vec<AlignmentEntry>,
    /// Read for compatibility with earlier manifests and ignored: the structure is found.
    #[serde(default, skip_serializing)]
    pub structure: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub head: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub tail: Option<serde_json::Value>,
    pub versions: Vec<VersionManifest>,
}

/// One version of a document.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VersionManifest {
    pub id: String,
    pub lang: String,
    pub role: String,
    pub title: String,
    #[serde(default)]
    pub publisher: LocalizedInput,
    #[serde(default)]
    pub source: LocalizedInput,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub url: Option<String>,
    /// The source's name in `corpus.json`.
    pub source_file: String,
    /// The 1-based, inclusive line range of the source that holds this version (default: the
    /// whole file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<[usize; 2]>,
}

/// An override of one level the compiler finds: which level (by its label pattern in one
/// language, e.g. `第{}章` or `Chapter {}`), its id segment and display name.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LevelOverride {
    /// The label as one version writes it, with `{}` for the number: `第{}章`, `Article {}`,
    /// `({})`, `{}、`.
    pub pattern: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// The level's noun to display, per language, when the labels do not write one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedInput>,
    /// `continuous` (numbers run through the document, as a law's articles do) or `per-parent`
    /// (they start again under each parent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbering: Option<String>,
}

/// An alignment entry: a split, a merge, a run-in heading, an exclusion or a relabelling the
/// compiler must take as given. Entries name the original's clause by its id (current or
/// former) and anchor the place in the translation by the words a paragraph starts with.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AlignmentEntry {
    pub version: String,
    /// What the compiler must take as given:
    /// - `split`: the original's `clause` is two paragraphs of the translation, the second
    ///   starting with `second_starts_with`;
    /// - `merged`: the original's two consecutive `clauses` are one paragraph of the
    ///   translation, cut where `second_starts_with` starts (default: the best sentence
    ///   boundary by length);
    /// - `paired`: the original's `clause` is the one translation paragraph that starts with
    ///   `starts_with` (undoes a split, merge, missing or extra paragraph the compiler found);
    /// - `missing-paragraph`: the translation has nothing for `clause`;
    /// - `extra-paragraph`: the translation paragraph that starts with `starts_with` has no
    ///   counterpart in the original;
    /// - `run-in-heading`: the original's heading `clause` is written in the translation at the
    ///   end of a paragraph, from the words `second_starts_with`;
    /// - `relabelled`: the original's heading `clause` is the translation's heading that starts
    ///   with `starts_with`, whatever number it writes.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<String>,
    /// The words the translation's paragraph or heading starts with (for `paired`,
    /// `extra-paragraph` and `relabelled`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_with: Option<String>,
    /// The words the second part starts with (for a split or a merge), or where a run-in
    /// heading starts inside its paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_starts_with: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
