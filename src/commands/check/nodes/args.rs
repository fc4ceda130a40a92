//! The flags of `check nodes`.

use clap::Args;

use crate::commands::global::DumpArgs;

pub const NODES_HELP: &str = "\
Reads the nodes (or -f, e.g. `kubectl get nodes -o yaml`) and judges them as SCS's retired
scs-0214 script did: every node must carry topology.kubernetes.io/region and
topology.kubernetes.io/zone, and there must be at least 2 nodes (FAIL otherwise); a control plane
(label node-role.kubernetes.io/control-plane) that is not spread over zones is a WARNING; the
workers' spread is information. SCS lists node-distribution-check as preview (checked manually).

Exit codes: 0 PASS, 1 FAIL, 2 usage error, 3 could not read the nodes";

#[derive(Debug, Clone, Default, Args)]
pub struct CheckNodesArgs {
    #[command(flatten)]
    pub dump: DumpArgs,
}
