//! Issue 7: the defects an independent check found, one named regression
//! test each (the closed-pipe CLI check is in tests/cli.sh). Expected values
//! come from hand arithmetic on the small fixtures written here.

mod common;
use common::*;
use sales_kpi::{analyze, Config, InputFile, Report};

const DEALS: &str = "Deal ID,Owner,Account,Stage,Amount,Created Date,Close Date\n";

fn accounted(report: &Report) {
    for file in &report.quality.files {
        assert_eq!(file.rows_read, file.rows_used + file.rows_rejected + file.rows_skipped, "{}", file.name);
    }
}

/// Defect 1: `rep,region` fits deals too (owner ← rep), which would lack a
/// stage; it is a reps file, and the file says why it was read so.
#[test]
fn defect_1_a_small_reps_file_is_read_as_reps() {
    let deals = InputFile::new("deals.csv", format!("{DEALS}D1,Ana,Acme,Won,10,2024-01-01,2024-02-01\n"));
    let reps = InputFile::new("reps.csv", "rep,region\nAna,East\n");
    let report = report_of(&[deals, reps]);
    let reps = &report.quality.files[1];
    assert_eq!((reps.kind.as_str(), reps.rows_used), ("reps", 1));
    assert!(reps.warnings.iter().any(|w| w.contains("as a deals file it would lack \"stage\"")), "{:?}", reps.warnings);
    assert_eq!(report.dimensions.regions, ["East"], "the deal gets its region from the rep");
}

/// Defect 2: as of a date, a deal won after it does not exist. Account C
/// was won on 2023-03-01 (derived churn 365 days later: 2024-02-29) and
/// again on 2024-05-01, after the as-of 2024-03-01; D was won on 2023-06-01.
/// 2024 to date: active at its start C and D (2), at the as-of D only (1),
/// no new customer: retention (1 − 0) / 2 = 50 %, churn 50 %. Leaking the
/// later win would keep C and give 100 % / 0 %.
#[test]
fn defect_2_an_earlier_as_of_does_not_leak_later_wins_into_customers() {
    let body = "D1,Ana,C,Won,10,2023-02-01,2023-03-01\nD2,Ana,C,Won,10,2024-04-01,2024-05-01\nD3,Ana,D,Won,10,2023-05-01,2023-06-01\n";
    let config = Config { as_of: Some("2024-03-01".into()), ..Config::default() };
    let report = analyze(&[InputFile::new("deals.csv", format!("{DEALS}{body}"))], &config).unwrap();
    assert_close(value(&report, "customer_retention"), 50.0, "customer_retention");
    assert_close(value(&report, "customer_churn"), 50.0, "customer_churn");
}

/// Defect 4: a row starting with "Total…" with half its cells empty, and a
/// sparse row after it, are data when data follows; a real trailing footer
/// is skipped with each row listed with its line.
#[test]
fn defect_4_total_rows_are_data_and_only_a_trailing_footer_is_skipped() {
    let body = "D1,Ana,TotalEnergies,Won,10,,\nD2,,Total Bangun Persada,,,,\nD3,Ana,Acme,Won,5,2024-01-01,2024-02-01\n\"Grand Totals (3 records)\",,,,15,,\n";
    let report = report_of(&[InputFile::new("deals.csv", format!("{DEALS}{body}"))]);
    accounted(&report);
    let file = &report.quality.files[0];
    assert_eq!((file.rows_read, file.rows_used, file.rows_skipped), (4, 2, 1));
    assert_eq!(file.rows_rejected, 1, "D2 has no stage: rejected with a reason, not skipped");
    assert_eq!(file.rejected[0].row, 3);
    assert_eq!(file.skipped.len(), 1);
    assert_eq!(file.skipped[0].row, 5);
    assert!(file.skipped[0].reason.starts_with("report footer"), "{}", file.skipped[0].reason);
}

