//! The flags of `completion install-kubectl-helper`.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct InstallHelperArgs {
    /// Directory on PATH to write kubectl_complete-scs to (default: ${KREW_ROOT:-~/.krew}/bin)
    #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}
