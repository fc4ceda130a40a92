//! Whole scenarios against the in-memory cluster: verdicts, failure messages, rounds and
//! requests per round, clean-up.

use crate::e2e::{Check, TestStatus, Waivers, judge};
use crate::netcheck::tests::support::{FakeCluster, Faults, fast};
use crate::netcheck::{
    OpError, RunStatus, ScenarioRun, Timing, Topology, TopologyKind, plan, results,
};
use crate::report::Outcome;

fn topologies() -> Vec<Topology> {
    plan("t1", |_| true).0
}

async fn run_all(faults: Faults, timing: Timing) -> (Vec<ScenarioRun>, Vec<FakeCluster>) {
    let mut runs = Vec::new();
    let mut fakes = Vec::new();
    for topology in topologies() {
        let fake = FakeCluster::new(topology.clone(), faults);
        let runner = fake.runner(timing);
        for scenario in &topology.scenarios {
            let run = runner
                .run(scenario)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", scenario.name));
            assert!(
                fake.pristine(),
                "{}: clean-up left changes behind",
                scenario.name
            );
            runs.push(run);
        }
        fakes.push(fake);
    }
    (runs, fakes)
}

fn failed(runs: &[ScenarioRun]) -> Vec<&str> {
    runs.iter()
        .filter(|r| r.status == RunStatus::Failed)
        .map(|r| r.name.as_str())
        .collect()
}

#[tokio::test]
async fn a_correct_cni_passes_every_scenario_in_two_rounds_per_probe_group() {
    let (runs, _) = run_all(Faults::default(), fast()).await;
    assert_eq!(runs.len(), 48);
    assert_eq!(failed(&runs), Vec::<&str>::new());
    let scenarios: Vec<_> = topologies().into_iter().flat_map(|t| t.scenarios).collect();
    for (run, scenario) in runs.iter().zip(&scenarios) {
        let pods = scenario.pods.len();
        let baseline = run
            .groups
            .first()
            .map(|g| (g.kind, g.rounds.len(), g.execs));
        assert_eq!(baseline, Some(("baseline", 1, pods)), "{}", run.name);
        for group in run.groups.iter().skip(1) {
            // A full round in each of the two attempts, one exec per source pod each,
            // every probe step of the group in the same exec.
            assert_eq!(group.rounds.len(), 2, "{}", run.name);
            assert!(group.first_attempt_matched);
            for round in &group.rounds {
                assert_eq!(round.execs, pods, "{}", run.name);
                assert_eq!(round.connects, pods * pods * group.probes.len());
                assert_eq!(round.wrong_after, 0);
            }
        }
        assert!(run.seconds >= 0.0 && run.message.is_none());
    }
    // Consecutive probes share rounds: test 16 probes TCP/80 and TCP/81 in one group.
    let allow_all = runs
        .iter()
        .find(|r| r.name.contains("should support allow-all policy"))
        .map(|r| r.groups.len());
    assert_eq!(allow_all, Some(2));
    let judged = judge(
        Check::Networking,
        &results(&runs, &[], Some("v1.36.2".into()), 1.0),
        &Waivers::builtin(),
    );
    assert_eq!(judged.verdict, Outcome::Ok);
    assert_eq!((judged.counts.passed, judged.focus_tests_run), (48, 48));
}

#[tokio::test]
async fn a_cni_ignoring_ipblock_for_pods_fails_exactly_the_three_waived_cilium_tests() {
    let faults = Faults {
        ipblock_ignores_pods: true,
        ..Faults::default()
    };
    let (runs, _) = run_all(faults, fast()).await;
    let failures = failed(&runs);
    assert_eq!(failures.len(), 3, "{failures:#?}");
    for name in &failures {
        assert!(
            name.contains("CIDR block") || name.contains("IPBlock"),
            "{name}"
        );
    }
    let judged = judge(
        Check::Networking,
        &results(&runs, &[], None, 1.0),
        &Waivers::builtin(),
    );
    assert_eq!(judged.verdict, Outcome::Ok, "{}", judged.message);
    assert_eq!(judged.counts.waived, 3);
    let strict = judge(
        Check::Networking,
        &results(&runs, &[], None, 1.0),
        &Waivers::none(),
    );
    assert_eq!(strict.verdict, Outcome::Failed);

    let cidr = runs
        .iter()
        .find(|r| {
            r.name
                .contains("should allow egress access to server in CIDR block")
        })
        .and_then(|r| r.message.clone())
        .unwrap_or_default();
    assert!(
        cidr.starts_with("probe TCP/80 (step 2 of 2, after: create NetworkPolicy netpol-x-t1/allow-client-a-via-cidr-egress-rule): Had 1 wrong results in reachability matrix ("),
        "{cidr}"
    );
    for part in [
        " probe rounds; neither the first attempt nor the final full-matrix pass matched)\n",
        "\nexpected:\n\n-\tnetpol-x-t1/a\tnetpol-y-t1/a\tnetpol-y-t1/b\n",
        "\nobserved:\n\n",
        "\ncomparison:\n\n",
    ] {
        assert!(cidr.contains(part), "{part:?} missing in\n{cidr}");
    }
    assert!(
        cidr.contains("  netpol-x-t1/a -> netpol-y-t1/b: expected connected, observed blocked (TIMEOUT); allowed: netpol-x-t1/allow-client-a-via-cidr-egress-rule egress rule 1 (ipBlock 10.244.1.14/32) admits netpol-y-t1/b on TCP/80"),
        "{cidr}"
    );
    let judged_cidr = judged.tests.iter().find(|t| {
        t.name
            .contains("should allow egress access to server in CIDR block")
    });
    assert_eq!(judged_cidr.map(|t| t.status), Some(TestStatus::Waived));
}

