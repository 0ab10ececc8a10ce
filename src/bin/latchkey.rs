//! `latchkey`: the command-line client of latchkeyd; everything is in `latchkey::cli`.

fn main() -> std::process::ExitCode {
    latchkey::cli::main()
}
