//! From outcome patterns to diagnoses, with the upstream test names.

use super::classes::{IPBLOCK_EXCEPT, class_of, classes};
use super::*;
use crate::e2e::parse_results_bytes;
use crate::netpol::catalogue::{TopologyNames, catalogue};

/// Every catalogue test as a junit file names it, failed when its `It` text (with the suite's
/// context for UDP/SCTP) contains one of `failed`, else passed.
fn run(failed: &[&str], could_not_run: &[&str]) -> Vec<TestEvidence> {
    catalogue(&TopologyNames::plain())
        .iter()
        .map(|s| {
            let name = format!("[It] {}", s.upstream.full_name());
            let hit = |list: &[&str]| list.iter().any(|f| name.contains(f));
            let state = if hit(could_not_run) {
                TestState::CouldNotRun
            } else if hit(failed) {
                TestState::Failed
            } else {
                TestState::Passed
            };
            TestEvidence::named(name, state)
        })
        .collect()
}

fn codes(tests: &[TestEvidence]) -> Vec<&'static str> {
    diagnose(tests).iter().map(|d| d.code).collect()
}

const EGRESS_TESTS: [&str; 6] = [
    "should deny egress from pods based on PodSelector",
    "should deny egress from all pods in a namespace",
    "should support denying of egress traffic on the client side",
    "should enforce egress policy allowing traffic to a server in a different namespace",
    "should work with Ingress, Egress specified together",
    "should enforce multiple egress policies with egress allow-all policy taking precedence",
];
const UDP_TESTS: &str = "between server and client using UDP";
const SCTP_TESTS: &str = "between server and client using SCTP";
const NAMED_PORTS: [&str; 3] = [
    "should allow ingress access on one named port",
    "should allow ingress access from namespace on one named port",
    "should allow egress access on one named port",
];
const UPDATES: [&str; 4] = [
    "should allow ingress access from updated namespace",
    "should allow ingress access from updated pod",
    "should deny ingress access to updated pod",
    "should enforce updated policy",
];

#[test]
fn failed_test_names_map_to_diagnoses() {
    let egress: Vec<&str> = EGRESS_TESTS
        .iter()
        .chain(IPBLOCK_EXCEPT.iter())
        .chain(["should allow egress access on one named port"].iter())
        .copied()
        .collect();
    let udp_and_ipblock: Vec<&str> = IPBLOCK_EXCEPT.iter().copied().chain([UDP_TESTS]).collect();
    // What, the tests that failed, the tests that could not run, the diagnoses.
    type Case<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);
    let cases: Vec<Case<'_>> = vec![
        ("all passed", vec![], vec![], vec![]),
        (
            "every test that needs a block",
            vec!["should"],
            vec![],
            vec!["NETPOL_NOT_ENFORCED"],
        ),
        (
            "egress ignored",
            egress,
            vec![],
            vec!["EGRESS_NOT_ENFORCED"],
        ),
        (
            "UDP ignored",
            vec![UDP_TESTS],
            vec![],
            vec!["UDP_NOT_ENFORCED"],
        ),
        (
            "SCTP ignored",
            vec![SCTP_TESTS],
            vec![],
            vec!["SCTP_NOT_ENFORCED"],
        ),
        (
            "Cilium",
            IPBLOCK_EXCEPT.to_vec(),
            vec![],
            vec!["IPBLOCK_EXCEPT_UNSUPPORTED"],
        ),
        (
            "named ports",
            NAMED_PORTS.to_vec(),
            vec![],
            vec!["NAMED_PORTS_UNRESOLVED"],
        ),
        (
            "updates",
            UPDATES.to_vec(),
            vec![],
            vec!["UPDATES_APPLIED_LATE"],
        ),
        (
            "SCTP pods down",
            vec![],
            vec![SCTP_TESTS],
            vec!["PODS_NOT_RUNNING"],
        ),
        (
            "SCTP pods down, nothing enforced",
            vec!["should"],
            vec![SCTP_TESTS],
            vec!["PODS_NOT_RUNNING", "NETPOL_NOT_ENFORCED"],
        ),
        (
            "two causes",
            udp_and_ipblock,
            vec![],
            vec!["UDP_NOT_ENFORCED", "IPBLOCK_EXCEPT_UNSUPPORTED"],
        ),
        (
            "one odd failure has no pattern",
            vec!["should enforce policy based on PodSelector with MatchExpressions"],
            vec![],
            vec![],
        ),
        (
            "a failed default-deny among passes is no pattern",
            vec!["server and client should support a 'default-deny-ingress' policy"],
            vec![],
            vec![],
        ),
    ];
    for (what, failed, down, expected) in cases {
        assert_eq!(codes(&run(&failed, &down)), expected, "{what}");
    }
}

