//! Paragraph alignment: a length-based dynamic program in the manner of Gale and Church, with
//! anchors that cross languages.
//!
//! Two runs of paragraphs (the original's and a translation's, between two headings that are
//! already aligned) are matched in *beads*: one paragraph to one (1–1), one to two (a split),
//! two to one (a merge), two to two, and one to none or none to one (a paragraph missing from
//! or added in the translation). A bead's cost is its prior (1–1 is by far the most common)
//! plus how far the lengths are from the document's own ratio of translation to original
//! length, less what the paragraphs share of numbers, Latin-script names and acronyms, and
//! titles in 《》 or quotation marks. The cheapest path is the alignment; how much dearer the
//! cheapest path *without* a given bead is, is that bead's confidence.
//!
//! The table is banded around the diagonal, so a long run of paragraphs with no headings (a
//! plain text of thousands of paragraphs) costs time and memory linear in its length.

use std::collections::BTreeSet;

/// One paragraph as the aligner sees it.
#[derive(Clone, Debug, Default)]
pub struct Unit {
    /// Its length in characters other than white space.
    pub length: usize,
    /// Its anchors: numbers, Latin-script words and titles, lower-cased.
    pub anchors: BTreeSet<String>,
    /// How many sentences it has (a translation has about as many, or more).
    pub sentences: usize,
    /// A note the translator added ("[Translator's note: …]"): likely a paragraph of its own.
    pub note: bool,
}

/// A bead: how many paragraphs of the original and of the translation it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bead {
    pub original: usize,
    pub translation: usize,
}

/// A bead of the chosen path, with where it starts and how sure the aligner is of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    pub bead: Bead,
    /// The first paragraph of each side the bead takes.
    pub original_start: usize,
    pub translation_start: usize,
    /// From 0 to 100.
    pub confidence: u8,
    /// How far the lengths are from the expected ratio (|ln|), for reporting places to check.
    pub mismatch: f64,
}

const BEADS: [(Bead, f64); 6] = [
    (Bead { original: 1, translation: 1 }, 0.0),
    (Bead { original: 1, translation: 2 }, 2.2),
    (Bead { original: 2, translation: 1 }, 2.2),
    (Bead { original: 2, translation: 2 }, 4.4),
    (Bead { original: 1, translation: 0 }, 4.5),
    (Bead { original: 0, translation: 1 }, 4.5),
];

/// How much a length mismatch of one natural-log unit costs.
const MISMATCH_WEIGHT: f64 = 2.6;
/// How much full agreement of anchors saves, and a clash of numbers costs.
const ANCHOR_WEIGHT: f64 = 1.6;
const NUMBER_CLASH: f64 = 1.2;

/// What a missing sentence costs, as a share of the original bead's sentences.
const SENTENCE_DEFICIT: f64 = 3.6;
/// The cost of a translator's note as a paragraph of its own, against the 1–0/0–1 prior.
const NOTE_SAVING: f64 = -4.0;

/// A path through the table: each bead with the row and column it starts at.
type Path = Vec<(usize, usize, Bead)>;

/// The half-width of the band around the diagonal.
const BAND: usize = 40;
/// The most the band widens for a difference in the counts of paragraphs.
const MAXIMUM_EXTRA_BAND: usize = 160;

