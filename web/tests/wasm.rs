//! The bindings as JavaScript sees them, run in headless Chromium by wasm-bindgen-test-runner:
//! `cargo test --target wasm32-unknown-unknown --test wasm` (see scripts/test.mjs). Results are
//! JSON text the JavaScript wrapper parses (these tests parse it with `JSON.parse` too) and errors
//! are real `Error` objects with a stable `code`.
#![cfg(target_arch = "wasm32")]

use clause_cite::wasm::ClauseCite;
use js_sys::{Array, Error, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Reads `object[key]`, failing the test with the key's name when it is missing.
fn property(object: &JsValue, key: &str) -> JsValue {
    match Reflect::get(object, &JsValue::from_str(key)) {
        Ok(value) if !value.is_undefined() => value,
        _ => panic!("the JavaScript value has no property '{key}'"),
    }
}

fn string_property(object: &JsValue, key: &str) -> String {
    property(object, key)
        .as_string()
        .unwrap_or_else(|| panic!("property '{key}' is not a string"))
}

/// Parses the JSON text a binding returns, as the package's JavaScript wrapper does.
fn parsed(result: Result<String, JsValue>) -> Result<JsValue, JsValue> {
    result.map(|text| match js_sys::JSON::parse(&text) {
        Ok(value) => value,
        Err(_) => panic!("the binding returned text that is not JSON: {text}"),
    })
}

fn open() -> ClauseCite {
    match ClauseCite::new(None) {
        Ok(handle) => handle,
        Err(_) => panic!("the embedded corpus must load"),
    }
}

/// Checks that `result` is an `Err` holding a real JavaScript `Error` with `code` and a message
/// that contains `message_part`; returns the error for further checks.
fn check_error(result: Result<JsValue, JsValue>, code: &str, message_part: &str) -> JsValue {
    let error = match result {
        Ok(_) => panic!("expected an error with code '{code}', got a result"),
        Err(error) => error,
    };
    assert!(
        error.is_instance_of::<Error>(),
        "the thrown value is a JavaScript Error"
    );
    let as_error: &Error = error.unchecked_ref();
    let message: String = as_error.message().into();
    assert!(
        message.contains(message_part),
        "the message '{message}' mentions '{message_part}'"
    );
    assert_eq!(string_property(&error, "code"), code);
    assert!(
        Array::is_array(&property(&error, "suggestions")),
        "suggestions is an array"
    );
    error
}

#[wasm_bindgen_test]
fn lookup_returns_plain_objects_keyed_by_version() {
    let corpus = open();
    let clause = parsed(corpus.lookup("policy-paper__pt_3__prog_2__sec_9__para_3"))
        .unwrap_or_else(|_| panic!("a stable id resolves"));
    assert_eq!(
        string_property(&clause, "id"),
        "policy-paper__pt_3__prog_2__sec_9__para_3"
    );
    assert_eq!(string_property(&clause, "parent"), "policy-paper__pt_3__prog_2__sec_9");
    let texts = property(&clause, "texts");
    // Maps cross as plain objects (not Map), so `texts.en` works in JavaScript.
    assert_eq!(
        Object::get_prototype_of(&texts),
        Object::get_prototype_of(&Object::new())
    );
    assert!(string_property(&texts, "zh").starts_with("中方愿同拉方开展人工智能领域对话合作"));
    assert!(string_property(&texts, "en").starts_with("China stands ready"));
    let sentences = property(&property(&clause, "sentences"), "en");
    assert!(Array::is_array(&sentences));
    // No sentence range was cited, so the selection is null rather than missing.
    let citation = property(&clause, "citation");
    assert!(property(&citation, "sentences").is_null());
}

#[wasm_bindgen_test]
fn documents_lists_every_document_with_its_versions() {
    let corpus = open();
    let documents: Array = parsed(corpus.documents())
        .unwrap_or_else(|_| panic!("documents() works"))
        .unchecked_into();
    let ids: Vec<String> = documents
        .iter()
        .map(|document| string_property(&document, "id"))
        .collect();
    assert_eq!(ids, ["policy-paper", "commentary", "blog-intro"]);
    let versions: Array = property(&documents.get(0), "versions").unchecked_into();
    assert_eq!(versions.length(), 3);
    // A version without a URL has `url: null`, as in the CLI's JSON.
    assert!(versions.iter().any(
        |version| property(&version, "url").is_null() || property(&version, "url").is_string()
    ));
}

/// Each bad input and the error code and message fragment it must produce.
const BAD_LOOKUPS: &[(&str, &str, &str)] = &[
    ("no_such_clause", "unknown-citation", "no_such_clause"),
    ("", "empty-citation", "empty"),
    ("   ", "empty-citation", "empty"),
];

#[wasm_bindgen_test]
fn bad_lookups_throw_errors_with_codes() {
    let corpus = open();
    for &(reference, code, message_part) in BAD_LOOKUPS {
        check_error(parsed(corpus.lookup(reference)), code, message_part);
    }
}

#[wasm_bindgen_test]
fn unknown_document_error_suggests_the_known_ids() {
    let corpus = open();
    let error = check_error(
        parsed(corpus.document("policy")),
        "unknown-document",
        "policy-paper",
    );
    let suggestions: Array = property(&error, "suggestions").unchecked_into();
    let listed: Vec<String> = suggestions
        .iter()
        .filter_map(|value| value.as_string())
        .collect();
    assert_eq!(listed, ["policy-paper", "commentary", "blog-intro"]);
}

/// Damaged corpus bytes and the load error code each must produce.
const BAD_CORPORA: &[(&[u8], &str)] = &[
    (b"", "not-a-corpus"),
    (b"PK\x03\x04 not a corpus", "not-a-corpus"),
    (b"CCC\x09", "unsupported-format"),
    (b"CCC\x02\x05", "truncated-corpus"),
];

#[wasm_bindgen_test]
fn damaged_corpus_bytes_throw_load_errors() {
    for &(bytes, code) in BAD_CORPORA {
        let result = ClauseCite::new(Some(bytes.to_vec())).map(|_| JsValue::UNDEFINED);
        check_error(result, code, "corpus");
    }
}

#[wasm_bindgen_test]
fn the_default_corpus_bytes_load_when_passed_explicitly() {
    let handle = ClauseCite::new(Some(clause_cite::DEFAULT_CORPUS_BYTES.to_vec()))
        .unwrap_or_else(|_| panic!("the default corpus bytes load"));
    assert_eq!(handle.id(), "lac-2025");
}

/// Queries, the version whose snippet to check, and the text every highlight must cover (or,
/// for Chinese, cover part of) there.
const HIGHLIGHTED_SEARCHES: &[(&str, &str, &str)] = &[
    ("北斗", "zh", "北斗"),
    ("BeiDou", "en", "BeiDou"),
    ("人工智能", "zh", "人工智能"),
];

/// Search highlights are UTF-16 offsets: sliced with JavaScript's own string indexing, each
/// covers exactly the matched word, in Chinese (three UTF-8 bytes, one UTF-16 unit per
/// character) as in English.
#[wasm_bindgen_test]
fn search_highlights_are_utf16_offsets_into_the_snippet() {
    let corpus = open();
    for &(query, version, expected) in HIGHLIGHTED_SEARCHES {
        let hits: Array = parsed(corpus.search(query, 5, vec![], vec![], None))
            .unwrap_or_else(|_| panic!("the search for {query} runs"))
            .unchecked_into();
        assert!(hits.length() > 0, "the search for {query} finds clauses");
        let mut checked = 0;
        for hit in hits.iter() {
            let snippets = property(&hit, "snippets");
            let Ok(snippet) = Reflect::get(&snippets, &JsValue::from_str(version)) else {
                continue;
            };
            if snippet.is_undefined() {
                continue;
            }
            let text: js_sys::JsString = property(&snippet, "text").unchecked_into();
            let highlights: Array = property(&snippet, "highlights").unchecked_into();
            for highlight in highlights.iter() {
                let range: Array = highlight.unchecked_into();
                let start = range.get(0).as_f64().unwrap_or(-1.0) as u32;
                let end = range.get(1).as_f64().unwrap_or(-1.0) as u32;
                let covered: String = text.substring(start, end).into();
                // A highlight may cover part of a Chinese query (a matched bigram), never more.
                assert!(
                    !covered.is_empty()
                        && (covered.eq_ignore_ascii_case(expected) || expected.contains(&covered)),
                    "highlight [{start}, {end}) of '{query}' covers '{covered}'"
                );
                checked += 1;
            }
        }
        assert!(
            checked > 0,
            "the search for {query} highlighted something in {version}"
        );
    }
}

/// Bad search options and the error code each must produce.
#[wasm_bindgen_test]
fn bad_search_options_throw_errors_with_codes() {
    let corpus = open();
    let table: &[(u32, Vec<String>, Option<String>, &str)] = &[
        (0, vec![], None, "bad-limit"),
        (1001, vec![], None, "bad-limit"),
        (10, vec!["fr".to_string()], None, "unknown-version"),
        (
            10,
            vec![],
            Some("no_such_clause".to_string()),
            "unknown-within",
        ),
    ];
    for (limit, versions, within, code) in table {
        let result =
            parsed(corpus.search("BeiDou", *limit, versions.clone(), vec![], within.clone()));
        check_error(result, code, "");
    }
}

/// Running text (with characters outside the Basic Multilingual Plane before and between the
/// citations), and the citation text each found span must slice out with JavaScript's UTF-16
/// string indexing.
const RUNNING_TEXTS: &[(&str, &[&str])] = &[
    (
        "😀 As the paper says (Development Program (9) ¶3), and 发展工程(十)第2段 agrees.",
        &["Development Program (9) ¶3", "发展工程(十)第2段"],
    ),
    (
        "𠀀𠀁 Part I 🇨🇳 and policy-paper__preface__para_3.",
        &["Part I", "policy-paper__preface__para_3"],
    ),
    ("No citation here 😀, only text.", &[]),
];

#[wasm_bindgen_test]
fn found_citations_have_utf16_spans_on_non_bmp_text() {
    let corpus = open();
    for &(text, expected) in RUNNING_TEXTS {
        let found: Array = parsed(Ok(corpus.find_citations(text)))
            .unwrap_or_else(|_| panic!("findCitations runs"))
            .unchecked_into();
        let javascript_text = js_sys::JsString::from(text);
        let sliced: Vec<String> = found
            .iter()
            .map(|citation| {
                let start = property(&citation, "start").as_f64().unwrap_or(-1.0) as u32;
                let end = property(&citation, "end").as_f64().unwrap_or(-1.0) as u32;
                let covered: String = javascript_text.substring(start, end).into();
                assert_eq!(covered, string_property(&citation, "text"));
                covered
            })
            .collect();
        assert_eq!(sliced, expected, "citations found in {text}");
    }
}

/// Citation errors cross with their code and the citation module's suggestions.
#[wasm_bindgen_test]
fn citation_errors_carry_codes_and_suggestions() {
    let corpus = open();
    let error = check_error(
        parsed(corpus.lookup("Development Program (18)")),
        "out-of-range",
        "(18)",
    );
    let suggestions: Array = property(&error, "suggestions").unchecked_into();
    assert!(
        suggestions.length() > 0,
        "an out-of-range section suggests the valid range"
    );
    let error = check_error(
        corpus
            .cite("policy-paper__pt_1", Some("harvard".to_string()), None)
            .map(JsValue::from),
        "unknown-style",
        "harvard",
    );
    let suggestions: Array = property(&error, "suggestions").unchecked_into();
    assert!(suggestions
        .iter()
        .any(|style| style.as_string().as_deref() == Some("chicago")));
}

/// Styles and a fragment each formatted citation of Development Program (9) ¶3 must contain.
const CITED: &[(&str, &str)] = &[
    ("chicago", "Development Program (9) ¶3"),
    ("short-zh", "发展工程(九)第3段"),
    ("permalink", "policy-paper__pt_3__prog_2__sec_9__para_3"),
];

#[wasm_bindgen_test]
fn cite_formats_in_each_style() {
    let corpus = open();
    for &(style, fragment) in CITED {
        let text = corpus
            .cite("Development Program (9) ¶3", Some(style.to_string()), None)
            .unwrap_or_else(|_| panic!("cite in {style} works"));
        assert!(text.contains(fragment), "{style}: {text}");
    }
}
