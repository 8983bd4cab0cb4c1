//! The analysis configuration: as-of date, selection, filters, targets,
//! column mappings and the business rules a team may change. Every field
//! has a default; unknown keys (including `__proto__`) are rejected.

use crate::file_kind::FileKind;
use crate::json::{Field, FromJson};
use crate::model::Outcome;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
/// What a report is computed for: dates, filters, targets, mappings and reading rules. Every field has a default; JSON keys are the field names.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
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
#[derive(Debug, Clone, Default, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct TargetSetting {
    /// The KPI id the target is for.
    pub kpi: String,
    /// The period label it is for; none: the selection.
    pub period: Option<String>,
    /// The rep it is for; none: the team.
    pub rep: Option<String>,
    /// The target value, in the KPI's unit.
    pub target: f64,
}

impl Config {
    /// Reads a configuration from JSON text.
    pub fn from_json(text: &str) -> crate::Result<Config> {
        <Config as FromJson>::from_json(text)
    }
}

const LOCALES: [(&str, Locale); 3] = [("auto", Locale::Auto), ("en", Locale::En), ("id", Locale::Id)];
const QUOTA_PERIODS: [(&str, QuotaPeriod); 3] =
    [("month", QuotaPeriod::Month), ("quarter", QuotaPeriod::Quarter), ("year", QuotaPeriod::Year)];

impl FromJson for Config {
    const WHAT: &'static str = "the configuration";

    fn from_field(field: &Field) -> Result<Config, String> {
        const FIELDS: [&str; 14] = [
            "as_of",
            "from",
            "to",
            "filters",
            "targets",
            "mappings",
            "kinds",
            "stage_outcomes",
            "stage_order",
            "churn_after_days",
            "locale",
            "fiscal_year_start_month",
            "quota_period",
            "top_n",
        ];
        let mut config = Config::default();
        // `object` has checked every key against FIELDS: the last arm is `top_n`.
        for (key, value) in field.object(&FIELDS)? {
            match key {
                "as_of" => config.as_of = value.optional(Field::text)?,
                "from" => config.from = value.optional(Field::text)?,
                "to" => config.to = value.optional(Field::text)?,
                "filters" => config.filters = Filters::from_field(&value)?,
                "targets" => {
                    config.targets = value.list()?.iter().map(TargetSetting::from_field).collect::<Result<_, _>>()?
                }
                "mappings" => config.mappings = value.map_of(|file| file.map_of(Field::text))?,
                "kinds" => config.kinds = value.map_of(|kind| kind.choice(&FileKind::NAMED))?,
                "stage_outcomes" => config.stage_outcomes = value.map_of(|outcome| outcome.choice(&Outcome::NAMED))?,
                "stage_order" => config.stage_order = value.texts()?,
                "churn_after_days" => config.churn_after_days = value.whole()?,
                "locale" => config.locale = value.choice(&LOCALES)?,
                "fiscal_year_start_month" => config.fiscal_year_start_month = value.whole()?,
                "quota_period" => config.quota_period = value.choice(&QUOTA_PERIODS)?,
                _ => config.top_n = value.whole()?,
            }
        }
        Ok(config)
    }
}

impl Filters {
    fn from_field(field: &Field) -> Result<Filters, String> {
        let mut filters = Filters::default();
        for (key, value) in field.object(&["reps", "teams", "regions", "products"])? {
            let list = match key {
                "reps" => &mut filters.reps,
                "teams" => &mut filters.teams,
                "regions" => &mut filters.regions,
                _ => &mut filters.products,
            };
            *list = value.texts()?;
        }
        Ok(filters)
    }
}

impl TargetSetting {
    fn from_field(field: &Field) -> Result<TargetSetting, String> {
        let (mut kpi, mut period, mut rep, mut target) = (None, None, None, None);
        for (key, value) in field.object(&["kpi", "period", "rep", "target"])? {
            match key {
                "kpi" => kpi = Some(value.text()?),
                "period" => period = value.optional(Field::text)?,
                "rep" => rep = value.optional(Field::text)?,
                _ => target = Some(value.number()?),
            }
        }
        Ok(TargetSetting {
            kpi: kpi.ok_or_else(|| field.missing("kpi"))?,
            period,
            rep,
            target: target.ok_or_else(|| field.missing("target"))?,
        })
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

    #[test]
    fn every_field_is_read() {
        let text = r#"{"as_of": "2024-06-30", "from": null, "to": "2024-06-30",
            "filters": {"reps": ["Ana"], "regions": ["North", "South"]},
            "targets": [{"kpi": "win_rate", "target": 30.5}, {"kpi": "acv", "period": "2024-Q1", "rep": "Ana", "target": 1e4}],
            "mappings": {"deals.csv": {"amount": "Nilai"}}, "kinds": {"t.csv": "stage_history"},
            "stage_outcomes": {"Parked": "lost"}, "stage_order": ["Lead", "Won"], "churn_after_days": 200,
            "locale": "id", "fiscal_year_start_month": 4, "quota_period": "month", "top_n": 5}"#;
        let config = Config::from_json(text).unwrap();
        assert_eq!(
            (config.as_of.as_deref(), config.from, config.to.as_deref()),
            (Some("2024-06-30"), None, Some("2024-06-30"))
        );
        assert_eq!(
            (config.filters.reps, config.filters.regions),
            (vec!["Ana".to_string()], vec!["North".into(), "South".into()])
        );
        assert!(config.filters.teams.is_empty() && config.filters.products.is_empty());
        let targets: Vec<_> =
            config.targets.iter().map(|t| (t.kpi.as_str(), t.period.as_deref(), t.rep.as_deref(), t.target)).collect();
        assert_eq!(targets, [("win_rate", None, None, 30.5), ("acv", Some("2024-Q1"), Some("Ana"), 10000.0)]);
        assert_eq!(config.mappings["deals.csv"]["amount"], "Nilai");
        assert_eq!(config.kinds["t.csv"], FileKind::StageHistory);
        assert_eq!(config.stage_outcomes["Parked"], Outcome::Lost);
        assert_eq!(config.stage_order, ["Lead", "Won"]);
        assert_eq!((config.churn_after_days, config.fiscal_year_start_month, config.top_n), (200, 4, 5));
        assert_eq!((config.locale, config.quota_period), (Locale::Id, QuotaPeriod::Month));
    }

    #[test]
    fn a_wrong_setting_is_named() {
        let error = |text: &str| Config::from_json(text).unwrap_err().to_string();
        assert!(error(r#"{"targets": [{"kpi": "acv"}]}"#).contains("missing field `target` in `targets[0]`"));
        assert!(error(r#"{"filters": {"reps": "Ana"}}"#).contains("`filters.reps` must be a list, not a text"));
        assert!(error(r#"{"locale": "fr"}"#).contains("`locale` must be one of `auto`, `en`, `id`, not `fr`"));
        assert!(error(r#"{"top_n": -1}"#).contains("`top_n` must be a whole number of 0 or more, not -1"));
        assert!(error(r#"{"churn_after_days": 5000000000}"#).contains("`churn_after_days` must be a whole number"));
        assert!(error(r#"{"kinds": {"a.csv": "deal"}}"#).contains("`kinds.a.csv` must be one of `deals`"));
        assert!(error(r#"{"top_n": 1, "top_n": 2}"#).contains("duplicate field `top_n`"));
        assert!(error("[]").contains("the configuration is not valid: the configuration must be an object, not a list"));
    }
}
