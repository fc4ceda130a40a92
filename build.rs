//! Records the git commit the binary is built from (shown by `kubectl scs version`) and the
//! target it is built for (naming its release archive).
//!
//! Outside a git checkout the commit is "unknown" unless `KUBECTL_SCS_GIT_COMMIT` names it
//! (for packagers building from a source tarball); the build never fails for want of git.

#[path = "build/git_commit.rs"]
mod git_commit;

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/git_commit.rs");
    println!("cargo:rerun-if-env-changed=KUBECTL_SCS_GIT_COMMIT");
    let crate_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = std::env::var("KUBECTL_SCS_GIT_COMMIT")
        .ok()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .or_else(|| git_commit::short_commit(&crate_dir))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=KUBECTL_SCS_GIT_COMMIT={commit}");
    // The target triple names the release archive built from this binary.
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rustc-env=KUBECTL_SCS_TARGET={target}");
    for file in git_commit::head_files(&crate_dir) {
        println!("cargo:rerun-if-changed={}", file.display());
    }
}
