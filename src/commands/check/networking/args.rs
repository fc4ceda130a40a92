//! The flags of `check networking` (also read by `check all`).

use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::commands::check::suite::args::E2eArgs;
use crate::commands::global::parse_duration;

pub const NETWORKING_HELP: &str = "\
Runs registry.k8s.io/conformance:<server version> in a fresh namespace with focus NetworkPolicy
(as SCS runs sonobuoy), follows it, fetches junit_01.xml and e2e.log, deletes what it created and
judges the results against the SCS okToFail list. Takes 10-30 minutes.

--mode native runs the 48 NetworkPolicy traffic tests of that suite itself, with the same topology,
policies and test names, probing from pod to pod by exec in namespaces netpol-{x,y,z}-<run> (and
sctp-network-policy-{x,y,z}-<run>), judged the same way. Takes a few minutes.

Examples:
  kubectl scs check networking                          # run in the cluster, table output
  kubectl scs check networking -o scs                   # as a script of the SCS compliance check
  kubectl scs check networking --results ./sono-results # judge earlier results, no cluster
  kubectl scs check networking --list-images --image-repository harbor.example.com/k8s
  kubectl scs check networking --cleanup                # remove leftovers of killed runs
  kubectl scs check networking --mode native            # the traffic tests run natively
  kubectl scs check networking --mode native --skip SCTPConnectivity

Exit codes: 0 PASS, 1 FAIL, 2 usage error, 3 ABORT or could not run";

/// How `check networking` tests NetworkPolicy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum NetworkingMode {
    /// The upstream e2e suite in the conformance image (what SCS runs)
    #[default]
    E2e,
    /// The suite's traffic tests run by this tool: probes between pods, by exec
    Native,
}

#[derive(Debug, Clone, Args)]
pub struct CheckNetworkingArgs {
    /// How to test NetworkPolicy
    #[arg(long, value_enum, default_value_t = NetworkingMode::E2e)]
    pub mode: NetworkingMode,

    #[command(flatten)]
    pub e2e: Box<E2eArgs>,

    #[command(flatten)]
    pub native: NativeArgs,
}

/// Knobs of `--mode native`.
#[derive(Debug, Clone, Args)]
pub struct NativeArgs {
    /// --mode native: how long a probe is retried until it shows what the policies say (upstream: 10s)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
    pub probe_timeout: Duration,

    /// --mode native: time between retries of the probes that do not match yet (upstream: 1s)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "1s")]
    pub probe_interval: Duration,

    /// --mode native: `agnhost connect --timeout` of each connection attempt (upstream: 1s)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "1s")]
    pub connect_timeout: Duration,

    /// --mode native: how long every server must be reachable again before a test starts
    #[arg(long, hide = true, value_name = "DURATION", value_parser = parse_duration, default_value = "30s")]
    pub baseline_timeout: Duration,

    /// --mode native: a test whose probes all keep connecting as if no NetworkPolicy existed
    /// fails after this long instead of after every retry (0: retry in full)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "3s")]
    pub settle_time: Duration,

    /// --mode native: stop at the first failure that is not waived (the tests not run are
    /// reported as skipped)
    #[arg(long)]
    pub fail_fast: bool,
}
