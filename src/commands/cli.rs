//! The command line: kubectl-style global flags and the subcommands.
//!
//! kubectl hands a plugin its arguments untouched, so every flag a kubectl user types has to be
//! defined here again. This module is the single source for `--help` and the completions.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::certification::{DEFAULT_SECTIONS, SpecSection};
use crate::commands::complete::values as complete;
use crate::kube::{ClientOptions, Input, ScopeFlags};
use crate::report::OutputFormat;

/// Exit codes, shown at the end of `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  ok / check passed
  1  a check failed (or, with --exit-code, something is unhealthy)
  2  usage error
  3  could not run (unreachable, unauthorized, forbidden, timeout, bad input file) or check aborted";

/// The `--help` heading of the flags every command understands.
pub const GLOBAL_HEADING: &str = "Global options";

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

/// Flags every command understands, spelled as kubectl spells them; `--help` shows them under
/// their own heading, after the command's own flags, as kubectl does.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = GLOBAL_HEADING)]
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

    /// `-o` of the command given: each command offers only its own formats ([`output`]).
    #[arg(skip)]
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

impl GlobalArgs {
    /// The connection flags, for the kube layer.
    pub fn client_options(&self) -> ClientOptions {
        ClientOptions {
            kubeconfig: self.kubeconfig.clone(),
            context: self.context.clone(),
            cluster: self.cluster.clone(),
            user: self.user.clone(),
            request_timeout: self.request_timeout.0,
        }
    }

    /// `-A` / `-n NS` / neither.
    pub fn scope_flags(&self) -> ScopeFlags {
        match (&self.namespace, self.all_namespaces) {
            (_, true) => ScopeFlags::All,
            (Some(ns), false) => ScopeFlags::Namespace(ns.clone()),
            (None, false) => ScopeFlags::Default,
        }
    }
}

/// The values of a flag that takes one of a fixed set of names, each with its help line.
fn named_values<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
    help: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T> {
    let values = all
        .iter()
        .map(move |&v| PossibleValue::new(name(v)).help(help(v)));
    PossibleValuesParser::new(values).try_map(move |text| {
        all.iter()
            .copied()
            .find(|&v| name(v) == text)
            .ok_or_else(|| format!("unknown value {text:?}"))
    })
}

/// `--request-timeout`; `None` means no limit, as kubectl's `0`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestTimeout(pub Option<Duration>);

/// Parses kubectl's duration syntax: a bare number is seconds, otherwise a sequence like `1h2m3s`.
pub fn parse_request_timeout(text: &str) -> Result<RequestTimeout, String> {
    let d = parse_duration(text)?;
    Ok(RequestTimeout(if d.is_zero() { None } else { Some(d) }))
}

/// A duration flag (`90s`, `1m30s`, `2h`, `500ms`); a bare number counts as seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    crate::duration::parse(text)
}

/// The formats of commands that report what they read.
pub const REPORTS: &[OutputFormat] = &[
    OutputFormat::Table,
    OutputFormat::Wide,
    OutputFormat::Json,
    OutputFormat::Yaml,
];

/// The formats of audits: findings also as JUnit testcases, but no SCS testcase.
pub const AUDITS: &[OutputFormat] = &[
    OutputFormat::Table,
    OutputFormat::Wide,
    OutputFormat::Json,
    OutputFormat::Yaml,
    OutputFormat::Junit,
];

/// The formats of checks: also JUnit and the SCS runner's lines.
pub const CHECKS: &[OutputFormat] = &OutputFormat::ALL;

const OUTPUT_ID: &str = "output";

/// A command's `-o`: each command declares its formats once, on its variant
/// (`#[command(arg = output(REPORTS))]`), and `--help`, the check of the value and the
/// completion all offer exactly those. Commands that print no report (completion scripts) have
/// no `-o`.
pub fn output(formats: &'static [OutputFormat]) -> Arg {
    let parser = named_values(formats, OutputFormat::name, OutputFormat::help);
    Arg::new(OUTPUT_ID)
        .short('o')
        .long("output")
        .value_name("FORMAT")
        .help("Output format")
        .value_parser(parser)
        .default_value("table")
}

