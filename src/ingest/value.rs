//! Cell values: numbers with either decimal mark, currency marks and
//! accounting negatives; dates in ISO, day-first, month-first, month names
//! (English and Indonesian) and Excel serials. The ambiguous choices (decimal
//! mark, day/month order) are decided once per column from all its values.

pub use crate::day::{day_from_ymd, format_day, Day, PLAUSIBLE_DAYS};
use std::borrow::Cow;

// ---------------------------------------------------------------- numbers

/// Which character is the decimal mark in a number column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    Dot,
    Comma,
}

/// What one number cell says about the column's decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkEvidence {
    /// No separator at all, or nothing to go on.
    None,
    /// Could be either (`1.500`, `1,500`).
    Ambiguous,
    Says(DecimalMark),
}

const CURRENCY_MARKS: &[&str] = &[
    "IDR", "USD", "EUR", "GBP", "SGD", "MYR", "AUD", "JPY", "INR", "CAD", "CHF", "CNY", "Rp.", "Rp", "RP", "rp", "US$",
    "S$", "RM", "$", "€", "£", "¥", "₹",
];

/// A number cell without its decoration: sign, percent and currency removed.
struct NumberParts<'r> {
    negative: bool,
    body: Cow<'r, str>,
    percent: bool,
}

/// Whether a currency mark could start or end `text`: none starts or ends
/// with a digit.
fn may_hold_currency_mark(text: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit();
    !(text.starts_with(digit) && text.ends_with(digit))
}

fn strip_decoration(raw: &str) -> Option<NumberParts<'_>> {
    // Digits and separators only (a formatted amount: `20.600.000,00`):
    // there is nothing to strip, and the general path gives the cell itself.
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Some(NumberParts { negative: false, body: Cow::Borrowed(raw), percent: false });
    }
    strip_any_decoration(raw)
}

fn strip_any_decoration(raw: &str) -> Option<NumberParts<'static>> {
    let mut text: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\'').collect();
    let mut negative = false;
    if text.starts_with('(') && text.ends_with(')') && text.len() > 2 {
        negative = true;
        text = text[1..text.len() - 1].to_string();
    }
    let mut percent = false;
    if let Some(rest) = text.strip_suffix('%') {
        percent = true;
        text = rest.to_string();
    }
    for _ in 0..2 {
        if let Some(rest) = text.strip_prefix('-') {
            negative = !negative;
            text = rest.to_string();
        }
        if let Some(rest) = text.strip_suffix('-') {
            negative = !negative;
            text = rest.to_string();
        }
        let marks = if may_hold_currency_mark(&text) { CURRENCY_MARKS } else { &[] };
        for mark in marks {
            if let Some(rest) = text.strip_prefix(mark) {
                text = rest.to_string();
            }
            if let Some(rest) = text.strip_suffix(mark) {
                text = rest.to_string();
            }
        }
    }
    if text.starts_with('+') {
        text.remove(0);
    }
    let valid = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | 'e' | 'E' | '-' | '+'))
        && text.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
    valid.then_some(NumberParts { negative, body: Cow::Owned(text), percent })
}

/// A cell without the white space around it, as `str::trim` gives it, with
/// no look at the characters when the cell starts and ends with a printable
/// ASCII character (nearly every cell).
#[inline]
pub fn trim_cell(cell: &str) -> &str {
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => cell,
        (None, _) => cell,
        _ => cell.trim(),
    }
}

/// Up to 15 ASCII digits (most amounts): read exactly, without the
/// general path, which gives the same value.
#[inline]
pub fn plain_digits(raw: &str) -> Option<f64> {
    if raw.is_empty() || raw.len() > 15 {
        return None;
    }
    // Fifteen digits stay below 10^15: no overflow, and exact as a float.
    let value = raw.bytes().try_fold(0u64, |value, byte| {
        let digit = byte.wrapping_sub(b'0');
        (digit <= 9).then(|| value * 10 + u64::from(digit))
    })?;
    Some(value as f64)
}

