//! The one type every secret (token, password, API key, function payload) lives in.
//!
//! A [`Secret`] zeroizes its memory on drop, prints `[redacted]` in `Debug`, and gives its text
//! only through [`Secret::expose`], so every place that handles the plaintext is explicit and
//! greppable. It must never implement `Display`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

/// A secret string: zeroized on drop, redacted in `Debug`. A boxed `str`, not a `String`: it
/// never grows, and every session holds one or two.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(Box<str>);

impl Secret {
    /// Wraps a string.
    pub(crate) fn new(value: impl Into<String>) -> Self {
        let mut value = value.into();
        if value.capacity() == value.len() {
            return Self(value.into_boxed_str());
        }
        // Shrinking would move the text and free the old buffer as it is: copy, then wipe it.
        let boxed = Box::from(value.as_str());
        value.zeroize();
        Self(boxed)
    }

    /// The plaintext. Call only where the secret is used (a header, a response field).
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_output_is_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(secret.clone())), "Some([redacted])");
        assert_eq!(secret.expose(), "hunter2");
    }
}
