//! `check versions`: scs-0210's version-policy-check offline, against the fake API server, with
//! a data directory, and with `--refresh` against a fake upstream serving recorded responses.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

use crate::support::fake_apiserver::{FakeApiServer, Fault};
use crate::support::fake_upstream::FakeUpstream;
use crate::support::{assert_exit, fixture, kubeconfig_for, scs, scs_live};

/// Three days after the embedded data (2026-08-22): 1.34–1.36 supported, 1.36.4 newest.
const NOW: &str = "2026-08-25T00:00:00Z";

/// The embedded data, which doubles as a data directory and as the recorded upstream answers.
fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/version-policy")
}

fn versions(now: &str) -> Command {
    let mut cmd = scs();
    cmd.env("KUBECTL_SCS_NOW", now).args(["check", "versions"]);
    cmd
}

fn judge_version(version: &str, now: &str, extra: &[&str]) -> Output {
    versions(now)
        .args(["--kubernetes-version", version])
        .args(extra)
        .output()
        .unwrap()
}

/// Judges `version` with `-o scs`, asserts the exit code and the result line, returns stderr.
fn scs_lines(version: &str, now: &str, code: i32, verdict: &str) -> String {
    let out = judge_version(version, now, &["-o", "scs"]);
    assert_exit(&out, code);
    assert_eq!(
        text(&out.stdout),
        format!("version-policy-check: {verdict}\n")
    );
    text(&out.stderr)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&out.stdout)))
}

#[test]
fn the_newest_patch_passes_offline_in_scs_lines() {
    let err = scs_lines("v1.36.4", NOW, 0, "PASS");
    assert!(
        err.contains("INFO: The K8s cluster version 1.36.4 of cluster '--kubernetes-version' is still in the recency time window.\n"),
        "{err}"
    );
    assert!(
        err.contains("WARNING: 28 of 40 CVEs of the feed have no record in the data"),
        "{err}"
    );
    assert!(!err.lines().any(|l| l.starts_with("ERROR")), "{err}");
}

#[test]
fn an_outdated_patch_fails() {
    let err = scs_lines("v1.34.3", NOW, 1, "FAIL");
    assert!(err.contains(
        "ERROR: The K8s cluster version 1.34.3 of cluster '--kubernetes-version' is outdated according to the standard.\n"
    ));
}

#[test]
fn an_eol_branch_fails() {
    let err = scs_lines("v1.33.13", NOW, 1, "FAIL");
    assert!(err.contains("is already EOL.\n"), "{err}");
}

#[test]
fn stale_eol_data_aborts() {
    // 2027-03-01: only 1.36 is still supported according to the embedded table.
    let err = scs_lines("v1.36.4", "2027-03-01T00:00:00Z", 3, "ABORT");
    assert!(
        err.contains("WARNING: The EOL data in k8s-eol-data.yml isn't up-to-date.\n"),
        "{err}"
    );
    assert!(
        err.contains("WARNING: The version data is from 2026-08-22, 191 days ago"),
        "{err}"
    );
    assert!(
        err.contains("ERROR: Could not complete version-policy-check: The EOL data in k8s-eol-data.yml is critically outdated!\n"),
        "{err}"
    );
    let out = judge_version("v1.36.4", "2027-03-01T00:00:00Z", &["-o", "json"]);
    assert_exit(&out, 3);
    assert_eq!(json(&out)["verdict"], "ABORT");
}

#[test]
fn vendor_versions_are_judged_by_their_kubernetes_version() {
    for (given, version) in [
        ("v1.30.4+k3s1", "1.30.4"),
        ("v1.29.8-gke.1", "1.29.8"),
        ("v1.29.8-eks-x", "1.29.8"),
    ] {
        let out = judge_version(given, NOW, &["-o", "json"]);
        assert_exit(&out, 1);
        let doc = json(&out);
        assert_eq!(doc["kubernetesVersion"], given);
        assert_eq!(doc["version"], version);
        assert_eq!(doc["verdict"], "FAIL");
    }
    let out = judge_version("latest", NOW, &[]);
    assert_exit(&out, 2);
    assert!(
        text(&out.stderr).contains("--kubernetes-version \"latest\" is not a Kubernetes version")
    );
}

