//! The aggregates the six dashboards draw (docs/spec.md §5): pipeline by stage, won
//! by region/account/product, notable deals, the leaderboard, at-risk
//! deals, monthly won against target and forecast, activity per rep.

use crate::day::{format_day, Day};
use crate::float_text::FloatText;
use crate::kpi::context::Context;
use crate::kpi::period::{Calendar, Period};
use crate::kpi::ActivityTally;
use crate::kpi_values::{Inputs, Kpi};
use crate::model::*;
use crate::sorting::{first_sorted_by, sort_stable_by};
use serde::Serialize;
use std::collections::BTreeMap;

/// At most this many at-risk deals are listed (the count stays exact).
pub const MAX_AT_RISK: usize = 50;

/// A dashboard's view carries the won deals by region and account when
/// there are at most this many rows; beyond, the page asks for one
/// region's accounts when it is drilled into
/// ([`crate::Session::region_accounts`]). A million deals of 5,000 accounts
/// in 4 regions make 20,000 rows, 2.7 MB of the Performance view's 3.4 MB
/// of JSON.
pub const VIEW_REGION_ACCOUNTS: usize = 1_000;

/// The dashboards' tables and chart series (a dashboard's view holds only its own parts).
#[derive(Debug, Clone, Serialize)]
pub struct Dashboards {
    /// Open deals by stage: count, amount and weighted amount.
    pub pipeline_by_stage: Vec<StageRow>,
    /// Won deals of the selection by region.
    pub won_by_region: Vec<GroupRow>,
    /// Won deals by account.
    pub won_by_account: Vec<GroupRow>,
    /// Won deals by product.
    pub won_by_product: Vec<GroupRow>,
    /// Won deals by region and account (in a dashboard's view, only when
    /// there are at most [`VIEW_REGION_ACCOUNTS`]).
    pub won_by_region_account: Vec<GroupRow>,
    /// Won deals by region and product.
    pub won_by_region_product: Vec<GroupRow>,
    /// The largest open deals.
    pub top_open_deals: Vec<DealRow>,
    /// The largest deals won in the selection.
    pub top_won_deals: Vec<DealRow>,
    /// One row per rep: won amount, deals, win rate, quota attainment, activities.
    pub leaderboard: Vec<LeaderRow>,
    /// How many open deals are at risk (overdue or stalled).
    pub at_risk_count: u64,
    /// The deals at risk, the largest first, with why.
    pub at_risk_deals: Vec<AtRiskRow>,
    /// Per month of the selection: created, won and lost deals and amounts.
    pub monthly: Vec<MonthRow>,
    /// Activities by rep and kind.
    pub activity_by_rep: Vec<ActivityRow>,
    /// Activities by month and kind.
    pub activity_by_month: Vec<ActivityRow>,
    /// Every kept activity counted as `activity_by_rep` counts a rep's
    /// (activities without a rep included); `None` when the view has no
    /// activity part (and then left out of the JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_totals: Option<ActivityRow>,
    /// The forecast for the quarter and the year holding the as-of date;
    /// `None` when the view has no monthly part (and then left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<Forecast>,
}

/// How the forecast is made: from the deals' forecast categories when the
/// data has them (won + commit + best case, as CRMs roll them up), else
/// won + the probability-weighted pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastMethod {
    ForecastCategory,
    WeightedPipeline,
}

#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    pub method: ForecastMethod,
    /// The quarter, then the year, holding the as-of date (whole periods).
    pub periods: Vec<ForecastPeriod>,
}

/// Won so far plus what the open deals expected to close in the period
/// add: `forecast` = `won` + `commit` + `best_case` (forecast categories)
/// or `won` + `weighted_pipeline`.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastPeriod {
    pub period: String,
    pub from: String,
    pub to: String,
    /// Won with a close date in the period, up to the as-of date.
    pub won: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_case: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_pipeline: Option<f64>,
    pub forecast: f64,
    /// The team revenue targets' share of the period.
    pub target: Option<f64>,
    /// `forecast` ÷ `target` × 100.
    pub attainment: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageRow {
    pub stage: String,
    pub open_deals: u64,
    pub amount: f64,
    pub weighted: f64,
}

/// Closed deals of one group (a region, an account, a product, or one of
/// a region's accounts or products).
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    /// The group's name (`(none)`: deals with none).
    pub key: String,
    /// The region it lies in, for a region's accounts and products.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Deals won in the selection.
    pub won_deals: u64,
    /// Their amount.
    pub won_amount: f64,
    /// Deals lost in the selection.
    pub lost_deals: u64,
    /// Won out of closed, in percent; none with no closed deal.
    pub win_rate: Option<f64>,
}

