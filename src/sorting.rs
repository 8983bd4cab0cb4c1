//! One stable sort for the cold paths (tables, drill-downs, lists of
//! rejected rows). The standard library's sort is compiled anew for every
//! element type and comparator, about 11 KB of wasm each; here the sort is
//! compiled once, over positions with a dynamic comparator, and each caller
//! adds only the small step that moves its items into the sorted order. The
//! hot sorts over every deal or stage change keep the standard sort.

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
    }
}
