//! Who calls: the uid, gid and pid the kernel reported for the connection (`SO_PEERCRED`,
//! captured once per connection when it was accepted), the caller's supplementary groups from
//! `/proc` when a rule asks for them, its executable for the audit log, and the `[access]` gate
//! every request passes before any work.

use std::collections::HashMap;
use std::sync::Arc;

use tonic::transport::server::UdsConnectInfo;
use tonic::{Code, Request, Status};

use super::{error_status, status_of};
use crate::session::{Caller, Sessions};

/// The caller of a request.
///
/// # Errors
/// PERMISSION_DENIED when the connection has no peer credentials (not a Unix socket).
pub(crate) fn caller<T>(request: &Request<T>) -> Result<Caller, Status> {
    // Read once per request: the `[access]` gate leaves what it read for the handler.
    if let Some(caller) = request.extensions().get::<Caller>() {
        return Ok(caller.clone());
    }
    let credentials = request
        .extensions()
        .get::<UdsConnectInfo>()
        .and_then(|info| info.peer_cred)
        .ok_or_else(|| {
            error_status(
                Code::PermissionDenied,
                "PEER_UNKNOWN",
                "the caller's identity cannot be read from the connection",
                HashMap::new(),
            )
        })?;
    let (gid, pid) = (credentials.gid(), credentials.pid());
    Ok(Caller {
        uid: credentials.uid(),
        gid,
        pid,
        groups: Arc::new(move || caller_groups(gid, pid)),
    })
}

/// The caller's groups: the primary gid from the peer credentials plus the supplementary ones
/// from `/proc/<pid>/status` (best effort: a process that already exited has only its primary).
fn caller_groups(gid: u32, pid: Option<i32>) -> Vec<u32> {
    let mut groups = vec![gid];
    if let Some(status) =
        pid.and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
        && let Some(line) = status.lines().find_map(|line| line.strip_prefix("Groups:"))
    {
        groups.extend(
            line.split_whitespace()
                .filter_map(|gid| gid.parse::<u32>().ok()),
        );
    }
    groups
}

/// The caller's executable, for the audit log: `/proc/<pid>/exe`, or `unknown` when the process
/// already exited or is not ours to inspect.
pub(crate) fn caller_exe(caller: &Caller) -> String {
    caller
        .pid
        .and_then(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).ok())
        .map_or_else(|| "unknown".to_owned(), |path| path.display().to_string())
}

/// The `[access]` gate, as a tonic interceptor: callers outside the policy get PERMISSION_DENIED
/// before any work.
///
/// # Errors
/// PERMISSION_DENIED, reason `ACCESS_DENIED` (or `PEER_UNKNOWN` without peer credentials).
pub(crate) fn authorize(
    sessions: &Sessions,
    mut request: Request<()>,
) -> Result<Request<()>, Status> {
    let caller = caller(&request)?;
    match sessions.admit(&caller) {
        Ok(()) => {
            request.extensions_mut().insert(caller);
            Ok(request)
        }
        Err(refused) => {
            tracing::info!(target: "audit", uid = caller.uid, pid = caller.pid, "connection refused by [access]");
            Err(status_of(&refused))
        }
    }
}
