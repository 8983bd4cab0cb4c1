//! Each kept deal's stage history (a stage_history file, or HubSpot's wide
//! "Date entered" columns) and the stage order, as the stage KPIs read them.

use crate::blocks::in_blocks;
use crate::config::Config;
use crate::day::Day;
use crate::kpi::measure::MeanSum;
use crate::kpi::period::Period;
use crate::model::*;
use crate::sorting::{sort_stable_by, DayPlaces};
use std::sync::Arc;

/// Worked out once per filter set and stage settings (see
/// [`crate::kpi::selection::Selection::stage_data`]); it holds positions of
/// deals, not the deals, which its readers pass in.
pub struct StageData {
    /// The histories, each sorted by date, then stage rank: this stage
    /// data's own, or, narrowed to deals whose stage order stays, those of
    /// the stage data it was narrowed from (shared, not copied).
    lists: Arc<KeptHistories>,
    /// Per deal of the data, whether `lists` holds its history for this
    /// stage data (`None`: every history there).
    kept: Option<Vec<bool>>,
    /// Whether some kept deal has a history.
    has_history: bool,
    /// Every entry into a ranked stage, by owner and stage, then by date:
    /// read by the stage KPIs only, so worked out on first use.
    stays: std::sync::OnceLock<RankedEntries>,
    /// The ranked entries' tallies of the windows asked for last.
    windows: std::sync::Mutex<Vec<WindowTallies>>,
    /// When narrowed to whole owners with the same stage order (see
    /// [`StageData::narrowed_from`]): the stage data of every deal, and the
    /// place there of each owner here, whose tallies are read from it.
    whole: Option<(Arc<StageData>, Vec<u32>)>,
    /// Set by `narrowed` for `narrowed_from`: the places of those owners.
    places_in_whole: Option<Vec<u32>>,
    /// The stage positions summed per filter cell, read to narrow it.
    cell_sums: std::sync::OnceLock<Option<CellSums>>,
    /// Non-terminal stages in order.
    pub order: Vec<Sym>,
    /// Each name's rank by its index ([`UNRANKED`]: not a ranked stage).
    rank_by_name: Vec<u32>,
}

/// In [`KeptHistories::ends`]: a deal with no history kept.
const NO_HISTORY: u32 = u32::MAX;
/// In [`StageData::rank_by_name`]: a name that is no ranked stage.
const UNRANKED: u32 = u32::MAX;
/// A stage (or an owner) not met yet.
const NO_SLOT: u32 = u32::MAX;

/// A day later than every date (a stay that has not ended, a deal never won).
const NEVER: Day = Day::MAX;
/// A day earlier than every date (no earlier entry).
const NONE_BEFORE: Day = Day::MIN;

/// A deal's entry into a ranked stage (its group says which), with what the stage KPIs read of it
/// worked out once, so that a KPI over any window reads only the entries
/// made in that window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RankedEntry {
    pub(crate) entered: Day,
    /// The end of the stay: the deal's next entry, or the close of a won or
    /// lost deal; `NEVER` if neither.
    pub(crate) stay_end: Day,
    /// The deal's previous entry into the same stage; `NONE_BEFORE` if none.
    pub(crate) previous_same: Day,
    /// The first day on or after `entered` that the deal entered a later
    /// stage; `NEVER` if it did not.
    pub(crate) advanced_on: Day,
    /// The day the deal was won; `NEVER` if it was not.
    pub(crate) won_on: Day,
}

/// The ranked entries grouped by the deal's owner (owners in name order,
/// no owner first), then by stage (in rank order), each group in date order:
/// a KPI of one stage reads that stage's entries only.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct RankedEntries {
    entries: Vec<RankedEntry>,
    /// The ranked stages: each owner has this many groups, one per rank.
    stages: usize,
    /// (owner's name index + 1, or 0 for no owner), for each owner with
    /// entries, in that order; the owner at `i` has groups `i * stages..`.
    owners: Vec<u32>,
    /// Where each group ends in `entries`.
    ends: Vec<u32>,
}

