//! Crafted corpora (issue 19): corpora built in memory, written with `Corpus::to_bytes` (which
//! writes the length and the whole-file checksum, so only the loader's other checks stand
//! between them and every later call) and read back. A chain of sections nested 2,000 or
//! 5,000 deep, a document over the clause limit and a divergence naming too many clauses are
//! refused with `corpus-too-large`, quickly; a document of 200,000 clauses loads, and its views
//! are linear: loading or viewing four times the clauses costs about four times as much, and a
//! page costs what the page holds. A document read page by page is the whole document.
//!
//! The builders here also serve `integrity.rs`.

use crate::thread_time;
use clause_cite::{
    card_view, clause_view, document_page, document_view, format, limits, resolve, CardOptions, Clause, ClauseText, Corpus, Divergence, DivergenceKind,
    Document, ErrorCode, Index, Kind, Localized, NameTables, Resolver, Role, SearchOptions, Span, Style, Version, MAXIMUM_PAGE_CLAUSES,
};
use std::time::Duration;

/// Version `index` of a crafted document (`v0` is the original), with `text` and `url`.
pub fn version(index: usize, text: &str, url: Option<&str>) -> Version {
    Version {
        id: format!("v{index}"),
        lang: "en".into(),
        role: if index == 0 { Role::Original } else { Role::OfficialTranslation },
        title: "A crafted document".into(),
        publisher: Localized::one("en", "Nobody"),
        source: Localized::one("en", "A test"),
        date: "2026-01-01".into(),
        url: url.map(String::from),
        text: text.into(),
    }
}

/// A document with the id (and id prefix) `crafted`, these versions and clauses.
pub fn document(versions: Vec<Version>, clauses: Vec<Clause>) -> Document {
    Document {
        id: "crafted".into(),
        id_prefix: "crafted".into(),
        short_title: Localized::one("en", "Crafted"),
        aliases: Vec::new(),
        levels: Vec::new(),
        versions,
        clauses,
        divergences: Vec::new(),
        former_ids: Vec::new(),
        acronyms: Vec::new(),
    }
}

/// A corpus of these documents.
pub fn corpus_of(documents: Vec<Document>) -> Corpus {
    Corpus { id: "crafted".into(), title: "A crafted corpus".into(), documents }
}

/// A paragraph clause `crafted__para_<number>` under `parent`, with `span` as its text in each
/// of `versions` versions (one sentence).
pub fn paragraph(number: usize, parent: Option<u32>, span: Span, versions: usize) -> Clause {
    Clause {
        id: format!("crafted__para_{number}"),
        kind: Kind::Paragraph,
        level: None,
        parent,
        number: number as u32,
        texts: vec![Some(ClauseText { text: span, label: None, title: None, sentences: vec![span] }); versions],
    }
}

/// A corpus of one document of `versions` versions with the text "Alpha. Beta." and one
/// paragraph of it (two sentences), every version's `url` set to `url`.
pub fn small_corpus(versions: usize, url: Option<&str>) -> Corpus {
    let text = "Alpha. Beta.";
    let mut clause = paragraph(1, None, Span::new(0, text.len()), versions);
    for given in clause.texts.iter_mut().flatten() {
        given.sentences = vec![Span::new(0, 6), Span::new(7, 12)];
    }
    corpus_of(vec![document((0..versions).map(|index| version(index, text, url)).collect(), vec![clause])])
}

/// A chain of `depth` headings, each the only child of the one before, each "Heading <n>" on
/// its own line.
fn nested_chain(depth: usize) -> Corpus {
    let mut text = String::new();
    let mut clauses = Vec::new();
    for level in 0..depth {
        if level > 0 {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&format!("Heading {}", level + 1));
        let span = Span::new(start, text.len());
        let parent_id = clauses.last().map_or("crafted".to_string(), |parent: &Clause| parent.id.clone());
        clauses.push(Clause {
            id: format!("{parent_id}__h_{}", level + 1),
            kind: Kind::Heading,
            level: None,
            parent: level.checked_sub(1).map(|parent| parent as u32),
            number: 1,
            texts: vec![Some(ClauseText { text: span, label: None, title: Some(span), sentences: vec![span] })],
        });
    }
    corpus_of(vec![document(vec![version(0, &text, None)], clauses)])
}

