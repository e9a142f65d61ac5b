//! What every fuzz target checks, as plain functions over the library's public API, so the same
//! checks run under cargo-fuzz (`fuzz_targets/`) and in a plain `cargo test` run in this folder
//! (`tests/inputs.rs` runs them on every file in `seeds/` and `regressions/`). Each check takes
//! the raw input and fails (panics) when the library panics, breaks an invariant it promises, or
//! takes more CPU time than the target's bound.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use clause_cite::{
    card_view, citation_id, clause_view, compile, corpus_view, corresponding_sentences, document_view, format,
    match_quote, quote_selector, quote_selectors, reference_forms, title_emphasis, utf16_length, CardOptions,
    Citation, ClauseRef, Corpus, Error, ErrorCode, FoundCitation, Hit, Index, NameTables, QuoteStatus, Resolver,
    SearchOptions, Style,
};

/// A fuzz target's check: it panics on a finding.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name, with their checks.
pub const TARGETS: &[(&str, Check)] = &[
    ("citations", citations),
    ("search", search),
    ("find_citations", find_citations),
    ("corpus_decoder", corpus_decoder),
    ("compiler", compiler),
];

/// The codes reading or writing a citation may fail with.
const CITATION_CODES: &[ErrorCode] = &[
    ErrorCode::EmptyCitation,
    ErrorCode::TooLong,
    ErrorCode::MalformedCitation,
    ErrorCode::UnknownCitation,
    ErrorCode::AmbiguousCitation,
    ErrorCode::OutOfRange,
    ErrorCode::InconsistentCitation,
    ErrorCode::IncompleteCitation,
    ErrorCode::InvalidRange,
    ErrorCode::UnknownVersion,
    ErrorCode::NoText,
];

/// The codes a search may fail with.
const SEARCH_CODES: &[ErrorCode] = &[
    ErrorCode::QueryTooLong,
    ErrorCode::BadLimit,
    ErrorCode::UnknownVersion,
    ErrorCode::UnknownDocument,
    ErrorCode::UnknownWithin,
    ErrorCode::IndexMismatch,
];

/// The codes loading a compiled corpus may fail with.
const LOAD_CODES: &[ErrorCode] = &[
    ErrorCode::NotACorpus,
    ErrorCode::UnsupportedFormat,
    ErrorCode::TruncatedCorpus,
    ErrorCode::MalformedCorpus,
    ErrorCode::ChecksumMismatch,
    ErrorCode::CorpusTooLarge,
    ErrorCode::UnsafeUrl,
];

/// The codes the compiler may refuse a corpus directory with.
const COMPILE_CODES: &[ErrorCode] = &[
    ErrorCode::InvalidManifest,
    ErrorCode::InvalidSource,
    ErrorCode::EmptySource,
    ErrorCode::NotUtf8,
    ErrorCode::RestartedNumber,
    ErrorCode::SourceTooLarge,
    ErrorCode::NotATranslation,
    ErrorCode::InvalidAlignment,
    ErrorCode::DuplicateId,
    ErrorCode::UnsafeUrl,
];

/// Fails unless `error` has one of `codes` and a message for people.
fn expect_error(error: &Error, codes: &[ErrorCode], context: &dyn std::fmt::Debug) {
    assert!(codes.contains(&error.code()), "{context:?}: an error with an unexpected code: {error:?}");
    assert!(!error.message().trim().is_empty(), "{context:?}: an error without a message: {error:?}");
}

/// A bug a target found that the library has not fixed yet, with the regression input that shows
/// it (`regressions/<target>/open-<name>`).
#[derive(Clone, Copy, Debug)]
pub struct KnownFinding {
    pub target: &'static str,
    pub name: &'static str,
    pub what: &'static str,
}

/// The open findings. Each is recognised narrowly (by what it breaks, not by its input) and is
/// not a failure unless `FUZZ_STRICT=1` is set, so that a campaign gets past it to what else the
/// target can find, and `npm test` does not fail for a bug that is known and reported. The fuzz
/// tier runs each open input with `FUZZ_STRICT=1` and fails when one no longer fails: then the
/// bug is fixed, and its entry here must go (and its input lose the `open-` prefix).
pub const KNOWN_FINDINGS: &[KnownFinding] = &[
    // None open. The compiler's two (an extra paragraph without a clause, a label outside its
    // clause's text, in its shifted and its unloadable form) and the card's quote check that grew
    // with the square of the quote are fixed; their inputs are regressions/*/fixed-*.
];

