//! Typed tables → the joined [`Dataset`]: one loader per file kind, then the
//! cross-file checks (duplicates, orphans, near-miss names, fallbacks of a
//! deal's region and team to its owner's row).

use super::schema::{Field, FileKind};
use super::table::{Col, Column, Table};
use super::{read_source_reporting, FileSource, InputFile, LoadProgress, ParsedFile, Pools, CHUNK_BYTES};
use crate::blocks::in_blocks;
use crate::config::Config;
use crate::error::Result;
use crate::field::KindField;
use crate::float_text::FloatText;
use crate::hashing::{IdMap, TextMap};
use crate::ingest::value::Day;
use crate::model::*;
use crate::quality::{FileQuality, NearMiss, Orphans, Rejection};
use crate::sorting::{btree_set, sort_stable_by};
use std::collections::BTreeMap;

/// Amounts above this are refused as absurd (a documented rule, README).
pub const MAX_AMOUNT: f64 = 1e12;

/// Reads every file and joins them. The first unusable file is the error.
pub fn load_files(files: &[InputFile], config: &Config) -> Result<Dataset> {
    load_files_reporting(files, config, &mut |_| {})
}

/// As [`load_files`], telling `progress` how far each file's reading has got.
pub fn load_files_reporting(
    files: &[InputFile],
    config: &Config,
    progress: &mut dyn FnMut(&LoadProgress),
) -> Result<Dataset> {
    let sources: Vec<&dyn FileSource> = files.iter().map(|f| f as &dyn FileSource).collect();
    load_sources(&sources, config, progress)
}

/// Reads every file, one at a time, and joins them. A file's bytes are
/// dropped as soon as its rows are typed, before they join the dataset.
pub fn load_sources(
    sources: &[&dyn FileSource],
    config: &Config,
    progress: &mut dyn FnMut(&LoadProgress),
) -> Result<Dataset> {
    let mut loader = Loader {
        data: Dataset::default(),
        config,
        deal_rows: Vec::new(),
        entity_rows: IdMap::default(),
        labels: LabelMemo::default(),
        label_syms: Vec::new(),
        codes: CodeMemos::default(),
        terms_index: IdMap::default(),
        recent_terms: [u32::MAX; RECENT_TERMS],
    };
    for (index, source) in sources.iter().enumerate() {
        let data = &mut loader.data;
        let mut pools = Pools([&mut data.deal_keys.ids, &mut data.texts, &mut data.notes]);
        let parsed = read_source_reporting(*source, config, Some(&mut pools), progress)?;
        match copy_of(*source, &sources[..index])? {
            Some(earlier) => loader.set_aside_copy(parsed, earlier),
            None => loader.add(parsed),
        }
    }
    let mut data = loader.data;
    link(&mut data);
    forget_indexes(&mut data);
    Ok(data)
}

/// The earlier file with exactly the bytes of `file`, if any (only files
/// of the same size are read again, chunk by chunk, to compare).
fn copy_of<'s>(file: &dyn FileSource, earlier: &[&'s dyn FileSource]) -> Result<Option<&'s str>> {
    for source in earlier.iter().filter(|s| s.size() == file.size()) {
        if same_bytes(file, *source)? {
            return Ok(Some(source.name()));
        }
    }
    Ok(None)
}

fn same_bytes(a: &dyn FileSource, b: &dyn FileSource) -> Result<bool> {
    let mut offset = 0;
    while offset < a.size() {
        let piece = a.read_at(offset, CHUNK_BYTES)?;
        if piece.is_empty() {
            break;
        }
        let mut compared = 0;
        while compared < piece.len() {
            let other = b.read_at(offset + compared as u64, piece.len() - compared)?;
            if other.is_empty() || *other != piece[compared..compared + other.len()] {
                return Ok(false);
            }
            compared += other.len();
        }
        offset += piece.len() as u64;
    }
    Ok(true)
}

const NO_DEAL: u32 = u32::MAX;

/// Slots of [`Loader::recent_terms`].
const RECENT_TERMS: usize = 64;

struct Loader<'c> {
    data: Dataset,
    config: &'c Config,
    /// Deal key (as index) → the position in `data.deals` of the deal
    /// kept with that id (`NO_DEAL`: none yet).
    deal_rows: Vec<u32>,
    /// (kind, name) → (file, line) of the row kept, for duplicate checks.
    entity_rows: IdMap<(FileKind, Sym), (String, u64)>,
    labels: LabelMemo,
    /// Per column of the file being loaded: each label's name, once met.
    label_syms: Vec<Vec<Option<Option<Sym>>>>,
    /// Per label column of the file being loaded: what each label means.
    codes: CodeMemos,
    /// Each distinct set of deal terms (by [`DealTerms::key`]) → its index
    /// in `data.deal_terms`.
    terms_index: IdMap<(u64, u64, Option<Sym>), u32>,
    /// The index of the terms met last in each slot (by a hash of their
    /// key): a file holds a few dozen sets of terms, found here with no
    /// lookup in `terms_index`.
    recent_terms: [u32; RECENT_TERMS],
}

/// What a label (a stage, a status, an activity type) means, worked out
/// once per distinct label: a column holds few distinct labels.
#[derive(Default)]
struct LabelMemo {
    statuses: Memo<Option<Outcome>>,
    stages: Memo<Outcome>,
    activity_kinds: Memo<ActivityKind>,
    done_statuses: Memo<bool>,
    lead_statuses: Memo<LeadStatus>,
    forecast_categories: Memo<Option<ForecastCategory>>,
}

/// Labels and what they mean, the first [`MEMO_LABELS`] met: searched in
/// order (a hash map per meaning would compile its own code), and bounded,
/// so that a column of thousands of distinct labels costs a bounded search
/// per row, then the work it saves.
type Memo<T> = Vec<(Box<str>, T)>;

const MEMO_LABELS: usize = 64;

/// What each label of a label column means, by its code, worked out once
/// per file (each meaning is read from one column of a file): a million
/// rows then read it with no text and no hashing, as [`Loader::sym`] reads
/// names.
#[derive(Default)]
struct CodeMemos {
    statuses: Vec<Option<Option<Outcome>>>,
    stages: Vec<Option<Option<Outcome>>>,
    forecast_categories: Vec<Option<Option<ForecastCategory>>>,
    activity_kinds: Vec<Option<ActivityKind>>,
    done_statuses: Vec<Option<bool>>,
    lead_statuses: Vec<Option<Option<LeadStatus>>>,
}

/// `work_out` of a cell's text (`None`: empty), remembered in `known` by
/// label code when the column is a label column.
fn by_code<T: Copy>(
    known: &mut Vec<Option<T>>,
    col: Col<'_>,
    row: usize,
    work_out: impl FnOnce(Option<&str>) -> T,
) -> T {
    let Col::Label(labels, _) = col else {
        return work_out(col.text(row));
    };
    let code = labels.code(row) as usize;
    if known.len() < labels.distinct() {
        known.resize(labels.distinct(), None);
    }
    if let Some(value) = known[code] {
        return value;
    }
    let value = work_out(col.text(row));
    known[code] = Some(value);
    value
}

