//! The corpus compiler: source texts and metadata-only manifests in, a checked corpus out, with
//! a report of what it found.
//!
//! It runs when the default corpus is built, from the CLI (`clause-cite compile`) and in the
//! browser's document builder. It does no I/O itself: the caller passes a function that reads a
//! file of the corpus directory by its relative path.
//!
//! The steps, for each document:
//! 1. Each version's lines are cut from its source file into blocks (runs of non-blank lines),
//!    kept verbatim and joined by a blank line into the version's text ([`sources`]).
//! 2. Each version is read as an outline of headings, paragraphs, items and meta lines from its
//!    numbering alone ([`outline`], [`forms`]).
//! 3. Each translation is aligned to the original: headings by level and number, tolerating
//!    relabelled, run-in and missing headings, then the paragraphs between aligned headings by
//!    length and anchors ([`beads`]), each divergence with a confidence ([`document`]).
//! 4. Clause ids are made from the original's structure, qualified by the document.

// The compiler runs natively and in the builder page's own wasm, never in the widget's: it may
// use the standard library's sorts.
#![allow(clippy::disallowed_methods)]

pub mod acronyms;
pub mod beads;
pub mod document;
pub mod fixes;
pub mod forms;
pub mod manifest;
pub mod new;
pub mod outline;
pub mod sources;

use crate::error::{Error, ErrorCode, Result};
use crate::model::{Corpus, Localized, Role, Version};
use document::{compile_document, DocumentReport, VersionInput};
use manifest::{CorpusManifest, DocumentManifest};
use std::collections::{BTreeMap, BTreeSet};

/// The largest source file the compiler reads, in bytes (a whole law code is a few MB).
pub const MAXIMUM_SOURCE_BYTES: usize = 64 << 20;

/// What the compiler made and found.
#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    pub corpus: Corpus,
    pub reports: Vec<DocumentReport>,
}

/// Reads a file of the corpus directory by its path relative to the directory.
pub type Reader<'r> = dyn FnMut(&str) -> core::result::Result<Vec<u8>, String> + 'r;

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidManifest, message)
}

/// Reads a source file as text, refusing what is not a text: an empty file, a binary file,
/// text that is not UTF-8, a file over the size limit. Each refusal says where and what.
pub fn source_text(name: &str, bytes: Vec<u8>) -> Result<String> {
    if bytes.len() > MAXIMUM_SOURCE_BYTES {
        return Err(Error::new(
            ErrorCode::SourceTooLarge,
            format!(
                "source '{name}' is {} bytes; the compiler reads sources of at most {MAXIMUM_SOURCE_BYTES} bytes: split it into several documents",
                bytes.len()
            ),
        ));
    }
    if bytes.is_empty() {
        return Err(Error::new(ErrorCode::EmptySource, format!("source '{name}' is empty (0 bytes): paste the document's text into it")));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(why) => {
            let bytes = why.as_bytes();
            let at = why.utf8_error().valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..at]);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
            let hint = if bytes.starts_with(b"\x89PNG")
                || bytes.starts_with(b"%PDF")
                || bytes.starts_with(b"PK\x03\x04")
                || bytes.iter().take(512).filter(|byte| **byte == 0).count() > 2
            {
                " It looks like binary data (an image, a PDF or an archive), not a text: save the document as plain text.".to_string()
            } else if looks_like_gb18030(&bytes[at..]) {
                " It decodes as GB18030 (GBK), a Chinese encoding: convert it to UTF-8 first, for example with `iconv -f GB18030 -t UTF-8`.".to_string()
            } else {
                let quoted: String = before.rsplit('\n').next().unwrap_or("").chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
                format!(" The line reads \u{201c}{quoted}\u{201d} up to there; a character is cut short or the file mixes encodings.")
            };
            return Err(Error::new(
                ErrorCode::NotUtf8,
                format!("source '{name}' is not UTF-8 text: byte 0x{:02X} at offset {at} (line {line}, column {column}) cannot start or continue a character.{hint}", bytes[at]),
            ));
        }
    };
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}')).count();
    if control > 0 && control * 100 > text.chars().count() {
        return Err(Error::new(
            ErrorCode::InvalidSource,
            format!("source '{name}' holds {control} control characters: it looks like a binary file, not a text"),
        ));
    }
    let text = text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text);
    if text.chars().all(forms::is_space) {
        return Err(Error::new(
            ErrorCode::EmptySource,
            format!("source '{name}' has no text: only white space on {} lines; paste the document's text into it", text.lines().count().max(1)),
        ));
    }
    Ok(text)
}

