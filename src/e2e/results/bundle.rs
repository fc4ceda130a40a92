//! Choosing what to judge among the files of an archive or a directory.
//!
//! Preference follows how much each format knows: sonobuoy's `sonobuoy_results.yaml`
//! (what SCS judges), then JUnit reports (all of them: older parallel runs wrote one per
//! ginkgo node), then — in a directory — a results archive, and last the console log.

use std::borrow::Cow;

use super::{Format, Results, ResultsError, console, junit, sonobuoy, version_from_log};

/// One file of a bundle, with its detected format.
pub(super) struct Member {
    /// Path relative to the bundle root, `/`-separated.
    pub path: String,
    pub format: Format,
}

/// Reads a member's bytes, by index into the member list.
pub(super) type ReadMember<'a> = dyn Fn(usize) -> Result<Cow<'a, [u8]>, ResultsError> + 'a;

/// What the bundle is, for `Results::source` and messages.
pub(super) struct Bundle<'a> {
    /// e.g. "sonobuoy tarball", "directory".
    pub kind: &'static str,
    /// The archive or directory as given.
    pub name: &'a str,
    /// Joins `name` and a member path for messages (`dir/file` or `archive!member`).
    pub separator: char,
    /// `gitVersion` from sonobuoy's `serverversion.json`, when present.
    pub server_version: Option<String>,
}

impl Bundle<'_> {
    fn member_name(&self, path: &str) -> String {
        format!(
            "{}{}{}",
            self.name.trim_end_matches('/'),
            self.separator,
            path
        )
    }
}

const LOOKED_FOR: &str = "plugins/e2e/sonobuoy_results.yaml, a JUnit report \
(plugins/e2e/results/global/junit_01.xml, plugins/e2e/results/junit_01.xml or junit_01.xml) \
or a ginkgo console log (e2e.log)";

/// Index of the preferred member of `format`: the one whose path ends in `preferred`,
/// else the first in path order.
fn pick(members: &[Member], format: Format, preferred: &str) -> Option<usize> {
    let mut of_format: Vec<usize> = (0..members.len())
        .filter(|i| members.get(*i).is_some_and(|m| m.format == format))
        .collect();
    of_format.sort_by_key(|i| members.get(*i).map(|m| m.path.as_str()));
    of_format
        .iter()
        .copied()
        .find(|i| members.get(*i).is_some_and(|m| m.path.ends_with(preferred)))
        .or_else(|| of_format.first().copied())
}

/// Builds results from the best member(s) of a bundle.
pub(super) fn assemble(
    bundle: &Bundle<'_>,
    members: &[Member],
    read: &ReadMember<'_>,
) -> Result<Results, ResultsError> {
    let path_of = |i: usize| members.get(i).map_or("", |m| m.path.as_str());
    let console_index = pick(members, Format::Console, "e2e.log");
    let console_text = || -> Option<String> {
        let bytes = read(console_index?).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    };

    let mut results = if let Some(i) = pick(
        members,
        Format::SonobuoyYaml,
        "plugins/e2e/sonobuoy_results.yaml",
    ) {
        let bytes = read(i)?;
        let tests = sonobuoy::parse(&bundle.member_name(path_of(i)), &bytes)?;
        Results {
            tests,
            source: format!("sonobuoy_results.yaml ({} in {})", path_of(i), bundle.kind),
            summary: None,
            kubernetes_version: None,
            duration_seconds: None,
        }
    } else if members.iter().any(|m| m.format == Format::Junit) {
        let mut indices: Vec<usize> = (0..members.len())
            .filter(|i| members.get(*i).is_some_and(|m| m.format == Format::Junit))
            .collect();
        indices.sort_by_key(|i| path_of(*i));
        let mut tests = Vec::new();
        let mut label = "junit";
        let mut duration: Option<f64> = None;
        for &i in &indices {
            let bytes = read(i)?;
            let text = String::from_utf8_lossy(&bytes);
            let doc = junit::parse(&bundle.member_name(path_of(i)), &text)?;
            tests.extend(doc.tests);
            label = doc.format;
            duration = match (duration, doc.duration) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        let paths: Vec<&str> = indices.iter().map(|i| path_of(*i)).collect();
        Results {
            tests,
            source: format!("{label} ({} in {})", paths.join(", "), bundle.kind),
            summary: None,
            kubernetes_version: None,
            duration_seconds: duration,
        }
    } else if let Some(i) =
        pick(members, Format::Gzip, ".tar.gz").or_else(|| pick(members, Format::Tar, ".tar"))
    {
        let archives: Vec<&str> = members
            .iter()
            .filter(|m| matches!(m.format, Format::Gzip | Format::Tar))
            .map(|m| m.path.as_str())
            .collect();
        if archives.len() > 1 {
            return Err(ResultsError::Ambiguous {
                name: bundle.name.to_string(),
                candidates: archives.join(", "),
            });
        }
        let bytes = read(i)?;
        let mut inner = super::parse_results_bytes(&bundle.member_name(path_of(i)), &bytes)?;
        inner.source = format!("{}, from {} in {}", inner.source, path_of(i), bundle.kind);
        inner
    } else if let Some(i) = console_index {
        let bytes = read(i)?;
        let text = String::from_utf8_lossy(&bytes);
        let mut results = console::parse(&bundle.member_name(path_of(i)), &text)?;
        results.source = format!("console log ({} in {})", path_of(i), bundle.kind);
        results
    } else {
        return Err(ResultsError::NothingToJudge {
            name: bundle.name.to_string(),
            looked_for: LOOKED_FOR.to_string(),
        });
    };

    if results.kubernetes_version.is_none() {
        results.kubernetes_version = bundle.server_version.clone();
    }
    let needs_log = results.summary.is_none()
        && (results.kubernetes_version.is_none() || results.duration_seconds.is_none());
    if needs_log && let Some(text) = console_text() {
        if results.kubernetes_version.is_none() {
            results.kubernetes_version = version_from_log(&text);
        }
        if results.duration_seconds.is_none() {
            results.duration_seconds = console::run_seconds(&text);
        }
    }
    Ok(results)
}

/// True for macOS metadata files that archives made on a Mac carry along.
pub(super) fn is_os_clutter(path: &str) -> bool {
    path.split('/')
        .any(|part| part.starts_with("._") || part == ".DS_Store")
}

/// `gitVersion` from sonobuoy's `serverversion.json`.
pub(super) fn server_version(bytes: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    Some(value.get("gitVersion")?.as_str()?.to_string())
}

/// True when the member is `serverversion.json` at the bundle root.
pub(super) fn is_server_version(path: &str) -> bool {
    path == "serverversion.json"
}
