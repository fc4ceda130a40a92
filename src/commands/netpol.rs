//! `kubectl scs netpol simulate`: reachability under the NetworkPolicies of a cluster or of
//! files, computed from the objects without sending traffic.

use std::path::PathBuf;

use super::Context;
use crate::cli::{NetpolSimulateArgs, OutputFormat};
use crate::cluster::{KindSpec, Scope, Source, dump};
use crate::error::{Error, Result};
use crate::netpol::simulate::{
    self, Answer, Input, PolicyFile, PolicyMode, Reachability, Side, SimulateError, Target,
};
use crate::netpol::{Engine, NAMESPACE_NAME_LABEL, NetpolError, Peer, Policy};
use crate::report::{self, Block, Cell, Outcome, Report, simple_table};

const NAMESPACES: KindSpec = KindSpec::new("", "v1", "Namespace");
const PODS: KindSpec = KindSpec::new("", "v1", "Pod");
const NETWORK_POLICIES: KindSpec = KindSpec::new("networking.k8s.io", "v1", "NetworkPolicy");

/// What `netpol simulate` reads: one list per kind; namespaces cluster-wide for their labels.
pub const NETPOL_KINDS: &[KindSpec] = &[NAMESPACES, PODS, NETWORK_POLICIES];

/// Names listed in a note before it says "and N more".
const LISTED: usize = 5;

