//! Probe rounds and retries as a pure state machine: which cells to probe next, when, and
//! when to stop. [`crate::netcheck::driver`] runs it against a [`crate::netcheck::Prober`].
//!
//! A probe group is one or more consecutive probe steps of a scenario (e.g. port 80 and then
//! 81 with nothing changed in between); one round probes them together, one exec per source
//! pod. Retries follow upstream: its `ValidateOrFail` probes the whole matrix, re-running each
//! wrong probe every second until it matches or 10 s pass (`wait.PollImmediate`), and on
//! failure probes the whole matrix again the same way before failing. Here:
//!
//! 1. **attempt 1**: a full round (every pair, self-pairs included for the tables), then rounds
//!    of only the wrong cells, every `poll_interval`, while the next round would still start
//!    within `poll_timeout` of the attempt's start;
//! 2. **attempt 2, the final full-matrix pass**: always, also after attempt 1 converged (it then
//!    catches flapping cells and gives the observation the verdict rests on): a full round,
//!    polled like attempt 1 if anything is wrong.
//!
//! The group passes when attempt 2 ends with every considered cell matching. Self-pairs are
//! probed in full rounds but never retried or judged.
//!
//! **Early stop on an unpoliced cluster**: when every considered cell has connected, in every
//! round for at least `settle` since the attempt began, the cluster behaves exactly as with no
//! policy at all (what the baseline check saw). Upstream would keep retrying for 2 × 10 s and
//! fail anyway; here the group fails at once and says why ([`GroupResult::unpoliced`]). A
//! policy applied within `settle` still passes, so no verdict changes for a cluster that
//! enforces in time.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::netcheck::matrix::ProbeMatrix;
use crate::netcheck::probe::{Dial, Observation, OpError, PodProblem};
use crate::netpol::catalogue::PodRef;

/// How long to wait for what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// `agnhost connect --timeout` (upstream: 1 s).
    pub connect_timeout: Duration,
    /// Time between the starts of two retry rounds (upstream: 1 s).
    pub poll_interval: Duration,
    /// How long an attempt retries wrong cells (upstream: 10 s).
    pub poll_timeout: Duration,
    /// How long the check before each scenario waits for every server to answer with no policy
    /// in place (servers starting, policies of the previous scenario still enforced).
    pub baseline_timeout: Duration,
    /// How long every probe of a group may keep connecting as if no policy existed before the
    /// group fails without the remaining retries (0: never stop early).
    pub settle: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(1),
            poll_interval: Duration::from_secs(1),
            poll_timeout: Duration::from_secs(10),
            baseline_timeout: Duration::from_secs(30),
            settle: Duration::from_secs(3),
        }
    }
}

/// One cell of a group: probe step (index into the group), source row, destination column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cell {
    /// Index of the probe step within the group.
    pub step: usize,
    /// Source pod index.
    pub from: usize,
    /// Destination pod index.
    pub to: usize,
}

/// The batch for one source pod: one exec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Source pod.
    pub from: PodRef,
    /// The cells, in the order of `targets`.
    pub cells: Vec<Cell>,
    /// What to dial, one per cell.
    pub targets: Vec<Dial>,
}

/// One round: every batch runs at once, not before `not_before`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// Earliest start.
    pub not_before: Instant,
    /// Attempt (1 or 2) the round belongs to.
    pub attempt: u8,
    /// Whether the round probes every cell.
    pub full: bool,
    /// One batch per source pod with anything to probe.
    pub batches: Vec<Batch>,
}

/// What a round did, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundStat {
    /// Attempt (1 or 2).
    pub attempt: u8,
    /// Whether it probed every cell.
    pub full: bool,
    /// Exec requests (one per source pod).
    pub execs: usize,
    /// Connection attempts.
    pub connects: usize,
    /// Considered cells still wrong afterwards.
    pub wrong_after: usize,
    /// Wall-clock time of the round in seconds.
    pub seconds: f64,
}

/// Why a batch's cells hold [`Observation::Failed`], kept for the failure message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchError {
    /// Source pod.
    pub from: String,
    /// The prober's message.
    pub message: String,
}

