//! The flags of `stack lint`.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct StackLintArgs {
    /// A release directory (holding clusteraddon.yaml) or a directory of release directories
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}
