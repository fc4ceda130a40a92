//! The native check's 48 tests against a cluster that enforces nothing (every probe
//! connects), with the early stop and with full retries: wall time of the whole run at
//! millisecond timings, and the probe rounds per failing test it takes (printed once).
//!
//! Upstream timing scales the same way: full retries take two attempts of 10 s per failing
//! test, the early stop the 3 s settle time.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use kubectl_scs::netcheck::{
    Dial, Fixture, LabelPatch, Observation, OpError, Prober, RunStatus, Runner, Timing, plan,
};
use kubectl_scs::netpol::catalogue::{IpFamily, NsKey, PodRef, synthetic_pod_ips};

/// No NetworkPolicy implementation: changes are accepted, every connection succeeds.
struct Open;

impl Prober for Open {
    async fn probe(&self, _: PodRef, targets: &[Dial]) -> Result<Vec<Observation>, OpError> {
        Ok(vec![Observation::Connected; targets.len()])
    }
}

impl Fixture for Open {
    async fn create_policy(&self, _: &NetworkPolicy) -> Result<(), OpError> {
        Ok(())
    }
    async fn update_policy(&self, _: &NetworkPolicy) -> Result<(), OpError> {
        Ok(())
    }
    async fn delete_policy(&self, _: NsKey, _: &str) -> Result<(), OpError> {
        Ok(())
    }
    async fn patch_namespace_labels(&self, _: NsKey, _: &LabelPatch) -> Result<(), OpError> {
        Ok(())
    }
    async fn patch_pod_labels(&self, _: PodRef, _: &LabelPatch) -> Result<(), OpError> {
        Ok(())
    }
}

fn timing(settle: Duration) -> Timing {
    Timing {
        connect_timeout: Duration::from_millis(1),
        poll_interval: Duration::from_millis(1),
        poll_timeout: Duration::from_millis(10),
        baseline_timeout: Duration::from_millis(10),
        settle,
    }
}

/// (failing tests, probe rounds of the failing tests).
async fn run_all(settle: Duration) -> (usize, usize) {
    let ips = synthetic_pod_ips(IpFamily::V4);
    let runner = Runner::new(&Open, &Open, &ips, timing(settle));
    let mut failing = (0, 0);
    for topology in plan("bench", |_| true).0 {
        for scenario in &topology.scenarios {
            if let Ok(run) = runner.run(scenario).await
                && run.status != RunStatus::Passed
            {
                failing.0 += 1;
                failing.1 += run.rounds();
            }
        }
    }
    failing
}

fn unpoliced(c: &mut Criterion) {
    let Ok(rt) = tokio::runtime::Runtime::new() else {
        return;
    };
    let early = Duration::from_millis(3);
    for (what, settle) in [("early stop", early), ("full retries", Duration::ZERO)] {
        let (failing, rounds) = rt.block_on(run_all(settle));
        eprintln!(
            "{what}: {failing} failing tests, {:.1} probe rounds per failing test",
            rounds as f64 / failing.max(1) as f64
        );
    }
    let mut group = c.benchmark_group("native_run_enforcing_nothing");
    group.sample_size(10);
    group.bench_function("early_stop", |b| {
        b.iter(|| rt.block_on(run_all(black_box(early))))
    });
    group.bench_function("full_retries", |b| {
        b.iter(|| rt.block_on(run_all(black_box(Duration::ZERO))))
    });
    group.finish();
}

criterion_group!(benches, unpoliced);
criterion_main!(benches);