impl RankedEntries {
    fn owner_key(owner: Option<Sym>) -> u32 {
        owner.map_or(0, |sym| sym.index() as u32 + 1)
    }

    /// The owners' places in `owners`: all of them for `None`.
    fn owner_places(&self, owner: Option<Sym>) -> std::ops::Range<usize> {
        match owner {
            None => 0..self.owners.len(),
            Some(rep) => {
                let key = Self::owner_key(Some(rep));
                let at = self.owners.partition_point(|k| *k < key);
                at..at + usize::from(self.owners.get(at) == Some(&key))
            }
        }
    }

    /// The entries of one group made in the window `from..=to`.
    fn group_in(&self, group: usize, (from, to): (Day, Day)) -> &[RankedEntry] {
        let start = if group == 0 { 0 } else { self.ends[group - 1] as usize };
        let entries = &self.entries[start..self.ends[group] as usize];
        let low = entries.partition_point(|e| e.entered < from);
        let high = entries.partition_point(|e| e.entered <= to);
        &entries[low..high]
    }

    /// These entries of the owners at `places` (ascending), as they would
    /// be worked out from those owners' deals alone: their groups, copied.
    fn of_places(&self, places: &[u32]) -> RankedEntries {
        let mut kept = RankedEntries { stages: self.stages, ..RankedEntries::default() };
        let group_start = |group: usize| if group == 0 { 0 } else { self.ends[group - 1] as usize };
        for (place, key) in places.iter().map(|place| (*place as usize, self.owners[*place as usize])) {
            let groups = place * self.stages..(place + 1) * self.stages;
            let start = group_start(groups.start);
            let moved_by = kept.entries.len() as i64 - start as i64;
            kept.entries.extend_from_slice(&self.entries[start..group_start(groups.end)]);
            kept.ends.extend(self.ends[groups].iter().map(|end| (i64::from(*end) + moved_by) as u32));
            kept.owners.push(key);
        }
        kept
    }

    /// Each group's entries made in the window `from..=to`, tallied.
    fn tallies_in(&self, window: (Day, Day)) -> Vec<StageTally> {
        (0..self.ends.len()).map(|group| StageTally::of(self.group_in(group, window), window)).collect()
    }

    /// The tallies (of [`RankedEntries::tallies_in`]) of the stage of rank
    /// `rank`, of `owner`'s deals (all deals for `None`), added up.
    pub(crate) fn tally_of(&self, tallies: &[StageTally], owner: Option<Sym>, rank: usize) -> StageTally {
        let stages = self.stages;
        let groups = self.owner_places(owner).filter(|_| rank < stages).map(|place| place * stages + rank);
        groups.fold(StageTally::default(), |sum, group| sum.plus(&tallies[group]))
    }

    /// The entries into the stage of rank `rank` of `owner`'s deals (all
    /// deals for `None`) made in the window (the tallies' test oracle).
    #[cfg(test)]
    pub(crate) fn made_in_stage<'s>(
        &'s self,
        owner: Option<Sym>,
        rank: usize,
        window: &Period,
    ) -> impl Iterator<Item = &'s RankedEntry> + 's {
        let (stages, window) = (self.stages, (window.from, window.to));
        let groups = self.owner_places(owner).filter(move |_| rank < stages).map(move |place| place * stages + rank);
        groups.flat_map(move |group| self.group_in(group, window).iter())
    }
}

/// What the stage KPIs read of the entries into one stage made in a
/// window: the stays that ended by its end, and the first entries in it
/// (a deal's earlier entry into the stage in the window makes a later one
/// no first), with how many moved on to a later stage or were won, and
/// were won, by its end.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct StageTally {
    pub(crate) stays: MeanSum,
    pub(crate) entered: u64,
    pub(crate) advanced_or_won: u64,
    pub(crate) won: u64,
}

/// A window (first and last day) and its tallies, one per group of ranked entries.
type WindowTallies = ((Day, Day), Arc<Vec<StageTally>>);

/// At most this many tallies are remembered per stage data (64 bytes each).
const WINDOW_TALLIES: usize = 1 << 15;

