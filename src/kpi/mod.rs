//! Every KPI (docs/spec.md §3), as data: an id, the article's name, a unit, which
//! breakdowns it has, what it needs, and the function computing one value
//! for a scope (all data or one rep) and a window. One driver computes the
//! value and every breakdown the same way.

mod activity;
pub mod catalog;
pub mod context;
mod customers;
mod deals;
pub mod derived;
pub(crate) mod leads;
pub mod measure;
pub mod period;
pub mod selection;
pub mod stages;
pub(crate) mod team;
pub mod timeline;

pub use activity::ActivityTally;

use crate::field::{Field, KindField};
use crate::file_kind::FileKind;
use crate::model::Dataset;
use context::{Context, Scope};
use measure::Measure;
use period::Period;

/// Which periods a KPI is broken down by.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Periods {
    /// Every quarter and year of the selection.
    QuartersAndYears,
    /// Years only (the yearly KPIs).
    YearsOnly,
    /// No period breakdown (a snapshot at the as-of date).
    None,
}

type ComputeFn = fn(&Context, &Scope, &Period) -> Measure;
type StageFn = fn(&Context, &Scope, &Period) -> Vec<(crate::model::Sym, Measure)>;

/// A text in the page's two languages.
pub struct Text {
    /// In English.
    pub en: &'static str,
    /// In Bahasa Indonesia.
    pub id: &'static str,
}

/// Which deals a KPI's value is computed from: the rule of its drill-down
/// (see [`crate::Session::deals`]), named here so that the two cannot drift apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrillRule {
    /// Deals whose life (created → closed, or still open) overlaps the period.
    InPipeline,
    /// Deals created in the period.
    Created,
    /// Deals won or lost in the period.
    Closed,
    /// Deals won in the period.
    Won,
    /// Deals won in the period with a created date on or before their close date.
    WonWithCycle,
    /// Deals won in the period by reps with a quota.
    WonByRepsWithQuota,
    /// Deals open at the end of the period.
    OpenAtEnd,
    /// The first won deals of the period's referred new customers.
    ReferredFirstWins,
    /// Deals that entered a stage in the period.
    EnteredStage,
    /// Computed from reps, customers over time or activities: its inputs explain it.
    NotFromDeals,
}

/// One KPI: the single source of its names, texts, unit, direction,
/// breakdowns, needs, formula and drill-down. The README's KPI table and
/// the page's KPI texts (`www/kpi-text.js`) are generated from these
/// entries ([`catalog`]), and a test fails when they differ.
pub struct KpiDef {
    /// The KPI's id in the report (`win_rate`…).
    pub id: &'static str,
    /// Its name in the report (English).
    pub name: &'static str,
    /// Its heading in the article the product comes from (Bahasa Indonesia),
    /// for the nine KPIs the article lists.
    pub article: Option<&'static str>,
    /// The tile's label.
    pub label: Text,
    /// The formula as the page's explanation drawer says it.
    pub formula: Text,
    /// The precise rule, as the README's KPI table states it.
    pub definition: &'static str,
    /// `currency`, `percent`, `days` or `count`.
    pub unit: &'static str,
    /// Whether a rise is good news.
    pub higher_is_better: bool,
    /// Whether it is broken down by rep.
    pub by_rep: bool,
    /// Which periods it is broken down by.
    pub periods: Periods,
    /// `(kind.field, what to tell the user)`: all must be present.
    pub needs: &'static [(KindField, &'static str)],
    /// The value for a scope (all, or one rep) over a window.
    pub(crate) compute: ComputeFn,
    /// The values per stage, for the KPIs broken down by stage.
    pub(crate) by_stage: Option<StageFn>,
    /// The deals behind its value.
    pub drill: DrillRule,
}

const DEALS: (KindField, &str) = (KindField::any(FileKind::Deals), "a deals file");
/// Per-rep figures from deals need an owner column.
const OWNERS: (KindField, &str) = (KindField::of(FileKind::Deals, Field::Owner), "an owner column on deals");
const REP_HIRES: (KindField, &str) =
    (KindField::of(FileKind::Reps, Field::HireDate), "a reps file with a hire date column");
