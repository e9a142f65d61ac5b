//! The name tables the parser matches against, built from the corpus when a [`Resolver`] is
//! made: every version's document titles, program names (with their short forms), section and
//! part titles, the Preface's heading in each version, and the last segment of the ids of
//! front matter and meta lines. Grammar aliases that no version writes ("commentary", "导言",
//! "official translation") are the only names written here.

use crate::prelude::*;

use super::tokens::{phrase_words, TokenKind, Tokens};
use crate::corpus::{Corpus, Kind, Level, Role};
use crate::names::{document_short_name, NameLanguage};

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
    /// A program's name without its generic noun ("Solidarity", "团结").
    pub short: bool,
    /// Whether the name may start a citation found in running text.
    pub anchor: bool,
}

/// A set of names with an index by first word.
#[derive(Default)]
pub(crate) struct PhraseTable {
    pub phrases: Vec<Phrase>,
    /// Positions in `phrases`, sorted by first word (stably, so the names that share a first
    /// word keep the order they were added in). Built by [`PhraseTable::index`].
    by_first: Vec<u32>,
}

/// The longest names matching at one place: where the match ends and which names matched.
pub(crate) struct PhraseMatch<'t> {
    pub end: usize,
    pub phrases: Vec<&'t Phrase>,
}

/// How many punctuation tokens may sit between two words of a name.
const MAX_GAP: usize = 3;

impl PhraseTable {
    fn add(&mut self, name: &str, target: Target, version: Option<u16>, short: bool, anchor: bool) {
        let words = phrase_words(name);
        // Names longer than this are document titles; a citation never needs more of them.
        if words.is_empty() || words.len() > 64 {
            return;
        }
        let duplicate = self.phrases.iter().any(|phrase| {
            phrase.words == words
                && phrase.target == target
                && phrase.version == version
                && phrase.short == short
        });
        if duplicate {
            return;
        }
        self.phrases.push(Phrase {
            words,
            target,
            version,
            short,
            anchor,
        });
    }

    /// Sorts the index by first word, once every name is added.
    fn index(&mut self) {
        let phrases = &self.phrases;
        self.by_first = (0..phrases.len() as u32).collect();
        crate::order::sort_by(&mut self.by_first, |a, b| {
            phrases[*a as usize].words[0].cmp(&phrases[*b as usize].words[0])
        });
    }

    /// Matches the longest names starting at token `at`. Punctuation between the words of a
    /// name is skipped (a few marks at most); in running text only dashes, quotes and brackets
    /// are, so a name never runs across a sentence.
    pub fn longest(
        &self,
        tokens: &Tokens,
        at: usize,
        running_text: bool,
    ) -> Option<PhraseMatch<'_>> {
        if !tokens.is_word(at) {
            return None;
        }
        let word = tokens.text(at);
        let first_word = |position: u32| self.phrases[position as usize].words[0].as_str();
        let start = self
            .by_first
            .partition_point(|&position| first_word(position) < word);
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
        if best.is_empty() {
            None
        } else {
            Some(PhraseMatch {
                end: best_end,
                phrases: best,
            })
        }
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

/// The names a corpus's citations may use (titles, labels, aliases, version names), indexed for
/// the parser. Building them takes about half a millisecond; keep them beside their corpus when
/// resolving many citations (the wasm handle does), and never use them with another corpus.
pub struct NameTables {
    pub(crate) names: PhraseTable,
    pub(crate) version_names: PhraseTable,
}

/// The parser's view of a corpus: the corpus and its name tables. [`crate::cite::resolve`]
/// builds the tables on every call; [`Resolver::new`] reuses tables built once.
pub struct Resolver<'c> {
    pub(crate) corpus: &'c Corpus,
    pub(crate) tables: &'c NameTables,
}

/// Grammar aliases for the documents of the default corpus, by document id: the words people
/// use for a document that no version writes as a title.
const DOCUMENT_ALIASES: &[(&str, &[&str])] = &[
    (
        "policy-paper",
        &[
            "Policy Paper",
            "LAC Policy Paper",
            "政策文件",
            "对拉政策文件",
            "拉美政策文件",
        ],
    ),
    (
        "commentary",
        &[
            "Commentary",
            "Zhou Zhiwei",
            "Zhou commentary",
            "评论",
            "周志伟",
            "周志伟评论",
        ],
    ),
    (
        "blog-intro",
        &[
            "Intro",
            "Introduction",
            "Blog intro",
            "Blog introduction",
            "导言",
            "引言",
            "博客导言",
        ],
    ),
];

