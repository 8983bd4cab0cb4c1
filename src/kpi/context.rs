//! The selection the KPIs are computed over: as-of date, date range,
//! filters, and the data that passes them, grouped per rep once so that
//! every breakdown reads only its own rows. What the filters keep does not
//! depend on the dates: it comes from the session's [`Selections`].

use super::activity::{ActivityDays, ActivityTally};
use super::deals::WonTally;
use super::derived::customers::Customer;
use super::derived::ramp::RampEnds;
use super::derived::stages::StageData;
use super::period::{Calendar, Period};
use super::selection::{Customers, Rows, Selection, Selections};
use super::timeline::{span_between, Timeline};
use crate::config::Config;
use crate::day::{format_day, parse_iso_day, Day};
use crate::error::{Error, Result};
use crate::field::KindField;
use crate::file_kind::FileKind;
use crate::model::*;
use std::sync::Arc;

/// The slice of data one value is computed from: everything, or one rep's.
#[derive(Clone, Copy)]
pub struct Scope<'s, 'a> {
    pub rep: Option<Sym>,
    pub deals: Rows<'s, 'a, Deal>,
    pub reps: Rows<'s, 'a, Rep>,
    pub customers: &'s [Customer],
    pub leads: Rows<'s, 'a, Lead>,
    /// The scope's deal facts by date, and its deals' lives by day.
    pub timeline: Timeline<'s>,
    data: &'a Dataset,
    kept: &'s Selection,
}

impl<'s, 'a> Scope<'s, 'a> {
    /// How many activities the scope has.
    pub fn activity_count(&self) -> u64 {
        self.kept.activity_count(self.data, self.rep)
    }

