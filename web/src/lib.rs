//! The JavaScript bindings of clause-cite: the only Rust that knows JavaScript.
//!
//! One long-lived handle, [`ClauseCite`], owns a loaded corpus and, built on first use, its
//! search index and citation name tables. Each method is a thin call into the core. Results
//! cross the boundary as JavaScript values made by serde-wasm-bindgen from the core's views (the
//! same `Serialize` derives the CLI prints as JSON); option objects are deserialised with serde,
//! so a wrong option is refused here with the core's error type. Every error becomes, in one
//! place ([`into_error`]), the package's `ClauseCiteError` (registered by the package's
//! JavaScript under `Symbol.for('clause-cite.ClauseCiteError')`), with the core's stable `code`,
//! its message and its `suggestions`.

use std::cell::OnceCell;

use clause_cite::{
    card_view, citation_from_parts, clause_view, document_page, document_view, reference_forms, title_emphasis, CardOptions, Citation, ClauseView, Corpus,
    Error, ErrorCode, Index, NameTables, QuoteStatus, Resolver, SearchOptions, Style,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[cfg(feature = "library")]
mod library;

/// A loaded corpus, held by JavaScript for the life of the page.
#[wasm_bindgen]
pub struct ClauseCite {
    corpus: Corpus,
    /// The search index, built on the first search (a few milliseconds) rather than shipped.
    index: OnceCell<Index>,
    /// The citation parser's name tables, built on the first citation and kept.
    tables: OnceCell<NameTables>,
}

/// Turns a core error into the package's `ClauseCiteError`: a real subclass of `Error` when the
/// package's JavaScript has registered it (it always has, before any call), else a plain `Error`
/// with the same properties.
pub fn into_error(error: Error) -> JsValue {
    let suggestions: js_sys::Array = error.suggestions().iter().map(|text| JsValue::from_str(text)).collect();
    let code = JsValue::from_str(error.code().as_str());
    let message = JsValue::from_str(error.message());
    let registry = js_sys::Reflect::get(&js_sys::global(), &js_sys::Symbol::for_("clause-cite.ClauseCiteError")).unwrap_or(JsValue::UNDEFINED);
    if let Some(class) = registry.dyn_ref::<js_sys::Function>() {
        let arguments = js_sys::Array::of3(&code, &message, &suggestions);
        if let Ok(made) = js_sys::Reflect::construct(class, &arguments) {
            return made;
        }
    }
    let plain = js_sys::Error::new(error.message());
    plain.set_name("ClauseCiteError");
    let _ = js_sys::Reflect::set(&plain, &JsValue::from_str("code"), &code);
    let _ = js_sys::Reflect::set(&plain, &JsValue::from_str("suggestions"), &suggestions);
    plain.into()
}

/// Converts a view to a JavaScript value: maps as plain objects, in their order.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|why| into_error(Error::new(ErrorCode::InvalidArgument, format!("A result could not be converted for JavaScript: {why}"))))
}

/// Reads a string argument, or says what was given instead.
pub(crate) fn text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        let given = if value.is_null() { "null".to_string() } else { value.js_typeof().as_string().unwrap_or_default() };
        into_error(Error::new(ErrorCode::InvalidArgument, format!("{what} must be a string; got {given}.")))
    })
}

/// Reads an options object; `undefined` or `null` means the defaults.
pub(crate) fn options<T: for<'de> Deserialize<'de> + Default>(value: JsValue, what: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() {
        return Err(into_error(Error::new(ErrorCode::InvalidArgument, format!("The {what} options must be an object such as {{ limit: 5 }}."))));
    }
    let known = serde_aux::serde_introspection::serde_introspect::<T>();
    let keys = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>());
    for key in keys.iter().filter_map(|key| key.as_string()) {
        if !known.contains(&key.as_str()) {
            return Err(into_error(
                Error::new(ErrorCode::InvalidArgument, format!("The {what} options have no option '{key}'; the options are {}.", known.join(", ")))
                    .with_suggestions(known.iter().map(|name| name.to_string()).collect()),
            ));
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|why| into_error(Error::new(ErrorCode::InvalidArgument, format!("The {what} options are not valid: {why}."))))
}

