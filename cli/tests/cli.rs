//! The CLI's corpus contract: `export`, `lookup <id> --json`, `show <id>`, and its errors.

use std::process::Command;

fn run(arguments: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_clause-cite")).args(arguments).output().expect("the CLI runs");
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

#[test]
fn export_prints_the_whole_corpus_as_one_json_document() {
    let (status, stdout, stderr) = run(&["export"]);
    assert_eq!(status, 0, "{stderr}");
    let export: serde_json::Value = serde_json::from_str(&stdout).expect("export is JSON");
    let documents = export["documents"].as_array().unwrap();
    let ids: Vec<&str> = documents.iter().map(|document| document["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["policy-paper", "commentary", "blog-intro"]);
    let paper = &documents[0];
    assert_eq!(paper["title"]["zh-Hans"], "中国对拉丁美洲和加勒比政策文件");
    for version in paper["versions"].as_array().unwrap() {
        for field in ["id", "lang", "role", "source", "url"] {
            assert!(version.get(field).is_some(), "version field {field}");
        }
    }
    let clause = paper["clauses"].as_array().unwrap().iter().find(|clause| clause["id"] == "policy-paper__pt_3__prog_1__sec_9__para_2").unwrap();
    for field in ["id", "kind", "parent", "label", "cite", "texts", "sentences"] {
        assert!(clause.get(field).is_some(), "clause field {field}");
    }
    assert_eq!(clause["kind"], "paragraph");
    assert_eq!(clause["parent"], "policy-paper__pt_3__prog_1__sec_9");
    // For a merged translation paragraph, `texts` holds only the aligned sentences.
    let blog = clause["texts"]["en-blog"].as_str().unwrap();
    assert!(blog.starts_with("China is willing to conduct trilateral development cooperation"));
    assert!(!blog.contains("not directed against"));
    assert_eq!(clause["sentences"]["en-blog"].as_array().unwrap().len(), 1);
    assert_eq!(paper["divergences"].as_array().unwrap().len(), 10);
}

#[test]
fn lookup_prints_a_clause_by_its_id() {
    let (status, stdout, _) = run(&["lookup", "policy-paper__preface__para_3", "--json"]);
    assert_eq!(status, 0);
    let clause: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(clause["id"], "policy-paper__preface__para_3");
    assert_eq!(clause["cite"], "China's Policy Paper on Latin America and the Caribbean, Preface ¶3");
    assert_eq!(clause["divergences"][0]["kind"], "split");
    assert!(clause["texts"]["en"].as_str().unwrap().contains("\n\nIn recent years,"));
}

#[test]
fn lookup_of_an_unknown_reference_fails_cleanly() {
    let (status, stdout, stderr) = run(&["lookup", "pt_9__para_1", "--json"]);
    assert_eq!(status, 1);
    assert_eq!(stdout, "", "nothing on stdout");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line on stderr: {stderr}");
    assert!(stderr.contains("pt_9__para_1"));
}

#[test]
fn show_prints_every_version_side_by_side() {
    let (status, stdout, _) = run(&["show", "policy-paper__pt_3__prog_1__sec_7"]);
    assert_eq!(status, 0);
    assert!(stdout.contains("(七)推动全球经济治理体系改革"));
    assert!(stdout.contains("(7) Promoting Reforms of the Global Economic Governance System"));
    assert!(stdout.contains("(VII) Promoting the Reform of the Global Economic Governance System"));
    assert!(stdout.contains("run-in-heading"));
}

#[test]
fn a_malformed_command_line_says_what_is_valid() {
    let (status, stdout, stderr) = run(&["frobnicate"]);
    assert_eq!(status, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("unknown command 'frobnicate'") && stderr.contains("commands:"));
    let (status, _, stderr) = run(&["lookup"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("lookup needs <ref>"));
}

/// A temporary folder, removed when dropped.
struct Folder(std::path::PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("clause-cite-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        Folder(path)
    }

    fn text(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn repository(relative: &str) -> String {
    format!("{}/../{relative}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn compile_library_writes_a_library_that_lookup_search_and_cite_read() {
    let folder = Folder::new("library");
    let (default, law) = (repository("corpus/lac-2025"), repository("tests/fixtures/documents/law"));
    let (status, stdout, stderr) = run(&["compile", "--library", folder.text(), "--id", "blog", &default]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("wrote library 'blog'") && stdout.contains("3 documents"), "{stdout}");
    // Adding a document writes only what changed: the three shards stay as they were.
    let (status, stdout, stderr) = run(&["compile", "--library", folder.text(), "--id", "blog", &default, &law]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("4 documents") && stdout.contains("3 unchanged"), "{stdout}");
    // Each document's file is printed for the prefetch attribute, and is the file in the folder.
    let hints: Vec<&str> = stdout.lines().filter_map(|line| line.split_once(": prefetch=\"")).map(|(_, name)| name.trim_end_matches('"')).collect();
    assert_eq!(hints.len(), 4, "{stdout}");
    assert!(hints.iter().any(|name| name.starts_with("documents/urban-renewal-law.")), "{stdout}");
    for name in hints {
        assert!(folder.0.join(name).is_file(), "{name} is not a file of the library");
    }
    let (status, stdout, stderr) = run(&["lookup", "--library", folder.text(), "Urban Renewal Law Art. 5"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.starts_with("urban-renewal-law__ch_1__art_5\t"), "{stdout}");
    let (status, stdout, _) = run(&["search", "--library", folder.text(), "北斗", "--limit", "1"]);
    assert_eq!(status, 0);
    assert!(stdout.starts_with("policy-paper__pt_3__prog_2__sec_10__para_2\t"), "{stdout}");
    let (status, stdout, _) = run(&["cite", "--library", folder.text(), "Development Program (10) ¶2", "--style", "short"]);
    assert_eq!(status, 0);
    assert_eq!(stdout.trim(), "China's Policy Paper on Latin America and the Caribbean, Development Program (10) ¶2");
    // A missing shard fails its own document's lookups only, naming the file.
    let shard = std::fs::read_dir(folder.0.join("documents"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().contains("urban-renewal-law."))
        .unwrap();
    std::fs::remove_file(&shard).unwrap();
    let (status, _, stderr) = run(&["lookup", "--library", folder.text(), "Urban Renewal Law Art. 5"]);
    assert_eq!(status, 1);
    assert!(stderr.contains("shard-unavailable") && stderr.contains("urban-renewal-law"), "{stderr}");
    let (status, _, stderr) = run(&["lookup", "--library", folder.text(), "Zhou Zhiwei ¶2"]);
    assert_eq!(status, 0, "{stderr}");
}
