//! The review of a compiled draft: a summary line, the versions, and the alignment as rows, one
//! per clause of the document in reading order, each with every version's text side by side,
//! the divergences and places to check that concern it, and what a fix of it needs to name (the
//! words each version's paragraph starts with, and the source line it is on).

use std::collections::BTreeMap;

use serde::Serialize;

use clause_cite::{fold_fix_words, Clause, Document, DocumentReport, Kind};

/// What the review pane shows above the rows.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    /// "61 sections, 143 paragraphs, 2 divergences; 3 places to check".
    pub summary: String,
    pub document: String,
    pub sections: usize,
    pub paragraphs: usize,
    pub divergence_count: usize,
    pub row_count: usize,
    pub versions: Vec<VersionSummary>,
    pub warnings: Vec<String>,
    /// Every place to check and every divergence, with the row it is on, in reading order.
    pub flags: Vec<Flag>,
    pub corpus_bytes: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VersionSummary {
    pub id: String,
    pub lang: String,
    pub role: String,
    pub title: String,
    pub file: String,
}

/// A divergence or a place to check, where it is.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Flag {
    pub row: usize,
    pub clause: String,
    pub version: String,
    /// `divergence` or `check`.
    pub flag: &'static str,
    /// A divergence's kind (`split`, `merged`, …), or what to check.
    pub what: String,
    pub confidence: u8,
    /// `file:line` in the version's source.
    pub location: String,
}

/// One version's text of a row.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub label: String,
    pub title: String,
    /// The clause's text in this version, verbatim, cut after [`CELL_CHARACTERS`] characters.
    pub text: String,
    /// How many characters of the text were cut off (0 when it is whole).
    pub more: usize,
    /// The source line the text starts on.
    pub line: usize,
    /// The first words of the text, enough to tell it from every other paragraph of the
    /// version: what a fix names it by.
    pub starts_with: String,
    /// The first words of the version's next paragraph (for a split).
    pub next_starts_with: Option<String>,
    /// The version's sentences of this text, each by its first words (for moving a boundary).
    pub sentences: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub index: usize,
    pub clause: String,
    /// `heading`, `paragraph`, `item`, `meta`, `front-matter`.
    pub kind: &'static str,
    pub depth: usize,
    /// The id of the clause before it under the same parent (for a merge with it), when both
    /// are paragraphs.
    pub previous_paragraph: Option<String>,
    /// The next paragraph under the same parent (for a merge), when both are paragraphs.
    pub next_paragraph: Option<String>,
    /// True when the original has no text for it (a paragraph only a translation has).
    pub extra: bool,
    /// Per version, in the document's order; none where the version lacks it.
    pub cells: Vec<Option<Cell>>,
    pub flags: Vec<Flag>,
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Heading => "heading",
        Kind::Paragraph => "paragraph",
        Kind::Item => "item",
        Kind::Meta => "meta",
        Kind::FrontMatter => "front-matter",
    }
}

/// The prefixes of a folded text a fix may name it by, shortest first: word by word for a
/// spaced script, character by character (from eight) for Chinese, up to 160 characters.
fn prefixes(text: &str) -> Vec<String> {
    let characters: Vec<char> = text.chars().take(160).collect();
    let mut ends = Vec::new();
    for (index, character) in characters.iter().enumerate() {
        let cjk =
            ('\u{3400}'..='\u{9FFF}').contains(character) || ('\u{3000}'..='\u{303F}').contains(character) || ('\u{FF00}'..='\u{FFEF}').contains(character);
        if *character == ' ' && index >= 3 {
            ends.push(index);
        } else if cjk && index + 1 >= 8 {
            ends.push(index + 1);
        }
    }
    ends.push(characters.len());
    ends.dedup();
    ends.into_iter().map(|end| characters[..end].iter().collect::<String>().trim_end().to_string()).filter(|prefix| !prefix.is_empty()).collect()
}

/// The starts of every paragraph of one version (its whole text and its text after the label),
/// sorted, to find the shortest prefix that names one paragraph alone.
pub struct Starts {
    sorted: Vec<String>,
}