/// True when bytes read as the two-byte sequences of GB18030/GBK (a lead byte 0x81–0xFE and a
/// trail byte 0x40–0xFE other than 0x7F), as Chinese text saved in that encoding does.
fn looks_like_gb18030(bytes: &[u8]) -> bool {
    let mut pairs = 0;
    let mut index = 0;
    while index < bytes.len().min(4096) {
        let byte = bytes[index];
        if byte < 0x80 {
            index += 1;
            continue;
        }
        match bytes.get(index + 1) {
            Some(&trail) if (0x81..=0xFE).contains(&byte) && (0x40..=0xFE).contains(&trail) && trail != 0x7F => {
                pairs += 1;
                index += 2;
            }
            _ => return false,
        }
    }
    pairs >= 2
}

fn read_json<T: serde::de::DeserializeOwned>(read: &mut Reader<'_>, file: &str) -> Result<T> {
    let bytes = read(file).map_err(|why| invalid(format!("cannot read '{file}': {why}")))?;
    serde_json::from_slice(&bytes).map_err(|why| invalid(format!("'{file}' is not a valid manifest: {why}")))
}

/// Only `http:` and `https:` URLs may become links.
pub fn check_url(url: &str, place: &str) -> Result<()> {
    // The loader's own test, so that what compiles loads.
    if crate::store::is_safe_url(url) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::UnsafeUrl,
            format!("{place}: the url \u{201c}{url}\u{201d} is not an http: or https: address; give the page's full https:// address, without spaces, or none"),
        ))
    }
}

/// A source's text with the lines `corpus.json` excludes left blank, so they belong to no block
/// (and so to no clause) while every other line keeps its number. Each exclusion must name lines
/// of the file, in order, and give its reason.
pub fn without_excluded_lines(text: &str, excluded: &[manifest::Excluded], file: &str) -> Result<String> {
    if excluded.is_empty() {
        return Ok(text.to_string());
    }
    let line_count = text.split('\n').count();
    let mut blank = vec![false; line_count + 1];
    for exclusion in excluded {
        let [first, last] = exclusion.lines;
        if first < 1 || last < first || last > line_count {
            return Err(invalid(format!(
                "corpus.json: the excluded lines [{first}, {last}] of '{file}' are not lines of the file: give [first, last], 1-based and in order, within its {line_count} lines"
            )));
        }
        if exclusion.reason.trim().is_empty() {
            return Err(invalid(format!("corpus.json: the excluded lines [{first}, {last}] of '{file}' have no reason: say why they belong to no document")));
        }
        blank[first..=last].fill(true);
    }
    let mut kept = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            kept.push('\n');
        }
        if !blank[index + 1] {
            kept.push_str(line);
        }
    }
    Ok(kept)
}

/// Compiles the corpus whose top manifest is `corpus.json`.
pub fn compile(read: &mut Reader<'_>) -> Result<Compiled> {
    let manifest: CorpusManifest = read_json(read, "corpus.json")?;
    let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (name, source) in &manifest.sources {
        let bytes = read(&source.file).map_err(|why| Error::new(ErrorCode::InvalidSource, format!("cannot read source '{}': {why}", source.file)))?;
        let text = source_text(&source.file, bytes)?;
        sources.insert(name.clone(), (source.file.clone(), without_excluded_lines(&text, &source.excluded, &source.file)?));
    }
    let mut documents = Vec::new();
    let mut reports = Vec::new();
    for file in &manifest.documents {
        let document_manifest: DocumentManifest = read_json(read, file)?;
        let former = match &document_manifest.former_ids {
            Some(path) => {
                let bytes = read(path).map_err(|why| invalid(format!("{file}: cannot read its former ids '{path}': {why}")))?;
                String::from_utf8(bytes).map_err(|_| invalid(format!("{file}: former ids '{path}' are not UTF-8")))?
            }
            None => String::new(),
        };
        let (document, report) = compile_one(&document_manifest, file, &sources, &former)?;
        documents.push(document);
        reports.push(report);
    }
    let mut seen_documents = BTreeSet::new();
    let mut seen_ids: BTreeMap<&str, &str> = BTreeMap::new();
    for document in &documents {
        if !seen_documents.insert(document.id.as_str()) {
            return Err(Error::new(ErrorCode::DuplicateId, format!("two documents have the id '{}': give each its own", document.id)));
        }
        for clause in &document.clauses {
            if let Some(other) = seen_ids.insert(&clause.id, &document.id) {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    format!("clause id '{}' is used by both '{other}' and '{}': give one of them its own id_prefix", clause.id, document.id),
                ));
            }
        }
    }
    Ok(Compiled { corpus: Corpus { id: manifest.id, title: manifest.title, documents }, reports })
}