/// Reads the decimal-mark evidence of one cell.
pub fn mark_evidence(raw: &str) -> MarkEvidence {
    if plain_digits(raw).is_some() {
        return MarkEvidence::None;
    }
    let Some(parts) = strip_decoration(raw) else {
        return MarkEvidence::None;
    };
    let body = parts.body;
    if body.contains(['e', 'E']) {
        return MarkEvidence::Says(DecimalMark::Dot);
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    match (dots, commas) {
        (0, 0) => MarkEvidence::None,
        (_, 0) if dots > 1 => MarkEvidence::Says(DecimalMark::Comma),
        (0, _) if commas > 1 => MarkEvidence::Says(DecimalMark::Dot),
        (1, 0) => single_separator(&body, '.', DecimalMark::Dot),
        (0, 1) => single_separator(&body, ',', DecimalMark::Comma),
        _ => {
            let last_dot = body.rfind('.').unwrap_or(0);
            let last_comma = body.rfind(',').unwrap_or(0);
            MarkEvidence::Says(if last_dot > last_comma { DecimalMark::Dot } else { DecimalMark::Comma })
        }
    }
}

fn single_separator(body: &str, separator: char, as_decimal: DecimalMark) -> MarkEvidence {
    let (whole, fraction) = body.split_once(separator).unwrap_or((body, ""));
    if fraction.len() == 3 && !whole.is_empty() && whole != "0" {
        MarkEvidence::Ambiguous
    } else {
        MarkEvidence::Says(as_decimal)
    }
}

/// Parses a number cell with the column's decimal mark. `None` when the cell
/// is not a number in that convention.
pub fn parse_number(raw: &str, mark: DecimalMark) -> Option<f64> {
    if let Some(value) = plain_digits(raw) {
        return Some(value);
    }
    let parts = strip_decoration(raw)?;
    let (decimal, group) = match mark {
        DecimalMark::Dot => ('.', ','),
        DecimalMark::Comma => (',', '.'),
    };
    let body = parts.body;
    if body.contains(['e', 'E']) && mark == DecimalMark::Comma && body.contains('.') {
        return None;
    }
    if let Some(at) = body.find(decimal) {
        if body[at..].contains(group) || body[at + 1..].contains(decimal) {
            return None;
        }
    }
    if !groups_are_valid(&body, decimal, group) {
        return None;
    }
    let value = parse_plain(&body, decimal, group)?;
    if !value.is_finite() {
        return None;
    }
    let value = if parts.negative { -value } else { value };
    Some(value)
}

/// The value of a number body (ASCII: see [`strip_decoration`]) read
/// without its group separators and with its decimal mark as a point: on
/// the stack when it is short (a number cell always is), no `String`.
fn parse_plain(body: &str, decimal: char, group: char) -> Option<f64> {
    const SHORT: usize = 48;
    let plain =
        body.bytes().filter(|b| char::from(*b) != group).map(|b| if char::from(b) == decimal { b'.' } else { b });
    let mut short = [0u8; SHORT];
    if body.len() > SHORT || !body.is_ascii() {
        return crate::decimal::parse_f64_bytes(&plain.collect::<Vec<u8>>());
    }
    let len = short.iter_mut().zip(plain).map(|(at, byte)| *at = byte).count();
    crate::decimal::parse_f64_bytes(&short[..len])
}

/// Thousands groups must be three digits: `1,234,567` yes, `12,34` no.
fn groups_are_valid(body: &str, decimal: char, group: char) -> bool {
    let whole = body.split(decimal).next().unwrap_or("");
    if !whole.contains(group) {
        return true;
    }
    let mut groups = whole.split(group);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// True when the cell carried a percent sign.
pub fn has_percent(raw: &str) -> bool {
    raw.contains('%') && strip_decoration(raw).is_some_and(|parts| parts.percent)
}

/// The column's decimal mark and, when the data did not settle it, a flag.
pub struct NumberColumnFormat {
    pub mark: DecimalMark,
    pub ambiguous: bool,
}

pub fn decide_decimal_mark<'a>(values: impl Iterator<Item = &'a str>, locale_mark: DecimalMark) -> NumberColumnFormat {
    let mut decided: Option<DecimalMark> = None;
    let mut ambiguous = false;
    for raw in values {
        match mark_evidence(raw) {
            MarkEvidence::Says(mark) if decided.is_none() => decided = Some(mark),
            MarkEvidence::Ambiguous => ambiguous = true,
            _ => {}
        }
    }
    NumberColumnFormat { mark: decided.unwrap_or(locale_mark), ambiguous: ambiguous && decided.is_none() }
}

// ------------------------------------------------------------------ dates

/// Day/month order of numeric dates in a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("januari", 1),
    ("jan", 1),
    ("february", 2),
    ("februari", 2),
    ("feb", 2),
    ("pebruari", 2),
    ("peb", 2),
    ("march", 3),
    ("maret", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("mei", 5),
    ("june", 6),
    ("juni", 6),
    ("jun", 6),
    ("july", 7),
    ("juli", 7),
    ("jul", 7),
    ("august", 8),
    ("agustus", 8),
    ("aug", 8),
    ("agu", 8),
    ("agt", 8),
    ("ags", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oktober", 10),
    ("oct", 10),
    ("okt", 10),
    ("november", 11),
    ("nopember", 11),
    ("nov", 11),
    ("nop", 11),
    ("december", 12),
    ("desember", 12),
    ("dec", 12),
    ("des", 12),
];

fn month_number(word: &str) -> Option<u32> {
    let word = crate::lowercase::to_lower(word.trim_end_matches('.'));
    MONTHS.iter().find(|(name, _)| *name == word).map(|(_, n)| *n)
}

/// The date part of a cell: a time (`10:30`, `T10:30:00Z`, `3:04 PM`) and a
/// zone are cut off, as SPEC says ("the date part as written").
fn date_part(raw: &str) -> &str {
    let text = raw.trim();
    let cut = text.find('T').filter(|at| *at >= 8 && text[..*at].chars().all(|c| c.is_ascii_digit() || c == '-'));
    let text = match cut {
        Some(at) => &text[..at],
        None => text,
    };
    match text.find(':') {
        Some(colon) => text[..colon].rsplit_once(' ').map_or(text, |(date, _)| date).trim(),
        None => text,
    }
}

/// Three numeric parts of a `a/b/c` (or `.` or `-`) date, year-first or not.
fn numeric_parts(text: &str) -> Option<(bool, [u32; 3], usize)> {
    if let Some(ymd) = iso_parts(text) {
        return Some((true, ymd, 2));
    }
    let separator = ['/', '-', '.'].into_iter().find(|s| text.contains(*s))?;
    let mut split = text.split(separator);
    let mut parts = [""; 3];
    for part in &mut parts {
        *part = split.next()?;
    }
    if split.next().is_some()
        || parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let numbers = [parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?];
    Some((parts[0].len() == 4, numbers, parts[2].len()))
}

/// `YYYY-MM-DD` exactly (the common case), without splitting.
fn iso_parts(text: &str) -> Option<[u32; 3]> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u32, |acc, b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
    };
    Some([number(0..4)?, number(5..7)?, number(8..10)?])
}

