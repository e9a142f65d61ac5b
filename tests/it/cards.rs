//! The card table (`tests/data/cards.tsv`): what a `<clause-cite>` card shows for a reference,
//! the author's attributes and quote, and the page's language.

use crate::{corpus, path, rows};
use clause_cite::{card_view, CardOptions, Index, NameTables, Resolver};

#[test]
fn cards() {
    let corpus = corpus();
    let tables = NameTables::new(corpus);
    let resolver = Resolver::new(corpus, &tables);
    let index = Index::new(corpus);
    let mut failures = Vec::new();
    for (line, row) in rows(&path("tests/data/cards.tsv")) {
        let mut row = row.clone();
        row.resize(10, String::new());
        let given = |text: &String| (!text.is_empty()).then(|| text.clone());
        let options = CardOptions {
            versions: given(&row[1]),
            sentence: given(&row[2]),
            language: given(&row[3]),
            quote: given(&row[4]),
            whole: false,
            language_first: false,
        };
        let view = match card_view(corpus, &resolver, Some(&index), &row[0], &options) {
            Ok(view) => view,
            Err(error) => {
                failures.push(format!("tests/data/cards.tsv:{line}: {}", error.to_line()));
                continue;
            }
        };
        let shown = view.shown.join(" ");
        let sentences = view
            .versions
            .iter()
            .map(|version| format!("{}:{}", version.id, version.sentences.map_or("-".to_string(), |[first, last]| format!("{first}-{last}"))))
            .collect::<Vec<_>>()
            .join(" ");
        let notes = view.notes.iter().map(|note| note.key.clone()).collect::<Vec<_>>().join(" ");
        let quote = view.quote.as_ref().map_or(String::new(), |check| serde_json::to_value(check.status).unwrap().as_str().unwrap_or("").to_string());
        for (what, got, wanted) in [
            ("shown", &shown, &row[5]),
            ("sentences", &sentences, &row[6]),
            ("citation", &view.citation.text, &row[7]),
            ("notes", &notes, &row[8]),
            ("quote", &quote, &row[9]),
        ] {
            if got != wanted {
                failures.push(format!("tests/data/cards.tsv:{line}: {what}: expected {wanted:?}, got {got:?}"));
            }
        }
        // A version's text is its sentences or its whole clause, never empty; the reference
        // reads back to the same clause.
        for version in &view.versions {
            if version.text.trim().is_empty() || (version.sentences.is_none() && version.text != version.whole) {
                failures.push(format!("tests/data/cards.tsv:{line}: version {} shows {:?}", version.id, version.text));
            }
        }
        match resolver.resolve(&view.reference) {
            Ok(citation) if corpus.documents[citation.document as usize].clauses[citation.clause as usize].id == view.id => {}
            other => failures.push(format!("tests/data/cards.tsv:{line}: the reference {:?} does not read back to {}: {other:?}", view.reference, view.id)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
