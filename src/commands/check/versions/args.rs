//! The flags of `check versions` (also read by `check all`).

use std::path::PathBuf;

use clap::Args;

pub const VERSIONS_HELP: &str = "\
Judges the version /version reports (or --kubernetes-version) by SCS's rules: the branch must not
be past its end of life, and a newer patch of the branch must be in use within 31 days of its
release (14 days when a critical CVE affects the version). The nodes' kubelet versions are shown
as information. Needs no network: the EOL table, the Kubernetes releases, the official CVE feed
and the CVE records are built in (with their date); --data reads a mirror of them, --refresh
downloads them anew.

Examples:
  kubectl scs check versions                            # the current context's cluster
  kubectl scs check versions -o scs                     # as a script of the SCS compliance check
  kubectl scs check versions --kubernetes-version v1.33.5   # a version, before an upgrade
  kubectl scs check versions --refresh                  # with the newest upstream data
  kubectl scs check versions --data ./version-policy    # with a mirror (air-gapped)

Exit codes: 0 PASS, 1 FAIL, 2 usage error, 3 ABORT or could not run";

/// `check versions`; `check all` runs it with the same flags.
#[derive(Debug, Clone, Default, Args)]
pub struct VersionsArgs {
    /// Judge this Kubernetes version instead of the cluster's, without a cluster (e.g. v1.33.5)
    #[arg(long, value_name = "VERSION")]
    pub kubernetes_version: Option<String>,

    /// Read the version data from this directory (k8s-eol-data.yml, releases.json,
    /// official-cve-feed.json, cve/<CVE-ID>.json) instead of the built-in snapshot
    #[arg(long = "data", value_name = "DIR", conflicts_with = "refresh", value_hint = clap::ValueHint::DirPath)]
    pub data: Option<PathBuf>,

    /// Download the version data from upstream into the cache directory first, and use it
    #[arg(long)]
    pub refresh: bool,

    /// Where --refresh gets SCS's EOL table
    #[arg(long, hide = true, env = "KUBECTL_SCS_EOL_URL", value_name = "URL")]
    pub eol_url: Option<String>,

    /// Where --refresh gets the releases (GitHub releases API)
    #[arg(
        long,
        hide = true,
        env = "KUBECTL_SCS_RELEASES_URL",
        value_name = "URL"
    )]
    pub releases_url: Option<String>,

    /// Where --refresh gets the official CVE feed
    #[arg(
        long,
        hide = true,
        env = "KUBECTL_SCS_CVE_FEED_URL",
        value_name = "URL"
    )]
    pub cve_feed_url: Option<String>,

    /// Where --refresh gets CVE records (<URL>/<CVE-ID>)
    #[arg(
        long,
        hide = true,
        env = "KUBECTL_SCS_CVE_RECORD_URL",
        value_name = "URL"
    )]
    pub cve_record_url: Option<String>,
}
