//! The citation grammar. A citation is a sequence of components, each of which narrows the
//! place cited: a document name, a division by its noun and number (`Part III`, `第十条`,
//! `Article 10`, `Chapter II`), an enumerated unit by its number (`2.`, `二、`), a bracketed
//! label (`(9)`, `（九）`, `(F)`), a unit by its title, a paragraph (or a range of them), a
//! sentence (or a range of them), and a version in brackets. Components may come with or
//! without spaces and with any punctuation between them. Each must lie inside the place the
//! previous ones named; a contradiction is an error, never a guess.
//!
//! Which levels exist, their nouns and their labels are the document's (see [`crate::model`]);
//! the words of citing are the grammar here.
//!
//! The cost is bounded: the input is at most [`MAX_CITATION_CHARS`] characters, it is read in
//! one pass of at most a dozen components, and "did you mean" re-reads each of a bounded number
//! of corrected candidates without asking for suggestions again.

use super::names::{clause_name, document_name, role_words, Language};
use super::tables::{Phrase, Resolver, Target};
use super::tokens::{phrase_words, tokenize, words_in, TokenKind, Tokens};
use super::Citation;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Document, Kind, LabelForm, Level, NumberStyle};
use crate::numbers::{parse_any, parse_arabic, parse_chinese, parse_english_word, parse_roman, to_roman};

/// The longest citation [`Resolver::resolve`] reads, in characters.
pub const MAX_CITATION_CHARS: usize = 1000;

/// The most components one citation may have.
const MAX_COMPONENTS: usize = 12;

/// The most corrected names "did you mean" tries.
const MAX_CORRECTIONS: usize = 48;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// The whole input must be one citation.
    Whole,
    /// The whole input must be one citation; an error needs no suggestions (the parser is
    /// checking a correction it made itself).
    Checking,
    /// The citation is part of running text: stop at the first word that is not part of it.
    RunningText,
}

/// A citation read from tokens, with where it ended.
pub(crate) struct Reading {
    pub citation: Citation,
    /// The token the first component starts at.
    pub start: usize,
    pub end: usize,
    /// True when the citation has a number in it or is a canonical id: names alone are not
    /// linked in running text.
    pub numbered: bool,
}

#[derive(Default)]
struct State {
    document: Option<u16>,
    focus: Option<u32>,
    focus_end: Option<u32>,
    paragraph: Option<u32>,
    paragraph_end: Option<u32>,
    sentences: Option<(u32, u32)>,
    /// The version named in brackets ("(official translation)").
    explicit_version: Option<u16>,
    /// The version whose names or labels the citation used.
    hint: Option<u16>,
    english: bool,
    chinese: bool,
    numbered: bool,
    from_id: bool,
}

/// The keywords that start a component, after which a full stop may follow ("para. 3").
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Paragraph,
    Sentence,
    /// A division by its noun, canonical English: part, chapter, section, article, book, item.
    Division(&'static str),
}

fn keyword(word: &str) -> Option<Keyword> {
    Some(match word {
        "para" | "paras" | "paragraph" | "paragraphs" | "par" | "pars" => Keyword::Paragraph,
        "s" | "sent" | "sentence" | "sentences" => Keyword::Sentence,
        "part" | "pt" | "parts" => Keyword::Division("part"),
        "section" | "sec" | "sections" => Keyword::Division("section"),
        "chapter" | "ch" | "chap" | "chapters" => Keyword::Division("chapter"),
        "article" | "art" | "arts" | "articles" => Keyword::Division("article"),
        "book" | "books" => Keyword::Division("book"),
        "item" | "items" => Keyword::Division("item"),
        _ => return None,
    })
}

/// The Chinese nouns that, after 第 and a number, name a division in the corresponding English.
fn english_noun(chinese: &str) -> Option<&'static str> {
    Some(match chinese {
        "部分" => "part",
        "编" => "book",
        "章" => "chapter",
        "节" => "section",
        "条" => "article",
        "项" => "item",
        _ => return None,
    })
}

enum Step {
    /// The component ended at this token index.
    Read(usize),
    /// No component starts here.
    NotHere,
}

fn is_numeral_han(text: &str) -> bool {
    matches!(text, "零" | "〇" | "一" | "二" | "三" | "四" | "五" | "六" | "七" | "八" | "九" | "十" | "百" | "千" | "万" | "两")
}

/// How a number was written, to tell which version's scheme it follows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Written {
    Arabic,
    Roman,
    Word,
    Chinese,
}

/// Reads a number at `at` in any style: `9`, `IX`, `nine`, `九`. Returns the value, the style
/// and the index after it.
fn read_number(tokens: &Tokens, at: usize) -> Option<(u32, Written, usize)> {
    match tokens.kind(at)? {
        TokenKind::Number => parse_arabic(tokens.text(at)).map(|value| (value, Written::Arabic, at + 1)),
        TokenKind::Word => {
            let text = tokens.text(at);
            if let Some(value) = parse_roman(text) {
                return Some((value, Written::Roman, at + 1));
            }
            parse_english_word(text).map(|value| (value, Written::Word, at + 1))
        }
        TokenKind::Han => {
            let mut end = at;
            let mut numeral = String::new();
            while end < at + 16 && is_numeral_han(tokens.text(end)) && tokens.is(end, TokenKind::Han) {
                numeral.push_str(match tokens.text(end) {
                    "两" => "二",
                    "〇" => "零",
                    other => other,
                });
                end += 1;
            }
            parse_chinese(&numeral).map(|value| (value, Written::Chinese, end))
        }
        _ => None,
    }
}

/// A label as typed: its spelling (lower case, no brackets) and its value.
struct Label {
    raw: String,
    value: Option<u32>,
    chinese: bool,
}

fn label_of_text(text: &str) -> Label {
    let raw: String = phrase_words(text).concat();
    let value = parse_any(&raw).map(|(value, _)| value);
    let chinese = raw.chars().any(crate::text::is_cjk);
    Label { raw, value, chinese }
}

fn same_label(typed: &Label, written: &Label) -> (bool, bool) {
    let exact = !typed.raw.is_empty() && typed.raw == written.raw;
    let by_value = typed.value.is_some() && typed.value == written.value;
    (exact, by_value)
}

fn error(code: ErrorCode, message: impl Into<String>) -> Error {
    Error::new(code, message)
}

/// True for a level whose labels some version writes in brackets: `(9)`, `（九）`.
fn is_bracketed(level: &Level) -> bool {
    level.names.iter().flatten().any(|name| name.form == LabelForm::Bracketed)
}

/// True for a level whose labels some version writes as `2.` or `二、`.
fn is_enumerated(level: &Level) -> bool {
    level.names.iter().flatten().any(|name| matches!(name.form, LabelForm::Enumeration | LabelForm::Dotted))
}

/// True for a level whose noun (in any version) is `noun` (English, lower case) or the Chinese
/// noun that corresponds to it.
fn has_noun(level: &Level, noun: &str) -> bool {
    level.names.iter().flatten().any(|name| {
        name.noun.as_deref().is_some_and(|written| {
            let lower = written.to_ascii_lowercase();
            lower == noun || english_noun(written) == Some(noun)
        })
    })
}

/// True for a clause at the level of articles, whose paragraphs "(2)" may name.
fn is_article(document: &Document, clause: u32) -> bool {
    document.clauses.get(clause as usize).and_then(|clause| document.level_of(clause)).is_some_and(|level| has_noun(level, "article"))
}

/// A document's title heading (the first heading of a document with no numbered ones).
fn is_title_heading(document: &Document, clause: u32) -> bool {
    document
        .clauses
        .get(clause as usize)
        .is_some_and(|clause| clause.kind == Kind::Heading && clause.level.is_none() && super::names::last_segment(&clause.id) == "title")
}

