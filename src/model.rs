//! The data the KPIs are computed from: plain, compact Rust types. Names
//! (reps, accounts, products, stages, regions…) are interned once as
//! [`Sym`]s; dates are day numbers; money is an exact integer count of
//! 1/10 000 of the currency unit, so sums do not depend on row order.

use crate::blocks::{each_in_blocks, in_blocks};
use crate::day::{Day, PLAUSIBLE_DAYS};
use crate::field::KindField;
use crate::interner::Interner;
use crate::lowercase::{lower_alphanumerics, to_lower};
use crate::quality::Quality;
use crate::sorting::{btree_set, sort_stable_by, DayPlaces};
use serde::Serialize;
use std::collections::BTreeSet;

/// An interned name. It is never zero, so an `Option<Sym>` takes four
/// bytes, not eight: a deal holds seven of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(std::num::NonZeroU32);

impl Sym {
    pub(crate) fn from_index(index: usize) -> Sym {
        let number = u32::try_from(index + 1).expect("fewer than 4 billion names");
        Sym(std::num::NonZeroU32::new(number).expect("index + 1 is not zero"))
    }

    /// The name's position among all interned names (0-based, dense).
    pub(crate) fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

pub use crate::hashing::{IdMap, IdSet, TextMap};

/// Money in 1/10 000 of a unit: exact sums, order-independent.
pub type Money = i64;
pub const MONEY_SCALE: f64 = 10_000.0;

pub fn money_from_f64(value: f64) -> Money {
    round_to_i64(value * MONEY_SCALE)
}

/// `value.round() as i64`, without the call `round` is in wasm (and
/// natively) when `value` is a whole number already, as most amounts are
/// once scaled: converting it gives it back exactly.
pub fn round_to_i64(value: f64) -> i64 {
    let whole = value as i64;
    if whole as f64 == value {
        whole
    } else {
        value.round() as i64
    }
}

pub fn money_to_f64(money: i128) -> f64 {
    money as f64 / MONEY_SCALE
}

/// Join keys: trimmed, inner white space collapsed, case-folded.
pub fn fold(name: &str) -> String {
    to_lower(&name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Near-miss keys: letters and digits only.
pub fn squash(name: &str) -> String {
    lower_alphanumerics(name)
}

/// The key a record id joins on. A Salesforce id has a 15-character,
/// case-sensitive form and an 18-character form that appends a checksum of
/// the case of the first 15: a 15-character id (letters and digits, at least
/// one letter) gets its suffix, so both forms of one record join, and two
/// ids differing only in case stay apart even where names are case-folded.
pub fn record_id_key(id: &str) -> String {
    const SUFFIX: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    let id = id.trim();
    let salesforce_like =
        id.len() == 15 && id.bytes().all(|b| b.is_ascii_alphanumeric()) && id.bytes().any(|b| b.is_ascii_alphabetic());
    if !salesforce_like {
        return id.to_string();
    }
    let mut key = id.to_string();
    for chunk in id.as_bytes().chunks(5) {
        let bits = chunk.iter().enumerate().filter(|(_, b)| b.is_ascii_uppercase()).map(|(i, _)| 1 << i).sum::<usize>();
        key.push(char::from(SUFFIX[bits]));
    }
    key
}

/// A deal id as interned by [`DealKeys`]: stage history and activities
/// name their deal by key, not by a copy of its id.
pub type DealKey = u32;

/// Deal ids, exactly as written (ids are not folded), interned once.
#[derive(Debug, Default, Clone)]
pub struct DealKeys {
    /// Lent to the reading of a file as a pool ([`crate::ingest::Pools`]).
    pub(crate) ids: Interner,
}

impl DealKeys {
    pub fn intern(&mut self, id: &str) -> DealKey {
        self.ids.intern(id).0
    }

    pub fn get(&self, id: &str) -> Option<DealKey> {
        self.ids.get(id)
    }

    pub fn id(&self, key: DealKey) -> &str {
        self.ids.text(key)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Drops the index that finds a key by its id once every file is read
    /// (see [`Interner::forget_index`]): ids are then only shown, not looked up.
    pub fn forget_index(&mut self) {
        self.ids.forget_index();
    }
}

/// Interned names; the first spelling seen is the one shown.
#[derive(Debug, Default, Clone)]
pub struct Names {
    shown: Vec<String>,
    index: TextMap<String, Sym>,
    /// Spellings already met, as written: most cells repeat one exactly,
    /// and need no folding.
    spellings: TextMap<Box<str>, Sym>,
}

impl Names {
    #[inline]
    pub fn intern(&mut self, raw: &str) -> Sym {
        if let Some(sym) = self.spellings.get(raw) {
            return *sym;
        }
        let key = fold(raw);
        let sym = match self.index.get(&key) {
            Some(sym) => *sym,
            None => {
                let sym = Sym::from_index(self.shown.len());
                self.shown.push(raw.split_whitespace().collect::<Vec<_>>().join(" "));
                self.index.insert(key, sym);
                sym
            }
        };
        self.spellings.insert(raw.into(), sym);
        sym
    }

    pub fn intern_opt(&mut self, raw: Option<&str>) -> Option<Sym> {
        raw.filter(|r| !r.trim().is_empty()).map(|r| self.intern(r))
    }

    pub fn lookup(&self, raw: &str) -> Option<Sym> {
        self.index.get(&fold(raw)).copied()
    }

    pub fn name(&self, sym: Sym) -> &str {
        &self.shown[sym.index()]
    }

    /// How many distinct names there are.
    pub fn count(&self) -> usize {
        self.shown.len()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Open,
    Won,
    Lost,
}

impl Outcome {
    /// Each outcome by its name in the JSON.
    pub const NAMED: [(&'static str, Outcome); 3] =
        [("open", Outcome::Open), ("won", Outcome::Won), ("lost", Outcome::Lost)];
}

/// Where a deal is counted in a forecast, as Salesforce's and HubSpot's
/// "Forecast Category" says. Salesforce's "Most Likely" sits between Commit
/// and Best Case and is counted as Best Case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ForecastCategory {
    Pipeline,
    BestCase,
    Commit,
    Closed,
    Omitted,
    /// A value none of the above reads as: flagged, and in no category.
    Unrecognised,
}

/// The spellings of each forecast category (lower case, single spaces):
/// Salesforce's labels and API values, HubSpot's, and Indonesian ones.
const FORECAST_SPELLINGS: &[(ForecastCategory, &[&str])] = &[
    (ForecastCategory::Pipeline, &["pipeline", "open pipeline", "saluran", "saluran penjualan"]),
    (
        ForecastCategory::BestCase,
        &["best case", "bestcase", "most likely", "mostlikely", "kasus terbaik", "terbaik", "paling mungkin"],
    ),
    (ForecastCategory::Commit, &["commit", "forecast", "komit", "komitmen"]),
    (ForecastCategory::Closed, &["closed", "closed won", "ditutup", "tertutup", "ditutup menang"]),
    (
        ForecastCategory::Omitted,
        &["omitted", "omit", "not forecasted", "dihilangkan", "diabaikan", "tidak diprakirakan"],
    ),
];

impl ForecastCategory {
    /// The category a cell names; `None` for an empty cell.
    pub fn from_label(label: &str) -> Option<ForecastCategory> {
        let words = to_lower(&label.split_whitespace().collect::<Vec<_>>().join(" "));
        if words.is_empty() {
            return None;
        }
        let named = FORECAST_SPELLINGS.iter().find(|(_, spellings)| spellings.contains(&words.as_str()));
        Some(named.map_or(ForecastCategory::Unrecognised, |(category, _)| *category))
    }
}

/// A value with one bit pattern no real value takes, which stands for "none".
pub trait Sentinel: Copy {
    const NONE: Self;
    fn is_none(self) -> bool;
}

/// A `Sentinel` impl whose "none" is one value of the type.
macro_rules! sentinel {
    ($(#[$why:meta])* $type:ty = $none:expr) => {
        $(#[$why])*
        impl Sentinel for $type {
            const NONE: $type = $none;
            fn is_none(self) -> bool {
                self == $none
            }
        }
    };
}

sentinel!(
    /// Days count from the year 1: no date is `i32::MIN`.
    Day = Day::MIN
);
sentinel!(
    /// Amounts are 0 to a trillion, in ten-thousandths: at most 10^16, far inside `i64`.
    Money = Money::MIN
);
sentinel!(
    /// Interned keys stay below `u32::MAX`.
    u32 = u32::MAX
);

/// No cell reads as NaN (such a cell is rejected).
impl Sentinel for f64 {
    const NONE: f64 = f64::NAN;
    fn is_none(self) -> bool {
        self.is_nan()
    }
}

/// A value that may be missing, in the value's own size where `Option`
/// would double it: a deal holds seven of them, and a tab may hold a
/// million deals.
#[derive(Debug, Clone, Copy)]
pub struct Maybe<T: Sentinel>(T);

impl<T: Sentinel> Maybe<T> {
    pub const NONE: Maybe<T> = Maybe(T::NONE);

    /// `value` (the sentinel itself reads as none).
    #[cfg(test)]
    pub const fn new(value: T) -> Maybe<T> {
        Maybe(value)
    }

    pub fn get(self) -> Option<T> {
        (!self.0.is_none()).then_some(self.0)
    }
}

/// Two missing values are equal; NaN stands for none, so it is equal to itself here.
impl<T: Sentinel + PartialEq> PartialEq for Maybe<T> {
    fn eq(&self, other: &Maybe<T>) -> bool {
        self.get() == other.get()
    }
}

impl<T: Sentinel> From<Option<T>> for Maybe<T> {
    fn from(value: Option<T>) -> Maybe<T> {
        Maybe(value.unwrap_or(T::NONE))
    }
}

/// A day that may be missing.
pub type OptDay = Maybe<Day>;

/// What a deal was sold on beside its amount. Deals differ little in these
/// (they go by stage, product or country), so each distinct set is kept
/// once, in [`Dataset::deal_terms`], and a deal holds its index: a million
/// deals take 16 MB less than with the three fields in each deal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DealTerms {
    /// In percent, 0–100.
    pub probability: Maybe<f64>,
    pub term_years: f64,
    pub currency: Option<Sym>,
}

impl DealTerms {
    /// No probability, a year, no currency.
    pub const PLAIN: DealTerms = DealTerms { probability: Maybe::NONE, term_years: 1.0, currency: None };

    /// What tells one set of terms from another (floats by their bits).
    pub fn key(&self) -> (u64, u64, Option<Sym>) {
        (self.probability.0.to_bits(), self.term_years.to_bits(), self.currency)
    }
}

#[derive(Debug, Clone)]
pub struct Deal {
    /// The deal's id, interned in [`Dataset::deal_keys`]; `None`: the file
    /// has no id for it, and [`Dataset::deal_id`] names it `file:line`.
    pub id: Maybe<DealKey>,
    /// The deal name, kept in [`Dataset::texts`].
    pub name: Maybe<u32>,
    pub account: Option<Sym>,
    pub owner: Option<Sym>,
    pub stage: Option<Sym>,
    pub outcome: Outcome,
    pub amount: Maybe<Money>,
    pub created: OptDay,
    /// Actual close date: won and lost deals only.
    pub closed: OptDay,
    /// Expected close date: open deals only.
    pub expected_close: OptDay,
    pub region: Option<Sym>,
    pub product: Option<Sym>,
    pub lead_source: Option<Sym>,
    pub deal_type: Option<Sym>,
    /// Its probability, contract length and currency: by index in
    /// [`Dataset::deal_terms`].
    pub terms: u32,
    pub forecast: Option<ForecastCategory>,
    pub stage_entered: OptDay,
    pub file: u16,
    pub line: u32,
}

impl Deal {
    /// Closed (won or lost) on or before `day`.
    pub fn closed_by(&self, day: Day) -> bool {
        self.outcome != Outcome::Open && self.closed.get().is_some_and(|c| c <= day)
    }

    /// docs/spec.md §2: created on or before `day` (or no created date) and not closed
    /// on or before it. A won/lost deal with no close date is never open.
    #[inline]
    pub fn open_at(&self, day: Day) -> bool {
        let started = self.created.get().is_none_or(|c| c <= day);
        match self.outcome {
            Outcome::Open => started,
            _ => started && self.closed.get().is_some_and(|c| c > day),
        }
    }

    /// Amount × probability (percent; none = 100), rounded to money units;
    /// `terms`: the dataset's ([`Dataset::deal_terms`]).
    #[inline]
    pub fn weighted_amount(&self, terms: &[DealTerms]) -> Option<i128> {
        weighted_amount(self.amount, self.terms_in(terms).probability)
    }

    /// Its terms, in a dataset's [`Dataset::deal_terms`].
    pub fn terms_in<'t>(&self, terms: &'t [DealTerms]) -> &'t DealTerms {
        &terms[self.terms as usize]
    }

    pub fn won_in(&self, from: Day, to: Day) -> bool {
        self.outcome == Outcome::Won && self.closed.get().is_some_and(|c| from <= c && c <= to)
    }

    pub fn closed_in(&self, from: Day, to: Day) -> bool {
        self.outcome != Outcome::Open && self.closed.get().is_some_and(|c| from <= c && c <= to)
    }

    pub fn created_in(&self, from: Day, to: Day) -> bool {
        self.created.get().is_some_and(|c| from <= c && c <= to)
    }

    /// In the pipeline during [from, to]: its life overlaps the window.
    pub fn in_pipeline_during(&self, from: Day, to: Day) -> bool {
        let started = self.created.get().is_none_or(|c| c <= to);
        match self.outcome {
            Outcome::Open => started,
            _ => started && self.closed.get().is_some_and(|c| c >= from),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Account {
    pub name: Sym,
    pub customer_since: Option<Day>,
    pub churn: Option<Day>,
    pub referred_by: Option<Sym>,
    /// Read from the file (and interned, so a name keeps its first spelling)
    /// but used by no KPI yet.
    #[allow(dead_code)]
    pub region: Option<Sym>,
    /// Read from the file (and interned, so a name keeps its first spelling)
    /// but used by no KPI yet.
    #[allow(dead_code)]
    pub industry: Option<Sym>,
}

#[derive(Debug, Clone)]
pub struct Rep {
    pub name: Sym,
    pub hire: Option<Day>,
    pub termination: Option<Day>,
    pub first_outreach: Option<Day>,
    pub quota: Option<Money>,
    pub team: Option<Sym>,
    /// Read from the file (and interned, so a name keeps its first spelling)
    /// but used by no KPI yet.
    #[allow(dead_code)]
    pub manager: Option<Sym>,
    pub region: Option<Sym>,
}

impl Rep {
    /// docs/spec.md §2: hired on or before `day` and not yet terminated.
    pub fn employed_at(&self, day: Day) -> bool {
        self.hire.is_none_or(|h| h <= day) && self.termination.is_none_or(|t| t > day)
    }
}

#[derive(Debug, Clone)]
pub struct Product {
    pub name: Sym,
    /// Read from the file (and interned, so a name keeps its first spelling)
    /// but used by no KPI yet.
    #[allow(dead_code)]
    pub category: Option<Sym>,
    /// Read from the file (a negative price rejects the row) but used by no KPI yet.
    #[allow(dead_code)]
    pub list_price: Option<Money>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ActivityKind {
    Call,
    Email,
    Meeting,
    Task,
    Other,
}

impl ActivityKind {
    /// Each kind by its name in the JSON.
    pub const NAMED: [(&'static str, ActivityKind); 5] = [
        ("call", ActivityKind::Call),
        ("email", ActivityKind::Email),
        ("meeting", ActivityKind::Meeting),
        ("task", ActivityKind::Task),
        ("other", ActivityKind::Other),
    ];

    pub fn from_label(label: &str) -> ActivityKind {
        let lower = to_lower(label.trim());
        let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
        if has(&["task", "to-do", "todo", "to do", "tugas"]) {
            ActivityKind::Task
        } else if has(&["call", "phone", "telepon", "panggilan"]) {
            ActivityKind::Call
        } else if has(&["email", "e-mail", "mail", "surel"]) {
            ActivityKind::Email
        } else if has(&["meeting", "demo", "rapat", "pertemuan", "visit", "kunjungan", "event"]) {
            ActivityKind::Meeting
        } else {
            ActivityKind::Other
        }
    }
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub owner: Option<Sym>,
    pub kind: ActivityKind,
    pub created: OptDay,
    pub due: OptDay,
    pub completed: OptDay,
    /// The status column says done.
    pub done_status: bool,
    pub deal: Maybe<DealKey>,
    /// Interned in [`Dataset::texts`].
    pub subject: Maybe<u32>,
}

impl Activity {
    /// docs/spec.md §2: completed by `as_of`, or no completed date and a done status.
    pub fn completed_by(&self, as_of: Day) -> bool {
        match self.completed.get() {
            Some(day) => day <= as_of,
            None => self.done_status,
        }
    }

    /// The earliest date known for the activity.
    pub fn first_date(&self) -> Option<Day> {
        self.created.get().or(self.completed.get()).or(self.due.get())
    }
}

/// A lead from a leads file: created, owned, and perhaps converted into a
/// deal (issue 11; SPEC reads leads from deals when no leads file is given).
#[derive(Debug, Clone)]
pub struct Lead {
    pub owner: Option<Sym>,
    pub created: Day,
    /// Converted: its converted flag, else a converted date, deal or status says so.
    pub converted: bool,
    pub converted_on: Option<Day>,
    /// The deal it was converted into.
    pub deal: Option<DealKey>,
    /// Closed without converting (disqualified, "Closed - Not Converted").
    pub disqualified: bool,
    /// The file it came from (owner ids are resolved per file).
    pub file: u16,
}

impl Lead {
    /// Open on `day`: created by then, not disqualified, not converted by then.
    pub fn open_at(&self, day: Day) -> bool {
        let converted_by = self.converted && self.converted_on.is_none_or(|on| on <= day);
        self.created <= day && !self.disqualified && !converted_by
    }
}

#[derive(Debug, Clone)]
pub struct StageEntry {
    pub deal: DealKey,
    pub stage: Sym,
    pub entered: Day,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub kpi: String,
    pub period: Option<String>,
    pub rep: Option<Sym>,
    pub target: f64,
}

/// Everything read from the input files, joined: what [`crate::load_files`]
/// returns and [`crate::build_report`] reads. Its tables are the engine's own
/// (interned names, exact money, day counts); read it through the report.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    /// Every name (rep, account, stage, region…) interned once.
    pub(crate) names: Names,
    /// The deal ids met in any file.
    pub(crate) deal_keys: DealKeys,
    /// Deal names, kept as read (see [`Interner::append`]): only shown.
    pub(crate) texts: Interner,
    /// Activity subjects, kept as read (see [`Interner::append`]).
    pub(crate) notes: Interner,
    /// The names of the files read, by file index.
    pub(crate) file_names: Vec<String>,
    /// The deals, in file and row order.
    pub(crate) deals: Vec<Deal>,
    /// The distinct terms of the deals ([`Deal::terms`] is an index here).
    pub(crate) deal_terms: Vec<DealTerms>,
    /// Some deal has a forecast category (then forecasts use them).
    pub(crate) has_forecast_categories: bool,
    /// The accounts.
    pub(crate) accounts: Vec<Account>,
    /// The reps.
    pub(crate) reps: Vec<Rep>,
    /// The team of each rep's row in reps, by the rep's name index (a
    /// deal's team is its owner's: looked up here, not held per deal).
    pub(crate) rep_teams: Vec<Option<Sym>>,
    /// The products.
    pub(crate) products: Vec<Product>,
    /// The activities.
    pub(crate) activities: Vec<Activity>,
    /// The stage history entries, joined to their deals.
    pub(crate) stage_history: Vec<StageEntry>,
    /// The targets of a targets file.
    pub(crate) targets: Vec<Target>,
    /// The leads.
    pub(crate) leads: Vec<Lead>,
    /// `kind.field` for every column that some file provided.
    pub(crate) present: BTreeSet<KindField>,
    /// Stages that closed deals stand in when IsClosed said so (Salesforce):
    /// terminal in stage analysis whatever they are called.
    pub(crate) closed_stages: IdSet<Sym>,
    /// Reps and accounts by the key of their record id (`record_id_key`).
    pub(crate) rep_by_id: TextMap<Box<str>, Sym>,
    /// Accounts by the key of their record id.
    pub(crate) account_by_id: TextMap<Box<str>, Sym>,
    /// Files whose deals name their owner / account by id only: resolved
    /// through the ids above once every file is read.
    pub(crate) owner_id_files: Vec<u16>,
    /// Activities (index ranges) that name their owner by id, resolved likewise.
    pub(crate) owner_id_activities: Vec<std::ops::Range<usize>>,
    /// The files whose accounts were joined by id.
    pub(crate) account_id_files: Vec<u16>,
    /// How each file was read.
    pub(crate) quality: Quality,
    /// Deals sorted by date, computed on first use.
    pub(crate) facts: std::sync::OnceLock<DealFacts>,
    /// The first and last sales event, on first use.
    pub(crate) event_range: std::sync::OnceLock<Option<(Day, Day)>>,
    /// The deal (index) each stage history entry belongs to, on first use.
    pub(crate) stage_entry_deals: std::sync::OnceLock<Vec<Maybe<u32>>>,
    /// How many activities each name owns (by index; the last: no owner), on first use.
    pub(crate) activity_counts: std::sync::OnceLock<Vec<u32>>,
    /// How many stage history entries name no deal, on first use.
    pub(crate) stage_entries_without_deal: std::sync::OnceLock<usize>,
    /// The names each filter can take, on first use.
    pub(crate) filter_names: std::sync::OnceLock<FilterNames>,
    /// Each deal's filter cell, on first use.
    pub(crate) filter_cells: std::sync::OnceLock<FilterCells>,
    /// Each deal's cell of (account, region, product), on first use.
    pub(crate) group_cells: std::sync::OnceLock<Cells<3>>,
    /// Each name's place in case-insensitive order, on first use.
    pub(crate) name_order: std::sync::OnceLock<Vec<u32>>,
    /// Each name's place in byte order, on first use.
    pub(crate) byte_order: std::sync::OnceLock<Vec<u32>>,
}

/// What the filters look at on a deal: owner, team, region, product.
pub type FilterKey = [Option<Sym>; 4];

/// The deals' keys of `N` names, each distinct one listed once: a million
/// deals fall in a few thousand cells, so what depends on the key alone is
/// decided once per cell and read per deal from a column of four bytes,
/// not from the deals.
#[derive(Debug, Clone)]
pub struct Cells<const N: usize> {
    /// Per deal, its cell.
    pub cell_of_deal: Vec<u32>,
    /// Per cell, its key.
    pub keys: Vec<[Option<Sym>; N]>,
}

impl<const N: usize> Default for Cells<N> {
    fn default() -> Self {
        Cells { cell_of_deal: Vec::new(), keys: Vec::new() }
    }
}

impl<const N: usize> Cells<N> {
    /// Each deal's cell of the key `key_of` gives.
    fn of(deals: &[Deal], key_of: impl Fn(&Deal) -> [Option<Sym>; N]) -> Cells<N> {
        let mut cells = Cells { cell_of_deal: Vec::with_capacity(deals.len()), keys: Vec::new() };
        let mut cell_of_key: IdMap<[Option<Sym>; N], u32> = IdMap::default();
        for deal in deals {
            let key = key_of(deal);
            let next = cells.keys.len() as u32;
            let cell = *cell_of_key.entry(key).or_insert_with(|| {
                cells.keys.push(key);
                next
            });
            cells.cell_of_deal.push(cell);
        }
        cells
    }
}

/// The deals' filter keys (see [`Cells`]): a set of filters is decided once per cell.
pub type FilterCells = Cells<4>;

/// The names each filter can take, sorted case-insensitively.
#[derive(Debug, Default, Clone)]
pub struct FilterNames {
    pub reps: Vec<String>,
    pub teams: Vec<String>,
    pub regions: Vec<String>,
    pub products: Vec<String>,
    pub currencies: Vec<String>,
}

impl Dataset {
    /// How each file was read: rows used, rejected and skipped, mappings, warnings.
    pub fn quality(&self) -> &Quality {
        &self.quality
    }

    /// How many deals were read.
    pub fn deal_count(&self) -> usize {
        self.deals.len()
    }

    /// Whether the data has `kind.field` (`kind.*`: any file of the kind).
    pub fn has(&self, kind_field: KindField) -> bool {
        self.present.contains(&kind_field)
    }

    /// The team of a deal's owner, from the owner's row in reps.
    pub fn team_of(&self, owner: Option<Sym>) -> Option<Sym> {
        owner.and_then(|owner| self.rep_teams.get(owner.index()).copied().flatten())
    }

    /// The text of an interned name, as first written.
    pub fn name(&self, sym: Sym) -> &str {
        self.names.name(sym)
    }

    /// A deal's id as written, or `file:line` for a deal without one.
    pub fn deal_id(&self, deal: &Deal) -> std::borrow::Cow<'_, str> {
        match deal.id.get() {
            Some(key) => std::borrow::Cow::Borrowed(self.deal_keys.id(key)),
            None => std::borrow::Cow::Owned(self.row_id(deal)),
        }
    }

    fn row_id(&self, deal: &Deal) -> String {
        format!("{}:{}", self.file_names[usize::from(deal.file)], deal.line)
    }

    /// The index of the deal each stage history entry names (none: no
    /// deal has that id); four bytes an entry, kept for the session.
    pub fn stage_entry_deals(&self) -> &[Maybe<u32>] {
        self.stage_entry_deals.get_or_init(|| {
            if self.stage_history.is_empty() {
                return Vec::new();
            }
            let mut deal_of_key: Vec<Option<u32>> = vec![None; self.deal_keys.len()];
            for (index, deal) in self.deals.iter().enumerate() {
                let key = deal.id.get().or_else(|| self.deal_keys.get(&self.row_id(deal)));
                if let Some(key) = key {
                    deal_of_key[key as usize] = Some(index as u32);
                }
            }
            self.stage_history.iter().map(|entry| deal_of_key[entry.deal as usize].into()).collect()
        })
    }

    /// How many activities each name owns (by index; the last entry: no owner).
    pub fn activity_counts(&self) -> &[u32] {
        self.activity_counts.get_or_init(|| {
            let mut counts = vec![0u32; self.names.count() + 1];
            let none = self.names.count();
            self.activities.iter().for_each(|a| counts[a.owner.map_or(none, Sym::index)] += 1);
            counts
        })
    }

    /// The owners of activities, each once.
    pub fn activity_owners(&self) -> impl Iterator<Item = Sym> + '_ {
        let counts = &self.activity_counts()[..self.names.count()];
        counts.iter().enumerate().filter(|(_, count)| **count > 0).map(|(at, _)| Sym::from_index(at))
    }

    /// How many stage history entries name a deal id that no deals file has.
    pub fn stage_entries_without_deal(&self) -> usize {
        *self
            .stage_entries_without_deal
            .get_or_init(|| self.stage_entry_deals().iter().filter(|d| d.get().is_none()).count())
    }

    /// The first and the last day of a sales event (docs/spec.md §2: created,
    /// won/lost close, stage entered, activity created or completed).
    pub fn sales_event_range(&self) -> Option<(Day, Day)> {
        *self.event_range.get_or_init(|| {
            let deal_days = self
                .deals
                .iter()
                .flat_map(|d| [d.created.get(), if d.outcome == Outcome::Open { None } else { d.closed.get() }]);
            let activity_days = self.activities.iter().flat_map(|a| [a.created.get(), a.completed.get()]);
            let lead_days = self.leads.iter().flat_map(|l| [Some(l.created), l.converted_on]);
            let days = deal_days.chain(activity_days).chain(lead_days).flatten();
            let days = days.chain(self.stage_history.iter().map(|e| e.entered));
            days.fold(None, |range, day| match range {
                None => Some((day, day)),
                Some((first, last)) => Some((day.min(first), day.max(last))),
            })
        })
    }

    /// Each deal's filter cell (see `FilterCells`).
    pub fn filter_cells(&self) -> &FilterCells {
        self.filter_cells.get_or_init(|| {
            Cells::of(&self.deals, |deal| [deal.owner, self.team_of(deal.owner), deal.region, deal.product])
        })
    }

    /// Each deal's cell of (account, region, product), which the won and
    /// lost deals are grouped by, on first use.
    pub fn group_cells(&self) -> &Cells<3> {
        self.group_cells.get_or_init(|| Cells::of(&self.deals, |deal| [deal.account, deal.region, deal.product]))
    }

    /// The names each filter can take (see `FilterNames`).
    pub fn filter_names(&self) -> &FilterNames {
        self.filter_names.get_or_init(|| {
            // Each name marked in a flag per name and filter, in one pass
            // over the deals (a hash set costs a lookup per deal).
            let [mut reps, mut teams, mut regions, mut products, mut currencies] =
                std::array::from_fn(|_| vec![false; self.names.count()]);
            let mark = |seen: &mut Vec<bool>, name: Option<Sym>| name.into_iter().for_each(|s| seen[s.index()] = true);
            for deal in &self.deals {
                mark(&mut reps, deal.owner);
                mark(&mut regions, deal.region);
                mark(&mut products, deal.product);
            }
            // Every set of terms kept is some deal's.
            self.deal_terms.iter().for_each(|terms| mark(&mut currencies, terms.currency));
            for rep in &self.reps {
                mark(&mut reps, Some(rep.name));
                mark(&mut teams, rep.team);
                mark(&mut regions, rep.region);
            }
            self.products.iter().for_each(|product| mark(&mut products, Some(product.name)));
            let sorted = |seen: Vec<bool>| -> Vec<String> {
                let distinct = seen.iter().enumerate().filter(|(_, seen)| **seen).map(|(at, _)| Sym::from_index(at));
                let names = btree_set(distinct.map(|s| self.name(s)).map(|n| (to_lower(n), n)));
                names.into_iter().map(|(_, n)| n.to_string()).collect()
            };
            FilterNames {
                reps: sorted(reps),
                teams: sorted(teams),
                regions: sorted(regions),
                products: sorted(products),
                currencies: sorted(currencies),
            }
        })
    }

    /// Each name's place (by index) in the order of the lower-cased names,
    /// equal ones in index order: sorting by it sorts by the lower-cased
    /// name, without lower-casing a name at every sort.
    pub fn name_order(&self) -> &[u32] {
        self.name_order.get_or_init(|| {
            let lower = |at: usize| to_lower(self.names.name(Sym::from_index(at)));
            let mut keyed: Vec<(String, u32)> = (0..self.names.count()).map(|at| (lower(at), at as u32)).collect();
            sort_stable_by(&mut keyed, |a, b| a.0.cmp(&b.0));
            let mut order = vec![0; keyed.len()];
            keyed.iter().enumerate().for_each(|(place, (_, at))| order[*at as usize] = place as u32);
            order
        })
    }

    /// Each name's place (by index) in the byte order of the names (as
    /// `str` compares them): sorting by it sorts by the name as written.
    pub fn byte_order(&self) -> &[u32] {
        self.byte_order.get_or_init(|| {
            let name = |at: &u32| self.names.name(Sym::from_index(*at as usize));
            let mut sorted: Vec<u32> = (0..self.names.count() as u32).collect();
            sort_stable_by(&mut sorted, |a, b| name(a).cmp(name(b)));
            let mut order = vec![0; sorted.len()];
            sorted.iter().enumerate().for_each(|(place, at)| order[*at as usize] = place as u32);
            order
        })
    }

    /// The deals' facts sorted by date (see `DealFacts`).
    pub fn deal_facts(&self) -> &DealFacts {
        // The filter cells are made with the facts, for the first filter.
        self.facts.get_or_init(|| DealFacts::with_cells(&self.deals, &self.deal_terms, Some(self.filter_cells())))
    }
}

/// A won deal with a close date, as the KPIs over won deals read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WonFact {
    pub closed: Day,
    pub created: OptDay,
    pub amount: Maybe<Money>,
    /// ACV's annual value: amount / max(1, term_years), rounded.
    pub annual: Maybe<i64>,
    pub owner: Option<Sym>,
    /// The account it was won from (customers are made from won deals).
    pub account: Option<Sym>,
}

/// Amount × probability (percent; none = 100), rounded to money units.
fn weighted_amount(amount: Maybe<Money>, probability: Maybe<f64>) -> Option<i128> {
    // An amount is at most 10^16 (a trillion, to four decimals) and a
    // probability at most 100: the product fits an i64, whose conversion
    // from a float wasm does in one instruction (to i128 it calls a routine).
    amount.get().map(|a| i128::from(round_to_i64(a as f64 * probability.get().unwrap_or(100.0) / 100.0)))
}

/// An open deal as the dashboards read it: a copy of the few fields they
/// need, so that a list of open deals is read in order, not by jumping
/// across all deals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpenDeal {
    /// Its position in [`Dataset::deals`].
    pub at: u32,
    pub expected_close: OptDay,
    pub amount: Maybe<Money>,
    pub probability: Maybe<f64>,
    pub forecast: Option<ForecastCategory>,
    /// The stage it is in, and the day it entered it (read by the pipeline
    /// by stage and the deals at risk, which would otherwise read each
    /// open deal's row: a cache miss per deal, a quarter of a million of
    /// them at a million deals).
    pub stage: Option<Sym>,
    pub stage_entered: OptDay,
    pub created: OptDay,
}

impl OpenDeal {
    pub fn new(at: u32, deal: &Deal, terms: &[DealTerms]) -> OpenDeal {
        let (expected_close, amount) = (deal.expected_close, deal.amount);
        let probability = deal.terms_in(terms).probability;
        let (stage, stage_entered, created) = (deal.stage, deal.stage_entered, deal.created);
        OpenDeal { at, expected_close, amount, probability, forecast: deal.forecast, stage, stage_entered, created }
    }

    /// As [`Deal::weighted_amount`].
    pub fn weighted_amount(&self) -> Option<i128> {
        weighted_amount(self.amount, self.probability)
    }
}

/// A won or lost deal with a close date, in four bytes (twice the day,
/// plus one when won): three quarters of a million of them are held twice
/// at a million deals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClosedFact(i32);

impl ClosedFact {
    pub fn new(closed: Day, won: bool) -> ClosedFact {
        // Days are held within 1900-2100: twice any of them fits.
        ClosedFact(closed * 2 + i32::from(won))
    }

    pub fn closed(self) -> Day {
        self.0 >> 1
    }

    pub fn won(self) -> bool {
        self.0 & 1 == 1
    }
}

/// A deal with a created date, in twelve bytes (aligned to four: a million
/// of them are held twice at a million deals).
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, packed(4))]
pub struct CreatedFact {
    pub created: Day,
    pub amount: Maybe<Money>,
}

/// Facts of one kind in date order (ties in data order), as parallel
/// columns: the fact, its deal's index, and its deal's filter cell.
#[derive(Debug, Clone)]
pub struct FactList<F> {
    pub facts: Vec<F>,
    /// Each fact's deal (its position in [`Dataset::deals`]); empty in the
    /// created facts of `DealFacts::with_cells`, whose cells are written
    /// and whose deals nothing reads.
    pub deals: Vec<u32>,
    /// Each fact's cell in [`Dataset::filter_cells`], written with the facts
    /// (`DealFacts::with_cells`; else made on the first filter): a filter
    /// set reads it in order instead of each deal's flag and owner at random.
    pub cells: std::sync::OnceLock<Vec<u32>>,
    /// Each fact's cell in [`Dataset::group_cells`], on first use: the won
    /// and lost deals by account, region and product are counted in fact
    /// order instead of reading each deal's cell at random.
    pub group_cells: std::sync::OnceLock<Vec<u32>>,
}

impl<F> Default for FactList<F> {
    fn default() -> Self {
        FactList::of(Vec::new(), Vec::new())
    }
}

impl<F> FactList<F> {
    fn of(facts: Vec<F>, deals: Vec<u32>) -> FactList<F> {
        FactList { facts, deals, cells: std::sync::OnceLock::new(), group_cells: std::sync::OnceLock::new() }
    }

    /// Each fact's filter cell (see `cells`).
    pub fn cells(&self, cells: &FilterCells) -> &[u32] {
        self.cells.get_or_init(|| self.deals.iter().map(|at| cells.cell_of_deal[*at as usize]).collect())
    }

    /// Each fact's group cell (see `group_cells`).
    pub fn group_cells(&self, cells: &Cells<3>) -> &[u32] {
        self.group_cells.get_or_init(|| self.deals.iter().map(|at| cells.cell_of_deal[*at as usize]).collect())
    }
}

/// A fact list being filled, with each fact's filter cell when the deals'
/// cells are given (the cell's key names the owner the list is split by),
/// else each fact's owner: read to split the list by owner, then dropped.
struct FactsBuilder<F> {
    list: FactList<F>,
    owners: Vec<Option<Sym>>,
    cells: Vec<u32>,
}

impl<F: Copy> FactsBuilder<F> {
    /// Columns for the facts `places` counted; `first`, any one of them,
    /// fills them until each is written (none: no fact). `with_deals`: each
    /// fact's deal is written too (a list whose cells are written and whose
    /// deals nothing reads goes without: at a million deals, the created
    /// facts' 4 MB and a million writes at random places).
    fn sized(places: &DayPlaces, first: Option<F>, with_cells: bool, with_deals: bool) -> FactsBuilder<F> {
        let Some(first) = first else {
            return FactsBuilder { list: FactList::default(), owners: Vec::new(), cells: Vec::new() };
        };
        let len = places.len();
        let deals = if with_deals || !with_cells { vec![0; len] } else { Vec::new() };
        let list = FactList::of(vec![first; len], deals);
        match with_cells {
            true => FactsBuilder { list, owners: Vec::new(), cells: vec![0; len] },
            false => FactsBuilder { list, owners: vec![None; len], cells: Vec::new() },
        }
    }

    /// Writes the fact of deal `at` on `day` where it belongs, with the
    /// deal's filter cell when given, else its owner (three columns written
    /// at random places instead of four: a million deals' facts are
    /// written where their day puts them, each write a cache miss).
    fn put(&mut self, places: &mut DayPlaces, day: Day, fact: F, at: usize, deal: &Deal, cell_of_deal: &[u32]) {
        let place = places.place(day);
        self.list.facts[place] = fact;
        if let Some(deal_at) = self.list.deals.get_mut(place) {
            *deal_at = at as u32;
        }
        match cell_of_deal.get(at) {
            Some(cell) => self.cells[place] = *cell,
            None => self.owners[place] = deal.owner,
        }
    }

    /// The owner of the fact at `place`: its cell's (`keys`: the cells'
    /// keys, owner first), or the one written.
    #[inline]
    fn owner_at(&self, keys: &[[Option<Sym>; 4]], place: usize) -> Option<Sym> {
        match self.cells.get(place) {
            Some(cell) => keys[*cell as usize][0],
            None => self.owners[place],
        }
    }

    /// The list, with its cells when they were written.
    fn finish(self) -> FactList<F> {
        if !self.cells.is_empty() {
            let _ = self.list.cells.set(self.cells);
        }
        self.list
    }

    /// Each owner's facts, in the same order. Each owner's list is sized
    /// once from a count (a list grown by doubling keeps up to half its
    /// room unused, tens of MB over a million deals).
    fn by_owner(
        &self,
        keys: &[[Option<Sym>; 4]],
        into: &mut IdMap<Sym, OwnerFacts>,
        pick: fn(&mut OwnerFacts) -> &mut Vec<F>,
    ) {
        // Counted and filled by the owner's index: no hash lookup per fact.
        let owners = (0..self.list.facts.len()).filter_map(|place| self.owner_at(keys, place));
        let mut counts = vec![0usize; owners.clone().map(|owner| owner.index() + 1).max().unwrap_or(0)];
        owners.for_each(|owner| counts[owner.index()] += 1);
        let mut lists: Vec<Vec<F>> = counts.into_iter().map(Vec::with_capacity).collect();
        for (place, fact) in self.list.facts.iter().enumerate() {
            if let Some(owner) = self.owner_at(keys, place) {
                lists[owner.index()].push(*fact);
            }
        }
        for (at, list) in lists.into_iter().enumerate().filter(|(_, list)| !list.is_empty()) {
            *pick(into.entry(Sym::from_index(at)).or_default()) = list;
        }
    }
}

/// One scope's facts in date order (an owner's, or a filtered selection's).
#[derive(Debug, Default, Clone)]
pub struct OwnerFacts {
    pub won: Vec<WonFact>,
    pub closed: Vec<ClosedFact>,
    pub created: Vec<CreatedFact>,
}

/// The facts of every deal the date-window KPIs read, compact and sorted by
/// that date, for all deals and per owner; computed once per dataset, so
/// that a report with no filter reads them as they are.
#[derive(Debug, Default, Clone)]
pub struct DealFacts {
    pub won: FactList<WonFact>,
    pub closed: FactList<ClosedFact>,
    pub created: FactList<CreatedFact>,
    pub by_owner: IdMap<Sym, OwnerFacts>,
}

impl DealFacts {
    /// One list at a time (in wasm, memory once grown is never returned:
    /// the peak is what counts).
    pub fn new(deals: &[Deal], terms: &[DealTerms]) -> DealFacts {
        DealFacts::with_cells(deals, terms, None)
    }

    /// As `new`, with each fact's filter cell from `cells` (none: made on
    /// the first filter), whose keys also name each fact's owner.
    pub fn with_cells(deals: &[Deal], terms: &[DealTerms], cells: Option<&FilterCells>) -> DealFacts {
        let (cell_of_deal, keys) = cells.map_or((&[][..], &[][..]), |cells| (&cells.cell_of_deal[..], &cells.keys[..]));
        let with_cells = !deals.is_empty() && cell_of_deal.len() == deals.len();
        // The three lists counted by day in one pass over the deals, then
        // each fact made and written where it belongs in one more (no list
        // of positions at the peak, no jumps across a million deals).
        let won_on = |deal: &Deal| deal.closed.get().filter(|_| deal.outcome == Outcome::Won);
        let closed_on = |deal: &Deal| deal.closed.get().filter(|_| deal.outcome != Outcome::Open);
        let created_on = |deal: &Deal| deal.created.get();
        let days = |deal: &Deal| [won_on(deal), closed_on(deal), created_on(deal)];
        // Parsed dates lie within 1900–2100: counted over those days, in
        // one pass. Deals made by hand may lie outside: counted over their
        // span, or list by list over the distinct days when the span is far
        // wider than the deals.
        let plausible = count_days_over(deals, days, (*PLAUSIBLE_DAYS.start(), *PLAUSIBLE_DAYS.end()));
        let counted = plausible.or_else(|| {
            let span = deals.iter().flat_map(days).flatten().fold(None, |span, day| match span {
                None => Some((day, day)),
                Some((first, last)) => Some((day.min(first), day.max(last))),
            });
            let (first, last) = span?;
            let narrow = (i64::from(last) - i64::from(first)) as usize <= 4 * deals.len() + 1024;
            let list = |day_of: &dyn Fn(&Deal) -> Option<Day>| DayPlaces::new(deals.iter().filter_map(day_of));
            Some(match narrow {
                true => count_days_over(deals, days, (first, last))?,
                false => [list(&won_on), list(&closed_on), list(&created_on)],
            })
        });
        let Some([mut won_at, mut closed_at, mut created_at]) = counted else { return DealFacts::default() };
        let won_fact = |deal: &Deal, closed: Day| {
            // A year or less is the amount itself (rounding is a call in
            // wasm), as the float division gives it up to 2^53.
            let term_years = deal.terms_in(terms).term_years;
            let per_year = |amount: Money| {
                if term_years > 1.0 || amount.unsigned_abs() > 1 << 53 {
                    round_to_i64(amount as f64 / term_years.max(1.0))
                } else {
                    amount
                }
            };
            let annual = deal.amount.get().map(per_year);
            WonFact {
                closed,
                created: deal.created,
                amount: deal.amount,
                annual: annual.into(),
                owner: deal.owner,
                account: deal.account,
            }
        };
        let closed_fact = |deal: &Deal, closed: Day| ClosedFact::new(closed, deal.outcome == Outcome::Won);
        let created_fact = |deal: &Deal, created: Day| CreatedFact { created, amount: deal.amount };
        let first_of = |day_of: &dyn Fn(&Deal) -> Option<Day>| deals.iter().find_map(|d| day_of(d).map(|day| (d, day)));
        // The won and closed facts' deals are read (the won deals' positions,
        // the lost deals by account); the created facts' only to make their
        // cells, when those are not written here.
        let mut won =
            FactsBuilder::sized(&won_at, first_of(&won_on).map(|(d, day)| won_fact(d, day)), with_cells, true);
        let mut closed =
            FactsBuilder::sized(&closed_at, first_of(&closed_on).map(|(d, day)| closed_fact(d, day)), with_cells, true);
        let first_created = first_of(&created_on).map(|(d, day)| created_fact(d, day));
        let mut created = FactsBuilder::sized(&created_at, first_created, with_cells, false);
        let cell_of_deal = if with_cells { cell_of_deal } else { &[] };
        each_in_blocks(deals, |at, deal| {
            let [won_day, closed_day, created_day] = days(deal);
            if let Some(day) = won_day {
                won.put(&mut won_at, day, won_fact(deal, day), at, deal, cell_of_deal);
            }
            if let Some(day) = closed_day {
                closed.put(&mut closed_at, day, closed_fact(deal, day), at, deal, cell_of_deal);
            }
            if let Some(day) = created_day {
                created.put(&mut created_at, day, created_fact(deal, day), at, deal, cell_of_deal);
            }
        });
        let mut by_owner = IdMap::default();
        won.by_owner(keys, &mut by_owner, |own| &mut own.won);
        closed.by_owner(keys, &mut by_owner, |own| &mut own.closed);
        created.by_owner(keys, &mut by_owner, |own| &mut own.created);
        DealFacts { won: won.finish(), closed: closed.finish(), created: created.finish(), by_owner }
    }
}

/// Places for the three lists of days `days` gives per deal, counted in
/// one pass over the days `first..=last`; none when a day lies outside.
fn count_days_over(
    deals: &[Deal],
    days: impl Fn(&Deal) -> [Option<Day>; 3],
    (first, last): (Day, Day),
) -> Option<[DayPlaces; 3]> {
    let mut places = [(); 3].map(|_| DayPlaces::over(first, last));
    let mut inside = true;
    in_blocks(deals.len(), &mut |block| {
        for deal in &deals[block] {
            if !inside {
                return;
            }
            for (places, day) in places.iter_mut().zip(days(deal)) {
                match day {
                    Some(day) if (first..=last).contains(&day) => places.count(day),
                    Some(_) => inside = false,
                    None => {}
                }
            }
        }
    });
    inside.then(|| places.map(DayPlaces::counted))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whole numbers come back as they are; halves round away from zero,
    /// as `f64::round` does; out of range saturates, NaN is 0.
    #[test]
    fn round_to_i64_rounds_as_round_does() {
        let cases = [
            (0.0, 0),
            (-0.0, 0),
            (206_000_000_000.0, 206_000_000_000),
            (2.5, 3),
            (-2.5, -3),
            (0.49999999999999994, 0),
            (-1.4, -1),
            (1e300, i64::MAX),
            (-1e300, i64::MIN),
            (f64::NAN, 0),
        ];
        for (value, expected) in cases {
            assert_eq!(round_to_i64(value), expected, "{value}");
        }
        assert_eq!(money_from_f64(20_600_000.0), 206_000_000_000);
        assert_eq!(money_from_f64(0.00005), 1);
    }

    #[test]
    fn names_fold_case_and_space() {
        let mut names = Names::default();
        let a = names.intern("  Moses  Frase ");
        assert_eq!(names.intern("moses frase"), a);
        assert_eq!(names.name(a), "Moses Frase");
        assert_ne!(names.intern("GTXPro"), names.intern("GTX Pro"));
        assert_eq!(squash("GTX Pro"), squash("GTXPro"));
    }

    /// A million deals are held at once: 72 MB, not the 88 MB they took
    /// with their probability, term and currency in each.
    #[test]
    fn a_deal_takes_72_bytes() {
        assert_eq!(std::mem::size_of::<Deal>(), 72);
    }

    /// Each list of facts is in day order, equal days in the deals' order,
    /// over a narrow span (counted in one pass) and a wide one.
    #[test]
    fn deal_facts_are_in_day_order() {
        for scale in [1, 10_000_000] {
            let deal = |outcome, created: i32, closed: Option<i32>| {
                crate::kpi::timeline::tests::deal(outcome, Some(created * scale), closed.map(|c| c * scale), None)
            };
            let deals = [
                deal(Outcome::Won, 3, Some(9)),
                deal(Outcome::Lost, 1, Some(4)),
                deal(Outcome::Open, 2, None),
                deal(Outcome::Won, 1, Some(4)),
                deal(Outcome::Won, 0, Some(9)),
            ];
            let facts = DealFacts::new(&deals, &crate::kpi::timeline::tests::TERMS);
            assert_eq!(facts.won.deals, [3, 0, 4], "scale {scale}");
            assert_eq!(facts.closed.deals, [1, 3, 0, 4], "scale {scale}");
            assert_eq!(facts.created.deals, [4, 1, 3, 2, 0], "scale {scale}");
            let closed: Vec<(Day, bool)> = facts.closed.facts.iter().map(|f| (f.closed(), f.won())).collect();
            assert_eq!(closed, [(4 * scale, false), (4 * scale, true), (9 * scale, true), (9 * scale, true)]);
        }
    }

    /// By hand: lower-cased, "alpha" < "alpha2" < "beta" < "zed" < "émile"
    /// (bytes: é sorts after every ASCII letter).
    #[test]
    fn name_order_is_the_lower_cased_order() {
        let mut data = Dataset::default();
        for name in ["beta", "Alpha", "Émile", "alpha2", "ZED"] {
            data.names.intern(name);
        }
        assert_eq!(data.name_order(), [2, 0, 4, 1, 3]);
    }

    /// By hand: bytes, upper case before lower, "Émile" after every ASCII name.
    #[test]
    fn byte_order_is_the_order_of_the_names_as_written() {
        let mut data = Dataset::default();
        for name in ["beta", "Alpha", "Émile", "alpha2", "ZED", "(none)"] {
            data.names.intern(name);
        }
        assert_eq!(data.byte_order(), [4, 1, 5, 3, 2, 0]);
    }

    /// Dates as files give them (1900–2100) are counted over those years;
    /// one day outside sends all to the span-wide count: the same lists.
    #[test]
    fn deal_facts_in_plausible_years_or_not_are_in_the_same_order() {
        let deal = crate::kpi::timeline::tests::deal;
        let base = *PLAUSIBLE_DAYS.start() + 45_000;
        let deals = || {
            let at = |d: Day| Some(base + d);
            vec![
                deal(Outcome::Won, at(3), at(9), Some(5)),
                deal(Outcome::Lost, at(1), at(4), None),
                deal(Outcome::Open, at(2), None, Some(7)),
                deal(Outcome::Won, at(1), at(4), Some(6)),
                deal(Outcome::Won, None, at(9), None),
            ]
        };
        let mut outside = deals();
        outside.push(deal(Outcome::Open, Some(*PLAUSIBLE_DAYS.end() + 1), None, None));
        for deals in [deals(), outside] {
            let facts = DealFacts::new(&deals, &crate::kpi::timeline::tests::TERMS);
            assert_eq!(facts.won.deals, [3, 0, 4]);
            assert_eq!(facts.closed.deals, [1, 3, 0, 4]);
            assert_eq!(facts.created.deals[..4], [1, 3, 2, 0]);
            let won: Vec<Day> = facts.won.facts.iter().map(|f| f.closed - base).collect();
            assert_eq!(won, [4, 9, 9]);
            let closed: Vec<(Day, bool)> = facts.closed.facts.iter().map(|f| (f.closed() - base, f.won())).collect();
            assert_eq!(closed, [(4, false), (4, true), (9, true), (9, true)]);
        }
    }

    #[test]
    fn a_deal_stays_compact() {
        // 1M deals are held in a browser tab: every byte here is a megabyte there.
        assert_eq!(std::mem::size_of::<Option<Sym>>(), 4);
        assert_eq!(std::mem::size_of::<OptDay>(), 4);
        assert_eq!((OptDay::from(Some(0)).get(), OptDay::from(None).get()), (Some(0), None));
        assert_eq!((Maybe::<f64>::from(Some(0.5)).get(), Maybe::<f64>::NONE.get()), (Some(0.5), None));
        assert!(std::mem::size_of::<Deal>() <= 144, "Deal is {} bytes", std::mem::size_of::<Deal>());
        // Missing dates, amounts and keys packed with sentinels (`Maybe`).
        assert!(std::mem::size_of::<Deal>() <= 96, "Deal is {} bytes", std::mem::size_of::<Deal>());
        // The team is the owner's, looked up (`Dataset::team_of`), not held per deal.
        assert!(std::mem::size_of::<Deal>() <= 88, "Deal is {} bytes", std::mem::size_of::<Deal>());
        assert!(std::mem::size_of::<Activity>() <= 32, "Activity is {} bytes", std::mem::size_of::<Activity>());
        // An activity's account was read and never used: not held.
        assert!(std::mem::size_of::<Activity>() <= 28, "Activity is {} bytes", std::mem::size_of::<Activity>());
        assert!(std::mem::size_of::<WonFact>() <= 32 && std::mem::size_of::<CreatedFact>() <= 16);
        assert!(std::mem::size_of::<ClosedFact>() == 4 && std::mem::size_of::<CreatedFact>() == 12);
        for (day, won) in [(-5, true), (-5, false), (0, true), (73_000, false), (-73_000, true)] {
            assert_eq!((ClosedFact::new(day, won).closed(), ClosedFact::new(day, won).won()), (day, won));
        }
    }

    #[test]
    fn forecast_categories_read_in_every_spelling() {
        use ForecastCategory::*;
        let cases = [
            ("Best Case", Some(BestCase)),
            ("BestCase", Some(BestCase)),
            ("Most Likely", Some(BestCase)),
            ("  commit ", Some(Commit)),
            ("Forecast", Some(Commit)),
            ("Komitmen", Some(Commit)),
            ("Closed", Some(Closed)),
            ("Omitted", Some(Omitted)),
            ("Not forecasted", Some(Omitted)),
            ("Pipeline", Some(Pipeline)),
            ("Kasus   Terbaik", Some(BestCase)),
            ("Maybe", Some(Unrecognised)),
            ("", None),
        ];
        for (label, expected) in cases {
            assert_eq!(ForecastCategory::from_label(label), expected, "{label:?}");
        }
    }

    #[test]
    fn activity_kinds() {
        assert_eq!(ActivityKind::from_label("To-Do"), ActivityKind::Task);
        assert_eq!(ActivityKind::from_label("Tugas"), ActivityKind::Task);
        assert_eq!(ActivityKind::from_label("Phone call"), ActivityKind::Call);
        assert_eq!(ActivityKind::from_label("Rapat"), ActivityKind::Meeting);
    }
}
