//! Input detection, archives and their limits, directories, console logs, and errors.

use std::io::{Read, Write};

use super::{CILIUM_CIDR_TESTS, ROOT};
use crate::e2e::results::parse_with_limits;
use crate::e2e::*;
use crate::report::Outcome;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    assert!(encoder.write_all(bytes).is_ok());
    encoder.finish().unwrap_or_default()
}

fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, data) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        assert!(builder.append_data(&mut header, path, *data).is_ok());
    }
    builder.into_inner().unwrap_or_default()
}

/// A member of a fixture tarball.
fn member(tarball: &str, wanted: &str) -> Vec<u8> {
    let bytes = std::fs::read(format!("{ROOT}{tarball}")).unwrap_or_default();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes.as_slice()));
    let Ok(entries) = archive.entries() else {
        return Vec::new();
    };
    for entry in entries.flatten() {
        let mut entry = entry;
        let path = entry
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.trim_start_matches("./") == wanted {
            let mut data = Vec::new();
            assert!(entry.read_to_end(&mut data).is_ok());
            return data;
        }
    }
    Vec::new()
}

fn err(result: Result<Results, ResultsError>) -> String {
    match result {
        Ok(r) => format!("accepted as {}", r.source),
        Err(e) => e.to_string(),
    }
}

const TALOS_JUNIT: &str = "junit-v1.29.0-talos/junit_01.xml";

fn talos_junit() -> Vec<u8> {
    std::fs::read(format!("{ROOT}{TALOS_JUNIT}")).unwrap_or_default()
}

#[test]
fn conformance_image_tarball_prefers_junit_and_reads_the_log() {
    let log = b"I0101 e2e.go:117] Starting e2e run\nJan  1 00:00:00.000: INFO: kube-apiserver version: v1.29.0\nRunning Suite: Kubernetes e2e suite\nRan 388 of 7407 Specs in 5000.5 seconds\nSUCCESS! -- 388 Passed | 0 Failed | 0 Pending | 7019 Skipped\n";
    let junit = talos_junit();
    let archive = gzip(&tar_of(&[("e2e.log", log), ("junit_01.xml", &junit)]));
    let results = parse_results_bytes("e2e.tar.gz", &archive);
    let Ok(results) = results else {
        panic!("{}", err(results));
    };
    assert_eq!(
        results.source,
        "junit (ginkgo v2) (junit_01.xml in an archive)"
    );
    assert_eq!(results.kubernetes_version.as_deref(), Some("v1.29.0"));
    assert_eq!(results.summary, None);
    let j = judge(Check::Conformance, &results, &Waivers::builtin());
    assert_eq!(
        (j.verdict, j.counts.passed, j.counts.skipped),
        (Outcome::Ok, 388, 7019)
    );
}

