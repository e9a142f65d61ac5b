//! The files of a library as bytes: how each kind is framed, and the catalog and search table
//! that name the others.
//!
//! Every file but the shards and the outline (which are compiled corpora, see `crate::store`) is
//! three magic bytes naming its kind, a format version byte, a postcard body and the trailing
//! FNV-1a 64-bit checksum of every byte before it, as a compiled corpus is. The catalog also
//! records each other file's length and checksum of all its bytes, and each file's name holds
//! that checksum in hexadecimal, so a name always means the same bytes (a CDN may cache it
//! forever) and a file that is not the one the catalog names is caught when it is added.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::model::Document;
use crate::store::checksum;

/// The format version of the library files this build writes and reads.
pub const FORMAT: u8 = 1;

/// The name of the catalog in a library's folder: the one file a host fetches by name, and the
/// only one whose bytes change when the library changes (serve it with a short cache).
pub const CATALOG_NAME: &str = "catalog.ccl";

/// The kinds of framed files, by their magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Catalog,
    SearchTable,
    TermChunk,
    Vocabulary,
}

impl Kind {
    fn magic(self) -> &'static [u8; 3] {
        match self {
            Kind::Catalog => b"CCL",
            Kind::SearchTable => b"CCS",
            Kind::TermChunk => b"CCT",
            Kind::Vocabulary => b"CCW",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Kind::Catalog => "library catalog",
            Kind::SearchTable => "library search table",
            Kind::TermChunk => "search index chunk",
            Kind::Vocabulary => "search vocabulary",
        }
    }
}

/// Writes `value` as a file of `kind`.
pub fn frame<T: Serialize>(kind: Kind, value: &T) -> Vec<u8> {
    let mut bytes = kind.magic().to_vec();
    bytes.push(FORMAT);
    bytes.extend(postcard::to_allocvec(value).expect("serialising to a vector cannot fail"));
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// Reads a file of `kind` named `name`, checking its magic, format version and checksum.
pub fn unframe<T: DeserializeOwned>(kind: Kind, name: &str, bytes: &[u8]) -> Result<T> {
    let what = kind.what();
    if bytes.len() < 12 || &bytes[..3] != kind.magic() {
        return Err(Error::new(
            ErrorCode::LibraryFile,
            format!(
                "The file '{name}' is not a {what}: it must start with the bytes '{}' (build the library again with `clause-cite compile --library`).",
                String::from_utf8_lossy(kind.magic())
            ),
        ));
    }
    if bytes[3] != FORMAT {
        return Err(Error::new(
            ErrorCode::UnsupportedFormat,
            format!(
                "The {what} '{name}' has format version {}; this build reads library format {FORMAT} only. Build the library again with this version.",
                bytes[3]
            ),
        ));
    }
    let (body, trailer) = bytes.split_at(bytes.len() - 8);
    let mut stored = [0u8; 8];
    stored.copy_from_slice(trailer);
    if checksum(body) != u64::from_le_bytes(stored) {
        return Err(Error::new(
            ErrorCode::ChecksumMismatch,
            format!("The {what} '{name}' does not match its checksum: it was altered, corrupted or only partly downloaded."),
        ));
    }
    postcard::from_bytes(&body[4..]).map_err(|why| Error::new(ErrorCode::LibraryFile, format!("The {what} '{name}' is malformed: {why}.")))
}

/// A file of the library as another file names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The path relative to the library's folder: `documents/law.0123456789abcdef.ccc`.
    pub name: String,
    pub bytes: u64,
    /// FNV-1a 64 of every byte of the file.
    pub checksum: u64,
}

impl FileEntry {
    /// The entry of `bytes`, named `stem.<checksum>.extension` under `folder` (which may be
    /// empty).
    pub fn of(folder: &str, stem: &str, extension: &str, bytes: &[u8]) -> FileEntry {
        let sum = checksum(bytes);
        let name = match (folder.is_empty(), stem.is_empty()) {
            (true, true) => format!("{sum:016x}.{extension}"),
            (true, false) => format!("{stem}.{sum:016x}.{extension}"),
            (false, true) => format!("{folder}/{sum:016x}.{extension}"),
            (false, false) => format!("{folder}/{stem}.{sum:016x}.{extension}"),
        };
        FileEntry { name, bytes: bytes.len() as u64, checksum: sum }
    }

    /// The entry of a document's shard.
    pub fn shard(document: &str, bytes: u64, checksum: u64) -> FileEntry {
        FileEntry { name: format!("documents/{document}.{checksum:016x}.ccc"), bytes, checksum }
    }

    /// The document id in a name written as [`FileEntry::shard`] writes them, whatever its
    /// checksum (a shard's name from any build of the library), or `None`.
    pub fn shard_document(name: &str) -> Option<&str> {
        let (document, checksum) = name.strip_prefix("documents/")?.strip_suffix(".ccc")?.rsplit_once('.')?;
        (checksum.len() == 16 && checksum.bytes().all(|byte| byte.is_ascii_hexdigit())).then_some(document)
    }

