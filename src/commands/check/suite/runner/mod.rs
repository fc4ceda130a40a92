//! Running the upstream e2e suite in a cluster and bringing its results home — the I/O
//! side of the SCS e2e checks. Judging stays in the pure core ([`crate::e2e::judge`]).
//!
//! [`run_suite`] does what sonobuoy does for SCS, without sonobuoy: preflight (server
//! version and image, permissions, nodes, CNI), a fresh namespace with the conformance
//! image and a results sidecar, live progress from the e2e log, the results fetched by
//! `cat` in the sidecar, and clean-up on every way out (through
//! [`crate::kube::lifecycle`]).

mod listing;
mod pod_state;
pub mod view;
mod wait;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures::AsyncBufReadExt;
use serde::Serialize;
use tokio::time::Instant;

use crate::cni::CniDetection;
use crate::commands::check::suite::orchestrate::{
    Ended, Keep, check_cluster, run_permissions, server_version, stopped_text, supervised,
};
use crate::e2e::plan::{self, E2E_CONTAINER, Images, POD, RESULTS_CONTAINER, RESULTS_DIR, Suite};
use crate::e2e::progress::{Progress, ProgressParser, parse_progress};
use crate::e2e::{Check, Results, parse_results_bytes};
use crate::error::{Error, Result, ResultExt};
use crate::k8s::images;
use crate::k8s::permissions::Permission;
use crate::kube::Kube;
use crate::kube::lifecycle::preflight::NodeSummary;
use crate::kube::lifecycle::{
    Cleanup, PodSecurity, Run, Settings, Stopped, Terminated, new_run_id,
};
pub use listing::{ListedImage, list_images};
use view::Sink;
use wait::PullAdvice;

/// How to run the suite.
#[derive(Debug, Clone)]
pub struct Options {
    /// The check the run is for.
    pub check: Check,
    /// Focus, skip, parallelism, flake attempts.
    pub suite: Suite,
    /// Pull every image from this registry (air-gapped clouds).
    pub image_repository: Option<String>,
    /// Use this conformance image instead of the one matching the server.
    pub conformance_image: Option<String>,
    /// Use this image for the results sidecar.
    pub sidecar_image: Option<String>,
    /// Limit for the whole run, from the first object created to the results fetched.
    pub timeout: Duration,
    /// Limit for the test pod to start (image pulls included).
    pub startup_timeout: Duration,
    /// Keep `junit_01.xml` and `e2e.log` here.
    pub artifacts: Option<PathBuf>,
    /// Leave the objects in the cluster.
    pub keep: bool,
    /// Polling, clean-up timeout, run id.
    pub lifecycle: Settings,
}

/// What was found before anything was created.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preflight {
    /// The server's `gitVersion`.
    pub server_version: String,
    /// The conformance image tag matching it (`vMAJOR.MINOR.PATCH`).
    pub tag: String,
    /// The images the run uses.
    pub images: Images,
    /// Nodes that can take the test pods.
    pub nodes: NodeSummary,
    /// The CNI plugins found.
    pub cni: CniDetection,
    /// Things that could not be checked.
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// A run that reached its results.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The results as fetched from the sidecar.
    pub results: Results,
    /// What was checked before the run.
    pub preflight: Preflight,
    /// How the suite ran (focus, skip, parallelism, flake attempts).
    pub suite: Suite,
    /// The run's id and namespace.
    pub run_id: String,
    /// The namespace it ran in.
    pub namespace: String,
    /// The conformance container's exit code (non-zero when tests failed).
    pub exit_code: i32,
    /// Wall-clock time from the first object created to the results fetched.
    pub duration: Duration,
    /// What the clean-up did.
    pub cleanup: Cleanup,
    /// Where the artifacts were written.
    pub artifacts: Option<PathBuf>,
}

