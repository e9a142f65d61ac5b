//! The outline of one version: its blocks read as a tree of headings, paragraphs, items and
//! meta lines, with nothing but the text to go on.
//!
//! Each block is classified by its leading label ([`super::forms`]): a heading (a label with a
//! short title, or a label alone with its title in the next block, or a named heading such as
//! 前言), an article (第十条 or "Article 10" followed by its text), a numbered item (a label
//! followed by running text), a meta line (a byline, a date, a source note) or a paragraph. The
//! headings nest by the grammar of numbering (a part contains chapters, 一、 contains （一）)
//! and, where the grammar is silent, by the order the document first uses its forms in. Two
//! repairs follow: items written inline in one paragraph (…：（一）…；（二）…) are cut out as
//! the paragraph's children, and a heading whose number is missing from its siblings' sequence
//! is looked for at the end of the paragraph before it, where copied texts often run it in.

use super::forms::{grammar_rank, is_space, is_title_like, leading_label, Label, Reading};
use crate::model::{LabelForm, NumberStyle, Span};
use crate::text::sentence_spans;

/// What a node of the outline is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Heading,
    Paragraph,
    Item,
    Meta,
}

/// A meta line's role, which also names its clause (`byline`, `date`, `source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaRole {
    Title,
    Byline,
    Date,
    Author,
    Source,
}

impl MetaRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MetaRole::Title => "title",
            MetaRole::Byline => "byline",
            MetaRole::Date => "date",
            MetaRole::Author => "author",
            MetaRole::Source => "source",
        }
    }
}

/// The class of a number's style that tells levels apart: `(一)` and `(1)` are different
/// levels of a Chinese document, `(I)` and `(1)` of an English one, while `(I)`, `(F)` and
/// `(Seventeen)` are the same level relabelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StyleClass {
    Chinese,
    Arabic,
    LatinUpper,
    LatinLower,
    None,
}

/// What identifies a level in one version: the label's form, its noun and its style class.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub form: LabelForm,
    /// The noun, lower-cased (`部分`, `part`, `条`, `article`); for a named heading, none.
    pub noun: Option<String>,
    pub class: StyleClass,
}

/// One node of a version's outline.
#[derive(Clone, Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub key: Option<Key>,
    pub label: Option<Label>,
    /// The number this node's label stands for, chosen among the label's readings.
    pub value: Option<u32>,
    pub style: Option<NumberStyle>,
    /// The node's own text: for a heading its label and title, for a paragraph or item all of it.
    pub text: Span,
    pub label_span: Option<Span>,
    pub title: Option<Span>,
    /// The heading was cut from the end of the paragraph before it.
    pub run_in: bool,
    /// The item is written inside its paragraph ("…：（一）…；（二）…"), not on a line of its own.
    pub inline: bool,
    pub meta: Option<MetaRole>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

/// A located problem the compiler reports without stopping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where, as a byte offset into the version's text.
    pub at: usize,
    pub message: String,
}

/// The outline of one version.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    /// Blocks before the first heading, each version's own.
    pub front: Vec<Span>,
    pub nodes: Vec<Node>,
    pub roots: Vec<usize>,
    pub warnings: Vec<Warning>,
}

impl Outline {
    /// Every node in reading order (parents before children).
    pub fn walk(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(node) = stack.pop() {
            order.push(node);
            stack.extend(self.nodes[node].children.iter().rev().copied());
        }
        order
    }

    pub fn children(&self, parent: Option<usize>) -> &[usize] {
        match parent {
            Some(parent) => &self.nodes[parent].children,
            None => &self.roots,
        }
    }

    /// The headings' depth: how many headings are above this node.
    #[cfg(test)]
    pub fn depth(&self, node: usize) -> usize {
        let mut depth = 0;
        let mut current = self.nodes[node].parent;
        while let Some(parent) = current {
            depth += 1;
            current = self.nodes[parent].parent;
        }
        depth
    }

    fn push(&mut self, node: Node) -> usize {
        let index = self.nodes.len();
        match node.parent {
            Some(parent) => self.nodes[parent].children.push(index),
            None => self.roots.push(index),
        }
        self.nodes.push(node);
        index
    }
}

fn class_of(form: LabelForm, reading: Option<Reading>, raw: &str) -> StyleClass {
    if form == LabelForm::Named {
        return StyleClass::None;
    }
    match reading.map(|reading| reading.style) {
        Some(NumberStyle::Chinese) => StyleClass::Chinese,
        Some(NumberStyle::Arabic) => StyleClass::Arabic,
        Some(_) => {
            if raw.chars().any(|character| character.is_ascii_lowercase()) && !raw.chars().any(|character| character.is_ascii_uppercase()) {
                StyleClass::LatinLower
            } else {
                StyleClass::LatinUpper
            }
        }
        None => StyleClass::None,
    }
}

