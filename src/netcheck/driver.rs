//! Runs a [`Poll`] against a [`Prober`]: every batch of a round concurrently (one exec per
//! source pod), rounds spaced as the poll says. After a round that left cells wrong, it asks
//! the prober whether the group's pods still run: a crashed server makes every later round
//! pointless, so the group ends at once with the pods' problems.

use std::time::Instant;

use futures::future::join_all;

use crate::netcheck::poll::{GroupResult, Poll};
use crate::netcheck::probe::{OpError, Prober};

/// Probes until the group is decided. Only a fatal probe error stops it early.
pub async fn run_poll<P: Prober>(prober: &P, mut poll: Poll) -> Result<GroupResult, OpError> {
    while let Some(round) = poll.next_round(Instant::now()) {
        tokio::time::sleep_until(tokio::time::Instant::from_std(round.not_before)).await;
        let started = Instant::now();
        let answers = join_all(
            round
                .batches
                .iter()
                .map(|batch| prober.probe(batch.from, &batch.targets)),
        )
        .await;
        poll.record(&round, answers, started, Instant::now())?;
        if poll.wrong_cells() > 0 {
            let problems = prober.pod_problems(poll.pods()).await?;
            if !problems.is_empty() {
                poll.stop_for_pods(problems);
            }
        }
    }
    Ok(poll.finish())
}
