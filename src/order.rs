//! One small, stable sort shared by every caller.
//!
//! The standard library's sorts are fast but generic: each element type and comparison gets its
//! own copy of a few kilobytes of code, and the wasm build carried ten of them (about 38 KB).
//! Here the sorting itself is one non-generic merge sort over positions, called through a
//! `dyn` comparison; each caller adds only a short loop that moves its elements into place.
//! The inputs are small (at most a few thousand items: postings of a term, hits of a query).

use core::cmp::Ordering;

/// Sorts `items` in place by `compare`, keeping equal items in their original order.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|left, right| compare(&items[left], &items[right]) == Ordering::Greater);
    place(items, order);
}

/// Sorts `items` in place in their natural order, keeping equal items in their original order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..length` in sorted order: a bottom-up merge sort, stable because a later
/// item moves before an earlier one only when it is strictly smaller.
fn sorted_positions(length: usize, after: &dyn Fn(usize, usize) -> bool) -> Vec<u32> {
    let mut positions: Vec<u32> = (0..length as u32).collect();
    let mut merged: Vec<u32> = Vec::with_capacity(length);
    let mut width = 1;
    while width < length {
        merged.clear();
        let mut start = 0;
        while start < length {
            let middle = (start + width).min(length);
            let end = (start + 2 * width).min(length);
            let (mut left, mut right) = (start, middle);
            while left < middle && right < end {
                if after(positions[left] as usize, positions[right] as usize) {
                    merged.push(positions[right]);
                    right += 1;
                } else {
                    merged.push(positions[left]);
                    left += 1;
                }
            }
            merged.extend_from_slice(positions.get(left..middle).unwrap_or(&[]));
            merged.extend_from_slice(positions.get(right..end).unwrap_or(&[]));
            start = end;
        }
        core::mem::swap(&mut positions, &mut merged);
        width *= 2;
    }
    positions
}

/// Moves each item to its sorted place: `order[k]` is the original position of the item that
/// belongs at `k`. Follows each cycle of the permutation with swaps, so no item is cloned.
fn place<T>(items: &mut [T], mut order: Vec<u32>) {
    for start in 0..order.len() {
        let mut current = start;
        while order[current] as usize != start {
            let source = order[current] as usize;
            items.swap(current, source);
            order[current] = current as u32;
            current = source;
        }
        order[current] = current as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_ties_in_order() {
        // A fixed pseudo-random sequence with many ties, in several lengths.
        let mut seed = 0x2545_f491_u32;
        for length in [0, 1, 2, 3, 7, 8, 9, 100, 1000] {
            let items: Vec<(u8, u32)> = (0..length)
                .map(|position| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    ((seed % 7) as u8, position)
                })
                .collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut theirs = items.clone();
            // The standard library's stable sort is the reference the shared one must match.
            #[allow(clippy::disallowed_methods)]
            theirs.sort_by_key(|item| item.0);
            assert_eq!(ours, theirs, "length {length}");
        }
        let mut words = vec!["pear", "apple", "fig", "apple"];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
    }
}
