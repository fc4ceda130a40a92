//! The command tree: every subcommand with its flags (each command's `args.rs`), the
//! kubectl-style global flags ([`super::global`]) and the `-o` formats each command offers.
//!
//! kubectl hands a plugin its arguments untouched, so every flag a kubectl user types has to be
//! defined here again. This tree is the single source for `--help` and the completions.

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::commands::check::all::args::{ALL_HELP, CheckAllArgs};
use crate::commands::check::conformance::args::{CONFORMANCE_HELP, CheckConformanceArgs};
use crate::commands::check::kubeapi::args::KubeapiArgs;
use crate::commands::check::networking::args::{CheckNetworkingArgs, NETWORKING_HELP};
use crate::commands::check::nodes::args::{CheckNodesArgs, NODES_HELP};
use crate::commands::check::versions::args::{VERSIONS_HELP, VersionsArgs};
use crate::commands::cluster::cleanup::args::{CLEANUP_HELP, ClusterCleanupArgs};
use crate::commands::completion::args::InstallHelperArgs;
use crate::commands::global::{AUDITS, CHECKS, GlobalArgs, OUTPUT_ID, REPORTS, output};
use crate::commands::netpol::audit::args::{AUDIT_HELP, NetpolAuditArgs};
use crate::commands::netpol::simulate::args::NetpolSimulateArgs;
use crate::commands::stack::lint::args::StackLintArgs;
use crate::commands::stack::status::args::StackStatusArgs;
use crate::report::OutputFormat;

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

#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// List (and with --delete remove) what blocks or leaks when this workload cluster is deleted:
    /// LoadBalancer Services, volumes, snapshots
    #[command(after_help = CLEANUP_HELP, arg = output(REPORTS))]
    Cleanup(ClusterCleanupArgs),
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

#[derive(Debug, Subcommand)]
pub enum NetpolCommand {
    /// Which pods may talk to which under the NetworkPolicies, computed without sending traffic
    #[command(arg = output(REPORTS))]
    Simulate(NetpolSimulateArgs),
    /// Are workloads isolated, which policies do nothing, and what will not work as it seems
    #[command(after_help = AUDIT_HELP, arg = output(AUDITS))]
    Audit(NetpolAuditArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::{Input, ScopeFlags};
    use std::time::Duration;

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
