//! What the daemon learned about a provider that must outlive a restart: whether a narrowed
//! refresh narrows a session's own grant there, and whether it ends the previous access token at
//! each refresh. Each is found out at the cost of one session (a narrowed grant) or a few
//! requests, so it is kept in `STATE_DIR/oidc-facts.json` (mode 0600, written whole and renamed
//! into place), by issuer and client id, and read when the app's client is made.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file, in the state directory.
const FILE: &str = "oidc-facts.json";

/// What is known of one provider and client; `None`: not found out yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Learned {
    /// A narrowed refresh narrows the session's own grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrows_grant: Option<bool>,
    /// The provider ends the previous access token at each refresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_previous_token: Option<bool>,
}

/// Where one app's facts are kept.
#[derive(Debug, Clone)]
pub(super) struct Facts {
    path: Option<PathBuf>,
    key: String,
}

/// Writers of the file, one at a time (every oidc app of the daemon shares it).
static WRITING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Facts {
    /// The facts of `client_id` at `issuer`, kept under `state_dir` (`None`: not kept).
    pub(super) fn new(state_dir: Option<&Path>, issuer: &str, client_id: &str) -> Self {
        Self {
            path: state_dir.map(|dir| dir.join(FILE)),
            key: format!("{issuer} {client_id}"),
        }
    }

    fn read_all(path: &Path) -> BTreeMap<String, Learned> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|err| {
                tracing::warn!(path = %path.display(), error = %err, "unreadable provider facts; found out again");
                BTreeMap::new()
            }),
            Err(_) => BTreeMap::new(),
        }
    }

    /// What was learned before (nothing when the file is missing or unreadable).
    pub(super) fn load(&self) -> Learned {
        self.path
            .as_deref()
            .map(Self::read_all)
            .and_then(|all| all.get(&self.key).copied())
            .unwrap_or_default()
    }

    /// Records what was just learned; a failure to write is logged, not returned (the fact is
    /// still known until the daemon stops).
    pub(super) async fn save(&self, update: impl FnOnce(&mut Learned) + Send + 'static) {
        let Some(path) = self.path.clone() else {
            return;
        };
        let key = self.key.clone();
        let _one_writer = WRITING.lock().await;
        let written = tokio::task::spawn_blocking(move || {
            let mut all = Self::read_all(&path);
            update(all.entry(key).or_default());
            write_private(&path, &serde_json::to_vec_pretty(&all)?)
        })
        .await;
        match written {
            Ok(Ok(())) => {}
            Ok(Err(err)) => {
                tracing::warn!(error = %err, "cannot keep what was learned of the provider; it is found out again after a restart")
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot keep what was learned of the provider")
            }
        }
    }
}

/// Writes `bytes` to `path` through a temporary file of mode 0600 renamed into place.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let temporary = path.with_extension("json.tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn facts_are_kept_per_provider_and_client() {
        let dir = tempfile::tempdir().unwrap();
        let corp = Facts::new(Some(dir.path()), "https://id.example/o", "latchkey");
        let other = Facts::new(Some(dir.path()), "https://id.example/o", "another");
        assert_eq!(corp.load(), Learned::default());
        corp.save(|learned| learned.narrows_grant = Some(true))
            .await;
        corp.save(|learned| learned.ends_previous_token = Some(true))
            .await;
        assert_eq!(
            corp.load(),
            Learned {
                narrows_grant: Some(true),
                ends_previous_token: Some(true)
            }
        );
        assert_eq!(other.load(), Learned::default());
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(dir.path().join(FILE))
                .unwrap()
                .permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);
        // A damaged file is found out again, not fatal.
        std::fs::write(dir.path().join(FILE), b"{not json").unwrap();
        assert_eq!(corp.load(), Learned::default());
        assert_eq!(Facts::new(None, "i", "c").load(), Learned::default());
    }
}