/// A deal as the tables list it.
#[derive(Debug, Clone, Serialize)]
pub struct DealRow {
    /// The deal's id (`file:line` when the file has none).
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its account.
    pub account: Option<String>,
    /// Its owner (rep).
    pub owner: Option<String>,
    /// Its current stage.
    pub stage: Option<String>,
    /// Open, won or lost.
    pub outcome: Outcome,
    /// Its amount.
    pub amount: Option<f64>,
    /// Its probability, in percent.
    pub probability: Option<f64>,
    /// Its created date.
    pub created: Option<String>,
    /// Its close date (won and lost deals).
    pub close_date: Option<String>,
    /// Its expected close date (open deals).
    pub expected_close: Option<String>,
    /// Its region.
    pub region: Option<String>,
    /// Its product.
    pub product: Option<String>,
    /// The file it was read from.
    pub file: String,
    /// The line of the file its record starts on.
    pub row: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeaderRow {
    pub rank: usize,
    pub rep: String,
    pub team: Option<String>,
    pub won_amount: f64,
    pub won_deals: u64,
    pub quota: Option<f64>,
    pub quota_attainment: Option<f64>,
    pub open_deals: u64,
    pub open_value: f64,
    pub deals_created: u64,
    pub pipeline_created: f64,
    pub avg_sales_cycle_days: Option<f64>,
    pub win_rate: Option<f64>,
    pub activities: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AtRiskRow {
    pub deal: DealRow,
    /// Why, in English sentences (the CLI's reading).
    pub reason: String,
    /// Why, as numbers, for the page to word in its language.
    pub reasons: Vec<RiskDetail>,
}

/// One reason an open deal is at risk.
#[derive(Debug, Clone, Serialize)]
pub struct RiskDetail {
    /// `past_expected_close`, `long_in_stage` or `long_open`.
    pub kind: &'static str,
    /// Days past the expected close date, in the stage, or open.
    pub days: f64,
    /// The stage the deal sits in (`long_in_stage` only).
    pub stage: Option<String>,
    /// The usual stay in that stage, or the usual sales cycle, in days.
    pub usual: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthRow {
    pub month: String,
    pub won_amount: f64,
    pub cumulative_won: f64,
    pub weighted_pipeline: f64,
    pub cumulative_forecast: f64,
    /// Open deals in the Commit and Best Case forecast categories expected
    /// to close in the month (forecast categories only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_case: Option<f64>,
    pub target: Option<f64>,
    pub cumulative_target: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ActivityRow {
    pub key: String,
    pub calls: u64,
    pub emails: u64,
    pub meetings: u64,
    pub tasks: u64,
    pub other: u64,
    pub tasks_completed: u64,
    pub tasks_overdue: u64,
}

fn opt_name(ctx: &Context, sym: Option<Sym>) -> Option<String> {
    sym.map(|s| ctx.name(s).to_string())
}

pub fn deal_row(ctx: &Context, deal: &Deal) -> DealRow {
    DealRow {
        id: ctx.data.deal_id(deal).into_owned(),
        name: deal.name.get().map(|name| ctx.data.texts.text(name).to_string()),
        account: opt_name(ctx, deal.account),
        owner: opt_name(ctx, deal.owner),
        stage: opt_name(ctx, deal.stage),
        outcome: deal.outcome,
        amount: deal.amount.get().map(|a| money_to_f64(a.into())),
        probability: deal.terms_in(&ctx.data.deal_terms).probability.get(),
        created: deal.created.get().map(format_day),
        close_date: deal.closed.get().map(format_day),
        expected_close: deal.expected_close.get().map(format_day),
        region: opt_name(ctx, deal.region),
        product: opt_name(ctx, deal.product),
        file: ctx.data.file_names.get(deal.file as usize).cloned().unwrap_or_default(),
        row: deal.line,
    }
}

/// The parts of [`Dashboards`], so that one dashboard builds only its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Open deals by stage.
    PipelineByStage,
    /// Won deals by region, account and product (by region and account:
    /// only when there are at most [`VIEW_REGION_ACCOUNTS`] rows).
    WonGroups,
    /// Won deals by region and account, however many rows.
    RegionAccounts,
    /// The largest open and won deals.
    TopDeals,
    /// The reps' leaderboard.
    Leaderboard,
    /// The deals at risk.
    AtRisk,
    /// The monthly trends.
    Monthly,
    /// Activity counts by rep and month.
    Activity,
}

impl Part {
    /// Every part, in the order the report lists them.
    pub const ALL: &'static [Part] = &[
        Part::PipelineByStage,
        Part::WonGroups,
        Part::RegionAccounts,
        Part::TopDeals,
        Part::Leaderboard,
        Part::AtRisk,
        Part::Monthly,
        Part::Activity,
    ];

    /// The KPIs (with their breakdowns) the part is built from.
    pub fn kpis(self) -> &'static [&'static str] {
        match self {
            Part::Leaderboard => &["quota_attainment", "pipeline_value", "avg_sales_cycle_days", "win_rate"],
            Part::AtRisk => &["avg_time_in_stage_days", "avg_sales_cycle_days"],
            _ => &[],
        }
    }
}

/// Builds the `parts` asked for; the others stay empty.
pub fn build(ctx: &Context, kpis: &BTreeMap<&'static str, Kpi>, parts: &[Part]) -> Dashboards {
    let selection = ctx.selection();
    let wants = |part: Part| parts.contains(&part);
    let grouped = wants(Part::WonGroups) || wants(Part::RegionAccounts);
    let closed = if grouped { closed_by_triple(ctx, &selection) } else { Vec::new() };
    let [won_by_region, won_by_account, won_by_product, won_by_region_account, won_by_region_product] =
        won_groups(ctx, &closed, wants(Part::RegionAccounts));
    let (at_risk_count, at_risk_deals) = if wants(Part::AtRisk) { at_risk(ctx, kpis) } else { (0, Vec::new()) };
    let (activity_by_rep, activity_by_month) =
        if wants(Part::Activity) { activity(ctx) } else { (Vec::new(), Vec::new()) };
    let activity_totals = wants(Part::Activity).then(|| ActivityRow::of("all", ctx.activity_tally(None)));
    let (monthly, forecast) = match wants(Part::Monthly) {
        true => {
            let (monthly, forecast) = monthly_and_forecast(ctx);
            (monthly, Some(forecast))
        }
        false => (Vec::new(), None),
    };
    Dashboards {
        pipeline_by_stage: if wants(Part::PipelineByStage) { pipeline_by_stage(ctx) } else { Vec::new() },
        won_by_region,
        won_by_account,
        won_by_product,
        won_by_region_account,
        won_by_region_product,
        top_open_deals: if wants(Part::TopDeals) { top_deals(ctx, open_amounts(ctx)) } else { Vec::new() },
        top_won_deals: if wants(Part::TopDeals) { top_deals(ctx, won_amounts(ctx, &selection)) } else { Vec::new() },
        leaderboard: if wants(Part::Leaderboard) { leaderboard(ctx, kpis) } else { Vec::new() },
        at_risk_count,
        at_risk_deals,
        monthly,
        activity_by_rep,
        activity_by_month,
        activity_totals,
        forecast,
    }
}

fn pipeline_by_stage(ctx: &Context) -> Vec<StageRow> {
    let at = ctx.snapshot(ctx.to);
    // By the stage's name index (0: no stage), with no hashing per open deal.
    let mut rows = vec![(0u64, 0i128, 0i128); ctx.data.names.count() + 1];
    for deal in ctx.open_on(at) {
        let row = &mut rows[deal.stage.map_or(0, |stage| stage.index() + 1)];
        row.0 += 1;
        if let Some(amount) = deal.amount.get() {
            row.1 += i128::from(amount);
            row.2 += deal.weighted_amount().unwrap_or_default();
        }
    }
    let stage_of = |at: usize| at.checked_sub(1).map(Sym::from_index);
    let mut rows: Vec<(usize, StageRow)> = rows
        .into_iter()
        .enumerate()
        .filter(|(_, (count, _, _))| *count > 0)
        .map(|(at, (count, amount, weighted))| {
            let stage = stage_of(at);
            let rank = stage.and_then(|s| ctx.stages().rank(s)).unwrap_or(usize::MAX);
            let row = StageRow {
                stage: opt_name(ctx, stage).unwrap_or_else(|| "(no stage)".into()),
                open_deals: count,
                amount: money_to_f64(amount),
                weighted: money_to_f64(weighted),
            };
            (rank, row)
        })
        .collect();
    sort_stable_by(&mut rows, |a, b| {
        a.0.cmp(&b.0).then(b.1.amount.total_cmp(&a.1.amount)).then_with(|| a.1.stage.cmp(&b.1.stage))
    });
    rows.into_iter().map(|(_, row)| row).collect()
}

type GroupKey = (Option<Sym>, Option<Option<Sym>>);

/// What the closed deals are grouped by: their account, region and product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Triple {
    account: Option<Sym>,
    region: Option<Sym>,
    product: Option<Sym>,
}

