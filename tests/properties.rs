#![cfg(not(target_arch = "wasm32"))]
//! Property tests: no input panics; shuffling rows or splitting a file in
//! two changes no KPI; rows read = used + rejected + skipped.

use proptest::prelude::*;
use sales_kpi::generate::{generate, Options};
use sales_kpi::{analyze, Config, InputFile, Report};

fn demo_files() -> Vec<(String, String)> {
    generate(&Options { seed: 5, deals: 300 })
}

fn report(files: Vec<InputFile>) -> Report {
    analyze(&files, &Config::default()).expect("demo data is valid")
}

fn kpis(report: &Report) -> serde_json::Value {
    serde_json::to_value(&report.kpis).unwrap()
}

fn with_deals(deals_text: Vec<(String, String)>) -> Vec<InputFile> {
    let mut files: Vec<InputFile> =
        demo_files().into_iter().filter(|(name, _)| name != "deals.csv").map(|(n, t)| InputFile::new(n, t)).collect();
    files.extend(deals_text.into_iter().map(|(n, t)| InputFile::new(n, t)));
    files
}

fn deal_lines() -> (String, Vec<String>) {
    let deals = demo_files().into_iter().find(|(name, _)| name == "deals.csv").unwrap().1;
    let mut lines = deals.lines().map(|l| format!("{l}\n"));
    (lines.next().unwrap(), lines.collect())
}

fn accounted(report: &Report) -> bool {
    report.quality.files.iter().all(|f| f.rows_read == f.rows_used + f.rows_rejected + f.rows_skipped)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(report) = analyze(&[InputFile::new("x.csv", bytes)], &Config::default()) {
            prop_assert!(accounted(&report));
        }
    }

    #[test]
    fn csv_like_text_never_panics_and_every_row_is_accounted_for(
        body in proptest::collection::vec(prop_oneof![
            Just("a"), Just("7"), Just(","), Just(";"), Just("\""), Just("\n"), Just("\r\n"), Just(" "), Just("1.5"),
            Just("2024-02-30"), Just("31/12/2024"), Just("Won"), Just("Rp 1.000"), Just("(3)"), Just("Grand Total"), Just("é"),
        ], 0..120)
    ) {
        let text = format!("Deal ID,Owner,Stage,Amount,Created Date,Close Date\n{}", body.concat());
        if let Ok(report) = analyze(&[InputFile::new("deals.csv", text)], &Config::default()) {
            prop_assert!(accounted(&report));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn shuffling_rows_changes_no_kpi(seed in any::<u64>()) {
        let (header, mut lines) = deal_lines();
        let baseline = report(with_deals(vec![("deals.csv".into(), format!("{header}{}", lines.concat()))]));
        let mut state = seed | 1;
        for i in (1..lines.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            lines.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let shuffled = report(with_deals(vec![("deals.csv".into(), format!("{header}{}", lines.concat()))]));
        prop_assert!(accounted(&shuffled));
        prop_assert_eq!(kpis(&shuffled), kpis(&baseline));
    }

    #[test]
    fn splitting_the_deals_file_in_two_changes_no_kpi(cut in 0usize..300) {
        let (header, lines) = deal_lines();
        let baseline = report(with_deals(vec![("deals.csv".into(), format!("{header}{}", lines.concat()))]));
        let (first, second) = lines.split_at(cut.min(lines.len()));
        let split = report(with_deals(vec![
            ("deals-1.csv".into(), format!("{header}{}", first.concat())),
            ("deals-2.csv".into(), format!("{header}{}", second.concat())),
        ]));
        prop_assert!(accounted(&split));
        prop_assert_eq!(kpis(&split), kpis(&baseline));
    }
}
