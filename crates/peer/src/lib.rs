//! What the kernel recorded about the peer of a connected Unix socket when it connected, beyond
//! `SO_PEERCRED`: its supplementary groups (`SO_PEERGROUPS`, Linux 4.13) and a pidfd for the
//! process (`SO_PEERPIDFD`, Linux 6.5). Both describe the connecting process itself, so a
//! decision based on them cannot be fooled by a pid that was reused after the peer exited, as a
//! later read of `/proc/<pid>` can.
//!
//! This crate exists so that the daemon can keep `#![forbid(unsafe_code)]`: the two
//! `getsockopt(2)` calls below are its only unsafe code, each with the buffer it hands the
//! kernel sized and owned here.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// Most supplementary groups asked for: the kernel's own limit (`NGROUPS_MAX`) is 65,536.
const MAX_GROUPS: usize = 65_536;

/// The supplementary groups of the process that connected `socket`, as the kernel recorded them
/// at `connect(2)` (without the primary group, which `SO_PEERCRED` gives).
///
/// # Errors
/// The kernel's error: `ENOPROTOOPT` before Linux 4.13, `ENOTCONN` or `ENOTSOCK` for a socket
/// that is not a connected Unix socket.
pub fn peer_groups(socket: BorrowedFd<'_>) -> io::Result<Vec<u32>> {
    let mut groups: Vec<libc::gid_t> = vec![0; 64];
    loop {
        let mut len = socklen(groups.len() * size_of::<libc::gid_t>())?;
        // SAFETY: `groups` is a live, writable buffer of exactly `len` bytes; the kernel writes
        // at most `len` bytes into it and stores the length it needed or wrote in `len`.
        let rc = unsafe {
            libc::getsockopt(
                socket.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_PEERGROUPS,
                groups.as_mut_ptr().cast(),
                &raw mut len,
            )
        };
        let needed = usize::try_from(len).unwrap_or(usize::MAX) / size_of::<libc::gid_t>();
        if rc == 0 {
            groups.truncate(needed.min(groups.len()));
            return Ok(groups);
        }
        let err = io::Error::last_os_error();
        // Too small a buffer: the kernel said how much it needs (the groups may have grown
        // between two calls only for another peer, never this one, but bound it anyway).
        if err.raw_os_error() == Some(libc::ERANGE) && needed > groups.len() {
            if needed > MAX_GROUPS {
                return Err(io::Error::other(
                    "the peer claims more groups than the kernel allows",
                ));
            }
            groups.resize(needed, 0);
            continue;
        }
        return Err(err);
    }
}

/// A pidfd for the process that connected `socket`: it names that process for as long as it is
/// held, even after the process exited and its pid was given to another one.
///
/// # Errors
/// The kernel's error: `ENOPROTOOPT` before Linux 6.5; `ESRCH` when the peer already exited
/// and was reaped; `ENOTCONN` or `ENOTSOCK` for a socket that is not a connected Unix socket.
pub fn peer_pidfd(socket: BorrowedFd<'_>) -> io::Result<OwnedFd> {
    let mut fd: libc::c_int = -1;
    let mut len = socklen(size_of::<libc::c_int>())?;
    // SAFETY: `fd` is a live, writable `c_int` and `len` is its size; the kernel writes at most
    // that many bytes.
    let rc = unsafe {
        libc::getsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERPIDFD,
            (&raw mut fd).cast(),
            &raw mut len,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    if fd < 0 || usize::try_from(len).ok() != Some(size_of::<libc::c_int>()) {
        return Err(io::Error::other("the kernel returned no pidfd"));
    }
    // SAFETY: the kernel just opened `fd` for us (close-on-exec); nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn socklen(bytes: usize) -> io::Result<libc::socklen_t> {
    libc::socklen_t::try_from(bytes).map_err(|_| io::Error::other("buffer too large"))
}

#[cfg(test)]
mod tests {
    use std::os::fd::AsFd;
    use std::os::unix::net::UnixStream;

    use super::*;

    fn own_groups() -> Vec<u32> {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let line = status
            .lines()
            .find_map(|line| line.strip_prefix("Groups:"))
            .unwrap_or_default();
        line.split_whitespace()
            .filter_map(|g| g.parse().ok())
            .collect()
    }

    #[test]
    fn a_socket_pair_reports_our_own_groups_and_process() {
        let (ours, theirs) = UnixStream::pair().unwrap();
        let mut groups = peer_groups(ours.as_fd()).unwrap();
        let mut expected = own_groups();
        groups.sort_unstable();
        expected.sort_unstable();
        assert_eq!(groups, expected);
        match peer_pidfd(theirs.as_fd()) {
            Ok(pidfd) => {
                let info =
                    std::fs::read_to_string(format!("/proc/self/fdinfo/{}", pidfd.as_raw_fd()))
                        .unwrap();
                let pid = info
                    .lines()
                    .find_map(|line| line.strip_prefix("Pid:"))
                    .unwrap();
                assert_eq!(pid.trim(), std::process::id().to_string());
            }
            // Kernels before 6.5.
            Err(err) => assert_eq!(err.raw_os_error(), Some(libc::ENOPROTOOPT)),
        }
    }

    #[test]
    fn what_is_not_a_socket_is_an_error() {
        let file = std::fs::File::open("/proc/self/status").unwrap();
        let groups = peer_groups(file.as_fd()).unwrap_err();
        assert_eq!(groups.raw_os_error(), Some(libc::ENOTSOCK));
        assert!(peer_pidfd(file.as_fd()).is_err());
    }
}
