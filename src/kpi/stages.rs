//! The stage KPIs: stage-to-stage conversion and time in stage, read from
//! the stage data the context derives ([`super::derived::stages`]).

use super::context::{Context, Scope};
use super::measure::{MeanSum, Measure};
use super::period::Period;
use crate::field::{Field, KindField};
use crate::file_kind::FileKind;
use crate::lowercase::to_lower;
use crate::model::*;
use crate::sorting::sort_stable_by;

/// Per stage: of the deals that entered it in the window, how many later
/// reached a later stage or were won by the window's end.
pub fn stage_conversion_by_stage(ctx: &Context, scope: &Scope, window: &Period) -> Vec<(Sym, Measure)> {
    let stages = ctx.stages();
    let tallies = stages.tallies_in(&ctx.data.deals, window);
    let ranked = stages.ranked(&ctx.data.deals);
    stages
        .order
        .iter()
        .enumerate()
        .map(|(rank, stage)| {
            // A deal's first entry into the stage in the window counts, once.
            let tally = ranked.tally_of(&tallies, scope.rep, rank);
            let (entered, advanced) = (tally.entered, tally.advanced_or_won);
            let inputs = vec![("entered", entered as f64), ("advanced_or_won", advanced as f64)];
            (
                *stage,
                Measure::ratio(
                    advanced as f64,
                    entered as f64,
                    100.0,
                    inputs,
                    "no deal entered this stage in the period",
                ),
            )
        })
        .collect()
}

/// Of the deals that entered the first stage in the window, the share won by its end.
pub fn stage_conversion(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let stages = ctx.stages();
    if stages.order.is_empty() {
        return Measure::unavailable(
            "needs a stage history (a stage_history file or HubSpot's \"Date entered\" columns)",
        );
    }
    // A deal's first entry into the first stage in the window counts, once.
    let tallies = stages.tallies_in(&ctx.data.deals, window);
    let first = stages.ranked(&ctx.data.deals).tally_of(&tallies, scope.rep, 0);
    let (entered, won) = (first.entered, first.won);
    let inputs = vec![("entered_first_stage", entered as f64), ("won", won as f64)];
    Measure::ratio(won as f64, entered as f64, 100.0, inputs, "no deal entered the first stage in the period")
}

/// The stays in the stage of rank `rank` that entered in the window and
/// ended by its end, in days.
#[cfg(test)]
fn stays_in_stage<'c>(ctx: &'c Context, scope: &Scope, rank: usize, window: &Period) -> impl Iterator<Item = i32> + 'c {
    let to = window.to;
    let entries = ctx.stages().ranked(&ctx.data.deals).made_in_stage(scope.rep, rank, window);
    entries.filter(move |e| e.stay_end <= to).map(|e| e.stay_end - e.entered)
}

/// Stays (stage, days) that entered in the window and ended by its end.
#[cfg(test)]
fn stays(ctx: &Context, scope: &Scope, window: &Period) -> Vec<(Sym, i32)> {
    let order = &ctx.stages().order;
    let each =
        order.iter().enumerate().map(|(rank, stage)| stays_in_stage(ctx, scope, rank, window).map(|d| (*stage, d)));
    each.flatten().collect()
}

/// With only deals.stage_entered_date: the age of open deals' current stays.
fn current_stays(ctx: &Context, scope: &Scope, window: &Period) -> Vec<(Sym, i32)> {
    let at = ctx.snapshot(window.to);
    scope
        .deals
        .iter()
        .filter(|d| d.open_at(at))
        .filter_map(|d| match (d.stage, d.stage_entered.get()) {
            (Some(stage), Some(entered)) if entered <= at => Some((stage, at - entered)),
            _ => None,
        })
        .collect()
}

const CURRENT_STAYS_NOTE: &str =
    "no stage history: this is the age of open deals' current stays (from stage_entered_date), not completed stays";

/// The stays summed by stage (count, total days), and the caveat that goes
/// with how they were found.
type StaySums = (IdMap<Sym, MeanSum>, Option<String>);

