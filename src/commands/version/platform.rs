//! Rust targets as krew and kubectl name platforms (`os`/`arch` in Go's spelling): `version`
//! prints the host's, and the release packaging (xtask) names its archives with them.

/// The Rust target triple this binary is built for (recorded by build.rs).
pub const BUILD_TARGET: &str = env!("KUBECTL_SCS_TARGET");

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
        Platform::from_target(BUILD_TARGET)
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
        self.executable(crate::commands::completion::HELPER_NAME)
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
