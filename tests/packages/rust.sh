#!/usr/bin/env bash
# The Rust client as its users get it: `cargo package` makes (and verifies) the .crate files of
# latchkey-proto and latchkey-client; a fresh project depends on the unpacked client (the proto
# crate patched in for crates.io, where neither is published yet) and logs in against a live
# latchkeyd ($LATCHKEYD); then the packaged crate's own test suite runs from the unpacked copy.
source "$(dirname "$0")/common.sh"
# Its own target directory (the unpacked crates are other sources than the workspace's), kept
# between runs so that a second run builds only what changed.
export CARGO_TARGET_DIR="$root/target/packages"

(cd "$root" && cargo package --quiet --allow-dirty -p latchkey-proto -p latchkey-client)
for crate in latchkey-proto latchkey-client; do
    tar -xzf "$CARGO_TARGET_DIR/package/$crate-0.1.0.crate" -C "$work"
done
echo "packaged and verified latchkey-proto-0.1.0.crate and latchkey-client-0.1.0.crate"
patch=(--config "patch.crates-io.latchkey-proto.path=\"$work/latchkey-proto-0.1.0\"")

mkdir -p "$work/user/src"
cat >"$work/user/Cargo.toml" <<EOF
[package]
name = "user"
version = "0.1.0"
edition = "2024"

[dependencies]
latchkey-client = { path = "$work/latchkey-client-0.1.0" }
tokio = { version = "1.47", features = ["macros", "rt-multi-thread"] }
EOF
cat >"$work/user/src/main.rs" <<'EOF'
use latchkey_client::{App, Client, Credentials};

#[tokio::main]
async fn main() -> Result<(), latchkey_client::Error> {
    let socket = std::env::args().nth(1).unwrap_or_default();
    let app = App::builder().client(Client::with_socket(socket)).build();
    let user = app.log_in(Credentials::anonymous()).await?;
    let token = user.access_token().await?;
    println!("{}", if token.is_empty() { "missing" } else { "ok" });
    Ok(())
}
EOF
start_daemon
(cd "$work/user" && cargo build --quiet "${patch[@]}")
[[ "$(cd "$work/user" && cargo run --quiet "${patch[@]}" -- "$work/latchkeyd.sock")" == ok ]]
echo "a fresh project builds on the packaged crate and logs in through it"

(cd "$work/latchkey-client-0.1.0" && LATCHKEY_BEHAVIOUR="$root/clients/behaviour.json" \
    cargo test --quiet "${patch[@]}")
echo "the packaged crate's test suite passes"
