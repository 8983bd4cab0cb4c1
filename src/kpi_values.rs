//! What the report says of one KPI: its value, inputs, note and target,
//! its breakdowns and its comparison with earlier windows. A leaf module:
//! the report builds these and the dashboards read them, neither through
//! the other.

use serde::Serialize;
use std::collections::BTreeMap;

/// The named numbers a value is computed from (`won`, `lost`…).
pub type Inputs = BTreeMap<&'static str, f64>;

/// One KPI of the report: its value over the selection, and its breakdowns.
#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    /// The KPI's id (`win_rate`…), as in the registry.
    pub id: &'static str,
    /// Its name (English).
    pub name: &'static str,
    /// `currency`, `percent` (0–100), `days`, `years` or `count`.
    pub unit: &'static str,
    /// Whether a rise is good news (false for lead age, cycle time, churn…).
    pub higher_is_better: bool,
    /// The value over the selection; none when it cannot be computed (`note` says why).
    pub value: Option<f64>,
    /// The named numbers the value is computed from.
    pub inputs: Inputs,
    /// Why the value is none, or a caveat about it.
    pub note: Option<String>,
    /// The target set for the selection, if any.
    pub target: Option<f64>,
    /// Whether the value meets the target (in the KPI's direction).
    pub target_met: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// One value per rep over the selection (KPIs broken down by rep).
    pub by_rep: Option<Vec<RepValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// One value per quarter and year of the selection (years only for the yearly KPIs).
    pub by_period: Option<Vec<PeriodValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// One value per rep and period.
    pub by_rep_period: Option<Vec<RepPeriodValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// One value per stage (the stage KPIs).
    pub by_stage: Option<Vec<StageValue>>,
    /// The value over the window of equal length before, and a year before
    /// (none for a snapshot KPI without a window, or one that cannot be computed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

/// A KPI's value in two earlier windows, to tell how it moved.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The window of equal length just before the selection.
    pub previous: ComparedValue,
    /// The same dates a year earlier.
    pub year_ago: ComparedValue,
}

/// The value over one earlier window.
#[derive(Debug, Clone, Serialize)]
pub struct ComparedValue {
    /// The window's first day, `YYYY-MM-DD`.
    pub from: String,
    /// The window's last day, `YYYY-MM-DD`.
    pub to: String,
    /// The value over the window; none when it cannot be computed.
    pub value: Option<f64>,
    /// What the value is computed from, as for the selection.
    pub inputs: Inputs,
    /// Why the value is none, or a caveat.
    pub note: Option<String>,
}

/// A KPI's value for one rep over the selection.
#[derive(Debug, Clone, Serialize)]
pub struct RepValue {
    /// The rep's name as first written in the data.
    pub rep: String,
    /// The rep's value; none when it cannot be computed.
    pub value: Option<f64>,
    /// What the value is computed from.
    pub inputs: Inputs,
    /// Why the value is none, or a caveat.
    pub note: Option<String>,
    /// The rep's target for the selection, if any.
    pub target: Option<f64>,
    /// Whether the rep meets it.
    pub target_met: Option<bool>,
}

/// A KPI's value over one quarter or year of the selection.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodValue {
    /// The period's label: `2024-Q3`, `2024`, or `FY2025` with a fiscal year.
    pub period: String,
    /// The period's first day within the selection.
    pub from: String,
    /// The period's last day within the selection.
    pub to: String,
    /// The value over the period; none when it cannot be computed.
    pub value: Option<f64>,
    /// What the value is computed from.
    pub inputs: Inputs,
    /// Why the value is none, or a caveat.
    pub note: Option<String>,
    /// The target set for the period, if any.
    pub target: Option<f64>,
    /// Whether the value meets it.
    pub target_met: Option<bool>,
}

/// A KPI's value for one rep in one period.
#[derive(Debug, Clone, Serialize)]
pub struct RepPeriodValue {
    /// The rep's name.
    pub rep: String,
    /// The period's label.
    pub period: String,
    /// The rep's value over the period.
    pub value: Option<f64>,
}

/// A stage KPI's value for one stage.
#[derive(Debug, Clone, Serialize)]
pub struct StageValue {
    /// The stage's name as first written in the data.
    pub stage: String,
    /// The value for the stage; none when it cannot be computed.
    pub value: Option<f64>,
    /// What the value is computed from.
    pub inputs: Inputs,
    /// Why the value is none, or a caveat.
    pub note: Option<String>,
}
