//! The corpus model: documents, their versions, and the aligned tree of clauses.
//!
//! A corpus is read-only once loaded. Every piece of text it holds (a clause's text, its label,
//! its title, each sentence) is a [`Span`] into the full text of one version, so the stored text
//! exists exactly once and is never altered: normalisation for search or citation parsing works
//! on copies.

use crate::prelude::*;

use crate::binary::{Decoder, Encoder, FormatError};
use crate::numbers::push_decimal;
use crate::text::{checksum, sentence_spans, skip_white_space};

/// The magic bytes at the start of every compiled corpus, followed by the format version.
pub const MAGIC: &[u8; 4] = b"CCC\x02";

/// A byte range `[start, end)` into the text of one version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The text this span covers, or the empty string when the span does not fit the text
    /// (which a checked corpus never contains).
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// The authority of a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Original,
    OfficialTranslation,
    UnofficialTranslation,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Original => "original",
            Role::OfficialTranslation => "official-translation",
            Role::UnofficialTranslation => "unofficial-translation",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        match name {
            "original" => Some(Role::Original),
            "official-translation" => Some(Role::OfficialTranslation),
            "unofficial-translation" => Some(Role::UnofficialTranslation),
            _ => None,
        }
    }
}

/// What a clause is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Lines before the document's structure starts (publisher line, dateline); each version's
    /// own, not translations of each other.
    FrontMatter,
    /// A heading that opens a structural unit (Preface, Part, Program, Section, a title).
    Heading,
    /// A paragraph of running text.
    Paragraph,
    /// A line about the document rather than of it (byline, source note, date).
    Meta,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FrontMatter => "front-matter",
            Kind::Heading => "heading",
            Kind::Paragraph => "paragraph",
            Kind::Meta => "meta",
        }
    }
}

/// Which structural unit a heading opens; paragraphs and other clauses have `Level::Text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Document,
    Preface,
    Part,
    Program,
    Section,
    Text,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Document => "document",
            Level::Preface => "preface",
            Level::Part => "part",
            Level::Program => "program",
            Level::Section => "section",
            Level::Text => "text",
        }
    }
}

/// How a translation departs from the original's structure at some place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivergenceKind {
    /// The translation has no heading line of its own here: its heading text is run into the end
    /// of the previous paragraph, so its paragraphs sit inside the previous section.
    MissingHeading,
    /// Two or more paragraphs of the original are one paragraph in the translation.
    Merged,
    /// One paragraph of the original is two or more paragraphs in the translation.
    Split,
    /// The translation numbers this unit outside its own numbering scheme.
    Relabelled,
}

impl DivergenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DivergenceKind::MissingHeading => "missing-heading",
            DivergenceKind::Merged => "merged",
            DivergenceKind::Split => "split",
            DivergenceKind::Relabelled => "relabelled",
        }
    }

    pub fn parse(name: &str) -> Option<DivergenceKind> {
        match name {
            "missing-heading" => Some(DivergenceKind::MissingHeading),
            "merged" => Some(DivergenceKind::Merged),
            "split" => Some(DivergenceKind::Split),
            "relabelled" => Some(DivergenceKind::Relabelled),
            _ => None,
        }
    }
}

/// One recorded difference between a translation and the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    pub kind: DivergenceKind,
    /// Index of the diverging version in its document's `versions`.
    pub version: u16,
    /// Indexes (into the document's `clauses`) of the clauses concerned, in order.
    pub clauses: Vec<u32>,
    /// One sentence saying what differs, in English.
    pub note: String,
}

/// One version of a document: its metadata and its whole text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Short id, unique in its document: `zh`, `en`, `en-blog`.
    pub id: String,
    /// BCP 47 language tag.
    pub lang: String,
    pub role: Role,
    pub title: String,
    pub publisher: String,
    pub source: String,
    pub date: String,
    pub url: Option<String>,
    /// The version's paragraphs, each verbatim from its source, joined by a blank line ("\n\n").
    pub text: String,
    /// FNV-1a 64 of `text`, written by the compiler and checked at load.
    pub checksum: u64,
}

