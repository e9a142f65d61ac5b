//! The corpus against its sources: nothing lost, nothing added, nothing altered, every
//! divergence between versions found and aligned as the texts say.

use crate::corpus;
use clause_cite::{compile, divergence_note, Corpus, DivergenceKind, ErrorCode, Kind, Language, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/lac-2025")
}

/// Width-folds a character as the citation parser and search do (for comparing with tables).
fn fold_width(character: char) -> char {
    match character {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(character as u32 - 0xFEE0).unwrap_or(character),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => character,
    }
}

/// The blocks of a source file's lines `first..=last`: runs of non-blank lines.
fn source_blocks(text: &str, first: usize, last: usize) -> Vec<(usize, usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, usize, String)> = None;
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        if number < first || number > last {
            continue;
        }
        if line.chars().all(char::is_whitespace) {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
            continue;
        }
        match current.as_mut() {
            Some(block) => {
                block.2.push('\n');
                block.2.push_str(line);
                block.1 = number;
            }
            None => current = Some((number, number, line.to_string())),
        }
    }
    blocks.extend(current);
    blocks
}

fn manifest() -> serde_json::Value {
    let text = std::fs::read_to_string(corpus_directory().join("corpus.json")).expect("corpus.json");
    serde_json::from_str(&text).expect("corpus.json is JSON")
}

/// One source file: its manifest name, its text, and the (first, last) line ranges excluded.
type Source = (String, String, Vec<(usize, usize)>);

/// The source files by their manifest name, with the lines the manifest excludes.
fn sources() -> Vec<Source> {
    let manifest = manifest();
    let mut list = Vec::new();
    for (name, source) in manifest["sources"].as_object().expect("sources") {
        let file = source["file"].as_str().expect("file");
        let text = std::fs::read_to_string(corpus_directory().join(file)).expect("source file");
        let excluded = source["excluded"]
            .as_array()
            .expect("excluded")
            .iter()
            .map(|entry| (entry["lines"][0].as_u64().unwrap() as usize, entry["lines"][1].as_u64().unwrap() as usize))
            .collect();
        list.push((name.clone(), text, excluded));
    }
    list
}

/// A version's paragraphs: its text split at the blank lines the compiler joined them with.
fn version_blocks(text: &str) -> Vec<&str> {
    text.split("\n\n").collect()
}

#[test]
fn the_repository_copies_of_the_seeds_are_byte_identical_to_the_seeds() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let sources = corpus_directory().join("sources");
    let mut compared = 0;
    for entry in std::fs::read_dir(&sources).expect("sources folder") {
        let entry = entry.expect("entry");
        let seed = seeds.join(entry.file_name());
        if seeds.exists() {
            assert_eq!(std::fs::read(entry.path()).unwrap(), std::fs::read(&seed).expect("the seed of the same name"), "{:?}", entry.file_name());
            compared += 1;
        }
    }
    if seeds.exists() {
        assert_eq!(compared, 2, "both seeds are in the corpus sources");
    } else {
        eprintln!("note: ../shared/seeds is not beside this checkout; compared the corpus with its own sources only");
    }
}

