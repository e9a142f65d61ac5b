//! A library: many documents hosted as static files, of which a page loads only what it shows.
//!
//! # The files
//!
//! A library is a folder. `catalog.ccl` is the one file fetched by name; every other file's name
//! holds the checksum of its bytes, so a CDN may cache it forever.
//!
//! - `catalog.ccl`: each document's summary (versions, titles, short titles, aliases, levels,
//!   acronyms, the headings cited by title), its clause count and the first segments of its
//!   former ids, and the names, lengths and checksums of the other files.
//! - `documents/<id>.<checksum>.ccc`: one compiled corpus per document (a *shard*). A search
//!   filtered to some documents builds their index from their shards, which it needs for its
//!   snippets anyway (a few milliseconds for a document of 100 KB).
//! - `outline.<checksum>.ccc`: every document's clause tree with its names and no running text,
//!   for citations the catalog cannot route and for finding citations in running text.
//! - `search.<checksum>.ccs`: the search table (statistics, heading bits and the term-range
//!   chunks); `index/<checksum>.cct`: the chunks; `index/words.<checksum>.ccw`: every stem, for
//!   misspelt words.
//!
//! Adding a document leaves every other document's shard unchanged byte for byte; the catalog, the outline, the search table and vocabulary, and the chunks that hold the new
//! document's terms are written again. Chunk boundaries fall where a term's hash says, so a chunk
//! none of whose terms changed keeps its bytes and its name.
//!
//! # Loading, sans I/O
//!
//! [`Library::open`] reads the catalog's bytes. Every call that may need another file returns
//! [`Step::Needs`] with the names of the files it lacks; the host fetches them (with `fetch` in a
//! browser, `fs` in Node, anything natively), hands each over with [`Library::add_file`] (or
//! reports a failure with [`Library::fail_file`]) and calls again. A search returns what it can
//! rank with what is loaded together with what it still needs, so results can be shown as they
//! come. A file that fails to load (missing, corrupt, not the one the catalog names) fails only
//! the calls that need it, with its error; every other document keeps working.
//!
//! ```
//! use clause_cite::{build_library, Corpus, Library, Step};
//! let corpus = Corpus::from_bytes(clause_cite_default_corpus::BYTES)?;
//! let files = build_library("lac", "LAC", &[corpus])?;
//! let read = |name: &str| files.iter().find(|(file, _)| file == name).map(|(_, bytes)| bytes.clone()).unwrap();
//! let mut library = Library::open(&read("catalog.ccl"))?;
//! let place = loop {
//!     match library.resolve("发展工程（十）第2段")? {
//!         Step::Ready(place) => break place,
//!         Step::Needs(names) => for name in names { library.add_file(&name, &read(&name))? },
//!     }
//! };
//! assert_eq!(library.clause_id(&place), "policy-paper__pt_3__prog_2__sec_10__para_2");
//! # Ok::<(), clause_cite::Error>(())
//! ```

mod build;
mod format;
mod reduce;
mod search;
mod terms;

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::card::{card_view, CardOptions, CardView};
use crate::cite::{Citation, FoundCitation, NameTables, Resolver, Style};
use crate::error::{Error, ErrorCode, Result};
use crate::model::Corpus;
use crate::quote::QuoteStatus;
use crate::view::{ClauseView, DocumentView};

pub use build::build_library;
pub use format::CATALOG_NAME;
pub use search::SearchStep;

use format::{Catalog, FileEntry, SearchTable};
use terms::TermTable;

/// What a call returns: its answer, or the files it needs first.
#[derive(Clone, Debug, PartialEq)]
pub enum Step<T> {
    Ready(T),
    /// Names of files (relative to the library's folder) to fetch and add, in the order they
    /// are most useful.
    Needs(Vec<String>),
}

impl<T> Step<T> {
    pub fn map<U>(self, change: impl FnOnce(T) -> U) -> Step<U> {
        match self {
            Step::Ready(value) => Step::Ready(change(value)),
            Step::Needs(names) => Step::Needs(names),
        }
    }
}

/// A place a citation names in a library: the document, and the citation within it (whose
/// `document` is 0, the only document of its shard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LibraryPlace {
    pub document: usize,
    pub citation: Citation,
}

/// The largest number of clauses a library may have in all; a search keeps a few numbers per
/// clause while it ranks.
pub const MAXIMUM_LIBRARY_CLAUSES: usize = 2_000_000;