impl Resolver<'_> {
    /// Reads one citation; the whole input must be a citation.
    pub fn resolve(&self, input: &str) -> Result<Citation> {
        self.resolve_in(input, Mode::Whole)
    }

    fn resolve_in(&self, input: &str, mode: Mode) -> Result<Citation> {
        if input.chars().nth(MAX_CITATION_CHARS).is_some() {
            return Err(error(
                ErrorCode::TooLong,
                format!(
                    "A citation is at most {MAX_CITATION_CHARS} characters long; this one is longer. Cite one clause, such as \"Development Program (9) ¶3\"."
                ),
            ));
        }
        let tokens = tokenize(input);
        let first =
            (0..tokens.len()).find(|&index| !matches!(tokens.kind(index), Some(TokenKind::Comma | TokenKind::Period | TokenKind::Quote | TokenKind::Hash)));
        let Some(first) = first else {
            return Err(error(
                ErrorCode::EmptyCitation,
                "The citation is empty. Write a clause such as \"Preface ¶3\", \"Development Program (9)\", \"发展工程（九）第3段\" or an id such as \"policy-paper__pt_3__prog_2__sec_9\".",
            )
            .with_suggestions(vec!["Preface ¶3".into(), "Development Program (9)".into(), "发展工程（九）第3段".into()]));
        };
        let bare = input.trim().trim_start_matches('#');
        if tokens.is(first, TokenKind::Id) || bare.contains('_') || self.tables.is_exact_id(bare) {
            if let Some(result) = self.resolve_id(bare) {
                return result;
            }
        }
        let reading = self.read(&tokens, first, mode, input)?;
        Ok(reading.citation)
    }

    /// Reads a canonical id with an optional sentence selector and version: `…__para_3`,
    /// `…__para_3__sent_2`, `…__para_3__sent_2-3__en`, and a range of sibling clauses
    /// `a..b`. Returns `None` when the input is not in that form, so the grammar reads it.
    fn resolve_id(&self, input: &str) -> Option<Result<Citation>> {
        let input = input.trim();
        if input.is_empty() || !input.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.')) {
            return None;
        }
        let lower = input.to_ascii_lowercase();
        let (first, last) = match lower.split_once("..") {
            Some((first, last)) => (first, Some(last)),
            None => (lower.as_str(), None),
        };
        let (clause_id, rest) = match first.split_once("__sent_") {
            Some((clause_id, rest)) => (clause_id, Some(rest)),
            None => (first, None),
        };
        let Some(found) = self.tables.find_id(clause_id) else {
            let mut suggestions = Vec::new();
            // The longest id that is a prefix of the one typed is the nearest real clause.
            let mut prefix = clause_id;
            while let Some((head, _)) = prefix.rsplit_once("__") {
                if let Some(found) = self.tables.find_id(head) {
                    suggestions.push(self.corpus.documents[found.0 as usize].clauses[found.1 as usize].id.clone());
                    break;
                }
                prefix = head;
            }
            return Some(Err(error(
                ErrorCode::UnknownCitation,
                format!("No clause has the id \"{clause_id}\". Ids look like \"policy-paper__preface__para_3\": the document, then the place."),
            )
            .with_suggestions(suggestions)));
        };
        let (document_index, clause) = found;
        let document = &self.corpus.documents[document_index as usize];
        let mut citation = Citation { document: document_index, clause, end_clause: None, sentences: None, version_hint: None };
        if let Some(last) = last {
            let Some((end_document, end)) = self.tables.find_id(last) else {
                return Some(Err(error(ErrorCode::UnknownCitation, format!("No clause has the id \"{last}\" (the end of the range)."))));
            };
            let start_clause = &document.clauses[clause as usize];
            let end_clause = &document.clauses[end as usize];
            if end_document != document_index
                || end_clause.parent != start_clause.parent
                || end_clause.level != start_clause.level
                || end_clause.kind != start_clause.kind
                || end <= clause
            {
                return Some(Err(error(
                    ErrorCode::InvalidRange,
                    format!("A range must run forward between two clauses of the same kind in the same place; \"{clause_id}..{last}\" does not."),
                )));
            }
            citation.end_clause = Some(end);
        }
        if let Some(rest) = rest {
            let (numbers, version) = match rest.split_once("__") {
                Some((numbers, version)) => (numbers, Some(version)),
                None => (rest, None),
            };
            let (first_number, last_number) = numbers.split_once('-').unwrap_or((numbers, numbers));
            let (Some(first_number), Some(last_number)) = (parse_arabic(first_number), parse_arabic(last_number)) else {
                return Some(Err(error(
                    ErrorCode::MalformedCitation,
                    format!("\"__sent_{numbers}\" is not a sentence selector: write __sent_2 or __sent_2-3."),
                )));
            };
            let version = match version {
                None => 0u16,
                Some(version) => match document.version_index(version) {
                    Some(index) => index as u16,
                    None => return Some(Err(unknown_version(document, version))),
                },
            };
            citation.version_hint = Some(version);
            let mut state = State { sentences: Some((first_number, last_number)), document: Some(document_index), ..State::default() };
            if let Err(error) = self.check_sentences(document, clause, &mut state, version) {
                return Some(Err(error));
            }
            citation.sentences = Some((first_number as u16, last_number as u16));
        }
        Some(Ok(citation))
    }

    /// Reads a citation starting at token `start`.
    pub(crate) fn read(&self, tokens: &Tokens, start: usize, mode: Mode, source: &str) -> Result<Reading> {
        let mut state = State::default();
        let mut position = start;
        let mut good_end = start;
        let mut components = 0;
        let mut first_component = start;
        let running = mode == Mode::RunningText;
        loop {
            let mut next = position;
            let mut skipped = 0;
            while let Some(kind) = tokens.kind(next) {
                let separator = match kind {
                    TokenKind::Comma | TokenKind::Quote | TokenKind::Hash => true,
                    TokenKind::Period => true,
                    TokenKind::Other => !running,
                    _ => false,
                };
                if !separator || (running && skipped >= 2) {
                    break;
                }
                // In running text a sentence's full stop ends a citation.
                if running && kind == TokenKind::Period {
                    break;
                }
                next += 1;
                skipped += 1;
            }
            if next >= tokens.len() || components >= MAX_COMPONENTS {
                break;
            }
            if running && components == 0 && !self.may_start(tokens, next) {
                return Err(error(ErrorCode::UnknownCitation, ""));
            }
            match self.component(tokens, next, &mut state, mode) {
                Ok(Step::Read(end)) => {
                    if components == 0 {
                        first_component = next;
                    }
                    position = end;
                    good_end = end;
                    components += 1;
                }
                Ok(Step::NotHere) => {
                    if !running {
                        return Err(self.not_understood(tokens, next, components, source, mode));
                    }
                    break;
                }
                Err(error) => {
                    if !running || components == 0 {
                        return Err(error);
                    }
                    break;
                }
            }
        }
        if components == 0 {
            if running {
                return Err(error(ErrorCode::UnknownCitation, ""));
            }
            return Err(self.not_understood(tokens, start, 0, source, mode));
        }
        let citation = self.finish(&mut state)?;
        Ok(Reading { citation, start: first_component, end: good_end, numbered: state.numbered || state.from_id })
    }

    /// Whether a citation in running text may start at token `at`: a canonical id, a
    /// capitalised name or division noun, or a Chinese name or 第.
    fn may_start(&self, tokens: &Tokens, at: usize) -> bool {
        let Some(token) = tokens.list.get(at) else {
            return false;
        };
        let anchored = || self.tables.names.longest(tokens, at, true).is_some_and(|found| found.phrases.iter().any(|phrase| phrase.anchor));
        match token.kind {
            TokenKind::Id => true,
            TokenKind::Word => {
                if !token.capital {
                    return false;
                }
                matches!(keyword(tokens.text(at)), Some(Keyword::Division(_))) || anchored()
            }
            TokenKind::Han => tokens.text(at) == "第" || anchored(),
            _ => false,
        }
    }

    fn component(&self, tokens: &Tokens, at: usize, state: &mut State, mode: Mode) -> Result<Step> {
        let running = mode == Mode::RunningText;
        let Some(kind) = tokens.kind(at) else {
            return Ok(Step::NotHere);
        };
        match kind {
            TokenKind::Id => {
                let id = tokens.text(at);
                let Some((document, clause)) = self.tables.find_id(id) else {
                    return Err(error(ErrorCode::UnknownCitation, format!("No clause has the id \"{id}\".")));
                };
                state.from_id = true;
                self.apply_clause(state, document, clause, None)?;
                Ok(Step::Read(at + 1))
            }
            TokenKind::Open => {
                // A version in brackets: "(official translation)", "[en-blog]".
                if let Some(found) = self.tables.version_names.longest(tokens, at + 1, running) {
                    if tokens.is(found.end, TokenKind::Close) {
                        self.apply_version(state, &found.phrases[0].target)?;
                        return Ok(Step::Read(found.end + 1));
                    }
                }
                self.bracketed(tokens, at, state)
            }
            TokenKind::Pilcrow => {
                let mut after = at + 1;
                if tokens.is(after, TokenKind::Pilcrow) {
                    after += 1;
                }
                state.english = true;
                self.paragraph(tokens, after, state, None)
            }
            TokenKind::SectionSign => {
                let Some((value, _, end)) = read_number(tokens, at + 1) else {
                    return Ok(Step::NotHere);
                };
                self.division(tokens, at, end, state, "section", value)
            }
            TokenKind::Number => self.enumerated(tokens, at, state),
            TokenKind::Word => {
                let word = tokens.text(at);
                if let Some(keyword) = keyword(word) {
                    let mut after = at + 1;
                    if tokens.is(after, TokenKind::Period) {
                        after += 1;
                    }
                    if keyword == Keyword::Paragraph {
                        state.english = true;
                        return self.paragraph(tokens, after, state, None);
                    }
                    // "item (3)": the keyword and a bracketed label.
                    if keyword == Keyword::Division("item") && tokens.is(after, TokenKind::Open) {
                        return self.bracketed_as(tokens, after, state, true);
                    }
                    // The other keywords are read only with their number; without one the word
                    // may still start a name ("Part" alone is not a part).
                    if let Some((value, _, end)) = read_number(tokens, after) {
                        state.english = true;
                        return match keyword {
                            Keyword::Sentence => self.sentence(tokens, after, state, None),
                            Keyword::Division(noun) => self.division(tokens, at, end, state, noun, value),
                            Keyword::Paragraph => Ok(Step::NotHere),
                        };
                    }
                }
                if let Some(found) = self.tables.names.longest(tokens, at, running) {
                    state.english = true;
                    return self.named(tokens, at, found.end, &found.phrases, state, running);
                }
                if parse_roman(word).is_some() {
                    return self.enumerated(tokens, at, state);
                }
                Ok(Step::NotHere)
            }
            TokenKind::Han => {
                if tokens.text(at) == "第" {
                    return self.chinese_ordinal(tokens, at, state);
                }
                if let Some(found) = self.tables.names.longest(tokens, at, running) {
                    state.chinese = true;
                    return self.named(tokens, at, found.end, &found.phrases, state, running);
                }
                if is_numeral_han(tokens.text(at)) {
                    return self.enumerated(tokens, at, state);
                }
                Ok(Step::NotHere)
            }
            _ => Ok(Step::NotHere),
        }
    }

    /// The documents a component may refer to: the one already named, or all.
    fn scope(&self, state: &State) -> core::ops::Range<u16> {
        match state.document {
            Some(document) => document..document.saturating_add(1),
            None => 0..self.corpus.documents.len() as u16,
        }
    }

    /// The clauses among `places` whose number is `value`.
    fn numbered(&self, places: &[(u16, u32)], value: u32) -> Vec<(u16, u32)> {
        places.iter().copied().filter(|&(document, clause)| self.corpus.documents[document as usize].clauses[clause as usize].number == value).collect()
    }

    /// The names of `places` in the language and scheme the citation is written in.
    fn names_of(&self, state: &State, places: &[(u16, u32)]) -> Vec<String> {
        places.iter().map(|&(document, clause)| self.name(state, document, clause)).collect()
    }

    /// Narrows the focus to a unit read by its number, in the version whose label is spelled
    /// as typed between tokens `start` and `end`.
    fn apply_numbered(&self, tokens: &Tokens, start: usize, end: usize, state: &mut State, (document, clause): (u16, u32)) -> Result<()> {
        let typed = words_in(tokens, start, end);
        let version = label_version(&self.corpus.documents[document as usize], clause, &typed);
        state.numbered = true;
        self.apply_clause(state, document, clause, version)
    }

    /// The clauses of the levels `accept` takes that lie inside the current focus, in every
    /// document in scope.
    fn candidates(&self, state: &State, accept: &dyn Fn(&Level) -> bool) -> Vec<(u16, u32)> {
        let mut found = Vec::new();
        for document_index in self.scope(state) {
            let document = &self.corpus.documents[document_index as usize];
            let levels: Vec<bool> = document.levels.iter().map(accept).collect();
            for (index, clause) in document.clauses.iter().enumerate() {
                let Some(level) = clause.level else { continue };
                if !levels.get(level as usize).copied().unwrap_or(false) {
                    continue;
                }
                let inside = match state.focus {
                    Some(focus) => document.is_ancestor(focus, index as u32),
                    None => true,
                };
                if inside {
                    found.push((document_index, index as u32));
                }
            }
        }
        found
    }

    /// The name of a clause in the language and scheme the citation is written in.
    fn name(&self, state: &State, document: u16, clause: u32) -> String {
        let document_ref = &self.corpus.documents[document as usize];
        let version = self.naming_version(state, document_ref);
        clause_name(document_ref, clause as usize, version)
    }

    fn naming_version(&self, state: &State, document: &Document) -> Option<usize> {
        if let Some(hint) = state.explicit_version.or(state.hint) {
            return Some(hint as usize);
        }
        let language = if state.chinese && !state.english { Language::Chinese } else { Language::English };
        super::names::version_for(document, language)
    }

    fn apply_version(&self, state: &mut State, target: &Target) -> Result<()> {
        for document_index in self.scope(state) {
            let document = &self.corpus.documents[document_index as usize];
            let found = document.versions.iter().position(|version| match target {
                Target::Role(role) => version.role == *role,
                Target::VersionId(id) => version.id == *id,
                _ => false,
            });
            if let Some(found) = found {
                if state.document.is_some() {
                    state.explicit_version = Some(found as u16);
                    return Ok(());
                }
            }
        }
        if state.document.is_none() {
            return Err(error(ErrorCode::MalformedCitation, "Name the version after the clause, as in \"Development Program (9) ¶3 (official translation)\"."));
        }
        let document = &self.corpus.documents[state.document.unwrap_or(0) as usize];
        let wanted = match target {
            Target::Role(role) => role.as_str(),
            Target::VersionId(id) => id,
            _ => "",
        };
        Err(unknown_version(document, wanted))
    }

    /// Narrows the focus to a clause, checking it lies inside what was named before.
    fn apply_clause(&self, state: &mut State, document: u16, clause: u32, version: Option<u16>) -> Result<()> {
        if state.paragraph.is_some() || state.sentences.is_some() {
            return Err(error(
                ErrorCode::MalformedCitation,
                format!(
                    "\"{}\" comes after the paragraph or sentence: write the larger unit first, as in \"Development Program (9) ¶3\".",
                    self.name(state, document, clause)
                ),
            ));
        }
        if let Some(current) = state.document {
            if current != document {
                let named = &self.corpus.documents[current as usize];
                return Err(error(
                    ErrorCode::InconsistentCitation,
                    format!("\"{}\" is not in {}.", self.name(state, document, clause), document_name(named, Language::English)),
                ));
            }
        }
        let document_ref = &self.corpus.documents[document as usize];
        if let Some(focus) = state.focus {
            if focus != clause && (!document_ref.is_ancestor(focus, clause) || state.focus_end.is_some()) {
                let name = self.name(state, document, clause);
                return Err(error(ErrorCode::InconsistentCitation, format!("\"{name}\" is not part of \"{}\".", self.name(state, document, focus)))
                    .with_suggestions(vec![name]));
            }
        }
        state.document = Some(document);
        state.focus = Some(clause);
        if state.hint.is_none() {
            state.hint = version;
        }
        Ok(())
    }

    /// A division by its noun and number: "Part III", "Chapter 2", "Article 10", "第十条",
    /// "section 9", "§ 9". A noun no level of the documents in scope writes ("section" in a
    /// policy paper whose sections are only bracketed) names the bracketed level.
    fn division(&self, tokens: &Tokens, start: usize, end: usize, state: &mut State, noun: &str, value: u32) -> Result<Step> {
        let named_level = self.scope(state).any(|document| self.corpus.documents[document as usize].levels.iter().any(|level| has_noun(level, noun)));
        let by_noun = |level: &Level| has_noun(level, noun);
        let bracketed =
            |level: &Level| is_bracketed(level) && !level.names.iter().flatten().any(|name| matches!(name.form, LabelForm::Ordinal | LabelForm::NounFirst));
        let places = if named_level {
            self.candidates(state, &by_noun)
        } else if matches!(noun, "section" | "item") {
            self.candidates(state, &bracketed)
        } else if noun == "part" {
            // A paper that writes no noun: "Part II" and 第二部分 name its top-level 二、 / II.
            let top = self.candidates(state, &is_enumerated);
            let shallowest = top.iter().map(|place| self.depth(*place)).min();
            top.into_iter().filter(|place| Some(self.depth(*place)) == shallowest).collect()
        } else {
            Vec::new()
        };
        let found = self.numbered(&places, value);
        match found.as_slice() {
            [place] => {
                if named_level {
                    self.apply_numbered(tokens, start, end, state, *place)?;
                } else {
                    state.numbered = true;
                    self.apply_clause(state, place.0, place.1, None)?;
                }
                Ok(Step::Read(end))
            }
            [] if places.is_empty() => {
                let place = match (state.document, state.focus) {
                    (Some(document), Some(focus)) => self.name(state, document, focus),
                    (Some(document), None) => document_name(&self.corpus.documents[document as usize], Language::English),
                    _ => "the corpus".to_string(),
                };
                Err(error(ErrorCode::UnknownCitation, format!("Nothing in {place} is numbered as a {noun}: cite a place it has.")))
            }
            [] => {
                // Numbers that run through the document (a law's articles) may exist outside the
                // unit named first: then the citation contradicts itself.
                if let (Some(document), Some(focus)) = (state.document, state.focus) {
                    let everywhere = State { document: Some(document), ..State::default() };
                    let elsewhere = if named_level { self.numbered(&self.candidates(&everywhere, &by_noun), value) } else { Vec::new() };
                    if let Some(&(document, clause)) = elsewhere.first() {
                        let continuous = self.corpus.documents[document as usize].clauses[clause as usize]
                            .level
                            .and_then(|level| self.corpus.documents[document as usize].levels.get(level as usize))
                            .is_some_and(|level| level.continuous);
                        if continuous {
                            let name = self.name(state, document, clause);
                            return Err(error(
                                ErrorCode::InconsistentCitation,
                                format!("{name} is not in {}: it is in {}.", self.name(state, document, focus), self.containing_name(state, document, clause)),
                            )
                            .with_suggestions(vec![name]));
                        }
                    }
                }
                let names = self.names_of(state, &places);
                let shown = if noun == "part" { to_roman(value) } else { value.to_string() };
                let (document, count) = (places[0].0, places.len());
                let place = match state.focus {
                    Some(focus) => self.name(state, document, focus),
                    None => document_name(&self.corpus.documents[document as usize], Language::English),
                };
                let plural = if count == 1 { noun.to_string() } else { format!("{noun}s") };
                Err(error(ErrorCode::OutOfRange, format!("There is no {noun} {shown}: {place} has {count} {plural}, {}.", range_text(&names)))
                    .with_suggestions(names))
            }
            several => {
                let names = self.names_of(state, several);
                Err(error(
                    ErrorCode::AmbiguousCitation,
                    format!(
                        "{} could be any of {} places: name the larger unit first, as in \"{}\".",
                        source_text(tokens, start, end),
                        names.len(),
                        names.first().cloned().unwrap_or_default()
                    ),
                )
                .with_suggestions(names))
            }
        }
    }

    /// How many clauses are above a clause.
    fn depth(&self, (document, clause): (u16, u32)) -> usize {
        let document = &self.corpus.documents[document as usize];
        let mut depth = 0;
        let mut current = document.clauses[clause as usize].parent;
        while let Some(parent) = current {
            depth += 1;
            current = document.clauses[parent as usize].parent;
        }
        depth
    }

    /// The name of the nearest heading above a clause that is not at the clause's own level.
    fn containing_name(&self, state: &State, document: u16, clause: u32) -> String {
        let document_ref = &self.corpus.documents[document as usize];
        let level = document_ref.clauses[clause as usize].level;
        let mut current = document_ref.clauses[clause as usize].parent;
        while let Some(parent) = current {
            if document_ref.clauses[parent as usize].level != level {
                return self.name(state, document, parent);
            }
            current = document_ref.clauses[parent as usize].parent;
        }
        document_name(document_ref, Language::English)
    }

    /// A unit's number followed by a full stop, an enumeration comma or a bracket: "2.
    /// Development Program", "Part III 2(9)", "二、（九）".
    fn enumerated(&self, tokens: &Tokens, at: usize, state: &mut State) -> Result<Step> {
        let Some((value, written, end)) = read_number(tokens, at) else {
            return Ok(Step::NotHere);
        };
        let follows = tokens.kind(end);
        let marked = match follows {
            Some(TokenKind::Period) => true,
            Some(TokenKind::Comma) => written == Written::Chinese,
            Some(TokenKind::Open) => true,
            // A last number after a unit: "II (II) 3".
            None => state.focus.is_some() && written != Written::Word,
            // A section's number before its paragraph: "II ¶2".
            Some(TokenKind::Pilcrow) => written != Written::Word,
            Some(TokenKind::Word) => written != Written::Word && keyword(tokens.text(end)) == Some(Keyword::Paragraph),
            _ => false,
        };
        if !marked || written == Written::Word {
            return Ok(Step::NotHere);
        }
        // The levels some version writes the way this number is written: "1." Arabic with a
        // full stop, "二、" Chinese with the enumeration comma, "IV." Roman.
        let wanted_style = match written {
            Written::Arabic => NumberStyle::Arabic,
            Written::Roman => NumberStyle::Roman,
            Written::Chinese => NumberStyle::Chinese,
            Written::Word => NumberStyle::Word,
        };
        let written_so = |level: &Level| {
            level.names.iter().flatten().any(|name| {
                matches!(name.form, LabelForm::Enumeration | LabelForm::Dotted) && (name.style == wanted_style || matches!(follows, Some(TokenKind::Open)))
            })
        };
        let mut places = self.candidates(state, &written_so);
        if places.is_empty() {
            places = self.candidates(state, &is_enumerated);
        }
        if places.is_empty() {
            return Ok(Step::NotHere);
        }
        // The outermost enumerated level under the focus.
        let shallowest = places.iter().map(|place| self.depth(*place)).min().unwrap_or(0);
        let places: Vec<(u16, u32)> = places.into_iter().filter(|place| self.depth(*place) == shallowest).collect();
        let found = self.numbered(&places, value);
        let after = if matches!(follows, Some(TokenKind::Period | TokenKind::Comma)) { end + 1 } else { end };
        match found.as_slice() {
            [place] => {
                if written == Written::Chinese {
                    state.chinese = true;
                }
                self.apply_numbered(tokens, at, end, state, *place)?;
                Ok(Step::Read(after))
            }
            [] => {
                let names = self.names_of(state, &places);
                Err(error(ErrorCode::OutOfRange, format!("There is no {value}. here: there are {}, {}.", places.len(), names.join(", ")))
                    .with_suggestions(names))
            }
            several => {
                let names = self.names_of(state, several);
                Err(error(
                    ErrorCode::AmbiguousCitation,
                    format!(
                        "{value}. could be any of {} places: name the larger unit first, as in \"{}\".",
                        names.len(),
                        names.first().cloned().unwrap_or_default()
                    ),
                )
                .with_suggestions(names))
            }
        }
    }

    /// A label in brackets, `(9)`, `(IX)`, `(九)`, `(F)`, optionally a range `(9)–(10)` and a
    /// trailing 项 or 节. After an article without items, `(2)` is its second paragraph.
    fn bracketed(&self, tokens: &Tokens, at: usize, state: &mut State) -> Result<Step> {
        self.bracketed_as(tokens, at, state, false)
    }

    /// A bracketed label; `item` when the citation says it is an item (第（二）项), so it is
    /// never read as an article's paragraph.
    fn bracketed_as(&self, tokens: &Tokens, at: usize, state: &mut State, item: bool) -> Result<Step> {
        let Some((label, end)) = bracketed_label(tokens, at) else {
            return Ok(Step::NotHere);
        };
        // A bracketed label after a paragraph names one of its items: 第一款第（二）项.
        if let (Some(paragraph), None) = (state.paragraph, state.sentences) {
            if state.paragraph_end.is_none() {
                state.paragraph = None;
                state.focus = Some(paragraph);
            }
        }
        if let (Some(document), Some(focus)) = (state.document, state.focus) {
            let document_ref = &self.corpus.documents[document as usize];
            let focus_clause = &document_ref.clauses[focus as usize];
            let focus_bracketed = document_ref.level_of(focus_clause).is_some_and(is_bracketed);
            let has_bracketed_below = !self.candidates(state, &is_bracketed).is_empty();
            if focus_bracketed && !has_bracketed_below && state.paragraph.is_none() {
                // A label after a section's title repeats it: "Tax Cooperation (16)".
                let parent_state = State {
                    document: Some(document),
                    focus: focus_clause.parent,
                    hint: state.hint,
                    english: state.english,
                    chinese: state.chinese,
                    ..State::default()
                };
                let (_, section, _) = self.find_bracketed(&parent_state, &label, tokens, at, end)?;
                if section != focus {
                    let name = self.name(state, document, focus);
                    return Err(
                        error(ErrorCode::InconsistentCitation, format!("{} is not \"{name}\".", source_text(tokens, at, end))).with_suggestions(vec![name])
                    );
                }
                state.numbered = true;
                return Ok(Step::Read(end));
            }
            if !item && label.value.is_some() && is_article(document_ref, focus) {
                // "Article 10(2)": the second 款 of an article that has several; of an article
                // with one, its item (2).
                let paragraphs = document_ref.clauses.iter().filter(|clause| clause.parent == Some(focus) && clause.kind == Kind::Paragraph).count();
                if paragraphs > 1 || (paragraphs == 1 && !has_bracketed_below) {
                    let number = label.value.unwrap_or(0);
                    return self.paragraph_numbered(state, document, Some(focus), number, number, end);
                }
            }
        }
        let (document, section, version) = self.find_bracketed(state, &label, tokens, at, end)?;
        if label.chinese {
            state.chinese = true;
        }
        state.numbered = true;
        self.apply_clause(state, document, section, version)?;
        let mut after = end;
        // A range: "(9)–(10)", "(九)至(十)".
        if tokens.is(after, TokenKind::Dash) || tokens.is_text(after, "至") || tokens.is_text(after, "to") {
            if let Some((end_label, range_end)) = bracketed_label(tokens, after + 1) {
                let parent_state = State {
                    document: Some(document),
                    focus: self.corpus.documents[document as usize].clauses[section as usize].parent,
                    hint: state.hint,
                    chinese: state.chinese,
                    english: state.english,
                    ..State::default()
                };
                let (_, last, _) = self.find_bracketed(&parent_state, &end_label, tokens, after + 1, range_end)?;
                if last <= section {
                    return Err(error(
                        ErrorCode::InvalidRange,
                        format!("A range runs forward: \"{}\" comes before \"{}\".", self.name(state, document, last), self.name(state, document, section)),
                    ));
                }
                state.focus_end = Some(last);
                after = range_end;
            }
        }
        if tokens.is_text(after, "项") || tokens.is_text(after, "节") {
            after += 1;
        }
        Ok(Step::Read(after))
    }

    /// Finds the clause a typed bracketed label names, in the scheme of the version the
    /// citation uses.
    fn find_bracketed(&self, state: &State, label: &Label, tokens: &Tokens, start: usize, end: usize) -> Result<(u16, u32, Option<u16>)> {
        let places = self.candidates(state, &is_bracketed);
        // The labels of the nearest bracketed level under the focus: (section, version, exact).
        let mut matches: Vec<(u16, u32, u16, bool)> = Vec::new();
        for &(document_index, clause) in &places {
            let document = &self.corpus.documents[document_index as usize];
            for version in 0..document.versions.len() {
                let Some(written) = document.label_of(&document.clauses[clause as usize], version) else {
                    continue;
                };
                let (exact, by_value) = same_label(label, &label_of_text(written));
                if exact || by_value {
                    matches.push((document_index, clause, version as u16, exact));
                }
            }
        }
        // Only the shallowest matching clauses: "(3)" under an article is its item (3), not
        // the sub-item (3) of another item.
        let depth_of = |document: u16, clause: u32| {
            let document = &self.corpus.documents[document as usize];
            let mut depth = 0;
            let mut current = document.clauses[clause as usize].parent;
            while let Some(parent) = current {
                depth += 1;
                current = document.clauses[parent as usize].parent;
            }
            depth
        };
        if state.focus.is_some() {
            if let Some(shallowest) = matches.iter().map(|m| depth_of(m.0, m.1)).min() {
                matches.retain(|m| depth_of(m.0, m.1) == shallowest);
            }
        }
        // In the scheme of the version the unit's name came from, when there is one.
        let mut chosen: Vec<(u16, u32, u16, bool)> = match state.hint {
            Some(hint) => matches.iter().copied().filter(|found| found.2 == hint).collect(),
            None => Vec::new(),
        };
        if chosen.is_empty() {
            chosen = matches;
        }
        let mut distinct: Vec<(u16, u32)> = Vec::new();
        for &(document, clause, _, _) in &chosen {
            if !distinct.contains(&(document, clause)) {
                distinct.push((document, clause));
            }
        }
        match distinct.as_slice() {
            [(document, clause)] => {
                let version = chosen.iter().find(|m| m.3 && Some(m.2) == state.hint).or_else(|| chosen.iter().find(|m| m.3)).map(|m| m.2);
                Ok((*document, *clause, version))
            }
            [] => {
                let typed = source_text(tokens, start, end);
                match state.focus {
                    Some(focus) if !places.is_empty() => {
                        let document = state.document.unwrap_or(0);
                        let document_ref = &self.corpus.documents[document as usize];
                        // The labels of the children of the focus (its own level below it).
                        let nearest = places.iter().map(|p| depth_of(p.0, p.1)).min().unwrap_or(0);
                        let labels: Vec<String> =
                            places.iter().filter(|p| depth_of(p.0, p.1) == nearest).map(|&(_, clause)| self.label_text(state, document_ref, clause)).collect();
                        let name = self.name(state, document, focus);
                        let range = range_text(&labels);
                        Err(error(ErrorCode::OutOfRange, format!("{name} has no section {typed}: it has sections {range}."))
                            .with_suggestions(vec![format!("{name} has sections {range}")]))
                    }
                    Some(focus) => {
                        // The document has bracketed sections, only not under what was named.
                        let document = state.document.unwrap_or(0);
                        let exists = self.corpus.documents[document as usize].levels.iter().any(is_bracketed);
                        let name = self.name(state, document, focus);
                        if exists {
                            Err(error(ErrorCode::OutOfRange, format!("{name} has no bracketed sections, so none is labelled {typed}.")))
                        } else {
                            Err(error(ErrorCode::UnknownCitation, format!("No section is labelled {typed}.")))
                        }
                    }
                    None if !places.is_empty() => Err(error(
                        ErrorCode::OutOfRange,
                        format!(
                            "No section is labelled {typed}: the labels go up to {}.",
                            places
                                .iter()
                                .map(|&(document, clause)| self.label_text(state, &self.corpus.documents[document as usize], clause))
                                .max_by_key(|label| label.chars().count())
                                .unwrap_or_default()
                        ),
                    )),
                    None => Err(error(ErrorCode::UnknownCitation, format!("No section is labelled {typed}."))),
                }
            }
            several => {
                let names = self.names_of(state, several);
                let example = names.first().cloned().unwrap_or_default();
                Err(error(
                    ErrorCode::AmbiguousCitation,
                    format!("{} could be any of {} sections: name the larger unit, as in \"{example}\".", source_text(tokens, start, end), names.len()),
                )
                .with_suggestions(names))
            }
        }
    }

    /// A clause's label as the citation's scheme writes it: "(9)", "(IX)", "(九)".
    fn label_text(&self, state: &State, document: &Document, clause: u32) -> String {
        let clause_ref = &document.clauses[clause as usize];
        let label = self.naming_version(state, document).and_then(|version| document.label_of(clause_ref, version));
        match label {
            Some(label) => label.trim().to_string(),
            None => format!("({})", clause_ref.number),
        }
    }

    /// A paragraph number (and range) after its keyword.
    fn paragraph(&self, tokens: &Tokens, at: usize, state: &mut State, closing: Option<&str>) -> Result<Step> {
        let Some((first, _, end)) = read_number(tokens, at) else {
            return Err(error(ErrorCode::MalformedCitation, "A paragraph needs a number, as in \"¶3\", \"para. 3\" or \"第3段\"."));
        };
        let Some((last, end)) = number_range_rest(tokens, first, end, true, closing) else {
            return Ok(Step::NotHere);
        };
        if state.paragraph.is_some() {
            return Err(error(ErrorCode::MalformedCitation, "The citation names two paragraphs; a range is written \"¶2–3\"."));
        }
        if state.focus_end.is_some() {
            return Err(error(ErrorCode::MalformedCitation, "A range of sections cannot be narrowed to a paragraph."));
        }
        let (document, parent) = self.paragraph_parent(state, first)?;
        self.paragraph_numbered(state, document, parent, first, last, end)
    }

    fn paragraph_numbered(&self, state: &mut State, document: u16, parent: Option<u32>, first: u32, last: u32, end: usize) -> Result<Step> {
        let document_ref = &self.corpus.documents[document as usize];
        let paragraphs: Vec<u32> = document_ref
            .clauses
            .iter()
            .enumerate()
            .filter(|(_, clause)| clause.kind == Kind::Paragraph && clause.parent == parent && clause.number > 0)
            .map(|(index, _)| index as u32)
            .collect();
        let by_number = |number: u32| paragraphs.iter().copied().find(|&index| document_ref.clauses[index as usize].number == number);
        let place = match parent {
            Some(parent) => self.name(state, document, parent),
            None => document_name(document_ref, Language::English),
        };
        if paragraphs.is_empty() {
            let mut suggestions = Vec::new();
            if let Some(parent) = parent {
                let first_child_with_paragraphs = document_ref.clauses.iter().enumerate().find(|(index, clause)| {
                    clause.parent == Some(parent)
                        && clause.kind == Kind::Heading
                        && document_ref.clauses.iter().any(|grandchild| grandchild.parent == Some(*index as u32) && grandchild.kind == Kind::Paragraph)
                });
                if let Some((child, _)) = first_child_with_paragraphs {
                    suggestions.push(format!("{} ¶1", self.name(state, document, child as u32)));
                }
            }
            return Err(error(ErrorCode::OutOfRange, format!("{place} has no paragraphs of its own; cite one of its sections.")).with_suggestions(suggestions));
        }
        let count = paragraphs.len();
        let plural = if count == 1 { "paragraph" } else { "paragraphs" };
        let no_paragraph = |number: u32| {
            error(ErrorCode::OutOfRange, format!("{place} has no paragraph {number}: it has {count} {plural}."))
                .with_suggestions(vec![format!("{place} has {count} {plural}")])
        };
        let Some(first_clause) = by_number(first) else {
            return Err(no_paragraph(first));
        };
        let last_clause = if last != first {
            let Some(last_clause) = by_number(last) else {
                return Err(no_paragraph(last));
            };
            if last <= first {
                return Err(backward_range("¶", first, last));
            }
            Some(last_clause)
        } else {
            None
        };
        state.document = Some(document);
        state.paragraph = Some(first_clause);
        state.paragraph_end = last_clause;
        state.numbered = true;
        Ok(Step::Read(end))
    }

    /// The clause whose paragraphs a paragraph number counts: the focus, or the document.
    fn paragraph_parent(&self, state: &State, number: u32) -> Result<(u16, Option<u32>)> {
        if let (Some(document), Some(focus)) = (state.document, state.focus) {
            return Ok((document, Some(focus)));
        }
        if let Some(document) = state.document {
            return Ok((document, None));
        }
        let mut suggestions = Vec::new();
        for (index, document) in self.corpus.documents.iter().enumerate() {
            let has_top_paragraphs = document.clauses.iter().any(|clause| clause.kind == Kind::Paragraph && clause.parent.is_none());
            if has_top_paragraphs {
                suggestions.push(format!("{}, ¶{number}", document_name(document, Language::English)));
            }
            // The first top-level heading with paragraphs of its own (a preface).
            let first_heading = document.clauses.iter().enumerate().find(|(position, clause)| {
                clause.kind == Kind::Heading
                    && clause.parent.is_none()
                    && document.clauses.iter().any(|child| child.parent == Some(*position as u32) && child.kind == Kind::Paragraph)
            });
            if let Some((heading, _)) = first_heading {
                suggestions.push(format!("{} ¶{number}", self.name(state, index as u16, heading as u32)));
            }
        }
        Err(error(
            ErrorCode::AmbiguousCitation,
            format!("¶{number} of what? Name the place first, as in \"Preface ¶{number}\" or \"Development Program (9) ¶{number}\"."),
        )
        .with_suggestions(suggestions))
    }

    fn sentence(&self, tokens: &Tokens, at: usize, state: &mut State, closing: Option<&str>) -> Result<Step> {
        let Some((first, _, end)) = read_number(tokens, at) else {
            return Ok(Step::NotHere);
        };
        let Some((last, end)) = number_range_rest(tokens, first, end, false, closing) else {
            return Ok(Step::NotHere);
        };
        if state.sentences.is_some() {
            return Err(error(ErrorCode::MalformedCitation, "The citation names sentences twice; a range is written \"s2–3\"."));
        }
        if state.focus.is_none() && state.paragraph.is_none() {
            return Err(error(ErrorCode::MalformedCitation, "A sentence belongs to a clause: name the clause first, as in \"Preface ¶3 s2\"."));
        }
        if last < first {
            return Err(backward_range("s", first, last));
        }
        state.sentences = Some((first, last));
        state.numbered = true;
        Ok(Step::Read(end))
    }

    /// Chinese ordinals: 第三部分, 第3段, 第2句, 第（四）项, 第四项, 第十条, 第二款, 第二章.
    fn chinese_ordinal(&self, tokens: &Tokens, at: usize, state: &mut State) -> Result<Step> {
        state.chinese = true;
        if tokens.is(at + 1, TokenKind::Open) {
            let item = bracketed_label(tokens, at + 1).is_some_and(|(_, end)| tokens.is_text(end, "项"));
            return self.bracketed_as(tokens, at + 1, state, item);
        }
        let Some((value, _, end)) = read_number(tokens, at + 1) else {
            return Ok(Step::NotHere);
        };
        if tokens.is_text(end, "部") && tokens.is_text(end + 1, "分") {
            return self.division(tokens, at, end + 2, state, "part", value);
        }
        // Look past a possible range for the closing character.
        let mut closing_at = end;
        if let Some((_, range_end)) = range_end(tokens, end, false) {
            closing_at = range_end;
        }
        if tokens.is_text(closing_at, "段") {
            return self.paragraph(tokens, at + 1, state, Some("段"));
        }
        if tokens.is_text(closing_at, "款") {
            return self.paragraph(tokens, at + 1, state, Some("款"));
        }
        if tokens.is_text(closing_at, "句") {
            return self.sentence(tokens, at + 1, state, Some("句"));
        }
        let noun = tokens.text(end);
        if let Some(english) = english_noun(noun) {
            return self.division(tokens, at, end + 1, state, english, value);
        }
        if noun == "目" {
            return self.sub_item(tokens, at, end + 1, state, value);
        }
        Ok(Step::NotHere)
    }

    /// A sub-item (目) by its number: the item of that number directly under the focus.
    fn sub_item(&self, tokens: &Tokens, start: usize, end: usize, state: &mut State, value: u32) -> Result<Step> {
        let (Some(document), Some(focus)) = (state.document, state.focus) else {
            return Err(error(
                ErrorCode::MalformedCitation,
                format!("{} belongs to an item: name the article and item first, as in \"第二十一条第（二）项第1目\".", source_text(tokens, start, end)),
            ));
        };
        let document_ref = &self.corpus.documents[document as usize];
        let items: Vec<u32> = (0..document_ref.clauses.len() as u32)
            .filter(|&clause| document_ref.clauses[clause as usize].parent == Some(focus) && document_ref.clauses[clause as usize].kind == Kind::Item)
            .collect();
        match items.iter().copied().find(|&clause| document_ref.clauses[clause as usize].number == value) {
            Some(clause) => {
                state.numbered = true;
                self.apply_clause(state, document, clause, None)?;
                Ok(Step::Read(end))
            }
            None => Err(error(ErrorCode::OutOfRange, format!("{} has no sub-item {value}: it has {}.", self.name(state, document, focus), items.len()))),
        }
    }

    /// A name from the tables: a document, a heading's title, a short name.
    fn named(&self, tokens: &Tokens, at: usize, end: usize, phrases: &[&Phrase], state: &mut State, running: bool) -> Result<Step> {
        let mut end = end;
        // Keep the names that fit what the citation already named.
        let mut targets: Vec<(&Target, Option<u16>, bool)> = Vec::new();
        for phrase in phrases {
            let fits = match &phrase.target {
                Target::Document(document) => state.document.is_none_or(|current| current == *document),
                Target::Clause(document, clause) => {
                    state.document.is_none_or(|current| current == *document)
                        && state.focus.is_none_or(|focus| focus == *clause || self.corpus.documents[*document as usize].is_ancestor(focus, *clause))
                }
                _ => false,
            };
            if !fits && phrases.len() > 1 {
                continue;
            }
            match targets.iter_mut().find(|(target, _, _)| **target == phrase.target) {
                Some(existing) => {
                    if existing.1 != phrase.version {
                        existing.1 = None;
                    }
                }
                None => targets.push((&phrase.target, phrase.version, phrase.short)),
            }
        }
        // A document's title is also its title heading's: read it as the document.
        let documents: Vec<u16> = targets
            .iter()
            .filter_map(|(target, _, _)| match target {
                Target::Document(document) => Some(*document),
                _ => None,
            })
            .collect();
        targets.retain(|(target, _, _)| match target {
            Target::Clause(document, clause) => !(documents.contains(document) && is_title_heading(&self.corpus.documents[*document as usize], *clause)),
            _ => true,
        });
        match targets.as_slice() {
            [] => Ok(Step::NotHere),
            [(Target::Document(document), _, _)] => {
                if let Some(current) = state.document {
                    if current != *document {
                        return Err(error(ErrorCode::InconsistentCitation, "The citation names two different documents."));
                    }
                }
                // In running text a document's name after a clause starts other text; in a
                // citation, a document's own title after its clause repeats it.
                if running && (state.focus.is_some() || state.paragraph.is_some()) {
                    return Ok(Step::NotHere);
                }
                state.document = Some(*document);
                Ok(Step::Read(end))
            }
            [(Target::Clause(document, clause), version, short)] => {
                if *short && tokens.kind(end) == Some(TokenKind::Word) && self.tables.level_nouns.iter().any(|noun| noun == tokens.text(end)) {
                    end += 1;
                }
                let document_ref = &self.corpus.documents[*document as usize];
                let title_heading = is_title_heading(document_ref, *clause);
                if running && title_heading && state.focus.is_some() {
                    return Ok(Step::NotHere);
                }
                // A document's title heading named after the document repeats it.
                if title_heading && state.document == Some(*document) && state.focus.is_none() {
                    return Ok(Step::Read(end));
                }
                self.apply_clause(state, *document, *clause, *version)?;
                Ok(Step::Read(end))
            }
            several => {
                let names: Vec<String> = several
                    .iter()
                    .filter_map(|(target, _, _)| match target {
                        Target::Clause(document, clause) => Some(self.name(state, *document, *clause)),
                        Target::Document(document) => Some(document_name(&self.corpus.documents[*document as usize], Language::English)),
                        _ => None,
                    })
                    .collect();
                let example = names.first().cloned().unwrap_or_default();
                Err(error(
                    ErrorCode::AmbiguousCitation,
                    format!("\"{}\" names {} places: say which, as in \"{example}\".", source_text(tokens, at, end), names.len()),
                )
                .with_suggestions(names))
            }
        }
    }

    fn check_sentences(&self, document: &Document, clause: u32, state: &mut State, version: u16) -> Result<()> {
        let Some((first, last)) = state.sentences else {
            return Ok(());
        };
        let clause_ref = &document.clauses[clause as usize];
        let count = document.sentences_of(clause_ref, version as usize).count() as u32;
        let version_ref = &document.versions[version as usize];
        let place = clause_name(document, clause as usize, Some(version as usize));
        if first == 0 {
            return Err(error(ErrorCode::OutOfRange, "Sentences are counted from 1."));
        }
        if count == 0 {
            return Err(no_text(&place, version_ref));
        }
        if last > count {
            let plural = if count == 1 { "sentence" } else { "sentences" };
            let has = format!("{place} has {count} {plural} in ");
            return Err(error(ErrorCode::OutOfRange, format!("{has}the {} ({}); there is no sentence {last}.", role_words(version_ref.role), version_ref.id))
                .with_suggestions(vec![format!("{has}{}", version_ref.id)]));
        }
        Ok(())
    }

    fn finish(&self, state: &mut State) -> Result<Citation> {
        let Some(document_index) = state.document else {
            return Err(error(ErrorCode::UnknownCitation, "The citation names no clause."));
        };
        let document = &self.corpus.documents[document_index as usize];
        let clause = match state.paragraph.or(state.focus) {
            Some(clause) => clause,
            None => match (0..document.clauses.len() as u32).find(|&clause| is_title_heading(document, clause)) {
                Some(title) => title,
                None => {
                    let suggestions: Vec<String> = document
                        .clauses
                        .iter()
                        .enumerate()
                        .filter(|(_, clause)| clause.kind == Kind::Heading && clause.parent.is_none())
                        .map(|(index, _)| self.name(state, document_index, index as u32))
                        .collect();
                    return Err(error(
                        ErrorCode::IncompleteCitation,
                        format!(
                            "\"{}\" names the whole document: add the place, such as a part, a section or a paragraph.",
                            document_name(document, Language::English)
                        ),
                    )
                    .with_suggestions(suggestions));
                }
            },
        };
        let end_clause = if state.paragraph.is_some() { state.paragraph_end } else { state.focus_end };
        let mut hint = state.explicit_version.or(state.hint);
        if hint.is_none() && !state.from_id {
            let language = if state.chinese && !state.english { Language::Chinese } else { Language::English };
            hint = super::names::version_for(document, language).map(|index| index as u16);
        }
        if hint.is_none() && state.sentences.is_some() {
            hint = Some(0);
        }
        if state.sentences.is_some() {
            if end_clause.is_some() {
                return Err(error(ErrorCode::MalformedCitation, "Sentences can be selected in one clause, not in a range of clauses."));
            }
            self.check_sentences(document, clause, state, hint.unwrap_or(0))?;
        }
        Ok(Citation {
            document: document_index,
            clause,
            end_clause,
            sentences: state.sentences.map(|(first, last)| (first as u16, last as u16)),
            version_hint: hint,
        })
    }

    /// The error for input the grammar does not read at token `at`. Suggestions are looked for
    /// only when a person asked (`Mode::Whole`): checking a correction never asks again.
    fn not_understood(&self, tokens: &Tokens, at: usize, components: usize, source: &str, mode: Mode) -> Error {
        let start = tokens.list.get(at).map_or(source.len(), |token| token.start as usize);
        if components == 0 {
            let suggestions = if mode == Mode::Whole { self.did_you_mean(tokens, at, source) } else { Vec::new() };
            let typed = first_chars(source.trim(), 60);
            let message = match suggestions.first() {
                Some(first) => format!("\"{typed}\" is not a citation this corpus knows; did you mean \"{first}\"?"),
                None => format!(
                    "\"{typed}\" is not a citation this corpus knows. Cite a place such as \"Preface ¶3\", \"Part III\", \"Development Program (9) ¶3\", \"发展工程（九）第3段\" or a section title such as \"Tax Cooperation\"."
                ),
            };
            error(ErrorCode::UnknownCitation, message).with_suggestions(suggestions)
        } else {
            let read = source.get(..start).unwrap_or("").trim();
            let rest = first_chars(source.get(start..).unwrap_or("").trim(), 40);
            let suggestions = match mode {
                Mode::Whole => self.resolve_prefix(read).into_iter().collect(),
                _ => Vec::new(),
            };
            error(ErrorCode::MalformedCitation, format!("I read \"{read}\" but not what follows it: \"{rest}\".")).with_suggestions(suggestions)
        }
    }

    fn resolve_prefix(&self, read: &str) -> Option<String> {
        if read.is_empty() {
            return None;
        }
        let tokens = tokenize(read);
        let reading = self.read(&tokens, 0, Mode::Checking, read).ok()?;
        (reading.end == tokens.len()).then(|| read.to_string())
    }

    /// Names that are close to the words typed, as whole corrected citations that resolve.
    fn did_you_mean(&self, tokens: &Tokens, at: usize, source: &str) -> Vec<String> {
        // The words typed before the first number or bracket.
        let mut end = at;
        let mut typed = String::new();
        while end < tokens.len() && end < at + 12 {
            match tokens.kind(end) {
                Some(TokenKind::Word | TokenKind::Han) => {
                    if !typed.is_empty() && tokens.is(end, TokenKind::Word) {
                        typed.push(' ');
                    }
                    typed.push_str(tokens.text(end));
                }
                Some(TokenKind::Dash | TokenKind::Quote) => {}
                _ => break,
            }
            end += 1;
        }
        let typed_length = typed.chars().count();
        if typed.is_empty() || typed_length > 80 {
            return Vec::new();
        }
        // The names within their allowed distance, nearest first; each is checked at most once.
        let mut close: Vec<(usize, &Phrase)> = Vec::new();
        for phrase in &self.tables.names.phrases {
            let name = phrase.words.join(" ");
            let length = name.chars().count();
            if length > 80 {
                continue;
            }
            let allowed = (length / 4).max(1);
            // The distance is at least the difference in length: skip what cannot be close.
            if length.abs_diff(typed_length) > allowed {
                continue;
            }
            let distance = edit_distance(&typed, &name);
            if distance == 0 || distance > allowed {
                continue;
            }
            close.push((distance, phrase));
        }
        crate::order::sort_by(&mut close, |a, b| a.0.cmp(&b.0));
        close.truncate(MAX_CORRECTIONS);
        let mut best: Vec<(usize, String)> = Vec::new();
        let start_byte = tokens.list.get(at).map_or(0, |token| token.start as usize);
        let end_byte = tokens.list.get(end.saturating_sub(1)).map_or(0, |token| token.end as usize);
        for (distance, phrase) in close {
            // Stop once three are found and this name is farther than all of them. A name as near
            // as the third is still tried, so that a tie is broken by the corrected citation
            // (sorted below), not by the order of the name tables.
            if best.len() >= 3 && best.iter().all(|(found, _)| *found < distance) {
                break;
            }
            let replacement = match &phrase.target {
                Target::Clause(document, clause) => {
                    clause_name(&self.corpus.documents[*document as usize], *clause as usize, phrase.version.map(|v| v as usize))
                }
                Target::Document(document) => document_name(&self.corpus.documents[*document as usize], Language::English),
                _ => continue,
            };
            let corrected = format!("{}{replacement}{}", source.get(..start_byte).unwrap_or(""), source.get(end_byte..).unwrap_or(""));
            let corrected = corrected.trim().to_string();
            if best.iter().any(|(_, existing)| *existing == corrected) {
                continue;
            }
            if self.resolve_in(&corrected, Mode::Checking).is_ok() {
                best.push((distance, corrected));
            }
        }
        crate::order::sort(&mut best);
        best.truncate(3);
        best.into_iter().map(|(_, name)| name).collect()
    }
}