/// What one version gives for one clause.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ClauseText {
    /// Exactly the text this version gives for the clause.
    pub text: Span,
    /// The number or label as the version writes it (`(九)`, `(9)`, `(IX)`, `Part I`).
    pub label: Option<Span>,
    /// The heading's words without the label.
    pub title: Option<Span>,
    /// The sentences, in order; together they cover the clause's text but for white space.
    pub sentences: Vec<Span>,
}

/// A node of the document tree: a heading (which opens a unit) or a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// Stable, language-neutral, URL-fragment-safe id, unique in the corpus.
    pub id: String,
    pub kind: Kind,
    pub level: Level,
    /// Index of the parent heading in the document's `clauses`.
    pub parent: Option<u32>,
    /// Position among the parent's children of the same level, from 1 (the canonical number).
    pub number: u16,
    /// One entry per version of the document, `None` where the version has nothing for it.
    pub texts: Vec<Option<ClauseText>>,
}

/// A document with its versions, its clauses in reading order, and the divergences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub versions: Vec<Version>,
    pub clauses: Vec<Clause>,
    pub divergences: Vec<Divergence>,
}

/// A whole compiled corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corpus {
    pub id: String,
    pub title: String,
    pub documents: Vec<Document>,
}

/// A clause found by id: which document, which clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClauseRef {
    pub document: u16,
    pub clause: u32,
}

/// Why a compiled corpus could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    NotACorpus,
    UnsupportedFormat(u8),
    Truncated,
    Malformed(&'static str),
    ChecksumMismatch { document: String, version: String },
}

impl LoadError {
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::NotACorpus => "not-a-corpus",
            LoadError::UnsupportedFormat(_) => "unsupported-format",
            LoadError::Truncated => "truncated-corpus",
            LoadError::Malformed(_) => "malformed-corpus",
            LoadError::ChecksumMismatch { .. } => "checksum-mismatch",
        }
    }

    pub fn message(&self) -> String {
        let mut message = String::new();
        match self {
            LoadError::NotACorpus => message.push_str("These bytes are not a compiled clause-cite corpus: it must start with the bytes 'CCC' and a format version (build one with `clause-cite compile`)."),
            LoadError::UnsupportedFormat(version) => {
                message.push_str("This compiled corpus has format version ");
                push_decimal(&mut message, *version as u64);
                message.push_str("; this build of clause-cite reads format version ");
                push_decimal(&mut message, MAGIC[3] as u64);
                message.push_str(" only. Recompile the corpus with this version.");
            }
            LoadError::Truncated => message.push_str("The compiled corpus ends too early: the file is truncated or was only partly downloaded."),
            LoadError::Malformed(what) => {
                message.push_str("The compiled corpus is malformed: ");
                message.push_str(what);
                message.push('.');
            }
            LoadError::ChecksumMismatch { document, version } => {
                for part in [
                    "The text of version '",
                    version,
                    "' of document '",
                    document,
                    "' does not match its checksum: the compiled corpus was altered or corrupted.",
                ] {
                    message.push_str(part);
                }
            }
        }
        message
    }
}

impl From<FormatError> for LoadError {
    fn from(error: FormatError) -> LoadError {
        match error {
            FormatError::Truncated => LoadError::Truncated,
            FormatError::Malformed(what) => LoadError::Malformed(what),
        }
    }
}

