//! kubectl's plugin completion protocol (kubectl >= 1.26).
//!
//! To complete `kubectl scs check kub<TAB>`, kubectl runs `kubectl_complete-scs check kub` from
//! PATH: the arguments are the words typed after the plugin name, the last one being the word
//! under the cursor (`""` for a new word). It reads the candidates from stdout, one per line
//! (`value<TAB>description` shows descriptions in zsh and fish), and a last line `:<n>` with
//! cobra's completion directive.
//!
//! The plugin binary answers this itself when it is started as `kubectl_complete-scs` (a copy or
//! link of the binary) or as `kubectl-scs __complete <words>` (what the shipped shell helper
//! runs).

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::engine::{self, CompletionCandidate};

use crate::commands::cli::Cli;
use crate::commands::complete::values;
use crate::commands::completion::{BIN_NAME, HELPER_NAME};

/// The argument that makes `kubectl-scs` answer a completion request.
pub const COMPLETE_ARG: &str = "__complete";

/// cobra's ShellCompDirectiveError: something went wrong, complete nothing.
pub const DIRECTIVE_ERROR: u32 = 1;
/// cobra's ShellCompDirectiveNoSpace: do not add a space after the candidate.
pub const DIRECTIVE_NO_SPACE: u32 = 2;
/// cobra's ShellCompDirectiveNoFileComp: do not fall back to file names.
pub const DIRECTIVE_NO_FILE_COMP: u32 = 4;

/// The words to complete when the process was started for completion, else `None`.
///
/// `args` is the whole argument vector, program name first.
pub fn request(args: &[OsString]) -> Option<Vec<OsString>> {
    let (program, rest) = args.split_first()?;
    if program_stem(program) == HELPER_NAME {
        return Some(rest.to_vec());
    }
    match rest.split_first() {
        Some((first, words)) if first == COMPLETE_ARG => Some(words.to_vec()),
        _ => None,
    }
}

/// The program name without directory and `.exe`, whichever separator the path uses.
fn program_stem(program: &OsStr) -> String {
    let text = program.to_string_lossy();
    let name = text.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = name.len().checked_sub(4).filter(|&cut| {
        name.get(cut..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".exe"))
    });
    match stem {
        Some(cut) => name.get(..cut).unwrap_or(name).to_string(),
        None => name.to_string(),
    }
}

/// Candidates for the last of `words` (kubectl's arguments; none means a new first word).
pub fn candidates(words: &[OsString]) -> io::Result<Vec<CompletionCandidate>> {
    let mut words = words.to_vec();
    if words.is_empty() {
        words.push(OsString::new());
    }
    let typed_before = &words[..words.len() - 1];
    let mut args = vec![OsString::from(BIN_NAME)];
    args.extend(words.iter().cloned());
    let index = args.len() - 1;
    let current_dir = std::env::current_dir().ok();
    values::with_typed_words(typed_before, || {
        engine::complete(&mut Cli::command(), args, index, current_dir.as_deref())
    })
}

/// The protocol's answer: candidate lines and the directive line. Flags are offered for a new
/// word only when nothing else fits, as kubectl itself does.
pub fn answer(words: &[OsString], candidates: &[CompletionCandidate]) -> String {
    let current_is_empty = words.last().is_none_or(|w| w.is_empty());
    let visible: Vec<&CompletionCandidate> =
        candidates.iter().filter(|c| !c.is_hide_set()).collect();
    let is_flag = |c: &&CompletionCandidate| c.get_value().to_string_lossy().starts_with('-');
    let shown: Vec<&CompletionCandidate> =
        if current_is_empty && visible.iter().any(|c| !is_flag(c)) {
            visible.into_iter().filter(|c| !is_flag(c)).collect()
        } else {
            visible
        };
    let mut text = String::new();
    for candidate in &shown {
        text.push_str(&line(candidate));
        text.push('\n');
    }
    // A directory is a step towards a file, not a finished word.
    let into_directory = shown.iter().any(|c| {
        c.get_value()
            .to_string_lossy()
            .ends_with(std::path::MAIN_SEPARATOR)
    });
    let directive = DIRECTIVE_NO_FILE_COMP
        | if into_directory {
            DIRECTIVE_NO_SPACE
        } else {
            0
        };
    text.push_str(&format!(":{directive}\n"));
    text
}