/// True when the open finding named `name` is to be let pass (`FUZZ_STRICT` is not `1`). Unused
/// while no finding is open.
#[allow(dead_code)]
fn known_finding_tolerated(name: &str) -> bool {
    static STRICT: OnceLock<bool> = OnceLock::new();
    let strict = *STRICT.get_or_init(|| std::env::var("FUZZ_STRICT").is_ok_and(|value| value == "1"));
    let finding = KNOWN_FINDINGS.iter().find(|finding| finding.name == name).expect("a known finding by its name");
    if !strict {
        // Printed once per finding and process, so a campaign's log says what it let pass.
        static SAID: std::sync::Mutex<Vec<&str>> = std::sync::Mutex::new(Vec::new());
        let mut said = SAID.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !said.contains(&finding.name) {
            said.push(finding.name);
            eprintln!("fuzz: the open finding {}/{} is let pass (FUZZ_STRICT=1 makes it a failure)", finding.target, finding.name);
        }
    }
    !strict
}

/// How much slower than a release build a build runs its checks: cargo-fuzz's build is
/// optimized but traces every comparison and branch (see README.md for the measurements);
/// `cargo test`'s debug build is not optimized at all and gets several times longer.
const DEBUG_SCALE: u64 = 4;

/// A time bound for one input: `base_ms` plus `per_kilobyte_ms` for each 1,024 bytes of it, in
/// CPU time of the build cargo-fuzz makes (`cargo test`'s debug build gets [`DEBUG_SCALE`]
/// times as long). The bounds are set at about forty times the slowest legitimate input met in
/// that build, so they say nothing about how fast the library is; they catch what grows faster
/// than its input (a search that goes exponential, a quadratic scan of a long text).
fn bound(data: &[u8], base_ms: u64, per_kilobyte_ms: u64) -> Duration {
    let scale = if cfg!(fuzzing) || !cfg!(debug_assertions) { 1 } else { DEBUG_SCALE };
    Duration::from_millis((base_ms + per_kilobyte_ms * (data.len() as u64 / 1024)) * scale)
}

/// The CPU time this thread has used so far. A fuzzer runs for a long time on a machine other
/// builds share, where wall-clock time also counts the turns other processes had the core: a
/// wall-clock bound there reports busy moments, not slow inputs.
#[cfg(unix)]
pub fn cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec, which `now` is, and reads nothing else.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "the thread's CPU clock is readable");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Wall-clock time where there is no thread CPU clock to ask.
#[cfg(not(unix))]
pub fn cpu_time() -> Duration {
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// Runs `work` and fails when it takes more CPU time than `bound`. A run over the bound but
/// under twice the bound is repeated (up to three runs; the fastest counts), so a moment of
/// cache misses or page faults is not a finding; an input that is slow every time is.
///
/// With `FUZZ_TIMES=1` each input's CPU time is printed to stderr (`fuzz-time <target> <bytes>
/// <microseconds>`), to set the bounds from the slowest inputs a campaign met.
fn within(target: &str, data: &[u8], bound: Duration, work: impl Fn()) {
    within_unless(target, data, bound, work, || None);
}

/// [`within`], except that an input over the bound is let pass when `open_finding` names an
/// open finding (see [`KNOWN_FINDINGS`]) that explains it and that is tolerated.
fn within_unless(target: &str, data: &[u8], bound: Duration, work: impl Fn(), open_finding: impl Fn() -> Option<&'static str>) {
    static TIMES: OnceLock<bool> = OnceLock::new();
    let mut fastest = Duration::MAX;
    for _ in 0..3 {
        let started = cpu_time();
        work();
        fastest = fastest.min(cpu_time().saturating_sub(started));
        if fastest <= bound {
            if *TIMES.get_or_init(|| std::env::var_os("FUZZ_TIMES").is_some_and(|value| value == "1")) {
                eprintln!("fuzz-time {target} {} {}", data.len(), fastest.as_micros());
            }
            return;
        }
        if open_finding().is_some_and(known_finding_tolerated) {
            return;
        }
        if fastest > bound * 2 {
            break;
        }
    }
    let preview: String = String::from_utf8_lossy(data).chars().take(160).collect();
    panic!(
        "{target}: an input of {} bytes took {fastest:?} of CPU time, over its bound of {bound:?}: {preview:?}",
        data.len()
    );
}

/// The default corpus, its name tables and its search index, built once per process (outside
/// any time bound).
pub fn default_corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| Corpus::from_bytes(clause_cite_default_corpus::BYTES).expect("the default corpus loads"))
}

