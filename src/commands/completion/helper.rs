//! The `kubectl_complete-scs` helper: what it is and where it goes.
//!
//! krew links only the plugin binary into its bin directory, so the helper that kubectl looks
//! up for `kubectl scs <TAB>` has to be put on PATH separately. On Unix the helper is a
//! two-line shell script that runs `kubectl-scs __complete`; it finds the plugin on PATH, so it
//! keeps working after the plugin is upgraded. Windows runs only `.exe` files here, so there
//! the helper is a copy of the plugin binary, which answers when started under that name.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::commands::completion::HELPER_NAME;
use crate::error::{Error, Result};

/// The Unix helper script, as shipped in the release archives and written by
/// `kubectl scs completion install-kubectl-helper`.
pub const HELPER_SCRIPT: &str = "#!/bin/sh\n\
# kubectl (>= 1.26) runs this to complete `kubectl scs ...`; the plugin answers.\n\
exec kubectl-scs __complete \"$@\"\n";

/// How the helper is made on a platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelperForm {
    /// The [`HELPER_SCRIPT`] (Unix).
    Script,
    /// A copy of this executable named `kubectl_complete-scs.exe` (Windows).
    CopyOf(PathBuf),
}

impl HelperForm {
    /// The form this platform needs; `current_exe` is the plugin binary.
    pub fn native(current_exe: &Path) -> HelperForm {
        if cfg!(windows) {
            HelperForm::CopyOf(current_exe.to_path_buf())
        } else {
            HelperForm::Script
        }
    }

    /// The file name of the helper in this form.
    pub fn file_name(&self) -> String {
        match self {
            HelperForm::Script => HELPER_NAME.to_string(),
            HelperForm::CopyOf(_) => format!("{HELPER_NAME}.exe"),
        }
    }
}

/// krew's bin directory, where the helper goes by default: `$KREW_ROOT/bin`, else
/// `~/.krew/bin`.
pub fn default_dir(krew_root: Option<&OsStr>, home: Option<&OsStr>) -> Option<PathBuf> {
    let non_empty = |v: Option<&OsStr>| v.filter(|v| !v.is_empty()).map(PathBuf::from);
    non_empty(krew_root)
        .or_else(|| non_empty(home).map(|h| h.join(".krew")))
        .map(|root| root.join("bin"))
}

/// Writes the helper into `dir` (replacing an older one) and returns its path.
pub fn install(dir: &Path, form: &HelperForm) -> Result<PathBuf> {
    if !dir.is_dir() {
        return Err(
            Error::usage(format!("{} is not a directory", dir.display())).hint(
                "name a directory on your PATH: kubectl scs completion install-kubectl-helper DIR",
            ),
        );
    }
    let target = dir.join(form.file_name());
    // Written beside the target and renamed over it, so a completion running meanwhile never
    // sees half a file.
    let staging = dir.join(format!(".{}.new", form.file_name()));
    let written = match form {
        HelperForm::Script => std::fs::write(&staging, HELPER_SCRIPT),
        HelperForm::CopyOf(exe) => std::fs::copy(exe, &staging).map(|_| ()),
    }
    .and_then(|()| make_executable(&staging))
    .and_then(|()| std::fs::rename(&staging, &target));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&staging);
        Error::could_not_run(format!("cannot write {}", target.display())).with_source(e)
    })?;
    Ok(target)
}

/// True when `dir` is one of the directories in `path` (a PATH value).
pub fn is_on_path(dir: &Path, path: Option<&OsStr>) -> bool {
    let Some(path) = path else {
        return false;
    };
    let wanted = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    std::env::split_paths(path).any(|p| p.canonicalize().unwrap_or(p) == wanted)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::complete::kubectl::COMPLETE_ARG;

    #[test]
    fn default_dir_follows_krew_root_then_home() {
        let got = default_dir(Some(OsStr::new("/opt/krew")), Some(OsStr::new("/home/u")));
        assert_eq!(got, Some(PathBuf::from("/opt/krew/bin")));
        let got = default_dir(Some(OsStr::new("")), Some(OsStr::new("/home/u")));
        assert_eq!(got, Some(PathBuf::from("/home/u/.krew/bin")));
        assert_eq!(default_dir(None, None), None);
    }

    #[test]
    fn script_runs_the_plugin_complete_entry() {
        assert!(HELPER_SCRIPT.starts_with("#!/bin/sh\n"));
        assert!(HELPER_SCRIPT.contains(&format!("exec kubectl-scs {COMPLETE_ARG} \"$@\"")));
    }

    #[test]
    fn install_replaces_and_refuses_missing_directories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(HELPER_NAME), "old").unwrap();
        let path = install(dir.path(), &HelperForm::Script).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), HELPER_SCRIPT);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o111, 0o111);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
        let missing = install(&dir.path().join("nope"), &HelperForm::Script).unwrap_err();
        assert!(missing.message.contains("is not a directory"));
    }

    #[test]
    fn path_membership() {
        let dir = tempfile::tempdir().unwrap();
        let path = std::env::join_paths([Path::new("/usr/bin"), dir.path()]).unwrap();
        assert!(is_on_path(dir.path(), Some(&path)));
        assert!(!is_on_path(Path::new("/nowhere"), Some(&path)));
        assert!(!is_on_path(dir.path(), None));
    }
}
