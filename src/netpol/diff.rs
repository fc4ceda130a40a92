//! Comparing an expected matrix with an observed one, as upstream `Reachability.Summary` and
//! `PrintSummary` do.

use serde::Serialize;

use crate::netpol::matrix::{Matrix, render_table};

/// Counts of a comparison, as upstream `Reachability.Summary` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DiffSummary {
    /// Cells where observation equals expectation.
    pub correct: usize,
    /// Cells where they differ.
    pub incorrect: usize,
    /// Self-pairs left out because loopback was ignored.
    pub ignored: usize,
}

/// One cell where observation and expectation differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// Source pod.
    pub from: String,
    /// Destination pod.
    pub to: String,
    /// What the policies say.
    pub expected: bool,
    /// What the probe saw (`None` when the probe left the cell empty).
    pub observed: Option<bool>,
}

/// An expected and an observed matrix for the same probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixDiff {
    /// What the policies say.
    pub expected: Matrix,
    /// What the probes saw.
    pub observed: Matrix,
}

impl MatrixDiff {
    fn agrees(&self, from: usize, to: usize) -> Option<bool> {
        let expected = self.expected.get(from, to)?;
        let observed = self.observed.get(from, to)?;
        Some(expected == observed)
    }

    /// Counts correct, incorrect and (with `ignore_loopback`) ignored self-pair cells.
    ///
    /// Upstream ignores self-pairs because CNIs disagree on loopback semantics
    /// (kubernetes/kubernetes#95879). A cell missing on either side counts as incorrect.
    pub fn summary(&self, ignore_loopback: bool) -> DiffSummary {
        let n = self.expected.pods.len();
        let mut summary = DiffSummary {
            correct: 0,
            incorrect: 0,
            ignored: 0,
        };
        for f in 0..n {
            for t in 0..n {
                if ignore_loopback && f == t {
                    summary.ignored += 1;
                } else if self.agrees(f, t) == Some(true) {
                    summary.correct += 1;
                } else {
                    summary.incorrect += 1;
                }
            }
        }
        summary
    }

    /// Whether every considered cell agrees.
    pub fn is_match(&self, ignore_loopback: bool) -> bool {
        self.summary(ignore_loopback).incorrect == 0
    }

    /// The cells that disagree, row by row.
    pub fn mismatches(&self, ignore_loopback: bool) -> Vec<Mismatch> {
        let pods = &self.expected.pods;
        let mut out = Vec::new();
        for (f, from) in pods.iter().enumerate() {
            for (t, to) in pods.iter().enumerate() {
                if (ignore_loopback && f == t) || self.agrees(f, t) == Some(true) {
                    continue;
                }
                out.push(Mismatch {
                    from: from.clone(),
                    to: to.clone(),
                    expected: self.expected.get(f, t).unwrap_or(false),
                    observed: self.observed.get(f, t),
                });
            }
        }
        out
    }

    /// The comparison table: `.` where observation equals expectation, `X` where it differs.
    pub fn render_comparison(&self) -> String {
        render_table(&self.expected.pods, |f, t| self.agrees(f, t))
    }

    /// Summary line plus expected, observed and comparison tables, laid out like upstream
    /// `Reachability.PrintSummary`.
    pub fn render(&self, ignore_loopback: bool) -> String {
        render_summary(
            self.summary(ignore_loopback),
            &self.expected.render(),
            &self.observed.render(),
            &self.render_comparison(),
        )
    }
}

/// The layout of upstream `Reachability.PrintSummary`: the summary line, then the expected,
/// observed and comparison tables.
pub(crate) fn render_summary(
    summary: DiffSummary,
    expected: &str,
    observed: &str,
    comparison: &str,
) -> String {
    let mut out = String::new();
    if summary.ignored > 0 {
        out.push_str(&format!(
            "warning: the results of {} pod->pod cases have been ignored\n",
            summary.ignored
        ));
    }
    out.push_str(&format!(
        "reachability: correct:{}, incorrect:{}, result={}\n\n",
        summary.correct,
        summary.incorrect,
        summary.incorrect == 0
    ));
    out.push_str(&format!("expected:\n\n{expected}\n\n\n"));
    out.push_str(&format!("observed:\n\n{observed}\n\n\n"));
    out.push_str(&format!("comparison:\n\n{comparison}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netpol::model::Protocol;
    use crate::netpol::test_pods;

    #[test]
    fn diff_marks_mismatches_and_ignores_loopback_when_asked() {
        let expected = Matrix::filled(80, Protocol::Tcp, test_pods(), true);
        let mut observed = expected.clone();
        observed.set(0, 1, false);
        observed.set(2, 2, false);
        let diff = expected
            .compare(&observed)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            diff.summary(true),
            DiffSummary {
                correct: 5,
                incorrect: 1,
                ignored: 3
            }
        );
        assert_eq!(diff.summary(false).incorrect, 2);
        assert_eq!(
            diff.render_comparison(),
            "-\tx/a\tx/b\ty/a\nx/a\t.\tX\t.\nx/b\t.\t.\t.\ny/a\t.\t.\tX"
        );
        let mismatches = diff.mismatches(true);
        assert_eq!(
            mismatches,
            vec![Mismatch {
                from: "x/a".into(),
                to: "x/b".into(),
                expected: true,
                observed: Some(false)
            }]
        );
        let text = diff.render(true);
        assert!(text.starts_with("warning: the results of 3 pod->pod cases have been ignored\nreachability: correct:5, incorrect:1, result=false\n\nexpected:\n\n-\tx/a"));
        assert!(text.contains("\n\n\ncomparison:\n\n-\tx/a\tx/b\ty/a\nx/a\t.\tX\t."));
    }
}
