//! `stack status` analysis of the many-clusters fixture (624 objects, 120 Clusters), and the
//! same objects copied k = 1, 2, 4 times into renamed namespaces to show that the time grows
//! linearly with the number of objects.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kubectl_scs::stack::{Options, analyze};
use serde_json::Value;

fn load_items() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mgmt/many-clusters.yaml"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let list: Value = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("parse {path}: {e}"));
    match list.get("items") {
        Some(Value::Array(items)) => items.clone(),
        _ => panic!("{path} has no items"),
    }
}

/// Appends `suffix` to every `namespace`/`classNamespace` value, so a copy is a new set of
/// Clusters rather than a duplicate of the first.
fn rename_namespaces(value: &mut Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if key == "namespace" || key == "classNamespace" => {
                        s.push_str(suffix);
                    }
                    _ => rename_namespaces(v, suffix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_namespaces(v, suffix)),
        _ => {}
    }
}

fn copies(items: &[Value], k: usize) -> Vec<Value> {
    (0..k)
        .flat_map(|i| {
            items.iter().map(move |item| {
                let mut item = item.clone();
                rename_namespaces(&mut item, &format!("-copy{i}"));
                item
            })
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let items = load_items();
    let opts = Options::at("2026-11-21T15:30:27Z".parse().expect("valid time"));
    c.bench_function("stack_status", |b| {
        b.iter(|| analyze(black_box(&items), black_box(&opts)))
    });

    let mut group = c.benchmark_group("stack_status_scaling");
    for k in [1usize, 2, 4] {
        let objects = copies(&items, k);
        assert_eq!(analyze(&objects, &opts).clusters.len(), 120 * k);
        group.throughput(Throughput::Elements(objects.len() as u64));
        group.bench_with_input(BenchmarkId::new("copies", k), &objects, |b, objects| {
            b.iter(|| analyze(black_box(objects), black_box(&opts)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
