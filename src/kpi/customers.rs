//! The KPIs about customers: CLV, customer retention and churn, referrals,
//! read from the customers the selection derives ([`super::derived::customers`]).

use super::context::{Context, Scope};
use super::derived::customers::Customer;
use super::measure::{MeanSum, Measure};
use super::period::Period;
use crate::model::*;

const DAYS_PER_YEAR: f64 = 365.25;

fn years_of_days(days: f64) -> f64 {
    days / DAYS_PER_YEAR
}

/// docs/spec.md §3: CLV = avg purchase value × purchases per year per customer ×
/// average lifespan in years.
pub fn clv(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    // The won deals, tallied once per window (see `Scope::won_tally`).
    let won = scope.won_tally(window);
    let (purchase_value, purchases) = (won.amounts(), won.won_deals());
    let mut lifespan_days = MeanSum::default();
    for customer in scope.customers.iter().filter(|c| c.active_during(window)) {
        let end = customer.churn.map_or(ctx.as_of, |c| c.min(ctx.as_of));
        lifespan_days.add((end - customer.since).into());
    }
    let years_covered = years_of_days(f64::from(window.to - window.from + 1));
    let customers = lifespan_days.count as f64;
    let mut inputs = vec![
        ("won_deals", purchases as f64),
        ("won_deals_with_amount", purchase_value.count as f64),
        ("won_amount", money_to_f64(purchase_value.total)),
        ("customers", customers),
        ("years_covered", years_covered),
    ];
    let (Some(avg_value), Some(avg_lifespan)) = (purchase_value.mean(), lifespan_days.mean()) else {
        let note = if purchase_value.count == 0 {
            "no won deals with an amount in the period"
        } else {
            "no customers active in the period"
        };
        return Measure { value: None, inputs, note: Some(note.into()) };
    };
    let avg_purchase_value = avg_value / crate::model::MONEY_SCALE;
    let purchases_per_year = purchases as f64 / customers / years_covered;
    let lifespan_years = years_of_days(avg_lifespan);
    inputs.extend([
        ("avg_purchase_value", avg_purchase_value),
        ("purchases_per_year_per_customer", purchases_per_year),
        ("avg_lifespan_years", lifespan_years),
    ]);
    Measure { value: Some(avg_purchase_value * purchases_per_year * lifespan_years), inputs, note: None }
}

/// (active at end − new in period) / active at start × 100.
pub fn customer_retention(_ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let at_start = scope.customers.iter().filter(|c| c.active_at(window.from)).count() as f64;
    let at_end = scope.customers.iter().filter(|c| c.active_at(window.to)).count() as f64;
    let new = scope.customers.iter().filter(|c| window.from <= c.since && c.since <= window.to).count() as f64;
    let inputs = vec![("customers_at_start", at_start), ("customers_at_end", at_end), ("new_customers", new)];
    Measure::ratio(at_end - new, at_start, 100.0, inputs, "no customers were active at the start of the period")
}

pub fn customer_churn(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let retention = customer_retention(ctx, scope, window);
    Measure { value: retention.value.map(|r| 100.0 - r), ..retention }
}

/// New customers in the period whose first won deal came from a referral
/// (or whose account has referred_by), attributed to that deal's owner.
pub fn referrals(_ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let new: Vec<&Customer> =
        scope.customers.iter().filter(|c| window.from <= c.since && c.since <= window.to).collect();
    let referred = new.iter().filter(|c| c.referral).count() as u64;
    Measure::count(referred, vec![("new_customers", new.len() as f64)])
}
