//! The citation grammar. A citation is a sequence of components, each of which narrows the
//! place cited: a document name, a part, a program (by name or number), a section (by label or
//! title), a paragraph (or a range of them), a sentence (or a range of them), and a version in
//! brackets. Components may come with or without spaces and with any punctuation between them.
//! Each component must lie inside the place the previous ones named; a contradiction is an
//! error, never a guess.

use crate::prelude::*;

use super::format::{version_clause_name, versions_for_language};
use super::tables::{Phrase, Resolver, Target, PROGRAM_NOUNS};
use super::tokens::{phrase_words, tokenize, words_in, TokenKind, Tokens};
use super::{error, join, separated, Citation, CiteError};
use crate::corpus::{Document, Kind, Level};
use crate::names::{document_short_name, NameLanguage};
use crate::numbers::{
    decimal, parse_any, parse_arabic, parse_chinese, parse_english_word, parse_roman, to_roman,
};

/// The longest citation [`Resolver::resolve`] reads, in characters.
pub const MAX_CITATION_CHARS: usize = 1000;

/// The most components one citation found in running text may have.
const MAX_COMPONENTS: usize = 12;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// The whole input must be one citation.
    Whole,
    /// The citation is part of running text: stop at the first word that is not part of it.
    RunningText,
}

/// A citation read from tokens, with where it ended.
pub(crate) struct Reading {
    pub citation: Citation,
    /// The token the first component starts at (separators before it are not part of it).
    pub start: usize,
    pub end: usize,
    /// True when the citation has a number in it (a part, a section label, a paragraph…) or is
    /// a canonical id: names alone are not linked in running text.
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
    Part,
    Paragraph,
    Sentence,
    Section,
}

/// The keyword a word is, if it is one.
fn keyword(word: &str) -> Option<Keyword> {
    Some(match word {
        "part" | "pt" => Keyword::Part,
        "para" | "paras" | "paragraph" | "paragraphs" | "par" | "pars" => Keyword::Paragraph,
        "s" | "sent" | "sentence" | "sentences" => Keyword::Sentence,
        "section" | "sec" | "sections" => Keyword::Section,
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
    matches!(
        text,
        "零" | "〇" | "一" | "二" | "三" | "四" | "五" | "六" | "七" | "八" | "九" | "十" | "两"
    )
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
        TokenKind::Number => {
            parse_arabic(tokens.text(at)).map(|value| (value, Written::Arabic, at + 1))
        }
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
            while end < at + 4 && is_numeral_han(tokens.text(end)) && tokens.is(end, TokenKind::Han)
            {
                numeral.push_str(if tokens.text(end) == "两" {
                    "二"
                } else {
                    tokens.text(end)
                });
                end += 1;
            }
            parse_chinese(&numeral).map(|value| (value, Written::Chinese, end))
        }
        _ => None,
    }
}

/// A section label as typed: its spelling (lower case, no brackets) and its value.
struct Label {
    raw: String,
    value: Option<u32>,
    chinese: bool,
}

fn label_of_text(text: &str) -> Label {
    let mut raw = String::new();
    for word in phrase_words(text) {
        raw.push_str(&word);
    }
    let value = parse_any(&raw).map(|(value, _)| value);
    let chinese = raw.chars().any(crate::text::is_cjk);
    Label {
        raw,
        value,
        chinese,
    }
}

fn same_label(typed: &Label, written: &Label) -> (bool, bool) {
    let exact = !typed.raw.is_empty() && typed.raw == written.raw;
    let by_value = typed.value.is_some() && typed.value == written.value;
    (exact, by_value)
}

impl<'c> Resolver<'c> {
    /// Reads one citation; the whole input must be a citation.
    pub fn resolve(&self, input: &str) -> Result<Citation, CiteError> {
        let mut characters = 0usize;
        for _ in input.chars() {
            characters += 1;
            if characters > MAX_CITATION_CHARS {
                return Err(error("too-long", &[
                        "A citation is at most ",
                        &decimal(MAX_CITATION_CHARS as u64),
                        " characters long; this one is longer. Cite one clause, such as \"Development Program (9) ¶3\".",
                    ], Vec::new()));
            }
        }
        let tokens = tokenize(input);
        let first = (0..tokens.len()).find(|&index| {
            !matches!(
                tokens.kind(index),
                Some(TokenKind::Comma | TokenKind::Period | TokenKind::Quote | TokenKind::Hash)
            )
        });
        let Some(first) = first else {
            return Err(error("empty-citation", &["The citation is empty. Write a clause such as \"Preface ¶3\", \"Development Program (9)\", \"发展工程（九）第3段\" or an id such as \"pt_3__prog_2__sec_9\"."], vec![
                "Preface ¶3".into(),
                "Development Program (9)".into(),
                "发展工程（九）第3段".into(),
            ]));
        };
        let bare = input.trim().trim_start_matches('#');
        if tokens.is(first, TokenKind::Id)
            || bare.contains('_')
            || self.corpus.clause_by_id(bare).is_some()
        {
            if let Some(result) = self.resolve_id(bare) {
                return result;
            }
        }
        let reading = self.read(&tokens, first, Mode::Whole, input)?;
        Ok(reading.citation)
    }