const QUOTAS: (KindField, &str) = (KindField::of(FileKind::Reps, Field::Quota), "a reps file with a quota column");
const ACTIVITIES: (KindField, &str) = (KindField::of(FileKind::Activities, Field::Type), "an activities file");

use Periods::{QuartersAndYears as QY, YearsOnly};

/// The KPI registry, in the report's order.
pub const KPIS: &[KpiDef] = &[
    KpiDef {
        id: "acv",
        name: "Annual Contract Value",
        article: Some("Annual Contract Value (ACV)"),
        label: Text { en: "Annual Contract Value", id: "Nilai Kontrak Tahunan" },
        formula: Text {
            en: "Mean over won deals of amount ÷ max(1, contract years).",
            id: "Rata-rata transaksi menang dari nilai ÷ max(1, tahun kontrak).",
        },
        definition: "mean over won deals closed in the period of amount / max(1, term_years); term_years = term_months / 12, else (contract_end − contract_start) / 365.25, else 1",
        unit: "currency",
        higher_is_better: true,
        by_rep: true,
        periods: QY,
        needs: &[DEALS],
        compute: deals::acv,
        by_stage: None,
        drill: DrillRule::Won,
    },
    KpiDef {
        id: "clv",
        name: "Customer Lifetime Value",
        article: Some("Customer lifetime value (CLV)"),
        label: Text { en: "Customer Lifetime Value", id: "Nilai Umur Pelanggan" },
        formula: Text {
            en: "Avg purchase value × purchases per year per customer × avg customer lifespan (years).",
            id: "Rata-rata nilai pembelian × pembelian per tahun per pelanggan × rata-rata umur pelanggan (tahun).",
        },
        definition: "avg purchase value × purchases per year per customer × avg lifespan (years). Purchases = won deals closed in the period; avg value over those with an amount; customers = accounts active on some day of the period; years covered = (days + 1) / 365.25; lifespan = mean (min(churn, as-of) − customer_since) / 365.25",
        unit: "currency",
        higher_is_better: true,
        by_rep: false,
        periods: QY,
        needs: &[DEALS],
        compute: customers::clv,
        by_stage: None,
        drill: DrillRule::Won,
    },
    KpiDef {
        id: "new_leads",
        name: "New leads in the pipeline",
        article: Some("Prospek baru dalam Sales Pipeline"),
        label: Text { en: "New leads", id: "Prospek baru" },
        formula: Text {
            en: "Deals created in the period.",
            id: "Transaksi yang dibuat dalam periode.",
        },
        definition: "deals created in the period. **With a leads file**: leads created in the period (noted)",
        unit: "count",
        higher_is_better: true,
        by_rep: true,
        periods: QY,
        needs: &[DEALS],
        compute: deals::new_leads,
        by_stage: None,
        drill: DrillRule::Created,
    },
    KpiDef {
        id: "avg_lead_age_days",
        name: "Average lead age in the pipeline",
        article: Some("Usia rata-rata lead dalam Sales Pipeline"),
        label: Text { en: "Avg lead age", id: "Rata-rata umur prospek" },
        formula: Text {
            en: "Total age of open deals at the period end ÷ number of open deals.",
            id: "Total umur transaksi terbuka di akhir periode ÷ jumlah transaksi terbuka.",
        },
        definition: "total age / count of deals open at the period end (or as-of, whichever is earlier) that have a created date. **With a leads file**: over the leads open then, i.e. created by then, not converted by then and not disqualified (noted)",
        unit: "days",
        higher_is_better: false,
        by_rep: true,
        periods: QY,
        needs: &[DEALS],
        compute: deals::avg_lead_age_days,
        by_stage: None,
        drill: DrillRule::OpenAtEnd,
    },
    KpiDef {
        id: "conversion_rate",
        name: "Conversion rate",
        article: Some("Conversion rate"),
        label: Text { en: "Conversion rate", id: "Tingkat konversi" },
        formula: Text {
            en: "Deals won in the period ÷ deals in the pipeline during the period × 100.",
            id: "Transaksi menang dalam periode ÷ transaksi dalam pipeline selama periode × 100.",
        },
        definition: "deals won in the period / deals whose life (created → closed, or still open) overlaps the period × 100. **With a leads file**: leads created in the period whose converted deal was won by the period end / leads created in the period × 100; converted leads naming no deal are counted in the inputs (noted)",
        unit: "percent",
        higher_is_better: true,
        by_rep: true,
        periods: QY,
        needs: &[DEALS],
        compute: deals::conversion_rate,
        by_stage: None,
        drill: DrillRule::InPipeline,
    },
    KpiDef {
        id: "win_rate",
        name: "Win rate",
        article: None,
        label: Text { en: "Win rate", id: "Tingkat kemenangan" },
        formula: Text {
            en: "Won ÷ (won + lost) over deals closed in the period × 100.",
            id: "Menang ÷ (menang + kalah) atas transaksi yang ditutup dalam periode × 100.",
        },
        definition: "won / (won + lost) over deals closed in the period × 100 (the CRM vendors' definition)",
        unit: "percent",
        higher_is_better: true,
        by_rep: true,
        periods: QY,
        needs: &[DEALS],
        compute: deals::win_rate,
        by_stage: None,
        drill: DrillRule::Closed,
    },
    KpiDef {
        id: "rep_retention",
        name: "Sales rep retention",
        article: Some("Sales Representatives Retention"),
        label: Text { en: "Rep retention", id: "Retensi sales" },
        formula: Text {
            en: "(Reps at year end − reps hired in the year) ÷ reps at year start × 100.",
            id: "(Sales di akhir tahun − sales yang direkrut tahun itu) ÷ sales di awal tahun × 100.",
        },
        definition: "(reps employed at year end − reps hired in the year) / reps employed at year start × 100; value = the last year (to date)",
        unit: "percent",
        higher_is_better: true,
        by_rep: false,
        periods: YearsOnly,
        needs: &[REP_HIRES],
        compute: team::rep_retention,
        by_stage: None,
        drill: DrillRule::NotFromDeals,
    },
    KpiDef {
        id: "avg_ramp_days",
        name: "Average sales ramp time",
        article: Some("Rata-Rata Sales Ramp Time"),
        label: Text { en: "Avg ramp time", id: "Rata-rata waktu ramp" },
        formula: Text {
            en: "Mean days from hire to first outreach, for reps hired in the period.",
            id: "Rata-rata hari dari rekrut ke kontak pertama, untuk sales yang direkrut dalam periode.",
        },
        definition: "over reps hired in the period: mean days from hire to first_outreach_date; without that column, to their first activity; without activities, to their first created deal",
        unit: "days",
        higher_is_better: false,
        by_rep: false,
        periods: QY,
        needs: &[REP_HIRES],
        compute: team::avg_ramp_days,
        by_stage: None,
        drill: DrillRule::NotFromDeals,
    },
    KpiDef {
        id: "referrals",
        name: "Referrals",
        article: Some("Referrals"),
        label: Text { en: "Referrals", id: "Rujukan" },
        formula: Text {
            en: "New customers whose first won deal came from a referral (or whose account was referred).",
            id: "Pelanggan baru yang transaksi menang pertamanya berasal dari rujukan.",
        },
        definition: "new customers in the period whose first won deal's lead source matches referral / referensi / rujukan / word of mouth, or whose account has referred_by; attributed to that deal's owner",
        unit: "count",
        higher_is_better: true,
        by_rep: true,
        periods: QY,
        needs: &[DEALS],
        compute: customers::referrals,
        by_stage: None,
        drill: DrillRule::ReferredFirstWins,
    },
    KpiDef {
        id: "customer_retention",
        name: "Customer retention",
        article: Some("Customer Retention"),
        label: Text { en: "Customer retention", id: "Retensi pelanggan" },
        formula: Text {
            en: "(Customers at period end − new customers) ÷ customers at period start × 100.",
            id: "(Pelanggan di akhir periode − pelanggan baru) ÷ pelanggan di awal periode × 100.",
        },
        definition: "(customers active at period end − new customers in the period) / customers active at period start × 100; value = the last year",
        unit: "percent",
        higher_is_better: true,
        by_rep: false,
        periods: YearsOnly,
        needs: &[DEALS],
        compute: customers::customer_retention,
        by_stage: None,
        drill: DrillRule::NotFromDeals,
    },
    KpiDef {
        id: "customer_churn",
        name: "Churn",
        article: None,
        label: Text { en: "Churn", id: "Churn" },
        formula: Text {
            en: "100 − customer retention.",
            id: "100 − retensi pelanggan.",
        },
        definition: "100 − customer_retention",
        unit: "percent",
        higher_is_better: false,
        by_rep: false,
        periods: YearsOnly,
        needs: &[DEALS],
        compute: customers::customer_churn,
        by_stage: None,
        drill: DrillRule::NotFromDeals,
    },
    KpiDef {
        id: "avg_deal_size",
        name: "Average deal size",
        article: None,
        label: Text { en: "Avg deal size", id: "Rata-rata nilai transaksi" },
        formula: Text {
            en: "Mean amount of deals won in the period.",
            id: "Rata-rata nilai transaksi yang menang dalam periode.",
        },
        definition: "mean amount of deals won in the period (deals without an amount left out and counted)",
        unit: "currency",
        higher_is_better: true,
        by_rep: true,
        periods: QY,
        needs: &[DEALS],
        compute: deals::avg_deal_size,
        by_stage: None,
        drill: DrillRule::Won,
    },
    KpiDef {
        id: "avg_sales_cycle_days",
        name: "Average sales cycle",
        article: None,
        label: Text { en: "Avg sales cycle", id: "Rata-rata siklus penjualan" },
        formula: Text {
            en: "Mean days from created to close of deals won in the period.",
            id: "Rata-rata hari dari dibuat hingga ditutup, transaksi menang dalam periode.",
        },
        definition: "mean (close − created) days of deals won in the period; a deal closed before it was created (migrated data) is left out and counted in the inputs, never averaged in as a negative cycle",
        unit: "days",
        higher_is_better: false,
        by_rep: true,
        periods: QY,
        needs: &[DEALS],
        compute: deals::avg_sales_cycle_days,
        by_stage: None,
        drill: DrillRule::WonWithCycle,
    },
    KpiDef {
        id: "pipeline_value",
        name: "Open pipeline",
        article: None,
        label: Text { en: "Open pipeline", id: "Pipeline terbuka" },
        formula: Text {
            en: "Sum of amounts of deals open at the period end.",
            id: "Jumlah nilai transaksi yang terbuka di akhir periode.",
        },
        definition: "sum of amounts of deals open at the period end; inputs: count, weighted value (probability %, none = 100)",
        unit: "currency",
        higher_is_better: true,
        by_rep: true,
        periods: QY,
        needs: &[DEALS],
        compute: deals::pipeline_value,
        by_stage: None,
        drill: DrillRule::OpenAtEnd,
    },
    KpiDef {
        id: "quota_attainment",
        name: "Quota attainment",
        article: None,
        label: Text { en: "Quota attainment", id: "Pencapaian kuota" },
        formula: Text {
            en: "Won amount ÷ quota for the period × 100 (quota prorated by days employed).",
            id: "Nilai menang ÷ kuota periode × 100 (kuota sebanding hari bekerja).",
        },
        definition: "won amount / quota × 100; a rep's quota = quarterly quota × Σ over quarters touched of (days inside the period and the employment / days in the quarter); team = Σ won / Σ quota over reps with a quota",
        unit: "percent",
        higher_is_better: true,
        by_rep: true,
        periods: QY,
        needs: &[QUOTAS, OWNERS],
        compute: team::quota_attainment,
        by_stage: None,
        drill: DrillRule::WonByRepsWithQuota,
    },
    KpiDef {
        id: "stage_conversion",
        name: "Stage-to-stage conversion",
        article: None,
        label: Text { en: "Stage conversion", id: "Konversi tahap" },
        formula: Text {
            en: "Of deals entering the first stage in the period, the share won by its end.",
            id: "Dari transaksi yang masuk tahap pertama dalam periode, bagian yang menang sampai akhir periode.",
        },
        definition: "value: of deals that entered the first stage in the period, the share won by its end; `by_stage`: of deals entering the stage, the share that reached a later stage or were won by the period end",
        unit: "percent",
        higher_is_better: true,
        by_rep: false,
        periods: QY,
        needs: &[],
        compute: stages::stage_conversion,
        by_stage: Some(stages::stage_conversion_by_stage),
        drill: DrillRule::EnteredStage,
    },
    KpiDef {
        id: "avg_time_in_stage_days",
        name: "Time in stage",
        article: None,
        label: Text { en: "Time in stage", id: "Waktu per tahap" },
        formula: Text {
            en: "Mean days from entering a stage to the next stage (or the close).",
            id: "Rata-rata hari dari masuk satu tahap ke tahap berikutnya (atau penutupan).",
        },
        definition: "mean days from entering a stage to the next entry (or the close), over stays that entered in the period and ended by its end; with only a stage-entered date: the age of open deals' current stays (noted)",
        unit: "days",
        higher_is_better: false,
        by_rep: false,
        periods: QY,
        needs: &[],
        compute: stages::avg_time_in_stage,
        by_stage: Some(stages::avg_time_in_stage_by_stage),
        drill: DrillRule::EnteredStage,
    },
    KpiDef {
        id: "tasks_overdue",
        name: "Overdue tasks",
        article: None,
        label: Text { en: "Overdue tasks", id: "Tugas terlambat" },
        formula: Text {
            en: "Tasks due before the as-of date and not completed.",
            id: "Tugas yang jatuh tempo sebelum tanggal acuan dan belum selesai.",
        },
        definition: "tasks (task / to-do / tugas) with due date before the as-of and not completed (completed date ≤ as-of, or a done status); inputs: total and completed",
        unit: "count",
        higher_is_better: false,
        by_rep: true,
        periods: Periods::None,
        needs: &[ACTIVITIES],
        compute: activity::tasks_overdue,
        by_stage: None,
        drill: DrillRule::NotFromDeals,
    },
];

