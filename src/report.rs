//! The JSON report (docs/spec.md §4): every KPI with its inputs, notes, targets and
//! breakdowns, the dashboards' view-models, and the quality section.

use crate::config::Config;
use crate::dashboards::{self, Dashboards, Part};
use crate::day::format_day;
use crate::error::{Error, Result};
use crate::kpi::context::Context;
use crate::kpi::measure::Measure;
use crate::kpi::period::Period;
use crate::kpi::selection::Selections;
use crate::kpi::{KpiDef, Periods, KPIS};
use crate::kpi_values::*;
use crate::model::{fold, Dataset, Sym};
use crate::quality::Quality;
use crate::sorting::btree_map;
use serde::Serialize;
use std::collections::BTreeMap;

/// The report: every KPI, the dashboards' aggregates, the filter dimensions and the data quality (see `docs/spec.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `sales-kpi`.
    pub engine: &'static str,
    /// The engine's version.
    pub version: &'static str,
    /// Set when this is one dashboard's view-model, not the whole report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard: Option<&'static str>,
    /// The as-of date, `YYYY-MM-DD`.
    pub as_of: String,
    /// The window and the filters the report is for.
    pub selection: Selection,
    /// Every KPI by id (a dashboard's view: its KPIs only).
    pub kpis: BTreeMap<&'static str, Kpi>,
    /// The dashboards' tables and chart series.
    pub dashboards: Dashboards,
    /// Every rep, team, region and product in the data (unfiltered), for filter menus.
    pub dimensions: Dimensions,
    /// Per file: how it was read, and every row rejected or skipped.
    pub quality: Quality,
}

/// The window and filters a report is computed over.
#[derive(Debug, Clone, Serialize)]
pub struct Selection {
    /// The selection's first day, `YYYY-MM-DD`.
    pub from: String,
    /// Its last day.
    pub to: String,
    /// The quarters and years it touches, in order.
    pub periods: Vec<String>,
    /// The reps shown in per-rep breakdowns, by name.
    pub reps: Vec<String>,
    /// Whether any filter (rep, team, region, product…) is set.
    pub filters_active: bool,
}

/// What the filters can take, from the whole data.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Dimensions {
    /// Every rep, sorted by name.
    pub reps: Vec<String>,
    /// Every team.
    pub teams: Vec<String>,
    /// Every region.
    pub regions: Vec<String>,
    /// Every product.
    pub products: Vec<String>,
    /// Every currency code of the amounts.
    pub currencies: Vec<String>,
    /// The periods of the whole data (from the first to the last sales event).
    pub periods: Vec<String>,
    /// Each of `periods` with its first and last day, whole (not cut to the
    /// data): fiscal years and quarters follow the configured start month, so
    /// the page picks a period by these dates instead of parsing its label.
    pub period_bounds: Vec<PeriodBounds>,
}

/// A period's label and its first and last day (`YYYY-MM-DD`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct PeriodBounds {
    /// The period's label (`2024-Q3`, `2024`, `FY2025`).
    pub label: String,
    /// Its first day.
    pub from: String,
    /// Its last day.
    pub to: String,
}

fn dimensions(data: &Dataset, ctx: &Context) -> Dimensions {
    let names = data.filter_names().clone();
    let full = crate::kpi::period::Calendar::new(ctx.config.fiscal_year_start_month);
    let periods: Vec<String> = full.periods(ctx.data_from, ctx.as_of, true).into_iter().map(|p| p.label).collect();
    let period_bounds = periods
        .iter()
        .filter_map(|label| {
            let (from, to) = full.parse_label(label)?;
            Some(PeriodBounds { label: label.clone(), from: format_day(from), to: format_day(to) })
        })
        .collect();
    Dimensions {
        reps: names.reps,
        teams: names.teams,
        regions: names.regions,
        products: names.products,
        currencies: names.currencies,
        periods,
        period_bounds,
    }
}

/// Targets from the targets file and the configuration, for lookup.
struct Targets {
    rows: Vec<(String, Option<String>, Option<Sym>, f64)>,
}