impl Starts {
    fn new(document: &Document, version: usize) -> Starts {
        let text = &document.versions[version].text;
        let mut sorted = Vec::new();
        for clause in &document.clauses {
            let Some(Some(given)) = clause.texts.get(version) else { continue };
            if clause.kind != Kind::Paragraph && clause.kind != Kind::Heading {
                continue;
            }
            let whole = given.text.of(text);
            sorted.push(fold_fix_words(&whole.chars().take(200).collect::<String>()));
            if let Some(label) = given.label {
                if label.end >= given.text.start && label.end <= given.text.end {
                    sorted.push(fold_fix_words(&text[label.end as usize..given.text.end as usize].chars().take(200).collect::<String>()));
                }
            }
        }
        sorted.sort();
        Starts { sorted }
    }

    /// How many starts begin with `prefix`.
    fn count(&self, prefix: &str) -> usize {
        let first = self.sorted.partition_point(|start| start.as_str() < prefix);
        self.sorted[first..].iter().take_while(|start| start.starts_with(prefix)).count()
    }

    /// The shortest prefix of `text` that begins one start alone (or the longest there is).
    pub fn naming(&self, text: &str) -> String {
        let candidates = prefixes(&fold_fix_words(&text.chars().take(200).collect::<String>()));
        for candidate in &candidates {
            if self.count(candidate) <= 1 {
                return candidate.clone();
            }
        }
        candidates.last().cloned().unwrap_or_default()
    }
}

/// The most characters of a clause's text a row shows: a page lays out a few hundred rows at
/// once, and one paragraph of a pasted wall of text can be megabytes long.
pub const CELL_CHARACTERS: usize = 4000;

/// The summary and flags of a compiled document, and what its rows need.
pub struct Reviewed {
    pub review: Review,
    starts: Vec<Starts>,
    depths: Vec<usize>,
    flags_by_row: BTreeMap<usize, Vec<Flag>>,
    /// Per version: the clauses with text in that version, by where their text starts.
    order_by_version: Vec<Vec<(u32, usize)>>,
    files: Vec<String>,
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

pub fn review(document: &Document, report: &DocumentReport, files: &[String], corpus_bytes: usize) -> Reviewed {
    let row_of: BTreeMap<&str, usize> = document.clauses.iter().enumerate().map(|(index, clause)| (clause.id.as_str(), index)).collect();
    let mut flags: Vec<Flag> = Vec::new();
    for divergence in &document.divergences {
        let Some(&first) = divergence.clauses.first() else { continue };
        let version = divergence.version as usize;
        let clause = &document.clauses[first as usize];
        let line = clause
            .texts
            .get(version)
            .and_then(Option::as_ref)
            .map(|given| report.source_line(version, &document.versions[version].text, given.text.start as usize));
        let original_line =
            clause.texts.first().and_then(Option::as_ref).map(|given| report.source_line(0, &document.versions[0].text, given.text.start as usize));
        let (file, line) = match line {
            Some(line) => (files.get(version), line),
            None => (files.first(), original_line.unwrap_or(0)),
        };
        flags.push(Flag {
            row: first as usize,
            clause: clause.id.clone(),
            version: document.versions[version].id.clone(),
            flag: "divergence",
            what: divergence.kind.as_str().to_string(),
            confidence: divergence.confidence,
            location: format!("{}:{line}", file.map_or("", String::as_str)),
        });
    }
    for place in &report.places {
        let row = row_of.get(place.clause.as_str()).copied().unwrap_or(0);
        flags.push(Flag {
            row,
            clause: place.clause.clone(),
            version: place.version.clone(),
            flag: "check",
            what: place.what.clone(),
            confidence: place.confidence,
            location: place.location.clone(),
        });
    }
    flags.sort_by(|a, b| (a.row, a.flag, &a.version).cmp(&(b.row, b.flag, &b.version)));
    let mut flags_by_row: BTreeMap<usize, Vec<Flag>> = BTreeMap::new();
    for flag in &flags {
        flags_by_row.entry(flag.row).or_default().push(flag.clone());
    }
    let mut depths = vec![0; document.clauses.len()];
    for (index, clause) in document.clauses.iter().enumerate() {
        depths[index] = clause.parent.map_or(0, |parent| depths[parent as usize] + 1);
    }
    let places = report.places.len();
    let sections = document.clauses.iter().filter(|clause| clause.kind == Kind::Heading).count();
    let paragraphs = document.clauses.iter().filter(|clause| clause.kind == Kind::Paragraph).count();
    let summary = format!(
        "{}, {}, {}; {} to check",
        plural(sections, "section", "sections"),
        plural(paragraphs, "paragraph", "paragraphs"),
        plural(document.divergences.len(), "divergence", "divergences"),
        match places {
            0 => "no places".to_string(),
            count => plural(count, "place", "places"),
        }
    );
    let mut order_by_version = Vec::new();
    for version in 0..document.versions.len() {
        let mut order: Vec<(u32, usize)> = document
            .clauses
            .iter()
            .enumerate()
            .filter(|(_, clause)| clause.kind == Kind::Paragraph)
            .filter_map(|(index, clause)| clause.texts.get(version).and_then(Option::as_ref).map(|given| (given.text.start, index)))
            .collect();
        order.sort_unstable();
        order_by_version.push(order);
    }
    Reviewed {
        review: Review {
            summary,
            document: document.id.clone(),
            sections,
            paragraphs,
            divergence_count: document.divergences.len(),
            row_count: document.clauses.len(),
            versions: document
                .versions
                .iter()
                .zip(files)
                .map(|(version, file)| VersionSummary {
                    id: version.id.clone(),
                    lang: version.lang.clone(),
                    role: version.role.as_str().to_string(),
                    title: version.title.clone(),
                    file: file.clone(),
                })
                .collect(),
            warnings: report.warnings.clone(),
            flags,
            corpus_bytes,
        },
        starts: (0..document.versions.len()).map(|version| Starts::new(document, version)).collect(),
        depths,
        flags_by_row,
        order_by_version,
        files: files.to_vec(),
    }
}

/// The first words of a sentence, for naming it.
fn first_words(text: &str) -> String {
    prefixes(&fold_fix_words(text)).into_iter().take(6).next_back().unwrap_or_default()
}

fn is_paragraph(clause: &Clause) -> bool {
    clause.kind == Kind::Paragraph
}

impl Reviewed {
    /// Rows `start..start + count` (fewer at the end).
    pub fn rows(&self, document: &Document, report: &DocumentReport, start: usize, count: usize) -> Vec<Row> {
        let end = start.saturating_add(count).min(document.clauses.len());
        (start.min(end)..end).map(|index| self.row(document, report, index)).collect()
    }

