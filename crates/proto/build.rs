//! Generates the Rust of the gRPC contract from the repository's `proto/` without a system
//! `protoc`: protox parses the file into a descriptor set, tonic-prost-build writes the messages
//! and clients, and, for the `server` feature, the servers (against the same messages) and the
//! encoded descriptor set that server reflection answers with.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The crate's proto/ holds a symbolic link to the repository's contract, which
    // `cargo package` packs as the file it points to: the packaged crate builds on its own.
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("proto");
    let proto = root.join("latchkey/v1/latchkey.proto");
    println!("cargo:rerun-if-changed={}", proto.display());
    let fds = protox::compile([&proto], [&root])?;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);

    let messages = out_dir.join("messages");
    std::fs::create_dir_all(&messages)?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(false)
        .build_transport(false)
        .out_dir(&messages)
        .compile_fds(fds.clone())?;

    if std::env::var_os("CARGO_FEATURE_SERVER").is_some() {
        std::fs::write(
            out_dir.join("latchkey_descriptor.bin"),
            prost::Message::encode_to_vec(&fds),
        )?;
        let servers = out_dir.join("servers");
        std::fs::create_dir_all(&servers)?;
        tonic_prost_build::configure()
            .build_client(false)
            .build_server(true)
            .extern_path(".latchkey.v1", "crate::v1")
            .out_dir(&servers)
            .compile_fds(fds)?;
    }
    Ok(())
}