pub(super) fn key_of(label: &Label, raw: &str) -> Key {
    let noun = match label.form {
        LabelForm::Ordinal | LabelForm::NounFirst => label.noun.as_ref().map(|noun| noun.to_lowercase()),
        _ => None,
    };
    // The class of Ordinal and noun-first labels does not matter: the noun tells the level.
    let class = match label.form {
        LabelForm::Ordinal | LabelForm::NounFirst => StyleClass::None,
        _ => class_of(label.form, label.readings.first().copied(), raw),
    };
    Key { form: label.form, noun, class }
}

/// Articles are divisions whose label is followed by their text on the same line.
fn is_article_form(label: &Label) -> bool {
    matches!(label.form, LabelForm::Ordinal | LabelForm::NounFirst)
}

/// How a block reads, before it is placed in the tree.
#[derive(Clone, Debug)]
enum Piece {
    /// A label with a title (or alone; `title_block` then names the block that holds its title).
    Heading {
        label: Label,
        key: Key,
        title_block: Option<usize>,
    },
    /// A label followed by running text.
    Labelled {
        label: Label,
        key: Key,
    },
    Named {
        label: Label,
    },
    Meta(MetaRole),
    Text,
}

/// Recognises bylines, datelines and source notes: the grammar words and shapes they have in
/// Chinese and English copies.
fn meta_role(text: &str) -> Option<MetaRole> {
    let trimmed = text.trim_matches(is_space);
    if trimmed.contains('\n') {
        return None;
    }
    let lower = trimmed.to_lowercase();
    let unbracketed = lower.trim_start_matches(['(', '（']).trim_end_matches([')', '）']);
    let bracketed = lower.starts_with(['(', '（']) && lower.ends_with([')', '）']);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|prefix| unbracketed.starts_with(prefix));
    if lower.contains('|') && starts(&["作者", "author", "by ", "发布时间", "来源", "source"]) {
        return Some(MetaRole::Byline);
    }
    if (bracketed || trimmed.chars().count() < 200) && starts(&["作者:", "作者：", "author:"]) {
        return Some(MetaRole::Author);
    }
    if (bracketed || trimmed.chars().count() < 200) && starts(&["来源:", "来源：", "source:", "出处"]) {
        return Some(MetaRole::Source);
    }
    if is_date_line(trimmed) {
        return Some(MetaRole::Date);
    }
    // Page furniture: buttons and links copied with the text ("【打印本页】 【关闭窗口】",
    // "Print | Close", "No comments:").
    let furniture = trimmed.starts_with('【') && trimmed.ends_with('】')
        || ["no comments:", "print this page", "close window", "print | close"].contains(&lower.as_str())
        || (lower.starts_with("posted at ") || lower.starts_with("posted on ") || lower.starts_with("posted by ") || lower.starts_with("labels:"))
            && trimmed.chars().count() < 80;
    if furniture {
        return Some(MetaRole::Source);
    }
    None
}

/// A line that is only a date (and perhaps a time): "Thursday, January 29, 2026",
/// "2025-12-10 11:41", "2025年12月10日".
fn is_date_line(text: &str) -> bool {
    if text.chars().count() > 40 {
        return false;
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if digits < 4 {
        return false;
    }
    const MONTHS: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    let lower = text.to_lowercase();
    let has_month = MONTHS.iter().any(|month| lower.contains(month));
    let only_date_characters =
        text.chars().all(|character| character.is_ascii_digit() || matches!(character, '-' | '/' | ':' | ' ' | '.' | '年' | '月' | '日'));
    let words_are_dates = lower.split(|character: char| !character.is_alphabetic()).filter(|word| !word.is_empty()).all(|word| {
        MONTHS.iter().any(|month| month.starts_with(word) && word.len() >= 3)
            || ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm"].contains(&word)
    });
    only_date_characters || (has_month && words_are_dates)
}

/// A label's span inside a block that starts at `base`: from its first character (a block may
/// be indented, as laws copied from a web page are with ideographic spaces) to its end. The
/// clause's text starts after the same white space, so the label always lies inside it.
fn label_span(text: &str, base: usize, label: &Label) -> Span {
    let end = base + label.end;
    let piece = text.get(base..end).unwrap_or("");
    let start = base + (piece.len() - piece.trim_start_matches(is_space).len());
    Span::new(start, end)
}

/// Where a block's text starts after leading white space.
fn content_start(text: &str, block: Span) -> usize {
    let piece = block.of(text);
    block.start as usize + (piece.len() - piece.trim_start_matches(is_space).len())
}

/// The block with trailing white space cut off (CRLF line ends, trailing spaces).
fn trimmed(text: &str, block: Span) -> Span {
    let piece = block.of(text);
    let start = content_start(text, block);
    let end = block.start as usize + piece.trim_end_matches(is_space).len();
    Span::new(start, end.max(start))
}

/// The sentences of a span, as spans.
pub fn sentences_in(text: &str, span: Span) -> Vec<Span> {
    sentence_spans(span.of(text)).into_iter().map(|(start, end)| Span::new(span.start as usize + start, span.start as usize + end)).collect()
}

fn classify(text: &str, blocks: &[Span]) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(blocks.len());
    for block in blocks {
        let piece_text = block.of(text);
        let piece = match leading_label(piece_text) {
            Some(label) if label.form == LabelForm::Named => Piece::Named { label },
            Some(label) => {
                let raw = piece_text.get(..label.end).unwrap_or("");
                let key = key_of(&label, raw);
                let rest = piece_text.get(label.rest..).unwrap_or("");
                if rest.trim_matches(is_space).is_empty() || is_title_like(rest) {
                    Piece::Heading { label, key, title_block: None }
                } else {
                    Piece::Labelled { label, key }
                }
            }
            None => match meta_role(piece_text) {
                Some(role) => Piece::Meta(role),
                None => Piece::Text,
            },
        };
        pieces.push(piece);
    }
    // A label alone ("第一部分", "Part I") takes the next block as its title when that block
    // reads as a title and is not itself labelled.
    for index in 0..pieces.len() {
        let next_is_title = matches!(pieces.get(index + 1), Some(Piece::Text)) && blocks.get(index + 1).is_some_and(|next| is_title_like(next.of(text)));
        if let Piece::Heading { label, title_block, .. } = &mut pieces[index] {
            let alone = blocks[index].of(text).get(label.rest..).is_some_and(|rest| rest.trim_matches(is_space).is_empty());
            if alone && next_is_title && matches!(label.form, LabelForm::Ordinal | LabelForm::NounFirst) {
                *title_block = Some(index + 1);
            }
        }
    }
    pieces
}