#[test]
fn the_json_document_has_stable_keys() {
    let out = judge_version("v1.30.1", "2024-07-20T00:00:00Z", &["-o", "json"]);
    assert_exit(&out, 1);
    let doc = json(&out);
    assert_eq!(doc["testcase"], "version-policy-check");
    assert_eq!(doc["standard"], "scs-0210-v2");
    assert_eq!(doc["branch"], "1.30");
    assert_eq!(doc["endOfLife"], "2025-06-28");
    // The table knows the branches to come as well.
    assert_eq!(doc["supportedBranches"][0], "1.28");
    assert_eq!(doc["supportedBranches"].as_array().unwrap().len(), 9);
    // The newest patch as of "now", not as of the data.
    assert_eq!(doc["newestPatch"]["version"], "1.30.3");
    assert_eq!(doc["newestPatch"]["publishedAt"], "2024-07-16T00:00:00Z");
    assert_eq!(doc["newestPatch"]["ageDays"], 4);
    assert_eq!(doc["criticalCves"], serde_json::json!([]));
    assert_eq!(doc["componentCves"][0]["id"], "CVE-2024-10220");
    assert_eq!(doc["componentCves"][0]["product"], "kubelet");
    assert_eq!(doc["data"]["source"]["kind"], "embedded");
    assert_eq!(doc["data"]["asOf"], "2026-08-22");
    assert_eq!(doc["data"]["records"], 12);
    assert_eq!(doc["now"], "2024-07-20T00:00:00Z");
    assert!(doc.get("nodes").is_none(), "no cluster, no nodes");
    let errors: Vec<&str> = doc["log"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["level"] == "ERROR")
        .map(|l| l["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        errors,
        [
            "The K8s cluster version 1.30.1 of cluster '--kubernetes-version' is outdated according to the standard."
        ]
    );
}

#[test]
fn junit_has_one_testcase() {
    let out = judge_version("v1.34.3", NOW, &["-o", "junit"]);
    assert_exit(&out, 1);
    let xml = text(&out.stdout);
    assert!(
        xml.contains(r#"<testcase name="version-policy-check""#),
        "{xml}"
    );
    assert!(xml.contains("outdated according to the standard"), "{xml}");
}

#[test]
fn human_view_offline() {
    // 2024-07-20: 1.30.2 is 39 days old; a kubelet CVE affects 1.30.1.
    let out = judge_version("v1.30.1", "2024-07-20T00:00:00Z", &["-o", "wide"]);
    assert_exit(&out, 1);
    insta::assert_snapshot!("check_versions_offline", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "note: CVE-2024-10220 (kubelet, CVSS 8.1) affects 1.30.1; SCS does not count it"
        ),
        "{err}"
    );
}

/// `check versions` against the fake API server at [`NOW`].
fn live(server: &FakeApiServer, dir: &Path, args: &[&str]) -> Output {
    scs_live(server, dir)
        .env("KUBECTL_SCS_NOW", NOW)
        .args(["check", "versions"])
        .args(args)
        .output()
        .unwrap()
}

fn cluster(git_version: &str) -> FakeApiServer {
    FakeApiServer::builder()
        .git_version(git_version)
        .objects_file(fixture("version-policy/nodes.yaml"))
        .start()
}

#[test]
fn a_live_cluster_is_judged_by_version_and_its_nodes_are_shown() {
    let server = cluster("v1.34.11");
    let dir = tempfile::tempdir().unwrap();
    let out = live(&server, dir.path(), &[]);
    assert_exit(&out, 0);
    insta::assert_snapshot!("check_versions_live", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains("note: Node worker-2: kubelet 1.30.4 is 4 minor versions behind the control plane (1.34.11); at most 3 are supported."),
        "{err}"
    );
    assert!(
        err.contains("note: Node worker-1: kubelet 1.33.5 is of branch 1.33, which is EOL."),
        "{err}"
    );

    let out = live(&server, dir.path(), &["-o", "json"]);
    let doc = json(&out);
    assert_eq!(doc["kubernetesVersion"], "v1.34.11");
    assert!(doc["context"].is_string());
    let nodes = doc["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 4);
    assert_eq!(nodes[3]["name"], "worker-2");
    assert_eq!(nodes[3]["kubeletVersion"], "v1.30.4+k3s1");
    assert_eq!(nodes[3]["minorsBehind"], 4);
    assert_eq!(nodes[3]["eol"], true);
    assert_eq!(nodes[0]["controlPlane"], true);
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(
        paths
            .iter()
            .all(|p| p == "/version" || p == "/api/v1/nodes"),
        "{paths:?}"
    );
}

#[test]
fn a_vendor_version_of_a_live_cluster_is_judged_and_scs_lines_name_the_context() {
    let server = cluster("v1.34.3-eks-4b1d2c");
    let dir = tempfile::tempdir().unwrap();
    let out = live(&server, dir.path(), &["-o", "scs"]);
    assert_exit(&out, 1);
    assert_eq!(text(&out.stdout), "version-policy-check: FAIL\n");
    let err = text(&out.stderr);
    assert!(err.contains("INFO: Checking cluster '"), "{err}");
    assert!(err.contains("(version 1.34.3).\n"), "{err}");
}

#[test]
fn forbidden_nodes_are_a_note_not_a_failure() {
    let server = FakeApiServer::builder()
        .git_version("v1.36.4")
        .objects_file(fixture("version-policy/nodes.yaml"))
        .fault(Fault::forbidden("list", "/api/v1/nodes"))
        .start();
    let dir = tempfile::tempdir().unwrap();
    let out = live(&server, dir.path(), &["-o", "scs"]);
    assert_exit(&out, 0);
    assert_eq!(text(&out.stdout), "version-policy-check: PASS\n");
    let err = text(&out.stderr);
    assert!(
        err.contains("WARNING: the nodes' kubelet versions are not shown: forbidden"),
        "{err}"
    );
}

#[test]
fn an_unreachable_cluster_is_abort_in_scs_lines() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    let out = versions(NOW)
        .args(["-o", "scs", "--kubeconfig"])
        .arg(&kubeconfig)
        .output()
        .unwrap();
    assert_exit(&out, 3);
    assert_eq!(text(&out.stdout), "version-policy-check: ABORT\n");
    assert!(text(&out.stderr).contains("cannot reach the Kubernetes API at http://127.0.0.1:9"));
}

/// Copies the embedded data into a temporary directory to be changed.
fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cve")).unwrap();
    for entry in walk(&data_dir()) {
        let rel = entry.strip_prefix(data_dir()).unwrap();
        std::fs::copy(&entry, dir.path().join(rel)).unwrap();
    }
    dir
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The embedded releases with `v1.36.5` published at `published` in front.
fn releases_with_1_36_5(published: &str) -> String {
    let mut releases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(data_dir().join("releases.json")).unwrap())
            .unwrap();
    releases.insert(
        0,
        serde_json::json!({"name": "Kubernetes v1.36.5", "tag_name": "v1.36.5", "draft": false,
                           "prerelease": false, "published_at": published}),
    );
    serde_json::to_string_pretty(&releases).unwrap()
}

