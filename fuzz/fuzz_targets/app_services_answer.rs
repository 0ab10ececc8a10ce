#![no_main]
//! Fuzz target: `latchkey::fuzzing::app_services_answer`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| latchkey::fuzzing::app_services_answer(data));