    /// Reads a canonical id with an optional sentence selector and version: `preface__para_3`,
    /// `preface__para_3__sent_2`, `preface__para_3__sent_2-3__en`, and a range of sibling
    /// clauses `pt_3__prog_2__sec_9..pt_3__prog_2__sec_10`. Returns `None` when the input is
    /// not in that form, so the general grammar reads it.
    fn resolve_id(&self, input: &str) -> Option<Result<Citation, CiteError>> {
        let input = input.trim();
        if input.is_empty()
            || !input
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.'))
        {
            return None;
        }
        let lower = input.to_ascii_lowercase();
        let (first, last) = match crate::text::split_once(&lower, "..") {
            Some((first, last)) => (first, Some(last)),
            None => (lower.as_str(), None),
        };
        let (clause_id, rest) = match crate::text::split_once(first, "__sent_") {
            Some((clause_id, rest)) => (clause_id, Some(rest)),
            None => (first, None),
        };
        let Some(found) = self.corpus.clause_by_id(clause_id) else {
            let mut suggestions = Vec::new();
            // The longest id that is a prefix of the one typed is the nearest real clause.
            let mut prefix = clause_id;
            while let Some((head, _)) = crate::text::rsplit_once(prefix, "__") {
                if self.corpus.clause_by_id(head).is_some() {
                    suggestions.push(head.into());
                    break;
                }
                prefix = head;
            }
            return Some(Err(error(
                "unknown-citation",
                &[
                    "No clause has the id \"",
                    clause_id,
                    "\". Ids look like \"preface__para_3\" or \"pt_3__prog_2__sec_9__para_3\".",
                ],
                suggestions,
            )));
        };
        let document = &self.corpus.documents[found.document as usize];
        let mut citation = Citation {
            document: found.document,
            clause: found.clause,
            end_clause: None,
            sentences: None,
            version_hint: None,
        };
        if let Some(last) = last {
            let Some(end) = self.corpus.clause_by_id(last) else {
                return Some(Err(error(
                    "unknown-citation",
                    &[
                        "No clause has the id \"",
                        last,
                        "\" (the end of the range).",
                    ],
                    Vec::new(),
                )));
            };
            let start_clause = &document.clauses[found.clause as usize];
            let end_clause = &document.clauses[end.clause as usize];
            if end.document != found.document
                || end_clause.parent != start_clause.parent
                || end_clause.level != start_clause.level
                || end.clause <= found.clause
            {
                return Some(Err(error("invalid-range", &[
                        "A range must run forward between two clauses of the same kind in the same place; \"",
                        clause_id,
                        "..",
                        last,
                        "\" does not.",
                    ], Vec::new())));
            }
            citation.end_clause = Some(end.clause);
        }
        if let Some(rest) = rest {
            let (numbers, version) = match crate::text::split_once(rest, "__") {
                Some((numbers, version)) => (numbers, Some(version)),
                None => (rest, None),
            };
            let (first_number, last_number) = numbers.split_once('-').unwrap_or((numbers, numbers));
            let (Some(first_number), Some(last_number)) =
                (parse_arabic(first_number), parse_arabic(last_number))
            else {
                return Some(Err(error(
                    "malformed-citation",
                    &[
                        "\"__sent_",
                        numbers,
                        "\" is not a sentence selector: write __sent_2 or __sent_2-3.",
                    ],
                    Vec::new(),
                )));
            };
            let version = match version {
                None => 0u16,
                Some(version) => match document.version_index(version) {
                    Some(index) => index as u16,
                    None => {
                        return Some(Err(unknown_version(document, version)));
                    }
                },
            };
            citation.version_hint = Some(version);
            let mut state = State {
                sentences: Some((first_number, last_number)),
                ..State::default()
            };
            state.document = Some(found.document);
            if let Err(error) = self.check_sentences(document, found.clause, &mut state, version) {
                return Some(Err(error));
            }
            citation.sentences = Some((first_number as u16, last_number as u16));
        }
        Some(Ok(citation))
    }

