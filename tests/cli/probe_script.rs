//! The native mode's probe command, run for real: the exact `/bin/sh -c <script>` that
//! `netcheck::script::command` generates, with a stub `agnhost` on `PATH`
//! (`support::stub_agnhost`), and its real output read by `netcheck::script::parse_output`.
//! Nothing here decodes the script or prints result lines with the project's own code.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use kubectl_scs::netcheck::Observation;
use kubectl_scs::netcheck::script::{command, parse_output};
use kubectl_scs::netpol::Protocol;
use proptest::prelude::*;

use crate::support::stub_agnhost::{Answer, StubAgnhost, Table};

fn addr(text: &str) -> SocketAddr {
    text.parse().unwrap()
}

fn blocked(reason: &str) -> Observation {
    Observation::Blocked {
        reason: reason.into(),
    }
}

/// Proves the script passes each target to agnhost with the right address (IPv6 bracketed
/// and unglobbed), protocol and Go timeout, and that every way a connect can end — success,
/// timeout, refusal, DNS error, multi-line output full of shell metacharacters, an unknown
/// exit code, a target nobody answers — reaches `parse_output` as the right observation at
/// the right index.
#[test]
fn every_answer_reaches_parse_output_through_the_real_shell() {
    let connects = [
        (addr("10.96.0.10:80"), Protocol::Tcp),
        (addr("10.96.0.11:81"), Protocol::Udp),
        (addr("10.96.0.12:80"), Protocol::Sctp),
        (addr("10.96.0.13:80"), Protocol::Tcp),
        (addr("[fd00::10]:81"), Protocol::Tcp),
        (addr("10.96.0.14:80"), Protocol::Tcp),
        (addr("10.96.0.15:80"), Protocol::Tcp),
        (addr("10.96.0.16:80"), Protocol::Tcp),
    ];
    let garbage = "OTHER: dial tcp: \"quoted\" 'single' $HOME `id` %s %d \\n\\\nsecond line\n\n";
    let table = Table::default()
        .add("10.96.0.10:80", "tcp", Answer::Connected)
        .add("10.96.0.11:81", "udp", Answer::Timeout)
        .add("10.96.0.12:80", "sctp", Answer::Refused)
        .add("10.96.0.13:80", "tcp", Answer::Dns)
        .add("[fd00::10]:81", "tcp", Answer::Connected)
        .add(
            "10.96.0.14:80",
            "tcp",
            Answer::Exit {
                code: 1,
                output: garbage.into(),
            },
        )
        .add(
            "10.96.0.15:80",
            "tcp",
            Answer::Exit {
                code: 2,
                output: "Error: unknown flag: --bogus\n".into(),
            },
        )
        // The same address over another protocol must not answer the SCTP connect;
        // 10.96.0.16:80 is not in the table at all: a connect nobody answers.
        .add("10.96.0.12:80", "tcp", Answer::Connected);
    let argv = command(&connects, Duration::from_millis(1500));
    let ran = StubAgnhost::new().run(&argv, &table);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(ran.stderr, "");
    let mut calls = ran.calls.clone();
    calls.sort();
    assert_eq!(
        calls,
        [
            "connect 10.96.0.10:80 --timeout=1500ms --protocol=tcp",
            "connect 10.96.0.11:81 --timeout=1500ms --protocol=udp",
            "connect 10.96.0.12:80 --timeout=1500ms --protocol=sctp",
            "connect 10.96.0.13:80 --timeout=1500ms --protocol=tcp",
            "connect 10.96.0.14:80 --timeout=1500ms --protocol=tcp",
            "connect 10.96.0.15:80 --timeout=1500ms --protocol=tcp",
            "connect 10.96.0.16:80 --timeout=1500ms --protocol=tcp",
            "connect [fd00::10]:81 --timeout=1500ms --protocol=tcp",
        ]
    );
    assert_eq!(
        parse_output(&ran.stdout, connects.len()),
        vec![
            Observation::Connected,
            blocked("TIMEOUT"),
            blocked("REFUSED"),
            blocked("DNS: lookup 10.96.0.13: no such host"),
            Observation::Connected,
            blocked("OTHER: dial tcp: \"quoted\" 'single' $HOME `id` %s %d \\n\\ second line"),
            Observation::Failed {
                error: "/agnhost connect exited with code 2: Error: unknown flag: --bogus".into()
            },
            blocked("TIMEOUT"),
        ],
        "{}",
        ran.stdout
    );
}

/// Proves the attempts of one exec run at the same time: eight connects that each wait
/// 0.6 s for their timeout end together, not after 4.8 s.
#[test]
fn attempts_run_concurrently() {
    let connects: Vec<(SocketAddr, Protocol)> = (0..8)
        .map(|i| (addr(&format!("10.96.1.{i}:80")), Protocol::Tcp))
        .collect();
    let table = connects.iter().fold(Table::default(), |t, (a, _)| {
        t.add_after(a, "tcp", 0.6, Answer::Timeout)
    });
    let started = Instant::now();
    let ran = StubAgnhost::new().run(&command(&connects, Duration::from_secs(1)), &table);
    let took = started.elapsed();
    assert_eq!(
        parse_output(&ran.stdout, 8),
        vec![blocked("TIMEOUT"); 8],
        "{}",
        ran.stdout
    );
    assert!(took < Duration::from_millis(3000), "took {took:?}");
}

/// Proves an image without agnhost makes every probe a failed one (exit 127 from the
/// shell), never a blocked connection that would count as a policy working.
#[test]
fn a_missing_agnhost_is_a_failed_probe() {
    let connects = [(addr("10.96.0.10:80"), Protocol::Tcp)];
    let ran = StubAgnhost::run_without_agnhost(&command(&connects, Duration::from_secs(1)));
    let got = parse_output(&ran.stdout, 1);
    match got.as_slice() {
        [Observation::Failed { error }] => {
            assert!(error.contains("exited with code 127"), "{error}");
            assert!(error.contains("agnhost"), "{error}");
        }
        other => panic!("{other:?} from {}", ran.stdout),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Proves any printable output agnhost may print survives the script's quoting, `printf`
    /// and `tr` as one line that `parse_output` reads back (newlines folded to spaces), and
    /// that the exit code decides connected, blocked or failed.
    #[test]
    fn any_agnhost_output_survives_the_shell(
        output in "[ -~\t\n]{0,60}",
        code in prop_oneof![Just(0), Just(1), 2..130i32],
    ) {
        let connects = [(addr("10.96.2.1:80"), Protocol::Udp)];
        let table = Table::default().add(
            "10.96.2.1:80",
            "udp",
            Answer::Exit { code, output: output.clone() },
        );
        let ran = StubAgnhost::new().run(&command(&connects, Duration::from_secs(1)), &table);
        let message = output.trim_end_matches('\n').replace('\n', " ").trim().to_owned();
        let expected = match code {
            0 => Observation::Connected,
            1 => Observation::Blocked { reason: message },
            other if message.is_empty() => Observation::Failed {
                error: format!("/agnhost connect exited with code {other}"),
            },
            other => Observation::Failed {
                error: format!("/agnhost connect exited with code {other}: {message}"),
            },
        };
        prop_assert_eq!(parse_output(&ran.stdout, 1), vec![expected], "{}", ran.stdout);
    }
}
