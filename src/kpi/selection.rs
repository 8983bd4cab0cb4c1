//! What a set of filters keeps, whatever the dates: the rows of each table,
//! each rep's share of them, and the kept deals' facts in date order. It is
//! worked out once per filter set and kept by the session ([`Selections`]),
//! so that a change of period, as-of date or dashboard reads it again
//! instead of rescanning every row.

use super::activity::{ActivityDays, ActivityTally};
use super::deals::WonTally;
use super::derived::customers::{derive_customers, Customer};
use super::derived::stages::StageData;
use super::timeline::{DayStats, DayStatsBuilder};
use crate::config::{Config, Filters};
use crate::day::Day;
use crate::model::*;
use crate::sorting::sort_stable_by;
use std::sync::{Arc, Mutex};

/// The kept rows of one table: all of them, or the rows at these positions
/// (in data order).
pub struct Rows<'s, 'a, T> {
    table: &'a [T],
    kept: Option<&'s [u32]>,
}

impl<T> Clone for Rows<'_, '_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Rows<'_, '_, T> {}

impl<'s, 'a, T> Rows<'s, 'a, T> {
    pub fn all(table: &'a [T]) -> Self {
        Rows { table, kept: None }
    }

    pub fn at(table: &'a [T], kept: &'s [u32]) -> Self {
        Rows { table, kept: Some(kept) }
    }

    /// Each kept row with its position in the table.
    pub fn positions(&self) -> impl Iterator<Item = (u32, &'a T)> + 's
    where
        'a: 's,
    {
        let (table, kept) = (self.table, self.kept);
        let all = kept.is_none().then(|| table.iter().enumerate().map(|(at, row)| (at as u32, row)));
        let some = kept.map(|kept| kept.iter().map(move |at| (*at, &table[*at as usize])));
        all.into_iter().flatten().chain(some.into_iter().flatten())
    }

    pub fn iter(&self) -> RowsIter<'s, 'a, T> {
        match self.kept {
            None => RowsIter::All(self.table.iter()),
            Some(kept) => RowsIter::At(self.table, kept.iter()),
        }
    }
}

pub enum RowsIter<'s, 'a, T> {
    All(std::slice::Iter<'a, T>),
    At(&'a [T], std::slice::Iter<'s, u32>),
}

impl<'a, T> Iterator for RowsIter<'_, 'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        match self {
            RowsIter::All(rows) => rows.next(),
            RowsIter::At(table, kept) => kept.next().map(|at| &table[*at as usize]),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            RowsIter::All(rows) => rows.size_hint(),
            RowsIter::At(_, kept) => kept.size_hint(),
        }
    }
}

/// One rep's kept rows, by position in the dataset's tables.
#[derive(Default)]
struct RepRows {
    rep: Option<Sym>,
    deals: Vec<u32>,
    reps: Vec<u32>,
    leads: Vec<u32>,
    /// The rep's kept deals' facts; none: the dataset's own facts of the rep.
    facts: Option<OwnerFacts>,
    /// Shared with the unfiltered selection when the filters keep every deal of the rep.
    days: Arc<DayStats>,
}

/// The rows a set of filters keeps; `None` lists keep every row.
pub struct Selection {
    filters: Filters,
    deals: Option<Vec<u32>>,
    /// Per owner of activities (by name index), whether the filters keep
    /// what it owns; the last entry is for no owner. None: no rep filter.
    owners_kept: Option<Vec<bool>>,
    /// The kept activities, all and by slot: read by few dashboards, so
    /// worked out on first use.
    activities: std::sync::OnceLock<ActivityRows>,
    reps: Option<Vec<u32>>,
    leads: Option<Vec<u32>>,
    /// Per deal of the data, whether the filters keep it.
    pub kept: Vec<bool>,
    /// The won deals tallied per window (see [`Selection::won_tally`]), by
    /// slot (0: all kept deals).
    won_tallies: Mutex<Vec<Vec<WindowWon>>>,
    /// The kept deals' facts; none: the dataset's own (or `all_owner`'s).
    facts: Option<OwnerFacts>,
    /// The one rep all kept deals belong to, every one of them kept: all
    /// deals' facts are the dataset's own facts of the rep.
    all_owner: Option<Sym>,
    /// The kept deals' lives by day.
    days: DayStats,
    by_rep: Vec<RepRows>,
    /// Per name (by its index): where its rows are in `by_rep` (`NO_SLOT`: none).
    slot: Vec<u32>,
    /// Reps shown in by_rep breakdowns, sorted by name.
    pub rep_names: Vec<Sym>,
    /// The customers last worked out, and the as-of day and churn rule they are for.
    customers: Memo<CustomersKey, Customers>,
    /// The kept deals open on the last as-of day asked for.
    open: Memo<Day, Vec<OpenDeal>>,
    /// The kept activities counted by kind per day, on first use.
    activity_days: std::sync::OnceLock<ActivityDays>,
    /// The kept activities counted, all and by slot, as of the last as-of day asked for.
    activity_tallies: Memo<Day, ActivityTallies>,
    /// Every owner's activities (kept or not) counted as of the last as-of
    /// day asked for, by owner (see [`owner_place`]): read from the
    /// unfiltered selection by every filter set.
    owner_tallies: Memo<Day, Vec<ActivityTally>>,
    /// Every owner's activities counted by day, likewise (none: too many
    /// days to hold), on first use.
    owner_days: std::sync::OnceLock<Option<Vec<ActivityDays>>>,
    /// The kept deals' stage histories and the stage order, for the last
    /// stage settings asked for.
    stage_data: Memo<StageSettings, StageData>,
    /// The positions of the kept won deals, in the order of their facts
    /// (none: the dataset's own order).
    won: Option<Vec<u32>>,
    /// The selection with no filter, when this one has filters and it was
    /// known: its open deals, narrowed, are this one's.
    unfiltered: Option<Arc<Selection>>,
}

/// What the stage data depends on besides the filters: the configured
/// stage order and stage outcomes (as JSON text: compared, never read).
type StageSettings = String;

/// What customers depend on besides the filters: the as-of day and the churn rule.
type CustomersKey = (Day, u32);