#[test]
fn a_data_directory_replaces_the_embedded_data() {
    let dir = data_copy();
    std::fs::write(
        dir.path().join("releases.json"),
        releases_with_1_36_5("2026-07-01T10:00:00Z"),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("as-of")).unwrap();
    let path = dir.path().to_str().unwrap();
    let out = judge_version("v1.36.4", NOW, &["-o", "json", "--data", path]);
    assert_exit(&out, 1);
    let doc = json(&out);
    assert_eq!(doc["verdict"], "FAIL");
    assert_eq!(doc["newestPatch"]["version"], "1.36.5");
    assert_eq!(doc["data"]["source"]["kind"], "directory");
    assert_eq!(doc["data"]["source"]["path"], dir.path().to_str().unwrap());
    // Without as-of, the newest release's day tells how current the data is.
    assert_eq!(doc["data"]["asOf"], "2026-08-20");
}

#[test]
fn a_data_directory_without_its_files_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = versions(NOW)
        .args(["--kubernetes-version", "v1.36.4", "-o", "scs", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_exit(&out, 3);
    assert_eq!(text(&out.stdout), "version-policy-check: ABORT\n");
    let err = text(&out.stderr);
    assert!(err.contains("k8s-eol-data.yml"), "{err}");
    assert!(err.contains("hint: a data directory holds"), "{err}");
}

/// The upstream answers, recorded: the embedded files, with the releases given.
fn upstream(releases: String) -> FakeUpstream {
    let read = |name: &str| std::fs::read_to_string(data_dir().join(name)).unwrap();
    let mut routes = vec![
        ("/eol.yml".to_string(), read("k8s-eol-data.yml")),
        ("/releases?per_page=100".to_string(), releases),
        ("/feed.json".to_string(), read("official-cve-feed.json")),
    ];
    for record in walk(&data_dir().join("cve")) {
        let id = record.file_stem().unwrap().to_str().unwrap().to_string();
        routes.push((
            format!("/cve/{id}"),
            std::fs::read_to_string(&record).unwrap(),
        ));
    }
    FakeUpstream::start(routes)
}

fn refresh(base: &str, cache: &Path) -> Command {
    let mut cmd = versions(NOW);
    cmd.env("KUBECTL_SCS_CACHE_DIR", cache)
        .env("KUBECTL_SCS_EOL_URL", format!("{base}/eol.yml"))
        .env(
            "KUBECTL_SCS_RELEASES_URL",
            format!("{base}/releases?per_page=100"),
        )
        .env("KUBECTL_SCS_CVE_FEED_URL", format!("{base}/feed.json"))
        .env("KUBECTL_SCS_CVE_RECORD_URL", format!("{base}/cve"))
        .args(["--refresh", "--kubernetes-version", "v1.36.4"]);
    cmd
}

#[test]
fn refresh_downloads_into_the_cache_and_judges_with_it() {
    let server = upstream(releases_with_1_36_5("2026-07-20T08:00:00Z"));
    let cache = tempfile::tempdir().unwrap();
    let out = refresh(&server.url(), cache.path())
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let doc = json(&out);
    assert_eq!(doc["newestPatch"]["version"], "1.36.5");
    assert_eq!(doc["data"]["source"]["kind"], "refreshed");
    assert_eq!(doc["data"]["asOf"], "2026-08-25");
    assert_eq!(doc["data"]["records"], 12);
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "Downloading the releases from {}/releases?per_page=100",
            server.url()
        )),
        "{err}"
    );
    let saved = cache.path().join("version-policy");
    assert_eq!(
        std::fs::read_to_string(saved.join("as-of")).unwrap(),
        "2026-08-25\n"
    );
    assert!(saved.join("cve/CVE-2024-10220.json").is_file());
    assert!(
        !saved.join("cve/CVE-2026-4342.json").exists(),
        "404 means no record"
    );
    let seen = server.seen();
    // One request per file and per feed CVE, each with a User-Agent (GitHub requires one).
    assert_eq!(seen.len(), 3 + 40, "{seen:?}");
    assert!(seen.iter().all(|s| {
        s.headers
            .get("user-agent")
            .is_some_and(|u| u.starts_with("kubectl-scs/"))
    }));

    // The refreshed data stays usable as a data directory.
    let out = judge_version(
        "v1.36.5",
        NOW,
        &["-o", "json", "--data", saved.to_str().unwrap()],
    );
    assert_exit(&out, 0);
}

