//! The builder's Rust side, natively: drafts of the test documents compile, the directory it
//! writes rebuilds from disk to the same bytes, and every kind of fix a person makes in the page
//! (an alignment entry or an excluded line) changes the alignment as it says, or is refused with
//! a located reason.

use clause_cite::{compile, AlignmentEntry, Corpus, DivergenceKind, Excluded, Kind};
use clause_cite_builder::draft::{build, Built, Draft, DraftVersion};
use clause_cite_builder::review::review;

fn fixture(relative: &str) -> String {
    let path = format!("{}/../tests/fixtures/documents/{relative}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|why| panic!("{path}: {why}"))
}

fn version(text: String, lang: &str, role: &str) -> DraftVersion {
    DraftVersion {
        text,
        lang: lang.to_string(),
        role: role.to_string(),
        publisher: "Publisher".to_string(),
        date: "2025-09-16".to_string(),
        ..DraftVersion::default()
    }
}

fn white_paper(alignment: Vec<AlignmentEntry>) -> Draft {
    Draft {
        document_id: String::new(),
        versions: vec![
            version(fixture("white-paper/sources/zh.txt"), "zh-Hans", "original"),
            version(fixture("white-paper/sources/en.txt"), "en", "official-translation"),
        ],
        alignment,
    }
}

fn law(alignment: Vec<AlignmentEntry>) -> Draft {
    Draft {
        document_id: String::new(),
        versions: vec![version(fixture("law/sources/zh.txt"), "zh-Hans", "original"), version(fixture("law/sources/en.txt"), "en", "official-translation")],
        alignment,
    }
}

fn entry(kind: &str) -> AlignmentEntry {
    AlignmentEntry {
        version: "en".to_string(),
        kind: kind.to_string(),
        clause: None,
        clauses: Vec::new(),
        starts_with: None,
        second_starts_with: None,
        note: None,
    }
}

fn built(draft: &Draft) -> Built {
    build(draft).unwrap_or_else(|error| panic!("the draft compiles: {} {}", error.code, error.message))
}

/// The clause whose original text starts with `words`.
fn clause_starting<'c>(corpus: &'c Corpus, words: &str) -> &'c clause_cite::Clause {
    let document = &corpus.documents[0];
    document
        .clauses
        .iter()
        .find(|clause| clause.texts[0].as_ref().is_some_and(|given| given.text.of(&document.versions[0].text).trim_start().starts_with(words)))
        .unwrap_or_else(|| panic!("a clause starts with {words}"))
}

fn english<'c>(corpus: &'c Corpus, clause: &clause_cite::Clause) -> Option<&'c str> {
    let document = &corpus.documents[0];
    clause.texts[1].as_ref().map(|given| given.text.of(&document.versions[1].text))
}

fn divergences(corpus: &Corpus) -> Vec<(DivergenceKind, Vec<String>)> {
    let document = &corpus.documents[0];
    document
        .divergences
        .iter()
        .map(|divergence| (divergence.kind, divergence.clauses.iter().map(|&clause| document.clauses[clause as usize].id.clone()).collect()))
        .collect()
}

#[test]
fn the_directory_rebuilds_from_disk_to_the_same_bytes() {
    for draft in [white_paper(Vec::new()), law(Vec::new())] {
        let built = built(&draft);
        let directory = std::env::temp_dir().join(format!("clause-cite-builder-test-{}-{}", std::process::id(), built.compiled.corpus.id));
        for (path, bytes) in &built.files {
            let file = directory.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, bytes).unwrap();
        }
        let mut read = |relative: &str| std::fs::read(directory.join(relative)).map_err(|why| why.to_string());
        let rebuilt = compile(&mut read).unwrap().corpus.to_bytes();
        std::fs::remove_dir_all(&directory).unwrap();
        assert_eq!(rebuilt, built.corpus_bytes, "{}", built.compiled.corpus.id);
        // The sources are the pasted texts, byte for byte.
        assert_eq!(built.files[0].1, draft.versions[0].text.as_bytes());
    }
}

