//! Compiles `corpus/lac-2025` into `$OUT_DIR/default.ccc`. A corpus that does not compile stops
//! the build with the compiler's message; the compiler's report (what it found, the places to
//! check) is printed as build warnings only when there are places to check.

use std::path::Path;

fn main() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/lac-2025");
    println!("cargo:rerun-if-changed={}", directory.display());
    let mut read = |relative: &str| std::fs::read(directory.join(relative)).map_err(|why| why.to_string());
    let compiled = match clause_cite::compile(&mut read) {
        Ok(compiled) => compiled,
        Err(why) => {
            eprintln!("error: the corpus in {} does not compile: {}", directory.display(), why.to_line());
            std::process::exit(1);
        }
    };
    for report in &compiled.reports {
        for place in &report.places {
            println!(
                "cargo:warning={}: check {} ({}) in {}: {} (confidence {})",
                report.id, place.clause, place.version, place.location, place.what, place.confidence
            );
        }
    }
    let output = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default.ccc");
    std::fs::write(&output, compiled.corpus.to_bytes()).expect("OUT_DIR is writable");
}