/// Every non-blank paragraph of every source file is, verbatim, a paragraph of exactly one
/// version (or explicitly excluded by the manifest with a reason); every paragraph of every
/// version comes from the sources, in the sources' order.
#[test]
fn every_source_paragraph_is_in_exactly_one_version_verbatim_and_nothing_else_is() {
    let corpus = corpus();
    let manifest = manifest();
    // Which version each source line range belongs to.
    let mut claimed: BTreeMap<String, Vec<(usize, usize, String)>> = BTreeMap::new();
    for file in manifest["documents"].as_array().unwrap() {
        let text = std::fs::read_to_string(corpus_directory().join(file.as_str().unwrap())).unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        for version in document["versions"].as_array().unwrap() {
            let key = format!("{}/{}", document["id"].as_str().unwrap(), version["id"].as_str().unwrap());
            let lines = (version["lines"][0].as_u64().unwrap() as usize, version["lines"][1].as_u64().unwrap() as usize);
            claimed.entry(version["source_file"].as_str().unwrap().to_string()).or_default().push((lines.0, lines.1, key));
        }
    }
    let mut versions_by_key = BTreeMap::new();
    for document in &corpus.documents {
        for version in &document.versions {
            versions_by_key.insert(format!("{}/{}", document.id, version.id), version_blocks(&version.text));
        }
    }
    let mut seen_per_version: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, text, excluded) in sources() {
        let line_count = text.split('\n').count();
        for (first_line, last_line, block_text) in source_blocks(&text, 1, line_count) {
            let owners: Vec<&String> =
                claimed[&name].iter().filter(|(first, last, _)| first_line >= *first && last_line <= *last).map(|(_, _, key)| key).collect();
            let is_excluded = excluded.iter().any(|(first, last)| first_line >= *first && last_line <= *last);
            match (owners.as_slice(), is_excluded) {
                ([owner], false) => seen_per_version.entry((*owner).clone()).or_default().push(block_text),
                ([], true) => {}
                _ => panic!("{name} line {first_line}: owned by {owners:?}, excluded {is_excluded}: a source paragraph must belong to exactly one version or be excluded"),
            }
        }
    }
    assert_eq!(seen_per_version.len(), versions_by_key.len(), "every version has source paragraphs");
    for (key, blocks) in &versions_by_key {
        let expected = &seen_per_version[key];
        assert_eq!(blocks.len(), expected.len(), "{key}: paragraph count");
        for (index, (stored, source)) in blocks.iter().zip(expected).enumerate() {
            assert_eq!(stored, source, "{key} paragraph {}: stored text differs from the source", index + 1);
        }
    }
}

/// A version's clause texts, in clause order, are in text order, never overlap, and together
/// with the white space between them make up the version's whole text.
#[test]
fn each_versions_clause_texts_in_order_reproduce_its_text() {
    let corpus = corpus();
    for document in &corpus.documents {
        for (index, version) in document.versions.iter().enumerate() {
            let mut spans: Vec<Span> = document.clauses.iter().filter_map(|clause| clause.texts[index].as_ref().map(|given| given.text)).collect();
            let in_clause_order = spans.clone();
            spans.sort_by_key(|span| span.start);
            assert_eq!(in_clause_order, spans, "{}/{}: clause order is text order", document.id, version.id);
            let mut rebuilt = String::new();
            let mut position = 0usize;
            for span in &spans {
                let gap = &version.text[position..span.start as usize];
                assert!(
                    gap.chars().all(char::is_whitespace),
                    "{}/{}: text between clauses at byte {position} is not white space: {gap:?}",
                    document.id,
                    version.id
                );
                rebuilt.push_str(gap);
                rebuilt.push_str(span.of(&version.text));
                position = span.end as usize;
            }
            assert!(version.text[position..].trim().is_empty(), "{}/{}: text after the last clause", document.id, version.id);
            rebuilt.push_str(&version.text[position..]);
            assert_eq!(rebuilt, version.text, "{}/{}", document.id, version.id);
        }
    }
}

/// Sentences of a clause lie inside its text, in order, and cover all of it but white space.
#[test]
fn sentences_cover_each_clause_text() {
    let corpus = corpus();
    for document in &corpus.documents {
        for clause in &document.clauses {
            for (index, given) in clause.texts.iter().enumerate() {
                let Some(given) = given else { continue };
                let text = &document.versions[index].text;
                assert!(!given.sentences.is_empty(), "{} in {} has sentences", clause.id, document.versions[index].id);
                let mut position = given.text.start;
                for sentence in &given.sentences {
                    assert!(sentence.start >= position && sentence.end <= given.text.end, "{}: sentence outside its clause", clause.id);
                    assert!(text[position as usize..sentence.start as usize].trim().is_empty(), "{}: text lost between sentences", clause.id);
                    position = sentence.end;
                }
                assert!(text[position as usize..given.text.end as usize].trim().is_empty(), "{}: text lost after the last sentence", clause.id);
            }
        }
    }
}

