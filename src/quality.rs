//! The quality section of the report: per file, what was read, used,
//! rejected (with row, column and reason) and skipped, the column mapping,
//! and warnings; plus the cross-file findings (orphans, near-miss joins,
//! deals the KPIs had to leave out).

use crate::sorting::sort_stable_by;
use serde::Serialize;
use std::collections::BTreeMap;

/// At most this many rejected rows are listed per file; the count stays exact.
pub const MAX_LISTED_REJECTIONS: usize = 1000;

/// One rejected row: its 1-based physical line, the column and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rejection {
    /// The 1-based physical line where the record starts (the header is line 1).
    pub row: u64,
    /// The header of the cell at fault (empty when the whole row is).
    pub column: String,
    /// Why, in words a sales manager reads.
    pub reason: String,
}

impl Rejection {
    /// A rejection of `row` for a cell of `column`.
    pub fn new(row: u64, column: &str, reason: impl Into<String>) -> Self {
        Rejection { row, column: column.to_string(), reason: reason.into() }
    }
}

/// Rejections as they are found, in row order: all counted, the first
/// [`MAX_LISTED_REJECTIONS`] kept (50M bad rows must not hold 50M reasons).
#[derive(Debug, Default)]
pub struct RejectionList {
    pub listed: Vec<Rejection>,
    pub total: u64,
}

impl RejectionList {
    pub fn push(&mut self, rejection: Rejection) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED_REJECTIONS {
            self.listed.push(rejection);
        }
    }

    /// Merges lists of different sources: the first listed rows of the
    /// union are among the first listed rows of each.
    pub fn merge(lists: impl IntoIterator<Item = RejectionList>) -> RejectionList {
        let mut merged = RejectionList::default();
        for list in lists {
            merged.total += list.total;
            merged.listed.extend(list.listed);
        }
        sort_stable_by(&mut merged.listed, |a, b| a.row.cmp(&b.row));
        merged.listed.truncate(MAX_LISTED_REJECTIONS);
        merged
    }
}

/// What happened to one input file.
#[derive(Debug, Clone, Serialize)]
pub struct FileQuality {
    /// The file's name.
    pub name: String,
    /// What it was read as (`deals`, `reps`…, or `unknown`).
    pub kind: String,
    /// The encoding it was decoded from.
    pub encoding: String,
    /// The delimiter detected (`,` `;` `tab` `|`).
    pub delimiter: String,
    /// Rows after the header: used + rejected + skipped.
    pub rows_read: u64,
    /// Rows the KPIs read.
    pub rows_used: u64,
    /// Rows left out with a reason (listed in `rejected`).
    pub rows_rejected: u64,
    /// Blank lines and report footers.
    pub rows_skipped: u64,
    /// The skipped rows (blank lines, report footers) with line and reason,
    /// up to `MAX_LISTED_REJECTIONS` (1 000).
    pub skipped: Vec<Rejection>,
    /// The rejected rows, the first 1 000 (`rows_rejected` counts them all).
    pub rejected: Vec<Rejection>,
    /// Rows that are used but incomplete (no created date, no account…).
    pub rows_flagged: u64,
    /// Up to `MAX_LISTED_REJECTIONS` (1 000) rows per reason.
    pub flagged: Vec<Rejection>,
    /// reason → how many rows have it (exact).
    pub flagged_by_reason: BTreeMap<String, u64>,
    /// canonical field → the header it was read from.
    pub mapping: BTreeMap<String, String>,
    /// Headers no canonical field reads.
    pub unmapped_columns: Vec<String>,
    /// What the reading decided that the user should know (a date order, a decimal mark…).
    pub warnings: Vec<String>,
}

impl FileQuality {
    /// Records rejections found while reading (counted, the first listed).
    pub fn reject_all(&mut self, rejections: RejectionList) {
        let unlisted = rejections.total - rejections.listed.len() as u64;
        rejections.listed.into_iter().for_each(|r| self.reject(r));
        self.rows_rejected += unlisted;
    }

    /// Counts and lists a rejected row.
    pub fn reject(&mut self, rejection: Rejection) {
        self.rows_rejected += 1;
        if self.rejected.len() < MAX_LISTED_REJECTIONS {
            self.rejected.push(rejection);
        }
    }

    /// Notes a used row that some KPIs must leave out, with each reason.
    pub fn flag(&mut self, flags: Vec<Rejection>) {
        if flags.is_empty() {
            return;
        }
        self.rows_flagged += 1;
        for flag in flags {
            let count = self.flagged_by_reason.entry(flag.reason.clone()).or_default();
            *count += 1;
            if *count <= MAX_LISTED_REJECTIONS as u64 {
                self.flagged.push(flag);
            }
        }
    }
}

/// Counts of records the KPIs had to treat specially, with the rule applied.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DataCounts {
    pub deals: u64,
    pub deals_without_created_date: u64,
    pub closed_deals_without_close_date: u64,
    pub won_deals_without_amount: u64,
    pub deals_without_owner: u64,
    pub deals_without_account: u64,
    pub close_before_created: u64,
    pub duplicate_deal_ids: u64,
}

/// Names in one file that match no row of the file they refer to.
#[derive(Debug, Clone, Serialize)]
pub struct Orphans {
    pub file: String,
    pub column: String,
    pub refers_to: String,
    pub rows: u64,
    pub names: Vec<String>,
}

/// Two spellings that differ only in spaces or punctuation; not joined.
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    pub field: String,
    pub found: String,
    pub known: String,
    pub rows: u64,
}

/// How the files were read, and what the KPIs had to treat specially.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Quality {
    /// One entry per file read.
    pub files: Vec<FileQuality>,
    /// Records the KPIs treat specially, counted.
    pub counts: DataCounts,
    /// Names that match no row of the file they refer to.
    pub orphans: Vec<Orphans>,
    /// Spellings that differ only in spaces or punctuation (not joined).
    pub near_misses: Vec<NearMiss>,
    /// What concerns the whole data (an as-of date defaulted, a mix of currencies…).
    pub warnings: Vec<String>,
    /// Files that could not be used at all, each with its error; the
    /// report is computed from the others.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unusable: Vec<UnusableFile>,
}

/// A file set aside: where its problem is and what it is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UnusableFile {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl From<&crate::error::Error> for UnusableFile {
    fn from(error: &crate::error::Error) -> UnusableFile {
        UnusableFile {
            file: error.position().file.clone(),
            line: error.position().line,
            column: error.position().column.clone(),
            message: error.to_string(),
        }
    }
}
