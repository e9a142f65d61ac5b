//! Documents the compiler has never seen (tests/fixtures/documents): a law, a GB/T 9704 white
//! paper and a policy paper with a messy unofficial translation, compiled from metadata-only
//! manifests and checked against tables written from the texts by hand: structure, alignment,
//! divergences, citations and search. Units are named by their first 20 characters and their
//! source line, as the fixtures' README describes.
//!
//! The tables describe units; the corpus model differs in one way the checks translate: an
//! article (第十条 / Article 10) is a heading clause holding its label, with its first 款 as its
//! first paragraph, where the tables write the article as one labelled paragraph.

use crate::path;
use clause_cite::{compile, Clause, Compiled, Corpus, DivergenceKind, Document, Index, Kind, SearchOptions};

/// A compiled fixture with, for each version, the source line each byte of its text is on.
struct Fixture {
    corpus: Corpus,
    lines: Vec<Vec<(usize, usize)>>,
}

fn fixture(name: &str) -> Fixture {
    let directory = std::path::PathBuf::from(path(&format!("tests/fixtures/documents/{name}")));
    let mut read = |relative: &str| std::fs::read(directory.join(relative)).map_err(|why| why.to_string());
    let Compiled { corpus, .. } = compile(&mut read).unwrap_or_else(|why| panic!("{name} compiles: {}", why.to_line()));
    // Block starts: the version text joins the source's blocks with a blank line.
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(directory.join("corpus.json")).unwrap()).unwrap();
    let document_file = manifest["documents"][0].as_str().unwrap();
    let document: serde_json::Value = serde_json::from_slice(&std::fs::read(directory.join(document_file)).unwrap()).unwrap();
    let mut lines = Vec::new();
    for version in document["versions"].as_array().unwrap() {
        let source = version["source_file"].as_str().unwrap();
        let file = manifest["sources"][source]["file"].as_str().unwrap();
        let text = std::fs::read_to_string(directory.join(file)).unwrap();
        let mut starts = Vec::new();
        let mut offset = 0;
        let mut in_block = false;
        for (index, line) in text.split('\n').enumerate() {
            if line.chars().all(char::is_whitespace) {
                in_block = false;
                continue;
            }
            if in_block {
                offset += 1 + line.len();
                continue;
            }
            if !starts.is_empty() {
                offset += 2;
            }
            starts.push((offset, index + 1));
            offset += line.len();
            in_block = true;
        }
        lines.push(starts);
    }
    Fixture { corpus, lines }
}

impl Fixture {
    fn document(&self) -> &Document {
        &self.corpus.documents[0]
    }

    /// The source line a byte of a version's text is on.
    fn line(&self, version: usize, offset: usize) -> usize {
        let text = &self.document().versions[version].text;
        let starts = &self.lines[version];
        let block = starts.partition_point(|(start, _)| *start <= offset).saturating_sub(1);
        let (start, line) = starts[block];
        line + text.get(start..offset).unwrap_or("").matches('\n').count()
    }

    /// What the tables call a unit's text, for a clause in a version: a heading's title, an
    /// article's first paragraph, a labelled paragraph or item without its label, else the text.
    /// With the line it starts on.
    fn unit_text(&self, clause: usize, version: usize) -> Option<(String, usize)> {
        let document = self.document();
        let entry = &document.clauses[clause];
        let given = entry.texts.get(version)?.as_ref()?;
        let text = &document.versions[version].text;
        if entry.kind == Kind::Heading && given.title.is_none() {
            // An article: the table's text is its first paragraph.
            let child = document.clauses.iter().position(|other| other.parent == Some(clause as u32))?;
            let (text, _) = self.unit_text(child, version)?;
            return Some((text, self.line(version, given.text.start as usize)));
        }
        // A heading with its text run on (1.分级管理。湿地…): the table's unit is both.
        if let (Kind::Heading, Some(title)) = (entry.kind, given.title) {
            let child = document.clauses.iter().position(|other| other.parent == Some(clause as u32) && other.kind == Kind::Paragraph);
            if let Some(child_text) = child.and_then(|child| document.clauses[child].texts[version].as_ref()) {
                let between = text.get(given.text.end as usize..child_text.text.start as usize).unwrap_or("\n");
                if !between.contains('\n') {
                    let joined = format!("{} {}", title.of(text).trim(), child_text.text.of(text));
                    return Some((joined, self.line(version, given.text.start as usize)));
                }
            }
        }
        let span = match (entry.kind, given.title, given.label) {
            (Kind::Heading, Some(title), _) => title,
            (_, _, Some(label)) => clause_cite::Span { start: label.end, end: given.text.end },
            _ => given.text,
        };
        let piece = span.of(text).trim_start();
        Some((piece.to_string(), self.line(version, given.text.start as usize)))
    }