/// How headings of one key are written across the version: with titles, or run into text.
#[derive(Default, Clone, Copy)]
struct KeyUse {
    titled: usize,
    running: usize,
}

/// Builds the outline of one version from its blocks.
pub fn outline(text: &str, blocks: &[Span]) -> Outline {
    let pieces = classify(text, blocks);
    let mut uses: Vec<(Key, KeyUse)> = Vec::new();
    let mut count = |key: &Key, titled: bool| {
        let entry = match uses.iter_mut().position(|(known, _)| known == key) {
            Some(position) => &mut uses[position].1,
            None => {
                uses.push((key.clone(), KeyUse::default()));
                &mut uses.last_mut().expect("just pushed").1
            }
        };
        if titled {
            entry.titled += 1;
        } else {
            entry.running += 1;
        }
    };
    for piece in &pieces {
        match piece {
            Piece::Heading { key, .. } => count(key, true),
            Piece::Labelled { key, .. } => count(key, false),
            _ => {}
        }
    }
    let headings_of = |key: &Key| uses.iter().find(|(known, _)| known == key).is_some_and(|(_, used)| used.titled > used.running);
    let titled_somewhere = |key: &Key| uses.iter().find(|(known, _)| known == key).is_some_and(|(_, used)| used.titled > 0);
    // A heading of a level the document also writes with titles, run into its text with a
    // short first sentence as its title: "1.分级管理。湿地分为…", "1. Tiered management. …".
    let run_in_title = |block: Span, label: &Label| {
        let rest = Span::new(block.start as usize + label.rest, block.end as usize);
        let sentences = sentences_in(text, rest);
        sentences.len() > 1 && sentences[0].of(text).chars().count() <= 30
    };
    let has_headings = pieces.iter().any(|piece| match piece {
        Piece::Heading { .. } | Piece::Named { .. } => true,
        Piece::Labelled { label, key } => is_article_form(label) || headings_of(key),
        _ => false,
    });

    let mut builder = Builder { text, outline: Outline::default(), stack: Vec::new(), learned: Vec::new() };
    let mut skip = None;
    let mut seen_heading = false;
    for (index, piece) in pieces.iter().enumerate() {
        if skip == Some(index) {
            continue;
        }
        let block = trimmed(text, blocks[index]);
        match piece {
            Piece::Named { label } => {
                seen_heading = true;
                builder.stack.clear();
                let node = Node {
                    kind: NodeKind::Heading,
                    key: Some(Key { form: LabelForm::Named, noun: None, class: StyleClass::None }),
                    label: Some(label.clone()),
                    value: None,
                    style: None,
                    text: block,
                    label_span: None,
                    title: Some(block),
                    run_in: false,
                    inline: false,
                    meta: None,
                    parent: None,
                    children: Vec::new(),
                };
                let index = builder.outline.push(node);
                builder.stack.push(index);
            }
            Piece::Heading { label, key, title_block } => {
                seen_heading = true;
                let (text_span, title) = match title_block {
                    Some(title_index) => {
                        skip = Some(*title_index);
                        let title = trimmed(text, blocks[*title_index]);
                        (Span::new(block.start as usize, title.end as usize), Some(title))
                    }
                    None => {
                        let rest = blocks[index].start as usize + label.rest;
                        let title = (rest < block.end as usize).then(|| Span::new(rest, block.end as usize));
                        (block, title)
                    }
                };
                builder.heading(key.clone(), label.clone(), blocks[index].start as usize, text_span, title, false);
            }
            Piece::Labelled { label, key } if is_article_form(label) => {
                seen_heading = true;
                // An article: its label is its heading, the rest of the block its first paragraph.
                let base = blocks[index].start as usize;
                let label_end = base + label.end;
                let heading = builder.heading(key.clone(), label.clone(), base, Span::new(block.start as usize, label_end), None, false);
                let rest = Span::new(base + label.rest, block.end as usize);
                builder.paragraph(Some(heading), rest, NodeKind::Paragraph);
            }
            Piece::Labelled { label, key } if headings_of(key) || (titled_somewhere(key) && run_in_title(blocks[index], label)) => {
                seen_heading = true;
                // A heading level written here with its text run on: the first sentence is the
                // title when it is short, the rest the section's first paragraph.
                let base = blocks[index].start as usize;
                let rest = Span::new(base + label.rest, block.end as usize);
                let sentences = sentences_in(text, rest);
                let short_first = sentences.len() > 1 && sentences[0].of(text).chars().count() <= 40;
                if short_first {
                    let title = sentences[0];
                    let heading = builder.heading(key.clone(), label.clone(), base, Span::new(block.start as usize, title.end as usize), Some(title), false);
                    let body = Span::new(sentences[1].start as usize, block.end as usize);
                    builder.paragraph(Some(heading), body, NodeKind::Paragraph);
                } else {
                    builder.heading(key.clone(), label.clone(), base, block, Some(rest), false);
                }
            }
            Piece::Labelled { label, key } => {
                let container = builder.stack.last().copied();
                if !seen_heading && has_headings {
                    builder.outline.front.push(block);
                    continue;
                }
                if has_headings {
                    builder.item(container, key.clone(), label.clone(), blocks[index].start as usize, block);
                } else {
                    // A document without headings is read as paragraphs: a numbered list in it
                    // stays a list of paragraphs.
                    builder.paragraph(container, block, NodeKind::Paragraph);
                }
            }
            Piece::Meta(role) => {
                if !seen_heading && has_headings {
                    builder.outline.front.push(block);
                    continue;
                }
                builder.outline.push(Node {
                    kind: NodeKind::Meta,
                    key: None,
                    label: None,
                    value: None,
                    style: None,
                    text: block,
                    label_span: None,
                    title: None,
                    run_in: false,
                    inline: false,
                    meta: Some(*role),
                    parent: None,
                    children: Vec::new(),
                });
            }
            Piece::Text => {
                if !seen_heading && has_headings {
                    builder.outline.front.push(block);
                    continue;
                }
                let container = builder.stack.last().copied();
                builder.paragraph(container, block, NodeKind::Paragraph);
            }
        }
    }
    let mut outline = builder.outline;
    if has_headings {
        move_table_of_contents(&mut outline);
        cut_inline_items(text, &mut outline);
        cut_run_in_headings(text, &mut outline);
    } else {
        mark_plain_title(text, &mut outline);
    }
    outline
}

