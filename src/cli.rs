//! The command line: kubectl-style global flags and the subcommands.
//!
//! kubectl hands a plugin its arguments untouched, so every flag a kubectl user types has to be
//! defined here again. This module is the single source for `--help` and the completions.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::completion::values as complete;

/// Exit codes, shown at the end of `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  ok / check passed
  1  a check failed (or, with --exit-code, something is unhealthy)
  2  usage error
  3  could not run (unreachable, unauthorized, forbidden, timeout, bad input file) or check aborted";

/// What `--version` prints after the name: the plugin version and the commit it was built from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("KUBECTL_SCS_GIT_COMMIT"),
    ")"
);

#[derive(Debug, Parser)]
#[command(
    name = "kubectl-scs",
    bin_name = "kubectl scs",
    version = VERSION,
    about = "Sovereign Cloud Stack tools for Kubernetes: standard checks, cluster-stack status, safe cleanup",
    after_help = EXIT_CODES_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command understands, spelled as kubectl spells them.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,

    /// The kubeconfig context to use
    #[arg(long, global = true, value_name = "NAME", add = ArgValueCompleter::new(complete::contexts))]
    pub context: Option<String>,

    /// The kubeconfig cluster to use
    #[arg(long, global = true, value_name = "NAME", add = ArgValueCompleter::new(complete::kubeconfig_clusters))]
    pub cluster: Option<String>,

    /// The kubeconfig user to use
    #[arg(long, global = true, value_name = "NAME", add = ArgValueCompleter::new(complete::users))]
    pub user: Option<String>,

    /// Namespace scope (default: the context's namespace)
    #[arg(short = 'n', long, global = true, value_name = "NS", add = ArgValueCompleter::new(complete::namespaces))]
    pub namespace: Option<String>,

    /// All namespaces
    #[arg(short = 'A', long, global = true, conflicts_with = "namespace")]
    pub all_namespaces: bool,

    /// Output format
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_request_timeout, default_value = "0")]
    pub request_timeout: RequestTimeout,

    /// No colours (also when NO_COLOR is set)
    #[arg(long, global = true)]
    pub no_color: bool,

    /// More logging on stderr (-v info, -vv debug, -vvv trace)
    #[arg(short = 'v', long = "verbose", global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// `--request-timeout`; `None` means no limit, as kubectl's `0`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestTimeout(pub Option<Duration>);

/// Parses kubectl's duration syntax: a bare number is seconds, otherwise a sequence like `1h2m3s`.
pub fn parse_request_timeout(text: &str) -> Result<RequestTimeout, String> {
    let d = parse_duration(text)?;
    Ok(RequestTimeout(if d.is_zero() { None } else { Some(d) }))
}

/// A Go-style duration (`90s`, `1m30s`, `2h`, `500ms`); a bare number counts as seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| format!("invalid duration {text:?}: missing unit (use s, m or h)"))?;
        if digits == 0 {
            return Err(format!("invalid duration {text:?}"));
        }
        let value: f64 = rest[..digits]
            .parse()
            .map_err(|_| format!("invalid duration {text:?}"))?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            other => {
                return Err(format!(
                    "invalid duration {text:?}: unknown unit {other:?} (use ms, s, m or h)"
                ));
            }
        };
        rest = &rest[unit_len..];
        total += Duration::try_from_secs_f64(value * factor)
            .map_err(|_| format!("invalid duration {text:?}"))?;
    }
    Ok(total)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable table
    #[default]
    Table,
    /// Table with more columns
    Wide,
    /// JSON (stable keys)
    Json,
    /// YAML (same document as json)
    Yaml,
    /// JUnit XML for CI systems (checks only)
    Junit,
    /// SCS test-runner lines (checks only)
    Scs,
}

impl OutputFormat {
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Wide => "wide",
            OutputFormat::Json => "json",
            OutputFormat::Yaml => "yaml",
            OutputFormat::Junit => "junit",
            OutputFormat::Scs => "scs",
        }
    }
}

/// Offline input shared by every read-only command.
#[derive(Debug, Clone, Default, Args)]
pub struct DumpArgs {
    /// Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)
    #[arg(short = 'f', long = "from-file", value_name = "PATH")]
    pub from_file: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Cluster stacks: what the cluster-stack-operator does with each Cluster's addons
    #[command(subcommand)]
    Stack(StackCommand),
    /// SCS standard checks
    #[command(subcommand)]
    Check(CheckCommand),
    /// Workload clusters: what blocks or leaks when a cluster is deleted, and removing it first
    #[command(subcommand)]
    Cluster(ClusterCommand),
    /// NetworkPolicy tools
    #[command(subcommand)]
    Netpol(NetpolCommand),
    /// Shell completion scripts, and the helper kubectl runs to complete `kubectl scs`
    #[command(subcommand)]
    Completion(CompletionCommand),
    /// Plugin version and commit, and the server version when a cluster is reachable
    Version,
}

