//! The `git-credential-latchkey` binary: git's credential helper protocol answered with a
//! Latchkey session's token (`latchkey_cli::git_credential_main`).

fn main() -> std::process::ExitCode {
    latchkey_cli::git_credential_main()
}
