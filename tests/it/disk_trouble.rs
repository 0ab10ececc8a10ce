//! Disk trouble: the state directory on a small tmpfs that fills up. Logins fail with a clear
//! UNAVAILABLE, sessions already stored keep being served, what a failed login made in memory
//! does not outlive it, nothing stored is damaged, and the daemon recovers by itself once there
//! is space again; on a read-only state directory it refuses to start with a clear message.
//! Needs root and `mount` (skipped with a message where tmpfs cannot be mounted).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::*;

/// A tmpfs of `size` mounted on `dir`, unmounted on drop.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    fn mount(dir: &Path, size: &str) -> Option<Self> {
        let mounted = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(dir)
            .status()
            .is_ok_and(|status| status.success());
        if !mounted {
            crate::harness::skip("cannot mount a tmpfs here (needs root and mount)");
            return None;
        }
        Some(Self {
            dir: dir.to_owned(),
        })
    }

    fn path(&self) -> &Path {
        &self.dir
    }

    fn remount(&self, option: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{option}")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount {option}");
    }

    /// Fills the disk with a file until writes fail; the file's path.
    fn fill(&self) -> PathBuf {
        let filler = self.path().join("filler");
        let _ = Command::new("dd")
            .args(["if=/dev/zero", "bs=4096"])
            .arg(format!("of={}", filler.display()))
            .output();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

#[tokio::test]
async fn a_full_or_read_only_state_directory_refuses_logins_and_recovers() {
    let emulator = Emulator::start();
    let mut daemon = Daemon::start(&emulator.base_url).await;
    // The state directory becomes a 4 MiB disk of its own (a new store and seal key on it).
    daemon.terminate().await;
    let Some(disk) = SmallDisk::mount(&daemon.state_dir(), "4m") else {
        return;
    };
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    let kept = log_in(&mut client, anonymous(true)).await.unwrap();

    // Full: a login fails with a clear UNAVAILABLE; the stored session is still served.
    let filler = disk.fill();
    let mut refused = None;
    for _ in 0..20 {
        match log_in(&mut client, anonymous(true)).await {
            Ok(_) => continue,
            Err(status) => {
                refused = Some(status);
                break;
            }
        }
    }
    let status = refused.expect("logins fail on a full disk");
    assert_eq!(status.code(), tonic::Code::Unavailable, "{status:?}");
    assert!(
        status.message().contains("session store"),
        "{}",
        status.message()
    );
    token(&mut client, &kept.id, false)
        .await
        .expect("a stored session is served on a full disk");

    // Space comes back: logins work again, without a restart.
    std::fs::remove_file(&filler).unwrap();
    let after = log_in(&mut client, anonymous(true))
        .await
        .expect("a login once the disk can be written again");
    // What the failed logins made in memory did not outlive their failure: the current user is
    // the last acknowledged login, in memory as after a restart.
    let current = |users: &[latchkey::proto::User]| {
        users
            .iter()
            .filter(|user| user.is_current)
            .map(|user| user.id.clone())
            .collect::<Vec<_>>()
    };
    let listed = users(&mut client).await;
    assert_eq!(current(&listed), vec![after.id.clone()]);

    // Nothing stored was damaged: after a restart every acknowledged login is there, and only
    // those.
    daemon.terminate().await;
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    let users = users(&mut client).await;
    assert_eq!(current(&users), vec![after.id.clone()]);
    assert_eq!(users.len(), listed.len(), "{users:?}");
    for user in [&kept, &after] {
        assert!(
            users.iter().any(|listed| listed.id == user.id),
            "{} lost",
            user.id
        );
        token(&mut client, &user.id, false).await.unwrap();
    }

    // Read-only at start (the kernel refuses to remount a filesystem read-only while the daemon
    // has its store open for writing, so this is the case a test can make): the daemon refuses
    // to start with a message naming the store, and starts with everything once it is writable.
    daemon.terminate().await;
    disk.remount("ro");
    let refused = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
        .arg("--config")
        .arg(&daemon.config_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(stderr.contains("sessions.redb"), "{stderr}");
    assert!(stderr.contains("Read-only file system"), "{stderr}");
    disk.remount("rw");
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    for user in [&kept, &after] {
        token(&mut client, &user.id, false).await.unwrap();
    }
}
