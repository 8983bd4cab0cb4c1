//! How a fuzz input (any bytes) becomes files and a configuration, shared
//! by the fuzz target and the replay test (tests/fuzz_replay.rs).
//!
//! Byte 0 picks the configuration (locale, an as-of date, a rep filter);
//! the rest is split at `\n====\n` into up to four files.

use sales_kpi::{Config, FileSource, InputFile, Locale};
use std::borrow::Cow;

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

/// A file whose bytes arrive in chunks, as the page's worker reads a `File`
/// slice by slice: cut at every kind of place (inside a UTF-8 character, a
/// CRLF, a quoted cell).
struct Chunked {
    name: String,
    chunks: Vec<Vec<u8>>,
}

impl FileSource for Chunked {
    fn name(&self) -> &str {
        &self.name
    }

    fn size(&self) -> u64 {
        self.chunks.iter().map(|c| c.len() as u64).sum()
    }

    /// At most the rest of the chunk `offset` falls in: the engine meets
    /// every boundary.
    fn read_at(&self, offset: u64, len: usize) -> sales_kpi::Result<Cow<'_, [u8]>> {
        let mut start = 0u64;
        for chunk in &self.chunks {
            let end = start + chunk.len() as u64;
            if offset < end {
                let from = (offset - start) as usize;
                return Ok(Cow::Borrowed(&chunk[from..chunk.len().min(from + len)]));
            }
            start = end;
        }
        Ok(Cow::Borrowed(&[]))
    }
}

/// Chunk sizes, cycled from a point the input picks.
const CHUNK_SIZES: [usize; 8] = [1, 2, 3, 5, 7, 64, 1000, 4096];

fn chunked(file: &InputFile, start: usize) -> Chunked {
    let mut chunks = Vec::new();
    let mut rest = file.bytes.as_slice();
    for size in CHUNK_SIZES.iter().cycle().skip(start) {
        if rest.is_empty() {
            break;
        }
        let (chunk, next) = rest.split_at((*size).min(rest.len()));
        chunks.push(chunk.to_vec());
        rest = next;
    }
    Chunked { name: file.name.clone(), chunks }
}

/// The same files read whole and read in chunks give the same report, or
/// the same error.
pub fn run_chunked(data: &[u8]) {
    let (files, config) = files_and_config(data);
    let start = data.first().map_or(0, |b| usize::from(b >> 4));
    let pieces: Vec<Chunked> = files.iter().map(|f| chunked(f, start)).collect();
    let sources: Vec<&dyn FileSource> = pieces.iter().map(|f| f as &dyn FileSource).collect();
    let as_json = |result: sales_kpi::Result<sales_kpi::Report>| {
        result.map(|r| serde_json::to_string(&r).expect("a report always serialises"))
    };
    let whole = as_json(sales_kpi::analyze(&files, &config));
    let in_chunks = as_json(sales_kpi::analyze_sources(&sources, &config));
    assert_eq!(whole, in_chunks, "reading in chunks changed the result");
}
