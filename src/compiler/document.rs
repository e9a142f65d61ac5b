//! One document from its versions' texts: outline every version, align each translation to the
//! original (headings by level and number, then the paragraphs between them with the bead
//! aligner), and build the clause tree with its ids, levels and divergences.

use std::collections::{BTreeMap, BTreeSet};

use super::beads::{self, Bead, Pin, Unit};
use super::fixes::Fix;
use super::forms::is_space;
use super::outline::{outline, MetaRole, Node, NodeKind, Outline};
use super::sources::VersionText;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Clause, ClauseText, Divergence, DivergenceKind, Document, Kind, LabelForm, Level, LevelName, NumberStyle, Span, Version};

/// A version ready to compile: its metadata and its assembled text.
pub struct VersionInput {
    pub version: Version,
    pub text: VersionText,
    /// The source file's name, for locations in reports.
    pub file: String,
}

/// A place the compiler asks a person to check.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub version: String,
    pub clause: String,
    /// `file:line`.
    pub location: String,
    pub what: String,
    pub confidence: u8,
}

/// What the compiler found in one document.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DocumentReport {
    pub id: String,
    pub headings: usize,
    pub paragraphs: usize,
    pub divergences: usize,
    pub places: Vec<Place>,
    pub warnings: Vec<String>,
    /// For each version, where each block of its text starts (a byte offset into the version's
    /// text) and the source line it starts on, so a view can say where any text is.
    pub block_lines: Vec<Vec<(u32, u32)>>,
}

impl DocumentReport {
    /// The source line of a byte offset into version `version`'s text (`text`), or 0.
    pub fn source_line(&self, version: usize, text: &str, offset: usize) -> usize {
        let Some(blocks) = self.block_lines.get(version) else { return 0 };
        let block = blocks.partition_point(|(start, _)| (*start as usize) <= offset).saturating_sub(1);
        let Some(&(start, line)) = blocks.get(block) else { return 0 };
        let before = text.get(start as usize..offset.max(start as usize)).unwrap_or("");
        line as usize + before.matches('\n').count()
    }
}

impl DocumentReport {
    /// "61 headings, 143 paragraphs, 10 divergences; 3 places to check".
    pub fn summary(&self) -> String {
        format!(
            "{}: {} headings, {} paragraphs, {} divergences; {} to check",
            self.id,
            self.headings,
            self.paragraphs,
            self.divergences,
            match self.places.len() {
                0 => "no places".to_string(),
                1 => "1 place".to_string(),
                count => format!("{count} places"),
            }
        )
    }
}

/// Below this confidence a divergence, or a one-to-one pairing whose lengths disagree, is
/// listed as a place to check.
pub const CHECK_BELOW: u8 = 60;

/// A length mismatch (|ln| of the ratio to the expected length) above which a one-to-one
/// pairing is worth a look.
const LOUD_MISMATCH: f64 = 1.1;

/// What one translation gives for one node of the original.
#[derive(Clone, Debug)]
struct Given {
    text: Span,
    label: Option<Span>,
    title: Option<Span>,
    sentences: Vec<Span>,
}

/// A translation's alignment to the original.
#[derive(Default)]
struct VersionAlignment {
    /// For each node of the original's outline: what this version gives for it.
    given: Vec<Option<Given>>,
    /// Paragraphs of this version with no counterpart: (the original node they follow, or the
    /// parent they open, their span).
    extras: Vec<Extra>,
    /// Matched headings: (original node, translation node).
    headings: Vec<(usize, usize)>,
    divergences: Vec<Pending>,
    places: Vec<(usize, String, u8, usize)>,
    /// Whether the translation reads as a translation: over its one-to-one pairs, how many
    /// numbers the two sides hold together and how many of them the other side shares, and how
    /// many pairs there are and how many of them disagree loudly in length.
    evidence: Evidence,
}

#[derive(Default, Clone, Copy, Debug)]
struct Evidence {
    numbers: usize,
    shared_numbers: usize,
    pairs: usize,
    loud_pairs: usize,
}

#[derive(Clone, Debug)]
struct Extra {
    /// The original's parent node (None: the top level).
    parent: Option<usize>,
    /// The original node this paragraph comes after, among the parent's children.
    after: Option<usize>,
    given: Given,
    /// A meta line only the translation has (its own page furniture): no divergence.
    meta: bool,
}

/// A divergence before clause numbers exist: the original nodes (or extras) it concerns.
#[derive(Clone, Debug)]
struct Pending {
    kind: DivergenceKind,
    nodes: Vec<usize>,
    /// An extra paragraph's index in `extras`.
    extra: Option<usize>,
    confidence: u8,
}

fn heading_given(text: &str, node: &Node) -> Given {
    let sentences = match (node.label_span, node.title) {
        (Some(label), Some(title))
            if title.start > label.end + 1 || text.get(label.end as usize..title.start as usize).is_some_and(|gap| gap.contains('\n')) =>
        {
            vec![label, title]
        }
        _ => vec![node.text],
    };
    Given { text: node.text, label: node.label_span, title: node.title, sentences }
}

fn text_given(text: &str, span: Span) -> Given {
    let mut sentences = super::outline::sentences_in(text, span);
    if sentences.is_empty() {
        sentences.push(span);
    }
    Given { text: span, label: None, title: None, sentences }
}

fn node_given(text: &str, node: &Node) -> Given {
    match node.kind {
        NodeKind::Heading => heading_given(text, node),
        NodeKind::Meta => Given { text: node.text, label: None, title: None, sentences: vec![node.text] },
        NodeKind::Item => {
            let mut given = text_given(text, node.text);
            given.label = node.label_span;
            given
        }
        NodeKind::Paragraph => text_given(text, node.text),
    }
}

/// A note a translator or editor adds: "[Translator's note: …]", "（译者注：…）".
fn is_note(text: &str) -> bool {
    let trimmed = text.trim();
    let inner = trimmed.trim_start_matches(['[', '(', '（', '【']).to_lowercase();
    ["translator's note", "translator’s note", "note:", "editor's note", "editor’s note", "译者注", "编者按", "编者注", "译注"]
        .iter()
        .any(|start| inner.starts_with(start))
}

/// The characters of a text other than white space: the length the aligner compares.
fn length(text: &str) -> usize {
    text.chars().filter(|character| !is_space(*character)).count()
}

/// Numbers, Latin-script names and acronyms in a text: what a translation keeps unchanged.
fn anchors(text: &str, chinese: bool) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut word = String::new();
    let push = |word: &mut String, found: &mut BTreeSet<String>| {
        if word.is_empty() {
            return;
        }
        let digits = word.chars().all(|c| c.is_ascii_digit());
        let keep = if digits {
            word.len() >= 2
        } else if chinese {
            word.chars().count() >= 2
        } else {
            // In English: acronyms (LAC, CELAC) and names written in mixed case (BeiDou).
            let capitals = word.chars().filter(|c| c.is_ascii_uppercase()).count();
            word.len() >= 2 && capitals >= 2 && (capitals * 2 >= word.len() || !word.starts_with(|c: char| c.is_ascii_lowercase()))
        };
        if keep {
            found.insert(word.to_ascii_lowercase());
        }
        word.clear();
    };
    for character in text.chars() {
        let folded = crate::text::fold_width(character);
        if folded.is_ascii_alphanumeric() {
            if word.chars().last().is_some_and(|last| last.is_ascii_digit() != folded.is_ascii_digit()) {
                push(&mut word, &mut found);
            }
            word.push(folded);
        } else {
            push(&mut word, &mut found);
        }
    }
    push(&mut word, &mut found);
    found
}

/// The nodes under `parent` that the paragraph aligner sees, in order, between two aligned
/// headings: paragraphs, items and meta lines, and every paragraph of a heading that has no
/// counterpart (so a section whose heading a translation lacks is still aligned, inside the
/// section before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Heading(usize),
    Unit(usize),
}

fn flatten_unmatched(outline: &Outline, node: usize, into: &mut Vec<usize>) {
    for &child in &outline.nodes[node].children {
        match outline.nodes[child].kind {
            NodeKind::Heading => flatten_unmatched(outline, child, into),
            _ => into.push(child),
        }
    }
}

