//! A file's mapped columns, first as read (columnar: free text in one
//! buffer per column, names dictionary-encoded), then typed: each date and
//! number column decides its format once from all its values, and cells
//! that do not parse reject their row.

use super::schema::{Field, FieldSpec, ValueType};
use super::value::{self, DateOrder, Day, DecimalMark};
use crate::float_text::FloatText;
use crate::interner::Interner;
use crate::model::OptDay;
use crate::quality::{Rejection, RejectionList};

/// One column of text cells in a single buffer.
#[derive(Debug, Default, Clone)]
pub struct TextColumn {
    data: String,
    ends: Vec<usize>,
}

impl TextColumn {
    pub fn push(&mut self, cell: &str) {
        self.data.push_str(value::trim_cell(cell));
        self.ends.push(self.data.len());
    }

    pub fn get(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.data[start..self.ends[row]]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        (0..self.len()).map(|row| self.get(row))
    }

    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
    }
}

/// A column of names (reps, accounts, stages…), dictionary-encoded as it
/// is read: each cell is the code of its distinct trimmed text, and code 0
/// is the empty cell. A million rows naming fifty reps hold fifty strings.
#[derive(Debug, Clone)]
pub struct LabelColumn {
    codes: Vec<u32>,
    /// The distinct texts; key 0 is the empty text.
    labels: Interner,
    /// The label last seen in each slot (see [`LabelKey::slot`]): most
    /// columns hold a few dozen names, which then need no lookup in `labels`.
    recent: Box<[RecentLabel; RECENT_SLOTS]>,
}

const RECENT_SLOTS: usize = 256;

/// A cell's length and its first and last eight bytes: cheap to read, and
/// the whole text of a cell of at most 16 bytes (most labels), which is
/// then recognised with no look at the interned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct LabelKey {
    len: usize,
    head: u64,
    tail: u64,
}

/// The code of a label and its key.
#[derive(Debug, Clone, Copy, Default)]
struct RecentLabel {
    key: LabelKey,
    code: u32,
}

impl LabelKey {
    fn of(cell: &str) -> LabelKey {
        let bytes = cell.as_bytes();
        let tail = if bytes.len() > 8 { word(&bytes[bytes.len() - 8..]) } else { 0 };
        LabelKey { len: bytes.len(), head: word(bytes), tail }
    }

    /// Its slot in [`LabelColumn::recent`]: a wrong guess only costs the
    /// lookup it would have cost anyway.
    fn slot(self) -> usize {
        (self.mixed() >> (64 - RECENT_SLOTS.trailing_zeros())) as usize
    }

    /// Its bytes mixed, the high bits most.
    #[inline]
    fn mixed(self) -> u64 {
        (self.head ^ self.tail.rotate_left(23) ^ self.len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    /// Whether the key holds every byte of its text.
    fn is_whole(self) -> bool {
        self.len <= 16
    }
}

/// The first eight bytes (fewer padded with zeros) as a little-endian
/// word, with no call to copy them (in wasm, a copy of a length not known
/// ahead is a call).
fn word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(first) => u64::from_le_bytes(*first),
        None => bytes.iter().rev().fold(0, |word, byte| (word << 8) | u64::from(*byte)),
    }
}

impl Default for LabelColumn {
    fn default() -> Self {
        let mut labels = Interner::default();
        labels.intern("");
        // Every slot starts with the empty text, code 0.
        LabelColumn { codes: Vec::new(), labels, recent: Box::new([RecentLabel::default(); RECENT_SLOTS]) }
    }
}

impl LabelColumn {
    pub fn push(&mut self, cell: &str) {
        let cell = value::trim_cell(cell);
        let key = LabelKey::of(cell);
        let slot = key.slot();
        let recent = self.recent[slot];
        let code = if recent.key == key && (key.is_whole() || self.labels.is(recent.code, cell)) {
            recent.code
        } else {
            let code = self.labels.intern(cell).0;
            self.recent[slot] = RecentLabel { key, code };
            code
        };
        self.codes.push(code);
    }

    /// The code of a row's cell (0: empty).
    pub fn code(&self, row: usize) -> u32 {
        self.codes[row]
    }

    /// The text of a code.
    pub fn label(&self, code: u32) -> &str {
        self.labels.text(code)
    }

    pub fn get(&self, row: usize) -> &str {
        self.label(self.code(row))
    }

    /// How many codes there are, the empty one included.
    pub fn distinct(&self) -> usize {
        self.labels.len()
    }

    /// Drops the lookup index once the column is complete.
    fn finish(mut self) -> Self {
        self.labels.forget_index();
        self
    }
}

/// A date column as read. A cell that every date order reads alike (year
/// first, as `2024-03-05`: the common case) is kept as its day, four bytes;
/// the others (`19/05/2023`) by their text, each distinct text kept once,
/// until the column's order is decided from them (year-first cells never
/// decide it). A column holds a few hundred distinct dates: they are
/// weighed and read once each, not once per row (a million day-first
/// deals: three times as long to load before).
#[derive(Debug, Default, Clone)]
pub struct DateCells {
    /// Per row: a day (≥ 0), [`EMPTY_DATE`], or `-(n + 1)`: text `n` of `others`.
    cells: Vec<i32>,
    /// The distinct texts of the cells not read yet, in the order first met.
    others: Interner,
    recent: RecentDays,
}

const EMPTY_DATE: i32 = i32::MIN;

/// The codes (see [`DateCells::cells`]) of the cells of up to 16 bytes
/// (`2024-03-05`, `19/05/2023`, `5/19/2023`) read lately, by their bytes: a
/// column holds a few hundred distinct dates, so most of its cells are
/// found here, their digits not read and their day not worked out again.
/// Direct-mapped: a cell's slot holds the last cell with its hash.
#[derive(Debug, Default, Clone)]
struct RecentDays {
    /// Each slot's cell (all its bytes: see [`LabelKey`]) and its code;
    /// empty until the first cell.
    slots: Vec<(LabelKey, i32)>,
}

/// A slot no cell fills: no cell is that long.
const NO_CELL: (LabelKey, i32) = (LabelKey { len: usize::MAX, head: 0, tail: 0 }, EMPTY_DATE);

impl RecentDays {
    const SLOTS: usize = 1024;

    /// The code of a date cell (not empty), its text kept in `others` when
    /// no day can be read from it yet.
    #[inline]
    fn code(&mut self, cell: &str, others: &mut Interner) -> i32 {
        let key = LabelKey::of(cell);
        if !key.is_whole() {
            return code_of(cell, others);
        }
        if self.slots.is_empty() {
            self.slots = vec![NO_CELL; Self::SLOTS];
        }
        let slot = Self::slot(key);
        let (held, code) = self.slots[slot];
        if held == key {
            return code;
        }
        let code = code_of(cell, others);
        self.slots[slot] = (key, code);
        code
    }

    /// The slot of a cell's key.
    fn slot(key: LabelKey) -> usize {
        (key.mixed() >> (64 - Self::SLOTS.trailing_zeros())) as usize
    }
}