struct Builder<'t> {
    text: &'t str,
    outline: Outline,
    /// The open headings, outermost first.
    stack: Vec<usize>,
    /// The ranks learned for keys the grammar does not rank: by the depth they first nest at.
    learned: Vec<(Key, u8)>,
}

impl Builder<'_> {
    fn rank_of(&self, key: &Key, style: Option<NumberStyle>) -> u8 {
        if let Some(rank) = grammar_rank(key.form, key.noun.as_deref(), style) {
            return rank;
        }
        self.learned.iter().find(|(known, _)| known == key).map(|(_, rank)| *rank).unwrap_or(u8::MAX)
    }

    fn node_rank(&self, node: usize) -> u8 {
        let node = &self.outline.nodes[node];
        match &node.key {
            Some(key) if key.form == LabelForm::Named => 0,
            Some(key) => self.rank_of(key, node.style),
            None => u8::MAX,
        }
    }

    /// Chooses a label's reading: the one that continues `previous` (the value of the last
    /// sibling of the same level), else the one that is 1 (a new level starts), else the first.
    fn choose(label: &Label, previous: Option<u32>) -> Option<Reading> {
        if let Some(previous) = previous {
            if let Some(reading) = label.reading_with(previous + 1) {
                return Some(reading);
            }
        }
        label.reading_with(1).filter(|_| previous.is_none()).or_else(|| label.readings.first().copied())
    }

    /// Places a heading in the tree and opens it.
    fn heading(&mut self, key: Key, label: Label, base: usize, text: Span, title: Option<Span>, run_in: bool) -> usize {
        // Named headings (前言) never contain numbered ones.
        while self.stack.last().is_some_and(|&top| self.outline.nodes[top].key.as_ref().is_some_and(|key| key.form == LabelForm::Named)) {
            self.stack.pop();
        }
        // 1. A heading of a level already open is that heading's sibling.
        let same = self.stack.iter().rposition(|&open| self.outline.nodes[open].key.as_ref() == Some(&key));
        // 2. A heading of the same form whose number continues an open heading's is its
        //    sibling, relabelled ((F) after (V), (Seventeen) after (XVI)).
        let continued = same.or_else(|| {
            self.stack.iter().rposition(|&open| {
                let node = &self.outline.nodes[open];
                node.key.as_ref().is_some_and(|open_key| open_key.form == key.form && open_key.noun == key.noun)
                    && node.value.is_some_and(|value| label.reading_with(value + 1).is_some())
            })
        });
        let reading;
        match continued {
            Some(position) => {
                let previous = self.outline.nodes[self.stack[position]].value;
                reading = Self::choose(&label, previous);
                self.stack.truncate(position);
            }
            None => {
                reading = Self::choose(&label, None);
                let rank = self.rank_of(&key, reading.map(|reading| reading.style));
                while self.stack.last().is_some_and(|&top| self.node_rank(top) >= rank) {
                    self.stack.pop();
                }
                if grammar_rank(key.form, key.noun.as_deref(), reading.map(|r| r.style)).is_none() && !self.learned.iter().any(|(known, _)| known == &key) {
                    let parent_rank = self.stack.last().map_or(0, |&top| self.node_rank(top));
                    self.learned.push((key.clone(), parent_rank.saturating_add(1).min(u8::MAX - 1)));
                }
            }
        }
        let parent = self.stack.last().copied();
        let node = Node {
            kind: NodeKind::Heading,
            key: Some(key),
            value: reading.map(|reading| reading.value),
            style: reading.map(|reading| reading.style),
            label_span: Some(label_span(self.text, base, &label)),
            label: Some(label),
            text,
            title,
            run_in,
            inline: false,
            meta: None,
            parent,
            children: Vec::new(),
        };
        let index = self.outline.push(node);
        self.stack.push(index);
        index
    }

    fn paragraph(&mut self, parent: Option<usize>, span: Span, kind: NodeKind) -> usize {
        self.outline.push(Node {
            kind,
            key: None,
            label: None,
            value: None,
            style: None,
            text: span,
            label_span: None,
            title: None,
            run_in: false,
            inline: false,
            meta: None,
            parent,
            children: Vec::new(),
        })
    }

    /// Places a numbered item: under the paragraph or item before it when that one ends with a
    /// colon (it introduces a list), beside an earlier item of its level, or in the heading.
    fn item(&mut self, container: Option<usize>, key: Key, label: Label, base: usize, block: Span) {
        let siblings = self.outline.children(container).to_vec();
        let mut parent = container;
        // Walk down the last children: the deepest open list this item may continue or start.
        let mut chain: Vec<usize> = Vec::new();
        let mut last = siblings.last().copied();
        while let Some(node) = last {
            let kind = self.outline.nodes[node].kind;
            if kind != NodeKind::Item && kind != NodeKind::Paragraph {
                break;
            }
            chain.push(node);
            last = self.outline.nodes[node].children.last().copied();
        }
        // An item of a level already in the chain continues that list.
        let mut previous = None;
        let mut placed = false;
        for &node in chain.iter().rev() {
            if self.outline.nodes[node].kind == NodeKind::Item && self.outline.nodes[node].key.as_ref() == Some(&key) {
                parent = self.outline.nodes[node].parent;
                previous = self.outline.nodes[node].value;
                placed = true;
                break;
            }
        }
        if !placed {
            if let Some(&deepest) = chain.last() {
                let ends_with_colon = self.outline.nodes[deepest].text.of(self.text).trim_end_matches(is_space).ends_with([':', '：']);
                if ends_with_colon {
                    parent = Some(deepest);
                }
            }
        }
        let reading = Self::choose(&label, previous);
        self.outline.push(Node {
            kind: NodeKind::Item,
            key: Some(key),
            value: reading.map(|reading| reading.value),
            style: reading.map(|reading| reading.style),
            label_span: Some(label_span(self.text, base, &label)),
            label: Some(label),
            text: block,
            title: None,
            run_in: false,
            inline: false,
            meta: None,
            parent,
            children: Vec::new(),
        });
    }
}

