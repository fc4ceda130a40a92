//! The error every command returns: what went wrong, in words a person can act on, plus hints.
//!
//! Exit codes are decided only by the kind (see `main.rs`); the message and hints are for people.
//! A library error that caused ours is kept as the source, and printing the error prints the chain
//! (`message: cause: cause's cause`), so the words come from one place and the cause stays typed.

use std::fmt;

/// Why a command stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The command line or an input given on it is wrong (exit 2).
    Usage,
    /// The command could not do its work: unreachable, unauthorized, forbidden, timeout, bad input
    /// file (exit 3).
    CouldNotRun,
}

/// The cause of an [`Error`], as any library error.
pub type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    /// What was being done or what went wrong, without the cause; `Display` adds the cause.
    pub message: String,
    pub hints: Vec<String>,
    source: Option<Source>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Usage,
            message: message.into(),
            hints: Vec::new(),
            source: None,
        }
    }

    pub fn could_not_run(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::CouldNotRun,
            message: message.into(),
            hints: Vec::new(),
            source: None,
        }
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// A usage error whose cause says everything: its text is the message, and it stays the source.
    pub fn usage_from(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::usage(source.to_string()).with_source(source)
    }

    /// A could-not-run error whose cause says everything (see [`Error::usage_from`]).
    pub fn could_not_run_from(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::could_not_run(source.to_string()).with_source(source)
    }

    /// Keeps `source` as the cause; it is printed after the message.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<Source>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Prefixes the message with what was being done, keeping kind and hints.
    #[must_use]
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

/// The message, then each cause of the chain after `: `. A cause whose text the previous level
/// already ends with is left out: many errors (io, kube) repeat their inner error in their own text.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        let mut previous = self.message.clone();
        let mut cause = std::error::Error::source(self);
        while let Some(e) = cause {
            let text = e.to_string();
            if !previous.ends_with(&text) {
                write!(f, ": {text}")?;
            }
            previous = text;
            cause = e.source();
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Turns a library error into ours: the message says what was being done, the error becomes the
/// source. `read(path).could_not_run(|| format!("cannot read {path}"))` prints
/// `cannot read x: No such file or directory (os error 2)`.
pub trait ResultExt<T> {
    /// The command could not do its work (exit 3).
    fn could_not_run<M: Into<String>>(self, context: impl FnOnce() -> M) -> Result<T>;
    /// An input given on the command line is wrong (exit 2).
    fn usage<M: Into<String>>(self, context: impl FnOnce() -> M) -> Result<T>;
}

impl<T, E: std::error::Error + Send + Sync + 'static> ResultExt<T> for std::result::Result<T, E> {
    fn could_not_run<M: Into<String>>(self, context: impl FnOnce() -> M) -> Result<T> {
        self.map_err(|e| Error::could_not_run(context()).with_source(e))
    }

    fn usage<M: Into<String>>(self, context: impl FnOnce() -> M) -> Result<T> {
        self.map_err(|e| Error::usage(context()).with_source(e))
    }
}

/// The innermost cause, which is the part that tells a person what happened.
pub fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that, like io and kube errors, repeats its cause in its own text.
    #[derive(Debug, thiserror::Error)]
    #[error("reading failed: {0}")]
    struct Repeats(#[source] std::io::Error);

    /// An error that, like hyper's, keeps its cause out of its own text.
    #[derive(Debug, thiserror::Error)]
    #[error("client error")]
    struct Hides(#[source] std::io::Error);

    fn io() -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::NotFound, "no such file")
    }

    #[test]
    fn without_source_prints_the_message() {
        let e = Error::could_not_run("cannot start");
        assert_eq!(e.to_string(), "cannot start");
        assert!(std::error::Error::source(&e).is_none());
    }

    #[test]
    fn prints_the_source_after_the_message() {
        let e = Error::usage("cannot read x").with_source(io());
        assert_eq!(e.to_string(), "cannot read x: no such file");
        assert_eq!(e.kind, ErrorKind::Usage);
        assert_eq!(e.message, "cannot read x");
    }

    #[test]
    fn a_cause_repeated_by_its_parent_is_printed_once() {
        let e = Error::could_not_run("cannot read x").with_source(Repeats(io()));
        assert_eq!(e.to_string(), "cannot read x: reading failed: no such file");
    }

    #[test]
    fn every_level_of_the_chain_is_printed() {
        let e = Error::could_not_run("cannot connect").with_source(Hides(io()));
        assert_eq!(e.to_string(), "cannot connect: client error: no such file");
    }

    #[test]
    fn our_own_error_as_source_keeps_its_chain_once() {
        let inner = Error::could_not_run("cannot read x").with_source(Repeats(io()));
        let e = Error::could_not_run("loading the dump").with_source(inner);
        assert_eq!(
            e.to_string(),
            "loading the dump: cannot read x: reading failed: no such file"
        );
    }

    #[test]
    fn the_extension_sets_kind_context_and_source() {
        let read: std::result::Result<(), _> = Err(io());
        let e = read.could_not_run(|| "cannot read x").unwrap_err();
        assert_eq!(e.kind, ErrorKind::CouldNotRun);
        assert_eq!(e.to_string(), "cannot read x: no such file");
        let source = std::error::Error::source(&e).expect("the io error is kept");
        assert!(source.downcast_ref::<std::io::Error>().is_some());

        let parse: std::result::Result<u8, _> = "x".parse::<u8>();
        let e = parse
            .usage(|| format!("bad --count {:?}", "x"))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Usage);
        assert_eq!(
            e.to_string(),
            "bad --count \"x\": invalid digit found in string"
        );
    }

    #[test]
    fn an_error_that_says_everything_is_printed_once() {
        let e = Error::could_not_run_from(Repeats(io()));
        assert_eq!(e.kind, ErrorKind::CouldNotRun);
        assert_eq!(e.to_string(), "reading failed: no such file");
        assert_eq!(e.message, "reading failed: no such file");
        let source = std::error::Error::source(&e).expect("the cause is kept");
        assert!(source.downcast_ref::<Repeats>().is_some());
        assert_eq!(
            Error::usage_from(Hides(io())).to_string(),
            "client error: no such file"
        );
    }

    #[test]
    fn context_and_hints_keep_the_source() {
        let e = Error::could_not_run("cannot read x")
            .with_source(io())
            .hint("check the path")
            .context("loading");
        assert_eq!(e.to_string(), "loading: cannot read x: no such file");
        assert_eq!(e.hints, ["check the path"]);
    }
}
