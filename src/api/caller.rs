//! Who calls: the connection's peer as the kernel reported it when the connection was accepted
//! (see `peer`: uid, gid, pid, supplementary groups, executable), and the `[access]` gate every
//! request passes before any work.

use std::collections::HashMap;

use tonic::{Code, Request, Status};

use super::peer::Peer;
use super::{error_status, status_of};
use crate::proto::Reason;
use crate::session::{Caller, Sessions};

/// The caller of a request: the connection's peer, read from the kernel when it was accepted.
///
/// # Errors
/// PERMISSION_DENIED when the connection has no peer (not one the daemon accepted).
pub(crate) fn caller<T>(request: &Request<T>) -> Result<Caller, Status> {
    // Read once per request: the `[access]` gate leaves what it read for the handler.
    if let Some(caller) = request.extensions().get::<Caller>() {
        return Ok(caller.clone());
    }
    let peer = request.extensions().get::<Peer>().ok_or_else(|| {
        error_status(
            Code::PermissionDenied,
            Reason::PeerUnknown,
            "the caller's identity cannot be read from the connection",
            HashMap::new(),
        )
    })?;
    Ok(Caller {
        uid: peer.uid,
        gid: peer.gid,
        pid: peer.pid,
        groups: peer.groups.clone(),
        exe: peer.exe.clone(),
    })
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
