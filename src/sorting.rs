//! One stable sort for the cold paths (tables, drill-downs, lists of
//! rejected rows). The standard library's sort is compiled anew for every
//! element type and comparator, about 11 KB of wasm each; here the sort is
//! compiled once, over positions with a dynamic comparator, and each caller
//! adds only the small step that moves its items into the sorted order. The
//! hot sorts over every deal or stage change keep the standard sort, or,
//! keyed by day, use [`DayPlaces`], a counting sort.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// A map of `pairs`, a repeated key keeping its last value (as `collect`
/// does). Built by inserting: `collect` sorts the pairs first, with a
/// stable sort compiled anew for every key and value type (about 7 KB of
/// wasm each), to gain nothing on the few keys of the cold paths.
pub fn btree_map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    pairs.into_iter().for_each(|(key, value)| {
        map.insert(key, value);
    });
    map
}

/// A set of `items`, built by inserting (see [`btree_map`]).
pub fn btree_set<K: Ord>(items: impl IntoIterator<Item = K>) -> BTreeSet<K> {
    let mut set = BTreeSet::new();
    items.into_iter().for_each(|item| {
        set.insert(item);
    });
    set
}

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

/// Keeps the first `count` of `items` in the order [`sort_stable_by`] gives,
/// in that order, without ordering the others: the `count` first are
/// selected (equal items by their positions, as the stable sort keeps
/// them), then only those are sorted. A drill-down lists 500 rows of 2.5
/// million activities.
pub fn first_sorted_by<T: Copy>(items: &mut Vec<T>, count: usize, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() > count {
        let mut order: Vec<usize> = (0..items.len()).collect();
        select_positions(&mut order, count, &|a, b| compare(&items[a], &items[b]).then(a.cmp(&b)));
        order.truncate(count);
        sort_positions(&mut order, &|a, b| a.cmp(&b));
        *items = order.into_iter().map(|position| items[position]).collect();
    }
    sort_stable_by(items, compare);
}

#[inline(never)]
fn select_positions(order: &mut [usize], count: usize, compare: &dyn Fn(usize, usize) -> Ordering) {
    order.select_nth_unstable_by(count, |a, b| compare(*a, *b));
}

/// Where each of a sequence of items keyed by a day goes in day order,
/// equal days keeping the sequence's order: a counting sort, which writes
/// each item once where it belongs, so a caller can fill its columns in
/// one pass over its data in data order. The days are counted over their
/// span (dates are held within 1900–2100); a span far wider than the items
/// is counted over the distinct days instead.
pub struct DayPlaces {
    /// The next place of each day's slot.
    next: Vec<u32>,
    first: i32,
    /// The distinct days, sorted, when they are counted by rank.
    ranks: Option<Vec<i32>>,
}

impl DayPlaces {
    /// Places for the items whose days `days` gives, in their order.
    pub fn new(days: impl Iterator<Item = i32> + Clone) -> DayPlaces {
        let (count, first, last) =
            days.clone().fold((0usize, i32::MAX, i32::MIN), |(n, lo, hi), day| (n + 1, lo.min(day), hi.max(day)));
        let span = (i64::from(last) - i64::from(first)).max(0) as usize + 1;
        let ranks = (span > 4 * count + 1024).then(|| {
            let mut distinct: Vec<i32> = days.clone().collect();
            // Rare (dates far apart): the shared sort, not one compiled for days.
            sort_stable_by(&mut distinct, i32::cmp);
            distinct.dedup();
            distinct
        });
        let slots = ranks.as_ref().map_or(span, Vec::len);
        let mut places = DayPlaces { next: vec![0; slots + 1], first, ranks };
        days.for_each(|day| places.count(day));
        places.counted()
    }

    /// Places for items whose days all lie in `first..=last` (a narrow
    /// span: dates are held within 1900–2100), counted one by one with
    /// [`DayPlaces::count`], then [`DayPlaces::counted`]: several lists
    /// can be counted in one pass over their data.
    pub fn over(first: i32, last: i32) -> DayPlaces {
        let span = (i64::from(last) - i64::from(first)).max(0) as usize + 1;
        DayPlaces { next: vec![0; span + 1], first, ranks: None }
    }

    /// Counts one more item on `day`.
    #[inline]
    pub fn count(&mut self, day: i32) {
        let slot = self.slot(day);
        self.next[slot + 1] += 1;
    }

    /// Ready to place the items counted.
    pub fn counted(mut self) -> DayPlaces {
        for index in 1..self.next.len() {
            self.next[index] += self.next[index - 1];
        }
        self
    }

    #[inline]
    fn slot(&self, day: i32) -> usize {
        match &self.ranks {
            Some(ranks) => ranks.partition_point(|rank| *rank < day),
            None => (i64::from(day) - i64::from(self.first)) as usize,
        }
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.next.last().map_or(0, |last| *last as usize)
    }

    /// The place of the next item, whose day is `day`: call it for every
    /// item, in the order `new` saw them.
    #[inline]
    pub fn place(&mut self, day: i32) -> usize {
        let slot = self.slot(day);
        let place = self.next[slot];
        self.next[slot] += 1;
        place as usize
    }
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

    /// Sorts `items` by a day (or any small integer) key, keeping equal items
    /// in their order (see [`DayPlaces`]).
    fn sort_by_day<T: Copy>(items: Vec<T>, day: impl Fn(&T) -> i32) -> Vec<T> {
        let Some(first) = items.first().copied() else { return items };
        let mut places = DayPlaces::new(items.iter().map(&day));
        let mut sorted = vec![first; items.len()];
        items.iter().for_each(|item| sorted[places.place(day(item))] = *item);
        sorted
    }

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

        /// The first rows of the stable sort, with many equal keys, however
        /// many are asked for (none, some, all, more than all).
        #[test]
        fn first_sorted_are_the_first_of_the_stable_sort(
            items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200),
            count in 0usize..220,
        ) {
            let mut expected = items.clone();
            expected.sort_by_key(|item| std::cmp::Reverse(item.0));
            expected.truncate(count);
            let mut first = items;
            first_sorted_by(&mut first, count, |a, b| b.0.cmp(&a.0));
            prop_assert_eq!(first, expected);
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