#[test]
fn legacy_sonobuoy_layout_with_junit_and_clutter() {
    let junit = talos_junit();
    let archive = gzip(&tar_of(&[
        ("./plugins/e2e/._junit_01.xml", b"\x00\x05\x16\x07 mac"),
        ("./plugins/e2e/results/junit_01.xml", &junit),
        ("./plugins/systemd_logs/results/node1", b"log"),
        ("./serverversion.json", br#"{"gitVersion":"v1.29.0"}"#),
    ]));
    let results = parse_results_bytes("legacy.tar.gz", &archive);
    assert_eq!(
        results
            .as_ref()
            .map(|r| (
                r.source.as_str(),
                r.kubernetes_version.as_deref(),
                r.tests.len()
            ))
            .ok(),
        Some((
            "junit (ginkgo v2) (plugins/e2e/results/junit_01.xml in a sonobuoy tarball)",
            Some("v1.29.0"),
            7411
        ))
    );
}

#[test]
fn plain_tar_and_gzipped_single_files_are_read() {
    let junit = talos_junit();
    let tar = tar_of(&[("junit_01.xml", &junit)]);
    assert_eq!(
        parse_results_bytes("r.tar", &tar)
            .map(|r| r.tests.len())
            .ok(),
        Some(7411)
    );
    let gz = gzip(&junit);
    assert_eq!(
        parse_results_bytes("junit_01.xml.gz", &gz)
            .map(|r| (r.tests.len(), r.source))
            .ok(),
        Some((7411, "junit (ginkgo v2)".to_string()))
    );
}

#[test]
fn archive_limits_are_enforced() {
    let big = vec![b'x'; 4096];
    let archive = gzip(&tar_of(&[("junit_01.xml", &big)]));
    assert_eq!(
        err(parse_with_limits(
            "big.tar.gz",
            &archive,
            1000,
            1 << 20,
            100
        )),
        "`big.tar.gz!junit_01.xml` is larger than 1000 bytes, the most this tool reads; pass the e2e results files themselves"
    );
    let bomb = gzip(&vec![0u8; 200_000]);
    assert_eq!(
        err(parse_with_limits("bomb.gz", &bomb, 1 << 30, 50_000, 100)),
        "`bomb.gz` exceeds the limit of 50000 decompressed bytes; is this really an e2e results archive?"
    );
    let many: Vec<(String, Vec<u8>)> = (0..5).map(|i| (format!("f{i}.txt"), vec![b'a'])).collect();
    let refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(p, d)| (p.as_str(), d.as_slice()))
        .collect();
    let archive = gzip(&tar_of(&refs));
    assert_eq!(
        err(parse_with_limits(
            "many.tar.gz",
            &archive,
            1 << 20,
            1 << 20,
            3
        )),
        "`many.tar.gz` exceeds the limit of 3 members; is this really an e2e results archive?"
    );
    // A header that claims a huge member is refused before anything is read.
    let mut header = tar::Header::new_gnu();
    assert!(header.set_path("junit_01.xml").is_ok());
    header.set_size(1 << 40);
    header.set_cksum();
    let mut claimed = header.as_bytes().to_vec();
    claimed.extend_from_slice(&[0u8; 1024]);
    assert_eq!(
        err(parse_results_bytes("claim.tar", &claimed)),
        "`claim.tar!junit_01.xml` is larger than 536870912 bytes, the most this tool reads; pass the e2e results files themselves"
    );
}

#[test]
fn bad_inputs_name_the_path_and_what_was_expected() {
    assert_eq!(
        err(parse_results_bytes("notes.txt", b"hello world\n")),
        "`notes.txt` is not an e2e result this tool understands; expected a `sonobuoy retrieve` tarball, plugins/e2e/sonobuoy_results.yaml, a JUnit XML report (junit_01.xml), the conformance image's e2e.tar.gz, or a ginkgo console log (e2e.log)"
    );
    let mut corrupt = gzip(b"0123456789");
    corrupt.truncate(12);
    assert!(
        err(parse_results_bytes("x.tar.gz", &corrupt))
            .starts_with("`x.tar.gz` is a damaged archive: ")
    );
    assert_eq!(
        err(parse_results_bytes(
            "empty.tar.gz",
            &gzip(&tar_of(&[("README", b"hi")]))
        )),
        "`empty.tar.gz` holds no e2e results; looked for plugins/e2e/sonobuoy_results.yaml, a JUnit report (plugins/e2e/results/global/junit_01.xml, plugins/e2e/results/junit_01.xml or junit_01.xml) or a ginkgo console log (e2e.log)"
    );
    assert_eq!(
        err(parse_results_bytes(
            "pom.xml",
            b"<?xml version=\"1.0\"?>\n<project><testsuite/></project>"
        )),
        "`pom.xml` is XML with root element <project>, expected a JUnit report (<testsuites> or <testsuite>)"
    );
    assert!(
        err(parse_results_bytes("r.yaml", b"name: e2e\nitems: [\n"))
            .starts_with("`r.yaml` is not a readable sonobuoy_results.yaml: "),
    );
    let missing = std::path::Path::new("/nonexistent/results.tar.gz");
    assert!(err(load_results(missing)).starts_with("cannot read `/nonexistent/results.tar.gz`: "));
}