#[tokio::test]
async fn slow_policy_enforcement_is_polled_until_it_matches() {
    let faults = Faults {
        lag_batches: 6,
        ..Faults::default()
    };
    let timing = Timing {
        poll_timeout: std::time::Duration::from_secs(5),
        baseline_timeout: std::time::Duration::from_secs(5),
        ..fast()
    };
    let (runs, _) = run_all(faults, timing).await;
    assert_eq!(failed(&runs), Vec::<&str>::new());
    let deny = runs
        .iter()
        .find(|r| {
            r.name
                .contains("should support a 'default-deny-ingress' policy")
        })
        .and_then(|r| r.groups.get(1).cloned());
    let Some(deny) = deny else {
        panic!("no probe group")
    };
    assert!(!deny.first_attempt_matched || deny.rounds.len() > 2);
    let first = deny.rounds.first().map(|r| (r.full, r.wrong_after > 0));
    assert_eq!(
        first,
        Some((true, true)),
        "the first round sees the old state"
    );
    // Retry rounds probe only the wrong cells: fewer connects than the full round.
    let retries: Vec<_> = deny.rounds.iter().filter(|r| !r.full).collect();
    assert!(!retries.is_empty());
    assert!(retries.iter().all(|r| r.connects < 16 && r.execs <= 4));
}

#[tokio::test]
async fn transient_exec_errors_are_retried_and_reported_only_if_they_persist() {
    let faults = Faults {
        failing_batches: 3,
        ..Faults::default()
    };
    let timing = Timing {
        baseline_timeout: std::time::Duration::from_secs(5),
        ..fast()
    };
    let topology = topologies().into_iter().next();
    let Some(topology) = topology else {
        panic!("no topology")
    };
    let fake = FakeCluster::new(topology.clone(), faults);
    let runner = fake.runner(timing);
    let first = topology.scenarios.first().cloned();
    let Some(first) = first else { panic!() };
    let run = runner.run(&first).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, RunStatus::Passed);
    assert!(run.groups.first().is_some_and(|g| g.rounds.len() >= 2));

    let broken = FakeCluster::new(
        topology,
        Faults {
            failing_batches: usize::MAX,
            ..Faults::default()
        },
    );
    let runner = broken.runner(fast());
    let run = runner.run(&first).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, RunStatus::Failed);
    let message = run.message.unwrap_or_default();
    assert!(message.starts_with("before the first step of \"should support a 'default-deny-ingress' policy\", not every server answered"), "{message}");
    assert!(
        message.contains("probes that could not run:\n  x/a: exec into x/a: connection reset"),
        "{message}"
    );
    assert!(
        broken.log.borrow().is_empty(),
        "no change is made after a failed baseline"
    );
}

#[tokio::test]
async fn a_fatal_probe_error_stops_the_run_after_cleaning_up() {
    let topology = topologies().into_iter().next();
    let Some(topology) = topology else { panic!() };
    let scenario = topology.scenarios.first().cloned();
    let Some(scenario) = scenario else { panic!() };
    // Batch 5 is the first probe after the policy was created (4 pods in the baseline).
    let fake = FakeCluster::new(
        topology,
        Faults {
            fatal_batch: Some(5),
            ..Faults::default()
        },
    );
    let runner = fake.runner(fast());
    let err = runner.run(&scenario).await.err();
    assert_eq!(
        err,
        Some(OpError::fatal("pods/exec forbidden for x/a".to_owned()))
    );
    assert!(fake.pristine(), "the policy was deleted");
    let log = fake.log.borrow().clone();
    assert_eq!(log.len(), 2, "{log:?}");
}

