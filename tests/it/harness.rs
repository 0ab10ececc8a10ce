//! Test harness: the real binaries (`latchkey-emulator`, `latchkeyd`, `latchkey`) as child
//! processes, each test with its own temporary directory, socket and ports ([`process`]); gRPC
//! request helpers ([`requests`]); event helpers ([`events`]); and a scripted App Services server
//! for wire-format tests ([`scripted`]).

mod dot;
mod events;
mod hostile;
mod oidc;
mod process;
mod requests;
pub mod scripted;
mod tls;
mod wait;

pub use dot::*;
pub use events::*;
pub use hostile::*;
pub use oidc::*;
pub use process::*;
pub use requests::*;
pub use tls::*;
pub use wait::*;
