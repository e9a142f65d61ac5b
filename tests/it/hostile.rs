//! Citations written to be slow (issue 19), and the "did you mean" suggestions for ordinary
//! typos that bounding the suggestion search must keep sensible.
//!
//! `tests/data/hostile-citations.tsv` holds the audit's exponential input (42 s at k = 7 when
//! "did you mean" re-parsed its own corrections) and the other shapes an attacker would try:
//! runs of near-miss names, brackets, numbers, ids, ranges and punctuation. Each must answer in
//! under 50 ms, the bound the issue sets, through every public way in: a kept resolver, the
//! one-off `resolve`, `format` in every style, the card, finding citations in the input as
//! running text, a search `within` it, and a library's lookup, finding and search. A time is the
//! thread's CPU time (see `crate::thread_time`), so a busy machine does not fail the test, and a
//! run over the bound is tried twice more and the least time counts.
//!
//! `tests/data/typo-suggestions.tsv` holds a misspelt name of every clause with the error code
//! and the suggestions the parser gives.

use crate::{corpus, path, rows, time_within};
use clause_cite::{
    build_library, card_view, format, resolve, CardOptions, Corpus, Index, Library, NameTables, Resolver, SearchOptions, Step, Style, CATALOG_NAME,
    MAX_CITATION_CHARS,
};
use std::collections::BTreeMap;

/// The bound issue 19 sets for every citation, in milliseconds of CPU time.
const BOUND_MS: f64 = 50.0;

/// The input a row of the hostile table describes: its prefix, then its piece `repeats` times,
/// or for `fill` as many times as fit in [`MAX_CITATION_CHARS`] characters.
fn hostile_input(prefix: &str, piece: &str, repeats: &str) -> String {
    let mut input = prefix.to_string();
    match repeats {
        "fill" => {
            let (mut length, piece_length) = (input.chars().count(), piece.chars().count());
            assert!(piece_length > 0, "a fill row needs a piece");
            while length + piece_length <= MAX_CITATION_CHARS {
                input.push_str(piece);
                length += piece_length;
            }
        }
        count => {
            let count: usize = count.parse().unwrap_or_else(|_| panic!("repeats must be a number or 'fill', not {count:?}"));
            input.push_str(&piece.repeat(count));
        }
    }
    input
}

/// A library of the default corpus with the files the calls below need loaded, so each answers
/// at once: every document's shard, the outline and the search files for "cooperation".
fn loaded_library() -> Library {
    let files: BTreeMap<String, Vec<u8>> =
        build_library("hostile", "The default corpus as a library", std::slice::from_ref(corpus())).expect("the library builds").into_iter().collect();
    let mut library = Library::open(&files[CATALOG_NAME]).expect("the catalog opens");
    let within_a_part = SearchOptions { within: Some("Part III".to_string()), ..SearchOptions::default() };
    for _ in 0..8 {
        let mut needs = Vec::new();
        for document in &corpus().documents {
            if let Ok(Step::Needs(names)) = library.document(&document.id) {
                needs.extend(names);
            }
        }
        if let Ok(Step::Needs(names)) = library.find_citations("Part III") {
            needs.extend(names);
        }
        for options in [&SearchOptions::default(), &within_a_part] {
            needs.extend(library.search("cooperation", options).expect("the search runs").needs);
        }
        if needs.is_empty() {
            return library;
        }
        needs.sort();
        needs.dedup();
        for name in needs {
            library.add_file(&name, &files[&name]).unwrap_or_else(|why| panic!("{name}: {}", why.to_line()));
        }
    }
    panic!("the library still needed files after eight rounds");
}

/// A public way in, by name: a call that reads a citation (or running text) and answers.
type Way<'a> = (&'static str, Box<dyn Fn(&str) + 'a>);

/// Every public way a citation comes in.
fn ways_in<'a>(corpus: &'a Corpus, resolver: &'a Resolver<'a>, index: &'a Index, library: &'a Library) -> Vec<Way<'a>> {
    let within = |input: &str| SearchOptions { within: Some(input.to_string()), ..SearchOptions::default() };
    vec![
        ("resolve", Box::new(move |input: &str| drop(resolver.resolve(input)))),
        ("one-off resolve", Box::new(move |input: &str| drop(resolve(corpus, input)))),
        (
            "cite in every style",
            Box::new(move |input: &str| {
                if let Ok(citation) = resolver.resolve(input) {
                    for style in Style::ALL {
                        drop(format(corpus, &citation, *style, None));
                    }
                }
            }),
        ),
        ("card", Box::new(move |input: &str| drop(card_view(corpus, resolver, Some(index), input, &CardOptions::default())))),
        ("find citations", Box::new(move |input: &str| drop(resolver.find(input)))),
        ("search within", Box::new(move |input: &str| drop(index.search(corpus, "cooperation", &within(input))))),
        (
            "library lookup and cite",
            Box::new(move |input: &str| match library.resolve(input) {
                Ok(Step::Ready(place)) => assert!(!matches!(library.format(&place, Style::Chicago, None), Ok(Step::Needs(_)))),
                Ok(Step::Needs(names)) => panic!("the lookup needs {names:?}, which the test did not load"),
                Err(_) => {}
            }),
        ),
        ("library find citations", Box::new(move |input: &str| assert!(!matches!(library.find_citations(input), Ok(Step::Needs(_)))))),
        (
            "library search within",
            Box::new(move |input: &str| {
                if let Ok(step) = library.search("cooperation", &within(input)) {
                    assert!(step.needs.is_empty(), "the search needs {:?}, which the test did not load", step.needs);
                }
            }),
        ),
    ]
}

