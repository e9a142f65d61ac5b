//! Human names for clauses and documents, in any version's own numbering and words:
//! "Development Program (10) ¶2" in the official translation, "Development Projects (X) ¶2" in
//! the blog's, "发展工程(十)第2段" in the original, "Article 10(2)" and "第十条第二款" in a law.
//! Names are built from the document's data (its levels, labels and titles); only the grammar
//! of writing them ("¶", "第…段", "第…款", brackets) is code.

use crate::model::{Clause, Document, Kind, LabelForm, NumberStyle, Role};
use crate::numbers::{format_number, to_chinese};

/// The language a name is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
    Chinese,
}

impl Language {
    /// The language of a BCP 47 tag: Chinese for `zh…`, English for everything else.
    pub fn of_tag(tag: &str) -> Language {
        if crate::model::primary_language(tag) == "zh" {
            Language::Chinese
        } else {
            Language::English
        }
    }
}

/// The version whose numbering names clauses in a language: in English the official English
/// translation (else any English version), in Chinese the first Chinese version (the original,
/// for the documents of this project); `None` when the document has no version in it.
pub fn version_for(document: &Document, language: Language) -> Option<usize> {
    let is = |index: usize| Language::of_tag(&document.versions[index].lang) == language;
    let versions = 0..document.versions.len();
    match language {
        Language::Chinese => versions.clone().find(|&index| is(index)),
        Language::English => versions
            .clone()
            .find(|&index| is(index) && document.versions[index].role == Role::OfficialTranslation)
            .or_else(|| versions.clone().find(|&index| is(index))),
    }
}

/// The version names are written in when none is asked for: the official English numbering,
/// else the original's.
pub fn default_version(document: &Document) -> usize {
    version_for(document, Language::English).unwrap_or(0)
}

/// A short name of the document for citations: its short title in the language, else the title
/// of its first version in the language, else its first version's title.
pub fn document_name(document: &Document, language: Language) -> String {
    let tag = match language {
        Language::English => "en",
        Language::Chinese => "zh",
    };
    if let Some(short) = document.short_title.lookup(tag) {
        return short.to_string();
    }
    version_for(document, language)
        .or(Some(0))
        .and_then(|index| document.versions.get(index))
        .map(|version| version.title.trim().to_string())
        .unwrap_or_default()
}

/// A Chinese document name as a citation writes it: in title marks (《…》), unless it already
/// carries them.
pub fn chinese_title(name: &str) -> String {
    if name.contains('《') {
        name.to_string()
    } else {
        format!("《{name}》")
    }
}

/// True for the level of articles, whose paragraphs are 款 and are cited "Article 10(2)".
fn is_article_level(document: &Document, clause: &Clause) -> bool {
    document.level_of(clause).is_some_and(|level| {
        level.names.iter().flatten().any(|name| name.noun.as_deref().is_some_and(|noun| noun == "条" || noun.eq_ignore_ascii_case("article")))
    })
}

fn letter(value: u32) -> String {
    char::from_u32(('A' as u32) + value.saturating_sub(1) % 26).map(String::from).unwrap_or_default()
}

/// A number written in a style.
pub fn number_in(value: u32, style: NumberStyle) -> String {
    match style {
        NumberStyle::Letter => letter(value),
        NumberStyle::Arabic => value.to_string(),
        NumberStyle::Roman => format_number(value, crate::numbers::NumberStyle::Roman),
        NumberStyle::Chinese => to_chinese(value),
        NumberStyle::Word => format_number(value, crate::numbers::NumberStyle::EnglishWord),
    }
}

/// A label for a clause in a version that gives none: its number in the version's style and
/// form for the level ("(9)", "Part III", "第三部分").
fn made_label(document: &Document, clause: &Clause, version: usize) -> String {
    let Some(name) = document.level_of(clause).and_then(|level| level.names.get(version)?.as_ref()) else {
        return format!("({})", clause.number);
    };
    let number = number_in(clause.number, name.style);
    let noun = name.noun.as_deref().unwrap_or("");
    match name.form {
        LabelForm::Ordinal => format!("第{number}{noun}"),
        LabelForm::NounFirst => format!("{noun} {number}"),
        LabelForm::Enumeration => format!("{number}、"),
        LabelForm::Dotted => format!("{number}."),
        LabelForm::Bracketed | LabelForm::Named => {
            if document.versions[version].is_chinese() {
                format!("（{number}）")
            } else {
                format!("({number})")
            }
        }
    }
}

/// The clause's place in the document in one version's numbering and words, without the
/// document's name ("Part III", "Development Program (10) ¶2", "前言第3段"). `None` asks for
/// the default: the official English numbering.
pub fn clause_name(document: &Document, clause_index: usize, version: Option<usize>) -> String {
    let version = version.filter(|&version| version < document.versions.len()).unwrap_or_else(|| default_version(document));
    let mut name = String::new();
    push_clause_name(document, clause_index, version, &mut name, 0);
    name
}

