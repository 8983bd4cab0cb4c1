//! The selection the KPIs are computed over: as-of date, date range,
//! filters, and the data that passes them, grouped per rep once so that
//! every breakdown reads only its own rows.

use super::customers::{derive_customers, Customer};
use super::period::{Calendar, Period};
use super::stages::StageData;
use super::team::RampEnds;
use super::timeline::{stats_by_scope, StandardWindows, Timeline, WindowStats};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ingest::value::{format_day, parse_iso_day, Day};
use crate::model::*;
use std::collections::BTreeSet;

/// The slice of data one value is computed from: everything, or one rep's.
#[derive(Clone, Copy)]
pub struct Scope<'s, 'a> {
    pub rep: Option<Sym>,
    pub deals: &'s [&'a Deal],
    pub activities: &'s [&'a Activity],
    pub reps: &'s [&'a Rep],
    pub customers: &'s [Customer<'a>],
    pub leads: &'s [&'a Lead],
    /// The scope's deals by date, and its standard windows' statistics.
    pub timeline: &'s Timeline<'a>,
}

#[derive(Default)]
struct RepSlices<'a> {
    deals: Vec<&'a Deal>,
    timeline: Timeline<'a>,
    activities: Vec<&'a Activity>,
    reps: Vec<&'a Rep>,
    customers: Vec<Customer<'a>>,
    leads: Vec<&'a Lead>,
}

pub struct Context<'a> {
    pub data: &'a Dataset,
    pub config: &'a Config,
    pub as_of: Day,
    pub from: Day,
    pub to: Day,
    /// The first sales event in the data: the default selection start.
    pub data_from: Day,
    pub calendar: Calendar,
    pub filtered: bool,
    pub deals: Vec<&'a Deal>,
    pub activities: Vec<&'a Activity>,
    pub reps: Vec<&'a Rep>,
    pub customers: Vec<Customer<'a>>,
    /// The leads of a leads file that the filters keep (none without one).
    pub leads: Vec<&'a Lead>,
    /// The close day of each won deal with an id (for converted leads), on first use.
    won_deals: std::cell::OnceCell<IdMap<DealKey, Day>>,
    /// Reps shown in by_rep breakdowns, sorted by name.
    pub rep_names: Vec<Sym>,
    /// Per deal of the data, whether the filters keep it.
    kept: Vec<bool>,
    /// The kept deals' stage histories, worked out on first use: most
    /// dashboards do not read them.
    stages: std::cell::OnceCell<StageData<'a>>,
    ramp: std::cell::OnceCell<RampEnds>,
    /// The selection, its years and its quarters: the windows whose
    /// pipeline and snapshot statistics are precomputed.
    pub windows: StandardWindows,
    timeline: Timeline<'a>,
    by_rep: IdMap<Sym, RepSlices<'a>>,
    pub warnings: Vec<String>,
}

fn config_day(text: &Option<String>, what: &str) -> Result<Option<Day>> {
    match text {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => parse_iso_day(text)
            .map(Some)
            .ok_or_else(|| Error::config(format!("{what} \"{text}\" is not a date in the form YYYY-MM-DD"))),
    }
}

