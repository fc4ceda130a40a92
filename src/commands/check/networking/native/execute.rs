//! The native actuator: deploy each topology, run its tests through the pure runner, and gather
//! what ran (also when the run stops early).

use std::time::Instant;

use super::progress::Progress;
use super::view::TopologyInfo;
use super::{DeployError, ExecProber, KubeFixture, PodWait, deploy};
use crate::e2e::Waivers;
use crate::error::{Error, Result};
use crate::kube::lifecycle::Run;
use crate::netcheck::outcome::pods_failure;
use crate::netcheck::{PodProblem, RunStatus, Runner, ScenarioRun, Timing, Topology, TopologyKind};
use crate::netpol::catalogue::NsKey;

/// How the tests run: probe timing, pod start, the agnhost image, `--fail-fast`.
pub(super) struct Options {
    pub(super) timing: Timing,
    pub(super) pod_wait: PodWait,
    pub(super) image: String,
    /// `--fail-fast`: the waivers that decide which failure stops the run.
    pub(super) fail_fast: Option<Waivers>,
}

/// What a run gathered, also when it stopped early.
#[derive(Default)]
pub(super) struct Gathered {
    pub(super) runs: Vec<ScenarioRun>,
    pub(super) topologies: Vec<TopologyInfo>,
    /// `--fail-fast` stopped the run.
    pub(super) failed_fast: bool,
}

impl Gathered {
    /// Records a test; true when `--fail-fast` says to stop after it.
    pub(super) fn push(&mut self, run: ScenarioRun, options: &Options) -> bool {
        let stop = options.fail_fast.as_ref().is_some_and(|waivers| {
            run.status != RunStatus::Passed && waivers.matching(&run.name).is_none()
        });
        self.runs.push(run);
        self.failed_fast |= stop;
        stop
    }
}

fn namespaces(topology: &Topology) -> Vec<String> {
    NsKey::ALL
        .iter()
        .map(|&k| topology.names.get(k).to_owned())
        .collect()
}

/// Deploys each topology and runs its tests; `Err` stops the run (ABORT).
pub(super) async fn execute(
    run: &Run,
    topologies: &[Topology],
    options: &Options,
    gathered: &mut Gathered,
    progress: &mut Progress,
) -> Result<()> {
    let kube = run.kube();
    for topology in topologies {
        progress.phase(&format!(
            "starting {} pods in {}",
            topology.pods.len(),
            namespaces(topology).join(", ")
        ));
        let clock = Instant::now();
        let deployed = deploy(run, topology, &options.image, options.pod_wait).await;
        let mut info = TopologyInfo {
            kind: topology.kind,
            namespaces: namespaces(topology),
            pods: topology.pods.len(),
            ready: true,
            problem: None,
            seconds: clock.elapsed().as_secs_f64(),
        };
        let deployed = match deployed {
            Ok(d) => d,
            Err(DeployError::Abort(e)) => {
                info.ready = false;
                info.problem = Some(e.to_string());
                gathered.topologies.push(info);
                return Err(e);
            }
            Err(DeployError::NotReady(problems)) => {
                info.ready = false;
                info.problem = Some(
                    problems
                        .iter()
                        .map(PodProblem::describe)
                        .collect::<Vec<_>>()
                        .join("; "),
                );
                gathered.topologies.push(info);
                for scenario in &topology.scenarios {
                    let failed = ScenarioRun {
                        name: scenario.name.clone(),
                        status: RunStatus::CouldNotRun,
                        message: Some(not_ready_message(topology.kind, &problems)),
                        seconds: 0.0,
                        groups: Vec::new(),
                        notes: Vec::new(),
                        pod_problems: problems.clone(),
                    };
                    progress.finished(&failed);
                    if gathered.push(failed, options) {
                        return Ok(());
                    }
                }
                continue;
            }
        };
        gathered.topologies.push(info);
        let prober = ExecProber::new(
            kube.client.clone(),
            kube.target.clone(),
            topology.names.clone(),
            deployed.service_ips.clone(),
            options.timing.connect_timeout,
            run.selector(),
        );
        let fixture = KubeFixture::new(
            kube.client.clone(),
            kube.target.clone(),
            topology.names.clone(),
            run.labels(),
        );
        let runner = Runner::new(&fixture, &prober, &deployed.pod_ips, options.timing);
        for scenario in &topology.scenarios {
            progress.started(scenario);
            let result = runner.run(scenario).await.map_err(|e| {
                Error::could_not_run(format!("{}: {}", scenario.upstream.it, e.message))
            })?;
            progress.finished(&result);
            if gathered.push(result, options) {
                return Ok(());
            }
        }
    }
    Ok(())
}

fn not_ready_message(kind: TopologyKind, problems: &[PodProblem]) -> String {
    let what = match kind {
        TopologyKind::Main => "the test pods did not become ready",
        TopologyKind::Sctp => "the SCTP test pods did not become ready",
    };
    format!("{what}; {}", pods_failure(problems))
}
