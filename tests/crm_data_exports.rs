#![cfg(not(target_arch = "wasm32"))]
//! Issue 11: CRM data exports as they come. Expected values are worked out
//! by hand in the comments.

use sales_kpi::{analyze, Config, InputFile};

/// A migrated org: three won deals carry the import date (2024-06-01) as
/// created date, after they closed; one deal was made in the new CRM.
const MIGRATED: &str = "\
Deal ID,Owner,Stage,Amount,Created Date,Close Date,Original Created Date
M1,Ana,Closed Won,100,2024-06-01,2023-03-10,2023-01-10
M2,Ana,Closed Won,200,2024-06-01,2023-04-20,2023-02-01
M3,Ben,Closed Lost,50,2024-06-01,2023-05-05,2023-03-01
N1,Ben,Closed Won,300,2024-07-01,2024-07-31,
";

#[test]
fn migrated_created_dates_never_make_a_negative_sales_cycle() {
    let report = analyze(&[InputFile::new("Opportunity.csv", MIGRATED)], &Config::default()).unwrap();
    let cycle = &report.kpis["avg_sales_cycle_days"];
    // Only N1 has a cycle: 2024-07-31 − 2024-07-01 = 30 days. M1 and M2 are left out.
    assert_eq!(cycle.value, Some(30.0));
    assert_eq!(cycle.inputs["won_deals_with_created_date"], 1.0);
    assert_eq!(cycle.inputs["won_deals_closed_before_created_left_out"], 2.0);
    let file = &report.quality.files[0];
    // M1, M2 (won) and M3 (lost) are flagged on their row, with the created-date column.
    let flagged: Vec<(u64, &str)> = file
        .flagged
        .iter()
        .filter(|f| f.reason.starts_with("closed before it was created"))
        .map(|f| (f.row, f.column.as_str()))
        .collect();
    assert_eq!(flagged, [(2, "Created Date"), (3, "Created Date"), (4, "Created Date")]);
    // 3 of the 4 closed deals: most of the file. The warning names the other date column.
    let warning = file.warnings.iter().find(|w| w.contains("closed deals close before")).expect("a migration warning");
    assert!(warning.starts_with("3 of 4 closed deals close before they were created"), "{warning}");
    assert!(warning.contains("\"Original Created Date\""), "{warning}");
}

#[test]
fn a_few_deals_closed_before_created_are_flagged_without_a_migration_warning() {
    let text = "\
Owner,Stage,Amount,Created Date,Close Date
Ana,Won,100,2024-02-01,2024-01-01
Ana,Won,100,2024-01-01,2024-01-11
Ana,Won,100,2024-01-01,2024-01-21
";
    let report = analyze(&[InputFile::new("deals.csv", text)], &Config::default()).unwrap();
    // (10 + 20) / 2 = 15 days; the first deal is left out.
    assert_eq!(report.kpis["avg_sales_cycle_days"].value, Some(15.0));
    let file = &report.quality.files[0];
    assert_eq!(file.flagged.iter().filter(|f| f.reason.starts_with("closed before it was created")).count(), 1);
    assert!(!file.warnings.iter().any(|w| w.contains("closed deals close before")));
}
