//! The rules a manifest must meet to enter krew-index: the structural checks of krew's
//! validation package, the platform checks of `validate-krew-manifest`, and what an install of
//! each archive must yield (the `bin` and a license file).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{API_VERSION, FileOperation, PlatformSpec, Plugin, Selector};
use crate::release::archive::Entry;

/// The `<os, arch>` pairs krew supports; every platform must select one and no pair may be
/// selected twice.
pub const SUPPORTED_PLATFORMS: [(&str, &str); 11] = [
    ("windows", "386"),
    ("windows", "amd64"),
    ("windows", "arm64"),
    ("linux", "386"),
    ("linux", "amd64"),
    ("linux", "arm"),
    ("linux", "arm64"),
    ("linux", "ppc64le"),
    ("darwin", "386"),
    ("darwin", "amd64"),
    ("darwin", "arm64"),
];

const WINDOWS_RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

static NAME: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[0-9A-Za-z_-]+$").ok());
static SHA256: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[a-f0-9]{64}$").ok());
/// Semantic versioning 2.0.0, with the leading `v` krew insists on.
static VERSION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)",
        r"(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?",
        r"(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$"
    ))
    .ok()
});

/// Whether `text` matches; a pattern that failed to compile matches nothing, so the rule fails
/// loudly instead of passing.
fn is_match(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(text))
}

/// Names krew's CI accepts as the license file of an installed plugin.
fn is_license_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "license" | "license.txt" | "license.md" | "copying" | "copying.txt"
    ) || name.starts_with("licenses")
}

/// Every rule `plugin` breaks, each naming the field; empty when krew-index would accept it.
/// `file_name` is the manifest's file name, which must be `<metadata.name>.yaml`.
pub fn validate(plugin: &Plugin, file_name: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut fail = |p: String| problems.push(p);
    if plugin.api_version != API_VERSION {
        fail(format!(
            "apiVersion is {:?}, krew accepts only {API_VERSION:?}",
            plugin.api_version
        ));
    }
    if plugin.kind != "Plugin" {
        fail(format!("kind is {:?}, must be \"Plugin\"", plugin.kind));
    }
    let name = &plugin.metadata.name;
    if !is_match(&NAME, name)
        || WINDOWS_RESERVED
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name))
    {
        fail(format!(
            "metadata.name {name:?} is not a safe plugin name (^[\\w-]+$, no Windows device name)"
        ));
    }
    if let Some(file_name) = file_name
        && file_name != format!("{name}.yaml")
    {
        fail(format!(
            "the manifest of plugin {name:?} must be named {name}.yaml, not {file_name}"
        ));
    }
    let spec = &plugin.spec;
    if spec.short_description.trim().is_empty() {
        fail("spec.shortDescription is empty".into());
    }
    if spec.short_description.contains(['\r', '\n']) {
        fail("spec.shortDescription has a line break".into());
    }
    if spec.description.trim().is_empty() {
        fail("spec.description is empty".into());
    }
    for (field, text, max) in [
        ("shortDescription", &spec.short_description, 70),
        ("description", &spec.description, 80),
        ("caveats", &spec.caveats, 80),
    ] {
        if let Some(line) = text
            .lines()
            .find(|l| l.chars().count() > max && l.trim().contains(' '))
        {
            fail(format!(
                "spec.{field} has a line longer than {max} characters: {line:?}"
            ));
        }
    }
    if !is_match(&VERSION, &spec.version) {
        fail(format!(
            "spec.version {:?} is not a semantic version with a leading v (like v1.2.3)",
            spec.version
        ));
    }
    if spec.platforms.is_empty() {
        fail("spec.platforms is empty: at least one platform is needed".into());
    }
    for (i, platform) in spec.platforms.iter().enumerate() {
        for problem in platform_problems(platform) {
            fail(format!("spec.platforms[{i}]: {problem}"));
        }
    }
    problems.extend(selector_problems(&spec.platforms));
    problems
}

