//! The flags every command understands (kubectl's), the `-o` formats each command offers, and
//! the `-f` input of the read-only commands.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Arg, Args};
use clap_complete::engine::ArgValueCompleter;

use crate::commands::complete::values as complete;
use crate::kube::{ClientOptions, Input, ScopeFlags};
use crate::report::OutputFormat;

/// The `--help` heading of the flags every command understands.
pub const GLOBAL_HEADING: &str = "Global options";

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
pub fn named_values<T: Copy + Send + Sync + 'static>(
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

pub const OUTPUT_ID: &str = "output";

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

#[cfg(test)]
mod tests {
    use super::*;

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
