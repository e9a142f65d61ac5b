//! The name tables the parser matches against, built from the corpus when a [`Resolver`] is
//! made: every version's document titles, the short titles and aliases the manifests give,
//! every heading's title in every version (with and without a trailing acronym), the short names
//! of levels cited by title ("Solidarity" for "Solidarity Program", "团结" for "团结工程"), and
//! the last segment of the ids of front matter and meta lines. The names of versions by their
//! role ("official translation", "原文") are grammar, and the only names written here.

use super::tokens::{phrase_words, TokenKind, Tokens};
use crate::model::{Corpus, Kind, Role};

/// What a name points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Document(u16),
    Clause(u16, u32),
    /// A version named by its role ("official translation").
    Role(Role),
    /// A version named by its id ("en-blog").
    VersionId(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub words: Vec<String>,
    pub target: Target,
    /// The version that writes this name, when only some versions do.
    pub version: Option<u16>,
    /// A short name without the level's noun ("Solidarity", "团结").
    pub short: bool,
    /// Whether the name may start a citation found in running text.
    pub anchor: bool,
}

/// A set of names with an index by first word.
#[derive(Default)]
pub(crate) struct PhraseTable {
    pub phrases: Vec<Phrase>,
    /// Positions in `phrases`, sorted by first word (stably).
    by_first: Vec<u32>,
}

/// The longest names matching at one place: where the match ends and which names matched.
pub(crate) struct PhraseMatch<'t> {
    pub end: usize,
    pub phrases: Vec<&'t Phrase>,
}

/// How many punctuation tokens may sit between two words of a name.
const MAX_GAP: usize = 3;

/// Names longer than this many words are titles a citation never needs whole.
const MAX_NAME_WORDS: usize = 64;

impl PhraseTable {
    fn add(&mut self, name: &str, target: Target, version: Option<u16>, short: bool, anchor: bool) {
        let words = phrase_words(name);
        if words.is_empty() || words.len() > MAX_NAME_WORDS {
            return;
        }
        let duplicate =
            self.phrases.iter().any(|phrase| phrase.words == words && phrase.target == target && phrase.version == version && phrase.short == short);
        if duplicate {
            return;
        }
        self.phrases.push(Phrase { words, target, version, short, anchor });
    }

    /// Sorts the index by first word, once every name is added.
    fn index(&mut self) {
        let phrases = &self.phrases;
        let mut order: Vec<u32> = (0..phrases.len() as u32).collect();
        crate::order::sort_by(&mut order, |a, b| phrases[*a as usize].words[0].cmp(&phrases[*b as usize].words[0]));
        self.by_first = order;
    }

    /// Matches the longest names starting at token `at`. Punctuation between the words of a
    /// name is skipped (a few marks at most); in running text only dashes, quotes and brackets
    /// are, so a name never runs across a sentence.
    pub fn longest(&self, tokens: &Tokens, at: usize, running_text: bool) -> Option<PhraseMatch<'_>> {
        if !tokens.is_word(at) {
            return None;
        }
        let word = tokens.text(at);
        let first_word = |position: u32| self.phrases[position as usize].words[0].as_str();
        let start = self.by_first.partition_point(|&position| first_word(position) < word);
        let mut best_end = 0;
        let mut best: Vec<&Phrase> = Vec::new();
        for &candidate in &self.by_first[start..] {
            if first_word(candidate) != word {
                break;
            }
            let phrase = &self.phrases[candidate as usize];
            if let Some(end) = match_words(tokens, at, &phrase.words, running_text) {
                if end > best_end {
                    best_end = end;
                    best.clear();
                }
                if end == best_end {
                    best.push(phrase);
                }
            }
        }
        (!best.is_empty()).then_some(PhraseMatch { end: best_end, phrases: best })
    }
}

fn skippable(kind: TokenKind, running_text: bool) -> bool {
    match kind {
        TokenKind::Quote | TokenKind::Dash | TokenKind::Open | TokenKind::Close => true,
        TokenKind::Comma | TokenKind::Period | TokenKind::Other => !running_text,
        _ => false,
    }
}