#[test]
fn nothing_enforced_names_the_tests_and_says_it_stopped_early() {
    let mut tests = run(&["should"], &[]);
    for t in tests.iter_mut().filter(|t| t.state == TestState::Failed) {
        t.unpoliced = true;
    }
    let d = diagnose(&tests);
    let first = d.first().expect("a diagnosis");
    assert_eq!(first.code, "NETPOL_NOT_ENFORCED");
    assert_eq!(first.tests.len(), 45);
    assert_eq!(
        first.message,
        "NetworkPolicy is not enforced at all: none of the 45 tests that need a connection blocked passed; a default-deny policy blocked nothing; 45 of them stopped retrying early because every probe connected as with no policy (--settle-time)"
    );
    assert!(first.hint.contains("flannel alone"));
}

#[test]
fn native_evidence_of_late_changes_is_a_diagnosis_even_when_all_passed() {
    let mut tests = run(&[], &[]);
    if let Some(t) = tests.iter_mut().find(|t| t.name.contains(UPDATES[1])) {
        t.late = true;
    }
    let d = diagnose(&tests);
    assert_eq!(
        d.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["UPDATES_APPLIED_LATE"]
    );
    assert_eq!(d[0].tests.len(), 1);
}

#[test]
fn pods_that_could_not_run_carry_their_likely_cause() {
    let mut tests = run(&[], &[SCTP_TESTS]);
    for t in tests
        .iter_mut()
        .filter(|t| t.state == TestState::CouldNotRun)
    {
        t.causes = vec!["the nodes' kernels lack SCTP support".into()];
    }
    let d = diagnose(&tests);
    assert_eq!(
        d[0].message,
        "3 tests could not run because their pods do not run; likely cause: the nodes' kernels lack SCTP support"
    );
}

/// The NetworkPolicy traffic tests of real junit files are all known by name (the two
/// `Netpol API` tests probe no traffic and are not).
#[test]
fn every_traffic_test_of_a_real_result_file_is_classified() {
    let classes = classes();
    for file in [
        "junit-v1.35-verify-conformance/junit_01.xml",
        "junit-v1.29.0-talos/junit_01.xml",
    ] {
        let path = format!(
            "{}/tests/fixtures/results/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let results = parse_results_bytes(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let netpol: Vec<&str> = results
            .tests
            .iter()
            .map(|t| t.name.as_str())
            .filter(|n| n.contains("Netpol") && !n.contains("Netpol API"))
            .collect();
        assert_eq!(netpol.len(), 48, "{file}");
        for name in &netpol {
            assert!(class_of(&classes, name).is_some(), "{file}: {name}");
        }
        // As the file has them all skipped, nothing is diagnosed; failing them all is.
        assert!(diagnose(&evidence_from_results(&results)).is_empty());
        let failed: Vec<TestEvidence> = netpol
            .iter()
            .map(|n| TestEvidence::named(*n, TestState::Failed))
            .collect();
        assert_eq!(codes(&failed), ["NETPOL_NOT_ENFORCED"], "{file}");
    }
}

#[test]
fn the_catalogue_is_classified_as_the_tests_read() {
    let classes = classes();
    let allow_all: Vec<&str> = classes.iter().filter(|c| !c.blocks).map(|c| c.it).collect();
    assert_eq!(
        allow_all,
        [
            "should enforce policy to allow ingress traffic from pods in all namespaces",
            "should enforce policy based on any PodSelectors",
            "should support allow-all policy"
        ]
    );
    let named: Vec<&str> = classes
        .iter()
        .filter(|c| c.named_port)
        .map(|c| c.it)
        .collect();
    assert_eq!(named, NAMED_PORTS);
    let ipblock = classes.iter().filter(|c| c.ipblock_except).count();
    assert_eq!(ipblock, 3);
    for it in UPDATES {
        assert!(
            classes.iter().any(|c| c.it == it && c.updates),
            "{it} changes something mid-test"
        );
    }
    assert!(
        classes
            .iter()
            .any(|c| c.it.contains("deny egress from all pods") && c.egress)
    );
    assert!(!classes.iter().any(
        |c| c.it == "should support a 'default-deny-ingress' policy" && (c.egress || c.updates)
    ));
}