/// The cost of pairing two headings: 0 for the same number, more for a different one (a
/// relabelling or a renumbering), unpairable across named and numbered headings.
fn heading_cost(original: &Node, translation: &Node) -> Option<f64> {
    let named = |node: &Node| node.key.as_ref().is_some_and(|key| key.form == LabelForm::Named) || node.meta == Some(MetaRole::Title);
    match (original.value, translation.value) {
        (Some(a), Some(b)) => Some(if a == b { 0.0 } else { 1.2 }),
        (None, None) if named(original) == named(translation) => Some(0.0),
        _ => None,
    }
}

#[allow(clippy::needless_range_loop, reason = "rows run one past the headings: the table has a row for none taken")]
/// Needleman–Wunsch over two lists of headings: the pairs, in order. The table is banded
/// around the diagonal (as the paragraph aligner's is), so a document of forty thousand
/// articles costs forty thousand rows of a narrow band, not a square.
fn match_headings(original: &Outline, o: &[usize], translation: &Outline, t: &[usize]) -> Vec<(usize, usize)> {
    const GAP: f64 = 1.5;
    const BAND: usize = 24;
    let (rows, columns) = (o.len(), t.len());
    // The band follows the slope from corner to corner; it widens for a difference in counts
    // only up to a limit, so the table stays linear in the number of headings.
    let band = BAND + rows.abs_diff(columns).min(160);
    let width = 2 * band + 1;
    let expected = |row: usize| (row * columns).checked_div(rows).unwrap_or(0);
    let offset = |row: usize| expected(row).saturating_sub(band);
    let cell = |row: usize, column: usize| -> Option<usize> {
        let at = column.checked_sub(offset(row))?;
        (at < width && expected(row).abs_diff(column) <= band).then_some(row * width + at)
    };
    let mut cost = vec![f64::INFINITY; (rows + 1) * width];
    let mut back = vec![0u8; (rows + 1) * width];
    let Some(origin) = cell(0, 0) else { return Vec::new() };
    cost[origin] = 0.0;
    for row in 0..=rows {
        for column in offset(row)..=(expected(row) + band).min(columns) {
            let Some(here_cell) = cell(row, column) else { continue };
            let here = cost[here_cell];
            if !here.is_finite() {
                continue;
            }
            let mut relax = |target: Option<usize>, step: f64, from: u8| {
                if let Some(target) = target {
                    if here + step < cost[target] {
                        cost[target] = here + step;
                        back[target] = from;
                    }
                }
            };
            if row < rows && column < columns {
                if let Some(pair) = heading_cost(&original.nodes[o[row]], &translation.nodes[t[column]]) {
                    relax(cell(row + 1, column + 1), pair, 1);
                }
            }
            if row < rows {
                relax(cell(row + 1, column), GAP, 2);
            }
            if column < columns {
                relax(cell(row, column + 1), GAP, 3);
            }
        }
    }
    let mut pairs = Vec::new();
    let (mut row, mut column) = (rows, columns);
    while row > 0 || column > 0 {
        let Some(at) = cell(row, column) else { break };
        match back[at] {
            1 => {
                pairs.push((o[row - 1], t[column - 1]));
                row -= 1;
                column -= 1;
            }
            2 => row -= 1,
            3 => column -= 1,
            _ => break,
        }
    }
    pairs.reverse();
    pairs
}

/// [`match_headings`] through pairs a person fixed: the headings between two fixed pairs are
/// matched on their own. Fixed pairs that cross are refused.
fn match_headings_through(
    original: &Outline,
    o: &[usize],
    translation: &Outline,
    t: &[usize],
    forced: &[(usize, usize)],
) -> core::result::Result<Vec<(usize, usize)>, String> {
    if forced.is_empty() {
        return Ok(match_headings(original, o, translation, t));
    }
    let mut at: Vec<(usize, usize)> =
        forced.iter().filter_map(|(heading, other)| Some((o.iter().position(|node| node == heading)?, t.iter().position(|node| node == other)?))).collect();
    at.sort_unstable();
    let mut pairs = Vec::new();
    let (mut row, mut column) = (0, 0);
    for (o_at, t_at) in at {
        if o_at < row || t_at < column {
            return Err("two heading fixes cross: a later heading of the original is paired with an earlier heading of the translation".to_string());
        }
        pairs.extend(match_headings(original, &o[row..o_at], translation, &t[column..t_at]));
        pairs.push((o[o_at], t[t_at]));
        row = o_at + 1;
        column = t_at + 1;
    }
    pairs.extend(match_headings(original, &o[row..], translation, &t[column..]));
    Ok(pairs)
}

struct Aligner<'a> {
    original: &'a Outline,
    original_text: &'a str,
    translation: &'a Outline,
    translation_text: &'a str,
    chinese_original: bool,
    chinese_translation: bool,
    ratio: f64,
    result: VersionAlignment,
    /// The manifest's fixes for this version, and which of them a section has taken.
    fixes: Vec<Fix>,
    applied: Vec<bool>,
    /// Fixes that cannot be applied where they are, with the reason.
    errors: Vec<String>,
}