fn default_tables() -> &'static NameTables {
    static TABLES: OnceLock<NameTables> = OnceLock::new();
    TABLES.get_or_init(|| NameTables::new(default_corpus()))
}

fn default_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::new(default_corpus()))
}

/// The version ids to quote a citation in: none (the style's default), then each version of its
/// document.
fn quoting_versions(corpus: &Corpus, document: u16) -> Vec<Option<&str>> {
    let mut versions = vec![None];
    if let Some(document) = corpus.documents.get(document as usize) {
        versions.extend(document.versions.iter().map(|version| Some(version.id.as_str())));
    }
    versions
}

/// Fails unless `citation` names a place of `corpus` the way a resolved citation must.
fn check_citation(corpus: &Corpus, citation: &Citation, context: &dyn std::fmt::Debug) {
    let document = corpus
        .documents
        .get(citation.document as usize)
        .unwrap_or_else(|| panic!("{context:?}: a citation of no document: {citation:?}"));
    assert!((citation.clause as usize) < document.clauses.len(), "{context:?}: {citation:?}");
    if let Some(end) = citation.end_clause {
        assert!(end > citation.clause && (end as usize) < document.clauses.len(), "{context:?}: {citation:?}");
    }
    if let Some((first, last)) = citation.sentences {
        assert!(1 <= first && first <= last, "{context:?}: {citation:?}");
    }
    if let Some(version) = citation.version_hint {
        assert!((version as usize) < document.versions.len(), "{context:?}: {citation:?}");
    }
    assert!(!citation_id(corpus, citation).is_empty(), "{context:?}: {citation:?}");
}

/// Writes a resolved citation every way the library offers: in every style, in the style's
/// default version and in each version; recounted in each version; as quote selectors; as the
/// reference forms an author pastes (whose human form must read back to the same place); and
/// the sentences of every version that say the same.
fn write_every_way(corpus: &Corpus, resolver: &Resolver, citation: &Citation, context: &dyn std::fmt::Debug) {
    check_citation(corpus, citation, context);
    let document = &corpus.documents[citation.document as usize];
    for &style in Style::ALL {
        // The selector style writes one selector per version whatever version is asked for, so
        // it is written once.
        let versions = match style {
            Style::Selector => vec![None],
            _ => quoting_versions(corpus, citation.document),
        };
        for version in versions {
            match format(corpus, citation, style, version) {
                Ok(written) => {
                    assert!(!written.trim().is_empty(), "{context:?}: {style:?} {version:?} writes nothing");
                    if let Some([start, end]) = title_emphasis(document, style, &written) {
                        assert!(start < end && end as usize <= utf16_length(&written), "{context:?}: {style:?} {version:?}");
                    }
                }
                Err(error) => expect_error(&error, CITATION_CODES, context),
            }
        }
    }
    for version in 0..document.versions.len() {
        match citation.in_version(corpus, version) {
            Ok(recounted) => {
                check_citation(corpus, &recounted, context);
                assert_eq!((recounted.document, recounted.clause), (citation.document, citation.clause), "{context:?}");
            }
            Err(error) => expect_error(&error, CITATION_CODES, context),
        }
    }
    // A selector for every version at once, then one for a version by its id and one for a
    // version the document does not have (selectors scan the whole version text: the slowest
    // thing written here, so each is asked for once).
    let selectors = quote_selectors(corpus, citation);
    for selector in &selectors {
        assert!(document.version_index(&selector.version).is_some(), "{context:?}: {selector:?}");
    }
    let last = &document.versions[document.versions.len() - 1].id;
    match quote_selector(corpus, citation, last) {
        Ok(selector) => assert!(selectors.contains(&selector), "{context:?}: {selector:?} is not among {selectors:?}"),
        Err(error) => expect_error(&error, CITATION_CODES, context),
    }
    let unknown = quote_selector(corpus, citation, "no-such-version").expect_err("a selector for a version the document does not have");
    expect_error(&unknown, &[ErrorCode::UnknownVersion], context);
    match reference_forms(corpus, resolver, citation, citation.version_hint.map(usize::from)) {
        Ok(forms) => {
            let back = resolver
                .resolve(&forms.human)
                .unwrap_or_else(|error| panic!("{context:?}: the human form {:?} does not read back: {error:?}", forms.human));
            assert_eq!((back.document, back.clause, back.end_clause), (citation.document, citation.clause, citation.end_clause), "{context:?}: {forms:?}");
        }
        Err(error) => expect_error(&error, CITATION_CODES, context),
    }
    if let Some((first, last)) = citation.sentences {
        let clause = &document.clauses[citation.clause as usize];
        let version = citation.version_hint.map_or(0, usize::from);
        let groups = corresponding_sentences(document, clause, version, first - 1, last);
        assert_eq!(groups.len(), document.versions.len(), "{context:?}");
        for (version, group) in groups.iter().enumerate() {
            if let Some((from, to)) = group {
                let count = document.sentences_of(clause, version).count();
                assert!(from <= to && *to as usize <= count, "{context:?}: {groups:?} in version {version} of {count} sentences");
            }
        }
    }
}

