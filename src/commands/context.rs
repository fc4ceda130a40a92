//! What every command needs besides its own flags: global flags, output style, the clock.

use std::io::Write;

use jiff::Timestamp;

use crate::commands::global::GlobalArgs;
use crate::error::{Error, ErrorKind, Result};
use crate::kube::{ClientOptions, ScopeFlags};
use crate::report::OutputFormat;
use crate::report::term::Stream;
use crate::report::{self, Outcome, Report, Style};

/// Tests fix "now" through this variable so that ages in the output are reproducible.
pub const NOW_ENV: &str = "KUBECTL_SCS_NOW";

pub struct Context {
    pub global: GlobalArgs,
    /// The connection flags, lowered once for the kube layer.
    pub client: ClientOptions,
    /// `-A` / `-n`, lowered once for the kube layer.
    pub scope: ScopeFlags,
    pub style: Style,
    now: Option<Timestamp>,
}

impl Context {
    pub fn from_env(global: GlobalArgs) -> Result<Context> {
        let width = if Stream::Stdout.is_terminal() {
            terminal_width()
        } else {
            None
        };
        let now = match std::env::var(NOW_ENV) {
            Ok(text) if !text.is_empty() => Some(text.parse::<Timestamp>().map_err(|e| {
                Error::usage(format!("{NOW_ENV}={text:?} is not an RFC 3339 timestamp"))
                    .with_source(e)
            })?),
            _ => None,
        };
        Ok(Context {
            style: Style {
                wide: false,
                color: Stream::Stdout.color(global.no_color),
                width,
            },
            client: global.client_options(),
            scope: global.scope_flags(),
            global,
            now,
        })
    }

    /// Whether stderr (prompts, progress) gets colour, by the same rule as everything else.
    pub fn stderr_color(&self) -> bool {
        Stream::Stderr.color(self.global.no_color)
    }

    /// Whether stderr is a terminal: a redrawn progress bar there, plain lines otherwise.
    pub fn stderr_is_terminal(&self) -> bool {
        Stream::Stderr.is_terminal()
    }

    /// The current time, or the fixed one tests set.
    pub fn now(&self) -> Timestamp {
        self.now.unwrap_or_else(Timestamp::now)
    }

    /// Moves the cursor home and clears the terminal, for redrawing a watched view.
    pub fn clear_screen(&self) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(b"\x1b[H\x1b[2J");
    }

    /// Prints a report in the chosen format. A closed stdout (e.g. `| head`) is not an error.
    pub fn emit(&self, report: &Report) -> Result<Outcome> {
        let stdout = std::io::stdout();
        let stderr = std::io::stderr();
        let mut out = stdout.lock();
        let mut err = stderr.lock();
        let written = report::render(report, self.global.output, &self.style, &mut out, &mut err)
            .and_then(|()| out.flush());
        finish(written, report.outcome)
    }

    /// The SCS runner reads its verdict from stdout: with `-o scs`, a check that could not run
    /// still gets its `<testcase>: ABORT` line.
    pub fn abort_line(&self, testcase: &str, result: &Result<Outcome>) {
        if let Err(e) = result
            && e.kind == ErrorKind::CouldNotRun
            && self.global.output == OutputFormat::Scs
        {
            let _ = writeln!(std::io::stdout(), "{testcase}: ABORT");
        }
    }

    /// Prints a `-o json|yaml` document serialized directly (for documents too large to hold as
    /// a `serde_json::Value`), then the notes on stderr.
    pub fn emit_document<T: serde::Serialize>(
        &self,
        document: &T,
        notes: &[String],
    ) -> Result<Outcome> {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let written = report::write_document(document, self.global.output, &mut out)
            .and_then(|()| out.flush())
            .and_then(|()| {
                let mut err = std::io::stderr().lock();
                notes
                    .iter()
                    .try_for_each(|note| writeln!(err, "note: {note}"))
            });
        finish(written, Outcome::Ok)
    }
}

/// A closed stdout (e.g. `| head`) is not an error.
fn finish(written: std::io::Result<()>, outcome: Outcome) -> Result<Outcome> {
    match written {
        Ok(()) => Ok(outcome),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(outcome),
        Err(e) => Err(Error::could_not_run("cannot write the output").with_source(e)),
    }
}

/// Terminals that report no size (0 columns, e.g. a pseudo-terminal nobody sized) get no
/// wrapping rather than one character per line.
fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| comfy_table::Table::new().width())
        .filter(|w: &u16| *w >= 20)
}