    /// The scope's won deals in `window`, tallied; remembered by the
    /// selection, as a report reads each window for three KPIs and a
    /// dashboard comes back to the same windows.
    pub fn won_tally(&self, window: &Period) -> WonTally {
        let slot = self.rep.map_or(Some(0), |rep| self.kept.slot_of(rep));
        let tally = || WonTally::of(self.timeline.won_in(window));
        slot.map_or_else(tally, |slot| self.kept.won_tally(slot, (window.from, window.to), tally))
    }
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
    /// The rows the filters keep, and each rep's.
    kept: Arc<Selection>,
    /// The customers as of the as-of date, all and per rep.
    pub customers: Arc<Customers>,
    /// The close day of each won deal with an id (for converted leads), on first use.
    won_deals: std::cell::OnceCell<IdMap<DealKey, Day>>,
    /// Reps shown in by_rep breakdowns, sorted by name.
    pub rep_names: Vec<Sym>,
    /// The kept deals' stage histories, worked out on first use: most
    /// dashboards do not read them.
    stages: std::cell::OnceCell<Arc<StageData>>,
    ramp: std::cell::OnceCell<RampEnds>,
    /// The kept deals open on the as-of date, on first use.
    open: std::cell::OnceCell<Arc<Vec<OpenDeal>>>,
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
    /// The context of one report, working out what the filters keep.
    #[cfg(test)]
    pub fn new(data: &'a Dataset, config: &'a Config) -> Result<Context<'a>> {
        Context::with_selections(data, config, &Selections::default())
    }

    /// As [`Context::new`], reading what the filters keep from `selections`
    /// when it was worked out before.
    pub fn with_selections(data: &'a Dataset, config: &'a Config, selections: &Selections) -> Result<Context<'a>> {
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
        let kept = selections.get(data, config);
        let filtered = kept.is_filtered();
        let customers = kept.customers(data, as_of, config.churn_after_days);
        warnings.extend(stage_rows_without_deal_warning(data));
        let calendar = Calendar::new(config.fiscal_year_start_month);
        Ok(Context {
            data,
            config,
            as_of,
            from,
            to,
            data_from: earliest.unwrap_or(as_of).min(as_of),
            calendar,
            filtered,
            rep_names: kept.rep_names.clone(),
            kept,
            customers,
            won_deals: std::cell::OnceCell::new(),
            stages: std::cell::OnceCell::new(),
            ramp: std::cell::OnceCell::new(),
            open: std::cell::OnceCell::new(),
            warnings,
        })
    }

    fn scope(&self, rep: Option<Sym>) -> Scope<'_, 'a> {
        let slot = rep.map_or(Some(0), |rep| self.kept.slot_of(rep));
        let (won, closed, created) = self.kept.facts(self.data, rep);
        let customers = match rep {
            None => self.customers.of(None),
            Some(_) => slot.map_or(&[][..], |slot| self.customers.of(Some(slot))),
        };
        Scope {
            rep,
            deals: self.kept.deals(self.data, rep),
            reps: self.kept.reps(self.data, rep),
            customers,
            leads: self.kept.leads(self.data, rep),
            timeline: Timeline::new(won, closed, created, self.kept.days(rep)),
            data: self.data,
            kept: &self.kept,
        }
    }

    pub fn all(&self) -> Scope<'_, 'a> {
        self.scope(None)
    }

    pub fn rep(&self, rep: Sym) -> Scope<'_, 'a> {
        self.scope(Some(rep))
    }

    /// The kept deals.
    pub fn deals(&self) -> Rows<'_, 'a, Deal> {
        self.kept.deals(self.data, None)
    }

    /// The kept deals open on `day`, as the dashboards read them (with
    /// their positions), in data order (remembered for the as-of date).
    pub fn open_on(&self, day: Day) -> impl Iterator<Item = OpenDeal> + '_ {
        let remembered = (day == self.as_of).then(|| self.open_at_as_of().iter().copied());
        let terms = &self.data.deal_terms;
        let counted = (day != self.as_of).then(|| {
            let open = self.deals().positions().filter(move |(_, d)| d.open_at(day));
            open.map(|(at, deal)| OpenDeal::new(at, deal, terms))
        });
        remembered.into_iter().flatten().chain(counted.into_iter().flatten())
    }

    /// The kept deals open on the as-of date, as the dashboards read them
    /// (in data order).
    pub fn open_at_as_of(&self) -> &[OpenDeal] {
        self.open.get_or_init(|| self.kept.open_on(self.data, self.as_of))
    }

    /// The kept deals lost in the window: their cells of (account, region,
    /// product) ([`Dataset::group_cells`]), read in close-date order.
    pub fn lost_cells_in(&self, window: &Period) -> impl Iterator<Item = u32> + '_ {
        let closed = &self.data.deal_facts().closed;
        let span = span_between(&closed.facts, window, |fact| fact.closed());
        let cells = &closed.group_cells(self.data.group_cells())[span.clone()];
        let kept = &self.kept.kept;
        let lost = closed.facts[span.clone()].iter().zip(&closed.deals[span]).zip(cells);
        lost.filter(move |((fact, at), _)| !fact.won() && kept[**at as usize]).map(|(_, cell)| *cell)
    }

    /// The kept deals won in the window: their cells of (account, region,
    /// product) and facts, in close-date order. With no filter, the won
    /// facts are the dataset's own, and their cells are read in their order.
    pub fn won_cells_in(&self, window: &Period) -> impl Iterator<Item = (u32, &WonFact)> + '_ {
        let (cells, won) = (self.data.group_cells(), &self.data.deal_facts().won);
        let timeline = self.all().timeline;
        let span = timeline.won_span(window);
        let positions = self.kept.won_positions(self.data);
        let own = std::ptr::eq(positions, won.deals.as_slice());
        let in_order = own.then(|| &won.group_cells(cells)[span.clone()]);
        let at_random = (!own).then(|| positions[span.clone()].iter().map(|at| cells.cell_of_deal[*at as usize]));
        let cells = in_order.into_iter().flatten().copied().chain(at_random.into_iter().flatten());
        cells.zip(&timeline.won[span])
    }

    /// The kept deals won in the window: their positions and facts, in close-date order.
    pub fn won_in(&self, window: &Period) -> impl Iterator<Item = (u32, &WonFact)> + '_ {
        let timeline = self.all().timeline;
        let span = timeline.won_span(window);
        self.kept.won_positions(self.data)[span.clone()].iter().copied().zip(&timeline.won[span])
    }

    /// The kept activities counted by kind on each day (see [`Selection::activity_days`]).
    pub fn activity_days(&self) -> &ActivityDays {
        self.kept.activity_days(self.data)
    }

    /// The activities of `rep` (none: all kept activities) counted, their
    /// tasks as of the as-of date (see [`Selection::activity_tally`]): read
    /// by the overdue-tasks KPI and the activity dashboard alike.
    pub fn activity_tally(&self, rep: Option<Sym>) -> ActivityTally {
        self.kept.activity_tally(self.data, rep, self.as_of)
    }

    /// The activities of the kept reps.
    pub fn activities(&self) -> Rows<'_, 'a, Activity> {
        self.kept.activities(self.data, None)
    }

    /// The kept deals' stage histories and the stage order.
    pub fn stages(&self) -> &StageData {
        self.stages.get_or_init(|| self.kept.stage_data(self.data, self.config))
    }

    /// A leads file was given: the lead KPIs are read from it.
    pub fn has_leads(&self) -> bool {
        self.data.has(KindField::any(FileKind::Leads))
    }

    /// The day a won deal closed, by its id (what a converted lead became).
    pub fn won_deal_closed(&self, deal: DealKey) -> Option<Day> {
        let won = self.won_deals.get_or_init(|| {
            let won = self.data.deals.iter().filter(|d| d.outcome == Outcome::Won);
            won.filter_map(|d| Some((d.id.get()?, d.closed.get()?))).collect()
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

    /// Years and quarters of the selection (docs/spec.md §2).
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

/// Stage history rows whose deal id is in no deals file: told in every
/// report, whichever dashboard it is for.
fn stage_rows_without_deal_warning(data: &Dataset) -> Option<String> {
    let unknown = data.stage_entries_without_deal();
    (unknown > 0).then(|| {
        format!("{unknown} stage history rows name deal ids that are not in the deals file; they are not used")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, Options};
    use crate::ingest::{load_files, InputFile};

    fn timeline_facts(timeline: Timeline<'_>) -> (&[WonFact], &[ClosedFact], &[CreatedFact]) {
        (timeline.won, timeline.closed, timeline.created)
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
        let own = data.deal_facts().won.facts.as_slice();
        assert!(std::ptr::eq(borrowed.all().timeline.won, own));
        assert!(!std::ptr::eq(copied.all().timeline.won, own));
        assert!(!borrowed.all().timeline.won.is_empty() && !borrowed.all().timeline.created.is_empty());
        assert_eq!(timeline_facts(borrowed.all().timeline), timeline_facts(copied.all().timeline));
        assert_eq!(borrowed.rep_names, copied.rep_names);
        for rep in &borrowed.rep_names {
            assert_eq!(timeline_facts(borrowed.rep(*rep).timeline), timeline_facts(copied.rep(*rep).timeline));
        }
    }
}