impl StageTally {
    fn of(entries: &[RankedEntry], (from, to): (Day, Day)) -> StageTally {
        let mut tally = StageTally::default();
        for entry in entries {
            if entry.stay_end <= to {
                tally.stays.add((entry.stay_end - entry.entered).into());
            }
            if entry.previous_same < from {
                tally.entered += 1;
                tally.advanced_or_won += u64::from(entry.won_on <= to || entry.advanced_on <= to);
                tally.won += u64::from(entry.won_on <= to);
            }
        }
        tally
    }

    fn plus(self, other: &StageTally) -> StageTally {
        StageTally {
            stays: MeanSum { count: self.stays.count + other.stays.count, total: self.stays.total + other.stays.total },
            entered: self.entered + other.entered,
            advanced_or_won: self.advanced_or_won + other.advanced_or_won,
            won: self.won + other.won,
        }
    }
}

fn is_terminal(name: &str, config: &Config) -> bool {
    let configured = config.stage_outcomes.iter().find(|(stage, _)| fold(stage) == fold(name)).map(|(_, o)| *o);
    configured.unwrap_or_else(|| crate::ingest::outcome_of_stage(name)) != Outcome::Open
}

impl StageData {
    /// `kept`: per deal of the data, whether the selection keeps it.
    pub fn new(data: &Dataset, kept: &[bool], config: &Config) -> StageData {
        let mut kept_histories = histories_of_kept_deals(data, kept);
        let KeptHistories { starts, entries, .. } = &mut kept_histories;
        spans(starts).for_each(|span| sort_unless_sorted(&mut entries[span], &|(day, _)| (*day, 0)));
        StageData::ordered(data, config, kept_histories)
    }

    /// As [`StageData::new`], from this stage data of every deal, for the
    /// same stage settings, with no pass over the stage history's rows.
    /// When the kept deals are whole filter cells (as a filter set keeps
    /// them) whose stage order is this one, which sorts their histories as
    /// it sorted them here, those are read from here, with no copy (else
    /// copied, and sorted again); and when they are all those of some
    /// owners, so are those owners' ranked entries (see `narrowed_from`).
    pub fn narrowed(&self, data: &Dataset, kept: &[bool], config: &Config) -> StageData {
        // Per owner key: whether some of its deals are kept (1), dropped (2), or both.
        let mut owners = vec![0u8; self.rank_by_name.len() + 1];
        let cells = self.cell_sums(data, config).and_then(|sums| Some((sums, cells_kept(data, kept)?)));
        let Some((order, has_history)) = cells
            .map(|(sums, cells_kept)| sums.kept_order(data, config, &cells_kept, &mut owners))
            .filter(|(order, _)| *order == self.order)
        else {
            return StageData::ordered(data, config, self.copied(kept));
        };
        // (Cells are summed only where every history of the lists is kept.)
        let mut stage_data =
            StageData::of(Arc::clone(&self.lists), Some(kept.to_vec()), has_history, order, self.rank_by_name.clone());
        if let Some(ranked) = self.stays.get().filter(|_| !owners.contains(&3)) {
            let keep = |key: u32| owners[key as usize] == 1;
            let places = ranked.owners.iter().enumerate().filter(|(_, key)| keep(**key)).map(|(place, _)| place as u32);
            stage_data.places_in_whole = Some(places.collect());
        }
        stage_data
    }

    /// The stage positions of the histories summed per filter cell, on
    /// first use; `None` for a stage data that keeps some histories of
    /// its lists only, or when there are too many cells.
    fn cell_sums(&self, data: &Dataset, config: &Config) -> Option<&CellSums> {
        let sums = self.cell_sums.get_or_init(|| {
            let cells = data.filter_cells();
            (self.kept.is_none() && cells.keys.len() <= MAX_CELL_SUMS).then(|| {
                let mut sums = CellSums {
                    slots: StageSlots::new(data),
                    sums: vec![Vec::new(); cells.keys.len()],
                    histories: vec![0; cells.keys.len()],
                };
                for (position, history) in self.dated_histories() {
                    let cell = cells.cell_of_deal[position as usize] as usize;
                    sums.slots.add(history, &mut sums.sums[cell], data, config);
                    sums.histories[cell] += 1;
                }
                sums
            })
        });
        sums.as_ref()
    }

