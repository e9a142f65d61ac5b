//! The corpus compiler: source texts plus manifests in, a checked [`Corpus`] out.
//!
//! It runs at build time (build.rs includes this file) and from the CLI (`clause-cite compile`).
//! It does no I/O itself: the caller passes a function that reads a file of the corpus
//! directory by its relative path.
//!
//! The steps:
//! 1. Each version's line range is cut from its source file into blocks (runs of non-blank lines),
//!    kept verbatim, and joined by "\n\n" into the version's text.
//! 2. Policy-paper versions are parsed into a tree (front matter, Preface, Parts, Programs,
//!    Sections, paragraphs) by their heading forms. A section heading run into the end of a
//!    paragraph (as the blog translation does twice) is cut off and recorded.
//! 3. Each translation's tree is aligned to the original's: headings by position, paragraphs
//!    one to one unless the manifest's alignment table names a split or a merge, which the
//!    compiler checks against the text (the anchor sentence must be where the table says).
//!    Any other difference in counts is an error, so nothing is aligned silently.
//! 4. Labels outside a version's own numbering scheme are recorded as relabelled.

use crate::prelude::*;

use crate::corpus::{
    Clause, ClauseText, Corpus, Divergence, DivergenceKind, Document, Kind, Level, Role, Span,
    Version,
};
use crate::numbers::{format_number, parse_any, NumberStyle};
use crate::text::{checksum, sentence_spans};
use alloc::collections::BTreeMap;
use serde_json::Value;

/// Why a corpus could not be compiled; the message says where and what is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.message)
    }
}

fn error<T>(message: impl Into<String>) -> Result<T, CompileError> {
    Err(CompileError {
        message: message.into(),
    })
}

/// A block of a source file: a run of non-blank lines, verbatim, with its first line number.
#[derive(Clone, Debug)]
pub struct SourceBlock {
    pub first_line: usize,
    pub last_line: usize,
    pub text: String,
}

/// Cuts lines `first..=last` (1-based) of a source file into blocks. A line is blank when it
/// holds only white space (including no-break spaces).
pub fn source_blocks(source: &str, first: usize, last: usize) -> Vec<SourceBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<SourceBlock> = None;
    for (index, line) in source.split('\n').enumerate() {
        let number = index + 1;
        if number < first || number > last {
            continue;
        }
        if line.trim().is_empty() {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
            continue;
        }
        match current.as_mut() {
            Some(block) => {
                block.text.push('\n');
                block.text.push_str(line);
                block.last_line = number;
            }
            None => {
                current = Some(SourceBlock {
                    first_line: number,
                    last_line: number,
                    text: line.to_string(),
                })
            }
        }
    }
    if let Some(block) = current {
        blocks.push(block);
    }
    blocks
}

/// Compiles the corpus whose top manifest is `corpus.json`, reading files through `read`.
pub fn compile(
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<Corpus, CompileError> {
    let manifest = read_json(read, "corpus.json")?;
    let id = string_field(&manifest, "id", "corpus.json")?;
    let title = string_field(&manifest, "title", "corpus.json")?;
    let sources = manifest
        .get("sources")
        .and_then(Value::as_object)
        .ok_or_else(|| CompileError {
            message: "corpus.json: 'sources' must be an object of named source files".into(),
        })?;
    let mut source_texts = BTreeMap::new();
    for (name, source) in sources {
        let file = string_field(source, "file", &format!("corpus.json sources.{name}"))?;
        let text = read(&file).map_err(|why| CompileError {
            message: format!("cannot read source '{file}': {why}"),
        })?;
        source_texts.insert(name.clone(), text);
    }
    let document_files = manifest
        .get("documents")
        .and_then(Value::as_array)
        .ok_or_else(|| CompileError {
            message: "corpus.json: 'documents' must be a list of manifest files".into(),
        })?;
    let mut documents = Vec::new();
    for file in document_files {
        let file = file.as_str().ok_or_else(|| CompileError {
            message: "corpus.json: each entry of 'documents' must be a file name".into(),
        })?;
        let document_manifest = read_json(read, file)?;
        documents.push(compile_document(&document_manifest, file, &source_texts)?);
    }
    let mut seen = BTreeMap::new();
    for document in &documents {
        for clause in &document.clauses {
            if let Some(other) = seen.insert(clause.id.clone(), document.id.clone()) {
                return error(format!(
                    "clause id '{}' is used by both '{}' and '{}'",
                    clause.id, other, document.id
                ));
            }
        }
    }
    Ok(Corpus {
        id,
        title,
        documents,
    })
}

fn read_json(
    read: &mut dyn FnMut(&str) -> Result<String, String>,
    file: &str,
) -> Result<Value, CompileError> {
    let text = read(file).map_err(|why| CompileError {
        message: format!("cannot read '{file}': {why}"),
    })?;
    serde_json::from_str(&text).map_err(|why| CompileError {
        message: format!("'{file}' is not valid JSON: {why}"),
    })
}

fn string_field(value: &Value, name: &str, place: &str) -> Result<String, CompileError> {
    value
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| CompileError {
            message: format!("{place}: the field '{name}' must be a string"),
        })
}

