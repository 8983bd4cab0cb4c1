//! KPIs about the sales team: rep retention, ramp time, quota attainment.

use super::context::{Context, Scope};
use super::measure::{MeanSum, Measure};
use super::period::{Calendar, Period};
use crate::config::QuotaPeriod;
use crate::day::Day;
use crate::model::*;

/// (reps employed at year end − reps hired during it) / reps employed at
/// year start × 100.
pub fn rep_retention(_ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let at_start = scope.reps.iter().filter(|r| r.employed_at(window.from)).count() as f64;
    let at_end = scope.reps.iter().filter(|r| r.employed_at(window.to)).count() as f64;
    let hired = scope.reps.iter().filter(|r| r.hire.is_some_and(|h| window.from <= h && h <= window.to)).count() as f64;
    let inputs = vec![("reps_at_start", at_start), ("reps_at_end", at_end), ("reps_hired", hired)];
    Measure::ratio(at_end - hired, at_start, 100.0, inputs, "no reps were employed at the start of the period")
}

/// Mean days from hire to the end of ramp, over reps hired in the period.
pub fn avg_ramp_days(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let hired: Vec<&Rep> =
        scope.reps.iter().filter(|r| r.hire.is_some_and(|h| window.from <= h && h <= window.to)).collect();
    let mut ramp = MeanSum::default();
    for rep in &hired {
        if let (Some(hire), Some(end)) = (rep.hire, ctx.ramp().end_by_rep.get(&rep.name)) {
            ramp.add((end - hire).into());
        }
    }
    let inputs = vec![
        ("reps_hired", hired.len() as f64),
        ("reps_with_ramp_end", ramp.count as f64),
        ("total_ramp_days", ramp.total as f64),
    ];
    let note = format!("ramp ends at the rep's {}", ctx.ramp().source);
    Measure::ratio(ramp.total as f64, ramp.count as f64, 1.0, inputs, "no rep hired in the period has a ramp end date")
        .with_note(Some(note))
}

/// Quota units (unclipped) overlapping [from, to].
fn quota_units(calendar: &Calendar, unit: QuotaPeriod, from: Day, to: Day) -> Vec<(Day, Day)> {
    match unit {
        QuotaPeriod::Month => {
            Calendar::months(from, to).iter().filter_map(|month| calendar.parse_label(&month.label)).collect()
        }
        QuotaPeriod::Quarter => calendar.unit_bounds(from, to, true),
        QuotaPeriod::Year => calendar.unit_bounds(from, to, false),
    }
}

/// docs/spec.md §3: quota per unit × Σ over the units the window touches of (days of
/// the unit inside the window and the rep's employment / days in the unit). The
/// `units` ([`quota_units`] of the window) are worked out once for every rep of a scope.
fn quota_over(units: &[(Day, Day)], rep: &Rep, window: &Period) -> f64 {
    let Some(quota) = rep.quota else { return 0.0 };
    let employed_from = rep.hire.unwrap_or(Day::MIN).max(window.from);
    let employed_to = rep.termination.map_or(window.to, |t| (t - 1).min(window.to));
    let share: f64 = units
        .iter()
        .map(|(unit_from, unit_to)| {
            let inside = (employed_to.min(*unit_to) - employed_from.max(*unit_from) + 1).max(0);
            f64::from(inside) / f64::from(unit_to - unit_from + 1)
        })
        .sum();
    quota as f64 / MONEY_SCALE * share
}

/// Whether quota attainment counts the rep (and so the deals the rep won).
pub fn has_quota(rep: &Rep) -> bool {
    rep.quota.is_some()
}

/// Won amount in the period / quota for the period × 100, over reps with a quota.
pub fn quota_attainment(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let (mut quota, mut reps) = (0f64, 0u64);
    let mut with_quota: Vec<Sym> = Vec::new();
    let units = quota_units(&ctx.calendar, ctx.config.quota_period, window.from, window.to);
    for rep in scope.reps.iter().filter(|r| has_quota(r)) {
        reps += 1;
        quota += quota_over(&units, rep, window);
        with_quota.push(rep.name);
    }
    // The won amount of the reps with a quota: a rep's scope holds that
    // rep's deals only; all reps' is the sum of each one's, whose won deals
    // in a window are tallied once and remembered (see `Scope::won_tally`),
    // so that a dashboard coming back to its windows sums no deal.
    let won: i128 = match scope.rep {
        Some(_) if with_quota.is_empty() => 0,
        Some(_) => scope.won_tally(window).won_amount(),
        None => {
            let mut seen = vec![false; ctx.data.names.count()];
            let each_once = with_quota.iter().filter(|rep| !std::mem::replace(&mut seen[rep.index()], true));
            each_once.map(|rep| ctx.rep(*rep).won_tally(window).won_amount()).sum()
        }
    };
    let won = money_to_f64(won);
    let inputs = vec![("won_amount", won), ("quota", quota), ("reps_with_quota", reps as f64)];
    let note = if reps == 0 {
        "no rep in the selection has a quota"
    } else {
        "the quota for the period is zero (no rep with a quota was employed in it)"
    };
    Measure::ratio(won, quota, 100.0, inputs, note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::parse_iso_day;

    fn quota_for(calendar: &Calendar, unit: QuotaPeriod, rep: &Rep, window: &Period) -> f64 {
        quota_over(&quota_units(calendar, unit, window.from, window.to), rep, window)
    }

    fn d(text: &str) -> Day {
        parse_iso_day(text).unwrap()
    }

    fn rep(hire: &str, termination: Option<&str>) -> Rep {
        Rep {
            name: crate::model::Sym::from_index(0),
            hire: Some(d(hire)),
            termination: termination.map(d),
            first_outreach: None,
            quota: Some(money_from_f64(90_000.0)),
            team: None,
            manager: None,
            region: None,
        }
    }

    #[test]
    fn quota_is_prorated_by_days_in_quarter_and_employment() {
        let calendar = Calendar::new(1);
        let whole_q1 = Period { label: "q".into(), from: d("2024-01-01"), to: d("2024-03-31"), yearly: false };
        assert_eq!(quota_for(&calendar, QuotaPeriod::Quarter, &rep("2020-01-01", None), &whole_q1), 90_000.0);
        // Hired 2024-03-02: employed 30 of Q1's 91 days → 90 000 × 30/91.
        let prorated = quota_for(&calendar, QuotaPeriod::Quarter, &rep("2024-03-02", None), &whole_q1);
        assert!((prorated - 90_000.0 * 30.0 / 91.0).abs() < 1e-9);
        // Left on 2024-02-01 (last day employed 2024-01-31): 31/91.
        let left = quota_for(&calendar, QuotaPeriod::Quarter, &rep("2020-01-01", Some("2024-02-01")), &whole_q1);
        assert!((left - 90_000.0 * 31.0 / 91.0).abs() < 1e-9);
        // Window 2024-03-01..2024-04-30: 31/91 of Q1 + 30/91 of Q2.
        let window = Period { label: "w".into(), from: d("2024-03-01"), to: d("2024-04-30"), yearly: false };
        let spanning = quota_for(&calendar, QuotaPeriod::Quarter, &rep("2020-01-01", None), &window);
        assert!((spanning - 90_000.0 * (31.0 / 91.0 + 30.0 / 91.0)).abs() < 1e-9);
    }
}