impl Targets {
    fn new(data: &Dataset, config: &Config) -> Targets {
        let mut rows: Vec<_> =
            data.targets.iter().map(|t| (t.kpi.clone(), t.period.clone(), t.rep, t.target)).collect();
        for t in &config.targets {
            let rep = match &t.rep {
                Some(name) => match data.names.lookup(name) {
                    Some(sym) => Some(sym),
                    None => continue,
                },
                None => None,
            };
            rows.push((fold(&t.kpi), t.period.clone(), rep, t.target));
        }
        Targets { rows }
    }

    /// The last matching target wins (configuration overrides the file).
    fn find(&self, kpi: &str, period: Option<&str>, rep: Option<Sym>) -> Option<f64> {
        let wanted_period = period.map(fold);
        self.rows
            .iter()
            .rev()
            .find(|(k, p, r, _)| k == kpi && *r == rep && p.as_deref().map(fold) == wanted_period)
            .map(|(_, _, _, target)| *target)
    }
}

fn target_met(def: &KpiDef, value: Option<f64>, target: Option<f64>) -> Option<bool> {
    let (value, target) = (value?, target?);
    Some(if def.higher_is_better { value >= target } else { value <= target })
}

fn inputs_of(measure: &Measure) -> Inputs {
    btree_map(measure.inputs.iter().copied())
}

struct Evaluator<'c, 'a> {
    ctx: &'c Context<'a>,
    targets: Targets,
    periods: Vec<Period>,
    years: Vec<Period>,
}

impl Evaluator<'_, '_> {
    fn compute(&self, def: &KpiDef, rep: Option<Sym>, window: &Period, missing: &Option<String>) -> Measure {
        if let Some(note) = missing {
            return Measure::unavailable(note);
        }
        let scope = match rep {
            Some(rep) => self.ctx.rep(rep),
            None => self.ctx.all(),
        };
        (def.compute)(self.ctx, &scope, window)
    }

    fn periods_of(&self, def: &KpiDef) -> &[Period] {
        match def.periods {
            Periods::QuartersAndYears => &self.periods,
            Periods::YearsOnly => &self.years,
            Periods::None => &[],
        }
    }

    fn evaluate(&self, def: &KpiDef) -> Kpi {
        let ctx = self.ctx;
        let missing = def.missing(ctx.data);
        let selection = ctx.selection();
        let by_period: Vec<PeriodValue> = self
            .periods_of(def)
            .iter()
            .map(|period| {
                let measure = self.compute(def, None, period, &missing);
                let target = self.targets.find(def.id, Some(&period.label), None);
                PeriodValue {
                    period: period.label.clone(),
                    from: format_day(period.from),
                    to: format_day(period.to),
                    value: measure.value,
                    inputs: inputs_of(&measure),
                    note: measure.note,
                    target,
                    target_met: target_met(def, measure.value, target),
                }
            })
            .collect();
        let top_window = match def.periods {
            Periods::YearsOnly => self.years.last().cloned().unwrap_or(selection.clone()),
            _ => selection.clone(),
        };
        let top = self.compute(def, None, &top_window, &missing);
        let top = match def.periods {
            Periods::YearsOnly => top.with_note(Some(format!("the value of {} (year to date)", top_window.label))),
            _ => top,
        };
        let comparison = self.comparison(def, &top_window, &missing);
        let target = self.targets.find(def.id, None, None);
        let rep_missing = missing.clone().or_else(|| def.missing_per_rep(ctx.data));
        let by_rep = def.by_rep.then(|| self.by_rep(def, &selection, &rep_missing));
        let by_rep_period = (def.by_rep && def.periods != Periods::None).then(|| self.by_rep_period(def, &rep_missing));
        let by_stage = def.by_stage.map(|stage_fn| {
            if missing.is_some() {
                return Vec::new();
            }
            stage_fn(ctx, &ctx.all(), &selection)
                .into_iter()
                .map(|(stage, m)| StageValue {
                    stage: ctx.name(stage).to_string(),
                    value: m.value,
                    inputs: inputs_of(&m),
                    note: m.note,
                })
                .collect()
        });
        Kpi {
            id: def.id,
            name: def.name,
            unit: def.unit,
            higher_is_better: def.higher_is_better,
            value: top.value,
            inputs: inputs_of(&top),
            note: top.note,
            target,
            target_met: target_met(def, top.value, target),
            by_rep,
            by_period: (def.periods != Periods::None).then_some(by_period),
            by_rep_period,
            by_stage,
            comparison,
        }
    }