/// Won deals, their amount, and lost deals.
type Tally = (u64, i128, u64);

/// The deals closed in the window counted once per (account, region,
/// product): a million deals fall in a few thousand such triples, which
/// each grouping then adds up. Read from the won and closed facts in date
/// order and each deal's triple by its position: no deal row is read.
fn closed_by_triple(ctx: &Context, window: &Period) -> Vec<(Triple, Tally)> {
    let cells = ctx.data.group_cells();
    let mut tallies: Vec<Tally> = vec![(0, 0, 0); cells.keys.len()];
    for (cell, won) in ctx.won_cells_in(window) {
        let tally = &mut tallies[cell as usize];
        tally.0 += 1;
        tally.1 += i128::from(won.amount.get().unwrap_or(0));
    }
    for cell in ctx.lost_cells_in(window) {
        tallies[cell as usize].2 += 1;
    }
    let triples = cells.keys.iter().zip(tallies).filter(|(_, tally)| *tally != (0, 0, 0));
    triples
        .map(|([account, region, product], tally)| {
            (Triple { account: *account, region: *region, product: *product }, tally)
        })
        .collect()
}

/// The won deals of one region (as the page shows it: a name, or
/// `(none)`) by account: the rows of `won_by_region_account` whose parent
/// is `region`, in the same order.
pub fn region_accounts(ctx: &Context, region: &str) -> Vec<GroupRow> {
    let mut closed = closed_by_triple(ctx, &ctx.selection());
    closed.retain(|(triple, _)| shown_name(ctx, triple.region) == region);
    group_rows(ctx, add_up(&closed, |t| (t.account, Some(t.region))))
}

/// The closed deals by region, account, product, region and account (all
/// of them with `every_region_account`, else up to [`VIEW_REGION_ACCOUNTS`]),
/// and region and product. The triples are added up by region and account
/// and by region and product, and those (fewer) by one name each.
fn won_groups(ctx: &Context, closed: &[(Triple, Tally)], every_region_account: bool) -> [Vec<GroupRow>; 5] {
    let region_accounts = add_up(closed, |t| (t.account, Some(t.region)));
    let region_products = add_up(closed, |t| (t.product, Some(t.region)));
    let regions = group_rows(ctx, add_up_again(&region_products, |(_, region)| region.flatten()));
    let accounts = group_rows(ctx, add_up_again(&region_accounts, |(account, _)| *account));
    let products = group_rows(ctx, add_up_again(&region_products, |(product, _)| *product));
    let region_accounts = match every_region_account || region_accounts.len() <= VIEW_REGION_ACCOUNTS {
        true => group_rows(ctx, region_accounts),
        false => Vec::new(),
    };
    [regions, accounts, products, region_accounts, group_rows(ctx, region_products)]
}

