//! The compiled corpus on disk and on the wire, and the checks that make a loaded corpus safe to
//! use.
//!
//! A compiled corpus is the magic bytes `CCC`, a format version byte, a postcard-encoded
//! [`Stored`] corpus, and a trailing FNV-1a 64-bit checksum of every byte before it. Every byte
//! is covered: FNV-1a's step (xor a byte, multiply by an odd number modulo 2^64) is a bijection
//! of its state for a fixed byte, so two inputs of the same length that differ in one byte can
//! never reach the same checksum, and a flipped bit anywhere is always a `checksum-mismatch`.
//!
//! What the loader can find again from the text is not stored: a clause's id is its parent's
//! id and a stored segment; spans are written relative to the previous clause's end in the same
//! version (clause order is text order) and to the clause's own start; sentences are stored
//! only where they are not what [`default_sentences`] finds.
//!
//! After decoding, [`validate`] checks everything later code relies on, so every view of a
//! loaded corpus is total: limits (documents, versions, clauses, depth, text size), every span
//! inside its text on character boundaries, parents before children, level and version indexes,
//! divergences and former ids, unique and URL-safe ids, and `http:`/`https:` URLs only.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::model::{Acronym, Clause, ClauseText, Corpus, Divergence, Document, Kind, Level, Localized, Span, Version};

/// The magic bytes at the start of every compiled corpus.
pub const MAGIC: &[u8; 3] = b"CCC";
/// The format version this build writes and reads.
pub const FORMAT: u8 = 3;

/// The loader's limits. A corpus beyond them is refused with `corpus-too-large` before any work
/// that grows with it is done.
pub mod limits {
    /// The largest compiled corpus, in bytes.
    pub const BYTES: usize = 128 << 20;
    pub const DOCUMENTS: usize = 4096;
    /// Search packs a version into 5 bits.
    pub const VERSIONS: usize = 32;
    pub const CLAUSES: usize = 250_000;
    /// How deep clauses may nest (a law's part, chapter, section, article, paragraph, item and
    /// sub-item is seven).
    pub const DEPTH: usize = 32;
    pub const LEVELS: usize = 64;
    /// The largest version text, in bytes.
    pub const TEXT_BYTES: usize = 64 << 20;
    pub const SENTENCES_PER_CLAUSE: usize = 10_000;
    /// The most clauses one divergence may name. A divergence is shown with every clause it
    /// names, so this bounds what it adds to a view of a document (the compiler's name two or
    /// three).
    pub const DIVERGENCE_CLAUSES: usize = 64;
}

/// FNV-1a, 64 bits.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= *byte as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The sentences a clause text has unless the compiler says otherwise: a paragraph's or item's
/// sentences as [`crate::text::sentence_spans`] finds them, a heading's label and title when
/// both are there and apart, and otherwise the whole text as one.
pub fn default_sentences(kind: Kind, text: &str, given: &ClauseText) -> Vec<Span> {
    match kind {
        Kind::Paragraph | Kind::Item => {
            let base = given.text.start as usize;
            let found: Vec<Span> =
                crate::text::sentence_spans(given.text.of(text)).into_iter().map(|(start, end)| Span::new(base + start, base + end)).collect();
            if found.is_empty() {
                vec![given.text]
            } else {
                found
            }
        }
        _ => match (given.label, given.title) {
            (Some(label), Some(title)) if title.start > label.end => {
                let gap = text.get(label.end as usize..title.start as usize).unwrap_or("");
                if title.start > label.end + 1 || gap.contains('\n') {
                    vec![label, title]
                } else {
                    vec![given.text]
                }
            }
            _ => vec![given.text],
        },
    }
}

/// A clause as stored.
#[derive(Serialize, Deserialize)]
struct StoredClause {
    /// The last segment of the id (`para_3`); the id is the parent's id, `__`, and this.
    segment: String,
    kind: Kind,
    level: Option<u8>,
    /// How many clauses back the parent is (0: none).
    parent_back: u32,
    number: u32,
    texts: Vec<Option<StoredText>>,
}

