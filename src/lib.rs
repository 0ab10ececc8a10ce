//! Latchkey: a local auth-session daemon.
//!
//! `latchkeyd` owns the login sessions of every local user against remote identity backends,
//! keeps their access tokens fresh and serves them over gRPC on a Unix socket.
//!
//! Module map (data flows one way: `api` -> `session` -> `backend` / `store`; see
//! ARCHITECTURE.md):
//! - [`config`]: the TOML configuration, its defaults and its validation.
//! - [`daemon`]: wires everything into the running `latchkeyd` process.
//! - `api`: the gRPC services; reads the caller's identity, converts messages, maps errors.
//! - `session`: users, current-user rules, per-uid policy, the refresh path and scheduler,
//!   events; never sees gRPC types and never decodes a token.
//! - `backend`: the one trait every identity backend implements, and the App Services client.
//! - `store`: durable state in redb, tokens sealed.
//! - `clock`: the injected wall clock.
//! - `escape`: strings from outside made safe for terminals, logs and notification markup.
//! - [`emulator`]: the App Services auth emulator used by `--dev` and by the tests.
//! - [`cli`]: the `latchkey` command.
//! - [`client`]: connecting to the daemon's socket (CLI, tests, Rust clients).
//! - [`jwt`]: JSON Web Token reading and HS256 signing, for the App Services client and the
//!   emulator.
//! - `secret`: the type every secret lives in.
//! - `metrics`: the Prometheus metrics (`metrics_listen`).
//! - `bench`: the `latchkey-bench` run (hidden; not an API).
//! - `fuzzing`: entry points for the fuzz targets in `fuzz/` (hidden; not an API).
//! - [`proto`]: the generated gRPC code of `proto/latchkey/v1/latchkey.proto`.

mod api;
mod backend;
#[doc(hidden)]
pub mod bench;
pub mod cli;
pub mod client;
mod clock;
pub mod config;
pub mod daemon;
pub mod emulator;
mod escape;
#[doc(hidden)]
pub mod fuzzing;
pub mod jwt;
mod metrics;
#[cfg(test)]
mod mutations;
mod secret;
mod session;
mod store;

/// Generated code of the public gRPC contract (`proto/latchkey/v1/latchkey.proto`).
#[allow(missing_docs, clippy::all, clippy::pedantic)]
pub mod proto {
    // The messages and clients are the `latchkey-client` crate's; the servers are made here.
    pub use latchkey_client::proto::*;
    tonic::include_proto!("latchkey.v1");

    /// The encoded descriptor set, for server reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        tonic::include_file_descriptor_set!("latchkey_descriptor");
}

/// The daemon's version, as reported by `GetStatus` and `--version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