/// Matches `words` at token `at`, returning the index after the match.
fn match_words(tokens: &Tokens, at: usize, words: &[String], running_text: bool) -> Option<usize> {
    let mut position = at;
    let mut open_brackets = 0i32;
    let mut quotes = 0u32;
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            let mut gap = 0;
            while let Some(kind) = tokens.kind(position) {
                if !skippable(kind, running_text) || gap >= MAX_GAP {
                    break;
                }
                match kind {
                    TokenKind::Open => open_brackets += 1,
                    TokenKind::Close => open_brackets -= 1,
                    TokenKind::Quote => quotes += 1,
                    _ => {}
                }
                position += 1;
                gap += 1;
            }
        }
        if !tokens.is_text(position, word) {
            return None;
        }
        position += 1;
    }
    // Close what the name opened: "(Guangming Daily)", "《…》".
    while open_brackets > 0 && tokens.is(position, TokenKind::Close) {
        open_brackets -= 1;
        position += 1;
    }
    if quotes % 2 == 1 && tokens.is(position, TokenKind::Quote) {
        position += 1;
    }
    Some(position)
}

/// The names a corpus's citations may use, indexed for the parser. Building them takes about
/// half a millisecond for the default corpus; keep them beside their corpus when resolving many
/// citations (the wasm handle does), and never use them with another corpus.
pub struct NameTables {
    pub(crate) names: PhraseTable,
    pub(crate) version_names: PhraseTable,
    /// The nouns that may follow a short name ("program", "programme", "projects").
    pub(crate) level_nouns: Vec<String>,
    /// Every clause id and former id, lower-cased: (document, clause).
    ids: Vec<(String, (u16, u32))>,
}

impl NameTables {
    /// The clause an id names: a current id or one the document published before.
    pub fn find_id(&self, id: &str) -> Option<(u16, u32)> {
        self.exact(id).or_else(|| self.exact(&id.to_ascii_lowercase()))
    }

    fn exact(&self, id: &str) -> Option<(u16, u32)> {
        let at = self.ids.partition_point(|(known, _)| known.as_str() < id);
        self.ids.get(at).filter(|(known, _)| known == id).map(|(_, place)| *place)
    }

    /// True when `text` is exactly an id as written (ids are lower case): "preface" is the
    /// Preface's former id, "Preface" is a citation.
    pub fn is_exact_id(&self, text: &str) -> bool {
        self.exact(text).is_some()
    }

    /// The documents (indexes into the corpus, in order, each once) that the names a citation
    /// starts with belong to (after any opening quotes or brackets): a document's titles, short
    /// titles and aliases, and the titles of its headings. A citation that starts with a name is
    /// read inside what the name names, so a library reads it to know which document a citation
    /// needs before it loads the document.
    pub fn documents_named(&self, text: &str) -> Vec<u16> {
        let tokens = super::tokens::tokenize(text);
        let mut at = 0;
        while matches!(tokens.kind(at), Some(super::tokens::TokenKind::Quote | super::tokens::TokenKind::Open)) {
            at += 1;
        }
        let mut documents: Vec<u16> = Vec::new();
        if let Some(found) = self.names.longest(&tokens, at, false) {
            for phrase in found.phrases {
                if let Target::Document(document) | Target::Clause(document, _) = phrase.target {
                    documents.push(document);
                }
            }
        }
        crate::order::sort(&mut documents);
        documents.dedup();
        documents
    }
}

/// The parser's view of a corpus: the corpus and its name tables.
pub struct Resolver<'c> {
    pub(crate) corpus: &'c Corpus,
    pub(crate) tables: &'c NameTables,
}

impl<'c> Resolver<'c> {
    /// A resolver over `corpus` with `tables` built from that same corpus.
    pub fn new(corpus: &'c Corpus, tables: &'c NameTables) -> Resolver<'c> {
        Resolver { corpus, tables }
    }
}

/// How people name versions by their role: grammar, the same for every document.
const ROLE_ALIASES: &[(Role, &[&str])] = &[
    (Role::Original, &["original", "Chinese original", "original Chinese", "Chinese", "原文", "中文原文", "中文"]),
    (Role::OfficialTranslation, &["official translation", "official English translation", "official English", "官方译本", "官方英文译本", "官方译文"]),
    (
        Role::UnofficialTranslation,
        &["unofficial translation", "unofficial English translation", "blog translation", "非官方译本", "非官方英文译本", "博客译本"],
    ),
];

/// The spellings of an English noun a citation may use: the noun, its plural, and for
/// "program" the British spelling.
fn noun_spellings(noun: &str) -> Vec<String> {
    let lower = noun.to_ascii_lowercase();
    let stem = lower.strip_suffix('s').filter(|stem| stem.len() > 2).unwrap_or(&lower).to_string();
    let mut spellings = vec![stem.clone(), format!("{stem}s")];
    if let Some(base) = stem.strip_suffix("program") {
        spellings.push(format!("{base}programme"));
        spellings.push(format!("{base}programmes"));
    }
    spellings
}

