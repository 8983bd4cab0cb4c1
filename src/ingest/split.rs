//! A big file read in parts at once, one per core: each part ends just
//! after a line break; the first is read on this thread, the others each on
//! a thread of its own, and their rows are appended to the first's in
//! order, as if read in one go.
//!
//! Where a later part starts is a guess: a line break may lie inside a
//! quoted cell. The part before it settles it: read from a record's start
//! (the first part from the file's), it ends cleanly at the break only if
//! the break ends a record. When one does not (or anything else differs
//! from reading in one go: a part that fails, bytes that are not UTF-8, rows
//! held back as a possible footer at a break), the file is read again in
//! one go, so the result is always what that reading gives.

use super::reader::{CsvRows, ReadCounts};
use super::table::{Pools, TextColumn};
use super::tokenizer::{Token, Tokenizer};
use super::{
    encoding, likely_rows, read_layout, read_rows, type_rows, Config, FileSource, Layout, LoadProgress, ParsedFile,
    RawRows, Result, TextStream,
};
use crate::interner::Interner;
use crate::quality::{RejectionList, MAX_LISTED_REJECTIONS};
use std::borrow::Cow;

/// The least bytes of a part: a file smaller than two is read in one go
/// (a thread costs more than it saves).
pub const PART_MIN_BYTES: u64 = 8 << 20;

/// The most parts a file is read in.
const MAX_PARTS: usize = 16;

/// Bytes searched for a line break from the middle of a file.
const BREAK_SEARCH_BYTES: usize = 1 << 16;

/// The first bytes of a file looked at for cells that hold line breaks.
const FIRST_BYTES: usize = 1 << 16;

/// Whether a record of `text` (the whole of it or its first records)
/// spans lines: a cell holds a line break, and a cut just after a line break
/// may well fall inside one. Text that ends inside a quoted cell counts too.
fn records_span_lines(text: &str) -> bool {
    let mut tokens = Tokenizer::new(super::dialect::detect_delimiter(text));
    let (mut cells, mut read) = (Vec::new(), 0);
    loop {
        match tokens.next_token(text, false, &mut cells) {
            Ok(Some(Token::Blank(_) | Token::Record(_))) => read += 1,
            // A record left unread with a line break after its start holds it.
            Ok(None) => return tokens.line() - 1 > read || text[tokens.offset()..].contains('\n'),
            Err(_) => return true,
        }
    }
}

/// `start..end` of a file, read as a file of its own.
pub struct Window<'s> {
    pub file: &'s (dyn FileSource + Sync),
    pub start: u64,
    pub end: u64,
}

impl FileSource for Window<'_> {
    fn name(&self) -> &str {
        self.file.name()
    }

    fn size(&self) -> u64 {
        self.end - self.start
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        let len = len.min(self.size().saturating_sub(offset) as usize);
        self.file.read_at(self.start + offset, len)
    }
}

/// Where a file is cut into `parts` (fewer where line breaks are far
/// apart): just after the first line break at or past each `k / parts` of
/// its size, if one is near.
fn split_points(source: &dyn FileSource, parts: usize) -> Result<Vec<u64>> {
    let mut splits: Vec<u64> = Vec::new();
    for part in 1..parts as u64 {
        let from = source.size() / parts as u64 * part;
        let bytes = source.read_at(from, BREAK_SEARCH_BYTES)?;
        let split = bytes.iter().position(|byte| *byte == b'\n').map(|at| from + at as u64 + 1);
        splits.extend(split.filter(|split| splits.last().is_none_or(|last| last < split) && *split < source.size()));
    }
    Ok(splits)
}

/// Reads `source` in parts at once, as many as the machine has cores and
/// the file has [`PART_MIN_BYTES`]; `None`: read it in one go (nothing
/// interned into `pools` is left behind).
pub fn read_in_parts(
    source: &(dyn FileSource + Sync),
    config: &Config,
    pools: Option<&mut Pools<'_>>,
    progress: &mut dyn FnMut(&LoadProgress),
) -> Option<ParsedFile> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let parts = cores.min(MAX_PARTS).min(usize::try_from(source.size() / PART_MIN_BYTES).unwrap_or(MAX_PARTS));
    // A file whose first records hold line breaks in cells is read in one
    // go: its cuts would often fall inside one, and then it is read twice.
    let first = source.read_at(0, FIRST_BYTES).ok()?;
    if parts < 2 || records_span_lines(&String::from_utf8_lossy(&first)) {
        return None;
    }
    let splits = split_points(source, parts).ok().filter(|splits| !splits.is_empty())?;
    read_split_at(source, &splits, config, pools, progress)
}

