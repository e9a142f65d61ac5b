//! Searching a library with the files loaded so far.
//!
//! A search of the whole library reads the term-range chunks that hold the query's terms (and
//! the vocabulary, when a word is misspelt); a search filtered to some documents (`documents`,
//! or `within` a place) reads those documents' own indexes instead, and ranks as a library of
//! only those documents would. Both are ranked by the corpus search's own code through
//! [`Source`]: where a chunk or a document is not loaded, the source answers as if the term or
//! text were absent and notes the file, and the search returns the hits it could make together
//! with the files it needs. Once they are all added, the hits are exactly those of the corpus of
//! the documents searched.

use std::cell::RefCell;

use super::format::{bit, cjk_key, word_key};
use super::terms::{Entry, TermTable};
use super::{Library, Slot, Step};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Corpus, Document};
use crate::search::query::{self, Filters};
use crate::search::source::{Posting, Source};
use crate::search::{Hit, SearchOptions};

/// What a search of a library gives with the files loaded so far.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchStep {
    /// The best hits among the documents loaded so far, best first. When `needs` is empty they
    /// are the search's final hits.
    pub hits: Vec<Hit>,
    /// The files the search still needs, most useful first.
    pub needs: Vec<String>,
    /// Documents that were not searched because their file failed to load, each with its
    /// error's message.
    pub unavailable: Vec<(String, String)>,
}

/// The files a search lacked, in the order it first looked for them.
#[derive(Default)]
struct Lacking {
    /// Index files: search table, chunks, vocabulary, documents' own indexes.
    index: Vec<String>,
    /// Documents whose text a hit or a phrase needed.
    documents: Vec<usize>,
    /// A file the search needs failed to load.
    failed: Option<Error>,
}

impl Lacking {
    fn index_file(&mut self, name: &str) {
        if !self.index.iter().any(|known| known == name) {
            self.index.push(name.to_string());
        }
    }
}

/// Where a source's terms come from.
enum Terms<'l> {
    /// The whole library's term-range chunks.
    Chunks,
    /// One document's own index, or several merged.
    One(Owned<'l>),
}

enum Owned<'l> {
    Borrowed(&'l TermTable),
    Merged(TermTable),
}

impl Owned<'_> {
    fn get(&self) -> &TermTable {
        match self {
            Owned::Borrowed(table) => table,
            Owned::Merged(table) => table,
        }
    }
}

struct LibrarySource<'l> {
    library: &'l Library,
    terms: Terms<'l>,
    field_count: usize,
    averages: Vec<f32>,
    lacking: RefCell<Lacking>,
}

/// A term number of the chunked source: the chunk, and the term's position in it.
const CHUNK_SHIFT: u32 = 20;

impl<'l> LibrarySource<'l> {
    fn chunk_for(&self, key: &[u8]) -> Option<usize> {
        let search = self.library.search.loaded()?;
        search
            .table
            .chunks
            .partition_point(|chunk| chunk.first.as_slice() <= key)
            .checked_sub(1)
    }

    /// The loaded chunk `chunk`, noting it as lacking (or failed) when it is not.
    fn chunk(&self, chunk: usize) -> Option<&'l TermTable> {
        let library = self.library;
        match library.chunks.get(chunk) {
            Some(Slot::Loaded(table)) => Some(table),
            Some(Slot::Failed(error)) => {
                self.lacking
                    .borrow_mut()
                    .failed
                    .get_or_insert_with(|| error.clone());
                None
            }
            Some(Slot::Missing) => {
                let name = &library.search.loaded()?.table.chunks[chunk].file.name;
                self.lacking.borrow_mut().index_file(name);
                None
            }
            None => None,
        }
    }

    /// The term at `term` of the table it lives in.
    fn locate(&self, term: u32) -> Option<(&TermTable, usize)> {
        match &self.terms {
            Terms::One(table) => Some((table.get(), term as usize)),
            Terms::Chunks => Some((
                self.chunk((term >> CHUNK_SHIFT) as usize)?,
                (term & ((1 << CHUNK_SHIFT) - 1)) as usize,
            )),
        }
    }

    fn find_key(&self, key: &[u8], find: impl Fn(&TermTable) -> Option<usize>) -> Option<u32> {
        match &self.terms {
            Terms::One(table) => find(table.get()).map(|position| position as u32),
            Terms::Chunks => {
                let chunk = self.chunk_for(key)?;
                let table = self.chunk(chunk)?;
                find(table).map(|position| (chunk as u32) << CHUNK_SHIFT | position as u32)
            }
        }
    }

    /// The document and clause of a clause place.
    fn location(&self, clause: u32) -> Option<(usize, u32)> {
        let starts = &self.library.document_start;
        let document = starts
            .partition_point(|&start| start <= clause)
            .checked_sub(1)?;
        if document + 1 >= starts.len() {
            return None;
        }
        Some((document, clause - starts[document]))
    }

    /// The loaded shard of a document, noting it as lacking (or unavailable) when it is not.
    fn document(&self, document: usize) -> Option<&'l Document> {
        match self.library.shards.get(document)? {
            Slot::Loaded(shard) => shard.corpus.documents.first(),
            // Documents that failed are filtered out before ranking.
            Slot::Failed(_) => None,
            Slot::Missing => {
                let mut lacking = self.lacking.borrow_mut();
                if !lacking.documents.contains(&document) {
                    lacking.documents.push(document);
                }
                None
            }
        }
    }

    fn posting(&self, entry: Entry) -> Posting {
        let library = self.library;
        let place = library.document_start[entry.document as usize] + entry.clause;
        Posting {
            field: (place as u64) << 5 | entry.version as u64,
            clause: place,
            slot: library.version_slots[entry.document as usize]
                .get(entry.version as usize)
                .copied()
                .unwrap_or(31),
            length: entry.length,
            frequency: entry.frequency,
        }
    }
}

