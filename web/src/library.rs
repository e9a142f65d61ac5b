//! The JavaScript bindings of a library ([`clause_cite::Library`]): a handle that holds the
//! catalog and the files added so far, and never does I/O itself. Each call that may need a file
//! returns a *step*: `{ value }` with the answer, or `{ needs: [names] }` with the files to fetch
//! (relative to the library's address) and hand over with `addFile` (or report with `failFile`)
//! before calling again. The package's JavaScript (`api.js`) runs these loops with `fetch` in
//! browsers and `fs` in Node; results, options and errors are the same as the corpus handle's.

use clause_cite::{CardOptions, Library, LibraryPlace, Step, Style};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{into_error, options, search_options, text, to_js, CitationPart, CiteArguments, FormattedView, FoundView, LookupView};

/// A library read from its catalog, held by JavaScript for the life of the page.
#[wasm_bindgen]
pub struct ClauseCiteLibrary {
    library: Library,
}

/// What a call gives: the answer, or the files it needs first.
#[derive(Serialize)]
struct StepView<T: Serialize> {
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    needs: Option<Vec<String>>,
}

fn step_to_js<T: Serialize>(step: Step<T>) -> Result<JsValue, JsValue> {
    match step {
        Step::Ready(value) => to_js(&StepView { value: Some(value), needs: None }),
        Step::Needs(names) => to_js(&StepView::<T> { value: None, needs: Some(names) }),
    }
}

/// What a search gives with the files loaded so far.
#[derive(Serialize)]
struct SearchView {
    hits: Vec<clause_cite::Hit>,
    /// The files the search still needs; empty when `hits` are final.
    needs: Vec<String>,
    /// True when `needs` are the hits' documents, the best hit's first.
    best_first: bool,
    /// Documents not searched because their file failed to load: `{ document, message }`.
    unavailable: Vec<UnavailableView>,
}

#[derive(Serialize)]
struct UnavailableView {
    document: String,
    message: String,
}

#[wasm_bindgen]
impl ClauseCiteLibrary {
    /// Reads a library's catalog (the bytes of its `catalog.ccl`).
    #[wasm_bindgen(constructor)]
    pub fn new(catalog: Vec<u8>) -> Result<ClauseCiteLibrary, JsValue> {
        Ok(ClauseCiteLibrary { library: Library::open(&catalog).map_err(into_error)? })
    }