/// A table of contents: the first headings of the document, with no text under any of them,
/// repeated by the headings that follow (第一章 … 第六章, then 第一章 again with its articles).
/// Its lines are moved to the front matter, where the document's own title block is.
fn move_table_of_contents(outline: &mut Outline) {
    let roots = outline.roots.clone();
    let Some(&first) = roots.first() else { return };
    let has_text = |outline: &Outline, node: usize| -> bool {
        let mut stack = vec![node];
        while let Some(current) = stack.pop() {
            for &child in &outline.nodes[current].children {
                if outline.nodes[child].kind != NodeKind::Heading {
                    return true;
                }
                stack.push(child);
            }
        }
        false
    };
    let (first_key, first_value) = (outline.nodes[first].key.clone(), outline.nodes[first].value);
    if first_key.is_none() || first_value.is_none() {
        return;
    }
    // The run of text-less root headings, up to the root heading that repeats the first.
    let Some(repeat) = roots.iter().skip(1).position(|&node| outline.nodes[node].key == first_key && outline.nodes[node].value == first_value) else {
        return;
    };
    let run = &roots[..repeat + 1];
    if run.len() < 2 || run.iter().any(|&node| has_text(outline, node) || outline.nodes[node].kind != NodeKind::Heading) {
        return;
    }
    let mut moved = Vec::new();
    for &node in run {
        let mut stack = vec![node];
        while let Some(current) = stack.pop() {
            moved.push(outline.nodes[current].text);
            stack.extend(outline.nodes[current].children.iter().copied());
        }
    }
    moved.sort_by_key(|span| span.start);
    outline.front.extend(moved);
    outline.roots.drain(..repeat + 1);
}

