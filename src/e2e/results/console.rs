//! Ginkgo's console log (`e2e.log`), the last resort when no JUnit report exists.
//!
//! What a log reliably holds is the final summary (`Ran N of M Specs in S seconds` and
//! `SUCCESS! -- p Passed | f Failed | … | s Skipped`) and the names of the failures
//! (`Summarizing N Failures:`). Names of passed tests appear only in some logs: the
//! e2e framework's progress lines (`{"msg":"PASSED <name>",…}`, Kubernetes 1.17–1.26)
//! and ginkgo's per-spec blocks (`• [SLOW TEST:…]` followed by the spec's texts).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{Results, ResultsError, TestOutcome, TestResult, version_from_log};

/// The `Ran N of M Specs` summary of a ginkgo run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleSummary {
    /// Specs that ran (`Ran N of …`).
    pub ran: u64,
    /// Specs in the suite (`… of M Specs`).
    pub total: u64,
    /// `N Passed` (ginkgo counts specs that passed on a retry here too).
    pub passed: u64,
    /// `N Failed`.
    pub failed: u64,
    /// `N Flaked` (ginkgo v2, when flake attempts are enabled; included in `passed`).
    pub flaked: u64,
    /// `N Pending`.
    pub pending: u64,
    /// `N Skipped`.
    pub skipped: u64,
    /// `… in S seconds`.
    pub seconds: Option<f64>,
    /// `SUCCESS!` rather than `FAIL!`.
    pub succeeded: bool,
}

static RAN: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"Ran (\d+) of (\d+) Specs? in ([0-9.]+) seconds").ok());
static OUTCOME: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(SUCCESS!|FAIL!)[^\n]*?-- (.*)").ok());
static SUMMARIZING: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"Summarizing \d+ Failures?:").ok());
static SPEC_BLOCK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"•\s*((?:\[SLOW TEST(?::[0-9.]+ seconds)?\]\s*)?(?:\[[0-9.]+ seconds\])?)\s*$").ok()
});
static LOCATION: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^\S+:\d+$").ok());

/// Longest line treated as a test name.
const MAX_NAME_BYTES: usize = 4096;
/// Most text lines read from one spec block.
const MAX_BLOCK_LINES: usize = 32;

/// Failure headings of ginkgo v1 (`[Fail]`, …) and v2 (`[FAIL]`, …).
const V1_HEADINGS: [&str; 3] = ["[Fail]", "[Timeout...]", "[Panic!]"];
const V2_HEADINGS: [&str; 5] = [
    "[FAIL]",
    "[PANICKED!]",
    "[ABORTED]",
    "[TIMEDOUT]",
    "[INTERRUPTED]",
];
/// Node types ginkgo shows next to the text of the node that failed.
const NODE_MARKERS: [&str; 10] = [
    "[It]",
    "[BeforeEach]",
    "[JustBeforeEach]",
    "[AfterEach]",
    "[JustAfterEach]",
    "[BeforeAll]",
    "[AfterAll]",
    "[Measure]",
    "[DeferCleanup (Each)]",
    "[DeferCleanup (All)]",
];

/// True for text that reads like a ginkgo console log.
pub(super) fn looks_like_console_log(text: &str) -> bool {
    text.contains("Running Suite:")
        || text.contains("\"msg\":\"Test Suite starting\"")
        || RAN.as_ref().is_some_and(|re| re.is_match(text))
        || (text.contains("Will run ") && text.contains(" specs"))
}

/// Reads a console log; `name` is used in errors.
pub(super) fn parse(name: &str, raw: &str) -> Result<Results, ResultsError> {
    let text = strip_ansi(raw);
    let summary = summary(&text).ok_or_else(|| ResultsError::ConsoleIncomplete {
        name: name.to_string(),
    })?;
    let failures = failure_names(&text);
    // A test that passed on a retry but is listed as failed counts as failed, once.
    let mut seen: HashSet<String> = failures.iter().cloned().collect();
    let mut tests = Vec::new();
    for test_name in passed_names(&text) {
        if seen.insert(test_name.clone()) {
            tests.push(TestResult {
                name: test_name,
                outcome: TestOutcome::Passed,
                message: None,
                duration: None,
            });
        }
    }
    let mut listed = HashSet::new();
    for test_name in failures {
        if listed.insert(test_name.clone()) {
            tests.push(TestResult {
                name: test_name,
                outcome: TestOutcome::Failed,
                message: None,
                duration: None,
            });
        }
    }
    Ok(Results {
        tests,
        source: "console log (e2e.log)".to_string(),
        duration_seconds: summary.seconds,
        summary: Some(summary),
        kubernetes_version: version_from_log(&text),
    })
}