/// A version's text being assembled: its blocks joined by blank lines, with their spans.
struct VersionText {
    text: String,
    blocks: Vec<Span>,
}

fn assemble(blocks: &[SourceBlock]) -> VersionText {
    let mut text = String::new();
    let mut spans = Vec::new();
    for block in blocks {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&block.text);
        spans.push(Span::new(start, text.len()));
    }
    VersionText {
        text,
        blocks: spans,
    }
}

fn sentences_in(text: &str, span: Span) -> Vec<Span> {
    let piece = span.of(text);
    sentence_spans(piece)
        .into_iter()
        .map(|(start, end)| Span::new(span.start as usize + start, span.start as usize + end))
        .collect()
}

fn compile_document(
    manifest: &Value,
    file: &str,
    sources: &BTreeMap<String, String>,
) -> Result<Document, CompileError> {
    let id = string_field(manifest, "id", file)?;
    let structure = string_field(manifest, "structure", file)?;
    let version_manifests = manifest
        .get("versions")
        .and_then(Value::as_array)
        .filter(|versions| !versions.is_empty())
        .ok_or_else(|| CompileError {
            message: format!("{file}: 'versions' must be a non-empty list"),
        })?;
    let mut versions = Vec::new();
    let mut texts = Vec::new();
    for version in version_manifests {
        let version_id = string_field(version, "id", file)?;
        let place = format!("{file} version '{version_id}'");
        let role_name = string_field(version, "role", &place)?;
        let role = Role::parse(&role_name).ok_or_else(|| CompileError {
            message: format!("{place}: role '{role_name}' is not one of original, official-translation, unofficial-translation"),
        })?;
        let source_name = string_field(version, "source_file", &place)?;
        let source = sources.get(&source_name).ok_or_else(|| CompileError {
            message: format!(
                "{place}: source_file '{source_name}' is not named in corpus.json sources"
            ),
        })?;
        let lines = version
            .get("lines")
            .and_then(Value::as_array)
            .filter(|lines| lines.len() == 2);
        let (first, last) = match lines.map(|lines| (lines[0].as_u64(), lines[1].as_u64())) {
            Some((Some(first), Some(last))) if first >= 1 && last >= first => {
                (first as usize, last as usize)
            }
            _ => {
                return error(format!(
                    "{place}: 'lines' must be [first, last], 1-based and in order"
                ))
            }
        };
        let blocks = source_blocks(source, first, last);
        if blocks.is_empty() {
            return error(format!(
                "{place}: lines {first}-{last} of '{source_name}' hold no text"
            ));
        }
        texts.push(assemble(&blocks));
        versions.push(Version {
            id: version_id,
            lang: string_field(version, "lang", &place)?,
            role,
            title: string_field(version, "title", &place)?,
            publisher: string_field(version, "publisher", &place)?,
            source: string_field(version, "source", &place)?,
            date: string_field(version, "date", &place)?,
            url: version
                .get("url")
                .and_then(Value::as_str)
                .map(str::to_string),
            text: String::new(),
            checksum: 0,
        });
    }
    if versions[0].role != Role::Original {
        return error(format!(
            "{file}: the first version must be the original, whose structure the others align to"
        ));
    }
    let prefix = manifest
        .get("id_prefix")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let (clauses, divergences) = match structure.as_str() {
        "policy-paper" => compile_policy_paper(manifest, file, &versions, &texts)?,
        "plain" => compile_plain(manifest, file, &prefix, &versions, &texts)?,
        other => {
            return error(format!(
                "{file}: structure '{other}' is not one of policy-paper, plain"
            ))
        }
    };
    for (version, text) in versions.iter_mut().zip(texts) {
        version.checksum = checksum(&text.text);
        version.text = text.text;
    }
    Ok(Document {
        id,
        versions,
        clauses,
        divergences,
    })
}

