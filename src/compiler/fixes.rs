//! The manifest's alignment entries, resolved against the outlines: what a person fixed by hand
//! (a split, a merge, a one-to-one pairing, a paragraph missing from or added in a translation,
//! a heading run into a paragraph, a relabelled heading), which the aligner then takes as given.
//!
//! An entry names the original's clause by its id and finds the place in the translation by the
//! words a paragraph or heading starts with, so an entry written for one compile still means the
//! same place after the texts around it change.

use std::collections::BTreeMap;

use super::forms::{is_space, leading_label};
use super::manifest::AlignmentEntry;
use super::outline::{sentences_in, Node, NodeKind, Outline};
use crate::model::Span;

/// One entry, resolved to nodes of the original's outline and of the translation's.
#[derive(Clone, Debug, PartialEq)]
pub enum Fix {
    /// The original's `node` is two translation paragraphs, the second being `second`.
    Split { node: usize, second: usize },
    /// The original's `first` and `second` are one translation paragraph, `translation` when
    /// the entry says which, cut at the byte offset `cut` when it says where.
    Merged { first: usize, second: usize, translation: Option<usize>, cut: Option<u32> },
    /// The original's `node` is the one translation paragraph `translation`.
    Paired { node: usize, translation: usize },
    /// The translation has nothing for the original's `node`.
    Missing { node: usize },
    /// The translation paragraph `translation` has no counterpart.
    Extra { translation: usize },
    /// The original's heading `heading` is the translation's heading `translation`.
    Headings { heading: usize, translation: usize },
}

/// An entry's place for messages: "document 'law', alignment entry 2 (split, version 'en')".
pub fn entry_place(document: &str, index: usize, entry: &AlignmentEntry) -> String {
    format!("document '{document}', alignment entry {} ({}, version '{}')", index + 1, entry.kind, entry.version)
}

/// Text with every run of white space (including no-break and ideographic spaces and line
/// breaks) written as one space, and none at either end: how a fix's words are compared with
/// the texts (the builder page writes the words it suggests with it too).
pub fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for character in text.chars() {
        if is_space(character) || character == '\n' || character == '\r' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(character);
    }
    out
}

/// The beginning of a text, long enough to compare with `words` once folded.
fn head(text: &str, words: &str) -> String {
    let take = words.chars().count() * 2 + 16;
    folded(&text.chars().take(take).collect::<String>())
}

