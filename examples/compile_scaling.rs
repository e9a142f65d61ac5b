//! How compile time and memory grow with the size of a document (issue 15 asks for linear
//! growth). Compiles generated laws (the test law's articles written again and again with
//! continuous numbers, in Chinese and English; see `tests/support/generated.rs`) whose two
//! sources together are 1×, 10× and 100× the size of the default corpus's sources, and the
//! default corpus itself, each several times; prints the median time, the peak heap and the
//! time per MiB as a Markdown table.
//!
//! ```text
//! cargo run --release --example compile_scaling [-- --runs 5]
//! cargo run --release --example compile_scaling -- --write DIRECTORY --factor 10
//! ```
//!
//! `--write` writes the generated law of that factor into a copy of the test law's corpus
//! directory instead, to compile or inspect with the CLI.

// Benchmarks ship nowhere: they use the standard library's sorts.
#![allow(clippy::disallowed_methods)]

#[path = "../tests/support/generated.rs"]
mod generated;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Compiles the corpus in `directory`, with some files' bytes given instead of read; returns
/// the seconds taken and the peak heap above what was in use before, in bytes.
fn measure(directory: &Path, given: &[(&str, &str)]) -> (f64, usize) {
    let mut read = |relative: &str| -> Result<Vec<u8>, String> {
        match given.iter().find(|(name, _)| *name == relative) {
            Some((_, text)) => Ok(text.as_bytes().to_vec()),
            None => std::fs::read(directory.join(relative)).map_err(|why| why.to_string()),
        }
    };
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let compiled = clause_cite::compile(&mut read).unwrap_or_else(|error| panic!("{}", error.to_line()));
    let seconds = started.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    drop(compiled);
    (seconds, peak)
}

fn main() {
    let arguments: Vec<String> = std::env::args().collect();
    let runs: usize =
        arguments.iter().position(|argument| argument == "--runs").and_then(|at| arguments.get(at + 1)).and_then(|runs| runs.parse().ok()).unwrap_or(5);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let default_corpus = root.join("corpus/lac-2025");
    let default_bytes: usize = std::fs::read_dir(default_corpus.join("sources"))
        .expect("the default corpus's sources")
        .map(|entry| entry.expect("an entry").metadata().expect("metadata").len() as usize)
        .sum();
    let law = root.join("tests/fixtures/documents/law");
    if let Some(directory) = arguments.iter().position(|argument| argument == "--write").and_then(|at| arguments.get(at + 1)) {
        let factor: usize = arguments
            .iter()
            .position(|argument| argument == "--factor")
            .and_then(|at| arguments.get(at + 1))
            .and_then(|factor| factor.parse().ok())
            .unwrap_or(1);
        let directory = PathBuf::from(directory);
        std::fs::create_dir_all(directory.join("sources")).expect("create the directory");
        for file in ["corpus.json", "urban-renewal-law.json"] {
            std::fs::copy(law.join(file), directory.join(file)).expect("copy the manifests");
        }
        let (zh, en, articles) = generated::law(&root, default_bytes * factor / 2);
        std::fs::write(directory.join("sources/zh.txt"), zh).expect("write zh");
        std::fs::write(directory.join("sources/en.txt"), en).expect("write en");
        println!("wrote a law of {articles} articles to {}", directory.display());
        return;
    }

    println!("| input | source bytes | median seconds ({runs} runs) | peak heap MiB | ms per MiB of source | time vs 1× |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut times = Vec::new();
    for _ in 0..runs {
        times.push(measure(&default_corpus, &[]).0);
    }
    let (_, peak) = measure(&default_corpus, &[]);
    let seconds = median(&mut times);
    println!(
        "| default corpus (3 documents) | {default_bytes} | {seconds:.3} | {:.1} | {:.0} | |",
        peak as f64 / 1048576.0,
        seconds * 1000.0 / (default_bytes as f64 / 1048576.0)
    );

    let mut first = None;
    for factor in [1, 10, 100] {
        let (zh, en, articles) = generated::law(&root, default_bytes * factor / 2);
        let bytes = zh.len() + en.len();
        let given = [("sources/zh.txt", zh.as_str()), ("sources/en.txt", en.as_str())];
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..runs {
            let (seconds, run_peak) = measure(&law, &given);
            times.push(seconds);
            peak = peak.max(run_peak);
        }
        let seconds = median(&mut times);
        let per_mib = seconds * 1000.0 / (bytes as f64 / 1048576.0);
        let base = *first.get_or_insert(seconds / bytes as f64);
        println!(
            "| generated law {factor}× ({articles} articles) | {bytes} | {seconds:.3} | {:.1} | {per_mib:.0} | {:.2}× the time per byte |",
            peak as f64 / 1048576.0,
            (seconds / bytes as f64) / base
        );
    }
}