/// The closed deals' tallies added up by `key`.
fn add_up(closed: &[(Triple, Tally)], key: fn(&Triple) -> GroupKey) -> IdMap<GroupKey, Tally> {
    let mut groups: IdMap<GroupKey, Tally> = IdMap::default();
    closed.iter().for_each(|(triple, tally)| add_to(&mut groups, key(triple), tally));
    groups
}

/// Groups' tallies added up by one name of their key.
fn add_up_again(groups: &IdMap<GroupKey, Tally>, key: fn(&GroupKey) -> Option<Sym>) -> IdMap<GroupKey, Tally> {
    let mut again: IdMap<GroupKey, Tally> = IdMap::default();
    groups.iter().for_each(|(group, tally)| add_to(&mut again, (key(group), None), tally));
    again
}

fn add_to(groups: &mut IdMap<GroupKey, Tally>, key: GroupKey, (won, amount, lost): &Tally) {
    let entry = groups.entry(key).or_default();
    entry.0 += won;
    entry.1 += amount;
    entry.2 += lost;
}

/// The groups as rows, the largest won amount first.
fn group_rows(ctx: &Context, groups: IdMap<GroupKey, Tally>) -> Vec<GroupRow> {
    // Largest won amount first, then by parent and key as shown, compared
    // by their places in byte order (ties are many: every group with lost
    // deals only).
    let place = text_place(ctx);
    let sort_key = |(k, parent): &GroupKey, amount: i128| (money_to_f64(amount), parent.map(&place), place(*k));
    let mut groups: Vec<_> = groups.into_iter().map(|(key, tally)| (sort_key(&key, tally.1), key, tally)).collect();
    sort_stable_by(&mut groups, |((a_amount, a_parent, a_key), ..), ((b_amount, b_parent, b_key), ..)| {
        b_amount.total_cmp(a_amount).then(a_parent.cmp(b_parent)).then(a_key.cmp(b_key))
    });
    let shown = |sym: Option<Sym>| shown_name(ctx, sym).to_string();
    groups
        .into_iter()
        .map(|((won_amount, ..), (k, parent), (won, _, lost))| GroupRow {
            key: shown(k),
            parent: parent.map(shown),
            won_deals: won,
            won_amount,
            lost_deals: lost,
            win_rate: (won + lost > 0).then(|| won as f64 / (won + lost) as f64 * 100.0),
        })
        .collect()
}

/// What a group with no name (no account, region or product) is shown as.
const NO_NAME: &str = "(none)";

/// A group's name as shown: its name, or [`NO_NAME`].
fn shown_name<'a>(ctx: &Context<'a>, sym: Option<Sym>) -> &'a str {
    sym.map_or(NO_NAME, |sym| ctx.name(sym))
}

/// The place of the text shown for a name (or [`NO_NAME`]) in byte order:
/// names at odd places, [`NO_NAME`] at the place of a name it equals, or
/// at the even place between the names around it.
fn text_place<'c>(ctx: &'c Context) -> impl Fn(Option<Sym>) -> u32 + 'c {
    let order = ctx.data.byte_order();
    let names = || (0..order.len()).map(|at| ctx.name(Sym::from_index(at)));
    let equal = names().position(|name| name == NO_NAME).map(|at| 2 * order[at] + 1);
    let none = equal.unwrap_or_else(|| 2 * names().filter(|name| *name < NO_NAME).count() as u32);
    move |sym| sym.map_or(none, |sym| 2 * order[sym.index()] + 1)
}

/// The open deals at the as-of date with an amount: positions and amounts.
fn open_amounts<'c>(ctx: &'c Context) -> impl Iterator<Item = (u32, Money)> + 'c {
    ctx.open_at_as_of().iter().filter_map(|deal| Some((deal.at, deal.amount.get()?)))
}

/// The deals won in `window` with an amount: positions and amounts.
fn won_amounts<'c>(ctx: &'c Context, window: &Period) -> impl Iterator<Item = (u32, Money)> + 'c {
    ctx.won_in(window).filter_map(|(at, won)| Some((at, won.amount.get()?)))
}

/// The `top_n` of `deals` (positions and amounts), largest first (ties: by
/// deal id, then data order), in one pass with no copy of the rest: only
/// the deals that come near the top are read.
fn top_deals(ctx: &Context, deals: impl Iterator<Item = (u32, Money)>) -> Vec<DealRow> {
    let id = |at: u32| ctx.data.deal_id(&ctx.data.deals[at as usize]);
    let order = |(a_at, a): &(u32, Money), (b_at, b): &(u32, Money)| {
        b.cmp(a).then_with(|| id(*a_at).cmp(&id(*b_at))).then(a_at.cmp(b_at))
    };
    let size = ctx.config.top_n;
    let mut top: Vec<(u32, Money)> = Vec::with_capacity(size + 1);
    for deal in deals {
        if size == 0 || top.len() == size && top.last().is_some_and(|last| order(&deal, last).is_ge()) {
            continue;
        }
        let at = top.partition_point(|shown| order(shown, &deal).is_le());
        top.insert(at, deal);
        top.truncate(size);
    }
    top.into_iter().map(|(at, _)| deal_row(ctx, &ctx.data.deals[at as usize])).collect()
}