impl Cli {
    /// Parses a command line as clap does, then takes `-o` from the command given.
    pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let mut command = Cli::command();
        // clap's own help and errors follow NO_COLOR and the terminal already; --no-color too.
        if args.iter().any(|a| a == "--no-color") {
            command = command.color(clap::ColorChoice::Never);
        }
        let matches = command.try_get_matches_from_mut(args)?;
        let mut cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
        cli.global.output = output_of(&matches);
        Ok(cli)
    }
}

/// The `-o` of the innermost command given; `table` for commands without `-o`.
pub fn output_of(matches: &ArgMatches) -> OutputFormat {
    let mut innermost = matches;
    while let Some((_, sub)) = innermost.subcommand() {
        innermost = sub;
    }
    innermost
        .try_get_one::<OutputFormat>(OUTPUT_ID)
        .ok()
        .flatten()
        .copied()
        .unwrap_or_default()
}

/// Offline input shared by every read-only command.
#[derive(Debug, Clone, Default, Args)]
pub struct DumpArgs {
    /// Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)
    #[arg(short = 'f', long = "from-file", value_name = "PATH")]
    pub from_file: Vec<PathBuf>,
}

impl DumpArgs {
    pub fn input(&self) -> Input {
        Input::from_files(&self.from_file)
    }
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
    #[command(arg = output(REPORTS))]
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
    #[command(arg = output(REPORTS))]
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
    #[command(arg = output(CHECKS))]
    Kubeapi(KubeapiArgs),
    /// The SCS KaaS certification run: SCS's testcases by section, plus our own checks (kubeapi)
    #[command(after_help = ALL_HELP, arg = output(CHECKS))]
    All(CheckAllArgs),
    /// scs-0210 (version-policy-check): is the Kubernetes version supported and recent enough, as SCS judges it?
    #[command(after_help = VERSIONS_HELP, arg = output(CHECKS))]
    Versions(VersionsArgs),
    /// scs-0219 (kaas-networking-check): run the upstream NetworkPolicy e2e tests and judge them as SCS does
    #[command(after_help = NETWORKING_HELP, arg = output(CHECKS))]
    Networking(CheckNetworkingArgs),
    /// scs-0201 (cncf-k8s-conformance): run the upstream [Conformance] e2e tests and judge them as SCS does
    #[command(after_help = CONFORMANCE_HELP, arg = output(CHECKS))]
    Conformance(CheckConformanceArgs),
    /// scs-0214 (node-distribution-check, preview in SCS): are the nodes labelled with region and zone, and spread?
    #[command(after_help = NODES_HELP, arg = output(CHECKS))]
    Nodes(CheckNodesArgs),
}

const NODES_HELP: &str = "\
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

const ALL_HELP: &str = "\
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

const VERSIONS_HELP: &str = "\
Judges the version /version reports (or --kubernetes-version) by SCS's rules: the branch must not
be past its end of life, and a newer patch of the branch must be in use within 31 days of its
release (14 days when a critical CVE affects the version). The nodes' kubelet versions are shown
as information. Needs no network: the EOL table, the Kubernetes releases, the official CVE feed
and the CVE records are built in (with their date); --data reads a mirror of them, --refresh
downloads them anew.

Examples:
  kubectl scs check versions                            # the current context's cluster
  kubectl scs check versions -o scs                     # as a script of the SCS compliance check
  kubectl scs check versions --kubernetes-version v1.33.5   # a version, before an upgrade
  kubectl scs check versions --refresh                  # with the newest upstream data
  kubectl scs check versions --data ./version-policy    # with a mirror (air-gapped)

Exit codes: 0 PASS, 1 FAIL, 2 usage error, 3 ABORT or could not run";

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
Runs the [Conformance] tests as SCS runs them today (sonobuoy's certified-conformance mode with
--e2e-parallel=true and --ginkgo.flake-attempts=2, so the image skips the [Serial] tests), with the
same machinery, waivers and outputs as `check networking`. Takes 1-2 hours.

