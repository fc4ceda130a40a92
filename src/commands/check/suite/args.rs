//! The flags both e2e checks (`networking`, `conformance`) understand.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::commands::global::parse_duration;

/// What both e2e checks understand.
#[derive(Debug, Clone, Args)]
pub struct E2eArgs {
    /// Judge existing results instead of running: a sonobuoy tarball, sonobuoy_results.yaml, junit_01.xml, e2e.log or a directory of them
    #[arg(long, value_name = "PATH", conflicts_with_all = ["list_images", "cleanup", "keep", "artifacts"])]
    pub results: Option<PathBuf>,

    /// Waiver file in the SCS okToFail format, replacing the built-in SCS list
    #[arg(long, value_name = "FILE", conflicts_with = "no_waivers")]
    pub waivers: Option<PathBuf>,

    /// Waive nothing: every failure counts
    #[arg(long)]
    pub no_waivers: bool,

    /// E2E_FOCUS regex (default: networking NetworkPolicy, conformance \[Conformance\])
    #[arg(long, value_name = "REGEX")]
    pub focus: Option<String>,

    /// E2E_SKIP regex (default: networking \[Disruptive\]|NoExecuteTaintManager, conformance none)
    #[arg(long, value_name = "REGEX")]
    pub skip: Option<String>,

    /// E2E_PARALLEL: run specs in parallel (default true; conformance --certified false). With an empty skip the image then skips [Serial] tests
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub parallel: Option<bool>,

    /// --ginkgo.flake-attempts: tries of a failing spec (default 2; conformance --certified 1)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10))]
    pub flake_attempts: Option<u32>,

    /// Pull every image from this registry instead (air-gapped clouds), e.g. harbor.example.com/k8s
    #[arg(long, value_name = "REGISTRY")]
    pub image_repository: Option<String>,

    /// Print the images a run needs (and their mirrors with --image-repository), then exit
    #[arg(long, conflicts_with_all = ["cleanup", "keep", "artifacts"])]
    pub list_images: bool,

    /// Conformance image (default: registry.k8s.io/conformance:<server version>)
    #[arg(long, value_name = "IMAGE")]
    pub conformance_image: Option<String>,

    /// Image of the sidecar holding the results (default: registry.k8s.io/e2e-test-images/busybox:1.36.1-1)
    #[arg(long, value_name = "IMAGE")]
    pub sidecar_image: Option<String>,

    /// Give up after this long, e.g. 45m, 3h (default: networking 60m, --mode native 30m, conformance 3h)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,

    /// Give up when the test pod has not started after this long
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5m")]
    pub startup_timeout: Duration,

    /// Keep junit_01.xml and e2e.log in this directory
    #[arg(long, value_name = "DIR")]
    pub artifacts: Option<PathBuf>,

    /// Leave the namespace, RBAC and pod in the cluster (remove later with --cleanup)
    #[arg(long)]
    pub keep: bool,

    /// Remove what earlier runs of this check left in the cluster, then exit; runs still going are listed and left alone
    #[arg(long)]
    pub cleanup: bool,

    /// With --cleanup: delete runs still going too, these (by run id) or, without a value, all
    #[arg(long, value_name = "RUN_ID", num_args = 0.., value_delimiter = ',', requires = "cleanup")]
    pub force: Option<Vec<String>>,

    /// Time between status polls
    #[arg(long, hide = true, env = "KUBECTL_SCS_POLL_INTERVAL", value_parser = parse_duration, default_value = "5s")]
    pub poll_interval: Duration,

    /// How long clean-up waits for the namespace to go
    #[arg(long, hide = true, env = "KUBECTL_SCS_CLEANUP_TIMEOUT", value_parser = parse_duration, default_value = "2m")]
    pub cleanup_timeout: Duration,

    /// Minimum time between progress lines when stderr is not a terminal
    #[arg(long, hide = true, env = "KUBECTL_SCS_PROGRESS_INTERVAL", value_parser = parse_duration, default_value = "30s")]
    pub progress_interval: Duration,

    /// Fixed run id (names of the created objects)
    #[arg(long, hide = true, env = "KUBECTL_SCS_RUN_ID")]
    pub run_id: Option<String>,
}
