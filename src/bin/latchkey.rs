//! `latchkey`: the command-line client of latchkeyd. A small binary: it answers the plain
//! `latchkey token` itself and hands every other command to the full command line,
//! `latchkey-cli` (see `latchkey::cli::fast_token`).

fn main() -> std::process::ExitCode {
    latchkey::cli::fast_token().unwrap_or_else(latchkey::cli::full_command_line)
}
