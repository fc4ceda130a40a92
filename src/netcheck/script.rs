//! The command that probes every target of one source pod in a single exec, and the parsing
//! of its output.
//!
//! The agnhost image is Alpine-based, so `/bin/sh` (busybox ash) is there. The script starts
//! one background `/agnhost connect` per target — the very command upstream runs per exec —
//! and waits for all of them, so a batch takes as long as the slowest attempt (the connect
//! timeout) instead of the sum. Each attempt prints exactly one line with a single `printf`,
//! which the kernel writes atomically to the pipe, so concurrent lines never interleave:
//!
//! ```text
//! scs-probe <index> <exit code> <agnhost's message, newlines folded to spaces>
//! ```

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use crate::netcheck::probe::Observation;
use crate::netpol::Protocol;

/// The agnhost binary inside the image.
pub const AGNHOST: &str = "/agnhost";

/// First word of every result line.
pub const LINE_TAG: &str = "scs-probe";

/// The shell function every attempt runs: connect, keep the exit code, print one line. The
/// image keeps agnhost at `/agnhost`, off `PATH`; anywhere else (another image, a test
/// host running the script against a stub) the one on `PATH` is used.
const PROBE_FN: &str = "a=/agnhost; [ -x \"$a\" ] || a=agnhost\n\
p(){ o=$(\"$a\" connect \"$2\" --timeout=\"$4\" --protocol=\"$3\" 2>&1); r=$?; \
printf 'scs-probe %s %s %s\\n' \"$1\" \"$r\" \"$(printf '%s' \"$o\" | tr '\\n' ' ')\"; }";

/// `tcp`, `udp` or `sctp`, as `agnhost connect --protocol` wants it.
pub fn protocol_flag(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Sctp => "sctp",
    }
}

/// A Go duration for `--timeout`: whole seconds as `1s`, anything else in milliseconds.
/// A wire format parsed by Go's `time.ParseDuration` in agnhost, so it is kept apart from the
/// human-facing `duration` and its output pinned by tests.
pub fn go_duration(d: Duration) -> String {
    let millis = d.as_millis().max(1);
    if millis.is_multiple_of(1000) {
        format!("{}s", millis / 1000)
    } else {
        format!("{millis}ms")
    }
}

/// The exec command (`/bin/sh -c <script>`) attempting every connection concurrently.
/// `connects[i]` is reported on the line with index `i`.
pub fn command(connects: &[(SocketAddr, Protocol)], timeout: Duration) -> Vec<String> {
    let timeout = go_duration(timeout);
    let mut script = String::from(PROBE_FN);
    script.push('\n');
    for (i, (address, protocol)) in connects.iter().enumerate() {
        // SocketAddr prints IPv6 as [addr]:port, the form agnhost's net.SplitHostPort wants;
        // quoted, because `[…]` is a glob pattern to the shell.
        let _ = writeln!(
            script,
            "p {i} '{address}' {} {timeout} &",
            protocol_flag(*protocol)
        );
    }
    script.push_str("wait\n");
    vec!["/bin/sh".into(), "-c".into(), script]
}

/// One result line as [`command`]'s script prints it.
pub fn result_line(index: usize, exit_code: i32, message: &str) -> String {
    format!(
        "{LINE_TAG} {index} {exit_code} {}\n",
        message.replace('\n', " ")
    )
}