/// The last value worked out, and the key it is for.
struct Memo<K, V>(Mutex<Option<(K, Arc<V>)>>);

impl<K: PartialEq, V> Memo<K, V> {
    fn new() -> Self {
        Memo(Mutex::new(None))
    }

    fn get_or(&self, key: K, make: impl FnOnce() -> V) -> Arc<V> {
        let mut last = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, value)) = last.as_ref().filter(|(k, _)| *k == key) {
            return Arc::clone(value);
        }
        let value = Arc::new(make());
        *last = Some((key, Arc::clone(&value)));
        value
    }

    /// The value for `key`, if it is the one remembered.
    fn peek(&self, key: &K) -> Option<Arc<V>> {
        let last = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        last.as_ref().filter(|(k, _)| k == key).map(|(_, value)| Arc::clone(value))
    }
}

/// The customers of a selection as of a day: all, and each rep's.
pub struct Customers {
    pub all: Vec<Customer>,
    /// By the rep's slot (see [`Selection::slots`]).
    by_slot: Vec<Vec<Customer>>,
}

impl Customers {
    /// All customers (`slot` none), or those of the rep in `slot`.
    pub fn of(&self, slot: Option<usize>) -> &[Customer] {
        match slot {
            None => &self.all,
            Some(slot) => self.by_slot.get(slot).map_or(&[], |customers| &customers[..]),
        }
    }
}

/// The kept activities: all (none: every one), and each rep's by slot.
struct ActivityRows {
    all: Option<Vec<u32>>,
    by_slot: Vec<Vec<u32>>,
}

/// The kept activities counted as of a day: all, and each rep's by slot.
pub struct ActivityTallies {
    all: ActivityTally,
    by_slot: Vec<ActivityTally>,
}

/// The facts of one scope, by date.
pub type FactSlices<'s> = (&'s [WonFact], &'s [ClosedFact], &'s [CreatedFact]);

/// The rows of a rep the filters keep nothing of.
static NO_ROWS: std::sync::LazyLock<RepRows> =
    std::sync::LazyLock::new(|| RepRows { facts: Some(OwnerFacts::default()), ..RepRows::default() });

impl Selection {
    /// `unfiltered`: the selection with no filter, when known: the reps
    /// whose every deal the filters keep share its lives by day.
    pub fn new(data: &Dataset, filters: &Filters, unfiltered: Option<&Selection>) -> Selection {
        let filter = DealFilter::new(data, filters);
        let filtered = !filters.is_empty();
        // Per filter cell, whether the filters keep it; per deal, likewise.
        let cell_keeps: Vec<bool> = match filtered {
            true => data.filter_cells().keys.iter().map(|key| filter.keeps(key)).collect(),
            false => Vec::new(),
        };
        let positions = |keep: &mut dyn FnMut(usize) -> bool, len: usize| -> Option<Vec<u32>> {
            filtered.then(|| (0..len).filter(|at| keep(*at)).map(|at| at as u32).collect())
        };
        let mut selection = Selection {
            filters: filters.clone(),
            deals: None,
            owners_kept: filter.owners_kept(data),
            activities: std::sync::OnceLock::new(),
            reps: positions(&mut |at| filter.keeps_rep(&data.reps[at]), data.reps.len()),
            leads: positions(&mut |at| filter.keeps_owner(data.leads[at].owner), data.leads.len()),
            kept: if filtered { Vec::new() } else { vec![true; data.deals.len()] },
            won_tallies: Mutex::new(Vec::new()),
            facts: None,
            all_owner: None,
            days: DayStats::default(),
            by_rep: Vec::new(),
            slot: Vec::new(),
            rep_names: Vec::new(),
            customers: Memo::new(),
            open: Memo::new(),
            activity_tallies: Memo::new(),
            activity_days: std::sync::OnceLock::new(),
            owner_tallies: Memo::new(),
            owner_days: std::sync::OnceLock::new(),
            stage_data: Memo::new(),
            won: None,
            unfiltered: None,
        };
        let orphans = match filtered {
            true => selection.keep_deals(data, &cell_keeps),
            false => selection.group_deals(data),
        };
        selection.group_by_rep(data);
        if filtered {
            selection.keep_facts(data, unfiltered, &orphans, &cell_keeps);
        }
        selection.count_lives(data, &orphans, unfiltered);
        selection
    }

    /// Each rep's deal lives by day (shared with `unfiltered` when every
    /// deal of the rep is kept), then all kept deals': the reps' totals
    /// summed, and `orphans`, the kept deals with no owner.
    fn count_lives(&mut self, data: &Dataset, orphans: &[u32], unfiltered: Option<&Selection>) {
        let span = data.sales_event_range();
        let shared: Vec<Option<Arc<DayStats>>> =
            self.by_rep.iter().map(|rows| whole_rep(rows, unfiltered).map(|whole| Arc::clone(&whole.days))).collect();
        let own = self.own_lives(data, span, &shared, self.lives_in_one_pass(data, span, &shared));
        let mut all = DayStatsBuilder::new(span);
        for ((rows, shared), own) in self.by_rep.iter_mut().zip(shared).zip(own) {
            rows.days = shared.unwrap_or_else(|| Arc::new(own.unwrap_or_default()));
            all.add_totals(&rows.days);
        }
        for deal in orphans.iter().map(|at| &data.deals[*at as usize]) {
            DayStatsBuilder::life(deal, &data.deal_terms).into_iter().for_each(|life| all.add(life));
        }
        self.days = all.finish();
    }

    /// Whether to count the reps' lives in one pass over the deals: when
    /// the builders of the reps not `shared` fit in `LIVES_BUDGET`, and
    /// their deals are at least half the table. A rep's deals lie all over
    /// the table: read rep by rep, each is a cache miss, while a pass over
    /// most of the table streams; but over a few kept deals a pass jumps
    /// too, and the builders held at once cost more than it saves
    /// (measured: a region filter's view, 1M deals, 38 -> 60 ms).
    fn lives_in_one_pass(&self, data: &Dataset, span: Option<(Day, Day)>, shared: &[Option<Arc<DayStats>>]) -> bool {
        let own = || self.by_rep.iter().zip(shared).filter(|(_, shared)| shared.is_none());
        let deals: usize = own().map(|(rows, _)| rows.deals.len()).sum();
        own().count() * DayStatsBuilder::bytes(span) <= LIVES_BUDGET && 2 * deals >= data.deals.len()
    }