/// After a paragraph or sentence number `first` ending at token `end`: an optional range end
/// ("–3", "to 3") and, when the number opened with a bracket, its `closing` token. Returns the
/// last number and the token after all of it, or `None` when the closing is missing.
fn number_range_rest(tokens: &Tokens, first: u32, end: usize, paragraph: bool, closing: Option<&str>) -> Option<(u32, usize)> {
    let (last, mut end) = range_end(tokens, end, paragraph).unwrap_or((first, end));
    if let Some(closing) = closing {
        if !tokens.is_text(end, closing) {
            return None;
        }
        end += 1;
    }
    Some((last, end))
}

fn range_end(tokens: &Tokens, at: usize, paragraph: bool) -> Option<(u32, usize)> {
    let is_mark = tokens.is(at, TokenKind::Dash) || tokens.is_text(at, "to") || tokens.is_text(at, "至");
    if !is_mark {
        return None;
    }
    let mut after = at + 1;
    if paragraph && tokens.is(after, TokenKind::Pilcrow) {
        after += 1;
    }
    let (value, _, end) = read_number(tokens, after)?;
    Some((value, end))
}

/// A label in brackets: `(9)`, `(IX)`, `(九)`, `(Seventeen)`, `(F)`. Returns the label and the
/// index after the closing bracket.
fn bracketed_label(tokens: &Tokens, at: usize) -> Option<(Label, usize)> {
    if !tokens.is(at, TokenKind::Open) {
        return None;
    }
    let inside = at + 1;
    let end = match tokens.kind(inside)? {
        TokenKind::Number | TokenKind::Word => inside + 1,
        TokenKind::Han => {
            let mut end = inside;
            while end < inside + 8 && tokens.is(end, TokenKind::Han) && is_numeral_han(tokens.text(end)) {
                end += 1;
            }
            end
        }
        _ => return None,
    };
    if end == inside || !tokens.is(end, TokenKind::Close) {
        return None;
    }
    let text: String = (inside..end).map(|index| tokens.text(index)).collect();
    let label = label_of_text(&text);
    // A word in brackets is a label only if it reads as a number or a single letter.
    if tokens.is(inside, TokenKind::Word) && label.value.is_none() && label.raw.chars().count() != 1 {
        return None;
    }
    Some((label, end + 1))
}