fn stay_sums(ctx: &Context, scope: &Scope, window: &Period) -> Option<StaySums> {
    let mut by_stage: IdMap<Sym, MeanSum> = IdMap::default();
    let stages = ctx.stages();
    if stages.has_history() {
        let tallies = stages.tallies_in(&ctx.data.deals, window);
        let ranked = stages.ranked(&ctx.data.deals);
        for (rank, stage) in stages.order.iter().enumerate() {
            let sum = ranked.tally_of(&tallies, scope.rep, rank).stays;
            if sum.count > 0 {
                by_stage.insert(*stage, sum);
            }
        }
        Some((by_stage, None))
    } else if ctx.data.has(KindField::of(FileKind::Deals, Field::StageEnteredDate)) {
        let stays = current_stays(ctx, scope, window);
        stays.iter().for_each(|(stage, days)| by_stage.entry(*stage).or_default().add((*days).into()));
        Some((by_stage, Some(CURRENT_STAYS_NOTE.into())))
    } else {
        None
    }
}

const NO_STAGE_DATA: &str = "needs a stage history (a stage_history file or HubSpot's \"Date entered\" columns) or a stage entered date on deals";

pub fn avg_time_in_stage(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let Some((by_stage, note)) = stay_sums(ctx, scope, window) else {
        return Measure::unavailable(NO_STAGE_DATA);
    };
    let mut all = MeanSum::default();
    by_stage.values().for_each(|sum| {
        all.count += sum.count;
        all.total += sum.total;
    });
    let inputs = vec![("stays", all.count as f64), ("total_days", all.total as f64)];
    Measure::ratio(
        all.total as f64,
        all.count as f64,
        1.0,
        inputs,
        "no stay in a stage entered and ended in the period",
    )
    .with_note(note)
}