impl<'a> Context<'a> {
    pub fn new(data: &'a Dataset, config: &'a Config) -> Result<Context<'a>> {
        let mut warnings = Vec::new();
        let (earliest, latest) = data.sales_event_range().unzip();
        let as_of = match (config_day(&config.as_of, "as_of")?, latest) {
            (Some(day), _) => day,
            (None, Some(day)) => day,
            (None, None) => {
                warnings.push(
                    "no dated sales events in the data; the as-of date defaults to 1970-01-01. Set it in the settings."
                        .into(),
                );
                parse_iso_day("1970-01-01").unwrap_or_default()
            }
        };
        let to = config_day(&config.to, "to")?.unwrap_or(as_of);
        let from = config_day(&config.from, "from")?.unwrap_or_else(|| earliest.unwrap_or(as_of).min(to));
        if from > to {
            return Err(Error::config(format!(
                "the selection starts ({}) after it ends ({})",
                format_day(from),
                format_day(to)
            )));
        }
        let filter = DealFilter::new(data, config);
        let filtered = !config.filters.is_empty();
        let kept: Vec<bool> = match filtered {
            true => data.deals.iter().map(|d| filter.keeps_deal(d)).collect(),
            false => vec![true; data.deals.len()],
        };
        let deals: Vec<&Deal> = data.deals.iter().zip(&kept).filter(|(_, keep)| **keep).map(|(d, _)| d).collect();
        let reps: Vec<&Rep> = data.reps.iter().filter(|r| filter.keeps_rep(r)).collect();
        let activities: Vec<&Activity> = data.activities.iter().filter(|a| filter.keeps_owner(a.owner)).collect();
        let customers = derive_customers(data, &deals, config, as_of, filtered);
        let leads: Vec<&Lead> = data.leads.iter().filter(|l| filter.keeps_owner(l.owner)).collect();
        warnings.extend(stage_rows_without_deal_warning(data));
        let calendar = Calendar::new(config.fiscal_year_start_month);
        let selection = Period { label: "selection".into(), from, to, yearly: false };
        let windows = StandardWindows::new(
            &[
                vec![selection.clone()],
                calendar.periods(from, to, false),
                quarters(calendar.periods(from, to, true)),
                // The windows each KPI is compared with.
                vec![selection.previous()],
                vec![selection.year_before()],
            ],
            as_of,
        );
        let mut context = Context {
            data,
            config,
            as_of,
            from,
            to,
            data_from: earliest.unwrap_or(as_of).min(as_of),
            calendar,
            filtered,
            deals,
            activities,
            reps,
            customers,
            leads,
            won_deals: std::cell::OnceCell::new(),
            rep_names: Vec::new(),
            kept: Vec::new(),
            stages: std::cell::OnceCell::new(),
            ramp: std::cell::OnceCell::new(),
            windows,
            timeline: Timeline::default(),
            by_rep: IdMap::default(),
            warnings,
        };
        context.group_by_rep();
        context.index_by_date(filtered.then_some(&kept[..]));
        context.kept = kept;
        Ok(context)
    }

    /// Fills every scope's timeline from the data's deal facts (already in
    /// date order: no sorting per report; with no filter, not even a copy),
    /// then its window statistics. `kept`: the deals a filter keeps.
    fn index_by_date(&mut self, kept: Option<&[bool]>) {
        let facts: &'a DealFacts = self.data.deal_facts();
        match kept {
            None => {
                self.timeline = Timeline::borrowed_lists(&facts.won.facts, &facts.closed.facts, &facts.created.facts);
                for (rep, slices) in self.by_rep.iter_mut() {
                    if let Some(own) = facts.by_owner.get(rep) {
                        slices.timeline = Timeline::borrowed(own);
                    }
                }
            }
            Some(kept) => {
                let (mut all, mut own) = (OwnerFacts::default(), IdMap::default());
                keep_facts(&facts.won, kept, &mut all.won, &mut own, |o| &mut o.won);
                keep_facts(&facts.closed, kept, &mut all.closed, &mut own, |o| &mut o.closed);
                keep_facts(&facts.created, kept, &mut all.created, &mut own, |o| &mut o.created);
                self.timeline = Timeline::owned(all);
                for (rep, slices) in self.by_rep.iter_mut() {
                    slices.timeline = Timeline::owned(own.remove(rep).unwrap_or_default());
                }
            }
        }
        // Window statistics: every scope in one pass (scope 0: all deals).
        let slots: IdMap<Sym, usize> = self.by_rep.keys().enumerate().map(|(i, rep)| (*rep, i + 1)).collect();
        let deals = self.deals.iter().map(|deal| (*deal, deal.owner.and_then(|o| slots.get(&o).copied())));
        let mut by_scope = stats_by_scope(&self.windows, slots.len() + 1, deals).into_iter();
        self.timeline.set_stats(by_scope.next().unwrap_or_default());
        let mut stats: Vec<Option<Vec<WindowStats>>> = by_scope.map(Some).collect();
        for (rep, slot) in &slots {
            if let (Some(slices), Some(rep_stats)) = (self.by_rep.get_mut(rep), stats[slot - 1].take()) {
                slices.timeline.set_stats(rep_stats);
            }
        }
    }

    fn group_by_rep(&mut self) {
        let mut groups: IdMap<Sym, RepSlices<'a>> = IdMap::default();
        for deal in &self.deals {
            if let Some(owner) = deal.owner {
                groups.entry(owner).or_default().deals.push(deal);
            }
        }
        for activity in &self.activities {
            if let Some(owner) = activity.owner {
                groups.entry(owner).or_default().activities.push(activity);
            }
        }
        for rep in &self.reps {
            groups.entry(rep.name).or_default().reps.push(rep);
        }
        for customer in &self.customers {
            if let Some(owner) = customer.owner {
                groups.entry(owner).or_default().customers.push(customer.clone());
            }
        }
        for lead in &self.leads {
            if let Some(owner) = lead.owner {
                groups.entry(owner).or_default().leads.push(lead);
            }
        }
        let names: BTreeSet<(String, Sym)> = groups.keys().map(|s| (self.data.name(*s).to_lowercase(), *s)).collect();
        self.rep_names = names.into_iter().map(|(_, s)| s).collect();
        self.by_rep = groups;
    }

    pub fn all(&self) -> Scope<'_, 'a> {
        Scope {
            rep: None,
            deals: &self.deals,
            activities: &self.activities,
            reps: &self.reps,
            customers: &self.customers,
            leads: &self.leads,
            timeline: &self.timeline,
        }
    }

    pub fn rep(&self, rep: Sym) -> Scope<'_, 'a> {
        let slices = &self.by_rep[&rep];
        Scope {
            rep: Some(rep),
            deals: &slices.deals,
            activities: &slices.activities,
            reps: &slices.reps,
            customers: &slices.customers,
            leads: &slices.leads,
            timeline: &slices.timeline,
        }
    }

    /// The kept deals' stage histories and the stage order.
    pub fn stages(&self) -> &StageData<'a> {
        self.stages.get_or_init(|| StageData::new(self.data, &self.kept, self.config))
    }

    /// A leads file was given: the lead KPIs are read from it.
    pub fn has_leads(&self) -> bool {
        self.data.has("leads.*")
    }

    /// The day a won deal closed, by its id (what a converted lead became).
    pub fn won_deal_closed(&self, deal: DealKey) -> Option<Day> {
        let won = self.won_deals.get_or_init(|| {
            let won = self.data.deals.iter().filter(|d| d.outcome == Outcome::Won);
            won.filter_map(|d| Some((d.id?, d.closed?))).collect()
        });
        won.get(&deal).copied()
    }

    /// Where each rep's ramp ends (worked out on first use).
    pub fn ramp(&self) -> &RampEnds {
        self.ramp.get_or_init(|| RampEnds::new(self.data))
    }

    pub fn selection(&self) -> Period {
        Period { label: "selection".into(), from: self.from, to: self.to, yearly: false }
    }

    /// Years and quarters of the selection (SPEC §3).
    pub fn periods(&self) -> Vec<Period> {
        self.calendar.periods(self.from, self.to, true)
    }

    pub fn years(&self) -> Vec<Period> {
        self.calendar.periods(self.from, self.to, false)
    }

    /// The date a snapshot KPI looks at for a window ending on `to`.
    pub fn snapshot(&self, to: Day) -> Day {
        to.min(self.as_of)
    }

    pub fn name(&self, sym: Sym) -> &'a str {
        self.data.names.name(sym)
    }
}

