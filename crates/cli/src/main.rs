//! `latchkey`: the command line of latchkeyd; everything is in the `latchkey_cli` library.

fn main() -> std::process::ExitCode {
    latchkey_cli::main()
}
