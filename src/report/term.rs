//! The one rule for escape codes, used by every writer (errors, logs, tables, prompts, progress):
//! colour only on a terminal, and never with `--no-color` or a non-empty `NO_COLOR`
//! (<https://no-color.org>). A file, a pipe or a CI log gets plain text.

use std::ffi::OsStr;
use std::io::IsTerminal;

/// Where output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Results.
    Stdout,
    /// Errors, notes, progress and logs.
    Stderr,
}

impl Stream {
    /// Whether the stream is a terminal (a person watching), which also decides between a
    /// redrawn progress bar and plain progress lines.
    pub fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        }
    }

    /// Whether this stream gets colour, given `--no-color` and the environment.
    pub fn color(self, no_color_flag: bool) -> bool {
        color_allowed(
            self.is_terminal(),
            no_color_flag,
            std::env::var_os("NO_COLOR").as_deref(),
        )
    }
}

/// The rule itself: a terminal, no `--no-color`, and `NO_COLOR` unset or empty.
pub fn color_allowed(terminal: bool, no_color_flag: bool, no_color_env: Option<&OsStr>) -> bool {
    terminal && !no_color_flag && no_color_env.is_none_or(OsStr::is_empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_flag_or_no_color() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        assert!(color_allowed(true, false, None));
        assert!(color_allowed(true, false, empty));
        assert!(!color_allowed(false, false, None));
        assert!(!color_allowed(true, true, None));
        assert!(!color_allowed(true, false, set));
        assert!(!color_allowed(false, true, set));
    }
}
