//! The human views of `netpol simulate`: the truth table (with `-o wide` a legend, the pods and
//! the policies) and the answer to one `--from/--to` question.

use crate::commands::Context;
use crate::kube::Scope;
use crate::netpol::Engine;
use crate::netpol::simulate::{self, Answer, Reachability, Side};
use crate::report::OutputFormat;
use crate::report::{Block, Cell, Report, simple_table};

/// The answer's sentence; `-o wide` adds both sides' policy, rule, peer and port entry.
pub(super) fn answer_report(ctx: &Context, answer: &Answer) -> Report {
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

/// The human view of a truth table (`-o json|yaml` are written from `reach` directly).
pub(super) fn matrix_report(
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
            "No NetworkPolicies: no pod is isolated.\n".into(),
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
