//! How a fuzz input (any bytes) becomes files and a configuration, shared
//! by the fuzz target and the replay test (tests/fuzz_replay.rs).
//!
//! Byte 0 picks the configuration (locale, an as-of date, a rep filter);
//! the rest is split at `\n====\n` into up to four files.

use sales_kpi::{Config, InputFile, Locale};

const SEPARATOR: &[u8] = b"\n====\n";
const NAMES: [&str; 4] = ["deals.csv", "reps.csv", "activities.csv", "stage_history.csv"];

pub fn files_and_config(data: &[u8]) -> (Vec<InputFile>, Config) {
    let Some((first, rest)) = data.split_first() else { return (Vec::new(), Config::default()) };
    let mut config =
        Config { locale: [Locale::Auto, Locale::En, Locale::Id][usize::from(first % 3)], ..Config::default() };
    if first & 4 != 0 {
        config.as_of = Some("2024-03-31".into());
    }
    if first & 8 != 0 {
        config.filters.reps = vec!["Ana".into()];
    }
    let mut files = Vec::new();
    let mut remaining = rest;
    for name in NAMES {
        let end = remaining.windows(SEPARATOR.len()).position(|w| w == SEPARATOR);
        let (file, next) = match end {
            Some(at) if files.len() < NAMES.len() - 1 => (&remaining[..at], &remaining[at + SEPARATOR.len()..]),
            _ => (remaining, &remaining[remaining.len()..]),
        };
        files.push(InputFile::new(name, file));
        remaining = next;
        if remaining.is_empty() {
            break;
        }
    }
    (files, config)
}

/// The whole path a user's drop takes: load, then the full report (every
/// KPI and every dashboard's aggregates) as JSON. Errors are answers; only
/// a panic or a hang is a finding.
pub fn run(data: &[u8]) {
    let (files, config) = files_and_config(data);
    if let Ok(report) = sales_kpi::analyze(&files, &config) {
        serde_json::to_string(&report).expect("a report always serialises");
    }
}
