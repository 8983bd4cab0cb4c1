//! Any bytes as one to four CRM files plus a configuration, through load and
//! the full report: nothing may panic or hang.
#![no_main]

#[path = "../fuzz_input.rs"]
#[allow(dead_code)] // each target uses one of its entry points
mod fuzz_input;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_input::run(data));
