//! JUnit reports as ginkgo writes them (v1: bare `<testsuite>`, v2: `<testsuites>`).
//!
//! Outcomes are taken from each test case's children exactly as sonobuoy does
//! (`pkg/client/results/junit.go`): `<skipped>` means skipped even when a `<failure>` or
//! `<error>` is present too, `<failure>`/`<error>` otherwise means failed, no such child
//! means passed. Ginkgo v2's `status` attribute and the header counts are ignored: the
//! headers disagree between v1 and v2 (`tests` counts only the specs that ran in v1).

use super::xml::{Event, Reader, attr};
use super::{ResultsError, TestOutcome, TestResult, clip_message};

/// Test cases read from one report.
pub(super) struct JunitDoc {
    pub tests: Vec<TestResult>,
    /// `junit (ginkgo v2)` or `junit (ginkgo v1)`, after the root element.
    pub format: &'static str,
    /// The root element's `time` attribute.
    pub duration: Option<f64>,
}

/// Children of a test case that decide its outcome.
#[derive(Default)]
struct OpenCase {
    name: String,
    duration: Option<f64>,
    depth: usize,
    skipped: Option<String>,
    failure: Option<String>,
    /// Text of the `<failure>`/`<error>` being read, and the depth it was opened at.
    collecting: Option<(usize, String)>,
}

impl OpenCase {
    fn finish(self) -> TestResult {
        let (outcome, message) = if let Some(reason) = self.skipped {
            let reason = Some(reason).filter(|r| !r.is_empty() && r != "skipped");
            (TestOutcome::Skipped, reason)
        } else if let Some(failure) = self.failure {
            (TestOutcome::Failed, Some(failure).filter(|f| !f.is_empty()))
        } else {
            (TestOutcome::Passed, None)
        };
        TestResult {
            name: self.name,
            outcome,
            message: message.map(|m| clip_message(&m)),
            duration: self.duration,
        }
    }
}

fn seconds(attrs: &str) -> Option<f64> {
    attr(attrs, "time")?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|t| t.is_finite() && *t >= 0.0)
}

