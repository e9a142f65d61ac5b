//! The library (a catalog, one shard per document, an outline and a chunked search index), built
//! from the default corpus and the three test documents. Every citation, running text and search
//! of the repository's tables must come out of the library exactly as out of one corpus of the
//! same documents, whatever the library had to load for it; `tests/data/library-fetches.tsv` says
//! which files each kind of call may fetch from a fresh library. Then: a missing or corrupt file
//! fails only its document's calls; memory holds only what was loaded; adding a document leaves
//! the other documents' files unchanged byte for byte.

use crate::{path, rows};
use clause_cite::{build_library, compile, Compiled, Corpus, Error, ErrorCode, Hit, Index, Library, SearchOptions, Step, Style, CATALOG_NAME};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The documents of the test library, in library order.
fn corpora() -> &'static [Corpus] {
    static CORPORA: OnceLock<Vec<Corpus>> = OnceLock::new();
    CORPORA.get_or_init(|| {
        let mut corpora = vec![crate::corpus().clone()];
        for name in ["law", "white-paper", "messy-translation"] {
            let directory = std::path::PathBuf::from(path(&format!("tests/fixtures/documents/{name}")));
            let mut read = |relative: &str| std::fs::read(directory.join(relative)).map_err(|why| why.to_string());
            let Compiled { corpus, .. } = compile(&mut read).unwrap_or_else(|why| panic!("{name} compiles: {}", why.to_line()));
            corpora.push(corpus);
        }
        corpora
    })
}

struct Built {
    files: BTreeMap<String, Vec<u8>>,
    /// One corpus of all the library's documents: what the library must answer like.
    combined: Corpus,
    index: Index,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let files = build_library("test-library", "The test library", corpora()).expect("the library builds");
        let combined = Corpus {
            id: "test-library".to_string(),
            title: "The test library".to_string(),
            documents: corpora().iter().flat_map(|corpus| corpus.documents.iter().cloned()).collect(),
        };
        let index = Index::new(&combined);
        Built { files: files.into_iter().collect(), combined, index }
    })
}

fn fresh() -> Library {
    Library::open(&built().files[CATALOG_NAME]).expect("the catalog opens")
}

/// Runs a call to its end as a host would: while it needs files, adds each (from `files`) and
/// calls again. Returns the answer and the names of the files added, in order.
fn complete<T>(
    library: &mut Library,
    files: &BTreeMap<String, Vec<u8>>,
    mut call: impl FnMut(&Library) -> Result<Step<T>, Error>,
) -> (Result<T, Error>, Vec<String>) {
    let mut fetched = Vec::new();
    for _ in 0..8 {
        match call(library) {
            Ok(Step::Ready(value)) => return (Ok(value), fetched),
            Ok(Step::Needs(names)) => {
                for name in names {
                    assert!(!fetched.contains(&name), "{name} was asked for twice");
                    library.add_file(&name, &files[&name]).unwrap_or_else(|why| panic!("{name}: {}", why.to_line()));
                    fetched.push(name);
                }
            }
            Err(error) => return (Err(error), fetched),
        }
    }
    panic!("a call still needed files after eight rounds: {fetched:?}");
}

/// Runs a search to its end; returns the final hits, the files added, and how many hits the
/// first partial answer had.
fn complete_search(library: &mut Library, files: &BTreeMap<String, Vec<u8>>, query: &str, options: &SearchOptions) -> (Result<Vec<Hit>, Error>, Vec<String>) {
    let mut fetched = Vec::new();
    for _ in 0..8 {
        match library.search(query, options) {
            Ok(step) if step.needs.is_empty() => return (Ok(step.hits), fetched),
            Ok(step) => {
                for name in step.needs {
                    assert!(!fetched.contains(&name), "{name} was asked for twice");
                    library.add_file(&name, &files[&name]).unwrap_or_else(|why| panic!("{name}: {}", why.to_line()));
                    fetched.push(name);
                }
            }
            Err(error) => return (Err(error), fetched),
        }
    }
    panic!("a search still needed files after eight rounds: {fetched:?}");
}