/// Aligns `original` and `translation` given the document's length ratio (translation over
/// original). `forbidden` names a bead (by its start and shape) the path may not use, for
/// measuring confidence. Returns `None` only when no path exists, which the beads' coverage
/// (1–0 and 0–1 are always allowed) makes impossible.
fn cheapest(original: &[Unit], translation: &[Unit], ratio: f64, forbidden: Option<(usize, usize, Bead)>) -> Option<(f64, Path)> {
    let rows = original.len();
    let columns = translation.len();
    // The band follows the slope from corner to corner, so it needs no room for the difference
    // in counts itself; some room is added for a translation that drops or adds a run of
    // paragraphs, up to a limit that keeps the table linear in the length.
    let band = BAND + rows.abs_diff(columns).min(MAXIMUM_EXTRA_BAND);
    let expected_column = |row: usize| -> usize {
        if rows == 0 {
            0
        } else {
            row * columns / rows.max(1)
        }
    };
    let in_band = |row: usize, column: usize| expected_column(row).abs_diff(column) <= band;
    // Cells by row, each row holding the columns of its band.
    let width = 2 * band + 1;
    let offset = |row: usize| expected_column(row).saturating_sub(band);
    let mut cost = vec![f64::INFINITY; (rows + 1) * width];
    // The bead that reached each cell, as one more than its place in `BEADS` (0 for none): the
    // cell it came from follows from the bead's shape.
    let mut back: Vec<u8> = vec![0; (rows + 1) * width];
    let cell = |row: usize, column: usize| -> Option<usize> {
        if !in_band(row, column) {
            return None;
        }
        let at = column.checked_sub(offset(row))?;
        (at < width).then_some(row * width + at)
    };
    cost[cell(0, 0)?] = 0.0;
    for row in 0..=rows {
        let low = offset(row);
        let high = (expected_column(row) + band).min(columns);
        for column in low..=high {
            let Some(here) = cell(row, column) else { continue };
            let base = cost[here];
            if !base.is_finite() {
                continue;
            }
            for (index, (bead, prior)) in BEADS.into_iter().enumerate() {
                let (next_row, next_column) = (row + bead.original, column + bead.translation);
                if next_row > rows || next_column > columns {
                    continue;
                }
                if forbidden == Some((row, column, bead)) {
                    continue;
                }
                let Some(target) = cell(next_row, next_column) else { continue };
                let candidate = base + prior + bead_cost(original, translation, row, column, bead, ratio);
                if candidate < cost[target] {
                    cost[target] = candidate;
                    back[target] = index as u8 + 1;
                }
            }
        }
    }
    let end = cell(rows, columns)?;
    if !cost[end].is_finite() {
        return None;
    }
    let mut path = Vec::new();
    let (mut row, mut column) = (rows, columns);
    while row > 0 || column > 0 {
        let (bead, _) = BEADS[usize::from(back[cell(row, column)?].checked_sub(1)?)];
        let (from_row, from_column) = (row - bead.original, column - bead.translation);
        path.push((from_row, from_column, bead));
        row = from_row;
        column = from_column;
    }
    path.reverse();
    Some((cost[end], path))
}

fn sum_length(units: &[Unit]) -> usize {
    units.iter().map(|unit| unit.length).sum()
}

/// The length and anchor part of a bead's cost.
fn bead_cost(original: &[Unit], translation: &[Unit], row: usize, column: usize, bead: Bead, ratio: f64) -> f64 {
    if bead.original == 0 && bead.translation == 1 && translation[column].note {
        // A translator's note: a paragraph only the translation has, at almost no cost.
        return NOTE_SAVING;
    }
    if bead.original == 0 || bead.translation == 0 {
        return 0.0;
    }
    let originals = &original[row..row + bead.original];
    let translations = &translation[column..column + bead.translation];
    let mut cost = MISMATCH_WEIGHT * mismatch(sum_length(originals), sum_length(translations), ratio);
    // A translation has as many sentences as its original or more (translators split, seldom
    // join): fewer sentences than the original paragraphs together is a sign of a missing one.
    let original_sentences: usize = originals.iter().map(|unit| unit.sentences).sum();
    let translation_sentences: usize = translations.iter().map(|unit| unit.sentences).sum();
    if translation_sentences < original_sentences {
        cost += SENTENCE_DEFICIT * (original_sentences - translation_sentences) as f64 / original_sentences.max(1) as f64;
    }
    // A translator's note is not the second half of a split.
    if bead.translation > 1 && translations.iter().any(|unit| unit.note) {
        cost += 3.0;
    }
    let has_anchors = |units: &[Unit]| units.iter().any(|unit| !unit.anchors.is_empty());
    if has_anchors(originals) && has_anchors(translations) {
        fn gather(units: &[Unit]) -> BTreeSet<&str> {
            units.iter().flat_map(|unit| unit.anchors.iter().map(String::as_str)).collect()
        }
        let (original_anchors, translation_anchors) = (gather(originals), gather(translations));
        let shared = original_anchors.intersection(&translation_anchors).count();
        let all = original_anchors.len() + translation_anchors.len() - shared;
        cost -= ANCHOR_WEIGHT * shared as f64 / all as f64;
        let is_number = |anchor: &&&str| anchor.chars().all(|c| c.is_ascii_digit());
        let original_numbers: Vec<&&str> = original_anchors.iter().filter(is_number).collect();
        let translation_numbers: Vec<&&str> = translation_anchors.iter().filter(is_number).collect();
        if !original_numbers.is_empty() && !translation_numbers.is_empty() && !original_numbers.iter().any(|number| translation_numbers.contains(number)) {
            cost += NUMBER_CLASH;
        }
    }
    cost
}

