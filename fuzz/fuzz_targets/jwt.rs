#![no_main]
//! Fuzz target: `latchkey::fuzzing::jwt`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| latchkey::fuzzing::jwt(data));