/// The version whose label for a clause is spelled exactly as typed.
fn label_version(document: &Document, clause: u32, typed: &[String]) -> Option<u16> {
    let clause_ref = document.clauses.get(clause as usize)?;
    (0..document.versions.len())
        .find(|&version| document.label_of(clause_ref, version).is_some_and(|label| phrase_words(label) == typed))
        .map(|version| version as u16)
}

fn source_text(tokens: &Tokens, start: usize, end: usize) -> String {
    (start..end.min(tokens.len())).map(|index| tokens.text(index)).collect()
}

/// "(1)–(17)" for a run of labels, or all of them when they are irregular.
fn range_text(labels: &[String]) -> String {
    match labels {
        [] => String::new(),
        [one] => one.clone(),
        [first, .., last] => {
            // Labels that differ only in a final number ("Part I", "Part III", "(1)", "(17)")
            // are written as a range.
            let stem = |label: &str| {
                let words = phrase_words(label);
                let number = words.last().and_then(|word| parse_any(word)).map(|(value, _)| value);
                (words.len().saturating_sub(1), number)
            };
            let regular = labels.iter().all(|label| stem(label).1.is_some()) && labels.iter().all(|label| stem(label).0 == stem(first).0);
            if regular {
                let words = phrase_words(last);
                let tail = if words.len() > 1 { last.rsplit(' ').next().unwrap_or(last) } else { last };
                format!("{first}–{tail}")
            } else {
                labels.join(", ")
            }
        }
    }
}

/// The first `count` characters of `text`.
pub(crate) fn first_chars(text: &str, count: usize) -> &str {
    match text.char_indices().nth(count) {
        Some((offset, _)) => &text[..offset],
        None => text,
    }
}

/// The error for a range written backwards.
fn backward_range(mark: &str, first: u32, last: u32) -> Error {
    error(ErrorCode::InvalidRange, format!("A range runs forward: write {mark}{last}–{first}, not {mark}{first}–{last}."))
}

pub(crate) fn unknown_version(document: &Document, wanted: &str) -> Error {
    let ids: Vec<String> = document.versions.iter().map(|version| version.id.clone()).collect();
    error(ErrorCode::UnknownVersion, format!("This document has no version \"{wanted}\"; its versions are {}.", ids.join(", "))).with_suggestions(ids)
}

/// The error for a clause without text in a version.
pub(crate) fn no_text(place: &str, version: &crate::model::Version) -> Error {
    error(ErrorCode::NoText, format!("{place} has no text in the {} ({}).", role_words(version.role), version.id))
}

/// Levenshtein distance over characters, for short names only.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current[j + 1] = (previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        core::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}