/// The permissions a run needs, with the namespace it will create.
pub fn needed_permissions(namespace: &str, repo_list: bool) -> Vec<Permission> {
    let rbac = "rbac.authorization.k8s.io";
    let mut needed = run_permissions("for the run's namespace");
    needed.extend([
        Permission::cluster("create", rbac, "clusterroles", "for the test pod's rights"),
        Permission::cluster("delete", rbac, "clusterroles", "to clean up"),
        Permission::cluster(
            "create",
            rbac,
            "clusterrolebindings",
            "for the test pod's rights",
        ),
        Permission::cluster("delete", rbac, "clusterrolebindings", "to clean up"),
        Permission::cluster(
            "*",
            "*",
            "*",
            "the test pod's ServiceAccount is granted everything, which only a user holding it may grant",
        ),
        Permission::namespaced(
            "create",
            "serviceaccounts",
            "",
            namespace,
            "for the test pod",
        ),
        Permission::namespaced("create", "pods", "", namespace, "for the test pod"),
        Permission::namespaced("get", "pods", "", namespace, "to follow the test pod"),
        Permission::namespaced("list", "pods", "", namespace, "to follow the test pod"),
        Permission::namespaced("watch", "pods", "", namespace, "to follow the test pod"),
        Permission::namespaced("get", "pods", "log", namespace, "to show progress"),
        Permission::namespaced("create", "pods", "exec", namespace, "to fetch the results"),
    ]);
    if repo_list {
        needed.push(Permission::namespaced(
            "create",
            "configmaps",
            "",
            namespace,
            "for the image repo list",
        ));
    }
    needed
}

/// Server version, images, permissions, nodes, CNI — everything that can stop a run,
/// checked before anything is created.
pub async fn preflight(kube: &Kube, options: &Options, needed: &[Permission]) -> Result<Preflight> {
    let server_version = server_version(kube).await?;
    let tag = match images::conformance_tag(&server_version) {
        Some(tag) => tag,
        None if options.conformance_image.is_some() => server_version.clone(),
        None => {
            return Err(Error::could_not_run(format!(
                "the server version {:?} has no vMAJOR.MINOR.PATCH to pick the conformance image by",
                server_version
            ))
            .hint("name the image with --conformance-image registry.k8s.io/conformance:vX.Y.Z"));
        }
    };
    let images = Images::choose(
        &tag,
        options.conformance_image.as_deref(),
        options.sidecar_image.as_deref(),
        options.image_repository.as_deref(),
    );
    let cluster = check_cluster(kube, needed).await?;
    Ok(Preflight {
        server_version,
        tag,
        images,
        nodes: cluster.nodes,
        cni: cluster.cni,
        notes: cluster.notes,
    })
}

