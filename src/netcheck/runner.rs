//! Runs one scenario: a baseline check, its steps in upstream order (policy and label changes
//! through a [`Fixture`], probes through a [`Prober`]), and clean-up of everything it changed.
//! A scenario whose pods cannot run ends as "could not run"; the runner remembers those pods
//! so later scenarios on them end the same way without probing.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;

use crate::netcheck::driver::run_poll;
use crate::netcheck::fixture::{Fixture, LabelPatch, apply_label_patch as apply_patch};
use crate::netcheck::matrix::ProbeMatrix;
use crate::netcheck::outcome::{baseline_failure, pods_failure, probe_failure};
use crate::netcheck::poll::{GroupResult, Poll, RoundStat, Timing};
use crate::netcheck::probe::{OpError, PodProblem, Prober};
use crate::netpol::Labels;
use crate::netpol::catalogue::{NsKey, PodIps, PodRef, Scenario, Step};
use crate::netpol::{Matrix, Protocol};

/// Passed or failed, as a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RunStatus {
    /// Every probe matched.
    Passed,
    /// A probe did not match, or a change could not be made.
    Failed,
    /// Pods of the scenario cannot run, so its probes say nothing about the policies (a
    /// failed test, as the e2e suite reports a test whose pods do not start).
    CouldNotRun,
}

/// What one probe group (or the baseline check) did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupSummary {
    /// `baseline` (every server reachable before the first step) or `probe`.
    pub kind: &'static str,
    /// Indices of the probe steps in the scenario (empty for the baseline).
    pub steps: Vec<usize>,
    /// `TCP/80`, … one per matrix.
    pub probes: Vec<String>,
    /// Whether every matrix matched in the end.
    pub passed: bool,
    /// Whether the first attempt already matched.
    pub first_attempt_matched: bool,
    /// Stopped early: every probe connected as with no policy for the settle time.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unpoliced: bool,
    /// Exec requests over all rounds.
    pub execs: usize,
    /// Wall-clock seconds for the group.
    pub seconds: f64,
    /// Every round.
    pub rounds: Vec<RoundStat>,
}

/// The outcome of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioRun {
    /// The scenario's (upstream) name.
    pub name: String,
    /// Passed or failed.
    pub status: RunStatus,
    /// Why it failed: expected, observed and comparison tables plus the engine's reasoning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Wall-clock seconds, clean-up included.
    pub seconds: f64,
    /// The baseline check first, then every probe group that ran.
    pub groups: Vec<GroupSummary>,
    /// Clean-up problems that did not fail the scenario.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The pods that could not run, when the status says so.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pod_problems: Vec<PodProblem>,
}

impl ScenarioRun {
    /// Probe rounds over all groups.
    pub fn rounds(&self) -> usize {
        self.groups.iter().map(|g| g.rounds.len()).sum()
    }

    /// Exec requests over all groups.
    pub fn execs(&self) -> usize {
        self.groups.iter().map(|g| g.execs).sum()
    }

    /// Whether a probe group stopped early because nothing was enforced.
    pub fn unpoliced(&self) -> bool {
        self.groups.iter().any(|g| g.unpoliced)
    }

    /// Whether a probe group matched only on a later try, or matched and then did not: the
    /// cluster applies changes, but late.
    pub fn late(&self) -> bool {
        self.groups
            .iter()
            .filter(|g| g.kind == "probe")
            .any(|g| g.passed != g.first_attempt_matched)
    }
}

/// What a scenario has changed, so clean-up can undo exactly that.
#[derive(Debug, Default)]
struct Changes {
    policies: Vec<(NsKey, String)>,
    namespace_labels: BTreeMap<NsKey, Labels>,
    pod_labels: BTreeMap<PodRef, Labels>,
}

/// The restoring patch: remove what is not in `base`, put back what differs.
fn restore_patch(current: &Labels, base: &Labels) -> LabelPatch {
    let mut patch = LabelPatch::new();
    for key in current.keys() {
        if !base.contains_key(key) {
            patch.insert(key.clone(), None);
        }
    }
    for (key, value) in base {
        if current.get(key) != Some(value) {
            patch.insert(key.clone(), Some(value.clone()));
        }
    }
    patch
}

fn set_all(labels: &Labels) -> LabelPatch {
    labels
        .iter()
        .map(|(k, v)| (k.clone(), Some(v.clone())))
        .collect()
}

/// Runs scenarios of one topology.
pub struct Runner<'a, F, P> {
    /// Makes the changes.
    pub fixture: &'a F,
    /// Runs the probes.
    pub prober: &'a P,
    /// Pod IPs of the topology (for ipBlock policies).
    pub ips: &'a PodIps,
    /// Timeouts and intervals.
    pub timing: Timing,
    /// Pods found unable to run, by earlier scenarios.
    pub down: RefCell<Vec<PodProblem>>,
}

/// Why a scenario stops early.
enum Stop {
    Failed(String),
    CouldNotRun(Vec<PodProblem>),
    Fatal(OpError),
}

