//! Latency, throughput and memory of the daemon, printed as numbers (never asserted):
//! `cargo bench --bench latency`. Starts the release binaries: an emulator and a daemon with its
//! own state directory and socket.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark"
)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use latchkey::proto::{self, sessions_client::SessionsClient};
use tokio::time::Instant;

const SEQUENTIAL: usize = 20_000;
const CONCURRENT_CLIENTS: usize = 16;
const CONCURRENT_EACH: usize = 4_000;
const LOGINS: usize = 300;
const CLI_RUNS: usize = 100;
const EXTRA_SESSIONS: usize = 1_000;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn percentiles(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize].as_secs_f64() * 1e6;
    println!(
        "{name:<44} n={:<6} p50={:>8.1}us p90={:>8.1}us p99={:>8.1}us max={:>8.1}us",
        samples.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn anonymous(new_user: bool) -> proto::LogInRequest {
    proto::LogInRequest {
        app: String::new(),
        credentials: Some(proto::Credentials {
            kind: Some(proto::credentials::Kind::Anonymous(
                proto::AnonymousCredential { new_user },
            )),
        }),
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut emulator = Command::new(env!("CARGO_BIN_EXE_latchkey-emulator"))
        .args(["--listen", "127.0.0.1:0", "--app-id", "bench"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(emulator.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _emulator = Killed(emulator);
    let base_url = line.trim().rsplit(' ').next().unwrap().to_owned();
    let socket = dir.path().join("latchkeyd.sock");
    let config = dir.path().join("latchkeyd.toml");
    std::fs::write(
        &config,
        format!(
            "socket = \"{}\"\nstate_dir = \"{}\"\n[limits]\nlogins_per_minute = 100000\nmax_sessions_per_uid = 100000\n[apps.bench]\nkind = \"app-services\"\nbase_url = \"{base_url}\"\napp_id = \"bench\"\n",
            socket.display(),
            dir.path().join("state").display()
        ),
    )
    .unwrap();
    let daemon = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
        .arg("--config")
        .arg(&config)
        .env("LATCHKEY_LOG", "warn")
        .spawn()
        .unwrap();
    let pid = daemon.id();
    let _daemon = Killed(daemon);
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        std::thread::sleep(Duration::from_millis(10));
    }
    println!(
        "latchkeyd benchmark ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("daemon idle RSS: {} KiB", rss_kib(pid));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut client = SessionsClient::new(latchkey::client::connect(&socket).await.unwrap());
        client.log_in(anonymous(false)).await.unwrap();
        let request = || proto::GetAccessTokenRequest::default();
        for _ in 0..1_000 {
            client.get_access_token(request()).await.unwrap();
        }
        let mut samples = Vec::with_capacity(SEQUENTIAL);
        for _ in 0..SEQUENTIAL {
            let start = Instant::now();
            client.get_access_token(request()).await.unwrap();
            samples.push(start.elapsed());
        }
        percentiles("GetAccessToken (cached), 1 client", samples);

        // The transport alone, for comparison: the health check does no work.
        let mut health = tonic_health::pb::health_client::HealthClient::new(
            latchkey::client::connect(&socket).await.unwrap(),
        );
        let mut samples = Vec::with_capacity(SEQUENTIAL);
        for _ in 0..SEQUENTIAL {
            let start = Instant::now();
            health
                .check(tonic_health::pb::HealthCheckRequest {
                    service: String::new(),
                })
                .await
                .unwrap();
            samples.push(start.elapsed());
        }
        percentiles("grpc.health Check (transport baseline)", samples);

        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..CONCURRENT_CLIENTS {
            let socket = socket.clone();
            tasks.push(tokio::spawn(async move {
                let mut client =
                    SessionsClient::new(latchkey::client::connect(&socket).await.unwrap());
                for _ in 0..CONCURRENT_EACH {
                    client
                        .get_access_token(proto::GetAccessTokenRequest::default())
                        .await
                        .unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        let total = CONCURRENT_CLIENTS * CONCURRENT_EACH;
        println!(
            "GetAccessToken (cached), {CONCURRENT_CLIENTS} clients: {:.0} requests/s",
            total as f64 / started.elapsed().as_secs_f64()
        );

        let mut samples = Vec::with_capacity(LOGINS);
        for _ in 0..LOGINS {
            let start = Instant::now();
            client.log_in(anonymous(true)).await.unwrap();
            samples.push(start.elapsed());
        }
        percentiles("LogIn (new anonymous: 2 HTTP + fsync)", samples);

        let mut samples = Vec::with_capacity(LOGINS);
        for _ in 0..LOGINS {
            let start = Instant::now();
            client
                .get_access_token(proto::GetAccessTokenRequest {
                    force_refresh: true,
                    ..Default::default()
                })
                .await
                .unwrap();
            samples.push(start.elapsed());
        }
        percentiles("GetAccessToken (force refresh: HTTP + fsync)", samples);

        for _ in 0..EXTRA_SESSIONS {
            client.log_in(anonymous(true)).await.unwrap();
        }
    });
    println!(
        "daemon RSS with {} sessions: {} KiB",
        LOGINS + EXTRA_SESSIONS + 1,
        rss_kib(pid)
    );

    let mut samples = Vec::with_capacity(CLI_RUNS);
    for _ in 0..CLI_RUNS {
        let start = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_latchkey"))
            .arg("--socket")
            .arg(&socket)
            .arg("token")
            .output()
            .unwrap();
        samples.push(start.elapsed());
        assert!(output.status.success());
    }
    percentiles("`latchkey token` (whole process)", samples);
    let mut samples = Vec::with_capacity(CLI_RUNS);
    for _ in 0..CLI_RUNS {
        let start = Instant::now();
        Command::new("/bin/true").status().unwrap();
        samples.push(start.elapsed());
    }
    percentiles("`/bin/true` (process baseline)", samples);
    let store = dir.path().join("state").join("sessions.redb");
    println!(
        "store file: {} KiB",
        std::fs::metadata(Path::new(&store)).map_or(0, |m| m.len() / 1024)
    );
}
