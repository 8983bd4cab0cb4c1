//! Ingest: bytes of a CRM export → a mapped, typed [`table::Table`] with its
//! quality record. Encoding and delimiter are sniffed, the kind is detected
//! from the header, headers are mapped to canonical fields (overridable by
//! configuration), and every row is used, rejected or skipped.

pub mod dialect;
pub mod encoding;
mod load;
pub mod reader;
pub mod schema;
#[cfg(not(target_arch = "wasm32"))]
pub mod split;
pub mod table;
pub mod tokenizer;
pub mod value;

pub use load::{load_files, load_files_reporting, load_sources, outcome_of_stage};

use crate::blocks::call_apart;
use crate::config::{Config, Locale};
use crate::error::{Error, ErrorKind, Result};
use crate::quality::{FileQuality, RejectionList};
use crate::sorting::{btree_map, sort_stable_by};
use schema::{Field, FieldSpec, FileKind};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use table::{LocaleRules, PooledKeys, RawColumn, RawTable, Table, TextColumn};
pub use table::{Pool, Pools};
use value::{DateOrder, DecimalMark};

/// Files larger than this are refused up front (the browser tab must live).
pub const MAX_FILE_BYTES: usize = 512 * 1024 * 1024;

/// A name column (reps, stages, regions…) with more distinct names than
/// this is refused: every KPI is broken down by rep and every stage gets a
/// row, so a wrongly mapped column would stall the page. Accounts are not
/// capped (a CRM holds many).
pub const MAX_DISTINCT_NAMES: usize = 10_000;

/// Label fields that may hold any number of distinct names.
const UNCAPPED_LABELS: &[Field] = &[Field::Account, Field::ReferredBy];

/// One input file as handed to the engine.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The file's name (its kind is detected from the header, or set by this name in the configuration).
    pub name: String,
    /// Its bytes, in any supported encoding.
    pub bytes: Vec<u8>,
}

impl InputFile {
    /// A file of `bytes` called `name`.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        InputFile { name: name.into(), bytes: bytes.into() }
    }

    /// Assembles a file fed in chunks (e.g. from a Web Worker). Decoding
    /// happens after assembly, so a character or a CRLF split across two
    /// chunks reads the same at any chunk size.
    pub fn from_chunks<'c>(name: impl Into<String>, chunks: impl IntoIterator<Item = &'c [u8]>) -> Self {
        let mut bytes = Vec::new();
        chunks.into_iter().for_each(|chunk| bytes.extend_from_slice(chunk));
        InputFile { name: name.into(), bytes }
    }
}

/// Where a file's bytes come from. The engine reads a file in chunks
/// while it parses it, so no file is ever held whole: a page hands over
/// `File`s (sliced on demand), the CLI hands over paths.
pub trait FileSource {
    /// The name the file is reported under.
    fn name(&self) -> &str;
    /// The size in bytes, known before reading (checked against the limit).
    fn size(&self) -> u64;
    /// Up to `len` bytes from `offset` (fewer is fine; none: the end); an
    /// error names the file and says why it could not be read.
    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>>;

    /// The file, if it can be read from two threads at once (see `ingest::split`).
    #[cfg(not(target_arch = "wasm32"))]
    fn shared(&self) -> Option<&(dyn FileSource + Sync)> {
        None
    }
}

/// The bytes of `bytes` from `offset`, at most `len`.
pub fn slice_at(bytes: &[u8], offset: u64, len: usize) -> &[u8] {
    let start = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
    &bytes[start..start + len.min(bytes.len() - start)]
}

impl FileSource for InputFile {
    fn name(&self) -> &str {
        &self.name
    }

    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        Ok(Cow::Borrowed(slice_at(&self.bytes, offset, len)))
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn shared(&self) -> Option<&(dyn FileSource + Sync)> {
        Some(self)
    }
}

/// A file on disk, read in chunks when the engine parses it (the CLI's files).
pub struct PathFile {
    /// The name it is reported under.
    pub name: String,
    /// Where it is read from.
    pub path: std::path::PathBuf,
}

impl FileSource for PathFile {
    fn name(&self) -> &str {
        &self.name
    }