    /// The lives of the kept deals of each rep not `shared`, by slot: in
    /// one pass over the deals with a builder per rep, or rep by rep with
    /// one builder reused.
    fn own_lives(
        &self,
        data: &Dataset,
        span: Option<(Day, Day)>,
        shared: &[Option<Arc<DayStats>>],
        one_pass: bool,
    ) -> Vec<Option<DayStats>> {
        if !one_pass {
            let mut builder = DayStatsBuilder::new(span);
            let finished = self.by_rep.iter().zip(shared).map(|(rows, shared)| {
                shared.is_none().then(|| {
                    let lives = rows
                        .deals
                        .iter()
                        .filter_map(|at| DayStatsBuilder::life(&data.deals[*at as usize], &data.deal_terms));
                    lives.for_each(|life| builder.add(life));
                    builder.finish()
                })
            });
            return finished.collect();
        }
        let mut builders: Vec<Option<DayStatsBuilder>> =
            shared.iter().map(|s| s.is_none().then(|| DayStatsBuilder::new(span))).collect();
        let slots = Slots(&self.slot);
        each_position(self.deals.as_deref(), data.deals.len(), |at| {
            let deal = &data.deals[at as usize];
            let builder = slots.of(deal.owner).and_then(|slot| builders[slot].as_mut());
            if let (Some(builder), Some(life)) = (builder, DayStatsBuilder::life(deal, &data.deal_terms)) {
                builder.add(life);
            }
        });
        builders.into_iter().map(|builder| builder.map(|mut builder| builder.finish())).collect()
    }

    pub fn is_filtered(&self) -> bool {
        !self.filters.is_empty()
    }

    /// Every deal kept: groups them by owner; returns those with no owner.
    fn group_deals(&mut self, data: &Dataset) -> Vec<u32> {
        self.slot = vec![NO_SLOT; data.names.count()];
        let mut orphans = Vec::new();
        for (at, deal) in data.deals.iter().enumerate() {
            match deal.owner {
                Some(owner) => self.rows_of(owner).deals.push(at as u32),
                None => orphans.push(at as u32),
            }
        }
        orphans
    }

    /// Which deals the filters keep (`kept`, `deals`), read from their
    /// filter cells, and each owner's; returns the kept deals with no owner.
    /// A cell's owner is looked up once, on its first kept deal.
    fn keep_deals(&mut self, data: &Dataset, cell_keeps: &[bool]) -> Vec<u32> {
        let cells = data.filter_cells();
        let deals = kept_positions(&cells.cell_of_deal, cell_keeps);
        self.kept = vec![false; cells.cell_of_deal.len()];
        deals.iter().for_each(|at| self.kept[*at as usize] = true);
        self.slot = vec![NO_SLOT; data.names.count()];
        const UNSEEN: u32 = u32::MAX;
        const ORPHAN: u32 = u32::MAX - 1;
        let mut cell_slot = vec![UNSEEN; cells.keys.len()];
        let mut orphans = Vec::new();
        for at in &deals {
            let cell = cells.cell_of_deal[*at as usize] as usize;
            if cell_slot[cell] == UNSEEN {
                cell_slot[cell] = cells.keys[cell][0].map_or(ORPHAN, |owner| self.slot_for(owner));
            }
            match cell_slot[cell] {
                ORPHAN => orphans.push(*at),
                slot => self.by_rep[slot as usize].deals.push(*at),
            }
        }
        self.deals = Some(deals);
        orphans
    }

    /// Groups the kept reps, leads and owners of activities by rep (after
    /// the deals), and sorts the reps by name.
    fn group_by_rep(&mut self, data: &Dataset) {
        for owner in data.activity_owners() {
            if self.owner_kept(Some(owner)) {
                self.rows_of(owner);
            }
        }
        let reps = self.reps.take();
        each_position(reps.as_deref(), data.reps.len(), |at| self.rows_of(data.reps[at as usize].name).reps.push(at));
        self.reps = reps;
        let leads = self.leads.take();
        each_position(leads.as_deref(), data.leads.len(), |at| {
            if let Some(owner) = data.leads[at as usize].owner {
                self.rows_of(owner).leads.push(at);
            }
        });
        self.leads = leads;
        let order = data.name_order();
        self.rep_names = self.by_rep.iter().filter_map(|rows| rows.rep).collect();
        sort_stable_by(&mut self.rep_names, |a, b| order[a.index()].cmp(&order[b.index()]));
    }

    /// The slot of `rep`'s rows, made on first need.
    fn slot_for(&mut self, rep: Sym) -> u32 {
        let slot = &mut self.slot[rep.index()];
        if *slot == NO_SLOT {
            *slot = self.by_rep.len() as u32;
            self.by_rep.push(RepRows { rep: Some(rep), ..RepRows::default() });
        }
        *slot
    }

    /// The rows of `rep`, made on first need.
    fn rows_of(&mut self, rep: Sym) -> &mut RepRows {
        let slot = self.slot_for(rep);
        &mut self.by_rep[slot as usize]
    }