    fn comparison(&self, def: &KpiDef, window: &Period, missing: &Option<String>) -> Option<Comparison> {
        if missing.is_some() || def.periods == Periods::None {
            return None;
        }
        let value_in = |window: Period| {
            // A window wholly before the data's first record has no data, not a zero.
            let before_data =
                format!("no data: the period ends before the first record ({})", format_day(self.ctx.data_from));
            let measure = match window.to < self.ctx.data_from {
                true => Measure::unavailable(&before_data),
                false => self.compute(def, None, &window, missing),
            };
            ComparedValue {
                from: format_day(window.from),
                to: format_day(window.to),
                value: measure.value,
                inputs: inputs_of(&measure),
                note: measure.note,
            }
        };
        Some(Comparison { previous: value_in(window.previous()), year_ago: value_in(window.year_before()) })
    }

    fn by_rep(&self, def: &KpiDef, selection: &Period, missing: &Option<String>) -> Vec<RepValue> {
        self.ctx
            .rep_names
            .iter()
            .map(|rep| {
                let measure = self.compute(def, Some(*rep), selection, missing);
                let target = self.targets.find(def.id, None, Some(*rep));
                RepValue {
                    rep: self.ctx.name(*rep).to_string(),
                    value: measure.value,
                    inputs: inputs_of(&measure),
                    note: measure.note,
                    target,
                    target_met: target_met(def, measure.value, target),
                }
            })
            .collect()
    }

    fn by_rep_period(&self, def: &KpiDef, missing: &Option<String>) -> Vec<RepPeriodValue> {
        let mut values = Vec::new();
        for rep in &self.ctx.rep_names {
            for period in self.periods_of(def) {
                let measure = self.compute(def, Some(*rep), period, missing);
                values.push(RepPeriodValue {
                    rep: self.ctx.name(*rep).to_string(),
                    period: period.label.clone(),
                    value: measure.value,
                });
            }
        }
        values
    }
}

/// Computes the whole report for a loaded dataset.
pub fn build_report(data: &Dataset, config: &Config) -> Result<Report> {
    build_report_with(data, &Selections::default(), config)
}

/// As [`build_report`], reading what the filters keep from `selections`.
pub(crate) fn build_report_with(data: &Dataset, selections: &Selections, config: &Config) -> Result<Report> {
    build(Context::with_selections(data, config, selections)?, None, &|_| true, Part::ALL)
}

/// One dashboard's view-model (`name`: a `data-dashboard` value, docs/spec.md §5):
/// the report's shape with only the KPIs and aggregates that dashboard
/// shows, each equal to the full report's.
pub fn build_dashboard(data: &Dataset, config: &Config, name: &str) -> Result<Report> {
    build_dashboard_with(data, &Selections::default(), config, name)
}

/// As [`build_dashboard`], reading what the filters keep from `selections`.
pub(crate) fn build_dashboard_with(
    data: &Dataset,
    selections: &Selections,
    config: &Config,
    name: &str,
) -> Result<Report> {
    let view = DashboardView::named(name)?;
    let wanted = |id: &str| view.kpis.contains(&id) || view.parts.iter().any(|part| part.kpis().contains(&id));
    build(Context::with_selections(data, config, selections)?, Some(view.name), &wanted, view.parts)
}

fn build(
    ctx: Context,
    dashboard: Option<&'static str>,
    wanted: &dyn Fn(&str) -> bool,
    parts: &[Part],
) -> Result<Report> {
    let (data, config) = (ctx.data, ctx.config);
    let evaluator =
        Evaluator { ctx: &ctx, targets: Targets::new(data, config), periods: ctx.periods(), years: ctx.years() };
    let kpis = btree_map(KPIS.iter().filter(|def| wanted(def.id)).map(|def| (def.id, evaluator.evaluate(def))));
    let dashboards = dashboards::build(&ctx, &kpis, parts);
    let mut quality = data.quality.clone();
    quality.warnings.extend(ctx.warnings.iter().cloned());
    Ok(Report {
        engine: "sales-kpi",
        version: env!("CARGO_PKG_VERSION"),
        dashboard,
        as_of: format_day(ctx.as_of),
        selection: Selection {
            from: format_day(ctx.from),
            to: format_day(ctx.to),
            periods: evaluator.periods.iter().map(|p| p.label.clone()).collect(),
            reps: ctx.rep_names.iter().map(|r| ctx.name(*r).to_string()).collect(),
            filters_active: ctx.filtered,
        },
        kpis,
        dashboards,
        dimensions: dimensions(data, &ctx),
        quality,
    })
}