/// A cell's day when every date order reads it alike, else `-(n + 1)`,
/// `n` its text's key in `others`.
fn code_of(cell: &str, others: &mut Interner) -> i32 {
    value::order_free_day(cell).unwrap_or_else(|| -(others.intern(cell).0 as i32) - 1)
}

impl DateCells {
    pub fn push(&mut self, cell: &str) {
        let cell = value::trim_cell(cell);
        let code = if cell.is_empty() { EMPTY_DATE } else { self.recent.code(cell, &mut self.others) };
        self.cells.push(code);
    }

    fn of_text(column: &TextColumn) -> DateCells {
        let mut cells = DateCells::default();
        column.iter().for_each(|cell| cells.push(cell));
        cells
    }

    /// Each row's cell: its day, or its text (empty for an empty cell).
    fn iter(&self) -> impl Iterator<Item = Result<Day, &str>> {
        self.cells.iter().map(|code| match *code {
            EMPTY_DATE => Err(""),
            day if day >= 0 => Ok(day),
            other => Err(self.others.text((-other - 1) as u32)),
        })
    }

    /// The distinct texts not read yet, in the order first met.
    fn others(&self) -> impl Iterator<Item = &str> {
        (0..self.others.len() as u32).map(|key| self.others.text(key))
    }
}

/// A number column as read. A cell of plain digits (`152500000`: the
/// common case, which every decimal mark reads alike) is kept as its value;
/// the others (`20.600.000,00`) by their text, each distinct text kept
/// once (a label column of them), until the column's decimal mark is
/// decided from them: each is then weighed and read once, not once per row.
#[derive(Debug, Default, Clone)]
pub struct NumberCells {
    /// Per row: the value, or NaN (an empty cell, or one of `others`).
    values: Vec<f64>,
    /// The texts of the cells not read yet, one code each (never 0, the
    /// empty text), in row order.
    others: LabelColumn,
    /// The row of each of `others`, in row order.
    other_rows: Vec<u32>,
}

impl NumberCells {
    pub fn push(&mut self, cell: &str) {
        let cell = value::trim_cell(cell);
        let value = match value::plain_digits(cell) {
            Some(value) => value,
            None if cell.is_empty() => f64::NAN,
            None => {
                self.others.push(cell);
                self.other_rows.push(self.values.len() as u32);
                f64::NAN
            }
        };
        self.values.push(value);
    }

    fn of_text(column: &TextColumn) -> NumberCells {
        let mut cells = NumberCells::default();
        column.iter().for_each(|cell| cells.push(cell));
        cells
    }

    /// The cells not yet read, with their rows.
    fn others(&self) -> impl Iterator<Item = (usize, &str)> {
        self.other_rows.iter().enumerate().map(|(at, row)| (*row as usize, self.others.get(at)))
    }

    /// The distinct texts not read yet, in the order first met.
    fn distinct_others(&self) -> impl Iterator<Item = &str> {
        (1..self.others.distinct() as u32).map(|code| self.others.label(code))
    }
}

/// Where the free text of a column goes when a dataset is loaded: deal ids
/// and texts of many rows are interned into the dataset's own pools the
/// moment they are read, so no copy of them waits in the table. Its value
/// is its place in [`Pools`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// Deal ids, interned: stage history and activities are joined by them.
    DealKeys,
    /// Deal names, only shown: kept as read (see [`Interner::append`]).
    Texts,
    /// Activity subjects, only shown: kept as read.
    Notes,
}

/// How much of a file is read before the pools' room is projected from it.
const MIN_READ_TO_PROJECT: u64 = 1 << 20;

/// A dataset's pools, lent to the reading of one file, by [`Pool`].
pub struct Pools<'p>(pub [&'p mut Interner; 3]);

impl Pools<'_> {
    /// Interns a batch of cells into `pool`, pushing their keys onto `keys`.
    fn intern_batch<'v>(&mut self, pool: Pool, cells: impl Iterator<Item = &'v str> + Clone, keys: &mut Vec<u32>) {
        let interner = &mut self.0[pool as usize];
        match pool {
            Pool::DealKeys => interner.intern_batch(cells, keys),
            Pool::Texts | Pool::Notes => cells.for_each(|cell| keys.push(interner.append(cell))),
        }
    }

    /// The key of `cell` when no index is asked: one that follows the last
    /// key (see [`Interner::follow`]), a deal id after every id so far (see
    /// [`Interner::push_if_ascending`]), any text kept as read. Keyed here,
    /// a cell is not copied to wait for a batch (a million deal ids and
    /// names: 3 % of loading them).
    fn at_once(&mut self, pool: Pool, cell: &str) -> Option<u32> {
        let interner = &mut self.0[pool as usize];
        interner.follow(cell).or_else(|| match pool {
            Pool::DealKeys => interner.push_if_ascending(cell),
            Pool::Texts | Pool::Notes => Some(interner.append_unfollowed(cell)),
        })
    }

    /// How many keys each pool holds (to forget a file's keys again).
    pub fn lengths(&self) -> [usize; 3] {
        self.0.each_ref().map(|interner| interner.len())
    }

    /// Each pool's keys and bytes of text (see [`Pools::project`]).
    pub fn sizes(&self) -> [(usize, usize); 3] {
        self.0.each_ref().map(|interner| (interner.len(), interner.text_len()))
    }

    /// Makes room in each pool for what the whole file will likely add,
    /// projected from what the part read so far (`read` of its `total`
    /// bytes) added since `sizes` were `at_start`, with a twentieth more
    /// (made again only when the projection without it outgrows that room).
    /// A pool grown by doubling copies itself a score of times over a
    /// million rows and leaves each old copy behind, holes that wasm memory
    /// keeps (a million deals' names: 45 MB held, and 45 MB more of holes);
    /// room made and never written is never resident. A projection made
    /// from a part too small to tell is not made.
    pub fn project(&mut self, at_start: [(usize, usize); 3], read: u64, total: u64) {
        if read < MIN_READ_TO_PROJECT || read >= total {
            return;
        }
        let scale = total as f64 / read as f64;
        let projected = |from: usize, now: usize, more: f64| from + ((now - from) as f64 * scale * more) as usize;
        for (interner, (keys, bytes)) in self.0.iter_mut().zip(at_start) {
            let (now_keys, now_bytes) = (interner.len(), interner.text_len());
            if now_keys > keys && !interner.has_room(projected(keys, now_keys, 1.0), projected(bytes, now_bytes, 1.0)) {
                interner.make_room(projected(keys, now_keys, 1.05), projected(bytes, now_bytes, 1.05));
            }
        }
    }

    /// Forgets the keys interned since `lengths` was taken.
    pub fn truncate(&mut self, lengths: [usize; 3]) {
        self.0.iter_mut().zip(lengths).for_each(|(interner, len)| interner.truncate(len));
    }
}

/// The key of an empty cell in a pooled column.
pub const NO_KEY: u32 = u32::MAX;

