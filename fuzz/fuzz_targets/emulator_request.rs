#![no_main]
//! Fuzz target: `latchkey::fuzzing::emulator_request`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| latchkey::fuzzing::emulator_request(data));