/// Runs the suite in the cluster and fetches its results. The objects of the run are
/// deleted on every way out unless `options.keep`; an error says what was cleaned up.
pub async fn run_suite(kube: &Kube, options: &Options, sink: &mut dyn Sink) -> Result<Finished> {
    let (settings, run_id, namespace) = identity(options);
    let repo_list = options.image_repository.is_some();
    sink.phase("checking the cluster: version, permissions, nodes, CNI");
    let preflight = preflight(kube, options, &needed_permissions(&namespace, repo_list)).await?;
    sink.phase(&format!(
        "Kubernetes {}, image {}, CNI {}, {} schedulable node(s)",
        preflight.server_version,
        preflight.images.conformance,
        preflight.cni.summary,
        preflight.nodes.schedulable
    ));
    for note in &preflight.notes {
        sink.phase(&format!("warning: {note}"));
    }

    let run = Run::start(kube, options.check.id(), settings);
    let last_progress = Cell::new(Progress::default());
    let upstream = upstream_of(&preflight, options);
    let advice = PullAdvice {
        repository: options.image_repository.as_deref(),
        upstream: &upstream,
    };
    let keep = Keep {
        keep: options.keep,
        what: "objects",
    };
    let ended = supervised(run, sink, options.timeout, keep, async |run, sink| {
        let started = Instant::now();
        let ns = own_namespace(run, options.check).await?;
        run.create(&plan::service_account(&ns)).await?;
        let role = run.name("kubectl-scs-e2e");
        run.create(&plan::cluster_role(&role)).await?;
        run.create(&plan::cluster_role_binding(&role, &role, &ns))
            .await?;
        if let Some(mirror) = &options.image_repository {
            run.create(&plan::repo_list_config_map(&ns, mirror)).await?;
        }
        run.create(&plan::test_pod(&ns, &preflight.images, &options.suite))
            .await?;
        sink.phase(&format!("waiting for pod {ns}/{POD} to start"));
        wait::until_running(
            run,
            &ns,
            POD,
            E2E_CONTAINER,
            options.startup_timeout,
            &advice,
        )
        .await?;
        sink.phase(&format!(
            "running the e2e suite ({})",
            suite_text(&options.suite)
        ));
        let ended = watch_suite(run, &ns, sink, started, &last_progress, &advice).await?;
        sink.phase("fetching the results from the sidecar");
        let (results, log) = fetch_results(run, &ns, &ended, options.artifacts.as_deref()).await?;
        let final_progress = parse_progress(&log);
        if final_progress.total.is_some() {
            sink.progress(&final_progress, started.elapsed());
        }
        Ok((ended, results))
    })
    .await;
    let progress = last_progress.get();
    let Ended {
        work,
        duration,
        cleanup,
    } = ended;
    match work {
        Ok(Ok((ended, mut results))) => {
            if results.kubernetes_version.is_none() {
                results.kubernetes_version = Some(preflight.server_version.clone());
            }
            if results.duration_seconds.is_none() {
                results.duration_seconds = Some(duration.as_secs_f64());
            }
            Ok(Finished {
                results,
                preflight,
                suite: options.suite.clone(),
                run_id,
                namespace,
                exit_code: ended.exit_code,
                duration,
                cleanup,
                artifacts: options.artifacts.clone(),
            })
        }
        Ok(Err(e)) => Err(with_cleanup(e, &cleanup, options.check)),
        Err(stopped @ Stopped::Interrupted) => Err(with_cleanup(
            Error::could_not_run(format!(
                "{} ({} of {} specs done)",
                stopped_text(stopped, "e2e", duration, options.timeout),
                progress.done,
                progress.total.map(|t| t.to_string()).unwrap_or("?".into())
            )),
            &cleanup,
            options.check,
        )),
        Err(stopped @ Stopped::TimedOut) => Err(with_cleanup(
            Error::could_not_run(format!(
                "{} ({} of {} specs done, {})",
                stopped_text(stopped, "e2e", duration, options.timeout),
                progress.done,
                progress.total.map(|t| t.to_string()).unwrap_or("?".into()),
                view::failed_text(progress.failed)
            ))
            .hint("raise --timeout; a full conformance run takes hours"),
            &cleanup,
            options.check,
        )),
    }
}

/// `focus `X`, skip `Y`, parallel true`, without an empty skip.
fn suite_text(suite: &Suite) -> String {
    let skip = if suite.skip.is_empty() {
        "no skip".to_string()
    } else {
        format!("skip `{}`", suite.skip)
    };
    format!(
        "focus `{}`, {skip}, parallel {}",
        suite.focus, suite.parallel
    )
}

/// The upstream image of each image of the run that comes from a mirror.
fn upstream_of(
    preflight: &Preflight,
    options: &Options,
) -> impl Fn(&str) -> Option<String> + use<> {
    let upstream = Images::choose(
        &preflight.tag,
        options.conformance_image.as_deref(),
        options.sidecar_image.as_deref(),
        None,
    );
    let used = preflight.images.clone();
    move |image: &str| {
        let original = if image == used.conformance {
            &upstream.conformance
        } else if image == used.sidecar {
            &upstream.sidecar
        } else {
            return None;
        };
        (original != image).then(|| original.clone())
    }
}