pub fn avg_time_in_stage_by_stage(ctx: &Context, scope: &Scope, window: &Period) -> Vec<(Sym, Measure)> {
    let Some((by_stage, note)) = stay_sums(ctx, scope, window) else {
        return Vec::new();
    };
    let mut order = ctx.stages().order.clone();
    let mut extra: Vec<Sym> = by_stage.keys().filter(|s| !order.contains(s)).copied().collect();
    sort_stable_by(&mut extra, |a, b| to_lower(ctx.name(*a)).cmp(&to_lower(ctx.name(*b))));
    order.extend(extra);
    order
        .into_iter()
        .map(|stage| {
            let sum = by_stage.get(&stage).copied().unwrap_or_default();
            let inputs = vec![("stays", sum.count as f64), ("total_days", sum.total as f64)];
            let measure = Measure::ratio(
                sum.total as f64,
                sum.count as f64,
                1.0,
                inputs,
                "no stay in this stage entered and ended in the period",
            );
            (stage, measure.with_note(note.clone()))
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::config::Config;
    use crate::ingest::{load_files, InputFile};
    use crate::kpi::derived::stages::StageData;
    use proptest::prelude::*;

    const STAGES: [&str; 5] = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won"];
    const OUTCOMES: [&str; 3] = ["Open", "Closed Won", "Closed Lost"];

    /// (owner 0–2 or none, outcome, created, closed) per deal, and
    /// (deal, stage, entered) per stage-history row.
    type Deals = Vec<(Option<usize>, usize, u32, u32)>;
    type History = Vec<(usize, usize, u32)>;

    fn files(deals: &Deals, history: &History) -> Vec<InputFile> {
        let day = |d: u32| format!("2024-{:02}-{:02}", 1 + d / 28, 1 + d % 28);
        let mut deals_csv = String::from("Deal ID,Owner,Stage,Amount,Created Date,Close Date\n");
        for (i, (owner, outcome, created, closed)) in deals.iter().enumerate() {
            let owner = owner.map(|o| format!("Rep {o}")).unwrap_or_default();
            let closed = if *outcome == 0 { String::new() } else { day(*closed) };
            deals_csv += &format!("D{i},{owner},{},100,{},{closed}\n", OUTCOMES[*outcome], day(*created));
        }
        let mut history_csv = String::from("Deal ID,Stage,Entered Date\n");
        for (deal, stage, entered) in history {
            history_csv += &format!("D{},{},{}\n", deal % deals.len().max(1), STAGES[*stage], day(*entered));
        }
        vec![InputFile::new("deals.csv", deals_csv), InputFile::new("stage_history.csv", history_csv)]
    }

    /// The row-by-row definitions the ranked entries replaced.
    fn in_scope(scope: &Scope, deal: &Deal) -> bool {
        scope.rep.is_none_or(|rep| deal.owner == Some(rep))
    }

    fn counts_by_stage_row_by_row(ctx: &Context, scope: &Scope, window: &Period) -> Vec<(Sym, u64, u64)> {
        let stages = ctx.stages();
        let mut counts: IdMap<Sym, (u64, u64)> = IdMap::default();
        for (deal, history) in stages.histories(&ctx.data.deals).filter(|(d, _)| in_scope(scope, d)) {
            let won_by_end = deal.outcome == Outcome::Won && deal.closed.get().is_some_and(|c| c <= window.to);
            let mut seen = std::collections::HashSet::new();
            for (entered, stage) in
                history.iter().filter(|(day, s)| window.from <= *day && *day <= window.to && stages.rank(*s).is_some())
            {
                if !seen.insert(*stage) {
                    continue;
                }
                let rank = stages.rank(*stage).unwrap();
                let advanced = won_by_end
                    || history.iter().any(|(day, later)| {
                        *day >= *entered && *day <= window.to && stages.rank(*later).is_some_and(|r| r > rank)
                    });
                let entry = counts.entry(*stage).or_default();
                entry.0 += 1;
                entry.1 += u64::from(advanced);
            }
        }
        stages.order.iter().map(|s| (*s, counts.get(s).map_or(0, |c| c.0), counts.get(s).map_or(0, |c| c.1))).collect()
    }

    fn first_stage_row_by_row(ctx: &Context, scope: &Scope, window: &Period) -> (u64, u64) {
        let stages = ctx.stages();
        let Some(first) = stages.order.first() else { return (0, 0) };
        let (mut entered, mut won) = (0u64, 0u64);
        for (deal, history) in stages.histories(&ctx.data.deals).filter(|(d, _)| in_scope(scope, d)) {
            if history.iter().any(|(day, stage)| stage == first && window.from <= *day && *day <= window.to) {
                entered += 1;
                won += u64::from(deal.outcome == Outcome::Won && deal.closed.get().is_some_and(|c| c <= window.to));
            }
        }
        (entered, won)
    }

    fn stays_row_by_row(ctx: &Context, scope: &Scope, window: &Period) -> Vec<(Sym, i32)> {
        let stages = ctx.stages();
        let mut result = Vec::new();
        for (deal, history) in stages.histories(&ctx.data.deals).filter(|(d, _)| in_scope(scope, d)) {
            for (index, (entered, stage)) in history.iter().enumerate() {
                if stages.rank(*stage).is_none() || *entered < window.from || *entered > window.to {
                    continue;
                }
                let end = match history.get(index + 1) {
                    Some((next, _)) => Some(*next),
                    None if deal.outcome != Outcome::Open => deal.closed.get(),
                    None => None,
                };
                if let Some(end) = end.filter(|end| *end <= window.to) {
                    result.push((*stage, end - entered));
                }
            }
        }
        result
    }

    /// Up to 12 deals (created in the first two thirds of `days` days,
    /// closed within them) and 50 stage-history rows within them.
    fn deals_and_history(days: u32) -> impl Strategy<Value = (Deals, History)> {
        let deals =
            proptest::collection::vec((proptest::option::of(0..3usize), 0..3usize, 0..days * 2 / 3, 0..days), 1..12);
        (deals, proptest::collection::vec((0..12usize, 0..5usize, 0..days), 0..50))
    }

    /// The stage data of the deals of the owners `owners_kept` keeps (by
    /// the digit of "Rep n"; the last: no owner), narrowed from every
    /// deal's, whose ranked entries are worked out first, and afresh.
    fn narrowed_to_owners(data: &Dataset, owners_kept: &[bool]) -> (StageData, StageData) {
        let config = Config::default();
        let owner_of = |d: &Deal| d.owner.map_or(3, |o| usize::from(data.name(o).as_bytes()[4] - b'0'));
        let kept: Vec<bool> = data.deals.iter().map(|d| owners_kept[owner_of(d)]).collect();
        let whole = std::sync::Arc::new(StageData::new(data, &vec![true; data.deals.len()], &config));
        whole.ranked(&data.deals);
        (StageData::narrowed_from(&whole, data, &kept, &config), StageData::new(data, &kept, &config))
    }

    /// The window of `length` days from day `start` of 2024 (as `files` numbers days).
    fn window_of(start: u32, length: u32) -> Period {
        let from = crate::day::day_from_ymd(2024, 1 + start / 28, 1 + start % 28).unwrap();
        Period { label: String::new(), from, to: from + length as i32, yearly: false }
    }

    fn all_and_each_rep<'c, 'a>(ctx: &'c Context<'a>) -> Vec<Scope<'c, 'a>> {
        std::iter::once(ctx.all()).chain(ctx.rep_names.iter().map(|r| ctx.rep(*r))).collect()
    }

    fn input(measure: &Measure, name: &str) -> u64 {
        measure.inputs.iter().find(|(n, _)| *n == name).map_or(0, |(_, v)| *v as u64)
    }

    proptest! {
        /// On random histories (repeated stages, same-day entries, closed
        /// stages, deals without an owner), every window and rep: the
        /// ranked entries give the row-by-row stage conversion and stays.
        #[test]
        fn ranked_entries_equal_the_row_by_row_stage_kpis(
            (deals, history) in deals_and_history(300),
            windows in proptest::collection::vec((0..300u32, 0..120u32), 1..5),
        ) {
            let config = Config::default();
            let data = load_files(&files(&deals, &history), &config).unwrap();
            let ctx = Context::new(&data, &config).unwrap();
            let scopes = all_and_each_rep(&ctx);
            for (start, length) in &windows {
                let window = window_of(*start, *length);
                for scope in &scopes {
                    let by_stage = stage_conversion_by_stage(&ctx, scope, &window);
                    let counts: Vec<(Sym, u64, u64)> =
                        by_stage.iter().map(|(s, m)| (*s, input(m, "entered"), input(m, "advanced_or_won"))).collect();
                    prop_assert_eq!(counts, counts_by_stage_row_by_row(&ctx, scope, &window));
                    let first = stage_conversion(&ctx, scope, &window);
                    let (entered, won) = first_stage_row_by_row(&ctx, scope, &window);
                    prop_assert_eq!((input(&first, "entered_first_stage"), input(&first, "won")), (entered, won));
                    let mut fast = stays(&ctx, scope, &window);
                    let mut slow = stays_row_by_row(&ctx, scope, &window);
                    fast.sort();
                    slow.sort();
                    prop_assert_eq!(fast, slow);
                }
            }
        }
    }

    /// By hand: a filter set keeping part of a filter cell. Rep 0's deal
    /// and two of Rep 1's five are kept; those two enter Qualification
    /// before Prospecting, the other four deals the other way round. Every
    /// deal's order is Prospecting first, the kept deals' Qualification
    /// first (mean positions 1/3 and 2/3 against 2/6 and 4/6).
    #[test]
    fn some_deals_of_one_owner_keep_their_own_stage_order() {
        let deals: Deals = vec![(Some(0), 0, 0, 0), (Some(1), 0, 0, 0), (Some(1), 0, 0, 0)];
        let deals: Deals = deals.into_iter().chain(vec![(Some(1), 0, 0, 0); 3]).collect();
        let order = |deal: usize, first: usize| [(deal, first, 1), (deal, 1 - first, 2)];
        let history: History = [(0, 0), (1, 1), (2, 1), (3, 0), (4, 0), (5, 0)]
            .into_iter()
            .flat_map(|(deal, first)| order(deal, first))
            .collect();
        let config = Config::default();
        let data = load_files(&files(&deals, &history), &config).unwrap();
        let whole = std::sync::Arc::new(StageData::new(&data, &[true; 6], &config));
        let names = |stages: &StageData| stages.order.iter().map(|s| data.name(*s).to_string()).collect::<Vec<_>>();
        assert_eq!(names(&whole), ["Prospecting", "Qualification"]);
        let kept = [true, true, true, false, false, false];
        let narrowed = StageData::narrowed_from(&whole, &data, &kept, &config);
        assert_eq!(names(&narrowed), ["Qualification", "Prospecting"]);
    }

    /// By hand: a deal won, and a deal moved on, on the window's last day
    /// count as won and advanced by its end, and their stays as ended; a
    /// window ending the day before counts neither. Each window is asked
    /// for twice, the second time from the tallies remembered.
    #[test]
    fn a_deal_won_or_moved_on_on_the_last_day_counts() {
        let deals: Deals = vec![(Some(0), 1, 0, 20), (Some(0), 0, 0, 0)];
        let history: History = vec![(0, 0, 5), (1, 0, 5), (1, 1, 20)];
        let config = Config::default();
        let data = load_files(&files(&deals, &history), &config).unwrap();
        let ctx = Context::new(&data, &config).unwrap();
        let day = |d: i32| crate::day::day_from_ymd(2024, 1, 1).unwrap() + d;
        let window = |to: i32| Period { label: String::new(), from: day(0), to: day(to), yearly: false };
        let prospecting = |by_stage: Vec<(Sym, Measure)>| by_stage[0].1.value;
        for _ in 0..2 {
            let (last, before) = (window(20), window(19));
            assert_eq!(stage_conversion(&ctx, &ctx.all(), &last).value, Some(50.0));
            assert_eq!(stage_conversion(&ctx, &ctx.all(), &before).value, Some(0.0));
            assert_eq!(prospecting(stage_conversion_by_stage(&ctx, &ctx.all(), &last)), Some(100.0));
            assert_eq!(prospecting(stage_conversion_by_stage(&ctx, &ctx.all(), &before)), Some(0.0));
            assert_eq!(avg_time_in_stage(&ctx, &ctx.all(), &last).value, Some(15.0));
            assert_eq!(avg_time_in_stage(&ctx, &ctx.all(), &before).value, None);
        }
    }

    proptest! {
        /// On random histories, windows asked for in turn and again (the
        /// second time from the tallies remembered), for all deals and each
        /// rep: the stays summed by stage are the row-by-row stays' sums.
        #[test]
        fn stays_by_stage_sum_the_row_by_row_stays(
            (deals, history) in deals_and_history(300),
            windows in proptest::collection::vec((0..300u32, 0..120u32), 1..4),
        ) {
            let config = Config::default();
            let data = load_files(&files(&deals, &history), &config).unwrap();
            let ctx = Context::new(&data, &config).unwrap();
            let scopes = all_and_each_rep(&ctx);
            for (start, length) in windows.iter().chain(&windows) {
                let window = window_of(*start, *length);
                for scope in &scopes {
                    // (A stay ending in a close dated before the entry is negative.)
                    let named = |m: &Measure, name: &str| m.inputs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v as i64);
                    let sums: Vec<(Sym, Option<i64>, Option<i64>)> = avg_time_in_stage_by_stage(&ctx, scope, &window)
                        .iter()
                        .map(|(stage, m)| (*stage, named(m, "stays"), named(m, "total_days")))
                        .collect();
                    let slow = stays_row_by_row(&ctx, scope, &window);
                    let by_hand: Vec<(Sym, Option<i64>, Option<i64>)> = sums
                        .iter()
                        .map(|(stage, _, _)| {
                            let days = slow.iter().filter(|(s, _)| s == stage).map(|(_, d)| i64::from(*d));
                            (*stage, Some(days.clone().count() as i64), Some(days.sum()))
                        })
                        .collect();
                    prop_assert_eq!(&sums, &by_hand);
                    let listed: i64 = sums.iter().filter_map(|s| s.1).sum();
                    prop_assert_eq!(listed, slow.len() as i64, "every stay is in a stage listed");
                }
            }
        }
    }

    proptest! {
        /// On random histories with many same-day entries (whose file order
        /// decides the stage order): the stage data of the deals of some
        /// owners, narrowed from every deal's, equals the one worked out
        /// from the stage history's rows.
        #[test]
        fn narrowed_stage_data_equals_the_one_worked_out_afresh(
            (deals, history) in deals_and_history(60),
            owners_kept in proptest::collection::vec(any::<bool>(), 4),
        ) {
            let config = Config::default();
            let data = load_files(&files(&deals, &history), &config).unwrap();
            let kept: Vec<bool> = data
                .deals
                .iter()
                .map(|d| owners_kept[d.owner.map_or(3, |o| usize::from(data.name(o).as_bytes()[4] - b'0'))])
                .collect();
            let whole = StageData::new(&data, &vec![true; data.deals.len()], &config);
            let (fresh, narrowed) = (StageData::new(&data, &kept, &config), whole.narrowed(&data, &kept, &config));
            prop_assert_eq!(&fresh.order, &narrowed.order);
            let histories = |stages: &StageData| -> Vec<Vec<(i32, Sym)>> {
                stages.histories(&data.deals).map(|(_, h)| h.to_vec()).collect()
            };
            prop_assert_eq!(histories(&fresh), histories(&narrowed));
            for position in 0..data.deals.len() as u32 {
                prop_assert_eq!(fresh.last_entry(position), narrowed.last_entry(position));
            }
        }

        /// The ranked entries of stage data narrowed to the deals of some
        /// owners (copied from every deal's when the stage order stays), or
        /// to deals picked one by one (worked out anew), equal those of the
        /// stage data worked out from the stage history's rows.
        #[test]
        fn narrowed_ranked_entries_equal_the_ones_worked_out_afresh(
            (deals, history) in deals_and_history(60),
            owners_kept in proptest::collection::vec(any::<bool>(), 4),
            deals_kept in proptest::option::of(proptest::collection::vec(any::<bool>(), 60)),
        ) {
            let config = Config::default();
            let data = load_files(&files(&deals, &history), &config).unwrap();
            let owner_of = |d: &Deal| d.owner.map_or(3, |o| usize::from(data.name(o).as_bytes()[4] - b'0'));
            let kept: Vec<bool> = match &deals_kept {
                None => data.deals.iter().map(|d| owners_kept[owner_of(d)]).collect(),
                Some(picked) => picked[..data.deals.len()].to_vec(),
            };
            let whole = StageData::new(&data, &vec![true; data.deals.len()], &config);
            whole.ranked(&data.deals);
            let (fresh, narrowed) = (StageData::new(&data, &kept, &config), whole.narrowed(&data, &kept, &config));
            prop_assert_eq!(narrowed.ranked(&data.deals), fresh.ranked(&data.deals));
        }

        /// The ranked entries of stage data narrowed to the deals of some
        /// owners from every deal's whose ranked entries are worked out
        /// (read from those on first use), equal those worked out afresh;
        /// so do its stage order and last entries.
        #[test]
        fn ranked_entries_narrowed_from_every_deals_equal_the_ones_worked_out_afresh(
            (deals, history) in deals_and_history(60),
            owners_kept in proptest::collection::vec(any::<bool>(), 4),
        ) {
            let data = load_files(&files(&deals, &history), &Config::default()).unwrap();
            let (narrowed, fresh) = narrowed_to_owners(&data, &owners_kept);
            prop_assert_eq!(&narrowed.order, &fresh.order);
            prop_assert_eq!(narrowed.has_history(), fresh.has_history());
            prop_assert_eq!(narrowed.ranked(&data.deals), fresh.ranked(&data.deals));
            for position in 0..data.deals.len() as u32 {
                prop_assert_eq!(narrowed.last_entry(position), fresh.last_entry(position));
            }
        }

        /// The tallies of a window of stage data narrowed to the deals of
        /// some owners (read from every deal's when their ranked entries
        /// are copied) equal those of the stage data worked out afresh.
        #[test]
        fn tallies_of_narrowed_stage_data_equal_the_ones_worked_out_afresh(
            (deals, history) in deals_and_history(60),
            owners_kept in proptest::collection::vec(any::<bool>(), 4),
            windows in proptest::collection::vec((0..60u32, 0..40u32), 1..4),
        ) {
            let data = load_files(&files(&deals, &history), &Config::default()).unwrap();
            let (narrowed, fresh) = narrowed_to_owners(&data, &owners_kept);
            let counts = |stages: &StageData, window: &Period| -> Vec<(u64, i128, u64, u64, u64)> {
                let tallies = stages.tallies_in(&data.deals, window);
                tallies.iter().map(|t| (t.stays.count, t.stays.total, t.entered, t.advanced_or_won, t.won)).collect()
            };
            for (start, length) in &windows {
                let window = window_of(*start, *length);
                prop_assert_eq!(counts(&narrowed, &window), counts(&fresh, &window));
            }
        }
    }
}
