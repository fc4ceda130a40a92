//! The flags of `check kubeapi`.

use clap::Args;
use clap_complete::engine::ArgValueCompleter;

use crate::commands::complete::values as complete;
use crate::commands::global::DumpArgs;

#[derive(Debug, Clone, Default, Args)]
pub struct KubeapiArgs {
    /// Only this Cluster (management view)
    #[arg(value_name = "CLUSTER", id = "cluster_name", add = ArgValueCompleter::new(complete::capi_clusters))]
    pub cluster: Option<String>,

    /// Exit 1 when a Cluster's API is OPEN or its restriction NOT_ENFORCED
    #[arg(long)]
    pub require_restricted: bool,

    /// Judge the cluster the context points at (anonymous access, endpoint, scs-0217 hardening)
    /// instead of the Clusters it manages
    #[arg(long, conflicts_with_all = ["cluster_name", "require_restricted", "from_file"])]
    pub workload: bool,

    #[command(flatten)]
    pub dump: DumpArgs,
}
