//! A scope's deals indexed by date, built in one pass per report so that no
//! KPI rescans every deal for every period:
//!
//! - compact facts of the deals won, closed and created (`DealFacts`, kept
//!   sorted by that date per dataset): a window's deals are a slice found by
//!   binary search;
//! - for the standard windows (the selection, its years, its quarters) the
//!   count of deals in the pipeline and the open-deal aggregates at each
//!   window's snapshot day, accumulated with difference arrays (a deal adds
//!   itself to a contiguous range of windows).
//!
//! Everything summed is an integer, so the results equal the row-by-row
//! computation exactly, whatever the order.

use super::period::Period;
use crate::ingest::value::Day;
#[cfg(test)]
use crate::model::DealFacts;
use crate::model::{ClosedFact, CreatedFact, Deal, Outcome, WonFact};
use std::collections::HashMap;

/// Open deals at one snapshot day, summed.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct OpenStats {
    pub open: i64,
    pub with_created: i64,
    pub created_day_sum: i64,
    pub with_amount: i64,
    pub amount: i128,
    pub weighted: i128,
}

impl OpenStats {
    fn of(deal: &Deal) -> OpenStats {
        OpenStats {
            open: 1,
            with_created: i64::from(deal.created.is_some()),
            created_day_sum: deal.created.map_or(0, i64::from),
            with_amount: i64::from(deal.amount.is_some()),
            amount: deal.amount.map_or(0, i128::from),
            weighted: deal.weighted_amount().unwrap_or_default(),
        }
    }

    /// The sum over `deals`, row by row.
    pub fn sum<'a>(deals: impl Iterator<Item = &'a Deal>) -> OpenStats {
        let mut total = OpenStats::default();
        deals.for_each(|deal| total.add(&OpenStats::of(deal), 1));
        total
    }

    fn add(&mut self, other: &OpenStats, sign: i64) {
        self.open += sign * other.open;
        self.with_created += sign * other.with_created;
        self.created_day_sum += sign * other.created_day_sum;
        self.with_amount += sign * other.with_amount;
        self.amount += i128::from(sign) * other.amount;
        self.weighted += i128::from(sign) * other.weighted;
    }
}

/// Disjoint windows in date order (a single window is such a list too) and
/// the snapshot day of each: the earlier of its end and the as-of date.
#[derive(Debug, Clone)]
pub struct WindowSet {
    windows: Vec<(Day, Day)>,
    snapshots: Vec<Day>,
}

impl WindowSet {
    pub fn new(periods: &[Period], as_of: Day) -> WindowSet {
        WindowSet {
            windows: periods.iter().map(|p| (p.from, p.to)).collect(),
            snapshots: periods.iter().map(|p| p.to.min(as_of)).collect(),
        }
    }

    /// Windows whose span meets [start, end]: to ≥ start and from ≤ end.
    fn meeting(&self, start: Day, end: Day) -> (usize, usize) {
        let first = self.windows.partition_point(|(_, to)| *to < start);
        let last = self.windows.partition_point(|(from, _)| *from <= end);
        (first, last.max(first))
    }

    /// Windows whose snapshot day falls in [start, end).
    fn snapshots_in(&self, start: Day, end: Day) -> (usize, usize) {
        let first = self.snapshots.partition_point(|at| *at < start);
        let last = self.snapshots.partition_point(|at| *at < end);
        (first, last.max(first))
    }
}

/// Per window of one [`WindowSet`]: deals in the pipeline, open deals at the snapshot.
#[derive(Debug, Clone, Default)]
pub struct WindowStats {
    in_pipeline: Vec<u64>,
    open: Vec<OpenStats>,
}

/// The difference arrays a [`WindowStats`] is summed from.
struct WindowDiffs {
    pipeline: Vec<i64>,
    open: Vec<OpenStats>,
}

impl WindowDiffs {
    fn new(set: &WindowSet) -> WindowDiffs {
        let size = set.windows.len() + 1;
        WindowDiffs { pipeline: vec![0; size], open: vec![OpenStats::default(); size] }
    }

    fn finish(self) -> WindowStats {
        let mut running = (0i64, OpenStats::default());
        let mut stats = WindowStats::default();
        for index in 0..self.pipeline.len() - 1 {
            running.0 += self.pipeline[index];
            running.1.add(&self.open[index], 1);
            stats.in_pipeline.push(running.0 as u64);
            stats.open.push(running.1);
        }
        stats
    }
}

/// A deal's life: from its created date (or always) to its close date, or
/// for ever while open; none for a won or lost deal without a close date.
fn life_of(deal: &Deal) -> Option<(Day, Day)> {
    let start = deal.created.unwrap_or(Day::MIN);
    match deal.outcome {
        Outcome::Open => Some((start, Day::MAX)),
        _ => deal.closed.map(|closed| (start, closed)),
    }
}