impl From<OpError> for Stop {
    fn from(e: OpError) -> Self {
        if e.fatal {
            Stop::Fatal(e)
        } else {
            Stop::Failed(e.message)
        }
    }
}

impl<'a, F: Fixture, P: Prober> Runner<'a, F, P> {
    /// A runner that knows of no pod problems yet.
    pub fn new(fixture: &'a F, prober: &'a P, ips: &'a PodIps, timing: Timing) -> Self {
        Self {
            fixture,
            prober,
            ips,
            timing,
            down: RefCell::new(Vec::new()),
        }
    }

    /// Runs the scenario and undoes its changes. `Err` only for a fatal error (the run must
    /// stop); everything else is a failed scenario.
    pub async fn run(&self, scenario: &Scenario) -> Result<ScenarioRun, OpError> {
        let started = Instant::now();
        let mut changes = Changes::default();
        let mut groups = Vec::new();
        let known: Vec<PodProblem> = self
            .down
            .borrow()
            .iter()
            .filter(|p| scenario.pods.contains(&p.pod))
            .cloned()
            .collect();
        let body = if known.is_empty() {
            self.body(scenario, &mut changes, &mut groups).await
        } else {
            Err(Stop::CouldNotRun(known))
        };
        let cleanup = self.cleanup(scenario, &mut changes).await;
        let mut pod_problems = Vec::new();
        let (status, message) = match body {
            Ok(()) => (RunStatus::Passed, None),
            Err(Stop::Failed(message)) => (RunStatus::Failed, Some(message)),
            Err(Stop::CouldNotRun(problems)) => {
                let message = pods_failure(&problems);
                let mut down = self.down.borrow_mut();
                for p in &problems {
                    if !down.iter().any(|d| d.pod == p.pod) {
                        down.push(p.clone());
                    }
                }
                pod_problems = problems;
                (RunStatus::CouldNotRun, Some(message))
            }
            Err(Stop::Fatal(e)) => return Err(e),
        };
        let notes = match cleanup {
            Ok(()) => Vec::new(),
            Err(e) if e.fatal => return Err(e),
            Err(e) => vec![format!("clean-up after {:?}: {}", scenario.name, e.message)],
        };
        Ok(ScenarioRun {
            name: scenario.name.clone(),
            status,
            message,
            seconds: started.elapsed().as_secs_f64(),
            groups,
            notes,
            pod_problems,
        })
    }