    fn size(&self) -> u64 {
        std::fs::metadata(&self.path).map_or(0, |m| m.len())
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        use std::io::{Read, Seek, SeekFrom};
        let cannot = |e: std::io::Error| Error::file(&self.name, format!("cannot read the file: {e}"));
        let mut file = std::fs::File::open(&self.path).map_err(cannot)?;
        file.seek(SeekFrom::Start(offset)).map_err(cannot)?;
        let mut bytes = Vec::with_capacity(len.min(CHUNK_BYTES));
        file.take(len as u64).read_to_end(&mut bytes).map_err(cannot)?;
        Ok(Cow::Owned(bytes))
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn shared(&self) -> Option<&(dyn FileSource + Sync)> {
        Some(self)
    }
}

/// A file read and typed, ready to load into the dataset.
pub struct ParsedFile {
    pub kind: FileKind,
    pub table: Table,
    pub quality: FileQuality,
}

fn locale_rules(locale: Locale, delimiter: u8) -> LocaleRules {
    let indonesian = match locale {
        Locale::Id => true,
        Locale::En => false,
        Locale::Auto => delimiter == b';',
    };
    if indonesian {
        LocaleRules { date_order: DateOrder::DayFirst, decimal_mark: DecimalMark::Comma }
    } else {
        LocaleRules { date_order: DateOrder::MonthFirst, decimal_mark: DecimalMark::Dot }
    }
}

/// Gives duplicate headers a suffix: `Amount`, `Amount (2)`.
fn rename_duplicates(headers: &mut [String], warnings: &mut Vec<String>) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for header in headers.iter_mut() {
        let count = seen.entry(schema::normalize(header)).or_insert(0);
        *count += 1;
        if *count > 1 {
            let renamed = format!("{header} ({count})");
            warnings.push(format!("duplicate column \"{header}\" renamed to \"{renamed}\"; only the first is mapped"));
            *header = renamed;
        }
    }
}

/// The settings' mapping for a file, over the mapping of its vendor's
/// native export (the settings win field by field).
fn with_native(
    configured: Option<&BTreeMap<String, String>>,
    detection: &schema::Detection,
) -> BTreeMap<String, String> {
    let mut mapping =
        btree_map(detection.native_mapping.iter().map(|(field, header)| (field.to_string(), header.to_string())));
    mapping.extend(configured.into_iter().flatten().map(|(field, header)| (field.clone(), header.clone())));
    mapping
}