    /// Each history held, by deal position, in date order (same-day entries
    /// in file order, as the stage history lists them).
    fn dated_histories(&self) -> impl Iterator<Item = (u32, &[(Day, Sym)])> + '_ {
        let lists = &*self.lists;
        let mut ties = lists.tied.iter().peekable();
        let each = lists.positions.iter().zip(spans(&lists.starts)).map(move |(position, span)| {
            let tied = ties.next_if(|(at, _)| at == position).map(|(_, history)| &history[..]);
            (*position, tied.unwrap_or(&lists.entries[span]))
        });
        each.filter(|(position, _)| self.keeps(*position))
    }

    /// The kept deals' histories, in date order, copied.
    fn copied(&self, kept: &[bool]) -> KeptHistories {
        let mut copy = KeptHistories { starts: vec![0], ends: vec![NO_HISTORY; kept.len()], ..Default::default() };
        for (position, history) in self.dated_histories().filter(|(position, _)| kept[*position as usize]) {
            copy.entries.extend_from_slice(history);
            copy.positions.push(position);
            copy.starts.push(copy.entries.len() as u32);
            copy.ends[position as usize] = copy.entries.len() as u32;
        }
        if copy.entries.is_empty() {
            copy.ends = Vec::new();
        }
        copy
    }

    /// Whether the deal at `position` is kept here.
    fn keeps(&self, position: u32) -> bool {
        self.kept.as_ref().is_none_or(|kept| kept[position as usize])
    }

    /// As [`StageData::narrowed`] from `whole`; when the kept deals are
    /// all those of some owners, those owners' ranked entries are copied
    /// from `whole`'s on first use, and their tallies of a window read from
    /// `whole`'s (remembered there for every filter set).
    pub fn narrowed_from(whole: &Arc<StageData>, data: &Dataset, kept: &[bool], config: &Config) -> StageData {
        let mut narrowed = whole.narrowed(data, kept, config);
        narrowed.whole = narrowed.places_in_whole.take().map(|places| (Arc::clone(whole), places));
        narrowed
    }

    /// The stage order of histories sorted by date (same-day entries in
    /// file order), then the histories sorted by date and rank.
    fn ordered(data: &Dataset, config: &Config, mut histories: KeptHistories) -> StageData {
        let (mut slots, mut sums) = (StageSlots::new(data), Vec::new());
        spans(&histories.starts).for_each(|span| slots.add(&histories.entries[span], &mut sums, data, config));
        let order = slots.order(&sums, data, config);
        let mut rank_by_name = vec![UNRANKED; data.names.count()];
        order.iter().enumerate().for_each(|(i, s)| rank_by_name[s.index()] = i as u32);
        // Only histories with same-day entries change order (and keep their
        // date order aside, for `narrowed`).
        for (span, position) in spans(&histories.starts).zip(&histories.positions) {
            let history = &mut histories.entries[span];
            if history.windows(2).any(|pair| pair[0].0 == pair[1].0) {
                histories.tied.push((*position, history.to_vec()));
                sort_unless_sorted(history, &|(day, stage)| (*day, rank_by_name[stage.index()]));
            }
        }
        let has_history = !histories.positions.is_empty();
        StageData::of(Arc::new(histories), None, has_history, order, rank_by_name)
    }

    fn of(
        lists: Arc<KeptHistories>,
        kept: Option<Vec<bool>>,
        has_history: bool,
        order: Vec<Sym>,
        rank_by_name: Vec<u32>,
    ) -> StageData {
        StageData {
            lists,
            kept,
            has_history,
            stays: std::sync::OnceLock::new(),
            windows: std::sync::Mutex::new(Vec::new()),
            whole: None,
            places_in_whole: None,
            cell_sums: std::sync::OnceLock::new(),
            order,
            rank_by_name,
        }
    }

    /// The entries into ranked stages (`deals`: the dataset's), worked out on first use.
    pub(crate) fn ranked(&self, deals: &[Deal]) -> &RankedEntries {
        self.stays.get_or_init(|| match &self.whole {
            Some((whole, places)) => whole.ranked(deals).of_places(places),
            None => self.ranked_entries(deals),
        })
    }

    /// The ranked entries made in `window`, tallied per group (see
    /// [`RankedEntries::tallies_in`]): worked out once per window, as a
    /// report asks for each window's stays and conversions by stage, by
    /// KPI and by period, and a dashboard comes back to the same windows.
    pub(crate) fn tallies_in(&self, deals: &[Deal], window: &Period) -> Arc<Vec<StageTally>> {
        if let Some((whole, places)) = &self.whole {
            let (theirs, stages) = (whole.tallies_in(deals, window), self.order.len());
            let mut ours = Vec::with_capacity(places.len() * stages);
            places.iter().for_each(|place| ours.extend_from_slice(&theirs[*place as usize * stages..][..stages]));
            return Arc::new(ours);
        }
        let key = (window.from, window.to);
        let mut known = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, tallies)) = known.iter().find(|(k, _)| *k == key) {
            return Arc::clone(tallies);
        }
        let tallies = Arc::new(self.ranked(deals).tallies_in(key));
        // Within WINDOW_TALLIES tallies in all (a window counting as at
        // least 64, so that few groups make no endless list): the oldest go first.
        while !known.is_empty() && (known.len() + 1) * tallies.len().max(64) > WINDOW_TALLIES {
            known.remove(0);
        }
        known.push((key, Arc::clone(&tallies)));
        tallies
    }

    fn is_ranked(&self, stage: Sym) -> bool {
        self.rank_by_name[stage.index()] != UNRANKED
    }

    /// The rank of `stage` in the stage order, if it is a ranked stage.
    pub fn rank(&self, stage: Sym) -> Option<usize> {
        Some(self.rank_by_name[stage.index()]).filter(|rank| *rank != UNRANKED).map(|rank| rank as usize)
    }

    pub fn has_history(&self) -> bool {
        self.has_history
    }

    /// The `ordinal`-th history held, and its deal if kept.
    fn history<'d>(&self, deals: &'d [Deal], ordinal: usize) -> Option<(&'d Deal, &[(Day, Sym)])> {
        let lists = &*self.lists;
        let (start, end) = (lists.starts[ordinal] as usize, lists.starts[ordinal + 1] as usize);
        let position = lists.positions[ordinal];
        self.keeps(position).then(|| (&deals[position as usize], &lists.entries[start..end]))
    }

    /// Each deal with a history (of `deals`, the dataset's), and its entries.
    pub fn histories<'s, 'd: 's>(
        &'s self,
        deals: &'d [Deal],
    ) -> impl Iterator<Item = (&'d Deal, &'s [(Day, Sym)])> + 's {
        let lists = &*self.lists;
        let each = lists.positions.iter().zip(spans(&lists.starts));
        each.filter(|(at, _)| self.keeps(**at)).map(move |(at, span)| (&deals[*at as usize], &lists.entries[span]))
    }

    /// The last entry (day, stage) of the deal at `position`, if it has a history.
    pub fn last_entry(&self, position: u32) -> Option<(Day, Sym)> {
        let end = *self.lists.ends.get(position as usize).filter(|end| **end != NO_HISTORY && self.keeps(position))?;
        Some(self.lists.entries[end as usize - 1])
    }

    /// Every entry into a ranked stage, with its stay's end, the deal's
    /// previous entry into the stage, the day it moved on to a later stage
    /// and the day it was won, grouped by owner and stage, sorted by date.
    fn ranked_entries(&self, deals: &[Deal]) -> RankedEntries {
        let (stages, names) = (self.order.len(), self.rank_by_name.len());
        let (owners, slot_of_owner, mut next, total) = self.entry_groups(deals);
        let group_of = |deal: &Deal, stage: Sym| {
            slot_of_owner[RankedEntries::owner_key(deal.owner) as usize] as usize * stages
                + self.rank_by_name[stage.index()] as usize
        };
        let blank =
            RankedEntry { entered: 0, stay_end: NEVER, previous_same: NONE_BEFORE, advanced_on: NEVER, won_on: NEVER };
        let mut entries = vec![blank; total as usize];
        let mut last_seen: Vec<(u32, Day)> = vec![(u32::MAX, NONE_BEFORE); names];
        let (mut advanced, mut higher) = (Vec::new(), Vec::new());
        // In blocks (see `crate::blocks`): a million histories are read.
        in_blocks(self.lists.positions.len(), &mut |block| {
            for ordinal in block {
                let Some((deal, history)) = self.history(deals, ordinal) else { continue };
                self.advanced_on(history, &mut advanced, &mut higher);
                let won_on = if deal.outcome == Outcome::Won { deal.closed.get().unwrap_or(NEVER) } else { NEVER };
                let closed = if deal.outcome == Outcome::Open { None } else { deal.closed.get() };
                for (index, (entered, stage)) in history.iter().enumerate() {
                    let seen = std::mem::replace(&mut last_seen[stage.index()], (ordinal as u32, *entered));
                    if !self.is_ranked(*stage) {
                        continue;
                    }
                    let at = &mut next[group_of(deal, *stage)];
                    entries[*at as usize] = RankedEntry {
                        entered: *entered,
                        stay_end: history.get(index + 1).map(|(day, _)| Some(*day)).unwrap_or(closed).unwrap_or(NEVER),
                        previous_same: if seen.0 == ordinal as u32 { seen.1 } else { NONE_BEFORE },
                        advanced_on: advanced[index],
                        won_on,
                    };
                    *at += 1;
                }
            }
        });
        // Each group sorted by day by counting (a comparison sort took a
        // third of the stage data's time); `next` now holds where each ends.
        let (mut start, mut sorted) = (0, Vec::new());
        for end in &next {
            let group = &mut entries[start..*end as usize];
            let mut places = DayPlaces::new(group.iter().map(|e| e.entered));
            sorted.clear();
            sorted.resize(group.len(), blank);
            group.iter().for_each(|entry| sorted[places.place(entry.entered)] = *entry);
            group.copy_from_slice(&sorted);
            start = *end as usize;
        }
        RankedEntries { entries, stages, owners, ends: next }
    }

    /// The owners with ranked entries (by owner key, ascending), each owner
    /// key's place among them, where each (owner, stage) group's first
    /// entry goes, and how many entries there are.
    fn entry_groups(&self, deals: &[Deal]) -> (Vec<u32>, Vec<u32>, Vec<u32>, u32) {
        let stages = self.order.len();
        // Per (owner in the order first met, rank): the entries.
        let mut slot_of_owner = vec![NO_SLOT; self.rank_by_name.len() + 1];
        let (mut met, mut counts) = (Vec::new(), Vec::new());
        for (deal, history) in self.histories(deals) {
            let key = RankedEntries::owner_key(deal.owner);
            for (_, stage) in history.iter().filter(|(_, s)| self.is_ranked(*s)) {
                let slot = &mut slot_of_owner[key as usize];
                if *slot == NO_SLOT {
                    *slot = met.len() as u32;
                    met.push(key);
                    counts.resize(counts.len() + stages, 0u32);
                }
                counts[*slot as usize * stages + self.rank_by_name[stage.index()] as usize] += 1;
            }
        }
        // Owners by key (read off the slots, which are by key): each one's
        // groups placed in that order.
        let owners: Vec<u32> =
            (0..slot_of_owner.len() as u32).filter(|key| slot_of_owner[*key as usize] != NO_SLOT).collect();
        let mut starts = vec![0u32; counts.len()];
        let mut total = 0u32;
        for (place, key) in owners.iter().enumerate() {
            let slot = std::mem::replace(&mut slot_of_owner[*key as usize], place as u32) as usize;
            for rank in 0..stages {
                let at = place * stages + rank;
                starts[at] = total;
                total += counts[slot * stages + rank];
            }
        }
        (owners, slot_of_owner, starts, total)
    }

    /// For each entry of a history (sorted by date, then rank): the first day
    /// on or after it that the deal entered a later-ranked stage. With the
    /// entries in that order, it is the next entry of a higher rank (kept on
    /// a stack, so a long history costs its length, not its square).
    fn advanced_on(&self, history: &[(Day, Sym)], answer: &mut Vec<Day>, higher: &mut Vec<(i64, Day)>) {
        let rank_of = |stage: &Sym| match self.rank_by_name[stage.index()] {
            UNRANKED => -1,
            rank => i64::from(rank),
        };
        answer.clear();
        answer.resize(history.len(), NEVER);
        higher.clear();
        for (index, (day, stage)) in history.iter().enumerate().rev() {
            let rank = rank_of(stage);
            while higher.last().is_some_and(|(r, _)| *r <= rank) {
                higher.pop();
            }
            answer[index] = higher.last().map_or(NEVER, |(_, d)| *d);
            higher.push((rank, *day));
        }
    }
}

