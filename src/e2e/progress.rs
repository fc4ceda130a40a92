//! Live progress of a running e2e suite, read from ginkgo's console output line by line.
//!
//! Ginkgo prints `Will run N of M specs` once, then one marker per spec: `•` for a spec
//! that ran (passed or failed), `S` for a skipped one. A failed spec's block opens with
//! `• [FAILED]` (ginkgo v2) or `• Failure` (v1). Kubernetes 1.17–1.26 also log a JSON line
//! per spec with running totals (`{"msg":"PASSED …","total":25,"completed":1,…,"failed":0}`),
//! which is used when present. The run ends with `Ran N of M Specs in S seconds`.

use serde::Serialize;

/// What the log says about a running suite so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Specs that will run (`Will run N of …`), once ginkgo has said so.
    pub total: Option<u64>,
    /// Specs that finished, passed or failed.
    pub done: u64,
    /// Specs that failed so far (before waivers).
    pub failed: u64,
    /// The `Ran N of M Specs` summary was printed: the suite is over.
    pub finished: bool,
}

/// Failure openings of a spec block (ginkgo v2, then v1).
const FAILURE_OPENINGS: [&str; 8] = [
    "• [FAILED]",
    "• [PANICKED]",
    "• [TIMEDOUT]",
    "• [INTERRUPTED]",
    "• [ABORTED]",
    "• Failure",
    "•! Panic",
    "•! Failure",
];

/// Reads ginkgo output incrementally; feed it every line of the log in order.
#[derive(Debug, Clone, Default)]
pub struct ProgressParser {
    progress: Progress,
    bullets: u64,
    failure_blocks: u64,
    reported_done: Option<u64>,
    reported_failed: Option<u64>,
}

impl ProgressParser {
    /// A parser that has seen nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one line of the log (with or without its line ending).
    pub fn feed_line(&mut self, line: &str) {
        let line = line.trim_end_matches(['\r', '\n']);
        let trimmed = line.trim_start();
        if let Some(total) = will_run(trimmed) {
            self.progress.total = Some(total);
        }
        if let Some((ran, _)) = ran_of(trimmed) {
            self.progress.finished = true;
            self.progress.done = ran;
            self.progress.total.get_or_insert(ran);
        }
        if self.progress.finished
            && let Some(failed) = summary_failed(trimmed)
        {
            self.reported_failed = Some(failed);
        }
        if let Some(at) = line.find("{\"msg\":") {
            self.json_totals(line.get(at..).unwrap_or_default());
        }
        self.bullets += line.matches('•').count() as u64;
        if FAILURE_OPENINGS.iter().any(|o| trimmed.starts_with(o)) {
            self.failure_blocks += 1;
        }
        if !self.progress.finished {
            self.progress.done = self.reported_done.unwrap_or(self.bullets);
        }
        self.progress.failed = self.reported_failed.unwrap_or(self.failure_blocks);
    }

    /// Takes a chunk of text holding whole lines.
    pub fn feed(&mut self, text: &str) {
        for line in text.lines() {
            self.feed_line(line);
        }
    }

    /// The progress so far.
    pub fn progress(&self) -> Progress {
        self.progress
    }
}

/// Progress of a whole log at once.
pub fn parse_progress(log: &str) -> Progress {
    let mut parser = ProgressParser::new();
    parser.feed(log);
    parser.progress()
}

impl ProgressParser {
    fn json_totals(&mut self, text: &str) {
        #[derive(serde::Deserialize)]
        struct Line {
            completed: Option<u64>,
            failed: Option<u64>,
        }
        // The JSON object ends the line; anything after a parse error is ignored.
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Line>();
        if let Some(Ok(Line {
            completed: Some(completed),
            failed,
        })) = stream.next()
        {
            let failed = failed.unwrap_or(0);
            self.reported_done = Some(completed.saturating_add(failed));
            self.reported_failed = Some(failed);
        }
    }
}

