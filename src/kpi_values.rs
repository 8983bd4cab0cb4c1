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
    pub id: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub higher_is_better: bool,
    pub value: Option<f64>,
    pub inputs: Inputs,
    pub note: Option<String>,
    pub target: Option<f64>,
    pub target_met: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_rep: Option<Vec<RepValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_period: Option<Vec<PeriodValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_rep_period: Option<Vec<RepPeriodValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_stage: Option<Vec<StageValue>>,
    /// The value over the window of equal length before, and a year before
    /// (none for a snapshot KPI without a window, or one that cannot be computed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

/// A KPI's value in two earlier windows, to tell how it moved.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub previous: ComparedValue,
    pub year_ago: ComparedValue,
}

/// The value over one earlier window.
#[derive(Debug, Clone, Serialize)]
pub struct ComparedValue {
    pub from: String,
    pub to: String,
    pub value: Option<f64>,
    /// What the value is computed from, as for the selection.
    pub inputs: Inputs,
    pub note: Option<String>,
}

/// A KPI's value for one rep over the selection.
#[derive(Debug, Clone, Serialize)]
pub struct RepValue {
    pub rep: String,
    pub value: Option<f64>,
    pub inputs: Inputs,
    pub note: Option<String>,
    pub target: Option<f64>,
    pub target_met: Option<bool>,
}

/// A KPI's value over one quarter or year of the selection.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodValue {
    pub period: String,
    pub from: String,
    pub to: String,
    pub value: Option<f64>,
    pub inputs: Inputs,
    pub note: Option<String>,
    pub target: Option<f64>,
    pub target_met: Option<bool>,
}

/// A KPI's value for one rep in one period.
#[derive(Debug, Clone, Serialize)]
pub struct RepPeriodValue {
    pub rep: String,
    pub period: String,
    pub value: Option<f64>,
}

/// A stage KPI's value for one stage.
#[derive(Debug, Clone, Serialize)]
pub struct StageValue {
    pub stage: String,
    pub value: Option<f64>,
    pub inputs: Inputs,
    pub note: Option<String>,
}