impl Aligner<'_> {
    fn unit(&self, outline: &Outline, text: &str, node: usize, chinese: bool) -> Unit {
        let span = outline.nodes[node].text;
        let piece = span.of(text);
        // A label's number is not an anchor: "Article 12" and 第十二条 write it differently,
        // and the headings' numbers are compared on their own.
        let unlabelled = match outline.nodes[node].label_span {
            Some(label) if label.start >= span.start && label.end <= span.end => &text[label.end as usize..span.end as usize],
            _ => piece,
        };
        let mut anchors = anchors(unlabelled, chinese);
        if piece.contains('《') || piece.contains('“') && chinese {
            anchors.insert("§title".into());
        }
        Unit { length: length(piece), anchors, sentences: super::outline::sentences_in(text, span).len().max(1), note: is_note(piece) }
    }

    /// Aligns the children of a pair of aligned nodes (or of the two tops).
    fn children(&mut self, original_parent: Option<usize>, translation_parent: Option<usize>) {
        let o_children = self.original.children(original_parent).to_vec();
        let t_children = self.translation.children(translation_parent).to_vec();
        let o_heads: Vec<usize> = o_children.iter().copied().filter(|&n| self.original.nodes[n].kind == NodeKind::Heading).collect();
        let t_heads: Vec<usize> = t_children.iter().copied().filter(|&n| self.translation.nodes[n].kind == NodeKind::Heading).collect();
        let mut forced = Vec::new();
        for (index, fix) in self.fixes.iter().enumerate() {
            if let Fix::Headings { heading, translation } = *fix {
                match (o_heads.contains(&heading), t_heads.contains(&translation)) {
                    (true, true) => {
                        forced.push((heading, translation));
                        self.applied[index] = true;
                    }
                    (true, false) | (false, true) => {
                        self.applied[index] = true;
                        self.errors.push(format!(
                            "the heading fix for \u{201c}{}\u{201d} pairs headings under different parents: pair the parent headings first",
                            self.original.nodes[heading].text.of(self.original_text).chars().take(30).collect::<String>()
                        ));
                    }
                    (false, false) => {}
                }
            }
        }
        let pairs = match match_headings_through(self.original, &o_heads, self.translation, &t_heads, &forced) {
            Ok(pairs) => pairs,
            Err(why) => {
                self.errors.push(why);
                match_headings(self.original, &o_heads, self.translation, &t_heads)
            }
        };
        let matched_o: BTreeSet<usize> = pairs.iter().map(|pair| pair.0).collect();
        let matched_t: BTreeSet<usize> = pairs.iter().map(|pair| pair.1).collect();
        // Each side's children as entries, unmatched headings flattened into their paragraphs.
        let entries = |outline: &Outline, children: &[usize], matched: &BTreeSet<usize>| -> Vec<Entry> {
            let mut entries = Vec::new();
            for &child in children {
                if outline.nodes[child].kind == NodeKind::Heading {
                    if matched.contains(&child) {
                        entries.push(Entry::Heading(child));
                    } else {
                        let mut units = Vec::new();
                        flatten_unmatched(outline, child, &mut units);
                        entries.extend(units.into_iter().map(Entry::Unit));
                    }
                } else {
                    entries.push(Entry::Unit(child));
                }
            }
            entries
        };
        let o_entries = entries(self.original, &o_children, &matched_o);
        let t_entries = entries(self.translation, &t_children, &matched_t);
        // Unmatched headings of the original: missing in this translation.
        for &head in &o_heads {
            if !matched_o.contains(&head) {
                self.result.divergences.push(Pending { kind: DivergenceKind::MissingHeading, nodes: vec![head], extra: None, confidence: 90 });
            }
        }
        // Segments between matched headings.
        let (mut o_at, mut t_at) = (0, 0);
        let mut previous_original: Option<usize> = None;
        for segment in 0..=pairs.len() {
            let o_end = match pairs.get(segment) {
                Some(pair) => o_entries.iter().position(|entry| *entry == Entry::Heading(pair.0)).unwrap_or(o_entries.len()),
                None => o_entries.len(),
            };
            let t_end = match pairs.get(segment) {
                Some(pair) => t_entries.iter().position(|entry| *entry == Entry::Heading(pair.1)).unwrap_or(t_entries.len()),
                None => t_entries.len(),
            };
            let o_units: Vec<usize> = o_entries[o_at..o_end]
                .iter()
                .filter_map(|entry| match entry {
                    Entry::Unit(node) => Some(*node),
                    _ => None,
                })
                .collect();
            let t_units: Vec<usize> = t_entries[t_at..t_end]
                .iter()
                .filter_map(|entry| match entry {
                    Entry::Unit(node) => Some(*node),
                    _ => None,
                })
                .collect();
            self.segment(original_parent, previous_original, &o_units, &t_units);
            if let Some(&(o_head, t_head)) = pairs.get(segment) {
                self.heading(o_head, t_head);
                self.children(Some(o_head), Some(t_head));
                previous_original = Some(o_head);
            }
            if let Some(&last) = o_units.last() {
                previous_original = previous_original.max(Some(last));
            }
            o_at = (o_end + 1).min(o_entries.len());
            t_at = (t_end + 1).min(t_entries.len());
        }
    }

    fn heading(&mut self, original: usize, translation: usize) {
        let node = &self.translation.nodes[translation];
        self.result.given[original] = Some(node_given(self.translation_text, node));
        self.result.headings.push((original, translation));
        if node.run_in {
            self.result.divergences.push(Pending { kind: DivergenceKind::RunInHeading, nodes: vec![original], extra: None, confidence: 100 });
        }
    }

    /// Aligns one run of paragraphs (and items, and meta lines).
    fn segment(&mut self, parent: Option<usize>, before: Option<usize>, o_units: &[usize], t_units: &[usize]) {
        if o_units.is_empty() && t_units.is_empty() {
            return;
        }
        // Meta lines (bylines, source notes, page furniture) are each version's own: paired in
        // order, the rest kept as the translation's own, never a divergence.
        let is_meta = |outline: &Outline, node: &usize| outline.nodes[*node].kind == NodeKind::Meta;
        let o_meta: Vec<usize> = o_units.iter().copied().filter(|node| is_meta(self.original, node)).collect();
        let t_meta: Vec<usize> = t_units.iter().copied().filter(|node| is_meta(self.translation, node)).collect();
        if !o_meta.is_empty() || !t_meta.is_empty() {
            let o_content: Vec<usize> = o_units.iter().copied().filter(|node| !is_meta(self.original, node)).collect();
            let t_content: Vec<usize> = t_units.iter().copied().filter(|node| !is_meta(self.translation, node)).collect();
            self.segment(parent, before, &o_content, &t_content);
            for (index, &translation) in t_meta.iter().enumerate() {
                let node = &self.translation.nodes[translation];
                match o_meta.get(index) {
                    Some(&original) => self.result.given[original] = Some(node_given(self.translation_text, node)),
                    None => {
                        let given = node_given(self.translation_text, node);
                        self.result.extras.push(Extra { parent, after: o_meta.last().copied().or(o_units.last().copied()).or(before), given, meta: true });
                    }
                }
            }
            return;
        }
        let o: Vec<Unit> = o_units.iter().map(|&node| self.unit(self.original, self.original_text, node, self.chinese_original)).collect();
        let t: Vec<Unit> = t_units.iter().map(|&node| self.unit(self.translation, self.translation_text, node, self.chinese_translation)).collect();
        let (placed, cuts) = self.place_beads(o_units, t_units, &o, &t);
        let mut last_original = before;
        for bead in placed {
            let originals = &o_units[bead.original_start..bead.original_start + bead.bead.original];
            let translations = &t_units[bead.translation_start..bead.translation_start + bead.bead.translation];
            match (bead.bead.original, bead.bead.translation) {
                (1, 1) => {
                    self.pair(originals[0], translations[0]);
                    let is_number = |anchor: &&String| anchor.chars().all(|c| c.is_ascii_digit());
                    let original_numbers: Vec<&String> = o[bead.original_start].anchors.iter().filter(is_number).collect();
                    let translation_numbers = t[bead.translation_start].anchors.iter().filter(is_number).count();
                    let evidence = &mut self.result.evidence;
                    evidence.numbers += original_numbers.len() + translation_numbers;
                    evidence.shared_numbers += 2 * original_numbers.iter().filter(|number| t[bead.translation_start].anchors.contains(**number)).count();
                    evidence.pairs += 1;
                    if bead.mismatch > LOUD_MISMATCH {
                        evidence.loud_pairs += 1;
                    }
                    if bead.mismatch > LOUD_MISMATCH || bead.confidence < CHECK_BELOW {
                        self.result.places.push((originals[0], "the lengths of the paragraphs disagree".into(), bead.confidence, translations[0]));
                    }
                }
                (1, 2) => {
                    let first = &self.translation.nodes[translations[0]];
                    let second = &self.translation.nodes[translations[1]];
                    let mut given = node_given(self.translation_text, first);
                    let second_given = node_given(self.translation_text, second);
                    given.text = Span { start: first.text.start, end: second.text.end };
                    given.sentences.extend(second_given.sentences);
                    self.result.given[originals[0]] = Some(given);
                    self.result.divergences.push(Pending { kind: DivergenceKind::Split, nodes: vec![originals[0]], extra: None, confidence: bead.confidence });
                }
                (2, 1) => {
                    let cut = cuts.get(&originals[0]).copied();
                    self.merge(originals, translations[0], &o[bead.original_start..bead.original_start + 2], cut);
                    self.result.divergences.push(Pending { kind: DivergenceKind::Merged, nodes: originals.to_vec(), extra: None, confidence: bead.confidence });
                }
                (2, 2) => {
                    self.pair(originals[0], translations[0]);
                    self.pair(originals[1], translations[1]);
                    self.result.places.push((originals[0], "the paragraph boundary differs".into(), bead.confidence.min(CHECK_BELOW - 1), translations[0]));
                }
                (1, 0) => {
                    self.result.divergences.push(Pending {
                        kind: DivergenceKind::MissingParagraph,
                        nodes: vec![originals[0]],
                        extra: None,
                        confidence: bead.confidence,
                    });
                }
                (0, 1) => {
                    let node = &self.translation.nodes[translations[0]];
                    let given = node_given(self.translation_text, node);
                    self.result.extras.push(Extra { parent, after: last_original, given, meta: false });
                    self.result.divergences.push(Pending {
                        kind: DivergenceKind::ExtraParagraph,
                        nodes: Vec::new(),
                        extra: Some(self.result.extras.len() - 1),
                        confidence: bead.confidence,
                    });
                }
                _ => {}
            }
            if let Some(&last) = originals.last() {
                last_original = Some(last);
            }
        }
    }

    /// The beads of one run of paragraphs: the cheapest path, or, when the manifest fixes some
    /// beads of this run, the cheapest path through them. Also returns where a fixed merge cuts
    /// its translation paragraph, by the merge's first original node.
    fn place_beads(&mut self, o_units: &[usize], t_units: &[usize], o: &[Unit], t: &[Unit]) -> (Vec<beads::Placed>, BTreeMap<usize, u32>) {
        let free = beads::align(o, t, self.ratio, &[]);
        let mut cuts = BTreeMap::new();
        if self.fixes.is_empty() {
            return (free, cuts);
        }
        let row_of = |node: usize| o_units.iter().position(|&unit| unit == node);
        let column_of = |node: usize| t_units.iter().position(|&unit| unit == node);
        // Where the free path is at a row of the original (the first bead reaching it) and at a
        // column of the translation, for fixes that fix one side only.
        let column_at = |row: usize| free.iter().find(|bead| bead.original_start + bead.bead.original > row).map_or(t.len(), |bead| bead.translation_start);
        let row_at = |column: usize| {
            free.iter().find(|bead| bead.translation_start + bead.bead.translation > column).map_or(o.len(), |bead| bead.original_start + bead.bead.original)
        };
        let shape = |original: usize, translation: usize| Bead { original, translation };
        let mut pins = Vec::new();
        let mut errors = Vec::new();
        let quote = |outline: &Outline, text: &str, node: usize| -> String { outline.nodes[node].text.of(text).chars().take(30).collect() };
        for (index, fix) in self.fixes.iter().enumerate() {
            if self.applied[index] {
                continue;
            }
            let here = match *fix {
                Fix::Split { node, .. } | Fix::Paired { node, .. } | Fix::Missing { node } => row_of(node).is_some(),
                Fix::Merged { first, .. } => row_of(first).is_some(),
                Fix::Extra { translation } => column_of(translation).is_some(),
                Fix::Headings { .. } => false,
            };
            if !here {
                continue;
            }
            self.applied[index] = true;
            let elsewhere = |node: usize| {
                format!(
                    "the translation's paragraph \u{201c}{}\u{201d} is not in the same section as the original's",
                    quote(self.translation, self.translation_text, node)
                )
            };
            match *fix {
                Fix::Split { node, second } => match column_of(second) {
                    Some(column) if column > 0 => {
                        pins.push(Pin { original_start: row_of(node).unwrap_or(0), translation_start: column - 1, bead: shape(1, 2) })
                    }
                    Some(_) => errors.push(format!(
                        "the split's second paragraph \u{201c}{}\u{201d} is the first of its section: nothing comes before it",
                        quote(self.translation, self.translation_text, second)
                    )),
                    None => errors.push(elsewhere(second)),
                },
                Fix::Merged { first, second, translation, cut } => {
                    let row = row_of(first).unwrap_or(0);
                    if row_of(second) != Some(row + 1) {
                        errors.push(format!(
                            "the merge's clauses \u{201c}{}\u{201d} and \u{201c}{}\u{201d} are not consecutive paragraphs of one section",
                            quote(self.original, self.original_text, first),
                            quote(self.original, self.original_text, second)
                        ));
                        continue;
                    }
                    let column = match translation {
                        Some(node) => match column_of(node) {
                            Some(column) => column,
                            None => {
                                errors.push(elsewhere(node));
                                continue;
                            }
                        },
                        None => column_at(row),
                    };
                    if let Some(cut) = cut {
                        cuts.insert(first, cut);
                    }
                    pins.push(Pin { original_start: row, translation_start: column, bead: shape(2, 1) });
                }
                Fix::Paired { node, translation } => match column_of(translation) {
                    Some(column) => pins.push(Pin { original_start: row_of(node).unwrap_or(0), translation_start: column, bead: shape(1, 1) }),
                    None => errors.push(elsewhere(translation)),
                },
                Fix::Missing { node } => {
                    let row = row_of(node).unwrap_or(0);
                    pins.push(Pin { original_start: row, translation_start: column_at(row), bead: shape(1, 0) });
                }
                Fix::Extra { translation } => {
                    let column = column_of(translation).unwrap_or(0);
                    pins.push(Pin { original_start: row_at(column), translation_start: column, bead: shape(0, 1) });
                }
                Fix::Headings { .. } => {}
            }
        }
        self.errors.extend(errors);
        if pins.is_empty() {
            return (free, cuts);
        }
        match beads::align_through(o, t, self.ratio, &pins) {
            Ok(placed) => (placed, cuts),
            Err(why) => {
                self.errors.push(why);
                (free, cuts)
            }
        }
    }

    /// Pairs one paragraph (or item, or meta line) with one, and then their items.
    fn pair(&mut self, original: usize, translation: usize) {
        let node = &self.translation.nodes[translation];
        self.result.given[original] = Some(node_given(self.translation_text, node));
        if !self.original.nodes[original].children.is_empty() || !node.children.is_empty() {
            self.items(original, translation);
        }
    }

    /// Aligns the items of two paired paragraphs by number, recursively. Items one version
    /// writes inside the paragraph and the other on lines of their own are the same clauses;
    /// the difference of layout is recorded once, as a split of the paragraph.
    fn items(&mut self, original: usize, translation: usize) {
        let o_children = self.original.nodes[original].children.clone();
        let t_children = self.translation.nodes[translation].children.clone();
        let inline =
            |outline: &Outline, children: &[usize]| children.iter().any(|&child| outline.nodes[child].kind == NodeKind::Item && outline.nodes[child].inline);
        let separate =
            |outline: &Outline, children: &[usize]| children.iter().any(|&child| outline.nodes[child].kind == NodeKind::Item && !outline.nodes[child].inline);
        if (inline(self.original, &o_children) && separate(self.translation, &t_children))
            || (separate(self.original, &o_children) && inline(self.translation, &t_children))
        {
            self.result.divergences.push(Pending { kind: DivergenceKind::Split, nodes: vec![original], extra: None, confidence: 100 });
        }
        for &child in &o_children {
            let value = self.original.nodes[child].value;
            let found = t_children.iter().copied().find(|&other| self.translation.nodes[other].value == value && value.is_some());
            if let Some(other) = found {
                let node = &self.translation.nodes[other];
                self.result.given[child] = Some(node_given(self.translation_text, node));
                self.items(child, other);
            }
        }
    }

    /// Splits one translation paragraph between two original paragraphs, at the sentence
    /// boundary whose halves best fit the two originals' lengths.
    fn merge(&mut self, originals: &[usize], translation: usize, units: &[Unit], cut: Option<u32>) {
        let node = &self.translation.nodes[translation];
        if let Some(cut) = cut.filter(|&cut| cut > node.text.start && cut < node.text.end) {
            // A person said where the second part starts.
            let first =
                Span { start: node.text.start, end: node.text.start + self.translation_text[node.text.start as usize..cut as usize].trim_end().len() as u32 };
            let second = Span { start: cut, end: node.text.end };
            self.result.given[originals[0]] =
                Some(Given { text: first, label: None, title: None, sentences: super::fixes::sentences_or_whole(self.translation_text, first) });
            self.result.given[originals[1]] =
                Some(Given { text: second, label: None, title: None, sentences: super::fixes::sentences_or_whole(self.translation_text, second) });
            return;
        }
        let sentences = super::outline::sentences_in(self.translation_text, node.text);
        if sentences.len() < 2 {
            self.result.given[originals[0]] = Some(node_given(self.translation_text, node));
            return;
        }
        let lengths: Vec<usize> = sentences.iter().map(|span| length(span.of(self.translation_text))).collect();
        let total: usize = lengths.iter().sum();
        let mut best = (f64::INFINITY, 1);
        let mut first_length = 0;
        for cut in 1..sentences.len() {
            first_length += lengths[cut - 1];
            let cost = beads::mismatch(units[0].length, first_length, self.ratio) + beads::mismatch(units[1].length, total - first_length, self.ratio);
            if cost < best.0 {
                best = (cost, cut);
            }
        }
        let cut = best.1;
        let (first, second) = sentences.split_at(cut);
        let span_of = |list: &[Span]| Span { start: list[0].start, end: list[list.len() - 1].end };
        self.result.given[originals[0]] = Some(Given { text: span_of(first), label: None, title: None, sentences: first.to_vec() });
        self.result.given[originals[1]] = Some(Given { text: span_of(second), label: None, title: None, sentences: second.to_vec() });
    }
}