#[tokio::test]
async fn sctp_without_support_fails_only_the_waived_sctp_tests() {
    let faults = Faults {
        no_sctp: true,
        ..Faults::default()
    };
    let (runs, fakes) = run_all(faults, fast()).await;
    let failures = failed(&runs);
    assert_eq!(failures.len(), 3);
    assert!(
        failures
            .iter()
            .all(|n| n.contains("[Feature:SCTPConnectivity]"))
    );
    assert_eq!(
        fakes.iter().map(|f| f.topology.kind).collect::<Vec<_>>(),
        vec![TopologyKind::Main, TopologyKind::Sctp]
    );
    let judged = judge(
        Check::Networking,
        &results(&runs, &[], None, 1.0),
        &Waivers::builtin(),
    );
    assert_eq!(judged.verdict, Outcome::Ok);
}

#[tokio::test]
async fn label_changes_are_made_and_undone() {
    let topology = topologies().into_iter().next();
    let Some(topology) = topology else { panic!() };
    let scenario = topology
        .scenarios
        .iter()
        .find(|s| {
            s.name
                .contains("should allow ingress access from updated pod")
        })
        .cloned();
    let Some(scenario) = scenario else { panic!() };
    let fake = FakeCluster::new(topology, Faults::default());
    let runner = fake.runner(fast());
    let run = runner
        .run(&scenario)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, RunStatus::Passed);
    assert_eq!(
        fake.log.borrow().clone(),
        vec![
            "create (Some(\"netpol-x-t1\"), Some(\"allow-client-a-via-pod-selector\"))".to_owned(),
            "label x/b {\"pod\": Some(\"b\"), \"pod2\": Some(\"updated\")}".to_owned(),
            "delete X/allow-client-a-via-pod-selector".to_owned(),
            "label x/b {\"pod2\": None}".to_owned(),
        ]
    );
    assert!(fake.pristine());
}

/// A server that crashes mid-run: the scenario on it ends "could not run" right after the
/// round that saw it, naming the pod and the likely cause; later scenarios on that pod do not
/// probe at all; scenarios without it run as before.
#[tokio::test]
async fn a_crashed_server_ends_its_scenarios_as_could_not_run_at_once() {
    let topology = topologies().into_iter().next();
    let Some(topology) = topology else {
        panic!("no topology")
    };
    let crashed = crate::netpol::catalogue::XA;
    let faults = Faults {
        crash: Some((crashed, 1)),
        ..Faults::default()
    };
    let fake = FakeCluster::new(topology.clone(), faults);
    let timing = Timing {
        baseline_timeout: std::time::Duration::from_secs(30),
        ..fast()
    };
    let runner = fake.runner(timing);
    let mut runs = Vec::new();
    for scenario in &topology.scenarios {
        runs.push(runner.run(scenario).await.unwrap_or_else(|e| panic!("{e}")));
    }
    let first = runs.first().expect("a run");
    assert_eq!(first.status, RunStatus::CouldNotRun);
    assert_eq!(first.rounds(), 1, "one baseline round, not 30 s of them");
    assert_eq!(
        first.message.as_deref(),
        Some(
            "could not run: pods of the test cannot run\n  pod netpol-x-t1/a: container \"agnhost\" terminated (Error, exit code 1); likely cause: the nodes' kernels lack SCTP support (load the sctp kernel module, e.g. `modprobe sctp`; SCS waives the SCTP tests)"
        )
    );
    for (run, scenario) in runs.iter().zip(&topology.scenarios).skip(1) {
        if scenario.pods.contains(&crashed) {
            assert_eq!(run.status, RunStatus::CouldNotRun, "{}", run.name);
            assert_eq!(run.rounds(), 0, "{}", run.name);
        } else {
            assert_eq!(run.status, RunStatus::Passed, "{}", run.name);
        }
    }
    // Judged like the e2e suite reports a test whose pods do not start: failed.
    let judged = judge(
        Check::Networking,
        &results(&runs, &[], None, 1.0),
        &Waivers::none(),
    );
    assert_eq!(judged.verdict, Outcome::Failed);
    assert_eq!(
        judged.counts.failed,
        runs.iter()
            .filter(|r| r.status == RunStatus::CouldNotRun)
            .count() as u64
    );
}