/// Defect 7: the same export dropped twice under two names does not double
/// every KPI; a probability of 1e40 does not overflow the weighted pipeline.
#[test]
fn defect_7_a_second_copy_is_not_counted_and_absurd_probabilities_are_rejected() {
    let text = format!("{DEALS}D1,Ana,Acme,Won,10,2024-01-01,2024-02-01\nD2,Ana,Beta,Lost,5,2024-01-01,2024-02-03\n");
    let report = report_of(&[InputFile::new("deals.csv", text.clone()), InputFile::new("deals (1).csv", text)]);
    accounted(&report);
    assert_eq!((input(&report, "win_rate", "won"), input(&report, "win_rate", "lost")), (1.0, 1.0));
    let copy = &report.quality.files[1];
    assert_eq!((copy.rows_used, copy.rows_skipped), (0, 2));
    assert!(copy.warnings[0].starts_with("same content as deals.csv"), "{:?}", copy.warnings);

    let header = "Owner,Stage,Amount,Probability,Created Date\n";
    let body = "Ana,Proposal,10,1e40,2024-01-01\nAna,Proposal,20,50,2024-01-02\n";
    let report = report_of(&[InputFile::new("deals.csv", format!("{header}{body}"))]);
    let file = &report.quality.files[0];
    assert_eq!((file.rows_used, file.rows_rejected), (1, 1));
    assert_eq!((file.rejected[0].row, file.rejected[0].column.as_str()), (2, "probability"));
    assert_eq!(input(&report, "pipeline_value", "weighted_value"), 10.0, "20 × 50 %");
}

/// Defect 8: one invalid byte in a UTF-8 file keeps the file UTF-8 (its
/// accented names join), replaced and reported with its line.
#[test]
fn defect_8_one_stray_byte_does_not_change_the_encoding() {
    let mut bytes = format!("{DEALS}D1,José,Café Ñandú,Won,10,2024-01-01,2024-02-01\n").into_bytes();
    bytes.extend_from_slice(b"D2,Jos\xe9,Acme,Lost,5,2024-01-01,2024-02-03\n");
    let report = report_of(&[InputFile::new("deals.csv", bytes)]);
    let file = &report.quality.files[0];
    assert_eq!(file.encoding, "UTF-8");
    assert!(report.dimensions.reps.contains(&"José".to_string()), "{:?}", report.dimensions.reps);
    assert!(file.warnings.iter().any(|w| w.contains("line(s) 3")), "{:?}", file.warnings);
}

/// Defect 6: rejected rows are counted exactly but only the first 1 000 are
/// kept, whatever reads them (the tokenizer or a column's type).
#[test]
fn defect_6_rejected_rows_are_counted_exactly_and_listed_up_to_the_cap() {
    let mut text = String::from(DEALS);
    for i in 0..3000 {
        match i % 3 {
            0 => text.push_str(&format!("D{i},Ana,Acme,Won,ten,2024-01-01,2024-02-01\n")),
            1 => text.push_str(&format!("D{i},Ana,Acme,Won,10,2024-01-01\n")),
            _ => text.push_str(&format!("D{i},Ana,Acme,Won,10,2024-01-01,2024-02-01\n")),
        }
    }
    let report = report_of(&[InputFile::new("deals.csv", text)]);
    accounted(&report);
    let file = &report.quality.files[0];
    assert_eq!((file.rows_used, file.rows_rejected), (1000, 2000));
    assert_eq!(file.rejected.len(), 1000);
    let rows: Vec<u64> = file.rejected.iter().map(|r| r.row).collect();
    let first: Vec<u64> = (2..3002).filter(|line| (line - 2) % 3 != 2).take(1000).collect();
    assert_eq!(rows, first, "the first rejected rows, in order");
}

/// Defect 6: a column read as owner holding a million different names (a
/// wrongly mapped id column) would break every KPI down a million ways; the
/// file gets one clear error naming the column instead.
#[test]
fn defect_6_too_many_distinct_rep_names_is_one_clear_error() {
    let mut text = String::from("Owner,Stage,Amount,Created Date\n");
    (0..10_001).for_each(|i| text.push_str(&format!("Rep {i},Won,1,2024-01-01\n")));
    let error = analyze(&[InputFile::new("deals.csv", text)], &Config::default()).unwrap_err().to_string();
    assert!(error.starts_with("deals.csv, column \"Owner\": this column, read as \"owner\", holds 10001 different names; the limit is 10000"), "{error}");
    let mut accounts = String::from("Owner,Account,Stage,Amount,Created Date\n");
    (0..10_001).for_each(|i| accounts.push_str(&format!("Ana,Account {i},Won,1,2024-01-01\n")));
    assert!(analyze(&[InputFile::new("deals.csv", accounts)], &Config::default()).is_ok(), "accounts are not capped");
}