/// The window statistics of several scopes in one pass over the deals:
/// every deal counts in scope 0 and, when it names one, in a second scope.
/// Returns, per scope, the statistics of each window set.
pub fn stats_by_scope<'a>(
    windows: &StandardWindows,
    scopes: usize,
    deals: impl Iterator<Item = (&'a Deal, Option<usize>)>,
) -> Vec<Vec<WindowStats>> {
    let mut diffs: Vec<Vec<WindowDiffs>> =
        (0..scopes).map(|_| windows.sets.iter().map(WindowDiffs::new).collect()).collect();
    for (deal, second) in deals {
        let Some((start, end)) = life_of(deal) else { continue };
        let mut open_stats = None;
        for (index, set) in windows.sets.iter().enumerate() {
            let (first, last) = set.meeting(start, end);
            // Open on day `at`: start ≤ at < close (an open deal never closes).
            let (open_first, open_last) = set.snapshots_in(start, end);
            let stats = (open_first < open_last).then(|| *open_stats.get_or_insert_with(|| OpenStats::of(deal)));
            for scope in std::iter::once(0).chain(second) {
                let diff = &mut diffs[scope][index];
                diff.pipeline[first] += 1;
                diff.pipeline[last] -= 1;
                if let Some(stats) = &stats {
                    diff.open[open_first].add(stats, 1);
                    diff.open[open_last].add(stats, -1);
                }
            }
        }
    }
    diffs.into_iter().map(|sets| sets.into_iter().map(WindowDiffs::finish).collect()).collect()
}

/// The standard windows of a report: where each (from, to) sits.
#[derive(Debug, Clone)]
pub struct StandardWindows {
    sets: Vec<WindowSet>,
    position: HashMap<(Day, Day), (usize, usize)>,
}

impl StandardWindows {
    /// `groups`: lists of disjoint windows in date order.
    pub fn new(groups: &[Vec<Period>], as_of: Day) -> StandardWindows {
        let mut position = HashMap::new();
        for (set, periods) in groups.iter().enumerate() {
            for (index, period) in periods.iter().enumerate() {
                position.entry((period.from, period.to)).or_insert((set, index));
            }
        }
        StandardWindows { sets: groups.iter().map(|periods| WindowSet::new(periods, as_of)).collect(), position }
    }
}

/// One scope's deal facts by date, and its window statistics: borrowed
/// from the dataset (no filter), the session's selection, and the report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timeline<'s> {
    /// Won deals with a close date, by close date.
    pub won: &'s [WonFact],
    /// Won or lost deals with a close date, by close date.
    pub closed: &'s [ClosedFact],
    /// Deals with a created date, by created date.
    pub created: &'s [CreatedFact],
    stats: &'s [WindowStats],
}

/// The part of `sorted` whose `day` falls in [from, to].
fn slice_between<'s, T>(sorted: &'s [T], window: &Period, day: fn(&T) -> Day) -> &'s [T] {
    let start = sorted.partition_point(|fact| day(fact) < window.from);
    let end = sorted.partition_point(|fact| day(fact) <= window.to).max(start);
    &sorted[start..end]
}

