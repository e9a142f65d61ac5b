//! The JavaScript bindings: the only module that knows about JavaScript.
//!
//! One long-lived handle, [`ClauseCite`], owns a loaded [`Corpus`]. Each method is a thin call
//! into the core that returns a small result as JSON text (written by `json.rs`; the JavaScript
//! wrapper parses it), or throws a real JavaScript `Error` whose `code` property is the core's
//! stable error code, whose message is the core's message and, where the core has them, whose
//! `suggestions` property lists what the caller may have meant. The hand-written JavaScript in
//! `pkg-template/` wraps this handle in the package's ergonomic API (`open()`,
//! `ClauseCiteError`).

use crate::prelude::*;

use crate::cite::{self, Citation, CiteError, NameTables, Resolver, Style};
use crate::corpus::{ClauseRef, Corpus};
use crate::json::{to_json, JsonWriter, ToJson};
use crate::search::{Index, SearchOptions};
use crate::view::{clause_view, document_view};
use core::cell::OnceCell;
use js_sys::{Array, Error, Reflect};
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A loaded corpus, held by JavaScript for the life of the page.
#[wasm_bindgen]
pub struct ClauseCite {
    corpus: Corpus,
    /// The search index, built on the first search (a few milliseconds) rather than shipped.
    index: OnceCell<Index>,
    /// The citation parser's name tables, built on the first citation (about half a
    /// millisecond) and kept, so a page of many cards does not rebuild them for each.
    tables: OnceCell<NameTables>,
}

/// Builds the JavaScript `Error` every binding throws: `message` from the core, plus a `code`
/// property with the stable error code and a `suggestions` array (empty when there are none).
pub fn error_value(code: &str, message: &str, suggestions: &[String]) -> JsValue {
    let error = Error::new(message);
    let suggestion_array: Array = suggestions
        .iter()
        .map(|text| JsValue::from_str(text))
        .collect();
    // Setting a property on a freshly created plain object cannot fail, so the results are ignored.
    let _ = Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    let _ = Reflect::set(&error, &JsValue::from_str("suggestions"), &suggestion_array);
    error.into()
}

/// Without the standard library there is no panic handler: a panic (which no input should
/// cause; the fuzz tests look for them) stops the wasm with a trap, which JavaScript sees as a
/// `RuntimeError`. Leaving out the standard one drops its message formatting from the build.
/// The wasm tests link the standard library, which brings its own, so they build without the
/// `panic-handler` feature.
#[cfg(feature = "panic-handler")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[wasm_bindgen]
impl ClauseCite {
    /// Loads a compiled corpus from `bytes`, or the embedded default corpus when `bytes` is
    /// `undefined`. Throws an `Error` with the load error's code when the bytes are not a valid
    /// compiled corpus.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Option<Vec<u8>>) -> Result<ClauseCite, JsValue> {
        let loaded = match bytes {
            Some(bytes) => Corpus::from_bytes(&bytes),
            None => crate::default_corpus(),
        };
        match loaded {
            Ok(corpus) => Ok(ClauseCite {
                corpus,
                index: OnceCell::new(),
                tables: OnceCell::new(),
            }),
            Err(error) => Err(error_value(error.code(), &error.message(), &[])),
        }
    }

    /// The corpus's id (for the default corpus, `lac-2025`).
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.corpus.id.clone()
    }

    /// Every document with its titles and versions, without clauses.
    pub fn documents(&self) -> Result<String, JsValue> {
        let views: Vec<_> = (0..self.corpus.documents.len())
            .map(|index| document_view(&self.corpus, index, false))
            .collect();
        Ok(to_json(&views))
    }

    /// One whole document: titles, versions, every clause and every divergence.
    pub fn document(&self, id: &str) -> Result<String, JsValue> {
        match self
            .corpus
            .documents
            .iter()
            .position(|document| document.id == id)
        {
            Some(index) => Ok(to_json(&document_view(&self.corpus, index, true))),
            None => Err(self.unknown_document(id)),
        }
    }

    /// The clause a citation names (a stable id or any citation the citation grammar reads:
    /// "Development Program (9) ¶3", "发展工程(九)第3段", "pt_1 ¶2–3", …), with every version's
    /// text, label, title and sentences, and what the citation selected inside it.
    pub fn lookup(&self, reference: &str) -> Result<String, JsValue> {
        let citation = self.resolve(reference)?;
        let document = &self.corpus.documents[citation.document as usize];
        let view = LookupView {
            clause: clause_view(
                &self.corpus,
                ClauseRef {
                    document: citation.document,
                    clause: citation.clause,
                },
            ),
            citation: CitationPart {
                sentences: citation.sentences.map(|(first, last)| [first, last]),
                end: citation
                    .end_clause
                    .and_then(|end| document.clauses.get(end as usize))
                    .map(|clause| clause.id.clone()),
                version: citation
                    .version_hint
                    .and_then(|version| document.versions.get(version as usize))
                    .map(|version| version.id.clone()),
            },
        };
        Ok(to_json(&view))
    }

    /// Writes the citation of `reference` in `style` (default `chicago`), quoting `version`
    /// (default: the style's own default version).
    pub fn cite(
        &self,
        reference: &str,
        style: Option<String>,
        version: Option<String>,
    ) -> Result<String, JsValue> {
        let citation = self.resolve(reference)?;
        let style = Style::parse(style.as_deref().unwrap_or("chicago")).map_err(cite_error)?;
        cite::format(&self.corpus, &citation, style, version.as_deref()).map_err(cite_error)
    }

    /// The citations inside running text, with `start`/`end` in UTF-16 code units (what
    /// JavaScript's `String.prototype.slice` takes), the text as written, the clause id and the
    /// short English citation.
    #[wasm_bindgen(js_name = findCitations)]
    pub fn find_citations(&self, text: &str) -> String {
        let found: Vec<FoundView> = self
            .resolver()
            .find(text)
            .into_iter()
            .map(|found| FoundView {
                start: found.start_utf16,
                end: found.end_utf16,
                cite: short_citation(&self.corpus, &found.citation),
                text: found.text,
                id: found.id,
            })
            .collect();
        to_json(&found)
    }

    /// Searches every version of every clause. `limit` has been checked by the JavaScript
    /// wrapper to be a whole number; empty `versions`/`documents` mean all.
    pub fn search(
        &self,
        query: &str,
        limit: u32,
        versions: Vec<String>,
        documents: Vec<String>,
        within: Option<String>,
    ) -> Result<String, JsValue> {
        let options = SearchOptions {
            limit: limit as usize,
            versions,
            documents,
            within,
        };
        let index = self.index.get_or_init(|| Index::new(&self.corpus));
        match index.search(&self.corpus, query, &options) {
            Ok(hits) => Ok(to_json(&hits)),
            Err(error) => Err(error_value(error.code, &error.message, &[])),
        }
    }

    /// Builds the search index now (it is otherwise built by the first search), so a page can
    /// pay for it while idle.
    #[wasm_bindgen(js_name = prepareSearch)]
    pub fn prepare_search(&self) {
        self.index.get_or_init(|| Index::new(&self.corpus));
    }
}