    /// The clause whose unit text in `version` starts with `prefix` on `line`.
    fn find(&self, version: usize, prefix: &str, line: usize) -> Option<usize> {
        let document = self.document();
        let matching = |clause: usize| self.unit_text(clause, version).is_some_and(|(text, at)| at == line && starts_with_prefix(&text, prefix));
        // Prefer the outermost (an article over its first paragraph).
        (0..document.clauses.len()).find(|&clause| matching(clause))
    }
}

/// True when `text` starts with the table's 20-character prefix (which may be shorter when
/// the unit is), ignoring white space differences the tables do not record.
fn starts_with_prefix(text: &str, prefix: &str) -> bool {
    let squash = |value: &str| value.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (text, prefix) = (squash(text), squash(prefix));
    !prefix.is_empty() && text.starts_with(&prefix)
}

fn rows(name: &str, table: &str) -> Vec<(usize, Vec<String>)> {
    crate::rows(&path(&format!("tests/fixtures/documents/{name}/expected/{table}")))
}

/// Every unit of the original's structure is a clause of the right kind under the right parent.
fn check_structure(name: &str) -> Vec<String> {
    let fixture = fixture(name);
    let document = fixture.document();
    let mut failures = Vec::new();
    // The clause of each row, by row position, for parent checks.
    let mut found_rows: Vec<(usize, Option<usize>)> = Vec::new();
    for (line_number, columns) in rows(name, "structure.tsv") {
        let (depth, kind, label, text, line) =
            (columns[0].parse::<usize>().unwrap(), columns[1].as_str(), columns[2].as_str(), columns[4].as_str(), columns[5].parse::<usize>().unwrap());
        if kind == "meta" || kind == "front-matter" {
            // Page furniture and the title block are the front matter (or a meta line).
            let is_front = document.clauses.iter().enumerate().any(|(clause, entry)| {
                matches!(entry.kind, Kind::FrontMatter | Kind::Meta)
                    && entry.texts[0].as_ref().is_some_and(|given| {
                        let (first, last) = (fixture.line(0, given.text.start as usize), fixture.line(0, given.text.end as usize));
                        (first..=last).contains(&line) && clause < usize::MAX
                    })
            });
            if !is_front {
                failures.push(format!("structure.tsv:{line_number}: the {kind} line {line} ({text}) is not in the front matter or a meta clause"));
            }
            found_rows.push((depth, None));
            continue;
        }
        let clause = fixture.find(0, text, line);
        let Some(clause) = clause else {
            failures.push(format!("structure.tsv:{line_number}: no clause for the {kind} {label} {text:?} on line {line}"));
            found_rows.push((depth, None));
            continue;
        };
        let entry: &Clause = &document.clauses[clause];
        let kind_fits = match kind {
            "heading" => entry.kind == Kind::Heading,
            "item" => entry.kind == Kind::Item,
            "paragraph" if !label.is_empty() => matches!(entry.kind, Kind::Heading | Kind::Paragraph | Kind::Item),
            _ => entry.kind == Kind::Paragraph,
        };
        if !kind_fits {
            failures.push(format!("structure.tsv:{line_number}: {text:?} is a {:?}, the table says {kind}", entry.kind));
        }
        if !label.is_empty() {
            let written = document.label_of(entry, 0).map(str::trim).unwrap_or("");
            if written != label {
                failures.push(format!("structure.tsv:{line_number}: {text:?} has the label {written:?}, the table says {label:?}"));
            }
        }
        // The parent: the nearest earlier row of smaller depth must be an ancestor.
        let parent_row = found_rows.iter().rev().find(|(row_depth, _)| *row_depth < depth);
        match parent_row {
            Some((_, Some(parent))) => {
                if !document.is_ancestor(*parent as u32, clause as u32) {
                    failures.push(format!("structure.tsv:{line_number}: {text:?} is not under {:?}", document.clauses[*parent].id));
                }
            }
            Some((_, None)) | None => {
                if depth == 0 && entry.parent.is_some() && document.clauses[entry.parent.unwrap() as usize].kind != Kind::Heading {
                    failures.push(format!("structure.tsv:{line_number}: {text:?} should be at the top level"));
                }
            }
        }
        found_rows.push((depth, Some(clause)));
    }
    failures
}

