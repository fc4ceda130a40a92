//! `kubectl scs stack …`: what the cluster-stack-operator does with each Cluster.

pub mod lint;
pub mod status;

use crate::report::{Finding, Status};
use crate::stack::{Diagnosis, Severity};

pub(super) fn finding(subject: &str, d: &Diagnosis) -> Finding {
    Finding {
        id: d.code.as_str().to_string(),
        subject: subject.to_string(),
        status: match d.severity {
            Severity::Error => Status::Fail,
            Severity::Warning => Status::Warn,
            Severity::Info => Status::Info,
        },
        message: d.message.clone(),
        hint: Some(d.hint.clone()).filter(|h| !h.is_empty()),
    }
}

pub(super) fn diagnoses_text(diagnoses: &[Diagnosis]) -> String {
    let mut text = String::new();
    for d in diagnoses {
        text.push_str(&format!(
            "{} {}: {}\n",
            marker(d.severity),
            d.code,
            d.message
        ));
        if !d.hint.is_empty() {
            text.push_str(&format!("    hint: {}\n", d.hint));
        }
    }
    text
}

fn marker(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "[error]  ",
        Severity::Warning => "[warning]",
        Severity::Info => "[info]   ",
    }
}
