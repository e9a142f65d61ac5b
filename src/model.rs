//! The document model: a corpus of documents, each in several versions (the original and its
//! translations), with one tree of clauses that every version gives its own text for.
//!
//! Nothing here knows one particular document. A document's hierarchy is a list of [`Level`]s
//! that the compiler found in the texts (a Part, a numbered program, a bracketed section, a
//! chapter, an article, an item), each with the words and numbering the versions themselves
//! use. Every piece of text a clause holds (its text, label, title, each sentence) is a [`Span`]
//! into the full text of one version, so the stored text exists exactly once and is never
//! altered: normalisation for search or citation parsing works on copies.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into the text of one version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    /// The text this span covers, or the empty string when the span does not fit the text
    /// (which a loaded corpus never contains: the loader checks every span).
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start as usize..self.end as usize).unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }
}

/// The authority of a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Original,
    OfficialTranslation,
    UnofficialTranslation,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Original, Role::OfficialTranslation, Role::UnofficialTranslation];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Original => "original",
            Role::OfficialTranslation => "official-translation",
            Role::UnofficialTranslation => "unofficial-translation",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }
}

/// A short text given in one or more languages, such as a version's publisher or source
/// description. The first entry is the text as the corpus's author wrote it first.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Localized {
    /// `(language tag, text)` pairs, in the order given.
    pub texts: Vec<(String, String)>,
}

impl Localized {
    pub fn one(language: &str, text: &str) -> Localized {
        Localized { texts: vec![(language.to_string(), text.to_string())] }
    }

    /// The text in `language` (matched on its primary subtag: `zh` matches `zh-Hans`), else the
    /// first text given, else the empty string.
    pub fn get(&self, language: &str) -> &str {
        self.lookup(language).or_else(|| self.texts.first().map(|(_, text)| text.as_str())).unwrap_or("")
    }

    /// The text in `language` only, if there is one.
    pub fn lookup(&self, language: &str) -> Option<&str> {
        let wanted = primary_language(language);
        self.texts.iter().find(|(tag, _)| primary_language(tag) == wanted).map(|(_, text)| text.as_str())
    }

    /// The language of the text [`Localized::get`] returns for `language`.
    pub fn language_of(&self, language: &str) -> &str {
        let wanted = primary_language(language);
        self.texts.iter().find(|(tag, _)| primary_language(tag) == wanted).or(self.texts.first()).map(|(tag, _)| tag.as_str()).unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.texts.iter().all(|(_, text)| text.is_empty())
    }
}

/// The primary subtag of a BCP 47 language tag, lower-cased: `zh-Hans` → `zh`.
pub fn primary_language(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// One version of a document: its metadata and its whole text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// Short id, unique in its document: `zh`, `en`, `en-blog`.
    pub id: String,
    /// BCP 47 language tag.
    pub lang: String,
    pub role: Role,
    /// The document's title as this version gives it.
    pub title: String,
    pub publisher: Localized,
    /// Where this version's text was taken from, in words.
    pub source: Localized,
    /// The version's publication date, `YYYY-MM-DD` (or as precise as known).
    pub date: String,
    /// Where the version is published: an `http:` or `https:` URL, checked by the compiler
    /// and again by the loader.
    pub url: Option<String>,
    /// The version's paragraphs, each verbatim from its source, joined by a blank line ("\n\n").
    pub text: String,
}

impl Version {
    /// True for a version written in Chinese.
    pub fn is_chinese(&self) -> bool {
        primary_language(&self.lang) == "zh"
    }
}

/// What a clause is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Lines before the document's structure starts (publisher line, dateline); each version's
    /// own, not translations of each other.
    FrontMatter,
    /// A heading that opens a unit of the document (a part, a chapter, an article, a numbered
    /// section, a preface, the title).
    Heading,
    /// A paragraph of running text.
    Paragraph,
    /// A numbered item inside an article or paragraph ("（一）…；", "(1) …;").
    Item,
    /// A line about the document rather than of it (byline, source note, date).
    Meta,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FrontMatter => "front-matter",
            Kind::Heading => "heading",
            Kind::Paragraph => "paragraph",
            Kind::Item => "item",
            Kind::Meta => "meta",
        }
    }
}

