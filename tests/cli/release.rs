//! Release packaging: the archive built from the binary under test, the manifest rendered for it,
//! krew's rules, and the committed krew files.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use regex::Regex;
use xtask::release::dist::{self, Verified};
use xtask::release::krew::{self, PlatformRelease};
use xtask::release::platform::RELEASE_TARGETS;
use xtask::release::{self, ArchiveInput, Platform, archive};

use crate::support::output_of_fresh;

const REGENERATE: &str = "cargo xtask krew-files";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tag() -> String {
    release::tag(env!("CARGO_PKG_VERSION"))
}

/// Builds the host archive from the debug binary, the way `cargo xtask dist` does, into `dist`.
fn host_archive(dist: &Path) -> (Platform, archive::Archive) {
    let platform = Platform::host().expect("tests run on a platform krew supports");
    let built = archive::build(
        &ArchiveInput {
            tag: &tag(),
            platform: &platform,
            binary: &assert_cmd::cargo::cargo_bin("kubectl-scs"),
            license: &root().join("LICENSE"),
            readme: &root().join("README.md"),
            mtime: 0,
        },
        dist,
    )
    .unwrap();
    archive::write_checksum(&built).unwrap();
    (platform, built)
}

#[test]
fn host_archive_matches_its_manifest_and_krew_rules() {
    let dist_dir = tempfile::tempdir().unwrap();
    let (platform, built) = host_archive(dist_dir.path());
    let releases =
        dist::releases_in(dist_dir.path(), &tag(), "https://example.org/releases/v").unwrap();
    assert_eq!(releases.len(), 1);
    assert_eq!(releases[0].sha256, built.sha256);
    assert_eq!(releases[0].platform, platform);
    let text = krew::render_manifest(&tag(), &releases);
    let Verified {
        problems,
        archives_checked,
    } = dist::verify(&text, "scs.yaml", dist_dir.path()).unwrap();
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(archives_checked, 1);

    let plugin = krew::parse("scs.yaml", &text).unwrap();
    let spec = &plugin.spec.platforms[0];
    let entries = archive::entries(&built.path).unwrap();
    let names: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    for file in spec.files.as_ref().unwrap() {
        assert!(
            names.contains(&file.from.as_str()),
            "{} not in {names:?}",
            file.from
        );
    }
    assert!(names.contains(&spec.bin.as_str()));
}

/// What krew would put on disk from the archive works: the helper runs the plugin it was
/// shipped with and answers kubectl's protocol.
#[test]
fn extracted_archive_helper_completes() {
    let dist_dir = tempfile::tempdir().unwrap();
    let (platform, built) = host_archive(dist_dir.path());
    let install = tempfile::tempdir().unwrap();
    archive::extract(&built.path, install.path()).unwrap();
    let mut path = vec![install.path().to_path_buf()];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let output = output_of_fresh(
        Process::new(install.path().join(platform.helper_name()))
            .args(["check", "kube"])
            .env("PATH", std::env::join_paths(path).unwrap()),
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.first().is_some_and(|l| l.starts_with("kubeapi\t")),
        "{text}"
    );
    assert_eq!(lines.last(), Some(&":4"));
}

/// The manifest for every release target (as the release pipeline renders it) meets krew's
/// rules, including the platform coverage the issue asks for.
#[test]
fn full_manifest_covers_six_platforms_without_overlap() {
    let releases: Vec<PlatformRelease> = RELEASE_TARGETS
        .iter()
        .map(|t| PlatformRelease {
            platform: Platform::from_target(t).unwrap(),
            uri: format!(
                "https://example.org/{}",
                release::archive_file_name("v1.0.0", t)
            ),
            sha256: "0".repeat(64),
        })
        .collect();
    let text = krew::render_manifest("v1.0.0", &releases);
    let plugin = krew::parse("scs.yaml", &text).unwrap();
    assert_eq!(
        krew::validate(&plugin, Some("scs.yaml")),
        Vec::<String>::new()
    );
    for (os, arch) in [
        ("linux", "amd64"),
        ("linux", "arm64"),
        ("darwin", "amd64"),
        ("darwin", "arm64"),
        ("windows", "amd64"),
        ("windows", "arm64"),
    ] {
        let selected: Vec<&krew::PlatformSpec> = plugin
            .spec
            .platforms
            .iter()
            .filter(|p| krew::selector_matches(p.selector.as_ref().unwrap(), os, arch))
            .collect();
        assert_eq!(selected.len(), 1, "{os}/{arch}");
        let expected_bin = if os == "windows" {
            "kubectl-scs.exe"
        } else {
            "kubectl-scs"
        };
        assert_eq!(selected[0].bin, expected_bin);
    }
    assert!(plugin.spec.caveats.contains("install-kubectl-helper"));
    assert!(plugin.spec.caveats.contains("RBAC") || plugin.spec.caveats.contains("get, list"));
}