/// One file's state.
#[derive(Debug)]
enum Slot<T> {
    Missing,
    Loaded(T),
    Failed(Error),
}

impl<T> Slot<T> {
    fn loaded(&self) -> Option<&T> {
        match self {
            Slot::Loaded(value) => Some(value),
            _ => None,
        }
    }
}

/// What a file of the library is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Outline,
    Shard(usize),
    Search,
    Chunk(usize),
    Vocabulary,
}

struct Outline {
    corpus: Corpus,
    tables: NameTables,
}

struct Shard {
    corpus: Corpus,
    tables: OnceCell<NameTables>,
    /// The document's own search index, built by the first search filtered to it.
    index: OnceCell<crate::search::Index>,
}

pub(crate) struct LoadedSearch {
    table: SearchTable,
    /// For each chunk: how many stems come before it.
    words_before: Vec<u32>,
}

/// The documents a search was filtered to (their positions), one corpus of them and its index.
type Filtered = (Vec<usize>, Corpus, crate::search::Index);

/// A library being read: its catalog, and the files loaded so far.
pub struct Library {
    id: String,
    title: String,
    /// The documents' summaries, as a corpus in catalog order.
    summary: Corpus,
    summary_tables: NameTables,
    clause_counts: Vec<u32>,
    former_roots: Vec<Vec<String>>,
    /// For each document: its first clause's place in the library; one more entry at the end.
    document_start: Vec<u32>,
    /// The distinct version ids of all documents (at most 32), and each document's versions'
    /// slots among them, as a corpus's search index numbers them.
    version_names: Vec<String>,
    version_slots: Vec<Vec<u8>>,
    entries: HashMap<String, (Role, FileEntry)>,
    outline_entry: FileEntry,
    search_entry: FileEntry,
    shard_entries: Vec<FileEntry>,
    outline: Slot<Outline>,
    shards: Vec<Slot<Shard>>,
    search: Slot<LoadedSearch>,
    /// The last search filtered to several documents: their positions, one corpus of them and
    /// its index.
    filtered: std::cell::RefCell<Option<std::rc::Rc<Filtered>>>,
    chunks: Vec<Slot<TermTable>>,
    vocabulary: Slot<Vec<String>>,
}

/// How a citation is routed before it is read.
enum Route {
    /// The catalog names exactly one document: read the citation in its shard.
    One(usize),
    /// Read it in the outline of every document.
    Outline,
}

impl Library {
    /// Reads a library's catalog (the bytes of `catalog.ccl`).
    pub fn open(bytes: &[u8]) -> Result<Library> {
        let catalog: Catalog = format::unframe(format::Kind::Catalog, CATALOG_NAME, bytes)?;
        Library::from_catalog(catalog)
    }

