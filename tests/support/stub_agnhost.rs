//! A stand-in for `agnhost connect` on `PATH`, so the probe command the binary generates
//! (`kubectl_scs::netcheck::script::command`) runs for real in `/bin/sh` — its function,
//! quoting, `printf` and `tr` — and only the network is made up.
//!
//! The stub answers each `agnhost connect DEST --timeout=T --protocol=P` from a table the
//! test (or the fake CNI) writes, as the real agnhost does: exit 0 when it connected; exit 1
//! with `TIMEOUT`, `REFUSED` or `DNS: …` on stderr otherwise; or any exit code and output
//! (garbage). A destination missing from the table times out, like a dropped packet. Every
//! call's arguments are logged, so tests see what the script asked for.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How one connect attempt ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Exit 0, no output.
    Connected,
    /// `TIMEOUT`, exit 1.
    Timeout,
    /// `REFUSED`, exit 1.
    Refused,
    /// `DNS: lookup …: no such host`, exit 1.
    Dns,
    /// These bytes on stderr and this exit code.
    Exit { code: i32, output: String },
}

/// The stub's answers by destination and protocol.
#[derive(Clone, Debug, Default)]
pub struct Table {
    rows: Vec<(String, String, f64, Answer)>,
}

impl Table {
    /// Answers connects to `dest` over `protocol` (`tcp`, `udp`, `sctp`) at once.
    pub fn add(self, dest: impl ToString, protocol: &str, answer: Answer) -> Self {
        self.add_after(dest, protocol, 0.0, answer)
    }

    /// Answers after `seconds` (a connect that waits for its timeout).
    pub fn add_after(
        mut self,
        dest: impl ToString,
        protocol: &str,
        seconds: f64,
        answer: Answer,
    ) -> Self {
        self.rows
            .push((dest.to_string(), protocol.to_owned(), seconds, answer));
        self
    }
}

/// What one run of a command did.
#[derive(Debug)]
pub struct Ran {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
    /// The arguments of every `agnhost` call, one line each, in the order they started.
    pub calls: Vec<String>,
}

const SCRIPT: &str = r#"#!/bin/sh
# agnhost connect DEST --timeout=T --protocol=P, answered from $STUB_TABLE:
# lines "DEST PROTOCOL DELAY ANSWER [CODE FILE]".
printf '%s\n' "$*" >> "$STUB_CALLS"
[ "$1" = connect ] || { echo "Error: unknown command \"$1\" for \"agnhost\"" >&2; exit 1; }
dest=$2
case $3 in --timeout=*s) ;; *) echo "Error: invalid argument \"$3\"" >&2; exit 2 ;; esac
case $4 in --protocol=tcp|--protocol=udp|--protocol=sctp) ;; *) echo "Error: bad protocol \"$4\"" >&2; exit 2 ;; esac
proto=${4#--protocol=}
while read -r d p delay answer code file; do
  [ "$d" = "$dest" ] && [ "$p" = "$proto" ] || continue
  [ "$delay" = 0 ] || sleep "$delay"
  case $answer in
    connected) exit 0 ;;
    timeout) echo TIMEOUT >&2; exit 1 ;;
    refused) echo REFUSED >&2; exit 1 ;;
    dns) echo "DNS: lookup ${dest%:*}: no such host" >&2; exit 1 ;;
    exit) cat "$file" >&2; exit "$code" ;;
  esac
done < "$STUB_TABLE"
echo TIMEOUT >&2
exit 1
"#;

/// A directory holding the stub as `agnhost`.
pub struct StubAgnhost {
    dir: tempfile::TempDir,
}

impl StubAgnhost {
    /// Writes the stub.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("agnhost");
        std::fs::write(&path, SCRIPT).expect("write the stub");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .expect("make the stub executable");
        }
        StubAgnhost { dir }
    }

    /// `PATH` with the stub first.
    fn path_var(&self) -> String {
        let rest = std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into());
        format!("{}:{rest}", self.dir.path().display())
    }

    /// Runs `argv` (the exec command, `/bin/sh -c <script>`) with the stub on `PATH`
    /// answering from `table`. Safe to call from several threads at once.
    pub fn run(&self, argv: &[String], table: &Table) -> Ran {
        let work = tempfile::tempdir().expect("temp dir");
        let table_path = write_table(work.path(), table);
        let calls_path = work.path().join("calls");
        std::fs::write(&calls_path, "").expect("write the call log");
        run_with(argv, &self.path_var(), &table_path, &calls_path)
    }

    /// Runs `argv` with a `PATH` that has no agnhost at all.
    pub fn run_without_agnhost(argv: &[String]) -> Ran {
        let work = tempfile::tempdir().expect("temp dir");
        let table_path = write_table(work.path(), &Table::default());
        let calls_path = work.path().join("calls");
        run_with(argv, "/usr/bin:/bin", &table_path, &calls_path)
    }
}

impl Default for StubAgnhost {
    fn default() -> Self {
        Self::new()
    }
}

fn write_table(dir: &Path, table: &Table) -> PathBuf {
    let mut text = String::new();
    for (i, (dest, protocol, delay, answer)) in table.rows.iter().enumerate() {
        let (word, code, file) = match answer {
            Answer::Connected => ("connected", 0, String::from("-")),
            Answer::Timeout => ("timeout", 1, "-".into()),
            Answer::Refused => ("refused", 1, "-".into()),
            Answer::Dns => ("dns", 1, "-".into()),
            Answer::Exit { code, output } => {
                let file = dir.join(format!("output-{i}"));
                std::fs::write(&file, output).expect("write a stub output");
                ("exit", *code, file.display().to_string())
            }
        };
        let delay = if *delay > 0.0 {
            format!("{delay}")
        } else {
            "0".into()
        };
        let _ = writeln!(text, "{dest} {protocol} {delay} {word} {code} {file}");
    }
    let path = dir.join("table");
    std::fs::write(&path, text).expect("write the table");
    path
}

fn run_with(argv: &[String], path: &str, table: &Path, calls: &Path) -> Ran {
    let (program, args) = argv.split_first().expect("a command");
    let out = Command::new(program)
        .args(args)
        .env("PATH", path)
        .env("STUB_TABLE", table)
        .env("STUB_CALLS", calls)
        .output()
        .expect("run the probe command");
    Ran {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
        calls: std::fs::read_to_string(calls)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect(),
    }
}
