//! `kubectl scs cluster cleanup`: what blocks or leaks when this workload cluster is deleted;
//! with `--delete`, removing it (see `cleanup_delete`).

pub mod args;
pub mod delete;
pub mod prompt;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cleanup::{self, CleanupReport, ControllerState, Reclaim, Stop};
use crate::commands::Context;
use crate::commands::cluster::cleanup::args::ClusterCleanupArgs;
use crate::commands::cluster::cleanup::delete as cleanup_delete;
use crate::error::{Error, Result};
use crate::kube::{KindSpec, Scope, Source};
use crate::report::{self, Block, Cell, Column, Outcome, Report, Table, Tone};

/// Everything cleanup reads, across all namespaces.
pub const CLEANUP_KINDS: &[KindSpec] = &[
    KindSpec::new("", "v1", "Service"),
    KindSpec::new("", "v1", "PersistentVolumeClaim"),
    KindSpec::new("", "v1", "PersistentVolume"),
    KindSpec::new("", "v1", "Pod"),
    KindSpec::new("apps", "v1", "StatefulSet"),
    KindSpec::new("apps", "v1", "Deployment"),
    KindSpec::new("apps", "v1", "DaemonSet"),
    KindSpec::new("networking.k8s.io", "v1", "Ingress"),
    KindSpec::new("gateway.networking.k8s.io", "v1", "Gateway"),
    KindSpec::new("snapshot.storage.k8s.io", "v1", "VolumeSnapshot"),
    KindSpec::new("snapshot.storage.k8s.io", "v1", "VolumeSnapshotContent"),
];

pub async fn run(ctx: &Context, args: &ClusterCleanupArgs) -> Result<Outcome> {
    if args.delete && !args.dump.from_file.is_empty() {
        return Err(Error::usage(
            "--delete needs a live cluster; with -f the command only reports",
        ));
    }
    let source = Source::open(&ctx.client, &args.dump.input()).await?;
    // Controllers live in kube-system and volumes are cluster-scoped: always read everything,
    // and let -n narrow what is listed.
    let fetched = source.fetch(CLEANUP_KINDS, &Scope::All).await?;
    let options = cleanup::Options {
        namespace: ctx.global.namespace.clone(),
        unread: fetched.unread.iter().map(|k| k.kind.to_string()).collect(),
    };
    let analysis = cleanup::analyze(&fetched.objects, &options);
    let mut notes: Vec<String> = fetched.notes.iter().map(|n| n.message.clone()).collect();
    notes.extend(analysis.notes.iter().cloned());
    match (&source, args.delete) {
        (Source::Live(kube), true) => cleanup_delete::run(ctx, args, kube, &analysis, notes).await,
        _ => ctx.emit(&build_report(&analysis, notes)),
    }
}

/// The `-o json|yaml` document of the read-only analysis; `notes` is there even when empty.
#[derive(Serialize)]
struct AnalysisDocument<'a> {
    #[serde(flatten)]
    analysis: &'a CleanupReport,
    notes: &'a [String],
}

/// The report of the read-only analysis.
pub fn build_report(analysis: &CleanupReport, notes: Vec<String>) -> Report {
    let document = AnalysisDocument {
        analysis,
        notes: &notes,
    };
    let mut report = Report::new(
        "cluster-cleanup",
        serde_json::to_value(&document).unwrap_or_default(),
    );
    report.blocks = human_view(analysis);
    report.notes = notes;
    if !analysis.clean {
        report.outcome = Outcome::Failed;
    }
    report
}