/// Removes terminal colour sequences (`ESC [ … letter`).
fn strip_ansi(text: &str) -> String {
    if !text.contains('\u{1b}') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if ('@'..='~').contains(&d) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The last `Ran …` line and the outcome line after it.
fn summary(text: &str) -> Option<ConsoleSummary> {
    let ran_re = RAN.as_ref()?;
    let outcome_re = OUTCOME.as_ref()?;
    let ran = ran_re.captures_iter(text).last()?;
    let after = text.get(ran.get(0)?.end()..)?;
    let outcome = outcome_re.captures(after)?;
    let mut summary = ConsoleSummary {
        ran: ran.get(1)?.as_str().parse().ok()?,
        total: ran.get(2)?.as_str().parse().ok()?,
        passed: 0,
        failed: 0,
        flaked: 0,
        pending: 0,
        skipped: 0,
        seconds: ran.get(3)?.as_str().parse().ok(),
        succeeded: outcome.get(1)?.as_str() == "SUCCESS!",
    };
    for part in outcome.get(2)?.as_str().split('|') {
        let mut words = part.split_whitespace();
        let (Some(count), Some(kind)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(count) = count.parse::<u64>() else {
            continue;
        };
        match kind {
            "Passed" => summary.passed = count,
            "Failed" => summary.failed = count,
            "Flaked" => summary.flaked = count,
            "Pending" => summary.pending = count,
            "Skipped" => summary.skipped = count,
            _ => {}
        }
    }
    Some(summary)
}

/// Run time from the last `Ran N of M Specs in S seconds` line.
pub(super) fn run_seconds(text: &str) -> Option<f64> {
    let ran = RAN.as_ref()?.captures_iter(text).last()?;
    ran.get(3)?.as_str().parse().ok()
}

#[derive(Deserialize)]
struct Progress {
    msg: String,
}

/// Names of the tests the log shows as passed.
fn passed_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(at) = line.find("{\"msg\":\"PASSED ") {
            let json = line.get(at..).unwrap_or("");
            let first = serde_json::Deserializer::from_str(json)
                .into_iter::<Progress>()
                .next();
            if let Some(Ok(progress)) = first
                && let Some(test) = progress.msg.strip_prefix("PASSED ")
            {
                names.push(test.to_string());
            }
            continue;
        }
        let is_block = line.contains('•')
            && SPEC_BLOCK
                .as_ref()
                .and_then(|re| re.captures(line))
                .and_then(|c| c.get(1))
                .is_some_and(|g| !g.as_str().is_empty());
        if !is_block {
            continue;
        }
        let mut texts: Vec<&str> = Vec::new();
        while let Some(next) = lines.peek() {
            let trimmed = next.trim();
            if trimmed.is_empty() || trimmed.starts_with("---") {
                break;
            }
            if texts.len() < MAX_BLOCK_LINES
                && !LOCATION.as_ref().is_some_and(|re| re.is_match(trimmed))
            {
                texts.push(strip_indent(next, texts.len()));
            }
            lines.next();
        }
        if !texts.is_empty() {
            names.push(drop_label_echoes(&texts.join(" ")));
        }
    }
    names
}

/// A spec block's text at nesting `level`, without ginkgo's indentation of two spaces per
/// level. Only the indentation goes: a text that itself starts with a space (it happens,
/// and the JUnit name keeps the double space) stays as it is.
fn strip_indent(line: &str, level: usize) -> &str {
    let mut text = line.trim_end();
    for _ in 0..level * 2 {
        match text.strip_prefix(' ') {
            Some(rest) => text = rest,
            None => break,
        }
    }
    text
}

/// Names of the failures listed under `Summarizing N Failures:`.
fn failure_names(text: &str) -> Vec<String> {
    let Some(start) = SUMMARIZING
        .as_ref()
        .and_then(|re| re.find_iter(text).last())
        .map(|m| m.end())
    else {
        return Vec::new();
    };
    let block = text.get(start..).unwrap_or("");
    let block = RAN
        .as_ref()
        .and_then(|re| re.find(block))
        .and_then(|m| block.get(..m.start()))
        .unwrap_or(block);
    block.lines().filter_map(failure_name).collect()
}

/// The JUnit-style name of one failure-summary line, or `None` for other lines.
fn failure_name(line: &str) -> Option<String> {
    let line = line.trim();
    if let Some(rest) = V1_HEADINGS.iter().find_map(|h| line.strip_prefix(h)) {
        // v1 names are the component texts joined by spaces; the marker goes.
        let name = remove_marker(rest.trim());
        return (!name.is_empty()).then_some(name);
    }
    let rest = V2_HEADINGS
        .iter()
        .find_map(|h| line.strip_prefix(h))?
        .trim();
    if rest.is_empty() {
        return None;
    }
    if crate::e2e::is_suite_node(rest) {
        return Some(drop_label_echoes(rest));
    }
    // v2 names are "[It] " followed by the full text.
    let text = remove_marker(rest);
    Some(format!("[It] {}", drop_label_echoes(&text)))
}

