//! The `latchkey` binary people and scripts run: small on purpose, because `latchkey token` is
//! the command scripts run most (`$(latchkey token)`) and a process's start costs by the size
//! of its binary. It answers the plain `latchkey token` itself, with one unary `GetAccessToken`
//! written as raw HTTP/2 frames on a blocking Unix socket: no clap command tree, no async
//! runtime, no general gRPC channel, which together cost more than the call. Every other command
//! it hands, by `exec`, to the full command line (`latchkey-cli`, [`super::main`]).
//!
//! It takes only the plain form (`token` with `--app`, `--user`, `--socket`) and only a
//! success: anything else (another flag, a refused socket, an error status, a frame it does not
//! expect) returns `None`, and the full command line runs the command from the start and reports
//! what happened exactly as it always does. The socket directory is checked as the full client
//! checks it before anything is sent.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use prost::Message;

use crate::proto;

/// How long the daemon may take (a refresh against a slow backend included) before the fast
/// path gives up and the full client, which waits as long as it takes, asks again.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

/// Largest response accepted: a token, its user and app, and the trailers.
const MAX_RESPONSE: usize = 256 * 1024;

const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
const DATA: u8 = 0x0;
const HEADERS: u8 = 0x1;
const SETTINGS: u8 = 0x4;
const GOAWAY: u8 = 0x7;
const WINDOW_UPDATE: u8 = 0x8;
const END_STREAM: u8 = 0x1;
const ACK: u8 = 0x1;
const PADDED: u8 = 0x8;
const END_HEADERS: u8 = 0x4;

/// What the plain form names.
#[derive(Debug, Default, PartialEq, Eq)]
struct Plain {
    socket: Option<PathBuf>,
    app: String,
    user: String,
}

/// Which value flags were given.
#[derive(Default)]
struct Seen {
    app: bool,
    user: bool,
}

/// Where the full command line is installed when it is not next to `latchkey` (the Debian
/// package keeps it off `PATH`).
const LIBEXEC_CLI: &str = "/usr/libexec/latchkey/latchkey-cli";

/// Runs `latchkey token` when the arguments are its plain form and the daemon hands out a
/// token; `None` sends the command to the full command line.
pub fn token() -> Option<ExitCode> {
    let Plain { socket, app, user } = plain(std::env::args_os().skip(1))?;
    let socket = match socket {
        Some(socket) => socket,
        // A user socket passed over as untrusted: the full command line says so.
        None => match latchkey_client::socket::discover_socket(&|name| std::env::var(name).ok()) {
            (socket, None) => socket,
            (_, Some(_)) => return None,
        },
    };
    let uid = rustix::process::geteuid().as_raw();
    latchkey_client::socket::check_socket_dir(&socket, uid).ok()?;
    let mut stream = UnixStream::connect(&socket).ok()?;
    stream.set_read_timeout(Some(ANSWER_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(ANSWER_TIMEOUT)).ok()?;
    let request = proto::GetAccessTokenRequest {
        app,
        user_id: user,
        ..Default::default()
    };
    stream.write_all(&call(&request.encode_to_vec())).ok()?;
    let message = answer(&mut stream)?;
    let token = proto::AccessToken::decode(message.as_slice()).ok()?;
    let mut stdout = std::io::stdout().lock();
    Some(match writeln!(stdout, "{}", token.token) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    })
}

/// Replaces this process with the full command line (`latchkey-cli` next to this binary, else
/// in `/usr/libexec/latchkey`), with the same arguments, environment and descriptors, under the
/// name `latchkey`. Returns only when it cannot be run.
pub fn full_command_line() -> ExitCode {
    use std::os::unix::process::CommandExt;
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("latchkey-cli")))
        .filter(|path| path.is_file());
    let full = beside.unwrap_or_else(|| PathBuf::from(LIBEXEC_CLI));
    let err = std::process::Command::new(&full)
        .arg0("latchkey")
        .args(std::env::args_os().skip(1))
        .exec();
    note!(
        "latchkey: cannot run the full command line {}: {err}",
        full.display()
    );
    ExitCode::FAILURE
}

