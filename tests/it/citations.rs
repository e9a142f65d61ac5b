//! The citation tests: the table of citation strings (tests/data/citations.tsv), citations in
//! running text (tests/data/found-citations.tsv), the round trip of every clause's own
//! formatted citations, and the formal styles.

use crate::{corpus, rows};
use clause_cite::{
    citation_id, find_citations, format, quote_selector, quote_selectors, resolve, Citation, Corpus, ErrorCode, Kind, NameTables, Resolver, Style,
};

/// Describes a citation the way the table writes expectations.
fn describe(corpus: &Corpus, citation: &Citation) -> String {
    let document = &corpus.documents[citation.document as usize];
    let mut text = citation_id(corpus, citation);
    if let Some(end) = citation.end_clause {
        text.push_str("..");
        text.push_str(&document.clauses[end as usize].id);
    }
    if let Some((first, last)) = citation.sentences {
        if first == last {
            text.push_str(&format!(" s{first}"));
        } else {
            text.push_str(&format!(" s{first}-{last}"));
        }
    }
    text
}

/// Checks one row of the citation table.
fn check(corpus: &Corpus, resolver: &Resolver, input: &str, expected: &str, hint: Option<&str>) -> Result<(), String> {
    let result = resolver.resolve(input);
    // The free function and a kept resolver must agree.
    if result != resolve(corpus, input) {
        return Err("resolve() and Resolver::resolve disagree".to_string());
    }
    match (expected.strip_prefix('!'), result) {
        (Some(code), Err(error)) => {
            if !ErrorCode::ALL.contains(&error.code()) {
                return Err(format!("undocumented error code {}", error.code().as_str()));
            }
            if error.code().as_str() != code {
                return Err(format!("expected error {code}, got {}", error.to_line()));
            }
            if error.message().trim().is_empty() {
                return Err("an error without a message".to_string());
            }
            Ok(())
        }
        (Some(code), Ok(citation)) => Err(format!("expected error {code}, got {}", describe(corpus, &citation))),
        (None, Err(error)) => Err(format!("expected {expected}, got {}", error.to_line())),
        (None, Ok(citation)) => {
            let got = describe(corpus, &citation);
            if got != expected {
                return Err(format!("expected {expected}, got {got}"));
            }
            if let Some(hint) = hint.filter(|hint| !hint.is_empty()) {
                let document = &corpus.documents[citation.document as usize];
                let got_hint = citation.version_hint.map(|index| document.versions[index as usize].id.as_str());
                if got_hint != Some(hint) {
                    return Err(format!("expected version hint {hint}, got {got_hint:?}"));
                }
            }
            Ok(())
        }
    }
}

#[test]
fn citation_table() {
    let corpus = corpus();
    let tables = NameTables::new(corpus);
    let resolver = Resolver::new(corpus, &tables);
    let rows = rows(&crate::path("tests/data/citations.tsv"));
    assert!(rows.len() >= 150, "the table holds {} citations; it must hold at least 150", rows.len());
    let mut failures = Vec::new();
    for (line, columns) in &rows {
        let input = columns.first().map(String::as_str).unwrap_or("");
        let Some(expected) = columns.get(1) else {
            panic!("line {line}: no expectation");
        };
        if let Err(why) = check(corpus, &resolver, input, expected, columns.get(2).map(String::as_str)) {
            failures.push(format!("line {line}: {input:?}: {why}"));
        }
    }
    let valid = rows.iter().filter(|(_, columns)| !columns[1].starts_with('!')).count();
    assert!(valid >= 100 && rows.len() - valid >= 40, "valid {valid}, invalid {}", rows.len() - valid);
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
}

#[test]
fn the_citation_table_covers_every_error_code_the_parser_gives() {
    let rows = rows(&crate::path("tests/data/citations.tsv"));
    for code in [
        "empty-citation",
        "malformed-citation",
        "unknown-citation",
        "ambiguous-citation",
        "out-of-range",
        "inconsistent-citation",
        "invalid-range",
        "unknown-version",
    ] {
        let wanted = format!("!{code}");
        assert!(rows.iter().any(|(_, columns)| columns[1] == wanted), "no row expects {code}");
    }
}