/// The state of one probe group.
#[derive(Debug, Clone)]
pub struct Poll {
    pods: Vec<PodRef>,
    matrices: Vec<ProbeMatrix>,
    timing: Timing,
    attempts: u8,
    attempt: u8,
    attempt_started: Option<Instant>,
    last_round: Option<Instant>,
    need_full: bool,
    first_attempt_matched: Option<bool>,
    passed: Option<bool>,
    rounds: Vec<RoundStat>,
    batch_errors: Vec<BatchError>,
    unpoliced: bool,
    pod_problems: Vec<PodProblem>,
}

/// A finished probe group.
#[derive(Debug, Clone)]
pub struct GroupResult {
    /// One per probe step, with the last observation of every cell.
    pub matrices: Vec<ProbeMatrix>,
    /// Whether the last attempt ended with every considered cell matching.
    pub passed: bool,
    /// Whether the first attempt converged (with two attempts: a `false` here and a pass
    /// means the cluster got there only on the second try).
    pub first_attempt_matched: bool,
    /// Every round.
    pub rounds: Vec<RoundStat>,
    /// Batches that could not run (their cells count as failed probes).
    pub batch_errors: Vec<BatchError>,
    /// The group stopped early: every probe connected, as with no policy, for the settle time.
    pub unpoliced: bool,
    /// Pods of the group that cannot run; when set, the group stopped without a verdict.
    pub pod_problems: Vec<PodProblem>,
}

impl GroupResult {
    /// Exec requests over all rounds.
    pub fn execs(&self) -> usize {
        self.rounds.iter().map(|r| r.execs).sum()
    }
}

impl Poll {
    /// A group over `pods` (matrix order) with one expected matrix per probe step.
    /// `attempts` is 2 for scenario probes (attempt 2 = the final full-matrix pass) and 1 for
    /// the baseline check, whose budget is `timing.baseline_timeout`.
    pub fn new(
        pods: Vec<PodRef>,
        matrices: Vec<ProbeMatrix>,
        timing: Timing,
        attempts: u8,
    ) -> Self {
        Self {
            pods,
            matrices,
            timing,
            attempts: attempts.max(1),
            attempt: 1,
            attempt_started: None,
            last_round: None,
            need_full: true,
            first_attempt_matched: None,
            passed: None,
            rounds: Vec::new(),
            batch_errors: Vec::new(),
            unpoliced: false,
            pod_problems: Vec::new(),
        }
    }

    fn budget(&self) -> Duration {
        if self.attempts == 1 {
            self.timing.baseline_timeout
        } else {
            self.timing.poll_timeout
        }
    }

    /// The next round to run, or `None` when the group is decided.
    pub fn next_round(&mut self, now: Instant) -> Option<Round> {
        if self.passed.is_some() {
            return None;
        }
        let full = self.need_full;
        let not_before = if full {
            now
        } else {
            self.last_round
                .map_or(now, |last| last + self.timing.poll_interval)
        };
        let mut cells: Vec<Cell> = Vec::new();
        for (step, m) in self.matrices.iter().enumerate() {
            if full {
                cells.extend(m.all_cells().map(|(from, to)| Cell { step, from, to }));
            } else {
                cells.extend(m.wrong().iter().map(|w| Cell {
                    step,
                    from: w.from,
                    to: w.to,
                }));
            }
        }
        cells.sort_by_key(|c| (c.from, c.step, c.to));
        let mut batches: Vec<Batch> = Vec::new();
        for cell in cells {
            let (Some(&from), Some(&to), Some(m)) = (
                self.pods.get(cell.from),
                self.pods.get(cell.to),
                self.matrices.get(cell.step),
            ) else {
                continue;
            };
            let target = Dial {
                to,
                port: m.port(),
                protocol: m.protocol(),
            };
            match batches.last_mut() {
                Some(b) if b.from == from => {
                    b.cells.push(cell);
                    b.targets.push(target);
                }
                _ => batches.push(Batch {
                    from,
                    cells: vec![cell],
                    targets: vec![target],
                }),
            }
        }
        Some(Round {
            not_before,
            attempt: self.attempt,
            full,
            batches,
        })
    }

