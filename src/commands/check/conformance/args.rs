//! The flags of `check conformance`.

use clap::Args;

use crate::commands::check::suite::args::E2eArgs;

pub const CONFORMANCE_HELP: &str = "\
Runs the [Conformance] tests as SCS runs them today (sonobuoy's certified-conformance mode with
--e2e-parallel=true and --ginkgo.flake-attempts=2, so the image skips the [Serial] tests), with the
same machinery, waivers and outputs as `check networking`. Takes 1-2 hours.

--certified is the CNCF certification run instead: serial, every [Conformance] test, the [Serial]
ones included, one attempt. Takes 1.5-3 hours. The report says which of the two ran.

Exit codes: 0 PASS, 1 FAIL, 2 usage error, 3 ABORT or could not run";

#[derive(Debug, Clone, Args)]
pub struct CheckConformanceArgs {
    /// The CNCF certification run: serial, every [Conformance] test ([Serial] ones included), one
    /// attempt (default: as SCS runs it, parallel with 2 flake attempts, [Serial] tests skipped)
    #[arg(long)]
    pub certified: bool,

    #[command(flatten)]
    pub e2e: Box<E2eArgs>,
}
