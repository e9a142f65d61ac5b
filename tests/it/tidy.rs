//! Tidy checks on the tree itself: rules of the architecture that no compiler enforces.

use std::path::{Path, PathBuf};

/// Every Rust file under `folder`, recursively.
fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                found.push(path);
            }
        }
    }
    found
}

/// The words that mean a file knows JavaScript or the DOM.
const JAVASCRIPT_WORDS: &[&str] = &["wasm_bindgen", "js_sys", "web_sys", "JsValue", "gloo"];

#[test]
fn only_the_bindings_crates_know_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    for folder in ["src", "cli/src", "default-corpus/src"] {
        for file in rust_files(&root.join(folder)) {
            let text = std::fs::read_to_string(&file).unwrap();
            for word in JAVASCRIPT_WORDS {
                if text.contains(word) {
                    offenders.push(format!("{} mentions {word}", file.strip_prefix(root).unwrap().display()));
                }
            }
        }
    }
    for manifest in ["Cargo.toml", "cli/Cargo.toml", "default-corpus/Cargo.toml"] {
        let text = std::fs::read_to_string(root.join(manifest)).unwrap();
        for dependency in ["wasm-bindgen", "js-sys", "web-sys", "serde-wasm-bindgen", "gloo"] {
            if text.lines().any(|line| line.trim_start().starts_with(dependency)) {
                offenders.push(format!("{manifest} depends on {dependency}"));
            }
        }
    }
    assert!(offenders.is_empty(), "only web/ and builder/ may know JavaScript and the DOM:\n{}", offenders.join("\n"));
}

#[test]
fn the_core_does_no_io() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    for file in rust_files(&root.join("src")) {
        let whole = std::fs::read_to_string(&file).unwrap();
        // Unit tests may read files; the code they test may not.
        let text = whole.split("#[cfg(test)]").next().unwrap_or_default();
        for word in ["std::fs", "std::net", "std::process", "std::env", "File::open", "println!"] {
            if text.contains(word) {
                offenders.push(format!("{} uses {word}", file.strip_prefix(root).unwrap().display()));
            }
        }
    }
    assert!(offenders.is_empty(), "the core is sans-I/O (the caller reads and writes):\n{}", offenders.join("\n"));
}

/// The codes are one list, in Rust (`ErrorCode::ALL`): the package's TypeScript union and the
/// README's list of codes are checked against it, both ways.
#[test]
fn the_error_codes_are_one_list() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rust: Vec<&str> = clause_cite::ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    let types = std::fs::read_to_string(root.join("pkg-template/index.d.ts")).unwrap();
    let union = types.split("export type ErrorCode =").nth(1).and_then(|rest| rest.split(';').next()).expect("index.d.ts declares ErrorCode");
    let typed: Vec<&str> = union.split('|').filter_map(|member| member.trim().strip_prefix('\'')?.strip_suffix('\'')).collect();
    let missing: Vec<&&str> = rust.iter().filter(|code| !typed.contains(code)).collect();
    let extra: Vec<&&str> = typed.iter().filter(|code| !rust.contains(code)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "index.d.ts's ErrorCode lacks {missing:?} and has codes the core does not: {extra:?}");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let paragraph =
        readme.split("Every error, in every front end, is one type").nth(1).and_then(|rest| rest.split("\n\n").next()).expect("README.md lists the codes");
    let undocumented: Vec<&&str> = rust.iter().filter(|code| !paragraph.contains(&format!("`{code}`"))).collect();
    assert!(undocumented.is_empty(), "README.md's list of error codes lacks {undocumented:?}");
}