fn memo<T: Copy>(cache: &mut Memo<T>, label: &str, work_out: impl FnOnce(&str) -> T) -> T {
    if let Some((_, known)) = cache.iter().find(|(known, _)| **known == *label) {
        return *known;
    }
    let value = work_out(label);
    if cache.len() < MEMO_LABELS {
        cache.push((label.into(), value));
    }
    value
}

/// What a loader says about one row.
type RowResult = std::result::Result<(), Rejection>;

/// The columns a deals file is read from, looked up once per file.
struct DealCols<'t> {
    deal_id: Col<'t>,
    deal_name: Col<'t>,
    account: Col<'t>,
    owner: Col<'t>,
    stage: Col<'t>,
    status: Col<'t>,
    amount: Col<'t>,
    currency: Col<'t>,
    created_date: Col<'t>,
    close_date: Col<'t>,
    lost_date: Col<'t>,
    expected_close_date: Col<'t>,
    region: Col<'t>,
    product: Col<'t>,
    lead_source: Col<'t>,
    deal_type: Col<'t>,
    probability: Col<'t>,
    contract_start: Col<'t>,
    contract_end: Col<'t>,
    term_months: Col<'t>,
    stage_entered_date: Col<'t>,
    owner_id: Col<'t>,
    account_id: Col<'t>,
    is_closed: Col<'t>,
    is_won: Col<'t>,
    forecast_category: Col<'t>,
}

impl<'t> DealCols<'t> {
    fn new(table: &'t Table) -> Self {
        DealCols {
            deal_id: table.col(Field::DealId),
            deal_name: table.col(Field::DealName),
            account: table.col(Field::Account),
            owner: table.col(Field::Owner),
            stage: table.col(Field::Stage),
            status: table.col(Field::Status),
            amount: table.col(Field::Amount),
            currency: table.col(Field::Currency),
            created_date: table.col(Field::CreatedDate),
            close_date: table.col(Field::CloseDate),
            lost_date: table.col(Field::LostDate),
            expected_close_date: table.col(Field::ExpectedCloseDate),
            region: table.col(Field::Region),
            product: table.col(Field::Product),
            lead_source: table.col(Field::LeadSource),
            deal_type: table.col(Field::Type),
            probability: table.col(Field::Probability),
            contract_start: table.col(Field::ContractStart),
            contract_end: table.col(Field::ContractEnd),
            term_months: table.col(Field::TermMonths),
            stage_entered_date: table.col(Field::StageEnteredDate),
            owner_id: table.col(Field::OwnerId),
            account_id: table.col(Field::AccountId),
            is_closed: table.col(Field::IsClosed),
            is_won: table.col(Field::IsWon),
            forecast_category: table.col(Field::ForecastCategory),
        }
    }
}

/// The columns an activities file is read from.
struct ActivityCols<'t> {
    owner: Col<'t>,
    owner_id: Col<'t>,
    kind: Col<'t>,
    status: Col<'t>,
    created_date: Col<'t>,
    due_date: Col<'t>,
    completed_date: Col<'t>,
    deal_id: Col<'t>,
    subject: Col<'t>,
}

impl<'t> ActivityCols<'t> {
    fn new(table: &'t Table) -> Self {
        ActivityCols {
            owner: table.col(Field::Owner),
            owner_id: table.col(Field::OwnerId),
            kind: table.col(Field::Type),
            status: table.col(Field::Status),
            created_date: table.col(Field::CreatedDate),
            due_date: table.col(Field::DueDate),
            completed_date: table.col(Field::CompletedDate),
            deal_id: table.col(Field::DealId),
            subject: table.col(Field::Subject),
        }
    }
}

/// The columns of a leads file.
struct LeadCols<'t> {
    created_date: Col<'t>,
    owner: Col<'t>,
    owner_id: Col<'t>,
    status: Col<'t>,
    converted: Col<'t>,
    converted_date: Col<'t>,
    converted_deal_id: Col<'t>,
}

impl<'t> LeadCols<'t> {
    fn new(table: &'t Table) -> Self {
        LeadCols {
            created_date: table.col(Field::CreatedDate),
            owner: table.col(Field::Owner),
            owner_id: table.col(Field::OwnerId),
            status: table.col(Field::Status),
            converted: table.col(Field::Converted),
            converted_date: table.col(Field::ConvertedDate),
            converted_deal_id: table.col(Field::ConvertedDealId),
        }
    }
}

/// What a lead status says: converted ("Closed - Converted", "Qualified
/// and converted", "Terkonversi"), or closed without converting
/// ("Closed - Not Converted", "Disqualified", "Unqualified", "Junk").
#[derive(Debug, Clone, Copy, PartialEq)]
struct LeadStatus {
    converted: bool,
    closed: bool,
}

impl LeadStatus {
    fn of_label(label: &str) -> LeadStatus {
        let text = fold(label);
        let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
        let refused = has(&["not converted", "unconverted", "tidak terkonversi", "belum terkonversi"]);
        let converted = !refused && has(&["converted", "terkonversi", "dikonversi"]);
        let closed = refused
            || has(&[
                "disqualif",
                "unqualif",
                "junk",
                "closed",
                "lost",
                "ditolak",
                "gugur",
                "diskualifikasi",
                "ditutup",
            ]);
        LeadStatus { converted, closed: closed && !converted }
    }
}

