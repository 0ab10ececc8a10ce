//! `latchkeyd`: the Latchkey daemon. Its flags are `latchkey::daemon::Options`; everything else
//! is `latchkey::daemon`.

use std::process::ExitCode;

use clap::Parser;
use latchkey::daemon::{self, Options};

fn main() -> ExitCode {
    daemon::main(Options::parse())
}