    fn from_catalog(catalog: Catalog) -> Result<Library> {
        if catalog.documents.is_empty() {
            return Err(Error::new(ErrorCode::LibraryFile, "The library catalog lists no documents; build the library from at least one corpus."));
        }
        if catalog.documents.len() > crate::store::limits::DOCUMENTS {
            return Err(Error::new(
                ErrorCode::CorpusTooLarge,
                format!("The library has {} documents; this build reads at most {}.", catalog.documents.len(), crate::store::limits::DOCUMENTS),
            ));
        }
        let mut entries: HashMap<String, (Role, FileEntry)> = HashMap::new();
        let mut add = |role: Role, entry: &FileEntry| -> Result<()> {
            if !format::is_safe_name(&entry.name) || entry.name == CATALOG_NAME {
                return Err(Error::new(
                    ErrorCode::LibraryFile,
                    format!("The library catalog names a file '{}', which is not a plain relative path; the catalog is refused.", entry.name),
                ));
            }
            if entries.insert(entry.name.clone(), (role, entry.clone())).is_some() {
                return Err(Error::new(ErrorCode::LibraryFile, format!("The library catalog names the file '{}' twice.", entry.name)));
            }
            Ok(())
        };
        add(Role::Outline, &catalog.outline)?;
        add(Role::Search, &catalog.search)?;
        let mut summaries = Vec::with_capacity(catalog.documents.len());
        let mut clause_counts = Vec::with_capacity(catalog.documents.len());
        let mut former_roots = Vec::with_capacity(catalog.documents.len());
        let mut shard_entries = Vec::new();
        let mut document_start = vec![0u32];
        let mut total: usize = 0;
        for (position, document) in catalog.documents.into_iter().enumerate() {
            let shard = FileEntry::shard(&document.summary.id, document.shard_bytes, document.shard_checksum);
            add(Role::Shard(position), &shard)?;
            if document.clause_count as usize > crate::store::limits::CLAUSES {
                return Err(Error::new(
                    ErrorCode::CorpusTooLarge,
                    format!(
                        "Document '{}' has {} clauses; this build reads at most {}.",
                        document.summary.id,
                        document.clause_count,
                        crate::store::limits::CLAUSES
                    ),
                ));
            }
            total += document.clause_count as usize;
            if total > MAXIMUM_LIBRARY_CLAUSES {
                return Err(Error::new(
                    ErrorCode::CorpusTooLarge,
                    format!("The library has more than {MAXIMUM_LIBRARY_CLAUSES} clauses in all; split it into several libraries."),
                ));
            }
            document_start.push(total as u32);
            clause_counts.push(document.clause_count);
            former_roots.push(document.former_roots);
            shard_entries.push(shard);
            summaries.push(document.summary);
        }
        let summary = Corpus { id: catalog.id.clone(), title: catalog.title.clone(), documents: summaries };
        crate::store::validate(&summary).map_err(|why| Error::new(ErrorCode::LibraryFile, format!("The library catalog is malformed: {}", why.message())))?;
        let (version_names, version_slots) = version_slots(&summary);
        let summary_tables = NameTables::new(&summary);
        let document_count = summary.documents.len();
        Ok(Library {
            id: catalog.id,
            title: catalog.title,
            summary,
            summary_tables,
            clause_counts,
            former_roots,
            document_start,
            version_names,
            version_slots,
            entries,
            outline_entry: catalog.outline,
            search_entry: catalog.search,
            shard_entries,
            outline: Slot::Missing,
            shards: (0..document_count).map(|_| Slot::Missing).collect(),
            search: Slot::Missing,
            filtered: std::cell::RefCell::new(None),
            chunks: Vec::new(),
            vocabulary: Slot::Missing,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// How many documents the library has.
    pub fn document_count(&self) -> usize {
        self.summary.documents.len()
    }

    /// The position of a document by its id.
    pub fn document_position(&self, id: &str) -> Option<usize> {
        self.summary.documents.iter().position(|document| document.id == id)
    }

    /// The error for a document id the library does not have.
    pub fn unknown_document(&self, id: &str) -> Error {
        let known: Vec<String> = self.summary.documents.iter().map(|document| document.id.clone()).collect();
        Error::new(ErrorCode::UnknownDocument, format!("No document has the id '{id}'. The documents are: {}.", known.join(", "))).with_suggestions(known)
    }

    /// Every document's metadata (titles, versions, levels), from the catalog alone.
    pub fn documents(&self) -> Vec<DocumentView> {
        (0..self.summary.documents.len()).map(|index| crate::view::document_view(&self.summary, index, false)).collect()
    }

    /// The name of the file holding a document (its shard).
    pub fn shard_name(&self, document: usize) -> Option<&str> {
        self.shard_entries.get(document).map(|entry| entry.name.as_str())
    }

    /// The loaded corpus of one document, or what is needed to load it.
    pub fn shard(&self, document: usize) -> Result<Step<&Corpus>> {
        match self.shards.get(document) {
            Some(Slot::Loaded(shard)) => Ok(Step::Ready(&shard.corpus)),
            Some(Slot::Failed(error)) => Err(error.clone()),
            Some(Slot::Missing) => Ok(Step::Needs(vec![self.shard_entries[document].name.clone()])),
            None => Err(Error::new(ErrorCode::UnknownDocument, format!("The library has no document number {document}."))),
        }
    }

    /// A whole document: titles, versions, levels, every clause and every divergence.
    pub fn document(&self, id: &str) -> Result<Step<DocumentView>> {
        let position = self.document_position(id).ok_or_else(|| self.unknown_document(id))?;
        Ok(self.shard(position)?.map(|corpus| crate::view::document_view(corpus, 0, true)))
    }

    /// Reads one citation: the place it names, once the files that place is found in are
    /// loaded. A citation that names exactly one document by a name the catalog holds (its
    /// title, short title or alias, a heading cited by title) or by a qualified id is read in that
    /// document's shard; any other, and any that fails there, is read in the outline of all
    /// documents, which gives exactly what the corpus of all documents would.
    pub fn resolve(&self, input: &str) -> Result<Step<LibraryPlace>> {
        if let Route::One(document) = self.route(input) {
            match self.shard_resolve(document, input)? {
                Step::Needs(names) => return Ok(Step::Needs(names)),
                Step::Ready(Some(citation)) => return Ok(Step::Ready(LibraryPlace { document, citation })),
                Step::Ready(None) => {}
            }
        }
        let outline = match self.outline()? {
            Step::Ready(outline) => outline,
            Step::Needs(names) => return Ok(Step::Needs(names)),
        };
        let citation = Resolver::new(&outline.corpus, &outline.tables).resolve(input)?;
        Ok(Step::Ready(LibraryPlace { document: citation.document as usize, citation: Citation { document: 0, ..citation } }))
    }

    /// Reads `input` in one document's shard: the citation, or `None` when it does not resolve
    /// there.
    fn shard_resolve(&self, document: usize, input: &str) -> Result<Step<Option<Citation>>> {
        match self.shards.get(document) {
            Some(Slot::Loaded(shard)) => {
                let tables = shard.tables.get_or_init(|| NameTables::new(&shard.corpus));
                Ok(Step::Ready(Resolver::new(&shard.corpus, tables).resolve(input).ok()))
            }
            _ => self.shard(document).map(|step| step.map(|_| None)),
        }
    }

    fn route(&self, input: &str) -> Route {
        let trimmed = input.trim();
        if trimmed.contains('_') {
            // An id (the parser reads anything with an underscore as one): the documents whose
            // id qualifier or former ids it starts with.
            let first = trimmed.split("__").next().unwrap_or(trimmed).to_ascii_lowercase();
            let candidates: Vec<usize> = (0..self.summary.documents.len())
                .filter(|&position| self.summary.documents[position].id_prefix.to_ascii_lowercase() == first || self.former_roots[position].contains(&first))
                .collect();
            return match candidates[..] {
                [one] => Route::One(one),
                _ => Route::Outline,
            };
        }
        match self.summary_tables.documents_named(trimmed)[..] {
            [one] => Route::One(one as usize),
            _ => Route::Outline,
        }
    }

    fn outline(&self) -> Result<Step<&Outline>> {
        match &self.outline {
            Slot::Loaded(outline) => Ok(Step::Ready(outline)),
            Slot::Failed(error) => Err(error.clone()),
            Slot::Missing => Ok(Step::Needs(vec![self.outline_entry.name.clone()])),
        }
    }

    /// The id of the (first) clause a place names.
    pub fn clause_id(&self, place: &LibraryPlace) -> String {
        match self.shards.get(place.document).and_then(Slot::loaded) {
            Some(shard) => crate::cite::citation_id(&shard.corpus, &place.citation),
            None => match self.outline.loaded() {
                Some(outline) => crate::cite::citation_id(&outline.corpus, &Citation { document: place.document as u16, ..place.citation }),
                None => String::new(),
            },
        }
    }

    /// The view of the (first) clause a place names.
    pub fn clause_view(&self, place: &LibraryPlace) -> Result<Step<ClauseView>> {
        Ok(self.shard(place.document)?.map(|corpus| crate::view::clause_view(corpus, place.citation.reference())))
    }

    /// Writes the citation of a place in a style (see [`crate::format`]).
    pub fn format(&self, place: &LibraryPlace, style: Style, version: Option<&str>) -> Result<Step<String>> {
        match self.shard(place.document)? {
            Step::Ready(corpus) => crate::cite::format(corpus, &place.citation, style, version).map(Step::Ready),
            Step::Needs(names) => Ok(Step::Needs(names)),
        }
    }

    /// The loaded shard of a document, or the file it needs.
    fn loaded_shard(&self, document: usize) -> Result<Step<&Shard>> {
        match self.shard(document)? {
            Step::Needs(names) => Ok(Step::Needs(names)),
            Step::Ready(_) => self
                .shards
                .get(document)
                .and_then(Slot::loaded)
                .map(Step::Ready)
                .ok_or_else(|| Error::new(ErrorCode::ShardUnavailable, format!("The document number {document} of the library is not loaded."))),
        }
    }

    /// Writes the citation of a place in a style with where its title is set in italics
    /// (UTF-16 offsets; see [`crate::title_emphasis`]).
    pub fn format_with_emphasis(&self, place: &LibraryPlace, style: Style, version: Option<&str>) -> Result<Step<(String, Option<[u32; 2]>)>> {
        match self.shard(place.document)? {
            Step::Ready(corpus) => {
                let written = crate::cite::format(corpus, &place.citation, style, version)?;
                let emphasis = corpus.documents.first().and_then(|document| crate::cite::title_emphasis(document, style, &written));
                Ok(Step::Ready((written, emphasis)))
            }
            Step::Needs(names) => Ok(Step::Needs(names)),
        }
    }

    /// What a `<clause-cite>` card shows for a reference (see [`crate::card_view`]), once the
    /// document it names is loaded: the reference is read as the library reads it, then the card
    /// is built from that document's shard. Only a quote the cited clause does not hold builds the
    /// document's search index, to say where in the document the quote is.
    pub fn card(&self, reference: &str, options: &CardOptions) -> Result<Step<CardView>> {
        let place = match self.resolve(reference)? {
            Step::Ready(place) => place,
            Step::Needs(names) => return Ok(Step::Needs(names)),
        };
        let shard = match self.loaded_shard(place.document)? {
            Step::Ready(shard) => shard,
            Step::Needs(names) => return Ok(Step::Needs(names)),
        };
        let corpus = &shard.corpus;
        let tables = shard.tables.get_or_init(|| NameTables::new(corpus));
        let resolver = Resolver::new(corpus, tables);
        // The place, written as the shard's own canonical reference (ranges, sentences and the
        // version included), so the card reads exactly what the library read.
        let canonical = crate::cite::format(corpus, &place.citation, Style::Permalink, None)?;
        let canonical = canonical.trim_start_matches('#');
        let mut view = card_view(corpus, &resolver, None, canonical, options)?;
        if view.quote.as_ref().is_some_and(|check| check.status == QuoteStatus::NotFound) {
            let index = shard.index.get_or_init(|| crate::search::Index::new(corpus));
            view = card_view(corpus, &resolver, Some(index), canonical, options)?;
        }
        Ok(Step::Ready(view))
    }

    /// The ways to write the place chosen by its parts (a clause id, the last clause of a range,
    /// sentences counted in a version), as [`crate::reference_forms`] gives them for a corpus,
    /// once the clause's document is loaded. The human form is one that reads back to the same
    /// place in the whole library by the catalog's names alone, so a card with it as its `ref`
    /// fetches nothing but the catalog and that document; where no shorter form does, it is the
    /// canonical reference.
    pub fn reference(&self, id: &str, end: Option<&str>, sentences: Option<(u16, u16)>, version: Option<&str>) -> Result<Step<crate::cite::ReferenceForms>> {
        let Route::One(document) = self.route(id) else {
            return Err(Error::new(ErrorCode::UnknownCitation, format!("There is no clause with the id '{id}' in this library.")));
        };
        let corpus = match self.shard(document)? {
            Step::Ready(corpus) => corpus,
            Step::Needs(names) => return Ok(Step::Needs(names)),
        };
        let citation = crate::cite::citation_from_parts(corpus, id, end, sentences, version)?;
        let version = citation.version_hint.map(usize::from);
        let reads_back = |text: &str| {
            matches!(self.route(text), Route::One(routed) if routed == document)
                && matches!(self.shard_resolve(document, text), Ok(Step::Ready(Some(back))) if crate::cite::same_place(&back, &citation))
        };
        crate::cite::reference_forms_reading_back(corpus, &citation, version, reads_back).map(Step::Ready)
    }

    /// The citations inside running text, read in the outline (no document is loaded), each with
    /// its short citation.
    pub fn find_citations(&self, text: &str) -> Result<Step<Vec<(FoundCitation, String)>>> {
        let outline = match self.outline()? {
            Step::Ready(outline) => outline,
            Step::Needs(names) => return Ok(Step::Needs(names)),
        };
        let found = Resolver::new(&outline.corpus, &outline.tables).find(text);
        Ok(Step::Ready(
            found
                .into_iter()
                .map(|found| {
                    let cite = crate::cite::format(&outline.corpus, &found.citation, Style::Short, None).unwrap_or_else(|_| found.id.clone());
                    (found, cite)
                })
                .collect(),
        ))
    }

    /// The id of the last clause of a range citation found by [`Library::find_citations`].
    pub fn found_end_id(&self, found: &FoundCitation) -> Option<String> {
        let outline = self.outline.loaded()?;
        let document = outline.corpus.documents.get(found.citation.document as usize)?;
        found.citation.end_clause.and_then(|end| document.clauses.get(end as usize)).map(|clause| clause.id.clone())
    }

    /// The canonical reference of a found citation (its permalink form without the `#`, a
    /// range or sentences included), for links and cards; the clause id if it has none.
    pub fn found_reference(&self, found: &FoundCitation) -> String {
        self.outline
            .loaded()
            .and_then(|outline| crate::cite::format(&outline.corpus, &found.citation, Style::Permalink, None).ok())
            .map(|link| link.trim_start_matches('#').to_string())
            .unwrap_or_else(|| found.id.clone())
    }

    /// The place a found citation names (found citations are read in the outline, whose
    /// document indexes are the library's).
    pub fn place_of(&self, found: &FoundCitation) -> LibraryPlace {
        LibraryPlace { document: found.citation.document as usize, citation: Citation { document: 0, ..found.citation } }
    }

    /// Hands over the bytes of a file the library asked for. The bytes must be the file the
    /// catalog names (its length and checksum are checked); a file that is not is refused with
    /// `checksum-mismatch`, and the calls that need it fail with that error until the right bytes
    /// are added.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let Some((role, entry)) = self.entries.get(name).cloned() else {
            return Err(self.not_a_file(name));
        };
        let what = self.describe(role);
        let loaded = entry.check(bytes, &what).and_then(|()| self.decode(role, name, bytes));
        match loaded {
            Ok(()) => Ok(()),
            Err(error) => {
                self.set_failed(role, error.clone());
                Err(error)
            }
        }
    }

    /// Checks that `name` is a file this library's catalog (or its loaded search table) lists,
    /// as a host should before it fetches a file nobody asked for yet: a `prefetch` hint written
    /// into a page. A shard name of an earlier build of the library (`documents/<id>.<old
    /// checksum>.ccc`) is refused with the document's current shard name as the suggestion.
    pub fn check_file(&self, name: &str) -> Result<()> {
        if self.entries.contains_key(name) {
            Ok(())
        } else {
            Err(self.not_a_file(name))
        }
    }

    fn not_a_file(&self, name: &str) -> Error {
        let earlier_shard = FileEntry::shard_document(name).and_then(|document| self.document_position(document));
        match earlier_shard {
            Some(document) => {
                let current = self.shard_entries[document].name.clone();
                Error::new(
                    ErrorCode::LibraryFile,
                    format!(
                        "'{name}' is not a file of this library's catalog: the library was built again since that name was written, and document '{}' is now '{current}'.",
                        self.summary.documents[document].id
                    ),
                )
                .with_suggestions(vec![current])
            }
            None => Error::new(
                ErrorCode::LibraryFile,
                format!(
                    "'{name}' is not a file of this library's catalog: name only the files the library asks for, or a document's file as `clause-cite compile --library` prints it (documents/<id>.<checksum>.ccc)."
                ),
            ),
        }
    }

    /// Records that a file the library asked for could not be fetched or read (`reason` says
    /// why, as the host saw it): the calls that need it fail with `shard-unavailable` naming the
    /// file and its document, and every other call goes on.
    pub fn fail_file(&mut self, name: &str, reason: &str) {
        let Some((role, _)) = self.entries.get(name).cloned() else {
            return;
        };
        let what = self.describe(role);
        let error = Error::new(
            ErrorCode::ShardUnavailable,
            format!(
                "The file '{name}' ({what}) could not be loaded: {reason}. Only what needs this file fails; check that the library's files were all uploaded."
            ),
        );
        self.set_failed(role, error);
    }

    /// Forgets a loaded (or failed) file, so its memory is freed; it is asked for again when
    /// needed.
    pub fn unload(&mut self, name: &str) {
        if let Some((role, _)) = self.entries.get(name).cloned() {
            match role {
                Role::Outline => self.outline = Slot::Missing,
                Role::Shard(document) => {
                    self.shards[document] = Slot::Missing;
                    self.filtered.replace(None);
                }
                Role::Search => {
                    // The chunks and vocabulary are named by the search table.
                    let names: Vec<String> =
                        self.entries.iter().filter(|(_, (role, _))| matches!(role, Role::Chunk(_) | Role::Vocabulary)).map(|(name, _)| name.clone()).collect();
                    for name in names {
                        self.entries.remove(&name);
                    }
                    self.search = Slot::Missing;
                    self.chunks.clear();
                    self.vocabulary = Slot::Missing;
                }
                Role::Chunk(chunk) => self.chunks[chunk] = Slot::Missing,
                Role::Vocabulary => self.vocabulary = Slot::Missing,
            }
        }
    }

    /// The names of the files loaded now.
    pub fn loaded_files(&self) -> Vec<String> {
        let mut names: Vec<String> = self.entries.iter().filter(|(_, (role, _))| self.is_loaded(*role)).map(|(name, _)| name.clone()).collect();
        crate::order::sort(&mut names);
        names
    }

    /// The bytes of all files loaded now (as fetched), and of the catalog.
    pub fn loaded_bytes(&self) -> u64 {
        self.entries.values().filter(|(role, _)| self.is_loaded(*role)).map(|(_, entry)| entry.bytes).sum()
    }

    fn is_loaded(&self, role: Role) -> bool {
        match role {
            Role::Outline => self.outline.loaded().is_some(),
            Role::Shard(document) => self.shards[document].loaded().is_some(),
            Role::Search => self.search.loaded().is_some(),
            Role::Chunk(chunk) => self.chunks.get(chunk).and_then(Slot::loaded).is_some(),
            Role::Vocabulary => self.vocabulary.loaded().is_some(),
        }
    }

    fn describe(&self, role: Role) -> String {
        match role {
            Role::Outline => "the library's outline".to_string(),
            Role::Shard(document) => format!("document '{}'", self.summary.documents[document].id),
            Role::Search => "the library's search table".to_string(),
            Role::Chunk(chunk) => format!("search index chunk {chunk}"),
            Role::Vocabulary => "the library's search vocabulary".to_string(),
        }
    }

    fn set_failed(&mut self, role: Role, error: Error) {
        match role {
            Role::Outline => self.outline = Slot::Failed(error),
            Role::Shard(document) => self.shards[document] = Slot::Failed(error),
            Role::Search => self.search = Slot::Failed(error),
            Role::Chunk(chunk) => {
                if let Some(slot) = self.chunks.get_mut(chunk) {
                    *slot = Slot::Failed(error);
                }
            }
            Role::Vocabulary => self.vocabulary = Slot::Failed(error),
        }
    }

    fn decode(&mut self, role: Role, name: &str, bytes: &[u8]) -> Result<()> {
        match role {
            Role::Outline => {
                let corpus = Corpus::from_bytes(bytes)?;
                let fits = corpus.documents.len() == self.summary.documents.len()
                    && corpus.documents.iter().zip(&self.summary.documents).zip(&self.clause_counts).all(|((outline, summary), &count)| {
                        outline.id == summary.id && outline.clauses.len() == count as usize && outline.versions.len() == summary.versions.len()
                    });
                if !fits {
                    return Err(Error::new(
                        ErrorCode::LibraryFile,
                        format!("The outline '{name}' does not hold the documents the catalog lists; build the library again."),
                    ));
                }
                let tables = NameTables::new(&corpus);
                self.outline = Slot::Loaded(Outline { corpus, tables });
            }
            Role::Shard(document) => {
                let corpus = Corpus::from_bytes(bytes)?;
                let summary = &self.summary.documents[document];
                let fits = corpus.documents.len() == 1
                    && corpus.documents[0].id == summary.id
                    && corpus.documents[0].clauses.len() == self.clause_counts[document] as usize
                    && corpus.documents[0].versions.len() == summary.versions.len();
                if !fits {
                    return Err(Error::new(
                        ErrorCode::LibraryFile,
                        format!("The file '{name}' is not document '{}' as the catalog lists it; build the library again.", summary.id),
                    ));
                }
                self.shards[document] = Slot::Loaded(Shard { corpus, tables: OnceCell::new(), index: OnceCell::new() });
            }
            Role::Search => {
                let table: SearchTable = format::unframe(format::Kind::SearchTable, name, bytes)?;
                let mut words_before = Vec::with_capacity(table.chunks.len());
                let mut words = 0u32;
                for (position, chunk) in table.chunks.iter().enumerate() {
                    if position > 0 && table.chunks[position - 1].first >= chunk.first {
                        return Err(Error::new(
                            ErrorCode::LibraryFile,
                            format!("The search table '{name}' lists its chunks out of order; build the library again."),
                        ));
                    }
                    words_before.push(words);
                    words = words.saturating_add(chunk.words);
                }
                if table.chunks.len() >= 1 << 12 || table.lengths.len() > 32 {
                    return Err(Error::new(
                        ErrorCode::LibraryFile,
                        format!("The search table '{name}' is beyond this build's limits (4,096 chunks, 32 version ids); build the library again."),
                    ));
                }
                let mut named = vec![(Role::Vocabulary, table.vocabulary.clone())];
                named.extend(table.chunks.iter().enumerate().map(|(position, chunk)| (Role::Chunk(position), chunk.file.clone())));
                for (role, entry) in named {
                    if !format::is_safe_name(&entry.name) || self.entries.get(&entry.name).is_some_and(|(known, _)| *known != role) {
                        return Err(Error::new(
                            ErrorCode::LibraryFile,
                            format!(
                                "The search table '{name}' names a file '{}' that is not a plain relative path or is named twice; build the library again.",
                                entry.name
                            ),
                        ));
                    }
                    self.entries.insert(entry.name.clone(), (role, entry));
                }
                self.chunks = (0..table.chunks.len()).map(|_| Slot::Missing).collect();
                self.vocabulary = Slot::Missing;
                self.search = Slot::Loaded(LoadedSearch { table, words_before });
            }
            Role::Chunk(chunk) => {
                let list: format::TermList = format::unframe(format::Kind::TermChunk, name, bytes)?;
                let search =
                    self.search.loaded().ok_or_else(|| Error::new(ErrorCode::LibraryFile, "A search index chunk was added before the search table."))?;
                let entry = &search.table.chunks[chunk];
                let next = search.table.chunks.get(chunk + 1).map(|next| next.first.as_slice());
                let in_range = list.keys.first().is_none_or(|first| *first >= entry.first)
                    && list.keys.last().is_none_or(|last| next.is_none_or(|next| last.as_slice() < next))
                    && list.keys.iter().filter(|key| key.first() != Some(&format::CJK_MARK)).count() == entry.words as usize;
                if !in_range {
                    return Err(Error::new(
                        ErrorCode::LibraryFile,
                        format!("The search index chunk '{name}' holds terms outside its range; build the library again."),
                    ));
                }
                let (starts, summaries) = (&self.document_start, &self.summary.documents);
                let table = TermTable::read(list, name, |place, version| {
                    let document = starts.partition_point(|&start| start <= place).saturating_sub(1);
                    document + 1 < starts.len() && summaries.get(document).is_some_and(|document| (version as usize) < document.versions.len())
                })?;
                self.chunks[chunk] = Slot::Loaded(table);
            }
            Role::Vocabulary => {
                let vocabulary: format::Vocabulary = format::unframe(format::Kind::Vocabulary, name, bytes)?;
                let expected: u64 = self.search.loaded().map_or(0, |search| search.table.chunks.iter().map(|chunk| chunk.words as u64).sum());
                let sorted = vocabulary.words.windows(2).all(|pair| pair[0] < pair[1]);
                if vocabulary.words.len() as u64 != expected || !sorted {
                    return Err(Error::new(
                        ErrorCode::LibraryFile,
                        format!("The search vocabulary '{name}' does not fit the search table; build the library again."),
                    ));
                }
                self.vocabulary = Slot::Loaded(vocabulary.words);
            }
        }
        Ok(())
    }
}

/// The distinct version ids of a corpus's documents (at most 32) and each version's slot, as
/// the corpus's search index gives them.
fn version_slots(corpus: &Corpus) -> (Vec<String>, Vec<Vec<u8>>) {
    let mut names: Vec<String> = Vec::new();
    let mut slots = Vec::with_capacity(corpus.documents.len());
    for document in &corpus.documents {
        let mut own = Vec::with_capacity(document.versions.len());
        for version in &document.versions {
            let slot = match names.iter().position(|name| *name == version.id) {
                Some(slot) => slot,
                None if names.len() < 32 => {
                    names.push(version.id.clone());
                    names.len() - 1
                }
                None => 31,
            };
            own.push(slot as u8);
        }
        slots.push(own);
    }
    (names, slots)
}