impl Loader<'_> {
    fn add(&mut self, parsed: ParsedFile) {
        let ParsedFile { kind, table, mut quality } = parsed;
        let file_index = self.data.file_names.len() as u16;
        self.data.file_names.push(quality.name.clone());
        self.data.present.insert(KindField::any(kind));
        for field in quality.mapping.keys().filter_map(|name| Field::from_name(name)) {
            self.data.present.insert(KindField::of(kind, field));
        }
        if !table.wide_stages.is_empty() {
            self.data.present.insert(KindField::of(FileKind::StageHistory, Field::EnteredDate));
        }
        self.label_syms = table
            .fields
            .iter()
            .map(|(_, column)| match column {
                // Code 0, the empty cell, names no one.
                Column::Label(labels) => std::iter::once(Some(None)).chain(vec![None; labels.distinct() - 1]).collect(),
                _ => Vec::new(),
            })
            .collect();
        self.codes = CodeMemos::default();
        let file = quality.name.clone();
        let table = &table;
        // Rows are added in bulk: reserving up front spares the growing
        // vector's copies (in wasm, memory once grown is never returned).
        let rows = table.rows();
        match kind {
            FileKind::Deals => {
                self.note_id_columns(&quality, file_index);
                self.data.deals.reserve(rows);
                let first = self.data.deals.len();
                let cols = DealCols::new(table);
                self.each_row(table, &mut quality, |loader, row, quality| {
                    loader.deal(table, &cols, row, &file, file_index)?;
                    flag_incomplete_deal(loader.data.deals.last(), quality);
                    Ok(())
                });
                warn_if_migrated(&self.data.deals[first..], &mut quality);
            }
            FileKind::Accounts => {
                self.each_row(table, &mut quality, |loader, row, _| loader.account(table, row, &file))
            }
            FileKind::Reps => self.each_row(table, &mut quality, |loader, row, _| loader.rep(table, row, &file)),
            FileKind::Products => {
                self.each_row(table, &mut quality, |loader, row, _| loader.product(table, row, &file))
            }
            FileKind::Activities => {
                self.data.activities.reserve(rows);
                let first = self.data.activities.len();
                let cols = ActivityCols::new(table);
                self.each_row(table, &mut quality, |loader, row, _| loader.activity(&cols, row));
                if matches!(cols.owner, Col::Missing) && !matches!(cols.owner_id, Col::Missing) {
                    self.data.owner_id_activities.push(first..self.data.activities.len());
                    self.data.present.insert(KindField::of(FileKind::Activities, Field::Owner));
                }
            }
            FileKind::StageHistory => {
                self.data.stage_history.reserve(rows);
                let (deal_id, entered, stage) =
                    (table.col(Field::DealId), table.col(Field::EnteredDate), table.col(Field::Stage));
                self.each_row(table, &mut quality, |loader, row, _| {
                    loader.stage_entry(table.line(row), deal_id.key(row), entered.date(row), stage, row)
                });
            }
            FileKind::Targets => self.each_row(table, &mut quality, |loader, row, _| loader.target(table, row)),
            FileKind::Leads => {
                self.note_owner_ids(&quality, file_index, FileKind::Leads);
                self.data.leads.reserve(rows);
                let cols = LeadCols::new(table);
                self.each_row(table, &mut quality, |loader, row, _| {
                    loader.lead(&cols, table.line(row), row, file_index)
                });
            }
            FileKind::Unknown => {}
        }
        sort_stable_by(&mut quality.rejected, |a, b| a.row.cmp(&b.row));
        self.data.quality.files.push(quality);
    }

    /// A leads file with owner ids and no names: its leads are resolved once
    /// every file is read, as deals are; meanwhile the owner counts as present.
    fn note_owner_ids(&mut self, quality: &FileQuality, file_index: u16, kind: FileKind) {
        let mapped = |field: Field| quality.mapping.contains_key(field.name());
        if !mapped(Field::Owner) && mapped(Field::OwnerId) {
            self.data.owner_id_files.push(file_index);
            self.data.present.insert(KindField::of(kind, Field::Owner));
        }
    }

    /// A deals file with owner or account ids and no names: its deals are
    /// resolved once every file is read; meanwhile the fields count as present.
    fn note_id_columns(&mut self, quality: &FileQuality, file_index: u16) {
        let mapped = |field: Field| quality.mapping.contains_key(field.name());
        if !mapped(Field::Owner) && mapped(Field::OwnerId) {
            self.data.owner_id_files.push(file_index);
            self.data.present.insert(KindField::of(FileKind::Deals, Field::Owner));
        }
        if !mapped(Field::Account) && mapped(Field::AccountId) {
            self.data.account_id_files.push(file_index);
            self.data.present.insert(KindField::of(FileKind::Deals, Field::Account));
        }
    }

    /// A file with the same bytes as one already loaded (the same export
    /// dropped twice under two names) would count every row twice: its
    /// rows are skipped, and the file says why.
    fn set_aside_copy(&mut self, parsed: ParsedFile, original: &str) {
        let mut quality = parsed.quality;
        quality.rows_skipped = quality.rows_read;
        quality.rows_rejected = 0;
        quality.rejected.clear();
        quality
            .warnings
            .push(format!("same content as {original}: its rows are not counted again (each would count twice)"));
        self.data.file_names.push(quality.name.clone());
        self.data
            .quality
            .warnings
            .push(format!("{} has the same content as {original}; it is not counted twice", quality.name));
        self.data.quality.files.push(quality);
    }

    /// Loads every row the reader kept; each is used or rejected.
    fn each_row(
        &mut self,
        table: &Table,
        quality: &mut FileQuality,
        mut load: impl FnMut(&mut Self, usize, &mut FileQuality) -> RowResult,
    ) {
        in_blocks(table.rows(), &mut |block| {
            for row in block.filter(|row| !table.rejected[*row]) {
                match load(self, row, quality) {
                    Ok(()) => quality.rows_used += 1,
                    Err(rejection) => quality.reject(rejection),
                }
            }
        });
    }

    /// The owner's name, or with no owner column its record id (resolved
    /// to a name once every file is read).
    fn owner_sym(&mut self, owner: Col<'_>, owner_id: Col<'_>, row: usize) -> Option<Sym> {
        match owner {
            Col::Missing => self.id_sym(owner_id, row),
            _ => self.sym(owner, row),
        }
    }

    /// A record id standing in for a name, interned by its join key.
    fn id_sym(&mut self, col: Col<'_>, row: usize) -> Option<Sym> {
        let id = col.text(row).filter(|id| !id.trim().is_empty())?;
        Some(self.data.names.intern(&record_id_key(id)))
    }

    /// A cell's name, interned; a label column interns each label once.
    /// Inlined: a deal reads eight names, and most are a label already met.
    #[inline(always)]
    fn sym(&mut self, col: Col<'_>, row: usize) -> Option<Sym> {
        match col {
            Col::Label(labels, slot) => {
                let code = labels.code(row);
                if let Some(known) = self.label_syms[slot].get(code as usize).copied().flatten() {
                    return known;
                }
            }
            Col::Missing => return None,
            _ => {}
        }
        self.sym_first_met(col, row)
    }

    /// A name not yet met in its column (or in a column of free text).
    #[cold]
    #[inline(never)]
    fn sym_first_met(&mut self, col: Col<'_>, row: usize) -> Option<Sym> {
        let Col::Label(labels, slot) = col else {
            return self.data.names.intern_opt(col.text(row));
        };
        let code = labels.code(row);
        if code == 0 {
            return None;
        }
        let sym = self.data.names.intern_opt(Some(labels.label(code)));
        self.label_syms[slot][code as usize] = Some(sym);
        sym
    }

    fn money(col: Col<'_>, field: Field, line: u64, row: usize) -> std::result::Result<Option<Money>, Rejection> {
        let Some(value) = col.number(row) else {
            return Ok(None);
        };
        if value < 0.0 {
            return Err(Rejection::new(
                line,
                field.name(),
                format!("negative amount {}: amounts must be zero or more", FloatText(value)),
            ));
        }
        if value > MAX_AMOUNT {
            return Err(Rejection::new(
                line,
                field.name(),
                format!("amount {} is over the limit of 1 trillion", FloatText(value)),
            ));
        }
        Ok(Some(money_from_f64(value)))
    }

    fn outcome(&mut self, stage: Col<'_>, status: Col<'_>, row: usize) -> Option<Outcome> {
        let (codes, labels) = (&mut self.codes, &mut self.labels);
        let by_status = by_code(&mut codes.statuses, status, row, |status| {
            status.and_then(|s| memo(&mut labels.statuses, s, outcome_of_status))
        });
        if by_status.is_some() {
            return by_status;
        }
        let stage_outcomes = &self.config.stage_outcomes;
        by_code(&mut codes.stages, stage, row, |stage| {
            Some(memo(&mut labels.stages, stage?, |stage| {
                let configured = stage_outcomes.iter().find(|(name, _)| fold(name) == fold(stage));
                configured.map(|(_, outcome)| *outcome).unwrap_or_else(|| outcome_of_stage(stage))
            }))
        })
    }

    /// The index of `terms` in the dataset's list, added if new.
    fn terms_at(&mut self, terms: DealTerms) -> u32 {
        let key = terms.key();
        let mixed = (key.0 ^ key.1.rotate_left(21) ^ u64::from(key.2.map_or(0, |sym| sym.index() as u32 + 1)))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let slot = (mixed >> (64 - RECENT_TERMS.trailing_zeros())) as usize;
        let recent = self.recent_terms[slot];
        if self.data.deal_terms.get(recent as usize).is_some_and(|held| held.key() == key) {
            return recent;
        }
        let next = self.data.deal_terms.len() as u32;
        let at = *self.terms_index.entry(key).or_insert(next);
        if at == next {
            self.data.deal_terms.push(terms);
        }
        self.recent_terms[slot] = at;
        at
    }

    fn check_duplicate(&mut self, kind: FileKind, name: Sym, file: &str, line: u64, column: Field) -> RowResult {
        if let Some((first_file, first_line)) = self.entity_rows.get(&(kind, name)) {
            return Err(Rejection::new(
                line,
                column.name(),
                format!(
                    "duplicate {} \"{}\", first seen in {first_file} line {first_line}",
                    kind.name().trim_end_matches('s'),
                    self.data.name(name)
                ),
            ));
        }
        self.entity_rows.insert((kind, name), (file.to_string(), line));
        Ok(())
    }

    fn deal(&mut self, table: &Table, c: &DealCols<'_>, row: usize, file: &str, file_index: u16) -> RowResult {
        let line = table.line(row);
        let amount = Self::money(c.amount, Field::Amount, line, row)?;
        let probability = c.probability.number(row);
        if let Some(percent) = probability.filter(|p| !(0.0..=100.0).contains(p)) {
            return Err(Rejection::new(
                line,
                Field::Probability.name(),
                format!("probability {} is not between 0 and 100 %", FloatText(percent)),
            ));
        }
        let flagged = outcome_of_flags(c.is_closed.text(row), c.is_won.text(row));
        let outcome = flagged.or_else(|| self.outcome(c.stage, c.status, row)).ok_or_else(|| {
            Rejection::new(line, Field::Stage.name(), "neither a stage nor a recognised status (open, won, lost)")
        })?;
        let mut key = c.deal_id.key(row);
        if let Some(key) = key {
            let index = key as usize;
            if self.deal_rows.len() <= index {
                // Every id the file names is interned by now: room for all at once.
                self.deal_rows.resize(self.data.deal_keys.len().max(index + 1), NO_DEAL);
            }
            if let Some(first) = self.data.deals.get(self.deal_rows[index] as usize) {
                self.data.quality.counts.duplicate_deal_ids += 1;
                let (first_file, first_line) = (&self.data.file_names[usize::from(first.file)], first.line);
                let id = self.data.deal_keys.id(key);
                return Err(Rejection::new(line, Field::DealId.name(), format!("duplicate deal id \"{id}\", first seen in {first_file} line {first_line}; this row is not counted")));
            }
            // The deal is pushed below: no check after this one rejects it.
            self.deal_rows[index] = self.data.deals.len() as u32;
        }
        let close_date = c.close_date.date(row);
        let (closed, expected_close) = match outcome {
            Outcome::Open => (None, close_date.or(c.expected_close_date.date(row))),
            Outcome::Lost => (close_date.or(c.lost_date.date(row)), None),
            Outcome::Won => (close_date, None),
        };
        if !table.wide_stages.is_empty() {
            let deal = *key.get_or_insert_with(|| self.data.deal_keys.intern(&format!("{file}:{line}")));
            for (stage, dates) in &table.wide_stages {
                if let Some(entered) = dates[row].get() {
                    let stage = self.data.names.intern(stage);
                    self.data.stage_history.push(StageEntry { deal, stage, entered });
                }
            }
        }
        let stage = self.sym(c.stage, row).or_else(|| self.sym(c.status, row));
        if let (Some(stage), Some(Outcome::Won | Outcome::Lost)) = (stage, flagged) {
            self.data.closed_stages.insert(stage);
        }
        let owner = self.owner_sym(c.owner, c.owner_id, row);
        let account = match c.account {
            Col::Missing => self.id_sym(c.account_id, row),
            _ => self.sym(c.account, row),
        };
        let terms = DealTerms {
            probability: probability.into(),
            term_years: term_years(c, row),
            currency: self.sym(c.currency, row),
        };
        let deal = Deal {
            id: key.into(),
            name: c.deal_name.key(row).into(),
            account,
            owner,
            stage,
            outcome,
            amount: amount.into(),
            created: c.created_date.date(row).into(),
            closed: closed.into(),
            expected_close: expected_close.into(),
            region: self.sym(c.region, row),
            product: self.sym(c.product, row),
            lead_source: self.sym(c.lead_source, row),
            deal_type: self.sym(c.deal_type, row),
            terms: self.terms_at(terms),
            forecast: by_code(&mut self.codes.forecast_categories, c.forecast_category, row, |label| {
                label.and_then(|label| memo(&mut self.labels.forecast_categories, label, ForecastCategory::from_label))
            }),
            stage_entered: c.stage_entered_date.date(row).into(),
            file: file_index,
            line: line as u32,
        };
        self.data.has_forecast_categories |= deal.forecast.is_some();
        self.data.deals.push(deal);
        Ok(())
    }

    fn required_name(&mut self, table: &Table, field: Field, row: usize) -> std::result::Result<Sym, Rejection> {
        self.sym(table.col(field), row)
            .ok_or_else(|| Rejection::new(table.line(row), field.name(), format!("{field} is empty")))
    }

    /// A users file without a name column: "first last" (HubSpot's owners).
    fn full_name(&mut self, table: &Table, row: usize) -> std::result::Result<Sym, Rejection> {
        let parts =
            [Field::FirstName, Field::LastName].map(|field| table.text(field, row).map(str::trim).unwrap_or(""));
        let name = parts.iter().filter(|part| !part.is_empty()).copied().collect::<Vec<_>>().join(" ");
        self.data
            .names
            .intern_opt(Some(&name))
            .ok_or_else(|| Rejection::new(table.line(row), Field::Rep.name(), "the first and last name are both empty"))
    }

    fn account(&mut self, table: &Table, row: usize, file: &str) -> RowResult {
        let name = self.required_name(table, Field::Account, row)?;
        self.check_duplicate(FileKind::Accounts, name, file, table.line(row), Field::Account)?;
        if let Some(id) = table.text(Field::AccountId, row) {
            self.data.account_by_id.insert(record_id_key(id).into(), name);
        }
        let account = Account {
            name,
            customer_since: table.date(Field::CustomerSince, row),
            churn: table.date(Field::ChurnDate, row),
            referred_by: self.sym(table.col(Field::ReferredBy), row),
            region: self.sym(table.col(Field::Region), row),
            industry: self.sym(table.col(Field::Industry), row),
        };
        self.data.accounts.push(account);
        Ok(())
    }

    fn rep(&mut self, table: &Table, row: usize, file: &str) -> RowResult {
        let name = match table.col(Field::Rep) {
            Col::Missing => self.full_name(table, row)?,
            _ => self.required_name(table, Field::Rep, row)?,
        };
        let line = table.line(row);
        self.check_duplicate(FileKind::Reps, name, file, line, Field::Rep)?;
        if let Some(id) = table.text(Field::RepId, row) {
            self.data.rep_by_id.insert(record_id_key(id).into(), name);
        }
        let rep = Rep {
            name,
            hire: table.date(Field::HireDate, row),
            termination: table.date(Field::TerminationDate, row),
            first_outreach: table.date(Field::FirstOutreachDate, row),
            quota: Self::money(table.col(Field::Quota), Field::Quota, line, row)?,
            team: self.sym(table.col(Field::Team), row),
            manager: self.sym(table.col(Field::Manager), row),
            region: self.sym(table.col(Field::Region), row),
        };
        self.data.reps.push(rep);
        Ok(())
    }

    fn product(&mut self, table: &Table, row: usize, file: &str) -> RowResult {
        let name = self.required_name(table, Field::Product, row)?;
        let line = table.line(row);
        self.check_duplicate(FileKind::Products, name, file, line, Field::Product)?;
        let product = Product {
            name,
            category: self.sym(table.col(Field::Category), row),
            list_price: Self::money(table.col(Field::ListPrice), Field::ListPrice, line, row)?,
        };
        self.data.products.push(product);
        Ok(())
    }

    fn activity(&mut self, c: &ActivityCols<'_>, row: usize) -> RowResult {
        let (codes, labels) = (&mut self.codes, &mut self.labels);
        let kind = by_code(&mut codes.activity_kinds, c.kind, row, |kind| {
            memo(&mut labels.activity_kinds, kind.unwrap_or(""), ActivityKind::from_label)
        });
        let done_status = by_code(&mut codes.done_statuses, c.status, row, |status| {
            status.is_some_and(|status| memo(&mut labels.done_statuses, status, is_done_status))
        });
        let owner = self.owner_sym(c.owner, c.owner_id, row);
        let activity = Activity {
            owner,
            kind,
            created: c.created_date.date(row).into(),
            due: c.due_date.date(row).into(),
            completed: c.completed_date.date(row).into(),
            done_status,
            deal: c.deal_id.key(row).into(),
            subject: c.subject.key(row).into(),
        };
        self.data.activities.push(activity);
        Ok(())
    }

    fn lead(&mut self, c: &LeadCols<'_>, line: u64, row: usize, file: u16) -> RowResult {
        let created = c
            .created_date
            .date(row)
            .ok_or_else(|| Rejection::new(line, Field::CreatedDate.name(), "created date is empty"))?;
        let (codes, labels) = (&mut self.codes, &mut self.labels);
        let status = by_code(&mut codes.lead_statuses, c.status, row, |status| {
            status.map(|s| memo(&mut labels.lead_statuses, s, LeadStatus::of_label))
        });
        let converted_on = c.converted_date.date(row);
        let deal = c.converted_deal_id.key(row);
        let said = status.is_some_and(|s| s.converted) || converted_on.is_some() || deal.is_some();
        let converted = c.converted.text(row).and_then(boolean).unwrap_or(said);
        let owner = self.owner_sym(c.owner, c.owner_id, row);
        let disqualified = !converted && status.is_some_and(|s| s.closed);
        self.data.leads.push(Lead { owner, created, converted, converted_on, deal, disqualified, file });
        Ok(())
    }

    fn stage_entry(
        &mut self,
        line: u64,
        deal: Option<DealKey>,
        entered: Option<Day>,
        stage: Col<'_>,
        row: usize,
    ) -> RowResult {
        let deal = deal.ok_or_else(|| Rejection::new(line, Field::DealId.name(), "deal id is empty"))?;
        let entered =
            entered.ok_or_else(|| Rejection::new(line, Field::EnteredDate.name(), "entered date is empty"))?;
        let stage = self.sym(stage, row).ok_or_else(|| Rejection::new(line, Field::Stage.name(), "stage is empty"))?;
        self.data.stage_history.push(StageEntry { deal, stage, entered });
        Ok(())
    }

    fn target(&mut self, table: &Table, row: usize) -> RowResult {
        let line = table.line(row);
        let kpi = table.text(Field::Kpi, row).ok_or_else(|| Rejection::new(line, Field::Kpi.name(), "kpi is empty"))?;
        let target = table
            .number(Field::Target, row)
            .ok_or_else(|| Rejection::new(line, Field::Target.name(), "target is empty"))?;
        let rep = self.sym(table.col(Field::Rep), row);
        let period = table.text(Field::Period, row).map(str::to_string);
        self.data.targets.push(Target { kpi: crate::lowercase::to_lower(kpi.trim()), period, rep, target });
        Ok(())
    }
}

