//! The analysis configuration: as-of date, selection, filters, targets,
//! column mappings and the business rules a team may change. Every field
//! has a default; unknown keys (including `__proto__`) are rejected.

use crate::file_kind::FileKind;
use crate::model::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, Serialize)]
/// What a report is computed for: dates, filters, targets, mappings and reading rules. Every field has a default; JSON keys are the field names.
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `YYYY-MM-DD`; default: the latest sales event in the data.
    pub as_of: Option<String>,
    /// Selection start, `YYYY-MM-DD`, inclusive; default: the first sales event.
    pub from: Option<String>,
    /// Selection end, `YYYY-MM-DD`, inclusive; default: the last sales event.
    pub to: Option<String>,
    /// Which reps, teams, regions and products the report keeps.
    pub filters: Filters,
    /// Targets per KPI, period and rep, besides those of a targets file.
    pub targets: Vec<TargetSetting>,
    /// file name → canonical field → source header.
    pub mappings: BTreeMap<String, BTreeMap<String, String>>,
    /// file name → kind, when detection should be overridden.
    pub kinds: BTreeMap<String, FileKind>,
    /// stage name → outcome, added to the built-in rule.
    pub stage_outcomes: BTreeMap<String, Outcome>,
    /// Stage order for stage analysis; default: mean position in histories.
    pub stage_order: Vec<String>,
    /// A customer with no won deal for this many days counts as churned (0: only a churn date does).
    pub churn_after_days: u32,
    /// Decides ambiguous columns: `en` (mm/dd, decimal dot), `id` (dd/mm,
    /// decimal comma) or `auto` (`id` for `;`-delimited files, else `en`).
    pub locale: Locale,
    /// First month of the fiscal year (1 = calendar year).
    pub fiscal_year_start_month: u32,
    /// The period a rep's `quota` column is per.
    pub quota_period: QuotaPeriod,
    /// How many rows the top-deal and at-risk lists hold.
    pub top_n: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            as_of: None,
            from: None,
            to: None,
            filters: Filters::default(),
            targets: Vec::new(),
            mappings: BTreeMap::new(),
            kinds: BTreeMap::new(),
            stage_outcomes: BTreeMap::new(),
            stage_order: Vec::new(),
            churn_after_days: 365,
            locale: Locale::Auto,
            fiscal_year_start_month: 1,
            quota_period: QuotaPeriod::Quarter,
            top_n: 10,
        }
    }
}

/// How ambiguous dates and numbers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Indonesian for `;`-delimited files, else English.
    #[default]
    Auto,
    /// mm/dd dates and a decimal point.
    En,
    /// dd/mm dates and a decimal comma.
    Id,
}

/// The period a rep's quota is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum QuotaPeriod {
    /// A monthly quota.
    Month,
    /// A quarterly quota (the default).
    #[default]
    Quarter,
    /// A yearly quota.
    Year,
}

/// Empty lists mean "all".
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    /// Rep names (any spelling the data uses); empty: every rep.
    pub reps: Vec<String>,
    /// Team names; empty: every team.
    pub teams: Vec<String>,
    /// Region names; empty: every region.
    pub regions: Vec<String>,
    /// Product names; empty: every product.
    pub products: Vec<String>,
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.reps.is_empty() && self.teams.is_empty() && self.regions.is_empty() && self.products.is_empty()
    }
}

/// A target for a KPI, optionally for one period label and one rep.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSetting {
    /// The KPI id the target is for.
    pub kpi: String,
    /// The period label it is for; none: the selection.
    #[serde(default)]
    pub period: Option<String>,
    /// The rep it is for; none: the team.
    #[serde(default)]
    pub rep: Option<String>,
    /// The target value, in the KPI's unit.
    pub target: f64,
}

impl Config {
    /// Reads a configuration from JSON text.
    pub fn from_json(text: &str) -> crate::Result<Config> {
        serde_json::from_str(text).map_err(|e| crate::Error::config(format!("not a valid configuration: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proto_keys_are_rejected() {
        assert!(Config::from_json(r#"{"__proto__": {"x": 1}}"#).is_err());
        assert!(Config::from_json(r#"{"filters": {"constructor": []}}"#).is_err());
        let config = Config::from_json(r#"{"as_of": "2024-03-31", "churn_after_days": 180}"#).unwrap();
        assert_eq!(config.churn_after_days, 180);
        assert_eq!(config.fiscal_year_start_month, 1);
    }
}
