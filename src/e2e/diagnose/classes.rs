//! What each NetworkPolicy test needs of a cluster, read from the catalogue: whether it needs a
//! connection blocked, egress, a protocol other than TCP, named ports, a change mid-test.

use crate::netpol::Protocol;
use crate::netpol::catalogue::IpFamily;
use crate::netpol::catalogue::{
    PodIps, Scenario, Step, TopologyNames, catalogue, synthetic_pod_ips,
};

/// The `It` texts of the three tests SCS waives for Cilium (cilium/cilium#9209).
pub const IPBLOCK_EXCEPT: [&str; 3] = [
    "should allow egress access to server in CIDR block",
    "should enforce except clause while egress access to server in CIDR block",
    "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed",
];

/// The TCP test every working implementation passes first.
pub const DEFAULT_DENY_INGRESS: &str = "should support a 'default-deny-ingress' policy";

/// One test of the catalogue, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestClass {
    /// `<context> <it>`, how it is found in any result file's test name.
    pub key: String,
    /// The upstream `It` text.
    pub it: &'static str,
    /// Some expected probe is blocked: a cluster that enforces nothing fails it.
    pub blocks: bool,
    /// A policy of the test restricts egress.
    pub egress: bool,
    /// The probes use this protocol only (TCP for mixed ones).
    pub protocol: Protocol,
    /// It relies on named ports.
    pub named_port: bool,
    /// It changes a policy or labels between probes.
    pub updates: bool,
    /// One of [`IPBLOCK_EXCEPT`].
    pub ipblock_except: bool,
}

/// Whether a change (not a clean-up) sits between two probes: the test needs the cluster to
/// apply a change to running pods in time.
fn changes_mid_test(steps: &[Step]) -> bool {
    let is_probe = |s: &Step| matches!(s, Step::Probe { .. });
    steps.iter().enumerate().any(|(i, s)| {
        !is_probe(s)
            && !matches!(
                s,
                Step::ResetPodLabels { .. } | Step::RemoveNamespaceLabel { .. }
            )
            && steps.iter().take(i).any(is_probe)
            && steps.iter().skip(i + 1).any(is_probe)
    })
}

fn classify(scenario: &Scenario, ips: &PodIps) -> TestClass {
    let blocks = scenario.expected_probes(ips).is_ok_and(|probes| {
        probes.iter().any(|p| {
            let n = p.expected.pods.len();
            p.expected
                .allowed
                .iter()
                .enumerate()
                .any(|(k, allowed)| !allowed && n > 0 && k / n != k % n)
        })
    });
    let egress = scenario.steps.iter().any(|s| match s {
        Step::CreatePolicy(t) | Step::UpdatePolicy(t) => t
            .resolve(&scenario.name, ips)
            .ok()
            .and_then(|p| p.spec)
            .and_then(|s| s.policy_types)
            .is_some_and(|types| types.iter().any(|t| t == "Egress")),
        _ => false,
    });
    let updates = changes_mid_test(&scenario.steps);
    let protocol = match scenario.protocols.as_slice() {
        [only] => *only,
        _ => Protocol::Tcp,
    };
    let it = scenario.upstream.it;
    TestClass {
        key: format!("{} {it}", scenario.upstream.suite.context()),
        it,
        blocks,
        egress,
        protocol,
        named_port: it.contains("named port"),
        updates,
        ipblock_except: IPBLOCK_EXCEPT.contains(&it),
    }
}

/// Every catalogue test, classified.
pub fn classes() -> Vec<TestClass> {
    let ips = synthetic_pod_ips(IpFamily::V4);
    catalogue(&TopologyNames::plain())
        .iter()
        .map(|s| classify(s, &ips))
        .collect()
}

/// The class of a test name from any result file (`[It] [sig-network] Netpol … [Feature:…]`).
pub fn class_of<'a>(classes: &'a [TestClass], name: &str) -> Option<&'a TestClass> {
    classes.iter().find(|c| {
        name.match_indices(c.key.as_str()).any(|(at, _)| {
            let rest = name.get(at + c.key.len()..).unwrap_or_default();
            rest.is_empty() || rest.starts_with(" [")
        })
    })
}