/// The options of `search`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct SearchArguments {
    /// The most hits (1–1000): kept as given, so a wrong value is named in the error.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    limit: JsValue,
    /// A list of ids, or one id on its own: `['zh', 'en']` or `'zh'`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    versions: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    documents: JsValue,
    within: Option<String>,
}

/// A list of ids, or one id on its own: `['zh', 'en']` or `'zh'` (absent: none).
fn id_list(value: &JsValue, what: &str) -> Result<Vec<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if let Some(one) = value.as_string() {
        return Ok(vec![one]);
    }
    let wrong = || into_error(Error::new(ErrorCode::InvalidArgument, format!("The {what} option must be an array of strings, such as ['zh', 'en'].")));
    if !js_sys::Array::is_array(value) {
        return Err(wrong());
    }
    js_sys::Array::from(value).iter().map(|item| item.as_string().ok_or_else(wrong)).collect()
}

/// The parts of `reference`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ReferenceParts {
    id: Option<String>,
    end: Option<String>,
    sentences: Option<Sentences>,
    version: Option<String>,
}

/// A sentence number, or a range of two.
#[derive(Deserialize)]
#[serde(untagged)]
enum Sentences {
    One(u16),
    Range([u16; 2]),
}

/// `reference()`'s argument, read: the clause id, the range's last clause, the sentences as a
/// pair and the version they are counted in.
pub(crate) struct ChosenPlace {
    pub(crate) id: String,
    pub(crate) end: Option<String>,
    pub(crate) sentences: Option<(u16, u16)>,
    pub(crate) version: Option<String>,
}

impl ChosenPlace {
    pub(crate) fn read(parts: JsValue) -> Result<ChosenPlace, JsValue> {
        let parts: ReferenceParts = options(parts, "reference")?;
        let Some(id) = parts.id else {
            return Err(into_error(Error::new(ErrorCode::InvalidArgument, "reference() needs the id of a clause: { id: 'policy-paper__preface__para_3' }.")));
        };
        let sentences = match parts.sentences {
            None => None,
            Some(Sentences::One(one)) => Some((one, one)),
            Some(Sentences::Range([first, last])) => Some((first, last)),
        };
        Ok(ChosenPlace { id, end: parts.end, sentences, version: parts.version })
    }
}

/// The options of `cite`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct CiteArguments {
    pub(crate) style: Option<String>,
    pub(crate) version: Option<String>,
}

/// The options of `document`: a page of clauses.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct PageArguments {
    /// The first clause of the page (0-based).
    first: Option<u32>,
    /// The most clauses on the page (1 to the core's maximum).
    limit: Option<u32>,
}

/// What `lookup` returns: the clause's view and what the citation selected inside it.
#[derive(Serialize)]
pub(crate) struct LookupView {
    #[serde(flatten)]
    pub(crate) clause: ClauseView,
    pub(crate) citation: CitationPart,
}

#[derive(Serialize)]
pub(crate) struct CitationPart {
    /// The 1-based, inclusive sentence range the citation selected.
    pub(crate) sentences: Option<[u16; 2]>,
    /// The id of the last clause of a range.
    pub(crate) end: Option<String>,
    /// The version whose numbering or language the citation was written in.
    pub(crate) version: Option<String>,
}

/// A citation and where its title is in italics.
#[derive(Serialize)]
pub(crate) struct FormattedView {
    pub(crate) text: String,
    pub(crate) emphasis: Option<[u32; 2]>,
}

#[derive(Serialize)]
struct StylesView {
    all: Vec<&'static str>,
    card: Vec<&'static str>,
}

/// One citation found in running text, with UTF-16 offsets.
#[derive(Serialize)]
pub(crate) struct FoundView {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) text: String,
    pub(crate) id: String,
    /// The last clause of a range such as "(9)–(10)".
    pub(crate) end_id: Option<String>,
    /// The canonical reference of the whole citation (a range or sentences included), for
    /// links and cards.
    pub(crate) reference: String,
    pub(crate) cite: String,
}

