//! Stage analysis: each deal's stage history (a stage_history file, or
//! HubSpot's wide "Date entered" columns), the stage order, stage-to-stage
//! conversion and time in stage.

use super::context::{Context, Scope};
use super::measure::{MeanSum, Measure};
use super::period::Period;
use crate::config::Config;
use crate::ingest::value::Day;
use crate::model::*;
use crate::sorting::sort_stable_by;
use std::collections::HashSet;

pub struct StageData<'a> {
    /// Deals with a history, in data order; deal `i`'s entries are
    /// `entries[starts[i]..starts[i + 1]]`, sorted by date, then stage rank.
    deals: Vec<&'a Deal>,
    starts: Vec<u32>,
    entries: Vec<(Day, Sym)>,
    /// Non-terminal stages in order.
    pub order: Vec<Sym>,
    pub rank: IdMap<Sym, usize>,
    pub terminal: HashSet<Sym>,
}

fn is_terminal(name: &str, config: &Config) -> bool {
    let configured = config.stage_outcomes.iter().find(|(stage, _)| fold(stage) == fold(name)).map(|(_, o)| *o);
    configured.unwrap_or_else(|| crate::ingest::outcome_of_stage(name)) != Outcome::Open
}

impl<'a> StageData<'a> {
    /// `kept`: per deal of the data, whether the selection keeps it.
    pub fn new(data: &'a Dataset, kept: &[bool], config: &Config) -> StageData<'a> {
        let (deals, starts, mut entries) = histories_of_kept_deals(data, kept);
        let mut histories: Vec<&mut [(Day, Sym)]> = split_histories(&mut entries, &starts);
        histories.iter_mut().for_each(|history| history.sort_by_key(|(day, _)| *day));
        let mut terminal = HashSet::new();
        let mut positions: IdMap<Sym, MeanSum> = IdMap::default();
        let mut terminal_by_stage: IdMap<Sym, bool> = IdMap::default();
        for history in &histories {
            let mut position = 0;
            for (_, stage) in history.iter() {
                let stage_is_terminal = *terminal_by_stage
                    .entry(*stage)
                    .or_insert_with(|| data.closed_stages.contains(stage) || is_terminal(data.name(*stage), config));
                if stage_is_terminal {
                    terminal.insert(*stage);
                    continue;
                }
                positions.entry(*stage).or_default().add(position);
                position += 1;
            }
        }
        let order = stage_order(data, config, &positions);
        let rank: IdMap<Sym, usize> = order.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        for history in &mut histories {
            history.sort_by_key(|(day, stage)| (*day, rank.get(stage).copied().unwrap_or(usize::MAX)));
        }
        StageData { deals, starts, entries, order, rank, terminal }
    }

    pub fn has_history(&self) -> bool {
        !self.deals.is_empty()
    }

    /// Each deal with a history, and its entries.
    pub fn histories(&self) -> impl Iterator<Item = (&'a Deal, &[(Day, Sym)])> + '_ {
        self.deals.iter().zip(self.starts.windows(2)).map(|(deal, span)| {
            let (start, end) = (span[0] as usize, span[1] as usize);
            (*deal, &self.entries[start..end])
        })
    }
}

/// The mutable history of every deal, cut from the one list of entries.
fn split_histories<'e>(mut entries: &'e mut [(Day, Sym)], starts: &[u32]) -> Vec<&'e mut [(Day, Sym)]> {
    let mut histories = Vec::with_capacity(starts.len().saturating_sub(1));
    for span in starts.windows(2) {
        let (history, rest) = std::mem::take(&mut entries).split_at_mut((span[1] - span[0]) as usize);
        histories.push(history);
        entries = rest;
    }
    histories
}

/// The kept deals with stage entries (data order), where each one's entries
/// start in the one list of entries (file order within a deal), and the
/// list. A counting pass sizes every
/// history, a second fills them: no map from deal to entries, no list per deal.
type KeptHistories<'a> = (Vec<&'a Deal>, Vec<u32>, Vec<(Day, Sym)>);

fn histories_of_kept_deals<'a>(data: &'a Dataset, kept: &[bool]) -> KeptHistories<'a> {
    let deal_of_entry = data.stage_entry_deals();
    let mut next = vec![0u32; data.deals.len()];
    for index in deal_of_entry.iter().flatten().map(|index| *index as usize) {
        if kept[index] {
            next[index] += 1;
        }
    }
    // `next` becomes where each deal's next entry goes (u32::MAX: no history).
    let (mut deals, mut starts, mut total) = (Vec::new(), vec![0u32], 0u32);
    for (index, count) in next.iter_mut().enumerate() {
        if *count == 0 {
            *count = u32::MAX;
            continue;
        }
        deals.push(&data.deals[index]);
        let start = total;
        total += *count;
        starts.push(total);
        *count = start;
    }
    let mut entries = vec![(0, Sym::from_index(0)); total as usize];
    for (entry, deal) in data.stage_history.iter().zip(deal_of_entry) {
        if let Some(at) = deal.map(|index| &mut next[index as usize]).filter(|at| **at != u32::MAX) {
            entries[*at as usize] = (entry.entered, entry.stage);
            *at += 1;
        }
    }
    (deals, starts, entries)
}

