//! Latchkey: a local auth-session daemon.
//!
//! `latchkeyd` owns the login sessions of every local user against remote identity backends,
//! keeps their access tokens fresh and serves them over gRPC on a Unix socket.
//!
//! Module map (data flows one way: `api` -> `session` -> `backend` / `store`; see
//! ARCHITECTURE.md):
//! - [`config`]: the TOML configuration, its defaults and its validation.
//! - [`daemon`]: wires everything into the running `latchkeyd` process; its [`daemon::Builder`]
//!   runs a daemon in the caller's process (on a manual clock, in tests).
//! - `api`: the gRPC services; reads the caller's identity, converts messages, maps errors.
//! - `session`: users, current-user rules, per-uid policy, the refresh path and scheduler,
//!   events; never sees gRPC types and never decodes a token.
//! - `backend`: the core trait every identity backend implements and the capabilities some add;
//!   the App Services and OpenID Connect clients.
//! - `store`: durable state in redb, tokens sealed.
//! - [`clock`]: the injected wall clock (and the manual one tests move).
//! - `escape`: strings from outside made safe for terminals and logs (the client crate's).
//! - the App Services auth emulator used by `--dev` and by the tests, and JSON Web Token
//!   reading, are the `latchkey-emulator` crate's (`latchkey_emulator`, `latchkey_emulator::jwt`).
//! - `secret`: the type every secret lives in.
//! - `metrics`: the Prometheus metrics (`metrics_listen`).
//! - `fuzzing`: entry points for the fuzz targets in `fuzz/` (hidden; not an API).
//! - [`proto`]: the generated gRPC code of `proto/latchkey/v1/latchkey.proto` (the
//!   `latchkey-proto` crate's).
//!
//! The command line is the `latchkey-cli` crate, built on the `latchkey-client` crate like any
//! other client; nothing of it is linked here.

mod api;
use latchkey_emulator::jwt;
mod backend;
pub mod clock;
pub mod config;
pub mod daemon;
#[doc(hidden)]
pub mod fuzzing;
use latchkey_client::escape;
mod metrics;
#[cfg(test)]
mod mutations;
mod secret;
mod session;
mod store;

/// Generated code of the public gRPC contract (`proto/latchkey/v1/latchkey.proto`): the
/// `latchkey-proto` crate's messages, clients and servers in one namespace.
pub mod proto {
    pub use latchkey_proto::ERROR_DOMAIN;
    pub use latchkey_proto::server::*;
    pub use latchkey_proto::v1::*;
}

/// The daemon's version, as reported by `GetStatus` and `--version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