    async fn body(
        &self,
        scenario: &Scenario,
        changes: &mut Changes,
        groups: &mut Vec<GroupSummary>,
    ) -> Result<(), Stop> {
        let expected = scenario
            .expected_probes(self.ips)
            .map_err(|e| Stop::Failed(format!("cannot compute the expected matrices: {e}")))?;
        let expected: BTreeMap<usize, Matrix> =
            expected.into_iter().map(|e| (e.step, e.expected)).collect();

        let clock = Instant::now();
        let baseline = self.baseline(scenario).await?;
        groups.push(summary("baseline", Vec::new(), &baseline, clock));
        if !baseline.pod_problems.is_empty() {
            return Err(Stop::CouldNotRun(baseline.pod_problems));
        }
        if !baseline.passed {
            return Err(Stop::Failed(baseline_failure(scenario, &baseline)));
        }

        let mut i = 0;
        while let Some(step) = scenario.steps.get(i) {
            if !matches!(step, Step::Probe { .. }) {
                self.apply(scenario, step, changes).await?;
                i += 1;
                continue;
            }
            let mut steps = Vec::new();
            while let Some(Step::Probe { .. }) = scenario.steps.get(i) {
                steps.push(i);
                i += 1;
            }
            let matrices = steps
                .iter()
                .map(|s| {
                    expected
                        .get(s)
                        .cloned()
                        .map(ProbeMatrix::new)
                        .ok_or_else(|| {
                            Stop::Failed(format!("no expected matrix for step {}", s + 1))
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let clock = Instant::now();
            let poll = Poll::new(scenario.pods.clone(), matrices, self.timing, 2);
            let result = run_poll(self.prober, poll).await.map_err(Stop::Fatal)?;
            groups.push(summary("probe", steps.clone(), &result, clock));
            if !result.pod_problems.is_empty() {
                return Err(Stop::CouldNotRun(result.pod_problems));
            }
            if !result.passed {
                return Err(Stop::Failed(probe_failure(
                    scenario, self.ips, &steps, &result,
                )));
            }
        }
        Ok(())
    }

    /// Every server answers on every port and protocol of the scenario with no policy in
    /// place: upstream's `waitForHTTPServers`, and a guard against enforcement of the previous
    /// scenario's policies lingering.
    async fn baseline(&self, scenario: &Scenario) -> Result<GroupResult, Stop> {
        let pods = scenario.pod_keys();
        let mut matrices = Vec::new();
        for &port in &scenario.ports {
            for &protocol in &scenario.protocols {
                matrices.push(ProbeMatrix::new(Matrix::filled(
                    port,
                    protocol,
                    pods.clone(),
                    true,
                )));
            }
        }
        let poll = Poll::new(scenario.pods.clone(), matrices, self.timing, 1);
        run_poll(self.prober, poll).await.map_err(Stop::Fatal)
    }

    async fn apply(
        &self,
        scenario: &Scenario,
        step: &Step,
        changes: &mut Changes,
    ) -> Result<(), Stop> {
        match step {
            Step::CreatePolicy(template) | Step::UpdatePolicy(template) => {
                let policy = template
                    .resolve(&scenario.name, self.ips)
                    .map_err(|e| Stop::Failed(e.to_string()))?;
                if matches!(step, Step::CreatePolicy(_)) {
                    self.fixture.create_policy(&policy).await?;
                    changes
                        .policies
                        .push((template.namespace, template.name().to_owned()));
                } else {
                    self.fixture.update_policy(&policy).await?;
                }
            }
            Step::DeleteAllPolicies => {
                for (ns, name) in std::mem::take(&mut changes.policies) {
                    self.fixture.delete_policy(ns, &name).await?;
                }
            }
            Step::AddNamespaceLabels { namespace, labels } => {
                self.label_namespace(scenario, *namespace, set_all(labels), changes)
                    .await?;
            }
            Step::RemoveNamespaceLabel { namespace, key } => {
                let patch = LabelPatch::from([(key.clone(), None)]);
                self.label_namespace(scenario, *namespace, patch, changes)
                    .await?;
            }
            Step::AddPodLabels { pod, labels } => {
                let patch = set_all(labels);
                self.fixture.patch_pod_labels(*pod, &patch).await?;
                let current = changes
                    .pod_labels
                    .entry(*pod)
                    .or_insert_with(|| pod.labels());
                apply_patch(current, &patch);
            }
            Step::ResetPodLabels { pod } => {
                let current = changes
                    .pod_labels
                    .entry(*pod)
                    .or_insert_with(|| pod.labels());
                let patch = restore_patch(current, &pod.labels());
                if !patch.is_empty() {
                    self.fixture.patch_pod_labels(*pod, &patch).await?;
                    apply_patch(current, &patch);
                }
            }
            Step::Probe { .. } => {}
        }
        Ok(())
    }

    async fn label_namespace(
        &self,
        scenario: &Scenario,
        namespace: NsKey,
        patch: LabelPatch,
        changes: &mut Changes,
    ) -> Result<(), Stop> {
        self.fixture
            .patch_namespace_labels(namespace, &patch)
            .await?;
        let current = changes
            .namespace_labels
            .entry(namespace)
            .or_insert_with(|| scenario.names.labels(namespace));
        apply_patch(current, &patch);
        Ok(())
    }

    /// Deletes the scenario's policies and restores every label it changed. This covers the
    /// scenario's own clean-up steps (upstream's `DeferCleanup` label resets) and also what a
    /// scenario that failed half-way left behind. Keeps going after a non-fatal error and
    /// reports the first.
    async fn cleanup(&self, scenario: &Scenario, changes: &mut Changes) -> Result<(), OpError> {
        let mut first: Option<OpError> = None;
        let mut keep = |result: Result<(), OpError>| -> Result<(), OpError> {
            match result {
                Err(e) if e.fatal => Err(e),
                Err(e) => {
                    first.get_or_insert(e);
                    Ok(())
                }
                Ok(()) => Ok(()),
            }
        };
        for (ns, name) in std::mem::take(&mut changes.policies) {
            keep(self.fixture.delete_policy(ns, &name).await)?;
        }
        for (ns, current) in std::mem::take(&mut changes.namespace_labels) {
            let patch = restore_patch(&current, &scenario.names.labels(ns));
            if !patch.is_empty() {
                keep(self.fixture.patch_namespace_labels(ns, &patch).await)?;
            }
        }
        for (pod, current) in std::mem::take(&mut changes.pod_labels) {
            let patch = restore_patch(&current, &pod.labels());
            if !patch.is_empty() {
                keep(self.fixture.patch_pod_labels(pod, &patch).await)?;
            }
        }
        first.map_or(Ok(()), Err)
    }
}

fn probe_name(port: u16, protocol: Protocol) -> String {
    format!("{protocol}/{port}")
}

fn summary(
    kind: &'static str,
    steps: Vec<usize>,
    result: &GroupResult,
    started: Instant,
) -> GroupSummary {
    GroupSummary {
        kind,
        steps,
        probes: result
            .matrices
            .iter()
            .map(|m| probe_name(m.port(), m.protocol()))
            .collect(),
        passed: result.passed,
        first_attempt_matched: result.first_attempt_matched,
        unpoliced: result.unpoliced,
        execs: result.execs(),
        seconds: started.elapsed().as_secs_f64(),
        rounds: result.rounds.clone(),
    }
}
