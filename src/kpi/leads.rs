//! The lead KPIs read from a leads file (issue 11), when one is given:
//! new leads are leads created in the period; lead age is over the leads
//! open at the period's end (not converted, not disqualified); conversion
//! rate is the leads created in the period that became a deal won by the
//! period's end, over the leads created in the period. Each says so in its
//! note. Without a leads file the deal-based readings of docs/spec.md §3 stand.

use super::context::{Context, Scope};
use super::measure::Measure;
use super::period::Period;
use crate::model::*;

fn created_in<'s, 'a>(scope: &'s Scope<'s, 'a>, window: &'s Period) -> impl Iterator<Item = &'a Lead> + 's {
    scope.leads.iter().filter(move |lead| window.from <= lead.created && lead.created <= window.to)
}

/// The deals that leads created in the window became, when won by the
/// window's end: what conversion counts, and what its drill-down lists.
pub fn won_conversions(ctx: &Context, scope: &Scope, window: &Period) -> crate::hashing::IdSet<DealKey> {
    created_in(scope, window).filter_map(|lead| won_conversion(ctx, lead, window)).collect()
}

fn won_conversion(ctx: &Context, lead: &Lead, window: &Period) -> Option<DealKey> {
    let deal = lead.deal?;
    ctx.won_deal_closed(deal).filter(|closed| *closed <= window.to).map(|_| deal)
}

/// A lead KPI's note: which definition it used, and that leads, which have
/// no product, are not narrowed by a product filter.
fn leads_note(ctx: &Context, definition: &str) -> Option<String> {
    let product_filter = !ctx.config.filters.products.is_empty();
    let caveat =
        if product_filter { "; leads have no product, so the product filter does not apply to them" } else { "" };
    Some(format!("from the leads file: {definition}{caveat}"))
}

pub fn new_leads(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let created = created_in(scope, window).count() as u64;
    Measure::count(created, vec![("leads_created", created as f64)])
        .with_note(leads_note(ctx, "leads created in the period"))
}

pub fn avg_lead_age_days(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let at = ctx.snapshot(window.to);
    let open: Vec<&Lead> = scope.leads.iter().filter(|lead| lead.open_at(at)).collect();
    let total_age: i64 = open.iter().map(|lead| i64::from(at - lead.created)).sum();
    let inputs = vec![("open_leads", open.len() as f64), ("total_age_days", total_age as f64)];
    Measure::ratio(total_age as f64, open.len() as f64, 1.0, inputs, "no leads were open at the end of the period")
        .with_note(leads_note(ctx, "leads open (not converted, not disqualified) at the end of the period"))
}

pub fn conversion_rate(ctx: &Context, scope: &Scope, window: &Period) -> Measure {
    let (mut created, mut won, mut converted_without_deal) = (0u64, 0u64, 0u64);
    for lead in created_in(scope, window) {
        created += 1;
        if won_conversion(ctx, lead, window).is_some() {
            won += 1;
        } else if lead.converted && lead.deal.is_none() {
            converted_without_deal += 1;
        }
    }
    let mut inputs = vec![("leads_created", created as f64), ("converted_to_won_deal", won as f64)];
    if converted_without_deal > 0 {
        inputs.push(("converted_without_deal_id", converted_without_deal as f64));
    }
    Measure::ratio(won as f64, created as f64, 100.0, inputs, "no leads were created in the period")
        .with_note(leads_note(ctx, "leads created in the period that became a deal won by the period's end"))
}