/// A history's entry: the day a stage was entered, and the stage.
type Entry = (Day, Sym);

/// Sorts a history by `key`, stably. Exports list a deal's entries in date
/// order: a sorted history is left as it is (as the sort would leave it).
/// One key type and a key behind a pointer: every caller shares one
/// compiled sort (each closure type would compile one of its own).
fn sort_unless_sorted(history: &mut [Entry], key: &dyn Fn(&Entry) -> (Day, u32)) {
    if !history.is_sorted_by_key(key) {
        history.sort_by_key(key);
    }
}

/// The kept deals with stage entries (data order, `positions`), where each
/// one's entries start in the one list of entries, the list, and per deal
/// of the data where its entries end ([`NO_HISTORY`]: it has none, or is
/// not kept; empty when no deal has a history). A counting pass sizes
/// every history, a second fills them: no map from deal to entries, no
/// list per deal.
#[derive(Default)]
struct KeptHistories {
    positions: Vec<u32>,
    starts: Vec<u32>,
    entries: Vec<(Day, Sym)>,
    ends: Vec<u32>,
    /// The histories with entries on the same day, by deal position, in
    /// date order (same-day entries in file order), once `entries` holds
    /// them ordered by rank within a day (see [`StageData::ordered`]).
    tied: Vec<(u32, Vec<(Day, Sym)>)>,
}

