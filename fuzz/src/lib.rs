//! The checks the fuzz targets run, shared with `tests/inputs.rs`, which runs them on every seed
//! and regression input without cargo-fuzz.

pub mod checks;