impl Source for LibrarySource<'_> {
    fn field_count(&self) -> usize {
        self.field_count
    }

    fn average_length(&self, slot: u8) -> f32 {
        self.averages.get(slot as usize).copied().unwrap_or(1.0)
    }

    fn clause_count(&self) -> usize {
        self.library.document_start.last().copied().unwrap_or(0) as usize
    }

    fn is_heading(&self, clause: u32) -> bool {
        match &self.terms {
            Terms::Chunks => self
                .library
                .search
                .loaded()
                .is_some_and(|search| bit(&search.table.headings, clause as usize)),
            Terms::One(_) => self.location(clause).is_some_and(|(document, clause)| {
                self.library.indexes[document]
                    .loaded()
                    .is_some_and(|index| bit(&index.headings, clause as usize))
            }),
        }
    }

    fn version_slot(&self, id: &str) -> Option<u8> {
        self.library
            .version_names
            .iter()
            .position(|name| name == id)
            .map(|slot| slot as u8)
    }

    fn find_word(&self, stem: &str) -> Option<u32> {
        self.find_key(&word_key(stem), |table| table.find_word(stem))
    }

    fn words_with_prefix(&self, prefix: &str, limit: usize) -> Vec<u32> {
        let mut terms = Vec::new();
        match &self.terms {
            Terms::One(table) => {
                terms.extend(
                    table
                        .get()
                        .words_with_prefix(prefix)
                        .take(limit)
                        .map(|position| position as u32),
                );
            }
            Terms::Chunks => {
                let Some(search) = self.library.search.loaded() else {
                    return terms;
                };
                let start = self.chunk_for(prefix.as_bytes()).unwrap_or(0);
                // Words still unknown (in chunks not loaded) that may come before the limit.
                let mut unknown = 0usize;
                for chunk in start..search.table.chunks.len() {
                    let entry = &search.table.chunks[chunk];
                    if chunk > start && !entry.first.starts_with(prefix.as_bytes()) {
                        break;
                    }
                    match self.chunk(chunk) {
                        Some(table) => {
                            for position in table.words_with_prefix(prefix) {
                                if terms.len() + unknown >= limit {
                                    break;
                                }
                                terms.push((chunk as u32) << CHUNK_SHIFT | position as u32);
                            }
                        }
                        None => {
                            unknown += if chunk > start {
                                entry.words as usize
                            } else {
                                0
                            }
                        }
                    }
                    if terms.len() + unknown >= limit {
                        break;
                    }
                }
            }
        }
        terms
    }

    fn word(&self, term: u32) -> &str {
        self.locate(term)
            .map_or("", |(table, position)| table.word(position))
    }

    fn for_each_word(&self, mut visit: impl FnMut(u32, &str)) {
        match &self.terms {
            Terms::One(table) => {
                let table = table.get();
                for position in 0..table.word_count() {
                    visit(position as u32, table.word(position));
                }
            }
            Terms::Chunks => {
                // Until the chunks a query needs are loaded, a word that seems missing may not be.
                if !self.lacking.borrow().index.is_empty() {
                    return;
                }
                let library = self.library;
                let Some(search) = library.search.loaded() else {
                    return;
                };
                let words = match &library.vocabulary {
                    Slot::Loaded(words) => words,
                    Slot::Failed(error) => {
                        self.lacking
                            .borrow_mut()
                            .failed
                            .get_or_insert_with(|| error.clone());
                        return;
                    }
                    Slot::Missing => {
                        self.lacking
                            .borrow_mut()
                            .index_file(&search.table.vocabulary.name);
                        return;
                    }
                };
                let mut chunk = 0usize;
                for (position, word) in words.iter().enumerate() {
                    while chunk + 1 < search.words_before.len()
                        && search.words_before[chunk + 1] as usize <= position
                    {
                        chunk += 1;
                    }
                    let inside =
                        position - search.words_before.get(chunk).copied().unwrap_or(0) as usize;
                    visit((chunk as u32) << CHUNK_SHIFT | inside as u32, word);
                }
            }
        }
    }

    fn find_cjk(&self, key: u32) -> Option<u32> {
        self.find_key(&cjk_key(key), |table| table.find_cjk(key))
    }

    fn frequency_of(&self, term: u32) -> u32 {
        self.locate(term)
            .map_or(0, |(table, position)| table.frequency(position))
    }

    fn for_each_posting(&self, term: u32, mut visit: impl FnMut(Posting)) {
        if let Some((table, position)) = self.locate(term) {
            table.for_each_entry(position, |entry| visit(self.posting(entry)));
        }
    }

    fn field_text(&self, field: u64) -> Option<&str> {
        let (document, clause) = self.location((field >> 5) as u32)?;
        let loaded = self.document(document)?;
        loaded.text_of(loaded.clauses.get(clause as usize)?, (field & 31) as usize)
    }

    fn for_each_field_of(&self, clause: u32, mut visit: impl FnMut(u8, Option<&str>)) {
        let Some((document, clause_index)) = self.location(clause) else {
            return;
        };
        let Some(loaded) = self.document(document) else {
            return;
        };
        let Some(clause) = loaded.clauses.get(clause_index as usize) else {
            return;
        };
        for (version, given) in clause.texts.iter().enumerate() {
            if given.is_some() {
                let slot = self.library.version_slots[document]
                    .get(version)
                    .copied()
                    .unwrap_or(31);
                visit(slot, loaded.text_of(clause, version));
            }
        }
    }

    fn clause(&self, clause: u32) -> Option<(&Document, u32)> {
        let (document, clause_index) = self.location(clause)?;
        Some((self.document(document)?, clause_index))
    }
}

