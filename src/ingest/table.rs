//! A file's mapped columns, first as raw text (columnar: one buffer per
//! column), then typed: each date and number column decides its format once
//! from all its values, and cells that do not parse reject their row.

use super::schema::{FieldSpec, ValueType};
use super::value::{self, DateOrder, Day, DecimalMark};
use crate::quality::Rejection;

/// One column of text cells in a single buffer.
#[derive(Debug, Default, Clone)]
pub struct TextColumn {
    data: String,
    ends: Vec<usize>,
}

impl TextColumn {
    pub fn push(&mut self, cell: &str) {
        self.data.push_str(cell.trim());
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

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|row| self.get(row))
    }
}

/// A column after typing.
#[derive(Debug, Clone)]
pub enum Column {
    Text(TextColumn),
    Date(Vec<Option<Day>>),
    Number(Vec<Option<f64>>),
}

/// The locale's answers to the questions a column's data leaves open.
#[derive(Debug, Clone, Copy)]
pub struct LocaleRules {
    pub date_order: DateOrder,
    pub decimal_mark: DecimalMark,
}

/// A mapped, typed file: column per canonical field, row lines, rejections.
pub struct Table {
    pub fields: Vec<(&'static str, Column)>,
    /// Wide stage history: (stage name, dates).
    pub wide_stages: Vec<(String, Vec<Option<Day>>)>,
    pub lines: Vec<u64>,
    pub rejected: Vec<bool>,
}

impl Table {
    fn column(&self, field: &str) -> Option<&Column> {
        self.fields.iter().find(|(name, _)| *name == field).map(|(_, column)| column)
    }

    pub fn has(&self, field: &str) -> bool {
        self.column(field).is_some()
    }

    pub fn text(&self, field: &str, row: usize) -> Option<&str> {
        match self.column(field) {
            Some(Column::Text(column)) => Some(column.get(row)).filter(|cell| !cell.is_empty()),
            _ => None,
        }
    }

    pub fn date(&self, field: &str, row: usize) -> Option<Day> {
        match self.column(field) {
            Some(Column::Date(column)) => column[row],
            _ => None,
        }
    }

    pub fn number(&self, field: &str, row: usize) -> Option<f64> {
        match self.column(field) {
            Some(Column::Number(column)) => column[row],
            _ => None,
        }
    }