/// The pairs of headings that match between the original and a translation, everywhere.
fn heading_pairs(original: &Outline, translation: &Outline, o_parent: Option<usize>, t_parent: Option<usize>, pairs: &mut Vec<(Option<usize>, Option<usize>)>) {
    let heads = |outline: &Outline, parent: Option<usize>| -> Vec<usize> {
        outline.children(parent).iter().copied().filter(|&node| outline.nodes[node].kind == NodeKind::Heading).collect()
    };
    for (o, t) in match_headings(original, &heads(original, o_parent), translation, &heads(translation, t_parent)) {
        pairs.push((Some(o), Some(t)));
        heading_pairs(original, translation, Some(o), Some(t), pairs);
    }
}

/// The ratio of a translation's paragraph text length to the original's, over the parts where
/// both have the same headings (so a translation that stops half way is measured on what it
/// has).
fn length_ratio(original: &Outline, original_text: &str, translation: &Outline, translation_text: &str) -> f64 {
    let mut pairs = vec![(None, None)];
    heading_pairs(original, translation, None, None, &mut pairs);
    let total = |outline: &Outline, text: &str, parent: Option<usize>| -> usize {
        outline
            .children(parent)
            .iter()
            .map(|&node| &outline.nodes[node])
            .filter(|node| node.kind == NodeKind::Paragraph || node.kind == NodeKind::Item)
            .map(|node| length(node.text.of(text)))
            .sum()
    };
    let (mut o, mut t) = (0usize, 0usize);
    for (o_parent, t_parent) in pairs {
        o += total(original, original_text, o_parent);
        t += total(translation, translation_text, t_parent);
    }
    t.max(1) as f64 / o.max(1) as f64
}

