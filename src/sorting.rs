//! One stable sort for the cold paths (tables, drill-downs, lists of
//! rejected rows). The standard library's sort is compiled anew for every
//! element type and comparator, about 11 KB of wasm each; here the sort is
//! compiled once, over positions with a dynamic comparator, and each caller
//! adds only the small step that moves its items into the sorted order. The
//! hot sorts over every deal or stage change keep the standard sort, or,
//! keyed by day, use [`sort_by_day`], a counting sort.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (as
/// `slice::sort_by` does).
pub fn sort_stable_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().map(|position| slots[position].take().expect("each position is sorted once")));
}

#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|a, b| compare(*a, *b));
}

/// Sorts `items` by a day (or any small integer) key, keeping equal items
/// in their order: a counting sort, in time linear in the items and the
/// span of days (dates are held within 1900–2100). A span far wider than
/// the list falls back to the standard stable sort.
pub fn sort_by_day<T: Copy>(items: Vec<T>, day: impl Fn(&T) -> i32) -> Vec<T> {
    let (Some(first), Some(last)) = (items.iter().map(&day).min(), items.iter().map(&day).max()) else {
        return items;
    };
    let span = (i64::from(last) - i64::from(first)) as usize + 1;
    if span > 4 * items.len() + 1024 {
        let mut items = items;
        items.sort_by_key(day);
        return items;
    }
    let slot = |item: &T| (i64::from(day(item)) - i64::from(first)) as usize;
    let mut next = vec![0usize; span + 1];
    items.iter().for_each(|item| next[slot(item) + 1] += 1);
    for index in 1..next.len() {
        next[index] += next[index - 1];
    }
    let mut sorted = vec![items[0]; items.len()];
    for item in &items {
        let at = &mut next[slot(item)];
        sorted[*at] = *item;
        *at += 1;
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_stable_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut empty: Vec<u8> = Vec::new();
        sort_stable_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The standard library's stable sort is the oracle.
        #[test]
        fn equals_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut sorted = items;
            sort_stable_by(&mut sorted, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(sorted, expected);
        }

        /// The counting sort, over narrow and wide spans of days.
        #[test]
        fn sort_by_day_equals_the_standard_stable_sort(
            items in proptest::collection::vec((-40i32..40, any::<u16>()), 0..200),
            wide in any::<bool>(),
        ) {
            let items: Vec<(i32, u16)> =
                items.into_iter().map(|(day, tag)| (if wide { day * 1_000_000 } else { day }, tag)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            prop_assert_eq!(sort_by_day(items, |item| item.0), expected);
        }
    }
}