#[test]
fn errors_explain_and_suggest() {
    let corpus = corpus();
    let cases: &[(&str, &str, &str)] = &[
        ("Development Program (18)", "out-of-range", "Development Program has sections (1)–(17)"),
        ("Peace Program (4) ¶9", "out-of-range", "Peace Program (4) has 1 paragraph"),
        ("Part V", "out-of-range", "Part III"),
        ("和平工程（七）", "out-of-range", "和平工程 has sections (一)–(六)"),
        ("Peace Initiatives (D)", "out-of-range", "Peace Initiatives has sections (A), (B), (C), (IV), (V), (VI)"),
        ("(9)", "ambiguous-citation", "Solidarity Program (9)"),
        ("(9)", "ambiguous-citation", "Development Program (9)"),
        ("Developement Program (9)", "unknown-citation", "Development Program (9)"),
        ("Solidarty Program (9) ¶2", "unknown-citation", "Solidarity Program (9) ¶2"),
        ("Development Program ¶1", "out-of-range", "Development Program (1) ¶1"),
        ("pt_3__prog_2__sec_18", "unknown-citation", "policy-paper__pt_3__prog_2"),
    ];
    for (input, code, suggestion) in cases {
        let error = resolve(corpus, input).expect_err(input);
        assert_eq!(error.code().as_str(), *code, "{input}: {}", error.to_line());
        assert!(error.suggestions().iter().any(|given| given == suggestion), "{input}: no suggestion {suggestion:?} in {:?}", error.suggestions());
    }
    let too_long = "Development Program (9) ".repeat(50);
    assert_eq!(resolve(corpus, &too_long).unwrap_err().code().as_str(), "too-long");
}

