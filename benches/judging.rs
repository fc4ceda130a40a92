//! Offline judging of the largest results fixtures: read the bytes, detect the format,
//! parse, and judge for both checks with the built-in waivers.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kubectl_scs::e2e::{Check, Waivers, judge, parse_results_bytes};

/// The largest single results file (2.6 MB, 7,411 test cases).
const LARGEST_JUNIT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/results/junit-v1.29.0-talos/junit_01.xml"
);
/// The largest sonobuoy tarball by content (1.1 MB gzip; sonobuoy_results.yaml, junit and
/// a 3.9 MB e2e.log inside).
const LARGEST_TARBALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/results/sonobuoy-v1.25.5-civo/202302131332_sonobuoy_93195391-6549-474d-944d-871292d16a21.tar.gz"
);

fn judge_bytes(name: &str, bytes: &[u8], waivers: &Waivers) -> usize {
    match parse_results_bytes(name, bytes) {
        Ok(results) => Check::ALL
            .iter()
            .map(|check| judge(*check, &results, waivers).tests.len())
            .sum(),
        Err(_) => 0,
    }
}

fn judging(c: &mut Criterion) {
    let waivers = Waivers::builtin();
    let junit = std::fs::read(LARGEST_JUNIT).unwrap_or_default();
    let tarball = std::fs::read(LARGEST_TARBALL).unwrap_or_default();
    assert!(
        judge_bytes("junit_01.xml", &junit, &waivers) > 0,
        "fixture missing"
    );
    c.bench_function("judging", |b| {
        b.iter(|| judge_bytes("junit_01.xml", black_box(&junit), &waivers))
    });
    c.bench_function("judging_tarball", |b| {
        b.iter(|| judge_bytes("results.tar.gz", black_box(&tarball), &waivers))
    });
}

criterion_group!(benches, judging);
criterion_main!(benches);