/// The stages met in histories read in date order (same-day entries in file
/// order), each in a slot, found by the stage's name index with no hashing,
/// with whether it is terminal; the positions of the open ones in the
/// histories are summed per slot into lists the caller holds.
struct StageSlots {
    slot_of: Vec<u32>,
    stages: Vec<(Sym, bool)>,
}

impl StageSlots {
    fn new(data: &Dataset) -> StageSlots {
        StageSlots { slot_of: vec![NO_SLOT; data.names.count()], stages: Vec::new() }
    }

    fn add(&mut self, history: &[(Day, Sym)], sums: &mut Vec<MeanSum>, data: &Dataset, config: &Config) {
        let mut position = 0;
        for (_, stage) in history {
            let slot = &mut self.slot_of[stage.index()];
            if *slot == NO_SLOT {
                *slot = self.stages.len() as u32;
                let terminal = data.closed_stages.contains(stage) || is_terminal(data.name(*stage), config);
                self.stages.push((*stage, terminal));
            }
            let slot = *slot as usize;
            if self.stages[slot].1 {
                continue;
            }
            while sums.len() <= slot {
                sums.push(MeanSum::default());
            }
            sums[slot].add(position);
            position += 1;
        }
    }

    /// The stage order of histories whose positions `sums` holds (see [`stage_order`]).
    fn order(&self, sums: &[MeanSum], data: &Dataset, config: &Config) -> Vec<Sym> {
        let open = self.stages.iter().zip(sums).filter(|((_, terminal), sum)| !terminal && sum.count > 0);
        let positions: IdMap<Sym, MeanSum> = open.map(|((stage, _), sum)| (*stage, *sum)).collect();
        stage_order(data, config, &positions)
    }
}

