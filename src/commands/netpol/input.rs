//! Reading what the netpol commands analyse: namespaces, pods, policies (and for `audit`
//! Services) from the cluster or `-f`, plus `simulate`'s `--policies` files, with notes on
//! everything left out or assumed.

use std::path::PathBuf;

use crate::cni::{CniDetection, detect_cni};
use crate::commands::global::{DumpArgs, GlobalArgs};
use crate::commands::netpol::names;
use crate::commands::netpol::simulate::args::NetpolSimulateArgs;
use crate::error::{Error, Result};
use crate::kube::{KindSpec, Scope, Source, dump};
use crate::netpol::simulate::{self, Input, PolicyFile, PolicyMode};
use crate::netpol::{NAMESPACE_NAME_LABEL, NetpolError, Policy};

const NAMESPACES: KindSpec = KindSpec::new("", "v1", "Namespace");
const PODS: KindSpec = KindSpec::new("", "v1", "Pod");
const NETWORK_POLICIES: KindSpec = KindSpec::new("networking.k8s.io", "v1", "NetworkPolicy");

const SERVICES: KindSpec = KindSpec::new("", "v1", "Service");

/// What the netpol commands read: one list per kind; namespaces cluster-wide for their labels.
const NETPOL_KINDS: &[KindSpec] = &[NAMESPACES, PODS, NETWORK_POLICIES];

/// What a netpol command wants read besides namespaces and pods.
pub(super) struct Want {
    /// The command's name, for errors.
    pub(super) command: &'static str,
    /// NetworkPolicies (not when only `--policies` files count).
    pub(super) policies: bool,
    /// Services (for their cluster IPs); optional, so a forbidden list is a note.
    pub(super) services: bool,
}

impl Want {
    fn rbac_hint(&self) -> String {
        let services = if self.services { ", services" } else { "" };
        format!(
            "netpol {} needs list on pods{services} and networkpolicies in the namespaces read, and on namespaces cluster-wide",
            self.command
        )
    }
}

/// The objects read, sorted into the engine's input.
pub(super) struct Objects {
    pub(super) input: Input,
    pub(super) scope: Scope,
    pub(super) notes: Vec<String>,
    /// `read from the cluster` or `in -f FILES`, for messages.
    pub(super) origin: String,
    /// Whether the source is a live cluster.
    pub(super) live: bool,
    /// Namespaces could not be listed (live only).
    pub(super) namespaces_unread: bool,
    /// The CNI as the pods read show it (host-network pods included).
    pub(super) cni: CniDetection,
}

/// Reads namespaces, pods and what `want` asks for from the cluster or `-f`.
pub(super) async fn read_objects(
    global: &GlobalArgs,
    dump_args: &DumpArgs,
    want: &Want,
) -> Result<Objects> {
    let source = Source::open(&global.client_options(), &dump_args.input()).await?;
    let scope = source.scope(&global.scope_flags());
    let mut kinds: Vec<KindSpec> = NETPOL_KINDS
        .iter()
        .filter(|k| want.policies || **k != NETWORK_POLICIES)
        .copied()
        .collect();
    if want.services {
        kinds.push(SERVICES);
    }
    let fetched = source.fetch(&kinds, &scope).await?;
    for (needed, resource) in [(PODS, "pods"), (NETWORK_POLICIES, "networkpolicies")] {
        if fetched.unread.contains(&needed) {
            let mut err = Error::could_not_run(format!(
                "cannot {} without reading {resource}",
                want.command
            ));
            for note in &fetched.notes {
                err = err.hint(note.message.clone());
            }
            err = err.hint(want.rbac_hint());
            if needed == NETWORK_POLICIES && want.command == "simulate" {
                err = err.hint(
                    "to try policies of your own without reading the cluster's, give --policies FILE --replace-policies",
                );
            }
            return Err(err);
        }
    }
    // Analysing without an object would allow or deny traffic that the cluster does not.
    if let Some((first, more)) = fetched.unreadable.split_first() {
        let mut err = Error::could_not_run(first.clone());
        for m in more {
            err = err.hint(m.clone());
        }
        return Err(err.hint(format!(
            "fix the object in the file; netpol {} needs every one of them",
            want.command
        )));
    }
    let live = matches!(source, Source::Live(_));
    let origin = if live {
        "read from the cluster".to_string()
    } else {
        format!("in -f {}", list_paths(&dump_args.from_file))
    };
    let notes: Vec<String> = fetched.notes.iter().map(|n| n.message.clone()).collect();
    let input = Input::from_objects(&fetched.objects).map_err(|e| {
        with_yaml_hint(&e, Error::could_not_run(format!("{e} ({origin})"))).hint(
            "-f expects Namespaces, Pods and NetworkPolicies as `kubectl get -o yaml` prints them",
        )
    })?;
    Ok(Objects {
        input,
        scope,
        notes,
        origin,
        live,
        namespaces_unread: live && fetched.unread.contains(&NAMESPACES),
        cni: detect_cni(&fetched.objects),
    })
}

/// The simulation's input and what to tell about it.
pub(super) struct Read {
    pub(super) input: Input,
    pub(super) scope: Scope,
    pub(super) notes: Vec<String>,
}