#[test]
fn directories_are_searched_and_ambiguity_is_an_error() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("no temp dir")
    };
    let name = dir.path().display().to_string();
    assert_eq!(
        err(load_results(dir.path())),
        format!(
            "`{name}` holds no e2e results; looked for plugins/e2e/sonobuoy_results.yaml, a JUnit report (plugins/e2e/results/global/junit_01.xml, plugins/e2e/results/junit_01.xml or junit_01.xml) or a ginkgo console log (e2e.log)"
        )
    );
    let tarball = std::fs::read(format!(
        "{ROOT}sonobuoy-v1.21.1-quick/results-quick-no-failures.tar.gz"
    ))
    .unwrap_or_default();
    assert!(std::fs::write(dir.path().join("a.tar.gz"), &tarball).is_ok());
    assert!(std::fs::write(dir.path().join("b.tar.gz"), &tarball).is_ok());
    assert_eq!(
        err(load_results(dir.path())),
        format!("`{name}` holds several archives (a.tar.gz, b.tar.gz); pass one of them")
    );
    // The runner's artifacts directory: junit_01.xml and e2e.log.
    let Ok(artifacts) = tempfile::tempdir() else {
        panic!("no temp dir")
    };
    assert!(std::fs::write(artifacts.path().join("junit_01.xml"), talos_junit()).is_ok());
    assert!(std::fs::write(artifacts.path().join("e2e.log"), "Running Suite: x\nINFO: kube-apiserver version: v1.29.0\nRan 388 of 7407 Specs in 10.0 seconds\nSUCCESS! -- 388 Passed | 0 Failed | 0 Pending | 7019 Skipped\n").is_ok());
    let results = load_results(artifacts.path());
    assert_eq!(
        results
            .map(|r| (
                r.source,
                r.kubernetes_version,
                r.duration_seconds.is_some(),
                r.tests.len()
            ))
            .ok(),
        Some((
            "junit (ginkgo v2) (junit_01.xml in a directory)".to_string(),
            Some("v1.29.0".to_string()),
            true,
            7411
        ))
    );
    // An extracted sonobuoy tarball.
    let Ok(extracted) = tempfile::tempdir() else {
        panic!("no temp dir")
    };
    let yaml = std::fs::read(format!("{ROOT}sonobuoy-v1.25.5-civo/sonobuoy_results.yaml"))
        .unwrap_or_default();
    assert!(std::fs::create_dir_all(extracted.path().join("plugins/e2e/results/global")).is_ok());
    assert!(
        std::fs::write(
            extracted.path().join("plugins/e2e/sonobuoy_results.yaml"),
            yaml
        )
        .is_ok()
    );
    assert!(
        std::fs::write(
            extracted.path().join("serverversion.json"),
            br#"{"gitVersion":"v1.25.5"}"#
        )
        .is_ok()
    );
    let j =
        load_results(extracted.path()).map(|r| judge(Check::Conformance, &r, &Waivers::builtin()));
    assert_eq!(
        j.map(|j| (j.verdict, j.counts.passed, j.kubernetes_version, j.source))
            .ok(),
        Some((
            Outcome::Ok,
            362,
            Some("v1.25.5".to_string()),
            "sonobuoy_results.yaml (plugins/e2e/sonobuoy_results.yaml in a directory)".to_string()
        ))
    );
}

#[test]
fn real_console_log_with_failures_and_progress_lines() {
    let log = member(
        "sonobuoy-v1.21.1-4-failures/results-4-e2e-failures.tar.gz",
        "plugins/e2e/results/global/e2e.log",
    );
    let results = parse_results_bytes("e2e.log", &log);
    let Ok(results) = results else {
        panic!("{}", err(results))
    };
    assert_eq!(results.source, "console log (e2e.log)");
    assert_eq!(results.kubernetes_version.as_deref(), Some("v1.21.1"));
    let j = judge(Check::Conformance, &results, &Waivers::builtin());
    assert_eq!(
        (
            j.verdict,
            j.counts.passed,
            j.counts.failed,
            j.counts.waived,
            j.counts.skipped,
            j.unnamed_failures
        ),
        (Outcome::Failed, 21, 4, 0, 5746, 0)
    );
    let mut failed: Vec<&str> = j.failures().map(|t| t.name.as_str()).collect();
    failed.sort_unstable();
    let mut want = super::fixtures::FAILURES_V1_21.to_vec();
    want.sort_unstable();
    assert_eq!(failed, want);
    // Every passed test is named by the e2e framework's progress lines.
    assert_eq!(
        j.tests
            .iter()
            .filter(|t| t.status == TestStatus::Passed)
            .count(),
        21
    );
}

