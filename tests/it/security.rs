//! Tokens sealed at rest, the seal key's handling, and the state directory's safety checks.

use std::os::unix::fs::PermissionsExt;

use latchkey::proto;

use crate::harness::*;

/// No token issued in the test appears in the store file; the JWT prefix does not appear at all.
#[tokio::test]
async fn the_store_holds_no_token_in_plaintext() {
    let emulator = Emulator::start();
    emulator.register("y@example.com", "password23").await;
    let mut daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let mut issued = Vec::new();
    log_in(&mut client, email("y@example.com", "password23"))
        .await
        .unwrap();
    issued.push(token(&mut client, "", false).await.unwrap().token);
    issued.push(token(&mut client, "", true).await.unwrap().token);
    log_in(&mut client, anonymous(true)).await.unwrap();
    issued.push(token(&mut client, "", false).await.unwrap().token);
    drop(client);
    daemon.terminate().await; // everything durable
    let store = std::fs::read(daemon.store_path()).unwrap();
    let text = String::from_utf8_lossy(&store);
    for token in &issued {
        let signature = token.rsplit('.').next().unwrap();
        assert!(
            !text.contains(signature),
            "a token's signature is in the store"
        );
    }
    assert!(
        !text.contains("eyJ"),
        "something JWT-shaped is in the store"
    );
    assert!(!text.contains("password23"));
    // ...and the sessions come back sealed as they were.
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    assert_eq!(
        token(&mut client, "", false).await.unwrap().token,
        issued[2]
    );
}

/// A wrong key or a missing key stops the daemon with a clear message (exit 64) and destroys
/// nothing: with the right key back, every session is there.
#[tokio::test]
async fn a_wrong_or_missing_seal_key_is_a_clear_error_that_destroys_nothing() {
    let emulator = Emulator::start();
    let mut daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    drop(client);
    daemon.terminate().await;
    let key_path = daemon.state_dir().join("seal-key");
    let mode = std::fs::metadata(&key_path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let state_mode = std::fs::metadata(daemon.state_dir())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(state_mode, 0o700);
    let store_mode = std::fs::metadata(daemon.store_path())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(store_mode, 0o600);
    let good_key = std::fs::read(&key_path).unwrap();

    std::fs::write(&key_path, [7u8; 32]).unwrap();
    let wrong = daemon.run_expecting_failure();
    assert_eq!(
        wrong.status.code(),
        Some(64),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("does not open the stored sessions"));

    std::fs::remove_file(&key_path).unwrap();
    let missing = daemon.run_expecting_failure();
    assert_eq!(missing.status.code(), Some(64));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("missing"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
    assert!(
        !key_path.exists(),
        "no new key was made over an existing store"
    );

    std::fs::write(&key_path, &good_key).unwrap();
    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let exposed = daemon.run_expecting_failure();
    assert_eq!(exposed.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&exposed.stderr).contains("0600"));
    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600)).unwrap();

    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    assert_eq!(current(&mut client).await.unwrap().id, user.id);
}

/// The key can come from systemd's credential directory (`LoadCredential=seal-key:...`), and a
/// record's sealed tokens cannot be moved to another record.
#[tokio::test]
async fn seal_key_from_the_credential_directory() {
    let emulator = Emulator::start();
    let credentials = tempfile::tempdir().unwrap();
    std::fs::write(
        credentials.path().join("seal-key"),
        format!("{}\n", "ab".repeat(32)),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut daemon = Daemon::start(&emulator.base_url).await;
    drop(dir);
    daemon.kill9();
    // Start over with a fresh state directory and the credential.
    std::fs::remove_dir_all(daemon.state_dir()).unwrap();
    daemon.env.push((
        "CREDENTIALS_DIRECTORY".into(),
        credentials.path().display().to_string(),
    ));
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    assert!(
        !daemon.state_dir().join("seal-key").exists(),
        "the credential is used, no key file made"
    );
    drop(client);
    daemon.terminate().await;
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    assert_eq!(users(&mut client).await.len(), 1);
}

/// A state directory others can write to is refused (exit 64).
#[tokio::test]
async fn an_unsafe_state_directory_is_refused() {
    let emulator = Emulator::start();
    let mut daemon = Daemon::start(&emulator.base_url).await;
    daemon.kill9();
    std::fs::set_permissions(daemon.state_dir(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let refused = daemon.run_expecting_failure();
    assert_eq!(refused.status.code(), Some(64));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("lets others write"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    std::fs::set_permissions(daemon.state_dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    daemon.spawn().await;
    let mode = std::fs::metadata(daemon.state_dir())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o700, "tightened to 0700");
    let _ = proto::ListUsersRequest::default();
}