/// `kubectl scs completion ...`
#[derive(Debug, Clone, Subcommand)]
pub enum CompletionCommand {
    /// Bash completion for `kubectl-scs` (source it from ~/.bashrc)
    Bash,
    /// Zsh completion for `kubectl-scs` (save as _kubectl-scs in a directory on $fpath)
    Zsh,
    /// Fish completion for `kubectl-scs` (save in ~/.config/fish/completions/)
    Fish,
    /// PowerShell completion for `kubectl-scs` (dot-source it from $PROFILE)
    Powershell,
    /// Put kubectl_complete-scs on PATH so that `kubectl scs <TAB>` completes (kubectl >= 1.26)
    InstallKubectlHelper(InstallHelperArgs),
}

#[derive(Debug, Clone, Args)]
pub struct InstallHelperArgs {
    /// Directory on PATH to write kubectl_complete-scs to (default: ${KREW_ROOT:-~/.krew}/bin)
    #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CheckCommand {
    /// Is access to each Cluster's Kubernetes API restricted as configured, and is the API hardened?
    Kubeapi(KubeapiArgs),
    /// Every check that applies to the current context, in one report
    All(CheckAllArgs),
    /// scs-0219 (kaas-networking-check): run the upstream NetworkPolicy e2e tests and judge them as SCS does
    #[command(after_help = NETWORKING_HELP)]
    Networking(CheckNetworkingArgs),
    /// scs-0201 (cncf-k8s-conformance): run the upstream [Conformance] e2e tests and judge them as SCS does
    #[command(after_help = CONFORMANCE_HELP)]
    Conformance(CheckConformanceArgs),
}

const NETWORKING_HELP: &str = "\
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

const CONFORMANCE_HELP: &str = "\
Runs every [Conformance] test, the serial ones included (sonobuoy's certified-conformance mode),
with the same machinery, waivers and outputs as `check networking`. Takes 1.5-3 hours.

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

#[derive(Debug, Clone, Args)]
pub struct CheckConformanceArgs {
    #[command(flatten)]
    pub e2e: Box<E2eArgs>,
}

/// What both e2e checks understand.
#[derive(Debug, Clone, Args)]
pub struct E2eArgs {
    /// Judge existing results instead of running: a sonobuoy tarball, sonobuoy_results.yaml, junit_01.xml, e2e.log or a directory of them
    #[arg(long, value_name = "PATH", conflicts_with_all = ["list_images", "cleanup", "keep", "artifacts"])]
    pub results: Option<PathBuf>,

    /// Waiver file in the SCS okToFail format, replacing the built-in SCS list
    #[arg(long, value_name = "FILE", conflicts_with = "no_waivers")]
    pub waivers: Option<PathBuf>,

    /// Waive nothing: every failure counts
    #[arg(long)]
    pub no_waivers: bool,

    /// E2E_FOCUS regex (default: networking NetworkPolicy, conformance \[Conformance\])
    #[arg(long, value_name = "REGEX")]
    pub focus: Option<String>,

    /// E2E_SKIP regex (default: networking \[Disruptive\]|NoExecuteTaintManager, conformance none)
    #[arg(long, value_name = "REGEX")]
    pub skip: Option<String>,

    /// E2E_PARALLEL: run specs in parallel (default: networking true, conformance false). With an empty skip the image then skips [Serial] tests
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub parallel: Option<bool>,

    /// --ginkgo.flake-attempts: tries of a failing spec (default: networking 2, conformance 1)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10))]
    pub flake_attempts: Option<u32>,

    /// Pull every image from this registry instead (air-gapped clouds), e.g. harbor.example.com/k8s
    #[arg(long, value_name = "REGISTRY")]
    pub image_repository: Option<String>,

    /// Print the images a run needs (and their mirrors with --image-repository), then exit
    #[arg(long, conflicts_with_all = ["cleanup", "keep", "artifacts"])]
    pub list_images: bool,

    /// Conformance image (default: registry.k8s.io/conformance:<server version>)
    #[arg(long, value_name = "IMAGE")]
    pub conformance_image: Option<String>,

    /// Image of the sidecar holding the results (default: registry.k8s.io/e2e-test-images/busybox:1.36.1-1)
    #[arg(long, value_name = "IMAGE")]
    pub sidecar_image: Option<String>,

    /// Give up after this long, e.g. 45m, 3h (default: networking 60m, --mode native 30m, conformance 3h)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,

    /// Give up when the test pod has not started after this long
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5m")]
    pub startup_timeout: Duration,