/// The segment of a named heading's id: `preface`, `conclusion`, …
fn named_segment(name: &str) -> &'static str {
    match name.trim().to_lowercase().as_str() {
        "前言" | "序言" | "序" | "preface" | "foreword" => "preface",
        "引言" | "导言" | "introduction" => "introduction",
        "结束语" | "结语" | "结论" | "总结" | "conclusion" | "concluding remarks" | "closing remarks" => "conclusion",
        "epilogue" | "afterword" => "afterword",
        _ => "heading",
    }
}

/// The id segment of a level named by a noun.
fn noun_segment(noun: &str) -> Option<String> {
    let known = match noun.to_lowercase().as_str() {
        "部分" | "part" => "pt",
        "编" | "book" => "bk",
        "篇" => "pn",
        "卷" => "vol",
        "title" => "ti",
        "章" | "chapter" => "ch",
        "节" | "section" => "sec",
        "subsection" => "subsec",
        "条" | "article" => "art",
        "rule" => "rule",
        "项" => "item",
        "目" => "sub",
        "annex" => "annex",
        "appendix" => "app",
        "schedule" => "sch",
        other => {
            let slug: String = other.chars().filter(|c| c.is_ascii_alphabetic()).take(4).collect();
            return (!slug.is_empty()).then_some(slug);
        }
    };
    Some(known.to_string())
}

/// The noun a level's titles share: a trailing Chinese noun (团结工程 → 工程) or a last word
/// (Solidarity Program → Program), when every title of the level has it and has more.
fn shared_noun(titles: &[&str]) -> Option<String> {
    if titles.len() < 2 {
        return None;
    }
    let chinese = titles.iter().all(|title| title.chars().last().is_some_and(crate::text::is_cjk));
    if chinese {
        for length in (1..=3).rev() {
            let suffix: String = {
                let characters: Vec<char> = titles[0].chars().collect();
                if characters.len() <= length {
                    continue;
                }
                characters[characters.len() - length..].iter().collect()
            };
            if titles.iter().all(|title| title.ends_with(&suffix) && title.chars().count() > length) {
                return Some(suffix);
            }
        }
        return None;
    }
    let last = |title: &str| title.trim().rsplit(' ').next().map(str::to_string);
    let noun = last(titles[0])?;
    let all = titles.iter().all(|title| title.trim().contains(' ') && last(title).as_deref() == Some(noun.as_str()));
    (all && noun.chars().next().is_some_and(char::is_alphabetic)).then_some(noun)
}

/// The levels of the original, from the keys its headings and items use, and for each node of
/// the original its level's index.
struct Levels {
    levels: Vec<Level>,
    of_node: Vec<Option<u8>>,
}

fn find_levels(original: &Outline, text: &str, version_count: usize) -> Levels {
    let mut keys: Vec<(super::outline::Key, NodeKind)> = Vec::new();
    let mut of_node = vec![None; original.nodes.len()];
    for node in original.walk() {
        let entry = &original.nodes[node];
        let Some(key) = &entry.key else { continue };
        if key.form == LabelForm::Named || !matches!(entry.kind, NodeKind::Heading | NodeKind::Item) {
            continue;
        }
        let index = match keys.iter().position(|(known, kind)| known == key && *kind == entry.kind) {
            Some(index) => index,
            None => {
                keys.push((key.clone(), entry.kind));
                keys.len() - 1
            }
        };
        of_node[node] = Some(index as u8);
    }
    let mut used: Vec<String> = Vec::new();
    let mut levels = Vec::new();
    for (index, (key, kind)) in keys.iter().enumerate() {
        let members: Vec<usize> = (0..original.nodes.len()).filter(|&node| of_node[node] == Some(index as u8)).collect();
        let titles: Vec<&str> = members.iter().filter_map(|&node| original.nodes[node].title.map(|title| title.of(text).trim())).collect();
        let by_title = *kind == NodeKind::Heading && titles.len() == members.len() && shared_noun(&titles).is_some();
        let mut segment = match key.noun.as_deref() {
            Some(noun) => noun_segment(noun),
            None => None,
        };
        if by_title && segment.is_none() {
            segment = Some("prog".to_string());
        }
        let candidates: &[&str] = if *kind == NodeKind::Item { &["item", "sub", "subitem", "l5", "l6"] } else { &["sec", "sub", "l3", "l4", "l5", "l6", "l7"] };
        let mut segment = segment.unwrap_or_else(|| {
            candidates.iter().find(|candidate| !used.iter().any(|used| used == *candidate)).map_or_else(|| format!("l{}", index + 1), |found| found.to_string())
        });
        if used.contains(&segment) {
            segment = format!("{segment}{}", index + 1);
        }
        used.push(segment.clone());
        // Numbers that keep rising across parents run through the document (a law's articles).
        let mut continuous = true;
        let mut parents = BTreeSet::new();
        let mut last_value = 0;
        for &node in &members {
            parents.insert(original.nodes[node].parent);
            let value = original.nodes[node].value.unwrap_or(0);
            if value <= last_value {
                continuous = false;
            }
            last_value = value;
        }
        continuous &= parents.len() > 1;
        levels.push(Level { segment, names: vec![None; version_count], by_title, continuous });
    }
    Levels { levels, of_node }
}

/// Applies the manifest's level overrides: a label pattern picks the level, which then takes
/// the declared id segment, display noun and numbering. Returns the levels overridden.
fn apply_level_overrides(
    levels: &mut [Level],
    original: &Outline,
    original_text: &str,
    of_node: &[Option<u8>],
    overrides: &[super::manifest::LevelOverride],
    document: &str,
) -> Result<Vec<usize>> {
    let mut overridden = Vec::new();
    for entry in overrides {
        let Some((before, after)) = entry.pattern.split_once("{}") else {
            return Err(Error::new(
                ErrorCode::InvalidManifest,
                format!(
                    "document '{document}': the level pattern \u{201c}{}\u{201d} has no {{}} where the number goes, as in \"第{{}}章\" or \"Article {{}}\"",
                    entry.pattern
                ),
            ));
        };
        // The level whose labels in the original are written so.
        let level = (0..original.nodes.len()).find_map(|node| {
            let label = original.nodes[node].label_span?.of(original_text).trim();
            let level = of_node[node]?;
            (label.starts_with(before) && label.ends_with(after) && label.len() > before.len() + after.len()).then_some(level as usize)
        });
        let Some(level) = level else {
            return Err(Error::new(
                ErrorCode::InvalidManifest,
                format!("document '{document}': no heading of the original is written like the level pattern \u{201c}{}\u{201d}", entry.pattern),
            ));
        };
        if let Some(segment) = &entry.segment {
            if !super::is_id_segment(segment) || segment.contains('-') {
                return Err(Error::new(
                    ErrorCode::InvalidManifest,
                    format!("document '{document}': the level segment \u{201c}{segment}\u{201d} must be lower-case letters and digits, starting with a letter"),
                ));
            }
            levels[level].segment = segment.clone();
        }
        match entry.numbering.as_deref() {
            None => {}
            Some("per-parent") => levels[level].continuous = false,
            Some("continuous") => levels[level].continuous = true,
            Some(other) => {
                return Err(Error::new(
                    ErrorCode::InvalidManifest,
                    format!("document '{document}': numbering \u{201c}{other}\u{201d} is not one of continuous, per-parent"),
                ))
            }
        }
        overridden.push(level);
    }
    Ok(overridden)
}

