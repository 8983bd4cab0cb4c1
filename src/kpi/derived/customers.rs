//! Customers, as the customer KPIs read them. A customer is an account with a won deal (customer_since
//! defaults to the first won close date) or, with no filter active, an
//! account whose customer_since is given in the accounts file.

use crate::day::Day;
use crate::kpi::period::Period;
use crate::model::*;

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
    /// docs/spec.md §2: since ≤ day and (no churn or churn > day).
    pub fn active_at(&self, day: Day) -> bool {
        self.since <= day && self.churn.is_none_or(|c| c > day)
    }

    pub fn active_during(&self, window: &Period) -> bool {
        self.since <= window.to && self.churn.is_none_or(|c| c > window.from)
    }
}

pub fn is_referral_source(source: &str) -> bool {
    let lower = crate::lowercase::to_lower(source);
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
    // A lead source is read once, not once per customer.
    let mut referral_sources: IdMap<Sym, bool> = IdMap::default();
    let mut is_referral =
        |source: Sym| *referral_sources.entry(source).or_insert_with(|| is_referral_source(data.name(source)));
    let mut customers: Vec<Customer> = Vec::new();
    for (account, (position, _, last_won)) in &firsts {
        let first = &data.deals[*position as usize];
        let row = accounts.get(account);
        let derived_churn = last_won + churn_after_days as Day;
        let referral = first.lead_source.is_some_and(&mut is_referral) || row.is_some_and(|a| a.referred_by.is_some());
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
    // By since, then the lower-cased account name; the account itself
    // decides between names that differ only in case (`Dataset::name_order`).
    // Sorted as one integer per customer (since, then name order; then the
    // position, so that equal keys keep their order): with the standard
    // sort, not the cold paths' sort through positions (measured: 1.2M
    // instructions per filter change at 5,000 accounts, for this sort alone).
    let order = data.name_order();
    let since = |day: Day| u64::from((day as u32) ^ (1 << 31)) << 32;
    let mut keyed: Vec<(u64, u32)> = (customers.iter().enumerate())
        .map(|(at, c)| (since(c.since) | u64::from(order[c.account.index()]), at as u32))
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, at)| customers[at as usize].clone()).collect()
}