/// One candidate as cobra reads it: the value, then a tab and the first line of its help.
fn line(candidate: &CompletionCandidate) -> String {
    let value = candidate
        .get_value()
        .to_string_lossy()
        .replace(['\n', '\t'], " ");
    let help = candidate
        .get_help()
        .map(|h| h.to_string())
        .and_then(|h| {
            h.lines()
                .next()
                .map(|l| l.replace('\t', " ").trim().to_string())
        })
        .filter(|h| !h.is_empty());
    match help {
        Some(help) => format!("{value}\t{help}"),
        None => value,
    }
}

/// Answers a completion request on `out`. Returns false when no completion could be computed
/// (the directive line then says so).
pub fn respond(words: &[OsString], out: &mut dyn Write) -> bool {
    let (text, ok) = match candidates(words) {
        Ok(found) => (answer(words, &found), true),
        Err(_) => (format!(":{DIRECTIVE_ERROR}\n"), false),
    };
    // A closed stdout means nobody is waiting for the answer; there is no one to tell.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    fn values_of(text: &str) -> Vec<String> {
        text.lines()
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn requests_are_recognised_by_program_name_or_argument() {
        assert_eq!(
            request(&os(&["/usr/local/bin/kubectl_complete-scs", "stack", ""])),
            Some(os(&["stack", ""]))
        );
        assert_eq!(
            request(&os(&["C:\\bin\\kubectl_complete-scs.exe", ""])).map(|w| w.len()),
            Some(1)
        );
        assert_eq!(
            request(&os(&["kubectl-scs", "__complete", "check", "k"])),
            Some(os(&["check", "k"]))
        );
        assert_eq!(request(&os(&["kubectl-scs", "stack", "status"])), None);
        assert_eq!(request(&os(&["kubectl-scs"])), None);
        assert_eq!(request(&[]), None);
    }

    #[test]
    fn a_new_first_word_offers_the_commands_and_no_flags() {
        let words = os(&[""]);
        let text = answer(&words, &candidates(&words).unwrap());
        let values = values_of(&text);
        for command in ["stack", "check", "completion", "version"] {
            assert!(
                values.contains(&command.to_string()),
                "{command} missing from {text}"
            );
        }
        assert!(!values.iter().any(|v| v.starts_with('-')), "{text}");
        assert_eq!(text.lines().last(), Some(":4"));
    }

    #[test]
    fn no_words_is_a_new_first_word() {
        let text = answer(&[], &candidates(&[]).unwrap());
        assert!(values_of(&text).contains(&"stack".to_string()));
    }

    #[test]
    fn partial_words_complete_subcommands_flags_and_output_formats() {
        let complete = |list: &[&str]| {
            let words = os(list);
            values_of(&answer(&words, &candidates(&words).unwrap()))
        };
        assert_eq!(complete(&["stack", "st"]), ["status", ":4"]);
        assert_eq!(complete(&["check", "kube"]), ["kubeapi", ":4"]);
        assert!(complete(&["stack", "status", "--exit"]).contains(&"--exit-code".to_string()));
        let formats = complete(&["check", "all", "-o", ""]);
        assert_eq!(
            formats,
            ["table", "wide", "json", "yaml", "junit", "scs", ":4"]
        );
        // A command that is not a check offers the report formats only.
        let formats = complete(&["stack", "status", "-o", ""]);
        assert_eq!(formats, ["table", "wide", "json", "yaml", ":4"]);
        assert_eq!(
            complete(&["check", "all", "--output", "j"]),
            ["json", "junit", ":4"]
        );
    }

    #[test]
    fn descriptions_follow_a_tab_on_one_line() {
        let words = os(&["completion", "z"]);
        let text = answer(&words, &candidates(&words).unwrap());
        let first = text.lines().next().unwrap_or_default();
        assert!(first.starts_with("zsh\t"), "{text}");
        assert!(!first.contains('\n'));
    }

    #[test]
    fn directories_keep_the_cursor_on_the_word() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("releases")).unwrap();
        let prefix = dir.path().join("rel");
        let words = vec![
            OsString::from("stack"),
            OsString::from("status"),
            OsString::from("--releases"),
            prefix.into_os_string(),
        ];
        let text = answer(&words, &candidates(&words).unwrap());
        assert!(
            text.lines()
                .next()
                .unwrap_or_default()
                .ends_with("releases/"),
            "{text}"
        );
        assert_eq!(text.lines().last(), Some(":6"));
    }

    #[test]
    fn respond_writes_the_answer() {
        let mut out = Vec::new();
        assert!(respond(&os(&["vers"]), &mut out));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "version\tPlugin version and commit, and the server version when a cluster is reachable\n:4\n"
        );
    }
}
