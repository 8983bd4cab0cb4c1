//! Every KPI of SPEC §4, as data: an id, the article's name, a unit, which
//! breakdowns it has, what it needs, and the function computing one value
//! for a scope (all data or one rep) and a window. One driver computes the
//! value and every breakdown the same way.

mod activity;
pub mod context;
mod customers;
mod deals;
pub(crate) mod leads;
pub mod measure;
pub mod period;
pub mod selection;
pub mod stages;
pub(crate) mod team;
pub mod timeline;

pub use activity::task_counts;

use crate::model::Dataset;
use context::{Context, Scope};
use measure::Measure;
use period::Period;

/// Which periods a KPI is broken down by.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Periods {
    QuartersAndYears,
    YearsOnly,
    None,
}

type ComputeFn = fn(&Context, &Scope, &Period) -> Measure;
type StageFn = fn(&Context, &Scope, &Period) -> Vec<(crate::model::Sym, Measure)>;

pub struct KpiDef {
    pub id: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub higher_is_better: bool,
    pub by_rep: bool,
    pub periods: Periods,
    /// `(kind.field, what to tell the user)`: all must be present.
    pub needs: &'static [(&'static str, &'static str)],
    pub compute: ComputeFn,
    pub by_stage: Option<StageFn>,
}

const DEALS: (&str, &str) = ("deals.*", "a deals file");
/// Per-rep figures from deals need an owner column.
const OWNERS: (&str, &str) = ("deals.owner", "an owner column on deals");
const REP_HIRES: (&str, &str) = ("reps.hire_date", "a reps file with a hire date column");
const QUOTAS: (&str, &str) = ("reps.quota", "a reps file with a quota column");
const ACTIVITIES: (&str, &str) = ("activities.type", "an activities file");

#[allow(clippy::too_many_arguments)]
const fn kpi(
    id: &'static str,
    name: &'static str,
    unit: &'static str,
    higher_is_better: bool,
    by_rep: bool,
    periods: Periods,
    needs: &'static [(&'static str, &'static str)],
    compute: ComputeFn,
) -> KpiDef {
    KpiDef { id, name, unit, higher_is_better, by_rep, periods, needs, compute, by_stage: None }
}

use Periods::{QuartersAndYears as QY, YearsOnly};

pub const KPIS: &[KpiDef] = &[
    kpi("acv", "Annual Contract Value", "currency", true, true, QY, &[DEALS], deals::acv),
    kpi("clv", "Customer Lifetime Value", "currency", true, false, QY, &[DEALS], customers::clv),
    kpi("new_leads", "New leads in the pipeline", "count", true, true, QY, &[DEALS], deals::new_leads),
    kpi(
        "avg_lead_age_days",
        "Average lead age in the pipeline",
        "days",
        false,
        true,
        QY,
        &[DEALS],
        deals::avg_lead_age_days,
    ),
    kpi("conversion_rate", "Conversion rate", "percent", true, true, QY, &[DEALS], deals::conversion_rate),
    kpi("win_rate", "Win rate", "percent", true, true, QY, &[DEALS], deals::win_rate),
    kpi("rep_retention", "Sales rep retention", "percent", true, false, YearsOnly, &[REP_HIRES], team::rep_retention),
    kpi("avg_ramp_days", "Average sales ramp time", "days", false, false, QY, &[REP_HIRES], team::avg_ramp_days),
    kpi("referrals", "Referrals", "count", true, true, QY, &[DEALS], customers::referrals),
    kpi(
        "customer_retention",
        "Customer retention",
        "percent",
        true,
        false,
        YearsOnly,
        &[DEALS],
        customers::customer_retention,
    ),
    kpi("customer_churn", "Churn", "percent", false, false, YearsOnly, &[DEALS], customers::customer_churn),
    kpi("avg_deal_size", "Average deal size", "currency", true, true, QY, &[DEALS], deals::avg_deal_size),
    kpi("avg_sales_cycle_days", "Average sales cycle", "days", false, true, QY, &[DEALS], deals::avg_sales_cycle_days),
    kpi("pipeline_value", "Open pipeline", "currency", true, true, QY, &[DEALS], deals::pipeline_value),
    kpi("quota_attainment", "Quota attainment", "percent", true, true, QY, &[QUOTAS, OWNERS], team::quota_attainment),
    KpiDef {
        by_stage: Some(stages::stage_conversion_by_stage),
        ..kpi(
            "stage_conversion",
            "Stage-to-stage conversion",
            "percent",
            true,
            false,
            QY,
            &[],
            stages::stage_conversion,
        )
    },
    KpiDef {
        by_stage: Some(stages::avg_time_in_stage_by_stage),
        ..kpi("avg_time_in_stage_days", "Time in stage", "days", false, false, QY, &[], stages::avg_time_in_stage)
    },
    kpi("tasks_overdue", "Overdue tasks", "count", false, true, Periods::None, &[ACTIVITIES], activity::tasks_overdue),
];

/// Read from a leads file when one is given (else from deals).
const LEAD_KPIS: &[&str] = &["new_leads", "avg_lead_age_days", "conversion_rate"];
const LEADS: &str = "leads.*";

/// Referrals also need a lead source or a referred-by column.
fn referral_source_missing(data: &Dataset) -> bool {
    !data.has("deals.lead_source") && !data.has("accounts.referred_by")
}

impl KpiDef {
    /// Why the KPI cannot be computed on this data, if it cannot.
    pub fn missing(&self, data: &Dataset) -> Option<String> {
        if LEAD_KPIS.contains(&self.id) && data.has(LEADS) {
            return None;
        }
        let missing: Vec<&str> =
            self.needs.iter().filter(|(field, _)| !data.has(field)).map(|(_, what)| *what).collect();
        if !missing.is_empty() {
            return Some(format!("needs {}", missing.join(" and ")));
        }
        if self.id == "referrals" && referral_source_missing(data) {
            return Some("needs a lead source column on deals or a referred-by column on accounts".into());
        }
        None
    }

    /// Why the KPI has no per-rep values though it has a total: its deals
    /// name no owner.
    pub fn missing_per_rep(&self, data: &Dataset) -> Option<String> {
        if LEAD_KPIS.contains(&self.id) && data.has(LEADS) {
            return (!data.has("leads.owner"))
                .then(|| "per rep: needs an owner column on leads (map one in the settings)".into());
        }
        let from_deals = self.needs.contains(&DEALS);
        (from_deals && !data.has(OWNERS.0))
            .then(|| "per rep: needs an owner column on deals (map one in the settings)".into())
    }
}