/// The facts of the kept deals, for all and per owner, in date order.
fn keep_facts<F: Copy>(
    list: &FactList<F>,
    kept: &[bool],
    all: &mut Vec<F>,
    own: &mut IdMap<Sym, OwnerFacts>,
    pick: fn(&mut OwnerFacts) -> &mut Vec<F>,
) {
    for ((fact, deal), owner) in list.facts.iter().zip(&list.deals).zip(&list.owners) {
        if kept[*deal as usize] {
            all.push(*fact);
            if let Some(owner) = owner {
                pick(own.entry(*owner).or_default()).push(*fact);
            }
        }
    }
}

/// Stage history rows whose deal id is in no deals file: told in every
/// report, whichever dashboard it is for.
fn stage_rows_without_deal_warning(data: &Dataset) -> Option<String> {
    let unknown = data.stage_entry_deals().iter().filter(|deal| deal.is_none()).count();
    (unknown > 0).then(|| {
        format!("{unknown} stage history rows name deal ids that are not in the deals file; they are not used")
    })
}

fn quarters(periods: Vec<Period>) -> Vec<Period> {
    periods.into_iter().filter(|p| !p.yearly).collect()
}

/// The shared filters: rep, team, region, product. `None` keeps all; a name
/// that is not in the data matches nothing.
struct DealFilter {
    reps: Option<IdSet<Sym>>,
    teams: Option<IdSet<Sym>>,
    regions: Option<IdSet<Sym>>,
    products: Option<IdSet<Sym>>,
    rep_rows: IdMap<Sym, (Option<Sym>, Option<Sym>)>,
    /// What [`DealFilter::keeps_owner`] said of each name (by its index),
    /// worked out on first need: 0 not yet, 1 kept, 2 not.
    owner_memo: Vec<std::cell::Cell<u8>>,
}