#[test]
fn hostile_citations_answer_in_under_50_ms_through_every_way_in() {
    let corpus = corpus();
    let tables = NameTables::new(corpus);
    let resolver = Resolver::new(corpus, &tables);
    let index = Index::new(corpus);
    let library = loaded_library();
    let ways = ways_in(corpus, &resolver, &index, &library);
    let rows = rows(&path("tests/data/hostile-citations.tsv"));
    assert!(rows.len() >= 30, "the table has {} rows", rows.len());
    let mut slow = Vec::new();
    let mut slowest = vec![(0.0f64, String::new()); ways.len()];
    for (line, columns) in &rows {
        let [name, prefix, piece, repeats] = &columns[..] else {
            panic!("line {line}: a row is a name, a prefix, a piece and a repeat count");
        };
        for (way, milliseconds) in check_hostile(&ways, &hostile_input(prefix, piece, repeats)).into_iter().enumerate() {
            if milliseconds > slowest[way].0 {
                slowest[way] = (milliseconds, name.clone());
            }
            if milliseconds >= BOUND_MS {
                slow.push(format!("line {line}: {name} ({}): {milliseconds:.1} ms", ways[way].0));
            }
        }
    }
    for ((way_name, _), (milliseconds, name)) in ways.iter().zip(&slowest) {
        println!("{way_name}: slowest {milliseconds:.2} ms of CPU time ({name})");
    }
    assert!(slow.is_empty(), "slower than {BOUND_MS} ms of CPU time:\n{}", slow.join("\n"));
}

/// Runs one input of the hostile table through every way in: the CPU time of each in
/// milliseconds (the least of three runs where one is over the bound), in the order of `ways`.
fn check_hostile(ways: &[Way<'_>], input: &str) -> Vec<f64> {
    assert!(input.chars().count() <= MAX_CITATION_CHARS, "{input:?} is longer than a citation may be");
    ways.iter().map(|(_, call)| time_within(BOUND_MS, || call(input))).collect()
}

#[test]
fn a_citation_over_the_length_limit_is_refused_at_once() {
    let corpus = corpus();
    let input = hostile_input("Chinas Policy Paper on Latin me~ica a d the\"a’", " e\"C’", "400");
    assert!(input.chars().count() > MAX_CITATION_CHARS);
    let error = resolve(corpus, &input).unwrap_err();
    assert_eq!(error.code().as_str(), "too-long", "{}", error.to_line());
    assert!(error.message().contains("1000"), "{}", error.message());
}

/// Checks one row of the typo table: the misspelt citation fails with the row's code and
/// gives the row's suggestions, in order; each suggestion resolves.
fn check_typo(resolver: &Resolver, input: &str, code: &str, suggestions: &str) -> Result<(), String> {
    let error = match resolver.resolve(input) {
        Ok(_) => return Err("it resolved".to_string()),
        Err(error) => error,
    };
    if error.code().as_str() != code {
        return Err(format!("expected {code}, got {}", error.to_line()));
    }
    let given = error.suggestions().join("; ");
    if given != suggestions {
        return Err(format!("expected the suggestions {suggestions:?}, got {given:?}"));
    }
    if let Some(first) = error.suggestions().first() {
        if !error.message().contains(first.as_str()) {
            return Err(format!("the message does not offer the first suggestion: {}", error.message()));
        }
    }
    for suggestion in error.suggestions() {
        if let Err(why) = resolver.resolve(suggestion) {
            return Err(format!("the suggestion {suggestion:?} does not resolve: {}", why.to_line()));
        }
    }
    Ok(())
}

#[test]
fn typo_suggestions_are_the_nearest_names_that_resolve() {
    let corpus = corpus();
    let tables = NameTables::new(corpus);
    let resolver = Resolver::new(corpus, &tables);
    let rows = rows(&path("tests/data/typo-suggestions.tsv"));
    assert!(rows.len() > 150, "the table has {} rows", rows.len());
    let mut failures = Vec::new();
    for (line, columns) in &rows {
        let [input, code, suggestions] = &columns[..] else {
            panic!("line {line}: a row is a citation, an error code and the suggestions");
        };
        if let Err(why) = check_typo(&resolver, input, code, suggestions) {
            failures.push(format!("line {line}: {input:?}: {why}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
}