    /// The kept deals' facts, for all and per owner, in date order. A rep
    /// whose every deal is kept reads the dataset's own facts of the rep,
    /// and so do all deals when they are that one rep's.
    fn keep_facts(&mut self, data: &Dataset, unfiltered: Option<&Selection>, orphans: &[u32], cell_keeps: &[bool]) {
        let facts = data.deal_facts();
        let cells = data.filter_cells();
        let whole: Vec<bool> = self.by_rep.iter().map(|rows| whole_rep(rows, unfiltered).is_some()).collect();
        let mut with_deals = (0..self.by_rep.len()).filter(|slot| !self.by_rep[*slot].deals.is_empty());
        let only = with_deals.next().filter(|slot| with_deals.next().is_none() && orphans.is_empty() && whole[*slot]);
        self.all_owner = only.and_then(|slot| self.by_rep[slot].rep);
        let won = kept_positions(facts.won.cells(cells), cell_keeps);
        self.won = Some(won.iter().map(|at| facts.won.deals[*at as usize]).collect());
        if self.all_owner.is_some() && whole.iter().all(|w| *w) {
            return;
        }
        let mut all = OwnerFacts::default();
        let mut own: Vec<OwnerFacts> = (0..self.by_rep.len()).map(|_| OwnerFacts::default()).collect();
        let slots = Slots(&self.slot);
        let to_own = |owner| slots.of(owner).filter(|slot| !whole[*slot]).map_or(ALL_ONLY, |slot| slot as u32);
        let targets: Vec<u32> = (cells.keys.iter().zip(cell_keeps))
            .map(|([owner, ..], keep)| if *keep { to_own(*owner) } else { DROP })
            .collect();
        let any_own = targets.iter().any(|target| *target < ALL_ONLY);
        let keep = Keep { cells, targets: &targets, all: self.all_owner.is_none(), any_own };
        keep.facts(&facts.won, &won, &mut all.won, &mut own, |o| &mut o.won);
        // Positions only where all kept deals' facts are copied (one rep's are read from its own).
        let kept = |fact_cells: &[u32]| if keep.all { kept_positions(fact_cells, cell_keeps) } else { Vec::new() };
        let closed = kept(facts.closed.cells(cells));
        keep.facts(&facts.closed, &closed, &mut all.closed, &mut own, |o| &mut o.closed);
        let created = kept(facts.created.cells(cells));
        keep.facts(&facts.created, &created, &mut all.created, &mut own, |o| &mut o.created);
        if self.all_owner.is_none() {
            self.facts = Some(all);
        }
        for ((rows, facts), whole) in self.by_rep.iter_mut().zip(own).zip(whole) {
            rows.facts = (!whole).then_some(facts);
        }
    }

    /// The slot of a rep: 1, 2, … (0 is all); none: the rep owns no kept row.
    pub fn slot_of(&self, rep: Sym) -> Option<usize> {
        Slots(&self.slot).of(Some(rep)).map(|slot| slot + 1)
    }

    fn rep_rows(&self, rep: Option<Sym>) -> Option<&RepRows> {
        rep.map(|rep| Slots(&self.slot).of(Some(rep)).map_or(&*NO_ROWS, |slot| &self.by_rep[slot]))
    }

    pub fn deals<'s, 'a>(&'s self, data: &'a Dataset, rep: Option<Sym>) -> Rows<'s, 'a, Deal> {
        rows(&data.deals, self.rep_rows(rep).map_or(self.deals.as_deref(), |r| Some(&r.deals)))
    }

    pub fn activities<'s, 'a>(&'s self, data: &'a Dataset, rep: Option<Sym>) -> Rows<'s, 'a, Activity> {
        let kept = self.activities.get_or_init(|| self.group_activities(data));
        let slot = rep.map(|rep| Slots(&self.slot).of(Some(rep)));
        match slot {
            None => rows(&data.activities, kept.all.as_deref()),
            Some(slot) => Rows::at(&data.activities, slot.and_then(|s| kept.by_slot.get(s)).map_or(&[], |a| &a[..])),
        }
    }

    /// How many activities the filters keep: all (`rep` none) or one rep's.
    pub fn activity_count(&self, data: &Dataset, rep: Option<Sym>) -> u64 {
        let counts = data.activity_counts();
        let owned = |owner: Option<Sym>| counts[owner.map_or(counts.len() - 1, Sym::index)];
        match rep {
            Some(rep) => u64::from(if self.owner_kept(Some(rep)) { owned(Some(rep)) } else { 0 }),
            None => match &self.owners_kept {
                None => data.activities.len() as u64,
                Some(kept) => kept.iter().zip(counts).filter(|(k, _)| **k).map(|(_, c)| u64::from(*c)).sum(),
            },
        }
    }

    /// Whether the filters keep what `owner` owns.
    fn owner_kept(&self, owner: Option<Sym>) -> bool {
        self.owners_kept.as_ref().is_none_or(|kept| match owner {
            Some(owner) => kept.get(owner.index()).copied().unwrap_or(false),
            None => kept.last().copied().unwrap_or(false),
        })
    }

    /// The kept activities, all and by the slot of their owner.
    fn group_activities(&self, data: &Dataset) -> ActivityRows {
        let mut by_slot: Vec<Vec<u32>> = vec![Vec::new(); self.by_rep.len()];
        let mut all = self.owners_kept.is_some().then(Vec::new);
        self.each_kept_activity(data, |at, _, slot| {
            all.iter_mut().for_each(|all| all.push(at));
            if let Some(slot) = slot {
                by_slot[slot].push(at);
            }
        });
        ActivityRows { all, by_slot }
    }

    /// Calls `visit` with each kept activity, its position and its owner's slot.
    fn each_kept_activity(&self, data: &Dataset, mut visit: impl FnMut(u32, &Activity, Option<usize>)) {
        let slots = Slots(&self.slot);
        for (at, activity) in data.activities.iter().enumerate() {
            if self.owner_kept(activity.owner) {
                visit(at as u32, activity, slots.of(activity.owner));
            }
        }
    }

    /// The kept deals' stage histories and the stage order (see
    /// [`StageData`]), remembered for the last stage settings: a change of
    /// period or as-of date reads them again (3 million stage entries take
    /// a quarter of a second to order). A filtered selection narrows the
    /// unfiltered one's, when that is known for the same settings.
    pub fn stage_data(&self, data: &Dataset, config: &Config) -> Arc<StageData> {
        let settings = crate::json::to_string(&(&config.stage_order, &config.stage_outcomes)).unwrap_or_default();
        let whole = self.unfiltered.as_ref().and_then(|unfiltered| unfiltered.stage_data.peek(&settings));
        self.stage_data.get_or(settings, || match whole {
            Some(whole) => StageData::narrowed_from(&whole, data, &self.kept, config),
            None => StageData::new(data, &self.kept, config),
        })
    }

