//! The document builder's WebAssembly module: the corpus compiler, run in the browser by the
//! "Add a document" page (in a Web Worker, so a long compile never blocks the page).
//!
//! A draft (the pasted texts, their metadata and the person's fixes) becomes a corpus directory
//! exactly as `clause-cite new` writes one plus the fixes, compiled by the same
//! `clause_cite::compile` the CLI runs: the directory this module returns rebuilds, with
//! `clause-cite compile`, to the same bytes as the corpus it returns. Only this page loads this
//! module; the widget's module (`web/`) is built without the compiler.

// The one-merge-sort rule keeps the card page's wasm small; this page's module is measured on
// its own (bench/builder.mjs) and sorts with std.
#![allow(clippy::disallowed_methods)]

#[cfg(feature = "gloo")]
pub mod browser;
pub mod draft;
pub mod review;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use clause_cite::{format, resolve, Corpus, Index, SearchOptions, Style};
use draft::{BuildError, Built, Draft};
use review::Reviewed;

/// The serializer every result goes through: maps as plain objects, so the page reads fields.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|why| JsValue::from_str(&why.to_string()))
}

fn build_error(error: &BuildError) -> JsValue {
    to_js(error).unwrap_or_else(|why| why)
}

/// A compiled draft, kept in the worker so the page can ask for rows, citations and searches
/// without compiling again.
#[wasm_bindgen]
pub struct Build {
    built: Built,
    reviewed: Reviewed,
    index: Option<Index>,
}

impl Build {
    fn corpus(&self) -> &Corpus {
        &self.built.compiled.corpus
    }
}

/// Compiles a draft (`{ documentId, versions: [{ text, fileName, lang, role, title, publisher,
/// date, url, excluded }], alignment }`). Throws `{ code, message, version }` when the draft
/// does not compile: `version` is the index of the version the error is about, when it is about
/// one.
#[wasm_bindgen(js_name = build)]
pub fn build_draft(draft: JsValue) -> Result<Build, JsValue> {
    let draft: Draft = serde_wasm_bindgen::from_value(draft).map_err(|why| {
        build_error(&BuildError { code: "invalid-argument".to_string(), message: format!("the draft is not in the builder's shape: {why}"), version: None })
    })?;
    let built = draft::build(&draft).map_err(|error| build_error(&error))?;
    let document = &built.compiled.corpus.documents[0];
    let reviewed = review::review(document, &built.compiled.reports[0], &built.source_files, built.corpus_bytes.len());
    Ok(Build { built, reviewed, index: None })
}

#[wasm_bindgen]
impl Build {
    /// The summary, versions, warnings and flags (divergences and places to check, by row).
    pub fn review(&self) -> Result<JsValue, JsValue> {
        to_js(&self.reviewed.review)
    }

    /// Rows `start..start + count` of the side-by-side alignment.
    pub fn rows(&self, start: usize, count: usize) -> Result<JsValue, JsValue> {
        let document = &self.corpus().documents[0];
        to_js(&self.reviewed.rows(document, &self.built.compiled.reports[0], start, count))
    }

    /// The compiled corpus, as `clause-cite compile` writes it.
    #[wasm_bindgen(js_name = corpusBytes)]
    pub fn corpus_bytes(&self) -> Vec<u8> {
        self.built.corpus_bytes.clone()
    }

    /// The corpus directory: `[{ path, bytes }]`, the sources verbatim and the manifests.
    pub fn files(&self) -> Result<JsValue, JsValue> {
        let files = js_sys::Array::new();
        for (path, bytes) in &self.built.files {
            let file = js_sys::Object::new();
            js_sys::Reflect::set(&file, &"path".into(), &path.into())?;
            js_sys::Reflect::set(&file, &"bytes".into(), &js_sys::Uint8Array::from(bytes.as_slice()).into())?;
            files.push(&file);
        }
        Ok(files.into())
    }

    /// Resolves a citation against the new document: `{ id, cite }` (the Chicago citation of the
    /// original), or throws `{ code, message }`.
    #[wasm_bindgen(js_name = resolveCitation)]
    pub fn resolve_citation(&self, citation: &str) -> Result<JsValue, JsValue> {
        #[derive(Serialize)]
        struct Resolved {
            id: String,
            cite: String,
        }
        let corpus = self.corpus();
        let found = resolve(corpus, citation).map_err(|error| to_js(&error).unwrap_or_else(|why| why))?;
        let cite = format(corpus, &found, Style::Chicago, None).unwrap_or_default();
        to_js(&Resolved { id: corpus.clause(found.reference()).id.clone(), cite })
    }

    /// Searches the new document: the hits as the npm package gives them.
    pub fn search(&mut self, query: &str) -> Result<JsValue, JsValue> {
        if self.index.is_none() {
            self.index = Some(Index::new(&self.built.compiled.corpus));
        }
        let index = self.index.as_ref().ok_or_else(|| JsValue::from_str("no index"))?;
        let hits = index.search(&self.built.compiled.corpus, query, &SearchOptions::default()).map_err(|error| to_js(&error).unwrap_or_else(|why| why))?;
        to_js(&hits)
    }
}

/// The defaults a text suggests: `{ lang, title, date }`.
#[wasm_bindgen]
pub fn detect(text: &str) -> Result<JsValue, JsValue> {
    to_js(&draft::detect(text))
}

/// A dropped file's bytes as text, or throws `{ code, message }` saying why it is not a text.
#[wasm_bindgen]
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, JsValue> {
    draft::decode(name, bytes).map_err(|error| build_error(&error))
}
