//! The default corpus, compiled from `corpus/lac-2025` by this crate's build script with the
//! same compiler `clause-cite compile` runs: China's *Policy Paper on Latin America and the
//! Caribbean* (10 December 2025) in the Chinese original, the official English translation and
//! an unofficial blog translation, with Zhou Zhiwei's commentary and the blog's introduction.

/// The compiled default corpus, for `clause_cite::Corpus::from_bytes`.
pub static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default.ccc"));
