//! # sales-kpi
//!
//! A sales-KPI engine: CRM export CSVs (Salesforce, HubSpot, Pipedrive,
//! Zoho, spreadsheets; English or Indonesian) in, the KPI report of the
//! article "KPI Penjualan" out. Pure Rust: no clock, no I/O beyond the bytes
//! it is handed, so the same core runs natively (the CLI) and in WebAssembly.
//!
//! ```no_run
//! use sales_kpi::{analyze, Config, InputFile};
//! let files = vec![InputFile::new("deals.csv", std::fs::read("deals.csv").unwrap())];
//! let report = analyze(&files, &Config::default()).unwrap();
//! println!("{:?}", report.kpis["win_rate"].value);
//! ```
#![deny(missing_docs)]

mod blocks;
mod config;
mod dashboards;
mod day;
mod decimal;
mod drill;
mod error;
mod field;
mod file_kind;
mod float_text;
pub mod generate;
mod hashing;
mod ingest;
mod interner;
pub mod json;
mod kpi;
mod kpi_values;
mod lowercase;
mod model;
mod quality;
mod report;
mod session;
mod sorting;
/// The JS binding (WebAssembly builds only).
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use config::{Config, Filters, Locale, QuotaPeriod, TargetSetting};
pub use dashboards::{Dashboards, DealRow, GroupRow, Part, VIEW_REGION_ACCOUNTS};
pub use drill::{ActivityLog, ActivityQuery, DealList, DealQuery};
pub use error::{Error, ErrorKind, Position, Result};
pub use field::{Field, KindField};
pub use file_kind::FileKind;
pub use ingest::{
    check_file_size, load_files, load_files_reporting, load_sources, read_file, read_file_reporting, FileSource,
    InputFile, LoadProgress, PathFile, MAX_FILE_BYTES,
};
pub use kpi::{catalog, DrillRule, KpiDef, Periods, Text, KPIS};
pub use kpi_values::{ComparedValue, Comparison, Inputs, Kpi, PeriodValue, RepPeriodValue, RepValue, StageValue};
pub use model::Dataset;
pub use quality::{FileQuality, Quality, Rejection};
pub use report::{build_dashboard, build_report, DashboardView, Report, DASHBOARD_VIEWS};
pub use session::Session;

/// The canonical fields of every file kind (for a mapping editor).
pub fn canonical_fields() -> std::collections::BTreeMap<&'static str, Vec<&'static str>> {
    sorting::btree_map(FileKind::ALL.iter().map(|kind| (kind.name(), kind.fields().iter().map(|f| f.name()).collect())))
}

/// Reads the files and computes the report: the one call most users need.
pub fn analyze(files: &[InputFile], config: &Config) -> Result<Report> {
    let sources: Vec<&dyn FileSource> = files.iter().map(|f| f as &dyn FileSource).collect();
    analyze_sources(&sources, config)
}

/// As [`analyze`], reading each file's bytes only while it is parsed.
pub fn analyze_sources(sources: &[&dyn FileSource], config: &Config) -> Result<Report> {
    let data = load_sources(sources, config, &mut |_| {})?;
    build_report(&data, config)
}