/// A title without the noun its level's titles share: "Solidarity Program" → "Solidarity",
/// "团结工程" → "团结"; where a version's titles share no noun, without their last word
/// ("Unity Project" → "Unity").
fn short_name<'t>(title: &'t str, noun: Option<&str>) -> Option<&'t str> {
    if let Some(noun) = noun {
        if let Some(stem) = title.strip_suffix(noun) {
            let stem = stem.trim_end();
            return (!stem.is_empty()).then_some(stem);
        }
    }
    if title.chars().last().is_some_and(crate::text::is_cjk) {
        return None;
    }
    let (stem, _) = title.trim().rsplit_once(' ')?;
    Some(stem)
}

impl NameTables {
    /// Builds the name tables from the corpus.
    pub fn new(corpus: &Corpus) -> NameTables {
        let mut names = PhraseTable::default();
        let mut version_names = PhraseTable::default();
        let mut level_nouns: Vec<String> = Vec::new();
        let mut ids: Vec<(String, (u16, u32))> = Vec::new();
        for (document_index, document) in corpus.documents.iter().enumerate() {
            for (clause_index, clause) in document.clauses.iter().enumerate() {
                ids.push((clause.id.to_ascii_lowercase(), (document_index as u16, clause_index as u32)));
            }
            for (former, clause) in &document.former_ids {
                ids.push((former.to_ascii_lowercase(), (document_index as u16, *clause)));
            }
            let document_target = Target::Document(document_index as u16);
            for (version_index, version) in document.versions.iter().enumerate() {
                names.add(&version.title, document_target.clone(), Some(version_index as u16), false, true);
                version_names.add(&version.id, Target::VersionId(version.id.clone()), None, false, false);
            }
            for (_, short) in &document.short_title.texts {
                names.add(short, document_target.clone(), None, false, true);
            }
            for alias in &document.aliases {
                names.add(alias, document_target.clone(), None, false, true);
            }
            for level in &document.levels {
                if !level.by_title {
                    continue;
                }
                for name in level.names.iter().flatten() {
                    if let Some(noun) = name.noun.as_ref().filter(|noun| !noun.chars().any(crate::text::is_cjk)) {
                        for spelling in noun_spellings(noun) {
                            if !level_nouns.contains(&spelling) {
                                level_nouns.push(spelling);
                            }
                        }
                    }
                }
            }
            for (clause_index, clause) in document.clauses.iter().enumerate() {
                let target = Target::Clause(document_index as u16, clause_index as u32);
                match clause.kind {
                    Kind::Heading => {
                        let level = document.level_of(clause);
                        for version_index in 0..document.versions.len() {
                            let Some(title) = document.title_of(clause, version_index) else {
                                continue;
                            };
                            let title = title.trim();
                            let version = Some(version_index as u16);
                            names.add(title, target.clone(), version, false, true);
                            // "Implementing the Global Governance Initiative (GGI)" is also
                            // cited without its acronym.
                            if let Some((short, _)) = title.rsplit_once(" (") {
                                if title.ends_with(')') {
                                    names.add(short, target.clone(), version, false, true);
                                }
                            }
                            if let Some(level) = level.filter(|level| level.by_title) {
                                let noun = level.names.get(version_index).and_then(Option::as_ref).and_then(|name| name.noun.as_deref());
                                if let Some(short) = short_name(title, noun) {
                                    names.add(short, target.clone(), version, true, true);
                                    // The last word a version's title ends with is a noun the
                                    // short name may take: "Unity Project", "Peace Initiatives".
                                    if let Some(last) = title.strip_prefix(short).map(str::trim) {
                                        for spelling in noun_spellings(last) {
                                            if !spelling.is_empty() && !spelling.chars().any(crate::text::is_cjk) && !level_nouns.contains(&spelling) {
                                                level_nouns.push(spelling);
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    Kind::Meta | Kind::FrontMatter => {
                        let last = super::names::last_segment(&clause.id);
                        names.add(last, target.clone(), None, false, false);
                        if clause.kind == Kind::FrontMatter {
                            names.add("front matter", target.clone(), None, false, false);
                            names.add("文前", target.clone(), None, false, false);
                        }
                    }
                    _ => {}
                }
            }
        }
        for (role, aliases) in ROLE_ALIASES {
            for alias in *aliases {
                version_names.add(alias, Target::Role(*role), None, false, false);
            }
        }
        names.index();
        version_names.index();
        // Current ids first (they were pushed first and the sort is stable), so an id that is
        // also an older one's former id keeps its own clause.
        crate::order::sort_by(&mut ids, |a, b| a.0.cmp(&b.0));
        ids.dedup_by(|later, earlier| later.0 == earlier.0);
        NameTables { names, version_names, level_nouns, ids }
    }
}