impl Corpus {
    /// Reads a compiled corpus and checks every version's text against its checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<Corpus, LoadError> {
        if bytes.get(..3) != Some(&MAGIC[..3]) || bytes.len() < 4 {
            return Err(LoadError::NotACorpus);
        }
        if bytes[3] != MAGIC[3] {
            return Err(LoadError::UnsupportedFormat(bytes[3]));
        }
        let mut input = Decoder::new(&bytes[4..]);
        let corpus = decode_corpus(&mut input);
        if let Some(error) = input.error {
            return Err(error.into());
        }
        if !input.is_at_end() {
            return Err(LoadError::Malformed(
                "trailing bytes after the last document",
            ));
        }
        for document in &corpus.documents {
            validate_document(document)?;
        }
        Ok(corpus)
    }

    /// Writes the compiled form that [`Corpus::from_bytes`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut output = Encoder::default();
        output.bytes(MAGIC);
        encode_corpus(self, &mut output);
        output.finish()
    }

    /// Finds a clause by its stable id.
    pub fn clause_by_id(&self, id: &str) -> Option<ClauseRef> {
        for (document_index, document) in self.documents.iter().enumerate() {
            if let Some(clause_index) = document.clauses.iter().position(|clause| clause.id == id) {
                return Some(ClauseRef {
                    document: document_index as u16,
                    clause: clause_index as u32,
                });
            }
        }
        None
    }

    pub fn document(&self, reference: ClauseRef) -> &Document {
        &self.documents[reference.document as usize]
    }

    pub fn clause(&self, reference: ClauseRef) -> &Clause {
        &self.documents[reference.document as usize].clauses[reference.clause as usize]
    }

    pub fn document_by_id(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|document| document.id == id)
    }

    /// Every clause of every document, in reading order.
    pub fn all_clauses(&self) -> impl Iterator<Item = ClauseRef> + '_ {
        self.documents
            .iter()
            .enumerate()
            .flat_map(|(document_index, document)| {
                (0..document.clauses.len()).map(move |clause_index| ClauseRef {
                    document: document_index as u16,
                    clause: clause_index as u32,
                })
            })
    }
}

impl Document {
    pub fn version_index(&self, id: &str) -> Option<usize> {
        self.versions.iter().position(|version| version.id == id)
    }

    /// The text one version gives for a clause, if it has any.
    pub fn text_of(&self, clause: &Clause, version: usize) -> Option<&str> {
        let given = clause.texts.get(version)?.as_ref()?;
        Some(given.text.of(&self.versions[version].text))
    }

    pub fn label_of(&self, clause: &Clause, version: usize) -> Option<&str> {
        let given = clause.texts.get(version)?.as_ref()?;
        Some(given.label?.of(&self.versions[version].text))
    }

    pub fn title_of(&self, clause: &Clause, version: usize) -> Option<&str> {
        let given = clause.texts.get(version)?.as_ref()?;
        Some(given.title?.of(&self.versions[version].text))
    }

    pub fn sentences_of<'d>(
        &'d self,
        clause: &'d Clause,
        version: usize,
    ) -> impl Iterator<Item = &'d str> + 'd {
        let text = &self.versions[version].text;
        clause
            .texts
            .get(version)
            .and_then(|given| given.as_ref())
            .map(|given| given.sentences.as_slice())
            .unwrap_or(&[])
            .iter()
            .map(move |span| span.of(text))
    }

    /// True when `ancestor` is a strict ancestor of `clause` (its parent, its parent's parent…).
    /// The loader makes every parent come before its child, so the walk ends; it also stops
    /// after 64 steps, far deeper than any document's headings go.
    pub fn is_ancestor(&self, ancestor: u32, clause: u32) -> bool {
        let mut current = self
            .clauses
            .get(clause as usize)
            .and_then(|clause| clause.parent);
        let mut steps = 0;
        while let Some(parent) = current {
            if parent == ancestor {
                return true;
            }
            steps += 1;
            if steps > 64 {
                return false;
            }
            current = self
                .clauses
                .get(parent as usize)
                .and_then(|clause| clause.parent);
        }
        false
    }

    /// The indexes of the clauses whose parent is `parent`, in order.
    pub fn children_of(&self, parent: u32) -> impl Iterator<Item = u32> + '_ {
        self.clauses
            .iter()
            .enumerate()
            .filter(move |(_, clause)| clause.parent == Some(parent))
            .map(|(index, _)| index as u32)
    }

    /// The divergences that concern a clause.
    pub fn divergences_of(&self, clause: u32) -> impl Iterator<Item = &Divergence> + '_ {
        self.divergences
            .iter()
            .filter(move |divergence| divergence.clauses.contains(&clause))
    }
}

/// True when `span` is a range of whole characters inside `text`.
fn fits(text: &str, span: Span) -> bool {
    text.get(span.start as usize..span.end as usize).is_some()
}