/// The kind of a library file, as the fetch table writes it: `shard:<document>`,
/// `outline`, `search`, `chunk`, `words`.
fn kind_of(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("documents/") {
        let document = rest.split('.').next().unwrap();
        return format!("shard:{document}");
    }
    if name.starts_with("outline.") {
        "outline".into()
    } else if name.starts_with("search.") {
        "search".into()
    } else if name.starts_with("index/words.") {
        "words".into()
    } else {
        "chunk".into()
    }
}

fn same_error(expected: &Error, got: &Error) -> Result<(), String> {
    if expected != got {
        return Err(format!("the corpus says {}, the library says {}", expected.to_line(), got.to_line()));
    }
    Ok(())
}

/// One call of the tables, checked against the corpus of all the library's documents, with
/// `library` (fresh, or holding what earlier calls loaded: an answer must not depend on it).
/// Returns the kinds of the files the call fetched.
fn check(library: &mut Library, call: &str, input: &str, options: &str) -> Result<Vec<String>, String> {
    let built = built();
    let corpus = &built.combined;
    let loaded_before = library.loaded_files();
    match call {
        "lookup" | "cite" => {
            let expected = clause_cite::resolve(corpus, input);
            let (got, fetched) = complete(library, &built.files, |library| library.resolve(input));
            match (expected, got) {
                (Err(expected), Err(got)) => same_error(&expected, &got)?,
                (Ok(citation), Err(got)) => {
                    return Err(format!("the corpus finds {}, the library says {}", clause_cite::citation_id(corpus, &citation), got.to_line()))
                }
                (Err(expected), Ok(place)) => return Err(format!("the corpus says {}, the library finds {}", expected.to_line(), library.clause_id(&place))),
                (Ok(citation), Ok(place)) => {
                    let expected_view = clause_cite::clause_view(corpus, citation.reference());
                    let (view, _) = complete(library, &built.files, |library| library.clause_view(&place));
                    let view = view.map_err(|why| why.to_line())?;
                    if view != expected_view {
                        return Err(format!("the corpus finds {}, the library {}", expected_view.id, view.id));
                    }
                    let moved = clause_cite::Citation { document: 0, ..citation };
                    if moved != place.citation || citation.document as usize != place.document {
                        return Err(format!("the corpus reads {citation:?}, the library {place:?}"));
                    }
                    if call == "cite" {
                        for style in ["chicago", "apa", "gbt7714", "bibtex", "selector", "short-zh"] {
                            let style = Style::parse(style).unwrap();
                            let expected = clause_cite::format(corpus, &citation, style, None);
                            let (got, _) = complete(library, &built.files, |library| library.format(&place, style, None));
                            if expected != got {
                                return Err(format!("the styles differ: {expected:?} and {got:?}"));
                            }
                        }
                    }
                }
            }
            // What the library holds now and did not before is what the calls fetched.
            let _ = fetched;
            Ok(library.loaded_files().iter().filter(|name| !loaded_before.contains(name)).map(|name| kind_of(name)).collect())
        }
        "find" => {
            let expected: Vec<(String, u32, u32, String)> = clause_cite::find_citations(corpus, input)
                .into_iter()
                .map(|found| {
                    let cite = clause_cite::format(corpus, &found.citation, Style::Short, None).unwrap_or_default();
                    (found.id, found.start_utf16, found.end_utf16, cite)
                })
                .collect();
            let (got, fetched) = complete(library, &built.files, |library| library.find_citations(input));
            let got: Vec<(String, u32, u32, String)> =
                got.map_err(|why| why.to_line())?.into_iter().map(|(found, cite)| (found.id, found.start_utf16, found.end_utf16, cite)).collect();
            if got != expected {
                return Err(format!("the corpus finds {expected:?}, the library {got:?}"));
            }
            Ok(fetched.iter().map(|name| kind_of(name)).collect())
        }
        "search" => {
            let options = crate::search::options_from(options);
            // A search filtered to documents ranks as a corpus of only those documents would.
            let filtered: Vec<String> = if !options.documents.is_empty() {
                options.documents.clone()
            } else if let Some(within) = &options.within {
                match clause_cite::resolve(corpus, within) {
                    Ok(citation) => vec![corpus.documents[citation.document as usize].id.clone()],
                    Err(_) => Vec::new(),
                }
            } else {
                Vec::new()
            };
            let expected = if filtered.is_empty() {
                built.index.search(corpus, input, &options)
            } else {
                let only = Corpus {
                    id: corpus.id.clone(),
                    title: corpus.title.clone(),
                    documents: corpus.documents.iter().filter(|document| filtered.contains(&document.id)).cloned().collect(),
                };
                if only.documents.is_empty() {
                    built.index.search(corpus, input, &options)
                } else {
                    Index::new(&only).search(&only, input, &options)
                }
            };
            let (got, fetched) = complete_search(library, &built.files, input, &options);
            match (expected, got) {
                (Err(expected), Err(got)) => same_error(&expected, &got)?,
                (Ok(expected), Ok(got)) => {
                    let strip = |hits: Vec<Hit>| hits.into_iter().map(|hit| Hit { ordinal: 0, ..hit }).collect::<Vec<_>>();
                    let (expected, got) = (strip(expected), strip(got));
                    if expected != got {
                        let ids = |hits: &[Hit]| hits.iter().map(|hit| format!("{} {}", hit.id, hit.score)).collect::<Vec<_>>().join(", ");
                        return Err(format!("the corpus finds [{}], the library [{}]", ids(&expected), ids(&got)));
                    }
                }
                (expected, got) => return Err(format!("the corpus gives {:?}, the library {:?}", expected.map(|hits| hits.len()), got.map(|hits| hits.len()))),
            }
            Ok(fetched.iter().map(|name| kind_of(name)).collect())
        }
        other => Err(format!("unknown call {other}")),
    }
}

