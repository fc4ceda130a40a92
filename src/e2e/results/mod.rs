//! Offline e2e results: the formats sonobuoy, hydrophone and the conformance image write,
//! read into one list of test results.
//!
//! The format is detected from the content, never from the file name: a gzip or tar
//! archive (a `sonobuoy retrieve` tarball in the current or the legacy layout, or the
//! conformance image's `e2e.tar.gz`), sonobuoy's `plugins/e2e/sonobuoy_results.yaml`, a
//! JUnit report (ginkgo v1 bare `<testsuite>` or v2 `<testsuites>`), or — when nothing
//! machine-readable exists — ginkgo's console log `e2e.log`. A directory is searched for
//! those files (see [`load_results`]).

mod archive;
mod bundle;
mod console;
mod dir;
mod error;
mod junit;
mod sonobuoy;
mod xml;

use serde::Serialize;

pub use console::ConsoleSummary;
pub use dir::load_results;
pub use error::ResultsError;

/// Largest input read into memory: a single file, or one member of an archive.
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;
/// Largest total of decompressed bytes read from one archive (guards against gzip bombs).
pub const MAX_ARCHIVE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Most members read from one archive.
pub const MAX_ARCHIVE_MEMBERS: u64 = 200_000;
/// Failure messages are cut to this many characters; the full text stays in the source files.
pub const MAX_MESSAGE_CHARS: usize = 4000;

/// Size limits applied while reading an input.
#[derive(Debug, Clone, Copy)]
struct Limits {
    input: u64,
    archive: u64,
    members: u64,
}

impl Limits {
    const DEFAULT: Limits = Limits {
        input: MAX_INPUT_BYTES,
        archive: MAX_ARCHIVE_BYTES,
        members: MAX_ARCHIVE_MEMBERS,
    };
}

/// What happened to one test, following sonobuoy's mapping of JUnit results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TestOutcome {
    /// Ran and passed.
    Passed,
    /// Ran and failed (a JUnit `<failure>` or `<error>`, sonobuoy status `failed`).
    Failed,
    /// Did not run (a JUnit `<skipped>`, which wins over `<failure>`/`<error>`).
    Skipped,
}

/// One test as the results file names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    /// Full name as written by the e2e suite, e.g. `[It] [sig-network] Netpol ...`.
    pub name: String,
    /// Passed, failed or skipped.
    pub outcome: TestOutcome,
    /// Failure message (or a skip reason other than plain "skipped"), cut to
    /// [`MAX_MESSAGE_CHARS`].
    pub message: Option<String>,
    /// Run time in seconds, when recorded.
    pub duration: Option<f64>,
}

/// Everything read from one offline input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Results {
    /// Every test case in input order, ginkgo suite nodes included (judging leaves out
    /// the ones that did not fail). From a console log only the tests the log names.
    pub tests: Vec<TestResult>,
    /// The format detected and where it came from, e.g.
    /// `sonobuoy_results.yaml (plugins/e2e/sonobuoy_results.yaml in a sonobuoy tarball)`.
    pub source: String,
    /// The `Ran N of M Specs` summary, present only when the console log was judged.
    pub summary: Option<ConsoleSummary>,
    /// Server version, from sonobuoy's `serverversion.json` or the e2e log.
    pub kubernetes_version: Option<String>,
    /// Wall-clock run time in seconds, when the input records it.
    pub duration_seconds: Option<f64>,
}

/// The input formats that can be told apart by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Gzip,
    Tar,
    Junit,
    SonobuoyYaml,
    Console,
    Unknown,
}

/// How many leading bytes format detection looks at.
const SNIFF_BYTES: usize = 64 * 1024;

fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    if is_tar(bytes) {
        return Format::Tar;
    }
    let head = bytes.get(..SNIFF_BYTES.min(bytes.len())).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') {
        return if text.contains("<testsuite") {
            Format::Junit
        } else {
            Format::Unknown
        };
    }
    if sonobuoy::looks_like_results_yaml(text) {
        return Format::SonobuoyYaml;
    }
    if console::looks_like_console_log(text) {
        return Format::Console;
    }
    Format::Unknown
}

fn is_tar(bytes: &[u8]) -> bool {
    bytes.get(257..262) == Some(b"ustar".as_slice())
}

/// Reads results from the bytes of one file; `name` is used in messages and `source`.
/// Pure: no file system access. Never panics, whatever the bytes.
pub fn parse_results_bytes(name: &str, bytes: &[u8]) -> Result<Results, ResultsError> {
    parse_limited(name, bytes, Limits::DEFAULT, 0)
}

fn parse_limited(
    name: &str,
    bytes: &[u8],
    limits: Limits,
    depth: u8,
) -> Result<Results, ResultsError> {
    match sniff(bytes) {
        Format::Gzip if depth == 0 => match archive::gunzip_or_untar(name, bytes, limits)? {
            archive::Unpacked::Archive(results) => Ok(results),
            archive::Unpacked::Plain(inner) => parse_limited(name, &inner, limits, depth + 1),
        },
        Format::Tar => archive::read_tar(name, bytes, limits),
        Format::Junit => {
            let text = String::from_utf8_lossy(bytes);
            let doc = junit::parse(name, &text)?;
            Ok(Results {
                tests: doc.tests,
                source: doc.format.to_string(),
                summary: None,
                kubernetes_version: None,
                duration_seconds: doc.duration,
            })
        }
        Format::SonobuoyYaml => {
            let tests = sonobuoy::parse(name, bytes)?;
            Ok(Results {
                tests,
                source: "sonobuoy_results.yaml".to_string(),
                summary: None,
                kubernetes_version: None,
                duration_seconds: None,
            })
        }
        Format::Console => {
            let text = String::from_utf8_lossy(bytes);
            console::parse(name, &text)
        }
        Format::Gzip | Format::Unknown => Err(ResultsError::Unrecognised {
            name: name.to_string(),
        }),
    }
}

/// Cuts `text` to [`MAX_MESSAGE_CHARS`] characters, marking the cut.
fn clip_message(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_string(),
    }
}

/// Server version from the lines the e2e framework logs at start-up.
fn version_from_log(text: &str) -> Option<String> {
    const MARKERS: [&str; 2] = ["INFO: kube-apiserver version: ", "INFO: Server version: "];
    text.lines().take(2000).find_map(|line| {
        MARKERS.iter().find_map(|marker| {
            let at = line.find(marker)?;
            let version = line.get(at + marker.len()..)?.trim();
            (!version.is_empty()).then(|| version.to_string())
        })
    })
}

/// [`parse_results_bytes`] with small limits, to exercise them in tests.
#[cfg(test)]
pub(crate) fn parse_with_limits(
    name: &str,
    bytes: &[u8],
    input: u64,
    archive: u64,
    members: u64,
) -> Result<Results, ResultsError> {
    let limits = Limits {
        input,
        archive,
        members,
    };
    parse_limited(name, bytes, limits, 0)
}