/// Removes the first node-type marker (`[It] `, `[BeforeEach] `, …). Ginkgo v1 puts the
/// marker before the failing component's text; v2 after a failing container's text, or
/// before the leaf text. Either way the name is what remains.
fn remove_marker(text: &str) -> String {
    for marker in NODE_MARKERS {
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|t| t.find(marker)) {
            let at = from + found;
            let end = at + marker.len();
            let before_ok = at == 0 || text.get(..at).is_some_and(|b| b.ends_with(' '));
            let after = text.get(end..).unwrap_or("");
            if before_ok && (after.is_empty() || after.starts_with(' ')) {
                let head = text.get(..at).unwrap_or("");
                let tail = after.strip_prefix(' ').unwrap_or(after);
                return format!("{head}{tail}").trim().to_string();
            }
            from = end;
        }
    }
    text.trim().to_string()
}

/// Ginkgo v2 prints a node's labels after its text as `[a, b]`. Kubernetes also writes
/// its tags into the text, so a label group whose every label already appears as `[label]`
/// elsewhere in the name is an echo and is dropped.
fn drop_label_echoes(text: &str) -> String {
    // Real names are a few hundred characters; longer lines are not worth the quadratic scan.
    if text.len() > MAX_NAME_BYTES {
        return text.to_string();
    }
    let mut out = text.to_string();
    let mut search_from = out.len();
    while let Some(open) = out.get(..search_from).and_then(|h| h.rfind(" [")) {
        let group_start = open + 1;
        let Some(close) = out.get(group_start..).and_then(|t| t.find(']')) else {
            search_from = open;
            continue;
        };
        let group_end = group_start + close + 1;
        let inner = out.get(group_start + 1..group_end - 1).unwrap_or("");
        let rest = format!(
            "{}{}",
            out.get(..open).unwrap_or(""),
            out.get(group_end..).unwrap_or("")
        );
        let echoed = !inner.is_empty()
            && inner
                .split(", ")
                .all(|label| rest.contains(&format!("[{label}]")));
        if echoed {
            out = rest;
        }
        search_from = open;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_failure_lines_become_junit_names() {
        assert_eq!(
            failure_name(
                "[Fail] [sig-scheduling] SchedulerPredicates [Serial] [It] validates resource limits of pods that are allowed to run  [Conformance] "
            )
            .as_deref(),
            Some(
                "[sig-scheduling] SchedulerPredicates [Serial] validates resource limits of pods that are allowed to run  [Conformance]"
            )
        );
        assert_eq!(
            failure_name("[Fail] [sig-apps] Foo [BeforeEach] bar should baz").as_deref(),
            Some("[sig-apps] Foo bar should baz")
        );
        assert_eq!(failure_name("/go/src/x.go:12"), None);
    }

    #[test]
    fn v2_failure_lines_become_junit_names() {
        assert_eq!(
            failure_name(
                "  [FAIL] [sig-network] Netpol NetworkPolicy between server and client [It] should allow egress access to server in CIDR block [Feature:NetworkPolicy] [Feature:NetworkPolicy]"
            )
            .as_deref(),
            Some(
                "[It] [sig-network] Netpol NetworkPolicy between server and client should allow egress access to server in CIDR block [Feature:NetworkPolicy]"
            )
        );
        assert_eq!(
            failure_name("  [TIMEDOUT] [sig-x] Outer [BeforeEach] inner should y").as_deref(),
            Some("[It] [sig-x] Outer inner should y")
        );
        assert_eq!(
            failure_name("  [FAIL] [SynchronizedBeforeSuite] ").as_deref(),
            Some("[SynchronizedBeforeSuite]")
        );
    }

    #[test]
    fn summary_counts_including_flakes() {
        let log = "Running Suite: Kubernetes e2e suite\nWill run 50 of 7000 specs\n\
                   \u{1b}[1mRan 50 of 7000 Specs in 812.3 seconds\u{1b}[0m\n\
                   \u{1b}[1;31mFAIL!\u{1b}[0m -- 46 Passed | 4 Failed | 2 Flaked | 0 Pending | 6950 Skipped\n";
        let got = parse("e2e.log", log).ok().and_then(|r| r.summary);
        assert_eq!(
            got,
            Some(ConsoleSummary {
                ran: 50,
                total: 7000,
                passed: 46,
                failed: 4,
                flaked: 2,
                pending: 0,
                skipped: 6950,
                seconds: Some(812.3),
                succeeded: false,
            })
        );
    }

    #[test]
    fn unfinished_log_is_an_error() {
        let err = parse("e2e.log", "Running Suite: x\nWill run 3 of 9 specs\n•")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "`e2e.log` is a ginkgo console log without the final `Ran N of M Specs` summary; did the run finish?"
            )
        );
    }
}
