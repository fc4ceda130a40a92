//! Why a networking check failed, in one sentence per cause: a pure step from per-test
//! outcomes (of the native mode, with what its probes saw, or of any e2e result file) to
//! diagnoses with a stable code, a message and a hint.
//!
//! The rules compare groups of tests (see [`classes`]): what the failed tests need that the
//! passed ones do not. They name a cause only when the pattern is clear; a mixed picture gets
//! no diagnosis rather than a wrong one.

pub mod classes;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::e2e::{Results, TestOutcome};
use crate::netpol::Protocol;
use classes::{DEFAULT_DENY_INGRESS, TestClass, class_of, classes};

/// How a test ended, as the diagnosis reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestState {
    /// Passed.
    Passed,
    /// Ran and failed.
    Failed,
    /// Its pods could not run, so it says nothing about policies.
    CouldNotRun,
    /// Skipped or not reached.
    NotRun,
}

/// What one test did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestEvidence {
    /// The test's full name.
    pub name: String,
    /// How it ended.
    pub state: TestState,
    /// Native only: its probes connected as if no policy existed (it stopped early).
    pub unpoliced: bool,
    /// Native only: a probe matched only on a later try, or matched and then did not.
    pub late: bool,
    /// Native only: the likely causes of its pods' problems, when it could not run.
    pub causes: Vec<String>,
}

impl TestEvidence {
    /// A test known only by its name and outcome (any e2e result file).
    pub fn named(name: impl Into<String>, state: TestState) -> Self {
        Self {
            name: name.into(),
            state,
            unpoliced: false,
            late: false,
            causes: Vec::new(),
        }
    }
}

/// The evidence of an e2e result file: names and outcomes.
pub fn evidence_from_results(results: &Results) -> Vec<TestEvidence> {
    results
        .tests
        .iter()
        .map(|t| {
            let state = match t.outcome {
                TestOutcome::Passed => TestState::Passed,
                TestOutcome::Failed => TestState::Failed,
                TestOutcome::Skipped => TestState::NotRun,
            };
            TestEvidence::named(t.name.as_str(), state)
        })
        .collect()
}

/// One cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// Stable code, e.g. `NETPOL_NOT_ENFORCED`.
    pub code: &'static str,
    /// What the tests show.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// The tests it explains.
    pub tests: Vec<String>,
}

/// Every code, for documentation and tests: code and one-line meaning.
pub const CODES: [(&str, &str); 8] = [
    (NOT_ENFORCED, "NetworkPolicy is not enforced at all"),
    (
        EGRESS,
        "ingress policies are enforced, egress policies are not",
    ),
    (UDP, "policies are not enforced for UDP"),
    (SCTP, "policies are not enforced for SCTP"),
    (IPBLOCK, "ipBlock with except does not match pod IPs"),
    (NAMED_PORTS, "named ports are not resolved"),
    (LATE, "policy or label changes are applied late"),
    (PODS, "test pods could not run"),
];

const NOT_ENFORCED: &str = "NETPOL_NOT_ENFORCED";
const EGRESS: &str = "EGRESS_NOT_ENFORCED";
const UDP: &str = "UDP_NOT_ENFORCED";
const SCTP: &str = "SCTP_NOT_ENFORCED";
const IPBLOCK: &str = "IPBLOCK_EXCEPT_UNSUPPORTED";
const NAMED_PORTS: &str = "NAMED_PORTS_UNRESOLVED";
const LATE: &str = "UPDATES_APPLIED_LATE";
const PODS: &str = "PODS_NOT_RUNNING";

/// A test with its class (tests outside the catalogue are left out).
struct Seen<'a> {
    evidence: &'a TestEvidence,
    class: &'a TestClass,
}

impl Seen<'_> {
    fn ran(&self) -> bool {
        matches!(self.evidence.state, TestState::Passed | TestState::Failed)
    }
    fn passed(&self) -> bool {
        self.evidence.state == TestState::Passed
    }
    fn failed(&self) -> bool {
        self.evidence.state == TestState::Failed
    }
}

