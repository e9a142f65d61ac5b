//! The JavaScript bindings: the only module that knows about JavaScript.
//!
//! One long-lived handle, [`ClauseCite`], owns a loaded [`Corpus`]. Each method is a thin call
//! into the core that returns a small result converted with `serde-wasm-bindgen`, or throws a
//! real JavaScript `Error` whose `code` property is the core's stable error code, whose message
//! is the core's message and, where the core has them, whose `suggestions` property lists what
//! the caller may have meant. The hand-written JavaScript in `pkg-template/` wraps this handle
//! in the package's ergonomic API (`open()`, `ClauseCiteError`).

use crate::corpus::{ClauseRef, Corpus};
use crate::view::{clause_view, document_view};
use js_sys::{Array, Error, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A loaded corpus, held by JavaScript for the life of the page.
#[wasm_bindgen]
pub struct ClauseCite {
    corpus: Corpus,
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

/// Converts a view to a JavaScript value: maps become plain objects (not `Map`s) and `None`
/// becomes `null`, so the result has the same shape as the CLI's JSON.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(|_| {
        error_value(
            "internal-error",
            "clause-cite could not convert a result to JavaScript.",
            &[],
        )
    })
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
            Ok(corpus) => Ok(ClauseCite { corpus }),
            Err(error) => Err(error_value(error.code(), &error.message(), &[])),
        }
    }

    /// The corpus's id (for the default corpus, `lac-2025`).
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.corpus.id.clone()
    }

    /// Every document with its titles and versions, without clauses.
    pub fn documents(&self) -> Result<JsValue, JsValue> {
        let views: Vec<_> = (0..self.corpus.documents.len())
            .map(|index| document_view(&self.corpus, index, false))
            .collect();
        to_js(&views)
    }

    /// One whole document: titles, versions, every clause and every divergence.
    pub fn document(&self, id: &str) -> Result<JsValue, JsValue> {
        match self
            .corpus
            .documents
            .iter()
            .position(|document| document.id == id)
        {
            Some(index) => to_js(&document_view(&self.corpus, index, true)),
            None => Err(self.unknown_document(id)),
        }
    }

    /// The clause a reference names, with every version's text, label, title and sentences.
    pub fn lookup(&self, reference: &str) -> Result<JsValue, JsValue> {
        let found = self.resolve_id(reference)?;
        let view = LookupView {
            clause: clause_view(&self.corpus, found),
            citation: CitationPart {
                sentences: None,
                end: None,
            },
        };
        to_js(&view)
    }
}

impl ClauseCite {
    /// Finds a clause by its stable id, or builds the error that says what is valid.
    fn resolve_id(&self, reference: &str) -> Result<ClauseRef, JsValue> {
        let trimmed = reference.trim();
        if trimmed.is_empty() {
            return Err(error_value(
                "empty-citation",
                "The citation is empty: give a clause id such as 'pt_3__prog_2__sec_9__para_3'.",
                &[],
            ));
        }
        match self.corpus.clause_by_id(trimmed) {
            Some(found) => Ok(found),
            None => {
                let mut message = String::from("No clause has the id '");
                message.push_str(trimmed);
                message.push_str(
                    "'. Clause ids look like 'preface__para_3' or 'pt_3__prog_2__sec_9__para_3'.",
                );
                Err(error_value("unknown-citation", &message, &[]))
            }
        }
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
        message.push_str(&known.join(", "));
        message.push('.');
        error_value("unknown-document", &message, &known)
    }
}

/// What `lookup` returns: the clause's view and, beside it, what the citation selected inside
/// the clause (a sentence range, the end of a clause range).
#[derive(Serialize)]
struct LookupView {
    #[serde(flatten)]
    clause: crate::view::ClauseView,
    citation: CitationPart,
}

#[derive(Serialize)]
struct CitationPart {
    sentences: Option<[u16; 2]>,
    end: Option<String>,
}