/// Checks what the decoder could not: each version's text against its checksum, every text
/// range against its version's text, every divergence against the versions and clauses.
/// (The decoder already made each clause's parent come before it and gave every clause one
/// entry per version.)
fn validate_document(document: &Document) -> Result<(), LoadError> {
    for version in &document.versions {
        if checksum(&version.text) != version.checksum {
            return Err(LoadError::ChecksumMismatch {
                document: document.id.clone(),
                version: version.id.clone(),
            });
        }
    }
    for clause in &document.clauses {
        for (given, version) in clause.texts.iter().zip(&document.versions) {
            let Some(given) = given else { continue };
            let text = version.text.as_str();
            let mut all_fit = fits(text, given.text);
            for span in given
                .label
                .iter()
                .chain(&given.title)
                .chain(&given.sentences)
            {
                all_fit &= fits(text, *span);
            }
            if !all_fit {
                return Err(LoadError::Malformed(
                    "a clause's text range falls outside its version's text",
                ));
            }
        }
    }
    for divergence in &document.divergences {
        let mut exists = (divergence.version as usize) < document.versions.len();
        for clause in &divergence.clauses {
            exists &= (*clause as usize) < document.clauses.len();
        }
        if !exists {
            return Err(LoadError::Malformed(
                "a divergence names a version or clause that does not exist",
            ));
        }
    }
    Ok(())
}

/// The enums are written as their declaration order (`as u8`); these turn a code back.
const ROLES: [Role; 3] = [
    Role::Original,
    Role::OfficialTranslation,
    Role::UnofficialTranslation,
];
const KINDS: [Kind; 4] = [
    Kind::FrontMatter,
    Kind::Heading,
    Kind::Paragraph,
    Kind::Meta,
];
const LEVELS: [Level; 6] = [
    Level::Document,
    Level::Preface,
    Level::Part,
    Level::Program,
    Level::Section,
    Level::Text,
];
const DIVERGENCE_KINDS: [DivergenceKind; 4] = [
    DivergenceKind::MissingHeading,
    DivergenceKind::Merged,
    DivergenceKind::Split,
    DivergenceKind::Relabelled,
];

/// How a clause id is stored: most are derived from the parent's id and the clause's place,
/// exactly as the compiler made them, so they are derived again at load.
const ID_LISTED: u8 = 0;
const ID_DERIVED: u8 = 1;

/// The id the compiler gives a clause at this place: `pt_3`, `pt_3__prog_2`,
/// `pt_3__prog_2__sec_9`, `pt_3__prog_2__sec_9__para_3`; `None` where ids are named instead.
fn derived_id(
    earlier: &[Clause],
    kind: Kind,
    level: Level,
    parent: Option<u32>,
    number: u16,
) -> Option<String> {
    let parent_id = parent
        .and_then(|parent| earlier.get(parent as usize))
        .map(|parent| parent.id.as_str());
    let (prefix, name) = match (kind, level, parent_id) {
        (Kind::Paragraph, _, Some(parent_id)) => (parent_id, "__para_"),
        (Kind::Heading, Level::Part, None) => ("", "pt_"),
        (Kind::Heading, Level::Program, Some(parent_id)) => (parent_id, "__prog_"),
        (Kind::Heading, Level::Section, Some(parent_id)) => (parent_id, "__sec_"),
        _ => return None,
    };
    let mut id = String::from(prefix);
    id.push_str(name);
    push_decimal(&mut id, number as u64);
    Some(id)
}

/// How a clause text's sentences are stored: most are exactly what `sentence_spans` finds in
/// the clause's text, so they are derived again at load instead of stored.
const SENTENCES_LISTED: u8 = 0;
const SENTENCES_DERIVED: u8 = 1;
const SENTENCES_LABEL_AND_TITLE: u8 = 2;
const SENTENCES_WHOLE_TEXT: u8 = 3;

fn derived_sentences(text: &str, span: Span) -> Vec<Span> {
    let mut sentences = Vec::new();
    let base = span.start as usize;
    for (start, end) in sentence_spans(span.of(text)) {
        sentences.push(Span::new(base + start, base + end));
    }
    sentences
}

