//! The native integration tests, one binary: the default corpus against its sources and the
//! tables written from the texts, citations, search, the CLI contract, and property tests.
//! Tables live in `tests/data/` and `tests/fixtures/`; each is run by one `check` function.

// The shared merge sort (src/order.rs) keeps the wasm small; tests ship nowhere and use std's sorts.
#![allow(clippy::disallowed_methods)]

mod big;
mod cards;
mod citation_fuzz;
mod citations;
mod corpus;
mod documents;
mod library;
mod quotes;
mod search;
mod tidy;

use clause_cite::Corpus;
use std::sync::OnceLock;

/// The default corpus, loaded once.
pub fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| Corpus::from_bytes(clause_cite_default_corpus::BYTES).expect("the default corpus loads"))
}

/// Reads `\u{XXXX}` escapes, so a table can hold invisible characters.
pub fn unescape(text: &str) -> String {
    let mut output = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("\\u{") {
        output.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let Some(end) = after.find('}') else {
            output.push_str(&rest[start..]);
            return output;
        };
        let code = u32::from_str_radix(&after[..end], 16).expect("a hex escape");
        output.push(char::from_u32(code).expect("a character"));
        rest = &after[end + 1..];
    }
    output.push_str(rest);
    output
}

/// The rows of a table file: non-comment lines split at tabs, with their line numbers.
pub fn rows(path: &str) -> Vec<(usize, Vec<String>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|why| panic!("{path}: {why}"));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.is_empty())
        .map(|(number, line)| (number + 1, line.split('\t').map(unescape).collect()))
        .collect()
}

/// A path in the repository.
pub fn path(relative: &str) -> String {
    format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"))
}