/// Of the tests that ran and match `filter`: (failed names, how many ran).
fn tally(seen: &[Seen<'_>], filter: impl Fn(&Seen<'_>) -> bool) -> (Vec<String>, usize) {
    let ran: Vec<&Seen<'_>> = seen.iter().filter(|s| s.ran() && filter(s)).collect();
    let failed = ran
        .iter()
        .filter(|s| s.failed())
        .map(|s| s.evidence.name.clone())
        .collect();
    (failed, ran.len())
}

/// At least one failed, and at least half of those that ran.
fn mostly(failed: &[String], ran: usize) -> bool {
    !failed.is_empty() && failed.len() * 2 >= ran
}

/// The diagnoses of a networking run, most fundamental first.
pub fn diagnose(tests: &[TestEvidence]) -> Vec<Diagnosis> {
    let classes = classes();
    let seen: Vec<Seen<'_>> = tests
        .iter()
        .filter_map(|evidence| {
            class_of(&classes, &evidence.name).map(|class| Seen { evidence, class })
        })
        .collect();
    let mut out = Vec::new();
    pods_not_running(&seen, &mut out);
    if let Some(d) = not_enforced(&seen) {
        out.push(d);
        return out;
    }
    let tcp = |s: &Seen<'_>| s.class.protocol == Protocol::Tcp;
    // TCP ingress is enforced: the baseline the finer rules compare against.
    let ingress_works = seen
        .iter()
        .any(|s| tcp(s) && s.class.blocks && !s.class.egress && !s.class.named_port && s.passed());
    if !ingress_works {
        return out;
    }
    let (egress_failed, egress_ran) = tally(&seen, |s| {
        tcp(s) && s.class.blocks && s.class.egress && !s.class.ipblock_except
    });
    let egress_broken = mostly(&egress_failed, egress_ran);
    if egress_broken {
        out.push(Diagnosis {
            code: EGRESS,
            message: format!(
                "ingress policies are enforced but egress policies are not: {} of {egress_ran} tests with an egress policy failed while ingress tests passed",
                egress_failed.len()
            ),
            hint: "enable egress enforcement in the CNI's NetworkPolicy implementation (some \
                   installations enforce ingress only)"
                .into(),
            tests: egress_failed,
        });
    }
    for (protocol, code) in [(Protocol::Udp, UDP), (Protocol::Sctp, SCTP)] {
        let (failed, ran) = tally(&seen, |s| s.class.protocol == protocol && s.class.blocks);
        if mostly(&failed, ran) {
            out.push(Diagnosis {
                code,
                message: format!(
                    "policies are not enforced for {protocol}: {} of {ran} {protocol} tests failed while TCP policies are enforced",
                    failed.len()
                ),
                hint: if protocol == Protocol::Sctp {
                    "SCTP support is optional and SCS waives the SCTP tests; enable SCTP in the CNI (e.g. Cilium's enable-sctp) to pass them".into()
                } else {
                    "the CNI's NetworkPolicy implementation ignores UDP ports; check its version and configuration".into()
                },
                tests: failed,
            });
        }
    }
    let (ipblock_failed, _) = tally(&seen, |s| s.class.ipblock_except);
    if !ipblock_failed.is_empty() && !egress_broken {
        out.push(Diagnosis {
            code: IPBLOCK,
            message: format!(
                "ipBlock peers (with except) do not match pod IPs: {} of the 3 ipBlock tests failed",
                ipblock_failed.len()
            ),
            hint: "known for Cilium (cilium/cilium#9209); SCS waives these three tests".into(),
            tests: ipblock_failed,
        });
    }
    let (named_failed, named_ran) = tally(&seen, |s| s.class.named_port);
    if mostly(&named_failed, named_ran) {
        out.push(Diagnosis {
            code: NAMED_PORTS,
            message: format!(
                "named ports are not resolved: {} of {named_ran} tests whose policies name a container port failed while numeric ports work",
                named_failed.len()
            ),
            hint: "the CNI's NetworkPolicy implementation does not map port names to the pods' containerPorts; check its version".into(),
            tests: named_failed,
        });
    }
    late(&seen, &mut out);
    out
}