#[test]
fn the_compiler_finds_exactly_the_divergences_written_down_from_the_texts() {
    let corpus = corpus();
    let document = corpus.document_by_id("policy-paper").unwrap();
    let mut found: Vec<String> = document
        .divergences
        .iter()
        .map(|divergence| {
            let clauses: Vec<&str> = divergence.clauses.iter().map(|&clause| document.clauses[clause as usize].id.as_str()).collect();
            format!("{}\t{}\t{}", divergence.kind.as_str(), document.versions[divergence.version as usize].id, clauses.join(","))
        })
        .collect();
    let table = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/divergences.tsv")).unwrap();
    let mut expected: Vec<String> = table.lines().filter(|line| !line.is_empty() && !line.starts_with('#')).map(str::to_string).collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
    for divergence in &document.divergences {
        for language in [Language::English, Language::Chinese] {
            let note = divergence_note(document, divergence, language);
            assert!(note.chars().count() > 12, "every divergence explains itself in a sentence: {note}");
        }
        assert!(divergence.confidence >= 60, "the default corpus's divergences are sure: {divergence:?}");
    }
    for other in ["commentary", "blog-intro"] {
        assert!(corpus.document_by_id(other).unwrap().divergences.is_empty(), "{other} aligns paragraph by paragraph");
    }
}

/// Each row: the clause's text in a version starts and ends with the words the row gives,
/// read off the source texts. This pins the sentence-level alignment at every merge, split and
/// run-in heading.
#[test]
fn aligned_texts_start_and_end_where_the_sources_say() {
    let corpus = corpus();
    let table = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/alignment.tsv")).unwrap();
    let mut checked = 0;
    for line in table.lines().filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "row {line:?} has four fields");
        let (id, version, start, end) = (fields[0], fields[1], fields[2], fields[3]);
        let found = corpus.clause_by_id(id).unwrap_or_else(|| panic!("no clause {id}"));
        let document = corpus.document(found);
        let index = document.version_index(version).unwrap_or_else(|| panic!("no version {version}"));
        let text = document.text_of(corpus.clause(found), index).unwrap_or_else(|| panic!("{id} has no {version} text"));
        let folded: String = text.chars().map(fold_width).collect();
        assert!(folded.starts_with(start), "{id} {version} starts {:?}", &text.chars().take(60).collect::<String>());
        assert!(folded.ends_with(end), "{id} {version} ends {:?}", text.chars().rev().take(60).collect::<String>().chars().rev().collect::<String>());
        checked += 1;
    }
    assert!(checked >= 25);
}

/// A merged translation paragraph is split between its two clauses with nothing lost: the two
/// halves joined by the space between them are the translation's paragraph.
#[test]
fn merged_paragraph_halves_rejoin_to_the_translation_paragraph() {
    let corpus = corpus();
    let document = corpus.document_by_id("policy-paper").unwrap();
    for divergence in document.divergences.iter().filter(|divergence| divergence.kind == DivergenceKind::Merged) {
        let version = divergence.version as usize;
        let text = &document.versions[version].text;
        let first = document.clauses[divergence.clauses[0] as usize].texts[version].as_ref().unwrap().text;
        let second = document.clauses[divergence.clauses[1] as usize].texts[version].as_ref().unwrap().text;
        assert_eq!(&text[first.end as usize..second.start as usize], " ");
        let joined = &text[first.start as usize..second.end as usize];
        assert!(version_blocks(text).contains(&joined), "the halves make one paragraph of the translation");
    }
    for divergence in document.divergences.iter().filter(|divergence| divergence.kind == DivergenceKind::Split) {
        let version = divergence.version as usize;
        let given = document.clauses[divergence.clauses[0] as usize].texts[version].as_ref().unwrap();
        assert_eq!(given.text.of(&document.versions[version].text).matches("\n\n").count(), 1, "a split clause spans two paragraphs");
    }
}