fn compile_plain(
    manifest: &Value,
    file: &str,
    prefix: &str,
    versions: &[Version],
    texts: &[VersionText],
) -> Result<(Vec<Clause>, Vec<Divergence>), CompileError> {
    let roles = |name: &str| -> Result<Vec<(String, Kind)>, CompileError> {
        let mut list = Vec::new();
        for entry in manifest
            .get(name)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let id = string_field(entry, "id", file)?;
            let kind = match entry.get("kind").and_then(Value::as_str) {
                Some("heading") => Kind::Heading,
                Some("meta") => Kind::Meta,
                Some("paragraph") => Kind::Paragraph,
                _ => {
                    return error(format!(
                        "{file}: {name} entry '{id}' needs a kind: heading, meta or paragraph"
                    ))
                }
            };
            list.push((id, kind));
        }
        Ok(list)
    };
    let head = roles("head")?;
    let tail = roles("tail")?;
    let count = texts[0].blocks.len();
    for (version, text) in versions.iter().zip(texts) {
        if text.blocks.len() != count {
            return error(format!(
                "{file}: version '{}' has {} paragraphs and the original has {count}; a plain document's versions must align paragraph by paragraph",
                version.id,
                text.blocks.len()
            ));
        }
    }
    if head.len() + tail.len() > count {
        return error(format!(
            "{file}: head and tail name more blocks ({}) than the document has ({count})",
            head.len() + tail.len()
        ));
    }
    let mut clauses = Vec::new();
    for index in 0..count {
        let (id, kind, number) = if index < head.len() {
            (format!("{prefix}__{}", head[index].0), head[index].1, 0)
        } else if index >= count - tail.len() {
            let entry = &tail[index - (count - tail.len())];
            (format!("{prefix}__{}", entry.0), entry.1, 0)
        } else {
            let number = index - head.len() + 1;
            (format!("{prefix}__para_{number}"), Kind::Paragraph, number)
        };
        let texts = texts
            .iter()
            .map(|text| {
                let span = text.blocks[index];
                Some(ClauseText {
                    text: span,
                    label: None,
                    title: if kind == Kind::Heading {
                        Some(span)
                    } else {
                        None
                    },
                    sentences: if kind == Kind::Paragraph {
                        sentences_in(&text.text, span)
                    } else {
                        vec![span]
                    },
                })
            })
            .collect();
        let level = if kind == Kind::Heading {
            Level::Document
        } else {
            Level::Text
        };
        clauses.push(Clause {
            id,
            kind,
            level,
            parent: None,
            number: number as u16,
            texts,
        });
    }
    Ok((clauses, Vec::new()))
}

// ---------------------------------------------------------------------------------------------
// The policy paper.

/// A paragraph of one version: whole blocks, or sentences cut out of a block.
#[derive(Clone, Debug)]
struct Piece {
    span: Span,
    sentences: Vec<Span>,
}

#[derive(Clone, Debug)]
struct Heading {
    text: Span,
    label: Option<Span>,
    title: Option<Span>,
    /// The heading was run into the end of the previous paragraph.
    run_in: bool,
}

#[derive(Clone, Debug)]
struct Node {
    level: Level,
    heading: Heading,
    paragraphs: Vec<Piece>,
    children: Vec<Node>,
}

struct Parsed {
    front: Vec<Span>,
    units: Vec<Node>,
}

fn trimmed_chars(text: &str) -> usize {
    text.trim().chars().count()
}

fn ends_like_sentence(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with('。')
        || text.ends_with('.')
        || text.ends_with('!')
        || text.ends_with('?')
        || text.ends_with('！')
}

fn is_preface(text: &str) -> bool {
    matches!(text.trim(), "前言" | "Preface" | "Foreword")
}

fn is_part(text: &str) -> bool {
    let text = text.trim();
    (text.starts_with('第') && text.ends_with("部分") && trimmed_chars(text) <= 6)
        || (text.starts_with("Part ")
            && trimmed_chars(text) <= 12
            && parse_any(text["Part ".len()..].trim()).is_some())
}