#[test]
fn the_review_summarises_and_lists_every_divergence_with_its_row() {
    let built = built(&white_paper(Vec::new()));
    let document = &built.compiled.corpus.documents[0];
    let reviewed = review(document, &built.compiled.reports[0], &built.source_files, built.corpus_bytes.len());
    let summary = &reviewed.review.summary;
    assert!(summary.contains(" sections, ") && summary.contains(" paragraphs, 1 divergence; "), "{summary}");
    let split = reviewed.review.flags.iter().find(|flag| flag.what == "split").expect("the Foreword's split is flagged");
    assert_eq!(split.location, "sources/en.txt:15");
    let rows = reviewed.rows(document, &built.compiled.reports[0], split.row, 1);
    let cell = rows[0].cells[1].as_ref().unwrap();
    assert!(cell.text.starts_with("China is one of the countries") && cell.text.contains("Over the past 30 years"), "{}", cell.text);
    assert_eq!(cell.line, 15);
    assert_eq!(rows[0].cells[0].as_ref().unwrap().line, 15);
}

#[test]
fn a_pairing_undoes_a_split_and_the_second_paragraph_becomes_extra() {
    let before = built(&white_paper(Vec::new()));
    let foreword = clause_starting(&before.compiled.corpus, "中国是世界上湿地类型最齐全").id.clone();
    let mut paired = entry("paired");
    paired.clause = Some(foreword.clone());
    paired.starts_with = Some("China is one of the countries".to_string());
    let after = built(&white_paper(vec![paired]));
    let clause = clause_starting(&after.compiled.corpus, "中国是世界上湿地类型最齐全");
    assert_eq!(clause.id, foreword, "a fix never changes the original's ids");
    let text = english(&after.compiled.corpus, clause).unwrap();
    assert!(text.starts_with("China is one of the countries") && !text.contains("Over the past 30 years"), "{text}");
    let kinds: Vec<DivergenceKind> = divergences(&after.compiled.corpus).into_iter().map(|(kind, _)| kind).collect();
    assert!(!kinds.contains(&DivergenceKind::Split), "{kinds:?}");
}

#[test]
fn a_split_a_merge_a_missing_and_an_extra_paragraph_are_taken_as_given() {
    let before = built(&law(Vec::new()));
    let corpus = &before.compiled.corpus;
    // Two consecutive unlabelled paragraphs (款) of one article.
    let document = &corpus.documents[0];
    let pair = document
        .clauses
        .windows(2)
        .find(|pair| {
            pair[0].kind == Kind::Paragraph
                && pair[1].kind == Kind::Paragraph
                && pair[0].parent == pair[1].parent
                && pair[0].parent.is_some()
                && pair.iter().all(|clause| clause.texts[1].is_some())
        })
        .expect("two paragraphs of one article");
    let (first, second) = (pair[0].id.clone(), pair[1].id.clone());
    let second_english = english(corpus, &pair[1]).unwrap().to_string();
    let first_english = english(corpus, &pair[0]).unwrap().to_string();

    // Missing: the first has no English text, and the English paragraph goes to the next or is extra.
    let mut missing = entry("missing-paragraph");
    missing.clause = Some(first.clone());
    let after = built(&law(vec![missing]));
    assert!(divergences(&after.compiled.corpus).contains(&(DivergenceKind::MissingParagraph, vec![first.clone()])));
    let document = &after.compiled.corpus.documents[0];
    assert!(document.clauses.iter().find(|clause| clause.id == first).unwrap().texts[1].is_none());

    // Merged: both originals share the first English paragraph; the second English one is extra.
    let mut merged = entry("merged");
    merged.clauses = vec![first.clone(), second.clone()];
    merged.starts_with = Some(first_english.chars().take(40).collect());
    let after = built(&law(vec![merged]));
    assert!(
        divergences(&after.compiled.corpus).contains(&(DivergenceKind::Merged, vec![first.clone(), second.clone()])),
        "{:?}",
        divergences(&after.compiled.corpus)
    );

    // Split: the first original is both English paragraphs.
    let mut split = entry("split");
    split.clause = Some(first.clone());
    split.second_starts_with = Some(second_english.chars().take(40).collect());
    let after = built(&law(vec![split]));
    let document = &after.compiled.corpus.documents[0];
    let text = english(&after.compiled.corpus, document.clauses.iter().find(|clause| clause.id == first).unwrap()).unwrap();
    assert!(text.contains(second_english.trim()), "{text}");
    assert!(divergences(&after.compiled.corpus).contains(&(DivergenceKind::Split, vec![first.clone()])));

    // Extra: the second English paragraph belongs to no original paragraph.
    let mut extra = entry("extra-paragraph");
    extra.starts_with = Some(second_english.chars().take(40).collect());
    let after = built(&law(vec![extra]));
    let document = &after.compiled.corpus.documents[0];
    let extra_clause =
        document.clauses.iter().find(|clause| clause.texts[0].is_none() && english(&after.compiled.corpus, clause) == Some(second_english.as_str()));
    assert!(extra_clause.is_some(), "the English paragraph is a clause of its own");
}

