//! `kubectl scs netpol audit`: isolation posture, policies that do nothing, and traps, from the
//! cluster or from files.

pub mod args;
mod view;

use crate::commands::Context;
use crate::commands::netpol::audit::args::NetpolAuditArgs;
use crate::commands::netpol::input::{self, Objects, Want};
use crate::error::Result;
use crate::kube::Scope;
use crate::netpol::audit::{self, Options, Severity};
use crate::netpol::{NAMESPACE_NAME_LABEL, Policy};
use crate::report::Outcome;

pub async fn run(ctx: &Context, args: &NetpolAuditArgs) -> Result<Outcome> {
    let want = Want {
        command: "audit",
        policies: true,
        services: true,
    };
    let Objects {
        input,
        scope,
        mut notes,
        live,
        namespaces_unread,
        cni,
        ..
    } = input::read_objects(&ctx.global, &args.dump, &want).await?;
    notes.extend(input::input_notes(namespaces_unread, &input));

    let namespaces_listed = !namespaces_unread && (live || !input.cluster.namespaces.is_empty());
    let selects_namespaces = input
        .cluster
        .policies
        .iter()
        .any(Policy::selects_namespaces);
    if !namespaces_listed && !namespaces_unread && selects_namespaces {
        notes.push(format!(
            "no Namespace objects in -f: namespaceSelectors matching no namespace are not reported (add `kubectl get namespaces -o yaml` to -f; each namespace is assumed to carry only {NAMESPACE_NAME_LABEL})"
        ));
    }
    if let Scope::Namespace(ns) = &scope {
        notes.push(format!(
            "only namespace {ns} read: rules reaching other namespaces are not checked for redundancy, nor egress named ports; give -A for the whole cluster"
        ));
    }
    let options = Options {
        whole_cluster: scope == Scope::All,
        namespaces_listed,
        cni: Some(cni),
    };
    let result = audit::audit(&input, &options);
    let threshold = args.fail_on.map(|f| f.severity());
    let failed = threshold.is_some_and(|t| result.worst().is_some_and(|w| w >= t));
    let mut report = view::report(ctx, &result, threshold.unwrap_or(Severity::Error));
    report.notes = notes;
    if failed {
        report.outcome = Outcome::Failed;
    }
    ctx.emit(&report)
}