/// Tables for people: preconditions, what blocks, what leaks, what recreates, and a summary.
pub fn human_view(a: &CleanupReport) -> Vec<Block> {
    let mut blocks = vec![Block::Title("Preconditions".into()), preconditions_table(a)];
    for c in a.preconditions.iter().filter(|c| c.is_problem()) {
        blocks.push(Block::Text(controller_warning(c)));
    }

    let lbs = &a.blocking.load_balancer_services;
    if lbs.is_empty() {
        blocks.push(Block::Text(
            "Nothing blocks: no Service of type LoadBalancer.\n".into(),
        ));
    } else {
        blocks.push(Block::Title(format!(
            "Blocking deletion: {} LoadBalancer Service{}",
            lbs.len(),
            plural(lbs.len())
        )));
        blocks.push(services_table(a));
    }

    if a.leaking_count() == 0 {
        blocks.push(Block::Text(
            "Nothing leaks: no volume or snapshot in the cloud.\n".into(),
        ));
    } else {
        blocks.push(Block::Title(format!(
            "Leaking after deletion: {}",
            leak_summary(a)
        )));
        blocks.push(Block::Text(drivers_text(a)));
        if !a.leaking.claims.is_empty() {
            blocks.push(claims_table(a));
        }
        if !a.leaking.volumes.is_empty() {
            blocks.push(volumes_table(a));
        }
        if !a.leaking.snapshots.is_empty() {
            blocks.push(snapshots_table(a));
        }
        if !a.leaking.snapshot_contents.is_empty() {
            blocks.push(contents_table(a));
        }
    }

    if !a.recreators.is_empty() {
        blocks.push(Block::Title(
            "Would recreate or hold what is deleted".into(),
        ));
        blocks.push(recreators_table(a));
    }
    blocks.push(Block::Text(summary(a)));
    blocks
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "2 claims, 1 volume without claim, 1 snapshot".
fn leak_summary(a: &CleanupReport) -> String {
    let l = &a.leaking;
    let parts = [
        (l.claims.len(), "claim", "claims"),
        (
            l.volumes.len(),
            "volume without claim",
            "volumes without claim",
        ),
        (l.snapshots.len(), "snapshot", "snapshots"),
        (
            l.snapshot_contents.len(),
            "snapshot content without snapshot",
            "snapshot contents without snapshot",
        ),
    ];
    parts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect::<Vec<_>>()
        .join(", ")
}

fn preconditions_table(a: &CleanupReport) -> Block {
    let rows = a
        .preconditions
        .iter()
        .map(|c| {
            let tone = match (c.state, c.needed) {
                (ControllerState::Running, _) => Tone::Good,
                (_, true) => Tone::Bad,
                (_, false) => Tone::Warn,
            };
            vec![
                Cell::new(c.controller.title()),
                Cell::new(c.controller.needed_for()),
                Cell::toned(c.state.as_str(), tone),
                Cell::new(c.workload.as_deref().unwrap_or("-")),
                Cell::new(c.ready.as_deref().unwrap_or("-")),
                Cell::new(c.message.as_str()),
            ]
        })
        .collect();
    Block::Table(Table {
        columns: vec![
            Column::new("CONTROLLER"),
            Column::new("NEEDED FOR"),
            Column::new("STATE"),
            Column::new("WORKLOAD"),
            Column::new("READY"),
            Column::wide("MESSAGE"),
        ],
        rows,
    })
}

fn controller_warning(c: &cleanup::Controller) -> String {
    let consequence = match c.controller {
        cleanup::ControllerKind::CloudControllerManager => {
            "Deleting LoadBalancer Services now leaves their load balancers (and floating IPs) in \
             the cloud, and the Services hang on their finalizer"
        }
        cleanup::ControllerKind::CsiController => {
            "Deleting claims or snapshots now leaves their volumes and snapshots in the cloud"
        }
    };
    format!(
        "!! WARNING: the {} is {} ({}). {consequence}. Bring it back before cleaning up.\n",
        c.controller.title(),
        match c.state {
            ControllerState::Missing => "not installed",
            ControllerState::Unknown => "not known to run",
            _ => "not running",
        },
        c.message
    )
}

fn services_table(a: &CleanupReport) -> Block {
    let rows = a
        .blocking
        .load_balancer_services
        .iter()
        .map(|s| {
            let owner = s
                .owner
                .as_ref()
                .map(|o| {
                    if o.namespace.is_empty() || o.namespace == s.namespace {
                        format!("{} {}", o.kind, o.name)
                    } else {
                        format!("{} {}/{}", o.kind, o.namespace, o.name)
                    }
                })
                .unwrap_or_else(|| "-".into());
            let finalizer = if s.deleting {
                Cell::toned("deleting", Tone::Warn)
            } else if s.cleanup_finalizer {
                Cell::new("load-balancer-cleanup")
            } else {
                Cell::new("-")
            };
            vec![
                Cell::new(s.namespace.as_str()),
                Cell::new(s.name.as_str()),
                Cell::new(if s.external.is_empty() {
                    "<pending>".to_string()
                } else {
                    s.external.join(",")
                }),
                Cell::new(s.load_balancer_id.as_deref().unwrap_or("-")),
                finalizer,
                Cell::new(owner),
                Cell::new(s.managed_by.as_deref().unwrap_or("-")),
                Cell::new(if s.serves_ingresses.is_empty() {
                    "-".to_string()
                } else {
                    s.serves_ingresses.join(",")
                }),
            ]
        })
        .collect();
    Block::Table(Table {
        columns: vec![
            Column::new("NAMESPACE"),
            Column::new("SERVICE"),
            Column::new("EXTERNAL"),
            Column::new("LOAD BALANCER"),
            Column::new("FINALIZER"),
            Column::new("OWNER"),
            Column::wide("MANAGED BY"),
            Column::wide("INGRESSES"),
        ],
        rows,
    })
}

/// One line per driver: how many volumes, by reclaim policy.
fn drivers_text(a: &CleanupReport) -> String {
    let mut by_driver: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let volumes = a
        .leaking
        .claims
        .iter()
        .filter_map(|c| c.volume.as_ref())
        .chain(a.leaking.volumes.iter());
    for v in volumes {
        let entry = by_driver.entry(v.driver.as_str()).or_default();
        if v.reclaim_policy == Reclaim::Retain {
            entry.1 += 1;
        } else {
            entry.0 += 1;
        }
    }
    let mut text = String::new();
    for (driver, (delete, retain)) in &by_driver {
        text.push_str(&format!(
            "{driver}: {} volume{} ({delete} Delete, {retain} Retain)\n",
            delete + retain,
            plural(delete + retain)
        ));
    }
    if by_driver.values().any(|(_, retain)| *retain > 0) {
        text.push_str(
            "Volumes with reclaim policy Retain survive even when their claim is deleted.\n",
        );
    }
    text
}

fn claims_table(a: &CleanupReport) -> Block {
    let rows = a
        .leaking
        .claims
        .iter()
        .map(|c| {
            let v = c.volume.as_ref();
            let reclaim = match v.map(|v| v.reclaim_policy) {
                Some(Reclaim::Retain) => Cell::toned("Retain", Tone::Warn),
                Some(r) => Cell::new(r.as_str()),
                None => Cell::new("-"),
            };
            vec![
                Cell::new(c.namespace.as_str()),
                Cell::new(c.name.as_str()),
                Cell::new(v.map(|v| v.name.as_str()).unwrap_or("(not read)")),
                Cell::new(v.map(|v| v.driver.as_str()).unwrap_or("-")),
                Cell::new(v.and_then(|v| v.capacity.as_deref()).unwrap_or("-")),
                reclaim,
                Cell::new(if c.used_by.is_empty() {
                    "-".to_string()
                } else {
                    c.used_by.join(",")
                }),
                Cell::new(v.and_then(|v| v.volume_handle.as_deref()).unwrap_or("-")),
                Cell::new(c.storage_class.as_deref().unwrap_or("-")),
            ]
        })
        .collect();
    Block::Table(Table {
        columns: vec![
            Column::new("NAMESPACE"),
            Column::new("CLAIM"),
            Column::new("VOLUME"),
            Column::new("DRIVER"),
            Column::new("SIZE"),
            Column::new("RECLAIM"),
            Column::new("USED BY"),
            Column::wide("VOLUME HANDLE"),
            Column::wide("STORAGECLASS"),
        ],
        rows,
    })
}

fn volumes_table(a: &CleanupReport) -> Block {
    let rows = a
        .leaking
        .volumes
        .iter()
        .map(|v| {
            vec![
                Cell::new(v.name.as_str()),
                Cell::new(v.driver.as_str()),
                Cell::new(v.capacity.as_deref().unwrap_or("-")),
                Cell::new(v.reclaim_policy.as_str()),
                Cell::new(v.phase.as_str()),
                Cell::new(v.claim.as_deref().unwrap_or("-")),
                Cell::new(v.volume_handle.as_deref().unwrap_or("-")),
            ]
        })
        .collect();
    Block::Table(Table {
        columns: vec![
            Column::new("VOLUME WITHOUT CLAIM"),
            Column::new("DRIVER"),
            Column::new("SIZE"),
            Column::new("RECLAIM"),
            Column::new("PHASE"),
            Column::new("WAS CLAIMED BY"),
            Column::wide("VOLUME HANDLE"),
        ],
        rows,
    })
}

fn snapshots_table(a: &CleanupReport) -> Block {
    let rows = a
        .leaking
        .snapshots
        .iter()
        .map(|s| {
            vec![
                Cell::new(s.namespace.as_str()),
                Cell::new(s.name.as_str()),
                Cell::new(s.source_claim.as_deref().unwrap_or("-")),
                Cell::new(s.deletion_policy.as_deref().unwrap_or("-")),
                Cell::new(if s.ready { "true" } else { "false" }),
                Cell::new(s.content.as_deref().unwrap_or("-")),
                Cell::new(s.snapshot_handle.as_deref().unwrap_or("-")),
            ]
        })
        .collect();
    Block::Table(Table {
        columns: vec![
            Column::new("NAMESPACE"),
            Column::new("SNAPSHOT"),
            Column::new("SOURCE CLAIM"),
            Column::new("DELETION POLICY"),
            Column::new("READY"),
            Column::wide("CONTENT"),
            Column::wide("SNAPSHOT HANDLE"),
        ],
        rows,
    })
}

fn contents_table(a: &CleanupReport) -> Block {
    let rows = a
        .leaking
        .snapshot_contents
        .iter()
        .map(|c| {
            vec![
                Cell::new(c.name.as_str()),
                Cell::new(c.driver.as_str()),
                Cell::new(c.deletion_policy.as_str()),
                Cell::new(c.snapshot_handle.as_deref().unwrap_or("-")),
            ]
        })
        .collect();
    report::simple_table(
        &[
            "SNAPSHOT CONTENT WITHOUT SNAPSHOT",
            "DRIVER",
            "DELETION POLICY",
            "SNAPSHOT HANDLE",
        ],
        rows,
    )
}

fn recreators_table(a: &CleanupReport) -> Block {
    let rows = a
        .recreators
        .iter()
        .map(|r| {
            vec![
                Cell::new(r.kind.as_str()),
                Cell::new(r.namespace.as_str()),
                Cell::new(r.name.as_str()),
                Cell::new(
                    r.replicas
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "-".into()),
                ),
                Cell::new(match r.stop {
                    Stop::Scale => "scale to 0",
                    Stop::Delete => "delete",
                    Stop::Manual => "by hand",
                }),
                Cell::new(r.why.as_str()),
            ]
        })
        .collect();
    report::simple_table(
        &["KIND", "NAMESPACE", "NAME", "REPLICAS", "STOP", "WHY"],
        rows,
    )
}

fn summary(a: &CleanupReport) -> String {
    if a.clean {
        return "Clean: nothing blocks the deletion of this cluster and nothing would be left in the cloud.\n".into();
    }
    let mut text = String::new();
    let blocking = a.blocking_count();
    if blocking > 0 {
        text.push_str(&format!(
            "{blocking} LoadBalancer Service{} block{} the deletion of this cluster: their load balancers keep its network in use.\n",
            plural(blocking),
            if blocking == 1 { "s" } else { "" }
        ));
    }
    if a.leaking_count() > 0 {
        text.push_str(&format!(
            "Left in the cloud after deletion: {}.\n",
            leak_summary(a)
        ));
    }
    text.push_str(
        "Run `kubectl scs cluster cleanup --delete` while the cloud controller manager and the CSI controller still run, then delete the Cluster.\n",
    );
    text
}