/// The sentences a heading with both a label and a title has when they are its sentences.
fn label_and_title(given: &ClauseText) -> Option<Vec<Span>> {
    Some(vec![given.label?, given.title?])
}

/// Writes a span relative to `base`: its signed distance from it, then its length.
fn encode_relative_span(span: Span, base: u32, output: &mut Encoder) {
    output.signed(span.start as i64 - base as i64);
    output.number((span.end - span.start) as u64);
}

/// How a clause text is stored in a version (the tag that also says whether it has one): its
/// range runs to the end of its paragraph (the next blank line, or the end of the text), which
/// is so for most clauses and is found again at load, or its length is written.
const TEXT_ABSENT: u8 = 0;
const TEXT_LENGTH_LISTED: u8 = 1;
const TEXT_TO_PARAGRAPH_END: u8 = 2;

/// How a clause text's label is stored: none, its range, or (for most headings) only its
/// length, when it starts the text and the title is the rest of the text after white space.
const LABEL_ABSENT: u8 = 0;
const LABEL_LISTED: u8 = 1;
const LABEL_LEADS_TITLE: u8 = 2;

/// How a clause text's title is stored when the label does not give it: none, its range, or
/// the whole text.
const TITLE_ABSENT: u8 = 0;
const TITLE_LISTED: u8 = 1;
const TITLE_WHOLE_TEXT: u8 = 2;

/// Where the paragraph that starts at or before `start` ends: at the next blank line ("\n\n",
/// which joins a version's paragraphs) or at the end of the text.
fn paragraph_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    while at + 1 < bytes.len() {
        if bytes[at] == b'\n' && bytes[at + 1] == b'\n' {
            return at;
        }
        at += 1;
    }
    bytes.len()
}

/// The title a heading has when its label, ending at `label_end`, starts its text: the rest of
/// the text after white space.
fn title_after_label(text: &str, span: Span, label_end: u32) -> Span {
    Span {
        start: skip_white_space(text, label_end as usize) as u32,
        end: span.end,
    }
}

/// A clause text is written relative to where the previous clause's text ended in the same
/// version (clause order is text order), and its label, title and sentences relative to its
/// own start, so most numbers fit in one byte. What the loader can derive again from the text
/// (a range that runs to the end of its paragraph, a title that follows its label, sentences)
/// is not written; the check is made here, so the round trip stays exact.
fn encode_clause_text(
    given: &ClauseText,
    text: &str,
    previous_end: &mut u32,
    output: &mut Encoder,
) {
    let span = given.text;
    let to_paragraph_end = span.end as usize == paragraph_end(text, span.start as usize);
    output.byte(if to_paragraph_end {
        TEXT_TO_PARAGRAPH_END
    } else {
        TEXT_LENGTH_LISTED
    });
    output.signed(span.start as i64 - *previous_end as i64);
    if !to_paragraph_end {
        output.number((span.end - span.start) as u64);
    }
    *previous_end = span.end;
    let label_leads_title = match (given.label, given.title) {
        (Some(label), Some(title)) => {
            label.start == span.start && title == title_after_label(text, span, label.end)
        }
        _ => false,
    };
    match given.label {
        Some(label) if label_leads_title => {
            output.byte(LABEL_LEADS_TITLE);
            output.number((label.end - label.start) as u64);
        }
        Some(label) => {
            output.byte(LABEL_LISTED);
            encode_relative_span(label, span.start, output);
        }
        None => output.byte(LABEL_ABSENT),
    }
    if !label_leads_title {
        match given.title {
            Some(title) if title == span => output.byte(TITLE_WHOLE_TEXT),
            Some(title) => {
                output.byte(TITLE_LISTED);
                encode_relative_span(title, span.start, output);
            }
            None => output.byte(TITLE_ABSENT),
        }
    }
    if given.sentences == derived_sentences(text, span) {
        output.byte(SENTENCES_DERIVED);
    } else if Some(&given.sentences) == label_and_title(given).as_ref() {
        output.byte(SENTENCES_LABEL_AND_TITLE);
    } else if given.sentences == [span] {
        output.byte(SENTENCES_WHOLE_TEXT);
    } else {
        output.byte(SENTENCES_LISTED);
        output.number(given.sentences.len() as u64);
        for sentence in &given.sentences {
            encode_relative_span(*sentence, span.start, output);
        }
    }
}

