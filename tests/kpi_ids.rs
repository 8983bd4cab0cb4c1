#![cfg(not(target_arch = "wasm32"))]
//! Dashboards name the KPIs they show and read by id (`"win_rate"`): a
//! misspelt id would read as a KPI with no value, quietly. Every id a
//! dashboard view or part names must be one of the registry's, and every id
//! the dashboards' code reads must be one its part asks the report for.

mod common;

use common::literals_after;
use sales_kpi::{Part, DASHBOARD_VIEWS, KPIS};
use std::collections::BTreeSet;

fn registry() -> BTreeSet<&'static str> {
    KPIS.iter().map(|def| def.id).collect()
}

#[test]
fn every_kpi_a_dashboard_names_is_in_the_registry() {
    let ids = registry();
    for view in DASHBOARD_VIEWS {
        for id in view.kpis {
            assert!(ids.contains(id), "dashboard {}: \"{id}\" is no KPI of the registry", view.name);
        }
    }
    for part in Part::ALL {
        for id in part.kpis() {
            assert!(ids.contains(id), "{part:?}: \"{id}\" is no KPI of the registry");
        }
    }
    assert!(ids.contains("win_rate") && !ids.contains("winrate"));
}

#[test]
fn every_kpi_the_dashboards_read_is_one_their_parts_ask_for() {
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/dashboards.rs")).expect("source");
    // A call chain broken over lines (`kpis\n    .get("…")`) reads as one.
    let source = source.split_whitespace().collect::<Vec<_>>().join(" ").replace(" .", ".");
    let asked: BTreeSet<&str> = Part::ALL.iter().flat_map(|part| part.kpis().iter().copied()).collect();
    let read = literals_after(&source, &["rep_value(kpis, \"", "kpis.get(\""]);
    for id in &read {
        assert!(asked.contains(id), "dashboards.rs reads \"{id}\", which no part asks the report for");
    }
    assert!(read.len() >= 6, "the reads were found ({})", read.len());
}