    /// The kept activities counted by kind on each day (see [`ActivityDays`]),
    /// on first use: a change of period counts none. A rep, team or region
    /// filter adds up its owners' counts from the unfiltered selection's,
    /// with no pass over the activities.
    pub fn activity_days(&self, data: &Dataset) -> &ActivityDays {
        self.activity_days.get_or_init(|| {
            let kept = self.owners_kept.as_ref();
            let by_owner = kept.zip(self.unfiltered.as_deref().and_then(|whole| whole.owner_days(data)));
            match by_owner {
                Some((kept, days)) => {
                    ActivityDays::summed(days.iter().zip(kept).filter(|(_, keep)| **keep).map(|(days, _)| days))
                }
                None => ActivityDays::of(|count| self.each_kept_activity(data, |_, activity, _| count(activity))),
            }
        })
    }

    /// The activities of all kept reps (`rep` none) or of one, counted as
    /// of `as_of`, remembered for the last as-of day (a change of period
    /// counts none): each owner's counts, from the unfiltered selection
    /// when known (see [`Selection::owner_tallies`]), added up over the
    /// owners the filters keep.
    pub fn activity_tally(&self, data: &Dataset, rep: Option<Sym>, as_of: Day) -> ActivityTally {
        let tallies = self.activity_tallies.get_or(as_of, || {
            let owners = self.unfiltered.as_deref().unwrap_or(self).owner_tallies(data, as_of);
            let of = |owner: Option<Sym>| match self.owner_kept(owner) {
                true => owners[owner_place(owner, data)],
                false => ActivityTally::default(),
            };
            let mut all = ActivityTally::default();
            let names = data.names.count();
            let each_owner = (0..names).map(|at| Some(Sym::from_index(at))).chain([None]);
            each_owner.for_each(|owner| all.add_tally(&of(owner)));
            let by_slot =
                self.by_rep.iter().map(|rows| rows.rep.map_or_else(ActivityTally::default, |rep| of(Some(rep))));
            ActivityTallies { all, by_slot: by_slot.collect() }
        });
        match rep {
            None => tallies.all,
            Some(rep) => {
                Slots(&self.slot).of(Some(rep)).map_or_else(ActivityTally::default, |slot| tallies.by_slot[slot])
            }
        }
    }

    /// Every owner's activities, kept or not, counted as of `as_of` (by
    /// [`owner_place`]), remembered for the last as-of day: one pass over
    /// the activities serves every filter set. The first pass of an
    /// unfiltered selection also counts its activities by day.
    fn owner_tallies(&self, data: &Dataset, as_of: Day) -> Arc<Vec<ActivityTally>> {
        self.owner_tallies.get_or(as_of, || {
            let mut tallies = vec![ActivityTally::default(); data.names.count() + 1];
            let mut tally = |activity: &Activity| tallies[owner_place(activity.owner, data)].add(activity, as_of);
            match self.is_filtered() || self.activity_days.get().is_some() {
                true => data.activities.iter().for_each(&mut tally),
                false => {
                    let days = ActivityDays::of(|count| {
                        data.activities.iter().for_each(|activity| {
                            count(activity);
                            tally(activity);
                        })
                    });
                    let _ = self.activity_days.set(days);
                }
            }
            tallies
        })
    }

    /// Every owner's activities, kept or not, counted by day (by
    /// [`owner_place`]), on first use; none when they would take more than
    /// [`OWNER_DAYS_BUDGET`] days.
    fn owner_days(&self, data: &Dataset) -> Option<&[ActivityDays]> {
        let days = self.owner_days.get_or_init(|| {
            ActivityDays::of_groups(data.names.count() + 1, OWNER_DAYS_BUDGET, |visit| {
                data.activities.iter().for_each(|activity| visit(owner_place(activity.owner, data), activity))
            })
        });
        days.as_deref()
    }

    pub fn reps<'s, 'a>(&'s self, data: &'a Dataset, rep: Option<Sym>) -> Rows<'s, 'a, Rep> {
        rows(&data.reps, self.rep_rows(rep).map_or(self.reps.as_deref(), |r| Some(&r.reps)))
    }

    pub fn leads<'s, 'a>(&'s self, data: &'a Dataset, rep: Option<Sym>) -> Rows<'s, 'a, Lead> {
        rows(&data.leads, self.rep_rows(rep).map_or(self.leads.as_deref(), |r| Some(&r.leads)))
    }

    /// The customers as of `as_of` (see [`derive_customers`]), remembered
    /// for the last as-of day asked for.
    pub fn customers(&self, data: &Dataset, as_of: Day, churn_after_days: u32) -> Arc<Customers> {
        self.customers.get_or((as_of, churn_after_days), || {
            // Only won deals closed by the as-of date make customers: read
            // from the won facts, which are in close-date order.
            let facts = self.facts(data, None).0;
            let until = facts.partition_point(|fact| fact.closed <= as_of);
            let won = self.won_positions(data)[..until].iter().copied().zip(&facts[..until]);
            let all = derive_customers(data, won, churn_after_days, as_of, self.is_filtered());
            let mut by_slot: Vec<Vec<Customer>> = Vec::new();
            for customer in &all {
                if let Some(slot) = customer.owner.and_then(|owner| self.slot_of(owner)) {
                    by_slot.resize_with(by_slot.len().max(slot + 1), Vec::new);
                    by_slot[slot].push(customer.clone());
                }
            }
            Customers { all, by_slot }
        })
    }

    /// The positions of the kept deals open on `day`, remembered for the
    /// last day asked for (the as-of date, which seldom changes).
    pub fn open_on(&self, data: &Dataset, day: Day) -> Arc<Vec<OpenDeal>> {
        self.open.get_or(day, || {
            // Sized once from the lives' count of open deals (a list grown
            // by doubling holds its old and new room at once: at a million
            // deals, 24 MB for 10).
            let mut list = Vec::with_capacity(usize::try_from(self.days.open_at(day).open).unwrap_or(0));
            match &self.unfiltered {
                // Read in order from the compact list, not from the deals.
                Some(all) => list.extend(all.open_on(data, day).iter().filter(|open| self.kept[open.at as usize])),
                None => {
                    let open = self.deals(data, None).positions().filter(|(_, deal)| deal.open_at(day));
                    list.extend(open.map(|(at, deal)| OpenDeal::new(at, deal, &data.deal_terms)));
                }
            }
            list
        })
    }

