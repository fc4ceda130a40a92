//! The retry state machine with synthetic clocks: rounds, budgets, attempts.

use std::time::{Duration, Instant};

use crate::netcheck::{Observation, Poll, ProbeMatrix, Round, Timing};
use crate::netpol::catalogue::{XA, XB, YA};
use crate::netpol::{Matrix, Protocol};

fn upstream() -> Timing {
    Timing::default()
}

fn matrix(blocked_from_ya: bool) -> ProbeMatrix {
    let pods = ["x/a", "x/b", "y/a"]
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
    let mut m = Matrix::filled(80, Protocol::Tcp, pods, true);
    if blocked_from_ya {
        m.set(2, 0, false);
    }
    ProbeMatrix::new(m)
}

/// Answers every batch as if the cluster allowed everything.
fn all_connected(round: &Round) -> Vec<Result<Vec<Observation>, crate::netcheck::OpError>> {
    round
        .batches
        .iter()
        .map(|b| Ok(vec![Observation::Connected; b.targets.len()]))
        .collect()
}

#[test]
fn a_matching_cluster_takes_one_full_round_per_attempt() {
    let mut poll = Poll::new(vec![XA, XB, YA], vec![matrix(false)], upstream(), 2);
    let t0 = Instant::now();
    let mut rounds = 0;
    while let Some(round) = poll.next_round(t0) {
        assert!(round.full);
        assert_eq!(round.not_before, t0, "the final pass does not wait");
        assert_eq!(round.batches.len(), 3);
        assert!(round.batches.iter().all(|b| b.targets.len() == 3));
        poll.record(&round, all_connected(&round), t0, t0)
            .unwrap_or_else(|e| panic!("{e}"));
        rounds += 1;
    }
    assert_eq!(rounds, 2);
    let result = poll.finish();
    assert!(result.passed && result.first_attempt_matched);
    assert_eq!(result.execs(), 6);
}

