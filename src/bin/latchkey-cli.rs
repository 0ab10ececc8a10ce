//! `latchkey-cli`: the full command line of `latchkey`, which runs it for every command but the
//! plain `latchkey token`; everything is in `latchkey::cli`.

fn main() -> std::process::ExitCode {
    latchkey::cli::main()
}