/// The plain form's flags, or `None` for anything else (which the full parser handles).
fn plain(args: impl Iterator<Item = OsString>) -> Option<Plain> {
    let mut plain = Plain::default();
    let mut saw_token = false;
    let mut seen = Seen::default();
    let mut args = args.map(|arg| arg.into_string().ok());
    while let Some(arg) = args.next() {
        let arg = arg?;
        if arg == "token" && !saw_token {
            saw_token = true;
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        let value = match inline {
            Some(value) => value,
            None => args.next()??,
        };
        if value.starts_with('-') {
            return None;
        }
        // A flag given twice is the full parser's to refuse.
        match flag.as_str() {
            "--app" if !seen.app => (plain.app, seen.app) = (value, true),
            "--user" if saw_token && !seen.user => (plain.user, seen.user) = (value, true),
            "--socket" if plain.socket.is_none() => plain.socket = Some(PathBuf::from(value)),
            _ => return None,
        }
    }
    saw_token.then_some(plain)
}

/// The client's side of the connection in one write: the preface, empty settings, and the
/// request on stream 1 (headers, then the length-prefixed message ending the stream).
fn call(message: &[u8]) -> Vec<u8> {
    let mut headers = vec![0x83, 0x86]; // :method POST, :scheme http (static table)
    literal(
        &mut headers,
        &[0x04],
        b"/latchkey.v1.Sessions/GetAccessToken",
    ); // :path
    literal(&mut headers, &[0x01], b"localhost"); // :authority
    literal(&mut headers, &[0x0f, 0x10], b"application/grpc"); // content-type (index 31)
    headers.push(0x00); // te, a name the static table does not have
    string(&mut headers, b"te");
    string(&mut headers, b"trailers");
    let mut body = vec![0];
    body.extend_from_slice(
        &u32::try_from(message.len())
            .unwrap_or(u32::MAX)
            .to_be_bytes(),
    );
    body.extend_from_slice(message);
    let mut out = PREFACE.to_vec();
    frame(&mut out, SETTINGS, 0, 0, &[]);
    frame(&mut out, HEADERS, END_HEADERS, 1, &headers);
    frame(&mut out, DATA, END_STREAM, 1, &body);
    out
}

/// A header field "without indexing" with the name from the static table (`name`, its index
/// with the 4-bit prefix already applied) and a raw (not Huffman-coded) value.
fn literal(out: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    out.extend_from_slice(name);
    string(out, value);
}

/// An HPACK string literal, raw. Every string here is shorter than 127 bytes.
fn string(out: &mut Vec<u8>, value: &[u8]) {
    out.push(u8::try_from(value.len()).unwrap_or(0x7f).min(0x7e));
    out.extend_from_slice(value);
}

fn frame(out: &mut Vec<u8>, kind: u8, flags: u8, stream: u32, payload: &[u8]) {
    let length = u32::try_from(payload.len()).unwrap_or(0).to_be_bytes();
    out.extend_from_slice(&length[1..]);
    out.extend_from_slice(&[kind, flags]);
    out.extend_from_slice(&stream.to_be_bytes());
    out.extend_from_slice(payload);
}

/// The response message of stream 1, when the server sent headers, exactly one message, and
/// trailers. A trailers-only answer (how a gRPC server reports an error to a unary call), a
/// reset, a GOAWAY or anything malformed is `None`.
fn answer(stream: &mut UnixStream) -> Option<Vec<u8>> {
    let mut headers_seen = false;
    let mut body = Vec::new();
    let mut received = 0usize;
    loop {
        let mut head = [0u8; 9];
        stream.read_exact(&mut head).ok()?;
        let length = usize::try_from(u32::from_be_bytes([0, head[0], head[1], head[2]])).ok()?;
        let (kind, flags) = (head[3], head[4]);
        let id = u32::from_be_bytes([head[5], head[6], head[7], head[8]]) & 0x7fff_ffff;
        received += 9 + length;
        if received > MAX_RESPONSE {
            return None;
        }
        let mut payload = vec![0u8; length];
        stream.read_exact(&mut payload).ok()?;
        match (kind, id) {
            (SETTINGS, 0) if flags & ACK == 0 => {
                let mut ack = Vec::with_capacity(9);
                frame(&mut ack, SETTINGS, ACK, 0, &[]);
                stream.write_all(&ack).ok()?;
            }
            (HEADERS, 1) => {
                if flags & END_HEADERS == 0 {
                    return None; // continued headers: not worth the fast path
                }
                if flags & END_STREAM != 0 {
                    // The trailers: a success had its headers and its one message first.
                    return (headers_seen && !body.is_empty()).then(|| message(&body))?;
                }
                headers_seen = true;
            }
            (DATA, 1) if headers_seen => {
                body.extend_from_slice(unpadded(&payload, flags)?);
                if flags & END_STREAM != 0 {
                    return None; // a gRPC answer ends with trailers
                }
            }
            // WINDOW_UPDATE, PING and settings acknowledgements need nothing from a client
            // that sends one small request; a GOAWAY or a reset ends the fast path.
            (WINDOW_UPDATE, _) => {}
            (_, 0) if kind != GOAWAY => {}
            _ => return None,
        }
    }
}

/// A DATA frame's data without its padding.
fn unpadded(payload: &[u8], flags: u8) -> Option<&[u8]> {
    if flags & PADDED == 0 {
        return Some(payload);
    }
    let (&pad, rest) = payload.split_first()?;
    rest.get(..rest.len().checked_sub(usize::from(pad))?)
}

/// The one uncompressed length-prefixed gRPC message that `body` must be.
fn message(body: &[u8]) -> Option<Vec<u8>> {
    let (&compressed, rest) = body.split_first()?;
    let length = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
    let message = rest.get(4..)?;
    (compressed == 0 && message.len() == length).then(|| message.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Option<Plain> {
        plain(
            line.split(' ')
                .filter(|arg| !arg.is_empty())
                .map(OsString::from),
        )
    }

    #[test]
    fn only_the_plain_form_takes_the_fast_path() {
        assert_eq!(args("token"), Some(Plain::default()));
        let named = args("--app corp token --user u1 --socket=/tmp/s").expect("plain");
        assert_eq!(
            (named.app.as_str(), named.user.as_str(), named.socket),
            ("corp", "u1", Some(PathBuf::from("/tmp/s")))
        );
        for other in [
            "",
            "users",
            "token token",
            "token --json",
            "--json token",
            "token --force",
            "token --min-valid 5m",
            "token --scope a",
            "token --app",
            "token --app --json",
            "--user u1 token",
            "token --owner 1000",
            "--app a token --app b",
            "token --user a --user b",
            "--socket /a token --socket /b",
            "token -h",
            "token --help",
            "token --version",
        ] {
            assert_eq!(args(other), None, "{other:?}");
        }
    }

    #[test]
    fn answers_other_than_one_message_and_trailers_are_not_taken() {
        let message = proto::AccessToken {
            token: "t".to_owned(),
            ..Default::default()
        }
        .encode_to_vec();
        let mut body = vec![0];
        body.extend_from_slice(&u32::try_from(message.len()).expect("small").to_be_bytes());
        body.extend_from_slice(&message);
        assert_eq!(super::message(&body), Some(message.clone()));
        body[0] = 1;
        assert_eq!(super::message(&body), None, "compressed");
        assert_eq!(super::message(&body[..3]), None, "cut short");
        let mut padded = vec![3];
        padded.extend_from_slice(b"abc");
        padded.extend_from_slice(&[0, 0, 0]);
        assert_eq!(unpadded(&padded, PADDED), Some(&b"abc"[..]));
        assert_eq!(unpadded(&[9, 1], PADDED), None);
    }
}
