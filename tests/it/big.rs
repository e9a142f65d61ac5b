//! Sources of 10 MiB (issue 15, `tests/fixtures/documents/bad/huge-file`): a law of about
//! forty thousand articles in two languages, and one line of Chinese with no break. Each
//! compiles in linear time and memory, loses nothing, and aligns article for article; how the
//! time grows is measured by `examples/compile_scaling.rs`, not asserted here.

#[path = "../support/generated.rs"]
mod generated;

use crate::path;
use clause_cite::{compile, Compiled, Kind};

const TEN_MIB: usize = 10 << 20;

fn compile_law_with(zh: String, en: String) -> Result<Compiled, clause_cite::Error> {
    let directory = std::path::PathBuf::from(path("tests/fixtures/documents/law"));
    let mut read = |relative: &str| -> Result<Vec<u8>, String> {
        match relative {
            "sources/zh.txt" => Ok(zh.clone().into_bytes()),
            "sources/en.txt" => Ok(en.clone().into_bytes()),
            other => std::fs::read(directory.join(other)).map_err(|why| why.to_string()),
        }
    };
    compile(&mut read)
}

#[test]
fn a_ten_megabyte_law_compiles_article_for_article() {
    let root = std::path::PathBuf::from(path(""));
    let (zh, en, articles) = generated::law(&root, TEN_MIB);
    let compiled = compile_law_with(zh.clone(), en.clone()).unwrap_or_else(|error| panic!("{}", error.to_line()));
    let document = &compiled.corpus.documents[0];
    // Nothing is lost: each version's text is its source's blocks, verbatim, one blank line
    // apart (as the generated sources are written, but for their last blank line).
    same_text(&document.versions[0].text, zh.trim_end_matches('\n'));
    same_text(&document.versions[1].text, en.trim_end_matches('\n'));
    // Every article is a clause with both versions, numbered as written.
    let article_level =
        document.clauses.iter().find(|clause| clause.kind == Kind::Heading && clause.number == 1 && clause.parent.is_some()).and_then(|clause| clause.level);
    let article_clauses: Vec<(usize, &clause_cite::Clause)> =
        document.clauses.iter().enumerate().filter(|(_, clause)| clause.level == article_level && article_level.is_some()).collect();
    assert_eq!(article_clauses.len(), articles, "one clause per article");
    assert!(article_clauses.iter().all(|(_, clause)| clause.texts.iter().all(Option::is_some)), "every article has both versions");
    // The only divergences are the test law's own: the English splits article 29's first
    // paragraph (its items are inline in the Chinese), once in every copy of the law.
    let copies = articles.div_ceil(27);
    assert!(
        document.divergences.len() <= copies && document.divergences.iter().all(|divergence| divergence.kind == clause_cite::DivergenceKind::Split),
        "{} divergences for {copies} copies; the first: {:?}",
        document.divergences.len(),
        &document.divergences[..document.divergences.len().min(3)]
    );
    // The last article is citable in both languages.
    for citation in [format!("第{}条", generated::numerals::chinese(articles as u32)), format!("Article {articles}")] {
        let found = clause_cite::resolve(&compiled.corpus, &format!("城市更新法 {citation}")).unwrap_or_else(|error| panic!("{citation}: {}", error.to_line()));
        assert_eq!(found.clause as usize, article_clauses.last().map(|(index, _)| *index).unwrap(), "{citation}");
    }
}

#[test]
fn a_ten_megabyte_line_compiles_with_a_warning() {
    let root = std::path::PathBuf::from(path(""));
    let line = generated::one_line(&root, TEN_MIB);
    let directory = std::path::PathBuf::from(path("tests/fixtures/documents/bad/wall-of-text"));
    let mut read = |relative: &str| -> Result<Vec<u8>, String> {
        match relative {
            "sources/zh.txt" => Ok(line.clone().into_bytes()),
            other => std::fs::read(directory.join(other)).map_err(|why| why.to_string()),
        }
    };
    let compiled = compile(&mut read).unwrap_or_else(|error| panic!("{}", error.to_line()));
    let document = &compiled.corpus.documents[0];
    same_text(&document.versions[0].text, &line);
    let warnings: Vec<&String> = compiled.reports.iter().flat_map(|report| &report.warnings).collect();
    assert!(warnings.iter().any(|warning| warning.contains("sources/zh.txt:1") && warning.contains("no structure found")), "{warnings:?}");
}

/// Asserts that a version's text is its source, naming the first difference (the texts are too
/// long to print whole).
fn same_text(kept: &str, source: &str) {
    if kept == source {
        return;
    }
    let at = kept.bytes().zip(source.bytes()).take_while(|(a, b)| a == b).count();
    let around = |text: &str| text.get(at.saturating_sub(40)..(at + 40).min(text.len())).unwrap_or("(not at a character boundary)").to_string();
    panic!(
        "the text kept ({} bytes) differs from the source ({} bytes) at byte {at}: kept {:?}, source {:?}",
        kept.len(),
        source.len(),
        around(kept),
        around(source)
    );
}