/// A pooled column as it is read: each cell's key in its pool, the cells
/// of the last rows waiting to be interned together, a batch at a time
/// ([`Interner::intern_batch`]: interned one by one, each cell would wait
/// for a cache miss of its own).
#[derive(Debug, Clone, Default)]
pub struct PooledKeys {
    keys: Vec<u32>,
    /// The waiting cells (trimmed, not empty) and their rows.
    waiting: TextColumn,
    waiting_rows: Vec<u32>,
    batch: Vec<u32>,
}

/// How many cells wait to be interned together: their slots of the index
/// fit in the cache.
const BATCH_CELLS: usize = 1024;

impl PooledKeys {
    fn push(&mut self, pool: Pool, cell: &str, pools: &mut Pools<'_>) {
        let cell = value::trim_cell(cell);
        // With none waiting, the pool's last key is this column's last
        // cell's, and a cell that needs no lookup needs no batch either.
        if let Some(key) = (!cell.is_empty() && self.waiting.is_empty()).then(|| pools.at_once(pool, cell)).flatten() {
            self.keys.push(key);
            return;
        }
        if !cell.is_empty() {
            self.waiting.push(cell);
            self.waiting_rows.push(self.keys.len() as u32);
        }
        self.keys.push(NO_KEY);
        if self.waiting.len() == BATCH_CELLS {
            self.intern_waiting(pool, pools);
        }
    }

    /// Interns the waiting cells and writes their keys.
    fn intern_waiting(&mut self, pool: Pool, pools: &mut Pools<'_>) {
        self.batch.clear();
        pools.intern_batch(pool, self.waiting.iter(), &mut self.batch);
        for (row, key) in self.waiting_rows.iter().zip(&self.batch) {
            self.keys[*row as usize] = *key;
        }
        self.waiting.clear();
        self.waiting_rows.clear();
    }

    /// The keys, every cell interned (see [`RawColumn::intern_waiting`]).
    fn into_keys(self) -> Vec<u32> {
        debug_assert!(self.waiting.is_empty(), "a pooled column's cells are all interned before it is typed");
        self.keys
    }
}

/// A column as read, before typing.
#[derive(Debug, Clone)]
pub enum RawColumn {
    Text(TextColumn),
    Label(LabelColumn),
    Date(DateCells),
    Number(NumberCells),
    /// Keys in a pool ([`Pools`]): the column's text is already there.
    Keys(Pool, PooledKeys),
}

impl RawColumn {
    /// An empty column for a field of this type.
    pub fn for_type(value_type: ValueType) -> RawColumn {
        match value_type {
            ValueType::Label => RawColumn::Label(LabelColumn::default()),
            ValueType::Date => RawColumn::Date(DateCells::default()),
            ValueType::Number => RawColumn::Number(NumberCells::default()),
            _ => RawColumn::Text(TextColumn::default()),
        }
    }

    /// Makes room for `rows` more cells, if memory allows (else the
    /// column grows as it is filled).
    pub fn reserve(&mut self, rows: usize) {
        let _ = match self {
            RawColumn::Text(column) => column.ends.try_reserve(rows),
            RawColumn::Label(column) => column.codes.try_reserve(rows),
            RawColumn::Date(column) => column.cells.try_reserve(rows),
            RawColumn::Number(column) => column.values.try_reserve(rows),
            RawColumn::Keys(_, keys) => keys.keys.try_reserve(rows),
        };
    }

    /// Pushes cells of a batch of rows (one match for the batch, not one
    /// per cell), interning them first when the column is pooled.
    pub fn push_each<'c>(&mut self, cells: impl Iterator<Item = &'c str>, pools: Option<&mut Pools<'_>>) {
        match (self, pools) {
            (RawColumn::Text(column), _) => cells.for_each(|cell| column.push(cell)),
            (RawColumn::Label(column), _) => cells.for_each(|cell| column.push(cell)),
            (RawColumn::Date(column), _) => cells.for_each(|cell| column.push(cell)),
            (RawColumn::Number(column), _) => cells.for_each(|cell| column.push(cell)),
            (RawColumn::Keys(pool, keys), Some(pools)) => cells.for_each(|cell| keys.push(*pool, cell, pools)),
            (RawColumn::Keys(..), None) => {}
        }
    }

    /// Interns a pooled column's waiting cells: once the last row is read.
    pub fn intern_waiting(&mut self, pools: &mut Pools<'_>) {
        if let RawColumn::Keys(pool, keys) = self {
            keys.intern_waiting(*pool, pools);
        }
    }

    /// The column as free text (dates and numbers are typed from text).
    fn into_text(self) -> TextColumn {
        match self {
            RawColumn::Text(column) => column,
            RawColumn::Label(labels) => {
                let mut column = TextColumn::default();
                labels.codes.iter().for_each(|code| column.push(labels.label(*code)));
                column
            }
            // Only a date field's column is read as dates: this is not reached.
            RawColumn::Date(dates) => {
                let mut column = TextColumn::default();
                dates.iter().for_each(|cell| column.push(&cell.map_or_else(str::to_string, value::format_day)));
                column
            }
            // Only a number field's column is read as numbers: not reached.
            RawColumn::Number(numbers) => {
                let mut column = TextColumn::default();
                let mut others = numbers.others().peekable();
                for (row, value) in numbers.values.iter().enumerate() {
                    match others.next_if(|(at, _)| *at == row) {
                        Some((_, text)) => column.push(text),
                        None if value.is_nan() => column.push(""),
                        None => column.push(&FloatText(*value).to_string()),
                    }
                }
                column
            }
            // Only text fields are pooled, and text is never typed: not reached.
            RawColumn::Keys(_, keys) => {
                let mut column = TextColumn::default();
                keys.keys.iter().for_each(|_| column.push(""));
                column
            }
        }
    }
}

/// A column after typing.
#[derive(Debug, Clone)]
pub enum Column {
    Text(TextColumn),
    Label(LabelColumn),
    Date(Vec<OptDay>),
    /// NaN: an empty cell (a cell that reads as NaN is rejected), so a
    /// million amounts take 8 MB, not 16.
    Number(Vec<f64>),
    /// Keys in a dataset's pool ([`NO_KEY`]: an empty cell).
    Keys(Vec<u32>),
}