/// The mean field lengths per slot from length totals, as a corpus's index computes them.
fn averages(totals: &[(u64, u64)]) -> Vec<f32> {
    totals
        .iter()
        .map(|&(sum, count)| {
            if count == 0 {
                1.0
            } else {
                (sum as f64 / count as f64).max(1.0) as f32
            }
        })
        .collect()
}

impl Library {
    /// Searches the library with the files loaded so far: the hits it can make, and the files
    /// it still needs (add them and search again; when none are needed the hits are final).
    /// Options as for [`crate::Index::search`]; a search filtered by `documents` or `within` reads
    /// only those documents' own indexes and ranks as a library of those documents would.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchStep> {
        query::check_arguments(query, options)?;
        let version_mask = query::version_mask_by(
            |id| {
                self.version_names
                    .iter()
                    .position(|name| name == id)
                    .map(|slot| slot as u8)
            },
            &self.summary,
            &options.versions,
        )?;
        // The document filter is checked first, as a corpus search checks it.
        query::allowed_in(
            &self.document_start,
            &self.summary,
            &options.documents,
            None::<fn() -> Result<(usize, usize, usize)>>,
        )?;
        // The place `within` names, which also names the one document searched.
        let within = match &options.within {
            None => None,
            Some(within) => {
                let mut needs = Vec::new();
                let outcome =
                    query::resolve_within_by(within, |trimmed| match self.resolve(trimmed)? {
                        Step::Ready(place) => Ok(crate::cite::Citation {
                            document: place.document as u16,
                            ..place.citation
                        }),
                        Step::Needs(names) => {
                            needs = names;
                            Err(Error::new(ErrorCode::NotLoaded, "not loaded"))
                        }
                    });
                if !needs.is_empty() {
                    return Ok(SearchStep {
                        hits: Vec::new(),
                        needs,
                        unavailable: Vec::new(),
                    });
                }
                let (document, first, last) = outcome?;
                let tree = match self.shards[document].loaded() {
                    Some(shard) => &shard.corpus.documents[0],
                    None => {
                        &self
                            .outline
                            .loaded()
                            .ok_or_else(|| {
                                Error::new(
                                    ErrorCode::NotLoaded,
                                    "The place to search within was read without its document.",
                                )
                            })?
                            .corpus
                            .documents[document]
                    }
                };
                Some((document, first, query::subtree_end(tree, last)))
            }
        };
        let mut searched: Vec<usize> = Vec::new();
        for wanted in &options.documents {
            // Unknown ids are refused by `allowed_in` below, with the corpus search's message.
            if let Some(position) = self.document_position(wanted.trim()) {
                if !searched.contains(&position) {
                    searched.push(position);
                }
            }
        }
        if searched.is_empty() {
            if let Some((document, _, _)) = within {
                searched.push(document);
            }
        }
        crate::order::sort(&mut searched);
        let mut allowed = query::allowed_in(
            &self.document_start,
            &self.summary,
            &options.documents,
            within.map(|within| move || Ok(within)),
        )?;
        // A document whose file failed to load is not searched, so the others' best hits fill
        // the list; the answer says which documents were left out.
        let mut unavailable = Vec::new();
        for (document, slot) in self.shards.iter().enumerate() {
            let Slot::Failed(error) = slot else { continue };
            let range =
                self.document_start[document] as usize..self.document_start[document + 1] as usize;
            if allowed[range.clone()].iter().any(|&allowed| allowed) {
                allowed[range].fill(false);
                unavailable.push((
                    self.summary.documents[document].id.clone(),
                    error.message().to_string(),
                ));
            }
        }
        let filters = Filters {
            version_mask,
            allowed,
        };

