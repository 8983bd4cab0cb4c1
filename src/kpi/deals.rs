//! KPIs computed from deals alone: ACV, new leads, lead age, conversion and
//! win rate, deal size, sales cycle, open pipeline.

use super::context::{Context, Scope};
use super::measure::{MeanSum, Measure};
use super::period::Period;
use super::timeline::OpenStats;
use crate::model::*;

/// What the KPIs over won deals (ACV, deal size, sales cycle) read of a
/// scope's won deals in a window, summed in one pass (see
/// [`Scope::won_tally`], which remembers it).
#[derive(Debug, Default, Clone, Copy)]
pub struct WonTally {
    /// The annual values of the won deals with an amount.
    annual: MeanSum,
    /// The amounts of the won deals with one.
    size: MeanSum,
    without_amount: u64,
    /// The cycles of the won deals created on or before their close.
    cycle: MeanSum,
    closed_before_created: u64,
}

impl WonTally {
    /// The won facts `won`, tallied.
    pub fn of(won: &[WonFact]) -> WonTally {
        let mut tally = WonTally::default();
        for won in won {
            if let Some(value) = won.annual.get() {
                tally.annual.add(value.into());
            }
            match won.amount.get() {
                Some(amount) => tally.size.add(amount.into()),
                None => tally.without_amount += 1,
            }
            match won.created.get() {
                Some(created) if won.closed < created => tally.closed_before_created += 1,
                Some(created) => tally.cycle.add((won.closed - created).into()),
                None => {}
            }
        }
        tally
    }

    /// The amounts of the won deals with one, summed.
    pub fn won_amount(&self) -> i128 {
        self.size.total
    }

    /// The amounts of the won deals with one.
    pub fn amounts(&self) -> MeanSum {
        self.size
    }

    /// How many won deals there are, with an amount or not.
    pub fn won_deals(&self) -> u64 {
        self.size.count + self.without_amount
    }
}

/// The deals open at the window's snapshot day, summed.
fn open_at_end(ctx: &Context, scope: &Scope, window: &Period) -> OpenStats {
    scope.timeline.open_at(ctx.snapshot(window.to))
}

/// Mean annual value of won deals: amount / max(1, term_years).
pub fn acv(_ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let annual = scope.won_tally(window).annual;
    let inputs =
        vec![("won_deals_with_amount", annual.count as f64), ("total_annual_value", money_to_f64(annual.total))];
    mean_money(annual, inputs, "no won deals with an amount in the period")
}

fn mean_money(sum: MeanSum, inputs: Vec<(&'static str, f64)>, empty_note: &str) -> Measure {
    Measure::ratio(money_to_f64(sum.total), sum.count as f64, 1.0, inputs, empty_note)
}

pub fn new_leads(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    if ctx.has_leads() {
        return super::leads::new_leads(ctx, scope, window);
    }
    let created = scope.timeline.created_in(window).len() as u64;
    Measure::count(created, vec![("deals_created", created as f64)])
}

/// Mean age of the deals open at the end of the window.
pub fn avg_lead_age_days(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    if ctx.has_leads() {
        return super::leads::avg_lead_age_days(ctx, scope, window);
    }
    let at = ctx.snapshot(window.to);
    let open = open_at_end(ctx, scope, window);
    // Σ (at − created) over the open deals with a created date.
    let total_age = i64::from(at) * open.with_created - open.created_day_sum;
    let inputs = vec![
        ("open_deals", open.with_created as f64),
        ("total_age_days", total_age as f64),
        ("open_deals_without_created_date", (open.open - open.with_created) as f64),
    ];
    Measure::ratio(
        total_age as f64,
        open.with_created as f64,
        1.0,
        inputs,
        "no deals with a created date were open at the end of the period",
    )
}

pub fn conversion_rate(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    if ctx.has_leads() {
        return super::leads::conversion_rate(ctx, scope, window);
    }
    let won = scope.timeline.won_in(window).len() as f64;
    let in_pipeline = scope.timeline.in_pipeline(window) as f64;
    let inputs = vec![("won", won), ("in_pipeline", in_pipeline)];
    Measure::ratio(won, in_pipeline, 100.0, inputs, "no deals were in the pipeline during the period")
}

pub fn win_rate(_ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    // The won deals closed in the window are its won facts, found by binary
    // search like the closed ones: no closed deal is read.
    let won = scope.timeline.won_in(window).len() as f64;
    let lost = scope.timeline.closed_in(window).len() as f64 - won;
    Measure::ratio(won, won + lost, 100.0, vec![("won", won), ("lost", lost)], "no deals were closed in the period")
}

pub fn avg_deal_size(_ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let WonTally { size, without_amount, .. } = scope.won_tally(window);
    let inputs = vec![
        ("won_deals_with_amount", size.count as f64),
        ("won_amount", money_to_f64(size.total)),
        ("won_deals_without_amount", without_amount as f64),
    ];
    mean_money(size, inputs, "no won deals with an amount in the period")
}

/// A won deal closed before it was created (migrated data: the created date
/// is the import date) has no cycle: it is left out, never averaged in as
/// a negative number, and counted in the inputs.
pub fn avg_sales_cycle_days(_ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let WonTally { cycle, closed_before_created, .. } = scope.won_tally(window);
    let mut inputs =
        vec![("won_deals_with_created_date", cycle.count as f64), ("total_cycle_days", cycle.total as f64)];
    if closed_before_created > 0 {
        inputs.push(("won_deals_closed_before_created_left_out", closed_before_created as f64));
    }
    Measure::ratio(
        cycle.total as f64,
        cycle.count as f64,
        1.0,
        inputs,
        "no won deals with a created date in the period",
    )
}

/// Sum of amounts of the deals open at the end of the window.
pub fn pipeline_value(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let open = open_at_end(ctx, scope, window);
    let inputs = vec![
        ("open_deals", open.open as f64),
        ("open_deals_with_amount", open.with_amount as f64),
        ("weighted_value", money_to_f64(open.weighted)),
    ];
    if open.open > 0 && open.with_amount == 0 {
        return Measure { value: None, inputs, note: Some("open deals exist but none has an amount".into()) };
    }
    Measure { value: Some(money_to_f64(open.amount)), inputs, note: None }
}
