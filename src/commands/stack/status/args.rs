//! The flags of `stack status`.

use std::path::PathBuf;

use clap::Args;
use clap_complete::engine::ArgValueCompleter;

use crate::commands::complete::values as complete;
use crate::commands::global::DumpArgs;

#[derive(Debug, Clone, Args)]
pub struct StackStatusArgs {
    /// Only this Cluster
    #[arg(value_name = "CLUSTER", id = "cluster_name", add = ArgValueCompleter::new(complete::capi_clusters))]
    pub cluster: Option<String>,

    /// Re-render whenever something changes, until Ctrl-C
    #[arg(short = 'w', long)]
    pub watch: bool,

    /// Exit 1 when anything is unhealthy
    #[arg(long)]
    pub exit_code: bool,

    /// Release assets as CSO downloads them (<release-tag>/clusteraddon.yaml), for AddonWillBeDropped
    #[arg(long, value_name = "DIR")]
    pub releases: Option<PathBuf>,

    #[command(flatten)]
    pub dump: DumpArgs,
}
