//! Compiles the default corpus (`corpus/lac-2025`) into `$OUT_DIR/default.ccc`, which the
//! library embeds, so a page needs no server to hold the text. A broken corpus source stops the
//! build with the compiler's message.

extern crate alloc;

/// The library is `no_std` and its modules import what the standard prelude would give from
/// `crate::prelude`; the build script, which includes some of them, provides the same names.
mod prelude {
    pub use std::prelude::rust_2021::*;
    pub use std::{format, vec};
}

#[path = "src/binary.rs"]
#[allow(dead_code)]
mod binary;
#[path = "src/compile.rs"]
#[allow(dead_code)]
mod compile;
#[path = "src/corpus.rs"]
#[allow(dead_code)]
mod corpus;
#[path = "src/numbers.rs"]
#[allow(dead_code)]
mod numbers;
#[path = "src/text.rs"]
#[allow(dead_code)]
mod text;

use std::path::Path;

fn main() {
    let directory = Path::new("corpus/lac-2025");
    println!("cargo:rerun-if-changed=corpus");
    for file in [
        "src/binary.rs",
        "src/compile.rs",
        "src/corpus.rs",
        "src/numbers.rs",
        "src/text.rs",
    ] {
        println!("cargo:rerun-if-changed={file}");
    }
    let mut read = |relative: &str| {
        std::fs::read_to_string(directory.join(relative)).map_err(|why| why.to_string())
    };
    let corpus = match compile::compile(&mut read) {
        Ok(corpus) => corpus,
        Err(why) => {
            eprintln!(
                "error: the corpus in {} does not compile: {}",
                directory.display(),
                why.message
            );
            std::process::exit(1);
        }
    };
    let output =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default.ccc");
    std::fs::write(&output, corpus.to_bytes()).expect("OUT_DIR is writable");
}