/// The one node of `outline` that `accept` takes and whose text, or its text after the label,
/// starts with `words`. Several are refused with their lines, so the entry can say more.
pub fn node_starting_with(
    outline: &Outline,
    text: &str,
    words: &str,
    accept: impl Fn(&Node) -> bool,
    line_at: &dyn Fn(usize) -> usize,
) -> Result<usize, String> {
    let wanted = folded(words);
    if wanted.is_empty() {
        return Err("its starting words are empty: give the first words of the paragraph".to_string());
    }
    let mut found = Vec::new();
    for (index, node) in outline.nodes.iter().enumerate() {
        if !accept(node) {
            continue;
        }
        let whole = node.text.of(text);
        let after_label = match node.label_span {
            Some(label) if label.end >= node.text.start && label.end <= node.text.end => &text[label.end as usize..node.text.end as usize],
            _ => whole,
        };
        if head(whole, &wanted).starts_with(&wanted) || head(after_label, &wanted).starts_with(&wanted) {
            found.push(index);
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no paragraph of the translation starts with \u{201c}{wanted}\u{201d}")),
        many => Err(format!(
            "{} paragraphs of the translation start with \u{201c}{wanted}\u{201d} (lines {}): give more of its words",
            many.len(),
            many.iter().map(|&node| line_at(outline.nodes[node].text.start as usize).to_string()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The one paragraph of `outline` that holds `words` after its start, and the byte offset where
/// they start.
pub fn paragraph_holding(outline: &Outline, text: &str, words: &str, line_at: &dyn Fn(usize) -> usize) -> Result<(usize, u32), String> {
    let wanted = folded(words);
    if wanted.is_empty() {
        return Err("the words where the second part starts are empty".to_string());
    }
    // The words are looked for as written, then with their white space as any white space.
    let first_word = wanted.split(' ').next().unwrap_or(&wanted);
    let mut found = Vec::new();
    for (index, node) in outline.nodes.iter().enumerate() {
        if !matches!(node.kind, NodeKind::Paragraph) {
            continue;
        }
        let piece = node.text.of(text);
        for (offset, _) in piece.match_indices(first_word) {
            if offset == 0 {
                continue;
            }
            if folded(&piece[offset..]).starts_with(&wanted) {
                found.push((index, node.text.start + offset as u32));
                break;
            }
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no paragraph of the translation holds \u{201c}{wanted}\u{201d} after its first words")),
        many => Err(format!(
            "{} paragraphs of the translation hold \u{201c}{wanted}\u{201d} (lines {}): give more of its words",
            many.len(),
            many.iter().map(|(node, _)| line_at(outline.nodes[*node].text.start as usize).to_string()).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn depth(outline: &Outline, node: usize) -> usize {
    let mut depth = 0;
    let mut current = outline.nodes[node].parent;
    while let Some(parent) = current {
        depth += 1;
        current = outline.nodes[parent].parent;
    }
    depth
}

/// Cuts a heading out of the end of a translation paragraph, from the byte offset `at`, as a
/// heading of its own marked as run in, at the depth `wanted_depth` (the original heading's):
/// a sibling of the paragraph's heading, or its child. The paragraphs after the cut paragraph
/// move under the new heading. Returns the new heading's node.
pub fn cut_run_in_heading(outline: &mut Outline, text: &str, paragraph: usize, at: u32, value: Option<u32>, wanted_depth: usize) -> Result<usize, String> {
    let span = outline.nodes[paragraph].text;
    let before = text[span.start as usize..at as usize].trim_end_matches(|c: char| is_space(c) || c == '\n');
    if before.is_empty() || at >= span.end {
        return Err("the heading's words must come after the start of the paragraph".to_string());
    }
    let heading_span = Span::new(at as usize, span.end as usize);
    let heading_text = heading_span.of(text);
    let label = leading_label(heading_text);
    let (label_span, title, style, key) = match &label {
        Some(label) => {
            let raw = heading_text.get(..label.end).unwrap_or("");
            (
                Some(Span::new(at as usize, at as usize + label.end)),
                Some(Span::new(at as usize + label.rest, span.end as usize)),
                value.and_then(|value| label.reading_with(value)).or(label.readings.first().copied()).map(|reading| reading.style),
                Some(super::outline::key_of(label, raw)),
            )
        }
        None => (None, Some(heading_span), None, None),
    };
    let parent = outline.nodes[paragraph].parent;
    let parent_depth = parent.map(|parent| depth(outline, parent) + 1).unwrap_or(0);
    let index = outline.nodes.len();
    // Where the heading goes, and which nodes become its children.
    let (list_owner, insert_at, moved) = if parent.is_some() && wanted_depth + 1 == parent_depth {
        // A sibling of the paragraph's heading: it takes every child after the paragraph.
        let heading = parent.unwrap_or_default();
        let children = &mut outline.nodes[heading].children;
        let cut = children.iter().position(|&child| child == paragraph).map_or(children.len(), |at| at + 1);
        let moved = children.split_off(cut);
        let grandparent = outline.nodes[heading].parent;
        let siblings = outline.children(grandparent);
        let position = siblings.iter().position(|&sibling| sibling == heading).map_or(siblings.len(), |at| at + 1);
        (grandparent, position, moved)
    } else if wanted_depth == parent_depth {
        // A child of the paragraph's heading (or a top-level heading): it takes the paragraphs
        // after the cut paragraph up to the next heading.
        let children: Vec<usize> = outline.children(parent).to_vec();
        let cut = children.iter().position(|&child| child == paragraph).map_or(children.len(), |at| at + 1);
        let end = children[cut..].iter().position(|&child| outline.nodes[child].kind == NodeKind::Heading).map_or(children.len(), |offset| cut + offset);
        let moved: Vec<usize> = children[cut..end].to_vec();
        let list = match parent {
            Some(parent) => &mut outline.nodes[parent].children,
            None => &mut outline.roots,
        };
        list.drain(cut..end);
        (parent, cut, moved)
    } else {
        return Err("the paragraph is at another level of the outline than the heading".to_string());
    };
    for &child in &moved {
        outline.nodes[child].parent = Some(index);
    }
    outline.nodes[paragraph].text = Span::new(span.start as usize, span.start as usize + before.len());
    outline.nodes.push(Node {
        kind: NodeKind::Heading,
        key,
        label,
        value,
        style,
        text: heading_span,
        label_span,
        title,
        run_in: true,
        inline: false,
        meta: None,
        parent: list_owner,
        children: moved,
    });
    let list = match list_owner {
        Some(owner) => &mut outline.nodes[owner].children,
        None => &mut outline.roots,
    };
    list.insert(insert_at.min(list.len()), index);
    Ok(index)
}

/// Resolves a version's entries: their clause ids to nodes of the original (through
/// `clause_nodes`), their words to nodes of the translation. A run-in heading is cut out of the
/// translation's outline here, and becomes a pairing of two headings.
#[allow(clippy::too_many_arguments)]
pub fn resolve(
    document: &str,
    entries: &[(usize, &AlignmentEntry)],
    clause_nodes: &BTreeMap<&str, usize>,
    original: &Outline,
    translation: &mut Outline,
    translation_text: &str,
    line_at: &dyn Fn(usize) -> usize,
) -> Result<Vec<Fix>, String> {
    let mut fixes = Vec::new();
    for &(index, entry) in entries {
        let place = entry_place(document, index, entry);
        let node_of =
            |id: &str| -> Result<usize, String> { clause_nodes.get(id).copied().ok_or_else(|| format!("{place}: '{id}' is not a clause of the original")) };
        let one_clause = || -> Result<usize, String> {
            match (&entry.clause, entry.clauses.as_slice()) {
                (Some(id), []) => node_of(id),
                (None, [id]) => node_of(id),
                _ => Err(format!("{place}: name the original's clause with \"clause\"")),
            }
        };
        let content = |node: &Node| node.kind == NodeKind::Paragraph;
        let words = |field: &Option<String>, name: &str| -> Result<String, String> {
            field
                .clone()
                .filter(|words| !words.trim().is_empty())
                .ok_or_else(|| format!("{place}: give \"{name}\", the words the translation's text starts with there"))
        };
        let paragraph_of = |node: usize, what: &str| -> Result<usize, String> {
            match original.nodes[node].kind {
                NodeKind::Paragraph => Ok(node),
                _ => Err(format!("{place}: the clause {what} is not a paragraph of the original (headings and items align by number, meta lines in order)")),
            }
        };
        let heading_of = |node: usize| -> Result<usize, String> {
            match original.nodes[node].kind {
                NodeKind::Heading => Ok(node),
                _ => Err(format!("{place}: the clause is not a heading of the original")),
            }
        };
        let fix = match entry.kind.as_str() {
            "split" => {
                let node = paragraph_of(one_clause()?, "to split")?;
                let second = node_starting_with(translation, translation_text, &words(&entry.second_starts_with, "second_starts_with")?, content, line_at)
                    .map_err(|why| format!("{place}: {why}"))?;
                Fix::Split { node, second }
            }
            "merged" => {
                let [first, second] = entry.clauses.as_slice() else {
                    return Err(format!("{place}: a merge names the original's two clauses in \"clauses\""));
                };
                let (first, second) = (paragraph_of(node_of(first)?, "to merge")?, paragraph_of(node_of(second)?, "to merge")?);
                let (translation_node, cut) = match &entry.second_starts_with {
                    Some(words) if !words.trim().is_empty() => {
                        let (node, at) = paragraph_holding(translation, translation_text, words, line_at).map_err(|why| format!("{place}: {why}"))?;
                        (Some(node), Some(at))
                    }
                    _ => match &entry.starts_with {
                        Some(words) if !words.trim().is_empty() => {
                            (Some(node_starting_with(translation, translation_text, words, content, line_at).map_err(|why| format!("{place}: {why}"))?), None)
                        }
                        _ => (None, None),
                    },
                };
                Fix::Merged { first, second, translation: translation_node, cut }
            }
            "paired" => {
                let node = one_clause()?;
                if original.nodes[node].kind == NodeKind::Heading {
                    let translation_node = node_starting_with(
                        translation,
                        translation_text,
                        &words(&entry.starts_with, "starts_with")?,
                        |node| node.kind == NodeKind::Heading,
                        line_at,
                    )
                    .map_err(|why| format!("{place}: {why}"))?;
                    Fix::Headings { heading: node, translation: translation_node }
                } else {
                    let node = paragraph_of(node, "to pair")?;
                    let translation_node = node_starting_with(translation, translation_text, &words(&entry.starts_with, "starts_with")?, content, line_at)
                        .map_err(|why| format!("{place}: {why}"))?;
                    Fix::Paired { node, translation: translation_node }
                }
            }
            "missing-paragraph" => Fix::Missing { node: paragraph_of(one_clause()?, "missing")? },
            "extra-paragraph" => {
                let translation_node = node_starting_with(translation, translation_text, &words(&entry.starts_with, "starts_with")?, content, line_at)
                    .map_err(|why| format!("{place}: {why}"))?;
                Fix::Extra { translation: translation_node }
            }
            "relabelled" => {
                let heading = heading_of(one_clause()?)?;
                let translation_node = node_starting_with(
                    translation,
                    translation_text,
                    &words(&entry.starts_with, "starts_with")?,
                    |node| node.kind == NodeKind::Heading,
                    line_at,
                )
                .map_err(|why| format!("{place}: {why}"))?;
                Fix::Headings { heading, translation: translation_node }
            }
            "run-in-heading" => {
                let heading = heading_of(one_clause()?)?;
                let (paragraph, at) = paragraph_holding(translation, translation_text, &words(&entry.second_starts_with, "second_starts_with")?, line_at)
                    .map_err(|why| format!("{place}: {why}"))?;
                let cut = cut_run_in_heading(translation, translation_text, paragraph, at, original.nodes[heading].value, depth(original, heading))
                    .map_err(|why| format!("{place}: {why} (line {})", line_at(at as usize)))?;
                Fix::Headings { heading, translation: cut }
            }
            other => {
                return Err(format!(
                "{place}: the kind \u{201c}{other}\u{201d} is not one of split, merged, paired, missing-paragraph, extra-paragraph, run-in-heading, relabelled"
            ))
            }
        };
        fixes.push(fix);
    }
    Ok(fixes)
}

/// The sentences of a span, or the span itself when it has none.
pub fn sentences_or_whole(text: &str, span: Span) -> Vec<Span> {
    let sentences = sentences_in(text, span);
    if sentences.is_empty() {
        vec![span]
    } else {
        sentences
    }
}
