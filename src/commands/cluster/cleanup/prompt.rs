//! Asking a person: a small interface over dialoguer, so the flows that ask can be tested with
//! scripted answers.

use std::io::{IsTerminal, Write};

use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, MultiSelect, Select};

use crate::error::{Error, Result};

/// Questions a command may ask. `None` means the person cancelled (Esc or q).
pub trait Prompter {
    /// One of `items`.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<Option<usize>>;
    /// Any of `items`; `checked` are ticked at the start.
    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Option<Vec<usize>>>;
    /// Yes or no; the default is no.
    fn confirm(&mut self, prompt: &str) -> Result<Option<bool>>;
    /// Text shown before a question (on stderr for a terminal).
    fn say(&mut self, text: &str);
}

/// The real terminal (stderr), coloured when the caller's colour rule ([`crate::report::term`]) allows.
pub struct Terminal {
    theme: Box<dyn Theme>,
}

impl Terminal {
    /// A prompter when stdin and stderr are terminals; `None` otherwise.
    pub fn open(color: bool) -> Option<Terminal> {
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            return None;
        }
        let theme: Box<dyn Theme> = if color {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Some(Terminal { theme })
    }
}

fn failed(e: dialoguer::Error) -> Error {
    Error::could_not_run("cannot ask on the terminal").with_source(e)
}

impl Prompter for Terminal {
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<Option<usize>> {
        Select::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .interact_opt()
            .map_err(failed)
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Option<Vec<usize>>> {
        MultiSelect::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .defaults(checked)
            .interact_opt()
            .map_err(failed)
    }

    fn confirm(&mut self, prompt: &str) -> Result<Option<bool>> {
        Confirm::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .default(false)
            .interact_opt()
            .map_err(failed)
    }

    fn say(&mut self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = writeln!(err);
        }
    }
}

/// Answers given in advance, for tests; records what was said and asked.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct Scripted {
    pub answers: std::collections::VecDeque<Answer>,
    pub transcript: Vec<String>,
}

/// One scripted answer.
#[cfg(test)]
#[derive(Debug, Clone)]
pub enum Answer {
    Select(Option<usize>),
    /// Indices to tick, or `None` to cancel; `Defaults` keeps the pre-ticked ones.
    Multi(Option<Vec<usize>>),
    Defaults,
    Confirm(Option<bool>),
}

#[cfg(test)]
impl Scripted {
    pub fn new(answers: impl IntoIterator<Item = Answer>) -> Self {
        Scripted {
            answers: answers.into_iter().collect(),
            transcript: Vec::new(),
        }
    }

    fn next(&mut self, prompt: &str) -> Result<Answer> {
        self.answers
            .pop_front()
            .ok_or_else(|| Error::could_not_run(format!("no scripted answer for {prompt:?}")))
    }
}

#[cfg(test)]
impl Prompter for Scripted {
    fn select(&mut self, prompt: &str, items: &[String], _default: usize) -> Result<Option<usize>> {
        self.transcript
            .push(format!("select {prompt}: {}", items.join(" | ")));
        match self.next(prompt)? {
            Answer::Select(a) => Ok(a),
            other => Err(Error::could_not_run(format!(
                "expected a select answer, got {other:?}"
            ))),
        }
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Option<Vec<usize>>> {
        self.transcript
            .push(format!("multi {prompt}: {}", items.join(" | ")));
        match self.next(prompt)? {
            Answer::Multi(a) => Ok(a),
            Answer::Defaults => Ok(Some(
                checked
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c)
                    .map(|(i, _)| i)
                    .collect(),
            )),
            other => Err(Error::could_not_run(format!(
                "expected a multi-select answer, got {other:?}"
            ))),
        }
    }

    fn confirm(&mut self, prompt: &str) -> Result<Option<bool>> {
        self.transcript.push(format!("confirm {prompt}"));
        match self.next(prompt)? {
            Answer::Confirm(a) => Ok(a),
            other => Err(Error::could_not_run(format!(
                "expected a confirm answer, got {other:?}"
            ))),
        }
    }

    fn say(&mut self, text: &str) {
        self.transcript.push(text.to_string());
    }
}
