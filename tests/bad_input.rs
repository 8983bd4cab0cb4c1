//! The bad-input table (docs/spec.md §6) rows 1–28, one named fixture and test each: every row is
//! used, rejected with row/column/reason, or skipped; unusable files are one
//! clear error; nothing panics.

mod common;
use common::*;
use sales_kpi::{analyze, Config, FileQuality, InputFile, Locale, Report};

const HEADER: &str = "Deal ID,Owner,Account,Stage,Amount,Created Date,Close Date\n";

fn deals(body: &str) -> InputFile {
    InputFile::new("deals.csv", format!("{HEADER}{body}"))
}

fn run(file: InputFile) -> Report {
    report_of(&[file])
}

fn error_of(file: InputFile) -> String {
    analyze(&[file], &Config::default()).expect_err("an error").to_string()
}

fn quality(report: &Report) -> &FileQuality {
    let file = &report.quality.files[0];
    assert_eq!(
        file.rows_read,
        file.rows_used + file.rows_rejected + file.rows_skipped,
        "rows read = used + rejected + skipped"
    );
    file
}

#[test]
fn case_01_empty_file() {
    assert_eq!(error_of(InputFile::new("deals.csv", "")), "deals.csv: file is empty");
}

#[test]
fn case_02_header_only() {
    let report = run(deals(""));
    assert_eq!(quality(&report).rows_read, 0);
    assert_eq!(value(&report, "new_leads"), Some(0.0));
    for rate in ["win_rate", "conversion_rate", "avg_deal_size", "acv", "avg_sales_cycle_days"] {
        assert_eq!(value(&report, rate), None, "{rate}");
        assert!(report.kpis[rate].note.is_some(), "{rate} has a note");
    }
}

#[test]
fn case_03_utf8_bom() {
    let report =
        run(InputFile::new("deals.csv", format!("\u{feff}{HEADER}D1,Ana,Acme,Won,10,2024-01-01,2024-02-01\n")));
    assert_eq!(quality(&report).mapping["deal_id"], "Deal ID");
    assert_eq!(quality(&report).encoding, "UTF-8 (BOM)");
}

#[test]
fn case_04_utf16_le_and_be() {
    let text = format!("{HEADER}D1,Ana,Acme,Won,10,2024-01-01,2024-02-01\n");
    let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
        let report = run(InputFile::new("deals.csv", bytes));
        assert_eq!((quality(&report).encoding.as_str(), quality(&report).rows_used), (name, 1));
    }
}

#[test]
fn case_05_windows_1252() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"D1,Ana,Caf\xe9 Bandung,Won,10,2024-01-01,2024-02-01\n");
    let report = run(InputFile::new("deals.csv", bytes));
    assert_eq!(quality(&report).encoding, "windows-1252");
    assert_eq!(report.dashboards.top_won_deals[0].account.as_deref(), Some("Café Bandung"));
}

#[test]
fn case_06_chunk_boundaries_do_not_matter() {
    let text = format!(
        "{}D1,Ana,Café Ñandú,Won,10,2024-01-01,2024-02-01\r\nD2,Budi,Ü,Lost,5,2024-01-02,2024-02-03\r\n",
        HEADER.replace('\n', "\r\n")
    );
    let bytes = text.as_bytes();
    let whole = serde_json::to_string(&run(InputFile::new("deals.csv", bytes))).unwrap();
    for size in 1..12 {
        let chunked = InputFile::from_chunks("deals.csv", bytes.chunks(size));
        assert_eq!(serde_json::to_string(&run(chunked)).unwrap(), whole, "chunk size {size}");
    }
}

#[test]
fn case_07_too_few_or_too_many_fields() {
    let report = run(deals("D1,Ana,Acme,Won,10,2024-01-01\nD2,Ana,Acme,Won,10,2024-01-01,2024-02-01,extra\nD3,Ana,Acme,Won,10,2024-01-01,2024-02-01\n"));
    let file = quality(&report);
    assert_eq!((file.rows_used, file.rows_rejected), (1, 2));
    assert_eq!(file.rejected[0].row, 2);
    assert_eq!(file.rejected[0].reason, "expected 7 fields as in the header, found 6");
    assert_eq!(file.rejected[1].reason, "expected 7 fields as in the header, found 8");
}

