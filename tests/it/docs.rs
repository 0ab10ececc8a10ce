//! The docs are the code: `ARCHITECTURE.md` names every Rust source file of the workspace in its
//! module map (a file under `src/` may be written without the `src/` prefix, as its nested lines
//! are), and names no file that is gone.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, relative to the workspace root.
fn sources(root: &Path, dir: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    for entry in entries {
        let path: PathBuf = entry.unwrap().path();
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if path.is_dir() {
            sources(root, &relative, out);
        } else if relative.ends_with(".rs") {
            out.push(relative);
        }
    }
}

/// The paths the module map names: the first word of each line of its code block.
fn mapped(architecture: &str) -> Vec<String> {
    let start = architecture
        .find("## The module map")
        .expect("a module map section");
    let block = &architecture[start..];
    let block = &block[block.find("```").expect("its code block") + 3..];
    let block = &block[..block.find("```").expect("the end of its code block")];
    block
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|word| word.ends_with(".rs"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_module_map_names_every_source_file_and_no_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let map = mapped(&architecture);
    let mut files = Vec::new();
    for dir in ["src", "crates", "clients/rust"] {
        sources(root, dir, &mut files);
    }
    files.push("packaging/manpages.rs".to_owned());
    files.sort();
    let named = |file: &str| {
        map.iter()
            .any(|entry| entry == file || file.strip_prefix("src/") == Some(entry.as_str()))
    };
    let missing: Vec<&String> = files.iter().filter(|file| !named(file)).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's module map lacks {missing:?}: add each with what it owns"
    );
    let gone: Vec<&String> = map
        .iter()
        .filter(|entry| {
            !files
                .iter()
                .any(|file| file == *entry || file.strip_prefix("src/") == Some(entry.as_str()))
        })
        .collect();
    assert!(
        gone.is_empty(),
        "ARCHITECTURE.md names files that do not exist: {gone:?}"
    );
    println!("{} source files, each in the module map", files.len());
}