/// Reads `text` as a citation and, when it resolves, writes it every way (see
/// [`write_every_way`]); an error must carry a citation code and a message.
fn resolve_and_write(corpus: &Corpus, resolver: &Resolver, text: &str) -> Option<Citation> {
    match resolver.resolve(text) {
        Ok(citation) => {
            write_every_way(corpus, resolver, &citation, &text);
            Some(citation)
        }
        Err(error) => {
            expect_error(&error, CITATION_CODES, &text);
            None
        }
    }
}

/// Builds the card for `reference` and checks what it promises: its id is the citation's, the
/// versions it shows are its own, its reference reads back to the same place, and the quote
/// check's ranges lie inside the texts they point into.
fn check_card(corpus: &Corpus, resolver: &Resolver, index: Option<&Index>, reference: &str, options: &CardOptions) -> Option<QuoteStatus> {
    let context = (reference, options);
    let card = match card_view(corpus, resolver, index, reference, options) {
        Ok(card) => card,
        Err(error) => {
            expect_error(&error, CITATION_CODES, &context);
            return None;
        }
    };
    let document = corpus.document_by_id(&card.document).unwrap_or_else(|| panic!("{context:?}: {card:?}"));
    assert!(corpus.clause_by_id(&card.id).is_some(), "{context:?}: {card:?}");
    for shown in &card.shown {
        assert!(card.versions.iter().any(|version| &version.id == shown), "{context:?}: {card:?}");
    }
    for version in &card.versions {
        assert!(document.version_index(&version.id).is_some(), "{context:?}: {card:?}");
        if let Some([first, last]) = version.sentences {
            assert!(1 <= first && first <= last, "{context:?}: {card:?}");
        }
    }
    let back = resolver
        .resolve(&card.reference)
        .unwrap_or_else(|error| panic!("{context:?}: the card's reference {:?} does not read back: {error:?}", card.reference));
    assert_eq!(citation_id(corpus, &back), card.id, "{context:?}: {card:?}");
    if let Some(quote) = &card.quote {
        let quoted = utf16_length(options.quote.as_deref().unwrap_or(""));
        for difference in &quote.differences {
            let [start, end] = difference.quote_range;
            assert!(start <= end && end as usize <= quoted, "{context:?}: {quote:?}");
        }
    }
    card.quote.map(|quote| quote.status)
}

/// Compares `quote` with `source` and checks that the ranges the match reports lie inside the
/// texts, on character boundaries.
fn check_quote(quote: &str, source: &str) {
    let found = match_quote(quote, source);
    if let Some((start, end)) = found.source_bytes {
        assert!(start <= end && source.get(start..end).is_some(), "{quote:?} in {source:?}: {found:?}");
    }
    if let Some([start, end]) = found.source_range {
        assert!(start <= end && end as usize <= utf16_length(source), "{quote:?} in {source:?}: {found:?}");
    }
    assert_eq!(found.source_range.is_none(), matches!(found.status, QuoteStatus::NotFound | QuoteStatus::TooLong), "{quote:?}: {found:?}");
    for difference in &found.differences {
        let [start, end] = difference.quote_range;
        assert!(start <= end && end as usize <= utf16_length(quote), "{quote:?}: {difference:?}");
        let [start, end] = difference.source_range;
        assert!(start <= end && end as usize <= utf16_length(source), "{quote:?}: {difference:?}");
    }
}