/// The numeric parts of a date cell (see [`numeric_parts`]); a plain
/// `YYYY-MM-DD`, the common case, is read without looking for a time.
fn cell_parts(raw: &str) -> Option<(bool, [u32; 3], usize)> {
    match iso_parts(raw) {
        Some(ymd) => Some((true, ymd, 2)),
        None => numeric_parts(date_part(raw)),
    }
}

fn full_year(year: u32, digits: usize) -> i32 {
    match digits {
        2 if year < 70 => 2000 + year as i32,
        2 => 1900 + year as i32,
        _ => year as i32,
    }
}

/// The day of a date cell that every date order reads alike (year first,
/// as `2024-03-05`), when it is a plausible one: what [`parse_date`] gives
/// it under any order, without a rejection.
pub fn order_free_day(raw: &str) -> Option<Day> {
    match cell_parts(raw)? {
        (true, [year, month, day], _) => day_from_ymd(year as i32, month, day).filter(|d| PLAUSIBLE_DAYS.contains(d)),
        _ => None,
    }
}

/// Parses a date cell with the column's order.
pub fn parse_date(raw: &str, order: DateOrder) -> Option<Day> {
    if let Some((year_first, [a, b, c], last_digits)) = cell_parts(raw) {
        return if year_first {
            day_from_ymd(a as i32, b, c)
        } else {
            let (day, month) = match order {
                DateOrder::DayFirst => (a, b),
                DateOrder::MonthFirst => (b, a),
            };
            if last_digits != 4 && last_digits != 2 {
                return None;
            }
            day_from_ymd(full_year(c, last_digits), month, day)
        };
    }
    let text = date_part(raw);
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return excel_serial(text);
    }
    parse_month_name_date(text)
}

