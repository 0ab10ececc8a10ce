//! Latchkey: a local auth-session daemon.
//!
//! `latchkeyd` owns the login sessions of every local user against remote identity backends,
//! keeps their access tokens fresh and serves them over gRPC on a Unix socket.
//!
//! Module map (data flows one way: `api` -> `session` -> `backend` / `store`):
//! - [`config`]: the TOML configuration, its defaults and its validation.
//! - [`api`]: the gRPC services; translates requests, reads the caller's identity, maps errors.
//! - [`session`]: users, current-user rules, token handling; never sees gRPC types.
//! - [`backend`]: the one trait every identity backend implements, and the App Services client.
//! - [`store`]: durable state in redb.
//! - [`emulator`]: the App Services auth emulator used by `--dev` and by the tests.
//! - [`client`]: connecting to the daemon's socket (CLI, tests, Rust clients).
//! - [`daemon`]: wires the above into a running server (shared by `latchkeyd` and the tests).
//! - [`jwt`]: JSON Web Token encoding and decoding, shared by the backend and the emulator.
//! - [`secret`]: the type every secret lives in.
//! - [`proto`]: the generated gRPC code of `proto/latchkey/v1/latchkey.proto`.

pub mod api;
pub mod backend;
pub mod cli;
pub mod client;
pub mod config;
pub mod daemon;
pub mod emulator;
pub mod jwt;
pub mod secret;
pub mod session;
pub mod store;

/// Generated code of the public gRPC contract (`proto/latchkey/v1/latchkey.proto`).
#[allow(missing_docs, clippy::all, clippy::pedantic)]
pub mod proto {
    tonic::include_proto!("latchkey.v1");

    /// The encoded descriptor set, for server reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        tonic::include_file_descriptor_set!("latchkey_descriptor");
}

/// The daemon's version, as reported by `GetStatus` and `--version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