fn rep_value(kpis: &BTreeMap<&'static str, Kpi>, id: &str, rep: &str) -> Option<(Option<f64>, Inputs)> {
    let row = kpis.get(id)?.by_rep.as_ref()?.iter().find(|r| r.rep == rep)?;
    Some((row.value, row.inputs.clone()))
}

fn leaderboard(ctx: &Context, kpis: &BTreeMap<&'static str, Kpi>) -> Vec<LeaderRow> {
    let selection = ctx.selection();
    let team_of: IdMap<Sym, Option<Sym>> = ctx.data.reps.iter().map(|r| (r.name, r.team)).collect();
    let mut rows: Vec<LeaderRow> = ctx
        .rep_names
        .iter()
        .map(|rep| {
            let scope = ctx.rep(*rep);
            let name = ctx.name(*rep);
            // Tallied once per rep and window (see `Scope::won_tally`).
            let won = scope.won_tally(&selection);
            let created = scope.timeline.created_in(&selection);
            let (attainment, attainment_inputs) = rep_value(kpis, "quota_attainment", name).unwrap_or_default();
            let (open_value, open_inputs) = rep_value(kpis, "pipeline_value", name).unwrap_or_default();
            LeaderRow {
                rank: 0,
                rep: name.to_string(),
                team: team_of.get(rep).copied().flatten().map(|t| ctx.name(t).to_string()),
                won_amount: money_to_f64(won.won_amount()),
                won_deals: won.won_deals(),
                quota: attainment_inputs.get("quota").copied().filter(|q| *q > 0.0),
                quota_attainment: attainment,
                open_deals: open_inputs.get("open_deals").copied().unwrap_or(0.0) as u64,
                open_value: open_value.unwrap_or(0.0),
                deals_created: created.len() as u64,
                pipeline_created: money_to_f64(created.iter().filter_map(|d| d.amount.get()).map(i128::from).sum()),
                avg_sales_cycle_days: rep_value(kpis, "avg_sales_cycle_days", name).and_then(|v| v.0),
                win_rate: rep_value(kpis, "win_rate", name).and_then(|v| v.0),
                activities: scope.activity_count(),
            }
        })
        .collect();
    sort_stable_by(&mut rows, |a, b| {
        let by_attainment =
            b.quota_attainment.unwrap_or(f64::NEG_INFINITY).total_cmp(&a.quota_attainment.unwrap_or(f64::NEG_INFINITY));
        by_attainment.then(b.won_amount.total_cmp(&a.won_amount)).then_with(|| a.rep.cmp(&b.rep))
    });
    rows.iter_mut().enumerate().for_each(|(i, row)| row.rank = i + 1);
    rows
}

/// Why an open deal is at risk, as numbers (worded only for the rows shown).
#[derive(Clone, Copy)]
enum RiskReason {
    PastExpectedClose { days: i32 },
    LongInStage { stage: Sym, days: f64, usual: f64 },
    LongOpen { age: f64, usual: f64 },
}

impl RiskReason {
    fn detail(self, ctx: &Context) -> RiskDetail {
        match self {
            RiskReason::PastExpectedClose { days } => {
                RiskDetail { kind: "past_expected_close", days: f64::from(days), stage: None, usual: None }
            }
            RiskReason::LongInStage { stage, days, usual } => {
                RiskDetail { kind: "long_in_stage", days, stage: Some(ctx.name(stage).to_string()), usual: Some(usual) }
            }
            RiskReason::LongOpen { age, usual } => {
                RiskDetail { kind: "long_open", days: age, stage: None, usual: Some(usual) }
            }
        }
    }
}

impl RiskDetail {
    /// One English sentence.
    fn sentence(&self) -> String {
        // `{:.0}` rounds half to even, as `round_ties_even` does.
        let (days, usual) = (FloatText(self.days), FloatText(self.usual.unwrap_or(0.0).round_ties_even()));
        match self.kind {
            "past_expected_close" => format!("{days} days past its expected close date."),
            "long_in_stage" => format!(
                "In stage \"{}\" for {days} days, where deals usually stay {usual} days.",
                self.stage.as_deref().unwrap_or("")
            ),
            _ => format!("Open for {days} days, over twice the usual sales cycle of {usual} days."),
        }
    }
}

