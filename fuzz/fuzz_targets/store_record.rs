#![no_main]
//! Fuzz target: `latchkey::fuzzing::store_record`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| latchkey::fuzzing::store_record(data));
