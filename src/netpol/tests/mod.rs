//! Tests of the NetworkPolicy engine, its conversions, explanations and scenario catalogue.

mod catalogue_rules;
mod convert_rules;
mod explain_rules;
mod peer_rules;
mod port_rules;
pub(crate) mod properties;
mod spec_rules;
mod support;