fn at_risk(ctx: &Context, kpis: &BTreeMap<&'static str, Kpi>) -> (u64, Vec<AtRiskRow>) {
    // By the stage's name index (NaN: none): read per open deal, with no hashing.
    let mut usual_stay = vec![f64::NAN; ctx.data.names.count()];
    let stays = kpis.get("avg_time_in_stage_days").and_then(|k| k.by_stage.as_ref()).into_iter().flatten();
    for (stage, usual) in stays.filter_map(|r| Some((ctx.data.names.lookup(&r.stage)?, r.value?))) {
        usual_stay[stage.index()] = usual;
    }
    let usual_cycle = kpis.get("avg_sales_cycle_days").and_then(|k| k.value);
    let stages = ctx.stages();
    let reasons_of = |deal: &OpenDeal| {
        let overdue = deal
            .expected_close
            .get()
            .filter(|e| *e < ctx.as_of)
            .map(|expected| RiskReason::PastExpectedClose { days: ctx.as_of - expected });
        // The stage it is in now and the day it entered it.
        let current_stay = stages.last_entry(deal.at).map(|(day, stage)| (stage, day));
        let slow = match current_stay.or_else(|| Some((deal.stage?, deal.stage_entered.get()?))) {
            Some((stage, entered)) => {
                let days = f64::from(ctx.as_of - entered);
                let usual = usual_stay.get(stage.index()).copied().filter(|u| !u.is_nan());
                usual.filter(|u| days > 2.0 * *u && days > 0.0).map(|usual| RiskReason::LongInStage {
                    stage,
                    days,
                    usual,
                })
            }
            None => match (deal.created.get(), usual_cycle) {
                (Some(created), Some(usual)) => {
                    let age = f64::from(ctx.as_of - created);
                    (age > 2.0 * usual && age > 0.0).then_some(RiskReason::LongOpen { age, usual })
                }
                _ => None,
            },
        };
        [overdue, slow]
    };
    // The deals at risk by their place in the open deals (four bytes each:
    // at a million deals, a hundred thousand or more are at risk); the
    // reasons are worked out again for the rows shown.
    let open = ctx.open_at_as_of();
    let mut risky: Vec<u32> =
        (0..open.len() as u32).filter(|at| reasons_of(&open[*at as usize]).iter().any(Option::is_some)).collect();
    let count = risky.len() as u64;
    let row_of = |at: u32| &ctx.data.deals[open[at as usize].at as usize];
    let order = |a: &u32, b: &u32| {
        let (amount, id) = (|at: u32| open[at as usize].amount.get(), |at: u32| ctx.data.deal_id(row_of(at)));
        amount(*b).cmp(&amount(*a)).then_with(|| id(*a).cmp(&id(*b)))
    };
    // Only the rows shown need sorting (deal ids are unique: the order is total).
    keep_largest_amounts(&mut risky, MAX_AT_RISK, |at| open[*at as usize].amount.get());
    first_sorted_by(&mut risky, MAX_AT_RISK, order);
    let rows = risky
        .into_iter()
        .map(|at| {
            let reasons: Vec<RiskDetail> =
                reasons_of(&open[at as usize]).iter().flatten().map(|r| r.detail(ctx)).collect();
            let reason = reasons.iter().map(RiskDetail::sentence).collect::<Vec<_>>().join(" ");
            AtRiskRow { deal: deal_row(ctx, row_of(at)), reason, reasons }
        })
        .collect();
    (count, rows)
}

/// Drops the rows that cannot be among the `count` of largest amount: those
/// below the `count`-th largest amount (ties at it stay, for the full order
/// to decide). A hundred thousand deals at risk are then ordered by their
/// amounts alone, not by comparing deal ids among all the tied amounts.
fn keep_largest_amounts<T>(rows: &mut Vec<T>, count: usize, amount: impl Fn(&T) -> Option<Money>) {
    if count == 0 || rows.len() <= count {
        return;
    }
    // The `count` largest amounts so far, largest first: most rows are
    // below the last one, and cost one comparison.
    let mut largest: Vec<Option<Money>> = Vec::with_capacity(count + 1);
    for value in rows.iter().map(&amount) {
        if largest.len() == count && largest.last().is_some_and(|least| value <= *least) {
            continue;
        }
        largest.insert(largest.partition_point(|kept| *kept >= value), value);
        largest.truncate(count);
    }
    let least_kept = largest[count - 1];
    rows.retain(|row| amount(row) >= least_kept);
}

const REVENUE_TARGET_KPIS: &[&str] = &["won_amount", "revenue", "bookings", "sales", "penjualan", "pendapatan"];

/// The share of each team revenue target that falls in `month`.
fn month_target(ctx: &Context, month: &Period) -> Option<f64> {
    let mut total = None;
    for target in ctx.data.targets.iter().filter(|t| t.rep.is_none() && REVENUE_TARGET_KPIS.contains(&t.kpi.as_str())) {
        let (from, to) = match &target.period {
            Some(label) => match ctx.calendar.parse_label(label) {
                Some(bounds) => bounds,
                None => continue,
            },
            None => (ctx.from, ctx.to),
        };
        let overlap = (month.to.min(to) - month.from.max(from) + 1).max(0);
        if overlap > 0 {
            *total.get_or_insert(0.0) += target.target * f64::from(overlap) / f64::from(to - from + 1);
        }
    }
    total
}

/// What the open deals expected to close in one window add to a forecast.
#[derive(Debug, Clone, Copy, Default)]
struct Expected {
    weighted: i128,
    commit: i128,
    best_case: i128,
}

impl Expected {
    fn add(&mut self, deal: &OpenDeal) {
        self.weighted += deal.weighted_amount().unwrap_or_default();
        let amount = i128::from(deal.amount.get().unwrap_or_default());
        match deal.forecast {
            Some(ForecastCategory::Commit) => self.commit += amount,
            Some(ForecastCategory::BestCase) => self.best_case += amount,
            _ => {}
        }
    }

    /// What the method adds to the won amount.
    fn added(&self, method: ForecastMethod) -> i128 {
        match method {
            ForecastMethod::ForecastCategory => self.commit + self.best_case,
            ForecastMethod::WeightedPipeline => self.weighted,
        }
    }
}

fn forecast_method(ctx: &Context) -> ForecastMethod {
    match ctx.data.has_forecast_categories {
        true => ForecastMethod::ForecastCategory,
        false => ForecastMethod::WeightedPipeline,
    }
}

