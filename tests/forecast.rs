//! The forecast of State of the Union on a fixture with Salesforce's
//! "Forecast Category" column (tests/fixtures/forecast), worked out by hand.
//! As of 2024-05-15: the quarter is 2024-Q2 (Apr 1 – Jun 30), the year 2024.
//!
//! | deal | state on May 15 | amount | close / expected | category |
//! |---|---|---|---|---|
//! | F1 | won Feb 10 | 1000 | Q1 | Closed |
//! | F2 | won Apr 20 | 2000 | Q2 | Closed |
//! | F4 | lost Apr 10 | 3000 | Q2 | Omitted |
//! | F5 | open | 4000 | Jun 15 | Commit |
//! | F6 | open | 1500 | May 30 | Best Case |
//! | F7 | open | 5000 | Jun 20 | Pipeline (not in the forecast) |
//! | F8 | open | 2500 | Sep 30 | Commit |
//! | F9 | open | 800 | Aug 15 | Most Likely (counted as Best Case) |
//! | F10 | open | 700 | Jun 1 | "Maybe later": not recognised, flagged |
//! | F11 | open | 900 | 2025-01-15 | Commit, next year |
//! | F12 | created Jun 1, after the as-of | 600 | Jun 25 | Commit: not open yet |

mod common;
use common::*;
use sales_kpi::{analyze, Config};
use serde_json::{json, Value};

fn forecast_report(files: &[&str], config: &str) -> Value {
    let files: Vec<_> = files.iter().map(|name| fixture("forecast", name)).collect();
    let report = analyze(&files, &Config::from_json(config).unwrap()).unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(&report).unwrap()
}

const AS_OF: &str = r#"{"as_of": "2024-05-15", "from": "2024-01-01", "to": "2024-12-31"}"#;

#[test]
fn quarter_and_year_are_won_plus_commit_plus_best_case_against_target() {
    let report = forecast_report(&["deals.csv", "targets.csv"], AS_OF);
    let forecast = &report["dashboards"]["forecast"];
    assert_eq!(forecast["method"], "forecast_category");
    let quarter = &forecast["periods"][0];
    // Won F2 2000; commit F5 4000; best case F6 1500 → 7500 of a 10 000 target.
    assert_eq!(
        (&quarter["period"], &quarter["from"], &quarter["to"]),
        (&json!("2024-Q2"), &json!("2024-04-01"), &json!("2024-06-30"))
    );
    assert_eq!(
        (&quarter["won"], &quarter["commit"], &quarter["best_case"]),
        (&json!(2000.0), &json!(4000.0), &json!(1500.0))
    );
    assert_eq!(
        (&quarter["forecast"], &quarter["target"], &quarter["attainment"]),
        (&json!(7500.0), &json!(10000.0), &json!(75.0))
    );
    assert!(quarter.get("weighted_pipeline").is_none(), "the weighted pipeline is the other method");
    // Year: won F1 + F2 = 3000; commit F5 + F8 = 6500; best case F6 + F9 = 2300 → 11 800 of 40 000.
    let year = &forecast["periods"][1];
    assert_eq!(year["period"], "2024");
    assert_eq!((&year["won"], &year["commit"], &year["best_case"]), (&json!(3000.0), &json!(6500.0), &json!(2300.0)));
    assert_eq!(
        (&year["forecast"], &year["target"], &year["attainment"]),
        (&json!(11800.0), &json!(40000.0), &json!(29.5))
    );
}

#[test]
fn months_carry_commit_and_best_case_and_the_cumulative_forecast_uses_them() {
    let report = forecast_report(&["deals.csv", "targets.csv"], AS_OF);
    let months = report["dashboards"]["monthly"].as_array().unwrap();
    let month = |label: &str| months.iter().find(|m| m["month"] == label).unwrap();
    assert_eq!((&month("2024-05")["commit"], &month("2024-05")["best_case"]), (&json!(0.0), &json!(1500.0)));
    assert_eq!((&month("2024-06")["commit"], &month("2024-06")["best_case"]), (&json!(4000.0), &json!(0.0)));
    assert_eq!((&month("2024-08")["best_case"], &month("2024-09")["commit"]), (&json!(800.0), &json!(2500.0)));
    // Won 1000 (Feb) + 2000 (Apr), then commit and best case as they fall due.
    let cumulative: Vec<f64> = months.iter().map(|m| m["cumulative_forecast"].as_f64().unwrap()).collect();
    assert_eq!(
        cumulative,
        [0.0, 1000.0, 1000.0, 3000.0, 4500.0, 8500.0, 8500.0, 9300.0, 11800.0, 11800.0, 11800.0, 11800.0]
    );
}

#[test]
fn an_unrecognised_category_is_flagged_with_its_row() {
    let report = forecast_report(&["deals.csv"], AS_OF);
    let file = report["quality"]["files"].as_array().unwrap().iter().find(|f| f["name"] == "deals.csv").unwrap();
    let flagged: Vec<&Value> =
        file["flagged"].as_array().unwrap().iter().filter(|f| f["column"] == "Forecast Category").collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert_eq!(flagged[0]["row"], 10, "F10 is on line 10");
    assert_eq!(file["rows_used"], 11, "the row is still used");
}

#[test]
fn without_the_column_the_forecast_is_won_plus_weighted_pipeline() {
    // The hand fixture has no forecast category; as of 2024-06-10 (its last
    // event). Q2: won D3 3000 (D6 has no amount) + D5 1000 × 100 % (no
    // probability), D4 closes in July. 2024: won D1 1200 + D3 3000, and
    // D4 2000 × 50 % + D5 1000.
    let files: Vec<_> = ["deals.csv"].iter().map(|name| fixture("hand", name)).collect();
    let report = serde_json::to_value(report_of(&files)).unwrap();
    let forecast = &report["dashboards"]["forecast"];
    assert_eq!(forecast["method"], "weighted_pipeline");
    let (quarter, year) = (&forecast["periods"][0], &forecast["periods"][1]);
    assert_eq!(quarter["period"], "2024-Q2");
    assert_eq!(
        (&quarter["won"], &quarter["weighted_pipeline"], &quarter["forecast"]),
        (&json!(3000.0), &json!(1000.0), &json!(4000.0))
    );
    assert_eq!(
        (&year["won"], &year["weighted_pipeline"], &year["forecast"]),
        (&json!(4200.0), &json!(2000.0), &json!(6200.0))
    );
    assert_eq!((&quarter["target"], &quarter["attainment"]), (&Value::Null, &Value::Null));
    assert!(quarter.get("commit").is_none());
    assert!(report["dashboards"]["monthly"][0].get("commit").is_none());
}