/// Each translation gives, for each original unit, the text the table says.
fn check_alignment(name: &str) -> Vec<String> {
    let fixture = fixture(name);
    let document = fixture.document();
    let mut failures = Vec::new();
    for (line_number, columns) in rows(name, "alignment.tsv") {
        let (version_id, original, translation, divergence) = (&columns[0], &columns[1], &columns[2], &columns[3]);
        let Some(version) = document.version_index(version_id) else {
            failures.push(format!("alignment.tsv:{line_number}: no version {version_id}"));
            continue;
        };
        let original_line: Option<usize> = columns[4].parse().ok();
        let Some(original_line) = original_line else { continue };
        if original.is_empty() {
            continue;
        }
        let Some(clause) = fixture.find(0, original, original_line) else {
            // Front matter and meta lines are each version's own.
            let in_front = document.clauses.iter().any(|entry| {
                matches!(entry.kind, Kind::FrontMatter | Kind::Meta)
                    && entry.texts[0]
                        .as_ref()
                        .is_some_and(|given| (fixture.line(0, given.text.start as usize)..=fixture.line(0, given.text.end as usize)).contains(&original_line))
            });
            if !in_front {
                failures.push(format!("alignment.tsv:{line_number}: no clause for {original:?} on line {original_line}"));
            }
            continue;
        };
        let given = fixture.unit_text(clause, version);
        match (given, translation.is_empty(), divergence.as_str()) {
            (None, true, _) => {}
            (None, false, _) => {
                failures.push(format!("alignment.tsv:{line_number}: {} has no {version_id} text; the table says {translation:?}", document.clauses[clause].id))
            }
            (Some((text, _)), false, _) => {
                // For a merge's second half and a run-in heading, the table gives where its
                // part starts inside the translation's block.
                if !starts_with_prefix(&text, translation) && divergence != "merged" && divergence != "run-in-heading" {
                    failures.push(format!(
                        "alignment.tsv:{line_number}: {} in {version_id} starts {:?}; the table says {translation:?}",
                        document.clauses[clause].id,
                        text.chars().take(24).collect::<String>()
                    ));
                } else if !text
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .contains(&translation.chars().filter(|c| !c.is_whitespace()).collect::<String>())
                {
                    failures.push(format!("alignment.tsv:{line_number}: {} in {version_id} does not hold {translation:?}", document.clauses[clause].id));
                }
            }
            (Some((text, _)), true, _) => failures.push(format!(
                "alignment.tsv:{line_number}: {} has {version_id} text {:?}; the table says it has none",
                document.clauses[clause].id,
                text.chars().take(24).collect::<String>()
            )),
        }
    }
    failures
}

