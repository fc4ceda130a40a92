//! Tests of the native mode's core against an in-memory cluster.

mod poll_rules;
mod runner_rules;
mod support;
mod topology_rules;