#[test]
fn a_heading_run_into_a_paragraph_and_a_relabelled_heading_are_paired_as_given() {
    // The translation runs the first subheading, (I), into the paragraph before it, as a copy
    // that lost a line break would; nothing before (I) tells the outline a heading is missing.
    let mut draft = white_paper(Vec::new());
    let english_text = draft.versions[1].text.replacen("\n\n(I) Prioritizing the Ecology\n\n", " (I) Prioritizing the Ecology\n\n", 1);
    assert_ne!(english_text, draft.versions[1].text);
    draft.versions[1].text = english_text;
    let before = built(&draft);
    let document = &before.compiled.corpus.documents[0];
    let first_top = document.clauses.iter().position(|clause| clause.kind == Kind::Heading && clause.parent.is_none() && clause.level.is_some()).unwrap();
    let subheading = document.clauses.iter().find(|clause| clause.kind == Kind::Heading && clause.parent == Some(first_top as u32)).expect("（一）").id.clone();
    assert!(
        divergences(&before.compiled.corpus).contains(&(DivergenceKind::MissingHeading, vec![subheading.clone()])),
        "{:?}",
        divergences(&before.compiled.corpus)
    );

    let mut run_in = entry("run-in-heading");
    run_in.clause = Some(subheading.clone());
    run_in.second_starts_with = Some("(I) Prioritizing the Ecology".to_string());
    draft.alignment = vec![run_in];
    let after = built(&draft);
    let found = divergences(&after.compiled.corpus);
    assert!(found.contains(&(DivergenceKind::RunInHeading, vec![subheading.clone()])), "{found:?}");
    assert!(!found.iter().any(|(kind, _)| *kind == DivergenceKind::MissingHeading), "{found:?}");
    let document = &after.compiled.corpus.documents[0];
    let heading = document.clauses.iter().find(|clause| clause.id == subheading).unwrap();
    assert_eq!(english(&after.compiled.corpus, heading), Some("(I) Prioritizing the Ecology"));
    // The paragraph it was run into keeps the rest of its text.
    let paragraph = clause_starting(&after.compiled.corpus, "中国把湿地保护");
    assert!(english(&after.compiled.corpus, paragraph).is_some_and(|text| text.starts_with("China regards") && !text.contains("Prioritizing")));

    // Relabelled: pair the original's second top heading with the translation's third (on
    // purpose, wrongly), and the translation's headings follow the fix.
    let before = built(&white_paper(Vec::new()));
    let document = &before.compiled.corpus.documents[0];
    let tops: Vec<&clause_cite::Clause> =
        document.clauses.iter().filter(|clause| clause.kind == Kind::Heading && clause.parent.is_none() && clause.level.is_some()).collect();
    assert!(tops.len() >= 3);
    let third_english = english(&before.compiled.corpus, tops[2]).unwrap().to_string();
    let mut relabelled = entry("relabelled");
    relabelled.clause = Some(tops[1].id.clone());
    relabelled.starts_with = Some(third_english.clone());
    let after = built(&white_paper(vec![relabelled]));
    let document = &after.compiled.corpus.documents[0];
    let heading = document.clauses.iter().find(|clause| clause.id == tops[1].id).unwrap();
    assert_eq!(english(&after.compiled.corpus, heading), Some(third_english.as_str()));
    assert!(divergences(&after.compiled.corpus).contains(&(DivergenceKind::Relabelled, vec![tops[1].id.clone()])));
}