#[test]
fn case_08_unterminated_quote_at_end_of_file() {
    let error =
        error_of(deals("D1,Ana,Acme,Won,10,2024-01-01,2024-02-01\nD2,Ana,\"Acme,Won,10,2024-01-01,2024-02-01\n"));
    assert_eq!(error, "deals.csv line 3: unterminated quote: the quote opened on this line is never closed");
}

#[test]
fn case_09_stray_quote_mid_field() {
    let report = run(deals("D1,Ana,Ac\"me,Won,10,2024-01-01,2024-02-01\nD2,Ana,Acme,Won,10,2024-01-01,2024-02-01\n"));
    let file = quality(&report);
    assert_eq!((file.rejected[0].row, file.rejected[0].column.as_str()), (2, "Account"));
    assert!(file.rejected[0].reason.starts_with("stray quote"));
    assert_eq!(file.rows_used, 1);
}

#[test]
fn case_10_quoted_newline_is_one_record() {
    let report =
        run(deals("D1,Ana,\"Acme\nJakarta\",Won,10,2024-01-01,2024-02-01\nD2,Ana,Acme,Won,xx,2024-01-01,2024-02-01\n"));
    let file = quality(&report);
    assert_eq!((file.rows_read, file.rows_used), (2, 1));
    assert_eq!(file.rejected[0].row, 4, "the record after the quoted newline starts on physical line 4");
}

#[test]
fn case_11_semicolon_with_decimal_comma() {
    let text =
        "Deal ID;Owner;Account;Stage;Amount;Created Date;Close Date\nD1;Ana;Acme;Won;1.234,50;2024-01-01;2024-02-01\n";
    let report = run(InputFile::new("deals.csv", text));
    assert_eq!(quality(&report).delimiter, ";");
    assert_close(value(&report, "avg_deal_size"), 1234.5, "amount");
}

#[test]
fn case_12_rupiah_amounts() {
    let text = "Owner;Stage;Amount;Created Date;Close Date\nAna;Won;Rp 1.500.000;01/02/2024;15/03/2024\nAna;Won;IDR 2.500.000,50;01/02/2024;15/03/2024\n";
    let report = run(InputFile::new("deals.csv", text));
    assert_close(value(&report, "avg_deal_size"), (1_500_000.0 + 2_500_000.5) / 2.0, "rupiah");
}

#[test]
fn case_13_ambiguous_thousands_follow_the_locale() {
    let file = deals("D1,Ana,Acme,Won,1.500,2024-01-01,2024-02-01\n");
    let report = run(file.clone());
    assert!(quality(&report).warnings.iter().any(|w| w.contains("either decimal mark")));
    assert_close(value(&report, "avg_deal_size"), 1.5, "en locale");
    let indonesian = Config { locale: Locale::Id, ..Config::default() };
    assert_close(analyze(&[file], &indonesian).unwrap().kpis["avg_deal_size"].value, 1500.0, "id locale");
}

#[test]
fn case_14_mixed_decimal_marks_reject_the_first_conflict() {
    let report =
        run(deals("D1,Ana,Acme,Won,5.25,2024-01-01,2024-02-01\nD2,Ana,Acme,Won,\"5,25\",2024-01-01,2024-02-01\n"));
    let file = quality(&report);
    assert_eq!((file.rows_used, file.rejected[0].row, file.rejected[0].column.as_str()), (1, 3, "Amount"));
    assert!(file.rejected[0].reason.contains("different decimal mark"));
}

