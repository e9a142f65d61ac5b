//! A compiled corpus that was damaged or crafted never loads different content and never makes a
//! later call panic (issue 19). The checksum covers the whole file, so every flipped bit fails
//! to load; a corpus with no versions, or with a version URL that is not http(s), is refused at
//! load; and what loads is viewed totally (a document with no clauses lists `clauses: []`).

use crate::crafted::{corpus_of, document, small_corpus, version};
use crate::{path, rows};
use clause_cite::{
    card_view, check_url, corpus_view, document_page, document_view, find_citations, format, is_safe_url, resolve, CardOptions, Corpus, ErrorCode, Index,
    NameTables, Resolver, SearchOptions, Style,
};

fn default_bytes() -> &'static [u8] {
    clause_cite_default_corpus::BYTES
}

/// The codes a flipped bit at `offset` may give: in the magic bytes, `not-a-corpus`; in the
/// format version, `unsupported-format`; in the file's length, `truncated-corpus` or
/// `malformed-corpus` (the length no longer agrees with the file's); anywhere else (the corpus
/// and the checksum itself), `checksum-mismatch`.
fn expected_codes(offset: usize) -> &'static [ErrorCode] {
    match offset {
        0..=2 => &[ErrorCode::NotACorpus],
        3 => &[ErrorCode::UnsupportedFormat],
        4..=7 => &[ErrorCode::TruncatedCorpus, ErrorCode::MalformedCorpus],
        _ => &[ErrorCode::ChecksumMismatch],
    }
}

/// Flips bit `bit` of byte `offset` of `bytes`, loads them and flips it back: the load must
/// fail with a code [`expected_codes`] allows.
fn check_flip(bytes: &mut [u8], offset: usize, bit: u8) -> Result<(), String> {
    bytes[offset] ^= 1 << bit;
    let result = Corpus::from_bytes(bytes);
    bytes[offset] ^= 1 << bit;
    match result {
        Ok(_) => Err(format!("byte {offset} bit {bit} flipped: the corpus still loaded")),
        Err(error) if expected_codes(offset).contains(&error.code()) => Ok(()),
        Err(error) => Err(format!("byte {offset} bit {bit} flipped: {}", error.to_line())),
    }
}