/// One column of a table, looked up once by field name and then read by
/// row. A field the file does not have reads as empty.
#[derive(Clone, Copy)]
pub enum Col<'t> {
    Missing,
    Text(&'t TextColumn),
    /// The labels and the column's position in the table (a key for
    /// caches of what each label means).
    Label(&'t LabelColumn, usize),
    Date(&'t [OptDay]),
    Number(&'t [f64]),
    Keys(&'t [u32]),
}

impl<'t> Col<'t> {
    /// A cell as text, `None` when empty (dates and numbers have none).
    pub fn text(&self, row: usize) -> Option<&'t str> {
        let cell = match self {
            Col::Text(column) => column.get(row),
            Col::Label(column, _) => column.get(row),
            _ => return None,
        };
        Some(cell).filter(|cell| !cell.is_empty())
    }

    pub fn date(&self, row: usize) -> Option<Day> {
        match self {
            Col::Date(column) => column[row].get(),
            _ => None,
        }
    }

    pub fn number(&self, row: usize) -> Option<f64> {
        match self {
            Col::Number(column) => Some(column[row]).filter(|value| !value.is_nan()),
            _ => None,
        }
    }

    /// A pooled cell's key in its pool, `None` when empty.
    pub fn key(&self, row: usize) -> Option<u32> {
        match self {
            Col::Keys(column) => Some(column[row]).filter(|key| *key != NO_KEY),
            _ => None,
        }
    }
}

/// The locale's answers to the questions a column's data leaves open.
#[derive(Debug, Clone, Copy)]
pub struct LocaleRules {
    pub date_order: DateOrder,
    pub decimal_mark: DecimalMark,
}

/// A mapped, typed file: column per canonical field, row lines, rejections.
pub struct Table {
    pub fields: Vec<(Field, Column)>,
    /// Wide stage history: (stage name, dates).
    pub wide_stages: Vec<(String, Vec<OptDay>)>,
    /// Each row's line in the file (files are at most 512 MB: a line number fits in 32 bits).
    pub lines: Vec<u32>,
    pub rejected: Vec<bool>,
}

impl Table {
    /// The file line of `row`.
    pub fn line(&self, row: usize) -> u64 {
        self.lines[row].into()
    }

    /// The column of a field, to read row by row.
    pub fn col(&self, field: Field) -> Col<'_> {
        let Some(index) = self.fields.iter().position(|(of, _)| *of == field) else { return Col::Missing };
        match &self.fields[index].1 {
            Column::Text(column) => Col::Text(column),
            Column::Label(column) => Col::Label(column, index),
            Column::Date(column) => Col::Date(column),
            Column::Number(column) => Col::Number(column),
            Column::Keys(column) => Col::Keys(column),
        }
    }

    pub fn has(&self, field: Field) -> bool {
        !matches!(self.col(field), Col::Missing)
    }

    pub fn text(&self, field: Field, row: usize) -> Option<&str> {
        self.col(field).text(row)
    }

    pub fn date(&self, field: Field, row: usize) -> Option<Day> {
        self.col(field).date(row)
    }

    pub fn number(&self, field: Field, row: usize) -> Option<f64> {
        self.col(field).number(row)
    }

    pub fn rows(&self) -> usize {
        self.lines.len()
    }
}

/// Raw columns as read, before typing.
pub struct RawTable {
    pub fields: Vec<(&'static FieldSpec, String, RawColumn)>,
    pub wide_stages: Vec<(String, String, TextColumn)>,
    /// Each row's line in the file (files are at most 512 MB: a line number fits in 32 bits).
    pub lines: Vec<u32>,
}

/// Types every column; returns the table, the rejections and the warnings.
/// A row is rejected once, by the first column (in mapping order) that
/// cannot read its cell.
pub fn type_columns(raw: RawTable, locale: LocaleRules) -> (Table, RejectionList, Vec<String>) {
    let rows = raw.lines.len();
    let mut rejected = vec![false; rows];
    // One list per column: each is in row order, so their merge lists the
    // first rejected rows of the file.
    let mut by_column: Vec<RejectionList> = Vec::new();
    let mut warnings = Vec::new();
    let reject = |row: usize, column: &str, reason: String, rejected: &mut Vec<bool>, list: &mut RejectionList| {
        if !rejected[row] {
            rejected[row] = true;
            list.push(Rejection::new(raw.lines[row].into(), column, reason));
        }
    };
    let mut fields = Vec::new();
    for (spec, header, column) in raw.fields {
        let mut list = RejectionList::default();
        let typed = match (spec.value_type, column) {
            (ValueType::Label, RawColumn::Label(labels)) => Column::Label(labels.finish()),
            (_, RawColumn::Keys(_, keys)) => Column::Keys(keys.into_keys()),
            (ValueType::Text | ValueType::Label, column) => Column::Text(column.into_text()),
            (ValueType::Date, column) => {
                let column = match column {
                    RawColumn::Date(dates) => dates,
                    other => DateCells::of_text(&other.into_text()),
                };
                let dates = type_dates(&column, header.as_str(), locale, &mut warnings, |row, reason| {
                    reject(row, &header, reason, &mut rejected, &mut list)
                });
                Column::Date(dates)
            }
            (ValueType::Number, column) => {
                let column = match column {
                    RawColumn::Number(numbers) => numbers,
                    other => NumberCells::of_text(&other.into_text()),
                };
                let numbers = type_numbers(column, &header, spec.field, locale, &mut warnings, |row, reason| {
                    reject(row, &header, reason, &mut rejected, &mut list)
                });
                Column::Number(numbers)
            }
        };
        fields.push((spec.field, typed));
        by_column.push(list);
    }
    let mut wide_stages = Vec::new();
    for (stage, header, column) in raw.wide_stages {
        let mut list = RejectionList::default();
        let dates = type_dates(&DateCells::of_text(&column), &header, locale, &mut warnings, |row, reason| {
            reject(row, &header, reason, &mut rejected, &mut list)
        });
        wide_stages.push((stage, dates));
        by_column.push(list);
    }
    (Table { fields, wide_stages, lines: raw.lines, rejected }, RejectionList::merge(by_column), warnings)
}

fn excerpt(raw: &str) -> String {
    let mut end = raw.len().min(60);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    if end < raw.len() {
        format!("{}…", &raw[..end])
    } else {
        raw.to_string()
    }
}

fn type_dates(
    column: &DateCells,
    header: &str,
    locale: LocaleRules,
    warnings: &mut Vec<String>,
    mut reject: impl FnMut(usize, String),
) -> Vec<OptDay> {
    // Each distinct text is met in the column in the order it was kept:
    // the first that decides the order is the first cell that does.
    let format = value::decide_date_order(column.others(), locale.date_order);
    if format.ambiguous {
        let order = match format.order {
            DateOrder::DayFirst => "day/month (dd/mm/yyyy)",
            DateOrder::MonthFirst => "month/day (mm/dd/yyyy)",
        };
        warnings.push(format!(
            "column \"{header}\": every date fits both day/month and month/day; read as {order} by the locale setting"
        ));
    }
    // Each distinct text read once, on its first row.
    let mut read: Vec<Option<Option<Day>>> = vec![None; column.others.len()];
    column
        .cells
        .iter()
        .enumerate()
        .map(|(row, code)| {
            let key = match *code {
                EMPTY_DATE => return None,
                day if day >= 0 => return Some(day),
                other => (-other - 1) as usize,
            };
            let raw = column.others.text(key as u32);
            let day = *read[key].get_or_insert_with(|| value::parse_date(raw, format.order));
            match day {
                None => {
                    reject(row, format!("not a date: \"{}\"", excerpt(raw)));
                    None
                }
                Some(day) if !value::PLAUSIBLE_DAYS.contains(&day) => {
                    reject(row, format!("date \"{}\" is outside the years 1900–2100", excerpt(raw)));
                    None
                }
                day => day,
            }
        })
        .map(OptDay::from)
        .collect()
}

fn type_numbers(
    column: NumberCells,
    header: &str,
    field: Field,
    locale: LocaleRules,
    warnings: &mut Vec<String>,
    mut reject: impl FnMut(usize, String),
) -> Vec<f64> {
    // Each distinct text is met in the column in the order it was kept:
    // the first that decides the mark is the first cell that does.
    let format = value::decide_decimal_mark(column.distinct_others(), locale.decimal_mark);
    let mark_name = |mark: DecimalMark| match mark {
        DecimalMark::Dot => "a decimal point (1,234.56)",
        DecimalMark::Comma => "a decimal comma (1.234,56)",
    };
    if format.ambiguous {
        warnings.push(format!(
            "column \"{header}\": values like \"1.500\" could use either decimal mark; read with {} by the locale setting",
            mark_name(format.mark)
        ));
    }
    // Each distinct text read once, on its first row.
    let mut read: Vec<Option<Option<f64>>> = vec![None; column.others.distinct()];
    let any_percent_sign = field == Field::Probability && column.distinct_others().any(value::has_percent);
    let NumberCells { mut values, others, other_rows } = column;
    for (at, row) in other_rows.iter().map(|row| *row as usize).enumerate() {
        let code = others.code(at);
        let raw = others.label(code);
        match *read[code as usize].get_or_insert_with(|| value::parse_number(raw, format.mark)) {
            Some(number) => values[row] = number,
            None => {
                let reason = match value::mark_evidence(raw) {
                    value::MarkEvidence::Says(mark) if mark != format.mark => format!(
                        "\"{}\" uses a different decimal mark than the rest of the column, which uses {}",
                        excerpt(raw),
                        mark_name(format.mark)
                    ),
                    _ => format!("expected a number, found \"{}\"", excerpt(raw)),
                };
                reject(row, reason);
            }
        }
    }
    if field == Field::Probability {
        scale_fractional_probabilities(any_percent_sign, &mut values, header, warnings);
    }
    values
}

/// Probabilities written as fractions (0.25) are turned into percent when no
/// value in the column is above 1 and none carries a percent sign.
fn scale_fractional_probabilities(
    any_percent_sign: bool,
    values: &mut [f64],
    header: &str,
    warnings: &mut Vec<String>,
) {
    let all_fractions = values.iter().filter(|v| !v.is_nan()).all(|v| (0.0..=1.0).contains(v));
    let any_fraction = values.iter().any(|v| *v > 0.0 && *v < 1.0);
    if !any_percent_sign && all_fractions && any_fraction {
        values.iter_mut().for_each(|v| *v *= 100.0);
        warnings.push(format!("column \"{header}\": probabilities are fractions of 1; read as percent (×100)"));
    }
}

/// Appending the rows of a later part of a file, read apart (see
/// `ingest::split`): each as if its cells had been pushed here.
#[cfg(not(target_arch = "wasm32"))]
mod appending {
    use super::*;

    impl TextColumn {
        /// Appends the cells of `after`, in order.
        pub(in crate::ingest) fn append(&mut self, after: TextColumn) {
            let base = self.data.len();
            self.data.push_str(&after.data);
            self.ends.extend(after.ends.iter().map(|end| base + end));
        }
    }

    impl LabelColumn {
        /// Appends the cells of `after` (codes of its own), as if pushed here.
        pub(super) fn append(&mut self, after: LabelColumn) {
            let codes: Vec<u32> =
                (0..after.distinct() as u32).map(|code| self.labels.intern(after.label(code)).0).collect();
            self.codes.extend(after.codes.iter().map(|code| codes[*code as usize]));
        }
    }

    impl DateCells {
        /// Appends the cells of `after` (texts of its own), as if pushed here.
        pub(super) fn append(&mut self, after: DateCells) {
            let keys: Vec<i32> = after.others().map(|text| self.others.intern(text).0 as i32).collect();
            self.cells.extend(after.cells.iter().map(|code| match *code {
                EMPTY_DATE => EMPTY_DATE,
                code if code < 0 => -keys[(-code - 1) as usize] - 1,
                day => day,
            }));
        }
    }

    impl NumberCells {
        /// Appends the cells of `after`, as if pushed here.
        pub(super) fn append(&mut self, after: NumberCells) {
            let rows = self.values.len() as u32;
            self.values.extend_from_slice(&after.values);
            self.others.append(after.others);
            self.other_rows.extend(after.other_rows.iter().map(|row| row + rows));
        }
    }

    impl PooledKeys {
        /// Appends the keys of `after`, in pools of its own: `keys_here` gives
        /// each of its keys' key in this column's pool.
        pub(super) fn append(&mut self, after: PooledKeys, keys_here: &[u32]) {
            debug_assert!(self.waiting.is_empty() && after.waiting.is_empty(), "appended once interned");
            self.keys.extend(after.keys.iter().map(|key| keys_here.get(*key as usize).copied().unwrap_or(NO_KEY)));
        }
    }

    impl RawColumn {
        /// Appends the rows of `after`, read from later rows of the same file
        /// (its pooled keys in pools of its own: `keys_here` maps them, by
        /// [`Pool`]), as if pushed here. Both are interned.
        pub(in crate::ingest) fn append(&mut self, after: RawColumn, keys_here: &[Vec<u32>; 3]) {
            match (self, after) {
                (RawColumn::Text(column), RawColumn::Text(after)) => column.append(after),
                (RawColumn::Label(column), RawColumn::Label(after)) => column.append(after),
                (RawColumn::Date(column), RawColumn::Date(after)) => column.append(after),
                (RawColumn::Number(column), RawColumn::Number(after)) => column.append(after),
                (RawColumn::Keys(pool, keys), RawColumn::Keys(_, after)) => {
                    keys.append(after, &keys_here[*pool as usize])
                }
                _ => unreachable!("the parts of a file are read into columns of the same types"),
            }
        }
    }

    impl Pools<'_> {
        /// Interns every key of `parts` (pools a later part of a file was read
        /// into), in key order, as its reading would have: each pool's keys'
        /// keys here.
        pub(in crate::ingest) fn take_keys_of(&mut self, parts: &[Interner; 3]) -> [Vec<u32>; 3] {
            [Pool::DealKeys, Pool::Texts, Pool::Notes].map(|pool| {
                let part = &parts[pool as usize];
                let mut keys = Vec::with_capacity(part.len());
                self.intern_batch(pool, (0..part.len() as u32).map(|key| part.text(key)), &mut keys);
                keys
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::schema::{field_for_header, FileKind};

    fn raw(header: &str, cells: &[&str]) -> RawTable {
        let spec = field_for_header(FileKind::Deals, header).unwrap();
        let mut column = RawColumn::for_type(spec.value_type);
        column.push_each(cells.iter().copied(), None);
        let lines = (2..2 + cells.len() as u32).collect();
        RawTable { fields: vec![(spec, header.to_string(), column)], wide_stages: vec![], lines }
    }

    const EN: LocaleRules = LocaleRules { date_order: DateOrder::MonthFirst, decimal_mark: DecimalMark::Dot };

    /// By hand: a quarter of a file read added 1,000 names of 10 bytes to
    /// the texts after 5 of 9 bytes; room is made for 4,000 names and
    /// 40,000 bytes in all (and a twentieth more), once; a pool the file adds
    /// nothing to, or a part too small to tell, gets none.
    #[test]
    fn pools_make_room_for_the_whole_file_from_the_part_read() {
        let mut interners: [Interner; 3] = Default::default();
        (0..5).for_each(|at| {
            let _ = interners[1].append(&format!("earlier {at}"));
        });
        let [keys, texts, notes] = &mut interners;
        let mut pools = Pools([keys, texts, notes]);
        let at_start = pools.sizes();
        (0..1000).for_each(|at| {
            let _ = pools.0[1].append(&format!("name {at:05}"));
        });
        let (whole_keys, whole_bytes) = (5 + 4000, 45 + 40_000);
        pools.project(at_start, MIN_READ_TO_PROJECT - 1, 4 * MIN_READ_TO_PROJECT);
        assert!(!pools.0[1].has_room(whole_keys, whole_bytes), "too little read to tell");
        pools.project(at_start, MIN_READ_TO_PROJECT, 4 * MIN_READ_TO_PROJECT);
        let room = |pools: &Pools<'_>| (pools.0[1].has_room(4205, 42_045), pools.0[1].has_room(4206, 0));
        assert_eq!(room(&pools), (true, false));
        assert!(!pools.0[0].has_room(1, 1) && !pools.0[2].has_room(1, 1));
        // Half read, within the room made: none is made again.
        (0..1000).for_each(|at| {
            let _ = pools.0[1].append(&format!("more {at:05}."));
        });
        pools.project(at_start, 2 * MIN_READ_TO_PROJECT, 4 * MIN_READ_TO_PROJECT);
        assert_eq!(room(&pools), (true, false));
        assert_eq!((pools.0[1].len(), pools.0[1].text(5), pools.0[1].text(2004)), (2005, "name 00000", "more 00999."));
    }

    /// Two days whose cells share a slot of recent days, read in turns:
    /// each keeps its own day (as read alone).
    #[test]
    fn dates_sharing_a_recent_slot_keep_their_own_days() {
        let month = |at: usize| format!("20{:02}-{:02}-", 20 + at / 12, at % 12 + 1);
        let cells: Vec<String> = (0..120 * 28).map(|at| format!("{}{:02}", month(at / 28), at % 28 + 1)).collect();
        let slot = |cell: &String| RecentDays::slot(LabelKey::of(cell));
        let (a, b) = (0..cells.len())
            .flat_map(|a| (a + 1..cells.len()).map(move |b| (a, b)))
            .find(|(a, b)| slot(&cells[*a]) == slot(&cells[*b]))
            .expect("ten years of days in 1,024 slots: two share one");
        let mut column = DateCells::default();
        [a, b, a, b, b, a].iter().for_each(|at| column.push(&cells[*at]));
        let days: Vec<Day> = column.iter().map(|day| day.unwrap()).collect();
        let (day_a, day_b) = (value::order_free_day(&cells[a]).unwrap(), value::order_free_day(&cells[b]).unwrap());
        assert_ne!(day_a, day_b);
        assert_eq!(days, [day_a, day_b, day_a, day_b, day_b, day_a]);
    }

    /// A pooled column gets the keys of interning its cells one by one,
    /// whether a cell follows the last key (a deal's rows together, deals
    /// in order), is another known id, is new, or is empty; and whether
    /// cells wait in a batch or not.
    #[test]
    fn pooled_keys_are_the_keys_of_one_by_one() {
        let ids: Vec<String> = (0..3_000).map(|n| format!("D-{n}")).collect();
        let mut cells: Vec<&str> = Vec::new();
        for (at, id) in ids.iter().enumerate() {
            let repeats = [1, 3, 0, 2][at % 4];
            cells.extend(std::iter::repeat_n(id.as_str(), repeats));
            match at % 97 {
                0 => cells.push(""),
                1 => cells.push(&ids[(at * 7919) % ids.len()]),
                2 => cells.push(&ids[at.saturating_sub(1)]),
                _ => {}
            }
        }
        let mut known = Interner::default();
        ids[..1_500].iter().for_each(|id| _ = known.intern(id));
        let mut alone = known.clone();
        let expected: Vec<u32> = cells.iter().map(|c| if c.is_empty() { NO_KEY } else { alone.intern(c).0 }).collect();
        let (mut texts, mut notes) = (Interner::default(), Interner::default());
        let mut pools = Pools([&mut known, &mut texts, &mut notes]);
        let mut column = RawColumn::Keys(Pool::DealKeys, PooledKeys::default());
        column.push_each(cells.iter().copied(), Some(&mut pools));
        column.intern_waiting(&mut pools);
        let RawColumn::Keys(_, keys) = column else { unreachable!() };
        assert_eq!(keys.into_keys(), expected);
        assert_eq!(known.len(), alone.len());
    }

    #[test]
    fn mixed_decimal_marks_reject_the_first_conflicting_row() {
        let (table, rejections, _) = type_columns(raw("Amount", &["5.25", "7", "5,25"]), EN);
        let rejections = rejections.listed;
        assert_eq!(table.number(Field::Amount, 0), Some(5.25));
        assert_eq!(table.number(Field::Amount, 2), None);
        assert_eq!(rejections.len(), 1);
        assert_eq!(rejections[0].row, 4);
        assert!(rejections[0].reason.contains("different decimal mark"), "{}", rejections[0].reason);
    }

    /// Year-first cells are kept as days as they are read; the others wait
    /// for the column's order; both land in row order, rejections too.
    #[test]
    fn year_first_cells_and_ordered_cells_mix_in_one_column() {
        let cells = ["2024-03-05", "05/03/2024", "", "1800-01-01", "13/03/2024", "2024-02-30", "2024-03-05 10:30"];
        let (table, rejections, warnings) = type_columns(raw("Close Date", &cells), EN);
        let day = |text| crate::day::parse_iso_day(text);
        let read: Vec<Option<Day>> = (0..cells.len()).map(|row| table.date(Field::CloseDate, row)).collect();
        let march_5 = day("2024-03-05");
        assert_eq!(read, vec![march_5, march_5, None, None, day("2024-03-13"), None, march_5]);
        let reasons: Vec<(u64, &str)> = rejections.listed.iter().map(|r| (r.row, r.reason.as_str())).collect();
        assert_eq!(
            reasons,
            vec![(5, "date \"1800-01-01\" is outside the years 1900–2100"), (7, "not a date: \"2024-02-30\""),]
        );
        assert!(warnings.is_empty(), "13/03 decides day/month: {warnings:?}");
    }

    /// Plain-digit cells are kept as values as they are read; the others
    /// wait for the column's decimal mark, which only they decide; both
    /// land in row order, rejections too.
    #[test]
    fn plain_digit_cells_and_marked_cells_mix_in_one_column() {
        let cells = [" 1500 ", "1.234,5", "", "abc", "12,5", "7", "1234567890123456", "1,5.2"];
        let (table, rejections, warnings) = type_columns(raw("Amount", &cells), EN);
        let read: Vec<Option<f64>> = (0..cells.len()).map(|row| table.number(Field::Amount, row)).collect();
        let big = Some(1_234_567_890_123_456.0);
        assert_eq!(read, vec![Some(1500.0), Some(1234.5), None, None, Some(12.5), Some(7.0), big, None]);
        let rows: Vec<u64> = rejections.listed.iter().map(|r| r.row).collect();
        assert_eq!(rows, vec![5, 9]);
        assert!(rejections.listed[0].reason.contains("\"abc\""), "{:?}", rejections.listed);
        assert!(warnings.is_empty(), "1.234,5 decides the decimal comma: {warnings:?}");
    }

    #[test]
    fn one_day_above_twelve_decides_the_column() {
        let (table, rejections, warnings) = type_columns(raw("Close Date", &["01/02/2024", "31/12/2024"]), EN);
        assert!(rejections.listed.is_empty() && warnings.is_empty());
        assert_eq!(table.date(Field::CloseDate, 0), crate::day::parse_iso_day("2024-02-01"));
    }

    #[test]
    fn ambiguous_columns_warn_and_follow_the_locale() {
        let (table, _, warnings) = type_columns(raw("Close Date", &["01/02/2024"]), EN);
        assert_eq!(table.date(Field::CloseDate, 0), crate::day::parse_iso_day("2024-01-02"));
        assert_eq!(warnings.len(), 1);
        let (table, _, warnings) = type_columns(raw("Amount", &["1.500"]), EN);
        assert_eq!(table.number(Field::Amount, 0), Some(1.5));
        assert!(warnings[0].contains("either decimal mark"));
    }

    #[test]
    fn bad_cells_reject_with_the_raw_text() {
        let (_, rejections, _) = type_columns(raw("Amount", &["12,x", ""]), EN);
        assert_eq!(rejections.listed[0].reason, "expected a number, found \"12,x\"");
        assert_eq!(rejections.listed[0].column, "Amount");
        let (_, rejections, _) = type_columns(raw("Close Date", &["31/02/2024"]), EN);
        assert_eq!(rejections.listed[0].reason, "not a date: \"31/02/2024\"");
    }

    #[test]
    fn label_columns_hold_each_distinct_name_once() {
        let (table, _, _) = type_columns(raw("Owner", &[" Budi ", "", "Sari", "Budi", "budi"]), EN);
        let Col::Label(labels, _) = table.col(Field::Owner) else { panic!("owner is a label column") };
        assert_eq!(labels.distinct(), 4, "empty, Budi, Sari, budi");
        assert_eq!((labels.code(0), labels.code(1), labels.code(3)), (1, 0, 1));
        let cells: Vec<Option<&str>> = (0..5).map(|row| table.text(Field::Owner, row)).collect();
        assert_eq!(cells, [Some("Budi"), None, Some("Sari"), Some("Budi"), Some("budi")]);
    }

    /// Each cell's code is its text's rank of first appearance, whatever
    /// the length (labels of up to 16 bytes are told apart by their key
    /// alone; longer ones with the same length, first and last eight
    /// bytes by their text), with enough labels that slots are shared.
    #[test]
    fn label_codes_are_the_order_of_first_appearance() {
        let mut cells: Vec<String> = Vec::new();
        for len in 0..=40 {
            for middle in [b'a', b'b', b'c'] {
                // Equal but for one byte in the middle.
                let mut cell = vec![b'x'; len];
                if len > 0 {
                    cell[len / 2] = middle;
                }
                cells.push(String::from_utf8(cell).unwrap());
            }
        }
        cells.extend((0..600).map(|n| format!("Rep {n}")));
        let rows: Vec<String> =
            cells.iter().chain(cells.iter().rev()).chain(cells.iter().step_by(7)).cloned().collect();
        let mut column = LabelColumn::default();
        rows.iter().for_each(|cell| column.push(cell));
        let mut first_seen: Vec<&str> = vec![""];
        for (row, cell) in rows.iter().enumerate() {
            let code = first_seen.iter().position(|seen| seen == cell).unwrap_or_else(|| {
                first_seen.push(cell);
                first_seen.len() - 1
            });
            assert_eq!(column.code(row), code as u32, "row {row}: {cell:?}");
            assert_eq!(column.get(row), cell);
        }
    }

    /// Issue 7 defect 6: one year 0024 or 9999 would stretch the selection
    /// over thousands of periods; such dates reject their row, with a reason.
    #[test]
    fn dates_outside_1900_to_2100_are_rejected() {
        let (table, rejections, _) = type_columns(raw("Close Date", &["0024-03-01", "2024-03-01", "9999-12-31"]), EN);
        assert_eq!(table.date(Field::CloseDate, 0), None);
        assert!(table.date(Field::CloseDate, 1).is_some());
        let reasons: Vec<(u64, &str)> = rejections.listed.iter().map(|r| (r.row, r.reason.as_str())).collect();
        assert_eq!(
            reasons,
            [
                (2, "date \"0024-03-01\" is outside the years 1900–2100"),
                (4, "date \"9999-12-31\" is outside the years 1900–2100")
            ]
        );
    }

    #[test]
    fn fractional_probabilities_become_percent() {
        let (table, _, warnings) = type_columns(raw("Probability", &["0.25", "1"]), EN);
        assert_eq!(table.number(Field::Probability, 0), Some(25.0));
        assert_eq!(warnings.len(), 1);
    }
}

/// Property tests (native only: proptest is not built for wasm).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A date cell as exports hold them: mostly ISO days of thirty years
    /// (more distinct days than recent days has slots, so cells share
    /// slots), some impossible or implausible (`2023-02-29`, `0024-…`),
    /// other orders and lengths, padded or empty.
    fn date_cell() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => (1990u32..2020, 1u32..13, 1u32..32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
            1 => (0u32..10_000, 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            1 => (1u32..13, 1u32..29).prop_map(|(m, d)| format!("{d:02}/{m:02}/2024")),
            1 => "[0-9 -]{0,12}",
        ]
    }

    proptest! {
        /// Each cell's day (or text) is what reading it alone gives, whatever
        /// cells came before it.
        #[test]
        fn date_cells_read_as_each_cell_alone(cells in proptest::collection::vec(date_cell(), 1..3000)) {
            let mut column = DateCells::default();
            cells.iter().for_each(|cell| column.push(cell));
            let alone = |cell: &str| {
                let cell = value::trim_cell(cell);
                value::order_free_day(cell).filter(|_| !cell.is_empty()).ok_or(cell.to_string())
            };
            let read: Vec<Result<Day, String>> = column.iter().map(|cell| cell.map_err(str::to_string)).collect();
            prop_assert_eq!(read, cells.iter().map(|cell| alone(cell)).collect::<Vec<_>>());
        }

        /// A date column typed from its distinct texts (each weighed and
        /// read once) gives every row the day, the rejection and the
        /// warning that weighing and reading each row in turn gives.
        #[test]
        fn date_columns_type_as_row_by_row(
            cells in proptest::collection::vec(mixed_date_cell(), 1..400),
            day_first in any::<bool>(),
        ) {
            let order = if day_first { DateOrder::DayFirst } else { DateOrder::MonthFirst };
            let locale = LocaleRules { date_order: order, decimal_mark: DecimalMark::Dot };
            let mut column = DateCells::default();
            cells.iter().for_each(|cell| column.push(cell));
            let (mut warnings, mut rejected) = (Vec::new(), Vec::new());
            let days = type_dates(&column, "Close Date", locale, &mut warnings, |row, reason| rejected.push((row, reason)));
            let days: Vec<Option<Day>> = days.into_iter().map(OptDay::get).collect();
            prop_assert_eq!((days, rejected, warnings.len()), dates_row_by_row(&cells, order));
        }
    }

    proptest! {
        /// A number column typed from its distinct texts (each weighed and
        /// read once) gives every row the value, the rejection and the
        /// warnings that weighing and reading each row in turn gives.
        #[test]
        fn number_columns_type_as_row_by_row(
            mixed in proptest::collection::vec(mixed_number_cell(), 1..300),
            fractions in proptest::collection::vec(fraction_cell(), 1..40),
            comma in any::<bool>(),
            probability in any::<bool>(),
        ) {
            // A probability column of fractions may be scaled to percent.
            let cells = if probability { fractions } else { mixed };
            let mark = if comma { DecimalMark::Comma } else { DecimalMark::Dot };
            let locale = LocaleRules { date_order: DateOrder::DayFirst, decimal_mark: mark };
            let field = if probability { Field::Probability } else { Field::Amount };
            let mut column = NumberCells::default();
            cells.iter().for_each(|cell| column.push(cell));
            let (mut warnings, mut rejected) = (Vec::new(), Vec::new());
            let values = type_numbers(column, "Amount", field, locale, &mut warnings, |row, reason| rejected.push((row, reason)));
            let values: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
            // Each rejection as its row, whether it blames the mark, and the cell it quotes.
            let rejected: Vec<(usize, bool, bool)> = rejected
                .iter()
                .map(|(row, reason)| (*row, reason.contains("different decimal mark"), reason.contains(&excerpt(value::trim_cell(&cells[*row])))))
                .collect();
            let warned = (warnings.iter().any(|w| w.contains("either decimal mark")), warnings.iter().any(|w| w.contains("fractions of 1")));
            prop_assert_eq!((values, rejected, warned, warnings.len()), numbers_row_by_row(&cells, field, mark));
        }
    }

    /// Numbers as exports write them: plain, grouped either way, decimal,
    /// decorated, fractions, percentages, garbage and blanks.
    fn mixed_number_cell() -> impl Strategy<Value = String> {
        prop_oneof![
            2 => (0u64..3_000_000).prop_map(|n| n.to_string()),
            2 => "[0-9]{1,3}([.,][0-9]{3}){0,3}([.,][0-9]{1,2})?",
            1 => "0[.,][0-9]{1,2}",
            1 => "[(]?(Rp|\\$|-)? ?[0-9]{1,3}[.,][0-9]{3}[)%]?",
            1 => "[0-9.,a-z %-]{0,8}",
        ]
    }

    /// Probabilities as fractions of 1, some with a percent sign.
    fn fraction_cell() -> impl Strategy<Value = String> {
        prop_oneof![4 => "0[.,][0-9]{1,2}", 1 => "[01]", 1 => "0[.,][0-9] ?%", 1 => Just(String::new())]
    }

    /// What reading each row in turn gives (the column as typed before its
    /// texts were kept once each): the mark weighed from every row not read
    /// as it was pushed, then each row read; each rejection as its row,
    /// whether it blames the mark, and that it quotes the cell; whether the
    /// mark was left to the locale, whether probabilities were scaled, and
    /// how many warnings.
    #[allow(clippy::type_complexity)]
    fn numbers_row_by_row(
        cells: &[String],
        field: Field,
        locale: DecimalMark,
    ) -> (Vec<String>, Vec<(usize, bool, bool)>, (bool, bool), usize) {
        let cells: Vec<&str> = cells.iter().map(|cell| value::trim_cell(cell)).collect();
        let waiting = |cell: &str| !cell.is_empty() && value::plain_digits(cell).is_none();
        let format = value::decide_decimal_mark(cells.iter().copied().filter(|cell| waiting(cell)), locale);
        let mut values: Vec<f64> = cells.iter().map(|cell| value::plain_digits(cell).unwrap_or(f64::NAN)).collect();
        let mut rejected = Vec::new();
        for (row, cell) in cells.iter().enumerate().filter(|(_, cell)| waiting(cell)) {
            match value::parse_number(cell, format.mark) {
                Some(number) => values[row] = number,
                None => {
                    let blames_mark =
                        matches!(value::mark_evidence(cell), value::MarkEvidence::Says(mark) if mark != format.mark);
                    rejected.push((row, blames_mark, true));
                }
            }
        }
        let mut scaled = Vec::new();
        if field == Field::Probability {
            let any_percent = cells.iter().any(|cell| waiting(cell) && value::has_percent(cell));
            scale_fractional_probabilities(any_percent, &mut values, "Amount", &mut scaled);
        }
        let warned = (format.ambiguous, !scaled.is_empty());
        let warnings = usize::from(warned.0) + usize::from(warned.1);
        (values.iter().map(|v| format!("{v:?}")).collect(), rejected, warned, warnings)
    }

    /// Day-first and month-first cells of one month, some only one order
    /// reads, with ISO days, impossible dates, garbage and blanks between.
    fn mixed_date_cell() -> impl Strategy<Value = String> {
        prop_oneof![
            2 => (1u32..13, 1u32..32).prop_map(|(a, b)| format!("{a:02}/{b:02}/2024")),
            2 => (1u32..13, 1u32..32).prop_map(|(a, b)| format!("{b}/{a}/24")),
            1 => (1u32..13, 1u32..29).prop_map(|(m, d)| format!(" 2024-{m:02}-{d:02}")),
            1 => "[0-9/ a-z]{0,12}",
        ]
    }

    /// The column typed as before its texts were kept once each: the order
    /// weighed from every row not read as it was pushed, then each row read.
    fn dates_row_by_row(cells: &[String], locale: DateOrder) -> (Vec<Option<Day>>, Vec<(usize, String)>, usize) {
        let cells: Vec<&str> = cells.iter().map(|cell| value::trim_cell(cell)).collect();
        let waiting = cells.iter().filter(|cell| !cell.is_empty() && value::order_free_day(cell).is_none());
        let format = value::decide_date_order(waiting.copied(), locale);
        let mut rejected = Vec::new();
        let days = cells.iter().enumerate().map(|(row, cell)| {
            if cell.is_empty() {
                return None;
            }
            if let Some(day) = value::order_free_day(cell) {
                return Some(day);
            }
            let day = value::parse_date(cell, format.order);
            match day {
                None => rejected.push((row, format!("not a date: \"{}\"", excerpt(cell)))),
                Some(day) if !value::PLAUSIBLE_DAYS.contains(&day) => {
                    rejected.push((row, format!("date \"{}\" is outside the years 1900–2100", excerpt(cell))));
                }
                Some(_) => return day,
            }
            None
        });
        let days = days.collect();
        (days, rejected, usize::from(format.ambiguous))
    }
}