/// The header index each canonical field is read from.
struct Mapping {
    fields: Vec<(&'static FieldSpec, usize)>,
    wide_stages: Vec<(String, usize)>,
}

fn map_headers(
    file: &str,
    kind: FileKind,
    headers: &[String],
    overrides: &BTreeMap<String, String>,
) -> Result<Mapping> {
    let mut fields: Vec<(&'static FieldSpec, usize)> = Vec::new();
    let specs = kind.fields();
    let mut unmapped: Vec<&str> = Vec::new();
    for (field, header) in overrides {
        if header.trim().is_empty() {
            unmapped.push(field);
            continue;
        }
        let spec = specs.iter().find(|s| s.name() == field).ok_or_else(|| {
            Error::file(file, format!("the mapping names \"{field}\", which is not a field of a {} file", kind.name()))
                .of_kind(ErrorKind::Configuration)
        })?;
        let index = headers.iter().position(|h| h == header || schema::normalize(h) == schema::normalize(header));
        let index = index.ok_or_else(|| {
            Error::at_column(file, header, "the mapping names this column, but the file has no such header")
                .of_kind(ErrorKind::ColumnMissing)
        })?;
        fields.push((spec, index));
    }
    for (index, header) in headers.iter().enumerate() {
        if fields.iter().any(|(_, i)| *i == index) {
            continue;
        }
        if let Some(spec) = schema::field_for_header(kind, header) {
            if !fields.iter().any(|(s, _)| s.field == spec.field) && !unmapped.contains(&spec.name()) {
                fields.push((spec, index));
            }
        }
    }
    let wide_stages = if kind == FileKind::Deals {
        headers.iter().enumerate().filter_map(|(i, h)| schema::wide_stage_column(h).map(|stage| (stage, i))).collect()
    } else {
        Vec::new()
    };
    let mut mapping = Mapping { fields, wide_stages };
    for spec in specs.iter().filter(|s| s.required) {
        let mapped = |field: Field| mapping.fields.iter().any(|(s, _)| s.field == field);
        // A deals file may lack an owner or (with a status) a stage; any file may name its owner by id.
        let allowed_missing = (spec.field == Field::Owner && (kind == FileKind::Deals || mapped(Field::OwnerId)))
            || (kind == FileKind::Deals && spec.field == Field::Stage && mapped(Field::Status))
            || (kind == FileKind::Reps
                && spec.field == Field::Rep
                && (mapped(Field::FirstName) || mapped(Field::LastName)));
        if !allowed_missing && !mapping.fields.iter().any(|(s, _)| s.field == spec.field) {
            return Err(missing_column(file, kind, spec, headers));
        }
    }
    sort_stable_by(&mut mapping.fields, |a, b| a.1.cmp(&b.1));
    Ok(mapping)
}

fn missing_column(file: &str, kind: FileKind, spec: &FieldSpec, headers: &[String]) -> Error {
    let mut ranked: Vec<(usize, &String)> = headers
        .iter()
        .map(|h| (spec.synonyms.iter().map(|s| schema::distance(h, s)).min().unwrap_or(usize::MAX), h))
        .collect();
    sort_stable_by(&mut ranked, Ord::cmp);
    let closest: Vec<String> = ranked.iter().take(3).map(|(_, h)| format!("\"{h}\"")).collect();
    let examples: Vec<String> = spec.synonyms.iter().take(2).map(|s| format!("\"{s}\"")).collect();
    Error::at_column(
        file,
        spec.name(),
        format!(
            "this {} file needs a column for \"{}\" (such as {}) and has none; closest headers: {}. Map one in the settings.",
            kind.name(),
            spec.name(),
            examples.join(" or "),
            closest.join(", ")
        ),
    )
    .of_kind(ErrorKind::ColumnMissing)
}

/// Refuses files over [`MAX_FILE_BYTES`] before anything is read.
pub fn check_file_size(name: &str, bytes: usize) -> Result<()> {
    if bytes > MAX_FILE_BYTES {
        return Err(Error::file(
            name,
            format!(
                "file is {} MB; the limit is {} MB. Split it into smaller exports.",
                bytes >> 20,
                MAX_FILE_BYTES >> 20
            ),
        )
        .of_kind(ErrorKind::LimitExceeded));
    }
    Ok(())
}

/// How far loading has got: the file being read, its bytes read so far
/// and its size, and the data rows read from it.
#[derive(Debug, Clone, Serialize)]
pub struct LoadProgress {
    /// The file being read.
    pub file: String,
    /// Its bytes read so far.
    pub bytes_read: u64,
    /// Its size in bytes.
    pub bytes_total: u64,
    /// Its rows parsed so far.
    pub rows: u64,
}

/// Bytes asked of a file at a time: a file is never held whole, only the
/// piece being decoded and the text of the records not yet read.
pub const CHUNK_BYTES: usize = 4 << 20;

/// Text read before the delimiter is decided.
const SNIFF_TEXT: usize = 65_536;

/// Reads one file: decode, sniff, map, tokenise, type.
pub fn read_file(file: &InputFile, config: &Config) -> Result<ParsedFile> {
    read_file_reporting(file, config, &mut |_| {})
}

/// As [`read_file`], telling `progress` how far it has got.
pub fn read_file_reporting(
    file: &InputFile,
    config: &Config,
    progress: &mut dyn FnMut(&LoadProgress),
) -> Result<ParsedFile> {
    read_source_reporting(file, config, None, progress)
}

/// Reads a file in pieces of at most [`CHUNK_BYTES`] (a source may hand
/// over less): decode, sniff, map, tokenise, type. A UTF-8 file with
/// invalid bytes is read a second time to weigh the evidence, and a third
/// when that says it is Windows-1252. With `pools`, deal ids and texts of
/// many rows are interned into them as they are read ([`Pools`]); a file
/// read again first forgets the keys of its first reading.
pub fn read_source_reporting(
    source: &dyn FileSource,
    config: &Config,
    mut pools: Option<&mut Pools<'_>>,
    progress: &mut dyn FnMut(&LoadProgress),
) -> Result<ParsedFile> {
    let name = source.name();
    check_file_size(name, usize::try_from(source.size()).unwrap_or(usize::MAX))?;
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(parsed) =
        source.shared().and_then(|source| split::read_in_parts(source, config, pools.as_deref_mut(), progress))
    {
        return Ok(parsed);
    }
    let before = pools.as_ref().map(|pools| pools.lengths());
    let (mut parsed, text) = read_text(source, config, None, pools.as_deref_mut(), progress)?;
    if text.decoder.invalid {
        let evidence = utf8_evidence(source, text.bom)?;
        if !evidence.says_utf8() {
            if let (Some(pools), Some(before)) = (pools.as_deref_mut(), before) {
                pools.truncate(before);
            }
            let forced = Some(encoding::Encoding::Windows1252);
            return Ok(read_text(source, config, forced, pools, progress)?.0);
        }
        let lines: Vec<String> = evidence.listed_lines.iter().map(u64::to_string).collect();
        let more = if evidence.invalid > lines.len() { " …" } else { "" };
        parsed.quality.warnings.insert(0, format!(
            "{} invalid UTF-8 byte sequence(s) replaced with the replacement character �, on line(s) {}{more}; the rest of the file is valid UTF-8. Check those cells.",
            evidence.invalid,
            lines.join(", ")
        ));
    }
    Ok(parsed)
}

/// A file's bytes, pulled in chunks.
struct Pull<'s> {
    source: &'s dyn FileSource,
    at: u64,
    /// A read came back empty (or no read is due: the size is reached after one).
    ended: bool,
    started: bool,
}

impl<'s> Pull<'s> {
    fn new(source: &'s dyn FileSource) -> Pull<'s> {
        Pull { source, at: 0, ended: false, started: false }
    }

    fn next(&mut self) -> Result<Option<Cow<'s, [u8]>>> {
        if self.done() {
            return Ok(None);
        }
        let bytes = self.source.read_at(self.at, CHUNK_BYTES)?;
        self.started = true;
        self.at += bytes.len() as u64;
        self.ended = bytes.is_empty();
        Ok(Some(bytes).filter(|b| !b.is_empty()))
    }

