//! `kubectl scs netpol simulate`: reachability under the NetworkPolicies of a cluster or of
//! files, computed from the objects without sending traffic.

pub mod args;
mod view;

use crate::commands::Context;
use crate::commands::netpol::simulate::args::NetpolSimulateArgs;
use crate::commands::netpol::{input, names};
use crate::error::{Error, Result};
use crate::kube::Scope;
use crate::netpol::Engine;
use crate::netpol::simulate::{self, Answer, EndpointArg, Input, Reachability, SimulateError};
use crate::report::Outcome;
use crate::report::OutputFormat;

pub async fn run(ctx: &Context, args: &NetpolSimulateArgs) -> Result<Outcome> {
    let input::Read {
        input,
        scope,
        mut notes,
    } = input::read(&ctx.global, args).await?;
    let engine = Engine::new(&input.cluster);
    let mut report = match (&args.from, &args.to) {
        (Some(from), Some(to)) => {
            let answer = answer(&engine, &input, args, from, to, &scope, &mut notes)?;
            view::answer_report(ctx, &answer)
        }
        _ => {
            let reach = simulate::reachability(&engine, &args.port, args.protocol);
            notes.extend(unresolved_note(&reach));
            if matches!(ctx.global.output, OutputFormat::Json | OutputFormat::Yaml) {
                // Serialized directly: as a serde_json::Value, a matrix of a few thousand pods
                // would take gigabytes.
                return ctx.emit_document(&reach, &notes);
            }
            view::matrix_report(ctx, &engine, &reach, &scope)
        }
    };
    report.notes = notes;
    ctx.emit(&report)
}

/// Resolves `--from`/`--to` (a bare pod name is looked for in the `-n` or context namespace)
/// and decides the connection.
fn answer(
    engine: &Engine<'_>,
    input: &Input,
    args: &NetpolSimulateArgs,
    from: &EndpointArg,
    to: &EndpointArg,
    scope: &Scope,
    notes: &mut Vec<String>,
) -> Result<Answer> {
    let namespace = match scope {
        Scope::Namespace(ns) => Some(ns.as_str()),
        Scope::All => None,
    };
    let mut resolve = |flag: &'static str, target: &EndpointArg| {
        let resolved = target
            .resolve(engine, flag, namespace)
            .map_err(|e| target_error(e, engine, input, namespace))?;
        if resolved.pod_of_ip {
            notes.push(format!(
                "{flag}: that address is the IP of pod {}; answering for the pod",
                engine.endpoint_name(resolved.endpoint)
            ));
        }
        Ok::<_, Error>(resolved.endpoint)
    };
    let from = resolve("--from", from)?;
    let to = resolve("--to", to)?;
    simulate::answer(engine, from, to, &args.port, args.protocol).map_err(Error::usage_from)
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
    error.with_source(err)
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
