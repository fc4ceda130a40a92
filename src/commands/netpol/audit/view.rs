//! The views of `netpol audit`: the summary, namespaces and findings (`-o wide` adds workloads
//! and every finding's hint), and `-o junit` with one testcase per namespace.

use std::collections::BTreeMap;

use crate::commands::Context;
use crate::netpol::audit::{Audit, Finding, NamespacePosture, Severity};
use crate::report::OutputFormat;
use crate::report::{Block, Cell, Finding as JunitCase, Report, Status, Tone, simple_table};

/// Name of the junit test suite.
const SUITE: &str = "netpol-audit";
/// Test case of findings that concern no namespace.
const CLUSTER_CASE: &str = "(cluster)";

/// The report: the audit as the JSON document, blocks for the human view, and one junit case
/// per namespace failing at `threshold`.
pub(super) fn report(ctx: &Context, audit: &Audit, threshold: Severity) -> Report {
    let document = serde_json::to_value(audit).unwrap_or_default();
    let mut report = Report::new(SUITE, document);
    report.findings = junit_cases(audit, threshold);
    let wide = ctx.global.output == OutputFormat::Wide;
    report
        .blocks
        .push(Block::Text(format!("{}\n", audit.summary.line)));
    if audit.namespaces.is_empty() {
        report
            .blocks
            .push(Block::Text("No pods or NetworkPolicies found.\n".into()));
        return report;
    }
    let (system, tenant): (Vec<&NamespacePosture>, Vec<&NamespacePosture>) =
        audit.namespaces.iter().partition(|n| n.system);
    if !tenant.is_empty() {
        report.blocks.push(namespace_table(&tenant));
    }
    if !system.is_empty() {
        report
            .blocks
            .push(Block::Title("System namespaces (scored apart):".into()));
        report.blocks.push(namespace_table(&system));
    }
    if wide {
        report.blocks.push(workload_table(audit));
    }
    if audit.findings.is_empty() {
        report.blocks.push(Block::Text("No findings.\n".into()));
        return report;
    }
    report.blocks.push(findings_table(&audit.findings));
    if wide {
        report.blocks.extend(hints(&audit.findings));
    } else if audit.findings.iter().any(|f| f.hint.is_some()) {
        report.blocks.push(Block::Text(
            "-o wide shows the workloads and a hint per finding (policies ready to apply).\n"
                .into(),
        ));
    }
    report
}

fn namespace_table(namespaces: &[&NamespacePosture]) -> Block {
    let rows = namespaces
        .iter()
        .map(|ns| {
            let open = |f: fn(&crate::netpol::audit::WorkloadPosture) -> bool| {
                ns.workloads.iter().filter(|w| f(w)).count()
            };
            let ingress_open = open(|w| w.ingress.is_open());
            let egress_open = open(|w| w.egress.is_open());
            let deny = match (ns.default_deny.ingress, ns.default_deny.egress) {
                (true, true) => "ingress, egress",
                (true, false) => "ingress",
                (false, true) => "egress",
                (false, false) => "none",
            };
            let mut name = ns.name.clone();
            if ns.terminating {
                name.push_str(" (terminating)");
            }
            let tone = |count: usize| if count > 0 { Tone::Warn } else { Tone::Good };
            vec![
                Cell::new(name),
                Cell::new(ns.workloads.len().to_string()),
                Cell::toned(ingress_open.to_string(), tone(ingress_open)),
                Cell::toned(egress_open.to_string(), tone(egress_open)),
                Cell::new(deny),
                Cell::new(ns.policies.to_string()),
            ]
        })
        .collect();
    simple_table(
        &[
            "NAMESPACE",
            "WORKLOADS",
            "INGRESS OPEN",
            "EGRESS OPEN",
            "DEFAULT-DENY",
            "POLICIES",
        ],
        rows,
    )
}

fn workload_table(audit: &Audit) -> Block {
    let rows = audit
        .namespaces
        .iter()
        .flat_map(|ns| {
            ns.workloads.iter().map(move |w| {
                let tone = |open: bool| if open { Tone::Warn } else { Tone::Good };
                vec![
                    Cell::new(ns.name.clone()),
                    Cell::new(format!("{}/{}", w.kind, w.name)),
                    Cell::new(w.pods.to_string()),
                    Cell::toned(w.ingress.describe(), tone(w.ingress.is_open())),
                    Cell::toned(w.egress.describe(), tone(w.egress.is_open())),
                ]
            })
        })
        .collect();
    simple_table(
        &["NAMESPACE", "WORKLOAD", "PODS", "INGRESS", "EGRESS"],
        rows,
    )
}

fn findings_table(findings: &[Finding]) -> Block {
    let rows = findings
        .iter()
        .map(|f| {
            let tone = match f.severity {
                Severity::Error => Tone::Bad,
                Severity::Warning => Tone::Warn,
                Severity::Info => Tone::Dim,
            };
            vec![
                Cell::toned(f.severity.as_str(), tone),
                Cell::new(f.code.as_str()),
                Cell::new(f.namespace.clone().unwrap_or_else(|| "-".into())),
                Cell::new(f.message.clone()),
            ]
        })
        .collect();
    simple_table(&["SEVERITY", "CODE", "NAMESPACE", "FINDING"], rows)
}

/// Each distinct hint once, headed by the findings it answers.
fn hints(findings: &[Finding]) -> Vec<Block> {
    let mut by_hint: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for f in findings {
        let Some(hint) = f.hint.as_deref() else {
            continue;
        };
        let heads = by_hint.entry(hint).or_insert_with(|| {
            order.push(hint);
            Vec::new()
        });
        let head = format!(
            "{} {}",
            f.code,
            f.objects.first().map_or("", String::as_str)
        );
        if !heads.contains(&head) {
            heads.push(head);
        }
    }
    let mut blocks = vec![Block::Title("Hints:".into())];
    for hint in order {
        let heads = by_hint.get(hint).cloned().unwrap_or_default();
        let listed = if heads.len() > 3 {
            format!("{} and {} more", heads[..3].join("; "), heads.len() - 3)
        } else {
            heads.join("; ")
        };
        blocks.push(Block::Text(format!("# {listed}\n{}\n", hint.trim_end())));
    }
    blocks
}

/// One junit case per namespace (and one for cluster-wide findings): failed when it has a
/// finding at or above `threshold`.
fn junit_cases(audit: &Audit, threshold: Severity) -> Vec<JunitCase> {
    let mut by_case: BTreeMap<String, Vec<&Finding>> = audit
        .namespaces
        .iter()
        .map(|ns| (ns.name.clone(), Vec::new()))
        .collect();
    for f in &audit.findings {
        let case = f.namespace.clone().unwrap_or_else(|| CLUSTER_CASE.into());
        by_case.entry(case).or_default().push(f);
    }
    by_case
        .into_iter()
        .map(|(case, findings)| {
            let failing: Vec<String> = findings
                .iter()
                .filter(|f| f.severity >= threshold)
                .map(|f| format!("{} ({}): {}", f.code, f.severity, f.message))
                .collect();
            let (status, message) = if failing.is_empty() {
                (
                    Status::Pass,
                    format!("{} findings below {threshold}", findings.len()),
                )
            } else {
                (Status::Fail, failing.join("\n"))
            };
            JunitCase {
                id: case,
                subject: SUITE.into(),
                status,
                message,
                hint: None,
            }
        })
        .collect()
}