/// Citation resolve + format: the input is a citation of the default corpus and, after
/// `\u{1}` separators, a card's attributes (versions, sentence, page language, the author's
/// quote, and flags: `w` for the whole clause, `l` for the reader's language first), the
/// columns of `tests/data/cards.tsv`. A citation that resolves is written in every style, in
/// the default version and in each version (bound: 500 ms plus 100 ms per KB of the citation),
/// and its card is built, which checks the author's quote against the clause and, when the
/// clause does not hold it, against the search hits for it; the quote is also checked against
/// each version's text of a clause given by its id (bound: 1 s plus 500 ms per KB of the
/// quote, as a comparison is linear in the quote; a quote the clause does not hold is compared
/// with up to ten search hits in every version, which grows faster: see [`KNOWN_FINDINGS`]).
pub fn citations(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1}');
    let citation = parts.next().unwrap_or("");
    let mut attribute = || parts.next().filter(|part| !part.is_empty()).map(String::from);
    let (versions, sentence, language, quote, flags) = (attribute(), attribute(), attribute(), attribute(), attribute());
    let flags = flags.unwrap_or_default();
    let options = CardOptions {
        versions,
        sentence,
        language,
        quote,
        whole: flags.contains('w'),
        language_first: flags.contains('l'),
    };
    let corpus = default_corpus();
    let resolver = Resolver::new(corpus, default_tables());
    let resolved = std::cell::Cell::new(false);
    within("citations", citation.as_bytes(), bound(citation.as_bytes(), 500, 100), || {
        resolved.set(resolve_and_write(corpus, &resolver, citation).is_some());
    });
    let quote = options.quote.as_deref().unwrap_or("");
    let card = || {
        if resolved.get() {
            check_card(corpus, &resolver, Some(default_index()), citation, &options);
        }
        if let (false, Some(reference)) = (quote.is_empty(), corpus.clause_by_id(citation)) {
            let document = corpus.document(reference);
            for version in 0..document.versions.len() {
                if let Some(source) = document.text_of(corpus.clause(reference), version) {
                    check_quote(quote, source);
                }
            }
        }
    };
    within("citations (card)", data, bound(quote.as_bytes(), 1000, 500), card);
}

/// Checks search hits against what search promises: at most `limit`, each a clause of the
/// corpus in a document the filter allows and inside the `within` place, scores finite, only
/// versions the filter allows matched, and each snippet the verbatim text of its version's
/// clause between its offsets, with highlights inside it.
fn check_hits(corpus: &Corpus, hits: &[Hit], options: &SearchOptions, context: &dyn std::fmt::Debug) {
    assert!(hits.len() <= options.limit, "{context:?}: {} hits", hits.len());
    let within = options.within.as_deref().and_then(|within| clause_cite::resolve(corpus, within.trim()).ok());
    for hit in hits {
        let reference = corpus.clause_by_id(&hit.id).unwrap_or_else(|| panic!("{context:?}: a hit of no clause: {}", hit.id));
        let document = corpus.document(reference);
        assert_eq!(document.id, hit.document, "{context:?}");
        assert!(hit.score.is_finite() && hit.score >= 0.0, "{context:?}: {hit:?}");
        if !options.documents.is_empty() {
            assert!(options.documents.iter().any(|wanted| wanted.trim() == document.id), "{context:?}: {hit:?}");
        }
        if let Some(place) = &within {
            let last = place.end_clause.unwrap_or(place.clause);
            let inside = reference.document == place.document
                && reference.clause >= place.clause
                && (reference.clause <= last || document.is_ancestor(last, reference.clause));
            assert!(inside, "{context:?}: {} is not within {place:?}", hit.id);
        }
        for matched in &hit.matched {
            assert!(document.version_index(matched).is_some(), "{context:?}: {hit:?}");
            if !options.versions.is_empty() {
                assert!(options.versions.iter().any(|wanted| wanted.trim() == matched), "{context:?}: {hit:?}");
            }
        }
        let clause = corpus.clause(reference);
        for (version_id, snippet) in hit.snippets.iter() {
            let version = document.version_index(version_id).unwrap_or_else(|| panic!("{context:?}: a snippet of no version: {hit:?}"));
            let whole: Vec<u16> = document.text_of(clause, version).unwrap_or("").encode_utf16().collect();
            let (start, end) = (snippet.start as usize, snippet.end as usize);
            assert!(start <= end && end <= whole.len(), "{context:?}: {snippet:?}");
            assert_eq!(String::from_utf16_lossy(&whole[start..end]), snippet.text, "{context:?}: the snippet is not its clause's text there");
            let length = utf16_length(&snippet.text);
            for [from, to] in &snippet.highlights {
                assert!(from < to && *to as usize <= length, "{context:?}: {snippet:?}");
            }
        }
    }
}

