//! Packaging releases for krew: the archive per platform, its checksum, and the krew manifest.
//!
//! `cargo xtask` (xtask/src/main.rs) drives these functions for a release; the tests build an
//! archive from the debug binary through the same functions and check it against the manifest
//! and krew's rules, so what ships is what is tested.

pub mod archive;
pub mod dist;
pub mod krew;
pub mod platform;

pub use archive::{Archive, ArchiveInput};
pub use platform::Platform;

/// The plugin's name in the krew index: `kubectl krew install scs`, `kubectl scs`.
pub const PLUGIN_NAME: &str = "scs";

/// Where the project lives; release assets are downloaded from its releases.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The git tag (and krew version) of a version: krew requires the leading `v`.
pub fn tag(version: &str) -> String {
    let version = version.trim();
    if version.starts_with('v') {
        version.to_string()
    } else {
        format!("v{version}")
    }
}

/// The archive of `tag` for a Rust target: `kubectl-scs_v0.1.0_x86_64-unknown-linux-musl.tar.gz`.
pub fn archive_file_name(tag: &str, target: &str) -> String {
    format!("kubectl-scs_{tag}_{target}.tar.gz")
}

/// Where the release's assets are downloaded from.
pub fn default_base_url(tag: &str) -> String {
    format!(
        "{}/releases/download/{tag}",
        REPOSITORY.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_have_one_leading_v() {
        assert_eq!(tag("0.1.0"), "v0.1.0");
        assert_eq!(tag("v0.1.0"), "v0.1.0");
        assert_eq!(
            archive_file_name("v0.1.0", "aarch64-apple-darwin"),
            "kubectl-scs_v0.1.0_aarch64-apple-darwin.tar.gz"
        );
        assert!(default_base_url("v1.2.3").ends_with("/releases/download/v1.2.3"));
        assert!(default_base_url("v1.2.3").starts_with("https://"));
    }
}