/// No hidden merge or split: every paragraph's translation is of a length in line with the
/// others (English runs 3.7 to 6 characters for each Chinese character here; a merged or
/// split paragraph would double or halve that).
#[test]
fn translation_lengths_show_no_unrecorded_merge_or_split() {
    let corpus = corpus();
    let document = corpus.document_by_id("policy-paper").unwrap();
    for clause in document.clauses.iter().filter(|clause| clause.kind == Kind::Paragraph) {
        let original = document.text_of(clause, 0).unwrap().chars().count() as f64;
        for version in 1..document.versions.len() {
            let ratio = document.text_of(clause, version).unwrap().chars().count() as f64 / original;
            assert!((3.0..7.5).contains(&ratio), "{} {}: length ratio {ratio:.2}", clause.id, document.versions[version].id);
        }
    }
}

#[test]
fn the_policy_paper_has_the_structure_of_the_original() {
    let corpus = corpus();
    let document = corpus.document_by_id("policy-paper").unwrap();
    let count = |prefix: &str, segment: &str| {
        document
            .clauses
            .iter()
            .filter(|clause| clause.id.starts_with(prefix) && document.level_of(clause).map(|level| level.segment.as_str()) == Some(segment))
            .count()
    };
    assert_eq!(count("policy-paper__pt_", "pt"), 3);
    assert_eq!(count("policy-paper__pt_3__prog_", "prog"), 5);
    let sections: Vec<usize> = (1..=5).map(|program| count(&format!("policy-paper__pt_3__prog_{program}__"), "sec")).collect();
    assert_eq!(sections, vec![9, 17, 6, 6, 6]);
    assert_eq!(document.clauses.iter().filter(|clause| clause.kind == Kind::Paragraph).count(), 75);
    // The levels carry the nouns the versions write: 部分/Part, and the programs' shared 工程/Program.
    let nouns: Vec<Vec<Option<String>>> =
        document.levels.iter().map(|level| level.names.iter().map(|name| name.as_ref().and_then(|name| name.noun.clone())).collect()).collect();
    assert_eq!(nouns[0], [Some("部分".to_string()), Some("Part".to_string()), Some("Part".to_string())]);
    assert_eq!(nouns[1], [Some("工程".to_string()), Some("Program".to_string()), None]);
    assert!(document.levels[1].by_title && !document.levels[0].by_title && !document.levels[2].by_title);
    // Every clause has text in every version of the policy paper.
    for clause in &document.clauses {
        assert!(clause.texts.iter().all(Option::is_some), "{} has text in every version", clause.id);
    }
}

#[test]
fn ids_are_unique_and_safe_in_a_url_fragment() {
    let corpus = corpus();
    let mut seen = std::collections::BTreeSet::new();
    for reference in corpus.all_clauses() {
        let id = &corpus.clause(reference).id;
        assert!(seen.insert(id.clone()), "duplicate id {id}");
        assert!(id.chars().all(|character| character.is_ascii_lowercase() || character.is_ascii_digit() || character == '_' || character == '-'), "{id}");
        let document = &corpus.document(reference);
        assert!(id.starts_with(&format!("{}__", document.id_prefix)), "{id} is qualified by its document");
    }
}

#[test]
fn the_compiled_corpus_round_trips_and_rejects_damage() {
    let corpus = corpus();
    let bytes = corpus.to_bytes();
    assert_eq!(&Corpus::from_bytes(&bytes).unwrap(), corpus);
    let code = |bytes: &[u8]| Corpus::from_bytes(bytes).unwrap_err().code();
    assert_eq!(code(b"not a corpus"), ErrorCode::NotACorpus);
    assert_eq!(code(&bytes[..bytes.len() / 2]), ErrorCode::TruncatedCorpus);
    let mut appended = bytes.clone();
    appended.push(0);
    assert_eq!(code(&appended), ErrorCode::MalformedCorpus);
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 1;
    assert_eq!(code(&flipped), ErrorCode::ChecksumMismatch);
    let mut future = bytes.clone();
    future[3] = 9;
    assert_eq!(code(&future), ErrorCode::UnsupportedFormat);
    // Change one character of the stored text: the checksum catches it.
    let needle = "BeiDou".as_bytes();
    let position = bytes.windows(needle.len()).position(|window| window == needle).unwrap();
    let mut altered = bytes.clone();
    altered[position] = b'X';
    let error = Corpus::from_bytes(&altered).unwrap_err();
    assert_eq!(error.code(), ErrorCode::ChecksumMismatch, "{error:?}");
    assert!(error.message().contains("checksum"));
    // Every truncation point gives an error, never a panic.
    for end in (0..bytes.len()).step_by(97) {
        assert!(Corpus::from_bytes(&bytes[..end]).is_err());
    }
}