    /// Every byte is read (a file is always asked once, so that one that
    /// cannot be read says so).
    fn done(&self) -> bool {
        self.ended || (self.started && self.at >= self.source.size())
    }
}

/// A file's text as it is decoded: the part not yet read, and more on demand.
struct TextStream<'s> {
    pull: Pull<'s>,
    decoder: encoding::StreamDecoder,
    encoding: encoding::Encoding,
    bom: usize,
    text: String,
}

impl<'s> TextStream<'s> {
    /// Sniffs the encoding from the first bytes (unless `forced`) and decodes them.
    fn open(source: &'s dyn FileSource, forced: Option<encoding::Encoding>) -> Result<TextStream<'s>> {
        let mut pull = Pull::new(source);
        let mut first = Vec::new();
        while first.len() < encoding::SNIFF_BYTES {
            match pull.next()? {
                Some(bytes) => first.extend_from_slice(&bytes),
                None => break,
            }
        }
        if first.is_empty() {
            return Err(Error::file(source.name(), "file is empty"));
        }
        let (sniffed, bom) = encoding::sniff(&first);
        let encoding = forced.unwrap_or(sniffed);
        let mut stream =
            TextStream { pull, decoder: encoding::StreamDecoder::new(encoding), encoding, bom, text: String::new() };
        let last = stream.pull.done();
        stream.decoder.decode(&first[bom.min(first.len())..], last, &mut stream.text);
        Ok(stream)
    }

    /// The text of a later part of a file (see [`split`]), in the encoding
    /// sniffed from its start: no byte order mark is looked for.
    #[cfg(not(target_arch = "wasm32"))]
    fn continuing(source: &'s dyn FileSource, encoding: encoding::Encoding) -> Result<TextStream<'s>> {
        let mut stream = TextStream {
            pull: Pull::new(source),
            decoder: encoding::StreamDecoder::new(encoding),
            encoding,
            bom: 0,
            text: String::new(),
        };
        stream.more()?;
        Ok(stream)
    }

    /// No more text will come.
    fn last(&self) -> bool {
        self.pull.done()
    }

    /// Decodes the next chunk onto the text; `false` at the end.
    fn more(&mut self) -> Result<bool> {
        let Some(bytes) = self.pull.next()? else { return Ok(false) };
        let last = self.pull.done();
        self.decoder.decode(&bytes, last, &mut self.text);
        Ok(true)
    }

    /// Drops the first `consumed` bytes of the text (already read).
    fn consume(&mut self, consumed: usize) {
        self.text.drain(..consumed);
    }
}

/// Weighs a UTF-8 file's evidence (after its byte order mark), reading it again.
fn utf8_evidence(source: &dyn FileSource, bom: usize) -> Result<encoding::Utf8Evidence> {
    let mut evidence = encoding::Utf8Evidence::default();
    let (mut pull, mut skip) = (Pull::new(source), bom);
    while let Some(bytes) = pull.next()? {
        let from = skip.min(bytes.len());
        skip -= from;
        evidence.add(&bytes[from..], pull.done());
    }
    Ok(evidence)
}

/// Fields that are recognised, and shown as mapped, but that nothing reads:
/// their cells are not kept (a million activity ids are 12 MB of text).
const NOT_READ: [Field; 2] = [Field::ActivityId, Field::LeadId];

/// The pool a field's text goes into while a dataset loads: deal ids (the
/// key that joins stage history, activities and leads to deals) and deal
/// names are interned; activity subjects are kept as read.
fn pool_of(kind: FileKind, field: Field) -> Option<Pool> {
    match (kind, field) {
        (FileKind::Deals | FileKind::Activities | FileKind::StageHistory, Field::DealId)
        | (FileKind::Leads, Field::ConvertedDealId) => Some(Pool::DealKeys),
        (FileKind::Deals, Field::DealName) => Some(Pool::Texts),
        (FileKind::Activities, Field::Subject) => Some(Pool::Notes),
        _ => None,
    }
}

/// What a file's header decides, before its first data row is read.
struct Layout {
    delimiter: u8,
    headers: Vec<String>,
    kind: FileKind,
    mapping: Mapping,
    /// The mapped fields whose cells are read (mapped, the others still
    /// show the column as understood).
    kept: Vec<(&'static FieldSpec, usize)>,
    warnings: Vec<String>,
}

/// A file's rows as read (or a part's: see [`split`]), before typing.
struct RawRows {
    fields: Vec<RawColumn>,
    wide: Vec<TextColumn>,
    /// Each row's physical line.
    lines: Vec<u32>,
}

impl RawRows {
    /// Empty columns for a layout's fields, with room for `rows_likely`
    /// rows: a column that grows by doubling copies itself twenty times over
    /// a million rows, and leaves its old copies behind as holes in wasm
    /// memory. Room never written is never resident. With `pooled`, deal
    /// ids and texts of many rows go to the pools as they are read.
    fn for_layout(layout: &Layout, pooled: bool, rows_likely: usize) -> RawRows {
        let mut fields: Vec<RawColumn> = layout
            .kept
            .iter()
            .map(|(spec, _)| match pool_of(layout.kind, spec.field).filter(|_| pooled) {
                Some(pool) => RawColumn::Keys(pool, PooledKeys::default()),
                None => RawColumn::for_type(spec.value_type),
            })
            .collect();
        fields.iter_mut().for_each(|column| column.reserve(rows_likely));
        let mut lines = Vec::new();
        let _ = lines.try_reserve(rows_likely);
        RawRows { fields, wide: vec![TextColumn::default(); layout.mapping.wide_stages.len()], lines }
    }

    /// Takes a batch's records, a column at a time, and empties it.
    fn push_batch(&mut self, batch: &mut RecordBatch<'_>, mut pools: Option<&mut Pools<'_>>) {
        for (at, column) in self.fields.iter_mut().enumerate() {
            column.push_each(batch.column(at), pools.as_deref_mut());
        }
        let wide_from = self.fields.len();
        for (at, column) in self.wide.iter_mut().enumerate() {
            batch.column(wide_from + at).for_each(|cell| column.push(cell));
        }
        self.lines.extend_from_slice(&batch.lines);
        batch.cells.clear();
        batch.lines.clear();
    }
}

/// Records read and not yet pushed to their columns: the cells of each,
/// record after record, handed to the columns a column at a time, so that
/// each column's cells are pushed in a loop of their own instead of one
/// cell of each column in turn (measured in Node, alternating loads of a
/// million deals: 9 % sooner). The reader appends each record's cells
/// here as it reads them, and they stay: every record kept has as many
/// cells as the header (any other is rejected), so a field's cells are
/// found at its column's place in each. They borrow the text being read
/// (a cell with doubled quotes, copied out of it, is copied again).
struct RecordBatch<'t> {
    cells: Vec<Cow<'t, str>>,
    lines: Vec<u32>,
    /// The cells of one record (the header's).
    width: usize,
    /// Where in a record the kept fields' cells are, then the wide stages'.
    places: Vec<usize>,
}

/// How many records a batch holds before it is handed over (128 and 2,048
/// were no faster).
const BATCH_RECORDS: usize = 512;

impl<'t> RecordBatch<'t> {
    fn new(layout: &Layout) -> RecordBatch<'t> {
        let kept = layout.kept.iter().map(|(_, index)| *index);
        let width = layout.headers.len();
        RecordBatch {
            cells: Vec::with_capacity(width * BATCH_RECORDS),
            lines: Vec::with_capacity(BATCH_RECORDS),
            width,
            places: kept.chain(layout.mapping.wide_stages.iter().map(|(_, index)| *index)).collect(),
        }
    }

    /// Keeps the record on `line` whose cells were appended last.
    fn keep(&mut self, line: u64) {
        // A file is at most MAX_FILE_BYTES long: its line numbers fit.
        self.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
    }

    fn is_full(&self) -> bool {
        self.lines.len() == BATCH_RECORDS
    }

    /// The cells of kept field `at` (the layout's fields, then its wide
    /// stages), record after record.
    fn column(&self, at: usize) -> impl Iterator<Item = &str> {
        let cells = self.places.get(at).and_then(|place| self.cells.get(*place..)).unwrap_or_default();
        cells.iter().step_by(self.width.max(1)).map(|cell| cell.as_ref())
    }
}

/// Reads the file once with its sniffed (or `forced`) encoding.
fn read_text<'s>(
    source: &'s dyn FileSource,
    config: &Config,
    forced: Option<encoding::Encoding>,
    mut pools: Option<&mut Pools<'_>>,
    progress: &mut dyn FnMut(&LoadProgress),
) -> Result<(ParsedFile, TextStream<'s>)> {
    let name = source.name();
    let mut stream = TextStream::open(source, forced)?;
    let (layout, mut rows) = read_layout(&mut stream, name, config)?;
    let bytes_total = source.size();
    let mut raw = RawRows::for_layout(&layout, pools.is_some(), likely_rows(&stream.text, bytes_total));
    read_rows(&mut stream, &mut rows, &layout, &mut raw, pools.as_deref_mut(), &mut |bytes_read, rows| {
        progress(&LoadProgress { file: name.to_string(), bytes_read, bytes_total, rows })
    })?;
    let counts = rows.finish();
    if let Some(pools) = pools {
        raw.fields.iter_mut().for_each(|column| column.intern_waiting(pools));
    }
    progress(&LoadProgress { file: name.to_string(), bytes_read: bytes_total, bytes_total, rows: counts.data_rows });
    let parsed = type_rows(name, layout, raw, counts, stream.encoding, config)?;
    Ok((parsed, stream))
}