        let source = if searched.is_empty() {
            let search = match &self.search {
                Slot::Loaded(search) => search,
                Slot::Failed(error) => return Err(error.clone()),
                Slot::Missing => {
                    return Ok(SearchStep {
                        hits: Vec::new(),
                        needs: vec![self.search_entry.name.clone()],
                        unavailable,
                    })
                }
            };
            LibrarySource {
                library: self,
                terms: Terms::Chunks,
                field_count: search.table.field_count as usize,
                averages: averages(&search.table.lengths),
                lacking: RefCell::default(),
            }
        } else {
            let mut needs = Vec::new();
            let mut tables = Vec::new();
            let mut field_count = 0usize;
            let mut totals = vec![(0u64, 0u64); self.version_names.len()];
            for &document in &searched {
                match &self.indexes[document] {
                    Slot::Loaded(index) => {
                        tables.push(&index.table);
                        field_count += index.field_count as usize;
                        for (version, &(sum, count)) in index.lengths.iter().enumerate() {
                            let slot = self.version_slots[document]
                                .get(version)
                                .copied()
                                .unwrap_or(31) as usize;
                            if let Some(total) = totals.get_mut(slot) {
                                total.0 += sum;
                                total.1 += count;
                            }
                        }
                    }
                    Slot::Failed(error) => return Err(error.clone()),
                    Slot::Missing => needs.push(self.index_entries[document].name.clone()),
                }
            }
            if !needs.is_empty() {
                return Ok(SearchStep {
                    hits: Vec::new(),
                    needs,
                    unavailable,
                });
            }
            let terms = match tables[..] {
                [one] => Owned::Borrowed(one),
                _ => Owned::Merged(TermTable::merged(&tables)),
            };
            LibrarySource {
                library: self,
                terms: Terms::One(terms),
                field_count,
                averages: averages(&totals),
                lacking: RefCell::default(),
            }
        };
        // Acronyms come from the documents searched, as in a corpus of only those documents.
        let acronyms_of;
        let acronyms: &Corpus = if searched.is_empty() {
            &self.summary
        } else {
            acronyms_of = Corpus {
                id: String::new(),
                title: String::new(),
                documents: searched
                    .iter()
                    .map(|&document| self.summary.documents[document].clone())
                    .collect(),
            };
            &acronyms_of
        };
        let hits = crate::search::search_source(&source, acronyms, query, options, &filters)?;
        let lacking = source.lacking.into_inner();
        if let Some(error) = lacking.failed {
            return Err(error);
        }
        if !lacking.index.is_empty() {
            return Ok(SearchStep {
                hits: Vec::new(),
                needs: lacking.index,
                unavailable,
            });
        }
        let needs = lacking
            .documents
            .iter()
            .map(|&document| self.shard_entries[document].name.clone())
            .collect();
        Ok(SearchStep {
            hits,
            needs,
            unavailable,
        })
    }
}
