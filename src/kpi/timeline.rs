//! A scope's deals indexed by date, so that no KPI rescans every deal for
//! every period:
//!
//! - compact facts of the deals won, closed and created (`DealFacts`, kept
//!   sorted by that date per dataset): a window's deals are a slice found by
//!   binary search;
//! - the deals' lives as running totals by day (`DayStats`, built once per
//!   filter set): the deals in the pipeline during any window and the
//!   open-deal aggregates on any day are read by binary search.
//!
//! Everything summed is an integer, so the results equal the row-by-row
//! computation exactly, whatever the order.

use super::period::Period;
use crate::day::Day;
#[cfg(test)]
use crate::model::DealFacts;
use crate::model::{ClosedFact, CreatedFact, Deal, DealTerms, Outcome, WonFact};

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
    fn of(deal: &Deal, terms: &[DealTerms]) -> OpenStats {
        OpenStats {
            open: 1,
            with_created: i64::from(deal.created.get().is_some()),
            created_day_sum: deal.created.get().map_or(0, i64::from),
            with_amount: i64::from(deal.amount.get().is_some()),
            amount: deal.amount.get().map_or(0, i128::from),
            weighted: deal.weighted_amount(terms).unwrap_or_default(),
        }
    }

    /// The sum over `deals`, row by row.
    #[cfg(test)]
    pub fn sum<'a>(deals: impl Iterator<Item = &'a Deal>, terms: &[DealTerms]) -> OpenStats {
        let mut total = OpenStats::default();
        deals.for_each(|deal| total.add(&OpenStats::of(deal, terms), 1));
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

/// A deal's life: from its created date (or always) to its close date, or
/// for ever while open; none for a won or lost deal without a close date.
fn life_of(deal: &Deal) -> Option<(Day, Day)> {
    let start = deal.created.get().unwrap_or(Day::MIN);
    match deal.outcome {
        Outcome::Open => Some((start, Day::MAX)),
        _ => deal.closed.get().map(|closed| (start, closed)),
    }
}

/// One scope's deal lives as running totals by day, so that the deals in
/// the pipeline during any window and the deals open on any day are read
/// by binary search, whatever the windows asked for.
#[derive(Debug, Clone, Default)]
pub struct DayStats {
    /// The days on which some life starts or ends, ascending (`Day::MIN`:
    /// lives with no start).
    days: Vec<Day>,
    /// Per day: lives started on or before it.
    started: Vec<u64>,
    /// Per day: lives ended on or before it.
    ended: Vec<u64>,
    /// Per day: the deals open at its end (started on or before, not ended).
    open: Vec<OpenStats>,
    /// Lives counted one by one: closed before created, or outside the span.
    loose: Vec<(Day, Day, OpenStats)>,
}

/// A deal's life (see [`life_of`]) and its open-deal statistics.
#[derive(Clone, Copy)]
pub struct Life {
    start: Day,
    end: Day,
    stats: OpenStats,
}

/// Collects lives by day over a span of days, then keeps the days used.
pub struct DayStatsBuilder {
    first: Day,
    slots: Vec<DaySlot>,
    loose: Vec<(Day, Day, OpenStats)>,
}

/// What one day's lives change: a life's start or end writes one slot
/// (its counts and stats side by side: the reps' builders of a million
/// deals are read at random, a cache miss per column).
#[derive(Clone, Copy, Default)]
struct DaySlot {
    started: u64,
    ended: u64,
    open: OpenStats,
}

impl DayStatsBuilder {
    /// For lives whose days fall in `span` (others are kept one by one).
    pub fn new(span: Option<(Day, Day)>) -> DayStatsBuilder {
        DayStatsBuilder {
            first: span.map_or(0, |(first, _)| first),
            slots: vec![DaySlot::default(); Self::slots(span)],
            loose: Vec::new(),
        }
    }

    /// The bytes a builder over `span` holds.
    pub fn bytes(span: Option<(Day, Day)>) -> usize {
        Self::slots(span) * std::mem::size_of::<DaySlot>()
    }

    fn slots(span: Option<(Day, Day)>) -> usize {
        let (first, last) = span.unwrap_or((0, -1));
        // Slot 0 holds `Day::MIN`; slot 1 + d holds `first + d`.
        (i64::from(last) - i64::from(first) + 2).max(1) as usize
    }

    #[inline]
    fn slot(&self, day: Day) -> Option<usize> {
        if day == Day::MIN {
            return Some(0);
        }
        let at = i64::from(day) - i64::from(self.first) + 1;
        (1..self.slots.len() as i64).contains(&at).then_some(at as usize)
    }

    /// A deal's life and what it adds while open (none: no life).
    #[inline]
    pub fn life(deal: &Deal, terms: &[DealTerms]) -> Option<Life> {
        let (start, end) = life_of(deal)?;
        Some(Life { start, end, stats: OpenStats::of(deal, terms) })
    }

    pub fn add(&mut self, Life { start, end, stats }: Life) {
        let ends = if end == Day::MAX { Some(None) } else { self.slot(end).map(Some) };
        match (self.slot(start), ends) {
            (Some(from), Some(to)) if start <= end => {
                let slot = &mut self.slots[from];
                slot.started += 1;
                slot.open.add(&stats, 1);
                if let Some(to) = to {
                    let slot = &mut self.slots[to];
                    slot.ended += 1;
                    slot.open.add(&stats, -1);
                }
            }
            _ => self.loose.push((start, end, stats)),
        }
    }

    /// Adds the lives that `totals` (built over the same span) sums.
    pub fn add_totals(&mut self, totals: &DayStats) {
        let mut before = (0u64, 0u64, OpenStats::default());
        for (at, day) in totals.days.iter().enumerate() {
            let (started, ended, open) = (totals.started[at], totals.ended[at], totals.open[at]);
            let slot = self.slot(*day).expect("the totals were built over the same span");
            let slot = &mut self.slots[slot];
            slot.started += started - before.0;
            slot.ended += ended - before.1;
            slot.open.add(&open, 1);
            slot.open.add(&before.2, -1);
            before = (started, ended, open);
        }
        self.loose.extend_from_slice(&totals.loose);
    }

    /// The running totals over the days that changed, leaving the builder
    /// empty for the next scope.
    pub fn finish(&mut self) -> DayStats {
        let mut stats = DayStats { loose: std::mem::take(&mut self.loose), ..DayStats::default() };
        let (mut started, mut ended, mut open) = (0u64, 0u64, OpenStats::default());
        for (at, slot) in self.slots.iter_mut().enumerate() {
            if slot.started == 0 && slot.ended == 0 {
                continue;
            }
            let slot = std::mem::take(slot);
            started += slot.started;
            ended += slot.ended;
            open.add(&slot.open, 1);
            stats.days.push(if at == 0 { Day::MIN } else { self.first + (at as Day - 1) });
            stats.started.push(started);
            stats.ended.push(ended);
            stats.open.push(open);
        }
        stats
    }
}

impl DayStats {
    /// The lives of `deals`, as one scope.
    #[cfg(test)]
    pub fn of<'d>(span: Option<(Day, Day)>, deals: impl Iterator<Item = &'d Deal>, terms: &[DealTerms]) -> DayStats {
        let mut builder = DayStatsBuilder::new(span);
        deals.filter_map(|deal| DayStatsBuilder::life(deal, terms)).for_each(|life| builder.add(life));
        builder.finish()
    }

    /// The running total at the last day on or before `day`.
    fn through<T: Copy + Default>(&self, totals: &[T], day: Day) -> T {
        let after = self.days.partition_point(|d| *d <= day);
        after.checked_sub(1).map_or_else(T::default, |at| totals[at])
    }

    /// Deals in the pipeline during [from, to]: started by `to` and not
    /// ended before `from`.
    pub fn in_pipeline(&self, from: Day, to: Day) -> u64 {
        let started = self.through(&self.started, to);
        let ended = if from == Day::MIN { 0 } else { self.through(&self.ended, from - 1) };
        let loose = self.loose.iter().filter(|(start, end, _)| *start <= to && *end >= from).count() as u64;
        started.saturating_sub(ended) + loose
    }

    /// Deals open on `day` (started on or before it, closing after it), summed.
    pub fn open_at(&self, day: Day) -> OpenStats {
        let mut open = self.through(&self.open, day);
        for (_, _, stats) in self.loose.iter().filter(|(start, end, _)| *start <= day && day < *end) {
            open.add(stats, 1);
        }
        open
    }
}