/// Gives the overridden levels the nouns the manifest declares for display, per language.
fn apply_level_names(levels: &mut [Level], overridden: &[usize], overrides: &[super::manifest::LevelOverride], languages: &[String]) {
    for (&level, entry) in overridden.iter().zip(overrides) {
        let Some(name) = &entry.name else { continue };
        for (language, noun) in name.pairs("en") {
            let wanted = crate::model::primary_language(&language);
            for (version_language, level_name) in languages.iter().zip(levels[level].names.iter_mut()) {
                if let Some(level_name) = level_name.as_mut().filter(|_| crate::model::primary_language(version_language) == wanted) {
                    level_name.noun = Some(noun.clone());
                }
            }
        }
    }
}

/// Where extras go: after which node, under which parent (both original nodes).
type ExtraPlace = (Option<usize>, Option<usize>);

/// Clause ids handed out so far. A wanted id already taken gets the first free suffix `_2`,
/// `_3`, …; the next suffix to try is kept per id, so a thousand repeats cost a thousand steps.
#[derive(Default)]
struct UniqueIds {
    taken: BTreeSet<String>,
    next_suffix: BTreeMap<String, u32>,
}

impl UniqueIds {
    fn take(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let suffix = self.next_suffix.entry(wanted.clone()).or_insert(2);
        loop {
            let candidate = format!("{wanted}_{suffix}");
            *suffix += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// The style most of a list of labels use.
fn majority<T: Copy + PartialEq>(values: &[T]) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for &value in values {
        match counts.iter_mut().find(|(known, _)| *known == value) {
            Some(entry) => entry.1 += 1,
            None => counts.push((value, 1)),
        }
    }
    let mut best: Option<(T, usize)> = None;
    for entry in counts {
        if best.is_none_or(|(_, count)| entry.1 > count) {
            best = Some(entry);
        }
    }
    best.map(|(value, _)| value)
}

/// The clause id, kind and number of every node of the original, by node, from the original's
/// structure alone: a heading's or item's level segment and number, a paragraph's position
/// under its parent, a meta line's role, each qualified by its parent's id. The front matter's
/// id, when there is front matter, is taken first.
fn original_clause_ids(original: &Outline, of_node: &[Option<u8>], levels: &[Level], id_prefix: &str, has_front: bool) -> Vec<(String, Kind, u32)> {
    let mut ids = vec![(String::new(), Kind::Paragraph, 0); original.nodes.len()];
    let mut used_ids = UniqueIds::default();
    if has_front {
        used_ids.take(format!("{id_prefix}__front"));
    }
    let mut paragraph_count: BTreeMap<Option<usize>, u32> = BTreeMap::new();
    let mut next_number = |parent: Option<usize>| -> u32 {
        let count = paragraph_count.entry(parent).or_insert(0);
        *count += 1;
        *count
    };
    let mut meta_seen: BTreeMap<String, usize> = BTreeMap::new();
    for node in original.walk() {
        let entry = &original.nodes[node];
        let parent_id = entry.parent.map_or(id_prefix.to_string(), |parent| ids[parent].0.clone());
        let (kind, segment, number) = match entry.kind {
            NodeKind::Heading if entry.meta == Some(MetaRole::Title) => (Kind::Heading, "title".to_string(), 0),
            NodeKind::Heading if of_node[node].is_none() => {
                let name = entry.label.as_ref().and_then(|label| label.noun.clone()).unwrap_or_default();
                (Kind::Heading, named_segment(&name).to_string(), 0)
            }
            NodeKind::Heading | NodeKind::Item => {
                let level = &levels[of_node[node].unwrap_or(0) as usize];
                let number = entry.value.unwrap_or_else(|| next_number(entry.parent));
                let kind = if entry.kind == NodeKind::Item { Kind::Item } else { Kind::Heading };
                (kind, format!("{}_{number}", level.segment), number)
            }
            NodeKind::Paragraph => {
                let number = next_number(entry.parent);
                (Kind::Paragraph, format!("para_{number}"), number)
            }
            NodeKind::Meta => {
                let role = entry.meta.map_or("meta", MetaRole::as_str).to_string();
                let seen = meta_seen.entry(role.clone()).or_insert(0);
                let count = *seen;
                *seen += 1;
                let segment = if count == 0 { role } else { format!("{role}_{}", count + 1) };
                (Kind::Meta, segment, 0)
            }
        };
        ids[node] = (used_ids.take(format!("{parent_id}__{segment}")), kind, number);
    }
    ids
}

/// Compiles one document.
pub fn compile_document(
    id: &str,
    id_prefix: &str,
    inputs: Vec<VersionInput>,
    overrides: &[super::manifest::LevelOverride],
    entries: &[super::manifest::AlignmentEntry],
) -> Result<(Document, DocumentReport)> {
    if inputs.is_empty() {
        return Err(Error::new(ErrorCode::InvalidManifest, format!("document '{id}' has no versions: give at least the original")));
    }
    if inputs[0].version.role != crate::model::Role::Original {
        return Err(Error::new(
            ErrorCode::InvalidManifest,
            format!(
                "document '{id}': the first version must be the original, whose structure the others align to (it is '{}', a {})",
                inputs[0].version.id,
                inputs[0].version.role.as_str()
            ),
        ));
    }
    let mut outlines: Vec<Outline> = inputs.iter().map(|input| outline(&input.text.text, &input.text.blocks)).collect();
    for entry in entries {
        if !inputs.iter().skip(1).any(|input| input.version.id == entry.version) {
            return Err(Error::new(
                ErrorCode::InvalidAlignment,
                format!(
                    "document '{id}': an alignment entry names the version '{}', which is not a translation of this document (they are: {})",
                    entry.version,
                    inputs.iter().skip(1).map(|input| input.version.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    let (originals, translations) = outlines.split_at_mut(1);
    let original = &originals[0];
    let original_text = inputs[0].text.text.as_str();
    let mut report = DocumentReport { id: id.to_string(), ..DocumentReport::default() };
    let Levels { mut levels, of_node } = find_levels(original, original_text, inputs.len());
    let languages: Vec<String> = inputs.iter().map(|input| input.version.lang.clone()).collect();
    let overridden = apply_level_overrides(&mut levels, original, original_text, &of_node, overrides, id)?;
    if original.nodes.iter().all(|node| node.kind != NodeKind::Heading || node.meta == Some(MetaRole::Title)) {
        let paragraphs: Vec<&Node> = original.nodes.iter().filter(|node| node.kind == NodeKind::Paragraph).collect();
        let characters: usize = paragraphs.iter().map(|node| node.text.of(original_text).chars().count()).sum();
        if paragraphs.len() <= 1 && characters > 200 {
            report.warnings.push(format!(
                "{}:{}: no structure found: the version is one paragraph of {characters} characters with no headings and no numbered units, so its sentences are its only citable parts; separate its paragraphs with blank lines, or declare its levels in the manifest",
                inputs[0].file,
                inputs[0].text.line_at(paragraphs.first().map_or(0, |node| node.text.start as usize))
            ));
        }
    }

    // The original's clause ids come from its own structure alone, before any translation is
    // aligned: the manifest's fixes name clauses by them, and a translation never changes them.
    let has_front = !original.front.is_empty() || translations.iter().any(|outline| !outline.front.is_empty());
    let original_ids = original_clause_ids(original, &of_node, &levels, id_prefix, has_front);
    let clause_nodes: BTreeMap<&str, usize> = original_ids.iter().enumerate().map(|(node, (clause, _, _))| (clause.as_str(), node)).collect();
    let mut version_fixes: Vec<Vec<Fix>> = vec![Vec::new(); inputs.len()];
    for (index, input) in inputs.iter().enumerate().skip(1) {
        let mine: Vec<(usize, &super::manifest::AlignmentEntry)> = entries.iter().enumerate().filter(|(_, entry)| entry.version == input.version.id).collect();
        if mine.is_empty() {
            continue;
        }
        let line_at = |offset: usize| input.text.line_at(offset);
        version_fixes[index] = super::fixes::resolve(id, &mine, &clause_nodes, original, &mut translations[index - 1], &input.text.text, &line_at)
            .map_err(|why| Error::new(ErrorCode::InvalidAlignment, format!("{}: {why}", input.file)))?;
    }
    let outlines = &outlines;
    let original = &outlines[0];

    // Align every translation.
    let mut alignments: Vec<VersionAlignment> = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let mut result = VersionAlignment { given: vec![None; original.nodes.len()], ..VersionAlignment::default() };
        if index == 0 {
            for node in 0..original.nodes.len() {
                result.given[node] = Some(node_given(original_text, &original.nodes[node]));
            }
            alignments.push(result);
            continue;
        }
        let translation = &outlines[index];
        let mut aligner = Aligner {
            original,
            original_text,
            translation,
            translation_text: &input.text.text,
            chinese_original: inputs[0].version.is_chinese(),
            chinese_translation: input.version.is_chinese(),
            ratio: length_ratio(original, original_text, translation, &input.text.text),
            result,
            applied: vec![false; version_fixes[index].len()],
            fixes: std::mem::take(&mut version_fixes[index]),
            errors: Vec::new(),
        };
        aligner.children(None, None);
        let mine: Vec<(usize, &super::manifest::AlignmentEntry)> = entries.iter().enumerate().filter(|(_, entry)| entry.version == input.version.id).collect();
        for (position, applied) in aligner.applied.iter().enumerate() {
            if !applied {
                let (entry_index, entry) = mine[position];
                aligner.errors.push(format!(
                    "{} could not be applied: its clauses are not aligned paragraphs of one section (fix the headings around them first)",
                    super::fixes::entry_place(id, entry_index, entry)
                ));
            }
        }
        if let Some(first) = aligner.errors.first() {
            return Err(Error::new(
                ErrorCode::InvalidAlignment,
                format!("{}: the alignment entries of version '{}' cannot all be applied: {first}", input.file, input.version.id),
            ));
        }
        alignments.push(aligner.result);
    }

    // The levels as each version writes them, and labels outside a version's own scheme.
    for (version, input) in inputs.iter().enumerate() {
        let outline = &outlines[version];
        for (level_index, level) in levels.iter_mut().enumerate() {
            let members: Vec<usize> = if version == 0 {
                (0..original.nodes.len()).filter(|&node| of_node[node] == Some(level_index as u8)).collect()
            } else {
                alignments[version].headings.iter().filter(|(o, _)| of_node[*o] == Some(level_index as u8)).map(|(_, t)| *t).collect()
            };
            let nodes: Vec<&Node> = members.iter().map(|&node| &outline.nodes[node]).collect();
            let Some(first) = nodes.first() else { continue };
            let styles: Vec<NumberStyle> = nodes.iter().filter_map(|node| node.style).collect();
            let style = majority(&styles).unwrap_or(NumberStyle::Arabic);
            let form = first.label.as_ref().map_or(LabelForm::Named, |label| label.form);
            let noun = match form {
                LabelForm::Ordinal | LabelForm::NounFirst => first.label.as_ref().and_then(|label| label.noun.clone()),
                _ if level.by_title => {
                    let titles: Vec<&str> = nodes.iter().filter_map(|node| node.title.map(|title| title.of(&input.text.text).trim())).collect();
                    shared_noun(&titles)
                }
                _ => None,
            };
            level.names[version] = Some(LevelName { noun, form, style });
        }
    }
    apply_level_names(&mut levels, &overridden, overrides, &languages);
    for version in 1..inputs.len() {
        let outline = &outlines[version];
        let headings = alignments[version].headings.clone();
        for (o, t) in headings {
            let Some(level) = of_node[o] else { continue };
            let Some(name) = &levels[level as usize].names[version] else { continue };
            let node = &outline.nodes[t];
            let relabelled = node.style.is_some_and(|style| style != name.style) || (node.value.is_some() && node.value != original.nodes[o].value);
            if relabelled {
                alignments[version].divergences.push(Pending { kind: DivergenceKind::Relabelled, nodes: vec![o], extra: None, confidence: 100 });
            }
        }
    }

    // A translation that does not read as one: the numbers of the original's paragraphs are
    // not in the paragraphs paired with them, or the paired lengths disagree throughout.
    for (version, alignment) in alignments.iter().enumerate().skip(1) {
        let evidence = alignment.evidence;
        // Real translations in the tests share 25% to 83% of their numbers (a law writes some
        // in Chinese numerals); two unrelated notices of the same shape share 12%.
        let numbers_disagree = evidence.numbers >= 6 && evidence.shared_numbers * 5 < evidence.numbers;
        let lengths_disagree = evidence.pairs >= 4 && evidence.loud_pairs * 2 > evidence.pairs;
        if numbers_disagree || lengths_disagree {
            let why = if numbers_disagree {
                format!(
                    "of the {} numbers (years, dates, counts) in the paragraphs the two texts pair by position, {} are found on both sides",
                    evidence.numbers, evidence.shared_numbers
                )
            } else {
                format!("{} of its {} paired paragraphs are more than three times longer or shorter than the original's", evidence.loud_pairs, evidence.pairs)
            };
            return Err(Error::new(
                ErrorCode::NotATranslation,
                format!(
                    "{}: version '{}' does not read as a translation of '{}': {why}. Check that the file holds the same document; nothing was compiled.",
                    inputs[version].file, inputs[version].version.id, inputs[0].version.id
                ),
            ));
        }
    }

    // Numbering that restarts or repeats in the original.
    for (level_index, level) in levels.iter().enumerate() {
        let mut seen: std::collections::BTreeSet<(Option<usize>, u32)> = std::collections::BTreeSet::new();
        let articles = level
            .names
            .first()
            .and_then(Option::as_ref)
            .and_then(|name| name.noun.as_deref())
            .is_some_and(|noun| noun == "条" || noun.eq_ignore_ascii_case("article"));
        let mut highest = 0;
        for node in original.walk() {
            if of_node[node] != Some(level_index as u8) {
                continue;
            }
            let Some(value) = original.nodes[node].value else { continue };
            // A law's articles are numbered through the whole law: 第一条 again after 第三条 is
            // two documents in one file, unless the manifest declares per-part numbering.
            if articles && value == 1 && highest > 1 && !overridden.contains(&level_index) {
                let line = inputs[0].text.line_at(original.nodes[node].text.start as usize);
                return Err(Error::new(
                    ErrorCode::RestartedNumber,
                    format!(
                        "{}:{line}: \u{201c}{}\u{201d} starts the article numbers again (the last was {highest}): articles are numbered through a whole law or regulation, so this file looks like two documents or a copy error. Put each document in its own file, or declare the level in the manifest with \"numbering\": \"per-parent\".",
                        inputs[0].file,
                        original.nodes[node].text.of(original_text).chars().take(20).collect::<String>()
                    ),
                ));
            }
            highest = highest.max(value);
            let scope = if level.continuous { None } else { original.nodes[node].parent };
            if seen.contains(&(scope, value)) {
                let line = inputs[0].text.line_at(original.nodes[node].text.start as usize);
                report.warnings.push(format!(
                    "{}:{line}: the number {value} is used twice at this level (\u{201c}{}\u{201d}); the second keeps its place but its id gets a suffix",
                    inputs[0].file,
                    original.nodes[node].text.of(original_text).chars().take(30).collect::<String>()
                ));
            }
            seen.insert((scope, value));
        }
    }

    // Ids and clauses, in the original's reading order; extra paragraphs of a translation after
    // the original clause they follow.
    let order = original.walk();
    let mut clause_of_node = vec![u32::MAX; original.nodes.len()];
    let mut clauses: Vec<Clause> = Vec::new();
    let version_count = inputs.len();
    if has_front {
        let texts = outlines
            .iter()
            .map(|outline| {
                let first = outline.front.first()?;
                let last = outline.front.last()?;
                Some(ClauseText { text: Span { start: first.start, end: last.end }, label: None, title: None, sentences: outline.front.clone() })
            })
            .collect();
        clauses.push(Clause { id: format!("{id_prefix}__front"), kind: Kind::FrontMatter, level: None, parent: None, number: 0, texts });
    }
    // Every map below is keyed, not searched, so a document of forty thousand clauses costs
    // forty thousand steps here, not their square.
    let mut used_ids = UniqueIds::default();
    for clause in &clauses {
        used_ids.take(clause.id.clone());
    }
    for (clause, _, _) in &original_ids {
        used_ids.take(clause.clone());
    }
    let mut extra_count: BTreeMap<Option<u32>, u32> = BTreeMap::new();
    let next_number = |counts: &mut BTreeMap<Option<u32>, u32>, parent: Option<u32>| -> u32 {
        let count = counts.entry(parent).or_insert(0);
        *count += 1;
        *count
    };
    // Extras by the original node they follow (or their parent when they come first).
    let mut extras_after: BTreeMap<ExtraPlace, Vec<(usize, usize)>> = BTreeMap::new();
    for (version, alignment) in alignments.iter().enumerate() {
        for (index, extra) in alignment.extras.iter().enumerate() {
            extras_after.entry((extra.parent, extra.after)).or_default().push((version, index));
        }
    }
    let mut extra_clause: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    let emit_extras = |clauses: &mut Vec<Clause>,
                       used_ids: &mut UniqueIds,
                       parent_node: Option<usize>,
                       after: Option<usize>,
                       clause_of_node: &[u32],
                       extra_count: &mut BTreeMap<Option<u32>, u32>,
                       extra_clause: &mut BTreeMap<(usize, usize), u32>| {
        let Some(extras) = extras_after.get(&(parent_node, after)) else { return };
        for &(version, index) in extras {
            let parent = parent_node;
            let parent_clause = parent.map(|node| clause_of_node[node]);
            let number = next_number(extra_count, parent_clause);
            let parent_id = parent_clause.map_or(id_prefix.to_string(), |clause| clauses[clause as usize].id.clone());
            let segment = if alignments[version].extras[index].meta { "meta" } else { "extra" };
            let id = used_ids.take(format!("{parent_id}__{segment}_{number}"));
            let extra = &alignments[version].extras[index];
            let given = &extra.given;
            let mut texts = vec![None; version_count];
            texts[version] = Some(ClauseText { text: given.text, label: given.label, title: given.title, sentences: given.sentences.clone() });
            extra_clause.insert((version, index), clauses.len() as u32);
            clauses.push(Clause { id, kind: if extra.meta { Kind::Meta } else { Kind::Paragraph }, level: None, parent: parent_clause, number: 0, texts });
        }
    };
    emit_extras(&mut clauses, &mut used_ids, None, None, &clause_of_node, &mut extra_count, &mut extra_clause);
    let mut previous_sibling: Vec<Option<usize>> = vec![None; original.nodes.len() + 1];
    for &node in &order {
        let entry = &original.nodes[node];
        let parent_clause = entry.parent.map(|parent| clause_of_node[parent]);
        let (id, kind, number) = original_ids[node].clone();
        let texts = alignments
            .iter()
            .map(|alignment| {
                alignment.given[node].as_ref().map(|given| ClauseText {
                    text: given.text,
                    label: given.label,
                    title: given.title,
                    sentences: given.sentences.clone(),
                })
            })
            .collect();
        clause_of_node[node] = clauses.len() as u32;
        clauses.push(Clause { id, kind, level: of_node[node], parent: parent_clause, number, texts });
        let slot = entry.parent.map_or(original.nodes.len(), |parent| parent);
        previous_sibling[slot] = Some(node);
        if entry.children.is_empty() {
            emit_extras(&mut clauses, &mut used_ids, entry.parent, Some(node), &clause_of_node, &mut extra_count, &mut extra_clause);
        }
    }
    let _ = previous_sibling;
    // A translation's paragraph placed after an original heading that has children (the
    // translation lacks the heading, say) has no leaf to follow: it goes at the end of its
    // parent's clauses rather than be lost.
    let unplaced: BTreeSet<ExtraPlace> = alignments
        .iter()
        .enumerate()
        .flat_map(|(version, alignment)| alignment.extras.iter().enumerate().map(move |(index, extra)| (version, index, extra)))
        .filter(|(version, index, _)| !extra_clause.contains_key(&(*version, *index)))
        .map(|(_, _, extra)| (extra.parent, extra.after))
        .collect();
    for (parent, after) in unplaced {
        emit_extras(&mut clauses, &mut used_ids, parent, after, &clause_of_node, &mut extra_count, &mut extra_clause);
    }

    // Divergences with clause indexes.
    let mut divergences = Vec::new();
    for (version, alignment) in alignments.iter().enumerate() {
        for pending in &alignment.divergences {
            let mut indexes: Vec<u32> = pending.nodes.iter().map(|&node| clause_of_node[node]).collect();
            if let Some(extra) = pending.extra {
                if let Some(&clause) = extra_clause.get(&(version, extra)) {
                    indexes.push(clause);
                }
            }
            divergences.push(Divergence { kind: pending.kind, version: version as u16, clauses: indexes, confidence: pending.confidence, note: None });
        }
        for (node, what, confidence, translation_node) in &alignment.places {
            let translation_span = outlines[version].nodes[*translation_node].text;
            report.places.push(Place {
                version: inputs[version].version.id.clone(),
                clause: clauses[clause_of_node[*node] as usize].id.clone(),
                location: format!("{}:{}", inputs[version].file, inputs[version].text.line_at(translation_span.start as usize)),
                what: what.clone(),
                confidence: *confidence,
            });
        }
    }
    // Divergences in reading order, then by version and kind, so reports and the file are stable.
    divergences.sort_by(|a, b| (a.clauses.first(), a.version, a.kind as u8).cmp(&(b.clauses.first(), b.version, b.kind as u8)));
    for divergence in &divergences {
        if divergence.confidence < CHECK_BELOW {
            let version = &inputs[divergence.version as usize];
            let clause = divergence.clauses.first().map_or(String::new(), |&clause| clauses[clause as usize].id.clone());
            report.places.push(Place {
                version: version.version.id.clone(),
                clause,
                location: version.file.clone(),
                what: format!("a {} divergence the aligner is not sure of", divergence.kind.as_str()),
                confidence: divergence.confidence,
            });
        }
    }
    report.headings = clauses.iter().filter(|clause| clause.kind == Kind::Heading).count();
    report.paragraphs = clauses.iter().filter(|clause| clause.kind == Kind::Paragraph).count();
    report.divergences = divergences.len();
    for outline in outlines.iter() {
        for warning in &outline.warnings {
            report.warnings.push(warning.message.clone());
        }
    }

    report.block_lines =
        inputs.iter().map(|input| input.text.blocks.iter().zip(&input.text.lines).map(|(block, &line)| (block.start, line as u32)).collect()).collect();
    let mut versions = Vec::new();
    for input in inputs {
        let mut version = input.version;
        version.text = input.text.text;
        versions.push(version);
    }
    let acronyms = super::acronyms::find(&versions);
    Ok((
        Document {
            id: id.to_string(),
            id_prefix: id_prefix.to_string(),
            short_title: Default::default(),
            aliases: Vec::new(),
            levels,
            versions,
            clauses,
            divergences,
            former_ids: Vec::new(),
            acronyms,
        },
        report,
    ))
}
