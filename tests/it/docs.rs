//! The docs are the code: `ARCHITECTURE.md` names every Rust source file of the workspace in its
//! module map (a file under `src/` may be written without the `src/` prefix, as its nested lines
//! are), and names no file that is gone; the README says what the client libraries are held to.

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

/// The README's "Same behaviour in every language" table says what `clients/behaviour.json`
/// holds the three client libraries to (each library's suite checks the library against the
/// file; this checks the words against it).
#[test]
fn the_client_behaviour_table_says_what_the_libraries_are_held_to() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let start = readme
        .find("### Same behaviour in every language")
        .expect("the README's table of shared client behaviour");
    let table = &readme[start..];
    let table = &table[..table[4..].find("\n### ").map_or(table.len(), |end| end + 4)];
    let text = std::fs::read_to_string(root.join("clients/behaviour.json")).expect("behaviour");
    let shared: serde_json::Value = serde_json::from_str(&text).expect("behaviour.json");

    let min_valid = shared["token"]["min_valid_seconds"]
        .as_u64()
        .expect("min_valid");
    let sequence: Vec<String> = shared["watch"]["retry_sequence_ms"]
        .as_array()
        .expect("retry sequence")
        .iter()
        .map(|wait| wait.as_u64().expect("ms").to_string())
        .collect();
    let mut wanted = vec![
        format!("valid at least {min_valid} s"),
        format!("after {} ms", sequence.join(", ")),
        format!(
            "`{}`",
            shared["socket"]["system"].as_str().expect("system socket")
        ),
        "`$LATCHKEY_SOCKET`; else the user daemon's".to_owned(),
        "without `XDG_RUNTIME_DIR`, `$TMPDIR/latchkey-UID/latchkeyd.sock`".to_owned(),
    ];
    if shared["watch"]["snapshot"].as_bool() == Some(true) {
        wanted.push("starts with a `snapshot` event of every session by default".to_owned());
    }
    if shared["http"]["retries_on_401"].as_u64() == Some(1) {
        wanted.push("one forced refresh and one retry".to_owned());
    }
    if shared["http"]["only_to_the_token_origin"].as_bool() == Some(true) {
        wanted.push("only when the 401 came from the origin the token was sent to".to_owned());
    }
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|phrase| !table.contains(phrase.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "the README's shared-behaviour table does not say {missing:?} (clients/behaviour.json)"
    );
}
