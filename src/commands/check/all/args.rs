//! The flags of `check all`.

use std::path::PathBuf;

use clap::Args;

use crate::certification::{DEFAULT_SECTIONS, SpecSection};
use crate::commands::check::networking::args::CheckNetworkingArgs;
use crate::commands::check::versions::args::VersionsArgs;
use crate::commands::global::named_values;

pub const ALL_HELP: &str = "\
Runs the testcases of SCS's scs-compatible-kaas.yaml by section, as scs-compliance-check.py does,
then the checks of kubectl-scs's own (kubeapi), reported apart from SCS's testcases:

  light    version-policy-check    scs-0210-v2   (default)
  heavy    cncf-k8s-conformance    scs-0201-v1   1-3 hours, see `check conformance`
           kaas-networking-check   scs-0219-v1   10-30 minutes, see `check networking`
  preview  node-distribution-check scs-0214-v2   SCS checks it manually; see `check nodes`

Examples:
  kubectl scs check all                                  # light section + kubeapi
  kubectl scs check all --sections light,heavy -o scs    # the whole certification, runner lines
  kubectl scs check all --sections heavy --results ./sono --conformance-results ./conf --scs-only

-o scs prints one `<testcase-id>: PASS|FAIL|ABORT` line per SCS testcase on stdout; our own checks
appear on stderr only (INFO:/WARNING: lines), so SCS's runner does not count them.

Exit codes: 0 all passed, 1 something failed, 2 usage error, 3 something aborted (and nothing failed)";

#[derive(Debug, Clone, Args)]
pub struct CheckAllArgs {
    /// SCS sections to run, comma-separated: light (version-policy-check), heavy
    /// (cncf-k8s-conformance, kaas-networking-check), preview (node-distribution-check)
    #[arg(long, value_parser = named_values(&SpecSection::ALL, SpecSection::as_str, SpecSection::help), value_delimiter = ',', value_name = "SECTION,...", default_values = DEFAULT_SECTIONS.map(SpecSection::as_str))]
    pub sections: Vec<SpecSection>,

    /// Only the SCS testcases whose id this regex matches at its start (as SCS's --tests)
    #[arg(long, value_name = "REGEX", value_parser = crate::certification::parse_tests)]
    pub tests: Option<regex::Regex>,

    /// Only SCS testcases: leave out the checks of kubectl-scs's own (kubeapi)
    #[arg(long, conflicts_with = "require_restricted")]
    pub scs_only: bool,

    /// kubeapi: exit 1 when a managed Cluster's API is OPEN or its restriction NOT_ENFORCED
    #[arg(long)]
    pub require_restricted: bool,

    /// Leave out kaas-networking-check (scs-0219) from the heavy section
    #[arg(long)]
    pub skip_networking: bool,

    /// cncf-k8s-conformance: the CNCF certification run (serial, every [Conformance] test, one
    /// attempt) instead of SCS's, as `check conformance --certified`
    #[arg(long)]
    pub certified: bool,

    /// cncf-k8s-conformance: judge these results instead of running the suite (as `check
    /// conformance --results`)
    #[arg(long, value_name = "PATH")]
    pub conformance_results: Option<PathBuf>,

    /// kaas-networking-check, in the mode given; its flags as for `check networking` (--results,
    /// --focus, --skip, --parallel, --flake-attempts, --timeout are its alone; the image, waiver,
    /// --keep and --artifacts flags apply to both e2e testcases)
    #[command(flatten)]
    pub networking: CheckNetworkingArgs,

    /// version-policy-check: its flags as for `check versions` (--kubernetes-version, --data, --refresh)
    #[command(flatten)]
    pub versions: VersionsArgs,
}