impl<'s> Timeline<'s> {
    pub fn new(
        won: &'s [WonFact],
        closed: &'s [ClosedFact],
        created: &'s [CreatedFact],
        stats: &'s [WindowStats],
    ) -> Timeline<'s> {
        Timeline { won, closed, created, stats }
    }

    pub fn won_in(&self, window: &Period) -> &'s [WonFact] {
        slice_between(self.won, window, |fact| fact.closed)
    }

    pub fn closed_in(&self, window: &Period) -> &'s [ClosedFact] {
        slice_between(self.closed, window, |fact| fact.closed)
    }

    pub fn created_in(&self, window: &Period) -> &'s [CreatedFact] {
        slice_between(self.created, window, |fact| fact.created)
    }

    /// Deals in the pipeline during a standard window (none: not standard).
    pub fn in_pipeline(&self, windows: &StandardWindows, window: &Period) -> Option<u64> {
        let (set, index) = windows.position.get(&(window.from, window.to))?;
        self.stats.get(*set).map(|stats| stats.in_pipeline[*index])
    }

    /// Open deals at a standard window's snapshot day (none: not standard).
    pub fn open_at_end(&self, windows: &StandardWindows, window: &Period) -> Option<OpenStats> {
        let (set, index) = windows.position.get(&(window.from, window.to))?;
        self.stats.get(*set).map(|stats| stats.open[*index])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn deal(outcome: Outcome, created: Option<Day>, closed: Option<Day>, amount: Option<i64>) -> Deal {
        Deal {
            id: None,
            name: None,
            account: None,
            owner: None,
            stage: None,
            outcome,
            amount,
            currency: None,
            created,
            closed,
            expected_close: None,
            region: None,
            product: None,
            lead_source: None,
            deal_type: None,
            probability: Some(50.0),
            term_years: 1.0,
            stage_entered: None,
            team: None,
            file: 0,
            line: 0,
        }
    }

    /// The window statistics of `deals` as one scope.
    pub(super) fn stats_of(windows: &StandardWindows, deals: &[&Deal]) -> Vec<WindowStats> {
        stats_by_scope(windows, 1, deals.iter().map(|deal| (*deal, None))).pop().unwrap_or_default()
    }

    pub(super) fn timeline_of<'s>(facts: &'s DealFacts, stats: &'s [WindowStats]) -> Timeline<'s> {
        Timeline::new(&facts.won.facts, &facts.closed.facts, &facts.created.facts, stats)
    }

    fn period(from: Day, to: Day) -> Period {
        Period { label: String::new(), from, to, yearly: false }
    }

    /// Every window statistic equals the row-by-row predicate, including
    /// deals closed before they were created and deals with no dates.
    #[test]
    fn window_statistics_equal_the_row_by_row_predicates() {
        let deals = [
            deal(Outcome::Open, Some(3), None, Some(100)),
            deal(Outcome::Open, None, None, None),
            deal(Outcome::Won, Some(1), Some(12), Some(40)),
            deal(Outcome::Lost, Some(15), Some(5), Some(7)),
            deal(Outcome::Lost, Some(9), None, Some(7)),
            deal(Outcome::Won, None, Some(20), Some(9)),
            deal(Outcome::Won, Some(10), Some(10), Some(3)),
        ];
        let refs: Vec<&Deal> = deals.iter().collect();
        let as_of = 17;
        let quarters: Vec<Period> = [(0, 4), (5, 9), (10, 14), (15, 19), (20, 24)].map(|(f, t)| period(f, t)).into();
        let windows = StandardWindows::new(std::slice::from_ref(&quarters), as_of);
        let stats = stats_of(&windows, &refs);
        let timeline = Timeline::new(&[], &[], &[], &stats);
        for window in &quarters {
            let expected_pipeline = refs.iter().filter(|d| d.in_pipeline_during(window.from, window.to)).count();
            assert_eq!(timeline.in_pipeline(&windows, window), Some(expected_pipeline as u64), "{window:?}");
            let at = window.to.min(as_of);
            let expected = OpenStats::sum(refs.iter().copied().filter(|d| d.open_at(at)));
            assert_eq!(timeline.open_at_end(&windows, window), Some(expected), "{window:?}");
        }
        assert_eq!(timeline.in_pipeline(&windows, &period(0, 99)), None);
    }

    #[test]
    fn slices_hold_exactly_the_deals_of_the_window() {
        let deals = [
            deal(Outcome::Won, Some(1), Some(4), None),
            deal(Outcome::Won, Some(1), Some(5), None),
            deal(Outcome::Lost, Some(2), Some(5), None),
            deal(Outcome::Won, Some(3), Some(9), None),
        ];
        let facts = DealFacts::new(&deals);
        let timeline = timeline_of(&facts, &[]);
        assert_eq!(timeline.won_in(&period(5, 9)).len(), 2);
        assert_eq!(timeline.closed_in(&period(5, 5)).len(), 2);
        assert_eq!(timeline.won_in(&period(6, 8)).len(), 0);
        assert_eq!(timeline.won_in(&period(9, 4)).len(), 0);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn arbitrary_deal() -> impl Strategy<Value = Deal> {
        let outcome = prop_oneof![Just(Outcome::Open), Just(Outcome::Won), Just(Outcome::Lost)];
        let day = proptest::option::of(0..60i32);
        (outcome, day.clone(), day, proptest::option::of(0..1_000i64), proptest::option::of(0.0..100.0f64)).prop_map(
            |(outcome, created, closed, amount, probability)| Deal {
                probability,
                ..super::tests::deal(outcome, created, closed, amount)
            },
        )
    }

    proptest! {
        /// On random deals, windows and as-of dates, every precomputed
        /// statistic and slice equals the row-by-row predicate.
        #[test]
        fn timeline_equals_row_by_row(
            deals in proptest::collection::vec(arbitrary_deal(), 0..40),
            cuts in proptest::collection::btree_set(0..70i32, 1..8),
            as_of in 0..70i32,
        ) {
            let cuts: Vec<i32> = cuts.into_iter().collect();
            let windows: Vec<Period> = cuts.windows(2).map(|w| Period {
                label: String::new(), from: w[0], to: w[1] - 1, yearly: false,
            }).collect();
            let refs: Vec<&Deal> = deals.iter().collect();
            let standard = StandardWindows::new(std::slice::from_ref(&windows), as_of);
            let facts = DealFacts::new(&deals);
            let stats = super::tests::stats_of(&standard, &refs);
            let timeline = super::tests::timeline_of(&facts, &stats);
            for window in &windows {
                let (from, to) = (window.from, window.to);
                let pipeline = refs.iter().filter(|d| d.in_pipeline_during(from, to)).count() as u64;
                prop_assert_eq!(timeline.in_pipeline(&standard, window), Some(pipeline));
                let at = to.min(as_of);
                let open = OpenStats::sum(refs.iter().copied().filter(|d| d.open_at(at)));
                prop_assert_eq!(timeline.open_at_end(&standard, window), Some(open));
                prop_assert_eq!(timeline.won_in(window).len(), refs.iter().filter(|d| d.won_in(from, to)).count());
                prop_assert_eq!(timeline.closed_in(window).len(), refs.iter().filter(|d| d.closed_in(from, to)).count());
                prop_assert_eq!(timeline.created_in(window).len(), refs.iter().filter(|d| d.created_in(from, to)).count());
            }
        }
    }
}