/// Excel's day serials (1900 system): 20000–80000 covers 1954–2119.
fn excel_serial(text: &str) -> Option<Day> {
    let serial: i32 = text.parse().ok()?;
    if !(20_000..=80_000).contains(&serial) {
        return None;
    }
    day_from_ymd(1899, 12, 30).map(|base| base + serial)
}

/// `5 Maret 2024`, `March 5, 2024`, `05-Mar-2024`, `Mar 5 2024`, `Tue, 5 Mar 2024`.
fn parse_month_name_date(text: &str) -> Option<Day> {
    let words: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/').filter(|w| !w.is_empty()).collect();
    let month_at = words.iter().position(|w| month_number(w).is_some())?;
    let month = month_number(words[month_at])?;
    let numbers: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != month_at)
        .map(|(_, w)| *w)
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let others = words.len() - 1 - numbers.len();
    if numbers.len() != 2 || others > 1 {
        return None;
    }
    let (day, year) = if numbers[0].len() == 4 { (numbers[1], numbers[0]) } else { (numbers[0], numbers[1]) };
    let year_value: u32 = year.parse().ok()?;
    if year.len() != 4 && year.len() != 2 {
        return None;
    }
    day_from_ymd(full_year(year_value, year.len()), month, day.parse().ok()?)
}

/// The column's date order and whether the data left it open.
pub struct DateColumnFormat {
    pub order: DateOrder,
    pub ambiguous: bool,
}

