//! Searching a library with the files loaded so far.
//!
//! A search of the whole library reads the term-range chunks that hold the query's terms (and
//! the vocabulary, when a word is misspelt), and ranks with the corpus search's own code through
//! [`Source`]: where a chunk or a document is not loaded, the source answers as if the term or
//! text were absent and notes the file, and the search returns the hits it could make together
//! with the files it needs. Once they are all added, the hits are exactly those of the corpus of
//! all the library's documents.
//!
//! A search filtered to some documents (`documents`, or `within` a place) needs their shards,
//! which its hits are shown from anyway, builds their index (once per shard) and ranks as a
//! corpus of only those documents would.

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
    /// The best hits the files loaded so far make, best first: among the documents loaded, and
    /// with the index chunks loaded (a query term whose chunk is still needed scores nothing
    /// yet). When `needs` is empty they are the search's final hits.
    pub hits: Vec<Hit>,
    /// The files the search still needs, most useful first.
    pub needs: Vec<String>,
    /// True when `needs` are the documents of the hits, the best hit's first: a host that shows
    /// results as they come gets a first answer soonest by fetching the first alone, then the
    /// others (index chunks, which each word needs before any hit is right, are fetched together).
    pub best_first: bool,
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

struct LibrarySource<'l> {
    library: &'l Library,
    search: &'l super::LoadedSearch,
    field_count: usize,
    averages: Vec<f32>,
    lacking: RefCell<Lacking>,
}

/// A term number of the chunked source: the chunk, and the term's position in it.
const CHUNK_SHIFT: u32 = 20;

impl<'l> LibrarySource<'l> {
    fn chunk_for(&self, key: &[u8]) -> Option<usize> {
        self.search.table.chunks.partition_point(|chunk| chunk.first.as_slice() <= key).checked_sub(1)
    }

    /// The loaded chunk `chunk`, noting it as lacking (or failed) when it is not.
    fn chunk(&self, chunk: usize) -> Option<&'l TermTable> {
        let library = self.library;
        match library.chunks.get(chunk) {
            Some(Slot::Loaded(table)) => Some(table),
            Some(Slot::Failed(error)) => {
                self.lacking.borrow_mut().failed.get_or_insert_with(|| error.clone());
                None
            }
            Some(Slot::Missing) => {
                let name = &self.search.table.chunks[chunk].file.name;
                self.lacking.borrow_mut().index_file(name);
                None
            }
            None => None,
        }
    }

    /// The term at `term` of the chunk it lives in.
    fn locate(&self, term: u32) -> Option<(&TermTable, usize)> {
        let chunk = self.chunk((term >> CHUNK_SHIFT) as usize)?;
        Some((chunk, (term & ((1 << CHUNK_SHIFT) - 1)) as usize))
    }

    fn find_key(&self, key: &[u8], find: impl Fn(&TermTable) -> Option<usize>) -> Option<u32> {
        let chunk = self.chunk_for(key)?;
        let table = self.chunk(chunk)?;
        find(table).map(|position| (chunk as u32) << CHUNK_SHIFT | position as u32)
    }

    /// The document and clause of a clause place.
    fn location(&self, clause: u32) -> Option<(usize, u32)> {
        location(&self.library.document_start, clause)
    }

    /// The loaded shard of a document, noting it as lacking when it is not.
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

    /// The posting of an entry, whose document is `*document` or a later one (entries come in
    /// reading order, so the document is found by moving forward).
    fn posting(&self, entry: Entry, document: &mut usize) -> Posting {
        let library = self.library;
        let starts = &library.document_start;
        while *document + 2 < starts.len() && starts[*document + 1] <= entry.place {
            *document += 1;
        }
        Posting {
            field: (entry.place as u64) << 5 | entry.version as u64,
            clause: entry.place,
            slot: library.version_slots[*document].get(entry.version as usize).copied().unwrap_or(31),
            length: entry.length,
            frequency: entry.frequency,
        }
    }
}