    /// Reads a citation starting at token `start`.
    pub(crate) fn read(
        &self,
        tokens: &Tokens,
        start: usize,
        mode: Mode,
        source: &str,
    ) -> Result<Reading, CiteError> {
        let mut state = State::default();
        let mut position = start;
        let mut good_end = start;
        let mut components = 0;
        let mut first_component = start;
        loop {
            let mut next = position;
            let mut skipped = 0;
            while let Some(kind) = tokens.kind(next) {
                let separator = match kind {
                    TokenKind::Comma | TokenKind::Quote | TokenKind::Hash => true,
                    TokenKind::Period => true,
                    TokenKind::Other => mode == Mode::Whole,
                    _ => false,
                };
                if !separator || (mode == Mode::RunningText && skipped >= 2) {
                    break;
                }
                // In running text a sentence's full stop ends a citation.
                if mode == Mode::RunningText && kind == TokenKind::Period {
                    break;
                }
                next += 1;
                skipped += 1;
            }
            if next >= tokens.len() || components >= MAX_COMPONENTS {
                break;
            }
            if mode == Mode::RunningText && components == 0 && !self.may_start(tokens, next) {
                return Err(error("unknown-citation", &[], Vec::new()));
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
                    if mode == Mode::Whole {
                        return Err(self.not_understood(tokens, next, components, source));
                    }
                    break;
                }
                Err(error) => {
                    if mode == Mode::Whole || components == 0 {
                        return Err(error);
                    }
                    break;
                }
            }
        }
        if components == 0 {
            if mode == Mode::RunningText {
                // Running text is not explained: most of it is simply not a citation.
                return Err(error("unknown-citation", &[], Vec::new()));
            }
            return Err(self.not_understood(tokens, start, 0, source));
        }
        let citation = self.finish(&mut state)?;
        Ok(Reading {
            citation,
            start: first_component,
            end: good_end,
            numbered: state.numbered || state.from_id,
        })
    }

    /// Whether a citation in running text may start at token `at`: a canonical id, a
    /// capitalised name or "Part", or a Chinese name or 第…部分.
    fn may_start(&self, tokens: &Tokens, at: usize) -> bool {
        let Some(token) = tokens.list.get(at) else {
            return false;
        };
        match token.kind {
            TokenKind::Id => true,
            TokenKind::Word => {
                if !token.capital {
                    return false;
                }
                if tokens.text(at) == "part" {
                    return true;
                }
                self.tables
                    .names
                    .longest(tokens, at, true)
                    .is_some_and(|found| found.phrases.iter().any(|phrase| phrase.anchor))
            }
            TokenKind::Han => {
                tokens.text(at) == "第"
                    || self
                        .tables
                        .names
                        .longest(tokens, at, true)
                        .is_some_and(|found| found.phrases.iter().any(|phrase| phrase.anchor))
            }
            _ => false,
        }
    }

    fn component(
        &self,
        tokens: &Tokens,
        at: usize,
        state: &mut State,
        mode: Mode,
    ) -> Result<Step, CiteError> {
        let running = mode == Mode::RunningText;
        let Some(kind) = tokens.kind(at) else {
            return Ok(Step::NotHere);
        };
        match kind {
            TokenKind::Id => {
                let id = tokens.text(at);
                let Some(found) = self.corpus.clause_by_id(id) else {
                    return Err(error(
                        "unknown-citation",
                        &["No clause has the id \"", id, "\"."],
                        Vec::new(),
                    ));
                };
                state.from_id = true;
                self.apply_clause(state, found.document, found.clause, None)?;
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
                self.section_label(tokens, at, state)
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
                self.section_by_number(state, value, end)
            }
            TokenKind::Number => {
                // A program's number: "2. Development Program", "Part III 2(9)".
                self.program_number(tokens, at, state)
            }
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
                    // The other keywords are read only with their number; without one the word
                    // may still start a name ("Part" alone is not a part).
                    if let Some((value, _, end)) = read_number(tokens, after) {
                        state.english = true;
                        return match keyword {
                            Keyword::Part => self.part(tokens, at, end, state, value),
                            Keyword::Sentence => self.sentence(tokens, after, state, None),
                            _ => self.section_by_number(state, value, end),
                        };
                    }
                }
                if let Some(found) = self.tables.names.longest(tokens, at, running) {
                    state.english = true;
                    return self.named(tokens, at, found.end, &found.phrases, state, running);
                }
                if parse_roman(word).is_some() {
                    return self.program_number(tokens, at, state);
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
                    return self.program_number(tokens, at, state);
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
        let mut found = Vec::new();
        for &(document, clause) in places {
            let number = self.corpus.documents[document as usize].clauses[clause as usize].number;
            if number as u32 == value {
                found.push((document, clause));
            }
        }
        found
    }

    /// The names of `places` in the language and scheme the citation is written in.
    fn names_of(&self, state: &State, places: &[(u16, u32)]) -> Vec<String> {
        let mut names = Vec::new();
        for &(document, clause) in places {
            names.push(self.name(state, document, clause));
        }
        names
    }

    /// Narrows the focus to a part or program read by its number, in the version whose label
    /// is spelled as typed between tokens `start` and `end`.
    fn apply_numbered(
        &self,
        tokens: &Tokens,
        start: usize,
        end: usize,
        state: &mut State,
        (document, clause): (u16, u32),
    ) -> Result<(), CiteError> {
        let typed = words_in(tokens, start, end);
        let version = label_version(&self.corpus.documents[document as usize], clause, &typed);
        state.numbered = true;
        self.apply_clause(state, document, clause, version)
    }

    /// The clauses of a level that lie inside the current focus, in every document in scope.
    fn candidates(&self, state: &State, level: Level, kind: Kind) -> Vec<(u16, u32)> {
        let mut found = Vec::new();
        for document_index in self.scope(state) {
            let document = &self.corpus.documents[document_index as usize];
            for (index, clause) in document.clauses.iter().enumerate() {
                if clause.level != level || clause.kind != kind {
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
        version_clause_name(document_ref, clause as usize, version)
    }

    fn naming_version(&self, state: &State, document: &Document) -> Option<usize> {
        if let Some(hint) = state.explicit_version.or(state.hint) {
            return Some(hint as usize);
        }
        let chinese = state.chinese && !state.english;
        versions_for_language(document, chinese)
    }

    fn apply_version(&self, state: &mut State, target: &Target) -> Result<(), CiteError> {
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
            // The version is named before anything else: remember the role for later.
            return Err(error("malformed-citation", &["Name the version after the clause, as in \"Development Program (9) ¶3 (official translation)\"."], Vec::new()));
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
    fn apply_clause(
        &self,
        state: &mut State,
        document: u16,
        clause: u32,
        version: Option<u16>,
    ) -> Result<(), CiteError> {
        if state.paragraph.is_some() || state.sentences.is_some() {
            return Err(error("malformed-citation", &[
                    "\"",
                    &self.name(state, document, clause),
                    "\" comes after the paragraph or sentence: write the larger unit first, as in \"Development Program (9) ¶3\".",
                ], Vec::new()));
        }
        if let Some(current) = state.document {
            if current != document {
                let named = &self.corpus.documents[current as usize];
                return Err(error(
                    "inconsistent-citation",
                    &[
                        "\"",
                        &self.name(state, document, clause),
                        "\" is not in ",
                        document_short_name(named, NameLanguage::English),
                        ".",
                    ],
                    Vec::new(),
                ));
            }
        }
        let document_ref = &self.corpus.documents[document as usize];
        if let Some(focus) = state.focus {
            if focus != clause
                && (!document_ref.is_ancestor(focus, clause) || state.focus_end.is_some())
            {
                let name = self.name(state, document, clause);
                return Err(error(
                    "inconsistent-citation",
                    &[
                        "\"",
                        &name,
                        "\" is not part of \"",
                        &self.name(state, document, focus),
                        "\".",
                    ],
                    vec![name.clone()],
                ));
            }
        }
        state.document = Some(document);
        state.focus = Some(clause);
        if state.hint.is_none() {
            state.hint = version;
        }
        Ok(())
    }

    fn part(
        &self,
        tokens: &Tokens,
        start: usize,
        end: usize,
        state: &mut State,
        value: u32,
    ) -> Result<Step, CiteError> {
        let parts = self.candidates(state, Level::Part, Kind::Heading);
        let found = self.numbered(&parts, value);
        match found.as_slice() {
            [place] => {
                self.apply_numbered(tokens, start, end, state, *place)?;
                Ok(Step::Read(end))
            }
            _ if parts.is_empty() => Err(error(
                "unknown-citation",
                &["Nothing named here has parts; the Policy Paper has Parts I–III."],
                vec!["Part I".into(), "Part II".into(), "Part III".into()],
            )),
            _ => {
                let names = self.names_of(state, &parts);
                Err(error(
                    "out-of-range",
                    &[
                        "There is no Part ",
                        &to_roman(value),
                        ": the Policy Paper has ",
                        &decimal(parts.len() as u64),
                        " parts, ",
                        &range_text(&names),
                        ".",
                    ],
                    names,
                ))
            }
        }
    }

    /// A program's number followed by a full stop, an enumeration comma or a bracket.
    fn program_number(
        &self,
        tokens: &Tokens,
        at: usize,
        state: &mut State,
    ) -> Result<Step, CiteError> {
        let Some((value, written, end)) = read_number(tokens, at) else {
            return Ok(Step::NotHere);
        };
        let follows = tokens.kind(end);
        let marked = match follows {
            Some(TokenKind::Period) => true,
            Some(TokenKind::Comma) => written == Written::Chinese,
            Some(TokenKind::Open) => true,
            _ => false,
        };
        if !marked || written == Written::Word {
            return Ok(Step::NotHere);
        }
        if let Some(focus) = state.focus {
            let document = &self.corpus.documents[state.document.unwrap_or(0) as usize];
            if document.clauses[focus as usize].level >= Level::Program {
                return Ok(Step::NotHere);
            }
        }
        let programs = self.candidates(state, Level::Program, Kind::Heading);
        let found = self.numbered(&programs, value);
        let after = if matches!(follows, Some(TokenKind::Period | TokenKind::Comma)) {
            end + 1
        } else {
            end
        };
        match found.as_slice() {
            [place] => {
                if written == Written::Chinese {
                    state.chinese = true;
                }
                self.apply_numbered(tokens, at, end, state, *place)?;
                Ok(Step::Read(after))
            }
            _ if programs.is_empty() => Ok(Step::NotHere),
            _ => {
                let names = self.names_of(state, &programs);
                Err(error(
                    "out-of-range",
                    &[
                        "There is no program ",
                        &decimal(value as u64),
                        ": Part III has ",
                        &decimal(programs.len() as u64),
                        " programs, ",
                        &separated(&names, ", "),
                        ".",
                    ],
                    names,
                ))
            }
        }
    }

    /// A section label in brackets, `(9)`, `(IX)`, `(九)`, `(F)`, optionally a range
    /// `(9)–(10)` and a trailing 项 or 节.
    fn section_label(
        &self,
        tokens: &Tokens,
        at: usize,
        state: &mut State,
    ) -> Result<Step, CiteError> {
        let Some((label, end)) = bracketed_label(tokens, at) else {
            return Ok(Step::NotHere);
        };
        if let (Some(document), Some(focus)) = (state.document, state.focus) {
            let document_ref = &self.corpus.documents[document as usize];
            let focus_clause = &document_ref.clauses[focus as usize];
            if focus_clause.level == Level::Section && state.paragraph.is_none() {
                // A label after a section's title repeats it: "Tax Cooperation (16)".
                let parent_state = State {
                    document: Some(document),
                    focus: focus_clause.parent,
                    hint: state.hint,
                    english: state.english,
                    chinese: state.chinese,
                    ..State::default()
                };
                let (_, section, _) = self.find_section(&parent_state, &label, tokens, at, end)?;
                if section != focus {
                    let name = self.name(state, document, focus);
                    return Err(error(
                        "inconsistent-citation",
                        &[&source_text(tokens, at, end), " is not \"", &name, "\"."],
                        vec![name.clone()],
                    ));
                }
                state.numbered = true;
                return Ok(Step::Read(end));
            }
        }
        let (document, section, version) = self.find_section(state, &label, tokens, at, end)?;
        if label.chinese {
            state.chinese = true;
        }
        state.numbered = true;
        self.apply_clause(state, document, section, version)?;
        let mut after = end;
        // A range of sections: "(9)–(10)", "(九)至(十)".
        if tokens.is(after, TokenKind::Dash)
            || tokens.is_text(after, "至")
            || tokens.is_text(after, "to")
        {
            if let Some((end_label, range_end)) = bracketed_label(tokens, after + 1) {
                let parent_state = State {
                    document: Some(document),
                    focus: self.corpus.documents[document as usize].clauses[section as usize]
                        .parent,
                    hint: state.hint,
                    chinese: state.chinese,
                    english: state.english,
                    ..State::default()
                };
                let (_, last, _) =
                    self.find_section(&parent_state, &end_label, tokens, after + 1, range_end)?;
                if last <= section {
                    return Err(error(
                        "invalid-range",
                        &[
                            "A range runs forward: \"",
                            &self.name(state, document, last),
                            "\" comes before \"",
                            &self.name(state, document, section),
                            "\".",
                        ],
                        Vec::new(),
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

    /// Finds the section a typed label names, in the scheme of the version the citation uses.
    fn find_section(
        &self,
        state: &State,
        label: &Label,
        tokens: &Tokens,
        start: usize,
        end: usize,
    ) -> Result<(u16, u32, Option<u16>), CiteError> {
        if let Some(focus) = state.focus {
            let document = &self.corpus.documents[state.document.unwrap_or(0) as usize];
            if document.clauses[focus as usize].level >= Level::Section {
                return Err(error("malformed-citation", &[
                        "\"",
                        &source_text(tokens, start, end),
                        "\" follows a section: a section label comes right after its program, as in \"Development Program (9)\".",
                    ], Vec::new()));
            }
        }
        let sections = self.candidates(state, Level::Section, Kind::Heading);
        // (section, version, exact spelling)
        let mut matches: Vec<(u16, u32, u16, bool)> = Vec::new();
        for &(document_index, clause) in &sections {
            let document = &self.corpus.documents[document_index as usize];
            for version in 0..document.versions.len() {
                let Some(written) = document.label_of(&document.clauses[clause as usize], version)
                else {
                    continue;
                };
                let (exact, by_value) = same_label(label, &label_of_text(written));
                if exact || by_value {
                    matches.push((document_index, clause, version as u16, exact));
                }
            }
        }
        // In the scheme of the version the program's name came from, when there is one.
        let mut chosen = Vec::new();
        if let Some(hint) = state.hint {
            for found in &matches {
                if found.2 == hint {
                    chosen.push(*found);
                }
            }
        }
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
                let version = chosen
                    .iter()
                    .find(|m| m.3 && Some(m.2) == state.hint)
                    .or_else(|| chosen.iter().find(|m| m.3))
                    .map(|m| m.2);
                Ok((*document, *clause, version))
            }
            [] => {
                let typed = source_text(tokens, start, end);
                match state.focus {
                    Some(focus) if !sections.is_empty() => {
                        let document = state.document.unwrap_or(0);
                        let mut labels = Vec::new();
                        for &(_, clause) in &sections {
                            labels.push(self.section_label_text(state, document, clause));
                        }
                        let name = self.name(state, document, focus);
                        let range = range_text(&labels);
                        Err(error(
                            "out-of-range",
                            &[
                                &name,
                                " has no section ",
                                &typed,
                                ": it has sections ",
                                &range,
                                ".",
                            ],
                            vec![join(&[&name, " has sections ", &range])],
                        ))
                    }
                    _ => Err(error(
                        "unknown-citation",
                        &["No section is labelled ", &typed, "."],
                        Vec::new(),
                    )),
                }
            }
            several => {
                let names = self.names_of(state, several);
                let example = first_or_empty(&names);
                Err(error(
                    "ambiguous-citation",
                    &[
                        &source_text(tokens, start, end),
                        " could be any of ",
                        &decimal(names.len() as u64),
                        " sections: name the program, as in \"",
                        &example,
                        "\".",
                    ],
                    names,
                ))
            }
        }
    }

    /// A section's label as the citation's scheme writes it: "(9)", "(IX)", "(九)".
    fn section_label_text(&self, state: &State, document: u16, clause: u32) -> String {
        let document_ref = &self.corpus.documents[document as usize];
        let clause_ref = &document_ref.clauses[clause as usize];
        let label = self
            .naming_version(state, document_ref)
            .and_then(|version| document_ref.label_of(clause_ref, version));
        match label {
            Some(label) => String::from(label.trim()),
            None => join(&["(", &decimal(clause_ref.number as u64), ")"]),
        }
    }

    /// A section read by its number (`§9`, "section 9", 第9项), the component ending at token
    /// `end`.
    fn section_by_number(
        &self,
        state: &mut State,
        value: u32,
        end: usize,
    ) -> Result<Step, CiteError> {
        let sections = self.candidates(state, Level::Section, Kind::Heading);
        let found = self.numbered(&sections, value);
        match found.as_slice() {
            [(document, clause)] => {
                state.numbered = true;
                self.apply_clause(state, *document, *clause, None)?;
                Ok(Step::Read(end))
            }
            [] => Err(error(
                "out-of-range",
                &["There is no section ", &decimal(value as u64), " here."],
                Vec::new(),
            )),
            several => {
                let names = self.names_of(state, several);
                Err(error(
                    "ambiguous-citation",
                    &[
                        "Section ",
                        &decimal(value as u64),
                        " could be any of ",
                        &decimal(names.len() as u64),
                        " sections: name the program.",
                    ],
                    names,
                ))
            }
        }
    }

    /// A paragraph number (and range) after its keyword.
    fn paragraph(
        &self,
        tokens: &Tokens,
        at: usize,
        state: &mut State,
        closing: Option<&str>,
    ) -> Result<Step, CiteError> {
        let Some((first, _, end)) = read_number(tokens, at) else {
            return Err(error(
                "malformed-citation",
                &["A paragraph needs a number, as in \"¶3\", \"para. 3\" or \"第3段\"."],
                Vec::new(),
            ));
        };
        let Some((last, end)) = number_range_rest(tokens, first, end, true, closing) else {
            return Ok(Step::NotHere);
        };
        if state.paragraph.is_some() {
            return Err(error(
                "malformed-citation",
                &["The citation names two paragraphs; a range is written \"¶2–3\"."],
                Vec::new(),
            ));
        }
        if state.focus_end.is_some() {
            return Err(error(
                "malformed-citation",
                &["A range of sections cannot be narrowed to a paragraph."],
                Vec::new(),
            ));
        }
        let (document, parent) = self.paragraph_parent(state, first)?;
        let document_ref = &self.corpus.documents[document as usize];
        let mut paragraphs = Vec::new();
        for (index, clause) in document_ref.clauses.iter().enumerate() {
            if clause.kind == Kind::Paragraph && clause.parent == parent {
                paragraphs.push(index as u32);
            }
        }
        let by_number = |number: u32| {
            paragraphs
                .iter()
                .copied()
                .find(|&index| document_ref.clauses[index as usize].number as u32 == number)
        };
        let place = match parent {
            Some(parent) => self.name(state, document, parent),
            None => String::from(document_short_name(document_ref, NameLanguage::English)),
        };
        if paragraphs.is_empty() {
            let mut suggestions = Vec::new();
            if let Some(parent) = parent {
                if let Some(child) = document_ref.children_of(parent).find(|&child| {
                    document_ref.children_of(child).any(|grandchild| {
                        document_ref.clauses[grandchild as usize].kind == Kind::Paragraph
                    })
                }) {
                    suggestions.push(join(&[&self.name(state, document, child), " ¶1"]));
                }
            }
            return Err(error(
                "out-of-range",
                &[
                    &place,
                    " has no paragraphs of its own; cite one of its sections.",
                ],
                suggestions,
            ));
        }
        let count = paragraphs.len();
        let plural = if count == 1 {
            "paragraph"
        } else {
            "paragraphs"
        };
        let count = decimal(count as u64);
        let no_paragraph = |number: u32| {
            let has = join(&[&place, " has ", &count, " ", plural]);
            let message = join(&[
                &place,
                " has no paragraph ",
                &decimal(number as u64),
                ": it has ",
                &count,
                " ",
                plural,
                ".",
            ]);
            CiteError {
                code: "out-of-range",
                message,
                suggestions: vec![has],
            }
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
    fn paragraph_parent(
        &self,
        state: &State,
        number: u32,
    ) -> Result<(u16, Option<u32>), CiteError> {
        if let (Some(document), Some(focus)) = (state.document, state.focus) {
            return Ok((document, Some(focus)));
        }
        if let Some(document) = state.document {
            return Ok((document, None));
        }
        let number = decimal(number as u64);
        let mut suggestions = Vec::new();
        for (index, document) in self.corpus.documents.iter().enumerate() {
            let has_top_paragraphs = document
                .clauses
                .iter()
                .any(|clause| clause.kind == Kind::Paragraph && clause.parent.is_none());
            if has_top_paragraphs {
                suggestions.push(join(&[
                    document_short_name(document, NameLanguage::English),
                    ", ¶",
                    &number,
                ]));
            }
            if let Some(preface) = document
                .clauses
                .iter()
                .position(|clause| clause.level == Level::Preface)
            {
                suggestions.push(join(&[
                    &self.name(state, index as u16, preface as u32),
                    " ¶",
                    &number,
                ]));
            }
        }
        Err(error(
            "ambiguous-citation",
            &[
                "¶",
                &number,
                " of what? Name the place first, as in \"Preface ¶",
                &number,
                "\" or \"Development Program (9) ¶",
                &number,
                "\".",
            ],
            suggestions,
        ))
    }

    fn sentence(
        &self,
        tokens: &Tokens,
        at: usize,
        state: &mut State,
        closing: Option<&str>,
    ) -> Result<Step, CiteError> {
        let Some((first, _, end)) = read_number(tokens, at) else {
            return Ok(Step::NotHere);
        };
        let Some((last, end)) = number_range_rest(tokens, first, end, false, closing) else {
            return Ok(Step::NotHere);
        };
        if state.sentences.is_some() {
            return Err(error(
                "malformed-citation",
                &["The citation names sentences twice; a range is written \"s2–3\"."],
                Vec::new(),
            ));
        }
        if state.focus.is_none() && state.paragraph.is_none() {
            return Err(error("malformed-citation", &["A sentence belongs to a clause: name the clause first, as in \"Preface ¶3 s2\"."
                    ], Vec::new()));
        }
        if last < first {
            return Err(backward_range("s", first, last));
        }
        state.sentences = Some((first, last));
        state.numbered = true;
        Ok(Step::Read(end))
    }

    /// Chinese ordinals: 第三部分, 第3段, 第2句, 第（四）项, 第四项.
    fn chinese_ordinal(
        &self,
        tokens: &Tokens,
        at: usize,
        state: &mut State,
    ) -> Result<Step, CiteError> {
        state.chinese = true;
        if tokens.is(at + 1, TokenKind::Open) {
            return self.section_label(tokens, at + 1, state);
        }
        let Some((value, _, end)) = read_number(tokens, at + 1) else {
            return Ok(Step::NotHere);
        };
        if tokens.is_text(end, "部") && tokens.is_text(end + 1, "分") {
            return self.part(tokens, at, end + 2, state, value);
        }
        // Look past a possible range for the closing character.
        let mut closing_at = end;
        if let Some((_, range_end)) = range_end(tokens, end, false) {
            closing_at = range_end;
        }
        if tokens.is_text(closing_at, "段") {
            return self.paragraph(tokens, at + 1, state, Some("段"));
        }
        if tokens.is_text(closing_at, "句") {
            return self.sentence(tokens, at + 1, state, Some("句"));
        }
        if tokens.is_text(end, "项") || tokens.is_text(end, "节") {
            return self.section_by_number(state, value, end + 1);
        }
        Ok(Step::NotHere)
    }

    /// A name from the tables: a document, a part or section title, a program, the Preface.
    fn named(
        &self,
        tokens: &Tokens,
        at: usize,
        end: usize,
        phrases: &[&Phrase],
        state: &mut State,
        running: bool,
    ) -> Result<Step, CiteError> {
        let mut end = end;
        // Keep the names that fit what the citation already named.
        let mut targets: Vec<(&Target, Option<u16>, bool)> = Vec::new();
        for phrase in phrases {
            let fits = match &phrase.target {
                Target::Document(document) => {
                    state.document.map_or(true, |current| current == *document)
                }
                Target::Clause(document, clause) => {
                    state.document.map_or(true, |current| current == *document)
                        && state.focus.map_or(true, |focus| {
                            focus == *clause
                                || self.corpus.documents[*document as usize]
                                    .is_ancestor(focus, *clause)
                        })
                }
                _ => false,
            };
            if !fits && phrases.len() > 1 {
                continue;
            }
            match targets
                .iter_mut()
                .find(|(target, _, _)| **target == phrase.target)
            {
                Some(existing) => {
                    if existing.1 != phrase.version {
                        existing.1 = None;
                    }
                }
                None => targets.push((&phrase.target, phrase.version, phrase.short)),
            }
        }
        // A document's title is also its title heading's: read it as the document.
        let mut documents = Vec::new();
        for (target, _, _) in &targets {
            if let Target::Document(document) = target {
                documents.push(*document);
            }
        }
        targets.retain(|(target, _, _)| match target {
            Target::Clause(document, clause) => {
                !(documents.contains(document)
                    && self.corpus.documents[*document as usize].clauses[*clause as usize].level
                        == Level::Document)
            }
            _ => true,
        });
        match targets.as_slice() {
            [] => Ok(Step::NotHere),
            [(Target::Document(document), _, _)] => {
                if let Some(current) = state.document {
                    if current != *document {
                        return Err(error(
                            "inconsistent-citation",
                            &["The citation names two different documents."],
                            Vec::new(),
                        ));
                    }
                }
                // In running text a document's name after a clause starts other text; in a
                // citation, a document's own title after its clause ("…, Zhou Zhiwei: …")
                // repeats it.
                if running && (state.focus.is_some() || state.paragraph.is_some()) {
                    return Ok(Step::NotHere);
                }
                state.document = Some(*document);
                Ok(Step::Read(end))
            }
            [(Target::Clause(document, clause), version, short)] => {
                if *short
                    && tokens.kind(end) == Some(TokenKind::Word)
                    && PROGRAM_NOUNS.contains(&tokens.text(end))
                {
                    end += 1;
                }
                let clause_ref =
                    &self.corpus.documents[*document as usize].clauses[*clause as usize];
                if running && clause_ref.level == Level::Document && state.focus.is_some() {
                    return Ok(Step::NotHere);
                }
                // A document's title heading named after the document repeats it.
                if clause_ref.level == Level::Document
                    && state.document == Some(*document)
                    && state.focus.is_none()
                {
                    return Ok(Step::Read(end));
                }
                self.apply_clause(state, *document, *clause, *version)?;
                Ok(Step::Read(end))
            }
            several => {
                let mut names = Vec::new();
                for (target, _, _) in several {
                    match target {
                        Target::Clause(document, clause) => {
                            names.push(self.name(state, *document, *clause));
                        }
                        Target::Document(document) => {
                            names.push(String::from(document_short_name(
                                &self.corpus.documents[*document as usize],
                                NameLanguage::English,
                            )))
                        }
                        _ => {}
                    }
                }
                let example = first_or_empty(&names);
                Err(error(
                    "ambiguous-citation",
                    &[
                        "\"",
                        &source_text(tokens, at, end),
                        "\" names ",
                        &decimal(names.len() as u64),
                        " places: say which, as in \"",
                        &example,
                        "\".",
                    ],
                    names,
                ))
            }
        }
    }

    fn check_sentences(
        &self,
        document: &Document,
        clause: u32,
        state: &mut State,
        version: u16,
    ) -> Result<(), CiteError> {
        let Some((first, last)) = state.sentences else {
            return Ok(());
        };
        let clause_ref = &document.clauses[clause as usize];
        let count = document.sentences_of(clause_ref, version as usize).count() as u32;
        let version_ref = &document.versions[version as usize];
        let place = version_clause_name(document, clause as usize, Some(version as usize));
        if first == 0 {
            return Err(error(
                "out-of-range",
                &["Sentences are counted from 1."],
                Vec::new(),
            ));
        }
        if count == 0 {
            return Err(no_text(&place, version_ref));
        }
        if last > count {
            let plural = if count == 1 { "sentence" } else { "sentences" };
            let count = decimal(count as u64);
            let has = join(&[&place, " has ", &count, " ", plural, " in "]);
            return Err(error(
                "out-of-range",
                &[
                    &has,
                    "the ",
                    role_words(version_ref.role),
                    " (",
                    &version_ref.id,
                    "); there is no sentence ",
                    &decimal(last as u64),
                    ".",
                ],
                vec![join(&[&has, &version_ref.id])],
            ));
        }
        Ok(())
    }

    fn finish(&self, state: &mut State) -> Result<Citation, CiteError> {
        let Some(document_index) = state.document else {
            return Err(error(
                "unknown-citation",
                &["The citation names no clause."],
                Vec::new(),
            ));
        };
        let document = &self.corpus.documents[document_index as usize];
        let clause = match state.paragraph.or(state.focus) {
            Some(clause) => clause,
            None => match document
                .clauses
                .iter()
                .position(|clause| clause.level == Level::Document)
            {
                Some(title) => title as u32,
                None => {
                    let mut suggestions = Vec::new();
                    for (index, clause) in document.clauses.iter().enumerate() {
                        if matches!(clause.level, Level::Preface | Level::Part) {
                            suggestions.push(self.name(state, document_index, index as u32));
                        }
                    }
                    return Err(error("incomplete-citation", &[
                            "\"",
                            document_short_name(document, NameLanguage::English),
                            "\" names the whole document: add the place, such as a part, a program's section or a paragraph.",
                        ], suggestions));
                }
            },
        };
        let end_clause = if state.paragraph.is_some() {
            state.paragraph_end
        } else {
            state.focus_end
        };
        let mut hint = state.explicit_version.or(state.hint);
        if hint.is_none() && !state.from_id {
            hint = versions_for_language(document, state.chinese && !state.english)
                .map(|index| index as u16);
        }
        if hint.is_none() && state.sentences.is_some() {
            hint = Some(0);
        }
        if state.sentences.is_some() {
            if end_clause.is_some() {
                return Err(error(
                    "malformed-citation",
                    &["Sentences can be selected in one clause, not in a range of clauses."],
                    Vec::new(),
                ));
            }
            self.check_sentences(document, clause, state, hint.unwrap_or(0))?;
        }
        Ok(Citation {
            document: document_index,
            clause,
            end_clause,
            sentences: state
                .sentences
                .map(|(first, last)| (first as u16, last as u16)),
            version_hint: hint,
        })
    }

    /// The error for input the grammar does not read at token `at`.
    fn not_understood(
        &self,
        tokens: &Tokens,
        at: usize,
        components: usize,
        source: &str,
    ) -> CiteError {
        let start = tokens
            .list
            .get(at)
            .map_or(source.len(), |token| token.start as usize);
        if components == 0 {
            let suggestions = self.did_you_mean(tokens, at, source);
            let typed = first_chars(source.trim(), 60);
            let message = match suggestions.first() {
                Some(first) => join(&[
                    "\"",
                    typed,
                    "\" is not a citation this document knows; did you mean \"",
                    first,
                    "\"?",
                ]),
                None => join(&[
                    "\"",
                    typed,
                    "\" is not a citation this document knows. Cite a place such as \"Preface ¶3\", \"Part III\", \"Development Program (9) ¶3\", \"发展工程（九）第3段\" or a section title such as \"Tax Cooperation\".",
                ]),
            };
            CiteError {
                code: "unknown-citation",
                message,
                suggestions,
            }
        } else {
            let read = source.get(..start).unwrap_or("").trim();
            let rest = first_chars(source.get(start..).unwrap_or("").trim(), 40);
            error(
                "malformed-citation",
                &[
                    "I read \"",
                    read,
                    "\" but not what follows it: \"",
                    rest,
                    "\".",
                ],
                match self.resolve_prefix(read) {
                    Some(name) => vec![name],
                    None => Vec::new(),
                },
            )
        }
    }

    fn resolve_prefix(&self, read: &str) -> Option<String> {
        if read.is_empty() {
            return None;
        }
        let tokens = tokenize(read);
        let reading = self.read(&tokens, 0, Mode::Whole, read).ok()?;
        (reading.end == tokens.len()).then(|| String::from(read))
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
        if typed.is_empty() || typed.chars().count() > 80 {
            return Vec::new();
        }
        let mut best: Vec<(usize, String)> = Vec::new();
        for phrase in &self.tables.names.phrases {
            let name = separated(&phrase.words, " ");
            if name.chars().count() > 80 {
                continue;
            }
            let distance = edit_distance(&typed, &name);
            let allowed = (name.chars().count() / 4).max(1);
            if distance == 0 || distance > allowed {
                continue;
            }
            let replacement = match &phrase.target {
                Target::Clause(document, clause) => version_clause_name(
                    &self.corpus.documents[*document as usize],
                    *clause as usize,
                    phrase.version.map(|v| v as usize),
                ),
                Target::Document(document) => String::from(document_short_name(
                    &self.corpus.documents[*document as usize],
                    NameLanguage::English,
                )),
                _ => continue,
            };
            let start_byte = tokens.list.get(at).map_or(0, |token| token.start as usize);
            let end_byte = tokens
                .list
                .get(end.saturating_sub(1))
                .map_or(0, |token| token.end as usize);
            let mut corrected = String::new();
            corrected.push_str(source.get(..start_byte).unwrap_or(""));
            corrected.push_str(&replacement);
            corrected.push_str(source.get(end_byte..).unwrap_or(""));
            let corrected = String::from(corrected.trim());
            let corrected_tokens = tokenize(&corrected);
            let resolves = self
                .read(&corrected_tokens, 0, Mode::Whole, &corrected)
                .is_ok();
            if resolves && !best.iter().any(|(_, existing)| *existing == corrected) {
                best.push((distance, corrected));
            }
        }
        crate::order::sort(&mut best);
        best.truncate(3);
        let mut names = Vec::new();
        for (_, name) in best {
            names.push(name);
        }
        names
    }
}

/// A range's end after a first number: "–3", "-¶3", " to 3", "至3".
/// After a paragraph or sentence number `first` ending at token `end`: an optional range end
/// ("–3", "to 3") and, when the number opened with a bracket, its `closing` token. Returns the
/// last number and the token after all of it, or `None` when the closing bracket is missing.
fn number_range_rest(
    tokens: &Tokens,
    first: u32,
    end: usize,
    paragraph: bool,
    closing: Option<&str>,
) -> Option<(u32, usize)> {
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
    let is_mark =
        tokens.is(at, TokenKind::Dash) || tokens.is_text(at, "to") || tokens.is_text(at, "至");
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
            while end < inside + 4
                && tokens.is(end, TokenKind::Han)
                && is_numeral_han(tokens.text(end))
            {
                end += 1;
            }
            end
        }
        _ => return None,
    };
    if end == inside || !tokens.is(end, TokenKind::Close) {
        return None;
    }
    let mut text = String::new();
    for index in inside..end {
        text.push_str(tokens.text(index));
    }
    let label = label_of_text(&text);
    // A word in brackets is a label only if it reads as a number or a single letter.
    if tokens.is(inside, TokenKind::Word) && label.value.is_none() && label.raw.chars().count() != 1
    {
        return None;
    }
    Some((label, end + 1))
}

/// The version whose label for a clause is spelled exactly as typed.
fn label_version(document: &Document, clause: u32, typed: &[String]) -> Option<u16> {
    let clause_ref = document.clauses.get(clause as usize)?;
    (0..document.versions.len())
        .find(|&version| {
            document
                .label_of(clause_ref, version)
                .is_some_and(|label| phrase_words(label) == typed)
        })
        .map(|version| version as u16)
}

/// A copy of the first of `names`, or the empty string: the example an ambiguity error gives.
fn first_or_empty(names: &[String]) -> String {
    String::from(names.first().map_or("", String::as_str))
}

fn source_text(tokens: &Tokens, start: usize, end: usize) -> String {
    let mut text = String::new();
    for index in start..end.min(tokens.len()) {
        text.push_str(tokens.text(index));
    }
    text
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
                let number = words
                    .last()
                    .and_then(|word| parse_any(word))
                    .map(|(value, _)| value);
                (words.len().saturating_sub(1), number)
            };
            let regular = labels.iter().all(|label| stem(label).1.is_some())
                && labels.iter().all(|label| stem(label).0 == stem(first).0);
            if regular {
                let words = phrase_words(last);
                let tail = if words.len() > 1 {
                    last.rsplit(' ').next().unwrap_or(last)
                } else {
                    last
                };
                join(&[first, "–", tail])
            } else {
                separated(labels, ", ")
            }
        }
    }
}

/// The byte offset after the first `count` characters of `text` (its length when it is
/// shorter).
pub(crate) fn char_offset(text: &str, count: usize) -> usize {
    text.char_indices()
        .nth(count)
        .map_or(text.len(), |(offset, _)| offset)
}

/// The first `count` characters of `text`.
pub(crate) fn first_chars(text: &str, count: usize) -> &str {
    text.get(..char_offset(text, count)).unwrap_or(text)
}

/// The error for a range written backwards: "A range runs forward: write ¶3–2, not ¶2–3."
fn backward_range(mark: &str, first: u32, last: u32) -> CiteError {
    let (first, last) = (decimal(first as u64), decimal(last as u64));
    error(
        "invalid-range",
        &[
            "A range runs forward: write ",
            mark,
            &last,
            "–",
            &first,
            ", not ",
            mark,
            &first,
            "–",
            &last,
            ".",
        ],
        Vec::new(),
    )
}

pub(crate) fn role_words(role: crate::corpus::Role) -> &'static str {
    match role {
        crate::corpus::Role::Original => "original",
        crate::corpus::Role::OfficialTranslation => "official translation",
        crate::corpus::Role::UnofficialTranslation => "unofficial translation",
    }
}

pub(crate) fn unknown_version(document: &Document, wanted: &str) -> CiteError {
    let mut ids = Vec::new();
    for version in &document.versions {
        ids.push(version.id.clone());
    }
    error(
        "unknown-version",
        &[
            "This document has no version \"",
            wanted,
            "\"; its versions are ",
            &separated(&ids, ", "),
            ".",
        ],
        ids,
    )
}

/// The error for a clause without text in a version: "Preface ¶3 has no text in the original
/// (zh)."
pub(crate) fn no_text(place: &str, version: &crate::corpus::Version) -> CiteError {
    error(
        "no-text",
        &[
            place,
            " has no text in the ",
            role_words(version.role),
            " (",
            &version.id,
            ").",
        ],
        Vec::new(),
    )
}

/// Levenshtein distance over characters, for short names only.
fn edit_distance(a: &str, b: &str) -> usize {
    let length = b.chars().count();
    let mut previous = Vec::with_capacity(length + 1);
    for j in 0..=length {
        previous.push(j);
    }
    let mut current = vec![0; length + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.chars().enumerate() {
            let cost = if ca == cb { 0 } else { 1 };
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        core::mem::swap(&mut previous, &mut current);
    }
    previous[length]
}