/// Used deals that some KPIs leave out, listed with their row.
fn flag_incomplete_deal(deal: Option<&Deal>, quality: &mut FileQuality) {
    let Some(deal) = deal else { return };
    let row = u64::from(deal.line);
    let column = |field: Field| quality.mapping.get(field.name()).cloned().unwrap_or_else(|| field.name().to_string());
    let mut flags = Vec::new();
    if deal.created.get().is_none() {
        flags.push((
            column(Field::CreatedDate),
            "no created date: in the pipeline while open, left out of new leads, lead age and cycle times",
        ));
    }
    if deal.account.is_none() {
        flags.push((column(Field::Account), "no account: the deal counts in totals but makes no customer"));
    }
    if deal.owner.is_none() {
        flags.push((column(Field::Owner), "no owner: the deal counts in totals, not per rep"));
    }
    if let (Some(created), Some(closed)) =
        (deal.created.get(), deal.closed.get().filter(|_| deal.outcome != Outcome::Open))
    {
        if closed < created {
            flags.push((
                column(Field::CreatedDate),
                "closed before it was created (the created date looks like an import date): left out of cycle times",
            ));
        }
    }
    if deal.outcome != Outcome::Open && deal.closed.get().is_none() {
        flags
            .push((column(Field::CloseDate), "won or lost without a close date: never open and never won in a period"));
    }
    if deal.forecast == Some(ForecastCategory::Unrecognised) {
        flags.push((
            column(Field::ForecastCategory),
            "forecast category not one of Pipeline, Best Case, Commit, Closed, Omitted: left out of commit and best case",
        ));
    }
    if deal.outcome == Outcome::Won && deal.amount.get().is_none() {
        flags.push((column(Field::Amount), "won without an amount: left out of deal size, ACV, CLV and sums"));
    }
    quality.flag(flags.into_iter().map(|(column, reason)| Rejection::new(row, &column, reason)).collect());
}

