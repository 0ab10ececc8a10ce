//! Reading an app's client secret before the socket is bound: from a file that only the
//! daemon's user can read (owned by it, mode 0600, not a symlink), or from a systemd credential
//! (`LoadCredential=`, under `$CREDENTIALS_DIRECTORY`, which systemd makes private). A secret
//! that cannot be read stops the daemon with exit 64; its content never reaches a message.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

use crate::config::SecretSource;
use crate::secret::Secret;

/// Largest client secret read.
const MAX_SECRET_BYTES: u64 = 4096;

/// The secret `source` names, trailing newlines trimmed.
///
/// # Errors
/// A message naming the file and what is wrong with it.
pub(super) fn read(
    source: &SecretSource,
    credentials_dir: Option<&Path>,
) -> Result<Secret, String> {
    let (path, check_owner) = match source {
        SecretSource::File(path) => (path.clone(), true),
        SecretSource::Credential(name) => {
            let dir = credentials_dir.ok_or_else(|| {
                format!(
                    "client_secret_credential {name:?} needs $CREDENTIALS_DIRECTORY (LoadCredential= in the unit)"
                )
            })?;
            (dir.join(name), false)
        }
    };
    let shown = path.display();
    let mut file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(&path)
        .map_err(|err| format!("cannot read the client secret {shown}: {err}"))?;
    let meta = file
        .metadata()
        .map_err(|err| format!("cannot read the client secret {shown}: {err}"))?;
    if !meta.is_file() {
        return Err(format!("the client secret {shown} is not a regular file"));
    }
    if check_owner {
        let me = rustix::process::geteuid().as_raw();
        if meta.uid() != me {
            return Err(format!(
                "the client secret {shown} is owned by uid {}, not by the daemon's uid {me}",
                meta.uid()
            ));
        }
        if meta.mode() & 0o077 != 0 {
            return Err(format!(
                "the client secret {shown} is readable by others (mode {:o}); it must be mode 0600",
                meta.mode() & 0o777
            ));
        }
    }
    let mut text = String::new();
    (&mut file)
        .take(MAX_SECRET_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|err| format!("cannot read the client secret {shown}: {err}"))?;
    let secret = Secret::new(text.trim_end_matches(['\n', '\r']));
    zeroize::Zeroize::zeroize(&mut text);
    if secret.expose().len() as u64 > MAX_SECRET_BYTES {
        return Err(format!(
            "the client secret {shown} is longer than {MAX_SECRET_BYTES} bytes"
        ));
    }
    if secret.expose().is_empty() {
        return Err(format!("the client secret {shown} is empty"));
    }
    Ok(secret)
}
