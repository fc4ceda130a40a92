//! Progress on stderr: a bar on a terminal, one line per finished test otherwise (CI logs;
//! `INFO:`-prefixed under `-o scs`, where stderr is the SCS runner's log).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::commands::check::suite::orchestrate::{Phases, StderrLines};
use crate::e2e::Waivers;
use crate::netcheck::{RunStatus, ScenarioRun};
use crate::netpol::catalogue::Scenario;

/// Shows how far a native run is.
pub struct Progress {
    out: StderrLines,
    waivers: Waivers,
    total: usize,
    done: usize,
}

impl Progress {
    /// A bar when `tty`, lines otherwise; `waivers` tell failures that will be waived.
    pub fn new(tty: bool, scs: bool, waivers: Waivers) -> Self {
        let bar = tty.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:30} {pos}/{len} tests  {elapsed}  {wide_msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Self {
            out: StderrLines::new(bar, scs),
            waivers,
            total: 0,
            done: 0,
        }
    }

    /// The number of tests, once known.
    pub fn set_total(&mut self, total: usize) {
        self.total = total;
        if let Some(bar) = self.out.bar() {
            bar.set_length(u64::try_from(total).unwrap_or(u64::MAX));
        }
    }

    /// A step that is not a test (preflight, pods starting, clean-up).
    pub fn phase(&self, text: &str) {
        self.out.line(text);
    }

    /// A test starts.
    pub fn started(&self, scenario: &Scenario) {
        if let Some(bar) = self.out.bar() {
            bar.set_message(scenario.upstream.it);
        }
    }

    /// A test ended.
    pub fn finished(&mut self, run: &ScenarioRun) {
        self.done += 1;
        let status = match run.status {
            RunStatus::Passed => "passed",
            RunStatus::Failed | RunStatus::CouldNotRun
                if self.waivers.matching(&run.name).is_some() =>
            {
                "waived"
            }
            RunStatus::Failed => "FAILED",
            RunStatus::CouldNotRun => "COULD NOT RUN",
        };
        if let Some(bar) = self.out.bar() {
            bar.inc(1);
            if run.status != RunStatus::Passed {
                bar.println(format!("{status}  {}", run.name));
            }
            return;
        }

        let width = self.total.to_string().len();
        self.out.line(&format!(
            "[{:>width$}/{}] {status} {:>5.1}s {}",
            self.done, self.total, run.seconds, run.name
        ));
    }
}

impl Phases for Progress {
    fn phase(&mut self, text: &str) {
        Progress::phase(self, text);
    }

    fn done(&mut self) {
        self.out.finish();
    }
}
