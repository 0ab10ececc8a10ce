//! Sealing tokens at rest: XChaCha20-Poly1305 with a random 192-bit nonce per record and the
//! record's identity (owner uid, app, user id) as associated data, so a sealed blob moved to
//! another record does not open.
//!
//! The key comes from `$CREDENTIALS_DIRECTORY/seal-key` (systemd `LoadCredential=` /
//! `LoadCredentialEncrypted=`) or from a 0600 key file in the state directory, created on first
//! start. A missing or wrong key is a start-up error that changes nothing on disk. The key never
//! leaves this module and is zeroized on drop.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, Generate, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::StoreError;

/// Name of the key file in the state directory, and of the systemd credential.
pub(crate) const KEY_FILE: &str = "seal-key";

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// The sealing key.
pub(crate) struct SealKey {
    cipher: XChaCha20Poly1305,
    /// Where it came from, for error messages.
    origin: PathBuf,
}

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealKey")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

fn key_error(path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::Key {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Reads a key file: 32 raw bytes, or 64 hex digits (a trailing newline is allowed).
fn read_key(path: &Path) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let bytes = Zeroizing::new(fs::read(path).map_err(|err| key_error(path, err.to_string()))?);
    if bytes.len() == KEY_LEN {
        return Ok(bytes);
    }
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim();
    if text.len() == 2 * KEY_LEN && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        let decoded: Result<Vec<u8>, _> = (0..KEY_LEN)
            .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
            .collect();
        return decoded
            .map(Zeroizing::new)
            .map_err(|_| key_error(path, "not hex"));
    }
    Err(key_error(
        path,
        format!(
            "a seal key is {KEY_LEN} raw bytes or {} hex digits",
            2 * KEY_LEN
        ),
    ))
}

impl SealKey {
    /// Loads the key: the systemd credential if `credentials_dir` has one, else the key file in
    /// `state_dir`, created (0600) if absent and `may_create`.
    ///
    /// # Errors
    /// [`StoreError::Key`]: unreadable, malformed, readable by others, or missing while the store
    /// holds sealed sessions.
    pub(crate) fn load(
        state_dir: &Path,
        credentials_dir: Option<&Path>,
        may_create: bool,
    ) -> Result<Self, StoreError> {
        if let Some(dir) = credentials_dir {
            let path = dir.join(KEY_FILE);
            if path.exists() {
                return Self::from_bytes(&read_key(&path)?, path);
            }
        }
        let path = state_dir.join(KEY_FILE);
        match fs::metadata(&path) {
            Ok(meta) => {
                if meta.permissions().mode() & 0o077 != 0 {
                    return Err(key_error(&path, "readable by others; it must be mode 0600"));
                }
                let me = rustix::process::getuid().as_raw();
                if meta.uid() != me {
                    return Err(key_error(
                        &path,
                        format!("owned by uid {}, not {me}", meta.uid()),
                    ));
                }
                Self::from_bytes(&read_key(&path)?, path)
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && may_create => {
                let key = Zeroizing::new(<[u8; KEY_LEN]>::generate());
                let mut file = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&path)
                    .map_err(|err| key_error(&path, err.to_string()))?;
                file.write_all(key.as_slice())
                    .and_then(|()| file.sync_all())
                    .map_err(|err| key_error(&path, err.to_string()))?;
                Self::from_bytes(key.as_slice(), path)
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(key_error(
                &path,
                "missing, but the session store exists: restore the key (or the credential) \
                 it was sealed with; nothing was changed",
            )),
            Err(err) => Err(key_error(&path, err.to_string())),
        }
    }

    pub(crate) fn from_bytes(bytes: &[u8], origin: PathBuf) -> Result<Self, StoreError> {
        let cipher = XChaCha20Poly1305::new_from_slice(bytes)
            .map_err(|_| key_error(&origin, format!("a seal key is {KEY_LEN} bytes")))?;
        Ok(Self { cipher, origin })
    }

    /// Seals `plaintext` bound to `identity`; returns base64 of nonce || ciphertext.
    ///
    /// # Errors
    /// Never in practice (the AEAD fails only on absurd lengths).
    pub(crate) fn seal(&self, plaintext: &[u8], identity: &[u8]) -> Result<String, StoreError> {
        let nonce = XNonce::generate();
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: identity,
                },
            )
            .map_err(|_| StoreError::Io("sealing failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(STANDARD.encode(out))
    }

    /// Opens what [`SealKey::seal`] produced for the same `identity`.
    ///
    /// # Errors
    /// [`StoreError::Key`] when the blob does not open: another key, or a blob moved from
    /// another record.
    pub(crate) fn open(
        &self,
        sealed: &str,
        identity: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        let bytes = STANDARD
            .decode(sealed)
            .map_err(|_| StoreError::Corrupt("a sealed record is not base64".to_owned()))?;
        if bytes.len() < NONCE_LEN {
            return Err(StoreError::Corrupt(
                "a sealed record is too short".to_owned(),
            ));
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce)
            .map_err(|_| StoreError::Corrupt("a sealed record has a bad nonce".to_owned()))?;
        self.cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad: identity,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| {
                key_error(
                    &self.origin,
                    "does not open the stored sessions: wrong key, or a record was tampered with; \
                     nothing was changed",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_flipped_bit_anywhere_in_a_sealed_blob_is_refused_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let key = SealKey::load(dir.path(), None, true).unwrap();
        let sealed = key.seal(b"refresh-token", b"0/app/user").unwrap();
        for input in crate::mutations::text_mutations(&sealed, 5_000, 2) {
            // Only an input that decodes to the same bytes may open (base64's unused bits).
            if let Ok(plain) = key.open(&input, b"0/app/user") {
                assert_eq!(&plain[..], b"refresh-token");
            }
        }
    }

    use super::*;

    #[test]
    fn sealed_blobs_open_only_with_their_identity_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let key = SealKey::load(dir.path(), None, true).unwrap();
        let mode = fs::metadata(dir.path().join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let sealed = key.seal(b"token", b"0\0app\0u1").unwrap();
        assert_eq!(
            key.open(&sealed, b"0\0app\0u1").unwrap().as_slice(),
            b"token"
        );
        assert!(
            key.open(&sealed, b"0\0app\0u2").is_err(),
            "moved to another record"
        );
        let again = SealKey::load(dir.path(), None, false).unwrap();
        assert_eq!(
            again.open(&sealed, b"0\0app\0u1").unwrap().as_slice(),
            b"token"
        );
        let other = tempfile::tempdir().unwrap();
        let wrong = SealKey::load(other.path(), None, true).unwrap();
        assert!(matches!(
            wrong.open(&sealed, b"0\0app\0u1"),
            Err(StoreError::Key { .. })
        ));
        let missing = tempfile::tempdir().unwrap();
        assert!(SealKey::load(missing.path(), None, false).is_err());
    }
}