#[test]
fn case_15_number_forms_parse_or_reject_never_zero() {
    let body = "D1,Ana,A,Won,\"$1,234.56\",2024-01-01,2024-02-01\nD2,Ana,A,Won,1.5e3,2024-01-01,2024-02-01\nD3,Ana,A,Won,12%,2024-01-01,2024-02-01\nD4,Ana,A,Won,\"(1,234)\",2024-01-01,2024-02-01\nD5,Ana,A,Won,12x,2024-01-01,2024-02-01\n";
    let report = run(deals(body));
    let file = quality(&report);
    assert_close(value(&report, "avg_deal_size"), (1234.56 + 1500.0 + 12.0) / 3.0, "parsed amounts");
    let reasons: Vec<&str> = file.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert!(reasons[0].starts_with("negative amount"), "{reasons:?}");
    assert_eq!(reasons[1], "expected a number, found \"12x\"");
}

#[test]
fn case_16_ambiguous_dates_warn_and_follow_the_locale() {
    let file = deals("D1,Ana,Acme,Won,10,02/03/2024,04/05/2024\n");
    let report = run(file.clone());
    assert!(quality(&report).warnings.iter().any(|w| w.contains("Created Date") && w.contains("month/day")));
    assert_eq!(report.selection.from, "2024-02-03");
    let indonesian = Config { locale: Locale::Id, ..Config::default() };
    assert_eq!(analyze(&[file], &indonesian).unwrap().selection.from, "2024-03-02");
}

#[test]
fn case_17_one_unambiguous_date_decides_the_column() {
    let report = run(deals("D1,Ana,Acme,Won,10,02/03/2024,04/05/2024\nD2,Ana,Acme,Won,10,31/12/2024,31/12/2024\n"));
    assert!(quality(&report).warnings.is_empty(), "{:?}", quality(&report).warnings);
    assert_eq!(report.selection.from, "2024-03-02");
    assert_eq!(report.as_of, "2024-12-31");
}

#[test]
fn case_18_excel_serials_and_zoned_timestamps() {
    let report = run(deals("D1,Ana,Acme,Won,10,45292,2024-02-01T23:30:00+07:00\n"));
    assert_eq!((report.selection.from.as_str(), report.as_of.as_str()), ("2024-01-01", "2024-02-01"));
}

#[test]
fn case_19_ids_are_exact_strings() {
    let report = run(deals(
        "007,Ana,Acme,Won,10,2024-01-01,2024-02-01\n1234567890123456789,Ana,Acme,Won,5,2024-01-01,2024-02-01\n",
    ));
    let ids: Vec<&str> = report.dashboards.top_won_deals.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["007", "1234567890123456789"]);
}

#[test]
fn case_20_duplicate_headers_are_renamed() {
    let text = "Owner,Stage,Amount,Amount,Created Date\nAna,Won,10,99,2024-01-01\n";
    let report = run(InputFile::new("deals.csv", text));
    let file = quality(&report);
    assert_eq!(file.mapping["amount"], "Amount");
    assert!(file.unmapped_columns.contains(&"Amount (2)".to_string()));
    assert!(file.warnings.iter().any(|w| w.contains("renamed")));
}

#[test]
fn case_21_required_column_missing() {
    let error =
        error_of(InputFile::new("deals.csv", "Deal ID,Owner,Stage,Amont,Created Date\nD1,Ana,Won,10,2024-01-01\n"));
    assert!(
        error.starts_with("deals.csv, column \"amount\": this deals file needs a column for \"amount\""),
        "{error}"
    );
    assert!(error.contains("closest headers: \"Amont\""), "{error}");
}

#[test]
fn case_22_proto_headers_are_ordinary_names() {
    let text = "__proto__,constructor,Owner,Stage,Amount,Created Date\nx,y,Ana,Won,10,2024-01-01\n";
    let report = run(InputFile::new("deals.csv", text));
    assert_eq!(quality(&report).unmapped_columns, ["__proto__", "constructor"]);
    assert_eq!(quality(&report).rows_used, 1);
}