#[test]
fn found_citations_table() {
    let corpus = corpus();
    let rows = rows(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/found-citations.tsv"));
    assert!(rows.len() >= 20);
    let mut failures = Vec::new();
    for (line, columns) in &rows {
        let text = &columns[0];
        let expected: Vec<String> =
            columns.get(1).map(|column| column.split(" | ").filter(|part| !part.is_empty()).map(str::to_string).collect()).unwrap_or_default();
        let found = find_citations(corpus, text);
        let got: Vec<String> = found.iter().map(|found| format!("{}={}", found.text, found.id)).collect();
        if got != expected {
            failures.push(format!("line {line}: {text:?}: expected {expected:?}, got {got:?}"));
            continue;
        }
        // The UTF-16 span must select exactly the matched text.
        let units: Vec<u16> = text.encode_utf16().collect();
        for found in &found {
            let span = String::from_utf16(&units[found.start_utf16 as usize..found.end_utf16 as usize]).unwrap();
            if span != found.text {
                failures.push(format!("line {line}: span {span:?} is not {:?}", found.text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The citations of one clause in every parseable style and version.
/// Every citation the corpus writes for `citation`, with its style (and the version quoted) and
/// the citation it must read back as: quoting a version re-counts the sentences in it.
fn own_citations(corpus: &Corpus, citation: &Citation) -> Vec<(String, String, Citation)> {
    let document = &corpus.documents[citation.document as usize];
    let mut written = Vec::new();
    for style in [Style::Short, Style::ShortZh, Style::Permalink] {
        written.push((style.name().to_string(), format(corpus, citation, style, None).unwrap(), *citation));
    }
    for (index, version) in document.versions.iter().enumerate() {
        for style in [Style::Short, Style::ShortZh] {
            if let Ok(text) = format(corpus, citation, style, Some(&version.id)) {
                let expected = if index == citation.version_hint.map_or(0, usize::from) { *citation } else { citation.in_version(corpus, index).unwrap() };
                written.push((format!("{} {}", style.name(), version.id), text, expected));
            }
        }
    }
    written
}

fn same_place(a: &Citation, b: &Citation) -> bool {
    a.document == b.document && a.clause == b.clause && a.end_clause == b.end_clause && a.sentences == b.sentences
}

#[test]
fn every_clause_round_trips_through_its_own_citations() {
    let corpus = corpus();
    let tables = NameTables::new(corpus);
    let resolver = Resolver::new(corpus, &tables);
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut blog_forms = 0;
    for (document_index, document) in corpus.documents.iter().enumerate() {
        let blog = document.version_index("en-blog");
        for (clause_index, clause) in document.clauses.iter().enumerate() {
            let mut citations =
                vec![Citation { document: document_index as u16, clause: clause_index as u32, end_clause: None, sentences: None, version_hint: None }];
            // A sentence of every paragraph, counted in each version that has two or more.
            if clause.kind == Kind::Paragraph {
                for version in 0..document.versions.len() {
                    if document.sentences_of(clause, version).count() >= 2 {
                        citations.push(Citation { sentences: Some((2, 2)), version_hint: Some(version as u16), ..citations[0] });
                    }
                }
            }
            // A range to the next sibling of the same kind.
            if matches!(clause.kind, Kind::Paragraph) || document.level_of(clause).is_some_and(|level| level.segment == "sec") {
                if let Some(next) = document.clauses.iter().position(|other| {
                    other.parent == clause.parent && other.kind == clause.kind && other.level == clause.level && other.number == clause.number + 1
                }) {
                    citations.push(Citation { end_clause: Some(next as u32), ..citations[0] });
                }
            }
            for citation in &citations {
                for (style, text, citation) in own_citations(corpus, citation) {
                    let citation = &citation;
                    checked += 1;
                    if style.ends_with("en-blog") && blog.is_some() {
                        blog_forms += 1;
                    }
                    match resolver.resolve(&text) {
                        Ok(back) if same_place(&back, citation) => {
                            // Citations with sentences must also come back in the same version.
                            if citation.sentences.is_some() && back.version_hint != citation.version_hint {
                                failures.push(format!("{style}: {text:?} came back in another version"));
                            }
                        }
                        Ok(back) => failures.push(format!("{} [{style}] {text:?} came back as {}", clause.id, describe(corpus, &back))),
                        Err(error) if error.code().as_str() == "inconsistent-citation" && style != "permalink" && citation.sentences.is_some() => {}
                        Err(error) => failures.push(format!("{} [{style}] {text:?}: {}", clause.id, error.to_line())),
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} citations checked");
    assert!(blog_forms > 100, "only {blog_forms} blog-numbering citations checked");
    assert!(failures.is_empty(), "{} of {checked} failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_blog_form_uses_the_blogs_own_labels() {
    let corpus = corpus();
    let cases = [
        ("policy-paper__pt_3__prog_3__sec_6", "China's Policy Paper on Latin America and the Caribbean, Civilization Projects (F) (unofficial translation)"),
        (
            "policy-paper__pt_3__prog_2__sec_17",
            "China's Policy Paper on Latin America and the Caribbean, Development Projects (Seventeen) (unofficial translation)",
        ),
        (
            "policy-paper__pt_3__prog_4__sec_2__para_1",
            "China's Policy Paper on Latin America and the Caribbean, Peace Initiatives (B) ¶1 (unofficial translation)",
        ),
        ("policy-paper__pt_3__prog_1__sec_7", "China's Policy Paper on Latin America and the Caribbean, Unity Project (VII) (unofficial translation)"),
    ];
    for (id, expected) in cases {
        let citation = resolve(corpus, id).unwrap();
        assert_eq!(format(corpus, &citation, Style::Short, Some("en-blog")).unwrap(), expected);
    }
}

#[test]
fn formal_styles_name_the_version_and_the_place() {
    let corpus = corpus();
    let citation = resolve(corpus, "Development Program (9) ¶3").unwrap();
    let expectations: &[(Style, Option<&str>, &[&str])] = &[
        (
            Style::Chicago,
            None,
            &["Ministry of Foreign Affairs of the People's Republic of China", "official translation", "December 10, 2025", "Development Program (9) ¶3"],
        ),
        (Style::ChicagoBibliography, None, &["Official translation.", "Development Program (9) ¶3."]),
        (Style::Apa, None, &["(2025, December 10)", "[Official translation]", "para. 3"]),
        (Style::Mla, None, &["10 Dec. 2025", "par. 3"]),
        (Style::Mla, Some("en-blog"), &["Unofficial translation", "29 Jan. 2026", "Development Projects (IX), par. 3"]),
        (Style::Gbt7714, None, &["中华人民共和国外交部. 中国对拉丁美洲和加勒比政策文件[Z]. 2025-12-10: 发展工程(九)第3段."]),
        (Style::Gbt7714, Some("en"), &["官方译本", "Development Program (9) ¶3"]),
        (Style::Chicago, Some("zh"), &["original", "Development Program (9) ¶3 [发展工程(九)第3段]"]),
        (Style::Bibtex, None, &["@misc{", "year = {2025}", "Development Program (9) ¶3"]),
        (Style::Ris, None, &["TY  - GOVDOC", "PY  - 2025", "ER  - "]),
        (Style::Short, None, &["China's Policy Paper on Latin America and the Caribbean, Development Program (9) ¶3"]),
        (Style::ShortZh, None, &["《中国对拉丁美洲和加勒比政策文件》发展工程(九)第3段"]),
        (Style::Permalink, None, &["#policy-paper__pt_3__prog_2__sec_9__para_3"]),
    ];
    for (style, version, needles) in expectations {
        let text = format(corpus, &citation, *style, *version).unwrap();
        for needle in *needles {
            assert!(text.contains(needle), "{} {version:?}: {needle:?} not in {text:?}", style.name());
        }
    }
    let commentary = resolve(corpus, "评论第3段").unwrap();
    let chicago = format(corpus, &commentary, Style::Chicago, None).unwrap();
    assert!(chicago.starts_with("周志伟, "), "{chicago}");
    // An English style names the publisher in English; the corpus gives it in both languages.
    assert!(chicago.contains("Guangming Daily"), "{chicago}");
}

#[test]
fn ranges_and_sentences_appear_in_every_style() {
    let corpus = corpus();
    let sentence = resolve(corpus, "Preface ¶3 s2").unwrap();
    let range = resolve(corpus, "Preface ¶2–3").unwrap();
    for style in Style::ALL.iter().copied() {
        if style == Style::Selector {
            continue;
        }
        let text = format(corpus, &sentence, style, None).unwrap();
        assert!(text.contains('2') && (text.contains("sent") || text.contains("s2") || text.contains("第2句")), "{}: {text}", style.name());
        let text = format(corpus, &range, style, None).unwrap();
        assert!(text.contains("2–3") || text.contains("..policy-paper__preface__para_3"), "{}: {text}", style.name());
    }
}

#[test]
fn json_styles_are_valid_json() {
    let corpus = corpus();
    for reference in ["Development Program (9) ¶3", "Commentary ¶3", "Intro ¶3", "Preface ¶2–3", "前言第3段第2句"] {
        let citation = resolve(corpus, reference).unwrap();
        let csl: serde_json::Value = serde_json::from_str(&format(corpus, &citation, Style::CslJson, None).unwrap()).unwrap();
        assert!(csl[0]["title"].is_string() && csl[0]["issued"]["date-parts"][0][0].is_number(), "{csl}");
        let selectors: serde_json::Value = serde_json::from_str(&format(corpus, &citation, Style::Selector, None).unwrap()).unwrap();
        let document = &corpus.documents[citation.document as usize];
        assert_eq!(selectors.as_array().unwrap().len(), document.versions.len(), "{reference}");
    }
}

#[test]
fn quote_selectors_quote_each_version_with_context() {
    let corpus = corpus();
    let citation = resolve(corpus, "Development Program (10) ¶2").unwrap();
    let document = &corpus.documents[citation.document as usize];
    let clause = &document.clauses[citation.clause as usize];
    let selectors = quote_selectors(corpus, &citation);
    assert_eq!(selectors.len(), 3);
    for selector in &selectors {
        let version = document.version_index(&selector.version).unwrap();
        let text = document.text_of(clause, version).unwrap();
        assert_eq!(selector.exact, text);
        assert!(selector.prefix.chars().count() <= 32 && selector.prefix.chars().count() >= 20);
        assert!(selector.suffix.chars().count() <= 32 && selector.suffix.chars().count() >= 20);
        assert_eq!(selector.kind, "TextQuoteSelector");
    }
    let english = quote_selector(corpus, &citation, "en").unwrap();
    assert!(english.exact.starts_with("China welcomes LAC countries to use the BeiDou"));
    // A sentence selector quotes only that sentence, in the version it is counted in.
    let sentence = resolve(corpus, "Preface ¶3 s2").unwrap();
    let quoted = quote_selector(corpus, &sentence, "en").unwrap();
    let preface = &document.clauses[sentence.clause as usize];
    let second = document.sentences_of(preface, document.version_index("en").unwrap()).nth(1).unwrap();
    assert_eq!(quoted.exact, second);
    assert!(quote_selector(corpus, &sentence, "fr").is_err());
}

#[test]
fn styles_parse_by_name_and_refuse_unknown_ones() {
    for style in Style::ALL.iter().copied() {
        assert_eq!(Style::parse(style.name()).unwrap(), style);
    }
    let error = Style::parse("harvard").unwrap_err();
    assert_eq!(error.code().as_str(), "unknown-style");
    assert!(error.suggestions().contains(&"chicago".to_string()));
    let corpus = corpus();
    let citation = resolve(corpus, "Preface").unwrap();
    assert_eq!(format(corpus, &citation, Style::Apa, Some("fr")).unwrap_err().code().as_str(), "unknown-version");
}