fn encode_corpus(corpus: &Corpus, output: &mut Encoder) {
    output.string(&corpus.id);
    output.string(&corpus.title);
    output.number(corpus.documents.len() as u64);
    for document in &corpus.documents {
        output.string(&document.id);
        output.number(document.versions.len() as u64);
        for version in &document.versions {
            output.string(&version.id);
            output.string(&version.lang);
            output.byte(version.role as u8);
            output.string(&version.title);
            output.string(&version.publisher);
            output.string(&version.source);
            output.string(&version.date);
            output.string(version.url.as_deref().unwrap_or(""));
            output.string(&version.text);
            output.bytes(&version.checksum.to_le_bytes());
        }
        output.number(document.clauses.len() as u64);
        let mut previous_end = vec![0u32; document.versions.len()];
        for clause in &document.clauses {
            if derived_id(
                &document.clauses,
                clause.kind,
                clause.level,
                clause.parent,
                clause.number,
            )
            .as_deref()
                == Some(clause.id.as_str())
            {
                output.byte(ID_DERIVED);
            } else {
                output.byte(ID_LISTED);
                output.string(&clause.id);
            }
            output.byte(clause.kind as u8);
            output.byte(clause.level as u8);
            output.number(clause.parent.map_or(0, |parent| parent as u64 + 1));
            output.number(clause.number as u64);
            for (version, given) in clause.texts.iter().enumerate() {
                match given {
                    None => output.byte(TEXT_ABSENT),
                    Some(given) => {
                        let text = &document.versions[version].text;
                        encode_clause_text(given, text, &mut previous_end[version], output);
                    }
                }
            }
        }
        output.number(document.divergences.len() as u64);
        for divergence in &document.divergences {
            output.byte(divergence.kind as u8);
            output.number(divergence.version as u64);
            output.number(divergence.clauses.len() as u64);
            for clause in &divergence.clauses {
                output.number(*clause as u64);
            }
            output.string(&divergence.note);
        }
    }
}

/// Reads a span's start written relative to `base`; one outside the 32-bit range is malformed.
fn decode_start(input: &mut Decoder, base: u32) -> u32 {
    // `base` is at most `u32::MAX`, so a sum that overflows wraps to a negative start.
    let start = (base as i64).wrapping_add(input.signed());
    if !(0..=u32::MAX as i64).contains(&start) {
        input.malformed("a text range starts outside its text");
    }
    start as u32
}

/// Reads a span's end written as its length after `start`.
fn decode_end(input: &mut Decoder, start: u32) -> u32 {
    let end = (start as u64).wrapping_add(input.number());
    if end > u32::MAX as u64 {
        input.malformed("a text range overflows");
    }
    end as u32
}

/// Reads a span written relative to `base`. Whether it fits its text is checked later, by
/// `validate_document`; until then `Span::of` keeps a bad range from reading outside the text.
fn decode_relative_span(input: &mut Decoder, base: u32) -> Span {
    let start = decode_start(input, base);
    Span {
        start,
        end: decode_end(input, start),
    }
}

