//! `kubectl scs stack lint DIR`: checks a release's `clusteraddon.yaml` before it ships.

use std::collections::HashSet;

use super::model::{Diagnosis, DiagnosisCode, Severity, sort_diagnoses};
use super::release::{
    AddonStage, ClusterAddonConfig, HOOK_AFTER_CP_INITIALIZED, HOOK_BEFORE_UPGRADE, ReleaseAssets,
};

/// Checks one release's `clusteraddon.yaml`; `release` (the tag or directory name) names it in
/// messages. Findings are ordered most severe first.
///
/// - `AddonWillBeDropped` (warning): an addon applied at AfterControlPlaneInitialized is missing
///   from BeforeClusterUpgrade, so CSO deletes its objects when a Cluster upgrades to this release.
/// - `AddonConfigInvalid` (error/warning): unknown `action`, empty stage name, duplicate stage,
///   CEL condition without expression or objects, no AfterControlPlaneInitialized stages.
/// - `AddonStageIgnored` (info): stage lists for hooks CSO does not run.
pub fn lint_release(config: &ClusterAddonConfig, release: &str) -> Vec<Diagnosis> {
    let mut out = Vec::new();
    let file = format!("{release}/clusteraddon.yaml");

    let dropped = config.dropped_on_upgrade();
    if !dropped.is_empty() {
        out.push(
            Diagnosis::new(
                DiagnosisCode::AddonWillBeDropped,
                Severity::Warning,
                format!(
                    "{file}: addon(s) {} are applied at {HOOK_AFTER_CP_INITIALIZED} but not listed \
                     in {HOOK_BEFORE_UPGRADE}; CSO deletes their objects from every Cluster that \
                     upgrades to {release}",
                    dropped.join(", ")
                ),
                format!(
                    "List {} in {HOOK_BEFORE_UPGRADE} as well (with action: apply), or add an \
                     action: delete stage if removing them is intended.",
                    dropped.join(", ")
                ),
            )
            .about(file.clone()),
        );
    }

    if config.stages(HOOK_AFTER_CP_INITIALIZED).is_empty() {
        out.push(
            Diagnosis::new(
                DiagnosisCode::AddonConfigInvalid,
                Severity::Warning,
                format!(
                    "{file}: no {HOOK_AFTER_CP_INITIALIZED} stages, so new Clusters get no addons"
                ),
                format!("Add the addons (cni, ccm, csi, ...) under addonStages.{HOOK_AFTER_CP_INITIALIZED}."),
            )
            .about(file.clone()),
        );
    }

    for (hook, stages) in &config.addon_stages {
        if hook != HOOK_AFTER_CP_INITIALIZED && hook != HOOK_BEFORE_UPGRADE {
            out.push(
                Diagnosis::new(
                    DiagnosisCode::AddonStageIgnored,
                    Severity::Info,
                    format!(
                        "{file}: addonStages.{hook} ({} stage(s)) is not run by CSO, which acts \
                         only on {HOOK_AFTER_CP_INITIALIZED} and {HOOK_BEFORE_UPGRADE}",
                        stages.len()
                    ),
                    "Keep these stages only if the CSO version in use runs this hook.",
                )
                .about(file.clone()),
            );
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, stage) in stages.iter().enumerate() {
            let at = format!("{file}: addonStages.{hook}[{i}]");
            out.extend(stage_findings(stage, &at, &file));
            if !stage.name.is_empty() && !seen.insert(stage.name.as_str()) {
                out.push(
                    Diagnosis::new(
                        DiagnosisCode::AddonConfigInvalid,
                        Severity::Warning,
                        format!("{at}: stage {} appears twice in {hook}", stage.name),
                        "List each addon once per hook.",
                    )
                    .about(file.clone()),
                );
            }
        }
    }
    sort_diagnoses(&mut out);
    out
}

fn stage_findings(stage: &AddonStage, at: &str, file: &str) -> Vec<Diagnosis> {
    let mut out = Vec::new();
    let invalid = |message: String, hint: &str| {
        Diagnosis::new(
            DiagnosisCode::AddonConfigInvalid,
            Severity::Error,
            message,
            hint,
        )
        .about(file.to_owned())
    };
    let label = if stage.name.is_empty() {
        "(unnamed)"
    } else {
        stage.name.as_str()
    };
    if stage.name.is_empty() {
        out.push(invalid(
            format!("{at}: stage has no name"),
            "Set name to the addon's subchart directory in cluster-addon/.",
        ));
    }
    if stage.action != "apply" && stage.action != "delete" {
        out.push(invalid(
            format!(
                "{at}: stage {label} has action {:?}; CSO knows only apply and delete",
                stage.action
            ),
            "Set action: apply or action: delete.",
        ));
    }
    for (which, cond) in [
        ("waitForPreCondition", &stage.wait_for_pre_condition),
        ("waitForPostCondition", &stage.wait_for_post_condition),
    ] {
        let Some(cond) = cond else { continue };
        if cond.conditions.trim().is_empty() {
            out.push(invalid(
                format!("{at}: stage {label} has a {which} without a CEL expression"),
                "Set conditions to a CEL expression that evaluates to true when the stage may go on.",
            ));
        }
        if cond.objects.is_empty() {
            out.push(invalid(
                format!("{at}: stage {label} has a {which} that names no objects"),
                "List the objects the expression reads under objects, each with a key.",
            ));
        }
        for (j, object) in cond.objects.iter().enumerate() {
            if object.key.is_empty() || object.kind.is_empty() || object.name.is_empty() {
                out.push(invalid(
                    format!(
                        "{at}.{which}.objects[{j}]: key, kind and name are required (got key {:?}, \
                         kind {:?}, name {:?})",
                        object.key, object.kind, object.name
                    ),
                    "Give every object a key (the CEL variable), apiVersion, kind, name and namespace.",
                ));
            }
        }
    }
    out
}

/// Lints every multi-stage release of `assets`, ordered by release tag.
pub fn lint_assets(assets: &ReleaseAssets) -> Vec<(String, Vec<Diagnosis>)> {
    assets
        .configs()
        .map(|(tag, config)| (tag.to_owned(), lint_release(config, tag)))
        .collect()
}
