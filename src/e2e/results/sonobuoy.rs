//! Sonobuoy's post-processed `plugins/<plugin>/sonobuoy_results.yaml`.
//!
//! Shape: `{name: e2e, status, meta, items: [file {items: [suite {items: [test]}]}]}`.
//! Like SCS's `sonobuoy_parse_result`, the tests are the items at depth three, and a
//! test without `status` counts as skipped.

use serde::Deserialize;

use super::{ResultsError, TestOutcome, TestResult, clip_message};

#[derive(Deserialize)]
struct Plugin {
    name: Option<String>,
    #[serde(default)]
    items: Option<Vec<Item>>,
}

#[derive(Deserialize)]
struct Item {
    name: Option<String>,
    status: Option<String>,
    #[serde(default)]
    items: Option<Vec<Item>>,
    details: Option<Details>,
}

#[derive(Deserialize)]
struct Details {
    failure: Option<String>,
}

/// True when the first meaningful line is one of the summary's top-level keys.
pub(super) fn looks_like_results_yaml(text: &str) -> bool {
    text.lines()
        .map(str::trim_end)
        .find(|line| !line.is_empty() && !line.starts_with('#') && *line != "---")
        .is_some_and(|line| {
            ["name:", "status:", "meta:", "items:"]
                .iter()
                .any(|key| line.starts_with(key))
        })
}

fn budget_options(len: usize) -> serde_saphyr::Options {
    // Full e2e runs hold ~7,500 tests with failure details; the defaults are tuned for
    // configuration files. Scale the budget with the (already size-capped) input.
    let events = len.saturating_mul(2).max(1_000_000);
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: events,
            max_nodes: events,
            max_total_scalar_bytes: len.saturating_add(1024),
        },
    }
}

/// Parses the e2e plugin's results; `name` is used in errors.
pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Vec<TestResult>, ResultsError> {
    let plugin: Plugin = serde_saphyr::from_slice_with_options(bytes, budget_options(bytes.len()))
        .map_err(|e| ResultsError::Sonobuoy {
            name: name.to_string(),
            message: first_line(&e.to_string()),
        })?;
    if let Some(plugin_name) = plugin.name.filter(|n| n != "e2e") {
        return Err(ResultsError::NotE2ePlugin {
            name: name.to_string(),
            plugin: plugin_name,
        });
    }
    let mut tests = Vec::new();
    for file in plugin.items.unwrap_or_default() {
        let file_name = file.name.unwrap_or_default();
        for suite in file.items.unwrap_or_default() {
            for (index, item) in suite.items.unwrap_or_default().into_iter().enumerate() {
                let status = item.status.as_deref().unwrap_or("skipped");
                let outcome = match status {
                    "passed" => TestOutcome::Passed,
                    "failed" => TestOutcome::Failed,
                    // SCS counts any other status under its own name, never as a failure.
                    _ => TestOutcome::Skipped,
                };
                let Some(test_name) = item.name else {
                    if outcome == TestOutcome::Failed {
                        return Err(ResultsError::Sonobuoy {
                            name: name.to_string(),
                            message: format!(
                                "test {index} of file `{file_name}` has status failed but no name"
                            ),
                        });
                    }
                    continue;
                };
                let message = match outcome {
                    TestOutcome::Failed => item.details.and_then(|d| d.failure),
                    TestOutcome::Skipped if status != "skipped" => {
                        Some(format!("sonobuoy status `{status}`"))
                    }
                    _ => None,
                };
                tests.push(TestResult {
                    name: test_name,
                    outcome,
                    message: message.map(|m| clip_message(&m)).filter(|m| !m.is_empty()),
                    duration: None,
                });
            }
        }
    }
    Ok(tests)
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_depth_three_items_and_defaults_to_skipped() {
        let yaml = "name: e2e\nstatus: failed\nitems:\n- name: junit_01.xml\n  items:\n  - name: suite\n    items:\n    - name: '[It] a'\n      status: passed\n    - name: b\n      status: failed\n      details:\n        failure: boom\n        system-out: long\n    - name: c\n    - name: d\n      status: weird\n";
        let tests = parse("r.yaml", yaml.as_bytes()).unwrap_or_default();
        let got: Vec<_> = tests
            .iter()
            .map(|t| (t.name.as_str(), t.outcome, t.message.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("[It] a", TestOutcome::Passed, None),
                ("b", TestOutcome::Failed, Some("boom")),
                ("c", TestOutcome::Skipped, None),
                ("d", TestOutcome::Skipped, Some("sonobuoy status `weird`")),
            ]
        );
    }

    #[test]
    fn other_plugins_are_refused() {
        let err = parse("s.yaml", b"name: systemd-logs\nitems: []\n")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "`s.yaml` holds the results of sonobuoy plugin `systemd-logs`; expected the `e2e` plugin's (plugins/e2e/sonobuoy_results.yaml)"
            )
        );
    }

    #[test]
    fn unnamed_failure_is_an_error() {
        let yaml = "name: e2e\nitems:\n- name: f\n  items:\n  - items:\n    - status: failed\n";
        let err = parse("r.yaml", yaml.as_bytes())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "`r.yaml` is not a readable sonobuoy_results.yaml: test 0 of file `f` has status failed but no name"
            )
        );
    }
}
