//! The one error type of the crate: a stable code for programs, one sentence for people, and
//! suggestions that would work.

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, )*) => {
        /// Every error the crate reports, by a stable code (the string is part of the API).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* #[serde(rename = $name)] $variant, )*
        }

        impl ErrorCode {
            /// Every code, in the order of the documentation.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The code as programs see it: `unknown-citation`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( ErrorCode::$variant => $name, )*
                }
            }

            /// What the code means, for the documentation and the generated TypeScript.
            pub fn description(self) -> &'static str {
                match self {
                    $( ErrorCode::$variant => concat!($($doc),*).trim_ascii(), )*
                }
            }
        }
    };
}

error_codes! {
    /// The citation is empty.
    EmptyCitation = "empty-citation",
    /// The citation is longer than the parser reads (1,000 characters).
    TooLong = "too-long",
    /// The citation starts well but something in it cannot be read.
    MalformedCitation = "malformed-citation",
    /// Nothing in the corpus has that name, number or id.
    UnknownCitation = "unknown-citation",
    /// The citation could name several places; the suggestions list them.
    AmbiguousCitation = "ambiguous-citation",
    /// A number beyond what the document has (a section, an article, a paragraph, a sentence).
    OutOfRange = "out-of-range",
    /// Two parts of the citation contradict each other.
    InconsistentCitation = "inconsistent-citation",
    /// The citation names a whole document where a place in it is needed.
    IncompleteCitation = "incomplete-citation",
    /// A range that does not run forward between clauses of the same kind.
    InvalidRange = "invalid-range",
    /// No citation style has that name.
    UnknownStyle = "unknown-style",
    /// The document has no version with that id or role.
    UnknownVersion = "unknown-version",
    /// The version has no text for that clause.
    NoText = "no-text",
    /// A search query over 1,000 characters.
    QueryTooLong = "query-too-long",
    /// A result limit that is not a whole number from 1 to 1,000.
    BadLimit = "bad-limit",
    /// No document has that id.
    UnknownDocument = "unknown-document",
    /// A search's `within` names no part of the corpus.
    UnknownWithin = "unknown-within",
    /// A search index used with a corpus it was not built from.
    IndexMismatch = "index-mismatch",
    /// The bytes are not a compiled corpus.
    NotACorpus = "not-a-corpus",
    /// A compiled corpus of a format version this build does not read.
    UnsupportedFormat = "unsupported-format",
    /// A compiled corpus that ends too early.
    TruncatedCorpus = "truncated-corpus",
    /// A compiled corpus whose contents are inconsistent.
    MalformedCorpus = "malformed-corpus",
    /// A compiled corpus whose bytes do not match their checksum.
    ChecksumMismatch = "checksum-mismatch",
    /// A compiled corpus beyond the loader's limits (size, depth, clause count).
    CorpusTooLarge = "corpus-too-large",
    /// A URL that is not `http:` or `https:` where a link would be made from it.
    UnsafeUrl = "unsafe-url",
    /// A manifest that is not valid JSON or lacks a field, or has a wrong value.
    InvalidManifest = "invalid-manifest",
    /// A source file that cannot be read, or holds control characters of a binary file.
    InvalidSource = "invalid-source",
    /// A source file (or a version's lines of it) with no text: empty, or only white space.
    EmptySource = "empty-source",
    /// A source file that is not UTF-8 text (another encoding, or binary data).
    NotUtf8 = "not-utf8",
    /// A law's article numbers start again inside the document: two documents in one file,
    /// or per-chapter numbering the manifest must declare.
    RestartedNumber = "restarted-number",
    /// A source beyond the compiler's limits.
    SourceTooLarge = "source-too-large",
    /// Versions that do not read as translations of one another.
    NotATranslation = "not-a-translation",
    /// An alignment entry of a manifest that does not fit the texts.
    InvalidAlignment = "invalid-alignment",
    /// Two clauses or documents with the same id.
    DuplicateId = "duplicate-id",
    /// An argument of the wrong type or value (from JavaScript).
    InvalidArgument = "invalid-argument",
    /// A quote that is not in the clause it cites.
    QuoteNotFound = "quote-not-found",
    /// A library file that is missing, damaged, or not the one the catalog names.
    LibraryFile = "library-file",
    /// A file of a library (a document's shard, an index chunk) that could not be fetched or
    /// read; only the calls that need it fail.
    ShardUnavailable = "shard-unavailable",
    /// A synchronous call that needs a file of a library not loaded yet: use the call's async
    /// variant, which loads it.
    NotLoaded = "not-loaded",
    /// A compiled corpus or library file that could not be fetched or read.
    CorpusUnavailable = "corpus-unavailable",
    /// The WebAssembly module could not be loaded (blocked, or not found), or the one loaded
    /// lacks what was asked (the widget's engine for pages without a library).
    WasmUnavailable = "wasm-unavailable",
    /// The widget gave up on loading the engine, a corpus or a library after 30 seconds (raised
    /// by the widget's JavaScript, listed here so that the codes are one list).
    LoadTimeout = "load-timeout",
    /// The engine trapped (a bug): the call failed and the next one runs on a fresh instance
    /// (raised by the package's JavaScript, listed here so that the codes are one list).
    InternalError = "internal-error",
}

/// Why something could not be done. Its code is stable and meant for programs; its message is
/// one sentence (or two) for people, saying what was wrong and what is valid; its suggestions
/// are inputs that would work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Error {
    code: ErrorCode,
    message: String,
    suggestions: Vec<String>,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error { code, message: message.into(), suggestions: Vec::new() }
    }

    pub fn with_suggestions(mut self, suggestions: Vec<String>) -> Error {
        self.suggestions = suggestions;
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn suggestions(&self) -> &[String] {
        &self.suggestions
    }

    /// The error as one line, with its suggestions, for a terminal.
    pub fn to_line(&self) -> String {
        let mut line = format!("{}: {}", self.code.as_str(), self.message);
        if !self.suggestions.is_empty() {
            line.push_str(" Try: ");
            line.push_str(&self.suggestions.join("; "));
        }
        line
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, formatter: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        formatter.write_str(&self.to_line())
    }
}

impl core::error::Error for Error {}

/// A shorthand for results of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = Vec::new();
        for code in ErrorCode::ALL {
            let name = code.as_str();
            assert!(name.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-'), "{name}");
            assert!(!seen.contains(&name), "{name} twice");
            assert!(code.description().ends_with('.'), "{name} is undocumented");
            seen.push(name);
        }
    }
}