/// A change to a manifest's text.
type Edit = Box<dyn Fn(&str) -> String>;

fn manifest_with(edit: impl FnOnce(&str) -> String) -> Vec<String> {
    let releases = vec![PlatformRelease {
        platform: Platform::from_target("x86_64-unknown-linux-musl").unwrap(),
        uri: "https://example.org/a.tar.gz".into(),
        sha256: "a".repeat(64),
    }];
    let text = edit(&krew::render_manifest("v1.0.0", &releases));
    match krew::parse("scs.yaml", &text) {
        Ok(plugin) => krew::validate(&plugin, Some("scs.yaml")),
        Err(e) => vec![e.message],
    }
}

/// Each rule catches what it is there for.
#[test]
fn validator_rejects_what_krew_index_rejects() {
    assert!(manifest_with(|t| t.to_string()).is_empty());
    let cases: [(&str, Edit, &str); 9] = [
        (
            "no v",
            Box::new(|t| t.replace("version: v1.0.0", "version: 1.0.0")),
            "spec.version",
        ),
        (
            "upper sha",
            Box::new(|t| t.replace(&"a".repeat(64), &"A".repeat(64))),
            "sha256",
        ),
        (
            "short sha",
            Box::new(|t| t.replace(&"a".repeat(64), "abc")),
            "sha256",
        ),
        (
            "selector key",
            Box::new(|t| {
                t.replace(
                    "        arch: amd64",
                    "        arch: amd64\n        distro: debian",
                )
            }),
            "selector key \"distro\"",
        ),
        (
            "no bin",
            Box::new(|t| t.replace("    bin: kubectl-scs\n", "")),
            "bin is not set",
        ),
        (
            "name",
            Box::new(|t| t.replace("name: scs", "name: other")),
            "must be named other.yaml",
        ),
        (
            "short description",
            Box::new(|t| {
                t.replace(
                    "shortDescription: ",
                    "shortDescription: |\n    two\n    lines ",
                )
            }),
            "line break",
        ),
        (
            "kind",
            Box::new(|t| t.replace("kind: Plugin", "kind: Thing")),
            "kind",
        ),
        ("no files", Box::new(files_emptied), "files is empty"),
    ];
    for (what, edit, expected) in cases {
        let problems = manifest_with(edit);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{what}: {problems:?}"
        );
    }
}

fn files_emptied(text: &str) -> String {
    let re = Regex::new(r"(?s)    files:\n.*?(    bin:)").unwrap();
    re.replace(text, "    files: []\n$1").into_owned()
}

#[test]
fn overlapping_and_unsupported_selectors_are_rejected() {
    let twice: Vec<PlatformRelease> = ["x86_64-unknown-linux-musl", "x86_64-unknown-linux-gnu"]
        .iter()
        .map(|t| PlatformRelease {
            platform: Platform::from_target(t).unwrap(),
            uri: format!("https://example.org/{t}.tar.gz"),
            sha256: "b".repeat(64),
        })
        .collect();
    let plugin = krew::parse("scs.yaml", &krew::render_manifest("v1.0.0", &twice)).unwrap();
    let problems = krew::validate(&plugin, Some("scs.yaml"));
    assert!(
        problems
            .iter()
            .any(|p| p.contains("overlap") && p.contains("os=linux, arch=amd64")),
        "{problems:?}"
    );

    let text = krew::render_manifest("v1.0.0", &twice[..1]).replace("os: linux", "os: plan9");
    let plugin = krew::parse("scs.yaml", &text).unwrap();
    let problems = krew::validate(&plugin, Some("scs.yaml"));
    assert!(
        problems.iter().any(|p| p.contains("matches no platform")),
        "{problems:?}"
    );
}

