#![no_main]
//! Fuzz target: `latchkey::fuzzing::config`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| latchkey::fuzzing::config(data));