#[wasm_bindgen]
impl ClauseCite {
    /// Loads a compiled corpus from `bytes`, or the default corpus when `bytes` is `undefined`.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Option<Vec<u8>>) -> Result<ClauseCite, JsValue> {
        let loaded = match bytes {
            Some(bytes) => Corpus::from_bytes(&bytes),
            #[cfg(feature = "embedded-corpus")]
            None => Corpus::from_bytes(clause_cite_default_corpus::BYTES),
            #[cfg(not(feature = "embedded-corpus"))]
            None => Err(Error::new(ErrorCode::CorpusUnavailable, "This build of clause-cite has no embedded corpus: open a compiled corpus or a library.")),
        };
        let corpus = loaded.map_err(into_error)?;
        Ok(ClauseCite { corpus, index: OnceCell::new(), tables: OnceCell::new() })
    }

    /// The corpus's id (for the default corpus, `lac-2025`).
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.corpus.id.clone()
    }

    /// Every document with its titles, versions and levels, without clauses.
    pub fn documents(&self) -> Result<JsValue, JsValue> {
        let views: Vec<_> = (0..self.corpus.documents.len()).map(|index| document_view(&self.corpus, index, false)).collect();
        to_js(&views)
    }

    /// One whole document: titles, versions, levels, every clause and every divergence.
    ///
    /// With options `{ first, limit }`, one page of it: the clauses `first..first + limit`, the
    /// divergences that name them, and `page: { first, clause_count, next }` (where the next page
    /// starts, or null), so a reader can show a large document a page at a time.
    pub fn document(&self, id: JsValue, options_value: JsValue) -> Result<JsValue, JsValue> {
        let id = text(&id, "The document id")?;
        let arguments: PageArguments = options(options_value, "document")?;
        let Some(index) = self.corpus.documents.iter().position(|document| document.id == id) else {
            return Err(into_error(self.unknown_document(&id)));
        };
        match (arguments.first, arguments.limit) {
            (None, None) => to_js(&document_view(&self.corpus, index, true)),
            (first, Some(limit)) => to_js(&document_page(&self.corpus, index, first.unwrap_or(0) as usize, limit as usize).map_err(into_error)?),
            (Some(_), None) => {
                Err(into_error(Error::new(ErrorCode::InvalidArgument, "The first option needs a limit: ask for a page such as { first: 0, limit: 500 }.")))
            }
        }
    }

    /// The clause a citation names, with every version's text, label, title and sentences, and
    /// what the citation selected inside it.
    pub fn lookup(&self, reference: JsValue) -> Result<JsValue, JsValue> {
        let citation = self.resolve(&text(&reference, "The reference")?)?;
        let document = &self.corpus.documents[citation.document as usize];
        to_js(&LookupView {
            clause: clause_view(&self.corpus, citation.reference()),
            citation: CitationPart {
                sentences: citation.sentences.map(|(first, last)| [first, last]),
                end: citation.end_clause.and_then(|end| document.clauses.get(end as usize)).map(|clause| clause.id.clone()),
                version: citation.version_hint.and_then(|version| document.versions.get(version as usize)).map(|version| version.id.clone()),
            },
        })
    }

    /// Writes the citation of `reference`: options `style` (default `chicago`) and `version`.
    pub fn cite(&self, reference: JsValue, options_value: JsValue) -> Result<String, JsValue> {
        let reference = text(&reference, "The reference")?;
        let arguments: CiteArguments = options(options_value, "cite")?;
        let citation = self.resolve(&reference)?;
        let style = Style::parse(arguments.style.as_deref().unwrap_or("chicago")).map_err(into_error)?;
        clause_cite::format(&self.corpus, &citation, style, arguments.version.as_deref()).map_err(into_error)
    }

    /// The citations inside running text.
    #[wasm_bindgen(js_name = findCitations)]
    pub fn find_citations(&self, value: JsValue) -> Result<JsValue, JsValue> {
        let input = text(&value, "The text")?;
        let found: Vec<FoundView> = self
            .resolver()
            .find(&input)
            .into_iter()
            .map(|found| FoundView {
                start: found.start_utf16,
                end: found.end_utf16,
                cite: short(&self.corpus, &found.citation),
                reference: clause_cite::format(&self.corpus, &found.citation, Style::Permalink, None)
                    .map(|link| link.trim_start_matches('#').to_string())
                    .unwrap_or_else(|_| found.id.clone()),
                end_id: found
                    .citation
                    .end_clause
                    .and_then(|end| self.corpus.documents[found.citation.document as usize].clauses.get(end as usize))
                    .map(|clause| clause.id.clone()),
                text: found.text,
                id: found.id,
            })
            .collect();
        to_js(&found)
    }

    /// Searches every version of every clause: options `limit`, `versions`, `documents`,
    /// `within`.
    pub fn search(&self, query: JsValue, options_value: JsValue) -> Result<JsValue, JsValue> {
        let query = text(&query, "The query")?;
        let search_options = search_options(options_value)?;
        let index = self.index.get_or_init(|| Index::new(&self.corpus));
        let hits = index.search(&self.corpus, &query, &search_options).map_err(into_error)?;
        to_js(&hits)
    }

    /// What a `<clause-cite>` card shows for `reference`: options `versions` and `sentence` (the
    /// attributes as written), `language` (the page's), `quote` (the author's fallback quote, to
    /// check and to narrow to) and `whole`.
    pub fn card(&self, reference: JsValue, options_value: JsValue) -> Result<JsValue, JsValue> {
        let reference = text(&reference, "The reference")?;
        let card_options: CardOptions = options(options_value, "card")?;
        let resolver = self.resolver();
        let mut view = card_view(&self.corpus, &resolver, None, &reference, &card_options).map_err(into_error)?;
        // Only a quote the cited clause does not hold needs the search index, to say where it is.
        if view.quote.as_ref().is_some_and(|check| check.status == QuoteStatus::NotFound) {
            let index = self.index.get_or_init(|| Index::new(&self.corpus));
            view = card_view(&self.corpus, &resolver, Some(index), &reference, &card_options).map_err(into_error)?;
        }
        to_js(&view)
    }

    /// A citation with where its title is set in italics: `{ text, emphasis: [start, end] }` in
    /// UTF-16 offsets (`emphasis` is null for the styles that set no italics).
    #[wasm_bindgen(js_name = citeFormatted)]
    pub fn cite_formatted(&self, reference: JsValue, options_value: JsValue) -> Result<JsValue, JsValue> {
        let reference = text(&reference, "The reference")?;
        let arguments: CiteArguments = options(options_value, "cite")?;
        let citation = self.resolve(&reference)?;
        let style = Style::parse(arguments.style.as_deref().unwrap_or("chicago")).map_err(into_error)?;
        let written = clause_cite::format(&self.corpus, &citation, style, arguments.version.as_deref()).map_err(into_error)?;
        let emphasis = title_emphasis(&self.corpus.documents[citation.document as usize], style, &written);
        to_js(&FormattedView { text: written, emphasis })
    }

    /// The citation styles: `{ all: [...], card: [...] }`, the names `cite` reads, and the ones a
    /// card's menu offers, in order.
    pub fn styles(&self) -> Result<JsValue, JsValue> {
        styles_view()
    }

    /// The ways to write a citation chosen by its parts: `{ id, end, sentences, version }`
    /// (`sentences` a number or `[first, last]`, counted in `version`). Returns `{ reference,
    /// human, cite, cite_zh }`: the canonical reference, the shortest human form that reads back
    /// to the same place (for a card's `ref`), and the short citations.
    pub fn reference(&self, parts: JsValue) -> Result<JsValue, JsValue> {
        let place = ChosenPlace::read(parts)?;
        let citation = citation_from_parts(&self.corpus, &place.id, place.end.as_deref(), place.sentences, place.version.as_deref()).map_err(into_error)?;
        let version = citation.version_hint.map(usize::from);
        to_js(&reference_forms(&self.corpus, &self.resolver(), &citation, version).map_err(into_error)?)
    }

    /// Builds the search index now (it is otherwise built by the first search).
    #[wasm_bindgen(js_name = prepareSearch)]
    pub fn prepare_search(&self) {
        self.index.get_or_init(|| Index::new(&self.corpus));
    }

    /// A test hook, not part of the API: it traps on purpose, as a bug deep in the core would
    /// (this build aborts on a panic, which WebAssembly reports as a trap), so the tests can
    /// check that the package discards an instance that trapped and serves the next call from a
    /// fresh one. Like a trap in the middle of real work it leaves its stack frame behind, since
    /// a trap never restores the shadow stack pointer: 1 KB each time, so about a thousand of
    /// them would exhaust an instance that was kept.
    #[wasm_bindgen(js_name = __trapForTesting)]
    pub fn trap_for_testing() {
        let mut frame = [0u8; 1024];
        std::hint::black_box(&mut frame);
        panic!("a deliberate trap, from the test hook");
    }
}