/// A document of `count` paragraphs, "Paragraph <n>.", each a clause under no heading.
fn flat(count: usize) -> Corpus {
    let mut text = String::new();
    let mut clauses = Vec::with_capacity(count);
    for number in 1..=count {
        if number > 1 {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str("Paragraph ");
        text.push_str(&number.to_string());
        text.push('.');
        clauses.push(paragraph(number, None, Span::new(start, text.len()), 1));
    }
    corpus_of(vec![document(vec![version(0, &text, None)], clauses)])
}

/// Loads `bytes`, which must be refused with `corpus-too-large` naming `what`, the limit and
/// the value, within a second of CPU time.
fn check_refused(name: &str, bytes: &[u8], what: &str, limit: usize, value: usize) {
    let started = thread_time();
    let result = Corpus::from_bytes(bytes);
    let spent = thread_time().saturating_sub(started);
    println!("{name}: {} bytes, refused in {spent:?}", bytes.len());
    let error = result.err().unwrap_or_else(|| panic!("{name} loaded"));
    assert_eq!(error.code(), ErrorCode::CorpusTooLarge, "{name}: {}", error.to_line());
    for expected in [what.to_string(), limit.to_string(), value.to_string()] {
        assert!(error.message().contains(&expected), "{name}: {expected:?} is not in {:?}", error.message());
    }
    assert!(spent < Duration::from_secs(1), "{name}: refused in {spent:?}");
}

#[test]
fn chains_nested_thousands_deep_are_refused_and_the_deepest_allowed_works() {
    for depth in [2_000, 5_000] {
        check_refused(&format!("a chain {depth} deep"), &nested_chain(depth).to_bytes(), "levels", limits::DEPTH, limits::DEPTH + 1);
    }
    // The deepest chain allowed (its last clause DEPTH levels below the first) loads, and is
    // viewed, cited and searched.
    let corpus = Corpus::from_bytes(&nested_chain(limits::DEPTH + 1).to_bytes()).unwrap_or_else(|why| panic!("{}", why.to_line()));
    let deepest = corpus.documents[0].clauses.last().unwrap().id.clone();
    let view = document_view(&corpus, 0, true);
    assert_eq!(view.clauses.last().map(|clause| clause.depth), Some(limits::DEPTH as u16));
    let citation = resolve(&corpus, &deepest).unwrap_or_else(|why| panic!("{}", why.to_line()));
    for style in Style::ALL {
        format(&corpus, &citation, *style, None).unwrap_or_else(|why| panic!("{}: {}", style.name(), why.to_line()));
    }
    let index = Index::new(&corpus);
    let within = SearchOptions { within: Some(deepest.clone()), ..SearchOptions::default() };
    assert_eq!(index.search(&corpus, "heading", &within).unwrap().len(), 1);
}

#[test]
fn too_many_clauses_are_refused_before_they_are_read() {
    // Clauses with no text in any version are the cheapest to write: the count alone is over.
    let clauses = (0..=limits::CLAUSES).map(|number| Clause { texts: vec![None], ..paragraph(number + 1, None, Span::new(0, 0), 1) }).collect();
    let bytes = corpus_of(vec![document(vec![version(0, "Text.", None)], clauses)]).to_bytes();
    check_refused("one clause over the limit", &bytes, "clauses", limits::CLAUSES, limits::CLAUSES + 1);
}

/// CPU seconds since `started`.
fn seconds_since(started: Duration) -> f64 {
    thread_time().saturating_sub(started).as_secs_f64()
}

/// Loads a document of `count` flat paragraphs: the corpus and the CPU seconds it took.
fn load_flat(count: usize) -> (Corpus, f64) {
    let bytes = flat(count).to_bytes();
    // The best of three loads (see view_costs).
    let mut best = f64::MAX;
    let mut corpus = None;
    for _ in 0..3 {
        let started = thread_time();
        let loaded = Corpus::from_bytes(&bytes).unwrap_or_else(|why| panic!("{}", why.to_line()));
        best = best.min(seconds_since(started));
        corpus = Some(loaded);
    }
    (corpus.expect("three loads"), best)
}

/// The CPU seconds of a view of the whole document, and of a page of 500 clauses from its
/// middle (each the best of three).
fn view_costs(corpus: &Corpus) -> (f64, f64) {
    let count = corpus.documents[0].clauses.len();
    // The best of three, as for the page: one run on a loaded machine once took eight times
    // the smaller size's time (page faults count as CPU time), where the others take four.
    let mut whole_time = f64::MAX;
    for _ in 0..3 {
        let started = thread_time();
        let whole = document_view(corpus, 0, true);
        whole_time = whole_time.min(seconds_since(started));
        assert_eq!(whole.clauses.len(), count);
    }
    let mut page_time = f64::MAX;
    for _ in 0..3 {
        let started = thread_time();
        let page = document_page(corpus, 0, count / 2, 500).unwrap_or_else(|why| panic!("{}", why.to_line()));
        page_time = page_time.min(seconds_since(started));
        assert_eq!(page.clauses.len(), 500);
        assert_eq!(page.clauses[0].id, format!("crafted__para_{}", count / 2 + 1));
        assert_eq!(page.page.and_then(|place| place.next), Some((count / 2 + 500) as u32));
    }
    (whole_time, page_time)
}

#[test]
fn two_hundred_thousand_clauses_load_and_are_viewed_in_linear_time() {
    // Loading and viewing whole: four times the clauses cost about four times as much
    // (quadratic would be sixteen). The bound leaves room for a slower allocator and cache at
    // the larger size.
    let (small, small_load) = load_flat(10_000);
    let (large, large_load) = load_flat(40_000);
    let ((small_view, small_page), (large_view, _)) = (view_costs(&small), view_costs(&large));
    println!("10000 and 40000 clauses: loaded in {small_load:.3} and {large_load:.3} s, viewed whole in {small_view:.3} and {large_view:.3} s (CPU)");
    for (what, small, large) in [("loading", small_load, large_load), ("the whole view", small_view, large_view)] {
        assert!(large / small < 8.0, "{what}: {small:.3} s for 10,000 clauses, {large:.3} s for 40,000");
    }
    drop((small, large));
    // 200,000 clauses (the audit's file, which took 60 s) load, and a page of them costs what
    // it holds and a pass over the document's parents.
    let (corpus, load) = load_flat(200_000);
    let started = thread_time();
    let mut page = f64::MAX;
    for _ in 0..3 {
        let started = thread_time();
        let view = document_page(&corpus, 0, 100_000, 500).unwrap_or_else(|why| panic!("{}", why.to_line()));
        page = page.min(seconds_since(started));
        assert_eq!(view.clauses[499].id, "crafted__para_100500");
    }
    assert!(page < small_page * 3.0 + 0.005, "a page of 500: {small_page:.4} s of 10,000 clauses, {page:.4} s of 200,000");
    // The other ways in, on the large document.
    let tables = NameTables::new(&corpus);
    let resolver = Resolver::new(&corpus, &tables);
    let last = resolver.resolve("crafted__para_200000").unwrap_or_else(|why| panic!("{}", why.to_line()));
    let _ = clause_view(&corpus, last.reference());
    card_view(&corpus, &resolver, None, "crafted__para_200000", &CardOptions::default()).unwrap_or_else(|why| panic!("{}", why.to_line()));
    for style in Style::ALL {
        format(&corpus, &last, *style, None).unwrap_or_else(|why| panic!("{}: {}", style.name(), why.to_line()));
    }
    let index = Index::new(&corpus);
    let hits = index.search(&corpus, "paragraph", &SearchOptions::default()).unwrap();
    assert_eq!(hits.len(), 10);
    println!(
        "200000 clauses: loaded in {load:.3} s, a page of 500 in {:.1} ms; name tables, lookup, clause view, card, every style, index and search in {:.3} s (CPU)",
        page * 1000.0,
        seconds_since(started)
    );
}

/// A document of `count` paragraphs in two versions, and `divergences`: each the clause
/// indexes it names.
fn with_divergences(count: usize, divergences: Vec<Vec<u32>>) -> Corpus {
    let mut corpus = flat(count);
    let document = &mut corpus.documents[0];
    let text = document.versions[0].text.clone();
    document.versions.push(version(1, &text, None));
    for clause in &mut document.clauses {
        let given = clause.texts[0].clone();
        clause.texts.push(given);
    }
    document.divergences =
        divergences.into_iter().map(|clauses| Divergence { kind: DivergenceKind::Merged, version: 1, clauses, confidence: 50, note: None }).collect();
    corpus
}

#[test]
fn a_divergence_names_a_bounded_number_of_clauses_each_listed_once() {
    let limit = limits::DIVERGENCE_CLAUSES;
    let over = with_divergences(limit + 1, vec![(0..=limit as u32).collect()]);
    check_refused("a divergence of too many clauses", &over.to_bytes(), "clauses in one divergence", limit, limit + 1);
    // At the limit it loads. And five thousand divergences that each name the first clause
    // twice are listed with it once each (finding that it was listed was a scan of its list).
    let mut divergences = vec![(0..limit as u32).collect::<Vec<u32>>()];
    divergences.extend((0..5_000).map(|_| vec![0, 0]));
    let corpus = Corpus::from_bytes(&with_divergences(limit, divergences).to_bytes()).unwrap_or_else(|why| panic!("{}", why.to_line()));
    let started = thread_time();
    let page = document_page(&corpus, 0, 0, 2).unwrap();
    println!("a page of a clause named by 5,001 divergences in {:?}", thread_time().saturating_sub(started));
    assert_eq!(page.clauses[0].divergences.len(), 5_001);
    assert_eq!(page.clauses[1].divergences.len(), 1);
    assert_eq!(page.divergences.len(), 5_001);
}

#[test]
fn a_document_read_page_by_page_is_the_whole_document() {
    let corpus = crate::corpus();
    for (index, document) in corpus.documents.iter().enumerate() {
        let whole = document_view(corpus, index, true);
        let count = document.clauses.len();
        for limit in [1, 7, MAXIMUM_PAGE_CLAUSES] {
            let mut clauses = Vec::new();
            let mut first = 0;
            loop {
                let page = document_page(corpus, index, first, limit).unwrap_or_else(|why| panic!("{}", why.to_line()));
                let place = page.page.expect("a page says where it is");
                assert_eq!((place.first as usize, place.clause_count as usize), (first, count));
                assert_eq!((&page.id, &page.versions, &page.levels), (&whole.id, &whole.versions, &whole.levels));
                // The divergences of a page are the document's that name one of its clauses.
                let ids: Vec<&String> = page.clauses.iter().map(|clause| &clause.id).collect();
                let named: Vec<_> = whole.divergences.iter().filter(|divergence| divergence.clauses.iter().any(|id| ids.contains(&id))).cloned().collect();
                assert_eq!(page.divergences, named, "{} from {first}", document.id);
                let shown = page.clauses.len();
                clauses.extend(page.clauses);
                match place.next {
                    Some(next) => {
                        assert_eq!((shown, next as usize), (limit, first + limit));
                        first = next as usize;
                    }
                    None => {
                        assert_eq!(first + shown, count);
                        break;
                    }
                }
            }
            assert_eq!(clauses, whole.clauses, "{} in pages of {limit}", document.id);
        }
        // A page from past the end is empty and the last.
        let past = document_page(corpus, index, count + 10, 10).unwrap().page.unwrap();
        assert_eq!((past.first as usize, past.next), (count, None));
    }
}

#[test]
fn a_page_limit_out_of_range_is_refused() {
    let corpus = crate::corpus();
    for limit in [0, MAXIMUM_PAGE_CLAUSES + 1, usize::MAX] {
        let error = document_page(corpus, 0, 0, limit).unwrap_err();
        assert_eq!(error.code(), ErrorCode::BadLimit, "{limit}: {}", error.to_line());
        assert!(error.message().contains(&format!("from 1 to {MAXIMUM_PAGE_CLAUSES}")), "{}", error.message());
    }
    let error = document_page(corpus, corpus.documents.len(), 0, 10).unwrap_err();
    assert_eq!(error.code(), ErrorCode::UnknownDocument, "{}", error.to_line());
}
