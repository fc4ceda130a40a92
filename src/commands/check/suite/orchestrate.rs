//! One way to run a check in the cluster, whatever runs its tests (the e2e test pod of
//! `check networking|conformance`, or the probes of `check networking --mode native`): check
//! the cluster before anything is created, supervise the work under the deadline and Ctrl-C
//! while the run's lease is renewed, and clean up (or keep, with `--keep`) on every way out.

use std::time::Duration;

use indicatif::ProgressBar;
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Node, Pod};
use kube::api::{Api, ListParams};
use serde::Serialize;
use serde_json::Value;
use tokio::time::Instant;

use crate::cni::{CniDetection, detect_cni};
use crate::duration::human;
use crate::error::Result;
use crate::k8s::permissions::Permission;
use crate::kube::Kube;
use crate::kube::errors::api_error;
use crate::kube::lifecycle::preflight::{
    NodeSummary, list_nodes, missing_permissions, permissions_error, require_schedulable,
    schedulable_nodes,
};
use crate::kube::lifecycle::{Cleanup, Run, Stopped};

/// Where a run says what it is doing (stderr: a line or a bar).
pub trait Phases {
    /// A step of the run begins (`cleaning up`).
    fn phase(&mut self, text: &str);
    /// The run is over; remove any bar.
    fn done(&mut self);
}

/// Where a run's lines go: above its bar on a terminal, else one line each on stderr,
/// `INFO:`-prefixed under `-o scs` (stderr is then the SCS runner's log).
pub struct StderrLines {
    bar: Option<ProgressBar>,
    scs: bool,
}

impl StderrLines {
    pub fn new(bar: Option<ProgressBar>, scs: bool) -> Self {
        Self { bar, scs }
    }

    /// The bar, on a terminal.
    pub fn bar(&self) -> Option<&ProgressBar> {
        self.bar.as_ref()
    }

    pub fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None if self.scs => crate::stderr_line!("INFO: {text}"),
            None => crate::stderr_line!("{text}"),
        }
    }

    /// Removes the bar; later lines go to stderr as such.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// What a run needs of the cluster besides the server version, found before anything is
/// created.
#[derive(Debug, Clone)]
pub struct ClusterFacts {
    /// Nodes that can take the run's pods.
    pub nodes: NodeSummary,
    /// The CNI plugins found.
    pub cni: CniDetection,
    /// What could not be checked, and the CNI detection's warning.
    pub notes: Vec<String>,
}

/// What the orchestration itself needs of every run: its namespaces, their lease (which tells
/// a live run from leftovers) and their removal, and the nodes to check. `namespaces` says what
/// the run's namespaces are for.
pub fn run_permissions(namespaces: &'static str) -> Vec<Permission> {
    vec![
        Permission::cluster("create", "", "namespaces", namespaces),
        Permission::cluster("delete", "", "namespaces", "to clean up"),
        Permission::cluster(
            "patch",
            "",
            "namespaces",
            "to renew the run's lease, which tells it from leftovers",
        ),
        Permission::cluster("list", "", "nodes", "to find schedulable nodes"),
    ]
}

/// The server's `gitVersion`.
pub async fn server_version(kube: &Kube) -> Result<String> {
    let info = kube
        .client
        .apiserver_version()
        .await
        .map_err(|e| api_error(e, &kube.target, None).context("reading the server version"))?;
    Ok(info.git_version)
}

/// The permissions the run needs, a node to run on and the CNI: everything besides the server
/// version that can stop a run, checked before anything is created.
pub async fn check_cluster(kube: &Kube, needed: &[Permission]) -> Result<ClusterFacts> {
    let missing = missing_permissions(kube, needed).await?;
    if !missing.is_empty() {
        return Err(permissions_error(&missing, None));
    }
    let nodes = list_nodes(kube).await?;
    let summary = schedulable_nodes(&nodes);
    require_schedulable(&summary)?;
    let (cni, notes) = cni(kube, &nodes).await;
    Ok(ClusterFacts {
        nodes: summary,
        cni,
        notes,
    })
}