/// Compiles the corpus with one file replaced, returning the compiler's error line or the
/// compiled corpus.
fn compile_with(replace: &str, content: &str) -> Result<clause_cite::Compiled, String> {
    let directory = corpus_directory();
    let mut read = |relative: &str| {
        if relative == replace {
            Ok(content.as_bytes().to_vec())
        } else {
            std::fs::read(directory.join(relative)).map_err(|why| why.to_string())
        }
    };
    compile(&mut read).map_err(|why| why.to_line())
}

#[test]
fn a_broken_corpus_source_gets_a_specific_error() {
    let policy = std::fs::read_to_string(corpus_directory().join("policy-paper.json")).unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        ("corpus.json", "{".into(), "invalid-manifest: 'corpus.json' is not a valid manifest"),
        ("policy-paper.json", policy.replace("\"role\": \"original\"", "\"role\": \"first\""), "is not one of original"),
        ("policy-paper.json", policy.replace("\"source_file\": \"official\"", "\"source_file\": \"missing\""), "is not named in corpus.json"),
        ("policy-paper.json", policy.replace("\"date\": \"2025-12-10\",", "\"date\": \"2025-12-10\", \"url\": \"javascript:alert(1)\","), "unsafe-url"),
        ("policy-paper.json", policy.replace("\"lines\": [1, 268]", "\"lines\": [1000, 1200]"), "hold no text"),
        ("policy-paper.json", policy.replace("\"id\": \"en-blog\"", "\"id\": \"en\""), "duplicate-id"),
        ("policy-paper.json", policy.replace("\"former_ids\"", "\"formerly\""), "unknown field `formerly`"),
        ("sources/002_20947d85e9ae7677.txt", String::new(), "empty-source: source 'sources/002_20947d85e9ae7677.txt' is empty (0 bytes)"),
        ("sources/002_20947d85e9ae7677.txt", "\u{feff}  \u{3000}\t\u{a0}\r\n".into(), "empty-source: source 'sources/002_20947d85e9ae7677.txt' has no text"),
        ("sources/002_20947d85e9ae7677.txt", "\u{0}\u{1}\u{2}\u{3}binary".into(), "looks like a binary file"),
    ];
    for (file, content, expected) in cases {
        let original = std::fs::read_to_string(corpus_directory().join(file)).unwrap();
        assert_ne!(content, original, "the case for {expected:?} must change {file}");
        let message = match compile_with(file, &content) {
            Ok(_) => String::from("(compiled)"),
            Err(message) => message,
        };
        assert!(message.contains(expected), "replacing {file}: expected a message containing {expected:?}, got {message:?}");
    }
    // Bytes that are not UTF-8.
    let directory = corpus_directory();
    let mut read = |relative: &str| {
        if relative == "sources/002_20947d85e9ae7677.txt" {
            Ok(vec![b'P', b'a', 0xff, 0xfe, b'r', b't'])
        } else {
            std::fs::read(directory.join(relative)).map_err(|why| why.to_string())
        }
    };
    let message = compile(&mut read).unwrap_err().to_line();
    assert!(message.contains("not-utf8: source 'sources/002_20947d85e9ae7677.txt' is not UTF-8 text: byte 0xFF at offset 2 (line 1, column 3)"), "{message}");
}