    fn sibling(&self, document: &Document, index: usize, step: isize) -> Option<String> {
        let clause = &document.clauses[index];
        let other = index.checked_add_signed(step)?;
        let candidate = document.clauses.get(other)?;
        (is_paragraph(clause) && is_paragraph(candidate) && candidate.parent == clause.parent && candidate.texts.first().is_some_and(Option::is_some))
            .then(|| candidate.id.clone())
    }

    fn row(&self, document: &Document, report: &DocumentReport, index: usize) -> Row {
        let clause = &document.clauses[index];
        let cells = clause
            .texts
            .iter()
            .enumerate()
            .map(|(version, given)| {
                let given = given.as_ref()?;
                let text = &document.versions[version].text;
                let whole = given.text.of(text);
                let total = whole.chars().count();
                let shown: String = whole.chars().take(CELL_CHARACTERS).collect();
                let label = given.label.map(|label| label.of(text).to_string()).unwrap_or_default();
                let title = given.title.map(|title| title.of(text).to_string()).unwrap_or_default();
                let order = &self.order_by_version[version];
                let next = order.partition_point(|(start, _)| *start <= given.text.start);
                let next_starts_with = order.get(next).and_then(|(_, next_index)| {
                    let next_given = document.clauses[*next_index].texts[version].as_ref()?;
                    Some(self.starts[version].naming(next_given.text.of(text)))
                });
                Some(Cell {
                    label,
                    title,
                    line: report.source_line(version, text, given.text.start as usize),
                    starts_with: self.starts[version].naming(whole),
                    next_starts_with,
                    sentences: if given.sentences.len() > 1 {
                        given.sentences.iter().take(200).map(|sentence| first_words(sentence.of(text))).collect()
                    } else {
                        Vec::new()
                    },
                    more: total.saturating_sub(CELL_CHARACTERS),
                    text: shown,
                })
            })
            .collect();
        Row {
            index,
            clause: clause.id.clone(),
            kind: kind_name(clause.kind),
            depth: self.depths[index],
            previous_paragraph: self.sibling(document, index, -1),
            next_paragraph: self.sibling(document, index, 1),
            extra: clause.texts.first().is_none_or(Option::is_none),
            cells,
            flags: self.flags_by_row.get(&index).cloned().unwrap_or_default(),
        }
    }

    pub fn files(&self) -> &[String] {
        &self.files
    }
}
