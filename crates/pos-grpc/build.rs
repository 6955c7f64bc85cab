//! Generates the API's Rust types, server and client from `proto/api.proto`. protox
//! compiles the .proto in pure Rust, so building needs no `protoc` on the machine.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto/api.proto");
    let descriptors = protox::compile(["api.proto"], ["proto"])?;
    tonic_prost_build::configure()
        // Clients connect through a channel they build (tests use tonic's own).
        .build_transport(false)
        .compile_fds(descriptors)?;
    Ok(())
}