fn not_enforced(seen: &[Seen<'_>]) -> Option<Diagnosis> {
    let blocking: Vec<&Seen<'_>> = seen.iter().filter(|s| s.ran() && s.class.blocks).collect();
    let deny_failed = blocking
        .iter()
        .any(|s| s.class.it == DEFAULT_DENY_INGRESS && s.failed());
    if blocking.is_empty()
        || blocking.iter().any(|s| s.passed())
        || !(deny_failed || blocking.len() >= 3)
    {
        return None;
    }
    let unpoliced = blocking.iter().filter(|s| s.evidence.unpoliced).count();
    let mut message = format!(
        "NetworkPolicy is not enforced at all: none of the {} tests that need a connection blocked passed{}",
        blocking.len(),
        if deny_failed {
            "; a default-deny policy blocked nothing"
        } else {
            ""
        }
    );
    if unpoliced > 0 {
        message.push_str(&format!(
            "; {unpoliced} of them stopped retrying early because every probe connected as with no policy (--settle-time)"
        ));
    }
    Some(Diagnosis {
        code: NOT_ENFORCED,
        message,
        hint: "install or enable a NetworkPolicy implementation (Calico, Cilium, Antrea, \
               kube-router's firewall, …); flannel alone does not enforce NetworkPolicy"
            .into(),
        tests: blocking.iter().map(|s| s.evidence.name.clone()).collect(),
    })
}

fn pods_not_running(seen: &[Seen<'_>], out: &mut Vec<Diagnosis>) {
    let down: Vec<&Seen<'_>> = seen
        .iter()
        .filter(|s| s.evidence.state == TestState::CouldNotRun)
        .collect();
    if down.is_empty() {
        return;
    }
    let mut causes: Vec<String> = down
        .iter()
        .flat_map(|s| s.evidence.causes.iter().cloned())
        .collect();
    causes.sort();
    causes.dedup();
    out.push(Diagnosis {
        code: PODS,
        message: format!(
            "{} tests could not run because their pods do not run{}",
            down.len(),
            if causes.is_empty() {
                String::new()
            } else {
                format!("; likely cause: {}", causes.join("; "))
            }
        ),
        hint: "the tests' messages name each pod, container, state and its last log lines; \
               `kubectl describe pod` and `kubectl logs --previous` tell more (keep the pods with --keep)"
            .into(),
        tests: down.iter().map(|s| s.evidence.name.clone()).collect(),
    });
}

fn late(seen: &[Seen<'_>], out: &mut Vec<Diagnosis>) {
    let observed: Vec<String> = seen
        .iter()
        .filter(|s| s.evidence.late)
        .map(|s| s.evidence.name.clone())
        .collect();
    let explained: Vec<&str> = out
        .iter()
        .flat_map(|d| d.tests.iter().map(String::as_str))
        .collect();
    let (failed, ran) = tally(seen, |s| {
        s.class.updates && !explained.contains(&s.evidence.name.as_str())
    });
    let (others_failed, others_ran) = tally(seen, |s| {
        !s.class.updates && s.class.blocks && !explained.contains(&s.evidence.name.as_str())
    });
    let update_pattern = !failed.is_empty() && others_ran > 0 && others_failed.is_empty();
    if observed.is_empty() && !update_pattern {
        return;
    }
    let mut tests = observed.clone();
    if update_pattern {
        tests.extend(failed.iter().cloned());
    }
    tests.sort();
    tests.dedup();
    let message = if update_pattern {
        format!(
            "policy or label changes are applied late or not at all: {} of {ran} tests that change a policy or labels mid-test failed, all others passed",
            failed.len()
        )
    } else {
        format!(
            "policy or label changes are applied late: {} tests saw their probes match only on a later try, or match and then not",
            observed.len()
        )
    };
    out.push(Diagnosis {
        code: LATE,
        message,
        hint: "the CNI applies changes slowly (look at its agents' load and logs); these tests \
               are timing-sensitive upstream too; a longer --probe-timeout (native mode) or \
               --flake-attempts (e2e mode) tells slow from wrong"
            .into(),
        tests,
    });
}
