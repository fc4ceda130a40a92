//! The summary of comparing an expected matrix with an observed one, as upstream
//! `Reachability.Summary` and `PrintSummary` report it (the comparison is `netcheck::matrix`).

use serde::Serialize;

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