pub async fn simulate(ctx: &Context, args: &NetpolSimulateArgs) -> Result<Outcome> {
    report::ensure_supported(ctx.global.output, false)?;
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

    let source = Source::open(&ctx.global, &args.dump).await?;
    let scope = source.scope(&ctx.global);
    let kinds: Vec<KindSpec> = NETPOL_KINDS
        .iter()
        .filter(|k| !(args.replace_policies && **k == NETWORK_POLICIES))
        .copied()
        .collect();
    let fetched = source.fetch(&kinds, &scope).await?;
    for (needed, resource) in [(PODS, "pods"), (NETWORK_POLICIES, "networkpolicies")] {
        if fetched.unread.contains(&needed) {
            let mut err =
                Error::could_not_run(format!("cannot simulate without reading {resource}"));
            for note in &fetched.notes {
                err = err.hint(note.message.clone());
            }
            err = err.hint(RBAC_HINT);
            if needed == NETWORK_POLICIES {
                err = err.hint(
                    "to try policies of your own without reading the cluster's, give --policies FILE --replace-policies",
                );
            }
            return Err(err);
        }
    }
    let origin = match &source {
        Source::Live(_) => "read from the cluster".to_string(),
        Source::Dump(_) => format!("in -f {}", list_paths(&args.dump.from_file)),
    };
    let mut notes: Vec<String> = fetched.notes.iter().map(|n| n.message.clone()).collect();
    let mut input = Input::from_objects(&fetched.objects).map_err(|e| input_error(&e, &origin))?;

    if let Some(objects) = policy_objects {
        let files = list_paths(&args.policies);
        let file = PolicyFile::from_objects(&objects, scope_namespace(&scope))
            .map_err(|e| policy_file_error(&e, &files))?;
        if file.ignored > 0 {
            notes.push(format!(
                "--policies {files}: ignored {} object{} that {} no NetworkPolic{} (networking.k8s.io/v1)",
                file.ignored,
                plural(file.ignored, "", "s"),
                plural(file.ignored, "is", "are"),
                plural(file.ignored, "y", "ies")
            ));
        }
        let mode = if args.replace_policies {
            PolicyMode::Replace
        } else {
            PolicyMode::Add
        };
        if let Scope::Namespace(ns) = &scope {
            let outside: Vec<String> = file
                .policies
                .iter()
                .filter(|p| &p.namespace != ns)
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
    }

    notes.extend(namespace_note(&source, &fetched.unread, &input));
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

    let engine = Engine::new(&input.cluster);
    let mut report = match (&args.from, &args.to) {
        (Some(from), Some(to)) => {
            let answer = answer(&engine, &input, args, from, to, &scope, &mut notes)?;
            answer_report(ctx, &answer)
        }
        _ => {
            let reach = simulate::reachability(&engine, &args.port, args.protocol);
            notes.extend(unresolved_note(&reach));
            if matches!(ctx.global.output, OutputFormat::Json | OutputFormat::Yaml) {
                // Serialized directly: as a serde_json::Value, a matrix of a few thousand pods
                // would take gigabytes.
                return ctx.emit_document(&reach, &notes);
            }
            matrix_report(ctx, &engine, &reach, &scope)
        }
    };
    report.notes = notes;
    ctx.emit(&report)
}

const RBAC_HINT: &str = "netpol simulate needs list on pods and networkpolicies in the namespaces read, and on namespaces cluster-wide";

fn scope_namespace(scope: &Scope) -> Option<&str> {
    match scope {
        Scope::Namespace(ns) => Some(ns),
        Scope::All => None,
    }
}

fn list_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// The first few names, then how many more.
fn names(items: &[String]) -> String {
    let mut text = items
        .iter()
        .take(LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > LISTED {
        text.push_str(&format!(" and {} more", items.len() - LISTED));
    }
    text
}

fn input_error(err: &NetpolError, origin: &str) -> Error {
    with_yaml_hint(err, Error::could_not_run(format!("{err} ({origin})"))).hint(
        "-f expects Namespaces, Pods and NetworkPolicies as `kubectl get -o yaml` prints them",
    )
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

fn policy_file_error(err: &NetpolError, files: &str) -> Error {
    let err_text = err.to_string();
    let mut error = with_yaml_hint(
        err,
        Error::could_not_run(format!("--policies {files}: {err_text}")),
    );
    if matches!(
        err,
        NetpolError::MissingMetadata {
            field: "namespace",
            ..
        }
    ) {
        error = error.hint("set metadata.namespace in the file, or give -n NAMESPACE to put policies without one there");
    }
    error
}

/// Says when namespaceSelectors see less than the real namespace labels.
fn namespace_note(source: &Source, unread: &[KindSpec], input: &Input) -> Option<String> {
    let selects_namespaces = input.cluster.policies.iter().any(|p| {
        p.ingress
            .iter()
            .chain(&p.egress)
            .flat_map(|r| &r.peers)
            .any(|peer| matches!(peer, Peer::Namespaces(_) | Peer::PodsInNamespaces { .. }))
    });
    if !selects_namespaces {
        return None;
    }
    if matches!(source, Source::Live(_)) && unread.contains(&NAMESPACES) {
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

fn answer(
    engine: &Engine<'_>,
    input: &Input,
    args: &NetpolSimulateArgs,
    from: &Target,
    to: &Target,
    scope: &Scope,
    notes: &mut Vec<String>,
) -> Result<Answer> {
    let namespace = scope_namespace(scope);
    let mut ends = Vec::new();
    for (flag, target) in [("--from", from), ("--to", to)] {
        let resolved = target
            .resolve(engine, flag, namespace)
            .map_err(|e| target_error(e, engine, input, namespace))?;
        if resolved.pod_of_ip {
            notes.push(format!(
                "{flag}: that address is the IP of pod {}; answering for the pod",
                engine.endpoint_name(resolved.endpoint)
            ));
        }
        ends.push(resolved.endpoint);
    }
    let (Some(&from), Some(&to)) = (ends.first(), ends.get(1)) else {
        return Err(Error::usage("--from and --to go together"));
    };
    simulate::answer(engine, from, to, &args.port, args.protocol)
        .map_err(|e| Error::usage(e.to_string()))
}

fn target_error(
    err: SimulateError,
    engine: &Engine<'_>,
    input: &Input,
    namespace: Option<&str>,
) -> Error {
    let mut error = Error::usage(err.to_string());
    if let SimulateError::UnknownPod { pod, .. } = &err {
        let pod_namespace = pod.split_once('/').map(|(ns, _)| ns);
        if let Some(read) = namespace.filter(|ns| pod_namespace.is_some_and(|p| p != *ns)) {
            error = error.hint(format!(
                "only namespace {read} was read; give -A to simulate across namespaces"
            ));
        } else if let Some(skipped) = input.skipped.iter().find(|s| &s.pod == pod) {
            error = error.hint(format!(
                "{pod} {}: NetworkPolicy does not apply to it",
                skipped.reason.as_str()
            ));
        } else if engine.pod_keys().is_empty() {
            error = error.hint("no pods were read; check -n/-A and the input");
        } else {
            error = error.hint(format!("pods read: {}", names(engine.pod_keys())));
        }
    }
    error
}

fn answer_report(ctx: &Context, answer: &Answer) -> Report {
    let document = serde_json::to_value(answer).unwrap_or_default();
    let mut report = Report::new("netpol-simulate", document);
    report
        .blocks
        .push(Block::Text(format!("{}\n", answer.explanation)));
    if ctx.global.output == OutputFormat::Wide {
        let rows = [("egress", &answer.egress), ("ingress", &answer.ingress)]
            .into_iter()
            .filter_map(|(direction, side)| side.as_ref().map(|s| side_row(direction, s)))
            .collect();
        report.blocks.push(simple_table(
            &["SIDE", "POD", "DECISION", "POLICY", "RULE", "PEER", "PORT"],
            rows,
        ));
    }
    report
}

fn side_row(direction: &str, side: &Side) -> Vec<Cell> {
    let dash = || "-".to_string();
    let (pod, decision, policy, rule, peer, port) = match side {
        Side::NotApplicable => (
            dash(),
            "outside the cluster",
            dash(),
            dash(),
            dash(),
            dash(),
        ),
        Side::NotIsolated { pod } => (pod.clone(), "not isolated", dash(), dash(), dash(), dash()),
        Side::Denied { pod, policies } => (
            pod.clone(),
            "denied",
            policies.join(", "),
            dash(),
            dash(),
            dash(),
        ),
        Side::Admitted {
            pod,
            policy,
            rule,
            peer,
            port,
        } => (
            pod.clone(),
            "admitted",
            policy.clone(),
            rule.clone(),
            peer.clone().unwrap_or_else(|| "any".into()),
            port.clone().unwrap_or_else(|| "any".into()),
        ),
    };
    vec![
        Cell::new(direction),
        Cell::new(pod),
        Cell::new(decision),
        Cell::new(policy),
        Cell::new(rule),
        Cell::new(peer),
        Cell::new(port),
    ]
}

fn unresolved_note(reach: &Reachability) -> Option<String> {
    (!reach.unresolved.is_empty()).then(|| {
        format!(
            "--port {}: nothing listens on it in pods without a {} container port of that name, so their columns are blocked: {}",
            reach.port,
            reach.protocol,
            names(&reach.unresolved)
        )
    })
}

/// The human view of a truth table (`-o json|yaml` are written from `reach` directly).
fn matrix_report(
    ctx: &Context,
    engine: &Engine<'_>,
    reach: &Reachability,
    scope: &Scope,
) -> Report {
    let mut report = Report::new("netpol-simulate", serde_json::Value::Null);
    if engine.pod_keys().is_empty() {
        let place = match scope {
            Scope::All => "".to_string(),
            Scope::Namespace(ns) => format!(" in namespace {ns}"),
        };
        report
            .blocks
            .push(Block::Text(format!("No pods found{place}.\n")));
        return report;
    }
    let wide = ctx.global.output == OutputFormat::Wide;
    if wide {
        report.blocks.push(Block::Title(legend(reach)));
    }
    report
        .blocks
        .push(Block::Text(format!("{}\n", reach.matrix.render())));
    if wide {
        report.blocks.extend(details(engine, reach));
    }
    report
}

fn legend(reach: &Reachability) -> String {
    format!(
        "{}/{}: rows are sources (from), columns destinations (to); . allowed, X blocked",
        reach.protocol, reach.port
    )
}

/// `-o wide`: the pods with their IPs (and port numbers for a named port) and the policies.
fn details(engine: &Engine<'_>, reach: &Reachability) -> Vec<Block> {
    let cluster = engine.cluster();
    let named = matches!(reach.port, simulate::ProbePort::Name(_));
    let pod_rows = cluster
        .pods
        .iter()
        .map(|pod| {
            let mut row = vec![
                Cell::new(pod.key()),
                Cell::new(
                    pod.ip
                        .map_or_else(|| "<none>".to_string(), |ip| ip.to_string()),
                ),
            ];
            if named {
                row.push(Cell::new(
                    reach
                        .port
                        .resolve(pod, reach.protocol)
                        .map_or_else(|| "<none>".to_string(), |n| n.to_string()),
                ));
            }
            row
        })
        .collect();
    let headers: &[&str] = if named {
        &["POD", "IP", "PORT"]
    } else {
        &["POD", "IP"]
    };
    let mut blocks = vec![simple_table(headers, pod_rows)];
    if cluster.policies.is_empty() {
        blocks.push(Block::Text(
            "No NetworkPolicies: every pod is reachable.\n".into(),
        ));
    } else {
        let policy_rows = cluster
            .policies
            .iter()
            .enumerate()
            .map(|(i, policy)| {
                let types: Vec<&str> = [
                    (policy.affects_ingress, "Ingress"),
                    (policy.affects_egress, "Egress"),
                ]
                .into_iter()
                .filter_map(|(on, name)| on.then_some(name))
                .collect();
                vec![
                    Cell::new(policy.key()),
                    Cell::new(policy.pod_selector.to_string()),
                    Cell::new(engine.selected_pods(i).len().to_string()),
                    Cell::new(types.join(",")),
                ]
            })
            .collect();
        blocks.push(simple_table(
            &["POLICY", "POD SELECTOR", "SELECTS", "TYPES"],
            policy_rows,
        ));
    }
    blocks
}
