//! Lower case exactly as the standard library's `str::to_lowercase` and
//! `char::to_lowercase` give it, from compact tables: the standard
//! library's own table lists each of its 1,400 mappings (12 KB of wasm that
//! gzip shrinks to 5 KB); here a mapping is one of 180 runs of characters
//! that move by the same distance (`A`–`Z` by 32, `Ā`, `Ă`, `Ą`… by 1), and
//! the final sigma (`Σ` at the end of a word is `ς`) reads two small tables
//! of ranges. The tables are written from the standard library itself
//! (`tables.rs`); a test checks every character against it.

mod tables;

use tables::{CASED, CASE_IGNORABLE, LOWER_RUNS};

/// The capital letter I with a dot above: the one character whose lower
/// case is two characters (`i` and the combining dot above).
const CAPITAL_I_WITH_DOT: char = '\u{130}';

/// The lower case of a character (`char::to_lowercase`), which is a single
/// character for every character but [`CAPITAL_I_WITH_DOT`].
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == CAPITAL_I_WITH_DOT {
        return 'i';
    }
    let code = c as u32;
    let at = LOWER_RUNS.partition_point(|run| run_start(*run) <= code);
    let Some(run) = at.checked_sub(1).map(|at| LOWER_RUNS[at]) else { return c };
    let (offset, stride) = (code - run_start(run), (run >> 21) as u32 & 3);
    if offset % stride != 0 || offset / stride >= (run >> 23) as u32 & 0x7ff {
        return c;
    }
    let moved = i64::from(code) + (run >> 34) as i64 - DELTA_BIAS;
    char::from_u32(moved as u32).unwrap_or(c)
}

/// A run of [`LOWER_RUNS`]: its first character (21 bits), its stride (2
/// bits: 1 or 2), its length in characters (11 bits), then its distance
/// plus [`DELTA_BIAS`].
fn run_start(run: u64) -> u32 {
    run as u32 & 0x1f_ffff
}

/// Keeps the distances of [`LOWER_RUNS`] positive.
const DELTA_BIAS: i64 = 1 << 20;

/// The lower case of `c` pushed onto `into`, as `char::to_lowercase`
/// writes it (Σ is σ: no word around it).
pub fn push_lower(c: char, into: &mut String) {
    into.push(lower_char(c));
    if c == CAPITAL_I_WITH_DOT {
        into.push('\u{307}');
    }
}

/// The letters and digits of `text`, each lower-cased as
/// `char::to_lowercase` does (near-miss keys, header keys).
pub fn lower_alphanumerics(text: &str) -> String {
    let mut lower = String::with_capacity(text.len());
    text.chars().filter(|c| c.is_alphanumeric()).for_each(|c| push_lower(c, &mut lower));
    lower
}

/// `text` in lower case, as `str::to_lowercase` gives it: a `Σ` ending a
/// word (a cased letter before it, none after it, skipping the characters
/// case ignores such as apostrophes and accents) is the final `ς`.
pub fn to_lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut lower = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if c == 'Σ' {
            let word_final = cased_first(text[..at].chars().rev()) && !cased_first(text[at + 2..].chars());
            lower.push(if word_final { 'ς' } else { 'σ' });
        } else {
            push_lower(c, &mut lower);
        }
    }
    lower
}

/// Whether the first character not ignored by case is a cased one.
fn cased_first(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|c| !in_ranges(CASE_IGNORABLE, *c)).is_some_and(|c| in_ranges(CASED, c))
}

/// Whether `c` is in one of `ranges`: each its first character (21 bits)
/// and its length less one (11 bits), sorted.
fn in_ranges(ranges: &[u32], c: char) -> bool {
    let code = c as u32;
    let at = ranges.partition_point(|range| range & 0x1f_ffff <= code);
    at.checked_sub(1).is_some_and(|at| code - (ranges[at] & 0x1f_ffff) <= ranges[at] >> 21)
}

#[cfg(test)]
mod tests;