/// How a level's labels are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelForm {
    /// `第三部分`, `第二章`, `第十条`: 第, a number, the level's noun.
    Ordinal,
    /// `Part III`, `Chapter II`, `Article 10`: the noun, then the number.
    NounFirst,
    /// `一、`, `1、`: a number and the enumeration comma.
    Enumeration,
    /// `（一）`, `(9)`, `(IX)`, `(F)`: a number in brackets.
    Bracketed,
    /// `1.`, `I.`: a number and a full stop.
    Dotted,
    /// A heading with a name and no number: `前言`, `Preface`, `结束语`, `Conclusion`.
    Named,
}

/// How numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberStyle {
    Arabic,
    Roman,
    Chinese,
    /// English words: "Seventeen", "One".
    Word,
    /// Latin letters: (A), (F).
    Letter,
}

/// How one version writes the labels of one level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelName {
    /// The noun the version writes with the number (`部分`, `Part`, `章`, `Article`), or for
    /// a level cited by its titles, the noun its titles share (`工程`, `Program`).
    pub noun: Option<String>,
    pub form: LabelForm,
    /// The style most of the level's labels in this version use.
    pub style: NumberStyle,
}

/// One level of a document's hierarchy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// The id segment of clauses at this level: `pt_3`, `prog_2`, `sec_9`, `art_10`.
    pub segment: String,
    /// How each version writes this level's labels (`None` where a version has none).
    pub names: Vec<Option<LevelName>>,
    /// Clauses at this level are cited by their titles ("Development Program", "团结工程"),
    /// because their headings share a noun.
    pub by_title: bool,
    /// Numbers run through the whole document rather than restarting under each parent (as
    /// the articles of a law do), so a number alone names one clause.
    pub continuous: bool,
}

/// What one version gives for one clause.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClauseText {
    /// Exactly the text this version gives for the clause itself (for a heading: its label
    /// and title; the clause's children hold the rest).
    pub text: Span,
    /// The number or label as the version writes it (`(九)`, `(9)`, `(IX)`, `Part I`).
    pub label: Option<Span>,
    /// The heading's words without the label.
    pub title: Option<Span>,
    /// The sentences, in order; together they cover the clause's text but for white space.
    pub sentences: Vec<Span>,
}

/// A node of the document tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// Stable, language-neutral, URL-fragment-safe id, unique in the corpus and qualified by
    /// the document: `policy-paper__pt_3__prog_2__sec_9__para_3`.
    pub id: String,
    pub kind: Kind,
    /// Index into the document's `levels` for headings and items; `None` for paragraphs,
    /// front matter and meta lines.
    pub level: Option<u8>,
    /// Index of the parent clause in the document's `clauses`.
    pub parent: Option<u32>,
    /// The clause's number in the original: the value of its label where it has one (article
    /// 10 is 10 even when the excerpt starts at article 8), else its position among its
    /// parent's children of its kind, from 1; 0 for unnumbered clauses.
    pub number: u32,
    /// One entry per version of the document, `None` where the version has nothing for it.
    pub texts: Vec<Option<ClauseText>>,
}

/// How a translation departs from the original's structure at some place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DivergenceKind {
    /// The translation's heading has no line of its own: it is run into the end of the
    /// previous paragraph.
    RunInHeading,
    /// The translation has no heading for this unit at all.
    MissingHeading,
    /// Two or more paragraphs of the original are one paragraph in the translation.
    Merged,
    /// One paragraph of the original is two or more paragraphs in the translation.
    Split,
    /// The translation numbers this unit outside its own numbering scheme.
    Relabelled,
    /// The translation leaves out a paragraph of the original.
    MissingParagraph,
    /// The translation has a paragraph the original does not.
    ExtraParagraph,
}

impl DivergenceKind {
    pub const ALL: [DivergenceKind; 7] = [
        DivergenceKind::RunInHeading,
        DivergenceKind::MissingHeading,
        DivergenceKind::Merged,
        DivergenceKind::Split,
        DivergenceKind::Relabelled,
        DivergenceKind::MissingParagraph,
        DivergenceKind::ExtraParagraph,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DivergenceKind::RunInHeading => "run-in-heading",
            DivergenceKind::MissingHeading => "missing-heading",
            DivergenceKind::Merged => "merged",
            DivergenceKind::Split => "split",
            DivergenceKind::Relabelled => "relabelled",
            DivergenceKind::MissingParagraph => "missing-paragraph",
            DivergenceKind::ExtraParagraph => "extra-paragraph",
        }
    }

    pub fn parse(name: &str) -> Option<DivergenceKind> {
        DivergenceKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// One recorded difference between a translation and the original.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Divergence {
    pub kind: DivergenceKind,
    /// Index of the diverging version in its document's `versions`.
    pub version: u16,
    /// Indexes (into the document's `clauses`) of the clauses concerned, in order.
    pub clauses: Vec<u32>,
    /// How sure the aligner is, from 0 to 100: 100 for what the numbering proves or the
    /// manifest declares, less for what lengths and anchors suggest.
    pub confidence: u8,
    /// A note the manifest gives for a divergence it declares; otherwise the note is written
    /// from the divergence itself when it is shown.
    pub note: Option<String>,
}

