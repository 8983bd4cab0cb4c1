//! The tables against the standard library, character by character; with
//! `SALES_KPI_WRITE_TABLES=1` the test writes `tables.rs` from it instead
//! (then run `cargo fmt`), for a new toolchain's Unicode version.

use super::*;

fn chars() -> impl Iterator<Item = char> {
    (0..=0x10_ffff).filter_map(char::from_u32)
}

/// The sigma `to_lowercase` writes for the `Σ` of `before`Σ`after`.
fn std_sigma(before: &str, after: &str) -> char {
    let lower = format!("{before}Σ{after}").to_lowercase();
    lower.chars().nth(before.to_lowercase().chars().count()).unwrap_or_default()
}

/// Whether case ignores `c` (Unicode's Case_Ignorable), read from the
/// standard library: after "AΣ" it leaves the Σ final, and it does not
/// stop a cased letter after it from making the Σ not final.
fn ignorable(c: char) -> bool {
    std_sigma("A", &c.to_string()) == 'ς' && std_sigma("A", &format!("{c}B")) == 'σ'
}

/// Whether `c`, not ignorable, is cased: after "AΣ" it makes the Σ not final.
fn cased(c: char) -> bool {
    std_sigma("A", &c.to_string()) == 'σ'
}

/// Ranges of the sorted `members`, as `in_ranges` reads them.
fn ranges(members: impl Iterator<Item = char>) -> Vec<u32> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for code in members.map(|c| c as u32) {
        match ranges.last_mut() {
            Some((first, last)) if *last + 1 == code && code - *first < 0x800 => *last = code,
            _ => ranges.push((code, code)),
        }
    }
    ranges.into_iter().map(|(first, last)| first | ((last - first) << 21)).collect()
}

/// The runs of characters whose lower case is one character moved by the
/// same distance, each run's characters one or two apart.
fn lower_runs() -> Vec<u64> {
    let mut runs: Vec<(u32, u32, u32, i64)> = Vec::new(); // first, stride, length, distance
    let moved = chars().filter(|c| *c != CAPITAL_I_WITH_DOT && !c.is_ascii()).filter_map(|c| {
        let lower: Vec<char> = c.to_lowercase().collect();
        assert_eq!(lower.len(), 1, "{c:?} lower-cases to {lower:?}");
        (lower[0] != c).then(|| (c as u32, i64::from(lower[0] as u32) - i64::from(c as u32)))
    });
    for (code, distance) in moved {
        match runs.last_mut() {
            Some((first, stride, length, d)) if *d == distance && *length < 0x7ff => {
                let step = code - *first;
                if *length == 1 && (step == 1 || step == 2) {
                    (*stride, *length) = (step, 2);
                    continue;
                }
                if step == *stride * *length {
                    *length += 1;
                    continue;
                }
                runs.push((code, 1, 1, distance));
            }
            _ => runs.push((code, 1, 1, distance)),
        }
    }
    let pack = |(first, stride, length, distance): (u32, u32, u32, i64)| {
        u64::from(first) | u64::from(stride) << 21 | u64::from(length) << 23 | ((distance + DELTA_BIAS) as u64) << 34
    };
    runs.into_iter().map(pack).collect()
}

fn write_tables(runs: &[u64], ignorable: &[u32], cased: &[u32]) {
    let list = |values: Vec<String>| values.join(", ");
    let text = format!(
        "//! Written by `SALES_KPI_WRITE_TABLES=1 cargo test --release --lib lowercase` from the\n\
         //! standard library's lower case (see `tests.rs`); do not edit.\n\n\
         /// Runs of characters whose lower case is the character moved by one distance.\n\
         pub static LOWER_RUNS: &[u64] = &[{}];\n\n\
         /// Unicode's Case_Ignorable characters, as ranges.\n\
         pub static CASE_IGNORABLE: &[u32] = &[{}];\n\n\
         /// The cased characters that case does not ignore, as ranges.\n\
         pub static CASED: &[u32] = &[{}];\n",
        list(runs.iter().map(|v| format!("{v:#x}")).collect()),
        list(ignorable.iter().map(|v| format!("{v:#x}")).collect()),
        list(cased.iter().map(|v| format!("{v:#x}")).collect()),
    );
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lowercase/tables.rs"), text).expect("tables written");
}

/// The tables are the ones the standard library gives (Unicode may change
/// with the toolchain: then run the test with `SALES_KPI_WRITE_TABLES=1`).
#[test]
#[cfg(not(target_arch = "wasm32"))]
fn the_tables_are_the_standard_librarys() {
    let ignorable_chars: Vec<char> = chars().filter(|c| ignorable(*c)).collect();
    let cased_chars = chars().filter(|c| ignorable_chars.binary_search(c).is_err() && cased(*c));
    let (runs, ignorable, cased) = (lower_runs(), ranges(ignorable_chars.iter().copied()), ranges(cased_chars));
    if std::env::var_os("SALES_KPI_WRITE_TABLES").is_some() {
        write_tables(&runs, &ignorable, &cased);
    }
    let hint = "the standard library's lower case differs from src/lowercase/tables.rs: run this test with SALES_KPI_WRITE_TABLES=1";
    assert!(LOWER_RUNS == runs.as_slice(), "{hint}");
    assert!(CASE_IGNORABLE == ignorable.as_slice(), "{hint}");
    assert!(CASED == cased.as_slice(), "{hint}");
}

/// Every character lower-cases as `char::to_lowercase` and, in the
/// positions that decide a final sigma, as `str::to_lowercase`.
#[test]
#[cfg(not(target_arch = "wasm32"))]
fn every_character_lower_cases_as_the_standard_library() {
    for c in chars() {
        let mut ours = String::new();
        push_lower(c, &mut ours);
        assert_eq!(ours, c.to_lowercase().collect::<String>(), "{c:?}");
        for text in [format!("AΣ{c}"), format!("AΣ{c}B"), format!("{c}Σ"), format!("{c}Σ'B")] {
            assert_eq!(to_lower(&text), text.to_lowercase(), "{text:?}");
        }
    }
}

#[test]
fn words_lower_case_with_their_final_sigma() {
    for text in ["ΟΔΥΣΣΕΥΣ", "ΝΊΚΟΣ Σ. ΑΣ'", "İstanbul", "ÉTAPE Gagnée", "Σ", "ΑΣ\u{301}", "plain ascii"]
    {
        assert_eq!(to_lower(text), text.to_lowercase(), "{text}");
    }
    assert_eq!(to_lower("ΝΊΚΟΣ"), "νίκος");
}

/// Property tests (native only: proptest is not built for wasm).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Any text of letters, sigmas, marks, apostrophes and spaces.
        #[test]
        fn any_text_lower_cases_as_the_standard_library(text in "[ΣσςΑαAaİ\u{301}\u{2bc}'’. \u{10400}ǅ0-9]{0,12}") {
            prop_assert_eq!(to_lower(&text), text.to_lowercase());
        }
    }
}
