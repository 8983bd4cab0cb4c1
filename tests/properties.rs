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

/// A file handed over in pieces of `piece` bytes, as a page's worker reads
/// a `File` slice by slice.
struct Pieces {
    name: String,
    bytes: Vec<u8>,
    piece: usize,
}

impl sales_kpi::FileSource for Pieces {
    fn name(&self) -> &str {
        &self.name
    }

    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn read_at(&self, offset: u64, len: usize) -> sales_kpi::Result<std::borrow::Cow<'_, [u8]>> {
        let start = (offset as usize).min(self.bytes.len());
        let end = (start + len.min(self.piece)).min(self.bytes.len());
        Ok(std::borrow::Cow::Borrowed(&self.bytes[start..end]))
    }
}

/// The demo deals file in another encoding (or with one damaged byte);
/// UTF-8 and UTF-16 with a character outside the BMP (4 bytes, a
/// surrogate pair) in every deal name.
fn encoded(text: &str, encoding: u8) -> Vec<u8> {
    let text = &if encoding == 3 { text.to_string() } else { text.replace('×', "😀") };
    match encoding {
        0 => text.as_bytes().to_vec(),
        1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        2 => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
        3 => text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect(),
        _ => {
            let mut bytes = text.as_bytes().to_vec();
            let at = bytes.len() / 2;
            bytes.insert(at, 0xFF);
            bytes
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Streaming: a file read in pieces of any size gives the same report
    /// (every KPI, every dashboard, the quality report) as the whole file,
    /// in every encoding the engine reads.
    #[test]
    fn pieces_of_any_size_give_the_same_report(piece in 1usize..5000, encoding in 0u8..5) {
        let files: Vec<(String, Vec<u8>)> = demo_files()
            .into_iter()
            .map(|(name, text)| {
                let bytes = if name == "deals.csv" { encoded(&text, encoding) } else { text.into_bytes() };
                (name, bytes)
            })
            .collect();
        let whole: Vec<InputFile> = files.iter().map(|(n, b)| InputFile::new(n.clone(), b.clone())).collect();
        let pieces: Vec<Pieces> =
            files.into_iter().map(|(name, bytes)| Pieces { name, bytes, piece }).collect();
        let sources: Vec<&dyn sales_kpi::FileSource> = pieces.iter().map(|p| p as &dyn sales_kpi::FileSource).collect();
        let config = Config::default();
        let expected = serde_json::to_string(&analyze(&whole, &config).unwrap()).unwrap();
        let streamed = serde_json::to_string(&sales_kpi::analyze_sources(&sources, &config).unwrap()).unwrap();
        prop_assert_eq!(streamed, expected);
    }
}

/// The configuration of one step: filters picked from the data's own
/// names (0: none), a period and an as-of date.
fn step_config(report: &Report, (rep, region, product, period, as_of): (usize, usize, usize, usize, usize)) -> Config {
    let pick = |names: &[String], at: usize| -> Vec<String> {
        (at > 0 && !names.is_empty()).then(|| names[at % names.len()].clone()).into_iter().collect()
    };
    let periods = [(None, None), (Some("2024-01-01"), Some("2024-03-31")), (Some("2023-05-10"), Some("2024-08-20"))];
    let as_ofs = [None, Some("2024-12-31"), Some("2024-06-30"), Some("2023-11-15")];
    let (from, to) = periods[period % periods.len()];
    let mut config = Config {
        from: from.map(String::from),
        to: to.map(String::from),
        as_of: as_ofs[as_of % as_ofs.len()].map(String::from),
        ..Config::default()
    };
    config.filters.reps = pick(&report.dimensions.reps, rep);
    config.filters.regions = pick(&report.dimensions.regions, region);
    config.filters.products = pick(&report.dimensions.products, product);
    config
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10))]

    /// A session remembers what each filter set keeps and reuses it: in
    /// any order of filters, periods and as-of dates, every report and
    /// dashboard it gives equals the one worked out afresh.
    #[test]
    fn remembered_selections_give_the_reports_worked_out_afresh(
        seed in 0u64..1000,
        steps in proptest::collection::vec((0usize..4, 0usize..3, 0usize..3, 0usize..3, 0usize..4), 1..10),
    ) {
        let files: Vec<InputFile> =
            generate(&Options { seed, deals: 150 }).into_iter().map(|(n, t)| InputFile::new(n, t)).collect();
        let data = sales_kpi::load_files(&files, &Config::default()).unwrap();
        let mut session = sales_kpi::Session::new();
        prop_assert!(session.add_files(files, &Config::default()).is_empty());
        let first = session.report(&Config::default()).unwrap();
        for (index, step) in steps.into_iter().enumerate() {
            let config = step_config(&first, step);
            let fresh = serde_json::to_value(sales_kpi::build_report(&data, &config).unwrap()).unwrap();
            prop_assert_eq!(serde_json::to_value(session.report(&config).unwrap()).unwrap(), fresh);
            let view = sales_kpi::DASHBOARD_VIEWS[index % sales_kpi::DASHBOARD_VIEWS.len()].name;
            let fresh = serde_json::to_value(sales_kpi::build_dashboard(&data, &config, view).unwrap()).unwrap();
            prop_assert_eq!(serde_json::to_value(session.dashboard(&config, view).unwrap()).unwrap(), fresh);
        }
    }
}