/// Configured order first, then the rest by mean position in the histories.
fn stage_order(data: &Dataset, config: &Config, positions: &IdMap<Sym, MeanSum>) -> Vec<Sym> {
    let mut order: Vec<Sym> = config
        .stage_order
        .iter()
        .filter_map(|name| data.names.lookup(name))
        .filter(|s| positions.contains_key(s))
        .collect();
    let mut rest: Vec<(f64, String, Sym)> = positions
        .iter()
        .filter(|(s, _)| !order.contains(s))
        .map(|(s, sum)| (sum.mean().unwrap_or(0.0), data.name(*s).to_lowercase(), *s))
        .collect();
    sort_stable_by(&mut rest, |a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    order.extend(rest.into_iter().map(|(_, _, s)| s));
    order
}

fn in_scope(scope: &Scope, deal: &Deal) -> bool {
    scope.rep.is_none_or(|rep| deal.owner == Some(rep))
}

/// Per stage: of the deals that entered it in the window, how many later
/// reached a later stage or were won by the window's end.
pub fn stage_conversion_by_stage(ctx: &Context, scope: &Scope, window: &Period) -> Vec<(Sym, Measure)> {
    let stages = ctx.stages();
    let mut counts: IdMap<Sym, (u64, u64)> = IdMap::default();
    for (deal, history) in stages.histories().filter(|(d, _)| in_scope(scope, d)) {
        let won_by_end = deal.outcome == Outcome::Won && deal.closed.is_some_and(|c| c <= window.to);
        let mut seen = HashSet::new();
        for (entered, stage) in
            history.iter().filter(|(day, s)| window.from <= *day && *day <= window.to && stages.rank.contains_key(s))
        {
            if !seen.insert(*stage) {
                continue;
            }
            let rank = stages.rank[stage];
            let advanced = won_by_end
                || history.iter().any(|(day, later)| {
                    *day >= *entered && *day <= window.to && stages.rank.get(later).is_some_and(|r| *r > rank)
                });
            let entry = counts.entry(*stage).or_default();
            entry.0 += 1;
            entry.1 += u64::from(advanced);
        }
    }
    stages
        .order
        .iter()
        .map(|stage| {
            let (entered, advanced) = counts.get(stage).copied().unwrap_or_default();
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
    let Some(first) = stages.order.first() else {
        return Measure::unavailable(
            "needs a stage history (a stage_history file or HubSpot's \"Date entered\" columns)",
        );
    };
    let (mut entered, mut won) = (0u64, 0u64);
    for (deal, history) in stages.histories().filter(|(d, _)| in_scope(scope, d)) {
        if history.iter().any(|(day, stage)| stage == first && window.from <= *day && *day <= window.to) {
            entered += 1;
            won += u64::from(deal.outcome == Outcome::Won && deal.closed.is_some_and(|c| c <= window.to));
        }
    }
    let inputs = vec![("entered_first_stage", entered as f64), ("won", won as f64)];
    Measure::ratio(won as f64, entered as f64, 100.0, inputs, "no deal entered the first stage in the period")
}

/// Stays (stage, days) that entered in the window and ended by its end.
fn stays(ctx: &Context, scope: &Scope, window: &Period) -> Vec<(Sym, i32)> {
    let stages = ctx.stages();
    let mut result = Vec::new();
    for (deal, history) in stages.histories().filter(|(d, _)| in_scope(scope, d)) {
        for (index, (entered, stage)) in history.iter().enumerate() {
            if !stages.rank.contains_key(stage) || *entered < window.from || *entered > window.to {
                continue;
            }
            let end = match history.get(index + 1) {
                Some((next, _)) => Some(*next),
                None if deal.outcome != Outcome::Open => deal.closed,
                None => None,
            };
            if let Some(end) = end.filter(|end| *end <= window.to) {
                result.push((*stage, end - entered));
            }
        }
    }
    result
}

/// With only deals.stage_entered_date: the age of open deals' current stays.
fn current_stays(ctx: &Context, scope: &Scope, window: &Period) -> Vec<(Sym, i32)> {
    let at = ctx.snapshot(window.to);
    scope
        .deals
        .iter()
        .filter(|d| d.open_at(at))
        .filter_map(|d| match (d.stage, d.stage_entered) {
            (Some(stage), Some(entered)) if entered <= at => Some((stage, at - entered)),
            _ => None,
        })
        .collect()
}

const CURRENT_STAYS_NOTE: &str =
    "no stage history: this is the age of open deals' current stays (from stage_entered_date), not completed stays";

/// Stays (stage, days) and the caveat that goes with how they were found.
type Stays = (Vec<(Sym, i32)>, Option<String>);

fn stage_stays(ctx: &Context, scope: &Scope, window: &Period) -> Option<Stays> {
    if ctx.stages().has_history() {
        Some((stays(ctx, scope, window), None))
    } else if ctx.data.has("deals.stage_entered_date") {
        Some((current_stays(ctx, scope, window), Some(CURRENT_STAYS_NOTE.into())))
    } else {
        None
    }
}

const NO_STAGE_DATA: &str = "needs a stage history (a stage_history file or HubSpot's \"Date entered\" columns) or a stage entered date on deals";

pub fn avg_time_in_stage(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let Some((stays, note)) = stage_stays(ctx, scope, window) else {
        return Measure::unavailable(NO_STAGE_DATA);
    };
    let mut all = MeanSum::default();
    stays.iter().for_each(|(_, days)| all.add((*days).into()));
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
    let Some((stays, note)) = stage_stays(ctx, scope, window) else {
        return Vec::new();
    };
    let mut by_stage: IdMap<Sym, MeanSum> = IdMap::default();
    stays.iter().for_each(|(stage, days)| by_stage.entry(*stage).or_default().add((*days).into()));
    let mut order = ctx.stages().order.clone();
    let mut extra: Vec<Sym> = by_stage.keys().filter(|s| !order.contains(s)).copied().collect();
    sort_stable_by(&mut extra, |a, b| ctx.name(*a).to_lowercase().cmp(&ctx.name(*b).to_lowercase()));
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