    /// The library's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.library.id().to_string()
    }

    /// Every document with its titles, versions and levels, from the catalog (loads nothing).
    pub fn documents(&self) -> Result<JsValue, JsValue> {
        to_js(&self.library.documents())
    }

    /// One whole document: a step whose value is its view.
    pub fn document(&self, id: JsValue) -> Result<JsValue, JsValue> {
        let id = text(&id, "The document id")?;
        step_to_js(self.library.document(&id).map_err(into_error)?)
    }

    /// The ways to write a place chosen by its parts, as `reference` on a corpus gives them: a
    /// step. The human form reads back to the same place by the catalog's names alone.
    pub fn reference(&self, parts: JsValue) -> Result<JsValue, JsValue> {
        let place = crate::ChosenPlace::read(parts)?;
        step_to_js(self.library.reference(&place.id, place.end.as_deref(), place.sentences, place.version.as_deref()).map_err(into_error)?)
    }

    /// The name of a document's file (`documents/<id>.<checksum>.ccc`), for a card's `prefetch`.
    #[wasm_bindgen(js_name = documentFile)]
    pub fn document_file(&self, id: JsValue) -> Result<String, JsValue> {
        let id = text(&id, "The document id")?;
        let position = self.library.document_position(&id).ok_or_else(|| into_error(self.library.unknown_document(&id)))?;
        Ok(self.library.shard_name(position).unwrap_or_default().to_string())
    }

    /// The clause a citation names, as `lookup` on a corpus gives it: a step.
    pub fn lookup(&self, reference: JsValue) -> Result<JsValue, JsValue> {
        let reference = text(&reference, "The reference")?;
        let place = match self.library.resolve(&reference).map_err(into_error)? {
            Step::Ready(place) => place,
            Step::Needs(names) => return step_to_js(Step::<()>::Needs(names)),
        };
        let view = match self.library.clause_view(&place).map_err(into_error)? {
            Step::Ready(view) => view,
            Step::Needs(names) => return step_to_js(Step::<()>::Needs(names)),
        };
        let corpus = match self.library.shard(place.document).map_err(into_error)? {
            Step::Ready(corpus) => corpus,
            Step::Needs(names) => return step_to_js(Step::<()>::Needs(names)),
        };
        let document = &corpus.documents[0];
        let citation = place.citation;
        step_to_js(Step::Ready(LookupView {
            clause: view,
            citation: CitationPart {
                sentences: citation.sentences.map(|(first, last)| [first, last]),
                end: citation.end_clause.and_then(|end| document.clauses.get(end as usize)).map(|clause| clause.id.clone()),
                version: citation.version_hint.and_then(|version| document.versions.get(version as usize)).map(|version| version.id.clone()),
            },
        }))
    }

    /// Writes the citation of `reference` (options `style`, default `chicago`, and `version`): a
    /// step whose value is the text.
    pub fn cite(&self, reference: JsValue, options_value: JsValue) -> Result<JsValue, JsValue> {
        let reference = text(&reference, "The reference")?;
        let arguments: CiteArguments = options(options_value, "cite")?;
        let style = Style::parse(arguments.style.as_deref().unwrap_or("chicago")).map_err(into_error)?;
        let place: LibraryPlace = match self.library.resolve(&reference).map_err(into_error)? {
            Step::Ready(place) => place,
            Step::Needs(names) => return step_to_js(Step::<()>::Needs(names)),
        };
        step_to_js(self.library.format(&place, style, arguments.version.as_deref()).map_err(into_error)?)
    }

    /// What a `<clause-cite>` card shows for a reference (options as the corpus's `card`): a
    /// step, which may need the outline and the document.
    pub fn card(&self, reference: JsValue, options_value: JsValue) -> Result<JsValue, JsValue> {
        let reference = text(&reference, "The reference")?;
        let card_options: CardOptions = options(options_value, "card")?;
        step_to_js(self.library.card(&reference, &card_options).map_err(into_error)?)
    }

    /// A citation with where its title is set in italics (as the corpus's `citeFormatted`): a
    /// step.
    #[wasm_bindgen(js_name = citeFormatted)]
    pub fn cite_formatted(&self, reference: JsValue, options_value: JsValue) -> Result<JsValue, JsValue> {
        let reference = text(&reference, "The reference")?;
        let arguments: CiteArguments = options(options_value, "cite")?;
        let style = Style::parse(arguments.style.as_deref().unwrap_or("chicago")).map_err(into_error)?;
        let place: LibraryPlace = match self.library.resolve(&reference).map_err(into_error)? {
            Step::Ready(place) => place,
            Step::Needs(names) => return step_to_js(Step::<()>::Needs(names)),
        };
        let step = self.library.format_with_emphasis(&place, style, arguments.version.as_deref()).map_err(into_error)?;
        step_to_js(step.map(|(text, emphasis)| FormattedView { text, emphasis }))
    }

    /// The citation styles (as the corpus's `styles`).
    pub fn styles(&self) -> Result<JsValue, JsValue> {
        crate::styles_view()
    }

    /// The citations inside running text (read in the outline; no document is loaded): a step.
    #[wasm_bindgen(js_name = findCitations)]
    pub fn find_citations(&self, value: JsValue) -> Result<JsValue, JsValue> {
        let input = text(&value, "The text")?;
        let found = match self.library.find_citations(&input).map_err(into_error)? {
            Step::Ready(found) => found,
            Step::Needs(names) => return step_to_js(Step::<()>::Needs(names)),
        };
        let views: Vec<FoundView> = found
            .into_iter()
            .map(|(found, cite)| FoundView {
                start: found.start_utf16,
                end: found.end_utf16,
                end_id: self.library.found_end_id(&found),
                reference: self.library.found_reference(&found),
                cite,
                text: found.text,
                id: found.id,
            })
            .collect();
        step_to_js(Step::Ready(views))
    }

    /// Searches with the files loaded so far: `{ hits, needs, unavailable }`; the hits are final
    /// when `needs` is empty.
    pub fn search(&self, query: JsValue, options_value: JsValue) -> Result<JsValue, JsValue> {
        let query = text(&query, "The query")?;
        let search_options = search_options(options_value)?;
        let step = self.library.search(&query, &search_options).map_err(into_error)?;
        to_js(&SearchView {
            hits: step.hits,
            needs: step.needs,
            best_first: step.best_first,
            unavailable: step.unavailable.into_iter().map(|(document, message)| UnavailableView { document, message }).collect(),
        })
    }

    /// The file a search needs first (the search table), to fetch before the first query.
    #[wasm_bindgen(js_name = searchNeeds)]
    pub fn search_needs(&self) -> Result<Vec<String>, JsValue> {
        let step = self.library.search("", &clause_cite::SearchOptions::default()).map_err(into_error)?;
        Ok(step.needs)
    }

    /// Hands over the bytes of a file the library asked for; refuses bytes that are not the
    /// file the catalog names (`checksum-mismatch`), and then fails the calls that need it.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: JsValue, bytes: Vec<u8>) -> Result<(), JsValue> {
        let name = text(&name, "The file name")?;
        self.library.add_file(&name, &bytes).map_err(into_error)
    }

    /// Checks that `name` is a file the catalog lists (for a host that fetched a file before the
    /// catalog asked for it, from a `prefetch` hint); throws `library-file` otherwise, with the
    /// document's current file as the suggestion when the name is an earlier build's.
    #[wasm_bindgen(js_name = checkFile)]
    pub fn check_file(&self, name: JsValue) -> Result<(), JsValue> {
        let name = text(&name, "The file name")?;
        self.library.check_file(&name).map_err(into_error)
    }

    /// Records that a file could not be fetched (`reason` says why): the calls that need it fail
    /// with `shard-unavailable`, every other call goes on.
    #[wasm_bindgen(js_name = failFile)]
    pub fn fail_file(&mut self, name: JsValue, reason: JsValue) -> Result<(), JsValue> {
        let name = text(&name, "The file name")?;
        let reason = text(&reason, "The reason")?;
        self.library.fail_file(&name, &reason);
        Ok(())
    }

    /// Forgets a loaded file, freeing its memory; it is asked for again when needed.
    pub fn unload(&mut self, name: JsValue) -> Result<(), JsValue> {
        let name = text(&name, "The file name")?;
        self.library.unload(&name);
        Ok(())
    }

    /// The names of the files loaded now.
    #[wasm_bindgen(js_name = loadedFiles)]
    pub fn loaded_files(&self) -> Vec<String> {
        self.library.loaded_files()
    }

    /// The bytes of the files loaded now, as fetched.
    #[wasm_bindgen(js_name = loadedBytes)]
    pub fn loaded_bytes(&self) -> f64 {
        self.library.loaded_bytes() as f64
    }
}