/// `Will run N of M specs` → N.
fn will_run(line: &str) -> Option<u64> {
    let rest = line.strip_prefix("Will run ")?;
    let (n, rest) = rest.split_once(" of ")?;
    rest.trim_end().ends_with("specs").then_some(())?;
    n.trim().parse().ok()
}

/// `SUCCESS! -- 3 Passed | 1 Failed | …` (or `FAIL! -- …`) → the failed count.
fn summary_failed(line: &str) -> Option<u64> {
    let (_, counts) = line.split_once("-- ")?;
    if !(line.starts_with("SUCCESS!") || line.starts_with("FAIL!")) {
        return None;
    }
    counts.split('|').find_map(|part| {
        let mut words = part.split_whitespace();
        let n = words.next()?.parse().ok()?;
        (words.next()? == "Failed").then_some(n)
    })
}

/// `Ran N of M Specs in S seconds` → (N, M).
fn ran_of(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("Ran ")?;
    let (n, rest) = rest.split_once(" of ")?;
    let (m, rest) = rest.split_once(' ')?;
    rest.starts_with("Spec").then_some(())?;
    Some((n.parse().ok()?, m.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ginkgo_v2_markers_are_counted() {
        let log = "Running Suite: Kubernetes e2e suite - /usr/local/bin\n\
                   Will run 5 of 7207 specs\n\
                   SSSS•SS•\n\
                   ------------------------------\n\
                   • [FAILED] [62.1 seconds]\n\
                   [sig-network] Netpol [It] should fail\n\
                   ------------------------------\n\
                   SSS•";
        let p = parse_progress(log);
        assert_eq!(p.total, Some(5));
        assert_eq!(p.done, 4);
        assert_eq!(p.failed, 1);
        assert!(!p.finished);
    }

    #[test]
    fn the_summary_ends_the_run() {
        let log = "Will run 3 of 10 specs\n•••\n\nRan 3 of 10 Specs in 12.5 seconds\nFAIL! -- 2 Passed | 1 Failed | 0 Pending | 7 Skipped\n";
        let p = parse_progress(log);
        assert_eq!(
            p,
            Progress {
                total: Some(3),
                done: 3,
                failed: 1,
                finished: true
            }
        );
    }

    #[test]
    fn ginkgo_v1_json_progress_wins_over_bullets() {
        let log = "Will run 25 of 5771 specs\n\
                   •{\"msg\":\"PASSED [sig-storage] x\",\"total\":25,\"completed\":1,\"skipped\":158,\"failed\":0}\n\
                   • Failure [60.373 seconds]\n\
                   {\"msg\":\"FAILED [sig-apps] y\",\"total\":25,\"completed\":1,\"skipped\":160,\"failed\":1,\"failures\":[\"y\"]}\n";
        let p = parse_progress(log);
        assert_eq!((p.done, p.failed), (2, 1));
    }

    #[test]
    fn real_logs_end_with_their_summary() {
        // The v1.21 sonobuoy run: 25 specs, 4 failed.
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/results/");
        let tarball = format!("{root}sonobuoy-v1.21.1-4-failures/results-4-e2e-failures.tar.gz");
        let bytes = std::fs::read(tarball).unwrap();
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes.as_slice()));
        let mut log = String::new();
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            if entry.path().unwrap().ends_with("global/e2e.log") {
                std::io::Read::read_to_string(&mut entry, &mut log).unwrap();
            }
        }
        let p = parse_progress(&log);
        assert_eq!(p.total, Some(25));
        assert!(p.finished);
        assert_eq!(p.done, 25);
        assert_eq!(p.failed, 4);
    }

    #[test]
    fn a_partial_line_parses_without_panicking() {
        for line in [
            "Will run",
            "Ran 3 of",
            "{\"msg\":",
            "•",
            "Will run x of y specs",
        ] {
            let _ = parse_progress(line);
        }
    }
}
