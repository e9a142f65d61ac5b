//! Writing a library from compiled corpora: plain Rust, no I/O (the CLI writes the files).

use super::format::{self, Catalog, CatalogDocument, ChunkEntry, FileEntry, Kind, SearchTable, TermList, Vocabulary, CATALOG_NAME, CJK_MARK};
use super::reduce;
use super::terms::corpus_terms;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Corpus, Kind as ClauseKind};
use crate::store::checksum;

/// A chunk is closed after a term whose key's hash is a multiple of this, once it holds at least
/// [`MINIMUM_CHUNK_BYTES`]; boundaries therefore depend on the terms, not on their positions,
/// and a document added later changes only the chunks whose terms it has.
const BOUNDARY_MODULUS: u64 = 32;
const MINIMUM_CHUNK_BYTES: usize = 12 << 10;
/// A chunk is closed at this size whatever its terms.
const MAXIMUM_CHUNK_BYTES: usize = 64 << 10;

/// Builds a library from `corpora` (their documents in order, which must have distinct ids):
/// every file as `(name relative to the library's folder, bytes)`, the catalog first.
pub fn build_library(id: &str, title: &str, corpora: &[Corpus]) -> Result<Vec<(String, Vec<u8>)>> {
    let combined =
        Corpus { id: id.to_string(), title: title.to_string(), documents: corpora.iter().flat_map(|corpus| corpus.documents.iter().cloned()).collect() };
    if combined.documents.is_empty() {
        return Err(Error::new(ErrorCode::InvalidArgument, "A library needs at least one document."));
    }
    if !crate::store::is_id(id) {
        return Err(Error::new(ErrorCode::InvalidArgument, format!("The library id '{id}' is not an id: use ASCII letters, digits, '_' and '-'.")));
    }
    if combined.documents.len() > crate::store::limits::DOCUMENTS {
        return Err(Error::new(ErrorCode::CorpusTooLarge, format!("A library holds at most {} documents.", crate::store::limits::DOCUMENTS)));
    }
    let mut seen: Vec<&str> = Vec::new();
    for document in &combined.documents {
        if seen.contains(&document.id.as_str()) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                format!("Two documents of the library have the id '{}'; give one of them another id in its manifest.", document.id),
            ));
        }
        seen.push(&document.id);
    }
    crate::store::validate(&combined)?;
    let total: usize = combined.documents.iter().map(|document| document.clauses.len()).sum();
    if total > super::MAXIMUM_LIBRARY_CLAUSES {
        return Err(Error::new(ErrorCode::CorpusTooLarge, format!("A library holds at most {} clauses in all.", super::MAXIMUM_LIBRARY_CLAUSES)));
    }

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let add = |files: &mut Vec<(String, Vec<u8>)>, folder: &str, stem: &str, extension: &str, bytes: Vec<u8>| -> FileEntry {
        let entry = FileEntry::of(folder, stem, extension, &bytes);
        files.push((entry.name.clone(), bytes));
        entry
    };

    // One shard per document, which depends on its document alone.
    let mut documents = Vec::with_capacity(combined.documents.len());
    for document in &combined.documents {
        let single = Corpus {
            id: document.id.clone(),
            title: document.versions.first().map(|version| version.title.clone()).unwrap_or_default(),
            documents: vec![document.clone()],
        };
        let bytes = single.to_bytes();
        let shard = FileEntry::shard(&document.id, bytes.len() as u64, checksum(&bytes));
        files.push((shard.name.clone(), bytes));
        documents.push(CatalogDocument {
            summary: reduce::summary(document),
            clause_count: document.clauses.len() as u32,
            former_roots: reduce::former_roots(document),
            shard_bytes: shard.bytes,
            shard_checksum: shard.checksum,
        });
    }

    let outline = Corpus { id: combined.id.clone(), title: combined.title.clone(), documents: combined.documents.iter().map(reduce::outline).collect() };
    let outline = add(&mut files, "", "outline", "ccc", outline.to_bytes());

    // The index of all documents, cut into term-range chunks.
    let index = crate::search::index::Index::build(&combined);
    let terms = corpus_terms(&combined, &index);
    let mut chunks: Vec<ChunkEntry> = Vec::new();
    let mut vocabulary = Vocabulary { words: Vec::new() };
    let mut current = TermList::default();
    let mut current_bytes = 0usize;
    let flush = |files: &mut Vec<(String, Vec<u8>)>, current: &mut TermList, chunks: &mut Vec<ChunkEntry>| {
        if current.keys.is_empty() {
            return;
        }
        let list = core::mem::take(current);
        let first = list.keys[0].clone();
        let words = list.keys.iter().filter(|key| key.first() != Some(&CJK_MARK)).count() as u32;
        let file = add(files, "index", "", "cct", format::frame(Kind::TermChunk, &list));
        chunks.push(ChunkEntry { first, words, file });
    };
    for (key, frequency, postings) in terms {
        if key.first() != Some(&CJK_MARK) {
            vocabulary.words.push(String::from_utf8_lossy(&key).into_owned());
        }
        current_bytes += key.len() + postings.len() + 4;
        let boundary = checksum(&key) % BOUNDARY_MODULUS == 0;
        current.keys.push(key);
        current.frequencies.push(frequency);
        current.postings.push(postings);
        if current_bytes >= MAXIMUM_CHUNK_BYTES || current_bytes >= MINIMUM_CHUNK_BYTES && boundary {
            flush(&mut files, &mut current, &mut chunks);
            current_bytes = 0;
        }
    }
    flush(&mut files, &mut current, &mut chunks);
    let vocabulary = add(&mut files, "index", "words", "ccw", format::frame(Kind::Vocabulary, &vocabulary));

    let (field_count, lengths, headings) = statistics(&combined, &index);
    drop(index);
    let search = SearchTable { field_count, lengths, headings, chunks, vocabulary };
    let search = add(&mut files, "", "search", "ccs", format::frame(Kind::SearchTable, &search));

    let catalog = Catalog { id: combined.id.clone(), title: combined.title.clone(), documents, outline, search };
    files.insert(0, (CATALOG_NAME.to_string(), format::frame(Kind::Catalog, &catalog)));
    Ok(files)
}

/// The number of fields, the length totals per version slot and the heading bits of `corpus`,
/// counted as its search index counts them.
fn statistics(corpus: &Corpus, index: &crate::search::index::Index) -> (u64, Vec<(u64, u64)>, Vec<u8>) {
    let (names, version_slots) = super::version_slots(corpus);
    let mut lengths = vec![(0u64, 0u64); names.len()];
    // Fields are numbered in reading order: each version with text, clause by clause.
    let mut field = 0usize;
    let mut headings = Vec::new();
    let mut place = 0usize;
    for (document_index, document) in corpus.documents.iter().enumerate() {
        for clause in &document.clauses {
            if clause.kind == ClauseKind::Heading {
                format::set_bit(&mut headings, place);
            }
            place += 1;
            for (version, given) in clause.texts.iter().enumerate() {
                if given.is_none() || version >= document.versions.len() || field >= index.field_length.len() {
                    continue;
                }
                let column = version_slots[document_index][version] as usize;
                if let Some(total) = lengths.get_mut(column) {
                    total.0 += index.field_length[field] as u64;
                    total.1 += 1;
                }
                field += 1;
            }
        }
    }
    (index.field_clause.len() as u64, lengths, headings)
}
