//! AddonApplyFailing, and the description of what holds a ClusterAddon that UpgradeBlocked
//! reuses.

use super::{CSO_LOGS, for_age};
use crate::stack::cluster::{Ctx, Related};
use crate::stack::conditions::Condition;
use crate::stack::model::{Diagnosis, DiagnosisCode, Severity};
use crate::stack::release::HOOK_AFTER_CP_INITIALIZED;
use crate::stack::views::{AddonView, one_line, quoted};

/// What holds the addons: the failing condition, CEL wait or not-synced objects.
pub(super) struct AddonProblem {
    /// One line: stage, phase and error.
    pub detail: String,
    pub hint: String,
}

pub(super) fn addon_problem(rel: &Related<'_>, addon: &AddonView<'_>) -> Option<AddonProblem> {
    let failure = addon.failure();
    let cel = addon
        .conditions
        .get("EvaluatedCEL")
        .filter(|c| c.is_false());
    let cluster_unreachable = addon
        .conditions
        .get("ClusterReady")
        .filter(|c| c.is_false());
    if failure.is_none() && cel.is_none() && addon.not_synced.is_empty() {
        return cluster_unreachable.map(|c| AddonProblem {
            detail: format!(
                "CSO cannot reach the workload cluster: {}",
                one_line(&c.explain())
            ),
            hint: format!(
                "Check the kubeconfig Secret {}-kubeconfig and that the API server at the \
                 control plane endpoint answers /readyz from the management cluster.",
                rel.cluster.name
            ),
        });
    }
    let main = failure.or(cel);
    let stage = addon.active_stage(main.and_then(|c| c.message));
    let mut parts: Vec<String> = Vec::new();
    if let Some(s) = stage {
        parts.push(format!("stage {} is {}", s.name, s.phase));
    }
    if let Some(c) = main {
        parts.push(one_line(c.message.unwrap_or(c.reason.unwrap_or(c.type_))));
    }
    if !addon.not_synced.is_empty() {
        let total = addon.synced + addon.not_synced.len();
        let objects: Vec<String> = addon
            .not_synced
            .iter()
            .map(|o| match &o.error {
                Some(e) => format!("{} ({e})", o.object),
                None => o.object.clone(),
            })
            .collect();
        parts.push(format!(
            "{} of {total} objects not synced: {}",
            addon.not_synced.len(),
            objects.join("; ")
        ));
    }
    let stage_name = stage
        .map(|s| s.name.as_str())
        .or_else(|| main.and_then(|c| c.message.and_then(quoted)));
    let hint = problem_hint(main, stage_name, addon);
    Some(AddonProblem {
        detail: parts.join(": "),
        hint,
    })
}

fn problem_hint(
    main: Option<&Condition<'_>>,
    stage: Option<&str>,
    addon: &AddonView<'_>,
) -> String {
    let immutable: Vec<String> = addon
        .not_synced
        .iter()
        .filter(|o| {
            o.error
                .as_deref()
                .is_some_and(|e| e.contains("immutable") || e.contains("Forbidden: updates to"))
        })
        .map(|o| delete_command(&o.object))
        .collect();
    if !immutable.is_empty() {
        return format!(
            "These objects have fields that cannot change in place: delete them in the workload \
             cluster ({}) so CSO re-creates them on its next attempt.",
            immutable.join("; ")
        );
    }
    if !addon.not_synced.is_empty() {
        return "Fix the listed objects' errors in the workload cluster; CSO retries on its own."
            .to_owned();
    }
    let stage = stage.unwrap_or("the failing stage");
    match main.map(|c| (c.type_, c.reason.unwrap_or(""))) {
        Some(("EvaluatedCEL", reason)) => {
            let which = if reason.contains("Post") {
                "Post"
            } else {
                "Pre"
            };
            format!(
                "CSO waits until the waitFor{which}Condition CEL expression of stage {stage} is \
                 true in the workload cluster: check the objects it names in the release's \
                 clusteraddon.yaml, and the CSO logs ({CSO_LOGS})."
            )
        }
        Some(("ClusterAddonConfigValidated", _)) => {
            "The release's clusteraddon.yaml does not parse: run `kubectl scs stack lint` on the \
             release directory and publish a fixed release."
                .to_owned()
        }
        Some(("HelmChartTemplated", _)) => format!(
            "Templating the addon values failed: check the overwrite.yaml templates of stage \
             {stage} against the Cluster and OpenStackCluster fields they read, and the CSO logs \
             ({CSO_LOGS})."
        ),
        Some(("ClusterStackReleaseDownloaded", _)) | Some(("AssetsClientAPIAvailable", _)) => {
            "CSO has no release assets for this class: see the ClusterStackRelease and CSO's \
             asset source."
                .to_owned()
        }
        Some(("HelmChartFound", _)) => format!(
            "Stage {stage} names a subchart missing from the release's addon bundle: fix the \
             release's clusteraddon.yaml or the bundle."
        ),
        _ => format!(
            "CSO retries every 20s. The multi-stage flow records no per-object errors: find the \
             apply error of stage {stage} in the CSO logs ({CSO_LOGS})."
        ),
    }
}

/// `kubectl delete <kind>.<group> <name> [-n ns]` for an `ObjectError::object` string.
fn delete_command(object: &str) -> String {
    let parts: Vec<&str> = object.split(' ').collect();
    let (gv, kind, name) = match parts.as_slice() {
        [gv, kind, name] => (Some(*gv), *kind, *name),
        [kind, name] => (None, *kind, *name),
        _ => return format!("kubectl delete {object}"),
    };
    let group = gv
        .and_then(|gv| gv.rsplit_once('/').map(|(g, _)| g))
        .filter(|g| !g.is_empty());
    let resource = match group {
        Some(g) => format!("{}.{g}", kind.to_lowercase()),
        None => kind.to_lowercase(),
    };
    match name.split_once('/') {
        Some((ns, n)) => format!("kubectl delete {resource} {n} -n {ns}"),
        None => format!("kubectl delete {resource} {name}"),
    }
}

pub(super) fn addon_apply_failing(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<Diagnosis> {
    let addon = rel.addon.as_ref()?;
    let problem = addon_problem(rel, addon)?;
    let since = addon
        .failure()
        .or_else(|| {
            addon
                .conditions
                .get("EvaluatedCEL")
                .filter(|c| c.is_false())
        })
        .or_else(|| {
            addon
                .conditions
                .get("ClusterReady")
                .filter(|c| c.is_false())
        });
    let what = match addon.hook {
        Some(HOOK_AFTER_CP_INITIALIZED) => {
            let pending = addon.pending_stages();
            let rest = if pending.is_empty() {
                String::new()
            } else {
                format!("; not yet applied: {}", pending.join(", "))
            };
            return Some(
                Diagnosis::new(
                    DiagnosisCode::AddonApplyFailing,
                    Severity::Error,
                    format!(
                        "Initial addon installation ({HOOK_AFTER_CP_INITIALIZED}) stuck{}: {}{rest}",
                        for_age(ctx, since),
                        problem.detail
                    ),
                    problem.hint,
                )
                .about(addon.reference()),
            );
        }
        Some(hook) => format!("Addon hook {hook} failing"),
        None => match addon.cluster_stack.or(rel.cluster.class) {
            Some(class) => format!("Addons of {class} failing to apply"),
            None => "Addons failing to apply".to_owned(),
        },
    };
    Some(
        Diagnosis::new(
            DiagnosisCode::AddonApplyFailing,
            Severity::Error,
            format!("{what}{}: {}", for_age(ctx, since), problem.detail),
            problem.hint,
        )
        .about(addon.reference()),
    )
}
