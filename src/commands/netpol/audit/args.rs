//! The flags of `netpol audit`.

use clap::{Args, ValueEnum};

use crate::commands::global::DumpArgs;

pub const AUDIT_HELP: &str = "\
Reads namespaces, pods, Services and NetworkPolicies (-n NS, -A, or -f files) and reports
findings with a stable code, a severity and a hint (often a policy ready to apply): workloads
open for ingress or egress, namespaces without a default-deny (system namespaces such as
kube-system are scored apart), policies and rules that do nothing, egress isolation without
cluster DNS, ipBlocks over cluster addresses, SCTP on CNIs without it, policies in namespaces
being deleted.

Examples:
  kubectl scs netpol audit -A
  kubectl scs netpol audit -n shop -o wide                 # with workloads and hints
  kubectl scs netpol audit -f state.yaml --fail-on warning # in CI
  kubectl scs netpol audit -A -o junit > netpol-audit.xml  # one testcase per namespace

Exit codes: 0 done (also with findings, unless --fail-on), 1 a finding at or above --fail-on,
2 usage error, 3 could not run";

/// The least severity that makes `netpol audit` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A warning or an error
    Warning,
    /// An error
    Error,
}

impl FailOn {
    pub fn severity(self) -> crate::netpol::audit::Severity {
        match self {
            FailOn::Warning => crate::netpol::audit::Severity::Warning,
            FailOn::Error => crate::netpol::audit::Severity::Error,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct NetpolAuditArgs {
    /// Exit 1 when a finding of this severity or worse exists (default: exit 0 whatever is found)
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub dump: DumpArgs,
}