impl ClauseCite {
    fn resolver(&self) -> Resolver<'_> {
        Resolver::new(
            &self.corpus,
            self.tables.get_or_init(|| NameTables::new(&self.corpus)),
        )
    }

    fn resolve(&self, reference: &str) -> Result<Citation, JsValue> {
        self.resolver().resolve(reference).map_err(cite_error)
    }

    fn unknown_document(&self, id: &str) -> JsValue {
        let known: Vec<String> = self
            .corpus
            .documents
            .iter()
            .map(|document| document.id.clone())
            .collect();
        let mut message = String::from("No document has the id '");
        message.push_str(id);
        message.push_str("'. The documents are: ");
        message.push_str(&cite::separated(&known, ", "));
        message.push('.');
        error_value("unknown-document", &message, &known)
    }
}

/// What `lookup` returns: the clause's view and, beside it, what the citation selected inside
/// the clause (a sentence range, the end of a clause range).
struct LookupView {
    clause: crate::view::ClauseView,
    citation: CitationPart,
}

impl ToJson for LookupView {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        self.clause.write_members(json);
        json.key("citation");
        json.begin_object();
        json.key("sentences");
        match &self.citation.sentences {
            Some(range) => range.write_json(json),
            None => json.null(),
        }
        json.optional_member("end", self.citation.end.as_deref());
        json.optional_member("version", self.citation.version.as_deref());
        json.end_object();
        json.end_object();
    }
}

struct CitationPart {
    /// The 1-based, inclusive sentence range the citation selected.
    sentences: Option<[u16; 2]>,
    /// The id of the last clause of a range.
    end: Option<String>,
    /// The version whose numbering or language the citation was written in.
    version: Option<String>,
}

/// One citation found in running text.
struct FoundView {
    start: u32,
    end: u32,
    text: String,
    id: String,
    cite: String,
}

impl ToJson for FoundView {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        json.number_member("start", u64::from(self.start));
        json.number_member("end", u64::from(self.end));
        json.string_member("text", &self.text);
        json.string_member("id", &self.id);
        json.string_member("cite", &self.cite);
        json.end_object();
    }
}

/// Converts the citation module's error to the JavaScript `Error` with its code, message and
/// suggestions.
fn cite_error(error: CiteError) -> JsValue {
    error_value(error.code, &error.message, &error.suggestions)
}

/// The short English citation, or the clause id should formatting fail (it cannot for a
/// citation the resolver produced, but a wrong answer must never be a panic).
fn short_citation(corpus: &Corpus, citation: &Citation) -> String {
    cite::format(corpus, citation, Style::Short, None)
        .unwrap_or_else(|_| cite::citation_id(corpus, citation))
}
