//! Rust targets as krew names platforms (`os`/`arch` in Go's spelling).

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

/// A build target and the krew platform it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    /// The Rust target triple, part of the archive name.
    pub target: String,
    /// krew's `os` label: linux, darwin or windows.
    pub os: &'static str,
    /// krew's `arch` label: amd64, arm64, 386, arm or ppc64le.
    pub arch: &'static str,
}

impl Platform {
    /// The krew platform of a Rust target triple; `None` for targets krew has no platform for.
    pub fn from_target(target: &str) -> Option<Platform> {
        let arch = match target.split('-').next()? {
            "x86_64" => "amd64",
            "aarch64" => "arm64",
            "i686" | "i586" => "386",
            a if a.starts_with("armv7") || a == "arm" => "arm",
            "powerpc64le" => "ppc64le",
            _ => return None,
        };
        let os = if target.contains("-linux") {
            "linux"
        } else if target.contains("-apple-darwin") {
            "darwin"
        } else if target.contains("-windows") {
            "windows"
        } else {
            return None;
        };
        Some(Platform {
            target: target.to_string(),
            os,
            arch,
        })
    }

    /// The platform this code was compiled for; `None` where krew has none.
    pub fn host() -> Option<Platform> {
        Platform::from_target(env!("KUBECTL_SCS_TARGET"))
    }

    pub fn is_windows(&self) -> bool {
        self.os == "windows"
    }

    /// The plugin executable's name in the archive.
    pub fn bin_name(&self) -> String {
        self.executable("kubectl-scs")
    }

    /// The completion helper's name in the archive.
    pub fn helper_name(&self) -> String {
        self.executable(crate::completion::HELPER_NAME)
    }

    fn executable(&self, stem: &str) -> String {
        if self.is_windows() {
            format!("{stem}.exe")
        } else {
            stem.to_string()
        }
    }
}

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

    #[test]
    fn host_style_targets_and_unknown_ones() {
        let gnu = Platform::from_target("x86_64-unknown-linux-gnu").unwrap();
        assert_eq!((gnu.os, gnu.arch), ("linux", "amd64"));
        assert_eq!(gnu.bin_name(), "kubectl-scs");
        let win = Platform::from_target("aarch64-pc-windows-msvc").unwrap();
        assert_eq!(win.helper_name(), "kubectl_complete-scs.exe");
        assert_eq!(Platform::from_target("wasm32-unknown-unknown"), None);
        assert_eq!(Platform::from_target("x86_64-unknown-freebsd"), None);
        assert_eq!(Platform::from_target(""), None);
    }
}