/// Salesforce's IsClosed / IsWon: when IsClosed reads as a boolean it
/// decides the outcome (a closed deal is won when IsWon is true), whatever
/// the stage is called.
fn outcome_of_flags(is_closed: Option<&str>, is_won: Option<&str>) -> Option<Outcome> {
    match (is_closed.and_then(boolean)?, is_won.and_then(boolean)) {
        (false, _) => Some(Outcome::Open),
        (true, Some(true)) => Some(Outcome::Won),
        (true, _) => Some(Outcome::Lost),
    }
}

fn boolean(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "true" | "1" | "yes" | "y" | "ya" | "benar" => Some(true),
        "false" | "0" | "no" | "n" | "tidak" | "salah" => Some(false),
        _ => None,
    }
}

/// When most closed deals of a file close before they were created, the
/// created date is most likely the date the records were imported into
/// this CRM (migrated data): the file says so and names the columns that
/// might hold the real one.
fn warn_if_migrated(deals: &[Deal], quality: &mut FileQuality) {
    let dated =
        deals.iter().filter(|d| d.outcome != Outcome::Open).filter_map(|d| Some((d.created.get()?, d.closed.get()?)));
    let (mut both, mut before) = (0u64, 0u64);
    for (created, closed) in dated {
        both += 1;
        before += u64::from(closed < created);
    }
    if before < 2 || before * 2 <= both {
        return;
    }
    let created =
        quality.mapping.get(Field::CreatedDate.name()).cloned().unwrap_or_else(|| Field::CreatedDate.name().into());
    let others: Vec<String> =
        quality.unmapped_columns.iter().filter(|h| looks_like_a_date_header(h)).map(|h| format!("\"{h}\"")).collect();
    let instead = if others.is_empty() {
        "if the file has the original created date in another column, map it as created_date in the settings".into()
    } else {
        format!("map one of its other date columns as created_date in the settings: {}", others.join(", "))
    };
    quality.warnings.push(format!(
        "{before} of {both} closed deals close before they were created: \"{created}\" looks like the date the data was imported (migrated data). Those deals are left out of cycle times; {instead}"
    ));
}

