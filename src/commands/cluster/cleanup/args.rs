//! The flags of `cluster cleanup`.

use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::commands::global::{DumpArgs, parse_duration};

/// Exit codes of `cluster cleanup`, shown at the end of its `--help`.
pub const CLEANUP_HELP: &str = "\
Exit codes:
  0  nothing blocks or leaks (report); everything deleted is gone (--delete)
  1  something blocks or leaks (report); something deleted is still there at --timeout (--delete)
  2  usage error, or --delete without a terminal and without --yes
  3  could not run, a needed controller is not running (without --force), or cancelled";

/// How `--delete` stops workloads that would recreate or hold volumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum StopWorkloads {
    /// Scale Deployments and StatefulSets to 0 (DaemonSets, Jobs and bare Pods are deleted)
    #[default]
    Scale,
    /// Delete them
    Delete,
}

#[derive(Debug, Clone, Args)]
pub struct ClusterCleanupArgs {
    /// Delete what blocks or leaks: asks what to delete on a terminal; needs --yes otherwise
    #[arg(long)]
    pub delete: bool,

    /// With --delete: delete everything listed without asking (Retain volumes only with --delete-retained)
    #[arg(short = 'y', long, requires = "delete")]
    pub yes: bool,

    /// With --delete: send every request with server-side dry run; nothing changes
    #[arg(long, requires = "delete")]
    pub dry_run: bool,

    /// With --delete: how long to wait until load balancers and volumes are really gone
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5m", requires = "delete")]
    pub timeout: Duration,

    /// With --delete: how to stop workloads that would recreate or hold a volume
    #[arg(long, value_enum, value_name = "HOW", default_value_t = StopWorkloads::Scale, requires = "delete")]
    pub workloads: StopWorkloads,

    /// With --delete: also switch volumes with reclaim policy Retain to Delete, so that their cloud
    /// volumes go too (on a terminal: ticked at the start)
    #[arg(long, requires = "delete")]
    pub delete_retained: bool,

    /// With --delete: go on although the cloud controller or CSI controller is not running (their
    /// load balancers and volumes are then left in the cloud)
    #[arg(long, requires = "delete")]
    pub force: bool,

    #[command(flatten)]
    pub dump: DumpArgs,
}
