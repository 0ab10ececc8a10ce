//! The processes a benchmark run drives: the release binaries beside the bench (built when
//! missing), an emulator and a daemon in a temporary directory, and what `/proc` says of them
//! (resident memory, CPU time).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, bail};

/// A child process killed when dropped.
pub(crate) struct Running {
    pub child: Child,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The directory of the binaries the bench starts: its own; when they are not there (a
/// `cargo run --bin latchkey-bench` builds only the bench), they are built first.
///
/// # Errors
/// The build fails.
pub(crate) fn binaries() -> anyhow::Result<PathBuf> {
    let own = std::env::current_exe().context("the bench's own path")?;
    let dir = own.parent().context("the bench's directory")?.to_path_buf();
    let names = ["latchkeyd", "latchkey", "latchkey-emulator"];
    if names.iter().all(|name| dir.join(name).exists()) {
        return Ok(dir);
    }
    // target/<profile>/: build the others with the bench's own profile.
    let profile = dir
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("debug")
        .to_owned();
    eprintln!("building latchkeyd, latchkey and latchkey-emulator first ({profile})");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(cargo);
    build
        .arg("build")
        .arg("--manifest-path")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml"));
    if profile != "debug" {
        build.args(["--profile", &profile]);
    }
    for name in names {
        build.args(["--bin", name]);
    }
    if !build.status().context("running cargo build")?.success() {
        bail!("cargo build failed");
    }
    Ok(dir)
}

/// Starts an emulator serving `app_id` with the given token lifetimes; its process and base
/// URL.
///
/// # Errors
/// It does not start.
pub(crate) fn emulator(
    bin: &Path,
    app_id: &str,
    access_ttl: &str,
) -> anyhow::Result<(Running, String)> {
    let mut child = Command::new(bin.join("latchkey-emulator"))
        .args(["--listen", "127.0.0.1:0", "--app-id", app_id])
        .args(["--access-ttl", access_ttl])
        .env("LATCHKEY_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .context("starting latchkey-emulator")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("emulator stdout")?).read_line(&mut line)?;
    let base_url = line
        .trim()
        .rsplit(' ')
        .next()
        .context("the emulator's ready line")?
        .to_owned();
    Ok((Running { child }, base_url))
}

/// An app table for the daemon's configuration, with any `extra` keys.
pub(crate) fn app_table(name: &str, base_url: &str, app_id: &str, extra: &str) -> String {
    format!(
        "[apps.{name}]\nkind = \"app-services\"\nbase_url = \"{base_url}\"\napp_id = \"{app_id}\"\n{extra}"
    )
}

/// A daemon on its own socket and state directory.
pub(crate) struct Daemon {
    pub process: Running,
    pub socket: PathBuf,
    /// Its log (stderr, at the default level: what a user's journal gets).
    pub log: PathBuf,
    config: PathBuf,
    bin: PathBuf,
}

impl Daemon {
    /// Writes a configuration with the app `tables` (the first named app the default) into
    /// `dir` and starts the daemon on it; returns once its socket answers.
    ///
    /// # Errors
    /// It does not start.
    pub(crate) fn start(
        bin: &Path,
        dir: &Path,
        default_app: &str,
        tables: &str,
    ) -> anyhow::Result<Self> {
        let socket = dir.join("latchkeyd.sock");
        let config = dir.join("latchkeyd.toml");
        let text = format!(
            "socket = \"{}\"\nstate_dir = \"{}\"\ndefault_app = \"{default_app}\"\n[limits]\n\
             logins_per_minute = 10000000\nmax_sessions_per_uid = 10000000\n\
             max_subscribers_per_uid = 100000\nconnections_per_uid = 100000\n{tables}",
            socket.display(),
            dir.join("state").display(),
        );
        std::fs::write(&config, text)?;
        let log = dir.join("latchkeyd.log");
        let process = Self::spawn(bin, &config, &socket, &log)?;
        Ok(Self {
            process,
            socket,
            log,
            config,
            bin: bin.to_path_buf(),
        })
    }

    /// Starts `latchkeyd` on `config`, without waiting for it.
    fn launch(bin: &Path, config: &Path, log: &Path) -> anyhow::Result<Child> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)?;
        Command::new(bin.join("latchkeyd"))
            .arg("--config")
            .arg(config)
            .env("LATCHKEY_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .context("starting latchkeyd")
    }

    fn spawn(bin: &Path, config: &Path, socket: &Path, log: &Path) -> anyhow::Result<Running> {
        let mut child = Self::launch(bin, config, log)?;
        for _ in 0..2_000 {
            if std::os::unix::net::UnixStream::connect(socket).is_ok() {
                return Ok(Running { child });
            }
            if let Some(status) = child.try_wait()? {
                bail!("latchkeyd exited with {status}");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        bail!("latchkeyd did not answer on {}", socket.display())
    }

    /// Stops the daemon (SIGTERM) and waits for it.
    ///
    /// # Errors
    /// It cannot be signalled.
    pub(crate) fn stop(&mut self) -> anyhow::Result<()> {
        let pid = rustix::process::Pid::from_child(&self.process.child);
        rustix::process::kill_process(pid, rustix::process::Signal::TERM)?;
        self.process.child.wait()?;
        Ok(())
    }

    /// Starts the daemon again on the same configuration and state, without waiting.
    ///
    /// # Errors
    /// It cannot be spawned.
    pub(crate) fn restart(&mut self) -> anyhow::Result<()> {
        self.process = Running {
            child: Self::launch(&self.bin, &self.config, &self.log)?,
        };
        Ok(())
    }

    pub(crate) fn pid(&self) -> u32 {
        self.process.child.id()
    }
}

/// Lines and bytes of a log file so far.
pub(crate) fn log_size(path: &Path) -> (u64, u64) {
    let text = std::fs::read(path).unwrap_or_default();
    let lines = text.iter().filter(|byte| **byte == b'\n').count();
    (lines as u64, text.len() as u64)
}

/// Descriptors `pid` has open.
pub(crate) fn open_fds(pid: u32) -> u64 {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |dir| dir.count() as u64)
}

/// Resident memory of `pid`, in bytes.
pub(crate) fn rss_bytes(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:") * 1024
}

/// What the resident memory of `pid` is made of, in bytes: its executable's pages (code and
/// data, shared with the page cache until written), the shared libraries', and anonymous memory
/// (heap, stacks).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RssParts {
    pub executable: u64,
    pub libraries: u64,
    pub anonymous: u64,
}

/// [`RssParts`] of `pid`, from `/proc/PID/smaps`.
pub(crate) fn rss_parts(pid: u32) -> RssParts {
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut parts = RssParts::default();
    let mut mapping = "";
    for line in smaps.lines() {
        if let Some(kib) = line.strip_prefix("Rss:") {
            let bytes = kib
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .unwrap_or(0)
                * 1024;
            match mapping {
                path if !path.is_empty() && std::path::Path::new(path) == exe => {
                    parts.executable += bytes;
                }
                path if path.starts_with('/') => parts.libraries += bytes,
                _ => parts.anonymous += bytes,
            }
        } else if line
            .split_whitespace()
            .next()
            .is_some_and(|first| first.contains('-'))
        {
            // A mapping's header: address range, mode, offset, device, inode, path.
            mapping = line.split_whitespace().nth(5).unwrap_or("");
        }
    }
    parts
}

fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time (user + system) `pid` has used so far.
pub(crate) fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after its closing paren.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|value| value.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the paren.
    let total = ticks(11) + ticks(12);
    let hz = rustix::param::clock_ticks_per_second();
    Duration::from_secs_f64(total as f64 / hz as f64)
}
