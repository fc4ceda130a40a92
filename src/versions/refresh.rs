//! `--refresh`: downloads the four inputs from upstream into the user's cache directory, in the
//! layout of a data directory. This is the check's only network edge besides the cluster.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use jiff::civil::Date;

use crate::error::root_cause;

use super::data::Files;
use super::formats::{CveFeed, CveRecord, EolEntry, GithubRelease};

/// Overrides the cache directory (tests; otherwise the platform's cache directory).
pub const CACHE_DIR_ENV: &str = "KUBECTL_SCS_CACHE_DIR";
/// SCS's own EOL table, on the main branch of its standards repository.
pub const EOL_URL: &str = "https://raw.githubusercontent.com/SovereignCloudStack/standards/main/Tests/kaas/scs_0210_version_policy/k8s-eol-data.yml";
/// The newest 100 releases, as SCS asks for them.
pub const RELEASES_URL: &str =
    "https://api.github.com/repos/kubernetes/kubernetes/releases?per_page=100";
pub const FEED_URL: &str =
    "https://kubernetes.io/docs/reference/issues-security/official-cve-feed/index.json";
/// `<base>/<CVE-ID>` is a CVE JSON 5 record.
pub const RECORD_BASE_URL: &str = "https://cveawg.mitre.org/api/cve";
/// SCS fetches with at most this many connections.
const CONCURRENCY: usize = 5;
const MAX_REDIRECTS: usize = 5;

/// Where to download from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    pub eol: String,
    pub releases: String,
    pub feed: String,
    pub record_base: String,
}

impl Default for Upstream {
    fn default() -> Self {
        Upstream {
            eol: EOL_URL.into(),
            releases: RELEASES_URL.into(),
            feed: FEED_URL.into(),
            record_base: RECORD_BASE_URL.into(),
        }
    }
}

impl Upstream {
    pub fn record(&self, id: &str) -> String {
        format!("{}/{id}", self.record_base.trim_end_matches('/'))
    }
}

/// A download that failed, naming the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot download {url}: {why}")]
pub struct FetchError {
    pub url: String,
    pub why: String,
}

/// The user's cache directory for this tool: `$KUBECTL_SCS_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/kubectl-scs`, `~/.cache/kubectl-scs` (Linux and other Unix),
/// `~/Library/Caches/kubectl-scs` (macOS) or `%LOCALAPPDATA%\kubectl-scs` (Windows).
pub fn cache_dir() -> Option<PathBuf> {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = env(CACHE_DIR_ENV) {
        return Some(dir);
    }
    let base = if cfg!(windows) {
        env("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Caches"))
    } else {
        env("XDG_CACHE_HOME").or_else(|| env("HOME").map(|h| h.join(".cache")))
    };
    base.map(|b| b.join("kubectl-scs"))
}

/// Requests have no body; `String` is a body type without naming a bytes crate.
type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, String>;

fn client() -> Result<HttpsClient, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())
        .and_then(|b| {
            use rustls_platform_verifier::BuilderVerifierExt;
            b.with_platform_verifier().map_err(|e| e.to_string())
        })
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .with_no_client_auth();
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .build();
    Ok(Client::builder(TokioExecutor::new()).build(https))
}