/// In a document with no headings, the first short line that is not a meta line is its title
/// (when paragraphs follow it).
fn mark_plain_title(text: &str, outline: &mut Outline) {
    let roots = outline.roots.clone();
    for (position, &node) in roots.iter().enumerate() {
        match outline.nodes[node].kind {
            NodeKind::Meta => continue,
            NodeKind::Paragraph => {
                let span = outline.nodes[node].text;
                let later_paragraph = roots[position + 1..].iter().any(|&later| outline.nodes[later].kind == NodeKind::Paragraph);
                if is_title_like(span.of(text)) && later_paragraph {
                    let node = &mut outline.nodes[node];
                    node.kind = NodeKind::Heading;
                    node.meta = Some(MetaRole::Title);
                    node.title = Some(span);
                }
                break;
            }
            _ => break,
        }
    }
}

/// Cuts items written inline in one paragraph ("…：（一）…；（二）…；（三）…。") out as the
/// paragraph's children. Only a run of labels numbered from 1 without a gap, each after a colon,
/// a semicolon or the paragraph's start, is read as items.
fn cut_inline_items(text: &str, outline: &mut Outline) {
    let paragraphs: Vec<usize> =
        (0..outline.nodes.len()).filter(|&node| outline.nodes[node].kind == NodeKind::Paragraph && outline.nodes[node].children.is_empty()).collect();
    for node in paragraphs {
        let span = outline.nodes[node].text;
        let piece = span.of(text);
        let mut starts: Vec<(usize, Label)> = Vec::new();
        let mut expected = 1;
        let mut previous_character: Option<char> = None;
        for (offset, character) in piece.char_indices() {
            let after_break = matches!(previous_character, Some('：' | ':' | '；' | ';'));
            previous_character = if is_space(character) { previous_character } else { Some(character) };
            if !after_break || !matches!(character, '（' | '(') {
                continue;
            }
            let Some(label) = leading_label(&piece[offset..]) else { continue };
            if label.form != LabelForm::Bracketed || label.reading_with(expected).is_none() {
                continue;
            }
            starts.push((offset, label));
            expected += 1;
        }
        if starts.len() < 2 {
            continue;
        }
        let lead_end = starts[0].0;
        let base = span.start as usize;
        let lead = Span::new(base, base + piece[..lead_end].trim_end_matches(is_space).len());
        outline.nodes[node].text = lead;
        for (position, (offset, label)) in starts.iter().enumerate() {
            let end = starts.get(position + 1).map_or(piece.len(), |(next, _)| *next);
            let item_text = piece[*offset..end].trim_end_matches(is_space);
            let item_span = Span::new(base + offset, base + offset + item_text.len());
            let raw = &piece[*offset..*offset + label.end];
            let reading = label.reading_with(position as u32 + 1);
            let item = Node {
                kind: NodeKind::Item,
                key: Some(key_of(label, raw)),
                label: Some(label.clone()),
                value: reading.map(|reading| reading.value),
                style: reading.map(|reading| reading.style),
                text: item_span,
                label_span: Some(Span::new(base + offset, base + offset + label.end)),
                title: None,
                run_in: false,
                inline: true,
                meta: None,
                parent: Some(node),
                children: Vec::new(),
            };
            outline.push(item);
        }
    }
}

