//! Sentence alignment inside one clause: which sentences of a translation say what a sentence of
//! the original says. Translators split and join sentences (the official English often makes two
//! sentences of one Chinese sentence; the blog translation sometimes joins two), so sentence
//! `n` of one version is not sentence `n` of another.
//!
//! The method is length-based dynamic programming in the manner of Gale and Church: sentence
//! lengths in characters, scaled by the clause's own length ratio, with groups of up to three
//! sentences on either side and a small penalty for every group that is not one to one. It is
//! computed on demand (a clause has at most a few dozen sentences) and is deterministic.

use crate::model::{Clause, Document};

/// A group of consecutive sentences that say the same thing: half-open ranges of sentence
/// indexes (from 0) in the original and in the translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SentenceGroup {
    pub original: (u16, u16),
    pub translation: (u16, u16),
}

const LARGEST_GROUP: usize = 3;

/// The penalty for a group of `[original - 1][translation - 1]` sentences: nothing for one to
/// one, more the further a group is from it.
const GROUP_PENALTIES: [[f64; LARGEST_GROUP]; LARGEST_GROUP] = [[0.0, 0.35, 0.9], [0.35, 0.9, 1.6], [0.9, 1.6, 1.6]];

fn total(lengths: &[usize]) -> usize {
    let mut sum = 0;
    for length in lengths {
        sum += length;
    }
    sum
}

/// Aligns two lists of sentence lengths. Every sentence of both sides is in exactly one group;
/// groups are in order. Empty input on either side gives one group of everything.
pub fn align_lengths(original: &[usize], translation: &[usize]) -> Vec<SentenceGroup> {
    let (rows, columns) = (original.len(), translation.len());
    let mut groups = Vec::new();
    if rows > 0 && columns > 0 && rows <= 200 && columns <= 200 {
        let ratio = total(translation).max(1) as f64 / total(original).max(1) as f64;
        let width = columns + 1;
        // For each pair (sentences of the original, sentences of the translation) taken so
        // far: the cost of the cheapest way there and the sizes of its last group.
        let mut cells = vec![(f64::INFINITY, 0usize, 0usize); (rows + 1) * width];
        cells[0].0 = 0.0;
        for row in 0..=rows {
            for column in 0..=columns {
                let here = cells[row * width + column].0;
                if !here.is_finite() {
                    continue;
                }
                for taken_original in 1..=LARGEST_GROUP.min(rows - row) {
                    let next_row = row + taken_original;
                    let length_original = total(&original[row..next_row]).max(1) as f64;
                    for taken_translation in 1..=LARGEST_GROUP.min(columns - column) {
                        let next_column = column + taken_translation;
                        let length_translation = total(&translation[column..next_column]).max(1) as f64;
                        let mismatch = libm::log(length_translation / (length_original * ratio)).abs();
                        let candidate = here + mismatch * 2.0 + GROUP_PENALTIES[taken_original - 1][taken_translation - 1];
                        let cell = &mut cells[next_row * width + next_column];
                        if candidate < cell.0 {
                            *cell = (candidate, taken_original, taken_translation);
                        }
                    }
                }
            }
        }
        if cells[rows * width + columns].0.is_finite() {
            // Walk back from the end along the cheapest path, then put the groups in order.
            let (mut row, mut column) = (rows, columns);
            while row > 0 && column > 0 {
                let (_, taken_original, taken_translation) = cells[row * width + column];
                groups.push(SentenceGroup {
                    original: ((row - taken_original) as u16, row as u16),
                    translation: ((column - taken_translation) as u16, column as u16),
                });
                row -= taken_original;
                column -= taken_translation;
            }
            groups.reverse();
            return groups;
        }
    }
    groups.push(SentenceGroup { original: (0, rows as u16), translation: (0, columns as u16) });
    groups
}

fn sentence_lengths(document: &Document, clause: &Clause, version: usize) -> Vec<usize> {
    let mut lengths = Vec::new();
    for sentence in document.sentences_of(clause, version) {
        lengths.push(sentence.chars().count());
    }
    lengths
}

/// The sentence groups between the original (version 0) and `version` for one clause.
pub fn sentence_groups(document: &Document, clause: &Clause, version: usize) -> Vec<SentenceGroup> {
    align_lengths(&sentence_lengths(document, clause, 0), &sentence_lengths(document, clause, version))
}

/// Given sentences `from..to` (half-open, from 0) of `version`, the sentences of every version
/// of the document that say the same, as half-open ranges; `None` where a version has no text.
/// The range widens to whole groups: when a translation joined two sentences of the original
/// into one, asking for either gives the joined sentence, and asking for that gives both.
pub fn corresponding_sentences(document: &Document, clause: &Clause, version: usize, from: u16, to: u16) -> Vec<Option<(u16, u16)>> {
    // First map the selection onto the original's sentences.
    let to_original = |version: usize, from: u16, to: u16| -> (u16, u16) {
        if version == 0 {
            return (from, to);
        }
        let groups = sentence_groups(document, clause, version);
        let touched: Vec<&SentenceGroup> = groups.iter().filter(|group| group.translation.0 < to && group.translation.1 > from).collect();
        match (touched.first(), touched.last()) {
            (Some(first), Some(last)) => (first.original.0, last.original.1),
            _ => (0, 0),
        }
    };
    let (original_from, original_to) = to_original(version, from, to);
    (0..document.versions.len())
        .map(|other| {
            clause.texts.get(other)?.as_ref()?;
            if other == 0 {
                return Some((original_from, original_to));
            }
            let groups = sentence_groups(document, clause, other);
            let touched: Vec<&SentenceGroup> = groups.iter().filter(|group| group.original.0 < original_to && group.original.1 > original_from).collect();
            match (touched.first(), touched.last()) {
                (Some(first), Some(last)) => Some((first.translation.0, last.translation.1)),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_long_sentence_can_match_two_short_ones() {
        let groups = align_lengths(&[59, 54], &[149, 110, 182, 49]);
        assert_eq!(groups, vec![SentenceGroup { original: (0, 1), translation: (0, 2) }, SentenceGroup { original: (1, 2), translation: (2, 4) }]);
    }

    #[test]
    fn empty_or_huge_sides_give_one_group() {
        assert_eq!(align_lengths(&[], &[3, 4]).len(), 1);
        assert_eq!(align_lengths(&[1; 300], &[1; 300]).len(), 1);
    }
}