fn looks_like_a_date_header(header: &str) -> bool {
    const WORDS: [&str; 8] = ["date", "tanggal", "tgl", "created", "dibuat", "time", "waktu", "opened"];
    let header = crate::lowercase::to_lower(header);
    WORDS.iter().any(|w| header.contains(w))
}

/// docs/spec.md §3, ACV: term_months / 12, else (end − start) / 365.25, else 1.
fn term_years(c: &DealCols<'_>, row: usize) -> f64 {
    if let Some(months) = c.term_months.number(row).filter(|m| *m > 0.0) {
        return months / 12.0;
    }
    match (c.contract_start.date(row), c.contract_end.date(row)) {
        (Some(start), Some(end)) if end > start => f64::from(end - start) / 365.25,
        _ => 1.0,
    }
}

const WON_WORDS: &[&str] = &["won", "closed won", "closedwon", "win", "menang", "berhasil", "deal won", "closed - won"];
const LOST_WORDS: &[&str] =
    &["lost", "closed lost", "closedlost", "lose", "kalah", "gagal", "deal lost", "closed - lost"];
const OPEN_WORDS: &[&str] = &["open", "active", "in progress", "terbuka", "aktif", "berjalan", "proses"];

/// A status column's value, when recognised.
pub fn outcome_of_status(status: &str) -> Option<Outcome> {
    let status = fold(status);
    if WON_WORDS.contains(&status.as_str()) {
        Some(Outcome::Won)
    } else if LOST_WORDS.contains(&status.as_str()) {
        Some(Outcome::Lost)
    } else if OPEN_WORDS.contains(&status.as_str()) {
        Some(Outcome::Open)
    } else {
        None
    }
}

/// docs/spec.md §2: "Closed Won", "Won", "Menang" → won; "Closed Lost", "Lost",
/// "Kalah" → lost; anything else → open.
pub fn outcome_of_stage(stage: &str) -> Outcome {
    let words: Vec<String> = fold(stage).split(|c: char| !c.is_alphanumeric()).map(str::to_string).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&["won", "menang", "closedwon"]) {
        Outcome::Won
    } else if has(&["lost", "kalah", "closedlost"]) {
        Outcome::Lost
    } else {
        Outcome::Open
    }
}

fn is_done_status(status: &str) -> bool {
    ["done", "completed", "complete", "closed", "selesai", "true", "yes", "ya", "1", "finished"]
        .contains(&fold(status).as_str())
}

/// Cross-file joins and the checks that need all files.
/// Deals that name their owner or account by id get the name from the
/// reps (users) or accounts file with that id; with no such file the id
/// stays as the name and the report says which file would give names.
fn resolve_ids(data: &mut Dataset) {
    let by_file = |files: &[u16], deal: &Deal| files.contains(&deal.file);
    let (mut owners, mut accounts) = ((0u64, 0u64), (0u64, 0u64));
    // Most loads name owners and accounts as they are: no pass over the deals.
    let by_id = !data.owner_id_files.is_empty() || !data.account_id_files.is_empty();
    let deals: &mut [Deal] = if by_id { &mut data.deals } else { &mut [] };
    for deal in deals {
        if let Some(owner) = deal.owner.filter(|_| by_file(&data.owner_id_files, deal)) {
            let name = data.rep_by_id.get(data.names.name(owner)).copied();
            owners.0 += 1;
            owners.1 += u64::from(name.is_some());
            deal.owner = name.or(deal.owner);
        }
        if let Some(account) = deal.account.filter(|_| by_file(&data.account_id_files, deal)) {
            let name = data.account_by_id.get(data.names.name(account)).copied();
            accounts.0 += 1;
            accounts.1 += u64::from(name.is_some());
            deal.account = name.or(deal.account);
        }
    }
    let mut lead_owners = (0u64, 0u64);
    for lead in &mut data.leads {
        if let Some(owner) = lead.owner.filter(|_| data.owner_id_files.contains(&lead.file)) {
            let name = data.rep_by_id.get(data.names.name(owner)).copied();
            lead_owners.0 += 1;
            lead_owners.1 += u64::from(name.is_some());
            lead.owner = name.or(lead.owner);
        }
    }
    let mut activity_owners = (0u64, 0u64);
    for range in std::mem::take(&mut data.owner_id_activities) {
        for activity in &mut data.activities[range] {
            if let Some(owner) = activity.owner {
                let name = data.rep_by_id.get(data.names.name(owner)).copied();
                activity_owners.0 += 1;
                activity_owners.1 += u64::from(name.is_some());
                activity.owner = name.or(activity.owner);
            }
        }
    }
    const USERS: &str = "a users (reps) file with an Id and a Name column, such as Salesforce's User export, HubSpot's owners or Pipedrive's users";
    let checks = [
        (FileKind::Deals, Field::Owner, owners, USERS),
        (FileKind::Leads, Field::Owner, lead_owners, USERS),
        (FileKind::Activities, Field::Owner, activity_owners, USERS),
        (
            FileKind::Deals,
            Field::Account,
            accounts,
            "an accounts file with an Id and a Name column, such as Salesforce's Account export, HubSpot's companies or Pipedrive's organizations",
        ),
    ];
    for (records, what, (by_id, named), file) in checks {
        if by_id > named {
            data.quality.warnings.push(format!(
                "{} of {by_id} {} name their {what} by an id that no loaded file gives a name for: the id is shown instead. Add {file}.",
                by_id - named,
                records.name(),
            ));
        }
    }
}

/// Once every file is read and joined, the indexes that found a deal by its
/// id and a text by its value are no longer asked: dropped, they leave
/// their memory (20 MB at a million deals) to the report. A deal with no id
/// is found later by its `file:line` key (stage history), so then the ids'
/// index stays.
fn forget_indexes(data: &mut Dataset) {
    if data.deals.iter().all(|deal| deal.id.get().is_some()) {
        data.deal_keys.forget_index();
    }
    data.texts.forget_index();
}

