//! Tests of the e2e judging core against real result files and hand-made edge cases.

mod fixtures;
mod inputs;
mod judging;
mod props;
mod waivers;

use crate::e2e::{Results, TestOutcome, TestResult, load_results};

pub(super) const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/results/");

/// The three Cilium ipBlock tests (cilium/cilium#9209) as Kubernetes 1.29+ names them.
pub(super) const CILIUM_CIDR_TESTS: [&str; 3] = [
    "[It] [sig-network] Netpol NetworkPolicy between server and client should allow egress access to server in CIDR block [Feature:NetworkPolicy]",
    "[It] [sig-network] Netpol NetworkPolicy between server and client should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed [Feature:NetworkPolicy]",
    "[It] [sig-network] Netpol NetworkPolicy between server and client should enforce except clause while egress access to server in CIDR block [Feature:NetworkPolicy]",
];

pub(super) fn load(input: &str) -> Results {
    let path = std::path::PathBuf::from(format!("{ROOT}{input}"));
    match load_results(&path) {
        Ok(results) => results,
        Err(e) => panic!("{input}: {e}"),
    }
}

/// The v1.29 conformance results turned into what a `--e2e-focus NetworkPolicy` run on
/// a Cilium cluster reports: every NetworkPolicy test ran, `failing` ones failed.
pub(super) fn network_policy_run(failing: &[&str]) -> Results {
    let mut results = load("junit-v1.29.0-talos/junit_01.xml");
    for test in &mut results.tests {
        let TestResult { name, outcome, .. } = test;
        if crate::e2e::is_suite_node(name) {
            continue;
        }
        *outcome = if failing.contains(&name.as_str()) {
            TestOutcome::Failed
        } else if name.contains("NetworkPolicy") {
            TestOutcome::Passed
        } else {
            TestOutcome::Skipped
        };
        if *outcome == TestOutcome::Failed {
            test.message = Some("Had 2 wrong results in reachability matrix".to_string());
        }
    }
    results
}

/// A JUnit report (ginkgo v2 shape) holding `results`, for end-to-end parsing tests.
pub(super) fn to_junit(results: &Results) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n <testsuite name=\"Kubernetes e2e suite\">\n",
    );
    for t in &results.tests {
        let name = escape(&t.name);
        match t.outcome {
            TestOutcome::Passed => xml.push_str(&format!("  <testcase name=\"{name}\" status=\"passed\" time=\"1.5\"></testcase>\n")),
            TestOutcome::Skipped => xml.push_str(&format!("  <testcase name=\"{name}\" status=\"skipped\" time=\"0\"><skipped message=\"skipped\"></skipped></testcase>\n")),
            TestOutcome::Failed => xml.push_str(&format!(
                "  <testcase name=\"{name}\" status=\"failed\" time=\"42\"><failure message=\"{}\" type=\"failed\">[FAILED] details&#xA;more</failure></testcase>\n",
                escape(t.message.as_deref().unwrap_or(""))
            )),
        }
    }
    xml.push_str(" </testsuite>\n</testsuites>\n");
    xml
}