/// What one dashboard shows: the KPIs of its tiles and tables, and the
/// aggregates it draws (whose own KPIs come with them).
pub struct DashboardView {
    /// The dashboard's `data-dashboard` name.
    pub name: &'static str,
    /// The KPIs of its tiles and tables.
    pub kpis: &'static [&'static str],
    /// The aggregates it draws.
    pub parts: &'static [Part],
}

const SALES_TILES: &[&str] = &[
    "win_rate",
    "conversion_rate",
    "avg_deal_size",
    "acv",
    "clv",
    "new_leads",
    "pipeline_value",
    "quota_attainment",
    "customer_retention",
    "rep_retention",
];

/// The six dashboards' views, in tab order.
pub const DASHBOARD_VIEWS: &[DashboardView] = &[
    DashboardView {
        name: "state-of-the-union",
        kpis: SALES_TILES,
        parts: &[Part::Monthly, Part::Leaderboard, Part::TopDeals],
    },
    DashboardView {
        name: "pipeline",
        kpis: &[
            "pipeline_value",
            "new_leads",
            "avg_lead_age_days",
            "avg_sales_cycle_days",
            "avg_deal_size",
            "conversion_rate",
        ],
        parts: &[Part::PipelineByStage],
    },
    DashboardView { name: "team-activity", kpis: &["tasks_overdue"], parts: &[Part::Activity] },
    DashboardView { name: "performance", kpis: &["win_rate", "avg_deal_size"], parts: &[Part::WonGroups] },
    DashboardView {
        name: "stage-analysis",
        kpis: &["stage_conversion", "avg_time_in_stage_days"],
        parts: &[Part::AtRisk],
    },
    DashboardView {
        name: "reps",
        kpis: &["quota_attainment", "pipeline_value", "new_leads", "win_rate", "avg_sales_cycle_days", "tasks_overdue"],
        parts: &[Part::Leaderboard],
    },
];

impl DashboardView {
    /// The view of the dashboard called `name`; a configuration error naming the six otherwise.
    pub fn named(name: &str) -> Result<&'static DashboardView> {
        DASHBOARD_VIEWS.iter().find(|view| view.name == name).ok_or_else(|| {
            let known: Vec<&str> = DASHBOARD_VIEWS.iter().map(|view| view.name).collect();
            Error::config(format!("there is no dashboard \"{name}\"; the dashboards are {}", known.join(", ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Config, InputFile};

    /// Fiscal years starting in April: FY2025 runs from 2024-04-01 to
    /// 2025-03-31, and each period comes with its whole span, not cut to
    /// the data's first and last event.
    #[test]
    fn period_bounds_follow_the_fiscal_year_and_are_whole() {
        let deals = "Deal ID,Owner,Stage,Amount,Created Date,Close Date\nA,Siti,Won,100,2024-03-10,2024-05-20\n";
        let config = Config { fiscal_year_start_month: 4, as_of: Some("2024-06-30".into()), ..Config::default() };
        let report = analyze(&[InputFile::new("deals.csv", deals)], &config).expect("report");
        let bounds: Vec<(&str, &str, &str)> = report
            .dimensions
            .period_bounds
            .iter()
            .map(|p| (p.label.as_str(), p.from.as_str(), p.to.as_str()))
            .collect();
        assert_eq!(
            bounds,
            [
                ("FY2024", "2023-04-01", "2024-03-31"),
                ("FY2024-Q4", "2024-01-01", "2024-03-31"),
                ("FY2025", "2024-04-01", "2025-03-31"),
                ("FY2025-Q1", "2024-04-01", "2024-06-30"),
            ]
        );
        assert_eq!(report.dimensions.periods, bounds.iter().map(|b| b.0).collect::<Vec<_>>());
    }
}
