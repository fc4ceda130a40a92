//! The native mode of `check networking`: the upstream NetworkPolicy e2e traffic tests
//! ([`crate::netpol::catalogue`]), run by probing a live cluster directly instead of through
//! the e2e binary, and judged exactly like e2e results.
//!
//! Everything here is pure or generic over two seams, so it runs against a table in tests:
//! [`Prober`] (connection attempts) and [`Fixture`] (policy and label changes). The cluster
//! implementations live in `crate::commands::check::networking::native`.
//!
//! # Why it is fast
//!
//! * **One topology for all scenarios** ([`topology`]): pods and Services are created once,
//!   not per test; scenarios undo their changes and a baseline check guards each start.
//! * **One exec per source pod per round** ([`script`]): upstream execs once per ordered pod
//!   pair (N² execs per matrix, 3 at a time, each up to the 1 s connect timeout). Here one
//!   exec into each source pod runs all of that pod's `/agnhost connect` attempts in the
//!   background at once, for every probe step of the group (e.g. TCP/80 and TCP/81). All
//!   source pods of a round are exec'd concurrently, so a round costs about one connect
//!   timeout whatever the matrix size, and N requests instead of N² (times the ports).
//! * **Retries only of wrong cells** ([`poll`]): like upstream's per-probe polling, but batched.
//!
//! The other way to get there, short-lived probe pods carrying a source pod's labels, was
//! rejected: a probe pod labelled `pod=a` is selected by the Service `s-<ns>-a` and would
//! receive traffic meant for the server; label updates (tests 21, 22, 24) would have to be
//! mirrored onto probe pods; and every round would wait for pod scheduling and start-up.
//! Exec keeps the probe in the very pod (labels, IP, identity) the policies select, as
//! upstream does.

pub mod driver;
pub mod fixture;
pub mod matrix;
pub mod outcome;
pub mod poll;
pub mod probe;
pub mod runner;
pub mod script;
pub mod topology;

#[cfg(test)]
mod tests;

pub use driver::run_poll;
pub use fixture::{Fixture, LabelPatch, apply_label_patch};
pub use matrix::{ProbeMatrix, WrongCell};
pub use outcome::{SOURCE, results, test_result};
pub use poll::{Batch, Cell, GroupResult, Poll, Round, RoundStat, Timing};
pub use probe::{Dial, Observation, OpError, PodProblem, Prober, likely_cause};
pub use runner::{GroupSummary, RunStatus, Runner, ScenarioRun};
pub use topology::{AGNHOST_IMAGE, CONTAINER, Topology, TopologyKind, plan, service_name};