/// Where a heading's number is missing from its siblings' sequence ((VI) then (VIII)), looks
/// for the missing heading as the last sentence of the paragraph before the next sibling, and
/// cuts it out as a heading of its own, marked as run in.
fn cut_run_in_headings(text: &str, outline: &mut Outline) {
    let mut parents: Vec<Option<usize>> = vec![None];
    parents.extend((0..outline.nodes.len()).filter(|&node| outline.nodes[node].kind == NodeKind::Heading).map(Some));
    for parent in parents {
        let mut position = 1;
        loop {
            let children = outline.children(parent).to_vec();
            if position >= children.len() {
                break;
            }
            let (before, after) = (children[position - 1], children[position]);
            let (Some(before_value), Some(after_value)) = (outline.nodes[before].value, outline.nodes[after].value) else {
                position += 1;
                continue;
            };
            let same_form = outline.nodes[before].kind == NodeKind::Heading
                && outline.nodes[after].kind == NodeKind::Heading
                && outline.nodes[before].key.as_ref().map(|key| key.form) == outline.nodes[after].key.as_ref().map(|key| key.form);
            if !same_form || after_value != before_value + 2 {
                position += 1;
                continue;
            }
            // A paragraph under the earlier sibling whose last sentence is the missing heading;
            // the paragraphs after it belong to the heading.
            let wanted = before_value + 1;
            let form = outline.nodes[before].key.as_ref().map(|key| key.form);
            let paragraphs: Vec<usize> =
                outline.nodes[before].children.iter().copied().filter(|&child| outline.nodes[child].kind == NodeKind::Paragraph).collect();
            let found = paragraphs.iter().rev().find_map(|&paragraph| {
                let sentences = sentences_in(text, outline.nodes[paragraph].text);
                let last = *sentences.last()?;
                let label = leading_label(last.of(text))?;
                let fits = sentences.len() >= 2
                    && Some(label.form) == form
                    && label.reading_with(wanted).is_some()
                    && is_title_like(last.of(text).get(label.rest..).unwrap_or(""));
                fits.then(|| (paragraph, sentences[sentences.len() - 2], last, label))
            });
            let Some((paragraph, previous, last, label)) = found else {
                position += 1;
                continue;
            };
            let span = outline.nodes[paragraph].text;
            outline.nodes[paragraph].text = Span::new(span.start as usize, previous.end as usize);
            let raw = last.of(text).get(..label.end).unwrap_or("");
            let key = key_of(&label, raw);
            let reading = label.reading_with(wanted);
            let base = last.start as usize;
            let rest = base + label.rest;
            let index = outline.nodes.len();
            // The children of the earlier sibling after the cut paragraph move to the heading.
            let siblings = &mut outline.nodes[before].children;
            let cut = siblings.iter().position(|&child| child == paragraph).map_or(siblings.len(), |at| at + 1);
            let moved: Vec<usize> = siblings.split_off(cut);
            for &child in &moved {
                outline.nodes[child].parent = Some(index);
            }
            let heading = Node {
                kind: NodeKind::Heading,
                key: Some(key),
                value: reading.map(|reading| reading.value),
                style: reading.map(|reading| reading.style),
                label_span: Some(Span::new(base, base + label.end)),
                label: Some(label),
                text: last,
                title: Some(Span::new(rest, last.end as usize)),
                run_in: true,
                inline: false,
                meta: None,
                parent,
                children: moved,
            };
            outline.nodes.push(heading);
            let list = match parent {
                Some(parent) => &mut outline.nodes[parent].children,
                None => &mut outline.roots,
            };
            list.insert(position, index);
            position += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Joins blocks as a version's text is joined, with their spans.
    fn blocks(parts: &[&str]) -> (String, Vec<Span>) {
        let mut text = String::new();
        let mut spans = Vec::new();
        for part in parts {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(part);
            spans.push(Span::new(start, text.len()));
        }
        (text, spans)
    }

    /// The outline as lines: depth, kind, label and the first characters of the text.
    fn shape(text: &str, outline: &Outline) -> Vec<String> {
        outline
            .walk()
            .into_iter()
            .map(|node| {
                let entry = &outline.nodes[node];
                let label = entry.label_span.map(|span| span.of(text)).unwrap_or("");
                let value = entry.value.map(|value| value.to_string()).unwrap_or_default();
                let first: String = entry.text.of(text).chars().take(6).collect();
                let depth = outline.depth(node).to_string();
                let kind = format!("{:?}", entry.kind);
                let fields = [depth.as_str(), kind.as_str(), label, value.as_str(), first.as_str()];
                fields.into_iter().filter(|field| !field.is_empty()).collect::<Vec<_>>().join(" ")
            })
            .collect()
    }

    #[test]
    fn a_policy_paper_nests_parts_programs_and_sections() {
        let (text, spans) = blocks(&[
            "中华人民共和国外交部",
            "前言",
            "当前世界百年未有之大变局加速演进。",
            "第一部分",
            "拉丁美洲和加勒比——充满生机和希望的热土",
            "拉美和加勒比地区是全球南方重要组成部分。",
            "第三部分",
            "携手推进共建中拉命运共同体“五大工程”",
            "中方愿同拉方携手推进。",
            "一、团结工程",
            "(一)高层交往",
            "充分发挥元首外交的政治引领作用。",
            "(二)相互支持",
            "双方愿相互支持。",
            "二、发展工程",
            "(一)落实全球发展倡议",
            "中方愿同拉方落实全球发展倡议。",
        ]);
        let outline = outline(&text, &spans);
        assert_eq!(outline.front.len(), 1);
        assert_eq!(
            shape(&text, &outline),
            [
                "0 Heading 前言",
                "1 Paragraph 当前世界百年",
                "0 Heading 第一部分 1 第一部分\n\n",
                "1 Paragraph 拉美和加勒比",
                "0 Heading 第三部分 3 第三部分\n\n",
                "1 Paragraph 中方愿同拉方",
                "1 Heading 一、 1 一、团结工程",
                "2 Heading (一) 1 (一)高层交",
                "3 Paragraph 充分发挥元首",
                "2 Heading (二) 2 (二)相互支",
                "3 Paragraph 双方愿相互支",
                "1 Heading 二、 2 二、发展工程",
                "2 Heading (一) 1 (一)落实全",
                "3 Paragraph 中方愿同拉方",
            ]
        );
    }

    #[test]
    fn relabelled_and_run_in_headings_of_a_translation_are_read() {
        let (text, spans) = blocks(&[
            "Part Three",
            "Joining Hands",
            "I. Unity Project",
            "(I) High-Level Exchanges",
            "Give full play to head-of-state diplomacy.",
            "(VI) Implementation of Global Governance Initiatives",
            "Implement the initiative together. (VII) Promoting the Reform of the Global Economic Governance System",
            "(VIII) Overall Cooperation",
            "Deepen overall cooperation.",
            "IV. Peace Initiatives",
            "(A) Implementing the Global Security Initiative",
            "Implement it.",
            "(B) Military Exchanges",
            "Exchange.",
            "(C) Law Enforcement",
            "Enforce.",
            "(IV) Anti-Corruption",
            "Recover assets.",
        ]);
        let outline = outline(&text, &spans);
        let shape = shape(&text, &outline);
        assert_eq!(
            shape,
            [
                "0 Heading Part Three 3 Part T",
                "1 Heading I. 1 I. Uni",
                "2 Heading (I) 1 (I) Hi",
                "3 Paragraph Give f",
                "2 Heading (VI) 6 (VI) I",
                "3 Paragraph Implem",
                "2 Heading (VII) 7 (VII) ",
                "2 Heading (VIII) 8 (VIII)",
                "3 Paragraph Deepen",
                "1 Heading IV. 4 IV. Pe",
                "2 Heading (A) 1 (A) Im",
                "3 Paragraph Implem",
                "2 Heading (B) 2 (B) Mi",
                "3 Paragraph Exchan",
                "2 Heading (C) 3 (C) La",
                "3 Paragraph Enforc",
                "2 Heading (IV) 4 (IV) A",
                "3 Paragraph Recove",
            ]
        );
        let run_in = outline.nodes.iter().filter(|node| node.run_in).count();
        assert_eq!(run_in, 1);
    }

    #[test]
    fn a_law_has_chapters_articles_paragraphs_and_items() {
        let (text, spans) = blocks(&[
            "第一章　总则",
            "第一条　为了规范公司的组织和行为，制定本法。",
            "第二条　本法所称公司，是指依照本法设立的有限责任公司。",
            "公司应当遵守法律。",
            "第二章　设立",
            "第一节　一般规定",
            "第三条　设立公司，应当具备下列条件：",
            "（一）股东符合法定人数；",
            "（二）有公司章程。",
            "第四条　有下列情形之一的，不得设立：（一）无民事行为能力；（二）因犯罪被判处刑罚；（三）负有较大债务。",
        ]);
        let outline = outline(&text, &spans);
        assert!(outline.front.is_empty());
        assert_eq!(
            shape(&text, &outline),
            [
                "0 Heading 第一章 1 第一章　总则",
                "1 Heading 第一条 1 第一条",
                "2 Paragraph 为了规范公司",
                "1 Heading 第二条 2 第二条",
                "2 Paragraph 本法所称公司",
                "2 Paragraph 公司应当遵守",
                "0 Heading 第二章 2 第二章　设立",
                "1 Heading 第一节 1 第一节　一般",
                "2 Heading 第三条 3 第三条",
                "3 Paragraph 设立公司，应",
                "4 Item （一） 1 （一）股东符",
                "4 Item （二） 2 （二）有公司",
                "2 Heading 第四条 4 第四条",
                "3 Paragraph 有下列情形之",
                "4 Item （一） 1 （一）无民事",
                "4 Item （二） 2 （二）因犯罪",
                "4 Item （三） 3 （三）负有较",
            ]
        );
    }

    #[test]
    fn a_plain_document_has_a_title_meta_lines_and_paragraphs() {
        let (text, spans) = blocks(&[
            "周志伟:“五大工程”推动中拉命运共同体走深走实",
            "作者:周志伟 | 发布时间:2025年12月13日 | 来源:光明网",
            "12月10日,中国政府发布第三份政策文件。",
            "中拉关系源远流长。",
            "(作者:周志伟,系研究员)",
            "(来源:《光明日报》2025年12月13日第8版)",
        ]);
        let outline = outline(&text, &spans);
        let kinds: Vec<(NodeKind, Option<MetaRole>)> = outline.walk().into_iter().map(|node| (outline.nodes[node].kind, outline.nodes[node].meta)).collect();
        assert_eq!(
            kinds,
            [
                (NodeKind::Heading, Some(MetaRole::Title)),
                (NodeKind::Meta, Some(MetaRole::Byline)),
                (NodeKind::Paragraph, None),
                (NodeKind::Paragraph, None),
                (NodeKind::Meta, Some(MetaRole::Author)),
                (NodeKind::Meta, Some(MetaRole::Source)),
            ]
        );
    }
}

#[cfg(test)]
mod probe {
    #[test]
    #[ignore]
    fn print_outline_of_a_file() {
        let path = std::env::var("OUTLINE").unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let version = super::super::sources::assemble(&super::super::sources::source_blocks(&text, 1, usize::MAX));
        let outline = super::outline(&version.text, &version.blocks);
        println!("front {}", outline.front.len());
        for node in outline.walk() {
            let entry = &outline.nodes[node];
            let first: String = entry.text.of(&version.text).chars().take(40).collect();
            println!(
                "{}{:?} {:?} {}{}",
                "  ".repeat(outline.depth(node)),
                entry.kind,
                entry.value,
                if entry.run_in { "RUN-IN " } else { "" },
                first.replace('\n', "⏎")
            );
        }
    }
}
