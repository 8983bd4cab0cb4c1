#![cfg(not(target_arch = "wasm32"))]
//! Replays every input under tests/fixtures/fuzz (the seeds, and every
//! crash or hang the fuzz campaign found, kept after its fix) through the
//! fuzz target's path: load and the full report. See scripts/fuzz.sh.

#[path = "../fuzz/fuzz_input.rs"]
mod fuzz_input;

use std::path::Path;

#[test]
fn every_fuzz_finding_stays_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut inputs: Vec<_> =
        std::fs::read_dir(&dir).expect("tests/fixtures/fuzz").flatten().map(|e| e.path()).collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no fuzz inputs in {}", dir.display());
    for input in inputs {
        let data = std::fs::read(&input).unwrap();
        let outcome = std::panic::catch_unwind(|| fuzz_input::run(&data));
        assert!(outcome.is_ok(), "{} panics", input.display());
        let outcome = std::panic::catch_unwind(|| fuzz_input::run_chunked(&data));
        assert!(outcome.is_ok(), "{}: read in chunks, the result differs (or panics)", input.display());
    }
}

#[test]
fn inputs_split_into_files_and_a_configuration() {
    let (files, config) = fuzz_input::files_and_config(b"\x05a,b\n1,2\n====\nrep\nAna\n");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["deals.csv", "reps.csv"]);
    assert_eq!((files[0].bytes.as_slice(), files[1].bytes.as_slice()), (&b"a,b\n1,2"[..], &b"rep\nAna\n"[..]));
    assert_eq!(config.as_of.as_deref(), Some("2024-03-31"));
    assert!(config.filters.reps.is_empty());
}