/// An archive without LICENSE, or with a bin that is not executable, fails the install check.
#[test]
fn archive_check_finds_missing_license_and_helper() {
    let text = krew::render_manifest(
        "v1.0.0",
        &[PlatformRelease {
            platform: Platform::from_target("x86_64-unknown-linux-musl").unwrap(),
            uri: "https://example.org/a.tar.gz".into(),
            sha256: "a".repeat(64),
        }],
    );
    let plugin = krew::parse("scs.yaml", &text).unwrap();
    let spec = &plugin.spec.platforms[0];
    let entry = |path: &str, mode: u32| archive::Entry {
        path: path.into(),
        mode,
        is_file: true,
    };
    let complete = vec![
        entry("kubectl-scs", 0o755),
        entry("kubectl_complete-scs", 0o755),
        entry("LICENSE", 0o644),
        entry("README.md", 0o644),
    ];
    assert!(krew::check_archive(spec, &complete, "kubectl_complete-scs").is_empty());
    let without_license: Vec<_> = complete
        .iter()
        .filter(|e| e.path != "LICENSE")
        .cloned()
        .collect();
    let problems = krew::check_archive(spec, &without_license, "kubectl_complete-scs");
    assert!(
        problems.iter().any(|p| p.contains("no license file")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("\"LICENSE\" matches nothing")),
        "{problems:?}"
    );
    let mut not_executable = complete.clone();
    not_executable[0].mode = 0o644;
    let problems = krew::check_archive(spec, &not_executable, "kubectl_complete-scs");
    assert!(
        problems.iter().any(|p| p.contains("not executable")),
        "{problems:?}"
    );
    let without_helper: Vec<_> = complete
        .iter()
        .filter(|e| e.path != "kubectl_complete-scs")
        .cloned()
        .collect();
    let problems = krew::check_archive(spec, &without_helper, "kubectl_complete-scs");
    assert!(
        problems.iter().any(|p| p.contains("completion helper")),
        "{problems:?}"
    );
}

/// krew/scs.yaml is the manifest the renderer makes for its version and checksums, and it meets
/// krew's rules for all six platforms.
#[test]
fn committed_manifest_is_valid_and_rendered() {
    let path = root().join("krew/scs.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let plugin = krew::parse("krew/scs.yaml", &text).unwrap();
    assert_eq!(
        krew::validate(&plugin, Some("scs.yaml")),
        Vec::<String>::new()
    );
    assert_eq!(plugin.spec.platforms.len(), RELEASE_TARGETS.len());
    let tag = plugin.spec.version.clone();
    let base = release::default_base_url(&tag);
    let releases: Vec<PlatformRelease> = RELEASE_TARGETS
        .iter()
        .map(|t| {
            let uri = format!("{base}/{}", release::archive_file_name(&tag, t));
            let sha256 = plugin
                .spec
                .platforms
                .iter()
                .find(|p| p.uri == uri)
                .map(|p| p.sha256.clone())
                .unwrap_or_else(|| {
                    panic!("krew/scs.yaml has no platform with uri {uri}; run {REGENERATE}")
                });
            PlatformRelease {
                platform: Platform::from_target(t).unwrap(),
                uri,
                sha256,
            }
        })
        .collect();
    assert!(
        krew::render_manifest(&tag, &releases) == text,
        "krew/scs.yaml differs from what the renderer makes; run {REGENERATE}"
    );
}

#[test]
fn committed_bot_template_is_rendered_and_renders_a_valid_manifest() {
    let text = std::fs::read_to_string(root().join(".krew.yaml")).unwrap();
    assert!(
        text == krew::render_bot_template(),
        ".krew.yaml differs from what the renderer makes; run {REGENERATE}"
    );
    // Render it as krew-release-bot does: the tag, then uri and sha256 for each addURIAndSha.
    let tagged = text.replace("{{ .TagName }}", "v2.3.4");
    let call = Regex::new(r#"\{\{addURIAndSha "([^"]+)" \.TagName \}\}"#).unwrap();
    assert_eq!(call.find_iter(&tagged).count(), RELEASE_TARGETS.len());
    let rendered = call.replace_all(&tagged, |c: &regex::Captures<'_>| {
        format!("uri: {}\n    sha256: {}", &c[1], "c".repeat(64))
    });
    assert!(
        !rendered.contains("{{"),
        "a template action is left: {rendered}"
    );
    let plugin = krew::parse(".krew.yaml", &rendered).unwrap();
    assert_eq!(
        krew::validate(&plugin, Some("scs.yaml")),
        Vec::<String>::new()
    );
    assert_eq!(plugin.spec.version, "v2.3.4");
    assert!(
        plugin.spec.platforms[0]
            .uri
            .ends_with("/v2.3.4/kubectl-scs_v2.3.4_x86_64-unknown-linux-musl.tar.gz")
    );
}
