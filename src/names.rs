//! Human names for clauses, in the official English numbering and in the Chinese original's:
//! "Development Program (10) ¶2", "发展工程(十)第2段". These are the short citations shown on
//! cards and in `cite` fields; the citation module builds the formal styles on them.

use crate::prelude::*;

use crate::cite::join;
use crate::corpus::{Clause, Document, Kind, Level, Role};
use crate::numbers::{decimal, to_chinese, to_roman};

/// The language a name is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameLanguage {
    English,
    Chinese,
}

fn heading_title(document: &Document, clause: &Clause, role: Role) -> String {
    let version = document
        .versions
        .iter()
        .position(|version| version.role == role)
        .unwrap_or(0);
    document
        .title_of(clause, version)
        .map(|title| String::from(title.trim()))
        .unwrap_or_default()
}

/// A short name of the document for citations: "Policy Paper", "Zhou Zhiwei commentary".
pub fn document_short_name(document: &Document, language: NameLanguage) -> &'static str {
    match (document.id.as_str(), language) {
        ("policy-paper", NameLanguage::English) => {
            "China's Policy Paper on Latin America and the Caribbean"
        }
        ("policy-paper", NameLanguage::Chinese) => "中国对拉丁美洲和加勒比政策文件",
        ("commentary", NameLanguage::English) => {
            "Zhou Zhiwei, \"Five Major Projects\" (Guangming Daily)"
        }
        ("commentary", NameLanguage::Chinese) => "周志伟《“五大工程”推动中拉命运共同体走深走实》",
        ("blog-intro", NameLanguage::English) => "Blog introduction",
        ("blog-intro", NameLanguage::Chinese) => "博客导言",
        (_, NameLanguage::English) => "Document",
        (_, NameLanguage::Chinese) => "文件",
    }
}

/// The clause's place in the document, without the document's name: "Part III",
/// "Development Program (10) ¶2", "Preface ¶3"; or in Chinese "第三部分", "发展工程(十)第2段".
pub fn clause_name(document: &Document, clause_index: usize, language: NameLanguage) -> String {
    let Some(clause) = document.clauses.get(clause_index) else {
        return String::new();
    };
    let parent_name = |language| {
        clause
            .parent
            .map(|parent| clause_name(document, parent as usize, language))
            .unwrap_or_default()
    };
    match (clause.level, clause.kind, language) {
        (_, Kind::FrontMatter, NameLanguage::English) => String::from("front matter"),
        (_, Kind::FrontMatter, NameLanguage::Chinese) => String::from("文前"),
        (Level::Preface, _, NameLanguage::English) => String::from("Preface"),
        (Level::Preface, _, NameLanguage::Chinese) => String::from("前言"),
        (Level::Part, _, NameLanguage::English) => {
            join(&["Part ", &to_roman(clause.number as u32)])
        }
        (Level::Part, _, NameLanguage::Chinese) => {
            join(&["第", &to_chinese(clause.number as u32), "部分"])
        }
        (Level::Program, _, NameLanguage::English) => {
            heading_title(document, clause, Role::OfficialTranslation)
        }
        (Level::Program, _, NameLanguage::Chinese) => {
            heading_title(document, clause, Role::Original)
        }
        (Level::Section, _, NameLanguage::English) => join(&[
            &parent_name(NameLanguage::English),
            " (",
            &decimal(clause.number as u64),
            ")",
        ]),
        (Level::Section, _, NameLanguage::Chinese) => join(&[
            &parent_name(NameLanguage::Chinese),
            "(",
            &to_chinese(clause.number as u32),
            ")",
        ]),
        (Level::Document, _, _) => {
            let version = if language == NameLanguage::Chinese {
                0
            } else {
                document.versions.len() - 1
            };
            String::from(document.title_of(clause, version).unwrap_or("").trim())
        }
        (Level::Text, Kind::Paragraph, NameLanguage::English) => {
            let parent = parent_name(NameLanguage::English);
            let space = if parent.is_empty() { "" } else { " " };
            join(&[&parent, space, "¶", &decimal(clause.number as u64)])
        }
        (Level::Text, Kind::Paragraph, NameLanguage::Chinese) => join(&[
            &parent_name(NameLanguage::Chinese),
            "第",
            &decimal(clause.number as u64),
            "段",
        ]),
        (Level::Text, _, _) => String::from(crate::text::last_segment(&clause.id, "__")),
    }
}

/// A short citation with the document's name: "China's Policy Paper on Latin America and the
/// Caribbean, Development Program (10) ¶2".
pub fn short_citation(document: &Document, clause_index: usize, language: NameLanguage) -> String {
    let place = clause_name(document, clause_index, language);
    let name = document_short_name(document, language);
    match language {
        NameLanguage::English => join(&[name, ", ", &place]),
        NameLanguage::Chinese => join(&[&chinese_title(name), &place]),
    }
}

/// A Chinese document name as a citation writes it: in title marks (《…》), unless it already
/// carries them, as the commentary's name does. (The marks are found with a character scan:
/// `str::contains` with a non-ASCII character brings the standard library's substring searcher
/// into the wasm build.)
pub fn chinese_title(name: &str) -> String {
    if name.chars().any(|character| character == '《') {
        String::from(name)
    } else {
        join(&["《", name, "》"])
    }
}