/// The activity counts a session remembers are those of the as-of date
/// asked for: the team-activity view at as-of dates asked for in turn (and
/// back again), each equal to the view worked out afresh; the dates give
/// different overdue counts, so a count kept from another date would show.
#[test]
fn remembered_activity_counts_follow_the_as_of_date() {
    let files: Vec<InputFile> =
        generate(&Options { seed: 3, deals: 300 }).into_iter().map(|(n, t)| InputFile::new(n, t)).collect();
    let data = sales_kpi::load_files(&files, &Config::default()).unwrap();
    let mut session = sales_kpi::Session::new();
    assert!(session.add_files(files, &Config::default()).is_empty());
    let mut overdue = Vec::new();
    for as_of in [None, Some("2023-09-30"), Some("2024-06-30"), Some("2023-09-30"), None] {
        let config = Config { as_of: as_of.map(String::from), ..Config::default() };
        let fresh = serde_json::to_value(sales_kpi::build_dashboard(&data, &config, "team-activity").unwrap()).unwrap();
        let remembered = serde_json::to_value(session.dashboard(&config, "team-activity").unwrap()).unwrap();
        assert_eq!(remembered, fresh, "as of {as_of:?}");
        overdue.push(fresh["kpis"]["tasks_overdue"]["value"].clone());
    }
    assert_ne!(overdue[0], overdue[1], "the as-of dates give different overdue counts: {overdue:?}");
    assert_ne!(overdue[1], overdue[2], "the as-of dates give different overdue counts: {overdue:?}");
}

/// The stage data a session remembers is that of the stage settings asked
/// for: the stage-analysis and pipeline views under a configured stage
/// order, a stage outcome (which also reloads the files), and the defaults
/// again, each equal to the view worked out afresh; the settings change the
/// stage conversion, so stage data kept from other settings would show.
#[test]
fn remembered_stage_data_follows_the_stage_settings() {
    let files: Vec<InputFile> =
        generate(&Options { seed: 4, deals: 300 }).into_iter().map(|(n, t)| InputFile::new(n, t)).collect();
    let mut session = sales_kpi::Session::new();
    assert!(session.add_files(files.clone(), &Config::default()).is_empty());
    let reordered = Config { stage_order: vec!["Qualification".into(), "Prospecting".into()], ..Config::default() };
    let negotiation_won = Config::from_json(r#"{"stage_outcomes": {"Negotiation": "won"}}"#).unwrap();
    let mut by_stage = Vec::new();
    for config in [Config::default(), reordered, Config::default(), negotiation_won, Config::default()] {
        let data = sales_kpi::load_files(&files, &config).unwrap();
        for view in ["stage-analysis", "pipeline"] {
            let fresh = serde_json::to_value(sales_kpi::build_dashboard(&data, &config, view).unwrap()).unwrap();
            let remembered = serde_json::to_value(session.dashboard(&config, view).unwrap()).unwrap();
            assert!(remembered == fresh, "{view} with {:?} / {:?}", config.stage_order, config.stage_outcomes);
        }
        let fresh = sales_kpi::build_dashboard(&data, &config, "stage-analysis").unwrap();
        by_stage.push(serde_json::to_value(&fresh.kpis["stage_conversion"].by_stage).unwrap());
    }
    assert_ne!(by_stage[0], by_stage[1], "a configured order changes the stages");
    assert_ne!(by_stage[0], by_stage[3], "a configured outcome changes the stages");
    assert_eq!(by_stage[0], by_stage[2]);
}
