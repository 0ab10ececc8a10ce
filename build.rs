//! Link-time layout of `latchkeyd`: the functions it runs from its start to its first answers
//! (listed by `packaging/make-startup-order` in `packaging/startup-order/PROFILE.txt`) placed
//! together at the front of the executable. An idle daemon's memory is mostly the code pages
//! the kernel maps 64 KB at a time around each function it runs; packed, a start maps about a
//! third as much code (6.7 MB before, 1.9-2.4 MB after, release build).
//!
//! Only where the link is known to be rustc's own lld (`x86_64-unknown-linux-gnu` since Rust
//! 1.90) and nobody chose another linker: another linker may not know the option, and a build
//! must never fail for a layout. Names the list has and the binary lacks (after an update) are
//! skipped by the linker without a word.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=packaging/startup-order");
    println!("cargo:rerun-if-env-changed=RUSTFLAGS");
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS");
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    if env("TARGET") != "x86_64-unknown-linux-gnu" || !rustc_links_with_lld(&env("RUSTC")) {
        return;
    }
    let flags = [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS",
    ]
    .map(env)
    .concat();
    if flags.contains("link") || !env("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_empty() {
        return;
    }
    // OUT_DIR is <target>/<profile>/build/<package>-<hash>/out: the profile names the list
    // (symbol names differ between profiles).
    let out_dir = env("OUT_DIR");
    let Some(profile) = Path::new(&out_dir)
        .ancestors()
        .nth(3)
        .and_then(Path::file_name)
        .and_then(|name| name.to_str())
    else {
        return;
    };
    let list = Path::new(&env("CARGO_MANIFEST_DIR"))
        .join("packaging/startup-order")
        .join(format!("{profile}.txt"));
    if list.is_file() {
        println!(
            "cargo:rustc-link-arg-bin=latchkeyd=-Wl,--symbol-ordering-file={}",
            list.display()
        );
        println!("cargo:rustc-link-arg-bin=latchkeyd=-Wl,--no-warn-symbol-ordering");
    }
}

/// Whether this rustc links x86_64 Linux programs with its own lld: the default from 1.90 on.
fn rustc_links_with_lld(rustc: &str) -> bool {
    let Ok(output) = std::process::Command::new(rustc).arg("--version").output() else {
        return false;
    };
    let version = String::from_utf8_lossy(&output.stdout);
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let mut numbers = version
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .split('.')
        .map(|part| part.parse::<u32>().unwrap_or(0));
    let (major, minor) = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    major > 1 || (major == 1 && minor >= 90)
}