/// Reads the script's output into one observation per connect (`count` of them).
///
/// Exit code 0 is connected and 1 blocked, as upstream reads `agnhost connect`; any other code
/// (126/127: agnhost missing, 137: killed) and a missing line are failed probes, which never
/// count as a match. Unrelated lines are ignored; for a repeated index the first line counts.
pub fn parse_output(stdout: &str, count: usize) -> Vec<Observation> {
    let mut out: Vec<Option<Observation>> = vec![None; count];
    for line in stdout.lines() {
        let Some(rest) = line
            .strip_prefix(LINE_TAG)
            .and_then(|r| r.strip_prefix(' '))
        else {
            continue;
        };
        let mut parts = rest.splitn(3, ' ');
        let (Some(index), Some(code)) = (parts.next(), parts.next()) else {
            continue;
        };
        let message = parts.next().unwrap_or_default().trim().to_owned();
        let (Ok(index), Ok(code)) = (index.parse::<usize>(), code.parse::<i32>()) else {
            continue;
        };
        let Some(slot @ None) = out.get_mut(index) else {
            continue;
        };
        *slot = Some(match code {
            0 => Observation::Connected,
            1 => Observation::Blocked { reason: message },
            other => Observation::Failed {
                error: if message.is_empty() {
                    format!("{AGNHOST} connect exited with code {other}")
                } else {
                    format!("{AGNHOST} connect exited with code {other}: {message}")
                },
            },
        });
    }
    out.into_iter()
        .map(|o| {
            o.unwrap_or_else(|| Observation::Failed {
                error: "the probe printed no result line".into(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(text: &str) -> SocketAddr {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn command_runs_every_connect_in_the_background_and_waits() {
        let argv = command(
            &[
                (addr("10.96.0.10:80"), Protocol::Tcp),
                (addr("[fd00::10]:81"), Protocol::Udp),
            ],
            Duration::from_secs(1),
        );
        assert_eq!(argv.first().map(String::as_str), Some("/bin/sh"));
        assert_eq!(argv.get(1).map(String::as_str), Some("-c"));
        let script = argv.get(2).cloned().unwrap_or_default();
        assert!(script.starts_with("a=/agnhost; [ -x \"$a\" ] || a=agnhost\np(){ o=$(\"$a\" connect \"$2\" --timeout=\"$4\""));
        assert!(
            script.contains("\np 0 '10.96.0.10:80' tcp 1s &\np 1 '[fd00::10]:81' udp 1s &\nwait\n")
        );
    }

    #[test]
    fn timeouts_are_go_durations() {
        assert_eq!(go_duration(Duration::from_secs(1)), "1s");
        assert_eq!(go_duration(Duration::from_millis(1500)), "1500ms");
        assert_eq!(go_duration(Duration::ZERO), "1ms");
        assert_eq!(protocol_flag(Protocol::Sctp), "sctp");
    }

    #[test]
    fn output_lines_map_to_observations_in_any_order() {
        let stdout = format!(
            "{}noise\n{}{}{}",
            result_line(2, 1, "TIMEOUT"),
            result_line(0, 0, ""),
            result_line(
                1,
                1,
                "OTHER: dial tcp 10.96.0.1:80: connect:\nno route to host"
            ),
            result_line(0, 1, "later duplicate"),
        );
        let got = parse_output(&stdout, 4);
        assert_eq!(
            got,
            vec![
                Observation::Connected,
                Observation::Blocked {
                    reason: "OTHER: dial tcp 10.96.0.1:80: connect: no route to host".into()
                },
                Observation::Blocked {
                    reason: "TIMEOUT".into()
                },
                Observation::Failed {
                    error: "the probe printed no result line".into()
                },
            ]
        );
    }

    #[test]
    fn other_exit_codes_and_garbage_are_failed_probes() {
        let stdout = "scs-probe 0 127 sh: /agnhost: not found\nscs-probe x 0\nscs-probe 9 0 \nscs-probe 1 126\n";
        let got = parse_output(stdout, 2);
        assert_eq!(
            got,
            vec![
                Observation::Failed {
                    error: "/agnhost connect exited with code 127: sh: /agnhost: not found".into()
                },
                Observation::Failed {
                    error: "/agnhost connect exited with code 126".into()
                },
            ]
        );
        assert!(got.iter().all(|o| o.allowed().is_none()));
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics_and_always_answers_every_connect(text in ".*", count in 0usize..20) {
            proptest::prop_assert_eq!(parse_output(&text, count).len(), count);
        }
    }
}