/// The document and clause of a clause place, given each document's first place.
fn location(starts: &[u32], clause: u32) -> Option<(usize, u32)> {
    let document = starts.partition_point(|&start| start <= clause).checked_sub(1)?;
    if document + 1 >= starts.len() {
        return None;
    }
    Some((document, clause - starts[document]))
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
        bit(&self.search.table.headings, clause as usize)
    }

    fn version_slot(&self, id: &str) -> Option<u8> {
        self.library.version_slot(id)
    }

    fn find_word(&self, stem: &str) -> Option<u32> {
        self.find_key(&word_key(stem), |table| table.find_word(stem))
    }

    fn words_with_prefix(&self, prefix: &str, limit: usize) -> Vec<u32> {
        let mut terms = Vec::new();
        let chunks = &self.search.table.chunks;
        let start = self.chunk_for(prefix.as_bytes()).unwrap_or(0);
        // Words of chunks not loaded that may come before the limit.
        let mut unknown = 0usize;
        for (chunk, entry) in chunks.iter().enumerate().skip(start) {
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
                None if chunk > start => unknown += entry.words as usize,
                None => {}
            }
            if terms.len() + unknown >= limit {
                break;
            }
        }
        terms
    }

    fn word(&self, term: u32) -> &str {
        self.locate(term).map_or("", |(table, position)| table.word(position))
    }

    fn for_each_word(&self, mut visit: impl FnMut(u32, &str)) {
        // Until the chunks a query needs are loaded, a word that seems missing may not be.
        if !self.lacking.borrow().index.is_empty() {
            return;
        }
        let words = match &self.library.vocabulary {
            Slot::Loaded(words) => words,
            Slot::Failed(error) => {
                self.lacking.borrow_mut().failed.get_or_insert_with(|| error.clone());
                return;
            }
            Slot::Missing => {
                self.lacking.borrow_mut().index_file(&self.search.table.vocabulary.name);
                return;
            }
        };
        let before = &self.search.words_before;
        let mut chunk = 0usize;
        for (position, word) in words.iter().enumerate() {
            while chunk + 1 < before.len() && before[chunk + 1] as usize <= position {
                chunk += 1;
            }
            let inside = position - before.get(chunk).copied().unwrap_or(0) as usize;
            visit((chunk as u32) << CHUNK_SHIFT | inside as u32, word);
        }
    }

    fn find_cjk(&self, key: u32) -> Option<u32> {
        self.find_key(&cjk_key(key), |table| table.find_cjk(key))
    }

    fn frequency_of(&self, term: u32) -> u32 {
        self.locate(term).map_or(0, |(table, position)| table.frequency(position))
    }

    fn for_each_posting(&self, term: u32, mut visit: impl FnMut(Posting)) {
        if let Some((table, position)) = self.locate(term) {
            let mut document = 0;
            table.for_each_entry(position, |entry| visit(self.posting(entry, &mut document)));
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
                let slot = self.library.version_slots[document].get(version).copied().unwrap_or(31);
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
    totals.iter().map(|&(sum, count)| if count == 0 { 1.0 } else { (sum as f64 / count as f64).max(1.0) as f32 }).collect()
}

impl Library {
    fn version_slot(&self, id: &str) -> Option<u8> {
        self.version_names.iter().position(|name| name == id).map(|slot| slot as u8)
    }

    /// Searches the library with the files loaded so far: the hits it can make, and the files
    /// it still needs (add them and search again; when none are needed the hits are final).
    /// Options as for [`crate::Index::search`]. A search filtered by `documents` or `within`
    /// needs those documents' shards and ranks as a corpus of only those documents would.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchStep> {
        query::check_arguments(query, options)?;
        let version_mask = query::version_mask_by(|id| self.version_slot(id), &self.summary, &options.versions)?;
        // The document filter is checked first, as a corpus search checks it.
        query::allowed_in(&self.document_start, &self.summary, &options.documents, None::<fn() -> Result<(usize, usize, usize)>>)?;
        let mut searched: Vec<usize> = Vec::new();
        for wanted in &options.documents {
            if let Some(position) = self.document_position(wanted.trim()) {
                if !searched.contains(&position) {
                    searched.push(position);
                }
            }
        }
        if let Some(within) = &options.within {
            // The place `within` names, whose document is the one searched unless the document
            // filter names others (then nothing is allowed, as in a corpus search).
            let mut needs = Vec::new();
            let outcome = query::resolve_within_by(within, |trimmed| match self.resolve(trimmed)? {
                Step::Ready(place) => Ok(crate::cite::Citation { document: place.document as u16, ..place.citation }),
                Step::Needs(names) => {
                    needs = names;
                    Err(Error::new(ErrorCode::NotLoaded, "The place to search within needs a file that is not loaded."))
                }
            });
            if !needs.is_empty() {
                return Ok(SearchStep { hits: Vec::new(), needs, unavailable: Vec::new(), best_first: false });
            }
            let (document, _, _) = outcome?;
            if searched.is_empty() {
                searched.push(document);
            }
        }
        if searched.is_empty() {
            self.search_chunks(query, options, version_mask)
        } else {
            crate::order::sort(&mut searched);
            self.search_documents(query, options, &searched)
        }
    }

    /// Searches every document through the term-range chunks.
    fn search_chunks(&self, query: &str, options: &SearchOptions, version_mask: u32) -> Result<SearchStep> {
        let search = match &self.search {
            Slot::Loaded(search) => search,
            Slot::Failed(error) => return Err(error.clone()),
            Slot::Missing => {
                return Ok(SearchStep { hits: Vec::new(), needs: vec![self.search_entry.name.clone()], unavailable: Vec::new(), best_first: false })
            }
        };
        let mut allowed = vec![true; self.document_start.last().copied().unwrap_or(0) as usize];
        // A document whose file failed to load is not searched, so the others' best hits fill
        // the list; the answer says which documents were left out.
        let mut unavailable = Vec::new();
        for (document, slot) in self.shards.iter().enumerate() {
            if let Slot::Failed(error) = slot {
                allowed[self.document_start[document] as usize..self.document_start[document + 1] as usize].fill(false);
                unavailable.push((self.summary.documents[document].id.clone(), error.message().to_string()));
            }
        }
        let source = LibrarySource {
            library: self,
            search,
            field_count: search.table.field_count as usize,
            averages: averages(&search.table.lengths),
            lacking: RefCell::default(),
        };
        let filters = Filters { version_mask, allowed };
        let hits = crate::search::search_source(&source, &self.summary, query, options, &filters)?;
        let lacking = source.lacking.into_inner();
        if let Some(error) = lacking.failed {
            return Err(error);
        }
        // With index chunks still to come, the hits are those the loaded chunks make in the
        // loaded documents (a term whose chunk is not here scores nothing yet): a first answer to
        // show while the chunks load, as a search box shows the hits of a word still being typed.
        // The documents the final hits need are asked for once the chunks are in.
        let best_first = lacking.index.is_empty();
        let needs = if best_first { lacking.documents.iter().map(|&document| self.shard_entries[document].name.clone()).collect() } else { lacking.index };
        Ok(SearchStep { hits, needs, unavailable, best_first })
    }

    /// Searches some documents through their own indexes, built from their shards.
    fn search_documents(&self, query: &str, options: &SearchOptions, searched: &[usize]) -> Result<SearchStep> {
        let mut needs = Vec::new();
        let mut unavailable = Vec::new();
        let mut loaded = Vec::new();
        for &document in searched {
            match &self.shards[document] {
                Slot::Loaded(_) => loaded.push(document),
                Slot::Failed(error) => unavailable.push((self.summary.documents[document].id.clone(), error.message().to_string())),
                Slot::Missing => needs.push(self.shard_entries[document].name.clone()),
            }
        }
        if !needs.is_empty() || loaded.is_empty() {
            return Ok(SearchStep { hits: Vec::new(), needs, unavailable, best_first: false });
        }
        let mut hits = match loaded[..] {
            [one] => {
                let Some(Slot::Loaded(shard)) = self.shards.get(one) else { unreachable!("loaded above") };
                let index = shard.index.get_or_init(|| crate::search::Index::new(&shard.corpus));
                index.search(&shard.corpus, query, options)?
            }
            _ => {
                let cached = self.filtered.borrow().clone().filter(|cached| cached.0 == loaded);
                let cached = match cached {
                    Some(cached) => cached,
                    None => {
                        let corpus = Corpus {
                            id: self.id.clone(),
                            title: self.title.clone(),
                            documents: loaded
                                .iter()
                                .filter_map(|&document| self.shards[document].loaded())
                                .map(|shard| shard.corpus.documents[0].clone())
                                .collect(),
                        };
                        let index = crate::search::Index::new(&corpus);
                        let made = std::rc::Rc::new((loaded.clone(), corpus, index));
                        self.filtered.replace(Some(made.clone()));
                        made
                    }
                };
                cached.2.search(&cached.1, query, options)?
            }
        };
        // The hits' places in the library's reading order.
        let mut starts = vec![0u32];
        for &document in &loaded {
            starts.push(starts.last().copied().unwrap_or(0) + self.clause_counts[document]);
        }
        for hit in &mut hits {
            if let Some((position, clause)) = location(&starts, hit.ordinal) {
                hit.ordinal = self.document_start[loaded[position]] + clause;
            }
        }
        Ok(SearchStep { hits, needs: Vec::new(), unavailable, best_first: false })
    }
}