    /// The won deals of the scope at `slot` (see [`Selection::slot_of`]; 0:
    /// all kept deals) in the window `from..=to`, tallied by `tally` the
    /// first time; up to `WON_TALLY_WINDOWS` windows per scope are remembered.
    pub fn won_tally(&self, slot: usize, window: (Day, Day), tally: impl FnOnce() -> WonTally) -> WonTally {
        let mut known = self.won_tallies.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if known.len() <= slot {
            known.resize_with(slot + 1, Vec::new);
        }
        let windows = &mut known[slot];
        if let Some((_, found)) = windows.iter().find(|(w, _)| *w == window) {
            return *found;
        }
        if windows.len() == WON_TALLY_WINDOWS {
            windows.clear();
        }
        let tally = tally();
        windows.push((window, tally));
        tally
    }

    /// The positions of the kept won deals, in the order of [`Selection::facts`]' won facts.
    pub fn won_positions<'s>(&'s self, data: &'s Dataset) -> &'s [u32] {
        self.won.as_deref().unwrap_or(&data.deal_facts().won.deals)
    }

    /// The lives of all kept deals (`rep` none) or of one rep's, by day.
    pub fn days(&self, rep: Option<Sym>) -> &DayStats {
        self.rep_rows(rep).map_or(&self.days, |rows| &rows.days)
    }

    /// The facts of all kept deals (`rep` none) or of one rep's, by date.
    pub fn facts<'s>(&'s self, data: &'s Dataset, rep: Option<Sym>) -> FactSlices<'s> {
        let facts = data.deal_facts();
        let own = match rep {
            None => match (&self.facts, self.all_owner) {
                (Some(own), _) => own,
                (None, Some(rep)) => facts.by_owner.get(&rep).unwrap_or(&NO_FACTS),
                (None, None) => return (&facts.won.facts, &facts.closed.facts, &facts.created.facts),
            },
            Some(rep) => match self.rep_rows(Some(rep)).and_then(|r| r.facts.as_ref()) {
                Some(own) => own,
                None => facts.by_owner.get(&rep).unwrap_or(&NO_FACTS),
            },
        };
        (&own.won, &own.closed, &own.created)
    }
}

static NO_FACTS: OwnerFacts = OwnerFacts { won: Vec::new(), closed: Vec::new(), created: Vec::new() };

/// Calls `visit` with each kept position (`None`: every one of `len`).
fn each_position(kept: Option<&[u32]>, len: usize, mut visit: impl FnMut(u32)) {
    match kept {
        Some(kept) => kept.iter().for_each(|at| visit(*at)),
        None => (0..len as u32).for_each(visit),
    }
}

fn rows<'s, 'a, T>(table: &'a [T], kept: Option<&'s [u32]>) -> Rows<'s, 'a, T> {
    kept.map_or(Rows::all(table), |kept| Rows::at(table, kept))
}

/// Where an owner's counts sit in a list of every owner's: its name's
/// index; no owner: last.
fn owner_place(owner: Option<Sym>, data: &Dataset) -> usize {
    owner.map_or(data.names.count(), Sym::index)
}

/// How many owner-days of activity counts the unfiltered selection holds at
/// most (56 bytes each: 16 MB): fifty reps over three years take 55,000.
const OWNER_DAYS_BUDGET: usize = 300_000;

/// The rep's rows in `unfiltered` when the filters keep every deal of the rep.
fn whole_rep<'u>(rows: &RepRows, unfiltered: Option<&'u Selection>) -> Option<&'u RepRows> {
    unfiltered.and_then(|u| u.rep_rows(rows.rep)).filter(|u| u.deals.len() == rows.deals.len())
}

/// Where each name's rows are (see [`Selection::slot`]).
#[derive(Clone, Copy)]
struct Slots<'s>(&'s [u32]);

const NO_SLOT: u32 = u32::MAX;

/// At most this many bytes of per-rep builders are held at once to count
/// the reps' deal lives in one pass (50 reps over five years take 7 MB).
const LIVES_BUDGET: usize = 32 << 20;

impl Slots<'_> {
    fn of(self, rep: Option<Sym>) -> Option<usize> {
        let slot = *self.0.get(rep?.index())?;
        (slot != NO_SLOT).then_some(slot as usize)
    }
}

/// Which facts a filter set keeps, and for whom they are copied: decided
/// per filter cell, read per fact from the fact's cell.
struct Keep<'k> {
    cells: &'k FilterCells,
    /// Per cell: `DROP`, `ALL_ONLY`, or the slot of the rep whose own list
    /// takes the fact (a rep that keeps all its deals reads the dataset's).
    targets: &'k [u32],
    /// Whether all deals' facts are copied.
    all: bool,
    /// Whether some cell's facts go to a rep's own list.
    any_own: bool,
}

/// Below one in this many kept, or above all but one in this many, a
/// branch per item is guessed right often enough (see [`kept_positions`]).
const FEW_KEPT: usize = 16;

/// A cell the filters do not keep.
const DROP: u32 = u32::MAX;
/// A kept cell whose facts go to the list of all kept deals only.
const ALL_ONLY: u32 = u32::MAX - 1;

impl Keep<'_> {
    /// The facts of the kept deals (`kept`: their places in `list`, see
    /// [`kept_positions`]), for all and per owner, in date order.
    fn facts<F: Copy>(
        &self,
        list: &FactList<F>,
        kept: &[u32],
        all: &mut Vec<F>,
        own: &mut [OwnerFacts],
        pick: fn(&mut OwnerFacts) -> &mut Vec<F>,
    ) {
        let cells = list.cells(self.cells);
        if self.all {
            all.extend(kept.iter().map(|at| list.facts[*at as usize]));
        }
        if self.any_own {
            for (fact, cell) in list.facts.iter().zip(cells) {
                let target = self.targets[*cell as usize];
                if target < ALL_ONLY {
                    pick(&mut own[target as usize]).push(*fact);
                }
            }
        }
    }
}

