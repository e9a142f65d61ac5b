//! Search tests. The expectations live in `tests/data/search.tsv` (one `check` runs every row);
//! the UTF-16 and bad-query tests below build what the table cannot express.

use clause_cite::{Clause, ClauseText, Corpus, Document, Hit, Index, Kind, Localized, Role, SearchOptions, Span, Version, MAXIMUM_QUERY_CHARACTERS};
use std::sync::OnceLock;

fn default_corpus() -> (&'static Corpus, &'static Index) {
    static INDEX: OnceLock<Index> = OnceLock::new();
    let corpus = crate::corpus();
    (corpus, INDEX.get_or_init(|| Index::new(corpus)))
}

pub fn options_from(text: &str) -> SearchOptions {
    let mut options = SearchOptions::default();
    if text == "-" {
        return options;
    }
    for part in text.split(';') {
        let (name, value) = part.split_once('=').expect("options are name=value");
        let list = || value.split(',').map(str::to_string).collect::<Vec<_>>();
        match name {
            "versions" => options.versions = list(),
            "documents" => options.documents = list(),
            "within" => options.within = Some(value.to_string()),
            "limit" => options.limit = value.parse().expect("a number"),
            other => panic!("unknown option {other}"),
        }
    }
    options
}

/// The text a UTF-16 range of `text` covers.
fn utf16_slice(text: &str, range: [u32; 2]) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[range[0] as usize..range[1] as usize]).expect("a range on character boundaries")
}

fn find<'h>(hits: &'h [Hit], id: &str) -> Option<&'h Hit> {
    hits.iter().find(|hit| hit.id == id)
}

fn check(line_number: usize, query: &str, options: &str, expectation: &str, argument: &str) -> Result<(), String> {
    let (corpus, index) = default_corpus();
    let options = options_from(options);
    let result = index.search(corpus, query, &options);
    let ids = |hits: &[Hit]| hits.iter().map(|hit| hit.id.as_str()).take(5).collect::<Vec<_>>().join(" ");
    let hits = match (result, expectation) {
        (Err(error), "error") if error.code().as_str() == argument => {
            if error.message().len() < 20 {
                return Err(format!("line {line_number}: the error message is too short to help: {}", error.message()));
            }
            return Ok(());
        }
        (Err(error), _) => return Err(format!("line {line_number}: {query}: unexpected error {}", error.to_line())),
        (Ok(hits), "error") => return Err(format!("line {line_number}: {query}: expected error {argument}, got hits {}", ids(&hits))),
        (Ok(hits), _) => hits,
    };
    let fail = |what: String| Err(format!("line {line_number}: {query} [{expectation} {argument}]: {what}; hits: {}", ids(&hits)));
    let words: Vec<&str> = argument.splitn(3, ' ').collect();
    match expectation {
        "top1" => {
            if hits.first().map(|hit| hit.id.as_str()) != Some(argument) {
                return fail("not the first hit".into());
            }
        }
        "top3" => {
            if !hits.iter().take(3).any(|hit| hit.id == argument) {
                return fail("not in the first three".into());
            }
        }
        "matched" => {
            let Some(hit) = find(&hits, words[0]) else {
                return fail("not a hit".into());
            };
            let wanted: Vec<&str> = words.get(1).copied().unwrap_or("").split(',').collect();
            if hit.matched != wanted {
                return fail(format!("matched {:?}", hit.matched));
            }
            if hit.snippets.len() != hit.matched.len() {
                return fail("a snippet per matched version".into());
            }
        }
        "relaxed" => {
            if hits.is_empty() || !hits.iter().all(|hit| hit.quotes_ignored) {
                return fail("expected the unquoted results, marked".into());
            }
            if !hits.iter().take(3).any(|hit| hit.id == argument) {
                return fail("not in the first three".into());
            }
        }
        "none" => {
            if !hits.is_empty() {
                return fail("expected no hits".into());
            }
        }
        "all-under" => {
            if hits.is_empty() || !hits.iter().all(|hit| hit.id.starts_with(argument)) {
                return fail("hits outside the filter".into());
            }
        }
        "all-matched-in" => {
            let allowed: Vec<&str> = argument.split(',').collect();
            if hits.is_empty() || !hits.iter().all(|hit| hit.matched.iter().all(|version| allowed.contains(&version.as_str()))) {
                return fail("a hit matched a filtered-out version".into());
            }
        }
        "highlight" => {
            let Some(hit) = find(&hits, words[0]) else {
                return fail("not a hit".into());
            };
            let Some(snippet) = hit.snippets.get(words[1]) else {
                return fail("no snippet for the version".into());
            };
            let marked: Vec<String> = snippet.highlights.iter().map(|range| utf16_slice(&snippet.text, *range)).collect();
            if !marked.iter().any(|text| text == words[2]) {
                return fail(format!("highlights {marked:?} in {:?}", snippet.text));
            }
        }
        other => return Err(format!("line {line_number}: unknown expectation {other}")),
    }
    Ok(())
}