fn push_clause_name(document: &Document, clause_index: usize, version: usize, name: &mut String, depth: usize) {
    let Some(clause) = document.clauses.get(clause_index) else {
        return;
    };
    if depth > crate::store::limits::DEPTH {
        return;
    }
    let chinese = document.versions[version].is_chinese();
    let parent = |name: &mut String| {
        if let Some(parent) = clause.parent {
            push_clause_name(document, parent as usize, version, name, depth + 1);
        }
    };
    let title = |version: usize| document.title_of(clause, version).map(str::trim).filter(|title| !title.is_empty());
    // A name any version gives, the asked-for one first.
    let any_title = || title(version).or_else(|| (0..document.versions.len()).find_map(title));
    match clause.kind {
        Kind::FrontMatter => name.push_str(if chinese { "文前" } else { "front matter" }),
        Kind::Meta => name.push_str(last_segment(&clause.id)),
        Kind::Heading => {
            let level = document.level_of(clause);
            match level {
                None => name.push_str(any_title().unwrap_or(last_segment(&clause.id))),
                Some(level) if level.by_title => match title(version) {
                    Some(title) => name.push_str(title),
                    None => {
                        parent(name);
                        push_label(document, clause, version, chinese, name);
                    }
                },
                Some(level) => {
                    let has_noun =
                        level.names.get(version).and_then(Option::as_ref).is_some_and(|name| matches!(name.form, LabelForm::Ordinal | LabelForm::NounFirst));
                    if !has_noun {
                        parent(name);
                    }
                    push_label(document, clause, version, chinese, name);
                }
            }
        }
        Kind::Paragraph => {
            let parent_clause = clause.parent.and_then(|parent| document.clauses.get(parent as usize));
            let under_article = parent_clause.is_some_and(|parent| is_article_level(document, parent));
            parent(name);
            if clause.number == 0 {
                // A paragraph only a translation has.
                name.push_str(if chinese { "（增补段）" } else { " (added paragraph)" });
            } else if under_article {
                if chinese {
                    name.push('第');
                    name.push_str(&to_chinese(clause.number));
                    name.push('款');
                } else {
                    name.push_str(&format!("({})", clause.number));
                }
            } else if chinese {
                name.push_str(&format!("第{}段", clause.number));
            } else if name.is_empty() {
                name.push_str(&format!("¶{}", clause.number));
            } else {
                name.push_str(&format!(" ¶{}", clause.number));
            }
        }
        Kind::Item => {
            // An item of an article's only paragraph is cited from the article: 第二十七条第（三）项.
            let parent_clause = clause.parent.and_then(|parent| document.clauses.get(parent as usize));
            let skip_paragraph = parent_clause.is_some_and(|paragraph| {
                paragraph.kind == Kind::Paragraph
                    && paragraph.parent.is_some_and(|article| {
                        document.clauses.iter().filter(|other| other.parent == Some(article) && other.kind == Kind::Paragraph).count() == 1
                    })
            });
            match (skip_paragraph, parent_clause.and_then(|paragraph| paragraph.parent)) {
                (true, Some(article)) => push_clause_name(document, article as usize, version, name, depth + 1),
                _ => parent(name),
            }
            let label = document.label_of(clause, version).map(|label| label.trim().to_string()).unwrap_or_else(|| made_label(document, clause, version));
            if chinese {
                name.push('第');
                name.push_str(&label);
                name.push('项');
            } else {
                name.push_str(&label);
            }
        }
    }
}

/// Appends a clause's label as the version writes it (or one made in its scheme).
fn push_label(document: &Document, clause: &Clause, version: usize, chinese: bool, name: &mut String) {
    let label = document.label_of(clause, version).map(|label| label.trim().to_string()).unwrap_or_else(|| made_label(document, clause, version));
    if !chinese && !name.is_empty() {
        name.push(' ');
    }
    name.push_str(&label);
}

/// The last segment of a clause id: `byline` for `cmt__byline`.
pub fn last_segment(id: &str) -> &str {
    id.rsplit_once("__").map_or(id, |(_, last)| last)
}

/// A short citation with the document's name: "China's Policy Paper on Latin America and the
/// Caribbean, Development Program (10) ¶2" or "《中国对拉丁美洲和加勒比政策文件》发展工程(十)第2段".
pub fn short_citation(document: &Document, clause_index: usize, language: Language) -> String {
    let version = version_for(document, language);
    let place = clause_name(document, clause_index, version);
    let name = document_name(document, language);
    match language {
        Language::English => format!("{name}, {place}"),
        Language::Chinese => format!("{}{place}", chinese_title(&name)),
    }
}

/// The role of a version in words, in English.
pub fn role_words(role: Role) -> &'static str {
    match role {
        Role::Original => "original",
        Role::OfficialTranslation => "official translation",
        Role::UnofficialTranslation => "unofficial translation",
    }
}
