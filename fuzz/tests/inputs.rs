//! The fuzz targets' checks (src/checks.rs) on every seed (seeds/<target>/) and every
//! regression input (regressions/<target>/), in a plain `cargo test` run in this folder, so they
//! can be checked without cargo-fuzz (the fuzz tier of `npm test` runs them too: libFuzzer runs
//! every input it is given before it mutates any).
//!
//! `cargo test --release -- --ignored write_seeds` writes the seeds that are made from the
//! repository (the current test tables, the demo post, corpora cut from the default corpus's
//! sources, the compiler's fixtures) and the decoder's regression inputs in the current compiled
//! format; rerun it when the compiled format, the manifests or the corpus sources change. It
//! leaves alone the seeds that came from the first fuzzing work (`seed-NNN`), which are plain
//! text and need no rewriting.

// The shared merge sort of the library (src/order.rs) keeps its wasm small; this test ships
// nowhere and uses std's sorts, as the root's tests do.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clause_cite::{Clause, ClauseText, Corpus, Kind, Span};
use clause_cite_fuzz::checks::{self, body_of, join_files, TARGETS};

/// This folder (fuzz/).
fn fuzz_directory() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's root.
fn root() -> PathBuf {
    fuzz_directory().parent().expect("fuzz/ is inside the repository").to_path_buf()
}

/// The files directly in `directory`, sorted by name (none when it does not exist).
fn inputs(directory: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).filter(|path| path.is_file()).collect();
    files.sort();
    files
}

#[test]
fn every_seed_and_regression_input_passes_its_targets_check() {
    let mut failures = Vec::new();
    for (target, check) in TARGETS {
        let mut seeds = 0;
        for folder in ["seeds", "regressions"] {
            for path in inputs(&fuzz_directory().join(folder).join(target)) {
                // The open findings' inputs fail until the core is fixed (and one takes minutes
                // in a debug build); the fuzz tier checks that they still fail.
                if path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with("open-")) {
                    continue;
                }
                let data = std::fs::read(&path).unwrap();
                if std::panic::catch_unwind(|| check(&data)).is_err() {
                    failures.push(format!("{target}: {}", path.display()));
                }
                seeds += usize::from(folder == "seeds");
            }
        }
        assert!(seeds > 0, "{target} has no seeds in seeds/{target}/");
    }
    assert!(failures.is_empty(), "inputs that fail their target's check:\n{}", failures.join("\n"));
}

/// The rows of a table in tests/data/ (comment and blank lines left out), split at tabs.
fn rows(table: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(root().join(table)).unwrap();
    text.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()).map(|line| line.split('\t').map(unescape).collect()).collect()
}

/// Reads the `\u{XXXX}` escapes the tables use for invisible characters.
fn unescape(text: &str) -> String {
    let mut output = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("\\u{") {
        output.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let Some(end) = after.find('}') else {
            output.push_str(&rest[start..]);
            return output;
        };
        match u32::from_str_radix(&after[..end], 16).ok().and_then(char::from_u32) {
            Some(character) => output.push(character),
            None => output.push_str(&rest[start..start + 3 + end + 1]),
        }
        rest = &after[end + 1..];
    }
    output.push_str(rest);
    output
}

/// Writes `inputs` to `folder` as `<prefix>-NNN`, first removing what an earlier run wrote
/// with that prefix; inputs that some file in the folder already holds are left out.
fn write_inputs(folder: &Path, prefix: &str, inputs: &[Vec<u8>]) {
    std::fs::create_dir_all(folder).unwrap();
    for path in self::inputs(folder) {
        if path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with(&format!("{prefix}-"))) {
            std::fs::remove_file(path).unwrap();
        }
    }
    let mut known: Vec<Vec<u8>> = self::inputs(folder).iter().map(|path| std::fs::read(path).unwrap()).collect();
    let mut number = 0;
    for data in inputs {
        if known.contains(data) {
            continue;
        }
        std::fs::write(folder.join(format!("{prefix}-{number:03}")), data).unwrap();
        known.push(data.clone());
        number += 1;
    }
}