/// The label of a program heading ("一、", "1.", "I."), as a byte length, when `text` is one.
fn program_label(text: &str) -> Option<usize> {
    let text_trimmed = text.trim_start();
    let offset = text.len() - text_trimmed.len();
    if trimmed_chars(text) > 80 || ends_like_sentence(text) {
        return None;
    }
    if let Some(position) = text_trimmed.find('、') {
        if parse_any(&text_trimmed[..position]).is_some() && text_trimmed.contains("工程") {
            return Some(offset + position + '、'.len_utf8());
        }
    }
    let position = text_trimmed.find(". ")?;
    parse_any(&text_trimmed[..position])?;
    Some(offset + position + 1)
}

/// The label of a section heading ("(一)", "（9）", "(Seventeen)"), as a byte length.
fn section_label(text: &str) -> Option<usize> {
    let text_trimmed = text.trim_start();
    let offset = text.len() - text_trimmed.len();
    if trimmed_chars(text) > 200 || ends_like_sentence(text) || text.contains('\n') {
        return None;
    }
    let open = if text_trimmed.starts_with('(') {
        1
    } else if text_trimmed.starts_with('（') {
        3
    } else {
        return None;
    };
    let close = text_trimmed.find([')', '）'])?;
    let inside = &text_trimmed[open..close];
    if inside.is_empty()
        || inside.chars().count() > 10
        || !inside.chars().all(char::is_alphanumeric)
    {
        return None;
    }
    let close_length = if text_trimmed[close..].starts_with(')') {
        1
    } else {
        3
    };
    if text_trimmed[close + close_length..].trim().is_empty() {
        return None;
    }
    Some(offset + close + close_length)
}

/// The number inside a label such as "(九)", "1.", "一、", "Part I", "第三部分".
pub fn label_number(label: &str) -> Option<(u32, NumberStyle)> {
    let inner = label
        .trim()
        .trim_start_matches("Part ")
        .trim_start_matches('第')
        .trim_end_matches("部分")
        .trim_matches(|character: char| {
            matches!(character, '(' | ')' | '（' | '）' | '.' | '、' | ' ')
        });
    parse_any(inner)
}

fn heading_with_label(text: &str, span: Span, label_length: usize) -> Heading {
    let piece = span.of(text);
    let title_start =
        label_length + (piece.len() - label_length - piece[label_length..].trim_start().len());
    Heading {
        text: span,
        label: Some(Span::new(
            span.start as usize,
            span.start as usize + label_length,
        )),
        title: Some(Span::new(
            span.start as usize + title_start,
            span.end as usize,
        )),
        run_in: false,
    }
}

/// Cuts a section heading off the end of a paragraph block, when the block's last sentence is one.
fn split_run_in_heading(text: &str, block: Span) -> Option<(Span, Span)> {
    let sentences = sentences_in(text, block);
    let last = *sentences.last()?;
    if sentences.len() < 2 || section_label(last.of(text)).is_none() {
        return None;
    }
    let before = sentences[sentences.len() - 2];
    Some((
        Span {
            start: block.start,
            end: before.end,
        },
        last,
    ))
}

