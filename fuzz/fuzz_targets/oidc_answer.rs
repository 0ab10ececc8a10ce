#![no_main]
//! Fuzz target: `latchkey::fuzzing::oidc_answer`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| latchkey::fuzzing::oidc_answer(data));