    /// Keep junit_01.xml and e2e.log in this directory
    #[arg(long, value_name = "DIR")]
    pub artifacts: Option<PathBuf>,

    /// Leave the namespace, RBAC and pod in the cluster (remove later with --cleanup)
    #[arg(long)]
    pub keep: bool,

    /// Remove what earlier runs of this check left in the cluster, then exit
    #[arg(long)]
    pub cleanup: bool,

    /// Time between status polls
    #[arg(long, hide = true, env = "KUBECTL_SCS_POLL_INTERVAL", value_parser = parse_duration, default_value = "5s")]
    pub poll_interval: Duration,

    /// How long clean-up waits for the namespace to go
    #[arg(long, hide = true, env = "KUBECTL_SCS_CLEANUP_TIMEOUT", value_parser = parse_duration, default_value = "2m")]
    pub cleanup_timeout: Duration,

    /// Minimum time between progress lines when stderr is not a terminal
    #[arg(long, hide = true, env = "KUBECTL_SCS_PROGRESS_INTERVAL", value_parser = parse_duration, default_value = "30s")]
    pub progress_interval: Duration,

    /// Fixed run id (names of the created objects)
    #[arg(long, hide = true, env = "KUBECTL_SCS_RUN_ID")]
    pub run_id: Option<String>,
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

#[derive(Debug, Clone, Args)]
pub struct CheckAllArgs {
    /// Exit 1 when a managed Cluster's API is OPEN or its restriction NOT_ENFORCED
    #[arg(long)]
    pub require_restricted: bool,

    /// Leave out the networking check (scs-0219)
    #[arg(long)]
    pub skip_networking: bool,

    /// The networking check, in the mode given (its flags as for `check networking`)
    #[command(flatten)]
    pub networking: CheckNetworkingArgs,
}

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

#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// List (and with --delete remove) what blocks or leaks when this workload cluster is deleted:
    /// LoadBalancer Services, volumes, snapshots
    #[command(after_help = CLEANUP_HELP)]
    Cleanup(ClusterCleanupArgs),
}

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

#[derive(Debug, Subcommand)]
pub enum StackCommand {
    /// Show Clusters with their cluster stack, release, addons and hooks, and why something is stuck
    Status(StackStatusArgs),
    /// Check a cluster-stack release's clusteraddon.yaml before it ships
    Lint(StackLintArgs),
}

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

#[derive(Debug, Clone, Args)]
pub struct StackLintArgs {
    /// A release directory (holding clusteraddon.yaml) or a directory of release directories
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum NetpolCommand {
    /// Which pods may talk to which under the NetworkPolicies, computed without sending traffic
    Simulate(NetpolSimulateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct NetpolSimulateArgs {
    /// Destination port: a number, or a container port name looked up on each destination pod
    #[arg(long, value_name = "PORT", default_value = "80", value_parser = crate::netpol::simulate::ProbePort::parse)]
    pub port: crate::netpol::simulate::ProbePort,

    /// Protocol: TCP, UDP or SCTP
    #[arg(long, value_name = "PROTOCOL", default_value = "TCP", value_parser = parse_protocol)]
    pub protocol: crate::netpol::Protocol,

    /// Explain one connection instead of printing the table: from this pod (NS/POD, or POD with -n) or IP address
    #[arg(long, value_name = "NS/POD|IP", value_parser = crate::netpol::simulate::Target::parse, requires = "to")]
    pub from: Option<crate::netpol::simulate::Target>,

    /// Explain one connection: to this pod (NS/POD, or POD with -n) or IP address
    #[arg(long, value_name = "NS/POD|IP", value_parser = crate::netpol::simulate::Target::parse, requires = "from")]
    pub to: Option<crate::netpol::simulate::Target>,

    /// NetworkPolicies to try (repeatable): added to the ones read, replacing those of the same namespace/name
    #[arg(long = "policies", value_name = "PATH")]
    pub policies: Vec<PathBuf>,

    /// Use only the --policies files' policies, ignoring the ones read from the cluster or -f
    #[arg(long, requires = "policies")]
    pub replace_policies: bool,

    #[command(flatten)]
    pub dump: DumpArgs,
}

/// `TCP`, `UDP` or `SCTP`, in any case.
pub fn parse_protocol(text: &str) -> Result<crate::netpol::Protocol, String> {
    crate::netpol::Protocol::parse(&text.to_ascii_uppercase())
        .ok_or_else(|| format!("unknown protocol {text:?}; use TCP, UDP or SCTP"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations_parse_like_kubectl() {
        assert_eq!(parse_duration("30").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("").is_err());
        assert_eq!(parse_request_timeout("0").unwrap(), RequestTimeout(None));
    }
}