#[test]
fn case_23_blank_lines_and_report_footers_are_skipped() {
    let body = "D1,Ana,Acme,Won,10,2024-01-01,2024-02-01\n\n\nGrand Totals (1 records),,,,10,,\n\nConfidential Information - Do Not Distribute\nCopyright (c) 2000-2024 salesforce.com\n";
    let report = run(deals(body));
    let file = quality(&report);
    assert_eq!((file.rows_read, file.rows_used, file.rows_skipped, file.rows_rejected), (7, 1, 6, 0));
}

#[test]
fn case_24_huge_field_is_rejected_and_a_line_without_newline_works() {
    let huge = "x".repeat(10 * 1024 * 1024);
    let report =
        run(deals(&format!("D1,Ana,{huge},Won,10,2024-01-01,2024-02-01\nD2,Ana,Acme,Won,10,2024-01-01,2024-02-01")));
    let file = quality(&report);
    assert_eq!((file.rows_used, file.rows_rejected), (1, 1));
    assert!(file.rejected[0].reason.contains("over the limit"));
}

#[test]
fn case_25_giant_files_are_refused_up_front() {
    let error = sales_kpi::check_file_size("huge.csv", 2 << 30).unwrap_err().to_string();
    assert_eq!(error, "huge.csv: file is 2048 MB; the limit is 512 MB. Split it into smaller exports.");
    assert!(sales_kpi::check_file_size("ok.csv", 10 << 20).is_ok());
}

#[test]
fn case_26_duplicate_deal_ids_are_never_double_counted() {
    let report = run(deals("D1,Ana,Acme,Won,10,2024-01-01,2024-02-01\nD1,Ana,Acme,Won,10,2024-01-01,2024-02-01\n"));
    let file = quality(&report);
    assert_eq!((file.rows_used, file.rows_rejected), (1, 1));
    assert!(file.rejected[0].reason.contains("duplicate deal id \"D1\", first seen in deals.csv line 2"));
    assert_eq!(input(&report, "win_rate", "won"), 1.0);
}

#[test]
fn case_27_orphan_reps_and_accounts_are_listed() {
    let reps = InputFile::new("reps.csv", "Rep,Team\nAna,East\n");
    let accounts = InputFile::new("accounts.csv", "Account Name,Industry\nAcme,Retail\n");
    let report = report_of(&[
        deals("D1,Ana,Acme,Won,10,2024-01-01,2024-02-01\nD2,Zed,Nowhere Ltd,Won,10,2024-01-01,2024-02-01\n"),
        reps,
        accounts,
    ]);
    let orphans: Vec<(&str, &str, u64)> =
        report.quality.orphans.iter().map(|o| (o.column.as_str(), o.names[0].as_str(), o.rows)).collect();
    assert_eq!(orphans, [("owner", "Zed", 1), ("account", "Nowhere Ltd", 1)]);
}

#[test]
fn case_28_negative_and_absurd_amounts_are_rejected_by_rule() {
    let report = run(deals("D1,Ana,Acme,Won,-5,2024-01-01,2024-02-01\nD2,Ana,Acme,Won,5000000000000,2024-01-01,2024-02-01\nD3,Ana,Acme,Won,7,2024-01-01,2024-02-01\n"));
    let file = quality(&report);
    assert_eq!(file.rows_used, 1);
    assert!(file.rejected[0].reason.starts_with("negative amount -5"));
    assert!(file.rejected[1].reason.contains("over the limit of 1 trillion"));
}

#[test]
fn a_mapping_can_move_or_remove_a_column() {
    let text = "Owner,Stage,Amount,Net Value,Created Date,Close Date,Region\nAna,Won,10,8,2024-01-01,2024-02-01,East\n";
    let mut config = Config::default();
    config.mappings.insert(
        "deals.csv".into(),
        [("amount".to_string(), "Net Value".to_string()), ("region".to_string(), String::new())].into(),
    );
    let report = analyze(&[InputFile::new("deals.csv", text)], &config).unwrap();
    assert_eq!(report.kpis["avg_deal_size"].value, Some(8.0));
    assert!(!report.quality.files[0].mapping.contains_key("region"));
    assert!(report.quality.files[0].unmapped_columns.contains(&"Region".to_string()));
}