/// Read from a leads file when one is given (else from deals).
const LEAD_KPIS: &[&str] = &["new_leads", "avg_lead_age_days", "conversion_rate"];

/// Whether the KPI is counted from a leads file when one is given.
pub(crate) fn reads_leads(id: &str) -> bool {
    LEAD_KPIS.contains(&id)
}
const LEADS: KindField = KindField::any(FileKind::Leads);

/// Referrals also need a lead source or a referred-by column.
fn referral_source_missing(data: &Dataset) -> bool {
    !data.has(KindField::of(FileKind::Deals, Field::LeadSource))
        && !data.has(KindField::of(FileKind::Accounts, Field::ReferredBy))
}

impl KpiDef {
    /// Why the KPI cannot be computed on this data, if it cannot.
    pub fn missing(&self, data: &Dataset) -> Option<String> {
        if LEAD_KPIS.contains(&self.id) && data.has(LEADS) {
            return None;
        }
        let missing: Vec<&str> =
            self.needs.iter().filter(|(field, _)| !data.has(*field)).map(|(_, what)| *what).collect();
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
            return (!data.has(KindField::of(FileKind::Leads, Field::Owner)))
                .then(|| "per rep: needs an owner column on leads (map one in the settings)".into());
        }
        let from_deals = self.needs.contains(&DEALS);
        (from_deals && !data.has(OWNERS.0))
            .then(|| "per rep: needs an owner column on deals (map one in the settings)".into())
    }
}