#[test]
fn search_table() {
    let table = include_str!("../data/search.tsv");
    let mut failures = Vec::new();
    let mut rows = 0;
    for (number, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(columns.len(), 5, "line {}: five tab-separated columns", number + 1);
        rows += 1;
        if let Err(failure) = check(number + 1, columns[1], columns[2], columns[3], columns[4]) {
            failures.push(failure);
        }
    }
    assert!(rows >= 60, "the table has {rows} rows");
    assert!(failures.is_empty(), "{} of {rows} rows failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn equal_scores_keep_reading_order() {
    let (corpus, index) = default_corpus();
    let options = SearchOptions { limit: 1000, ..SearchOptions::default() };
    let hits = index.search(corpus, "合作", &options).unwrap();
    assert!(hits.len() > 50);
    let order: Vec<usize> = corpus.all_clauses().map(|found| found.clause as usize).collect();
    let position = |id: &str| corpus.all_clauses().position(|found| corpus.clause(found).id == id).unwrap();
    for pair in hits.windows(2) {
        assert!(pair[0].score >= pair[1].score, "sorted by score");
        if pair[0].score == pair[1].score {
            assert!(position(&pair[0].id) < position(&pair[1].id), "ties in reading order");
        }
    }
    assert!(!order.is_empty());
    // The same search twice gives the same hits.
    assert_eq!(hits, index.search(corpus, "合作", &options).unwrap());
}

/// Queries that must not panic or hang, with what they must give.
#[test]
fn bad_queries_give_no_hits_or_a_clear_error() {
    let (corpus, index) = default_corpus();
    let options = SearchOptions::default();
    let megabyte = "合作 cooperation ".repeat(1 << 16);
    let just_over = "a".repeat(MAXIMUM_QUERY_CHARACTERS + 1);
    let at_limit = "北斗".repeat(MAXIMUM_QUERY_CHARACTERS / 2);
    let many_words = "cooperation development ".repeat(40);
    let cases: Vec<(&str, Option<&str>)> = vec![
        ("", None),
        ("   \t\n  ", None),
        ("\u{3000}\u{3000}", None),
        ("?!.,;:()[]{}", None),
        ("AND", None),
        ("\"", None),
        ("\"\"\"\"", None),
        ("-", None),
        ("*", None),
        ("\u{200B}\u{FEFF}", None),
        (&megabyte, Some("query-too-long")),
        (&just_over, Some("query-too-long")),
    ];
    for (query, code) in cases {
        match (index.search(corpus, query, &options), code) {
            (Ok(hits), None) => assert!(hits.is_empty(), "{:?} gives no hits", query.get(..20)),
            (Err(error), Some(code)) => {
                assert_eq!(error.code().as_str(), code);
                assert!(error.message().contains(&MAXIMUM_QUERY_CHARACTERS.to_string()), "the message names the limit");
            }
            (other, _) => panic!("{:?}: unexpected {other:?}", query.get(..20)),
        }
    }
    // At the limit, and with many words, a query still runs and finds what it should.
    let hits = index.search(corpus, &at_limit, &options).unwrap();
    assert_eq!(hits[0].id, "policy-paper__pt_3__prog_2__sec_10__para_2");
    assert!(!index.search(corpus, &many_words, &options).unwrap().is_empty());
}

/// A small corpus with characters outside the Basic Multilingual Plane, built by hand.
fn corpus_with_supplementary_characters() -> Corpus {
    let chinese = "𠀋𠀋前言\n\n𩸽鱼和北斗系统:北斗𠀋合作。";
    let english = "😀 Foreword\n\n😀😀 The BeiDou system 🚀 and the 北斗 name.";
    let span = |text: &str, part: &str| {
        let start = text.find(part).unwrap();
        Span::new(start, start + part.len())
    };
    let given = |text: &str, part: &str| Some(ClauseText { text: span(text, part), label: None, title: None, sentences: vec![span(text, part)] });
    let version = |id: &str, lang: &str, role: Role, text: &str| Version {
        id: id.into(),
        lang: lang.into(),
        role,
        title: "t".into(),
        publisher: Localized::one("en", "p"),
        source: Localized::one("en", "s"),
        date: "2025".into(),
        url: None,
        text: text.into(),
    };
    Corpus {
        id: "test".into(),
        title: "test".into(),
        documents: vec![Document {
            id: "doc".into(),
            id_prefix: "doc".into(),
            short_title: Localized::default(),
            aliases: Vec::new(),
            levels: Vec::new(),
            former_ids: Vec::new(),
            acronyms: Vec::new(),
            versions: vec![version("zh", "zh-Hans", Role::Original, chinese), version("en", "en", Role::OfficialTranslation, english)],
            clauses: vec![
                Clause {
                    id: "doc__preface".into(),
                    kind: Kind::Heading,
                    level: None,
                    parent: None,
                    number: 1,
                    texts: vec![given(chinese, "𠀋𠀋前言"), given(english, "😀 Foreword")],
                },
                Clause {
                    id: "doc__preface__para_1".into(),
                    kind: Kind::Paragraph,
                    level: None,
                    parent: Some(0),
                    number: 1,
                    texts: vec![given(chinese, "𩸽鱼和北斗系统:北斗𠀋合作。"), given(english, "😀😀 The BeiDou system 🚀 and the 北斗 name.")],
                },
            ],
            divergences: vec![],
        }],
    }
}

#[test]
fn highlights_are_utf16_offsets_around_supplementary_characters() {
    let corpus = Corpus::from_bytes(&corpus_with_supplementary_characters().to_bytes()).expect("a hand-made corpus loads");
    let index = Index::new(&corpus);
    let options = SearchOptions::default();
    // Each row: query, clause, version, the highlighted texts in order.
    let table: &[(&str, &str, &str, &[&str])] = &[
        ("北斗", "doc__preface__para_1", "zh", &["北斗", "北斗"]),
        ("北斗", "doc__preface__para_1", "en", &["北斗"]),
        ("beidou system", "doc__preface__para_1", "en", &["BeiDou", "system"]),
        ("系统", "doc__preface__para_1", "zh", &["系统"]),
        ("𩸽鱼", "doc__preface__para_1", "zh", &["𩸽鱼"]),
        ("𠀋合作", "doc__preface__para_1", "zh", &["𠀋合作"]),
        ("𠀋前言", "doc__preface", "zh", &["𠀋前言"]),
        ("𠀋𠀋", "doc__preface", "zh", &["𠀋𠀋"]),
        ("foreword", "doc__preface", "en", &["Foreword"]),
    ];
    for (query, id, version, expected) in table {
        let hits = index.search(&corpus, query, &options).unwrap();
        let hit = find(&hits, id).unwrap_or_else(|| panic!("{query}: {id} is a hit"));
        let snippet = hit.snippets.get(version).unwrap();
        let marked: Vec<String> = snippet.highlights.iter().map(|range| utf16_slice(&snippet.text, *range)).collect();
        assert_eq!(&marked, expected, "{query} in {version}");
        // The snippet is the clause text (short here) and its offsets say where it sits.
        let clause = corpus.clause(corpus.clause_by_id(id).unwrap());
        let document = &corpus.documents[0];
        let full = document.text_of(clause, document.version_index(version).unwrap()).unwrap();
        assert_eq!(utf16_slice(full, [snippet.start, snippet.end]), snippet.text);
    }
    // A 𠀋 query is one supplementary character: found, and marked as two UTF-16 units.
    let hits = index.search(&corpus, "𠀋", &options).unwrap();
    let snippet = find(&hits, "doc__preface__para_1").unwrap().snippets.get("zh").unwrap();
    assert_eq!(snippet.highlights.iter().map(|range| range[1] - range[0]).collect::<Vec<_>>(), vec![2]);
}

#[test]
fn long_clause_snippets_are_short_excerpts_around_the_match() {
    let (corpus, index) = default_corpus();
    let hits = index.search(corpus, "Panda bonds", &SearchOptions::default()).unwrap();
    let hit = &hits[0];
    for (version, snippet) in hit.snippets.iter() {
        assert!(snippet.text.chars().count() <= 240, "{version}: {} characters", snippet.text.chars().count());
        assert!(!snippet.highlights.is_empty());
        let found = corpus.clause_by_id(&hit.id).unwrap();
        let document = corpus.document(found);
        let full = document.text_of(corpus.clause(found), document.version_index(version).unwrap()).unwrap();
        assert_eq!(utf16_slice(full, [snippet.start, snippet.end]), snippet.text);
    }
}

#[test]
fn index_is_smaller_than_twice_the_text() {
    let (corpus, index) = default_corpus();
    let stats = index.stats(corpus);
    assert!(stats.memory_bytes < 2 * stats.text_bytes, "{stats:?}");
    assert_eq!(stats.clauses, corpus.all_clauses().count());
}