/// The positions, in order, of the items whose cell `keeps` (`cells`: each
/// item's): counted first, so that the list grows once. When many are kept
/// but not nearly all (a region keeps a few cells of many), each position
/// is written where the next kept one goes, with no branch per item: a
/// branch per item guessed wrong often (a region's facts of a million deals
/// kept in 26 ms). When few are kept (a rep), the branch is guessed right
/// and the kept ones alone are written.
fn kept_positions(cells: &[u32], keeps: &[bool]) -> Vec<u32> {
    let kept_at = |at: usize| keeps[cells[at] as usize];
    let kept = (0..cells.len()).filter(|at| kept_at(*at)).count();
    if kept < cells.len() / FEW_KEPT || kept > cells.len() - cells.len() / FEW_KEPT {
        let mut positions = Vec::with_capacity(kept);
        positions.extend((0..cells.len() as u32).filter(|at| kept_at(*at as usize)));
        return positions;
    }
    // One slot more, written by the items after the last kept one.
    let (mut positions, mut next) = (vec![0; kept + 1], 0);
    for (at, cell) in cells.iter().enumerate() {
        positions[next] = at as u32;
        next += usize::from(keeps[*cell as usize]);
    }
    positions.truncate(kept);
    positions
}

/// The selections worked out so far for one dataset: the unfiltered one and
/// the few filter sets used last.
#[derive(Default)]
pub struct Selections(Mutex<Vec<Arc<Selection>>>);

/// A window (first and last day) and its won deals tallied.
type WindowWon = ((Day, Day), WonTally);

/// At most this many windows' won tallies are remembered per scope (a
/// report reads about twenty: its periods, the selection and comparisons).
const WON_TALLY_WINDOWS: usize = 64;

/// Filter sets remembered besides the unfiltered one. A filtered selection
/// may copy the facts of most deals (tens of MB at a million deals), so
/// only the last one is kept: a view and its full report, or a drill-down,
/// share it; going back to an earlier filter works it out again.
const RECENT: usize = 1;

impl Selections {
    /// The selection of the configuration's filters, remembered or worked out now.
    pub fn get(&self, data: &Dataset, config: &Config) -> Arc<Selection> {
        let filters = &config.filters;
        let mut known = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(at) = known.iter().position(|s| same_filters(&s.filters, filters)) {
            let found = known.remove(at);
            known.push(Arc::clone(&found));
            return found;
        }
        let unfiltered = known.iter().find(|s| !s.is_filtered()).cloned();
        let mut made = Selection::new(data, filters, unfiltered.as_deref());
        made.unfiltered = unfiltered.filter(|_| made.is_filtered());
        let made = Arc::new(made);
        known.push(Arc::clone(&made));
        let filtered = known.iter().filter(|s| s.is_filtered()).count();
        if filtered > RECENT {
            let oldest = known.iter().position(|s| s.is_filtered()).unwrap_or(0);
            known.remove(oldest);
        }
        made
    }
}

fn same_filters(a: &Filters, b: &Filters) -> bool {
    a.reps == b.reps && a.teams == b.teams && a.regions == b.regions && a.products == b.products
}

/// The shared filters: rep, team, region, product. `None` keeps all; a name
/// that is not in the data matches nothing.
struct DealFilter {
    reps: Option<NameSet>,
    teams: Option<NameSet>,
    regions: Option<NameSet>,
    products: Option<NameSet>,
    rep_rows: IdMap<Sym, (Option<Sym>, Option<Sym>)>,
    /// What [`DealFilter::keeps_owner`] said of each name (by its index),
    /// worked out on first need: 0 not yet, 1 kept, 2 not.
    owner_memo: Vec<std::cell::Cell<u8>>,
}

/// Names chosen in a filter, as one flag per name of the data (by index).
struct NameSet(Vec<bool>);

fn passes(set: &Option<NameSet>, value: Option<Sym>) -> bool {
    set.as_ref().is_none_or(|set| value.is_some_and(|v| set.0.get(v.index()).copied().unwrap_or(false)))
}

impl DealFilter {
    fn new(data: &Dataset, filters: &Filters) -> DealFilter {
        let resolve = |list: &[String]| -> Option<NameSet> {
            (!list.is_empty()).then(|| {
                let mut chosen = vec![false; data.names.count()];
                list.iter().filter_map(|name| data.names.lookup(name)).for_each(|sym| chosen[sym.index()] = true);
                NameSet(chosen)
            })
        };
        DealFilter {
            reps: resolve(&filters.reps),
            teams: resolve(&filters.teams),
            regions: resolve(&filters.regions),
            products: resolve(&filters.products),
            rep_rows: data.reps.iter().map(|r| (r.name, (r.team, r.region))).collect(),
            owner_memo: vec![std::cell::Cell::new(0); data.names.count()],
        }
    }

    /// Whether the deals of this filter key (owner, team, region, product) are kept.
    fn keeps(&self, [owner, team, region, product]: &FilterKey) -> bool {
        passes(&self.reps, *owner)
            && passes(&self.teams, *team)
            && passes(&self.regions, *region)
            && passes(&self.products, *product)
    }

    fn keeps_rep(&self, rep: &Rep) -> bool {
        passes(&self.reps, Some(rep.name)) && passes(&self.teams, rep.team) && passes(&self.regions, rep.region)
    }

    /// Per owner of activities (by name index) and for no owner (last),
    /// whether the rep filters keep what it owns; none: no rep filter.
    fn owners_kept(&self, data: &Dataset) -> Option<Vec<bool>> {
        if self.reps.is_none() && self.teams.is_none() && self.regions.is_none() {
            return None;
        }
        let mut kept = vec![false; data.names.count() + 1];
        for owner in data.activity_owners() {
            kept[owner.index()] = self.keeps_owner(Some(owner));
        }
        kept[data.names.count()] = self.keeps_owner(None);
        Some(kept)
    }

