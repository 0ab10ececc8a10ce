//! Black-box tests: the real binaries over the real Unix socket, against the emulator or a
//! scripted HTTP server. One test binary, one link step.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

mod harness;

mod access;
mod accounts;
mod bench;
mod browser_redirects;
mod cli;
mod connections;
mod crash_trials;
mod daemon;
mod disk_trouble;
mod docs;
mod errors;
mod examples;
mod fault_matrix;
mod hardening;
mod in_process;
mod lifecycle;
mod metrics;
mod notify;
mod oidc_clients;
mod oidc_logins;
mod oidc_tokens;
mod operations;
mod providers;
mod realm_web;
mod refresh_bounds;
mod relying_party;
mod second_provider;
mod security;
mod shared_machine;
mod systemd;
mod tokens;
mod tools;
mod users;
mod watch;
mod wire;