/// Compiles one document from its manifest and the corpus's source texts (by name: (file,
/// text)). `former` is the text of its former-ids file, if it has one.
pub fn compile_one(
    manifest: &DocumentManifest,
    file: &str,
    sources: &BTreeMap<String, (String, String)>,
    former: &str,
) -> Result<(crate::model::Document, DocumentReport)> {
    if manifest.versions.is_empty() {
        return Err(invalid(format!("{file}: 'versions' must list at least the original")));
    }
    let mut inputs = Vec::new();
    let mut version_ids = BTreeSet::new();
    for version in &manifest.versions {
        let place = format!("{file} version '{}'", version.id);
        if !version_ids.insert(version.id.as_str()) {
            return Err(Error::new(ErrorCode::DuplicateId, format!("{file}: two versions have the id '{}'", version.id)));
        }
        let role = Role::parse(&version.role)
            .ok_or_else(|| invalid(format!("{place}: role '{}' is not one of original, official-translation, unofficial-translation", version.role)))?;
        let (source_file, source) = sources.get(&version.source_file).ok_or_else(|| {
            invalid(format!(
                "{place}: source_file '{}' is not named in corpus.json's sources (they are: {})",
                version.source_file,
                sources.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })?;
        let (first, last) = match version.lines {
            Some([first, last]) if first >= 1 && last >= first => (first, last),
            Some(_) => return Err(invalid(format!("{place}: 'lines' must be [first, last], 1-based and in order"))),
            None => (1, usize::MAX),
        };
        let blocks = sources::source_blocks(source, first, last);
        if blocks.is_empty() {
            return Err(Error::new(ErrorCode::EmptySource, format!("{place}: its lines of '{source_file}' hold no text")));
        }
        if let Some(url) = &version.url {
            check_url(url, &place)?;
        }
        let language = version.lang.clone();
        inputs.push(VersionInput {
            version: Version {
                id: version.id.clone(),
                lang: language.clone(),
                role,
                title: version.title.clone(),
                publisher: localized(&version.publisher, "en"),
                source: localized(&version.source, "en"),
                date: version.date.clone(),
                url: version.url.clone().filter(|url| !url.trim().is_empty()),
                text: String::new(),
            },
            text: sources::assemble(&blocks),
            file: source_file.clone(),
        });
    }
    let prefix = manifest.id_prefix.clone().filter(|prefix| !prefix.is_empty()).unwrap_or_else(|| manifest.id.clone());
    if !is_id_segment(&manifest.id) || !is_id_segment(&prefix) {
        return Err(invalid(format!(
            "{file}: the document id '{}' and its id_prefix '{prefix}' must be lower-case letters, digits and hyphens, starting with a letter",
            manifest.id
        )));
    }
    // Alignment entries may name a clause by an id it was published under before.
    let current_of: BTreeMap<&str, &str> = former.lines().filter_map(|line| line.trim().split_once('\t')).map(|(old, new)| (old.trim(), new.trim())).collect();
    let current = |id: &String| current_of.get(id.as_str()).map_or_else(|| id.clone(), |new| new.to_string());
    let entries: Vec<manifest::AlignmentEntry> = manifest
        .alignment
        .iter()
        .map(|entry| manifest::AlignmentEntry {
            clause: entry.clause.as_ref().map(current),
            clauses: entry.clauses.iter().map(current).collect(),
            ..entry.clone()
        })
        .collect();
    let (mut document, report) = compile_document(&manifest.id, &prefix, inputs, &manifest.levels, &entries)?;
    if let Some(short) = &manifest.short_title {
        document.short_title = localized(short, "en");
    }
    document.aliases = manifest.aliases.clone();
    for (line_number, line) in former.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((old, new)) = line.split_once('\t') else {
            return Err(invalid(format!("{file}: line {} of its former ids is not 'former<TAB>current'", line_number + 1)));
        };
        let Some(index) = document.clauses.iter().position(|clause| clause.id == new.trim()) else {
            return Err(invalid(format!(
                "{file}: the former id '{old}' points at '{}', which this compile does not have; a published id must keep resolving",
                new.trim()
            )));
        };
        document.former_ids.push((old.trim().to_string(), index as u32));
    }
    Ok((document, report))
}

fn localized(input: &manifest::LocalizedInput, language: &str) -> Localized {
    Localized { texts: input.pairs(language).into_iter().filter(|(_, text)| !text.is_empty()).collect() }
}

/// True for an id segment: lower-case ASCII letters, digits and hyphens, starting with a letter.
pub fn is_id_segment(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