/// The divergences found are exactly the table's.
fn check_divergences(name: &str) -> Vec<String> {
    let fixture = fixture(name);
    let document = fixture.document();
    let mut expected = Vec::new();
    for (_, columns) in rows(name, "divergences.tsv") {
        let (version, kind, units, lines) = (columns[0].clone(), columns[1].clone(), columns[2].clone(), columns[3].clone());
        let first_unit = units.split(" | ").next().unwrap_or("").to_string();
        let first_line = lines.split(" | ").next().and_then(|line| line.parse::<usize>().ok());
        // The table writes an article as one labelled paragraph; its first 款 is the clause.
        let clause = first_line.and_then(|line| fixture.find(0, &first_unit, line)).map(|clause| {
            let entry = &document.clauses[clause];
            let article = entry.kind == Kind::Heading && entry.texts[0].as_ref().is_some_and(|given| given.title.is_none());
            let first_paragraph = document.clauses.iter().position(|other| other.parent == Some(clause as u32) && other.kind == Kind::Paragraph);
            match (article, first_paragraph) {
                (true, Some(paragraph)) => document.clauses[paragraph].id.clone(),
                _ => entry.id.clone(),
            }
        });
        expected.push((version, kind, clause.unwrap_or_else(|| format!("(extra after {first_unit})"))));
    }
    let mut found = Vec::new();
    for divergence in &document.divergences {
        let version = document.versions[divergence.version as usize].id.clone();
        let clause =
            if divergence.kind == DivergenceKind::ExtraParagraph { "(extra)".to_string() } else { document.clauses[divergence.clauses[0] as usize].id.clone() };
        found.push((version, divergence.kind.as_str().to_string(), clause));
    }
    let normalise = |list: &mut Vec<(String, String, String)>| {
        for entry in list.iter_mut() {
            if entry.1 == "extra-paragraph" {
                entry.2 = "(extra)".to_string();
            }
        }
        list.sort();
    };
    normalise(&mut expected);
    normalise(&mut found);
    let mut failures = Vec::new();
    for entry in &expected {
        if !found.contains(entry) {
            failures.push(format!("divergence not found: {entry:?}"));
        }
    }
    for entry in &found {
        if !expected.contains(entry) {
            failures.push(format!("divergence not in the table: {entry:?}"));
        }
    }
    failures
}

fn check_citations(name: &str) -> Vec<String> {
    let fixture = fixture(name);
    let mut failures = Vec::new();
    for (line_number, columns) in rows(name, "citations.tsv") {
        let (input, expected) = (&columns[0], &columns[1]);
        let result = clause_cite::resolve(&fixture.corpus, input);
        match (expected.strip_prefix('!'), result) {
            (Some(code), Err(error)) if error.code().as_str() == code => {}
            (Some(code), Err(error)) => failures.push(format!("citations.tsv:{line_number}: {input:?}: expected {code}, got {}", error.to_line())),
            (Some(code), Ok(citation)) => {
                failures.push(format!("citations.tsv:{line_number}: {input:?}: expected {code}, got {}", clause_cite::citation_id(&fixture.corpus, &citation)))
            }
            (None, Err(error)) => failures.push(format!("citations.tsv:{line_number}: {input:?}: {}", error.to_line())),
            (None, Ok(citation)) => {
                let line: usize = columns[2].parse().unwrap();
                match fixture.unit_text(citation.clause as usize, 0) {
                    Some((text, at)) if at == line && starts_with_prefix(&text, expected) => {}
                    other => failures.push(format!(
                        "citations.tsv:{line_number}: {input:?} gives {} ({:?}); the table says {expected:?} on line {line}",
                        clause_cite::citation_id(&fixture.corpus, &citation),
                        other.map(|(text, at)| (text.chars().take(20).collect::<String>(), at))
                    )),
                }
            }
        }
    }
    failures
}