/// One scope's deal facts by date, and its lives by day: borrowed from the
/// dataset (no filter) or from the session's selection.
#[derive(Debug, Clone, Copy)]
pub struct Timeline<'s> {
    /// Won deals with a close date, by close date.
    pub won: &'s [WonFact],
    /// Won or lost deals with a close date, by close date.
    pub closed: &'s [ClosedFact],
    /// Deals with a created date, by created date.
    pub created: &'s [CreatedFact],
    days: &'s DayStats,
}

/// Where in `sorted` the facts whose `day` falls in [from, to] are.
pub(crate) fn span_between<T>(sorted: &[T], window: &Period, day: fn(&T) -> Day) -> std::ops::Range<usize> {
    let start = sorted.partition_point(|fact| day(fact) < window.from);
    let end = sorted.partition_point(|fact| day(fact) <= window.to).max(start);
    start..end
}

/// The part of `sorted` whose `day` falls in [from, to].
fn slice_between<'s, T>(sorted: &'s [T], window: &Period, day: fn(&T) -> Day) -> &'s [T] {
    &sorted[span_between(sorted, window, day)]
}

impl<'s> Timeline<'s> {
    pub fn new(
        won: &'s [WonFact],
        closed: &'s [ClosedFact],
        created: &'s [CreatedFact],
        days: &'s DayStats,
    ) -> Timeline<'s> {
        Timeline { won, closed, created, days }
    }

    /// Where the won facts of the window are in [`Timeline::won`].
    pub fn won_span(&self, window: &Period) -> std::ops::Range<usize> {
        span_between(self.won, window, |fact| fact.closed)
    }

    pub fn won_in(&self, window: &Period) -> &'s [WonFact] {
        slice_between(self.won, window, |fact| fact.closed)
    }

    pub fn closed_in(&self, window: &Period) -> &'s [ClosedFact] {
        slice_between(self.closed, window, |fact| fact.closed())
    }

    pub fn created_in(&self, window: &Period) -> &'s [CreatedFact] {
        slice_between(self.created, window, |fact| fact.created)
    }

    /// Deals in the pipeline during the window: their life meets it.
    pub fn in_pipeline(&self, window: &Period) -> u64 {
        self.days.in_pipeline(window.from, window.to)
    }

    /// Deals open on `day`, summed.
    pub fn open_at(&self, day: Day) -> OpenStats {
        self.days.open_at(day)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Maybe, OptDay};

    /// The terms of every deal of [`deal`]: a probability of 50 %.
    pub(crate) const TERMS: [DealTerms; 1] = [DealTerms { probability: Maybe::new(50.0), ..DealTerms::PLAIN }];

    pub(crate) fn deal(outcome: Outcome, created: Option<Day>, closed: Option<Day>, amount: Option<i64>) -> Deal {
        Deal {
            id: Maybe::NONE,
            name: Maybe::NONE,
            account: None,
            owner: None,
            stage: None,
            outcome,
            amount: amount.into(),
            created: created.into(),
            closed: closed.into(),
            expected_close: OptDay::NONE,
            region: None,
            product: None,
            lead_source: None,
            deal_type: None,
            terms: 0,
            forecast: None,
            stage_entered: OptDay::NONE,
            file: 0,
            line: 0,
        }
    }

    pub(super) fn timeline_of<'s>(facts: &'s DealFacts, days: &'s DayStats) -> Timeline<'s> {
        Timeline::new(&facts.won.facts, &facts.closed.facts, &facts.created.facts, days)
    }

    fn period(from: Day, to: Day) -> Period {
        Period { label: String::new(), from, to, yearly: false }
    }

    /// Every window statistic equals the row-by-row predicate, including
    /// deals closed before they were created, deals with no dates, and
    /// deals dated outside the span the totals are kept for.
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
        let days = DayStats::of(Some((0, 12)), refs.iter().copied(), &TERMS);
        let timeline = Timeline::new(&[], &[], &[], &days);
        for window in quarters.iter().chain([&period(0, 99), &period(3, 11)]) {
            let expected_pipeline = refs.iter().filter(|d| d.in_pipeline_during(window.from, window.to)).count();
            assert_eq!(timeline.in_pipeline(window), expected_pipeline as u64, "{window:?}");
            let at = window.to.min(as_of);
            let expected = OpenStats::sum(refs.iter().copied().filter(|d| d.open_at(at)), &TERMS);
            assert_eq!(timeline.open_at(at), expected, "{window:?}");
        }
    }

    #[test]
    fn slices_hold_exactly_the_deals_of_the_window() {
        let deals = [
            deal(Outcome::Won, Some(1), Some(4), None),
            deal(Outcome::Won, Some(1), Some(5), None),
            deal(Outcome::Lost, Some(2), Some(5), None),
            deal(Outcome::Won, Some(3), Some(9), None),
        ];
        let facts = DealFacts::new(&deals, &TERMS);
        let days = DayStats::default();
        let timeline = timeline_of(&facts, &days);
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

    /// Random deals, each with terms of its own (a random probability).
    fn arbitrary_deals() -> impl Strategy<Value = (Vec<Deal>, Vec<DealTerms>)> {
        let outcome = prop_oneof![Just(Outcome::Open), Just(Outcome::Won), Just(Outcome::Lost)];
        let day = proptest::option::of(0..60i32);
        let deal = (outcome, day.clone(), day, proptest::option::of(0..1_000i64), proptest::option::of(0.0..100.0f64));
        proptest::collection::vec(deal, 0..40).prop_map(|deals| {
            let terms = deals.iter().map(|d| DealTerms { probability: d.4.into(), ..DealTerms::PLAIN }).collect();
            let deals = deals.into_iter().enumerate().map(|(at, (outcome, created, closed, amount, _))| Deal {
                terms: at as u32,
                ..super::tests::deal(outcome, created, closed, amount)
            });
            (deals.collect(), terms)
        })
    }

    proptest! {
        /// On random deals, windows and as-of dates, every precomputed
        /// statistic and slice equals the row-by-row predicate.
        #[test]
        fn timeline_equals_row_by_row(
            (deals, terms) in arbitrary_deals(),
            cuts in proptest::collection::btree_set(0..70i32, 1..8),
            as_of in 0..70i32,
            span in proptest::option::of((0..40i32, 20..70i32)),
        ) {
            let cuts: Vec<i32> = cuts.into_iter().collect();
            let windows: Vec<Period> = cuts.windows(2).map(|w| Period {
                label: String::new(), from: w[0], to: w[1] - 1, yearly: false,
            }).collect();
            let refs: Vec<&Deal> = deals.iter().collect();
            let facts = DealFacts::new(&deals, &terms);
            let days = DayStats::of(span, refs.iter().copied(), &terms);
            let timeline = super::tests::timeline_of(&facts, &days);
            for window in &windows {
                let (from, to) = (window.from, window.to);
                let pipeline = refs.iter().filter(|d| d.in_pipeline_during(from, to)).count() as u64;
                prop_assert_eq!(timeline.in_pipeline(window), pipeline);
                let at = to.min(as_of);
                let open = OpenStats::sum(refs.iter().copied().filter(|d| d.open_at(at)), &terms);
                prop_assert_eq!(timeline.open_at(at), open);
                prop_assert_eq!(timeline.won_in(window).len(), refs.iter().filter(|d| d.won_in(from, to)).count());
                prop_assert_eq!(timeline.closed_in(window).len(), refs.iter().filter(|d| d.closed_in(from, to)).count());
                prop_assert_eq!(timeline.created_in(window).len(), refs.iter().filter(|d| d.created_in(from, to)).count());
            }
        }

        /// The totals of two groups of deals, added up, are the totals of
        /// all of them (how a selection sums its reps').
        #[test]
        fn added_totals_equal_the_totals_of_all_deals(
            (deals, terms) in arbitrary_deals(),
            cut in 0usize..40,
            span in proptest::option::of((0..40i32, 20..70i32)),
            days in proptest::collection::vec(-1..72i32, 1..12),
        ) {
            let (first, second) = deals.split_at(cut.min(deals.len()));
            let mut builder = DayStatsBuilder::new(span);
            builder.add_totals(&DayStats::of(span, first.iter(), &terms));
            builder.add_totals(&DayStats::of(span, second.iter(), &terms));
            let (summed, whole) = (builder.finish(), DayStats::of(span, deals.iter(), &terms));
            for day in days {
                prop_assert_eq!(summed.open_at(day), whole.open_at(day));
                prop_assert_eq!(summed.in_pipeline(day, day + 9), whole.in_pipeline(day, day + 9));
            }
        }
    }
}