/// The run's settings with its id fixed, the id, and the namespace it will create.
fn identity(options: &Options) -> (Settings, String, String) {
    let mut settings = options.lifecycle.clone();
    let run_id = settings.run_id.clone().unwrap_or_else(new_run_id);
    settings.run_id = Some(run_id.clone());
    let namespace = format!("{}-{run_id}", plan::namespace_prefix(options.check));
    (settings, run_id, namespace)
}

/// The run's namespace: the test pod meets the `restricted` level, so that is enforced.
async fn own_namespace(run: &Run, check: Check) -> Result<String> {
    run.namespace(plan::namespace_prefix(check), PodSecurity::Restricted)
        .await
}

/// Adds what the clean-up did to an error's hints.
fn with_cleanup(mut err: Error, cleanup: &Cleanup, check: Check) -> Error {
    let command = match check {
        Check::Networking => "kubectl scs check networking --cleanup",
        Check::Conformance => "kubectl scs check conformance --cleanup",
    };
    if !cleanup.kept.is_empty() {
        err = err.hint(format!(
            "kept (--keep): {}; remove them with `{command}`",
            cleanup.kept.join(", ")
        ));
    } else if cleanup.is_clean() {
        if !cleanup.deleted.is_empty() {
            err = err.hint(format!("cleaned up: {}", cleanup.deleted_text()));
        }
    } else {
        err = err.hint(format!(
            "left behind: {}; remove them with `{command}`",
            cleanup.failed.join(", ")
        ));
    }
    err
}

/// Follows the suite until the conformance container ends: the pod through its watch (a
/// container that cannot go on stops the run at once), progress from the live log.
async fn watch_suite(
    run: &Run,
    ns: &str,
    sink: &mut dyn Sink,
    started: Instant,
    last: &Cell<Progress>,
    advice: &PullAdvice<'_>,
) -> Result<Terminated> {
    let follower = follow_progress(run, ns, sink, started, last);
    let ended = wait::until_ended(run, ns, POD, E2E_CONTAINER, advice);
    tokio::select! {
        ended = ended => ended,
        failed = follower => Err(failed),
    }
}

/// Consecutive failures to open the log after which a run gives up on the API server.
const MAX_LOG_ERRORS: u32 = 6;

/// True when `p` says more than `than`: a log read again from its start (the stream was
/// reopened) does not show its earlier, smaller counts again.
fn is_ahead(p: &Progress, than: &Progress) -> bool {
    p != than
        && p.done >= than.done
        && p.failed >= than.failed
        && (p.total.is_some() || than.total.is_none())
}

/// Reads the conformance container's log as it grows and shows the progress; `last` always
/// holds what the log said so far (for an interrupt's message). A stream that ends early
/// (the server closed it) is opened again and read from the start. Ends only when the log
/// cannot be opened [`MAX_LOG_ERRORS`] times in a row.
async fn follow_progress(
    run: &Run,
    ns: &str,
    sink: &mut dyn Sink,
    started: Instant,
    last: &Cell<Progress>,
) -> Error {
    let mut errors = 0u32;
    loop {
        match run.follow_logs(ns, POD, E2E_CONTAINER).await {
            Err(e) => {
                errors += 1;
                if errors >= MAX_LOG_ERRORS {
                    return e.context(format!(
                        "the API server failed {errors} times in a row while the suite ran"
                    ));
                }
            }
            Ok(stream) => {
                errors = 0;
                let mut parser = ProgressParser::new();
                let mut reader = Box::pin(stream);
                let mut line = Vec::new();
                loop {
                    line.clear();
                    match reader.read_until(b'\n', &mut line).await {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {
                            parser.feed_line(&String::from_utf8_lossy(&line));
                            let progress = parser.progress();
                            if is_ahead(&progress, &last.get()) {
                                last.set(progress);
                                sink.progress(&progress, started.elapsed());
                            }
                        }
                    }
                }
            }
        }
        tokio::time::sleep(run.settings().poll).await;
    }
}

