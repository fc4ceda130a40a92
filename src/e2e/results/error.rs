//! Errors while reading offline results; each names the input and what was expected.

use std::path::PathBuf;

/// The formats an input may have, for messages.
pub(super) const EXPECTED: &str = "a `sonobuoy retrieve` tarball, plugins/e2e/sonobuoy_results.yaml, \
a JUnit XML report (junit_01.xml), the conformance image's e2e.tar.gz, or a ginkgo console log (e2e.log)";

/// Why results could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    /// The file or directory could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// A file or archive member is larger than the limit this tool reads.
    #[error(
        "`{name}` is larger than {limit} bytes, the most this tool reads; pass the e2e results files themselves"
    )]
    TooLarge {
        /// The file, or `archive!member`.
        name: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The content matches none of the supported formats.
    #[error("`{name}` is not an e2e result this tool understands; expected {EXPECTED}")]
    Unrecognised {
        /// The input.
        name: String,
    },
    /// A JUnit report that is not well-formed XML.
    #[error("`{name}` is not a readable JUnit report: {message} (line {line})")]
    Xml {
        /// The input.
        name: String,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An XML file whose root element is not a JUnit test suite.
    #[error(
        "`{name}` is XML with root element <{root}>, expected a JUnit report (<testsuites> or <testsuite>)"
    )]
    NotJunit {
        /// The input.
        name: String,
        /// The root element found.
        root: String,
    },
    /// A sonobuoy results file that cannot be parsed or has the wrong shape.
    #[error("`{name}` is not a readable sonobuoy_results.yaml: {message}")]
    Sonobuoy {
        /// The input.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// The sonobuoy results of a plugin other than `e2e`.
    #[error(
        "`{name}` holds the results of sonobuoy plugin `{plugin}`; expected the `e2e` plugin's (plugins/e2e/sonobuoy_results.yaml)"
    )]
    NotE2ePlugin {
        /// The input.
        name: String,
        /// The plugin named in the file.
        plugin: String,
    },
    /// A console log without the ginkgo summary, e.g. because the run did not finish.
    #[error(
        "`{name}` is a ginkgo console log without the final `Ran N of M Specs` summary; did the run finish?"
    )]
    ConsoleIncomplete {
        /// The input.
        name: String,
    },
    /// A corrupt gzip stream or tar archive.
    #[error("`{name}` is a damaged archive: {message}")]
    Archive {
        /// The input.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// An archive above the limits on total size or member count.
    #[error("`{name}` exceeds the limit of {limit} {what}; is this really an e2e results archive?")]
    ArchiveLimit {
        /// The input.
        name: String,
        /// The limit that was hit ("decompressed bytes", "members").
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// An archive or directory that holds none of the supported files.
    #[error("`{name}` holds no e2e results; looked for {looked_for}")]
    NothingToJudge {
        /// The archive or directory.
        name: String,
        /// The files looked for.
        looked_for: String,
    },
    /// A directory with several candidate archives and nothing else to choose from.
    #[error("`{name}` holds several archives ({candidates}); pass one of them")]
    Ambiguous {
        /// The directory.
        name: String,
        /// The archives found.
        candidates: String,
    },
}
