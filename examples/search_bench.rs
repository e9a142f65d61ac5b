//! A native benchmark and probe of the search core, driven by `bench/search.mjs` when the npm
//! package is not built, and handy by hand:
//!
//! ```text
//! cargo run --release --example search_bench -- --query "sponge cities" [--versions zh,en]
//! cargo run --release --example search_bench -- --bench < queries.json
//! ```
//!
//! `--bench` reads `{"repeat": N, "queries": [{"query": "…", "versions": ["zh", "en"]}…]}` from
//! standard input and prints, as JSON, each query's ranked ids and its median latency over N
//! runs (microseconds), the median index build time over 25 builds, the index's memory and the
//! corpus text size.

// Benchmarks ship nowhere: they use the standard library's sorts.
#![allow(clippy::disallowed_methods)]

use clause_cite::{Corpus, Index, SearchOptions};
use std::io::Read;
use std::time::Instant;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    if values.is_empty() {
        0.0
    } else {
        values[values.len() / 2]
    }
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let corpus = Corpus::from_bytes(clause_cite_default_corpus::BYTES).expect("the embedded corpus loads");
    let value_of = |name: &str| arguments.iter().position(|argument| argument == name).and_then(|position| arguments.get(position + 1)).cloned();
    if let Some(query) = value_of("--query") {
        let index = Index::new(&corpus);
        let options = SearchOptions {
            versions: value_of("--versions").map(|list| list.split(',').map(str::to_string).collect()).unwrap_or_default(),
            within: value_of("--within"),
            limit: value_of("--limit").and_then(|limit| limit.parse().ok()).unwrap_or(10),
            ..SearchOptions::default()
        };
        match index.search(&corpus, &query, &options) {
            Ok(hits) => println!("{}", serde_json::to_string(&hits).expect("hits serialize")),
            Err(error) => eprintln!("{}", error.to_line()),
        }
        return;
    }
    if !arguments.iter().any(|argument| argument == "--bench") {
        eprintln!("usage: search_bench --query <text> [--versions v1,v2] | --bench < queries.json");
        std::process::exit(2);
    }
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("read standard input");
    let request: serde_json::Value = serde_json::from_str(&input).expect("a JSON request");
    let repeat = request["repeat"].as_u64().unwrap_or(5).max(1) as usize;

    let mut build_times = Vec::new();
    let mut index = Index::new(&corpus);
    for _ in 0..25 {
        let started = Instant::now();
        index = Index::new(&corpus);
        build_times.push(started.elapsed().as_secs_f64() * 1e6);
    }
    let stats = index.stats(&corpus);

    let mut results = Vec::new();
    for query in request["queries"].as_array().cloned().unwrap_or_default() {
        let options = SearchOptions {
            limit: request["limit"].as_u64().unwrap_or(10) as usize,
            versions: query["versions"].as_array().map(|list| list.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default(),
            ..SearchOptions::default()
        };
        let text = query["query"].as_str().unwrap_or("");
        let mut times = Vec::with_capacity(repeat);
        let mut ids: Vec<String> = Vec::new();
        for _ in 0..repeat {
            let started = Instant::now();
            let hits = index.search(&corpus, text, &options);
            times.push(started.elapsed().as_secs_f64() * 1e6);
            ids = hits.map(|hits| hits.into_iter().map(|hit| hit.id).collect()).unwrap_or_default();
        }
        results.push(serde_json::json!({ "ids": ids, "microseconds": median(&mut times) }));
    }
    let output = serde_json::json!({
        "build_microseconds": median(&mut build_times),
        "memory_bytes": stats.memory_bytes,
        "text_bytes": stats.text_bytes,
        "stats": {
            "fields": stats.fields,
            "clauses": stats.clauses,
            "words": stats.words,
            "cjk_terms": stats.cjk_terms,
            "posting_bytes": stats.posting_bytes,
            "memory_bytes": stats.memory_bytes,
            "text_bytes": stats.text_bytes,
        },
        "results": results,
    });
    println!("{output}");
}