    /// Records a round's answers (one per batch, in order) and decides what comes next.
    /// A fatal batch error ends the group with that error.
    pub fn record(
        &mut self,
        round: &Round,
        answers: Vec<Result<Vec<Observation>, OpError>>,
        started: Instant,
        now: Instant,
    ) -> Result<(), OpError> {
        if round.full {
            self.attempt_started = Some(started);
            self.need_full = false;
        }
        self.last_round = Some(started);
        for (batch, answer) in round.batches.iter().zip(answers) {
            let observations = match answer {
                Ok(observations) => observations,
                Err(e) if e.fatal => return Err(e),
                Err(e) => {
                    self.batch_errors.push(BatchError {
                        from: batch.from.to_string(),
                        message: e.message.clone(),
                    });
                    vec![Observation::Failed { error: e.message }; batch.cells.len()]
                }
            };
            let mut observations = observations.into_iter();
            for cell in &batch.cells {
                let observation = observations.next().unwrap_or_else(|| Observation::Failed {
                    error: "the prober returned fewer results than targets".into(),
                });
                if let Some(m) = self.matrices.get_mut(cell.step) {
                    m.record(cell.from, cell.to, observation);
                }
            }
        }
        let wrong: usize = self.matrices.iter().map(|m| m.wrong().len()).sum();
        self.rounds.push(RoundStat {
            attempt: round.attempt,
            full: round.full,
            execs: round.batches.len(),
            connects: round.batches.iter().map(|b| b.targets.len()).sum(),
            wrong_after: wrong,
            seconds: now.saturating_duration_since(started).as_secs_f64(),
        });
        let attempt_start = self.attempt_started.unwrap_or(started);
        let next_start = started + self.timing.poll_interval;
        let out_of_time = next_start > attempt_start + self.budget();
        if wrong > 0 && self.settled_unpoliced(attempt_start, started) {
            self.unpoliced = true;
            if self.attempt == 1 {
                self.first_attempt_matched = Some(false);
            }
            self.passed = Some(false);
            return Ok(());
        }
        if wrong == 0 || out_of_time {
            self.end_attempt(wrong == 0);
        }
        Ok(())
    }

    /// Scenario probes only (the baseline expects everything to connect): every considered
    /// cell connected, still, `settle` after the attempt began.
    fn settled_unpoliced(&self, attempt_start: Instant, started: Instant) -> bool {
        let settle = self.timing.settle;
        self.attempts > 1
            && !settle.is_zero()
            && started.saturating_duration_since(attempt_start) >= settle
            && self.matrices.iter().all(|m| {
                m.considered()
                    .all(|(from, to)| m.observation(from, to) == Some(&Observation::Connected))
            })
    }

    fn end_attempt(&mut self, matched: bool) {
        if self.attempt == 1 {
            self.first_attempt_matched = Some(matched);
        }
        if self.attempt >= self.attempts {
            self.passed = Some(matched);
        } else {
            self.attempt += 1;
            self.need_full = true;
            self.attempt_started = None;
        }
    }

    /// Considered cells that do not match yet.
    pub fn wrong_cells(&self) -> usize {
        self.matrices.iter().map(|m| m.wrong().len()).sum()
    }

    /// The group's pods, in matrix order.
    pub fn pods(&self) -> &[PodRef] {
        &self.pods
    }

    /// Ends the group: some of its pods cannot run, so probing them says nothing.
    pub fn stop_for_pods(&mut self, problems: Vec<PodProblem>) {
        if self.attempt == 1 && self.first_attempt_matched.is_none() {
            self.first_attempt_matched = Some(false);
        }
        self.passed = Some(false);
        self.pod_problems = problems;
    }

    /// The result; an undecided group counts as failed.
    pub fn finish(self) -> GroupResult {
        GroupResult {
            passed: self.passed.unwrap_or(false),
            first_attempt_matched: self.first_attempt_matched.unwrap_or(false),
            matrices: self.matrices,
            rounds: self.rounds,
            batch_errors: self.batch_errors,
            unpoliced: self.unpoliced,
            pod_problems: self.pod_problems,
        }
    }
}
