//! The native integration tests, one binary: the default corpus against its sources and the
//! tables written from the texts, citations, search, the CLI contract, and property tests.
//! Tables live in `tests/data/` and `tests/fixtures/`; each is run by one `check` function.

// The shared merge sort (src/order.rs) keeps the wasm small; tests ship nowhere and use std's sorts.
#![allow(clippy::disallowed_methods)]

mod big;
mod cards;
mod citation_fuzz;
mod citations;
mod corpus;
mod crafted;
mod documents;
mod hostile;
mod integrity;
mod library;
mod quotes;
mod search;
mod tidy;

use clause_cite::Corpus;
use std::sync::OnceLock;

/// The default corpus, loaded once.
pub fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| Corpus::from_bytes(clause_cite_default_corpus::BYTES).expect("the default corpus loads"))
}

/// Reads `\u{XXXX}` escapes, so a table can hold invisible characters.
pub fn unescape(text: &str) -> String {
    let mut output = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("\\u{") {
        output.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let Some(end) = after.find('}') else {
            output.push_str(&rest[start..]);
            return output;
        };
        let code = u32::from_str_radix(&after[..end], 16).expect("a hex escape");
        output.push(char::from_u32(code).expect("a character"));
        rest = &after[end + 1..];
    }
    output.push_str(rest);
    output
}

/// The rows of a table file: non-comment lines split at tabs, with their line numbers.
pub fn rows(path: &str) -> Vec<(usize, Vec<String>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|why| panic!("{path}: {why}"));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.is_empty())
        .map(|(number, line)| (number + 1, line.split('\t').map(unescape).collect()))
        .collect()
}

/// A path in the repository.
pub fn path(relative: &str) -> String {
    format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"))
}

/// The CPU time this thread has used. On a machine other work shares, wall-clock time also
/// counts the other work's turns, so timed tests measure this instead; where there is no thread
/// CPU clock, it is the wall-clock time since the first call.
pub fn thread_time() -> std::time::Duration {
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    {
        /// `struct timespec` of 64-bit Linux.
        #[repr(C)]
        struct Timespec {
            seconds: i64,
            nanoseconds: i64,
        }
        extern "C" {
            fn clock_gettime(clock: i32, now: *mut Timespec) -> i32;
        }
        /// Linux's `CLOCK_THREAD_CPUTIME_ID`.
        const THREAD_CPU_CLOCK: i32 = 3;
        let mut now = Timespec { seconds: 0, nanoseconds: 0 };
        // SAFETY: clock_gettime (in the C library std links) writes one timespec, which `now`
        // is, and reads nothing else.
        if unsafe { clock_gettime(THREAD_CPU_CLOCK, &mut now) } == 0 {
            return std::time::Duration::new(now.seconds as u64, now.nanoseconds as u32);
        }
    }
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// The [`thread_time`] of `work` in milliseconds: of one run when it is under `bound`, else the
/// least of three, so one slow run (a page fault, a cold cache) does not fail a bound.
pub fn time_within(bound: f64, mut work: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..3 {
        let started = thread_time();
        work();
        best = best.min(thread_time().saturating_sub(started).as_secs_f64() * 1000.0);
        if best < bound {
            break;
        }
    }
    best
}