fn platform_problems(platform: &PlatformSpec) -> Vec<String> {
    let mut problems = Vec::new();
    if platform.uri.is_empty() {
        problems.push("uri is not set".to_string());
    } else if !(platform.uri.ends_with(".tar.gz") || platform.uri.ends_with(".zip")) {
        problems.push(format!(
            "uri {} is neither a .tar.gz nor a .zip",
            platform.uri
        ));
    }
    if !is_match(&SHA256, &platform.sha256) {
        problems.push(format!(
            "sha256 {:?} is not 64 lowercase hex digits",
            platform.sha256
        ));
    }
    if platform.bin.is_empty() {
        problems.push("bin is not set".to_string());
    }
    match &platform.files {
        Some(files) if files.is_empty() => {
            problems.push("files is empty: omit it or list files".into())
        }
        Some(files) => {
            for (j, op) in files.iter().enumerate() {
                if op.from.is_empty() || op.to.is_empty() {
                    problems.push(format!("files[{j}] needs both from and to"));
                }
            }
        }
        None => {}
    }
    match &platform.selector {
        None => problems.push("selector is missing".into()),
        Some(selector) => {
            let labels = selector.match_labels.as_ref();
            let expressions = selector.match_expressions.as_ref();
            if labels.is_none_or(|l| l.is_empty()) && expressions.is_none_or(|e| e.is_empty()) {
                problems.push("selector is empty".into());
            }
            let keys = labels
                .into_iter()
                .flat_map(|l| l.keys())
                .chain(expressions.into_iter().flatten().map(|e| &e.key));
            for key in keys {
                if key != "os" && key != "arch" {
                    problems.push(format!(
                        "selector key {key:?} is not supported (only os and arch)"
                    ));
                }
            }
        }
    }
    problems
}

fn selector_problems(platforms: &[PlatformSpec]) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, platform) in platforms.iter().enumerate() {
        let Some(selector) = &platform.selector else {
            continue;
        };
        if !SUPPORTED_PLATFORMS
            .iter()
            .any(|(os, arch)| selector_matches(selector, os, arch))
        {
            problems.push(format!(
                "spec.platforms[{i}].selector matches no platform krew supports"
            ));
        }
    }
    for (os, arch) in SUPPORTED_PLATFORMS {
        let matching: Vec<usize> = platforms
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.selector
                    .as_ref()
                    .is_some_and(|s| selector_matches(s, os, arch))
            })
            .map(|(i, _)| i)
            .collect();
        if matching.len() > 1 {
            problems.push(format!(
                "spec.platforms {matching:?} overlap: their selectors all select os={os}, arch={arch}"
            ));
        }
    }
    problems
}

/// Whether a selector selects the labels `os`, `arch`, with Kubernetes label-selector
/// semantics. An operator this code does not know selects nothing.
pub fn selector_matches(selector: &Selector, os: &str, arch: &str) -> bool {
    let labels = BTreeMap::from([("os", os), ("arch", arch)]);
    let value = |key: &str| labels.get(key).copied();
    let by_labels = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| value(k) == Some(v.as_str()));
    let by_expressions = selector.match_expressions.iter().flatten().all(|e| {
        let v = value(&e.key);
        match e.operator.as_str() {
            "In" => v.is_some_and(|v| e.values.iter().any(|x| x == v)),
            "NotIn" => v.is_none_or(|v| !e.values.iter().any(|x| x == v)),
            "Exists" => v.is_some(),
            "DoesNotExist" => v.is_none(),
            _ => false,
        }
    });
    by_labels && by_expressions
}

/// What installing `platform` from an archive with `entries` would break: a `from` that matches
/// nothing, a `bin` that is not installed (or not executable), no license file installed, or the
/// completion helper `helper` missing.
pub fn check_archive(platform: &PlatformSpec, entries: &[Entry], helper: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let installed: Vec<(String, &Entry)> = match &platform.files {
        None => entries.iter().map(|e| (e.path.clone(), e)).collect(),
        Some(ops) => {
            let mut installed = Vec::new();
            for op in ops {
                let matched = install_targets(op, entries);
                if matched.is_empty() {
                    problems.push(format!(
                        "files: from {:?} matches nothing in the archive",
                        op.from
                    ));
                }
                installed.extend(matched);
            }
            installed
        }
    };
    let find = |name: &str| installed.iter().find(|(path, e)| path == name && e.is_file);
    match find(&platform.bin) {
        None => problems.push(format!(
            "bin {:?} is not installed from the archive",
            platform.bin
        )),
        Some((_, entry)) if entry.mode & 0o111 == 0 => {
            problems.push(format!(
                "bin {:?} is not executable in the archive",
                platform.bin
            ));
        }
        Some(_) => {}
    }
    if !installed
        .iter()
        .any(|(path, e)| e.is_file && !path.contains('/') && is_license_name(path))
    {
        problems.push("no license file (LICENSE, LICENSE.txt, COPYING, ...) is installed".into());
    }
    match find(helper) {
        None => problems.push(format!("the completion helper {helper} is not installed")),
        Some((_, entry)) if entry.mode & 0o111 == 0 => {
            problems.push(format!("the completion helper {helper} is not executable"));
        }
        Some(_) => {}
    }
    problems
}