/// The citation styles as `{ all, card }`: every name `cite` reads, and a card's menu in order.
pub(crate) fn styles_view() -> Result<JsValue, JsValue> {
    let names = |styles: &[Style]| styles.iter().map(|style| style.name()).collect::<Vec<_>>();
    to_js(&StylesView { all: names(Style::ALL), card: names(Style::CARD_MENU) })
}

/// Reads the options of `search`: `limit`, `versions`, `documents`, `within`.
pub(crate) fn search_options(options_value: JsValue) -> Result<SearchOptions, JsValue> {
    let arguments: SearchArguments = options(options_value, "search")?;
    let limit = if arguments.limit.is_undefined() || arguments.limit.is_null() { Some(10.0) } else { arguments.limit.as_f64() };
    let limit = match limit {
        Some(limit) if limit.fract() == 0.0 && (1.0..=1000.0).contains(&limit) => limit as usize,
        _ => {
            let given = match arguments.limit.as_f64() {
                Some(number) => describe_number(number),
                None => arguments.limit.js_typeof().as_string().map(|kind| format!("a {kind}")).unwrap_or_default(),
            };
            return Err(into_error(Error::new(ErrorCode::BadLimit, format!("The limit must be a whole number from 1 to 1000; it was {given}."))));
        }
    };
    Ok(SearchOptions {
        limit,
        versions: id_list(&arguments.versions, "versions")?,
        documents: id_list(&arguments.documents, "documents")?,
        within: arguments.within,
    })
}

impl ClauseCite {
    fn resolver(&self) -> Resolver<'_> {
        Resolver::new(&self.corpus, self.tables.get_or_init(|| NameTables::new(&self.corpus)))
    }

    fn resolve(&self, reference: &str) -> Result<Citation, JsValue> {
        self.resolver().resolve(reference).map_err(into_error)
    }

    fn unknown_document(&self, id: &str) -> Error {
        let known: Vec<String> = self.corpus.documents.iter().map(|document| document.id.clone()).collect();
        Error::new(ErrorCode::UnknownDocument, format!("No document has the id '{id}'. The documents are: {}.", known.join(", "))).with_suggestions(known)
    }
}

/// The short English citation, or the clause id should formatting fail.
fn short(corpus: &Corpus, citation: &Citation) -> String {
    clause_cite::format(corpus, citation, Style::Short, None).unwrap_or_else(|_| clause_cite::citation_id(corpus, citation))
}

/// A number as a message shows it, without the float formatter (which would add a dozen
/// kilobytes to the wasm for this one message): whole numbers as digits, others as "a fraction".
fn describe_number(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        (value as i64).to_string()
    } else if value.is_nan() {
        "not a number".to_string()
    } else {
        "a fraction".to_string()
    }
}
