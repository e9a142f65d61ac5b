//! clause-cite holds a multilingual policy document as a structured, aligned corpus and answers
//! lookups, searches and citation requests over it. The core is plain, synchronous Rust with no
//! I/O; `wasm.rs` is the only module that knows about JavaScript.
//!
//! ```
//! let corpus = clause_cite::default_corpus().expect("the embedded corpus loads");
//! let found = corpus.clause_by_id("pt_3__prog_2__sec_10__para_2").expect("a stable id");
//! let document = corpus.document(found);
//! let clause = corpus.clause(found);
//! let english = document.version_index("en").unwrap();
//! assert!(document.text_of(clause, english).unwrap().starts_with("China welcomes LAC countries to use the BeiDou"));
//! ```

// The library is `no_std` (with `alloc`) so the wasm build carries none of the standard
// library's printing and panic machinery; native builds link `std` for the compiler and tests.
#![no_std]
// Indexing a `str` links the standard library's slicing-failure message, which formats with
// character escaping and Unicode tables (≈3.5 KB brotli of wasm): text is cut with `get` or
// `text::slice` instead, and this lint (run `cargo clippy --target wasm32-unknown-unknown`)
// finds a new `&text[a..b]`.
#![cfg_attr(target_arch = "wasm32", warn(clippy::string_slice))]

extern crate alloc;
#[cfg(not(target_arch = "wasm32"))]
extern crate std;

/// What the standard prelude would bring into scope, from `alloc`, for every module.
#[allow(unused_imports)]
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec::Vec;
    pub use alloc::{format, vec};
}

pub mod align;
pub mod binary;
pub mod cite;
#[cfg(not(target_arch = "wasm32"))]
pub mod compile;
pub mod corpus;
#[cfg(not(target_arch = "wasm32"))]
pub mod compiler;
#[cfg(not(target_arch = "wasm32"))]
pub mod error;
#[cfg(not(target_arch = "wasm32"))]
pub mod model;
pub mod json;
pub mod names;
pub mod numbers;
pub mod order;
pub mod search;
pub mod text;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use corpus::{
    Clause, ClauseRef, ClauseText, Corpus, Divergence, DivergenceKind, Document, Kind, Level,
    LoadError, Role, Span, Version,
};

/// The compiled default corpus: China's Policy Paper on Latin America and the Caribbean (2025)
/// in three versions, Zhou Zhiwei's commentary and the blog introduction.
pub static DEFAULT_CORPUS_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default.ccc"));

/// Loads the embedded default corpus. Its checksums were written by the build from the same
/// sources, so an error here means the binary itself is damaged.
pub fn default_corpus() -> Result<Corpus, LoadError> {
    Corpus::from_bytes(DEFAULT_CORPUS_BYTES)
}