#[test]
fn refresh_offline_names_the_url() {
    let cache = tempfile::tempdir().unwrap();
    let out = refresh("http://127.0.0.1:9", cache.path())
        .output()
        .unwrap();
    assert_exit(&out, 3);
    let err = text(&out.stderr);
    assert!(
        err.contains("error: cannot download http://127.0.0.1:9/eol.yml: "),
        "{err}"
    );
    assert!(
        err.contains("hint: without network, leave out --refresh"),
        "{err}"
    );
    assert!(!cache.path().join("version-policy").exists());
}

#[test]
fn refresh_and_data_exclude_each_other() {
    let out = judge_version("v1.36.4", NOW, &["--refresh", "--data", "/tmp"]);
    assert_exit(&out, 2);
}

#[test]
fn an_error_document_from_upstream_keeps_the_cached_data() {
    let cache = tempfile::tempdir().unwrap();
    let good = upstream(releases_with_1_36_5("2026-07-20T08:00:00Z"));
    assert_exit(&refresh(&good.url(), cache.path()).output().unwrap(), 1);
    // GitHub answers a rate limit with a document, not a list of releases.
    let limited = upstream(r#"{"message": "API rate limit exceeded for 192.0.2.1."}"#.into());
    let out = refresh(&limited.url(), cache.path()).output().unwrap();
    assert_exit(&out, 3);
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "error: cannot download {}/releases?per_page=100: the answer is not a list of GitHub releases",
            limited.url()
        )),
        "{err}"
    );
    let kept = std::fs::read_to_string(cache.path().join("version-policy/releases.json")).unwrap();
    assert!(kept.contains("v1.36.5"), "the earlier download stays");
}