/// Runs one search and checks its hits or its error.
fn search_and_check(corpus: &Corpus, index: &Index, query: &str, options: &SearchOptions) {
    let context = (query, options);
    match index.search(corpus, query, options) {
        Ok(hits) => check_hits(corpus, &hits, options, &context),
        Err(error) => expect_error(&error, SEARCH_CODES, &context),
    }
}

/// Search: the input is a query and, after `\u{1}` separators, a `within` place (an id or a
/// citation), versions and documents (comma-separated) and a limit. Bound: 500 ms plus 100 ms
/// per KB.
pub fn search(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1}');
    let query = parts.next().unwrap_or("");
    let list = |part: Option<&str>| -> Vec<String> {
        part.filter(|part| !part.is_empty()).map(|part| part.split(',').map(String::from).collect()).unwrap_or_default()
    };
    let within_part = parts.next().filter(|part| !part.is_empty()).map(String::from);
    let versions = list(parts.next());
    let documents = list(parts.next());
    let limit = parts.next().and_then(|part| part.trim().parse::<usize>().ok()).unwrap_or(10);
    let options = SearchOptions { limit, versions, documents, within: within_part };
    let corpus = default_corpus();
    let index = default_index();
    within("search", data, bound(data, 500, 100), || search_and_check(corpus, index, query, &options));
}

/// Checks every citation found in `text`: in order, without overlaps, each span selecting
/// exactly the text it reports, each id the id of the clause its citation names, and each
/// citation one that can be written.
fn check_found(corpus: &Corpus, found: &[FoundCitation], text: &str) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut previous_end = 0;
    for found in found {
        let (start, end) = (found.start_utf16 as usize, found.end_utf16 as usize);
        assert!(previous_end <= start && start < end && end <= units.len(), "{found:?}");
        assert_eq!(String::from_utf16_lossy(&units[start..end]), found.text, "{found:?}");
        check_citation(corpus, &found.citation, found);
        assert_eq!(citation_id(corpus, &found.citation), found.id, "{found:?}");
        if let Err(error) = format(corpus, &found.citation, Style::Short, None) {
            expect_error(&error, CITATION_CODES, found);
        }
        previous_end = end;
    }
}

/// find_citations: the input, as running text, searched for citations of the default corpus.
/// Bound: 250 ms plus 250 ms per KB (the finder is linear in the text).
pub fn find_citations(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let corpus = default_corpus();
    let resolver = Resolver::new(corpus, default_tables());
    within("find_citations", data, bound(data, 250, 250), || check_found(corpus, &resolver.find(&text), &text));
}

/// FNV-1a with 64 bits, the checksum a compiled corpus ends with (the library's store module
/// describes the format; it does not export the function).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The bytes a compiled corpus starts with: the magic `CCC` and the format version, 3.
pub const HEADER: &[u8; 4] = b"CCC\x03";