fn seeds(target: &str) -> PathBuf {
    fuzz_directory().join("seeds").join(target)
}

/// Reads a corpus directory through the compiler, keeping every file it reads, in the order
/// read: exactly the files a compiler seed must hold.
fn files_read(directory: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut read = |name: &str| {
        let bytes = std::fs::read(directory.join(name)).map_err(|why| why.to_string())?;
        if !files.iter().any(|(known, _)| known == name) {
            files.push((name.to_string(), bytes.clone()));
        }
        Ok(bytes)
    };
    let _ = clause_cite::compile(&mut read);
    files
}

/// Compiles a corpus directory given as files.
fn compile_files(files: &[(String, Vec<u8>)]) -> Result<clause_cite::Compiled, clause_cite::Error> {
    let mut read = |name: &str| files.iter().find(|(file, _)| file == name).map(|(_, bytes)| bytes.clone()).ok_or_else(|| String::from("no such file"));
    clause_cite::compile(&mut read)
}

/// A small corpus directory cut from the default corpus's sources, as compiler input, with the
/// documents whose manifests are `wanted`: the policy paper up to its Part II (the front matter,
/// Preface and Part I, in all three versions), the commentary's first five paragraphs, the blog
/// introduction's first three. Each version gets a source file of its own lines.
fn mini_corpus_files(wanted: &[&str]) -> Vec<(String, Vec<u8>)> {
    let directory = root().join("corpus/lac-2025");
    let read = |name: &str| std::fs::read_to_string(directory.join(name)).unwrap();
    let corpus: serde_json::Value = serde_json::from_str(&read("corpus.json")).unwrap();
    let mut files = Vec::new();
    let mut sources = serde_json::Map::new();
    let mut documents = Vec::new();
    for manifest_name in corpus["documents"].as_array().unwrap() {
        let manifest_name = manifest_name.as_str().unwrap();
        if !wanted.contains(&manifest_name) {
            continue;
        }
        let mut manifest: serde_json::Value = serde_json::from_str(&read(manifest_name)).unwrap();
        let is_policy_paper = manifest["id"] == "policy-paper";
        // The former ids name clauses of the whole paper; the cut paper has only some of them.
        manifest.as_object_mut().unwrap().remove("former_ids");
        for version in manifest["versions"].as_array_mut().unwrap() {
            let source_name = version["source_file"].as_str().unwrap().to_string();
            let file = corpus["sources"][&source_name]["file"].as_str().unwrap();
            let text = read(file);
            let lines: Vec<&str> = text.split('\n').collect();
            let first = version["lines"][0].as_u64().unwrap() as usize;
            let last = version["lines"][1].as_u64().unwrap() as usize;
            let keep_blocks = if manifest_name == "commentary.json" { 5 } else { 3 };
            let mut kept: Vec<&str> = Vec::new();
            let mut blocks = 0;
            for line in &lines[first - 1..last] {
                let trimmed = line.trim();
                if is_policy_paper && ["第二部分", "Part II", "Part Two"].contains(&trimmed) {
                    break;
                }
                if !is_policy_paper && trimmed.is_empty() && kept.last().is_some_and(|kept| !kept.trim().is_empty()) {
                    blocks += 1;
                    if blocks == keep_blocks {
                        break;
                    }
                }
                kept.push(line);
            }
            while kept.last().is_some_and(|line| line.trim().is_empty()) {
                kept.pop();
            }
            let id = version["id"].as_str().unwrap().to_string();
            let source = format!("{}-{id}.txt", manifest_name.trim_end_matches(".json"));
            files.push((source.clone(), kept.join("\n").into_bytes()));
            sources.insert(source.clone(), serde_json::json!({ "file": source, "description": "A cut of the default corpus's source.", "excluded": [] }));
            version["source_file"] = serde_json::json!(source);
            version["lines"] = serde_json::json!([1, kept.len()]);
        }
        files.push((manifest_name.to_string(), serde_json::to_string_pretty(&manifest).unwrap().into_bytes()));
        documents.push(manifest_name.to_string());
    }
    let mini = serde_json::json!({
        "id": "mini",
        "title": "Cuts of the default corpus: the policy paper's Preface and Part I, the starts of the commentary and the blog introduction",
        "sources": sources,
        "documents": documents,
    });
    files.insert(0, ("corpus.json".to_string(), serde_json::to_string_pretty(&mini).unwrap().into_bytes()));
    files
}

