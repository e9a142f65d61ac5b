//! Fuzz target: see `clause_cite_fuzz::checks::citations` for what it checks and its time bound.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| clause_cite_fuzz::checks::citations(data));
