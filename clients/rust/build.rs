//! Generates the client half of the gRPC contract from the repository's `proto/` without a
//! system `protoc` (protox parses, tonic-prost-build writes Rust). The daemon generates its
//! servers against these same message types.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto = "../../proto/latchkey/v1/latchkey.proto";
    println!("cargo:rerun-if-changed={proto}");
    let fds = protox::compile([proto], ["../../proto"])?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(false)
        .compile_fds(fds)?;
    Ok(())
}
