//! Drill-down: the deals behind a KPI value or a dashboard group, so that
//! every number on the page can be clicked through to its rows.

use crate::dashboards::{deal_row, DealRow};
use crate::error::{Error, Result};
use crate::hashing::IdSet;
use crate::json::{Field, FromJson};
use crate::kpi::context::Context;
use crate::kpi::leads::won_conversions;
use crate::kpi::period::Period;
use crate::kpi::team::has_quota;
use crate::kpi::{reads_leads, DrillRule, KPIS};
use crate::model::{money_to_f64, Deal, DealKey, Outcome, Sym};
use crate::sorting::first_sorted_by;
use serde::Serialize;

/// At most this many deals are returned; `total` stays exact.
pub const DEFAULT_LIMIT: usize = 500;

/// Which deals to list: those behind a KPI or a dashboard group, narrowed by the fields set.
#[derive(Debug, Clone, Default)]
pub struct DealQuery {
    /// The KPI whose deals are wanted; none: every deal of the selection.
    pub kpi: Option<String>,
    /// A period label of the report; none: the selection.
    pub period: Option<String>,
    /// Only this rep's deals (`(none)`: deals with no owner).
    pub rep: Option<String>,
    /// Only this region's deals.
    pub region: Option<String>,
    /// Only this account's deals.
    pub account: Option<String>,
    /// Only this product's deals.
    pub product: Option<String>,
    /// Only deals now in this stage.
    pub stage: Option<String>,
    /// Only open, won or lost deals.
    pub outcome: Option<Outcome>,
    /// At most this many deals listed (default 500; `total` stays exact).
    pub limit: Option<usize>,
}

/// The deals behind a number.
#[derive(Debug, Clone, Serialize)]
pub struct DealList {
    /// How many deals match (all of them, beyond the limit).
    pub total: u64,
    /// The sum of their amounts.
    pub total_amount: f64,
    /// The rule that picked them, in words.
    pub rule: String,
    /// The deals, the largest amounts first, up to the limit.
    pub deals: Vec<DealRow>,
}

