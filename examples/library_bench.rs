//! The native side of `bench/library.mjs`: search latency over a whole library with everything a
//! query needs loaded, beside the same search over one corpus of the library's documents (the
//! index built at load), in one process.
//!
//! ```text
//! cargo run --release --example library_bench -- <library folder> < queries.json
//! ```
//!
//! Reads `{"repeat": N, "queries": ["…", …]}` and prints, as JSON: for each query its median
//! latency over N runs in microseconds through the library and through the corpus, and whether
//! both gave the same hits; the time to open the catalog and to build the corpus's index; and the
//! bytes the library had loaded once every query had run.

// Benchmarks ship nowhere: they use the standard library's sorts.
#![allow(clippy::disallowed_methods)]

use clause_cite::{Corpus, Index, Library, SearchOptions, Step};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

fn read(folder: &Path, name: &str) -> Vec<u8> {
    std::fs::read(folder.join(name)).unwrap_or_else(|why| panic!("{name}: {why}"))
}

fn main() {
    let folder = std::env::args().nth(1).expect("usage: library_bench <library folder> < queries.json");
    let folder = Path::new(&folder);
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("queries on standard input");
    let request: serde_json::Value = serde_json::from_str(&input).expect("queries as JSON");
    let repeat = request["repeat"].as_u64().unwrap_or(25) as usize;
    let queries: Vec<String> =
        request["queries"].as_array().expect("a list of queries").iter().filter_map(|query| query.as_str().map(str::to_string)).collect();

    let catalog = read(folder, clause_cite::CATALOG_NAME);
    let started = Instant::now();
    let mut library = Library::open(&catalog).expect("the catalog opens");
    let open_microseconds = started.elapsed().as_secs_f64() * 1e6;

    // One corpus of every document, and its index, for the same queries.
    let mut documents = Vec::new();
    for document in 0..library.document_count() {
        let shard = loop {
            match library.shard(document).expect("a shard") {
                Step::Ready(corpus) => break corpus.clone(),
                Step::Needs(names) => {
                    for name in names {
                        library.add_file(&name, &read(folder, &name)).expect("a shard loads");
                    }
                }
            }
        };
        documents.extend(shard.documents);
    }
    let corpus = Corpus { id: library.id().to_string(), title: library.title().to_string(), documents };
    let started = Instant::now();
    let index = Index::new(&corpus);
    let build_microseconds = started.elapsed().as_secs_f64() * 1e6;
    for document in 0..library.document_count() {
        if let Some(name) = library.shard_name(document).map(str::to_string) {
            library.unload(&name);
        }
    }

    let options = SearchOptions::default();
    let mut results = Vec::new();
    for query in &queries {
        // Load what the query needs, as a host would.
        let hits = loop {
            let step = library.search(query, &options).expect("the library searches");
            if step.needs.is_empty() {
                break step.hits;
            }
            for name in step.needs {
                library.add_file(&name, &read(folder, &name)).expect("a file loads");
            }
        };
        let expected = index.search(&corpus, query, &options).expect("the corpus searches");
        let mut library_times = Vec::with_capacity(repeat);
        let mut corpus_times = Vec::with_capacity(repeat);
        for _ in 0..repeat {
            let started = Instant::now();
            let step = library.search(query, &options).expect("the library searches");
            library_times.push(started.elapsed().as_secs_f64() * 1e6);
            assert!(step.needs.is_empty());
            let started = Instant::now();
            let _ = index.search(&corpus, query, &options).expect("the corpus searches");
            corpus_times.push(started.elapsed().as_secs_f64() * 1e6);
        }
        results.push(serde_json::json!({
            "query": query,
            "library_microseconds": median(&mut library_times),
            "corpus_microseconds": median(&mut corpus_times),
            "same_hits": hits == expected,
            "hits": hits.len(),
        }));
    }
    let output = serde_json::json!({
        "documents": library.document_count(),
        "open_microseconds": open_microseconds,
        "corpus_index_build_microseconds": build_microseconds,
        "loaded_bytes": library.loaded_bytes(),
        "loaded_files": library.loaded_files().len(),
        "results": results,
    });
    println!("{output}");
}
