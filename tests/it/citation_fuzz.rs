//! Fuzzing the citation parser and finder with proptest: arbitrary Unicode, control characters,
//! citation fragments glued at random, and inputs of a megabyte. Nothing may panic, every error
//! must carry a documented code, every found span must select its text, and the finder's cost
//! must grow linearly with the input. The number of executions is printed (run with
//! `--nocapture` to see it).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

use crate::corpus;
use clause_cite::{find_citations, format, ErrorCode, NameTables, Resolver, Style, MAX_CITATION_CHARS};
use proptest::prelude::*;

static EXECUTIONS: AtomicUsize = AtomicUsize::new(0);

/// The default corpus's name tables, built once for every case.
fn tables() -> &'static NameTables {
    static TABLES: OnceLock<NameTables> = OnceLock::new();
    TABLES.get_or_init(|| NameTables::new(corpus()))
}

/// Pieces of real citations and of the punctuation around them, to glue together.
const FRAGMENTS: &[&str] = &[
    "Development Program",
    "Development Projects",
    "(9)",
    "(IX)",
    "（九）",
    "(F)",
    "(Seventeen)",
    "¶",
    "¶3",
    "para.",
    "paragraph",
    "s2",
    "sentence",
    "–",
    "-",
    "—",
    "第",
    "段",
    "句",
    "部分",
    "项",
    "二、",
    "发展工程",
    "和平工程",
    "Part",
    "III",
    "Preface",
    "前言",
    "Commentary",
    "评论",
    "Tax Cooperation",
    "税收合作",
    "policy-paper__pt_3__prog_2__sec_9",
    "__sent_",
    "#",
    "..",
    "(official translation)",
    "[en-blog]",
    "China's Policy Paper on Latin America and the Caribbean",
    "《",
    "》",
    "“",
    "\"",
    ",",
    ".",
    " ",
    "\u{3000}",
    "\u{0}",
    "\u{7}",
    "\n",
    "\t",
    "\u{200B}",
    "\u{FEFF}",
    "\u{202E}",
    "𠀋",
    "😀",
    "Ｐａｒｔ",
    "(",
    ")",
    "((",
    "))",
    "9",
    "99999",
    "十七",
    "零",
    "两",
    "I",
    "XVIII",
    "to",
    "至",
];

fn check_resolve(resolver: &Resolver, input: &str) {
    EXECUTIONS.fetch_add(1, Ordering::Relaxed);
    match resolver.resolve(input) {
        Ok(citation) => {
            // Whatever resolves can be written in every style without failing.
            for style in [Style::Short, Style::ShortZh, Style::Permalink, Style::Chicago, Style::CslJson] {
                format(corpus(), &citation, style, None).expect("a resolved citation formats");
            }
        }
        Err(error) => {
            assert!(ErrorCode::ALL.contains(&error.code()), "undocumented code {:?}", error.code());
            assert!(!error.message().is_empty());
            if input.chars().count() > MAX_CITATION_CHARS {
                assert_eq!(error.code(), ErrorCode::TooLong);
            }
        }
    }
}

fn check_find(input: &str) {
    EXECUTIONS.fetch_add(1, Ordering::Relaxed);
    let units: Vec<u16> = input.encode_utf16().collect();
    let mut previous_end = 0;
    for found in find_citations(corpus(), input) {
        assert!(found.start_utf16 < found.end_utf16 && found.end_utf16 as usize <= units.len());
        assert!(found.start_utf16 >= previous_end, "found citations overlap");
        previous_end = found.end_utf16;
        let span = String::from_utf16(&units[found.start_utf16 as usize..found.end_utf16 as usize]).unwrap();
        assert_eq!(span, found.text);
    }
}

fn glued() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_panics(input in any::<String>()) {
        let resolver = Resolver::new(corpus(), tables());
        check_resolve(&resolver, &input);
        check_find(&input);
    }

    #[test]
    fn glued_citation_fragments_never_panic(input in glued()) {
        let resolver = Resolver::new(corpus(), tables());
        check_resolve(&resolver, &input);
        check_find(&input);
    }

    #[test]
    fn control_characters_never_panic(input in "[\\x00-\\x1f\\x7f-\\u{9f}\\u{2028}\\u{2029}¶()（）第段a-z0-9 ]{0,64}") {
        let resolver = Resolver::new(corpus(), tables());
        check_resolve(&resolver, &input);
        check_find(&input);
    }
}

/// A megabyte of text made by repeating `unit`.
fn megabyte(unit: &str) -> String {
    let mut text = String::with_capacity(1 << 20);
    while text.len() + unit.len() <= 1 << 20 {
        text.push_str(unit);
    }
    text
}

#[test]
fn megabyte_inputs_are_refused_or_scanned_without_panicking() {
    let resolver = Resolver::new(corpus(), tables());
    for unit in
        ["Development Program (9) ¶3 ", "(((((", "第第第", "Part Part ", "a__", "9", "¶", "发展工程（九）第3段，", "Development Program Development Program "]
    {
        let text = megabyte(unit);
        assert_eq!(resolver.resolve(&text).unwrap_err().code().as_str(), "too-long");
        check_find(&text);
    }
}

/// Median of three runs of `find_citations` over `text`, in seconds.
fn find_seconds(text: &str) -> f64 {
    let mut runs: Vec<f64> = (0..3)
        .map(|_| {
            let start = Instant::now();
            let found = find_citations(corpus(), text);
            std::hint::black_box(found);
            start.elapsed().as_secs_f64()
        })
        .collect();
    runs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    runs[1]
}

#[test]
fn finding_is_linear_in_the_text_length() {
    let paragraph =
        "As Development Program (9) ¶3 says, and as Part III 2(9) para 3 repeats, 中拉应依照发展工程（九）第3段加强合作; the Peace Program (1) is ambitious. ";
    let quarter = megabyte(paragraph);
    let quarter = &quarter[..quarter.len() / 4];
    let whole = megabyte(paragraph);
    let count_quarter = find_citations(corpus(), quarter).len();
    let count_whole = find_citations(corpus(), &whole).len();
    // Every repetition holds four citations.
    assert!(count_quarter > 1000 && count_whole >= 4 * count_quarter - 8, "{count_quarter} {count_whole}");
    let (small, large) = (find_seconds(quarter), find_seconds(&whole));
    println!(
        "find_citations: {} bytes in {small:.3}s, {} bytes in {large:.3}s, ratio {:.2} (4.00 is linear); {count_whole} citations",
        quarter.len(),
        whole.len(),
        large / small
    );
    // Four times the text must not cost sixteen times (quadratic); allow noise on a shared machine.
    assert!(large / small < 9.0, "ratio {}", large / small);
}

#[test]
fn zz_report_executions() {
    // Runs last by name within this binary's sorted order only when single-threaded; the count
    // printed is a lower bound of the executions so far.
    println!("fuzz executions so far: {}", EXECUTIONS.load(Ordering::Relaxed));
}
