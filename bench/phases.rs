//! The engine's phases, timed inside one process through a `Session`, as the
//! page drives it: read, parse and join the files, compute the full report,
//! serialise it, and recompute under a filter (one rep, one region, one
//! quarter): the visible dashboard's view, then the full report. Run by `bench/run.sh`.
//!
//! Usage: cargo run --release --example phases -- RUNS FILE...

use sales_kpi::{Config, InputFile, Session};
use std::time::Instant;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Selects a calendar quarter given as `YYYY-Qn`.
fn set_quarter(config: &mut Config, label: &str) {
    let Some((year, quarter)) = label.split_once("-Q") else { return };
    let quarter: u32 = quarter.parse().unwrap_or(1);
    let (first_month, last_month) = (3 * quarter - 2, 3 * quarter);
    let last_day = [31, 30, 30, 31][quarter as usize - 1];
    config.from = Some(format!("{year}-{first_month:02}-01"));
    config.to = Some(format!("{year}-{last_month:02}-{last_day}"));
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed().as_secs_f64() * 1000.0)
}

/// The dashboards of SPEC §6, in the page's order.
const VIEWS: [&str; 6] = ["state-of-the-union", "pipeline", "team-activity", "performance", "stage-analysis", "reps"];

/// Each dashboard alone, as the visible one on each kind of change (ms): no
/// filter (after the previous dashboard's quarter), one rep, one region, one
/// quarter. Each dashboard gets its own rep, region and quarter, so that none
/// reads what the one before it worked out for the same filters or dates.
fn each_view(session: &mut Session, config: &Config, full: &sales_kpi::Report) -> [[f64; 4]; 6] {
    let dims = &full.dimensions;
    let quarters: Vec<&String> = dims.periods.iter().filter(|p| p.contains("-Q")).collect();
    let pick = |list: &[&String], i: usize| list.get(i % list.len().max(1)).map(|s| s.to_string()).unwrap_or_default();
    let mut out = [[0.0; 4]; 6];
    for (i, view) in VIEWS.iter().enumerate() {
        let mut configs = [config.clone(), config.clone(), config.clone(), config.clone()];
        configs[1].filters.reps = vec![pick(&dims.reps.iter().collect::<Vec<_>>(), i)];
        configs[2].filters.regions = vec![pick(&dims.regions.iter().collect::<Vec<_>>(), i)];
        set_quarter(&mut configs[3], &pick(&quarters, i));
        for (slot, config) in configs.iter().enumerate() {
            out[i][slot] = timed(|| session.dashboard(config, view).expect("view")).1;
        }
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(3);
    let paths: Vec<String> = args.collect();
    let read = || -> Vec<InputFile> {
        paths
            .iter()
            .map(|p| InputFile::new(p.rsplit('/').next().unwrap_or(p), std::fs::read(p).expect("readable file")))
            .collect()
    };
    let config = Config::default();
    let (mut load, mut report, mut json, mut filters) = (vec![], vec![], vec![], vec![[[0.0; 2]; 3]; 0]);
    let mut views: Vec<[[f64; 4]; 6]> = vec![];
    for _ in 0..runs {
        let files = read();
        let mut session = Session::new();
        let (errors, load_ms) = timed(|| session.add_files(files, &config));
        assert!(errors.is_empty(), "files load: {errors:?}");
        let (full, report_ms) = timed(|| session.report(&config).expect("report"));
        let (_, json_ms) = timed(|| sales_kpi::json::to_string(&full).expect("json"));
        // A filter change: the full report, and the visible dashboard's view alone.
        let mut one = |edit: &dyn Fn(&mut Config)| {
            let mut filtered = config.clone();
            edit(&mut filtered);
            let view = timed(|| session.dashboard(&filtered, "state-of-the-union").expect("view")).1;
            let full = timed(|| session.report(&filtered).expect("filtered report")).1;
            [full, view]
        };
        let rep = full.dimensions.reps.first().cloned().unwrap_or_default();
        let region = full.dimensions.regions.first().cloned().unwrap_or_default();
        let quarter = full.dimensions.periods.iter().find(|p| p.contains("-Q")).cloned().unwrap_or_default();
        filters.push([
            one(&|c| c.filters.reps = vec![rep.clone()]),
            one(&|c| c.filters.regions = vec![region.clone()]),
            one(&|c| set_quarter(c, &quarter)),
        ]);
        views.push(each_view(&mut session, &config, &full));
        load.push(load_ms);
        report.push(report_ms);
        json.push(json_ms);
    }
    let views: Vec<String> = VIEWS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let kind = |k: usize| format!("{:.0}", median(views.iter().map(|v| v[i][k]).collect()));
            format!("\"{name}\": [{}]", (0..4).map(kind).collect::<Vec<_>>().join(", "))
        })
        .collect();
    let filter = |i: usize, view: usize| median(filters.iter().map(|f| f[i][view]).collect());
    println!(
        "{{\"load_ms\": {:.0}, \"report_ms\": {:.0}, \"json_ms\": {:.0}, \"filter_rep_ms\": {:.0}, \"filter_region_ms\": {:.0}, \"filter_quarter_ms\": {:.0}, \"view_rep_ms\": {:.0}, \"view_region_ms\": {:.0}, \"view_quarter_ms\": {:.0}, \"views\": {{{}}}}}",
        median(load),
        median(report),
        median(json),
        filter(0, 0),
        filter(1, 0),
        filter(2, 0),
        filter(0, 1),
        filter(1, 1),
        filter(2, 1),
        views.join(", ")
    );
}