/// Reads up to the header, and works out from it the file's kind and
/// which column each field is read from.
fn read_layout(stream: &mut TextStream<'_>, name: &str, config: &Config) -> Result<(Layout, reader::CsvRows)> {
    while stream.text.len() < SNIFF_TEXT && stream.more()? {}
    let delimiter = dialect::detect_delimiter(&stream.text);
    let mut rows = reader::CsvRows::new(name, delimiter);
    while !rows.read_header(&stream.text, stream.last())? {
        stream.consume(rows.take_consumed());
        stream.more()?;
    }
    let mut warnings = Vec::new();
    let mut headers = rows.header.clone();
    rename_duplicates(&mut headers, &mut warnings);
    let detection = match config.kinds.get(name) {
        Some(kind) => schema::Detection { kind: *kind, reason: None, native_mapping: &[] },
        None => schema::detect_kind_explained(&headers),
    };
    let kind = detection.kind;
    warnings.extend(detection.reason.clone());
    if kind == FileKind::Unknown && detection.reason.is_none() {
        warnings.push(format!(
            "not recognised as deals, accounts, reps, products, activities, stage history or targets (columns: {}); its rows are not used",
            headers.join(", ")
        ));
    }
    let mapping = map_headers(name, kind, &headers, &with_native(config.mappings.get(name), &detection))?;
    if kind == FileKind::Deals
        && !mapping.fields.iter().any(|(spec, _)| spec.field == Field::Owner || spec.field == Field::OwnerId)
    {
        warnings.push(
            "no column for \"owner\" (such as \"Owner\" or \"Opportunity Owner\"): every deal counts in the totals, but nothing is broken down by rep. Map a column as owner in the settings to see reps."
                .into(),
        );
    }
    let kept = mapping.fields.iter().filter(|(spec, _)| !NOT_READ.contains(&spec.field)).copied().collect();
    Ok((Layout { delimiter, headers, kind, mapping, kept, warnings }, rows))
}

