//! Writes the man pages of `latchkey` (and one per command), `git-credential-latchkey`,
//! `latchkeyd` and `latchkey-emulator` into the directory given, from the clap definitions each binary parses
//! with; prints each file's path. An example of the workspace rather than a command of a binary,
//! so that no shipped binary links the others' definitions or the man page renderer:
//! `cargo run --example manpages -- DIR` (what `packaging/build-deb` runs).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory as _;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: manpages DIR");
        return ExitCode::from(2);
    };
    match write_pages(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("manpages: {err}");
            ExitCode::FAILURE
        }
    }
}

fn write_pages(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let cli = latchkey_cli::command();
    let mut pages = vec![(cli.clone(), "1")];
    for command in cli
        .get_subcommands()
        .filter(|command| !command.is_hide_set())
    {
        let name = format!("latchkey-{}", command.get_name());
        pages.push((command.clone().name(name), "1"));
    }
    pages.push((latchkey_cli::git_credential_command(), "1"));
    pages.push((latchkey::daemon::Options::command(), "8"));
    pages.push((latchkey_emulator::Args::command(), "1"));
    for (command, section) in pages {
        let path = dir.join(format!("{}.{section}", command.get_name()));
        let mut page = Vec::new();
        clap_mangen::Man::new(command)
            .section(section)
            .render(&mut page)?;
        std::fs::write(&path, page)?;
        eprintln!("{}", path.display());
    }
    Ok(())
}
