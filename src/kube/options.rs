//! What the kube layer needs from the command line, as plain data: the command layer parses the
//! flags and lowers them to these, so nothing below it depends on the parser.

use std::path::PathBuf;
use std::time::Duration;

/// Which kubeconfig, context, cluster and user to connect with (kubectl's flags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientOptions {
    /// `--kubeconfig`: when set, the only file read, and it must exist.
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    pub cluster: Option<String>,
    pub user: Option<String>,
    /// `--request-timeout`; `None` means no limit.
    pub request_timeout: Option<Duration>,
}

/// The namespace scope asked for: `-A`, `-n NS`, or neither (the context's namespace).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ScopeFlags {
    All,
    Namespace(String),
    #[default]
    Default,
}

/// Where objects are read from: the cluster, or the dump files given with `-f`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Input {
    #[default]
    Live,
    Files(Vec<PathBuf>),
}

impl Input {
    /// `-f` files given → a dump; none → the cluster.
    pub fn from_files(files: &[PathBuf]) -> Input {
        if files.is_empty() {
            Input::Live
        } else {
            Input::Files(files.to_vec())
        }
    }
}
