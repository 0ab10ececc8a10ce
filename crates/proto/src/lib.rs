//! The public gRPC contract of `latchkeyd` (`proto/latchkey/v1/latchkey.proto`), generated once:
//! the messages and clients in [`v1`], the servers in `server` (feature `server`, the daemon's),
//! and [`Reason`], the stable `ErrorInfo` reasons of the daemon's errors, defined in the proto
//! so that every language's client gets them generated.

/// Messages and clients of `latchkey.v1`.
#[allow(missing_docs, clippy::all, clippy::pedantic)]
pub mod v1 {
    include!(concat!(env!("OUT_DIR"), "/messages/latchkey.v1.rs"));
}

pub use v1::*;

/// The servers of `latchkey.v1` (the daemon implements them) and the encoded descriptor set.
#[cfg(feature = "server")]
#[allow(missing_docs, clippy::all, clippy::pedantic)]
pub mod server {
    include!(concat!(env!("OUT_DIR"), "/servers/latchkey.v1.rs"));

    /// The encoded descriptor set of the contract, for server reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/latchkey_descriptor.bin"));
}

/// The `google.rpc.ErrorInfo` domain of every error the daemon sends.
pub const ERROR_DOMAIN: &str = "latchkey";

impl Reason {
    /// The reason of an `ErrorInfo` (its value's name, e.g. `REAUTH_REQUIRED`); `None` for a
    /// reason this build does not know (a newer daemon's).
    pub fn parse(reason: &str) -> Option<Self> {
        Self::from_str_name(reason).filter(|known| *known != Self::Unspecified)
    }
}

#[cfg(test)]
mod tests {
    use super::Reason;

    #[test]
    fn a_reason_travels_as_its_name() {
        assert_eq!(Reason::ReauthRequired.as_str_name(), "REAUTH_REQUIRED");
        assert_eq!(
            Reason::parse("NO_CURRENT_USER"),
            Some(Reason::NoCurrentUser)
        );
        assert_eq!(Reason::parse("REASON_UNSPECIFIED"), None);
        assert_eq!(Reason::parse("SOMETHING_NEWER"), None);
    }
}