fn check_search(name: &str) -> Vec<String> {
    let fixture = fixture(name);
    let index = Index::new(&fixture.corpus);
    let mut failures = Vec::new();
    for (line_number, columns) in rows(name, "search.tsv") {
        let (query, expected, line) = (&columns[1], &columns[2], columns[3].parse::<usize>().unwrap());
        let hits = match index.search(&fixture.corpus, query, &SearchOptions::default()) {
            Ok(hits) => hits,
            Err(error) => {
                failures.push(format!("search.tsv:{line_number}: {query:?}: {}", error.to_line()));
                continue;
            }
        };
        let wanted = fixture.find(0, expected, line).map(|clause| fixture.document().clauses[clause].id.clone());
        let top: Vec<&str> = hits.iter().take(3).map(|hit| hit.id.as_str()).collect();
        // A hit on an article's first paragraph counts for the article and the other way round.
        let fits = |id: &str| {
            wanted.as_deref().is_some_and(|wanted| {
                id == wanted
                    || id.starts_with(&format!("{wanted}__para_1"))
                    || wanted.starts_with(&format!("{id}__para_1"))
                    || wanted.starts_with(&format!("{id}__")) && !wanted[id.len()..].contains("__art")
            })
        };
        if !top.iter().any(|id| fits(id)) {
            failures.push(format!("search.tsv:{line_number}: {query:?}: {wanted:?} is not in the first three: {top:?}"));
        }
    }
    failures
}

macro_rules! fixture_tests {
    ($($name:ident => $directory:literal,)*) => {
        $(
            mod $name {
                fn report(kind: &str, failures: Vec<String>) {
                    assert!(failures.is_empty(), "{} {kind}: {} failures:\n{}", $directory, failures.len(), failures.join("\n"));
                }
                #[test]
                fn structure() { report("structure", super::check_structure($directory)); }
                #[test]
                fn alignment() { report("alignment", super::check_alignment($directory)); }
                #[test]
                fn divergences() { report("divergences", super::check_divergences($directory)); }
                #[test]
                fn citations() { report("citations", super::check_citations($directory)); }
                #[test]
                fn search() { report("search", super::check_search($directory)); }
            }
        )*
    };
}

fixture_tests! {
    law => "law",
    white_paper => "white-paper",
    messy_translation => "messy-translation",
}

/// What compiling a bad-input fixture gives: the error line, or the compile's warnings.
fn outcome(case: &str) -> Result<(Compiled, Vec<String>), String> {
    let directory = std::path::PathBuf::from(path(&format!("tests/fixtures/documents/bad/{case}")));
    let mut read = |relative: &str| std::fs::read(directory.join(relative)).map_err(|why| why.to_string());
    match compile(&mut read) {
        Ok(compiled) => {
            let warnings = compiled.reports.iter().flat_map(|report| report.warnings.clone()).collect();
            Ok((compiled, warnings))
        }
        Err(error) => Err(error.to_line()),
    }
}

