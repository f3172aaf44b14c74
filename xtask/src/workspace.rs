//! What xtask needs to know about the workspace, read from the manifests
//! with a deliberately small line-based reader (xtask has no dependencies,
//! so no TOML parser): the members, their package names, and which of them
//! can be built under `--cfg loom`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{Error, Result};

/// One workspace member.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// The package name (`rt` for the folder `rt-facade`).
    pub(crate) name: String,
    /// The member's folder, absolute.
    pub(crate) dir: PathBuf,
    /// Whether the manifest has `loom` under a `cfg(loom)` dependency table.
    pub(crate) loom_dep: bool,
}

/// Reads the members listed in `<root>/Cargo.toml`, in listed order.
pub(crate) fn members(root: &Path) -> Result<Vec<Member>> {
    let manifest = read(&root.join("Cargo.toml"))?;
    let dirs = member_dirs(&manifest)
        .ok_or_else(|| Error::msg("no `members = [...]` in the workspace Cargo.toml"))?;
    dirs.iter()
        .map(|dir| {
            if dir.contains('*') {
                return Err(Error::msg(format!(
                    "workspace member `{dir}` is a glob; xtask needs members listed by name"
                )));
            }
            let dir = root.join(dir);
            let text = read(&dir.join("Cargo.toml"))?;
            let name = package_name(&text).ok_or_else(|| {
                Error::msg(format!(
                    "no package name in {}",
                    dir.join("Cargo.toml").display()
                ))
            })?;
            Ok(Member {
                name,
                loom_dep: has_loom_dep(&text),
                dir,
            })
        })
        .collect()
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::msg(format!("reading {}: {e}", path.display())))
}

/// The strings of the `members = [ ... ]` array, which may span lines.
fn member_dirs(manifest: &str) -> Option<Vec<String>> {
    let mut in_workspace = false;
    let mut collecting = false;
    let mut dirs = Vec::new();
    for line in manifest.lines() {
        let line = strip_comment(line).trim();
        if !collecting {
            if line.starts_with('[') {
                in_workspace = line == "[workspace]";
                continue;
            }
            let Some(rest) = line.strip_prefix("members") else {
                continue;
            };
            let Some(rest) = rest.trim_start().strip_prefix('=') else {
                continue;
            };
            if !in_workspace {
                continue;
            }
            collecting = true;
            let rest = rest.trim_start().strip_prefix('[')?;
            if push_strings(rest, &mut dirs) {
                return Some(dirs);
            }
        } else if push_strings(line, &mut dirs) {
            return Some(dirs);
        }
    }
    None
}

/// Pushes the quoted strings of `text` onto `out`; true once `]` is seen.
fn push_strings(text: &str, out: &mut Vec<String>) -> bool {
    let mut rest = text;
    loop {
        let quote = rest.find('"');
        let close = rest.find(']');
        match (quote, close) {
            (Some(q), c) if c.map_or(true, |c| q < c) => {
                let after = &rest[q + 1..];
                let Some(end) = after.find('"') else {
                    return false;
                };
                out.push(after[..end].to_string());
                rest = &after[end + 1..];
            }
            (_, Some(_)) => return true,
            _ => return false,
        }
    }
}

/// Drops a `#` comment (manifests here have no `#` inside strings).
fn strip_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or("")
}

/// `name = "..."` under `[package]`.
fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = strip_comment(line).trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some((key, value)) = line.split_once('=') {
                if key.trim() == "name" {
                    return Some(value.trim().trim_matches('"').to_string());
                }
            }
        }
    }
    None
}

/// Whether a `[target.'cfg(loom)'.dependencies]` (or dev-dependencies)
/// table names `loom`, the way crates opt in to the loom models.
fn has_loom_dep(manifest: &str) -> bool {
    let mut in_loom_table = false;
    for line in manifest.lines() {
        let line = strip_comment(line).trim();
        if line.starts_with('[') {
            let header: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            in_loom_table = header.contains("cfg(loom)") && header.contains("dependencies]");
        } else if in_loom_table {
            let key = line.split(['=', '.']).next().unwrap_or("").trim();
            if key == "loom" {
                return true;
            }
        }
    }
    false
}

/// Counts of loom model functions in a crate's `src/`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Models {
    /// Every `fn loom_*`.
    pub(crate) all: usize,
    /// The `fn loom_slow_*` among them, which `--quick` skips.
    pub(crate) slow: usize,
}

/// Scans `<dir>/src/**/*.rs` for `fn loom_*` definitions.
pub(crate) fn count_models(dir: &Path) -> Result<Models> {
    let mut models = Models::default();
    let mut stack = vec![dir.join("src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry
                .map_err(|e| Error::msg(format!("listing {}: {e}", dir.display())))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let found = scan_models(&read(&path)?);
                models.all += found.all;
                models.slow += found.slow;
            }
        }
    }
    Ok(models)
}

fn scan_models(source: &str) -> Models {
    let mut models = Models::default();
    for line in source.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("fn loom_") {
            let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
            let name = &rest[at + 3..];
            if before_ok {
                models.all += 1;
                if name.starts_with("loom_slow_") {
                    models.slow += 1;
                }
            }
            rest = name;
        }
    }
    models
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_members_across_lines() {
        let manifest = r#"
[workspace]
resolver = "2"
members = [
    "rt-core", # the core
    "rt-io",
    "xtask",
]

[workspace.dependencies]
members = ["not-this"]
"#;
        assert_eq!(
            member_dirs(manifest).unwrap(),
            ["rt-core", "rt-io", "xtask"]
        );
        assert_eq!(
            member_dirs("[workspace]\nmembers = [\"a\", \"b\"]\n").unwrap(),
            ["a", "b"]
        );
        assert_eq!(member_dirs("[package]\nname = \"x\"\n"), None);
    }

    #[test]
    fn reads_package_name() {
        let manifest =
            "[package]\nname = \"rt\"\nversion = \"0.1.0\"\n[dependencies]\nname = \"no\"\n";
        assert_eq!(package_name(manifest).as_deref(), Some("rt"));
    }

    #[test]
    fn finds_loom_target_dependency() {
        assert!(has_loom_dep(
            "[dependencies]\nx = 1\n\n[target.'cfg(loom)'.dependencies]\nloom.workspace = true\n"
        ));
        assert!(has_loom_dep(
            "[target.\"cfg(loom)\".dev-dependencies]\nloom = { version = \"0.7\" }\n"
        ));
        assert!(!has_loom_dep(
            "[dependencies]\nloom = \"0.7\"\n[target.'cfg(loom)'.dependencies]\nloomish = \"1\"\n"
        ));
    }

    #[test]
    fn counts_model_functions() {
        let src = r#"
#[cfg(all(test, loom))]
mod loom_tests {
    // fn loom_commented_out() {}
    #[test]
    fn loom_budget_is_per_thread() {}
    #[test]
    fn loom_slow_many_threads() {}
    fn not_loom_helper() {}
    fn helper_for_loom_() {}
}
"#;
        assert_eq!(scan_models(src), Models { all: 2, slow: 1 });
    }

    #[test]
    fn this_workspace_parses() {
        let members = members(crate::cmd::root()).unwrap();
        let xtask = members.iter().find(|m| m.name == "xtask").unwrap();
        assert!(!xtask.loom_dep);
        assert!(members.iter().any(|m| m.name == "rt"));
    }
}