/// Reads every record of the stream into `raw`; `progress` hears the
/// bytes read and the rows parsed as it goes.
fn read_rows(
    stream: &mut TextStream<'_>,
    rows: &mut reader::CsvRows,
    layout: &Layout,
    raw: &mut RawRows,
    mut pools: Option<&mut Pools<'_>>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let mut bytes_read = 0;
    let pools_at_start = pools.as_ref().map(|pools| pools.sizes());
    loop {
        let text = stream.text.as_str();
        let mut sink = BatchSink { batch: RecordBatch::new(layout), raw: &mut *raw, pools: pools.as_deref_mut() };
        let (last, pulled, text_len) = (stream.last(), stream.pull.at, stream.text.len());
        // The bytes behind the text not yet read count as not read.
        let mut tell = |rows: u64, offset: usize| {
            bytes_read = pulled.saturating_sub((text_len - offset) as u64).max(bytes_read);
            progress(bytes_read, rows);
        };
        // Called apart, once per piece of text: optimised by the second
        // piece (see `crate::blocks`).
        call_apart(|| rows.read_records(text, last, &mut sink, &mut tell))?;
        sink.raw.push_batch(&mut sink.batch, sink.pools.as_deref_mut());
        if last {
            return Ok(());
        }
        if let (Some(pools), Some(at_start)) = (pools.as_deref_mut(), pools_at_start) {
            pools.project(at_start, stream.pull.at, stream.pull.source.size());
        }
        stream.consume(rows.take_consumed());
        // A long record still unread is tried again once the text has doubled.
        let pending = stream.text.len();
        while stream.more()? && stream.text.len() < 2 * pending {}
    }
}