/// Each bad input is refused with a specific error that names the file (and where), or
/// compiles with a located warning: never a panic, never silence.
#[test]
fn bad_inputs_are_refused_clearly_or_warned_about() {
    // (case, error or warning, the parts the line must hold)
    let cases: &[(&str, bool, &[&str])] = &[
        ("empty", true, &["empty-source", "sources/zh.txt", "0 bytes"]),
        ("blank", true, &["empty-source", "sources/zh.txt", "only white space"]),
        ("binary", true, &["not-utf8", "sources/zh.txt", "offset 0", "binary data"]),
        ("gbk-encoded", true, &["not-utf8", "sources/zh.txt", "offset 12 (line 3, column 1)", "GB18030"]),
        ("invalid-byte", true, &["not-utf8", "sources/zh.txt", "line 5, column 3"]),
        ("not-translations", true, &["not-a-translation", "sources/en.txt", "does not read as a translation"]),
        ("restarted-numbering", true, &["restarted-number", "sources/zh.txt:13", "第一条"]),
        ("repeated-article", false, &["sources/zh.txt:11", "the number 3 is used twice"]),
        ("wall-of-text", false, &["sources/zh.txt:1", "no structure found"]),
    ];
    let mut failures = Vec::new();
    for (case, is_error, parts) in cases {
        let line = match (outcome(case), is_error) {
            (Err(line), true) => line,
            (Ok((_, warnings)), false) => warnings.join("\n"),
            (Err(line), false) => {
                failures.push(format!("{case}: expected a warning, got the error {line}"));
                continue;
            }
            (Ok(_), true) => {
                failures.push(format!("{case}: expected an error, it compiled"));
                continue;
            }
        };
        for part in *parts {
            if !line.contains(part) {
                failures.push(format!("{case}: {part:?} not in {line:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The repeated article is kept as two clauses, and citing it is ambiguous.
    let (compiled, _) = outcome("repeated-article").unwrap();
    let error = clause_cite::resolve(&compiled.corpus, "第三条").unwrap_err();
    assert_eq!(error.code(), clause_cite::ErrorCode::AmbiguousCitation, "{}", error.to_line());
    // A translation that lacks a section says so, and aligns the rest.
    let (compiled, _) = outcome("missing-section").unwrap();
    let document = &compiled.corpus.documents[0];
    assert!(document.divergences.iter().any(|divergence| divergence.kind == DivergenceKind::MissingHeading), "{:?}", document.divergences);
}

/// Sources the compiler fuzz target found (fuzz/regressions/compiler/), each with the manifests
/// of the fixture it mutated: what compiles must load back from its compiled form unchanged, and
/// keep every paragraph of every source. (fixture, Chinese source, English source)
const FUZZ_FINDINGS: &[(&str, &str, &str)] = &[
    // An article line indented with ideographic spaces, as laws copied from web pages are: its
    // label was stored from the line's start, outside the clause's text, and loaded shifted.
    ("law", "\u{3000}\u{3000}第一条\u{3000}为了规范城市更新活动，制定本法。\n", "Article 1 This Law is enacted to regulate urban renewal activities.\n"),
    // A translation without the original's heading: its paragraph had no leaf to follow, was
    // dropped, and left a divergence naming no clause, which the loader refuses.
    ("white-paper", "前言\n\n湿地是重要的自然生态系统。\n", "A\n\nB\n"),
];

#[test]
fn what_the_compiler_fuzzer_found_compiles_to_a_corpus_that_loads_unchanged_and_loses_nothing() {
    for &(fixture, chinese, english) in FUZZ_FINDINGS {
        let directory = std::path::PathBuf::from(path(&format!("tests/fixtures/documents/{fixture}")));
        let mut read = |relative: &str| match relative {
            "sources/zh.txt" => Ok(chinese.as_bytes().to_vec()),
            "sources/en.txt" => Ok(english.as_bytes().to_vec()),
            other => std::fs::read(directory.join(other)).map_err(|why| why.to_string()),
        };
        let Compiled { corpus, .. } = compile(&mut read).unwrap_or_else(|why| panic!("{fixture}: {}", why.to_line()));
        let loaded = Corpus::from_bytes(&corpus.to_bytes()).unwrap_or_else(|why| panic!("{fixture}: the compiled corpus does not load: {}", why.message()));
        assert_eq!(loaded, corpus, "{fixture}: what compiles loads unchanged");
        let document = &corpus.documents[0];
        for (version, source) in [(0usize, chinese), (1, english)] {
            // The clause texts in order hold every source paragraph (an article's label may be one
            // clause and its text the next, so white space is left out of the comparison).
            let visible = |text: &str| text.chars().filter(|character| !character.is_whitespace()).collect::<String>();
            let joined: String = document.clauses.iter().filter_map(|clause| document.text_of(clause, version)).map(visible).collect();
            for paragraph in source.split("\n\n").map(visible).filter(|paragraph| !paragraph.is_empty()) {
                assert!(joined.contains(&paragraph), "{fixture}: the paragraph {paragraph:?} of version {version} is in the clauses");
            }
            for clause in &document.clauses {
                if let (Some(text), Some(given)) = (document.text_of(clause, version), clause.texts.get(version).and_then(Option::as_ref)) {
                    if let Some(label) = given.label {
                        let label = label.of(&document.versions[version].text);
                        assert!(
                            text.contains(label) && !label.starts_with(char::is_whitespace),
                            "{fixture}: the label {label:?} of {} lies inside its text",
                            clause.id
                        );
                    }
                }
            }
        }
    }
}