#[test]
fn an_excluded_line_belongs_to_no_clause_and_is_recorded_with_its_reason() {
    let mut draft = white_paper(Vec::new());
    draft.versions[1].excluded = vec![Excluded { lines: [3, 3], reason: "The site's breadcrumb and time stamp.".to_string() }];
    let built = built(&draft);
    let document = &built.compiled.corpus.documents[0];
    let text = &document.versions[1].text;
    assert!(!text.contains("english.scio.gov.cn"), "the excluded line is in no clause");
    let corpus_json = String::from_utf8(built.files.iter().find(|(path, _)| path == "corpus.json").unwrap().1.clone()).unwrap();
    assert!(corpus_json.contains("The site's breadcrumb and time stamp."), "{corpus_json}");

    draft.versions[1].excluded = vec![Excluded { lines: [3, 900], reason: "beyond".to_string() }];
    let error = build(&draft).err().expect("lines past the end are refused");
    assert_eq!(error.code, "invalid-manifest");
    assert!(error.message.contains("not lines of the file"), "{}", error.message);
}

#[test]
fn fixes_that_do_not_fit_the_texts_are_refused_with_the_reason() {
    let mut unknown = entry("paired");
    unknown.clause = Some("wetland-conservation-in-china__nothing".to_string());
    unknown.starts_with = Some("China".to_string());
    let error = build(&white_paper(vec![unknown])).err().unwrap();
    assert_eq!(error.code, "invalid-alignment");
    assert!(error.message.contains("is not a clause of the original"), "{}", error.message);

    let before = built(&white_paper(Vec::new()));
    let foreword = clause_starting(&before.compiled.corpus, "中国是世界上湿地类型最齐全").id.clone();
    let mut nowhere = entry("split");
    nowhere.clause = Some(foreword);
    nowhere.second_starts_with = Some("Words no paragraph starts with".to_string());
    let error = build(&white_paper(vec![nowhere])).err().unwrap();
    assert_eq!(error.code, "invalid-alignment");
    assert!(error.message.contains("no paragraph of the translation starts with"), "{}", error.message);
    assert_eq!(error.version, Some(1), "the error is about the translation");
}

#[test]
fn bad_texts_are_refused_per_version() {
    let mut draft = white_paper(Vec::new());
    draft.versions[1].text = "   \n\n ".to_string();
    let error = build(&draft).err().unwrap();
    assert_eq!((error.code.as_str(), error.version), ("empty-source", Some(1)));

    let not_translation = Draft {
        document_id: String::new(),
        versions: vec![
            version(fixture("bad/not-translations/sources/zh.txt"), "zh-Hans", "original"),
            version(fixture("bad/not-translations/sources/en.txt"), "en", "official-translation"),
        ],
        alignment: Vec::new(),
    };
    let error = build(&not_translation).err().unwrap();
    assert_eq!((error.code.as_str(), error.version), ("not-a-translation", Some(1)), "{}", error.message);
}