/// A translation cut short (the blog translation ends at Part III's first program) still
/// compiles, and every unit it lacks is a located divergence, never a silent misalignment.
#[test]
fn a_translation_with_missing_sections_says_what_it_lacks() {
    let policy = std::fs::read_to_string(corpus_directory().join("policy-paper.json")).unwrap();
    let compiled = compile_with("policy-paper.json", &policy.replace("\"lines\": [303, 561]", "\"lines\": [303, 400]")).expect("it compiles");
    let document = &compiled.corpus.documents[0];
    let missing: Vec<&str> = document
        .divergences
        .iter()
        .filter(|divergence| divergence.kind == DivergenceKind::MissingHeading && document.versions[divergence.version as usize].id == "en-blog")
        .map(|divergence| document.clauses[divergence.clauses[0] as usize].id.as_str())
        .collect();
    for program in ["policy-paper__pt_3__prog_3", "policy-paper__pt_3__prog_4", "policy-paper__pt_3__prog_5"] {
        assert!(missing.contains(&program), "{program} is reported missing: {missing:?}");
    }
    // Nothing of the blog's text is lost: between its clause texts there is only white space.
    let version = document.version_index("en-blog").unwrap();
    let text = &document.versions[version].text;
    let mut spans: Vec<Span> = document.clauses.iter().filter_map(|clause| clause.texts[version].as_ref()).map(|given| given.text).collect();
    spans.sort_by_key(|span| span.start);
    let mut position = 0;
    for span in spans {
        assert!(text[position..span.start as usize].trim().is_empty(), "text lost at byte {position}");
        position = span.end as usize;
    }
    assert!(text[position..].trim().is_empty());
}

#[test]
fn versions_carry_their_metadata() {
    let corpus = corpus();
    let document = corpus.document_by_id("policy-paper").unwrap();
    let roles: Vec<(&str, &str, &str)> = document.versions.iter().map(|version| (version.id.as_str(), version.lang.as_str(), version.role.as_str())).collect();
    assert_eq!(roles, vec![("zh", "zh-Hans", "original"), ("en", "en", "official-translation"), ("en-blog", "en", "unofficial-translation")]);
    for version in &document.versions {
        assert_eq!(version.date.len(), 10, "ISO date for {}", version.id);
        assert!(!version.publisher.is_empty() && !version.source.is_empty());
        // The metadata a card shows is there in both languages.
        for language in ["en", "zh"] {
            assert!(version.publisher.lookup(language).is_some() && version.source.lookup(language).is_some(), "{} in {language}", version.id);
        }
    }
}

/// Sentence alignment inside clauses, against groups read off the texts by hand.
#[test]
fn sentences_align_as_the_texts_say() {
    let corpus = corpus();
    let table = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sentence-alignment.tsv")).unwrap();
    let range = |text: &str| -> (u16, u16) {
        let (first, last) = text.split_once('-').unwrap_or((text, text));
        (first.parse::<u16>().unwrap() - 1, last.parse::<u16>().unwrap())
    };
    let mut checked = 0;
    for line in table.lines().filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let found = corpus.clause_by_id(fields[0]).unwrap();
        let view = clause_cite::clause_view(corpus, found);
        let expected: Vec<[u16; 4]> = fields[2]
            .split(' ')
            .map(|group| {
                let (original, translation) = group.split_once('=').unwrap();
                let (original, translation) = (range(original), range(translation));
                [original.0, original.1, translation.0, translation.1]
            })
            .collect();
        assert_eq!(view.sentence_groups.get(fields[1]), Some(&expected), "{line}");
        checked += 1;
    }
    assert_eq!(checked, 8);
    // Selecting the second sentence of the official translation of the Preface's first
    // paragraph gives the original's first sentence and the blog's first two.
    let found = corpus.clause_by_id("policy-paper__preface__para_1").unwrap();
    let document = corpus.document(found);
    let mapped = clause_cite::corresponding_sentences(document, corpus.clause(found), 1, 1, 2);
    assert_eq!(mapped, vec![Some((0, 1)), Some((0, 2)), Some((0, 2))]);
}

/// What the build embedded is exactly what compiling the sources gives now, through the
/// compiled format's write and read (which derives most sentence lists again at load).
#[test]
fn the_embedded_corpus_equals_a_fresh_compile_of_the_sources() {
    let directory = corpus_directory();
    let mut read = |relative: &str| std::fs::read(directory.join(relative)).map_err(|why| why.to_string());
    let compiled = compile(&mut read).expect("the sources compile").corpus;
    assert_eq!(Corpus::from_bytes(&compiled.to_bytes()).unwrap(), compiled);
    assert_eq!(corpus(), &compiled);
}