/// How far a translation's length is from what the ratio expects, in natural-log units.
pub fn mismatch(original_length: usize, translation_length: usize, ratio: f64) -> f64 {
    let expected = (original_length.max(1) as f64) * ratio;
    ((translation_length.max(1) as f64) / expected).ln().abs()
}

/// Aligns two runs of paragraphs. `pinned` beads (from the manifest's alignment entries, by
/// the original paragraph they start at) are kept whatever they cost.
pub fn align(original: &[Unit], translation: &[Unit], ratio: f64, pinned: &[(usize, Bead)]) -> Vec<Placed> {
    let ratio = if ratio.is_finite() && ratio > 0.0 { ratio } else { 1.0 };
    let Some((best, path)) = cheapest_with_pins(original, translation, ratio, pinned) else {
        return Vec::new();
    };
    let _ = best;
    let mut placed = Vec::with_capacity(path.len());
    for (position, &(row, column, bead)) in path.iter().enumerate() {
        let pinned_here = pinned.iter().any(|(start, pin)| *start == row && *pin == bead);
        let confidence = if pinned_here { 100 } else { confidence_of(original, translation, ratio, &path, position) };
        let mismatch = if bead.original > 0 && bead.translation > 0 {
            mismatch(sum_length(&original[row..row + bead.original]), sum_length(&translation[column..column + bead.translation]), ratio)
        } else {
            0.0
        };
        placed.push(Placed { bead, original_start: row, translation_start: column, confidence, mismatch });
    }
    placed
}

/// A bead the alignment must use, from a fix in the manifest: where it starts on each side and
/// its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin {
    pub original_start: usize,
    pub translation_start: usize,
    pub bead: Bead,
}

/// Aligns two runs of paragraphs through every pin: the stretches between pins are aligned on
/// their own, each pin is a bead of the path with confidence 100. Pins that overlap, cross or
/// reach past the ends are refused with the reason.
pub fn align_through(original: &[Unit], translation: &[Unit], ratio: f64, pins: &[Pin]) -> core::result::Result<Vec<Placed>, String> {
    let ratio = if ratio.is_finite() && ratio > 0.0 { ratio } else { 1.0 };
    let mut pins = pins.to_vec();
    pins.sort_by_key(|pin| (pin.original_start, pin.translation_start));
    let mut path: Vec<(usize, usize, Bead)> = Vec::new();
    let (mut row, mut column) = (0, 0);
    let stretch = |path: &mut Vec<(usize, usize, Bead)>, row: usize, column: usize, to_row: usize, to_column: usize| {
        if let Some((_, segment)) = cheapest(&original[row..to_row], &translation[column..to_column], ratio, None) {
            path.extend(segment.into_iter().map(|(r, c, bead)| (r + row, c + column, bead)));
        }
    };
    for pin in &pins {
        if pin.original_start < row || pin.translation_start < column {
            return Err(format!(
                "two fixes cross or overlap: one takes paragraphs up to {row} of the original and {column} of the translation, the next starts at paragraph {} of the original and {} of the translation",
                pin.original_start + 1,
                pin.translation_start + 1
            ));
        }
        if pin.original_start + pin.bead.original > original.len() || pin.translation_start + pin.bead.translation > translation.len() {
            return Err("a fix reaches past the last paragraph of its section".to_string());
        }
        stretch(&mut path, row, column, pin.original_start, pin.translation_start);
        path.push((pin.original_start, pin.translation_start, pin.bead));
        row = pin.original_start + pin.bead.original;
        column = pin.translation_start + pin.bead.translation;
    }
    stretch(&mut path, row, column, original.len(), translation.len());
    let mut placed = Vec::with_capacity(path.len());
    for (position, &(row, column, bead)) in path.iter().enumerate() {
        let pinned = pins.iter().any(|pin| pin.original_start == row && pin.translation_start == column && pin.bead == bead);
        let mismatch = if bead.original > 0 && bead.translation > 0 {
            mismatch(sum_length(&original[row..row + bead.original]), sum_length(&translation[column..column + bead.translation]), ratio)
        } else {
            0.0
        };
        placed.push(Placed {
            bead,
            original_start: row,
            translation_start: column,
            confidence: if pinned { 100 } else { confidence_of(original, translation, ratio, &path, position) },
            mismatch,
        });
    }
    Ok(placed)
}