/// The deals open at the as-of, by the window of their expected close, in
/// one pass: by month (`months`, in date order, not overlapping) and by
/// each of `periods` (which may overlap the months and each other).
fn expected_by_windows(ctx: &Context, months: &[Period], periods: &[Period]) -> (Vec<Expected>, Vec<Expected>) {
    let mut by_month = vec![Expected::default(); months.len()];
    let mut by_period = vec![Expected::default(); periods.len()];
    let holds = |window: &Period, day: Day| window.from <= day && day <= window.to;
    for deal in ctx.open_at_as_of() {
        let Some(day) = deal.expected_close.get() else { continue };
        let month = months.partition_point(|window| window.to < day);
        if months.get(month).is_some_and(|window| holds(window, day)) {
            by_month[month].add(deal);
        }
        for (expected, _) in by_period.iter_mut().zip(periods).filter(|(_, period)| holds(period, day)) {
            expected.add(deal);
        }
    }
    (by_month, by_period)
}

/// The month rows and the forecast, which read the open deals' expected
/// closes in one pass.
fn monthly_and_forecast(ctx: &Context) -> (Vec<MonthRow>, Forecast) {
    let months = Calendar::months(ctx.from, ctx.to);
    let periods = forecast_periods(ctx);
    let (by_month, by_period) = expected_by_windows(ctx, &months, &periods);
    (monthly(ctx, &months, by_month), forecast(ctx, periods, by_period))
}

fn monthly(ctx: &Context, months: &[Period], expected_by_month: Vec<Expected>) -> Vec<MonthRow> {
    let method = forecast_method(ctx);
    let by_category = (method == ForecastMethod::ForecastCategory).then_some(());
    let all = ctx.all();
    let mut rows = Vec::new();
    let (mut cumulative_won, mut cumulative_added, mut cumulative_target) = (0i128, 0i128, None::<f64>);
    for (month, expected) in months.iter().zip(expected_by_month) {
        let won: i128 = all.timeline.won_in(month).iter().filter_map(|d| d.amount.get()).map(i128::from).sum();
        cumulative_won += won;
        cumulative_added += expected.added(method);
        let target = month_target(ctx, month);
        if let Some(t) = target {
            cumulative_target = Some(cumulative_target.unwrap_or(0.0) + t);
        }
        rows.push(MonthRow {
            month: month.label.clone(),
            won_amount: money_to_f64(won),
            cumulative_won: money_to_f64(cumulative_won),
            weighted_pipeline: money_to_f64(expected.weighted),
            cumulative_forecast: money_to_f64(cumulative_won + cumulative_added),
            commit: by_category.map(|_| money_to_f64(expected.commit)),
            best_case: by_category.map(|_| money_to_f64(expected.best_case)),
            target,
            cumulative_target,
        });
    }
    rows
}

/// The whole quarter and year holding the as-of date.
fn forecast_periods(ctx: &Context) -> Vec<Period> {
    let holding_as_of = ctx.calendar.periods(ctx.as_of, ctx.as_of, true).into_iter().rev();
    let periods = holding_as_of.filter_map(|period| {
        let (from, to) = ctx.calendar.parse_label(&period.label)?;
        Some(Period { from, to, ..period })
    });
    periods.collect()
}

/// The forecast of each of `periods` (see `forecast_periods`), with what
/// the open deals expected to close in each add.
fn forecast(ctx: &Context, periods: Vec<Period>, expected: Vec<Expected>) -> Forecast {
    let method = forecast_method(ctx);
    let by_category = (method == ForecastMethod::ForecastCategory).then_some(());
    let periods = periods
        .into_iter()
        .zip(expected)
        .map(|(period, expected)| {
            let won_window = Period { to: period.to.min(ctx.as_of), ..period.clone() };
            let won: i128 = ctx.won_in(&won_window).filter_map(|(_, d)| d.amount.get()).map(i128::from).sum();
            let forecast = money_to_f64(won + expected.added(method));
            let target = month_target(ctx, &period);
            ForecastPeriod {
                period: period.label.clone(),
                from: format_day(period.from),
                to: format_day(period.to),
                won: money_to_f64(won),
                commit: by_category.map(|_| money_to_f64(expected.commit)),
                best_case: by_category.map(|_| money_to_f64(expected.best_case)),
                weighted_pipeline: by_category.is_none().then(|| money_to_f64(expected.weighted)),
                forecast,
                target,
                attainment: target.filter(|t| *t > 0.0).map(|t| forecast / t * 100.0),
            }
        })
        .collect();
    Forecast { method, periods }
}

impl ActivityRow {
    fn of(key: &str, tally: ActivityTally) -> ActivityRow {
        ActivityRow {
            key: key.to_string(),
            calls: tally.calls,
            emails: tally.emails,
            meetings: tally.meetings,
            tasks: tally.tasks,
            other: tally.other,
            tasks_completed: tally.tasks_completed,
            tasks_overdue: tally.tasks_overdue,
        }
    }
}

fn activity(ctx: &Context) -> (Vec<ActivityRow>, Vec<ActivityRow>) {
    let by_rep = ctx
        .rep_names
        .iter()
        .map(|rep| (rep, ctx.activity_tally(Some(*rep))))
        .filter(|(_, tally)| tally.total() > 0)
        .map(|(rep, tally)| ActivityRow::of(ctx.name(*rep), tally))
        .collect();
    // By month only by kind: a month's tasks are not counted as of a day.
    let months = Calendar::months(ctx.from, ctx.to);
    let by_month = ctx.activity_days().in_windows(&months);
    (by_rep, months.iter().zip(by_month).map(|(month, tally)| ActivityRow::of(&month.label, tally)).collect())
}

