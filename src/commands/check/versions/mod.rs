//! `kubectl scs check versions`: SCS's `version-policy-check` (scs-0210-v2) for the cluster the
//! context points at, or for a version given on the command line.

pub mod args;
pub mod read;

mod view;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::commands::Context;
use crate::commands::check::versions::args::VersionsArgs;
use crate::commands::check::versions::read as cluster_versions;
use crate::error::{Error, ErrorKind, Result, ResultExt};
use crate::kube::Kube;
use crate::report::OutputFormat;
use crate::report::{self, Outcome, Report};
use crate::versions::refresh::{self, Upstream};
use crate::versions::{DataSource, Dataset, Files, Subject, TESTCASE, Version, embedded, judge};

use view::build_report;

/// How long one download of `--refresh` may take unless `--request-timeout` says otherwise.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// `check versions`.
pub async fn run(ctx: &Context, args: &VersionsArgs) -> Result<Outcome> {
    report::ensure_supported(ctx.global.output, true)?;
    let result = versions_report(ctx, args).await;
    if let Err(e) = &result
        && e.kind == ErrorKind::CouldNotRun
        && ctx.global.output == OutputFormat::Scs
    {
        // The SCS runner reads its verdict from stdout: a check that could not run is ABORT.
        let _ = writeln!(std::io::stdout(), "{TESTCASE}: ABORT");
    }
    ctx.emit(&result?)
}

/// The check's report (testcase `version-policy-check`), for `check versions` and `check all`.
pub async fn versions_report(ctx: &Context, args: &VersionsArgs) -> Result<Report> {
    let given = match &args.kubernetes_version {
        Some(text) => Some((parse_given(text)?, text.clone())),
        None => None,
    };
    let (data, source) = load_data(ctx, args).await?;
    let (subject, input) = match given {
        Some((version, text)) => {
            let subject = Subject {
                version,
                name: "--kubernetes-version".into(),
            };
            let input = view::Input {
                given: text,
                context: None,
                nodes: None,
            };
            (subject, input)
        }
        None => cluster_subject(ctx).await?,
    };
    let now = ctx.now();
    let judgement = judge(&subject, &data, now);
    Ok(build_report(&input, &judgement, &data, &source, now))
}

/// The version `/version` reports, named by the context, and the nodes beside it.
async fn cluster_subject(ctx: &Context) -> Result<(Subject, view::Input)> {
    let kube = Kube::connect(&ctx.client).await?;
    let read = cluster_versions::read(&kube).await?;
    let version = Version::parse_vendor(&read.git_version).could_not_run(|| {
        format!(
            "the cluster at {} reports a version that is not one",
            kube.target.url
        )
    })?;
    let name = kube
        .target
        .context
        .clone()
        .unwrap_or_else(|| kube.target.url.clone());
    let input = view::Input {
        given: read.git_version,
        context: Some(name.clone()),
        nodes: Some(read.nodes),
    };
    Ok((Subject { version, name }, input))
}

fn parse_given(text: &str) -> Result<Version> {
    Version::parse_vendor(text).map_err(|_| {
        Error::usage(format!(
            "--kubernetes-version {text:?} is not a Kubernetes version; use e.g. v1.33.5"
        ))
    })
}

/// The data to judge with: `--data DIR`, `--refresh` into the cache, or the built-in snapshot.
async fn load_data(ctx: &Context, args: &VersionsArgs) -> Result<(Dataset, DataSource)> {
    let (files, source) = if let Some(dir) = &args.data {
        let files = Files::read_dir(dir).map_err(|e| {
            Error::could_not_run("cannot read the version data")
                .with_source(e)
                .hint(
                "a data directory holds k8s-eol-data.yml, releases.json, official-cve-feed.json and cve/<CVE-ID>.json (see the README)",
            )
        })?;
        (files, DataSource::Directory { path: dir.clone() })
    } else if args.refresh {
        let dir = refreshed(ctx, args).await?;
        let files = Files::read_dir(&dir).could_not_run(|| "cannot read the downloaded data")?;
        (files, DataSource::Refreshed { path: dir })
    } else {
        (embedded::files(), DataSource::Embedded)
    };
    let data = Dataset::parse(&files).map_err(|e| {
        let what = match &source {
            DataSource::Embedded => "the built-in version data".to_string(),
            DataSource::Directory { path } | DataSource::Refreshed { path } => {
                format!("the version data in {}", path.display())
            }
        };
        Error::could_not_run(format!("{what} is not usable")).with_source(e)
    })?;
    Ok((data, source))
}

async fn refreshed(ctx: &Context, args: &VersionsArgs) -> Result<PathBuf> {
    let cache = refresh::cache_dir().ok_or_else(|| {
        Error::could_not_run("no cache directory: neither HOME nor XDG_CACHE_HOME is set")
            .hint(format!("set {} to a directory", refresh::CACHE_DIR_ENV))
    })?;
    let defaults = Upstream::default();
    let upstream = Upstream {
        eol: args.eol_url.clone().unwrap_or(defaults.eol),
        releases: args.releases_url.clone().unwrap_or(defaults.releases),
        feed: args.cve_feed_url.clone().unwrap_or(defaults.feed),
        record_base: args.cve_record_url.clone().unwrap_or(defaults.record_base),
    };
    let timeout = ctx.global.request_timeout.0.unwrap_or(DOWNLOAD_TIMEOUT);
    let today = ctx.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let mut progress = |line: String| {
        let _ = writeln!(std::io::stderr(), "{line}");
    };
    refresh::refresh(&upstream, &cache, today, timeout, &mut progress)
        .await
        .map_err(|e| {
            Error::could_not_run_from(e).hint(
                "without network, leave out --refresh (built-in data) or use --data DIR with a mirror",
            )
        })
}