fn cheapest_with_pins(original: &[Unit], translation: &[Unit], ratio: f64, pinned: &[(usize, Bead)]) -> Option<(f64, Path)> {
    if pinned.is_empty() {
        return cheapest(original, translation, ratio, None);
    }
    let (cost, path) = cheapest(original, translation, ratio, None)?;
    let mut ok = true;
    for (start, bead) in pinned {
        if !path.iter().any(|(row, _, used)| row == start && used == bead) {
            ok = false;
        }
    }
    if ok {
        return Some((cost, path));
    }
    pinned_path(original, translation, ratio, pinned)
}

/// The cheapest path that uses every pinned bead: the runs between pins are aligned on their
/// own.
fn pinned_path(original: &[Unit], translation: &[Unit], ratio: f64, pinned: &[(usize, Bead)]) -> Option<(f64, Path)> {
    // Without knowing where in the translation a pin falls, place each pin at the column the
    // unpinned path reached at that row.
    let (_, free) = cheapest(original, translation, ratio, None)?;
    let column_at = |row: usize| -> usize { free.iter().find(|(start, _, _)| *start >= row).map(|(_, column, _)| *column).unwrap_or(translation.len()) };
    let mut pins: Vec<(usize, usize, Bead)> = pinned.iter().map(|(row, bead)| (*row, column_at(*row), *bead)).collect();
    pins.sort_by_key(|pin| pin.0);
    let mut path = Vec::new();
    let mut total = 0.0;
    let (mut row, mut column) = (0, 0);
    for (pin_row, pin_column, bead) in pins {
        if pin_row < row || pin_column < column {
            continue;
        }
        let (cost, segment) = cheapest(&original[row..pin_row], &translation[column..pin_column], ratio, None)?;
        total += cost;
        path.extend(segment.into_iter().map(|(r, c, b)| (r + row, c + column, b)));
        if pin_row + bead.original > original.len() || pin_column + bead.translation > translation.len() {
            continue;
        }
        path.push((pin_row, pin_column, bead));
        row = pin_row + bead.original;
        column = pin_column + bead.translation;
    }
    let (cost, segment) = cheapest(&original[row..], &translation[column..], ratio, None)?;
    total += cost;
    path.extend(segment.into_iter().map(|(r, c, b)| (r + row, c + column, b)));
    Some((total, path))
}