type Rule = (&'static str, Box<dyn Fn(&Deal) -> bool>);

/// Which deals a KPI's value is computed from, as a predicate and in words:
/// the registry's [`DrillRule`] of the KPI (none: every deal of the selection).
fn kpi_rule(ctx: &Context, kpi: Option<&str>, window: &Period) -> Result<Rule> {
    let (from, to) = (window.from, window.to);
    let Some(id) = kpi.filter(|id| !id.is_empty()) else {
        return Ok(("deals of the selection", Box::new(move |d: &Deal| d.in_pipeline_during(from, to))));
    };
    let not_from_deals = || Error::config(format!("\"{id}\" is not computed from deals; its inputs explain it"));
    let def = KPIS.iter().find(|def| def.id == id).ok_or_else(not_from_deals)?;
    if ctx.has_leads() && reads_leads(id) {
        return leads_rule(ctx, id, window);
    }
    deals_rule(ctx, def.drill, window).ok_or_else(not_from_deals)
}

/// With a leads file, the lead KPIs are counted from leads: conversion's
/// deals are those the period's leads became; the others have none.
fn leads_rule(ctx: &Context, id: &str, window: &Period) -> Result<Rule> {
    if id != "conversion_rate" {
        return Err(Error::config(format!(
            "\"{id}\" is counted from the leads file, not from deals; its inputs explain it"
        )));
    }
    let won: IdSet<DealKey> = won_conversions(ctx, &ctx.all(), window);
    Ok((
        "deals won by the period's end that leads created in the period became",
        Box::new(move |d: &Deal| d.id.get().is_some_and(|id| won.contains(&id))),
    ))
}

/// The deals behind a rule; none for a KPI not computed from deals.
fn deals_rule(ctx: &Context, drill: DrillRule, window: &Period) -> Option<Rule> {
    let (from, to, at) = (window.from, window.to, ctx.snapshot(window.to));
    let rule: Rule = match drill {
        DrillRule::InPipeline => {
            ("deals in the pipeline during the period", Box::new(move |d: &Deal| d.in_pipeline_during(from, to)))
        }
        DrillRule::Created => ("deals created in the period", Box::new(move |d: &Deal| d.created_in(from, to))),
        DrillRule::Closed => ("deals won or lost in the period", Box::new(move |d: &Deal| d.closed_in(from, to))),
        DrillRule::Won => ("deals won in the period", Box::new(move |d: &Deal| d.won_in(from, to))),
        DrillRule::WonWithCycle => (
            "deals won in the period with a created date on or before their close date",
            Box::new(move |d: &Deal| {
                d.won_in(from, to) && d.created.get().is_some_and(|c| d.closed.get().is_some_and(|x| c <= x))
            }),
        ),
        DrillRule::WonByRepsWithQuota => {
            let all = ctx.all();
            let with_quota: IdSet<Sym> = all.reps.iter().filter(|rep| has_quota(rep)).map(|rep| rep.name).collect();
            (
                "deals won in the period by reps with a quota",
                Box::new(move |d: &Deal| {
                    d.won_in(from, to) && d.owner.is_some_and(|owner| with_quota.contains(&owner))
                }),
            )
        }
        DrillRule::OpenAtEnd => ("deals open at the end of the period", Box::new(move |d: &Deal| d.open_at(at))),
        DrillRule::ReferredFirstWins => {
            let firsts: IdSet<*const Deal> = ctx
                .customers
                .all
                .iter()
                .filter(|c| c.referral && from <= c.since && c.since <= to)
                .filter_map(|c| c.first_deal.map(|at| &ctx.data.deals[at as usize] as *const Deal))
                .collect();
            (
                "first won deals of referred new customers",
                Box::new(move |d: &Deal| firsts.contains(&(d as *const Deal))),
            )
        }
        DrillRule::EnteredStage => {
            let entered: IdSet<*const Deal> = ctx
                .stages()
                .histories(&ctx.data.deals)
                .filter(|(_, h)| h.iter().any(|(day, _)| from <= *day && *day <= to))
                .map(|(d, _)| d as *const Deal)
                .collect();
            (
                "deals that entered a stage in the period",
                Box::new(move |d: &Deal| entered.contains(&(d as *const Deal))),
            )
        }
        DrillRule::NotFromDeals => return None,
    };
    Some(rule)
}

fn matches(ctx: &Context, wanted: &Option<String>, value: Option<Sym>) -> bool {
    match wanted {
        None => true,
        Some(name) if name == "(none)" => value.is_none(),
        Some(name) => value.is_some_and(|v| crate::model::fold(ctx.name(v)) == crate::model::fold(name)),
    }
}

pub fn deals_behind(ctx: &Context, query: &DealQuery) -> Result<DealList> {
    let window = match &query.period {
        None => ctx.selection(),
        Some(label) => ctx
            .periods()
            .into_iter()
            .find(|p| &p.label == label)
            .ok_or_else(|| Error::config(format!("\"{label}\" is not a period of the selection")))?,
    };
    let (rule_text, rule) = kpi_rule(ctx, query.kpi.as_deref(), &window)?;
    let mut deals: Vec<&Deal> = ctx
        .deals()
        .iter()
        .filter(|d| rule(d))
        .filter(|d| matches(ctx, &query.rep, d.owner) && matches(ctx, &query.region, d.region))
        .filter(|d| matches(ctx, &query.account, d.account) && matches(ctx, &query.product, d.product))
        .filter(|d| matches(ctx, &query.stage, d.stage) && query.outcome.is_none_or(|o| d.outcome == o))
        .collect();
    let (total, total_amount) = (deals.len() as u64, deals.iter().filter_map(|d| d.amount.get()).map(i128::from).sum());
    first_sorted_by(&mut deals, query.limit.unwrap_or(DEFAULT_LIMIT), |a, b| {
        b.amount.get().cmp(&a.amount.get()).then_with(|| ctx.data.deal_id(a).cmp(&ctx.data.deal_id(b)))
    });
    Ok(DealList {
        total,
        total_amount: money_to_f64(total_amount),
        rule: rule_text.to_string(),
        deals: deals.into_iter().map(|d| deal_row(ctx, d)).collect(),
    })
}

impl FromJson for DealQuery {
    const WHAT: &'static str = "the query";

    fn from_field(field: &Field) -> std::result::Result<DealQuery, String> {
        let fields = ["kpi", "period", "rep", "region", "account", "product", "stage", "outcome", "limit"];
        let mut query = DealQuery::default();
        // `object` has checked every key against `fields`: the last arm is `limit`.
        for (key, value) in field.object(&fields)? {
            let text = value.optional(Field::text);
            match key {
                "kpi" => query.kpi = text?,
                "period" => query.period = text?,
                "rep" => query.rep = text?,
                "region" => query.region = text?,
                "account" => query.account = text?,
                "product" => query.product = text?,
                "stage" => query.stage = text?,
                "outcome" => query.outcome = value.optional(|v| v.choice(&Outcome::NAMED))?,
                _ => query.limit = value.optional(Field::whole)?,
            }
        }
        Ok(query)
    }
}

/// Which activities to list (the activity log).
#[derive(Debug, Clone, Default)]
pub struct ActivityQuery {
    /// Only this rep's activities.
    pub rep: Option<String>,
    /// call, email, meeting, task, other
    pub kind: Option<crate::model::ActivityKind>,
    /// done, open, overdue
    pub state: Option<String>,
    /// At most this many listed.
    pub limit: Option<usize>,
}

impl FromJson for ActivityQuery {
    const WHAT: &'static str = "the query";

    fn from_field(field: &Field) -> std::result::Result<ActivityQuery, String> {
        let mut query = ActivityQuery::default();
        // `object` has checked every key: the last arm is `limit`.
        for (key, value) in field.object(&["rep", "kind", "state", "limit"])? {
            match key {
                "rep" => query.rep = value.optional(Field::text)?,
                "kind" => query.kind = value.optional(|v| v.choice(&crate::model::ActivityKind::NAMED))?,
                "state" => query.state = value.optional(Field::text)?,
                _ => query.limit = value.optional(Field::whole)?,
            }
        }
        Ok(query)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ActivityLogRow {
    pub owner: Option<String>,
    pub kind: crate::model::ActivityKind,
    pub subject: Option<String>,
    pub deal_id: Option<String>,
    pub date: Option<String>,
    pub due: Option<String>,
    pub completed: Option<String>,
    pub state: &'static str,
}

/// The activities of a selection.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityLog {
    /// How many activities match.
    pub total: u64,
    /// The activities, the latest first, up to the limit.
    pub activities: Vec<ActivityLogRow>,
}

fn activity_state(activity: &crate::model::Activity, as_of: crate::day::Day) -> &'static str {
    if activity.completed_by(as_of) {
        "done"
    } else if activity.due.get().is_some_and(|d| d < as_of) {
        "overdue"
    } else {
        "open"
    }
}

/// The activity log of the selection, newest first.
pub fn activity_log(ctx: &Context, query: &ActivityQuery) -> ActivityLog {
    use crate::day::format_day;
    let mut rows: Vec<&crate::model::Activity> = ctx
        .activities()
        .iter()
        .filter(|a| a.first_date().is_none_or(|d| ctx.from <= d && d <= ctx.to))
        .filter(|a| matches(ctx, &query.rep, a.owner) && query.kind.is_none_or(|k| a.kind == k))
        .filter(|a| query.state.as_deref().is_none_or(|s| activity_state(a, ctx.as_of) == s))
        .collect();
    let total = rows.len() as u64;
    first_sorted_by(&mut rows, query.limit.unwrap_or(DEFAULT_LIMIT), |a, b| b.first_date().cmp(&a.first_date()));
    ActivityLog {
        total,
        activities: rows
            .into_iter()
            .map(|a| ActivityLogRow {
                owner: a.owner.map(|o| ctx.name(o).to_string()),
                kind: a.kind,
                subject: a.subject.get().map(|subject| ctx.data.notes.text(subject).to_string()),
                deal_id: a.deal.get().map(|key| ctx.data.deal_keys.id(key).to_string()),
                date: a.first_date().map(format_day),
                due: a.due.get().map(format_day),
                completed: a.completed.get().map(format_day),
                state: activity_state(a, ctx.as_of),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActivityKind;

    #[test]
    fn queries_are_read_from_json() {
        let text = r#"{"kpi": "win_rate", "period": "2024-Q1", "rep": "Ana", "region": "North", "account": "PT A",
            "product": "X", "stage": null, "outcome": "won", "limit": 20}"#;
        let query = DealQuery::from_json(text).unwrap();
        let texts =
            [&query.kpi, &query.period, &query.rep, &query.region, &query.account, &query.product, &query.stage];
        let texts: Vec<Option<&str>> = texts.iter().map(|t| t.as_deref()).collect();
        assert_eq!(
            texts,
            [Some("win_rate"), Some("2024-Q1"), Some("Ana"), Some("North"), Some("PT A"), Some("X"), None]
        );
        assert_eq!((query.outcome, query.limit), (Some(Outcome::Won), Some(20)));
        let log =
            ActivityQuery::from_json(r#"{"rep": "Ana", "kind": "call", "state": "overdue", "limit": 3}"#).unwrap();
        assert_eq!(
            (log.rep.as_deref(), log.kind, log.state.as_deref()),
            (Some("Ana"), Some(ActivityKind::Call), Some("overdue"))
        );
        assert_eq!(log.limit, Some(3));
        let error = DealQuery::from_json(r#"{"outcome": "maybe"}"#).unwrap_err().to_string();
        assert!(error.contains("the query is not valid: `outcome` must be one of `open`, `won`, `lost`"), "{error}");
        assert!(ActivityQuery::from_json(r#"{"who": "Ana"}"#).unwrap_err().to_string().contains("unknown field `who`"));
    }
}