fn parse_policy_paper(text: &VersionText) -> Result<Parsed, String> {
    let source = text.text.as_str();
    let mut front = Vec::new();
    let mut units: Vec<Node> = Vec::new();
    let mut index = 0;
    let blocks = &text.blocks;
    // The deepest open node at each level: preface/part at depth 0, program 1, section 2.
    while index < blocks.len() {
        let block = blocks[index];
        let piece = block.of(source);
        if is_preface(piece) {
            units.push(Node {
                level: Level::Preface,
                heading: Heading {
                    text: block,
                    label: None,
                    title: Some(block),
                    run_in: false,
                },
                paragraphs: Vec::new(),
                children: Vec::new(),
            });
        } else if is_part(piece) {
            let title = *blocks
                .get(index + 1)
                .ok_or_else(|| format!("the part heading '{piece}' has no title line after it"))?;
            units.push(Node {
                level: Level::Part,
                heading: Heading {
                    text: Span {
                        start: block.start,
                        end: title.end,
                    },
                    label: Some(block),
                    title: Some(title),
                    run_in: false,
                },
                paragraphs: Vec::new(),
                children: Vec::new(),
            });
            index += 1;
        } else if let Some(label) = program_label(piece).filter(|_| !units.is_empty()) {
            let part = units
                .last_mut()
                .ok_or("a program heading comes before any part")?;
            part.children.push(Node {
                level: Level::Program,
                heading: heading_with_label(source, block, label),
                paragraphs: Vec::new(),
                children: Vec::new(),
            });
        } else if let Some(label) = section_label(piece).filter(|_| !units.is_empty()) {
            let program = units
                .last_mut()
                .and_then(|part| part.children.last_mut())
                .ok_or_else(|| format!("the section heading '{piece}' comes before any program"))?;
            program.children.push(Node {
                level: Level::Section,
                heading: heading_with_label(source, block, label),
                paragraphs: Vec::new(),
                children: Vec::new(),
            });
        } else if units.is_empty() {
            front.push(block);
        } else {
            let (paragraph, run_in) = match split_run_in_heading(source, block) {
                Some((paragraph, heading)) => (paragraph, Some(heading)),
                None => (block, None),
            };
            let unit = units
                .last_mut()
                .ok_or("a paragraph comes before any heading")?;
            let open = match unit.children.last_mut() {
                Some(program) => match program.children.last_mut() {
                    Some(section) => section,
                    None => program,
                },
                None => unit,
            };
            open.paragraphs.push(Piece {
                span: paragraph,
                sentences: sentences_in(source, paragraph),
            });
            if let Some(heading) = run_in {
                let label = section_label(heading.of(source)).unwrap_or(0);
                let program = units
                    .last_mut()
                    .and_then(|part| part.children.last_mut())
                    .ok_or("a run-in section heading comes before any program")?;
                let mut heading = heading_with_label(source, heading, label);
                heading.run_in = true;
                program.children.push(Node {
                    level: Level::Section,
                    heading,
                    paragraphs: Vec::new(),
                    children: Vec::new(),
                });
            }
        }
        index += 1;
    }
    Ok(Parsed { front, units })
}

/// True when `text` starts with `anchor`, comparing width-folded characters (so a no-break
/// space in the source matches a plain space in the manifest).
fn starts_with_folded(text: &str, anchor: &str) -> bool {
    let mut text = text.chars().map(crate::text::fold_width);
    anchor
        .chars()
        .map(crate::text::fold_width)
        .all(|expected| text.next() == Some(expected))
}

/// One entry of the manifest's alignment table.
struct AlignmentEntry {
    version: String,
    kind: DivergenceKind,
    clauses: Vec<String>,
    second_starts_with: String,
    note: String,
}

fn alignment_table(manifest: &Value, file: &str) -> Result<Vec<AlignmentEntry>, CompileError> {
    let mut entries = Vec::new();
    for entry in manifest
        .get("alignment")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
    {
        let version = string_field(entry, "version", file)?;
        let kind_name = string_field(entry, "kind", file)?;
        let kind = match kind_name.as_str() {
            "split" => DivergenceKind::Split,
            "merged" => DivergenceKind::Merged,
            other => {
                return error(format!(
                    "{file}: alignment kind '{other}' is not one of split, merged"
                ))
            }
        };
        let clauses = match kind {
            DivergenceKind::Split => vec![string_field(entry, "clause", file)?],
            _ => {
                let list: Vec<String> = entry
                    .get("clauses")
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                if list.len() != 2 {
                    return error(format!(
                        "{file}: a merged entry names exactly two consecutive clauses in 'clauses'"
                    ));
                }
                list
            }
        };
        entries.push(AlignmentEntry {
            version,
            kind,
            clauses,
            second_starts_with: string_field(entry, "second_starts_with", file)?,
            note: string_field(entry, "note", file)?,
        });
    }
    Ok(entries)
}

struct Builder<'a> {
    versions: &'a [Version],
    texts: &'a [VersionText],
    table: &'a [AlignmentEntry],
    used: Vec<bool>,
    clauses: Vec<Clause>,
    divergences: Vec<Divergence>,
}

fn child_prefix(level: Level) -> &'static str {
    match level {
        Level::Part => "pt",
        Level::Program => "prog",
        Level::Section => "sec",
        _ => "para",
    }
}

