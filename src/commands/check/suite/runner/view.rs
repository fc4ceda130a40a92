//! What the user sees on stderr while a run goes on: phases, and the specs done of the
//! total with failures and elapsed time — a progress bar on a terminal, a line now and
//! then otherwise (logs, CI, the SCS runner, which reads `INFO:` lines).

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::time::Instant;

use crate::commands::check::suite::orchestrate::{Phases, StderrLines};
use crate::duration::human;
use crate::e2e::progress::Progress;

/// Receives what an e2e run does: its phases, and the suite's progress.
pub trait Sink: Phases + Send {
    /// The suite's progress, polled.
    fn progress(&mut self, progress: &Progress, elapsed: Duration);
}

/// A sink that shows nothing.
pub struct Silent;

impl Phases for Silent {
    fn phase(&mut self, _: &str) {}
    fn done(&mut self) {}
}

impl Sink for Silent {
    fn progress(&mut self, _: &Progress, _: Duration) {}
}

/// The bar before the suite says how many specs it will run: no `0/0 specs`.
const STARTING: &str = "{spinner} [{elapsed_precise}] {msg}";
/// The bar once the total is known.
const RUNNING: &str = "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} specs {msg}";

/// The stderr view.
pub struct StderrView {
    out: StderrLines,
    counting: bool,
    every: Duration,
    last_line: Option<(Instant, Progress)>,
}

impl StderrView {
    /// A bar when stderr is a terminal, else lines at most every `every` (and whenever the
    /// failure count changes). `scs` prefixes the lines with `INFO: `.
    pub fn new(terminal: bool, scs: bool, every: Duration) -> StderrView {
        let bar = terminal.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(style(STARTING));
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        StderrView {
            out: StderrLines::new(bar, scs),
            counting: false,
            every,
            last_line: None,
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// `1 failed before waivers`: the log cannot tell which failures the SCS waivers excuse.
pub fn failed_text(failed: u64) -> String {
    if failed == 0 {
        "0 failed".to_string()
    } else {
        format!("{failed} failed before waivers")
    }
}

/// `12/50 specs done, 1 failed before waivers, 3m12s elapsed`.
pub fn progress_line(p: &Progress, elapsed: Duration) -> String {
    let total = p
        .total
        .map(|t| t.to_string())
        .unwrap_or_else(|| "?".to_string());
    format!(
        "progress: {}/{total} specs done, {}, {} elapsed",
        p.done,
        failed_text(p.failed),
        human(Duration::from_secs(elapsed.as_secs()))
    )
}

impl Phases for StderrView {
    fn phase(&mut self, text: &str) {
        self.out.line(text);
    }

    fn done(&mut self) {
        self.out.finish();
    }
}

impl Sink for StderrView {
    fn progress(&mut self, p: &Progress, elapsed: Duration) {
        if let Some(bar) = self.out.bar() {
            if let Some(total) = p.total {
                bar.set_length(total);
                if !self.counting {
                    bar.set_style(style(RUNNING));
                    self.counting = true;
                }
            }
            bar.set_position(p.done);
            bar.set_message(failed_text(p.failed));
            return;
        }
        let now = Instant::now();
        let due = match &self.last_line {
            None => p.total.is_some() || p.done > 0,
            Some((at, last)) => {
                last.failed != p.failed
                    || last.finished != p.finished
                    || (last.done != p.done && now.duration_since(*at) >= self.every)
            }
        };
        if due {
            self.out.line(&progress_line(p, elapsed));
            self.last_line = Some((now, *p));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_counts_specs_only_once_the_total_is_known() {
        let mut view = StderrView::new(true, false, Duration::ZERO);
        view.progress(&Progress::default(), Duration::ZERO);
        assert!(!view.counting);
        let started = Progress {
            total: Some(5),
            ..Progress::default()
        };
        view.progress(&started, Duration::ZERO);
        assert!(view.counting);
        view.done();
    }

    #[test]
    fn the_progress_line_reads_well() {
        let p = Progress {
            total: Some(50),
            done: 12,
            failed: 1,
            finished: false,
        };
        assert_eq!(
            progress_line(&p, Duration::from_millis(192_400)),
            "progress: 12/50 specs done, 1 failed before waivers, 3m12s elapsed"
        );
        assert_eq!(
            progress_line(&Progress::default(), Duration::ZERO),
            "progress: 0/? specs done, 0 failed, 0s elapsed"
        );
    }
}