    /// Checks that `bytes` are this file's, by length and checksum. `what` says what the file
    /// holds, for the message ("the shard of document 'law'").
    pub fn check(&self, bytes: &[u8], what: &str) -> Result<()> {
        if bytes.len() as u64 != self.bytes {
            return Err(Error::new(
                ErrorCode::ChecksumMismatch,
                format!("The file '{}' ({what}) has {} bytes where the catalog says {}: it was altered, cut short or replaced. Download it again, or build the library again.", self.name, bytes.len(), self.bytes),
            ));
        }
        if checksum(bytes) != self.checksum {
            return Err(Error::new(
                ErrorCode::ChecksumMismatch,
                format!("The file '{}' ({what}) does not match the checksum the catalog gives for it: it was altered, corrupted or replaced. Download it again, or build the library again.", self.name),
            ));
        }
        Ok(())
    }
}

/// True for a file name a host may resolve against the library's address: a relative path of
/// ASCII letters, digits, `.`, `_`, `-` and `/`, with no empty, `.` or `..` segment.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-' | b'/'))
        && name.split('/').all(|segment| !segment.is_empty() && segment != "." && segment != "..")
}

/// The catalog: the one small file a page always reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub id: String,
    pub title: String,
    pub documents: Vec<CatalogDocument>,
    /// Every document's clause tree with the names citations use and no running text.
    pub outline: FileEntry,
    /// The table of the term-range index chunks, for searches of the whole library.
    pub search: FileEntry,
}

/// One document as the catalog gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogDocument {
    /// The document reduced to its metadata and the names that route a citation to it: its
    /// versions (with no text but the titles of headings cited by title), short titles,
    /// aliases, levels, acronyms, and its headings cited by title ("Development Program").
    pub summary: Document,
    pub clause_count: u32,
    /// The first segments of the ids the document published before (`pt_3`, `preface`).
    pub former_roots: Vec<String>,
    /// The length and checksum of the compiled document, whose name
    /// (`documents/<id>.<checksum>.ccc`) they give.
    pub shard_bytes: u64,
    pub shard_checksum: u64,
}

/// The search table: what a search of the whole library needs before it reads postings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchTable {
    /// How many fields (a version's text of a clause) the library has.
    pub field_count: u64,
    /// For each version slot: the total length of its fields and how many there are.
    pub lengths: Vec<(u64, u64)>,
    /// One bit per clause place, set for headings (they rank a little higher).
    pub headings: Vec<u8>,
    /// The term-range chunks, in term order.
    pub chunks: Vec<ChunkEntry>,
    /// Every stem of the library, for matching misspelt words.
    pub vocabulary: FileEntry,
}

/// One term-range chunk of the index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkEntry {
    /// The chunk's first term key (a stem's bytes, or 0xFF and a CJK key in big-endian order);
    /// the chunk holds every term from it up to the next chunk's first key.
    pub first: Vec<u8>,
    /// How many of its terms are stems.
    pub words: u32,
    pub file: FileEntry,
}

/// The postings of a run of terms: a term-range chunk.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TermList {
    /// The terms' keys, in order.
    pub keys: Vec<Vec<u8>>,
    /// For each term: how many fields hold it.
    pub frequencies: Vec<u32>,
    /// For each term: its postings, each as varints (document − previous document, clause −
    /// previous clause in the same document or the clause itself, frequency × 32 + version,
    /// field length).
    pub postings: Vec<Vec<u8>>,
}

/// The vocabulary: every stem of the library, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vocabulary {
    pub words: Vec<String>,
}

/// The byte 0xFF, which UTF-8 never uses, marks a CJK key among the term keys.
pub const CJK_MARK: u8 = 0xFF;

/// The term key of a stem.
pub fn word_key(stem: &str) -> Vec<u8> {
    stem.as_bytes().to_vec()
}

/// The term key of a CJK unigram or bigram key.
pub fn cjk_key(key: u32) -> Vec<u8> {
    let mut bytes = vec![CJK_MARK];
    bytes.extend_from_slice(&key.to_be_bytes());
    bytes
}

pub(crate) use crate::search::index::{push_varint, read_varint};

/// Bit `position` of a bitmap.
pub fn bit(bitmap: &[u8], position: usize) -> bool {
    bitmap.get(position / 8).is_some_and(|byte| byte & (1 << (position % 8)) != 0)
}

/// Sets bit `position` of a bitmap, growing it as needed.
pub fn set_bit(bitmap: &mut Vec<u8>, position: usize) {
    if bitmap.len() <= position / 8 {
        bitmap.resize(position / 8 + 1, 0);
    }
    bitmap[position / 8] |= 1 << (position % 8);
}