/// How much dearer the cheapest path is that avoids `used`: 0 when an equally good path
/// exists, near 100 when every other path is far dearer. The comparison is made on a window of
/// a few paragraphs around the bead (between two points of the chosen path), so measuring every
/// bead of a long text stays linear.
fn confidence_of(original: &[Unit], translation: &[Unit], ratio: f64, path: &[(usize, usize, Bead)], position: usize) -> u8 {
    let (row, column, bead) = path[position];
    if bead == (Bead { original: 1, translation: 1 }) {
        // A one-to-one bead whose lengths agree well is certain enough.
        let fit = mismatch(original[row].length, translation[column].length, ratio);
        if fit < 0.6 {
            return 100;
        }
    }
    const WINDOW: usize = 6;
    let first = position.saturating_sub(WINDOW);
    let last = (position + WINDOW + 1).min(path.len());
    let (from_row, from_column, _) = path[first];
    let (to_row, to_column) = match path.get(last) {
        Some(&(row, column, _)) => (row, column),
        None => (original.len(), translation.len()),
    };
    let window_original = &original[from_row..to_row];
    let window_translation = &translation[from_column..to_column];
    let local = (row - from_row, column - from_column, bead);
    let best = path[first..last]
        .iter()
        .map(|&(r, c, b)| {
            let prior = BEADS.iter().find(|(known, _)| *known == b).map_or(0.0, |(_, prior)| *prior);
            prior + bead_cost(original, translation, r, c, b, ratio)
        })
        .sum::<f64>();
    let alternative = cheapest(window_original, window_translation, ratio, Some(local)).map_or(f64::INFINITY, |(cost, _)| cost);
    let margin = (alternative - best).max(0.0);
    (100.0 * (1.0 - (-margin).exp())).round().clamp(0.0, 100.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paragraphs of these lengths, with a sentence for every `per_sentence` characters.
    fn units_with(lengths: &[usize], per_sentence: usize) -> Vec<Unit> {
        lengths.iter().map(|&length| Unit { length, anchors: BTreeSet::new(), sentences: length / per_sentence + 1, note: false }).collect()
    }

    /// Original paragraphs (Chinese: about 50 characters a sentence).
    fn units(lengths: &[usize]) -> Vec<Unit> {
        units_with(lengths, 50)
    }

    /// Translated paragraphs (English: about 200 characters a sentence).
    fn translated(lengths: &[usize]) -> Vec<Unit> {
        units_with(lengths, 200)
    }

    fn shapes(placed: &[Placed]) -> Vec<(usize, usize)> {
        placed.iter().map(|placed| (placed.bead.original, placed.bead.translation)).collect()
    }

    #[test]
    fn equal_runs_align_one_to_one() {
        let placed = align(&units(&[100, 200, 50]), &translated(&[410, 790, 210]), 4.0, &[]);
        assert_eq!(shapes(&placed), [(1, 1), (1, 1), (1, 1)]);
        assert!(placed.iter().all(|placed| placed.confidence > 90));
    }

    #[test]
    fn a_split_and_a_merge_are_found() {
        // The translation splits the second paragraph and merges the last two.
        let placed = align(&units(&[100, 200, 50, 150]), &translated(&[400, 300, 500, 800]), 4.0, &[]);
        assert_eq!(shapes(&placed), [(1, 1), (1, 2), (2, 1)]);
        assert!(placed[1].confidence > 50 && placed[2].confidence > 50, "{placed:?}");
    }

    #[test]
    fn a_missing_paragraph_is_a_one_to_none_bead() {
        let placed = align(&units(&[100, 300, 120]), &translated(&[400, 480]), 4.0, &[]);
        assert_eq!(shapes(&placed), [(1, 1), (1, 0), (1, 1)]);
    }

    #[test]
    fn anchors_decide_where_lengths_cannot() {
        let mut original = units(&[100, 100]);
        let mut translation = translated(&[400]);
        original[1].anchors.insert("2030".into());
        translation[0].anchors.insert("1949".into());
        // Without anchors a merge would fit; a clash of numbers makes the second paragraph
        // missing instead of merged.
        let placed = align(&original, &translation, 4.0, &[]);
        assert_eq!(shapes(&placed), [(1, 1), (1, 0)]);
    }

    #[test]
    fn pins_are_kept_whatever_they_cost() {
        let original = units(&[100, 200, 50]);
        let translation = translated(&[410, 790, 210]);
        // Pinned: the second paragraph is missing and the translation's second is extra.
        let pins = [
            Pin { original_start: 1, translation_start: 1, bead: Bead { original: 1, translation: 0 } },
            Pin { original_start: 2, translation_start: 1, bead: Bead { original: 0, translation: 1 } },
        ];
        let placed = align_through(&original, &translation, 4.0, &pins).unwrap();
        assert_eq!(shapes(&placed), [(1, 1), (1, 0), (0, 1), (1, 1)]);
        assert_eq!(placed[1].confidence, 100);
        let crossing = [
            Pin { original_start: 1, translation_start: 2, bead: Bead { original: 1, translation: 1 } },
            Pin { original_start: 2, translation_start: 1, bead: Bead { original: 1, translation: 1 } },
        ];
        assert!(align_through(&original, &translation, 4.0, &crossing).unwrap_err().contains("cross"));
    }

    #[test]
    fn a_long_run_is_aligned_in_linear_space() {
        let lengths: Vec<usize> = (0..5_000).map(|index| 50 + (index * 37) % 200).collect();
        let doubled: Vec<usize> = lengths.iter().map(|length| length * 4).collect();
        let placed = align(&units(&lengths), &translated(&doubled), 4.0, &[]);
        assert_eq!(placed.len(), 5_000);
    }
}