/// `cat`s `junit_01.xml` and `e2e.log` in the sidecar, keeps them in `artifacts`, and
/// reads the results (the JUnit report, or the console log when there is none). Returns
/// the results and the log text.
async fn fetch_results(
    run: &Run,
    ns: &str,
    ended: &Terminated,
    artifacts: Option<&Path>,
) -> Result<(Results, String)> {
    let junit_path = format!("{RESULTS_DIR}/junit_01.xml");
    let log_path = format!("{RESULTS_DIR}/e2e.log");
    let junit = run
        .exec(ns, POD, RESULTS_CONTAINER, &["cat", &junit_path])
        .await?;
    let log = run
        .exec(ns, POD, RESULTS_CONTAINER, &["cat", &log_path])
        .await?;
    if let Some(dir) = artifacts {
        std::fs::create_dir_all(dir)
            .could_not_run(|| format!("cannot create {}", dir.display()))?;
        for (name, out) in [("junit_01.xml", &junit), ("e2e.log", &log)] {
            if out.success {
                let path = dir.join(name);
                std::fs::write(&path, &out.stdout).map_err(|e| {
                    Error::could_not_run(format!("cannot write {}: {e}", path.display()))
                })?;
            }
        }
    }
    let log_text = if log.success {
        String::from_utf8_lossy(&log.stdout).into_owned()
    } else {
        String::new()
    };
    let from = format!("pod {ns}/{POD}");
    let parsed = if junit.success && !junit.stdout.is_empty() {
        parse_results_bytes(&format!("{junit_path} in {from}"), &junit.stdout)
    } else if log.success && !log.stdout.is_empty() {
        parse_results_bytes(&format!("{log_path} in {from}"), &log.stdout)
    } else {
        let why = String::from_utf8_lossy(&junit.stderr).trim().to_string();
        let lines = pod_state::last_log_lines(run, ns, POD, E2E_CONTAINER).await;
        let message = format!(
            "the e2e run left no results in {from}: container {E2E_CONTAINER:?} ended with exit code {} ({}), and `cat {junit_path}` says {why:?}",
            ended.exit_code,
            if ended.reason.is_empty() {
                "no reason given"
            } else {
                &ended.reason
            }
        );
        return Err(
            Error::could_not_run(pod_state::with_log(message, E2E_CONTAINER, &lines)).hint(
                format!(
                    "the whole log: --keep, then `kubectl logs -n {ns} {POD} -c {E2E_CONTAINER}`"
                ),
            ),
        );
    };
    let mut results = parsed.map_err(Error::could_not_run_from)?;
    results.source = format!("{}, fetched from {from}", results.source);
    Ok((results, log_text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_read_again_does_not_go_back() {
        let at = |total, done, failed| Progress {
            total,
            done,
            failed,
            finished: false,
        };
        let seen = at(Some(50), 3, 1);
        assert!(!is_ahead(&Progress::default(), &seen));
        assert!(!is_ahead(&at(Some(50), 0, 0), &seen));
        assert!(!is_ahead(&at(Some(50), 3, 0), &seen));
        assert!(!is_ahead(&seen, &seen));
        assert!(is_ahead(&at(Some(50), 4, 1), &seen));
        assert!(is_ahead(&at(Some(50), 0, 0), &Progress::default()));
    }

    #[test]
    fn permissions_cover_what_the_run_does() {
        let needed = needed_permissions("ns", true);
        let has = |verb: &str, resource: &str, sub: &str| {
            needed
                .iter()
                .any(|p| p.verb == verb && p.resource == resource && p.subresource == sub)
        };
        assert!(has("create", "pods", "exec"));
        assert!(has("get", "pods", "log"));
        assert!(has("create", "configmaps", ""));
        assert!(has("delete", "clusterrolebindings", ""));
        assert!(
            !needed_permissions("ns", false)
                .iter()
                .any(|p| p.resource == "configmaps")
        );
    }
}