/// A corpus of one document, `document`, of `corpus`.
fn alone(corpus: &Corpus, document: usize) -> Corpus {
    Corpus { id: corpus.id.clone(), title: corpus.title.clone(), documents: vec![corpus.documents[document].clone()] }
}

/// The decoder target's input for a corpus: its body, to be wrapped (flag 1), or the whole file
/// (flag 0).
fn decoder_input(corpus: &Corpus, whole_file: bool) -> Vec<u8> {
    let bytes = corpus.to_bytes();
    if whole_file {
        [&[0u8][..], &bytes].concat()
    } else {
        [&[1u8][..], body_of(&bytes)].concat()
    }
}

/// The issue 19 corpora, in the current format: what the loader must refuse with a clear error
/// (a document with no versions, a version whose URL is `javascript:`, clauses nested 2,000
/// deep), made from a small compiled corpus.
fn issue_19_corpora(small: &Corpus) -> Vec<(&'static str, Vec<u8>)> {
    let mut no_versions = small.clone();
    for document in &mut no_versions.documents {
        document.versions.clear();
        for clause in &mut document.clauses {
            clause.texts.clear();
        }
    }
    let mut javascript = small.clone();
    javascript.documents[0].versions[0].url = Some("javascript:alert(1)".into());
    // A chain of 2,000 headings, each the parent of the next, over one short text.
    let mut chain = alone(small, 0);
    let document = &mut chain.documents[0];
    document.versions.truncate(1);
    document.versions[0].text = "H".into();
    document.divergences.clear();
    document.former_ids.clear();
    let text = Some(ClauseText { text: Span::new(0, 1), label: None, title: None, sentences: vec![Span::new(0, 1)] });
    let prefix = document.id_prefix.clone();
    document.clauses = (0..2000u32)
        .map(|index| Clause {
            id: format!("{prefix}{}", "__h".repeat(index as usize + 1)),
            kind: Kind::Heading,
            level: None,
            parent: index.checked_sub(1),
            number: 1,
            texts: vec![text.clone()],
        })
        .collect();
    let mut inputs = vec![("issue-19-no-versions", decoder_input(&no_versions, false)), ("issue-19-javascript-url", decoder_input(&javascript, false))];
    inputs.push(("issue-19-chain-2000-deep", decoder_input(&chain, false)));
    for (name, data) in &inputs {
        let bytes = checks::wrap_body(&data[1..]);
        let error = Corpus::from_bytes(&bytes).expect_err(name);
        eprintln!("{name}: {}", error.to_line());
    }
    inputs
}

