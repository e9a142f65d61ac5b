//! The bindings as JavaScript sees them, run in headless Chromium by wasm-bindgen-test-runner
//! (`cargo test -p clause-cite-web --target wasm32-unknown-unknown --test wasm`, see
//! scripts/test.mjs). Results are plain JavaScript objects made by serde-wasm-bindgen; errors
//! are `Error` objects with a stable `code` and `suggestions`. Tables of inputs and expected
//! results, each run by one check.
#![cfg(target_arch = "wasm32")]

use clause_cite_web::ClauseCite;
use js_sys::{Array, Error, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Reads `object[key]`, failing the test with the key's name when it is missing.
fn property(object: &JsValue, key: &str) -> JsValue {
    match Reflect::get(object, &JsValue::from_str(key)) {
        Ok(value) if !value.is_undefined() => value,
        _ => panic!("the JavaScript value {} has no property '{key}'", describe(object)),
    }
}

fn string_property(object: &JsValue, key: &str) -> String {
    property(object, key).as_string().unwrap_or_else(|| panic!("property '{key}' is not a string"))
}

fn describe(value: &JsValue) -> String {
    JSON::stringify(value).ok().and_then(|text| text.as_string()).unwrap_or_else(|| format!("{value:?}"))
}

/// A JavaScript object from JSON text, for option objects.
fn object(json: &str) -> JsValue {
    JSON::parse(json).unwrap_or_else(|_| panic!("test JSON: {json}"))
}

fn open() -> ClauseCite {
    ClauseCite::new(None).unwrap_or_else(|_| panic!("the embedded corpus must load"))
}

/// Checks that `result` is an error: a JavaScript `Error` with `code`, a message containing
/// `message_part`, and an array of suggestions.
fn check_error(result: Result<JsValue, JsValue>, code: &str, message_part: &str) -> JsValue {
    let error = match result {
        Ok(value) => panic!("expected an error with code '{code}', got {}", describe(&value)),
        Err(error) => error,
    };
    assert!(error.is_instance_of::<Error>(), "the thrown value is a JavaScript Error");
    let message: String = error.unchecked_ref::<Error>().message().into();
    assert!(message.contains(message_part), "the message '{message}' mentions '{message_part}'");
    assert_eq!(string_property(&error, "code"), code, "{message}");
    assert!(Array::is_array(&property(&error, "suggestions")), "suggestions is an array");
    error
}

#[wasm_bindgen_test]
fn lookup_returns_plain_objects_keyed_by_version() {
    let corpus = open();
    for (reference, id) in [
        ("policy-paper__pt_3__prog_2__sec_9__para_3", "policy-paper__pt_3__prog_2__sec_9__para_3"),
        // An id published by the first release resolves to the clause it named.
        ("pt_3__prog_2__sec_9__para_3", "policy-paper__pt_3__prog_2__sec_9__para_3"),
        ("发展工程（十）第2段", "policy-paper__pt_3__prog_2__sec_10__para_2"),
    ] {
        let clause = corpus.lookup(JsValue::from_str(reference)).unwrap_or_else(|error| panic!("{reference}: {}", describe(&error)));
        assert_eq!(string_property(&clause, "id"), id, "{reference}");
        let texts = property(&clause, "texts");
        // Maps cross as plain objects, not Map, so `texts.en` works in JavaScript.
        assert!(texts.is_object() && !texts.is_instance_of::<js_sys::Map>(), "texts is a plain object");
        assert!(string_property(&texts, "en").len() > 20);
        assert!(Array::is_array(&property(&property(&clause, "sentence_ranges"), "en")));
    }
}

#[wasm_bindgen_test]
fn bad_arguments_throw_errors_with_codes() {
    let corpus = open();
    let rows: [(Result<JsValue, JsValue>, &str, &str); 9] = [
        (corpus.lookup(JsValue::from_str("Development Program (18)")), "out-of-range", "no section (18)"),
        (corpus.lookup(JsValue::from_f64(3.0)), "invalid-argument", "must be a string"),
        (corpus.lookup(JsValue::NULL), "invalid-argument", "got null"),
        (corpus.document(JsValue::from_str("policy"), JsValue::UNDEFINED), "unknown-document", "policy-paper"),
        (corpus.search(JsValue::from_str("BeiDou"), object(r#"{"limit": 0}"#)), "bad-limit", "it was 0"),
        (corpus.search(JsValue::from_str("BeiDou"), object(r#"{"limit": 1.5}"#)), "bad-limit", "a fraction"),
        (corpus.search(JsValue::from_str("BeiDou"), object(r#"{"versions": 3}"#)), "invalid-argument", "array of strings"),
        (corpus.search(JsValue::from_str("BeiDou"), object(r#"{"colour": "red"}"#)), "invalid-argument", "colour"),
        (corpus.card(JsValue::from_str("Preface ¶3"), object(r#"{"quote": 7}"#)), "invalid-argument", "card options"),
    ];
    for (result, code, part) in rows {
        check_error(result, code, part);
    }
}

#[wasm_bindgen_test]
fn unknown_document_suggests_the_known_ids() {
    let corpus = open();
    let error = check_error(corpus.document(JsValue::from_str("policy"), JsValue::UNDEFINED), "unknown-document", "No document");
    let suggestions: Vec<String> = Array::from(&property(&error, "suggestions")).iter().filter_map(|value| value.as_string()).collect();
    assert_eq!(suggestions, ["policy-paper", "commentary", "blog-intro"]);
}

#[wasm_bindgen_test]
fn damaged_corpus_bytes_are_refused_with_codes() {
    let good = clause_cite_default_corpus::BYTES.to_vec();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let rows: [(Vec<u8>, &str); 4] = [
        (Vec::new(), "not-a-corpus"),
        (b"not a corpus at all".to_vec(), "not-a-corpus"),
        (good[..good.len() - 9].to_vec(), "truncated-corpus"),
        (flipped, "checksum-mismatch"),
    ];
    for (bytes, code) in rows {
        let length = bytes.len();
        let result = ClauseCite::new(Some(bytes)).map(|_| JsValue::UNDEFINED);
        let error = result.expect_err(&format!("{length} damaged bytes must not load"));
        assert_eq!(string_property(&error, "code"), code, "{length} bytes: {}", describe(&error));
    }
    assert!(ClauseCite::new(Some(good)).is_ok(), "the default corpus's bytes load when passed explicitly");
}

#[wasm_bindgen_test]
fn search_highlights_are_utf16_offsets_into_the_snippet() {
    let corpus = open();
    for (query, version) in [("北斗", "zh"), ("BeiDou", "en")] {
        let hits = Array::from(&corpus.search(JsValue::from_str(query), object(r#"{"limit": 3}"#)).unwrap());
        assert!(hits.length() > 0, "{query} finds something");
        let snippet = property(&property(&hits.get(0), "snippets"), version);
        let text = string_property(&snippet, "text");
        let units: Vec<u16> = text.encode_utf16().collect();
        for range in Array::from(&property(&snippet, "highlights")).iter() {
            let range = Array::from(&range);
            let (start, end) = (range.get(0).as_f64().unwrap() as usize, range.get(1).as_f64().unwrap() as usize);
            let marked = String::from_utf16_lossy(&units[start..end]).to_lowercase();
            assert!(marked.contains(&query.to_lowercase()), "{query}: highlight {start}..{end} is {marked:?}");
        }
        assert!(string_property(&snippet, "lang").starts_with(&version[..2]), "snippets carry their language");
    }
}

#[wasm_bindgen_test]
fn found_citations_have_utf16_spans_on_non_bmp_text() {
    let corpus = open();
    // Emoji are two UTF-16 units each: offsets must count them so.
    let text = "😀😀 see Development Program (9)–(10) and 发展工程（十）第2段 🎉";
    let found = Array::from(&corpus.find_citations(JsValue::from_str(text)).unwrap());
    assert_eq!(found.length(), 2);
    let units: Vec<u16> = text.encode_utf16().collect();
    let expected = [("Development Program (9)–(10)", Some("policy-paper__pt_3__prog_2__sec_10")), ("发展工程（十）第2段", None)];
    for (index, (written, end)) in expected.iter().enumerate() {
        let citation = found.get(index as u32);
        let (start, stop) = (property(&citation, "start").as_f64().unwrap() as usize, property(&citation, "end").as_f64().unwrap() as usize);
        assert_eq!(String::from_utf16_lossy(&units[start..stop]), *written);
        let end_id = Reflect::get(&citation, &JsValue::from_str("end_id")).unwrap().as_string();
        assert_eq!(end_id.as_deref(), *end, "{written}: the range's end");
        // The reference reads back to the whole citation.
        let reference = string_property(&citation, "reference");
        let clause = corpus.lookup(JsValue::from_str(&reference)).unwrap();
        assert_eq!(string_property(&clause, "id"), string_property(&citation, "id"));
    }
}

#[wasm_bindgen_test]
fn cite_formats_every_style_and_marks_the_title() {
    let corpus = open();
    let styles = corpus.styles().unwrap();
    let all: Vec<String> = Array::from(&property(&styles, "all")).iter().filter_map(|value| value.as_string()).collect();
    assert!(all.len() >= 10 && all.contains(&"gbt7714".to_string()));
    for style in &all {
        let options = object(&format!(r#"{{"style": "{style}"}}"#));
        let text = corpus.cite(JsValue::from_str("Preface ¶3"), options).unwrap_or_else(|error| panic!("{style}: {}", describe(&error)));
        assert!(!text.is_empty(), "{style}");
    }
    let formatted = corpus.cite_formatted(JsValue::from_str("Preface ¶3"), object(r#"{"style": "chicago"}"#)).unwrap();
    let text = string_property(&formatted, "text");
    let emphasis = Array::from(&property(&formatted, "emphasis"));
    let units: Vec<u16> = text.encode_utf16().collect();
    let italic = String::from_utf16_lossy(&units[emphasis.get(0).as_f64().unwrap() as usize..emphasis.get(1).as_f64().unwrap() as usize]);
    assert_eq!(italic, "China's Policy Paper on Latin America and the Caribbean");
    let bibtex = corpus.cite_formatted(JsValue::from_str("Preface ¶3"), object(r#"{"style": "bibtex"}"#)).unwrap();
    assert!(property_or_null(&bibtex, "emphasis").is_null(), "BibTeX sets no italics");
    check_error(corpus.cite(JsValue::from_str("Preface ¶3"), object(r#"{"style": "harvard"}"#)).map(JsValue::from), "unknown-style", "harvard");
}

fn property_or_null(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen_test]
fn the_card_is_the_cores_view() {
    let corpus = open();
    // (reference, options, shown, first version's sentences, quote status)
    let rows = [
        ("Preface ¶3", "{}", "zh en", None, None),
        ("Preface ¶3, sentence 2", r#"{"versions": "en-blog"}"#, "en-blog", Some((2, 2)), None),
        ("Preface ¶3", r#"{"quote": "In recent years, Chinese President Xi Jinping has put forth a series"}"#, "zh en", Some((2, 2)), Some("differs")),
        ("Preface ¶3", r#"{"language": "zh", "languageFirst": true}"#, "zh en", None, None),
        ("Preface ¶3", r#"{"language": "en", "languageFirst": true}"#, "en zh", None, None),
    ];
    for (reference, options, shown, sentences, quote) in rows {
        let card = corpus.card(JsValue::from_str(reference), object(options)).unwrap_or_else(|error| panic!("{reference}: {}", describe(&error)));
        let got: Vec<String> = Array::from(&property(&card, "shown")).iter().filter_map(|value| value.as_string()).collect();
        assert_eq!(got.join(" "), shown, "{reference} {options}");
        let first = Array::from(&property(&card, "versions")).get(0);
        let range = property_or_null(&first, "sentences");
        let got_sentences = (!range.is_null()).then(|| {
            let range = Array::from(&range);
            (range.get(0).as_f64().unwrap() as u16, range.get(1).as_f64().unwrap() as u16)
        });
        assert_eq!(got_sentences, sentences, "{reference} {options}: sentences");
        let check = property_or_null(&card, "quote");
        let status = (!check.is_null()).then(|| string_property(&check, "status"));
        assert_eq!(status.as_deref(), quote, "{reference} {options}: quote");
        // The card's reference reads back to its clause.
        let back = corpus.lookup(property(&card, "reference")).unwrap();
        assert_eq!(string_property(&back, "id"), string_property(&card, "id"));
    }
}

#[wasm_bindgen_test]
fn reference_forms_read_back_to_the_selection() {
    let corpus = open();
    let rows = [
        (r#"{"id": "policy-paper__preface__para_3"}"#, "Preface ¶3"),
        (r#"{"id": "policy-paper__preface__para_2", "end": "policy-paper__preface__para_3"}"#, "Preface ¶2–3"),
        (r#"{"id": "policy-paper__preface__para_3", "sentences": 2, "version": "en"}"#, "Preface ¶3 s2"),
        (r#"{"id": "policy-paper__pt_3__prog_2__sec_10__para_2", "version": "zh"}"#, "发展工程(十)第2段"),
    ];
    for (parts, human) in rows {
        let forms = corpus.reference(object(parts)).unwrap_or_else(|error| panic!("{parts}: {}", describe(&error)));
        assert_eq!(string_property(&forms, "human"), human, "{parts}");
        let clause = corpus.lookup(property(&forms, "reference")).unwrap();
        assert_eq!(string_property(&clause, "id"), string_property(&object(parts), "id"));
    }
    check_error(corpus.reference(object(r#"{"id": "policy-paper__preface__para_3", "sentences": 9}"#)), "inconsistent-citation", "has 3");
    check_error(corpus.reference(object(r#"{"end": "x"}"#)), "invalid-argument", "needs the id");
}

#[wasm_bindgen_test]
fn errors_are_the_registered_class_when_there_is_one() {
    // The package's JavaScript registers ClauseCiteError under a global symbol; the bindings
    // construct it. Without it they make a plain Error named ClauseCiteError.
    let plain = open().lookup(JsValue::from_str("nowhere at all")).unwrap_err();
    assert_eq!(string_property(&plain, "name"), "ClauseCiteError");
    let class = js_sys::Function::new_with_args(
        "code, message, suggestions",
        "const error = new Error(message); error.code = code; error.suggestions = suggestions; error.registered = true; return error;",
    );
    let key = js_sys::Symbol::for_("clause-cite.ClauseCiteError");
    Reflect::set(&js_sys::global(), &key, &class).unwrap();
    let registered = open().lookup(JsValue::from_str("nowhere at all")).unwrap_err();
    Reflect::delete_property(&js_sys::global(), &key).unwrap();
    assert_eq!(property(&registered, "registered").as_bool(), Some(true));
    assert_eq!(string_property(&registered, "code"), "unknown-citation");
}