#[test]
fn real_console_logs_pass_or_abort_by_what_they_name() {
    let civo = member(
        "sonobuoy-v1.25.5-civo/202302131332_sonobuoy_93195391-6549-474d-944d-871292d16a21.tar.gz",
        "plugins/e2e/results/global/e2e.log",
    );
    let results = parse_results_bytes("e2e.log", &civo).ok();
    let j = results
        .as_ref()
        .map(|r| judge(Check::Conformance, r, &Waivers::builtin()));
    assert_eq!(
        j.map(|j| (
            j.verdict,
            j.counts.passed,
            j.counts.skipped,
            j.focus_tests_run
        )),
        Some((Outcome::Ok, 362, 6704, 362))
    );
    // Ginkgo v2 without progress lines prints only dots: nothing shows the focus ran.
    let k3s = member(
        "sonobuoy-v1.27.1-k3s-civo/202305180824_sonobuoy_467e722c-bcea-4ff8-9b59-c3920d3870f8.tar.gz",
        "plugins/e2e/results/global/e2e.log",
    );
    let results = parse_results_bytes("e2e.log", &k3s).ok();
    let j = results
        .as_ref()
        .map(|r| judge(Check::Conformance, r, &Waivers::builtin()));
    assert_eq!(
        j.map(|j| (j.verdict, j.counts.passed, j.counts.skipped, j.message)),
        Some((
            Outcome::Aborted,
            378,
            6829,
            "these results contain no [Conformance] test that ran — was the focus `\\[Conformance\\]`? (the console log names 0 of the 378 tests that ran; judge the JUnit report to see them all)".to_string()
        ))
    );
}

#[test]
fn console_failures_are_waived_by_name_and_unnamed_ones_fail() {
    let log = "Running Suite: Kubernetes e2e suite - /usr/local/bin\nWill run 50 of 7407 specs\n\
         •\n• [12.250 seconds]\n[sig-network] Netpol API should support creating NetworkPolicy API operations\ntest/e2e/network/netpol/network_policy_api.go:48\n------------------------------\n\
         \nSummarizing 2 Failures:\n  [FAIL] [sig-network] Netpol NetworkPolicy between server and client [It] should allow egress access to server in CIDR block [Feature:NetworkPolicy] [Feature:NetworkPolicy]\n  test/e2e/network/netpol/network_policy.go:1333\n  [TIMEDOUT] [sig-network] Netpol [LinuxOnly] NetworkPolicy between server and client using UDP [It] should enforce policy based on Ports [Feature:NetworkPolicy]\n  test/e2e/network/netpol/network_policy.go:1400\n\n\
         Ran 50 of 7407 Specs in 1200.5 seconds\nFAIL! -- 47 Passed | 3 Failed | 1 Flaked | 0 Pending | 7357 Skipped\n";
    let results = parse_results_bytes("e2e.log", log.as_bytes());
    let Ok(results) = results else {
        panic!("{}", err(results))
    };
    let j = judge(Check::Networking, &results, &Waivers::builtin());
    assert_eq!(
        (
            j.verdict,
            j.counts.passed,
            j.counts.failed,
            j.counts.waived,
            j.counts.skipped,
            j.unnamed_failures
        ),
        (Outcome::Failed, 47, 2, 1, 7357, 1)
    );
    assert_eq!(
        j.waived().next().map(|t| t.name.as_str()),
        Some(CILIUM_CIDR_TESTS[0])
    );
    assert_eq!(
        j.failures().next().map(|t| t.name.as_str()),
        Some(
            "[It] [sig-network] Netpol [LinuxOnly] NetworkPolicy between server and client using UDP should enforce policy based on Ports [Feature:NetworkPolicy]"
        )
    );
    assert_eq!(j.focus_tests_run, 3);
    assert_eq!(
        j.message,
        "2 unwaived failure(s) (1 not named in the console log)"
    );
    assert_eq!(j.unnamed_failures, 1);
}

#[test]
fn fixture_readme_is_copied_along() {
    let readme = std::fs::read_to_string(format!("{ROOT}README.md")).unwrap_or_default();
    assert!(readme.contains("Expected judgement of each file"));
}

#[test]
fn hostile_console_lines_stay_cheap() {
    let long_name = " [a]".repeat(50_000);
    let log = format!(
        "Running Suite: x\nSummarizing 1 Failure:\n  [FAIL] x [It] y{long_name}\n\nRan 1 of 2 Specs in 1.0 seconds\nFAIL! -- 0 Passed | 1 Failed | 0 Pending | 1 Skipped\n"
    );
    let started = std::time::Instant::now();
    let results = parse_results_bytes("e2e.log", log.as_bytes());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(
        results
            .map(|r| r
                .tests
                .iter()
                .filter(|t| t.outcome == TestOutcome::Failed)
                .count())
            .ok(),
        Some(1)
    );
}
