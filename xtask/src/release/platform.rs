//! The targets a release is built for; [`Platform`] itself lives in the plugin (`version` prints it).

pub use kubectl_scs::commands::version::platform::Platform;

/// The targets a release is built for: Linux (static musl), macOS and Windows, each on amd64
/// and arm64.
pub const RELEASE_TARGETS: [&str; 6] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
    "aarch64-pc-windows-msvc",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_targets_cover_three_systems_on_two_architectures() {
        let mut pairs: Vec<(&str, &str)> = RELEASE_TARGETS
            .iter()
            .map(|t| Platform::from_target(t).map(|p| (p.os, p.arch)).unwrap())
            .collect();
        pairs.sort();
        assert_eq!(
            pairs,
            [
                ("darwin", "amd64"),
                ("darwin", "arm64"),
                ("linux", "amd64"),
                ("linux", "arm64"),
                ("windows", "amd64"),
                ("windows", "arm64"),
            ]
        );
    }
}