/// The batch the reader fills, handed to the columns whenever it is full.
struct BatchSink<'a, 'p, 't> {
    batch: RecordBatch<'t>,
    raw: &'a mut RawRows,
    pools: Option<&'a mut Pools<'p>>,
}

impl<'t> reader::RecordSink<'t> for BatchSink<'_, '_, 't> {
    fn cells(&mut self) -> &mut Vec<Cow<'t, str>> {
        &mut self.batch.cells
    }

    fn keep(&mut self, line: u64, from: usize) {
        debug_assert_eq!(self.batch.cells.len() - from, self.batch.width, "a kept record has the header's width");
        self.batch.keep(line);
        if self.batch.is_full() {
            self.raw.push_batch(&mut self.batch, self.pools.as_deref_mut());
        }
    }
}

/// Types the rows read, and records what happened to them.
fn type_rows(
    name: &str,
    layout: Layout,
    raw: RawRows,
    counts: reader::ReadCounts,
    encoding: encoding::Encoding,
    config: &Config,
) -> Result<ParsedFile> {
    let Layout { delimiter, headers, kind, mapping, kept, mut warnings } = layout;
    check_distinct_names(name, &kept, &headers, &raw.fields)?;
    let raw = RawTable {
        fields: kept.iter().zip(raw.fields).map(|((spec, i), column)| (*spec, headers[*i].clone(), column)).collect(),
        wide_stages: mapping
            .wide_stages
            .iter()
            .zip(raw.wide)
            .map(|((stage, i), column)| (stage.clone(), headers[*i].clone(), column))
            .collect(),
        lines: raw.lines,
    };
    let (table, cell_rejections, typing_warnings) = table::type_columns(raw, locale_rules(config.locale, delimiter));
    warnings.extend(typing_warnings);
    let mut quality = FileQuality {
        name: name.to_string(),
        kind: kind.name().to_string(),
        encoding: encoding.name().to_string(),
        delimiter: dialect::delimiter_name(delimiter).to_string(),
        rows_read: counts.data_rows,
        rows_used: 0,
        rows_rejected: 0,
        rows_skipped: counts.skipped,
        skipped: counts.skipped_rows,
        rejected: Vec::new(),
        rows_flagged: 0,
        flagged: Vec::new(),
        flagged_by_reason: BTreeMap::new(),
        mapping: btree_map(mapping.fields.iter().map(|(spec, i)| (spec.name().to_string(), headers[*i].clone()))),
        unmapped_columns: unmapped(&headers, &mapping),
        warnings,
    };
    quality.reject_all(RejectionList::merge([counts.rejected, cell_rejections]));
    if kind == FileKind::Unknown {
        quality.rows_skipped += table.rows() as u64;
    }
    Ok(ParsedFile { kind, table, quality })
}

/// About how many rows a file of `bytes_total` bytes holds, from the mean
/// length of the lines of its first `text` (a little more, so that an
/// estimate a shade low does not double a column at the end). At most
/// [`MAX_LIKELY_ROWS`]: short first lines cannot ask for absurd room.
fn likely_rows(text: &str, bytes_total: u64) -> usize {
    let lines = text.bytes().filter(|byte| *byte == b'\n').count().max(1);
    let per_line = (text.len() / lines).max(1) as u64;
    let rows = bytes_total / per_line + bytes_total / per_line / 32;
    usize::try_from(rows).unwrap_or(usize::MAX).min(MAX_LIKELY_ROWS)
}

