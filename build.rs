//! Generates the gRPC code from `proto/` without a system `protoc`: protox parses the files into
//! a descriptor set, tonic-prost-build turns it into Rust, and the encoded set is kept for server
//! reflection. The messages are the `latchkey-client` crate's (generated from the same file):
//! only the servers are generated here.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto = "proto/latchkey/v1/latchkey.proto";
    println!("cargo:rerun-if-changed={proto}");
    let fds = protox::compile([proto], ["proto"])?;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out_dir.join("latchkey_descriptor.bin"),
        prost::Message::encode_to_vec(&fds),
    )?;
    tonic_prost_build::configure()
        .build_client(false)
        .build_server(true)
        .extern_path(".latchkey.v1", "::latchkey_client::proto")
        .compile_fds(fds)?;
    Ok(())
}
