//! One probe's expected matrix next to what the probes saw, compared as upstream
//! `Reachability.Summary(ignoreLoopback=true)` compares them and printed as its
//! `PrintSummary` prints them.

use serde::Serialize;

use crate::netcheck::probe::Observation;
use crate::netpol::{DiffSummary, Matrix, Protocol, render_summary, render_table};

/// The expected matrix of one probe step and the latest observation of every cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeMatrix {
    /// What the policies say (from the engine).
    pub expected: Matrix,
    /// Row-major, like [`Matrix::allowed`]; `None` until the cell is probed.
    pub observed: Vec<Option<Observation>>,
}

/// A cell where observation and expectation disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrongCell {
    /// Row (source pod) index.
    pub from: usize,
    /// Column (destination pod) index.
    pub to: usize,
    /// What the policies say.
    pub expected: bool,
    /// What the probe saw, if it was probed.
    pub observed: Option<Observation>,
}

impl ProbeMatrix {
    /// An expectation with nothing observed yet.
    pub fn new(expected: Matrix) -> Self {
        let cells = expected.pods.len() * expected.pods.len();
        Self {
            expected,
            observed: vec![None; cells],
        }
    }

    /// Number of pods (rows, columns).
    pub fn size(&self) -> usize {
        self.expected.pods.len()
    }

    /// Destination port.
    pub fn port(&self) -> u16 {
        self.expected.port
    }

    /// Protocol.
    pub fn protocol(&self) -> Protocol {
        self.expected.protocol
    }

    /// The latest observation of a cell.
    pub fn observation(&self, from: usize, to: usize) -> Option<&Observation> {
        let n = self.size();
        if from >= n || to >= n {
            return None;
        }
        self.observed.get(from * n + to)?.as_ref()
    }

    /// Records an observation; out-of-range cells are ignored.
    pub fn record(&mut self, from: usize, to: usize, observation: Observation) {
        let n = self.size();
        if from < n
            && to < n
            && let Some(cell) = self.observed.get_mut(from * n + to)
        {
            *cell = Some(observation);
        }
    }

    /// Whether the cell's observation equals the expectation (a failed or missing probe never does).
    pub fn agrees(&self, from: usize, to: usize) -> bool {
        let observed = self.observation(from, to).and_then(Observation::allowed);
        observed.is_some() && observed == self.expected.get(from, to)
    }

    /// Cells that count: every ordered pair except a pod to itself (CNIs disagree on loopback
    /// semantics, kubernetes/kubernetes#95879, so upstream ignores those cells).
    pub fn considered(&self) -> impl Iterator<Item = (usize, usize)> + use<> {
        let n = self.size();
        (0..n).flat_map(move |f| (0..n).filter(move |&t| t != f).map(move |t| (f, t)))
    }

    /// Every ordered pair, self-pairs included (a full-matrix pass probes them all).
    pub fn all_cells(&self) -> impl Iterator<Item = (usize, usize)> + use<> {
        let n = self.size();
        (0..n).flat_map(move |f| (0..n).map(move |t| (f, t)))
    }

    /// The considered cells that disagree, row by row.
    pub fn wrong(&self) -> Vec<WrongCell> {
        self.considered()
            .filter(|&(f, t)| !self.agrees(f, t))
            .map(|(from, to)| WrongCell {
                from,
                to,
                expected: self.expected.get(from, to).unwrap_or(false),
                observed: self.observation(from, to).cloned(),
            })
            .collect()
    }

    /// Whether every considered cell agrees.
    pub fn is_match(&self) -> bool {
        self.considered().all(|(f, t)| self.agrees(f, t))
    }

    /// Correct, incorrect and ignored (self-pair) cells.
    pub fn summary(&self) -> DiffSummary {
        let incorrect = self.wrong().len();
        let n = self.size();
        DiffSummary {
            correct: n * n.saturating_sub(1) - incorrect,
            incorrect,
            ignored: n,
        }
    }

    /// The observed truth table: `.` connected, `X` blocked, `?` not decided.
    pub fn render_observed(&self) -> String {
        render_table(&self.expected.pods, |f, t| {
            self.observation(f, t).and_then(Observation::allowed)
        })
    }

    /// The comparison table: `.` where observation equals expectation, `X` where not.
    pub fn render_comparison(&self) -> String {
        render_table(&self.expected.pods, |f, t| Some(self.agrees(f, t)))
    }

    /// Summary line plus expected, observed and comparison tables, laid out like upstream
    /// `Reachability.PrintSummary`.
    pub fn render(&self) -> String {
        render_summary(
            self.summary(),
            &self.expected.render(),
            &self.render_observed(),
            &self.render_comparison(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netpol::test_pods;

    fn blocked() -> Observation {
        Observation::Blocked {
            reason: "TIMEOUT".into(),
        }
    }

    #[test]
    fn loopback_is_ignored_and_unprobed_cells_are_wrong() {
        let mut expected = Matrix::filled(80, Protocol::Tcp, test_pods(), true);
        expected.set(2, 0, false);
        let mut m = ProbeMatrix::new(expected);
        assert_eq!(m.wrong().len(), 6);
        for (f, t) in m.all_cells() {
            let o = if (f, t) == (2, 0) || f == t {
                blocked()
            } else {
                Observation::Connected
            };
            m.record(f, t, o);
        }
        assert!(m.is_match(), "self-pairs observed blocked are ignored");
        assert_eq!(
            m.summary(),
            DiffSummary {
                correct: 6,
                incorrect: 0,
                ignored: 3
            }
        );
        m.record(
            0,
            1,
            Observation::Failed {
                error: "exec".into(),
            },
        );
        m.record(2, 0, Observation::Connected);
        let wrong = m.wrong();
        assert_eq!(wrong.len(), 2);
        assert_eq!(
            wrong.first().map(|w| (w.from, w.to, w.expected)),
            Some((0, 1, true))
        );
        assert_eq!(
            m.render_observed(),
            "-\tx/a\tx/b\ty/a\nx/a\tX\t?\t.\nx/b\t.\tX\t.\ny/a\t.\t.\tX"
        );
        assert_eq!(
            m.render_comparison(),
            "-\tx/a\tx/b\ty/a\nx/a\tX\tX\t.\nx/b\t.\tX\t.\ny/a\tX\t.\tX"
        );
        let text = m.render();
        assert!(text.starts_with("warning: the results of 3 pod->pod cases have been ignored\nreachability: correct:4, incorrect:2, result=false\n\nexpected:\n\n-\tx/a"));
    }

    #[test]
    fn out_of_range_cells_are_ignored() {
        let mut m = ProbeMatrix::new(Matrix::filled(80, Protocol::Udp, test_pods(), true));
        m.record(3, 0, Observation::Connected);
        assert!(m.observation(3, 0).is_none());
        assert!(!m.agrees(0, 7));
        assert_eq!((m.port(), m.protocol()), (80, Protocol::Udp));
    }
}