fn link(data: &mut Dataset) {
    resolve_ids(data);
    // Each name's rep (by the name's index): looked up per deal by index,
    // with no hashing.
    let mut rep_of_name: Vec<Option<u32>> = vec![None; data.names.count()];
    data.reps.iter().enumerate().for_each(|(at, rep)| rep_of_name[rep.name.index()] = Some(at as u32));
    data.rep_teams = rep_of_name.iter().map(|rep| rep.and_then(|at| data.reps[at as usize].team)).collect();
    if !data.reps.is_empty() {
        for deal in &mut data.deals {
            if let Some(rep) = deal.owner.and_then(|o| rep_of_name[o.index()]).map(|at| &data.reps[at as usize]) {
                deal.region = deal.region.or(rep.region);
            }
        }
    }
    count_special_deals(data);
    // Each check's names are copied out only when the file it refers to was given.
    type Used = fn(&Dataset) -> Vec<Option<Sym>>;
    type Known = fn(&Dataset) -> Vec<Sym>;
    let rep_names: Known = |d| d.reps.iter().map(|r| r.name).collect();
    let checks: [(FileKind, Field, FileKind, Used, Known); 4] = [
        (FileKind::Deals, Field::Owner, FileKind::Reps, |d| d.deals.iter().map(|d| d.owner).collect(), rep_names),
        (
            FileKind::Deals,
            Field::Account,
            FileKind::Accounts,
            |d| d.deals.iter().map(|d| d.account).collect(),
            |d| d.accounts.iter().map(|a| a.name).collect(),
        ),
        (
            FileKind::Deals,
            Field::Product,
            FileKind::Products,
            |d| d.deals.iter().map(|d| d.product).collect(),
            |d| d.products.iter().map(|p| p.name).collect(),
        ),
        (
            FileKind::Activities,
            Field::Owner,
            FileKind::Reps,
            |d| d.activities.iter().map(|a| a.owner).collect(),
            rep_names,
        ),
    ];
    for (file, column, refers_to, used_of, known_of) in checks {
        let known = known_of(data);
        if known.is_empty() {
            continue;
        }
        let used = used_of(data);
        if used.iter().any(Option::is_some) {
            report_orphans(data, file, column, refers_to, &used, &known);
        }
    }
    // Every set of terms kept is some deal's.
    let currencies = btree_set(data.deal_terms.iter().filter_map(|terms| terms.currency).map(|c| data.names.name(c)));
    if currencies.len() > 1 {
        let list: Vec<&str> = currencies.into_iter().collect();
        data.quality.warnings.push(format!(
            "deals are in several currencies ({}); amounts are summed as they are, without conversion",
            list.join(", ")
        ));
    }
}

fn count_special_deals(data: &mut Dataset) {
    let counts = &mut data.quality.counts;
    for deal in &data.deals {
        counts.deals += 1;
        counts.deals_without_created_date += u64::from(deal.created.get().is_none());
        counts.closed_deals_without_close_date +=
            u64::from(deal.outcome != Outcome::Open && deal.closed.get().is_none());
        counts.won_deals_without_amount += u64::from(deal.outcome == Outcome::Won && deal.amount.get().is_none());
        counts.deals_without_owner += u64::from(deal.owner.is_none());
        counts.deals_without_account += u64::from(deal.account.is_none());
        counts.close_before_created +=
            u64::from(matches!((deal.created.get(), deal.closed.get()), (Some(c), Some(d)) if d < c));
    }
}