#[test]
fn a_wrong_cell_is_retried_alone_every_interval_for_the_poll_timeout_in_each_attempt() {
    let timing = Timing {
        settle: Duration::ZERO,
        ..upstream()
    };
    let mut poll = Poll::new(vec![XA, XB, YA], vec![matrix(true)], timing, 2);
    let t0 = Instant::now();
    let mut now = t0;
    let mut log = Vec::new();
    while let Some(round) = poll.next_round(now) {
        now = round.not_before.max(now);
        if !round.full {
            assert_eq!(round.not_before - now, Duration::ZERO);
            let shape: Vec<_> = round
                .batches
                .iter()
                .map(|b| (b.from, b.targets.len()))
                .collect();
            assert_eq!(shape, vec![(YA, 1)], "only y/a -> x/a is retried");
        }
        log.push((round.attempt, round.full));
        let started = now;
        now += Duration::from_millis(100);
        poll.record(&round, all_connected(&round), started, now)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    // Attempt 1: a full round at 0 s and retries at 1 s … 10 s; attempt 2 the same.
    let per_attempt = |a: u8| log.iter().filter(|(att, _)| *att == a).count();
    assert_eq!((per_attempt(1), per_attempt(2)), (11, 11));
    assert_eq!(log.first(), Some(&(1, true)));
    assert_eq!(log.get(11), Some(&(2, true)));
    let result = poll.finish();
    assert!(!result.passed && !result.first_attempt_matched);
    assert_eq!(result.rounds.len(), 22);
    assert_eq!(result.matrices.first().map(|m| m.wrong().len()), Some(1));
}

#[test]
fn a_cell_that_converges_late_passes_and_the_final_pass_starts_at_once() {
    let mut poll = Poll::new(vec![XA, XB, YA], vec![matrix(true)], upstream(), 2);
    let t0 = Instant::now();
    let mut now = t0;
    let mut rounds = 0;
    while let Some(round) = poll.next_round(now) {
        now = round.not_before.max(now);
        rounds += 1;
        let converged = rounds >= 4;
        let answers = round
            .batches
            .iter()
            .map(|b| {
                Ok(b.targets
                    .iter()
                    .map(|t| {
                        if b.from == YA && t.to == XA && converged {
                            Observation::Blocked {
                                reason: "TIMEOUT".into(),
                            }
                        } else {
                            Observation::Connected
                        }
                    })
                    .collect())
            })
            .collect();
        let started = now;
        now += Duration::from_millis(50);
        poll.record(&round, answers, started, now)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let result = poll.finish();
    assert!(result.passed && result.first_attempt_matched);
    assert_eq!(
        rounds, 5,
        "full, 2 retries, converging retry, final full pass"
    );
    assert_eq!(
        now - t0,
        Duration::from_millis(3050) + Duration::from_millis(50)
    );
}

#[test]
fn baseline_checks_have_one_attempt_and_their_own_budget() {
    let timing = Timing {
        baseline_timeout: Duration::from_secs(3),
        ..upstream()
    };
    let mut poll = Poll::new(vec![XA, XB, YA], vec![matrix(true)], timing, 1);
    let t0 = Instant::now();
    let mut now = t0;
    let mut rounds = 0;
    while let Some(round) = poll.next_round(now) {
        now = round.not_before.max(now);
        rounds += 1;
        let started = now;
        poll.record(&round, all_connected(&round), started, now)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(rounds, 4);
    assert!(!poll.finish().passed);
}

#[test]
fn transient_batch_errors_fail_the_cells_and_fatal_ones_stop() {
    let mut poll = Poll::new(vec![XA, XB, YA], vec![matrix(false)], upstream(), 2);
    let t0 = Instant::now();
    let Some(round) = poll.next_round(t0) else {
        panic!("no round")
    };
    let mut answers = all_connected(&round);
    if let Some(first) = answers.first_mut() {
        *first = Err(crate::netcheck::OpError::transient("exec: EOF"));
    }
    poll.record(&round, answers, t0, t0)
        .unwrap_or_else(|e| panic!("{e}"));
    let Some(retry) = poll.next_round(t0) else {
        panic!("no retry")
    };
    assert!(!retry.full);
    assert_eq!(retry.batches.len(), 1);
    assert_eq!(retry.batches.first().map(|b| b.targets.len()), Some(2));
    let fatal = vec![Err(crate::netcheck::OpError::fatal("forbidden"))];
    assert!(poll.record(&retry, fatal, t0, t0).is_err());
    let result = poll.finish();
    assert_eq!(result.batch_errors.len(), 1);
    assert!(!result.passed);
}

/// Rounds of a group against a cluster answering every probe with `answer`, 100 ms per round.
fn rounds_against(
    timing: Timing,
    answer: impl Fn(&crate::netcheck::Batch) -> Vec<Observation>,
) -> (Vec<(u8, bool)>, crate::netcheck::GroupResult) {
    let mut poll = Poll::new(vec![XA, XB, YA], vec![matrix(true)], timing, 2);
    let mut now = Instant::now();
    let mut log = Vec::new();
    while let Some(round) = poll.next_round(now) {
        now = round.not_before.max(now);
        log.push((round.attempt, round.full));
        let started = now;
        now += Duration::from_millis(100);
        let answers = round.batches.iter().map(|b| Ok(answer(b))).collect();
        poll.record(&round, answers, started, now)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    (log, poll.finish())
}

#[test]
fn a_cluster_that_enforces_nothing_fails_the_group_after_the_settle_time() {
    // Everything connects: the full round at 0 s, retries at 1, 2 and 3 s; at 3 s the settle
    // time is over and the group fails without the rest of attempt 1 or attempt 2.
    let (log, result) = rounds_against(upstream(), |b| {
        vec![Observation::Connected; b.targets.len()]
    });
    assert_eq!(log, vec![(1, true), (1, false), (1, false), (1, false)]);
    assert!(result.unpoliced && !result.passed && !result.first_attempt_matched);

    // The same cluster with a shorter settle time stops sooner; 0 never stops early.
    let short = Timing {
        settle: Duration::from_secs(1),
        ..upstream()
    };
    assert_eq!(
        rounds_against(short, |b| vec![Observation::Connected; b.targets.len()])
            .0
            .len(),
        2
    );
    let never = Timing {
        settle: Duration::ZERO,
        ..upstream()
    };
    let (log, result) = rounds_against(never, |b| vec![Observation::Connected; b.targets.len()]);
    assert_eq!(log.len(), 22);
    assert!(!result.unpoliced);
}

#[test]
fn a_cluster_that_blocks_anything_is_retried_in_full() {
    // y/a -> x/b is blocked although it should connect: the cluster enforces something
    // (wrongly), so this is not the unpoliced baseline and every retry runs.
    let (log, result) = rounds_against(upstream(), |b| {
        b.targets
            .iter()
            .map(|t| {
                if b.from == YA && t.to == XB {
                    Observation::Blocked {
                        reason: "TIMEOUT".into(),
                    }
                } else {
                    Observation::Connected
                }
            })
            .collect()
    });
    assert_eq!(log.len(), 22);
    assert!(!result.unpoliced && !result.passed);
}