/// Reads the cluster or `-f`, then overlays the `--policies` files.
pub(super) async fn read(global: &GlobalArgs, args: &NetpolSimulateArgs) -> Result<Read> {
    let stdin = |paths: &[PathBuf]| paths.iter().any(|p| p.as_os_str() == "-");
    if stdin(&args.policies) && stdin(&args.dump.from_file) {
        return Err(Error::usage(
            "stdin (-) can feed either -f or --policies, not both",
        ));
    }
    // A broken policy file is reported before any request is made.
    let policy_objects = if args.policies.is_empty() {
        None
    } else {
        Some(dump::read_dump_files(&args.policies).map_err(|e| e.context("--policies"))?)
    };
    let want = Want {
        command: "simulate",
        policies: !args.replace_policies,
        services: false,
    };
    let Objects {
        mut input,
        scope,
        mut notes,
        origin,
        namespaces_unread,
        ..
    } = read_objects(global, &args.dump, &want).await?;

    if let Some(objects) = policy_objects {
        let mode = if args.replace_policies {
            PolicyMode::Replace
        } else {
            PolicyMode::Add
        };
        let files = list_paths(&args.policies);
        notes.extend(overlay_policies(
            &mut input, &objects, mode, &scope, &files, &origin,
        )?);
    }
    notes.extend(input_notes(namespaces_unread, &input));
    Ok(Read {
        input,
        scope,
        notes,
    })
}

/// Notes on namespaces whose labels are not known and on pods left out.
pub(super) fn input_notes(namespaces_unread: bool, input: &Input) -> Vec<String> {
    let mut notes: Vec<String> = namespace_note(namespaces_unread, input)
        .into_iter()
        .collect();
    if !input.skipped.is_empty() {
        let skipped: Vec<String> = input
            .skipped
            .iter()
            .map(|s| format!("{} ({})", s.pod, s.reason.as_str()))
            .collect();
        notes.push(format!(
            "left out pods NetworkPolicy does not apply to: {}",
            names(&skipped)
        ));
    }
    notes
}

/// Adds or swaps in the policy files' policies; returns the notes on what changed.
fn overlay_policies(
    input: &mut Input,
    objects: &[serde_json::Value],
    mode: PolicyMode,
    scope: &Scope,
    files: &str,
    origin: &str,
) -> Result<Vec<String>> {
    let namespace = match scope {
        Scope::Namespace(ns) => Some(ns.as_str()),
        Scope::All => None,
    };
    let file = PolicyFile::from_objects(objects, namespace).map_err(|e| {
        let error = with_yaml_hint(&e, Error::could_not_run(format!("--policies {files}")));
        match e {
            NetpolError::MissingMetadata {
                field: "namespace", ..
            } => error.hint(
                "set metadata.namespace in the file, or give -n NAMESPACE to put policies without one there",
            ),
            _ => error,
        }
        .with_source(e)
    })?;
    let mut notes = Vec::new();
    if file.ignored > 0 {
        notes.push(format!(
            "--policies {files}: ignored objects other than NetworkPolicies (networking.k8s.io/v1): {}",
            file.ignored
        ));
    }
    if let Some(ns) = namespace {
        let outside: Vec<String> = file
            .policies
            .iter()
            .filter(|p| p.namespace != ns)
            .map(Policy::key)
            .collect();
        if !outside.is_empty() {
            notes.push(format!(
                "--policies: outside namespace {ns}, so selecting none of the pods simulated (use -A or -n): {}",
                names(&outside)
            ));
        }
    }
    let overlay = simulate::overlay(&mut input.cluster.policies, file.policies, mode);
    if !overlay.replaced.is_empty() {
        notes.push(format!(
            "--policies: replacing the same-named policies {origin}: {}",
            names(&overlay.replaced)
        ));
    }
    if !overlay.dropped.is_empty() {
        notes.push(format!(
            "--replace-policies: ignoring the policies {origin}: {}",
            names(&overlay.dropped)
        ));
    }
    Ok(notes)
}

fn list_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// YAML 1.1 reads unquoted `y`, `n`, `on`, `off`, `yes`, `no` as booleans; kubectl quotes them.
fn with_yaml_hint(err: &NetpolError, error: Error) -> Error {
    match err {
        NetpolError::InvalidObject { reason, .. } if reason.contains("boolean") => error.hint(
            "YAML reads unquoted y, n, yes, no, on and off as booleans: quote such names and values (\"y\")",
        ),
        _ => error,
    }
}

/// Says when namespaceSelectors see less than the real namespace labels.
fn namespace_note(namespaces_unread: bool, input: &Input) -> Option<String> {
    if !input
        .cluster
        .policies
        .iter()
        .any(Policy::selects_namespaces)
    {
        return None;
    }
    if namespaces_unread {
        return Some(format!(
            "namespaces could not be listed: namespaceSelectors see only each namespace's {NAMESPACE_NAME_LABEL} label (grant list on namespaces for the others)"
        ));
    }
    let undescribed = input.undescribed_namespaces();
    (!undescribed.is_empty()).then(|| {
        format!(
            "no Namespace object for {}: namespaceSelectors see only the {NAMESPACE_NAME_LABEL} label there (add `kubectl get namespaces -o yaml` to -f)",
            names(&undescribed)
        )
    })
}
