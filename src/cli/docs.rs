//! What the command line says about itself: shell completion scripts and man pages, both made
//! from the same clap definitions the binaries parse with, so they cannot drift.

use std::io::Write as _;
use std::path::Path;

use clap::CommandFactory;

use super::args::Cli;
use super::{EXIT_FAILURE, Failure};

/// Writes the completion script of `latchkey` for `shell` to standard output.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "latchkey", &mut script);
    match std::io::stdout().write_all(&script) {
        // A reader that stopped early (`| head`) wanted no more.
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::new(
            EXIT_FAILURE,
            format!("cannot write the script: {err}"),
        )),
        _ => Ok(()),
    }
}

/// Writes `latchkey.1`, a `latchkey-COMMAND.1` for each command, `latchkeyd.8` and
/// `latchkey-emulator.1` into `dir`; prints each file's path.
pub(super) fn manpages(dir: &Path) -> Result<(), Failure> {
    let fail = |what: &Path, err: std::io::Error| {
        Failure::new(EXIT_FAILURE, format!("{}: {err}", what.display()))
    };
    std::fs::create_dir_all(dir).map_err(|err| fail(dir, err))?;
    let cli = Cli::command().name("latchkey");
    let mut pages = vec![(cli.clone(), "1")];
    for command in cli
        .get_subcommands()
        .filter(|command| !command.is_hide_set())
    {
        let name = format!("latchkey-{}", command.get_name());
        pages.push((command.clone().name(name), "1"));
    }
    pages.push((crate::daemon::Options::command(), "8"));
    pages.push((crate::emulator::Args::command(), "1"));
    for (command, section) in pages {
        let path = dir.join(format!("{}.{section}", command.get_name()));
        let mut page = Vec::new();
        clap_mangen::Man::new(command)
            .section(section)
            .render(&mut page)
            .map_err(|err| fail(&path, err))?;
        std::fs::write(&path, page).map_err(|err| fail(&path, err))?;
        note!("{}", path.display());
    }
    Ok(())
}