#[test]
fn every_bit_of_the_header_and_of_the_checksum_fails_to_load() {
    let mut bytes = default_bytes().to_vec();
    let end = bytes.len();
    // The header (magic, format, length) and the start of the corpus (its id, title and the
    // first document's metadata), then the checksum at the end.
    let failures: Vec<String> = (0..256)
        .chain(end - 8..end)
        .flat_map(|offset| (0..8).map(move |bit| (offset, bit)))
        .filter_map(|(offset, bit)| check_flip(&mut bytes, offset, bit).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn four_thousand_random_bit_flips_all_fail_to_load() {
    let mut bytes = default_bytes().to_vec();
    let length = bytes.len();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut failures = Vec::new();
    for _ in 0..4000 {
        // xorshift64*: a fixed sequence, so a failure names a flip that can be replayed.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let random = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        let offset = (random >> 16) as usize % length;
        if let Err(why) = check_flip(&mut bytes, offset, (random & 7) as u8) {
            failures.push(why);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_truncated_or_extended_file_says_so() {
    let bytes = default_bytes();
    for end in [0, 3, 5, 8, 15, 100, bytes.len() / 2, bytes.len() - 1] {
        let error = Corpus::from_bytes(&bytes[..end]).unwrap_err();
        let expected = if end < 4 { ErrorCode::NotACorpus } else { ErrorCode::TruncatedCorpus };
        assert_eq!(error.code(), expected, "cut at {end}: {}", error.to_line());
    }
    let mut extended = bytes.to_vec();
    extended.push(0);
    let error = Corpus::from_bytes(&extended).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MalformedCorpus, "{}", error.to_line());
    assert!(error.message().contains("appended"), "{}", error.message());
}

#[test]
fn a_corpus_with_no_versions_is_refused_and_one_version_is_enough() {
    // It used to load, and then every formal citation style panicked (an index out of bounds),
    // which in wasm is a trap.
    let error = Corpus::from_bytes(&small_corpus(0, None).to_bytes()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MalformedCorpus, "{}", error.to_line());
    assert!(error.message().contains("no versions") && error.message().contains("at least one"), "{}", error.message());
    let corpus = Corpus::from_bytes(&small_corpus(1, None).to_bytes()).unwrap_or_else(|why| panic!("{}", why.to_line()));
    let citation = resolve(&corpus, "crafted__para_1").unwrap_or_else(|why| panic!("{}", why.to_line()));
    for style in Style::ALL {
        format(&corpus, &citation, *style, None).unwrap_or_else(|why| panic!("{}: {}", style.name(), why.to_line()));
    }
}

#[test]
fn a_corpus_with_no_documents_answers_every_call() {
    // Nothing in it to cite, find or search, but nothing panics either.
    let corpus = Corpus::from_bytes(&corpus_of(Vec::new()).to_bytes()).unwrap_or_else(|why| panic!("{}", why.to_line()));
    assert_eq!(resolve(&corpus, "Part III").unwrap_err().code(), ErrorCode::UnknownCitation);
    assert!(find_citations(&corpus, "as Part III says").is_empty());
    let index = Index::new(&corpus);
    assert!(index.search(&corpus, "cooperation", &SearchOptions::default()).unwrap().is_empty());
    let tables = NameTables::new(&corpus);
    assert!(card_view(&corpus, &Resolver::new(&corpus, &tables), Some(&index), "Part III", &CardOptions::default()).is_err());
    assert!(corpus_view(&corpus).documents.is_empty());
    assert_eq!(document_page(&corpus, 0, 0, 10).unwrap_err().code(), ErrorCode::UnknownDocument);
}

/// Checks one row of the URL table: a corpus whose version has `url` loads or is refused with
/// `outcome`, and the compiler's check and `is_safe_url` agree.
fn check_url_row(url: &str, outcome: &str) -> Result<(), String> {
    let loaded = Corpus::from_bytes(&small_corpus(2, Some(url)).to_bytes());
    match (outcome, loaded) {
        ("ok", Ok(corpus)) => {
            let view = document_view(&corpus, 0, false);
            if view.versions.iter().any(|version| version.url.as_deref() != Some(url)) {
                return Err("the url changed on the way".to_string());
            }
        }
        ("ok", Err(error)) => return Err(format!("refused: {}", error.to_line())),
        (code, Ok(_)) => return Err(format!("loaded, where {code} was expected")),
        (code, Err(error)) => {
            if error.code().as_str() != code {
                return Err(format!("expected {code}, got {}", error.to_line()));
            }
            let message = error.message();
            if !message.contains("not an http: or https: address") || !message.contains("Version 'v0' of document 'crafted'") {
                return Err(format!("the message does not say what is wrong where: {message}"));
            }
        }
    }
    if is_safe_url(url) != (outcome == "ok") || check_url(url, "a test").is_ok() != (outcome == "ok") {
        return Err("is_safe_url, the compiler's check_url and the loader disagree".to_string());
    }
    Ok(())
}

#[test]
fn only_http_and_https_urls_load() {
    let rows = rows(&path("tests/data/version-urls.tsv"));
    assert!(rows.len() >= 20, "the table has {} rows", rows.len());
    let mut failures = Vec::new();
    for (line, columns) in &rows {
        let [url, outcome] = &columns[..] else {
            panic!("line {line}: a row is a url and an outcome");
        };
        if let Err(why) = check_url_row(url, outcome) {
            failures.push(format!("line {line}: {url:?}: {why}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
}

#[test]
fn a_long_url_is_named_by_its_start() {
    let url = format!("javascript:{}", "a".repeat(100_000));
    let error = Corpus::from_bytes(&small_corpus(1, Some(&url)).to_bytes()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::UnsafeUrl);
    assert!(error.message().contains("javascript:aaa") && error.message().len() < 400, "{}", error.message());
}

#[test]
fn a_document_with_no_clauses_lists_an_empty_clause_list() {
    let corpus = corpus_of(vec![document(vec![version(0, "Text.", None)], Vec::new())]);
    let corpus = Corpus::from_bytes(&corpus.to_bytes()).unwrap_or_else(|why| panic!("{}", why.to_line()));
    let json = serde_json::to_value(document_view(&corpus, 0, true)).unwrap();
    assert_eq!(json["clauses"], serde_json::json!([]), "{json}");
    assert_eq!(json["divergences"], serde_json::json!([]), "{json}");
    // A view of the whole document is not a page, and says nothing of pages.
    assert!(json.get("page").is_none(), "{json}");
    let exported = serde_json::to_value(corpus_view(&corpus)).unwrap();
    assert_eq!(exported["documents"][0]["clauses"], serde_json::json!([]), "{exported}");
    let page = serde_json::to_value(document_page(&corpus, 0, 0, 100).unwrap()).unwrap();
    assert_eq!(page["clauses"], serde_json::json!([]), "{page}");
    assert_eq!(page["page"], serde_json::json!({ "first": 0, "clause_count": 0, "next": null }), "{page}");
    // And every way in answers.
    assert_eq!(resolve(&corpus, "Part III").unwrap_err().code(), ErrorCode::UnknownCitation);
    assert!(find_citations(&corpus, "as Part III says").is_empty());
    let index = Index::new(&corpus);
    assert!(index.search(&corpus, "text", &SearchOptions::default()).unwrap().is_empty());
}
