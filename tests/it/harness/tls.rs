//! An https server for tests that need TLS: a CA and a certificate for 127.0.0.1 made with
//! `openssl`, served by Node's https module in a child process. The daemon trusts the CA through
//! `SSL_CERT_FILE`.

use std::process::Command;

use super::free_port;

/// Runs `openssl` with `args` in `dir`; it must succeed.
/// `openssl req` with a new P-256 key, unencrypted: the start of both requests below.
const NEW_KEY: [&str; 6] = [
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
];

fn openssl(dir: &std::path::Path, args: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl (Debian package openssl)");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// An https server (Node's, in a child process) that answers every request with `body`, with a
/// certificate for 127.0.0.1 from a CA made here; the CA's path for the daemon's
/// `SSL_CERT_FILE`.
pub struct TlsServer {
    child: std::process::Child,
    pub ca: std::path::PathBuf,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl TlsServer {
    /// Starts it on a free port; `body` is given the port.
    pub fn start(body: impl Fn(u16) -> String) -> Self {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        let ca = ["-x509", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2"];
        openssl(
            path,
            &[&NEW_KEY[..], &ca, &["-subj", "/CN=latchkey test CA"]].concat(),
        );
        let leaf = [
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=127.0.0.1",
        ];
        openssl(path, &[&NEW_KEY[..], &leaf].concat());
        std::fs::write(
            path.join("leaf.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(
            path,
            &[
                "x509",
                "-req",
                "-in",
                "leaf.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "leaf.pem",
                "-days",
                "2",
                "-extfile",
                "leaf.ext",
            ],
        );
        let port = free_port();
        let script = "const https = require('https'); const fs = require('fs'); \
            https.createServer({cert: fs.readFileSync('leaf.pem'), key: fs.readFileSync('leaf.key')}, \
            (request, answer) => { answer.writeHead(200, {'content-type': 'application/json'}); \
            answer.end(process.env.BODY); }).listen(Number(process.env.PORT), '127.0.0.1', \
            () => console.log('ready'));";
        let mut child = Command::new("node")
            .args(["-e", script])
            .current_dir(path)
            .env("PORT", port.to_string())
            .env("BODY", body(port))
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("node");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Self {
            child,
            ca: path.join("ca.pem"),
            port,
            _dir: dir,
        }
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