#[derive(Serialize, Deserialize)]
struct StoredText {
    /// Start relative to the previous clause text's end in the same version.
    start: i64,
    length: u32,
    /// Relative to the text's start.
    label: Option<(u32, u32)>,
    title: Option<(u32, u32)>,
    /// `None` when the sentences are [`default_sentences`]; else (start, length) relative to
    /// the text's start.
    sentences: Option<Vec<(u32, u32)>>,
}

#[derive(Serialize, Deserialize)]
struct StoredDocument {
    id: String,
    id_prefix: String,
    short_title: Localized,
    aliases: Vec<String>,
    levels: Vec<Level>,
    versions: Vec<Version>,
    clauses: Vec<StoredClause>,
    divergences: Vec<Divergence>,
    former_ids: Vec<(String, u32)>,
    acronyms: Vec<Acronym>,
}

/// A corpus as stored.
#[derive(Serialize, Deserialize)]
struct Stored {
    id: String,
    title: String,
    documents: Vec<StoredDocument>,
}

fn relative(span: Span, base: u32) -> (u32, u32) {
    (span.start.saturating_sub(base), span.end.saturating_sub(span.start))
}

fn store_document(document: &Document) -> StoredDocument {
    let mut previous_end = vec![0u32; document.versions.len()];
    let mut clauses = Vec::with_capacity(document.clauses.len());
    for (index, clause) in document.clauses.iter().enumerate() {
        let prefix = match clause.parent {
            Some(parent) => document.clauses[parent as usize].id.as_str(),
            None => document.id_prefix.as_str(),
        };
        let segment = clause.id.strip_prefix(prefix).and_then(|rest| rest.strip_prefix("__")).unwrap_or(&clause.id).to_string();
        let texts = clause
            .texts
            .iter()
            .enumerate()
            .map(|(version, given)| {
                let given = given.as_ref()?;
                let text = &document.versions[version].text;
                let base = given.text.start;
                let stored = StoredText {
                    start: given.text.start as i64 - previous_end[version] as i64,
                    length: given.text.end - given.text.start,
                    label: given.label.map(|span| relative(span, base)),
                    title: given.title.map(|span| relative(span, base)),
                    sentences: if default_sentences(clause.kind, text, given) == given.sentences {
                        None
                    } else {
                        Some(given.sentences.iter().map(|span| relative(*span, base)).collect())
                    },
                };
                previous_end[version] = given.text.end;
                Some(stored)
            })
            .collect();
        clauses.push(StoredClause {
            segment,
            kind: clause.kind,
            level: clause.level,
            parent_back: clause.parent.map_or(0, |parent| index as u32 - parent),
            number: clause.number,
            texts,
        });
    }
    StoredDocument {
        id: document.id.clone(),
        id_prefix: document.id_prefix.clone(),
        short_title: document.short_title.clone(),
        aliases: document.aliases.clone(),
        levels: document.levels.clone(),
        versions: document.versions.clone(),
        clauses,
        divergences: document.divergences.clone(),
        former_ids: document.former_ids.clone(),
        acronyms: document.acronyms.clone(),
    }
}