/// Reads `source` in parts cut at the bytes `splits` (ascending), at
/// once; `None` (with `pools` as they were) where that would not read as
/// one go.
pub fn read_split_at(
    source: &(dyn FileSource + Sync),
    splits: &[u64],
    config: &Config,
    mut pools: Option<&mut Pools<'_>>,
    progress: &mut dyn FnMut(&LoadProgress),
) -> Option<ParsedFile> {
    let before = pools.as_ref().map(|pools| pools.lengths());
    let parsed = read_all(source, splits, config, pools.as_deref_mut(), progress);
    if parsed.is_none() {
        if let (Some(pools), Some(before)) = (pools, before) {
            pools.truncate(before);
        }
    }
    parsed
}

/// A later part as read: its rows (lines counted from its start), its
/// counts, its lines, and the pools its keys are in.
struct Part {
    raw: RawRows,
    counts: ReadCounts,
    lines: u64,
    pools: [Interner; 3],
}

fn read_all(
    source: &(dyn FileSource + Sync),
    splits: &[u64],
    config: &Config,
    mut pools: Option<&mut Pools<'_>>,
    progress: &mut dyn FnMut(&LoadProgress),
) -> Option<ParsedFile> {
    let name = source.name();
    let (bytes_total, head) = (source.size(), Window { file: source, start: 0, end: *splits.first()? });
    let mut stream = TextStream::open(&head, None).ok()?;
    if !stream.encoding.splits_at_line_breaks() {
        return None;
    }
    let (layout, mut rows) = read_layout(&mut stream, name, config).ok()?;
    let pooled = pools.is_some();
    let mut raw = RawRows::for_layout(&layout, pooled, likely_rows(&stream.text, bytes_total));
    let header = rows.header.clone();
    let (encoding, layout_ref, header) = (stream.encoding, &layout, &header);
    let ends = splits.iter().skip(1).copied().chain([bytes_total]);
    let (head_read, tails) = std::thread::scope(|scope| {
        let spawned: Vec<_> = splits
            .iter()
            .zip(ends)
            .map(|(start, end)| {
                let last = end == bytes_total;
                std::thread::Builder::new().spawn_scoped(scope, move || {
                    let part = Window { file: source, start: *start, end };
                    read_part(&part, encoding, layout_ref, header.clone(), pooled, last)
                })
            })
            .collect();
        // Where the system starts no thread, the file is read in one go.
        let head_read = match spawned.iter().all(|tail| tail.is_ok()) {
            true => read_rows(&mut stream, &mut rows, &layout, &mut raw, pools.as_deref_mut(), &mut |bytes, rows| {
                progress(&LoadProgress { file: name.to_string(), bytes_read: bytes, bytes_total, rows })
            }),
            false => Ok(()),
        };
        let tails: Vec<Option<Part>> = spawned
            .into_iter()
            .map(|tail| tail.ok()?.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect();
        (head_read, tails)
    });
    if head_read.is_err() || stream.decoder.invalid || rows.holds_rows() {
        return None;
    }
    let tails: Vec<Part> = tails.into_iter().collect::<Option<_>>()?;
    let mut lines_before = rows.line() - 1;
    let mut counts = rows.finish();
    if let Some(pools) = pools.as_deref_mut() {
        raw.fields.iter_mut().for_each(|column| column.intern_waiting(pools));
    }
    for tail in tails {
        let lines = tail.lines;
        append(&mut raw, &mut counts, tail, lines_before, pools.as_deref_mut());
        lines_before += lines;
    }
    progress(&LoadProgress { file: name.to_string(), bytes_read: bytes_total, bytes_total, rows: counts.data_rows });
    type_rows(name, layout, raw, counts, encoding, config).ok()
}

/// Reads a later part of a file, in pools of its own; `None` where it
/// cannot be read as the continuation of the part before it, or (unless it
/// is the `last`) the part after it cannot be read as its continuation.
fn read_part(
    tail: &dyn FileSource,
    encoding: encoding::Encoding,
    layout: &Layout,
    header: Vec<String>,
    pooled: bool,
    last: bool,
) -> Option<Part> {
    let mut stream = TextStream::continuing(tail, encoding).ok()?;
    let mut rows = CsvRows::after_header(tail.name(), layout.delimiter, header);
    let mut part_pools: [Interner; 3] = Default::default();
    let mut raw = RawRows::for_layout(layout, pooled, likely_rows(&stream.text, tail.size()));
    let [deal_keys, texts, notes] = &mut part_pools;
    let mut own_pools = Pools([deal_keys, texts, notes]);
    let mut pools = pooled.then_some(&mut own_pools);
    read_rows(&mut stream, &mut rows, layout, &mut raw, pools.as_deref_mut(), &mut |_, _| {}).ok()?;
    if stream.decoder.invalid || (!last && rows.holds_rows()) {
        return None;
    }
    if let Some(pools) = pools {
        raw.fields.iter_mut().for_each(|column| column.intern_waiting(pools));
    }
    let lines = rows.line() - 1;
    Some(Part { raw, counts: rows.finish(), lines, pools: part_pools })
}

/// Appends a later part's rows and counts to those before it, its lines
/// moved past their `lines_before`.
fn append(raw: &mut RawRows, counts: &mut ReadCounts, tail: Part, lines_before: u64, pools: Option<&mut Pools<'_>>) {
    let keys_here = pools.map_or_else(Default::default, |pools| pools.take_keys_of(&tail.pools));
    for (column, after) in raw.fields.iter_mut().zip(tail.raw.fields) {
        column.append(after, &keys_here);
    }
    for (column, after) in raw.wide.iter_mut().zip(tail.raw.wide) {
        TextColumn::append(column, after);
    }
    raw.lines.extend(tail.raw.lines.iter().map(|line| line.saturating_add(lines_before as u32)));
    let moved = |mut rejection: crate::quality::Rejection| {
        rejection.row += lines_before;
        rejection
    };
    counts.data_rows += tail.counts.data_rows;
    counts.skipped += tail.counts.skipped;
    counts.skipped_rows.extend(tail.counts.skipped_rows.into_iter().map(moved));
    counts.skipped_rows.truncate(MAX_LISTED_REJECTIONS);
    let rejected = std::mem::take(&mut counts.rejected);
    let later = RejectionList {
        listed: tail.counts.rejected.listed.into_iter().map(moved).collect(),
        total: tail.counts.rejected.total,
    };
    counts.rejected = RejectionList::merge([rejected, later]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::Column;
    use crate::ingest::{read_source_reporting, InputFile};
    use proptest::prelude::*;

    /// Pools with keys of an earlier file in each.
    fn earlier_pools() -> [Interner; 3] {
        let mut pools: [Interner; 3] = Default::default();
        for (pool, texts) in pools.iter_mut().zip([&["D2", "D9"][..], &["Alpha renewal"], &["Call back"]]) {
            texts.iter().for_each(|text| {
                pool.intern(text);
            });
        }
        pools
    }

    /// Everything a reading gives, as text: each column's cells (pooled
    /// ones as their keys), lines and rejections, the quality record, and
    /// the pools' texts.
    fn as_read(parsed: &ParsedFile, pools: &[Interner; 3]) -> String {
        let table = &parsed.table;
        let mut out = format!("{:?}\n", parsed.kind);
        for (field, column) in &table.fields {
            let cells = match column {
                Column::Text(column) => format!("{:?}", column.iter().collect::<Vec<_>>()),
                Column::Label(column) => {
                    format!("{:?}", (0..table.rows()).map(|row| column.get(row)).collect::<Vec<_>>())
                }
                Column::Date(days) => format!("{days:?}"),
                Column::Number(values) => format!("{values:?}"),
                Column::Keys(keys) => format!("{keys:?}"),
            };
            out += &format!("{field:?}: {cells}\n");
        }
        out += &format!("{:?}\n{:?}\n{:?}\n", table.wide_stages, table.lines, table.rejected);
        out += &serde_json::to_string(&parsed.quality).expect("serialises");
        for pool in pools {
            out += &format!("\n{:?}", (0..pool.len() as u32).map(|key| pool.text(key)).collect::<Vec<_>>());
        }
        out
    }

    /// The file read in one go, after an earlier file.
    fn in_one_go(text: &str, config: &Config) -> String {
        let file = InputFile::new("deals.csv", text);
        let [mut a, mut b, mut c] = earlier_pools();
        let parsed = read_source_reporting(&file, config, Some(&mut Pools([&mut a, &mut b, &mut c])), &mut |_| {});
        as_read(&parsed.expect("reads"), &[a, b, c])
    }

    /// The file read in parts cut at `splits`, after an earlier file;
    /// `None`: read in one go (and then the pools are as they were).
    fn in_parts(text: &str, splits: &[usize], config: &Config) -> Option<String> {
        let file = InputFile::new("deals.csv", text);
        let [mut a, mut b, mut c] = earlier_pools();
        let mut pools = Pools([&mut a, &mut b, &mut c]);
        let splits: Vec<u64> = splits.iter().map(|split| *split as u64).collect();
        let parsed = read_split_at(&file, &splits, config, Some(&mut pools), &mut |_| {});
        if parsed.is_none() {
            let pools_before = earlier_pools().each_ref().map(Interner::len);
            assert_eq!(pools.lengths(), pools_before, "split at {splits:?}: the pools are as they were");
        }
        parsed.map(|parsed| as_read(&parsed, &[a, b, c]))
    }

    /// A file is cut just after the first line break at or past each
    /// share of its size; where none is near, or one would repeat the cut
    /// before it or end the file, there is no cut.
    #[test]
    fn cuts_are_the_first_line_starts_past_each_share() {
        let cuts = |text: &str, parts| split_points(&InputFile::new("deals.csv", text), parts).expect("reads");
        assert_eq!(cuts("ab\ncd\nef\n", 2), [6], "middle 4, inside \"cd\"");
        assert_eq!(cuts("abc\nde\n", 2), [4], "middle 3: the break itself");
        assert_eq!(cuts("a\nbb\nc\nddd\ne\nf\n", 3), [7, 11], "from 5 (\"c\") and 10 (a break)");
        assert_eq!(cuts("a\nb\nlong line\n", 4), [4], "from 3 (a break); from 6 and 9, the file's end");
        assert_eq!(cuts(&format!("a\n{}\n", "x".repeat(2 * BREAK_SEARCH_BYTES)), 2), [0u64; 0]);
        assert_eq!(cuts("abc", 2), [0u64; 0]);
    }

    /// Records that span lines are seen in quoted cells, even cut short;
    /// blank lines, CRLF endings, quoted cells without line breaks and a last
    /// record cut short by the end of the text are not such records.
    #[test]
    fn records_spanning_lines_are_seen() {
        assert!(records_span_lines("a,b\n1,\"x\ny\"\n2,3\n"));
        assert!(records_span_lines("a;b\r\n1;\"x\r\ny\"\r\n"));
        assert!(records_span_lines("a,b\n1,2\n3,\"x\ny"), "cut short inside the cell");
        assert!(!records_span_lines("a,b\r\n\r\n1,\"x, y\"\r\n\n2,3\r\n4,\"cut sh"));
        assert!(!records_span_lines(""));
    }

    /// A generated export of `rows` rows (over 16 MB at 140,000), with a
    /// quoted cell holding a line break in its second row when `multiline`.
    fn big_export(rows: usize, multiline: bool) -> String {
        let mut text = String::from("Deal ID,Deal Name,Owner,Stage,Amount,Created Date,Close Date,Notes\n");
        for row in 0..rows {
            let note = if multiline && row == 1 { "\"first\nsecond\"" } else { "\"plain, quoted\"" };
            let stage = ["Closed Won", "Closed Lost", "Proposal"][row % 3];
            let padding = "x".repeat(row % 97);
            text += &format!(
                "D{row},Deal {} {padding},Rep {},{stage},{},2024-{:02}-{:02},2024-12-{:02},{note}\n",
                row % 5000,
                row % 40,
                row * 7 % 100_000,
                row % 12 + 1,
                row % 28 + 1,
                row % 28 + 1
            );
        }
        text
    }

    /// The automatic path: a big export is read in parts on a machine with
    /// two cores or more, and reads as in one go; one whose first records
    /// hold a line break in a cell is read in one go.
    #[test]
    fn a_big_export_is_read_in_parts_unless_its_cells_hold_line_breaks() {
        let text = big_export(140_000, false);
        assert!(text.len() as u64 >= 2 * PART_MIN_BYTES, "{} bytes", text.len());
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let config = Config::default();
        let file = InputFile::new("deals.csv", text.as_str());
        let [mut a, mut b, mut c] = earlier_pools();
        let parsed = read_in_parts(&file, &config, Some(&mut Pools([&mut a, &mut b, &mut c])), &mut |_| {});
        assert_eq!(parsed.is_some(), cores >= 2, "{cores} cores");
        if let Some(parsed) = parsed {
            assert_eq!(as_read(&parsed, &[a, b, c]), in_one_go(&text, &config));
        }
        let multiline = InputFile::new("deals.csv", big_export(140_000, true));
        assert!(read_in_parts(&multiline, &config, None, &mut |_| {}).is_none());
    }

    /// Where a split may be tried: just after each line break.
    fn line_starts(text: &str) -> Vec<usize> {
        text.bytes().enumerate().filter(|(_, byte)| *byte == b'\n').map(|(at, _)| at + 1).collect()
    }

    /// Split after every line break of a file with what a real export holds
    /// (a quoted cell over two lines, blank lines, a "Total" row followed
    /// by data, a short row, an amount and a date that do not read, day-
    /// first dates, repeated names and ids seen in an earlier file, a
    /// trailing footer): each reading in parts equals the reading in one go,
    /// or is declined; it is declined where the break is inside the quoted
    /// cell or just after the "Total" row, and taken elsewhere.
    #[test]
    fn a_file_read_in_parts_reads_as_in_one_go() {
        let text = "Deal ID,Deal Name,Owner,Stage,Amount,Close Date,Created Date\r\n\
            D1,Alpha renewal,Ana,Closed Won,1000,05/03/2024,01/02/2024\r\n\
            D2,\"Beta, the\nsecond\",Budi,Closed Lost,\"2.500,50\",06/03/2024,\r\n\
            \r\n\
            Total,,,,,,\r\n\
            D3,Alpha renewal,Ana,Negotiation,abc,,03/02/2024\r\n\
            D4,Gamma,Citra\r\n\
            D9,Delta,Budi,Closed Won,700,31/13/2024,04/02/2024\r\n\
            D5,Alpha renewal,Ana,Closed Won,1200,07/03/2024,05/02/2024\r\n\
            D6,Epsilon,Dewi,Proposal,300,,06/02/2024\r\n\
            Grand total,,,,5700,,\r\n";
        let config = Config::default();
        let whole = in_one_go(text, &config);
        let mut taken = Vec::new();
        let starts = line_starts(text);
        for split in &starts {
            if let Some(parts) = in_parts(text, &[*split], &config) {
                assert_eq!(parts, whole, "split at byte {split}");
                taken.push(*split);
            }
        }
        // In three parts, each pair of cuts before the file's end: taken when both are.
        let inner = &starts[..starts.len() - 1];
        for (at, first) in inner.iter().enumerate() {
            for second in &inner[at + 1..] {
                let parts = in_parts(text, &[*first, *second], &config);
                assert_eq!(parts.is_some(), taken.contains(first) && taken.contains(second), "cuts {first}, {second}");
                assert!(parts.is_none_or(|parts| parts == whole), "cuts {first}, {second}");
            }
        }
        let after = |marker: &str| text.find(marker).map(|at| at + marker.len()).expect("in the text");
        assert!(!taken.contains(&after("Beta, the\n")), "inside a quoted cell: declined");
        assert!(!taken.contains(&after("Total,,,,,,\r\n")), "a footer-like row before the break: declined");
        for marker in ["01/02/2024\r\n", "06/03/2024,\r\n", "\r\n\r\n", "D4,Gamma,Citra\r\n", "06/02/2024\r\n"] {
            assert!(taken.contains(&after(marker)), "after {marker:?}: taken");
        }
    }

    /// Activity subjects (kept as read, not looked up) and deal ids from a
    /// second part land in the dataset's pools as in one go.
    #[test]
    fn pooled_cells_of_the_second_part_get_the_keys_of_one_go() {
        let text = "Activity ID,Deal ID,Owner,Type,Date,Subject\n\
            A1,D2,Ana,Call,2024-01-02,Call back\n\
            A2,D7,Ana,Call,2024-01-03,Call back\n\
            A3,D9,Budi,Email,2024-01-04,Intro\n\
            A4,D7,Budi,Email,2024-01-05,Intro\n\
            A5,D8,Citra,Meeting,2024-01-06,Call back\n";
        let config = Config::default();
        let whole = in_one_go(text, &config);
        let starts = line_starts(text);
        for split in &starts[1..starts.len() - 1] {
            assert_eq!(in_parts(text, &[*split], &config).as_deref(), Some(whole.as_str()), "split at byte {split}");
        }
        let cuts = &starts[1..starts.len() - 1];
        assert_eq!(in_parts(text, cuts, &config).as_deref(), Some(whole.as_str()), "in a part per row");
    }

    /// A file with a byte that is not UTF-8 (read in one go, it is weighed
    /// as Windows-1252 or warned about) and a UTF-16 file are never split.
    #[test]
    fn files_not_in_utf8_are_read_in_one_go() {
        let text = "Deal ID,Owner,Stage,Amount,Created Date\nD1,Ana,Open,5,2024-01-02\nD2,Jos\u{e9},Open,7,2024-01-03\nD3,Ana,Open,9,2024-01-04\n";
        let latin: Vec<u8> = text.chars().map(|c| c as u8).collect();
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        for bytes in [latin, utf16] {
            let file = InputFile::new("deals.csv", bytes.clone());
            let whole = read_source_reporting(&file, &Config::default(), None, &mut |_| {}).expect("reads");
            assert_eq!(whole.quality.rows_read, 3, "{}", whole.quality.encoding);
            for split in (1..bytes.len()).filter(|at| bytes[at - 1] == b'\n') {
                let parsed = read_split_at(&file, &[split as u64], &Config::default(), None, &mut |_| {});
                assert!(parsed.is_none(), "{}: split at {split}", whole.quality.encoding);
            }
        }
    }

    /// Cells as exports write them: names, quoted text with delimiters,
    /// quotes and line breaks, footer words, dates and amounts in several
    /// forms, and empty cells.
    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("Ana".to_string()),
            Just("Budi Santoso".to_string()),
            Just("Total".to_string()),
            Just("\"a, b\"".to_string()),
            Just("\"two\nlines\"".to_string()),
            Just("\"say \"\"hi\"\"\"".to_string()),
            Just("2024-03-05".to_string()),
            Just("05/03/2024".to_string()),
            Just("13/31/2024".to_string()),
            Just("1500".to_string()),
            Just("\"1.500,75\"".to_string()),
            Just("x1".to_string()),
            "D[0-9]{1,2}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Random rows (some short or long, some blank), cut after one to
        /// three random line breaks: read in parts, a file reads as in one go.
        #[test]
        fn random_files_read_in_parts_as_in_one_go(
            rows in prop::collection::vec(prop::collection::vec(cell(), 0..9), 1..40),
            picks in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
            semicolons in any::<bool>(),
        ) {
            let delimiter = if semicolons { ";" } else { "," };
            let header = ["Deal ID", "Deal Name", "Owner", "Stage", "Amount", "Close Date", "Created Date"].join(delimiter);
            let text = std::iter::once(header).chain(rows.iter().map(|row| row.join(delimiter))).collect::<Vec<_>>().join("\n") + "\n";
            let config = Config::default();
            let whole = in_one_go(&text, &config);
            let starts = line_starts(&text);
            let mut splits: Vec<usize> = picks.iter().map(|pick| starts[pick.index(starts.len())]).collect();
            splits.sort_unstable();
            splits.dedup();
            if let Some(parts) = in_parts(&text, &splits, &config) {
                prop_assert_eq!(parts, whole);
            }
        }
    }
}