/// How a supervised run ended.
pub struct Ended<T> {
    /// What the work returned, or why it was stopped.
    pub work: std::result::Result<Result<T>, Stopped>,
    /// Wall-clock time of the work.
    pub duration: Duration,
    /// What the clean-up did (or kept).
    pub cleanup: Cleanup,
}

/// Why a `run` (`e2e`, `native`) was stopped after `elapsed`, as a sentence to go on from:
/// `interrupted after 1m5s`, `the native run did not finish within 30m`.
pub fn stopped_text(stopped: Stopped, run: &str, elapsed: Duration, timeout: Duration) -> String {
    match stopped {
        Stopped::Interrupted => format!(
            "interrupted after {}",
            human(Duration::from_secs(elapsed.as_secs()))
        ),
        Stopped::TimedOut => format!("the {run} run did not finish within {}", human(timeout)),
    }
}

/// What the run keeps with `--keep` (`objects`, `namespaces`), for its progress line.
pub struct Keep<'a> {
    pub keep: bool,
    pub what: &'a str,
}

/// Runs `work` on `run` until it ends, `timeout` passes or the user interrupts (renewing the
/// run's lease meanwhile), then cleans up, or keeps with `--keep`, whichever way it ended.
pub async fn supervised<S, T, W>(
    run: Run,
    sink: &mut S,
    timeout: Duration,
    keep: Keep<'_>,
    work: W,
) -> Ended<T>
where
    S: Phases + ?Sized,
    W: AsyncFnOnce(&Run, &mut S) -> Result<T>,
{
    let started = Instant::now();
    let ended = run.supervise(started + timeout, work(&run, sink)).await;
    let duration = started.elapsed();
    if keep.keep {
        sink.phase(&format!("keeping the run's {} (--keep)", keep.what));
    } else {
        sink.phase("cleaning up");
    }
    let cleanup = run.finish(keep.keep).await;
    sink.done();
    Ended {
        work: ended,
        duration,
        cleanup,
    }
}

/// The cluster's CNI plugins, from its nodes, DaemonSets and `kube-system` pods, with notes
/// on what could not be read and the detection's warning.
pub async fn cni(kube: &Kube, nodes: &[Node]) -> (CniDetection, Vec<String>) {
    let mut notes = Vec::new();
    let mut objects = with_kind(nodes, "Node");
    match cni_objects(kube).await {
        Ok(found) => objects.extend(found),
        Err(e) => notes.push(format!("the CNI could not be detected: {}", e.message)),
    }
    let cni = detect_cni(&objects);
    if let Some(warning) = &cni.warning {
        notes.push(warning.clone());
    }
    (cni, notes)
}

/// DaemonSets everywhere and the pods of `kube-system`, for CNI detection.
async fn cni_objects(kube: &Kube) -> Result<Vec<Value>> {
    let mut objects = values(
        Api::<DaemonSet>::all(kube.client.clone()),
        "DaemonSet",
        kube,
    )
    .await?;
    objects.extend(
        values(
            Api::<Pod>::namespaced(kube.client.clone(), "kube-system"),
            "Pod",
            kube,
        )
        .await?,
    );
    Ok(objects)
}

/// Every object of a list, as JSON with its `kind`.
async fn values<K>(api: Api<K>, kind: &str, kube: &Kube) -> Result<Vec<Value>>
where
    K: Clone + std::fmt::Debug + Serialize + serde::de::DeserializeOwned,
{
    let list = api
        .list(&ListParams::default())
        .await
        .map_err(|e| api_error(e, &kube.target, None))?;
    Ok(with_kind(&list.items, kind))
}

/// Objects as JSON with their `kind` set (list items come without).
fn with_kind<K: Serialize>(items: &[K], kind: &str) -> Vec<Value> {
    items
        .iter()
        .map(|o| {
            let mut v = serde_json::to_value(o).unwrap_or_default();
            v["kind"] = Value::from(kind);
            v
        })
        .collect()
}
