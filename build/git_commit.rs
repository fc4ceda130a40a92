//! Which commit a build comes from; shared by `build.rs` and its test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The short commit hash of `crate_dir`'s checkout, or `None` when `crate_dir` is not the top of
/// a git checkout (a crates.io download, a source tarball, a crate vendored into another
/// repository) or git is not installed.
pub fn short_commit(crate_dir: &Path) -> Option<String> {
    let toplevel = git(crate_dir, &["rev-parse", "--show-toplevel"])?;
    // Inside someone else's repository the commit would describe that repository, not this crate.
    if !same_dir(Path::new(&toplevel), crate_dir) {
        return None;
    }
    let commit = git(crate_dir, &["rev-parse", "--short", "HEAD"])?;
    commit
        .chars()
        .all(|c| c.is_ascii_hexdigit())
        .then_some(commit)
}

/// Files whose change means HEAD moved: HEAD itself, the branch it points at, packed refs.
/// Only existing files are returned: cargo reruns a build script on every build when a file it
/// watches does not exist.
pub fn head_files(crate_dir: &Path) -> Vec<PathBuf> {
    let mut wanted = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(crate_dir, &["rev-parse", "--symbolic-full-name", "HEAD"])
        && branch.starts_with("refs/")
    {
        wanted.push(branch);
    }
    wanted
        .iter()
        .filter_map(|name| git(crate_dir, &["rev-parse", "--git-path", name]))
        .map(|p| crate_dir.join(p))
        .filter(|p| p.exists())
        .collect()
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