/// Reads one version's text of a clause, after its tag (which says it has one and whether its
/// length is written).
fn decode_clause_text(
    input: &mut Decoder,
    tag: u8,
    text: &str,
    previous_end: &mut u32,
) -> ClauseText {
    let start = decode_start(input, *previous_end);
    let end = if tag == TEXT_TO_PARAGRAPH_END {
        paragraph_end(text, start as usize) as u32
    } else {
        decode_end(input, start)
    };
    let span = Span { start, end };
    *previous_end = end;
    let mut given = ClauseText {
        text: span,
        label: None,
        title: None,
        sentences: Vec::new(),
    };
    match input.code(3, "a clause's label has a bad tag") {
        LABEL_LEADS_TITLE => {
            let label_end = decode_end(input, start);
            given.label = Some(Span {
                start,
                end: label_end,
            });
            given.title = Some(title_after_label(text, span, label_end));
        }
        LABEL_LISTED => given.label = Some(decode_relative_span(input, start)),
        _ => {}
    }
    if given.title.is_none() {
        given.title = match input.code(3, "a clause's title has a bad tag") {
            TITLE_LISTED => Some(decode_relative_span(input, start)),
            TITLE_WHOLE_TEXT => Some(span),
            _ => None,
        };
    }
    given.sentences = match input.code(4, "a clause's sentences have a bad tag") {
        SENTENCES_DERIVED => derived_sentences(text, span),
        SENTENCES_LABEL_AND_TITLE => label_and_title(&given).unwrap_or_else(|| {
            input.malformed("a heading's sentences name a label and title it does not have");
            Vec::new()
        }),
        SENTENCES_WHOLE_TEXT => vec![span],
        _ => {
            let mut sentences = Vec::new();
            for _ in 0..input.count() {
                sentences.push(decode_relative_span(input, start));
            }
            sentences
        }
    };
    given
}

/// Reads what `encode_corpus` wrote. Problems are recorded in the decoder (the first one is
/// reported); what is returned then is incomplete and is dropped by the caller.
fn decode_corpus(input: &mut Decoder) -> Corpus {
    let mut corpus = Corpus {
        id: input.string(),
        title: input.string(),
        documents: Vec::new(),
    };
    for _ in 0..input.count() {
        let mut document = Document {
            id: input.string(),
            versions: Vec::new(),
            clauses: Vec::new(),
            divergences: Vec::new(),
        };
        for _ in 0..input.count() {
            let id = input.string();
            let lang = input.string();
            let role = ROLES[input.code(3, "a version has an unknown role") as usize];
            let title = input.string();
            let publisher = input.string();
            let source = input.string();
            let date = input.string();
            let url = input.string();
            document.versions.push(Version {
                id,
                lang,
                role,
                title,
                publisher,
                source,
                date,
                url: if url.is_empty() { None } else { Some(url) },
                text: input.string(),
                checksum: input.u64_le(),
            });
        }
        let versions = &document.versions;
        let clauses = &mut document.clauses;
        let mut previous_end = vec![0u32; versions.len()];
        for _ in 0..input.count() {
            let listed_id = match input.code(2, "a clause id has a bad tag") {
                ID_LISTED => Some(input.string()),
                _ => None,
            };
            let kind = KINDS[input.code(4, "a clause has an unknown kind") as usize];
            let level = LEVELS[input.code(6, "a clause has an unknown level") as usize];
            let parent = input.number().checked_sub(1).map(|parent| parent as u32);
            let number = input.number() as u16;
            if parent.is_some_and(|parent| parent as usize >= clauses.len()) {
                input.malformed("a clause's parent does not come before it");
            }
            let id = listed_id
                .or_else(|| derived_id(clauses, kind, level, parent, number))
                .unwrap_or_else(|| {
                    input.malformed("a clause id cannot be derived from its place");
                    String::new()
                });
            let mut texts = Vec::new();
            for (version, previous_end) in versions.iter().zip(&mut previous_end) {
                texts.push(match input.code(3, "a clause text has a bad tag") {
                    TEXT_ABSENT => None,
                    tag => Some(decode_clause_text(input, tag, &version.text, previous_end)),
                });
            }
            clauses.push(Clause {
                id,
                kind,
                level,
                parent,
                number,
                texts,
            });
        }
        for _ in 0..input.count() {
            let kind = DIVERGENCE_KINDS[input.code(4, "a divergence has an unknown kind") as usize];
            let version = input.number() as u16;
            let mut clauses = Vec::new();
            for _ in 0..input.count() {
                clauses.push(input.number() as u32);
            }
            document.divergences.push(Divergence {
                kind,
                version,
                clauses,
                note: input.string(),
            });
        }
        corpus.documents.push(document);
    }
    corpus
}