    /// Whether the rep filters keep what `owner` owns (activities, leads),
    /// decided once per owner.
    fn keeps_owner(&self, owner: Option<Sym>) -> bool {
        if self.reps.is_none() && self.teams.is_none() && self.regions.is_none() {
            return true;
        }
        let Some(memo) = owner.and_then(|o| self.owner_memo.get(o.index())) else {
            return self.owner_passes(owner);
        };
        if memo.get() == 0 {
            memo.set(if self.owner_passes(owner) { 1 } else { 2 });
        }
        memo.get() == 1
    }

    fn owner_passes(&self, owner: Option<Sym>) -> bool {
        let (team, region) = owner.and_then(|o| self.rep_rows.get(&o).copied()).unwrap_or((None, None));
        passes(&self.reps, owner) && passes(&self.teams, team) && passes(&self.regions, region)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::generate::{generate, Options};
    use crate::ingest::{load_files, InputFile};

    /// The project's generator output, loaded.
    fn generated(seed: u64, deals: usize) -> Dataset {
        let files: Vec<InputFile> =
            generate(&Options { seed, deals }).into_iter().map(|(n, t)| InputFile::new(n, t)).collect();
        load_files(&files, &Config::default()).unwrap()
    }

    /// The deals a selection keeps, read through the filter cells, are those
    /// whose owner, team, region and product names are among the chosen
    /// (each list empty: any), worked out here from the names alone.
    #[test]
    fn filter_cells_keep_the_deals_the_names_choose() {
        let data = generated(11, 600);
        let names = data.filter_names();
        let (rep, region, product) = (&names.reps[1], &names.regions[0], &names.products[0]);
        let sets = [
            Filters { reps: vec![rep.clone()], ..Filters::default() },
            Filters { regions: vec![region.clone()], ..Filters::default() },
            Filters { regions: vec![region.clone()], products: vec![product.clone()], ..Filters::default() },
            Filters {
                reps: vec![rep.clone(), names.reps[2].clone()],
                products: vec![product.clone()],
                ..Filters::default()
            },
        ];
        let chosen = |list: &[String], value: Option<Sym>| {
            list.is_empty() || value.is_some_and(|v| list.iter().any(|name| name == data.name(v)))
        };
        for filters in sets {
            let kept = Selection::new(&data, &filters, None).kept;
            let expected: Vec<bool> = data
                .deals
                .iter()
                .map(|d| {
                    chosen(&filters.reps, d.owner)
                        && chosen(&filters.teams, data.team_of(d.owner))
                        && chosen(&filters.regions, d.region)
                        && chosen(&filters.products, d.product)
                })
                .collect();
            assert_eq!(kept, expected, "{filters:?}");
            assert!(kept.iter().any(|k| *k) && !kept.iter().all(|k| *k), "{filters:?} keeps some deals, not all");
        }
    }

    /// Customers are listed by the day they became customers, then by the
    /// lower-cased account name.
    #[test]
    fn customers_are_listed_by_since_then_lower_cased_name() {
        let deals = "Deal ID,Owner,Account,Stage,Amount,Created Date,Close Date\n\
            1,Ana,beta,Closed Won,10,2024-01-01,2024-02-01\n2,Ana,Alpha,Closed Won,10,2024-01-01,2024-02-01\n\
            3,Ana,Zed,Closed Won,10,2024-01-01,2024-01-15\n4,Ana,émile,Closed Won,10,2024-01-01,2024-02-01\n\
            5,Ana,alpha2,Closed Won,10,2023-12-01,2024-02-01\n6,Ana,Old,Closed Won,10,1969-12-01,1969-12-31\n";
        let data = load_files(&[InputFile::new("deals.csv", deals)], &Config::default()).unwrap();
        let as_of = crate::day::parse_iso_day("2024-02-01").unwrap();
        let customers = Selection::new(&data, &Filters::default(), None).customers(&data, as_of, 3650);
        let names: Vec<&str> = customers.all.iter().map(|c| data.name(c.account)).collect();
        assert_eq!(names, ["Old", "Zed", "Alpha", "alpha2", "beta", "émile"]);
    }

    proptest::proptest! {
        /// Few, many and nearly all items kept: the same positions, in
        /// order, as a filter one by one.
        #[test]
        fn kept_positions_are_those_a_filter_keeps(
            cells in proptest::collection::vec(0u32..40, 0..300),
            cells_kept in 0usize..=40,
        ) {
            let keeps: Vec<bool> = (0..40).map(|cell| cell < cells_kept).collect();
            let expected: Vec<u32> = (0..cells.len() as u32).filter(|at| keeps[cells[*at as usize] as usize]).collect();
            proptest::prop_assert_eq!(kept_positions(&cells, &keeps), expected);
        }
    }

    /// Each rep's lives, counted in one pass or rep by rep, equal the
    /// row-by-row lives of the rep's kept deals.
    #[test]
    fn reps_lives_in_one_pass_or_rep_by_rep_equal_row_by_row() {
        let data = generated(5, 400);
        let span = data.sales_event_range();
        let product = Filters { products: vec![data.filter_names().products[0].clone()], ..Filters::default() };
        for filters in [Filters::default(), product] {
            let selection = Selection::new(&data, &filters, None);
            let none: Vec<Option<Arc<DayStats>>> = vec![None; selection.by_rep.len()];
            let [one_pass, rep_by_rep] =
                [true, false].map(|one_pass| selection.own_lives(&data, span, &none, one_pass));
            assert!(selection.by_rep.len() > 1, "{filters:?} keeps several reps");
            for (slot, rows) in selection.by_rep.iter().enumerate() {
                let kept = |at: &usize| selection.kept[*at] && data.deals[*at].owner == rows.rep;
                let expected =
                    DayStats::of(span, (0..data.deals.len()).filter(kept).map(|at| &data.deals[at]), &data.deal_terms);
                let expected = format!("{expected:?}");
                assert_eq!(format!("{:?}", one_pass[slot].as_ref().unwrap()), expected, "{filters:?}");
                assert_eq!(format!("{:?}", rep_by_rep[slot].as_ref().unwrap()), expected, "{filters:?}");
            }
        }
    }
}