#[cfg(test)]
mod tests {
    use crate::{Config, InputFile, Session};

    /// By hand: the account groups with won amounts come first, largest
    /// first; then those with lost deals only (won amount 0) in the byte
    /// order of their names, the deal with no account shown as "(none)"
    /// among them as that text sorts ("(a" < "(none)" < "(z" < upper case
    /// < lower case < "É").
    #[test]
    fn groups_of_equal_amounts_are_in_the_byte_order_of_their_names() {
        let deals = "Deal ID,Account,Owner,Stage,Amount,Created Date,Close Date\n\
            1,beta,Ana,Lost,10,2024-01-01,2024-02-01\n\
            2,Émile,Ana,Lost,10,2024-01-01,2024-02-01\n\
            3,,Ana,Lost,10,2024-01-01,2024-02-01\n\
            4,Zed,Ana,Lost,10,2024-01-01,2024-02-01\n\
            5,(z,Ana,Lost,10,2024-01-01,2024-02-01\n\
            6,Alpha,Ana,Lost,10,2024-01-01,2024-02-01\n\
            7,(a,Ana,Lost,10,2024-01-01,2024-02-01\n\
            8,gamma,Ana,Won,5,2024-01-01,2024-02-01\n\
            9,Zed2,Ana,Won,7,2024-01-01,2024-02-01\n";
        let config = Config::from_json(r#"{"from": "2024-01-01", "to": "2024-03-31"}"#).unwrap();
        let mut session = Session::new();
        assert!(session.add_files(vec![InputFile::new("deals.csv", deals)], &config).is_empty());
        let report = session.report(&config).unwrap();
        let keys: Vec<&str> = report.dashboards.won_by_account.iter().map(|row| row.key.as_str()).collect();
        assert_eq!(keys, ["Zed2", "gamma", "(a", "(none)", "(z", "Alpha", "Zed", "beta", "Émile"]);
    }

    /// By hand: East has X (won 100 and 40, lost one: 2 of 3) and Z (won
    /// 50); deals with no region are the region "(none)"; a deal closed
    /// outside the selection and a region of no deal add nothing.
    #[test]
    fn a_region_s_accounts_count_its_closed_deals_by_account() {
        let deals = "Deal ID,Account,Region,Owner,Stage,Amount,Created Date,Close Date\n\
            1,X,East,Ana,Won,100,2024-01-01,2024-02-01\n\
            2,X,East,Ana,Won,40,2024-01-01,2024-02-02\n\
            3,X,East,Ben,Lost,70,2024-01-01,2024-02-03\n\
            4,Z,East,Ben,Won,50,2024-01-01,2024-02-04\n\
            5,Y,West,Ben,Lost,10,2024-01-01,2024-02-05\n\
            6,X,,Ana,Won,30,2024-01-01,2024-02-06\n\
            7,Z,East,Ana,Won,999,2024-01-01,2024-05-01\n";
        let config = Config::from_json(r#"{"from": "2024-01-01", "to": "2024-03-31"}"#).unwrap();
        let mut session = Session::new();
        assert!(session.add_files(vec![InputFile::new("deals.csv", deals)], &config).is_empty());
        let mut rows = |region: &str| -> Vec<(String, Option<String>, u64, f64, u64)> {
            let rows = session.region_accounts(&config, region).unwrap();
            rows.into_iter().map(|r| (r.key, r.parent, r.won_deals, r.won_amount, r.lost_deals)).collect()
        };
        let east = Some("East".to_string());
        assert_eq!(rows("East"), [("X".into(), east.clone(), 2, 140.0, 1), ("Z".into(), east, 1, 50.0, 0)]);
        assert_eq!(rows("(none)"), [("X".into(), Some("(none)".into()), 1, 30.0, 0)]);
        assert_eq!(rows("West"), [("Y".into(), Some("West".into()), 0, 0.0, 1)]);
        assert_eq!(rows("North"), []);
        let east = session.region_accounts(&config, "East").unwrap();
        let rates: Vec<f64> = east.iter().filter_map(|r| r.win_rate).collect();
        assert!(rates.len() == 2 && (rates[0] - 66.666_666_666_67).abs() < 1e-9 && rates[1] == 100.0, "{rates:?}");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The rows kept hold the `count` first of the full order (amount
        /// largest first, none last, then id), whatever the ties: amounts
        /// drawn from a few values tie often.
        #[test]
        fn keeping_the_largest_amounts_keeps_the_top_rows(
            amounts in proptest::collection::vec(proptest::option::of(0i64..6), 0..60),
            count in 0usize..12,
        ) {
            let rows: Vec<(Option<Money>, usize)> = amounts.into_iter().zip(0..).collect();
            let order = |a: &(Option<Money>, usize), b: &(Option<Money>, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
            let top = |mut rows: Vec<(Option<Money>, usize)>| {
                rows.sort_by(order);
                rows.truncate(count);
                rows
            };
            let mut kept = rows.clone();
            keep_largest_amounts(&mut kept, count, |row| row.0);
            prop_assert!(kept.len() >= count.min(rows.len()));
            prop_assert_eq!(top(kept), top(rows));
        }
    }
}