/// Wraps a corpus body the way a compiled file holds it: the magic bytes and format version,
/// the whole file's length (u32, little-endian), the body, and the FNV-1a checksum of every byte
/// before it (u64, little-endian). A mutated file almost never matches its checksum, so the
/// decoder target mutates bodies and wraps them, to reach the decoder itself.
pub fn wrap_body(body: &[u8]) -> Vec<u8> {
    let mut bytes = HEADER.to_vec();
    bytes.extend_from_slice(&u32::try_from(body.len() + 16).unwrap_or(u32::MAX).to_le_bytes());
    bytes.extend_from_slice(body);
    let sum = fnv1a(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// The body of a compiled corpus: what [`wrap_body`] wraps.
pub fn body_of(compiled: &[u8]) -> &[u8] {
    &compiled[8..compiled.len() - 8]
}

/// Citations of the shapes people write, for a corpus the decoder loaded or the compiler made.
const CITATION_SHAPES: &[&str] = &[
    "Preface ¶3",
    "Part I",
    "Part II ¶1 s1",
    "(1)",
    "(1)–(2)",
    "¶1",
    "¶1–2",
    "第一部分",
    "前言第1段第1句",
    "Commentary ¶1",
    "1. (1)",
    "Article 1(2)",
    "第一条第二款",
];

/// Every view, lookup, citation, card, search and finding the library offers, on a corpus that
/// loaded: none may panic, the corpus must survive a round trip through its compiled form, every
/// view must serialize to JSON, and every clause id must read back to its clause.
fn every_view(corpus: &Corpus) {
    let bytes = corpus.to_bytes();
    assert_eq!(Corpus::from_bytes(&bytes).as_ref(), Ok(corpus), "a loaded corpus writes itself back the same");
    assert_eq!(wrap_body(body_of(&bytes)), bytes, "the compiled form is the format the decoder target writes");
    let json = serde_json::to_string(&corpus_view(corpus)).expect("the corpus view serializes");
    serde_json::from_str::<serde_json::Value>(&json).expect("the export is valid JSON");
    for (index, document) in corpus.documents.iter().enumerate() {
        serde_json::to_string(&document_view(corpus, index, false)).expect("the document view serializes");
        for clause in 0..document.clauses.len() {
            let view = clause_view(corpus, ClauseRef { document: index as u16, clause: clause as u32 });
            assert_eq!(view.id, document.clauses[clause].id);
        }
    }
    let tables = NameTables::new(corpus);
    let resolver = Resolver::new(corpus, &tables);
    let index = Index::new(corpus);
    // Every clause by its id (at most 100; the first 5 written every way, with their cards).
    for (count, reference) in corpus.all_clauses().take(100).enumerate() {
        let id = &corpus.clause(reference).id;
        let citation = resolver.resolve(id).unwrap_or_else(|error| panic!("the clause id {id:?} does not read back: {error:?}"));
        assert_eq!(&citation_id(corpus, &citation), id, "a clause id reads back to its own clause");
        if count < 5 {
            write_every_way(corpus, &resolver, &citation, id);
            let document = corpus.document(reference);
            let first_sentence = document.sentences_of(corpus.clause(reference), 0).next().map(String::from);
            for options in [
                CardOptions::default(),
                CardOptions { language: Some("zh".into()), language_first: true, ..CardOptions::default() },
                CardOptions { versions: Some("zh en fr".into()), sentence: Some("1".into()), quote: first_sentence.clone(), ..CardOptions::default() },
            ] {
                check_card(corpus, &resolver, Some(&index), id, &options);
            }
            if let (Some(quote), Some(source)) = (first_sentence, document.text_of(corpus.clause(reference), 0)) {
                check_quote(&quote, source);
            }
        } else if let Err(error) = format(corpus, &citation, Style::Short, None) {
            expect_error(&error, CITATION_CODES, id);
        }
    }
    for text in CITATION_SHAPES {
        resolve_and_write(corpus, &resolver, text);
    }
    // Searches for a word of the texts, a short word, Chinese and a phrase; in every document,
    // inside the first clause, and in the first version and document only.
    let mut sample = String::new();
    for version in corpus.documents.iter().flat_map(|document| &document.versions) {
        sample.extend(version.text.chars().take(300));
        sample.push('\n');
    }
    let first_word = sample.split_whitespace().next().unwrap_or("a").to_string();
    let first_version = corpus.documents.first().and_then(|document| document.versions.first()).map(|version| version.id.clone());
    for query in [first_word.as_str(), "a", "北斗", "\"the\""] {
        let mut options = vec![SearchOptions::default()];
        if let Some(reference) = corpus.all_clauses().next() {
            options.push(SearchOptions { within: Some(corpus.clause(reference).id.clone()), ..SearchOptions::default() });
        }
        if let (Some(version), Some(document)) = (&first_version, corpus.documents.first()) {
            options.push(SearchOptions { limit: 3, versions: vec![version.clone()], documents: vec![document.id.clone()], within: None });
        }
        for options in &options {
            search_and_check(corpus, &index, query, options);
        }
    }
    check_found(corpus, &resolver.find(&sample), &sample);
}

/// The compiled-corpus decoder (`Corpus::from_bytes`), then every view on what loads. The first
/// byte says how to read the rest: 0, as a whole file (header and checksum as they are);
/// anything else, as a corpus body that the check wraps with a right header and checksum (see
/// [`wrap_body`]). Bound: 500 ms plus 250 ms per KB.
pub fn corpus_decoder(data: &[u8]) {
    let Some((&how, rest)) = data.split_first() else {
        return;
    };
    let bytes = if how == 0 { rest.to_vec() } else { wrap_body(rest) };
    within("corpus_decoder", data, bound(data, 500, 250), || match Corpus::from_bytes(&bytes) {
        Ok(corpus) => every_view(&corpus),
        Err(error) => expect_error(&error, LOAD_CODES, &"the decoder"),
    });
}

/// The files of a corpus directory, written one after another as `name`, a NUL byte, the
/// content, a NUL byte (the form of `seeds/compiler/*`). Names are read as text; contents are
/// kept as bytes, so the compiler sees files that are not UTF-8 too.
pub fn files_of(data: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut files = HashMap::new();
    let mut parts = data.split(|&byte| byte == 0);
    while let (Some(name), Some(content)) = (parts.next(), parts.next()) {
        files.insert(String::from_utf8_lossy(name).into_owned(), content.to_vec());
    }
    files
}

/// Writes `files` in the form [`files_of`] reads.
pub fn join_files(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut data = Vec::new();
    for (name, content) in files {
        data.extend_from_slice(name.as_bytes());
        data.push(0);
        data.extend_from_slice(content);
        data.push(0);
    }
    data
}

/// True when a document of `corpus` has a divergence that names no clause (see
/// [`KNOWN_FINDINGS`]).
fn has_divergence_without_clause(corpus: &Corpus) -> bool {
    corpus.documents.iter().any(|document| document.divergences.iter().any(|divergence| divergence.clauses.is_empty()))
}

/// True when a clause text of `corpus` has a label, title or sentence that does not lie inside
/// the clause's own text (see [`KNOWN_FINDINGS`]).
fn has_span_outside_its_text(corpus: &Corpus) -> bool {
    corpus.documents.iter().flat_map(|document| &document.clauses).flat_map(|clause| clause.texts.iter().flatten()).any(|given| {
        let inside = |span: &clause_cite::Span| given.text.start <= span.start && span.end <= given.text.end;
        !(given.label.iter().all(inside) && given.title.iter().all(inside) && given.sentences.iter().all(inside))
    })
}

/// The compiler (`clause_cite::compile`) on a corpus directory given as files (see
/// [`files_of`]): it either refuses with a compiler error code and a message, or makes a corpus
/// that loads from its own compiled form unchanged, exports as valid JSON and reads each of its
/// clause ids back to its clause (the other views, citations and search on loaded corpora are
/// the decoder target's work). Bound: 1 s plus 250 ms per KB.
pub fn compiler(data: &[u8]) {
    let files = files_of(data);
    within("compiler", data, bound(data, 1000, 250), || {
        let mut read = |name: &str| files.get(name).cloned().ok_or_else(|| String::from("no such file"));
        match compile(&mut read) {
            Ok(compiled) => {
                let corpus = &compiled.corpus;
                let loaded = Corpus::from_bytes(&corpus.to_bytes());
                assert!(!has_divergence_without_clause(corpus), "every divergence names a clause");
                assert!(!has_span_outside_its_text(corpus), "every label, title and sentence lies inside its clause's text");
                assert_eq!(loaded.as_ref(), Ok(corpus), "what compiles loads unchanged");
                let json = serde_json::to_string(&corpus_view(corpus)).expect("the corpus view serializes");
                serde_json::from_str::<serde_json::Value>(&json).expect("the export is valid JSON");
                assert_eq!(compiled.reports.len(), corpus.documents.len());
                for report in &compiled.reports {
                    assert!(!report.summary().is_empty());
                }
                let tables = NameTables::new(corpus);
                let resolver = Resolver::new(corpus, &tables);
                for reference in corpus.all_clauses().take(200) {
                    let id = &corpus.clause(reference).id;
                    let citation = resolver.resolve(id).unwrap_or_else(|error| panic!("the clause id {id:?} does not read back: {error:?}"));
                    assert_eq!(&citation_id(corpus, &citation), id, "a clause id reads back to its own clause");
                }
            }
            Err(error) => expect_error(&error, COMPILE_CODES, &"the compiler"),
        }
    });
}