/// The first day/month date that only one order accepts decides the
/// column; a date either order would read differently leaves it open.
pub fn decide_date_order<'a>(values: impl Iterator<Item = &'a str>, locale_order: DateOrder) -> DateColumnFormat {
    let mut decided = None;
    let mut ambiguous = false;
    for raw in values {
        let Some((false, [a, b, _], _)) = cell_parts(raw) else { continue };
        match (a > 12, b > 12) {
            (true, false) => _ = decided.get_or_insert(DateOrder::DayFirst),
            (false, true) => _ = decided.get_or_insert(DateOrder::MonthFirst),
            (false, false) => ambiguous |= a != b,
            (true, true) => {}
        }
    }
    DateColumnFormat { order: decided.unwrap_or(locale_order), ambiguous: ambiguous && decided.is_none() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `YYYY-MM-DD` exactly: ten bytes, digits around two dashes.
    #[test]
    fn iso_parts_read_only_year_month_day_with_dashes() {
        assert_eq!(iso_parts("2024-03-05"), Some([2024, 3, 5]));
        assert_eq!(iso_parts("0999-12-31"), Some([999, 12, 31]));
        assert_eq!(iso_parts("2024-13-45"), Some([2024, 13, 45]), "a range is checked later, by the day");
        for cell in [
            "2024-3-05",
            "2024-03-5 ",
            "2024/03/05",
            "2024-0a-05",
            "2O24-03-05",
            "2024-03-0:",
            "2024-03-05T1",
            "2024–03–05",
        ] {
            assert_eq!(iso_parts(cell), None, "{cell:?}");
        }
    }

    /// Up to fifteen ASCII digits, and nothing else, read as `u64` reads them.
    #[test]
    fn plain_digits_are_whole_numbers_of_up_to_fifteen_digits() {
        let cells = [
            "",
            "0",
            "007",
            "20600000",
            "999999999999999",
            "1000000000000000",
            "12a",
            "-1",
            " 1",
            "+5",
            "1.5",
            "\u{661}",
        ];
        for cell in cells {
            let expected = (cell.len() <= 15 && !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit()))
                .then(|| cell.parse::<u64>().unwrap() as f64);
            assert_eq!(plain_digits(cell), expected, "{cell:?}");
        }
        assert_eq!(plain_digits("999999999999999"), Some(999_999_999_999_999.0));
        assert_eq!(plain_digits("/"), None);
        assert_eq!(plain_digits(":"), None);
    }
    use crate::day::parse_iso_day;

    #[test]
    fn cells_are_trimmed_as_str_trim_does() {
        for cell in ["", " ", "a", " a ", "\u{a0}Budi\u{3000}", "Budi\t", "\u{feff}x", "é ", " Ü", "x\u{85}", "a b"] {
            assert_eq!(trim_cell(cell), cell.trim(), "{cell:?}");
        }
    }
    use DecimalMark::{Comma, Dot};

    fn ymd(text: &str) -> Day {
        parse_iso_day(text).unwrap()
    }

    #[test]
    fn numbers_of_spec_section_2() {
        assert_eq!(parse_number("1,234.56", Dot), Some(1234.56));
        assert_eq!(parse_number("1.234,56", Comma), Some(1234.56));
        assert_eq!(parse_number("Rp 1.500.000", Comma), Some(1_500_000.0));
        assert_eq!(parse_number("IDR 2.500.000,50", Comma), Some(2_500_000.5));
        assert_eq!(parse_number("$1,200", Dot), Some(1200.0));
        assert_eq!(parse_number("$1,234.56", Dot), Some(1234.56));
        assert_eq!(parse_number("(1,234)", Dot), Some(-1234.0));
        assert_eq!(parse_number("1.5e3", Dot), Some(1500.0));
        assert_eq!(parse_number("12%", Dot), Some(12.0));
        assert!(has_percent("12%"));
        assert_eq!(parse_number("-42", Dot), Some(-42.0));
        assert_eq!(parse_number("1 500 000", Dot), Some(1_500_000.0));
        assert_eq!(parse_number("USD 99", Dot), Some(99.0));
        assert_eq!(parse_number("99 EUR", Dot), Some(99.0));
    }

    #[test]
    fn plausible_days_are_the_years_1900_to_2100() {
        assert_eq!(PLAUSIBLE_DAYS.start(), &ymd("1900-01-01"));
        assert_eq!(PLAUSIBLE_DAYS.end(), &ymd("2100-12-31"));
    }

    #[test]
    fn non_numbers_are_refused_never_zero() {
        for raw in ["12,x", "abc", "", "1.2.3,4,5", "12,34", "--", "1e999", "$", "(", "1,2,3"] {
            assert_eq!(parse_number(raw, Dot), None, "{raw}");
        }
        assert_eq!(parse_number("5,25", Dot), None);
        assert_eq!(parse_number("5.25", Comma), None);
    }

    #[test]
    fn decimal_mark_is_decided_per_column() {
        let column = ["1.500", "2.000"];
        let format = decide_decimal_mark(column.iter().copied(), Dot);
        assert!(format.ambiguous);
        assert_eq!(format.mark, Dot);
        let column = ["1.500", "2.500,75"];
        let format = decide_decimal_mark(column.iter().copied(), Dot);
        assert_eq!(format.mark, Comma);
        assert!(!format.ambiguous);
        let mixed = ["5.25", "7", "5,25"];
        let format = decide_decimal_mark(mixed.iter().copied(), Dot);
        assert_eq!(format.mark, Dot);
    }

    #[test]
    fn dates_of_spec_section_2() {
        assert_eq!(parse_date("2024-03-05", DateOrder::DayFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("2024-03-05 14:30:00", DateOrder::DayFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("2024-03-05T23:30:00+07:00", DateOrder::DayFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("2024-03-05T23:30:00Z", DateOrder::DayFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("05/03/2024", DateOrder::DayFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("03/05/2024", DateOrder::MonthFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("3/5/2024 10:30 AM", DateOrder::MonthFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("5 Maret 2024", DateOrder::MonthFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("5 March 2024", DateOrder::MonthFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("March 5, 2024", DateOrder::DayFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("05-Mar-2024", DateOrder::DayFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("17 Agustus 2024", DateOrder::DayFirst), Some(ymd("2024-08-17")));
        assert_eq!(parse_date("45356", DateOrder::DayFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("05.03.2024", DateOrder::DayFirst), Some(ymd("2024-03-05")));
        assert_eq!(parse_date("05/03/24", DateOrder::DayFirst), Some(ymd("2024-03-05")));
    }

    #[test]
    fn bad_dates_are_refused() {
        for raw in ["31/02/2024", "2024-13-01", "yesterday", "12", "5 Foo 2024", "2024-02-30", "1/2/3/4"] {
            assert_eq!(parse_date(raw, DateOrder::DayFirst), None, "{raw}");
        }
    }

    #[test]
    fn date_order_is_decided_per_column() {
        let column = ["01/02/2024", "31/12/2024"];
        let format = decide_date_order(column.iter().copied(), DateOrder::MonthFirst);
        assert_eq!((format.order, format.ambiguous), (DateOrder::DayFirst, false));
        let column = ["01/02/2024", "03/04/2024"];
        let format = decide_date_order(column.iter().copied(), DateOrder::MonthFirst);
        assert_eq!((format.order, format.ambiguous), (DateOrder::MonthFirst, true));
        let column = ["2024-01-02"];
        assert!(!decide_date_order(column.iter().copied(), DateOrder::MonthFirst).ambiguous);
    }

    /// No currency mark starts or ends with a digit: a cell with a digit at
    /// each end is not looked at for one (see `may_hold_currency_mark`).
    #[test]
    fn no_currency_mark_starts_or_ends_with_a_digit() {
        for mark in CURRENCY_MARKS {
            assert!(may_hold_currency_mark(mark), "{mark}");
            assert!(
                may_hold_currency_mark(&format!("1{mark}")) && may_hold_currency_mark(&format!("{mark}1")),
                "{mark}"
            );
        }
        assert!(!may_hold_currency_mark("1.500") && !may_hold_currency_mark("7"));
    }
}

/// Property tests (native only: proptest is not built for wasm).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A cell of digits and separators only is its own body, as the
        /// general path strips it, and reads the same either way.
        #[test]
        fn plain_separated_digits_strip_to_themselves(raw in "[0-9.,]{1,14}") {
            let quick = strip_decoration(&raw).map(|parts| (parts.negative, parts.body.into_owned(), parts.percent));
            let general = strip_any_decoration(&raw).map(|parts| (parts.negative, parts.body.into_owned(), parts.percent));
            prop_assert_eq!(&quick, &general);
            prop_assert_eq!(quick, Some((false, raw.clone(), false)));
        }
    }
}