/// Downloads everything into `<cache>/version-policy/` (replacing an earlier download only when
/// every file arrived) and returns the directory. Progress goes to `progress` (stderr).
pub async fn refresh(
    upstream: &Upstream,
    cache: &Path,
    today: Date,
    timeout: Duration,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<PathBuf, RefreshError> {
    let client = client().map_err(RefreshError::Setup)?;
    let client = &client;
    let get = |url: String| fetch(client, url, timeout);
    progress(format!("Downloading the EOL table from {}", upstream.eol));
    let eol = text(get(upstream.eol.clone()).await?, &upstream.eol)?;
    understood::<Vec<EolEntry>, _>(
        &eol,
        &upstream.eol,
        "SCS's EOL table",
        serde_saphyr::from_str,
    )?;
    progress(format!(
        "Downloading the releases from {}",
        upstream.releases
    ));
    let releases = text(get(upstream.releases.clone()).await?, &upstream.releases)?;
    understood::<Vec<GithubRelease>, _>(
        &releases,
        &upstream.releases,
        "a list of GitHub releases",
        serde_json::from_str,
    )?;
    progress(format!("Downloading the CVE feed from {}", upstream.feed));
    let feed_text = text(get(upstream.feed.clone()).await?, &upstream.feed)?;
    let feed: CveFeed = understood(
        &feed_text,
        &upstream.feed,
        "a CVE feed",
        serde_json::from_str,
    )?;
    progress(format!(
        "Downloading {} CVE records from {}/",
        feed.items.len(),
        upstream.record_base.trim_end_matches('/')
    ));
    let records: Vec<(String, Option<String>)> = futures::stream::iter(feed.items.iter())
        .map(|item| {
            let url = upstream.record(&item.id);
            let id = item.id.clone();
            async move {
                match fetch(client, url.clone(), timeout).await? {
                    Fetched::NotFound => Ok::<_, FetchError>((id, None)),
                    body => {
                        let record = text(body, &url)?;
                        understood::<CveRecord, _>(
                            &record,
                            &url,
                            "a CVE record",
                            serde_json::from_str,
                        )?;
                        Ok((id, Some(record)))
                    }
                }
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    let files = Files {
        eol,
        releases,
        feed: feed_text,
        records: records
            .into_iter()
            .filter_map(|(id, text)| Some((id, text?)))
            .collect(),
        as_of: Some(format!("{today}\n")),
    };
    let dir = cache.join("version-policy");
    write_atomically(&files, &dir).map_err(|e| RefreshError::Write {
        dir: dir.clone(),
        why: e.to_string(),
    })?;
    progress(format!("Saved the version data in {}", dir.display()));
    Ok(dir)
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Setup(String),
    #[error("cannot write the version data to {}: {why}", dir.display())]
    Write { dir: PathBuf, why: String },
}

enum Fetched {
    Body(Vec<u8>),
    NotFound,
}

/// Checks that a download is what it should be before anything is saved (an API's error
/// document, e.g. GitHub's rate limit, must not replace good data).
fn understood<'a, T, E: std::fmt::Display>(
    text: &'a str,
    url: &str,
    what: &str,
    parse: impl Fn(&'a str) -> Result<T, E>,
) -> Result<T, FetchError> {
    parse(text).map_err(|e| FetchError {
        url: url.to_string(),
        why: format!("the answer is not {what}: {e}"),
    })
}

fn text(fetched: Fetched, url: &str) -> Result<String, FetchError> {
    match fetched {
        Fetched::Body(bytes) => String::from_utf8(bytes).map_err(|_| FetchError {
            url: url.to_string(),
            why: "the answer is not UTF-8 text".into(),
        }),
        Fetched::NotFound => Err(FetchError {
            url: url.to_string(),
            why: "404 Not Found".into(),
        }),
    }
}

/// One GET with the headers SCS sends, following redirects; 404 is an answer, not an error.
async fn fetch(
    client: &HttpsClient,
    url: String,
    timeout: Duration,
) -> Result<Fetched, FetchError> {
    let fail = |url: &str, why: String| FetchError {
        url: url.to_string(),
        why,
    };
    let mut current = url.clone();
    for _ in 0..=MAX_REDIRECTS {
        let request = http::Request::get(&current)
            .header(
                http::header::USER_AGENT,
                concat!("kubectl-scs/", env!("CARGO_PKG_VERSION")),
            )
            .header(http::header::ACCEPT, accept(&current))
            .header("X-GitHub-Api-Version", "2022-11-28")
            .body(String::new())
            .map_err(|e| fail(&current, format!("not a valid URL: {e}")))?;
        let answer = tokio::time::timeout(timeout, async {
            let response = client.request(request).await.map_err(|e| root_cause(&e))?;
            let status = response.status();
            let location = response
                .headers()
                .get(http::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(str::to_string);
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| format!("the answer broke off: {e}"))?
                .to_bytes()
                .to_vec();
            Ok::<_, String>((status, location, body))
        })
        .await
        .map_err(|_| fail(&current, format!("no answer within {}s", timeout.as_secs())))?
        .map_err(|why| fail(&current, why))?;
        match answer {
            (status, _, body) if status.is_success() => return Ok(Fetched::Body(body)),
            (status, _, _) if status == http::StatusCode::NOT_FOUND => {
                return Ok(Fetched::NotFound);
            }
            (status, Some(location), _) if status.is_redirection() => {
                current = resolve(&current, &location);
            }
            (status, _, body) => {
                let excerpt: String = String::from_utf8_lossy(&body).chars().take(200).collect();
                return Err(fail(&current, format!("HTTP {status}: {}", excerpt.trim())));
            }
        }
    }
    Err(fail(&url, "too many redirects".into()))
}

/// GitHub's API wants its media type; everything else JSON (the EOL table is plain text).
fn accept(url: &str) -> &'static str {
    if url.contains("api.github.com") {
        "application/vnd.github+json"
    } else {
        "application/json, text/plain;q=0.9, */*;q=0.5"
    }
}

/// An absolute `Location`, or one relative to the current URL's origin.
fn resolve(current: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let origin_end = current
        .find("://")
        .and_then(|s| current[s + 3..].find('/').map(|p| s + 3 + p))
        .unwrap_or(current.len());
    format!(
        "{}/{}",
        &current[..origin_end],
        location.trim_start_matches('/')
    )
}

/// Writes the files to a fresh directory next to `dir`, then swaps it in.
fn write_atomically(files: &Files, dir: &Path) -> std::io::Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".version-policy.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    files.write_into(&staging)?;
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::rename(&staging, dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_resolve_against_the_origin() {
        let from =
            "https://kubernetes.io/docs/reference/issues-security/official-cve-feed/index.json";
        assert_eq!(
            resolve(from, "https://cdn.example/x.json"),
            "https://cdn.example/x.json"
        );
        assert_eq!(
            resolve(from, "/docs/feed.json"),
            "https://kubernetes.io/docs/feed.json"
        );
        assert_eq!(resolve("http://127.0.0.1:8/a", "b"), "http://127.0.0.1:8/b");
    }

    #[test]
    fn github_gets_its_media_type_and_records_their_url() {
        assert_eq!(accept(RELEASES_URL), "application/vnd.github+json");
        assert!(accept(FEED_URL).starts_with("application/json"));
        let upstream = Upstream {
            record_base: "http://mirror/cve/".into(),
            ..Upstream::default()
        };
        assert_eq!(
            upstream.record("CVE-2024-10220"),
            "http://mirror/cve/CVE-2024-10220"
        );
        assert_eq!(
            Upstream::default().record("CVE-1"),
            "https://cveawg.mitre.org/api/cve/CVE-1"
        );
    }
}
