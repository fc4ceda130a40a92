//! Values completed from the kubeconfig and the cluster, for clap_complete's engine.
//!
//! Completers run while someone waits at a prompt, and whatever they print lands in the shell:
//! every cluster lookup has a short deadline ([`LOOKUP_DEADLINE`]), and any failure (no
//! kubeconfig, unreachable server, 403, timeout) yields no candidates and no output.
//!
//! The engine hands a completer only the word being completed. Which kubeconfig, context and
//! namespace to ask comes from the words typed before it, which [`with_typed_words`] makes
//! visible to the completers for the duration of one completion.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgMatches, CommandFactory, FromArgMatches};
use clap_complete::engine::CompletionCandidate;
use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, ListParams};
use serde_json::Value;

use crate::commands::cli::Cli;
use crate::commands::global::GlobalArgs;
use crate::kube::{ClientOptions, Input, KindSpec, Kube, Scope, Source, config, dump};

/// How long a completer may wait for the cluster before it gives up silently.
pub const LOOKUP_DEADLINE: Duration = Duration::from_secs(2);

const CAPI_CLUSTER: KindSpec = KindSpec::new("cluster.x-k8s.io", "v1beta1", "Cluster");

thread_local! {
    static TYPED: RefCell<Vec<OsString>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` (a completion) with `words`, the words typed before the one being completed,
/// visible to the completers of this module.
pub fn with_typed_words<T>(words: &[OsString], f: impl FnOnce() -> T) -> T {
    let previous = TYPED.with(|t| t.replace(words.to_vec()));
    let result = f();
    TYPED.with(|t| t.replace(previous));
    result
}

/// What the completers know of the command line typed so far.
#[derive(Debug, Default)]
pub struct Typed {
    pub global: GlobalArgs,
    /// `-f` files given to the command being completed; stdin (`-`) is left out, since the
    /// terminal is not a dump.
    pub from_file: Vec<PathBuf>,
}

impl Typed {
    /// The `-f` files typed, or the cluster.
    pub fn input(&self) -> Input {
        Input::from_files(&self.from_file)
    }
}

/// Reads the global flags and `-f` files from the words typed so far. The command line is
/// usually incomplete, so clap parses it leniently; what cannot be parsed is left at its default.
pub fn parse_typed(words: &[OsString]) -> Typed {
    let argv = std::iter::once(OsString::from(crate::commands::completion::BIN_NAME))
        .chain(words.iter().cloned());
    let Ok(matches) = Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(argv)
    else {
        return Typed::default();
    };
    let global = GlobalArgs::from_arg_matches(&matches).unwrap_or_default();
    let mut deepest = &matches;
    while let Some((_, sub)) = deepest.subcommand() {
        deepest = sub;
    }
    Typed {
        global,
        from_file: from_files(deepest),
    }
}

fn from_files(matches: &ArgMatches) -> Vec<PathBuf> {
    let Ok(Some(values)) = matches.try_get_many::<PathBuf>("from_file") else {
        return Vec::new();
    };
    values.filter(|p| p.as_os_str() != "-").cloned().collect()
}

fn typed() -> Typed {
    TYPED.with(|t| parse_typed(&t.borrow()))
}

/// Kubeconfig contexts for `--context`; the help shows the context's cluster and namespace.
pub fn contexts(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(kubeconfig) = kubeconfig() else {
        return Vec::new();
    };
    let entries = kubeconfig.contexts.iter().map(|c| {
        let help = c.context.as_ref().map(|ctx| match &ctx.namespace {
            Some(ns) => format!("cluster {}, namespace {ns}", ctx.cluster),
            None => format!("cluster {}", ctx.cluster),
        });
        (c.name.clone(), help)
    });
    matching(current, entries)
}

/// Kubeconfig clusters for `--cluster`.
pub fn kubeconfig_clusters(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(kubeconfig) = kubeconfig() else {
        return Vec::new();
    };
    let entries = kubeconfig.clusters.iter().map(|c| {
        let server = c.cluster.as_ref().and_then(|c| c.server.clone());
        (c.name.clone(), server)
    });
    matching(current, entries)
}

/// Kubeconfig users for `--user`.
pub fn users(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(kubeconfig) = kubeconfig() else {
        return Vec::new();
    };
    matching(
        current,
        kubeconfig.auth_infos.iter().map(|u| (u.name.clone(), None)),
    )
}

fn kubeconfig() -> Option<kube::config::Kubeconfig> {
    config::read_kubeconfig(&typed().global.client_options())
        .ok()
        .flatten()
}

/// Namespaces for `-n`: from the `-f` files when given, otherwise from the cluster.
pub fn namespaces(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = typed();
    let names: Vec<(String, Option<String>)> = if typed.from_file.is_empty() {
        lookup(live_namespaces(&typed.global.client_options())).unwrap_or_default()
    } else {
        dump_namespaces(&typed.from_file)
    };
    matching(current, names)
}

async fn live_namespaces(options: &ClientOptions) -> Option<Vec<(String, Option<String>)>> {
    let kube = Kube::connect(options).await.ok()?;
    let api: Api<Namespace> = Api::all(kube.client);
    let list = api.list_metadata(&ListParams::default()).await.ok()?;
    Some(
        list.items
            .into_iter()
            .filter_map(|ns| ns.metadata.name)
            .map(|name| (name, None))
            .collect(),
    )
}

fn dump_namespaces(files: &[PathBuf]) -> Vec<(String, Option<String>)> {
    let Ok(objects) = dump::read_dump_files(files) else {
        return Vec::new();
    };
    let mut seen = BTreeMap::new();
    for object in &objects {
        let namespace = object
            .pointer("/metadata/namespace")
            .and_then(Value::as_str);
        let own_name = (object.get("kind").and_then(Value::as_str) == Some("Namespace"))
            .then(|| object.pointer("/metadata/name").and_then(Value::as_str))
            .flatten();
        for name in namespace.into_iter().chain(own_name) {
            seen.insert(name.to_string(), None);
        }
    }
    seen.into_iter().collect()
}

/// Cluster API Clusters for the CLUSTER argument, in the namespace scope the flags select (or
/// in the `-f` files); the help names the Cluster's namespace.
pub fn capi_clusters(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = typed();
    let objects = lookup(async {
        let source = Source::open(&typed.global.client_options(), &typed.input())
            .await
            .ok()?;
        let scope: Scope = source.scope(&typed.global.scope_flags());
        source.fetch(&[CAPI_CLUSTER], &scope).await.ok()
    })
    .map(|fetched| fetched.objects)
    .unwrap_or_default();
    let entries = objects.iter().filter_map(|o| {
        let name = o.pointer("/metadata/name").and_then(Value::as_str)?;
        let namespace = o.pointer("/metadata/namespace").and_then(Value::as_str);
        Some((
            name.to_string(),
            namespace.map(|ns| format!("namespace {ns}")),
        ))
    });
    matching(current, entries)
}

/// Runs a cluster lookup on a private runtime, bounded by [`LOOKUP_DEADLINE`].
fn lookup<T>(future: impl Future<Output = Option<T>>) -> Option<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    let result = runtime.block_on(async { tokio::time::timeout(LOOKUP_DEADLINE, future).await });
    // A credential plugin still running must not hold the prompt.
    runtime.shutdown_background();
    result.ok().flatten()
}

/// Candidates whose value starts with `current`, sorted and without duplicates (the first
/// entry of a name wins, as in a merged kubeconfig).
fn matching(
    current: &OsStr,
    entries: impl IntoIterator<Item = (String, Option<String>)>,
) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    let mut seen = BTreeMap::new();
    for (name, help) in entries {
        if name.starts_with(prefix.as_ref()) {
            seen.entry(name).or_insert(help);
        }
    }
    seen.into_iter()
        .map(|(name, help)| CompletionCandidate::new(name).help(help.map(Into::into)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn typed_flags_are_read_before_and_after_the_subcommand() {
        let typed = parse_typed(&words(&[
            "--kubeconfig",
            "/k",
            "stack",
            "status",
            "--context=lab",
            "-n",
            "capi",
            "-f",
            "a.yaml",
            "-f",
            "-",
        ]));
        assert_eq!(typed.global.kubeconfig, Some(PathBuf::from("/k")));
        assert_eq!(typed.global.context.as_deref(), Some("lab"));
        assert_eq!(typed.global.namespace.as_deref(), Some("capi"));
        assert_eq!(typed.from_file, vec![PathBuf::from("a.yaml")]);
    }

    #[test]
    fn incomplete_command_lines_still_yield_what_was_typed() {
        // `--context` waits for its value and the subcommand is unfinished.
        let typed = parse_typed(&words(&["--kubeconfig", "/k", "stack", "--context"]));
        assert_eq!(typed.global.kubeconfig, Some(PathBuf::from("/k")));
        let typed = parse_typed(&words(&["-A", "stack", "status", "--bogus", "-n"]));
        assert!(typed.global.all_namespaces);
        let typed = parse_typed(&words(&[
            "check",
            "kubeapi",
            "--request-timeout",
            "nonsense",
        ]));
        assert!(typed.from_file.is_empty());
    }

    #[test]
    fn matching_filters_by_prefix_and_keeps_the_first_of_a_name() {
        let got = matching(
            OsStr::new("la"),
            [
                ("lab".to_string(), Some("first".to_string())),
                ("prod".to_string(), None),
                ("lab".to_string(), Some("second".to_string())),
                ("lab-2".to_string(), None),
            ],
        );
        let values: Vec<_> = got
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect();
        assert_eq!(values, ["lab", "lab-2"]);
        assert_eq!(
            got[0].get_help().map(ToString::to_string).as_deref(),
            Some("first")
        );
    }

    #[test]
    fn typed_words_are_scoped_to_one_completion() {
        let inner = with_typed_words(&words(&["--context", "x"]), || typed().global.context);
        assert_eq!(inner.as_deref(), Some("x"));
        assert_eq!(typed().global.context, None);
    }
}
