//! Entry points for the coverage-guided fuzz targets in `fuzz/` (cargo-fuzz) and for the seeded
//! robustness tests: each hands arbitrary bytes to the parsers of one kind of untrusted input
//! and panics only where an invariant breaks; a panic inside a parser is what the fuzzer looks
//! for. Not part of the API: the binaries never call it.

/// JWT reading: shape checks, unverified claims, HS256 verification.
pub fn jwt(data: &[u8]) {
    crate::jwt::fuzz(data);
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
    crate::emulator::fuzz(data);
}
