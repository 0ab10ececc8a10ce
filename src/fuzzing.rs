//! Entry points for the coverage-guided fuzz targets in `fuzz/` (cargo-fuzz) and for the seeded
//! robustness tests: each hands arbitrary bytes to the parsers of one kind of untrusted input
//! and panics only where an invariant breaks; a panic inside a parser is what the fuzzer looks
//! for. Not part of the API: the binaries never call it.

/// JWT reading: shape checks, unverified claims, HS256 verification.
pub fn jwt(data: &[u8]) {
    latchkey_emulator::jwt::fuzz(data);
}

/// The configuration file parser and validator.
pub fn config(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let defaults = crate::config::Paths {
            socket: "/run/fuzz.sock".into(),
            state_dir: "/var/lib/fuzz".into(),
            credentials_dir: None,
            socket_mode: 0o666,
        };
        let _ = crate::config::Config::from_toml(text, &defaults);
    }
}

/// Every App Services answer the backend client reads.
pub fn app_services_answer(data: &[u8]) {
    crate::backend::app_services::fuzz(data);
}

/// OpenID Connect token and error answers, ID token headers, discovery documents.
pub fn oidc_answer(data: &[u8]) {
    crate::backend::oidc::fuzz(data);
}

/// The store's record decoding, sealed blobs included.
pub fn store_record(data: &[u8]) {
    crate::store::fuzz::fuzz(data);
}

/// The emulator's admin API and login bodies.
pub fn emulator_request(data: &[u8]) {
    latchkey_emulator::fuzz(data);
}

#[cfg(test)]
mod tests {
    /// JWTs one mutation away from a valid one (the emulator crate's reader, with this crate's
    /// seeded mutations).
    #[test]
    fn near_valid_jwts_never_panic() {
        use latchkey_emulator::jwt::{FUZZ_KEY, fuzz, sign_hs256, verify_hs256};
        use serde_json::{Map, Value};
        let mut claims = Map::new();
        claims.insert("sub".into(), Value::from("u"));
        claims.insert("exp".into(), Value::from(2_000_000_000_i64));
        claims.insert("iat".into(), Value::from(1_000_000_000_i64));
        let token = sign_hs256(&claims, FUZZ_KEY);
        for input in crate::mutations::text_mutations(&token, 20_000, 1) {
            fuzz(input.as_bytes());
            // A mutation that still verifies can only be one the signature covers unchanged
            // (base64's spare bits): its claims are the original ones.
            if let Ok(verified) = verify_hs256(&input, FUZZ_KEY) {
                assert_eq!(verified, claims, "{input}");
            }
        }
    }

    /// Every input the fuzzers kept (`fuzz/packs/<target>.pack`, minimized: each input a 4-byte
    /// little-endian length and its bytes) and every crash they found
    /// (`fuzz/regressions/<target>/`), through its entry point: the short fuzz run of the test
    /// suite, without the sanitizer build a coverage-guided run needs.
    #[test]
    fn the_fuzz_corpora_and_regressions_pass() {
        type Target = (&'static str, fn(&[u8]));
        let targets: [Target; 6] = [
            ("jwt", super::jwt),
            ("config", super::config),
            ("app_services_answer", super::app_services_answer),
            ("oidc_answer", super::oidc_answer),
            ("store_record", super::store_record),
            ("emulator_request", super::emulator_request),
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        for (target, run) in targets {
            let mut inputs = 0;
            let pack = std::fs::read(root.join("packs").join(format!("{target}.pack")))
                .unwrap_or_default();
            let mut rest = pack.as_slice();
            while let Some((length, after)) = rest.split_first_chunk::<4>() {
                let length = u32::from_le_bytes(*length) as usize;
                let (input, after) = after.split_at(length.min(after.len()));
                run(input);
                inputs += 1;
                rest = after;
            }
            if let Ok(dir) = std::fs::read_dir(root.join("regressions").join(target)) {
                for entry in dir.flatten() {
                    run(&std::fs::read(entry.path()).unwrap());
                    inputs += 1;
                }
            }
            assert!(inputs > 0, "no corpus for {target}");
        }
    }
}