/// The install paths of the entries a file operation copies (`to` joined with the entry name).
fn install_targets<'a>(op: &FileOperation, entries: &'a [Entry]) -> Vec<(String, &'a Entry)> {
    let from = op.from.trim_start_matches("./");
    let to = op.to.trim_start_matches("./").trim_end_matches('/');
    entries
        .iter()
        .filter(|e| glob_matches(from, &e.path))
        .map(|e| {
            let base = e.path.rsplit('/').next().unwrap_or(&e.path);
            let target = if to.is_empty() || to == "." {
                base.to_string()
            } else {
                format!("{to}/{base}")
            };
            (target, e)
        })
        .collect()
}

/// Shell-style glob over `/`-separated paths: `*` and `?` never cross a `/`.
fn glob_matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let path: Vec<char> = path.chars().collect();
    glob_at(&pattern, &path)
}

fn glob_at(pattern: &[char], path: &[char]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some(('*', rest)) => {
            let mut i = 0;
            loop {
                if glob_at(rest, &path[i..]) {
                    return true;
                }
                match path.get(i) {
                    Some(c) if *c != '/' => i += 1,
                    _ => return false,
                }
            }
        }
        Some(('?', rest)) => match path.split_first() {
            Some((c, tail)) if *c != '/' => glob_at(rest, tail),
            _ => false,
        },
        Some((p, rest)) => match path.split_first() {
            Some((c, tail)) if c == p => glob_at(rest, tail),
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::krew::Requirement;

    fn labels(os: &str, arch: &str) -> Selector {
        Selector {
            match_labels: Some(BTreeMap::from([
                ("os".to_string(), os.to_string()),
                ("arch".to_string(), arch.to_string()),
            ])),
            match_expressions: None,
        }
    }

    #[test]
    fn versions_need_v_and_semver() {
        for good in ["v0.1.0", "v1.2.3-rc.1", "v1.0.0+build.5", "v10.20.30"] {
            assert!(is_match(&VERSION, good), "{good}");
        }
        for bad in ["0.1.0", "v1.2", "v01.2.3", "v1.2.3-", "V1.2.3", ""] {
            assert!(!is_match(&VERSION, bad), "{bad}");
        }
    }

    #[test]
    fn selectors_follow_label_selector_semantics() {
        assert!(selector_matches(
            &labels("linux", "amd64"),
            "linux",
            "amd64"
        ));
        assert!(!selector_matches(
            &labels("linux", "amd64"),
            "linux",
            "arm64"
        ));
        let only_os = Selector {
            match_labels: Some(BTreeMap::from([("os".to_string(), "darwin".to_string())])),
            match_expressions: None,
        };
        assert!(selector_matches(&only_os, "darwin", "arm64"));
        let expr = |operator: &str, values: &[&str]| Selector {
            match_labels: None,
            match_expressions: Some(vec![Requirement {
                key: "arch".into(),
                operator: operator.into(),
                values: values.iter().map(ToString::to_string).collect(),
            }]),
        };
        assert!(selector_matches(
            &expr("In", &["amd64", "arm64"]),
            "linux",
            "arm64"
        ));
        assert!(!selector_matches(
            &expr("NotIn", &["arm64"]),
            "linux",
            "arm64"
        ));
        assert!(selector_matches(&expr("Exists", &[]), "linux", "arm"));
        assert!(!selector_matches(&expr("Bogus", &[]), "linux", "arm"));
    }

    #[test]
    fn globs_stay_within_a_path_segment() {
        assert!(glob_matches("*", "LICENSE"));
        assert!(!glob_matches("*", "dir/LICENSE"));
        assert!(glob_matches("kubectl-scs*", "kubectl-scs.exe"));
        assert!(glob_matches("dir/*.md", "dir/README.md"));
        assert!(glob_matches("LICENS?", "LICENSE"));
        assert!(!glob_matches("LICENSE", "LICENSE.txt"));
    }

    #[test]
    fn license_names_as_krew_accepts_them() {
        for name in [
            "LICENSE",
            "license.txt",
            "License.md",
            "COPYING",
            "LICENSES",
            "licenses.txt",
        ] {
            assert!(is_license_name(name), "{name}");
        }
        assert!(!is_license_name("README.md"));
        assert!(!is_license_name("LICENSE.rst"));
    }
}