/// The stage positions of every history, summed per filter cell of the
/// deals ([`Dataset::filter_cells`]), and how many histories each cell has:
/// a filter set keeps or drops whole cells, so the stage order of the
/// histories it keeps is read off these, with no pass over them.
struct CellSums {
    slots: StageSlots,
    sums: Vec<Vec<MeanSum>>,
    histories: Vec<u32>,
}

/// Stage sums are kept for at most this many filter cells (fifty reps,
/// five regions and six products make 1,500).
const MAX_CELL_SUMS: usize = 1 << 15;

impl CellSums {
    /// The stage order of the histories of the cells kept (`cells_kept`
    /// per cell: 1 kept, 2 dropped), and whether there are any; `owners`
    /// marks each owner's deals with a history kept (1) or dropped (2).
    fn kept_order(&self, data: &Dataset, config: &Config, cells_kept: &[u8], owners: &mut [u8]) -> (Vec<Sym>, bool) {
        let keys = &data.filter_cells().keys;
        let (mut sums, mut has_history) = (Vec::new(), false);
        let with_history = (0..keys.len()).filter(|cell| self.histories[*cell] > 0);
        for cell in with_history {
            owners[RankedEntries::owner_key(keys[cell][0]) as usize] |= cells_kept[cell];
            if cells_kept[cell] != 1 {
                continue;
            }
            has_history = true;
            while sums.len() < self.sums[cell].len() {
                sums.push(MeanSum::default());
            }
            sums.iter_mut().zip(&self.sums[cell]).for_each(|(sum, cell)| {
                sum.count += cell.count;
                sum.total += cell.total;
            });
        }
        (self.slots.order(&sums, data, config), has_history)
    }
}

