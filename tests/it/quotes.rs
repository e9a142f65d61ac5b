//! The quote-integrity table (`tests/data/quotes.tsv`): an author's quote against one version of
//! a clause of the default corpus, with the status and the differences expected.

use crate::{corpus, path, rows};
use clause_cite::{match_quote, QuoteStatus};

#[test]
fn quotes() {
    let corpus = corpus();
    let mut failures = Vec::new();
    for (line, row) in rows(&path("tests/data/quotes.tsv")) {
        let [id, version, quote, status, differences] = &row[..] else {
            panic!("tests/data/quotes.tsv:{line}: expected 5 columns, got {}", row.len());
        };
        let quote = quote.replace("\\n", "\n");
        failures.extend(check(corpus, id, version, &quote, status, differences).err().map(|why| format!("tests/data/quotes.tsv:{line}: {why}")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check(corpus: &clause_cite::Corpus, id: &str, version: &str, quote: &str, status: &str, differences: &str) -> Result<(), String> {
    let reference = corpus.clause_by_id(id).ok_or_else(|| format!("no clause {id}"))?;
    let document = corpus.document(reference);
    let version_index = document.version_index(version).ok_or_else(|| format!("no version {version}"))?;
    let text = document.text_of(corpus.clause(reference), version_index).ok_or_else(|| format!("{id} has no {version} text"))?;
    let found = match_quote(quote, text);
    let wanted = match status {
        "exact" => QuoteStatus::Exact,
        "matches" => QuoteStatus::Matches,
        "differs" => QuoteStatus::Differs,
        "not-found" => QuoteStatus::NotFound,
        "too-long" => QuoteStatus::TooLong,
        other => return Err(format!("unknown status {other}")),
    };
    if found.status != wanted {
        return Err(format!("{quote:?}: expected {status}, got {:?} ({:?})", found.status, found.differences));
    }
    let got: Vec<String> = found.differences.iter().map(|difference| format!("{}=>{}", difference.quoted, difference.source)).collect();
    let expected: Vec<String> = differences.split(" | ").filter(|part| !part.is_empty()).map(str::to_string).collect();
    if got != expected {
        return Err(format!("{quote:?}: expected differences {expected:?}, got {got:?}"));
    }
    // Every reported range points at the words it names.
    for difference in &found.differences {
        let piece = |text: &str, [start, end]: [u32; 2]| -> String {
            let units: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16_lossy(&units[start as usize..end as usize])
        };
        if piece(quote, difference.quote_range) != difference.quoted || piece(text, difference.source_range) != difference.source {
            return Err(format!("{quote:?}: a difference's ranges do not hold its words: {difference:?}"));
        }
    }
    Ok(())
}

/// Long quotes that are in no text answer at once: the word diff is O((N + M) D), and a
/// 3,000-character quote once took 1.9 s per card (found by the citations fuzz target).
#[test]
fn long_quotes_in_no_text_answer_quickly() {
    let corpus = corpus();
    let document = &corpus.documents[0];
    let source = document.clauses.iter().find(|clause| clause.id == "policy-paper__preface__para_2").and_then(|clause| document.text_of(clause, 0)).unwrap();
    let beidou = document
        .clauses
        .iter()
        .find(|clause| clause.id == "policy-paper__pt_3__prog_2__sec_10__para_2")
        .and_then(|clause| document.text_of(clause, 0))
        .unwrap();
    let quotes = ["中".repeat(3000), format!("{beidou}。").repeat(30).chars().take(3000).collect::<String>(), "alpha beta gamma ".repeat(180)];
    for quote in &quotes {
        let mut status = QuoteStatus::Exact;
        let milliseconds = crate::time_within(50.0, || status = match_quote(quote, source).status);
        assert_eq!(status, QuoteStatus::NotFound, "{} characters", quote.chars().count());
        assert!(milliseconds < 50.0, "a {}-character quote took {milliseconds:.1} ms", quote.chars().count());
    }
}
