//! `cargo xtask refresh-data`: the built-in data of `check versions` downloaded anew, against a
//! local server answering with the recorded upstream files.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::civil::date;
use kubectl_scs::versions::refresh::Upstream;
use xtask::data::{DATA_DIR, EMBEDDED_RS, refresh_data};

use crate::support::fake_upstream::FakeUpstream;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A copy of the parts of the workspace the task writes: the data folder and embedded.rs.
fn workspace() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join(DATA_DIR);
    std::fs::create_dir_all(data.join("cve")).unwrap();
    for name in [
        "SOURCE.md",
        "k8s-eol-data.yml",
        "releases.json",
        "official-cve-feed.json",
        "as-of",
    ] {
        std::fs::copy(repo().join(DATA_DIR).join(name), data.join(name)).unwrap();
    }
    std::fs::copy(
        repo().join(DATA_DIR).join("cve/CVE-2023-2431.json"),
        data.join("cve/CVE-2023-2431.json"),
    )
    .unwrap();
    let embedded = root.path().join(EMBEDDED_RS);
    std::fs::create_dir_all(embedded.parent().unwrap()).unwrap();
    std::fs::copy(repo().join(EMBEDDED_RS), &embedded).unwrap();
    root
}

fn upstream(base: &str) -> Upstream {
    Upstream {
        eol: format!("{base}/eol.yml"),
        releases: format!("{base}/releases?per_page=100"),
        feed: format!("{base}/feed.json"),
        record_base: format!("{base}/cve"),
    }
}

/// A feed of two CVEs, one of which has no record upstream (404).
const FEED: &str = r#"{"version":"https://jsonfeed.org/version/1.1","title":"CVE feed","items":[
  {"id":"CVE-2024-10220","url":"https://www.cve.org/cverecord?id=CVE-2024-10220","summary":"x","content_text":"x","date_published":"2024-11-20T00:00:00Z","_kubernetes_io":{"google_group_url":"","issue_number":128885}},
  {"id":"CVE-2099-0001","url":"https://www.cve.org/cverecord?id=CVE-2099-0001","summary":"y","content_text":"y","date_published":"2099-01-01T00:00:00Z","_kubernetes_io":{"google_group_url":"","issue_number":1}}
]}"#;

fn served() -> Vec<(String, String)> {
    let data = repo().join(DATA_DIR);
    vec![
        ("/eol.yml".into(), read(&data.join("k8s-eol-data.yml"))),
        (
            "/releases?per_page=100".into(),
            read(&data.join("releases.json")),
        ),
        ("/feed.json".into(), FEED.into()),
        (
            "/cve/CVE-2024-10220".into(),
            read(&data.join("cve/CVE-2024-10220.json")),
        ),
    ]
}

/// The task's error as its chain (`anyhow`'s `{:#}`).
fn run(root: &Path, upstream: &Upstream) -> Result<Vec<String>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut progress = |_: String| {};
    runtime
        .block_on(refresh_data(
            root,
            upstream,
            date(2026, 12, 7),
            Duration::from_secs(10),
            &mut progress,
        ))
        .map_err(|e| format!("{e:#}"))
}

#[test]
fn refresh_data_replaces_the_snapshot_and_its_record_list() {
    let server = FakeUpstream::start(served());
    let root = workspace();
    let source_md = read(&root.path().join(DATA_DIR).join("SOURCE.md"));

    let records = run(root.path(), &upstream(&server.url())).unwrap();

    assert_eq!(records, ["CVE-2024-10220"]);
    let data = root.path().join(DATA_DIR);
    assert_eq!(read(&data.join("official-cve-feed.json")), FEED);
    assert_eq!(read(&data.join("as-of")).trim(), "2026-12-07");
    assert_eq!(
        read(&data.join("cve/CVE-2024-10220.json")),
        read(&repo().join(DATA_DIR).join("cve/CVE-2024-10220.json"))
    );
    // The record no longer in the feed is gone, the one without a record upstream never came.
    assert!(!data.join("cve/CVE-2023-2431.json").exists());
    assert!(!data.join("cve/CVE-2099-0001.json").exists());
    assert_eq!(read(&data.join("SOURCE.md")), source_md);
    let embedded = read(&root.path().join(EMBEDDED_RS));
    assert!(
        embedded.contains("records![\n    \"CVE-2024-10220\",\n];"),
        "{embedded}"
    );
    assert!(!embedded.contains("CVE-2023-2431"), "{embedded}");
}

#[test]
fn a_failed_download_changes_nothing() {
    let mut routes = served();
    routes.retain(|(path, _)| path != "/feed.json");
    let server = FakeUpstream::start(routes);
    let root = workspace();
    let before = read(&root.path().join(DATA_DIR).join("official-cve-feed.json"));

    let err = run(root.path(), &upstream(&server.url())).unwrap_err();

    assert!(err.contains("/feed.json"), "{err}");
    let data = root.path().join(DATA_DIR);
    assert_eq!(read(&data.join("official-cve-feed.json")), before);
    assert!(data.join("cve/CVE-2023-2431.json").exists());
    assert_eq!(
        read(&root.path().join(EMBEDDED_RS)),
        read(&repo().join(EMBEDDED_RS))
    );
}

/// The snapshot compiled in is the folder: every record file is in embedded.rs's list and back.
#[test]
fn the_embedded_record_list_is_the_folder() {
    let mut files: Vec<String> = std::fs::read_dir(repo().join(DATA_DIR).join("cve"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    let source = read(&repo().join(EMBEDDED_RS));
    let rewritten = xtask::data::with_records(&source, &files).unwrap();
    assert_eq!(
        rewritten, source,
        "src/versions/embedded.rs lists other records than data/version-policy/cve/ holds; run `cargo xtask refresh-data` or fix the list"
    );
}