#[test]
#[ignore = "writes seeds/ and regressions/corpus_decoder/; run when the format, the manifests or the sources change"]
fn write_seeds() {
    // Citations: the citations table, the cards table as card attributes, and the quotes table
    // as quotes of a clause in a version.
    let mut citations: Vec<Vec<u8>> = rows("tests/data/citations.tsv").into_iter().map(|row| row[0].clone().into_bytes()).collect();
    for row in rows("tests/data/cards.tsv") {
        let columns: Vec<&str> = (0..5).map(|column| row.get(column).map_or("", String::as_str)).collect();
        citations.push(columns.join("\u{1}").into_bytes());
    }
    for row in rows("tests/data/quotes.tsv") {
        citations.push(format!("{}\u{1}{}\u{1}\u{1}\u{1}{}", row[0], row[1], row[2]).into_bytes());
    }
    write_inputs(&seeds("citations"), "table", &citations);

    // Search: the queries of the search table with their options.
    let mut queries = Vec::new();
    for row in rows("tests/data/search.tsv") {
        let mut parts: BTreeMap<&str, String> = BTreeMap::new();
        for option in row[2].split(';').filter(|option| *option != "-") {
            if let Some((name, value)) = option.split_once('=') {
                parts.insert(name, value.to_string());
            }
        }
        let part = |name: &str| parts.get(name).cloned().unwrap_or_default();
        let input = [row[1].clone(), part("within"), part("versions"), part("documents"), part("limit")].join("\u{1}");
        queries.push(input.trim_end_matches('\u{1}').as_bytes().to_vec());
    }
    write_inputs(&seeds("search"), "table", &queries);

    // Running text: the found-citations table and the demo post's paragraphs.
    let mut texts: Vec<Vec<u8>> = rows("tests/data/found-citations.tsv").into_iter().map(|row| row[0].clone().into_bytes()).collect();
    let demo = std::fs::read_to_string(root().join("www/demo/index.html")).unwrap();
    for paragraph in demo.split("<p>").skip(1).take(16) {
        texts.push(paragraph.split("</p>").next().unwrap_or("").as_bytes().to_vec());
    }
    write_inputs(&seeds("find_citations"), "table", &texts);

    // The compiler: the corpora cut from the default corpus and the compiler's fixtures (good
    // and bad), each as the files the compiler reads. The decoder: what the good ones compile
    // to, each document alone as a body (flag 1), the smallest also as a whole file (flag 0).
    let mut directories = Vec::new();
    let mut corpora = Vec::new();
    for wanted in [&["policy-paper.json"][..], &["commentary.json", "blog-intro.json"]] {
        let files = mini_corpus_files(wanted);
        let compiled = compile_files(&files).unwrap_or_else(|why| panic!("the cut corpus {wanted:?} compiles: {}", why.to_line()));
        corpora.push(compiled.corpus);
        directories.push(join_files(&files));
    }
    let fixtures = root().join("tests/fixtures/documents");
    for name in ["law", "white-paper", "messy-translation"] {
        let files = files_read(&fixtures.join(name));
        let compiled = compile_files(&files).unwrap_or_else(|why| panic!("the fixture {name} compiles: {}", why.to_line()));
        corpora.push(compiled.corpus);
        directories.push(join_files(&files));
    }
    // The bad inputs but the one that is a generated file of many megabytes.
    let mut bad: Vec<PathBuf> = std::fs::read_dir(fixtures.join("bad")).unwrap().filter_map(|entry| entry.ok().map(|entry| entry.path())).filter(|path| path.is_dir()).collect();
    bad.sort();
    for directory in bad.iter().filter(|directory| !directory.ends_with("huge-file")) {
        directories.push(join_files(&files_read(directory)));
    }
    write_inputs(&seeds("compiler"), "current", &directories);

    let mut bodies = Vec::new();
    for corpus in &corpora {
        for document in 0..corpus.documents.len() {
            bodies.push(decoder_input(&alone(corpus, document), false));
        }
    }
    let smallest = corpora.iter().flat_map(|corpus| (0..corpus.documents.len()).map(move |document| alone(corpus, document))).min_by_key(|corpus| corpus.to_bytes().len()).unwrap();
    bodies.push(decoder_input(&smallest, true));
    write_inputs(&seeds("corpus_decoder"), "current", &bodies);

    let regressions = fuzz_directory().join("regressions/corpus_decoder");
    std::fs::create_dir_all(&regressions).unwrap();
    for (name, data) in issue_19_corpora(&corpora[1]) {
        std::fs::write(regressions.join(name), data).unwrap();
    }
}
