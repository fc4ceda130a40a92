//! Hook and upgrade findings: UpgradeBlocked, HookNotCalled, UpgradePending,
//! AddonWillBeDropped.

use super::apply::addon_problem;
use super::{CSO_LOGS, cluster_ref, for_age, hook_blocking, with_k8s};
use crate::k8s::json::{arr_at, name, nonempty_str_at};
use crate::stack::cluster::{Ctx, Related};
use crate::stack::conditions::Conditions;
use crate::stack::model::{Diagnosis, DiagnosisCode, Severity};
use crate::stack::release::{HOOK_AFTER_CP_INITIALIZED, HOOK_BEFORE_UPGRADE};
use crate::stack::views::{one_line, quoted};

pub(super) fn upgrade_blocked(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<Diagnosis> {
    let blocking = hook_blocking(rel)?;
    let hook = blocking
        .message
        .and_then(|m| m.split("hook ").nth(1))
        .and_then(quoted)
        .or_else(|| rel.addon.as_ref().and_then(|a| a.hook))
        .unwrap_or(HOOK_BEFORE_UPGRADE);
    let cluster = &rel.cluster;
    let to = cluster.class.unwrap_or("the new class");
    let to_k8s = Related::release_k8s(rel.release).or(cluster.version);
    let route = match rel.upgrading_from() {
        Some(from) => format!(
            "Upgrade from {} to {}",
            with_k8s(
                from,
                Related::release_k8s(rel.applied_release).or(rel.control_plane_version())
            ),
            with_k8s(to, to_k8s)
        ),
        None => format!("Upgrade to {}", with_k8s(to, to_k8s)),
    };
    let mut message = format!(
        "{route} blocked{} by the {hook} hook",
        for_age(ctx, Some(blocking))
    );
    let mut hint = format!(
        "Find out why the runtime extension that implements {hook} keeps answering \
         retryAfterSeconds (ExtensionConfigs and its logs)."
    );
    if let Some(addon) = &rel.addon {
        match addon_problem(rel, addon) {
            Some(problem) => {
                message.push_str(&format!(": {}", problem.detail));
                hint = problem.hint;
            }
            None if addon.conditions.get("HelmChartApplied").is_none() => {
                message.push_str(
                    ": the ClusterAddon has no HelmChartApplied condition, which CSO's hook waits for",
                );
                hint = format!(
                    "This is the shape of cluster-stack-operator issue #272: CSO's hook keeps \
                     blocking although no stage runs. Check the CSO logs ({CSO_LOGS}); restarting \
                     the CSO controller lets the hook server set spec.hook again."
                );
            }
            None => {
                if let Some(stage) = addon.active_stage(None) {
                    message.push_str(&format!(": stage {} is {}", stage.name, stage.phase));
                }
                hint =
                    format!("CSO is still applying the addons; follow the CSO logs ({CSO_LOGS}).");
            }
        }
    }
    if let (Some(cp), Some(target)) = (rel.control_plane_version(), cluster.version)
        && cp != target
    {
        message.push_str(&format!(
            "; the control plane has not started upgrading ({cp})"
        ));
    }
    hint.push_str(" CAPI upgrades the control plane only after the hook passes.");
    Some(
        Diagnosis::new(
            DiagnosisCode::UpgradeBlocked,
            Severity::Error,
            message,
            hint,
        )
        .about(cluster_ref(rel)),
    )
}

pub(super) fn hook_not_called(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<Diagnosis> {
    let addon = rel.addon.as_ref()?;
    let waiting = addon
        .conditions
        .get("HookServerReady")
        .filter(|c| c.is_false())?;
    if addon.hook.is_some() {
        return None;
    }
    let (expected, what) = match addon.cluster_stack {
        None => (
            HOOK_AFTER_CP_INITIALIZED,
            "Cluster addons are not installed".to_owned(),
        ),
        Some(applied) if Some(applied) != rel.cluster.class => (
            HOOK_BEFORE_UPGRADE,
            format!(
                "Addons are still those of {applied}, not {}",
                rel.cluster.class.unwrap_or("the Cluster's class")
            ),
        ),
        Some(_) => return None,
    };
    let addons = rel
        .release_tag
        .as_deref()
        .and_then(|t| ctx.releases.and_then(|r| r.config(t)))
        .map(|c| {
            c.stages(expected)
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
        })
        .filter(|names| !names.is_empty())
        .map(|names| format!(" ({})", names.join(", ")))
        .unwrap_or_default();
    let misleading = if rel.cluster.capi_says_ready() {
        "; CAPI's Ready/Available does not cover addons and is misleading here"
    } else {
        ""
    };
    let mut message = format!(
        "{what}{addons}: CSO has waited{} for CAPI to call the {expected} hook ({})",
        for_age(ctx, Some(waiting)),
        one_line(&waiting.explain())
    );
    let service = ctx.hook_server.map(|e| {
        (
            nonempty_str_at(e, &["spec", "clientConfig", "service", "name"])
                .unwrap_or("cso-hook-server-svc"),
            nonempty_str_at(e, &["spec", "clientConfig", "service", "namespace"])
                .unwrap_or("cso-system"),
        )
    });
    let (svc, svc_ns) = service.unwrap_or(("cso-hook-server-svc", "cso-system"));
    let mut hint = format!(
        "CAPI never called CSO's runtime hook. Check that CAPI runs with EXP_RUNTIME_SDK=true, \
         that the CSO pod (deploy/cso-controller-manager) and Service {svc} in {svc_ns} are up, \
         and that the ExtensionConfig of the CSO hook server is Discovered."
    );
    match ctx.hook_server {
        Some(ext) => {
            let ext_name = name(ext).unwrap_or("?");
            let conditions = Conditions::read(ext, &["status", "conditions"]);
            let v1b2 = Conditions::read(ext, &["status", "v1beta2", "conditions"]);
            let discovered = conditions
                .get("Discovered")
                .or_else(|| v1b2.get("Discovered"));
            match discovered {
                Some(c) if c.is_false() => {
                    message.push_str(&format!(
                        "; ExtensionConfig {ext_name} is not discovered: {}",
                        one_line(c.message.unwrap_or(c.reason.unwrap_or("Discovered=False")))
                    ));
                    hint = format!(
                        "CAPI cannot reach the CSO hook server, so it never calls the hook: check \
                         the CSO pod (deploy/cso-controller-manager) and Service {svc} in {svc_ns}; \
                         CAPI needs EXP_RUNTIME_SDK=true."
                    );
                }
                Some(_) => {
                    let handler = format!("{}.", kebab(expected));
                    let has_handler = arr_at(ext, &["status", "handlers"])
                        .iter()
                        .filter_map(|h| nonempty_str_at(h, &["name"]))
                        .any(|n| n.starts_with(&handler));
                    if !has_handler {
                        message.push_str(&format!(
                            "; ExtensionConfig {ext_name} has no handler for {expected}"
                        ));
                    }
                }
                None => {}
            }
        }
        None => message.push_str("; no ExtensionConfig of the CSO hook server was read"),
    }
    message.push_str(misleading);
    Some(
        Diagnosis::new(DiagnosisCode::HookNotCalled, Severity::Error, message, hint)
            .about(addon.reference()),
    )
}

/// `AfterControlPlaneInitialized` → `after-control-plane-initialized` (CSO's handler names).
fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, ch) in name.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

pub(super) fn upgrade_pending(rel: &Related<'_>) -> Option<Diagnosis> {
    let from = rel.upgrading_from()?;
    let to = rel.cluster.class?;
    let from_k8s = Related::release_k8s(rel.applied_release);
    let to_k8s = Related::release_k8s(rel.release).or(rel.cluster.version);
    let cp = rel
        .control_plane_version()
        .map(|v| format!("; control plane at {v}"))
        .unwrap_or_default();
    Some(
        Diagnosis::new(
            DiagnosisCode::UpgradePending,
            Severity::Warning,
            format!(
                "Upgrade from {} to {} pending: the ClusterAddon still holds the addons of \
                 {from}{cp}",
                with_k8s(from, from_k8s),
                with_k8s(to, to_k8s)
            ),
            "CSO applies the new release's addons in the BeforeClusterUpgrade hook (or directly \
             when the Kubernetes version is unchanged); CAPI then upgrades control plane and \
             workers. Follow the ClusterAddon's stages.",
        )
        .about(cluster_ref(rel)),
    )
}

pub(super) fn addon_will_be_dropped(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<Diagnosis> {
    let from = rel.upgrading_from()?;
    let tag = rel.release_tag.as_deref()?;
    let config = ctx.releases?.config(tag)?;
    let dropped = config.dropped_on_upgrade();
    if dropped.is_empty() {
        return None;
    }
    Some(
        Diagnosis::new(
            DiagnosisCode::AddonWillBeDropped,
            Severity::Warning,
            format!(
                "Upgrading from {from} to {tag} will delete the objects of addon(s) {} from the \
                 workload cluster: release {tag} lists them in {HOOK_AFTER_CP_INITIALIZED} but not \
                 in {HOOK_BEFORE_UPGRADE}",
                dropped.join(", ")
            ),
            format!(
                "CSO deletes every old addon object that the {HOOK_BEFORE_UPGRADE} stages do not \
                 render. Use a release that lists {} in {HOOK_BEFORE_UPGRADE} (check it with \
                 `kubectl scs stack lint`), or re-apply the addon after the upgrade.",
                dropped.join(", ")
            ),
        )
        .about(cluster_ref(rel)),
    )
}
