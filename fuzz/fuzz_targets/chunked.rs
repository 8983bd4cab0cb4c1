//! Any bytes as one to four CRM files plus a configuration, read whole and
//! read in chunks cut anywhere: the reports (or errors) must be equal.
#![no_main]

#[path = "../fuzz_input.rs"]
#[allow(dead_code)] // each target uses one of its entry points
mod fuzz_input;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_input::run_chunked(data));