/// Every citation, running text and query of the repository's tables, through the library.
#[test]
fn the_library_answers_every_table_as_one_corpus_of_its_documents() {
    let mut calls: Vec<(String, String, String, String)> = Vec::new();
    let mut add = |table: &str, call: &str, input_column: usize, options_column: Option<usize>| {
        for (line, columns) in rows(&path(table)) {
            let Some(input) = columns.get(input_column) else {
                continue;
            };
            let options = options_column.and_then(|column| columns.get(column)).cloned().unwrap_or_else(|| "-".to_string());
            calls.push((format!("{table}:{line}"), call.to_string(), input.clone(), options));
        }
    };
    add("tests/data/citations.tsv", "cite", 0, None);
    add("tests/data/published-ids.tsv", "lookup", 0, None);
    add("tests/fixtures/documents/combined-citations.tsv", "cite", 0, None);
    for name in ["law", "white-paper", "messy-translation"] {
        add(&format!("tests/fixtures/documents/{name}/expected/citations.tsv"), "lookup", 0, None);
        add(&format!("tests/fixtures/documents/{name}/expected/search.tsv"), "search", 1, None);
    }
    add("tests/data/found-citations.tsv", "find", 0, None);
    add("tests/data/search.tsv", "search", 1, Some(2));
    let mut failures = Vec::new();
    // Citations are read with one library that keeps what it loads (quicker); each search
    // starts from a fresh library, so it goes through its rounds of needs.
    let mut warm = fresh();
    for (place, call, input, options) in &calls {
        let mut cold = fresh();
        let library = if call == "search" { &mut cold } else { &mut warm };
        if let Err(why) = check(library, call, input, options) {
            failures.push(format!("{place}: {call} {input:?}: {why}"));
        }
    }
    assert!(calls.len() > 700, "the tables were read: {} calls", calls.len());
    assert!(failures.is_empty(), "{} of {} calls differ:\n{}", failures.len(), calls.len(), failures.join("\n"));
}