const ROLE_ALIASES: &[(Role, &[&str])] = &[
    (
        Role::Original,
        &[
            "original",
            "Chinese original",
            "original Chinese",
            "Chinese",
            "原文",
            "中文原文",
            "中文",
        ],
    ),
    (
        Role::OfficialTranslation,
        &[
            "official translation",
            "official English translation",
            "official English",
            "官方译本",
            "官方英文译本",
            "官方译文",
        ],
    ),
    (
        Role::UnofficialTranslation,
        &[
            "unofficial translation",
            "unofficial English translation",
            "blog translation",
            "非官方译本",
            "非官方英文译本",
            "博客译本",
        ],
    ),
];

impl<'c> Resolver<'c> {
    /// A resolver over `corpus` with `tables` built from that same corpus.
    pub fn new(corpus: &'c Corpus, tables: &'c NameTables) -> Resolver<'c> {
        Resolver { corpus, tables }
    }
}

impl NameTables {
    /// Builds the name tables from the corpus.
    pub fn new(corpus: &Corpus) -> NameTables {
        let mut names = PhraseTable::default();
        let mut version_names = PhraseTable::default();
        for (document_index, document) in corpus.documents.iter().enumerate() {
            let document_target = Target::Document(document_index as u16);
            for (version_index, version) in document.versions.iter().enumerate() {
                names.add(
                    &version.title,
                    document_target.clone(),
                    Some(version_index as u16),
                    false,
                    true,
                );
                version_names.add(
                    &version.id,
                    Target::VersionId(version.id.clone()),
                    None,
                    false,
                    false,
                );
            }
            for language in [NameLanguage::English, NameLanguage::Chinese] {
                names.add(
                    document_short_name(document, language),
                    document_target.clone(),
                    None,
                    false,
                    true,
                );
            }
            for (id, aliases) in DOCUMENT_ALIASES {
                if *id == document.id {
                    for alias in *aliases {
                        names.add(alias, document_target.clone(), None, false, true);
                    }
                }
            }
            for (clause_index, clause) in document.clauses.iter().enumerate() {
                let target = Target::Clause(document_index as u16, clause_index as u32);
                match (clause.kind, clause.level) {
                    (Kind::Heading, _) => {
                        for version_index in 0..document.versions.len() {
                            let Some(title) = document.title_of(clause, version_index) else {
                                continue;
                            };
                            let title = title.trim();
                            let version = Some(version_index as u16);
                            names.add(title, target.clone(), version, false, true);
                            // "Implementing the Global Governance Initiative (GGI)" is also
                            // cited without its acronym.
                            if let Some((short, _)) = crate::text::rsplit_once(title, " (") {
                                if title.ends_with(')') {
                                    names.add(short, target.clone(), version, false, true);
                                }
                            }
                            if clause.level == Level::Program {
                                if let Some(short) = short_program_name(title) {
                                    names.add(short, target.clone(), version, true, true);
                                }
                            }
                        }
                    }
                    (Kind::Meta | Kind::FrontMatter, _) => {
                        let last = crate::text::last_segment(&clause.id, "__");
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
        NameTables {
            names,
            version_names,
        }
    }
}

/// A program's name without its generic noun: "Solidarity Program" → "Solidarity",
/// "People-Centered Projects" → "People-Centered", "团结工程" → "团结".
fn short_program_name(title: &str) -> Option<&str> {
    if let Some(stem) = title.strip_suffix("工程") {
        return (!stem.is_empty()).then_some(stem);
    }
    let (stem, _) = title.rsplit_once(' ')?;
    Some(stem)
}

/// Generic nouns that may follow a program's short name: "Solidarity Programme",
/// "Development Projects".
pub(crate) const PROGRAM_NOUNS: &[&str] = &[
    "program",
    "programme",
    "programs",
    "programmes",
    "project",
    "projects",
    "initiative",
    "initiatives",
];