--certified is the CNCF certification run instead: serial, every [Conformance] test, the [Serial]
ones included, one attempt. Takes 1.5-3 hours. The report says which of the two ran.

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
    /// The CNCF certification run: serial, every [Conformance] test ([Serial] ones included), one
    /// attempt (default: as SCS runs it, parallel with 2 flake attempts, [Serial] tests skipped)
    #[arg(long)]
    pub certified: bool,

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

    /// E2E_PARALLEL: run specs in parallel (default true; conformance --certified false). With an empty skip the image then skips [Serial] tests
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub parallel: Option<bool>,

    /// --ginkgo.flake-attempts: tries of a failing spec (default 2; conformance --certified 1)
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

    /// Remove what earlier runs of this check left in the cluster, then exit; runs still going are listed and left alone
    #[arg(long)]
    pub cleanup: bool,

    /// With --cleanup: delete runs still going too, these (by run id) or, without a value, all
    #[arg(long, value_name = "RUN_ID", num_args = 0.., value_delimiter = ',', requires = "cleanup")]
    pub force: Option<Vec<String>>,

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

/// `check versions`; `check all` runs it with the same flags.
#[derive(Debug, Clone, Default, Args)]
pub struct VersionsArgs {
    /// Judge this Kubernetes version instead of the cluster's, without a cluster (e.g. v1.33.5)
    #[arg(long, value_name = "VERSION")]
    pub kubernetes_version: Option<String>,

    /// Read the version data from this directory (k8s-eol-data.yml, releases.json,
    /// official-cve-feed.json, cve/<CVE-ID>.json) instead of the built-in snapshot
    #[arg(long = "data", value_name = "DIR", conflicts_with = "refresh", value_hint = clap::ValueHint::DirPath)]
    pub data: Option<PathBuf>,

    /// Download the version data from upstream into the cache directory first, and use it
    #[arg(long)]
    pub refresh: bool,

    /// Where --refresh gets SCS's EOL table
    #[arg(long, hide = true, env = "KUBECTL_SCS_EOL_URL", value_name = "URL")]
    pub eol_url: Option<String>,

    /// Where --refresh gets the releases (GitHub releases API)
    #[arg(
        long,
        hide = true,
        env = "KUBECTL_SCS_RELEASES_URL",
        value_name = "URL"
    )]
    pub releases_url: Option<String>,

    /// Where --refresh gets the official CVE feed
    #[arg(
        long,
        hide = true,
        env = "KUBECTL_SCS_CVE_FEED_URL",
        value_name = "URL"
    )]
    pub cve_feed_url: Option<String>,

    /// Where --refresh gets CVE records (<URL>/<CVE-ID>)
    #[arg(
        long,
        hide = true,
        env = "KUBECTL_SCS_CVE_RECORD_URL",
        value_name = "URL"
    )]
    pub cve_record_url: Option<String>,
}

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
    #[command(after_help = CLEANUP_HELP, arg = output(REPORTS))]
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
    #[command(arg = output(REPORTS))]
    Status(StackStatusArgs),
    /// Check a cluster-stack release's clusteraddon.yaml before it ships
    #[command(arg = output(REPORTS))]
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
    #[command(arg = output(REPORTS))]
    Simulate(NetpolSimulateArgs),
    /// Are workloads isolated, which policies do nothing, and what will not work as it seems
    #[command(after_help = AUDIT_HELP, arg = output(AUDITS))]
    Audit(NetpolAuditArgs),
}

const AUDIT_HELP: &str = "\
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

#[derive(Debug, Clone, Args)]
pub struct NetpolSimulateArgs {
    /// Destination port: a number, or a container port name looked up on each destination pod
    #[arg(long, value_name = "PORT", default_value = "80", value_parser = crate::netpol::simulate::ProbePort::parse)]
    pub port: crate::netpol::simulate::ProbePort,

    /// Protocol: TCP, UDP or SCTP
    #[arg(long, value_name = "PROTOCOL", default_value = "TCP", value_parser = parse_protocol)]
    pub protocol: crate::netpol::Protocol,