    pub fn rows(&self) -> usize {
        self.lines.len()
    }
}

/// Raw columns as read, before typing.
pub struct RawTable {
    pub fields: Vec<(&'static FieldSpec, String, TextColumn)>,
    pub wide_stages: Vec<(String, String, TextColumn)>,
    pub lines: Vec<u64>,
}

/// Types every column; returns the table, the rejections and the warnings.
pub fn type_columns(raw: RawTable, locale: LocaleRules) -> (Table, Vec<Rejection>, Vec<String>) {
    let rows = raw.lines.len();
    let mut rejected = vec![false; rows];
    let mut rejections = Vec::new();
    let mut warnings = Vec::new();
    let mut reject = |row: usize, column: &str, reason: String, rejected: &mut Vec<bool>| {
        if !rejected[row] {
            rejected[row] = true;
            rejections.push(Rejection::new(raw.lines[row], column, reason));
        }
    };
    let mut fields = Vec::new();
    for (spec, header, column) in raw.fields {
        let typed = match spec.value_type {
            ValueType::Text => Column::Text(column),
            ValueType::Date => {
                let dates = type_dates(&column, header.as_str(), locale, &mut warnings, |row, reason| {
                    reject(row, &header, reason, &mut rejected)
                });
                Column::Date(dates)
            }
            ValueType::Number => {
                let numbers = type_numbers(&column, &header, spec.name, locale, &mut warnings, |row, reason| {
                    reject(row, &header, reason, &mut rejected)
                });
                Column::Number(numbers)
            }
        };
        fields.push((spec.name, typed));
    }
    let mut wide_stages = Vec::new();
    for (stage, header, column) in raw.wide_stages {
        let dates = type_dates(&column, &header, locale, &mut warnings, |row, reason| {
            reject(row, &header, reason, &mut rejected)
        });
        wide_stages.push((stage, dates));
    }
    rejections.sort_by_key(|r| r.row);
    (Table { fields, wide_stages, lines: raw.lines, rejected }, rejections, warnings)
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
    column: &TextColumn,
    header: &str,
    locale: LocaleRules,
    warnings: &mut Vec<String>,
    mut reject: impl FnMut(usize, String),
) -> Vec<Option<Day>> {
    let format = value::decide_date_order(column.iter(), locale.date_order);
    if format.ambiguous {
        let order = match format.order {
            DateOrder::DayFirst => "day/month (dd/mm/yyyy)",
            DateOrder::MonthFirst => "month/day (mm/dd/yyyy)",
        };
        warnings.push(format!(
            "column \"{header}\": every date fits both day/month and month/day; read as {order} by the locale setting"
        ));
    }
    column
        .iter()
        .enumerate()
        .map(|(row, raw)| {
            if raw.is_empty() {
                return None;
            }
            let day = value::parse_date(raw, format.order);
            if day.is_none() {
                reject(row, format!("not a date: \"{}\"", excerpt(raw)));
            }
            day
        })
        .collect()
}

fn type_numbers(
    column: &TextColumn,
    header: &str,
    field: &str,
    locale: LocaleRules,
    warnings: &mut Vec<String>,
    mut reject: impl FnMut(usize, String),
) -> Vec<Option<f64>> {
    let format = value::decide_decimal_mark(column.iter(), locale.decimal_mark);
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
    let mut values: Vec<Option<f64>> = column
        .iter()
        .enumerate()
        .map(|(row, raw)| {
            if raw.is_empty() {
                return None;
            }
            let number = value::parse_number(raw, format.mark);
            if number.is_none() {
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
            number
        })
        .collect();
    if field == "probability" {
        scale_fractional_probabilities(column, &mut values, header, warnings);
    }
    values
}

/// Probabilities written as fractions (0.25) are turned into percent when no
/// value in the column is above 1 and none carries a percent sign.
fn scale_fractional_probabilities(
    column: &TextColumn,
    values: &mut [Option<f64>],
    header: &str,
    warnings: &mut Vec<String>,
) {
    let any_percent_sign = column.iter().any(value::has_percent);
    let all_fractions = values.iter().flatten().all(|v| (0.0..=1.0).contains(v));
    let any_fraction = values.iter().flatten().any(|v| *v > 0.0 && *v < 1.0);
    if !any_percent_sign && all_fractions && any_fraction {
        values.iter_mut().flatten().for_each(|v| *v *= 100.0);
        warnings.push(format!("column \"{header}\": probabilities are fractions of 1; read as percent (×100)"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::schema::{field_for_header, FileKind};

    fn raw(header: &str, cells: &[&str]) -> RawTable {
        let spec = field_for_header(FileKind::Deals, header).unwrap();
        let mut column = TextColumn::default();
        cells.iter().for_each(|c| column.push(c));
        let lines = (2..2 + cells.len() as u64).collect();
        RawTable { fields: vec![(spec, header.to_string(), column)], wide_stages: vec![], lines }
    }

    const EN: LocaleRules = LocaleRules { date_order: DateOrder::MonthFirst, decimal_mark: DecimalMark::Dot };

    #[test]
    fn mixed_decimal_marks_reject_the_first_conflicting_row() {
        let (table, rejections, _) = type_columns(raw("Amount", &["5.25", "7", "5,25"]), EN);
        assert_eq!(table.number("amount", 0), Some(5.25));
        assert_eq!(table.number("amount", 2), None);
        assert_eq!(rejections.len(), 1);
        assert_eq!(rejections[0].row, 4);
        assert!(rejections[0].reason.contains("different decimal mark"), "{}", rejections[0].reason);
    }

    #[test]
    fn one_day_above_twelve_decides_the_column() {
        let (table, rejections, warnings) = type_columns(raw("Close Date", &["01/02/2024", "31/12/2024"]), EN);
        assert!(rejections.is_empty() && warnings.is_empty());
        assert_eq!(table.date("close_date", 0), value::parse_iso_day("2024-02-01"));
    }

    #[test]
    fn ambiguous_columns_warn_and_follow_the_locale() {
        let (table, _, warnings) = type_columns(raw("Close Date", &["01/02/2024"]), EN);
        assert_eq!(table.date("close_date", 0), value::parse_iso_day("2024-01-02"));
        assert_eq!(warnings.len(), 1);
        let (table, _, warnings) = type_columns(raw("Amount", &["1.500"]), EN);
        assert_eq!(table.number("amount", 0), Some(1.5));
        assert!(warnings[0].contains("either decimal mark"));
    }

    #[test]
    fn bad_cells_reject_with_the_raw_text() {
        let (_, rejections, _) = type_columns(raw("Amount", &["12,x", ""]), EN);
        assert_eq!(rejections[0].reason, "expected a number, found \"12,x\"");
        assert_eq!(rejections[0].column, "Amount");
        let (_, rejections, _) = type_columns(raw("Close Date", &["31/02/2024"]), EN);
        assert_eq!(rejections[0].reason, "not a date: \"31/02/2024\"");
    }

    #[test]
    fn fractional_probabilities_become_percent() {
        let (table, _, warnings) = type_columns(raw("Probability", &["0.25", "1"]), EN);
        assert_eq!(table.number("probability", 0), Some(25.0));
        assert_eq!(warnings.len(), 1);
    }
}
