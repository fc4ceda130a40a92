//! What `kubectl scs netpol audit` computes: whether workloads are isolated, which policies or
//! rules do nothing, and configurations that do not do what they seem to.
//!
//! [`audit`] is a pure function of the objects read ([`Input`]) and what is known about their
//! scope and the CNI ([`Options`]). Everything is decided with the engine's semantics: pod sets
//! are the engine's bitsets, so the cost grows with policies × pods they select, not pods².

mod findings;
mod hints;
mod posture;
mod shadow;
mod traps;
mod unused;

#[cfg(test)]
mod tests;

use std::cmp::Reverse;

use serde::Serialize;

use crate::cni::CniDetection;
use crate::netpol::Engine;
use crate::netpol::simulate::Input;

pub use findings::{Code, Finding, Severity, Subject};
pub use posture::{
    DefaultDeny, Isolation, NamespacePosture, SYSTEM_NAMESPACES, Score, Summary, WorkloadPosture,
    is_system_namespace,
};

/// What the audit knows beyond the objects.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Pods and policies of every namespace were read (`-A`, or a dump read whole). Checks that
    /// need pods of other namespaces (egress named ports, rules shadowed across namespaces) are
    /// limited otherwise.
    pub whole_cluster: bool,
    /// Namespaces (with their labels) were read, so a namespaceSelector matching none of them
    /// really matches nothing.
    pub namespaces_listed: bool,
    /// The CNI, when the pods read reveal it.
    pub cni: Option<CniDetection>,
}

/// The audit's result; `-o json|yaml` print it as is.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    /// Counts and the one-line summary.
    pub summary: Summary,
    /// Isolation posture per namespace and workload, system namespaces flagged.
    pub namespaces: Vec<NamespacePosture>,
    /// Findings, most severe first, then by namespace and code.
    pub findings: Vec<Finding>,
    /// The CNI the pods reveal (`cilium`, `calico+…`), when they do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cni: Option<String>,
}

impl Audit {
    /// The most severe finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Audits the objects read.
pub fn audit(input: &Input, options: &Options) -> Audit {
    let engine = Engine::new(&input.cluster);
    let pods = posture::pod_postures(&engine);
    let (namespaces, summary, mut findings) = posture::posture(input, &engine, &pods);
    let unused = unused::check(&engine, options);
    let flagged = unused.removed.clone();
    findings.extend(unused.findings);
    findings.extend(shadow::check(&engine, options, flagged));
    findings.extend(traps::check(input, &engine, &pods, options));
    findings.sort_by(|a, b| {
        let key = |f: &Finding| (Reverse(f.severity), f.namespace.clone(), f.code);
        key(a).cmp(&key(b)).then_with(|| a.objects.cmp(&b.objects))
    });
    Audit {
        summary,
        namespaces,
        findings,
        cni: options
            .cni
            .as_ref()
            .filter(|c| !c.detected.is_empty())
            .map(|c| c.summary.clone()),
    }
}