fn passes(set: &Option<IdSet<Sym>>, value: Option<Sym>) -> bool {
    set.as_ref().is_none_or(|set| value.is_some_and(|v| set.contains(&v)))
}

impl DealFilter {
    fn new(data: &Dataset, config: &Config) -> DealFilter {
        let resolve = |list: &[String]| -> Option<IdSet<Sym>> {
            (!list.is_empty()).then(|| list.iter().filter_map(|name| data.names.lookup(name)).collect())
        };
        let filters = &config.filters;
        DealFilter {
            reps: resolve(&filters.reps),
            teams: resolve(&filters.teams),
            regions: resolve(&filters.regions),
            products: resolve(&filters.products),
            rep_rows: data.reps.iter().map(|r| (r.name, (r.team, r.region))).collect(),
            owner_memo: vec![std::cell::Cell::new(0); data.names.count()],
        }
    }

    fn keeps_deal(&self, deal: &Deal) -> bool {
        passes(&self.reps, deal.owner)
            && passes(&self.teams, deal.team)
            && passes(&self.regions, deal.region)
            && passes(&self.products, deal.product)
    }

    fn keeps_rep(&self, rep: &Rep) -> bool {
        passes(&self.reps, Some(rep.name)) && passes(&self.teams, rep.team) && passes(&self.regions, rep.region)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, Options};
    use crate::ingest::{load_files, InputFile};

    fn timeline_facts<'t>(timeline: &'t Timeline<'_>) -> (&'t [WonFact], &'t [ClosedFact], &'t [CreatedFact]) {
        (&timeline.won, &timeline.closed, &timeline.created)
    }

    /// The stage histories are read only by the dashboards that need them,
    /// but every report says which stage rows name no deal.
    #[test]
    fn every_report_tells_of_stage_rows_without_a_deal() {
        let files = vec![
            InputFile::new("deals.csv", "Deal ID,Owner,Stage,Amount,Created Date\nD1,Siti,Proposal,100,2024-01-05\n"),
            InputFile::new(
                "stage_history.csv",
                "Deal ID,Stage,Entered Date\nD1,Proposal,2024-01-05\nD9,Proposal,2024-01-06\nD9,Won,2024-02-01\n",
            ),
        ];
        let data = load_files(&files, &Config::default()).unwrap();
        let expected = "2 stage history rows name deal ids that are not in the deals file; they are not used";
        let full = crate::build_report(&data, &Config::default()).unwrap();
        let union = crate::build_dashboard(&data, &Config::default(), "state-of-the-union").unwrap();
        for report in [full, union] {
            assert!(report.quality.warnings.iter().any(|w| w == expected), "{:?}", report.quality.warnings);
        }
    }

    /// With no filter the scopes read the dataset's own facts; a filter
    /// that keeps every deal copies them: both must hold the same facts.
    #[test]
    fn borrowed_and_filtered_timelines_hold_the_same_facts() {
        let files: Vec<InputFile> = generate(&Options { seed: 3, deals: 400 })
            .into_iter()
            .map(|(name, text)| InputFile::new(name, text))
            .collect();
        let data = load_files(&files, &Config::default()).unwrap();
        assert!(data.deals.iter().all(|d| d.owner.is_some()), "the demo names every deal's owner");
        let plain = Config::default();
        let mut every_rep = Config::default();
        every_rep.filters.reps = data.filter_names().reps.clone();
        let (borrowed, copied) = (Context::new(&data, &plain).unwrap(), Context::new(&data, &every_rep).unwrap());
        assert!(matches!(borrowed.timeline.won, std::borrow::Cow::Borrowed(_)));
        assert!(matches!(copied.timeline.won, std::borrow::Cow::Owned(_)));
        assert!(!borrowed.timeline.won.is_empty() && !borrowed.timeline.created.is_empty());
        assert_eq!(timeline_facts(&borrowed.timeline), timeline_facts(&copied.timeline));
        assert_eq!(borrowed.rep_names, copied.rep_names);
        for rep in &borrowed.rep_names {
            assert_eq!(timeline_facts(borrowed.rep(*rep).timeline), timeline_facts(copied.rep(*rep).timeline));
        }
    }
}
