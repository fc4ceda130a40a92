//! Unit tests of the simulation inputs, probes and answers.