/// The most rows room is made for ahead (a bigger file's columns grow
/// past it as they are filled).
const MAX_LIKELY_ROWS: usize = 1 << 22;

fn check_distinct_names(
    file: &str,
    kept: &[(&'static FieldSpec, usize)],
    headers: &[String],
    columns: &[RawColumn],
) -> Result<()> {
    for ((spec, index), column) in kept.iter().zip(columns) {
        let RawColumn::Label(labels) = column else { continue };
        let distinct = labels.distinct() - 1;
        if distinct > MAX_DISTINCT_NAMES && !UNCAPPED_LABELS.contains(&spec.field) {
            return Err(Error::at_column(
                file,
                &headers[*index],
                format!(
                    "this column, read as \"{}\", holds {distinct} different names; the limit is {MAX_DISTINCT_NAMES}. Is it the right column? Map another in the settings.",
                    spec.name()
                ),
            )
            .of_kind(ErrorKind::LimitExceeded));
        }
    }
    Ok(())
}

fn unmapped(headers: &[String], mapping: &Mapping) -> Vec<String> {
    headers
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            !mapping.fields.iter().any(|(_, m)| m == i) && !mapping.wide_stages.iter().any(|(_, m)| m == i)
        })
        .map(|(_, h)| h.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An activity id is shown as mapped, but its cells are not kept.
    #[test]
    fn ids_nothing_reads_are_mapped_but_not_kept() {
        let text = "Activity ID,Owner,Type,Created Date\nA1,Ana,Call,2024-01-02\n";
        let parsed = read_file(&InputFile::new("activities.csv", text), &Config::default()).expect("reads");
        assert_eq!(parsed.quality.mapping.get("activity_id").map(String::as_str), Some("Activity ID"));
        assert!(parsed.quality.unmapped_columns.is_empty());
        assert!(!parsed.table.has(Field::ActivityId));
        assert_eq!(parsed.table.text(Field::Owner, 0), Some("Ana"));
    }

    /// Records are handed to the columns in batches, with the cells copied
    /// out of the text (doubled quotes) among them: every cell lands in its
    /// own row, with its line, across batches and across the pieces a file
    /// is read in.
    #[test]
    fn records_reach_their_rows_in_order_around_copied_cells() {
        let rows = 3 * BATCH_RECORDS + 7;
        let quoted = |row: usize| row % 301 == 5 || row == BATCH_RECORDS - 1 || row == BATCH_RECORDS;
        let mut text = String::from("Activity ID,Owner,Type,Subject,Created Date\n");
        for row in 0..rows {
            let subject = if quoted(row) { format!("\"said \"\"{row}\"\"\"") } else { format!("s{row}") };
            text.push_str(&format!("A{row},Rep {},Call,{subject},2024-01-0{}\n", row % 7, 1 + row % 9));
        }
        let chunks: Vec<&[u8]> = text.as_bytes().chunks(4_099).collect();
        for file in [InputFile::new("activities.csv", text.as_str()), InputFile::from_chunks("activities.csv", chunks)]
        {
            let parsed = read_file(&file, &Config::default()).expect("reads");
            assert_eq!(parsed.table.rows(), rows);
            for row in 0..rows {
                let subject = if quoted(row) { format!("said \"{row}\"") } else { format!("s{row}") };
                assert_eq!(parsed.table.text(Field::Subject, row), Some(subject.as_str()), "row {row}");
                assert_eq!(parsed.table.text(Field::Owner, row), Some(format!("Rep {}", row % 7).as_str()));
                assert_eq!(parsed.table.line(row), row as u64 + 2, "row {row}");
            }
        }
    }

    /// Rows from the file's size over its first lines' mean length, plus a
    /// thirty-second; never more than the cap.
    #[test]
    fn likely_rows_scale_the_first_lines_to_the_file() {
        let text = "a,b\n".repeat(10);
        assert_eq!(likely_rows(&text, 4_000), 1_000 + 31);
        assert_eq!(likely_rows("Deal ID,Amount\nD1,5\nD2,7\n", 2_400), 300 + 9);
        assert_eq!(likely_rows(&text, u64::MAX), MAX_LIKELY_ROWS);
        assert_eq!(likely_rows("", 64), 66);
    }
}