/// Which files each call fetches from a fresh library (tests/data/library-fetches.tsv).
#[test]
fn calls_fetch_only_what_they_show() {
    let mut failures = Vec::new();
    for (line, columns) in rows(&path("tests/data/library-fetches.tsv")) {
        let [call, input, options, expected, ..] = &columns[..] else {
            panic!("line {line}: four columns");
        };
        match check(&mut fresh(), call, input, options) {
            Err(why) => failures.push(format!("line {line}: {call} {input:?}: {why}")),
            Ok(kinds) => {
                // Kinds, each once: "chunk" stands for one chunk or more.
                let got: BTreeSet<String> = kinds.iter().cloned().collect();
                let wanted: BTreeSet<String> = expected.split_whitespace().filter(|kind| *kind != "-").map(str::to_string).collect();
                if got != wanted {
                    failures.push(format!("line {line}: {call} {input:?} fetched {kinds:?}, the table says {wanted:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_list_of_documents_needs_no_file_but_the_catalog() {
    let built = built();
    let library = fresh();
    let expected: Vec<_> = (0..built.combined.documents.len()).map(|index| clause_cite::document_view(&built.combined, index, false)).collect();
    assert_eq!(library.documents(), expected);
    assert!(library.loaded_files().is_empty());
    let mut library = fresh();
    let (document, fetched) = complete(&mut library, &built.files, |library| library.document("urban-renewal-law"));
    assert_eq!(document.unwrap(), clause_cite::document_view(&built.combined, 3, true));
    assert_eq!(fetched.iter().map(|name| kind_of(name)).collect::<Vec<_>>(), ["shard:urban-renewal-law"]);
    assert_eq!(library.document("no-such-document").unwrap_err().code(), ErrorCode::UnknownDocument);
}

/// The library with one shard reported missing and another replaced by damaged bytes.
fn damaged() -> Library {
    let built = built();
    let mut library = fresh();
    let law = library.shard_name(3).unwrap().to_string();
    library.fail_file(&law, "HTTP 404 Not Found");
    let white_paper = library.shard_name(4).unwrap().to_string();
    let mut bytes = built.files[&white_paper].clone();
    bytes[100] ^= 0x20;
    let error = library.add_file(&white_paper, &bytes).unwrap_err();
    assert_eq!(error.code(), ErrorCode::ChecksumMismatch);
    assert!(error.message().contains(&white_paper) && error.message().contains("wetland-white-paper"), "{}", error.message());
    library
}

#[test]
fn a_missing_or_corrupt_shard_fails_only_its_documents_calls() {
    let built = built();
    let mut library = damaged();
    // Each call of the two damaged documents fails with its file's error.
    for (input, code, document) in [
        ("Urban Renewal Law Art. 5", ErrorCode::ShardUnavailable, "urban-renewal-law"),
        ("urban-renewal-law__art_5", ErrorCode::ShardUnavailable, "urban-renewal-law"),
        ("《中国的湿地保护》三、（一）", ErrorCode::ChecksumMismatch, "wetland-white-paper"),
    ] {
        let (result, _) = complete(&mut library, &built.files, |library| {
            library.resolve(input).and_then(|step| match step {
                Step::Ready(place) => library.clause_view(&place),
                Step::Needs(names) => Ok(Step::Needs(names)),
            })
        });
        let error = result.expect_err(input);
        assert_eq!(error.code(), code, "{input}: {}", error.to_line());
        assert!(error.message().contains(document) || error.message().contains("documents/"), "{input}: {}", error.message());
    }
    // Every other document works.
    for input in ["Development Program (10) ¶2", "Pacific Islands Policy Paper (IX)", "Zhou Zhiwei ¶2", "LAC Policy Paper Part III"] {
        let (result, _) = complete(&mut library, &built.files, |library| match library.resolve(input)? {
            Step::Ready(place) => library.clause_view(&place),
            Step::Needs(names) => Ok(Step::Needs(names)),
        });
        result.unwrap_or_else(|why| panic!("{input}: {}", why.to_line()));
    }
    // A search still answers from the other documents, and says which it could not show.
    let options = SearchOptions::default();
    let (hits, _) = complete_search(&mut library, &built.files, "城市更新 湿地 cooperation", &options);
    let hits = hits.unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|hit| hit.document != "urban-renewal-law" && hit.document != "wetland-white-paper"));
    let step = library.search("城市更新 湿地 cooperation", &options).unwrap();
    let unavailable: Vec<&str> = step.unavailable.iter().map(|(document, _)| document.as_str()).collect();
    assert!(unavailable.contains(&"urban-renewal-law") && unavailable.contains(&"wetland-white-paper"), "{unavailable:?}");
    // The right bytes, added later, repair the document.
    let white_paper = library.shard_name(4).unwrap().to_string();
    library.add_file(&white_paper, &built.files[&white_paper]).unwrap();
    let (result, _) = complete(&mut library, &built.files, |library| library.resolve("《中国的湿地保护》三、（一）"));
    assert_eq!(library.clause_id(&result.unwrap()), "wetland-white-paper__sec_3__sub_1");
}

#[test]
fn files_are_checked_against_the_catalog() {
    let built = built();
    let mut library = fresh();
    // A file the catalog does not name, a shard's bytes under another shard's name, and a cut file.
    assert_eq!(library.add_file("documents/other.ccc", b"CCC").unwrap_err().code(), ErrorCode::LibraryFile);
    let law = library.shard_name(3).unwrap().to_string();
    let policy = library.shard_name(0).unwrap().to_string();
    let error = library.add_file(&law, &built.files[&policy]).unwrap_err();
    assert_eq!(error.code(), ErrorCode::ChecksumMismatch, "{}", error.to_line());
    let outline = built.files.keys().find(|name| name.starts_with("outline.")).unwrap();
    let bytes = &built.files[outline];
    assert_eq!(library.add_file(outline, &bytes[..bytes.len() / 2]).unwrap_err().code(), ErrorCode::ChecksumMismatch);
    // Damaged catalogs are refused with the store's codes.
    let catalog = &built.files[CATALOG_NAME];
    let mut flipped = catalog.clone();
    flipped[catalog.len() / 2] ^= 1;
    assert_eq!(Library::open(&flipped).err().unwrap().code(), ErrorCode::ChecksumMismatch);
    assert_eq!(Library::open(&catalog[..10]).err().unwrap().code(), ErrorCode::LibraryFile);
    assert_eq!(Library::open(&built.files[&policy]).err().unwrap().code(), ErrorCode::LibraryFile);
    let mut newer = catalog.clone();
    newer[3] = 99;
    assert_eq!(Library::open(&newer).err().unwrap().code(), ErrorCode::UnsupportedFormat);
}

#[test]
fn a_reference_written_in_a_library_reads_back_by_the_catalog_alone() {
    let built = built();
    let tables = clause_cite::NameTables::new(&built.combined);
    let resolver = clause_cite::Resolver::new(&built.combined, &tables);
    // (clause id, last clause of a range, sentences, the version they are counted in)
    type Row<'a> = (&'a str, Option<&'a str>, Option<(u16, u16)>, Option<&'a str>);
    let rows: [Row; 5] = [
        ("urban-renewal-law__ch_1__art_5", None, None, None),
        ("policy-paper__pt_3__prog_2__sec_10__para_2", None, None, None),
        ("policy-paper__pt_3__prog_2__sec_10__para_2", None, Some((1, 1)), Some("en")),
        ("policy-paper__pt_3__prog_2__sec_9__para_2", Some("policy-paper__pt_3__prog_2__sec_9__para_3"), None, None),
        ("wetland-white-paper__sec_3__sub_1", None, None, None),
    ];
    for (id, end, sentences, version) in rows {
        let mut library = fresh();
        let (forms, fetched) = complete(&mut library, &built.files, |library| library.reference(id, end, sentences, version));
        let forms = forms.unwrap_or_else(|why| panic!("{id}: {}", why.to_line()));
        let document = id.split("__").next().unwrap();
        assert_eq!(fetched.iter().map(|name| kind_of(name)).collect::<Vec<_>>(), [format!("shard:{document}")], "{id}");
        // The canonical reference and the short citations are the corpus's.
        let citation = clause_cite::citation_from_parts(&built.combined, id, end, sentences, version).unwrap();
        let expected = clause_cite::reference_forms(&built.combined, &resolver, &citation, citation.version_hint.map(usize::from)).unwrap();
        assert_eq!((&forms.reference, &forms.cite, &forms.cite_zh), (&expected.reference, &expected.cite, &expected.cite_zh), "{id}");
        // The human form names the document (or is the id) and, in a fresh library, needs that
        // document's file only, and names the same place as the canonical reference.
        let mut reader = fresh();
        let (place, fetched) = complete(&mut reader, &built.files, |library| library.resolve(&forms.human));
        let place = place.unwrap_or_else(|why| panic!("{}: {}", forms.human, why.to_line()));
        assert_eq!(fetched.iter().map(|name| kind_of(name)).collect::<Vec<_>>(), [format!("shard:{document}")], "{}", forms.human);
        let (canonical, _) = complete(&mut reader, &built.files, |library| library.resolve(&forms.reference));
        let canonical = canonical.unwrap();
        let spot = |place: &clause_cite::LibraryPlace| (place.document, place.citation.clause, place.citation.end_clause, place.citation.sentences);
        assert_eq!(spot(&place), spot(&canonical), "{} and {}", forms.human, forms.reference);
    }
    // An id of no document is refused.
    assert_eq!(fresh().reference("no-such-document__art_5", None, None, None).unwrap_err().code(), ErrorCode::UnknownCitation);
}

#[test]
fn a_hinted_file_name_is_checked_against_the_catalog() {
    let library = fresh();
    // Every file the catalog names passes, before anything is loaded.
    for document in 0..library.document_count() {
        library.check_file(library.shard_name(document).unwrap()).unwrap();
    }
    // A shard name of an earlier build names the document's file now; other names are refused.
    let policy = library.shard_name(0).unwrap().to_string();
    let error = library.check_file("documents/policy-paper.0000000000000000.ccc").unwrap_err();
    assert_eq!(error.code(), ErrorCode::LibraryFile);
    assert_eq!(error.suggestions(), std::slice::from_ref(&policy));
    assert!(error.message().contains(&policy), "{}", error.to_line());
    for name in ["documents/no-such-document.0000000000000000.ccc", "catalog.ccl", "../catalog.ccl", "index/unknown.cct", ""] {
        let error = library.check_file(name).unwrap_err();
        assert_eq!((error.code(), error.suggestions().len()), (ErrorCode::LibraryFile, 0), "{name}: {}", error.to_line());
    }
}

#[test]
fn memory_holds_only_what_was_loaded() {
    let built = built();
    let mut library = fresh();
    let (place, fetched) = complete(&mut library, &built.files, |library| library.resolve("Development Program (10) ¶2"));
    let place = place.unwrap();
    assert_eq!(library.loaded_files(), fetched);
    let shard = library.shard_name(place.document).unwrap().to_string();
    assert_eq!(library.loaded_files(), std::slice::from_ref(&shard));
    assert_eq!(library.loaded_bytes(), built.files[&shard].len() as u64);
    library.unload(&shard);
    assert!(library.loaded_files().is_empty());
    assert!(matches!(library.clause_view(&place).unwrap(), Step::Needs(_)));
}

#[test]
fn adding_a_document_leaves_the_other_documents_files_unchanged() {
    let before: BTreeMap<String, Vec<u8>> = build_library("test-library", "The test library", &corpora()[..3]).unwrap().into_iter().collect();
    let after = &built().files;
    let mut kept = 0;
    for (name, bytes) in &before {
        if name.starts_with("documents/") {
            assert_eq!(after.get(name), Some(bytes), "{name} changed");
            kept += 1;
        }
    }
    assert_eq!(kept, 5, "the five documents' shards");
    // Building twice gives the same bytes. (The library-wide files change: the catalog, the
    // outline, the search table and vocabulary, and every chunk that holds one of the new
    // document's terms, which for a document in the same languages is nearly every chunk;
    // bench/library.mjs reports how many bytes change.)
    let again: BTreeMap<String, Vec<u8>> = build_library("test-library", "The test library", corpora()).unwrap().into_iter().collect();
    assert_eq!(&again, after);
}

#[test]
fn bad_libraries_are_refused_when_built() {
    let corpus = crate::corpus().clone();
    let error = build_library("twice", "Twice", &[corpus.clone(), corpus]).unwrap_err();
    assert_eq!(error.code(), ErrorCode::DuplicateId, "{}", error.to_line());
    assert_eq!(build_library("empty", "Empty", &[]).unwrap_err().code(), ErrorCode::InvalidArgument);
    assert_eq!(build_library("not an id", "Bad", &corpora()[1..2]).unwrap_err().code(), ErrorCode::InvalidArgument);
}

/// A search whose words' index chunks are not all loaded answers at once with the hits the
/// loaded chunks make, among the documents loaded (something for a search box to show while the
/// rest loads), asks for the missing chunks, and ends with exactly the corpus's hits.
#[test]
fn a_search_answers_from_the_loaded_chunks_while_the_others_load() {
    let files = &built().files;
    let options = SearchOptions::default();
    let mut library = fresh();
    let (first, _) = complete_search(&mut library, files, "北斗", &options);
    let first = first.expect("the first word's search ends");
    assert!(!first.is_empty(), "北斗 has hits");
    // The first second word whose index chunk is not loaded yet (in a small library several
    // words share a chunk).
    let (query, step) = ["卫星", "湿地", "海洋", "贸易", "文化", "城市", "保护"]
        .iter()
        .map(|word| format!("北斗 {word}"))
        .find_map(|query| {
            let step = library.search(&query, &options).expect("the search runs");
            step.needs.iter().any(|name| kind_of(name) == "chunk").then_some((query, step))
        })
        .expect("some second word lives in another chunk");
    assert!(!step.hits.is_empty(), "{query}: the loaded chunks already make hits");
    assert!(step.hits.iter().all(|hit| first.iter().any(|known| known.id == hit.id)), "{query}: each early hit is one the loaded word makes");
    let (done, _) = complete_search(&mut library, files, &query, &options);
    let expected = built().index.search(&built().combined, &query, &options).expect("the corpus searches");
    let ids = |hits: &[Hit]| hits.iter().map(|hit| hit.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&done.expect("the search ends")), ids(&expected), "the final hits are the corpus's");
}

/// Once a search's index chunks are in, it asks for the documents of its hits, the best hit's
/// first, and says so (`best_first`): with that one document added, the best hit is shown. Index
/// chunks and a filtered search's documents (all needed to rank) are never marked so.
#[test]
fn a_search_asks_for_its_best_hits_document_first() {
    let files = &built().files;
    let options = SearchOptions::default();
    let query = "cooperation development";
    let mut library = fresh();
    let mut documents_step = None;
    for _ in 0..8 {
        let step = library.search(query, &options).unwrap();
        if step.needs.is_empty() {
            break;
        }
        let all_shards = step.needs.iter().all(|name| name.starts_with("documents/"));
        assert_eq!(step.best_first, all_shards, "{:?}", step.needs);
        if step.best_first {
            documents_step = Some(step.needs.clone());
            break;
        }
        for name in &step.needs {
            library.add_file(name, &files[name]).unwrap();
        }
    }
    let needs = documents_step.expect("the search asks for its hits' documents");
    assert!(needs.len() > 1, "the hits come from several documents: {needs:?}");
    let final_hits = {
        let mut everything = fresh();
        complete_search(&mut everything, files, query, &options).0.unwrap()
    };
    assert_eq!(kind_of(&needs[0]), format!("shard:{}", final_hits[0].document), "the best hit's document is asked for first");
    library.add_file(&needs[0], &files[&needs[0]]).unwrap();
    let partial = library.search(query, &options).unwrap();
    assert_eq!(partial.hits.first().map(|hit| &hit.id), Some(&final_hits[0].id), "with its document in, the best hit shows");
    // A search filtered to documents needs them all to rank.
    let filtered = SearchOptions { documents: vec!["urban-renewal-law".into(), "wetland-white-paper".into()], ..SearchOptions::default() };
    let step = fresh().search("保护", &filtered).unwrap();
    assert!(!step.needs.is_empty() && !step.best_first);
}
