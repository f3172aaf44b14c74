//! `cargo xtask vendor`: copies every crates.io dependency of the workspace
//! into `vendor/` at the workspace root (ignored by git) with
//! `cargo vendor --locked`, and writes the matching source-replacement
//! config to `vendor/config.toml`. A machine without registry access then
//! builds from those copies: `cargo xtask bench --offline` passes
//! [`offline_args`] to every cargo command it runs, and any cargo command
//! takes them too:
//!
//! ```text
//! cargo bench -p benches --no-run --offline \
//!     --config 'source.crates-io.replace-with="vendored-sources"' \
//!     --config 'source.vendored-sources.directory="/abs/path/to/vendor"'
//! ```
//!
//! (or `--offline --config vendor/config.toml`, the same settings as a
//! file). Nothing is written to `.cargo/config.toml`, so the normal builds
//! of everyone sharing the checkout are unchanged.
//!
//! On a machine whose cargo has never seen the registry, `cargo xtask`
//! itself cannot start without them either (building xtask resolves the
//! whole workspace), so there the command is
//!
//! ```text
//! cargo --offline --config vendor/config.toml xtask bench --offline --quick tcp_echo
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{quote, root, Cmd, Error, Result};

/// The name of the replacement source (the one `cargo vendor` suggests).
const SOURCE: &str = "vendored-sources";

/// The config file written beside the vendored crates.
const CONFIG_FILE: &str = "config.toml";

/// Where the vendored crates go: `vendor/` at the workspace root, which
/// `.gitignore` lists.
pub(crate) fn dir() -> PathBuf {
    root().join("vendor")
}

/// Runs `vendor` (no arguments).
pub(crate) fn run(args: &[String]) -> Result<()> {
    if let Some(extra) = args.first() {
        return Err(Error::msg(format!(
            "vendor: takes no arguments, got `{extra}`"
        )));
    }
    let dir = dir();
    let path = dir.to_string_lossy().into_owned();
    // `--locked`: vendor exactly what Cargo.lock pins, never re-resolve.
    // Cargo prints its own version of the config on stdout; ours (below)
    // is the same with an absolute path, so that it works from any folder.
    Cmd::cargo().args(["vendor", "--locked", &path]).read()?;
    let crates = vendored_crates(&dir);
    if crates == 0 {
        return Err(Error::msg(format!(
            "vendor: no crates under {} after `cargo vendor`",
            dir.display()
        )));
    }
    let config = config_toml(&dir);
    let file = dir.join(CONFIG_FILE);
    fs::write(&file, &config)
        .map_err(|e| Error::msg(format!("writing {}: {e}", file.display())))?;
    println!("\n{config}");
    println!(
        "xtask vendor: {crates} crates in {}; config written to {}",
        dir.display(),
        file.display()
    );
    // Cargo's own message (on stderr, above) suggests editing
    // .cargo/config.toml; the flags do the same for one command only.
    println!("offline: `cargo xtask bench --offline ...`, or any cargo command with");
    println!("    {}", shell_words(&offline_flags(&dir)));
    println!(
        "without a registry cache: cargo --offline --config vendor/{CONFIG_FILE} xtask bench --offline ..."
    );
    Ok(())
}

/// The flags that make cargo build from the vendored crates without the
/// network, for `dir` as vendored by `cargo xtask vendor`.
///
/// # Errors
///
/// Fails, naming the fix, when `dir` holds no vendored crate.
pub(crate) fn offline_args(dir: &Path) -> Result<Vec<String>> {
    if vendored_crates(dir) == 0 {
        return Err(Error::msg(format!(
            "--offline: no vendored crates in {}; run `cargo xtask vendor` first \
             (on a machine with registry access) and copy the folder along",
            dir.display()
        )));
    }
    Ok(offline_flags(dir))
}

/// `--offline` and the two `--config` settings replacing crates.io with
/// the directory source `dir`.
fn offline_flags(dir: &Path) -> Vec<String> {
    vec![
        "--offline".to_string(),
        "--config".to_string(),
        format!("source.crates-io.replace-with={}", toml_string(SOURCE)),
        "--config".to_string(),
        format!(
            "source.{SOURCE}.directory={}",
            toml_string(&dir.to_string_lossy())
        ),
    ]
}

/// The same settings as a config file.
fn config_toml(dir: &Path) -> String {
    format!(
        "# Written by `cargo xtask vendor`; use with `cargo --offline --config <this file> ...`.\n\
         [source.crates-io]\n\
         replace-with = {}\n\
         \n\
         [source.{SOURCE}]\n\
         directory = {}\n",
        toml_string(SOURCE),
        toml_string(&dir.to_string_lossy())
    )
}

/// How many crates `dir` holds: sub-folders with a `Cargo.toml` (what a
/// cargo directory source reads; it skips anything else).
fn vendored_crates(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .count()
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `words` as one shell line (quoted where needed), for the user to copy.
fn shell_words(words: &[String]) -> String {
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_file_name_the_same_source() {
        let dir = Path::new("/w/rt/vendor");
        assert_eq!(
            offline_flags(dir),
            [
                "--offline",
                "--config",
                "source.crates-io.replace-with=\"vendored-sources\"",
                "--config",
                "source.vendored-sources.directory=\"/w/rt/vendor\"",
            ]
        );
        let file = config_toml(dir);
        assert!(file.contains("[source.crates-io]\nreplace-with = \"vendored-sources\"\n"));
        assert!(file.contains("[source.vendored-sources]\ndirectory = \"/w/rt/vendor\"\n"));
    }

    #[test]
    fn paths_are_toml_escaped() {
        assert_eq!(toml_string(r#"C:\a "b""#), r#""C:\\a \"b\"""#);
        assert_eq!(toml_string("a\u{1}"), "\"a\\u0001\"");
    }

    #[test]
    fn offline_needs_vendored_crates() {
        let dir = std::env::temp_dir().join(format!("xtask-vendor-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let err = offline_args(&dir).unwrap_err().to_string();
        assert!(err.contains("cargo xtask vendor"), "{err}");
        // A folder without a manifest (a stray file, a leftover dir) is not
        // a crate.
        fs::create_dir_all(dir.join("leftover")).unwrap();
        fs::write(dir.join(CONFIG_FILE), "").unwrap();
        assert!(offline_args(&dir).is_err());
        fs::create_dir_all(dir.join("mio-1.2.4")).unwrap();
        fs::write(dir.join("mio-1.2.4").join("Cargo.toml"), "[package]\n").unwrap();
        assert_eq!(vendored_crates(&dir), 1);
        assert_eq!(offline_args(&dir).unwrap()[0], "--offline");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn shell_line_quotes_the_config() {
        let line = shell_words(&offline_flags(Path::new("/v")));
        assert_eq!(
            line,
            "--offline --config 'source.crates-io.replace-with=\"vendored-sources\"' \
             --config 'source.vendored-sources.directory=\"/v\"'"
        );
    }
}