impl Builder<'_> {
    fn version_name(&self, version: usize) -> String {
        let version = &self.versions[version];
        let role = match version.role {
            Role::Original => "The original",
            Role::OfficialTranslation => "The official translation",
            Role::UnofficialTranslation => "The unofficial (blog) translation",
        };
        format!("{role} ({})", version.id)
    }

    /// A unit's title as the official translation (or else the original) writes it.
    fn display_title(&self, nodes: &[&Node]) -> String {
        let version = self
            .versions
            .iter()
            .position(|version| version.role == Role::OfficialTranslation)
            .unwrap_or(0);
        nodes[version]
            .heading
            .title
            .map(|title| title.of(&self.texts[version].text).trim().to_string())
            .unwrap_or_default()
    }

    fn heading_text(&self, heading: &Heading) -> ClauseText {
        let sentences = match (heading.label, heading.title) {
            (Some(label), Some(title)) if title.start > label.end + 1 => vec![label, title],
            _ => vec![heading.text],
        };
        ClauseText {
            text: heading.text,
            label: heading.label,
            title: heading.title,
            sentences,
        }
    }

    /// Adds a heading clause and everything under it; `nodes[v]` is this unit in version v.
    fn add_unit(
        &mut self,
        nodes: &[&Node],
        id: String,
        parent: Option<u32>,
        number: u16,
        path: &str,
    ) -> Result<(), CompileError> {
        let original = nodes[0];
        let index = self.clauses.len() as u32;
        let texts = nodes
            .iter()
            .map(|node| Some(self.heading_text(&node.heading)))
            .collect();
        self.clauses.push(Clause {
            id: id.clone(),
            kind: Kind::Heading,
            level: original.level,
            parent,
            number,
            texts,
        });
        for (version, node) in nodes.iter().enumerate().skip(1) {
            if node.heading.run_in {
                let heading = node.heading.text.of(&self.texts[version].text);
                self.divergences.push(Divergence {
                    kind: DivergenceKind::MissingHeading,
                    version: version as u16,
                    clauses: vec![index],
                    note: format!(
                        "{} has no heading line for {path}: its heading \u{201c}{heading}\u{201d} is run into the end of the previous paragraph, so this section's text sits inside the previous section there.",
                        self.version_name(version)
                    ),
                });
            }
            self.check_label(node, version, index, number, path);
        }
        self.add_paragraphs(nodes, &id, index, path)?;
        let child_count = original.children.len();
        for (version, node) in nodes.iter().enumerate().skip(1) {
            if node.children.len() != child_count {
                return error(format!(
                    "{} has {} units under {path} and the original has {child_count}; headings must align one to one",
                    self.version_name(version),
                    node.children.len()
                ));
            }
        }
        for child in 0..child_count {
            let children: Vec<&Node> = nodes.iter().map(|node| &node.children[child]).collect();
            let level = children[0].level;
            let child_id = format!("{id}__{}_{}", child_prefix(level), child + 1);
            let child_path = match level {
                Level::Program => self.display_title(&children),
                _ => format!("{path} ({})", child + 1),
            };
            self.add_unit(
                &children,
                child_id,
                Some(index),
                (child + 1) as u16,
                &child_path,
            )?;
        }
        Ok(())
    }

    /// Records a label that leaves the version's own numbering scheme (a letter, a word, or a
    /// number that is not the unit's position).
    fn check_label(&mut self, node: &Node, version: usize, clause: u32, number: u16, path: &str) {
        let Some(label_span) = node.heading.label else {
            return;
        };
        let text = &self.texts[version].text;
        let label = label_span.of(text);
        let scheme = self.scheme_of(version, node.level);
        let parsed = label_number(label);
        let fits = matches!(parsed, Some((value, style)) if value == number as u32 && Some(style) == scheme);
        if fits || scheme.is_none() {
            return;
        }
        let expected = format_number(number as u32, scheme.unwrap_or(NumberStyle::Arabic));
        self.divergences.push(Divergence {
            kind: DivergenceKind::Relabelled,
            version: version as u16,
            clauses: vec![clause],
            note: format!(
                "{} labels {path} \u{201c}{}\u{201d}, outside its own numbering, where its scheme gives {expected}.",
                self.version_name(version),
                label.trim()
            ),
        });
    }

    /// The number style most of a version's labels at a level use.
    fn scheme_of(&self, version: usize, level: Level) -> Option<NumberStyle> {
        let mut counts: Vec<(NumberStyle, usize)> = Vec::new();
        for clause in &self.clauses {
            if clause.level != level {
                continue;
            }
            let Some(Some(given)) = clause.texts.get(version) else {
                continue;
            };
            let Some(label) = given.label else { continue };
            if let Some((_, style)) = label_number(label.of(&self.texts[version].text)) {
                match counts.iter_mut().find(|(existing, _)| *existing == style) {
                    Some(entry) => entry.1 += 1,
                    None => counts.push((style, 1)),
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|(_, count)| *count)
            .map(|(style, _)| style)
    }

    fn add_paragraphs(
        &mut self,
        nodes: &[&Node],
        parent_id: &str,
        parent: u32,
        path: &str,
    ) -> Result<(), CompileError> {
        let original = nodes[0];
        let ids: Vec<String> = (1..=original.paragraphs.len())
            .map(|number| format!("{parent_id}__para_{number}"))
            .collect();
        let mut per_version: Vec<Vec<ClauseText>> = Vec::new();
        for (version, node) in nodes.iter().enumerate() {
            per_version.push(self.align_paragraphs(node, version, &ids, path)?);
        }
        for (position, id) in ids.iter().enumerate() {
            let texts = per_version
                .iter()
                .map(|list| Some(list[position].clone()))
                .collect();
            self.clauses.push(Clause {
                id: id.clone(),
                kind: Kind::Paragraph,
                level: Level::Text,
                parent: Some(parent),
                number: (position + 1) as u16,
                texts,
            });
        }
        Ok(())
    }

    /// Maps one version's paragraphs under a unit onto the original's paragraph ids.
    fn align_paragraphs(
        &mut self,
        node: &Node,
        version: usize,
        ids: &[String],
        path: &str,
    ) -> Result<Vec<ClauseText>, CompileError> {
        // Copying the slice reference (not the text) keeps it usable while `self` is mutated.
        let texts = self.texts;
        let text = &texts[version].text;
        let whole = |piece: &Piece| ClauseText {
            text: piece.span,
            label: None,
            title: None,
            sentences: piece.sentences.clone(),
        };
        let mut output = Vec::new();
        let mut next = 0;
        let mut position = 0;
        let version_id = self.versions[version].id.clone();
        while position < ids.len() {
            let entry = self
                .table
                .iter()
                .position(|entry| entry.version == version_id && entry.clauses[0] == ids[position]);
            let piece = node.paragraphs.get(next).ok_or_else(|| CompileError {
                message: format!(
                    "{} runs out of paragraphs at {} (it has {} under {path}, the original {}); check the texts and add a split or merged entry to the alignment table",
                    self.version_name(version),
                    ids[position],
                    node.paragraphs.len(),
                    ids.len()
                ),
            })?;
            match entry {
                None => {
                    output.push(whole(piece));
                    next += 1;
                    position += 1;
                }
                Some(entry_index) => {
                    self.used[entry_index] = true;
                    let entry = &self.table[entry_index];
                    match entry.kind {
                        DivergenceKind::Split => {
                            let second = node.paragraphs.get(next + 1).filter(|second| {
                                starts_with_folded(
                                    second.span.of(text).trim_start(),
                                    &entry.second_starts_with,
                                )
                            });
                            let Some(second) = second else {
                                return error(format!(
                                    "alignment table: {} should split {} so that its next paragraph starts with \u{201c}{}\u{201d}, but it does not",
                                    self.version_name(version), ids[position], entry.second_starts_with
                                ));
                            };
                            let mut sentences = piece.sentences.clone();
                            sentences.extend(second.sentences.iter().copied());
                            output.push(ClauseText {
                                text: Span {
                                    start: piece.span.start,
                                    end: second.span.end,
                                },
                                label: None,
                                title: None,
                                sentences,
                            });
                            self.divergences.push(Divergence {
                                kind: DivergenceKind::Split,
                                version: version as u16,
                                clauses: vec![self.clauses.len() as u32 + position as u32],
                                note: entry.note.clone(),
                            });
                            next += 2;
                            position += 1;
                        }
                        _ => {
                            if ids.get(position + 1) != Some(&entry.clauses[1]) {
                                return error(format!("alignment table: the merged clauses {} and {} are not consecutive paragraphs of one unit", entry.clauses[0], entry.clauses[1]));
                            }
                            let cut = piece
                                .sentences
                                .iter()
                                .position(|sentence| {
                                    starts_with_folded(sentence.of(text), &entry.second_starts_with)
                                })
                                .filter(|cut| *cut > 0);
                            let Some(cut) = cut else {
                                return error(format!(
                                    "alignment table: {} should hold {} and {} in one paragraph, the second starting with a sentence \u{201c}{}\u{201d}, but no sentence of its paragraph does",
                                    self.version_name(version), entry.clauses[0], entry.clauses[1], entry.second_starts_with
                                ));
                            };
                            let first = &piece.sentences[..cut];
                            let second = &piece.sentences[cut..];
                            let span_of = |sentences: &[Span]| Span {
                                start: sentences[0].start,
                                end: sentences[sentences.len() - 1].end,
                            };
                            output.push(ClauseText {
                                text: span_of(first),
                                label: None,
                                title: None,
                                sentences: first.to_vec(),
                            });
                            output.push(ClauseText {
                                text: span_of(second),
                                label: None,
                                title: None,
                                sentences: second.to_vec(),
                            });
                            let base = self.clauses.len() as u32 + position as u32;
                            self.divergences.push(Divergence {
                                kind: DivergenceKind::Merged,
                                version: version as u16,
                                clauses: vec![base, base + 1],
                                note: entry.note.clone(),
                            });
                            next += 1;
                            position += 2;
                        }
                    }
                }
            }
        }
        if next != node.paragraphs.len() {
            return error(format!(
                "{} has {} paragraphs under {path} and the original {}: {} left over; check the texts and add a split or merged entry to the alignment table",
                self.version_name(version),
                node.paragraphs.len(),
                ids.len(),
                node.paragraphs.len() - next
            ));
        }
        Ok(output)
    }
}

fn compile_policy_paper(
    manifest: &Value,
    file: &str,
    versions: &[Version],
    texts: &[VersionText],
) -> Result<(Vec<Clause>, Vec<Divergence>), CompileError> {
    let mut parsed = Vec::new();
    for (version, text) in versions.iter().zip(texts.iter()) {
        parsed.push(parse_policy_paper(text).map_err(|why| CompileError {
            message: format!("{file} version '{}': {why}", version.id),
        })?);
    }
    let table = alignment_table(manifest, file)?;
    for entry in &table {
        if !versions.iter().any(|version| version.id == entry.version) {
            return error(format!(
                "{file}: the alignment table names version '{}', which the document does not have",
                entry.version
            ));
        }
    }
    let mut builder = Builder {
        versions,
        texts,
        table: &table,
        used: vec![false; table.len()],
        clauses: Vec::new(),
        divergences: Vec::new(),
    };
    // Front matter: each version's own lines before the first heading.
    let front_texts: Vec<Option<ClauseText>> = parsed
        .iter()
        .map(|parsed| {
            let first = parsed.front.first()?;
            let last = parsed.front.last()?;
            Some(ClauseText {
                text: Span {
                    start: first.start,
                    end: last.end,
                },
                label: None,
                title: None,
                sentences: parsed.front.clone(),
            })
        })
        .collect();
    if front_texts.iter().any(Option::is_some) {
        builder.clauses.push(Clause {
            id: "front".into(),
            kind: Kind::FrontMatter,
            level: Level::Text,
            parent: None,
            number: 0,
            texts: front_texts,
        });
    }
    let unit_count = parsed[0].units.len();
    for (version, parsed_version) in parsed.iter().enumerate().skip(1) {
        if parsed_version.units.len() != unit_count {
            return error(format!(
                "{}: version '{}' has {} top-level units (Preface and Parts) and the original has {unit_count}",
                file, versions[version].id, parsed_version.units.len()
            ));
        }
    }
    let mut part_number = 0;
    for unit in 0..unit_count {
        let nodes: Vec<&Node> = parsed.iter().map(|parsed| &parsed.units[unit]).collect();
        let (id, number, path) = match nodes[0].level {
            Level::Preface => ("preface".to_string(), 0, "the Preface".to_string()),
            _ => {
                part_number += 1;
                (
                    format!("pt_{part_number}"),
                    part_number,
                    format!("Part {}", crate::numbers::to_roman(part_number as u32)),
                )
            }
        };
        for (version, node) in nodes.iter().enumerate().skip(1) {
            if node.level != nodes[0].level {
                return error(format!(
                    "{file}: version '{}' has a {} where the original has a {}",
                    versions[version].id,
                    node.level.as_str(),
                    nodes[0].level.as_str()
                ));
            }
        }
        builder.add_unit(&nodes, id, None, number, &path)?;
    }
    if let Some(unused) = builder.used.iter().position(|used| !used) {
        return error(format!(
            "{file}: alignment entry for {} in version '{}' matched no paragraph",
            table[unused].clauses[0], table[unused].version
        ));
    }
    let Builder {
        clauses,
        divergences,
        ..
    } = builder;
    Ok((clauses, divergences))
}