/// Parses a JUnit report; `name` is used in errors.
pub(super) fn parse(name: &str, text: &str) -> Result<JunitDoc, ResultsError> {
    let xml_error = |line: usize, message: String| ResultsError::Xml {
        name: name.to_string(),
        line,
        message,
    };
    let mut reader = Reader::new(text);
    let mut stack: Vec<&str> = Vec::new();
    let mut tests = Vec::new();
    let mut case: Option<OpenCase> = None;
    let mut doc = JunitDoc {
        tests: Vec::new(),
        format: "junit",
        duration: None,
    };
    loop {
        let event = match reader.next_event() {
            Ok(Some(event)) => event,
            Ok(None) => break,
            Err(e) => return Err(xml_error(e.line(text), e.message)),
        };
        match event {
            Event::Start {
                name: tag,
                attrs,
                empty,
            } => {
                if stack.is_empty() {
                    doc.format = match tag {
                        "testsuites" => "junit (ginkgo v2)",
                        "testsuite" => "junit (ginkgo v1)",
                        other => {
                            return Err(ResultsError::NotJunit {
                                name: name.to_string(),
                                root: other.to_string(),
                            });
                        }
                    };
                    doc.duration = seconds(attrs);
                    if empty {
                        break;
                    }
                }
                let depth = stack.len();
                match case.as_mut() {
                    None if tag == "testcase" => {
                        let open = OpenCase {
                            name: attr(attrs, "name").unwrap_or_default().into_owned(),
                            duration: seconds(attrs),
                            depth,
                            ..OpenCase::default()
                        };
                        if empty {
                            tests.push(open.finish());
                        } else {
                            case = Some(open);
                        }
                    }
                    Some(open) if depth == open.depth + 1 => match tag {
                        "skipped" => {
                            let message = attr(attrs, "message").unwrap_or_default();
                            open.skipped
                                .get_or_insert_with(|| message.trim().to_string());
                        }
                        "failure" | "error" if open.failure.is_none() => {
                            let message = attr(attrs, "message").unwrap_or_default();
                            open.failure = Some(message.trim().to_string());
                            if !empty {
                                open.collecting = Some((depth, String::new()));
                            }
                        }
                        _ => {}
                    },
                    _ => {}
                }
                if !empty {
                    stack.push(tag);
                }
            }
            Event::End { name: tag } => {
                let Some(open_tag) = stack.pop() else {
                    return Err(xml_error(
                        reader.line(),
                        format!("</{tag}> without a matching start tag"),
                    ));
                };
                if open_tag != tag {
                    return Err(xml_error(
                        reader.line(),
                        format!("</{tag}> closes <{open_tag}>"),
                    ));
                }
                let depth = stack.len();
                if let Some(open) = case.as_mut() {
                    if let Some((_, collected)) = open.collecting.take_if(|(at, _)| *at == depth) {
                        // The attribute is the short form; the body only matters without it.
                        if open.failure.as_deref() == Some("") {
                            open.failure = Some(collected.trim().to_string());
                        }
                    }
                    if depth == open.depth
                        && let Some(open) = case.take()
                    {
                        tests.push(open.finish());
                    }
                }
                if stack.is_empty() {
                    break;
                }
            }
            Event::Text { .. } => {
                if let Some((_, collected)) = case.as_mut().and_then(|c| c.collecting.as_mut())
                    && collected.len() < super::MAX_MESSAGE_CHARS * 4
                {
                    collected.push_str(&event.text());
                }
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(xml_error(
            reader.line(),
            format!("the file ends inside <{open}>; it is truncated"),
        ));
    }
    if doc.format == "junit" {
        return Err(ResultsError::NotJunit {
            name: name.to_string(),
            root: "(none)".to_string(),
        });
    }
    doc.tests = tests;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcomes(xml: &str) -> Vec<(String, TestOutcome, Option<String>)> {
        match parse("t.xml", xml) {
            Ok(doc) => doc
                .tests
                .into_iter()
                .map(|t| (t.name, t.outcome, t.message))
                .collect(),
            Err(e) => vec![(e.to_string(), TestOutcome::Skipped, None)],
        }
    }

    #[test]
    fn skipped_wins_over_failure_and_error() {
        let xml = r#"<testsuites><testsuite name="s">
          <testcase name="a" status="failed"><failure message="boom">x</failure><skipped/></testcase>
          <testcase name="b"><skipped message="pending"/><error message="e"/></testcase>
          <testcase name="c" status="passed"><error>stack</error></testcase>
          <testcase name="d" status="failed"/>
          <testcase name="e"><system-out>out</system-out></testcase>
        </testsuite></testsuites>"#;
        assert_eq!(
            outcomes(xml),
            vec![
                ("a".into(), TestOutcome::Skipped, None),
                ("b".into(), TestOutcome::Skipped, Some("pending".into())),
                ("c".into(), TestOutcome::Failed, Some("stack".into())),
                ("d".into(), TestOutcome::Passed, None),
                ("e".into(), TestOutcome::Passed, None),
            ]
        );
    }

    #[test]
    fn ginkgo_v1_failure_body_becomes_the_message() {
        let xml = "<testsuite tests=\"1\" time=\"12.5\"><testcase name=\"[sig-x] y\" time=\"3\">\
                   <failure type=\"Failure\">f.go:1&#xA;boom&#xA;f.go:2</failure></testcase></testsuite>";
        let doc = parse("t.xml", xml);
        let doc = doc.ok();
        assert_eq!(doc.as_ref().map(|d| d.format), Some("junit (ginkgo v1)"));
        assert_eq!(doc.as_ref().and_then(|d| d.duration), Some(12.5));
        let test = doc.and_then(|d| d.tests.into_iter().next());
        assert_eq!(
            test.map(|t| (t.outcome, t.message, t.duration)),
            Some((
                TestOutcome::Failed,
                Some("f.go:1\nboom\nf.go:2".into()),
                Some(3.0)
            ))
        );
    }

    #[test]
    fn other_xml_and_broken_xml_are_errors() {
        let other = parse("x.xml", "<project/>").err().map(|e| e.to_string());
        assert_eq!(
            other.as_deref(),
            Some(
                "`x.xml` is XML with root element <project>, expected a JUnit report (<testsuites> or <testsuite>)"
            )
        );
        let truncated = parse("t.xml", "<testsuite>\n<testcase name=\"a\">\n")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            truncated.as_deref(),
            Some(
                "`t.xml` is not a readable JUnit report: the file ends inside <testcase>; it is truncated (line 3)"
            )
        );
        let mismatched = parse("t.xml", "<testsuite>\n<testcase name=\"a\">\n</testsuite>")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            mismatched.as_deref(),
            Some("`t.xml` is not a readable JUnit report: </testsuite> closes <testcase> (line 3)")
        );
    }
}