/// An abbreviation a version defines on first use: "Latin America and the Caribbean (LAC)".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acronym {
    pub short: String,
    pub long: String,
}

/// A document with its versions, its clauses in reading order, and the divergences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The document's id, unique in a library: `policy-paper`.
    pub id: String,
    /// The id qualifier of its clauses (the document id unless the manifest names another).
    pub id_prefix: String,
    /// Short titles people cite the document by, per language ("Company Law", "公司法").
    pub short_title: Localized,
    /// Other names people use for the document ("LAC Policy Paper", "对拉政策文件").
    pub aliases: Vec<String>,
    pub levels: Vec<Level>,
    pub versions: Vec<Version>,
    pub clauses: Vec<Clause>,
    pub divergences: Vec<Divergence>,
    /// Ids this document's clauses were published under before (kept so old permalinks and
    /// snippets keep resolving): `(former id, clause index)`.
    pub former_ids: Vec<(String, u32)>,
    /// Abbreviations the versions define, for search.
    pub acronyms: Vec<Acronym>,
}

/// A whole corpus: one or more documents compiled together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    pub id: String,
    pub title: String,
    pub documents: Vec<Document>,
}

/// A clause found by id: which document, which clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClauseRef {
    pub document: u16,
    pub clause: u32,
}

impl Document {
    pub fn version_index(&self, id: &str) -> Option<usize> {
        self.versions.iter().position(|version| version.id == id)
    }

    /// The first version with `role`.
    pub fn version_with_role(&self, role: Role) -> Option<usize> {
        self.versions.iter().position(|version| version.role == role)
    }

    pub fn clause_text<'c>(&self, clause: &'c Clause, version: usize) -> Option<&'c ClauseText> {
        clause.texts.get(version)?.as_ref()
    }

    /// The text one version gives for a clause itself, if it has any.
    pub fn text_of(&self, clause: &Clause, version: usize) -> Option<&str> {
        let given = self.clause_text(clause, version)?;
        Some(given.text.of(&self.versions.get(version)?.text))
    }

    pub fn label_of(&self, clause: &Clause, version: usize) -> Option<&str> {
        let given = self.clause_text(clause, version)?;
        Some(given.label?.of(&self.versions.get(version)?.text))
    }

    pub fn title_of(&self, clause: &Clause, version: usize) -> Option<&str> {
        let given = self.clause_text(clause, version)?;
        Some(given.title?.of(&self.versions.get(version)?.text))
    }

    pub fn sentences_of<'d>(&'d self, clause: &'d Clause, version: usize) -> impl Iterator<Item = &'d str> + 'd {
        let text = self.versions.get(version).map(|version| version.text.as_str()).unwrap_or("");
        self.clause_text(clause, version).map(|given| given.sentences.as_slice()).unwrap_or(&[]).iter().map(move |span| span.of(text))
    }

    /// True when `ancestor` is a strict ancestor of `clause`. The loader makes every parent
    /// come before its child and bounds the depth, so the walk ends.
    pub fn is_ancestor(&self, ancestor: u32, clause: u32) -> bool {
        let mut current = self.clauses.get(clause as usize).and_then(|clause| clause.parent);
        while let Some(parent) = current {
            if parent == ancestor {
                return true;
            }
            if parent < ancestor {
                // Parents come before their children: an ancestor is never after a parent.
                return false;
            }
            current = self.clauses.get(parent as usize).and_then(|clause| clause.parent);
        }
        false
    }

    /// The level of a clause, if it has one.
    pub fn level_of(&self, clause: &Clause) -> Option<&Level> {
        self.levels.get(clause.level? as usize)
    }
}