    /// Explain one connection instead of printing the table: from this pod (NS/POD, or POD with -n) or IP address
    #[arg(long, value_name = "NS/POD|IP", value_parser = crate::netpol::simulate::EndpointArg::parse, requires = "to")]
    pub from: Option<crate::netpol::simulate::EndpointArg>,

    /// Explain one connection: to this pod (NS/POD, or POD with -n) or IP address
    #[arg(long, value_name = "NS/POD|IP", value_parser = crate::netpol::simulate::EndpointArg::parse, requires = "from")]
    pub to: Option<crate::netpol::simulate::EndpointArg>,

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

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every command either prints a report, and so declares its `-o` formats, or prints a
    /// script and has no `-o`; a new command that forgets to declare fails here.
    #[test]
    fn every_command_declares_its_formats() {
        fn leaves(command: &clap::Command, path: String, out: &mut Vec<(String, Vec<String>)>) {
            if command.get_subcommands().next().is_none() {
                let formats = command
                    .get_arguments()
                    .find(|a| a.get_id() == OUTPUT_ID)
                    .map(|a| {
                        a.get_possible_values()
                            .iter()
                            .map(|v| v.get_name().to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                out.push((path, formats));
                return;
            }
            for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
                let path = format!("{path} {}", sub.get_name()).trim().to_string();
                leaves(sub, path, out);
            }
        }
        let mut found = Vec::new();
        leaves(&Cli::command(), String::new(), &mut found);
        let names = |formats: &[OutputFormat]| -> Vec<String> {
            formats.iter().map(|f| f.name().to_string()).collect()
        };
        for (path, formats) in found {
            let expected = match path.as_str() {
                "completion bash"
                | "completion zsh"
                | "completion fish"
                | "completion powershell" => Vec::new(),
                p if p.starts_with("check ") => names(CHECKS),
                "netpol audit" => names(AUDITS),
                _ => names(REPORTS),
            };
            assert_eq!(formats, expected, "{path}");
        }
    }

    #[test]
    fn output_comes_from_the_command_given() {
        let cli = Cli::parse_args(["kubectl-scs", "check", "kubeapi", "-o", "scs"]).unwrap();
        assert_eq!(cli.global.output, OutputFormat::Scs);
        let cli = Cli::parse_args(["kubectl-scs", "stack", "status"]).unwrap();
        assert_eq!(cli.global.output, OutputFormat::Table);
        let err = Cli::parse_args(["kubectl-scs", "stack", "status", "-o", "scs"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue);
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

    #[test]
    fn global_flags_lower_to_plain_options() {
        let cli = Cli::parse_args([
            "kubectl-scs",
            "--context",
            "lab",
            "--request-timeout",
            "5s",
            "-n",
            "capi",
            "stack",
            "status",
            "-f",
            "dump.yaml",
        ])
        .unwrap();
        let options = cli.global.client_options();
        assert_eq!(options.context.as_deref(), Some("lab"));
        assert_eq!(options.request_timeout, Some(Duration::from_secs(5)));
        assert_eq!(
            cli.global.scope_flags(),
            ScopeFlags::Namespace("capi".into())
        );
        let Command::Stack(StackCommand::Status(args)) = cli.command else {
            panic!("parsed as another command");
        };
        assert_eq!(args.dump.input(), Input::Files(vec!["dump.yaml".into()]));
        let cli = Cli::parse_args(["kubectl-scs", "-A", "stack", "status"]).unwrap();
        assert_eq!(cli.global.scope_flags(), ScopeFlags::All);
        let cli = Cli::parse_args(["kubectl-scs", "stack", "status"]).unwrap();
        assert_eq!(cli.global.scope_flags(), ScopeFlags::Default);
        assert_eq!(cli.global.client_options().request_timeout, None);
        let Command::Stack(StackCommand::Status(args)) = cli.command else {
            panic!("parsed as another command");
        };
        assert_eq!(args.dump.input(), Input::Live);
    }
}