fn report_orphans(
    data: &mut Dataset,
    kind: FileKind,
    column: Field,
    refers_to: FileKind,
    used: &[Option<Sym>],
    known: &[Sym],
) {
    let (file, refers_to) = (kind.name(), refers_to.name());
    // Marked by the name's index: a million deals' names are each looked
    // up with no hashing.
    let mut is_known = vec![false; data.names.count()];
    known.iter().for_each(|sym| is_known[sym.index()] = true);
    let squashed: TextMap<String, Sym> = known.iter().map(|k| (squash(data.names.name(*k)), *k)).collect();
    let mut missing: BTreeMap<Sym, u64> = BTreeMap::new();
    for sym in used.iter().flatten().filter(|s| !is_known.get(s.index()).copied().unwrap_or(false)) {
        *missing.entry(*sym).or_default() += 1;
    }
    if missing.is_empty() {
        return;
    }
    let mut orphan_rows = 0;
    let mut names = Vec::new();
    for (sym, rows) in &missing {
        let name = data.names.name(*sym).to_string();
        match squashed.get(&squash(&name)) {
            Some(known) => data.quality.near_misses.push(NearMiss {
                field: format!("{file}.{column}"),
                found: name,
                known: data.names.name(*known).to_string(),
                rows: *rows,
            }),
            None => {
                orphan_rows += rows;
                names.push(name);
            }
        }
    }
    for near in data.quality.near_misses.iter().filter(|n| n.field == format!("{file}.{column}")) {
        data.quality.warnings.push(format!(
            "{} rows of {file} name {column} \"{}\", which is not in {refers_to} but looks like \"{}\"; they are not joined. Fix the spelling in one file.",
            near.rows, near.found, near.known
        ));
    }
    if orphan_rows > 0 {
        names.truncate(50);
        data.quality.orphans.push(Orphans {
            file: file.into(),
            column: column.name().into(),
            refers_to: refers_to.into(),
            rows: orphan_rows,
            names,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_and_status_rules() {
        assert_eq!(outcome_of_stage("Closed Won"), Outcome::Won);
        assert_eq!(outcome_of_stage("Menang"), Outcome::Won);
        assert_eq!(outcome_of_stage("Closed Lost"), Outcome::Lost);
        assert_eq!(outcome_of_stage("Kalah"), Outcome::Lost);
        assert_eq!(outcome_of_stage("Negotiation/Review"), Outcome::Open);
        assert_eq!(outcome_of_status("won"), Some(Outcome::Won));
        assert_eq!(outcome_of_status("Terbuka"), Some(Outcome::Open));
        assert_eq!(outcome_of_status("maybe"), None);
    }

    /// Each distinct probability, term and currency is kept once, and each
    /// deal reads its own back (an empty probability stays empty).
    #[test]
    fn deals_share_their_terms() {
        let deals = "Deal ID,Owner,Stage,Amount,Probability,Term Months,Currency,Created Date\n\
            D1,Ana,Open,10,50,24,IDR,2024-01-01\n\
            D2,Ana,Open,10,50,24,IDR,2024-01-01\n\
            D3,Ana,Open,10,20,24,IDR,2024-01-01\n\
            D4,Ana,Open,10,50,24,USD,2024-01-01\n\
            D5,Ana,Open,10,,,IDR,2024-01-01\n\
            D6,Ana,Open,10,50,24,IDR,2024-01-01\n";
        let data = load_files(&[InputFile::new("deals.csv", deals)], &Config::default()).expect("loads");
        let terms: Vec<(Option<f64>, f64, Option<&str>)> = data
            .deals
            .iter()
            .map(|deal| data.deal_terms[deal.terms as usize])
            .map(|t| (t.probability.get(), t.term_years, t.currency.map(|c| data.names.name(c))))
            .collect();
        let idr = |p: Option<f64>, years| (p, years, Some("IDR"));
        assert_eq!(
            terms,
            [
                idr(Some(50.0), 2.0),
                idr(Some(50.0), 2.0),
                idr(Some(20.0), 2.0),
                (Some(50.0), 2.0, Some("USD")),
                idr(None, 1.0),
                idr(Some(50.0), 2.0)
            ]
        );
        assert_eq!(data.deal_terms.len(), 4);
    }

    /// Far more sets of terms than the recent slots hold, met again and
    /// again in turn: each deal still reads its own, each set kept once.
    #[test]
    fn many_terms_in_turn_are_each_kept_once() {
        let mut deals = String::from("Deal ID,Owner,Stage,Amount,Probability,Term Months,Created Date\n");
        let own = |row: usize| ((row % 97) as f64, (1 + row % 3) as f64);
        for row in 0..1_000 {
            let (probability, years) = own(row);
            deals.push_str(&format!("D{row},Ana,Open,10,{probability},{},2024-01-01\n", 12.0 * years));
        }
        let data = load_files(&[InputFile::new("deals.csv", deals)], &Config::default()).expect("loads");
        for (row, deal) in data.deals.iter().enumerate() {
            let terms = data.deal_terms[deal.terms as usize];
            assert_eq!((terms.probability.get().unwrap_or(-1.0), terms.term_years), own(row), "row {row}");
        }
        assert_eq!(data.deal_terms.len(), 97 * 3);
    }

    /// Deal ids and names are interned as they are read; a Windows-1252
    /// file is first read as UTF-8, and the keys of that reading (with
    /// replacement characters) must be forgotten, or the ids of the second
    /// reading would not be the ones stage history joins to.
    #[test]
    fn a_file_read_again_in_another_encoding_leaves_only_its_true_ids() {
        let mut deals = b"Deal ID,Deal Name,Owner,Stage,Amount,Created Date,Close Date\n".to_vec();
        deals.extend_from_slice(b"Caf\xe9-1,Caf\xe9 Bandung,Ana,Won,10,2024-01-01,2024-02-01\n");
        deals.extend_from_slice(b"D-2,Jak\xe9,Ana,Lost,5,2024-01-02,2024-02-03\n");
        let history = "Deal ID,Stage,Entered Date\nCafé-1,Proposal,2024-01-05\nD-2,Proposal,2024-01-06\n";
        let files = [InputFile::new("deals.csv", deals), InputFile::new("stage_history.csv", history)];
        let data = load_files(&files, &Config::default()).expect("loads");
        let ids: Vec<&str> = (0..data.deal_keys.len() as u32).map(|key| data.deal_keys.id(key)).collect();
        assert_eq!(ids, ["Café-1", "D-2"]);
        let names: Vec<&str> = data.deals.iter().map(|deal| data.texts.text(deal.name.get().expect("named"))).collect();
        assert_eq!(names, ["Café Bandung", "Jaké"]);
        assert_eq!(data.texts.len(), 2);
        let joined: Vec<Option<DealKey>> = data.stage_history.iter().map(|entry| Some(entry.deal)).collect();
        assert_eq!(joined, data.deals.iter().map(|deal| deal.id.get()).collect::<Vec<_>>());
    }

    /// Activity subjects are kept as read, a subject repeated on the next
    /// row sharing its key; a file read again in another encoding keeps
    /// only the second reading's subjects.
    #[test]
    fn activity_subjects_are_kept_as_read() {
        let mut activities = b"Owner,Type,Subject,Created Date,Status\n".to_vec();
        activities.extend_from_slice(b"Ana,Call,Caf\xe9 call,2024-01-01,Done\nAna,Call,Caf\xe9 call,2024-01-02,Done\n");
        activities.extend_from_slice(b"Ben,Email,Quote,2024-01-03,Done\nBen,Call,Caf\xe9 call,2024-01-04,Done\n");
        let data = load_files(&[InputFile::new("activities.csv", activities)], &Config::default()).expect("loads");
        let subjects: Vec<&str> =
            data.activities.iter().map(|a| data.notes.text(a.subject.get().expect("set"))).collect();
        assert_eq!(subjects, ["Café call", "Café call", "Quote", "Café call"]);
        assert_eq!(
            data.notes.len(),
            3,
            "the first reading's subjects are forgotten; a repeat on the next row shares a key"
        );
    }

    /// Deal names are only shown, so they are kept as read too: a name
    /// repeated on the next row shares its key, one met again later gets a
    /// new one; each deal shows its own name.
    #[test]
    fn deal_names_are_kept_as_read() {
        let deals = "Deal ID,Deal Name,Owner,Stage,Amount,Created Date,Close Date\n\
            A,Renewal,Ana,Won,10,2024-01-01,2024-02-01\n\
            B,Renewal,Ana,Lost,5,2024-01-02,2024-02-03\n\
            C,New seats,Ben,Won,7,2024-01-03,2024-02-04\n\
            D,Renewal,Ben,Open,3,2024-01-04,\n";
        let data = load_files(&[InputFile::new("deals.csv", deals)], &Config::default()).expect("loads");
        let names: Vec<&str> = data.deals.iter().map(|deal| data.texts.text(deal.name.get().expect("named"))).collect();
        assert_eq!(names, ["Renewal", "Renewal", "New seats", "Renewal"]);
        assert_eq!(data.texts.len(), 3, "a repeat on the next row shares a key; a later one does not");
    }

    /// What a label means is remembered by its code within one file: the
    /// same code names other labels in the next file. Here code 1 is
    /// "Closed Won" and "Pipeline" in the first file, "Closed Lost" and
    /// "Commit" in the second; and in activities, "Call"/"Done", then
    /// "Email"/"Planned".
    #[test]
    fn label_meanings_are_remembered_per_file() {
        let header = "Deal ID,Owner,Stage,Amount,Created Date,Close Date,Forecast Category\n";
        let first = format!("{header}A-1,Ana,Closed Won,10,2024-01-01,2024-02-01,Pipeline\n");
        let second = format!("{header}B-1,Ana,Closed Lost,5,2024-01-02,2024-02-03,Commit\n");
        let activities = [
            "Owner,Type,Status,Created Date\nAna,Call,Done,2024-01-01\n",
            "Owner,Type,Status,Created Date\nAna,Email,Planned,2024-01-02\n",
        ];
        let files = [
            InputFile::new("first.csv", first),
            InputFile::new("second.csv", second),
            InputFile::new("calls.csv", activities[0]),
            InputFile::new("emails.csv", activities[1]),
        ];
        let data = load_files(&files, &Config::default()).expect("loads");
        let deals: Vec<_> = data.deals.iter().map(|deal| (deal.outcome, deal.forecast)).collect();
        assert_eq!(
            deals,
            [(Outcome::Won, Some(ForecastCategory::Pipeline)), (Outcome::Lost, Some(ForecastCategory::Commit))]
        );
        let kinds: Vec<_> = data.activities.iter().map(|a| (a.kind, a.done_status)).collect();
        assert_eq!(kinds, [(ActivityKind::from_label("Call"), true), (ActivityKind::from_label("Email"), false)]);
        assert_ne!(kinds[0].0, kinds[1].0);
    }
}
