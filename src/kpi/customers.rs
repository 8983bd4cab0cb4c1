//! Customers and the KPIs about them: CLV, customer retention and churn,
//! referrals. A customer is an account with a won deal (customer_since
//! defaults to the first won close date) or, with no filter active, an
//! account whose customer_since is given in the accounts file.

use super::context::{Context, Scope};
use super::measure::{MeanSum, Measure};
use super::period::Period;
use crate::day::Day;
use crate::model::*;
use crate::sorting::sort_stable_by;

const DAYS_PER_YEAR: f64 = 365.25;
const REFERRAL_WORDS: &[&str] = &["referral", "referensi", "rujukan", "word of mouth", "referred", "getok tular"];

#[derive(Debug, Clone)]
pub struct Customer {
    pub account: Sym,
    pub since: Day,
    pub churn: Option<Day>,
    /// Owner of the first won deal: who referrals are attributed to.
    pub owner: Option<Sym>,
    pub referral: bool,
    /// The position of the customer's first won deal in the data.
    pub first_deal: Option<u32>,
}

impl Customer {
    /// SPEC §3: since ≤ day and (no churn or churn > day).
    pub fn active_at(&self, day: Day) -> bool {
        self.since <= day && self.churn.is_none_or(|c| c > day)
    }

    fn active_during(&self, window: &Period) -> bool {
        self.since <= window.to && self.churn.is_none_or(|c| c > window.from)
    }
}

pub fn is_referral_source(source: &str) -> bool {
    let lower = source.to_lowercase();
    REFERRAL_WORDS.iter().any(|word| lower.contains(word))
}

/// The customers as of `as_of` made by `won`, the won deals' facts with
/// their positions in the data: an account's first won deal (the earliest
/// close, then the smallest deal id) makes it a customer.
pub fn derive_customers<'a>(
    data: &Dataset,
    won: impl Iterator<Item = (u32, &'a WonFact)>,
    churn_after_days: u32,
    as_of: Day,
    filtered: bool,
) -> Vec<Customer> {
    // Per account: the first deal's position and close, and the last close.
    let mut firsts: IdMap<Sym, (u32, Day, Day)> = IdMap::default();
    let id = |at: u32| data.deal_id(&data.deals[at as usize]);
    for (position, fact) in won {
        let Some(account) = fact.account else { continue };
        // As of a date nothing after it exists: a deal won later neither
        // makes a customer nor keeps one.
        if fact.closed > as_of {
            continue;
        }
        let entry = firsts.entry(account).or_insert((position, fact.closed, fact.closed));
        if fact.closed < entry.1 || (fact.closed == entry.1 && position != entry.0 && id(position) < id(entry.0)) {
            (entry.0, entry.1) = (position, fact.closed);
        }
        entry.2 = entry.2.max(fact.closed);
    }
    let accounts: IdMap<Sym, &Account> = data.accounts.iter().map(|a| (a.name, a)).collect();
    let mut customers: Vec<Customer> = Vec::new();
    for (account, (position, _, last_won)) in &firsts {
        let first = &data.deals[*position as usize];
        let row = accounts.get(account);
        let derived_churn = last_won + churn_after_days as Day;
        let referral = first.lead_source.is_some_and(|s| is_referral_source(data.name(s)))
            || row.is_some_and(|a| a.referred_by.is_some());
        customers.push(Customer {
            account: *account,
            since: row.and_then(|a| a.customer_since).or(first.closed.get()).unwrap_or(*last_won),
            churn: row.and_then(|a| a.churn).or((derived_churn <= as_of).then_some(derived_churn)),
            owner: first.owner,
            referral,
            first_deal: Some(*position),
        });
    }
    if !filtered {
        for account in data.accounts.iter().filter(|a| !firsts.contains_key(&a.name)) {
            let Some(since) = account.customer_since else {
                continue;
            };
            customers.push(Customer {
                account: account.name,
                since,
                churn: account.churn,
                owner: None,
                referral: account.referred_by.is_some(),
                first_deal: None,
            });
        }
    }
    // Each key is worked out once, not at every comparison; the account
    // itself decides between names that differ only in case.
    let mut keyed: Vec<((Day, String, u32), Customer)> = customers
        .into_iter()
        .map(|c| ((c.since, data.name(c.account).to_lowercase(), c.account.index() as u32), c))
        .collect();
    sort_stable_by(&mut keyed, |a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, customer)| customer).collect()
}

fn years_of_days(days: f64) -> f64 {
    days / DAYS_PER_YEAR
}

/// SPEC §4 CLV = avg purchase value × purchases per year per customer ×
/// average lifespan in years.
pub fn clv(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let mut purchase_value = MeanSum::default();
    let mut purchases = 0u64;
    for won in scope.timeline.won_in(window) {
        purchases += 1;
        if let Some(amount) = won.amount.get() {
            purchase_value.add(amount.into());
        }
    }
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