/// Writes the compiled form that [`from_bytes`] reads.
pub fn to_bytes(corpus: &Corpus) -> Vec<u8> {
    let stored = Stored { id: corpus.id.clone(), title: corpus.title.clone(), documents: corpus.documents.iter().map(store_document).collect() };
    let mut bytes = MAGIC.to_vec();
    bytes.push(FORMAT);
    // The whole file's length, so a file cut short is told apart from a damaged one.
    bytes.extend_from_slice(&[0; 4]);
    bytes.extend(postcard::to_allocvec(&stored).expect("serialising to a vector cannot fail"));
    let length = u32::try_from(bytes.len() + 8).unwrap_or(u32::MAX);
    bytes[4..8].copy_from_slice(&length.to_le_bytes());
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

fn malformed(what: impl Into<String>) -> Error {
    Error::new(
        ErrorCode::MalformedCorpus,
        format!("The compiled corpus is malformed: {}. A corpus that `clause-cite compile` wrote loads; compile it again.", what.into()),
    )
}

fn too_large(what: &str, value: usize, limit: usize) -> Error {
    Error::new(
        ErrorCode::CorpusTooLarge,
        format!("The compiled corpus has {value} {what}; this build reads at most {limit}. Split it into a library of smaller documents."),
    )
}

/// Reads a compiled corpus, checking its checksum, limits and consistency.
pub fn from_bytes(bytes: &[u8]) -> Result<Corpus> {
    if bytes.len() < 4 || &bytes[..3] != MAGIC {
        return Err(Error::new(
            ErrorCode::NotACorpus,
            "These bytes are not a compiled clause-cite corpus: it must start with the bytes 'CCC' and a format version (build one with `clause-cite compile`).",
        ));
    }
    if bytes[3] != FORMAT {
        return Err(Error::new(
            ErrorCode::UnsupportedFormat,
            format!(
                "This compiled corpus has format version {}; this build of clause-cite reads format version {FORMAT} only. Recompile the corpus with this version.",
                bytes[3]
            ),
        ));
    }
    if bytes.len() > limits::BYTES {
        return Err(too_large("bytes", bytes.len(), limits::BYTES));
    }
    if bytes.len() < 16 {
        return Err(Error::new(
            ErrorCode::TruncatedCorpus,
            format!("The compiled corpus ends after {} bytes, before its header does: the file is truncated or was only partly downloaded.", bytes.len()),
        ));
    }
    let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    if declared != bytes.len() {
        return Err(Error::new(
            if declared > bytes.len() { ErrorCode::TruncatedCorpus } else { ErrorCode::MalformedCorpus },
            if declared > bytes.len() {
                format!(
                    "The compiled corpus ends after {} of its {declared} bytes: the file is truncated or was only partly downloaded. Download it again.",
                    bytes.len()
                )
            } else {
                format!(
                    "The compiled corpus is {} bytes but says it is {declared}: something was appended to it, or it is damaged. Download or compile it again.",
                    bytes.len()
                )
            },
        ));
    }
    let (body, trailer) = bytes.split_at(bytes.len() - 8);
    let mut stored_sum = [0u8; 8];
    stored_sum.copy_from_slice(trailer);
    if checksum(body) != u64::from_le_bytes(stored_sum) {
        return Err(Error::new(
            ErrorCode::ChecksumMismatch,
            "The compiled corpus does not match its checksum: it was altered, corrupted or only partly downloaded. Download or compile it again.",
        ));
    }
    let stored: Stored = postcard::from_bytes(&body[8..]).map_err(|why| match why {
        postcard::Error::DeserializeUnexpectedEnd => {
            Error::new(ErrorCode::TruncatedCorpus, "The compiled corpus ends too early: the file is truncated or was only partly downloaded.")
        }
        other => malformed(other.to_string()),
    })?;
    let corpus = restore(stored)?;
    validate(&corpus)?;
    Ok(corpus)
}

fn restore(stored: Stored) -> Result<Corpus> {
    if stored.documents.len() > limits::DOCUMENTS {
        return Err(too_large("documents", stored.documents.len(), limits::DOCUMENTS));
    }
    let mut documents = Vec::with_capacity(stored.documents.len());
    for document in stored.documents {
        documents.push(restore_document(document)?);
    }
    Ok(Corpus { id: stored.id, title: stored.title, documents })
}

fn absolute(base: u32, (start, length): (u32, u32)) -> Result<Span> {
    let start = base.checked_add(start).ok_or_else(|| malformed("a text range overflows"))?;
    let end = start.checked_add(length).ok_or_else(|| malformed("a text range overflows"))?;
    Ok(Span { start, end })
}

fn restore_document(stored: StoredDocument) -> Result<Document> {
    let StoredDocument { id, id_prefix, short_title, aliases, levels, versions, clauses: stored_clauses, divergences, former_ids, acronyms } = stored;
    if versions.is_empty() {
        return Err(malformed(format!("document '{id}' has no versions, and every document needs at least one (its original)")));
    }
    if versions.len() > limits::VERSIONS {
        return Err(too_large("versions in one document", versions.len(), limits::VERSIONS));
    }
    if stored_clauses.len() > limits::CLAUSES {
        return Err(too_large("clauses in one document", stored_clauses.len(), limits::CLAUSES));
    }
    if levels.len() > limits::LEVELS {
        return Err(too_large("levels in one document", levels.len(), limits::LEVELS));
    }
    if let Some(divergence) = divergences.iter().find(|divergence| divergence.clauses.len() > limits::DIVERGENCE_CLAUSES) {
        return Err(Error::new(
            ErrorCode::CorpusTooLarge,
            format!(
                "The compiled corpus has a divergence of document '{id}' that names {} clauses; this build reads at most {} clauses in one divergence.",
                divergence.clauses.len(),
                limits::DIVERGENCE_CLAUSES
            ),
        ));
    }
    for version in &versions {
        if version.text.len() > limits::TEXT_BYTES {
            return Err(too_large("bytes of text in one version", version.text.len(), limits::TEXT_BYTES));
        }
    }
    let mut previous_end = vec![0u32; versions.len()];
    let mut clauses: Vec<Clause> = Vec::with_capacity(stored_clauses.len());
    let mut depth: Vec<u16> = Vec::with_capacity(stored_clauses.len());
    for (index, stored) in stored_clauses.into_iter().enumerate() {
        let parent = match stored.parent_back {
            0 => None,
            back => Some((index as u32).checked_sub(back).ok_or_else(|| malformed("a clause's parent does not come before it"))?),
        };
        let clause_depth = parent.map_or(0, |parent| depth[parent as usize] + 1);
        if clause_depth as usize > limits::DEPTH {
            return Err(Error::new(
                ErrorCode::CorpusTooLarge,
                format!(
                    "The compiled corpus nests a clause of document '{id}' {clause_depth} levels below the top; this build reads at most {} levels of nesting. Give the document a flatter structure.",
                    limits::DEPTH
                ),
            ));
        }
        depth.push(clause_depth);
        let prefix = match parent {
            Some(parent) => clauses[parent as usize].id.as_str(),
            None => id_prefix.as_str(),
        };
        let clause_id = format!("{prefix}__{}", stored.segment);
        if stored.texts.len() != versions.len() {
            return Err(malformed(format!("clause '{clause_id}' has {} texts for {} versions", stored.texts.len(), versions.len())));
        }
        let mut texts = Vec::with_capacity(versions.len());
        for (version, given) in stored.texts.into_iter().enumerate() {
            let Some(given) = given else {
                texts.push(None);
                continue;
            };
            let start = (previous_end[version] as i64)
                .checked_add(given.start)
                .filter(|start| (0..=u32::MAX as i64).contains(start))
                .ok_or_else(|| malformed("a text range starts outside its text"))? as u32;
            let span = absolute(start, (0, given.length))?;
            previous_end[version] = span.end;
            let mut text = ClauseText {
                text: span,
                label: given.label.map(|relative| absolute(start, relative)).transpose()?,
                title: given.title.map(|relative| absolute(start, relative)).transpose()?,
                sentences: Vec::new(),
            };
            if !fits(&versions[version].text, span) {
                return Err(malformed(format!("a text range of clause '{clause_id}' falls outside its version's text")));
            }
            text.sentences = match given.sentences {
                Some(list) => {
                    if list.len() > limits::SENTENCES_PER_CLAUSE {
                        return Err(too_large("sentences in one clause", list.len(), limits::SENTENCES_PER_CLAUSE));
                    }
                    list.into_iter().map(|relative| absolute(start, relative)).collect::<Result<_>>()?
                }
                None => default_sentences(stored.kind, &versions[version].text, &text),
            };
            texts.push(Some(text));
        }
        clauses.push(Clause { id: clause_id, kind: stored.kind, level: stored.level, parent, number: stored.number, texts });
    }
    Ok(Document { id, id_prefix, short_title, aliases, levels, versions, clauses, divergences, former_ids, acronyms })
}

/// True when `span` is a range of whole characters inside `text`.
fn fits(text: &str, span: Span) -> bool {
    span.start <= span.end && text.get(span.start as usize..span.end as usize).is_some()
}

/// True for the characters of an id: ASCII letters, digits, `_` and `-`.
pub fn is_id(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
}

/// True for a URL a link may be made from: an absolute `http:` or `https:` URL (the scheme in
/// any case) with a host after the `//`, and no white space or control character anywhere
/// (browsers drop tabs and line breaks inside a URL, which could hide another scheme).
pub fn is_safe_url(url: &str) -> bool {
    let scheme = |prefix: &str| url.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
    let rest = if scheme("https://") {
        &url[8..]
    } else if scheme("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with('/') && !url.chars().any(|character| character.is_whitespace() || character.is_control())
}

/// Checks everything later code relies on.
pub fn validate(corpus: &Corpus) -> Result<()> {
    let mut ids: Vec<&str> = Vec::new();
    let mut document_ids: Vec<&str> = Vec::new();
    for document in &corpus.documents {
        if !is_id(&document.id) {
            return Err(malformed(format!("the document id '{}' is not an id", document.id)));
        }
        document_ids.push(&document.id);
        for version in &document.versions {
            if let Some(url) = &version.url {
                if !is_safe_url(url) {
                    return Err(Error::new(
                        ErrorCode::UnsafeUrl,
                        format!(
                            "Version '{}' of document '{}' has the url \u{201c}{}\u{201d}, which is not an http: or https: address (a host after the //, and no spaces or control characters); the corpus is refused so that it can never become a link.",
                            version.id,
                            document.id,
                            crate::cite::first_words(url, 80)
                        ),
                    ));
                }
            }
        }
        for clause in &document.clauses {
            if !is_id(&clause.id) {
                return Err(malformed(format!("the clause id '{}' is not an id", clause.id)));
            }
            ids.push(&clause.id);
            if clause.level.is_some_and(|level| level as usize >= document.levels.len()) {
                return Err(malformed(format!("clause '{}' names a level that does not exist", clause.id)));
            }
            for (given, version) in clause.texts.iter().zip(&document.versions) {
                let Some(given) = given else { continue };
                let all = [Some(given.text), given.label, given.title].into_iter().flatten().chain(given.sentences.iter().copied());
                for span in all {
                    if !fits(&version.text, span) {
                        return Err(malformed(format!("a text range of clause '{}' falls outside its version's text", clause.id)));
                    }
                }
            }
        }
        for level in &document.levels {
            if level.names.len() != document.versions.len() || !is_id(&level.segment) {
                return Err(malformed("a level does not name every version, or its id segment is not an id"));
            }
        }
        for divergence in &document.divergences {
            let exists = (divergence.version as usize) < document.versions.len()
                && !divergence.clauses.is_empty()
                && divergence.clauses.iter().all(|&clause| (clause as usize) < document.clauses.len());
            if !exists {
                return Err(malformed("a divergence names a version or clause that does not exist"));
            }
        }
        for (former, clause) in &document.former_ids {
            if (*clause as usize) >= document.clauses.len() || !is_id(former) {
                return Err(malformed(format!("the former id '{former}' names no clause")));
            }
        }
    }
    for (list, what) in [(&mut document_ids, "document"), (&mut ids, "clause")] {
        crate::order::sort(list);
        if let Some(pair) = list.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(malformed(format!("two {what}s have the id '{}'", pair[0])));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_changes_with_every_single_byte_change() {
        let text = b"clause-cite compiled corpus";
        let original = checksum(text);
        for position in 0..text.len() {
            for bit in 0..8 {
                let mut flipped = text.to_vec();
                flipped[position] ^= 1 << bit;
                assert_ne!(checksum(&flipped), original, "{position}:{bit}");
            }
        }
    }
}
