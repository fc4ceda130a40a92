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

/// Knobs of `--mode native`. Unset values take the defaults of the accessors; a knob given
/// with `--mode e2e` is refused ([`NativeArgs::first_given`]) rather than ignored.
#[derive(Debug, Clone, Args)]
pub struct NativeArgs {
    /// --mode native: how long a probe is retried until it shows what the policies say (default and upstream: 10s)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub probe_timeout: Option<Duration>,

    /// --mode native: time between retries of the probes that do not match yet (default and upstream: 1s)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub probe_interval: Option<Duration>,

    /// --mode native: `agnhost connect --timeout` of each connection attempt (default and upstream: 1s)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub connect_timeout: Option<Duration>,

    /// --mode native: how long every server must be reachable again before a test starts (default: 30s)
    #[arg(long, hide = true, value_name = "DURATION", value_parser = parse_duration)]
    pub baseline_timeout: Option<Duration>,

    /// --mode native: a test whose probes all keep connecting as if no NetworkPolicy existed
    /// fails after this long instead of after every retry (default: 3s; 0: retry in full)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub settle_time: Option<Duration>,

    /// --mode native: stop at the first failure that is not waived (the tests not run are
    /// reported as skipped)
    #[arg(long)]
    pub fail_fast: bool,
}

impl NativeArgs {
    pub fn probe_timeout(&self) -> Duration {
        self.probe_timeout.unwrap_or(Duration::from_secs(10))
    }

    pub fn probe_interval(&self) -> Duration {
        self.probe_interval.unwrap_or(Duration::from_secs(1))
    }

    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout.unwrap_or(Duration::from_secs(1))
    }

    pub fn baseline_timeout(&self) -> Duration {
        self.baseline_timeout.unwrap_or(Duration::from_secs(30))
    }

    pub fn settle_time(&self) -> Duration {
        self.settle_time.unwrap_or(Duration::from_secs(3))
    }

    /// The first knob given on the command line, for the e2e mode, which has no use for them.
    pub fn first_given(&self) -> Option<&'static str> {
        [
            ("--probe-timeout", self.probe_timeout.is_some()),
            ("--probe-interval", self.probe_interval.is_some()),
            ("--connect-timeout", self.connect_timeout.is_some()),
            ("--baseline-timeout", self.baseline_timeout.is_some()),
            ("--settle-time", self.settle_time.is_some()),
            ("--fail-fast", self.fail_fast),
        ]
        .into_iter()
        .find_map(|(flag, given)| given.then_some(flag))
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Line {
        #[command(flatten)]
        native: NativeArgs,
    }

    fn parse(args: &[&str]) -> NativeArgs {
        Line::try_parse_from(std::iter::once("x").chain(args.iter().copied()))
            .unwrap()
            .native
    }

    /// The defaults live in the accessors and, for people, in each flag's help: they must agree.
    #[test]
    fn the_help_states_the_defaults_the_accessors_use() {
        use clap::CommandFactory;

        let none = parse(&[]);
        let command = Line::command();
        for (id, default) in [
            ("probe_timeout", none.probe_timeout()),
            ("probe_interval", none.probe_interval()),
            ("connect_timeout", none.connect_timeout()),
            ("baseline_timeout", none.baseline_timeout()),
            ("settle_time", none.settle_time()),
        ] {
            let arg = command
                .get_arguments()
                .find(|a| a.get_id() == id)
                .unwrap_or_else(|| panic!("no argument {id}"));
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            let said = crate::duration::human(default);
            let stated = help.split_once("default").map_or("", |(_, rest)| rest);
            assert!(
                stated.split([' ', ';', ')']).any(|word| word == said),
                "{id}: {help:?} does not state the default {said}"
            );
        }
    }

    #[test]
    fn unset_knobs_take_upstream_timing_and_given_ones_are_named() {
        let none = parse(&[]);
        assert_eq!(none.first_given(), None);
        assert_eq!(none.probe_timeout(), Duration::from_secs(10));
        assert_eq!(none.probe_interval(), Duration::from_secs(1));
        assert_eq!(none.connect_timeout(), Duration::from_secs(1));
        assert_eq!(none.settle_time(), Duration::from_secs(3));
        let some = parse(&["--settle-time", "0", "--fail-fast"]);
        assert_eq!(some.first_given(), Some("--settle-time"));
        assert_eq!(some.settle_time(), Duration::ZERO);
        assert_eq!(parse(&["--fail-fast"]).first_given(), Some("--fail-fast"));
    }
}
