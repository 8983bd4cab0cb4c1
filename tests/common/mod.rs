//! Helpers shared by the integration tests.
#![allow(dead_code)]

use sales_kpi::{analyze, Config, InputFile, Report};
use std::path::Path;

pub fn fixture(dir: &str, name: &str) -> InputFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir).join(name);
    InputFile::new(name, std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

pub fn report_of(files: &[InputFile]) -> Report {
    analyze(files, &Config::default()).unwrap_or_else(|e| panic!("{e}"))
}

pub fn value(report: &Report, kpi: &str) -> Option<f64> {
    report.kpis[kpi].value
}

pub fn assert_close(actual: Option<f64>, expected: f64, what: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{what}: null, expected {expected}"));
    assert!((actual - expected).abs() < 1e-9 * expected.abs().max(1.0), "{what}: {actual}, expected {expected}");
}

pub fn input(report: &Report, kpi: &str, name: &str) -> f64 {
    report.kpis[kpi].inputs[name]
}

pub fn rep_value(report: &Report, kpi: &str, rep: &str) -> Option<f64> {
    report.kpis[kpi].by_rep.as_ref().unwrap().iter().find(|r| r.rep == rep).unwrap().value
}

pub fn period_value(report: &Report, kpi: &str, period: &str) -> Option<f64> {
    report.kpis[kpi].by_period.as_ref().unwrap().iter().find(|p| p.period == period).unwrap().value
}

pub fn stage_value(report: &Report, kpi: &str, stage: &str) -> Option<f64> {
    report.kpis[kpi].by_stage.as_ref().unwrap().iter().find(|s| s.stage == stage).unwrap().value
}

/// The string literals that follow each of `calls` in `text` (`table.col("` → the field).
pub fn literals_after<'t>(text: &'t str, calls: &[&str]) -> Vec<&'t str> {
    let mut found = Vec::new();
    for call in calls {
        for (at, _) in text.match_indices(call) {
            let rest = &text[at + call.len()..];
            if let Some(end) = rest.find('"') {
                found.push(&rest[..end]);
            }
        }
    }
    found
}