/// Per filter cell, whether `kept` keeps its deals (1) or drops them (2);
/// `None` when it keeps some deals of a cell and not others.
fn cells_kept(data: &Dataset, kept: &[bool]) -> Option<Vec<u8>> {
    let cells = data.filter_cells();
    let mut cells_kept = vec![0u8; cells.keys.len()];
    cells.cell_of_deal.iter().zip(kept).for_each(|(cell, keep)| cells_kept[*cell as usize] |= 2 - u8::from(*keep));
    (!cells_kept.contains(&3)).then_some(cells_kept)
}

/// Each deal's history, as a range of the entries.
fn spans(starts: &[u32]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    starts.windows(2).map(|span| span[0] as usize..span[1] as usize)
}

fn histories_of_kept_deals(data: &Dataset, kept: &[bool]) -> KeptHistories {
    let deal_of_entry = data.stage_entry_deals();
    let mut next = vec![0u32; data.deals.len()];
    for index in deal_of_entry.iter().filter_map(|index| index.get()).map(|index| index as usize) {
        if kept[index] {
            next[index] += 1;
        }
    }
    // `next` becomes where each deal's next entry goes (NO_HISTORY: none).
    let (mut positions, mut starts, mut total) = (Vec::new(), vec![0u32], 0u32);
    for (index, count) in next.iter_mut().enumerate() {
        if *count == 0 {
            *count = NO_HISTORY;
            continue;
        }
        positions.push(index as u32);
        let start = total;
        total += *count;
        starts.push(total);
        *count = start;
    }
    let mut entries = vec![(0, Sym::from_index(0)); total as usize];
    for (entry, deal) in data.stage_history.iter().zip(deal_of_entry) {
        if let Some(at) = deal.get().map(|index| &mut next[index as usize]).filter(|at| **at != NO_HISTORY) {
            entries[*at as usize] = (entry.entered, entry.stage);
            *at += 1;
        }
    }
    if total == 0 {
        next = Vec::new();
    }
    KeptHistories { positions, starts, entries, ends: next, tied: Vec::new() }
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
        .map(|(s, sum)| (sum.mean().unwrap_or(0.0), crate::lowercase::to_lower(data.name(*s)), *s))
        .collect();
    // Last by name index: the order is the same whatever order the map was filled in.
    sort_stable_by(&mut rest, |a, b| {
        a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)).then(a.2.index().cmp(&b.2.index()))
    });
    order.extend(rest.into_iter().map(|(_, _, s)| s));
    order
}
