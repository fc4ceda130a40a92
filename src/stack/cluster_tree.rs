//! The human tree of one Cluster, in the spirit of `clusterctl describe cluster`:
//! Cluster → ClusterStack → ClusterStackRelease → ClusterClass, ClusterAddon → hook → stages,
//! infrastructure, control plane, workers.

use serde_json::Value;

use super::cluster::{Ctx, Related};
use super::conditions::Conditions;
use super::model::{CapiShape, Replicas, TreeNode};
use super::release::HOOK_AFTER_CP_INITIALIZED;
use super::stacks::release_ready;
use super::tree::{bad_condition_rows, condition_row};
use super::views::{AddonView, kcp_replicas, md_replicas, one_line, row_condition};
use crate::k8s::json::{bool_at, name, nonempty_str_at, time_at};

/// clusterctl's prefix for objects that have a deletionTimestamp.
const DELETED: &str = "!! DELETED !! ";

fn deleted_prefix(obj: &Value) -> &'static str {
    if time_at(obj, &["metadata", "deletionTimestamp"]).is_some() {
        DELETED
    } else {
        ""
    }
}

pub(crate) fn build(ctx: &Ctx<'_>, rel: &Related<'_>) -> TreeNode {
    let cluster = &rel.cluster;
    let mut root = condition_row(
        format!("{}Cluster/{}", deleted_prefix(cluster.obj), cluster.name),
        cluster.summary_condition(),
        ctx.now,
    );
    if root.message.is_none() {
        let mut facts = Vec::new();
        if let Some(p) = cluster.phase {
            facts.push(p.to_owned());
        }
        if let Some(v) = cluster.version {
            facts.push(v.to_owned());
        }
        if !facts.is_empty() {
            root.message = Some(facts.join(", "));
        }
    }
    let (primary, summary_type) = match cluster.shape {
        CapiShape::V1beta1 => (&cluster.v1b1, "Ready"),
        CapiShape::V1beta2 => (&cluster.v1b2, "Available"),
    };
    root.children.extend(bad_condition_rows(
        primary,
        &[summary_type, "Ready"],
        ctx.now,
    ));
    if cluster.shape == CapiShape::V1beta1 {
        // The v1beta1 list has no Deleting condition; the v1beta2 one says what deletion waits for.
        if let Some(c) = cluster.v1b2.get("Deleting").filter(|c| c.is_true()) {
            root.children
                .push(condition_row("Condition Deleting", Some(c), ctx.now));
        }
    }
    root.children.extend(stack_rows(ctx, rel));
    root.children.extend(addon_row(ctx, rel));
    root.children.extend(infrastructure_row(ctx, rel));
    root.children.extend(control_plane_row(ctx, rel));
    root.children.extend(workers_row(ctx, rel));
    root
}

fn stack_rows(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<TreeNode> {
    let class = rel.cluster.class?;
    let tag = rel.release_tag.as_deref().unwrap_or(class);
    let mut release_row = match rel.release {
        Some(release) => {
            let conditions = Conditions::read(release, &["status", "conditions"]);
            let mut row = condition_row(
                format!("ClusterStackRelease/{tag}"),
                conditions.get("Ready"),
                ctx.now,
            );
            if release_ready(release) {
                row.ready = Some("True".to_owned());
            }
            if row.message.is_none() {
                row.message =
                    nonempty_str_at(release, &["status", "kubernetesVersion"]).map(str::to_owned);
            }
            row
        }
        None if ctx.ix.seen_releases => TreeNode::named(format!("ClusterStackRelease/{tag}"))
            .with_ready("False")
            .with_message("not found"),
        None => TreeNode::named(format!("ClusterStackRelease/{tag}")).with_message("not read"),
    };
    let class_row = match rel.class_object {
        Some(_) => TreeNode::named(format!("ClusterClass/{class}")).with_ready("True"),
        None if ctx.ix.seen_classes => {
            let mut row = TreeNode::named(format!("ClusterClass/{class}"))
                .with_ready("False")
                .with_message("not found");
            row.reason = Some("NotFound".to_owned());
            row.severity = Some("Error".to_owned());
            row
        }
        None => TreeNode::named(format!("ClusterClass/{class}")).with_message("not read"),
    };
    release_row.children.push(class_row);
    let mut stack_row = match rel.stack {
        Some(info) => {
            let conditions = info
                .object
                .map(|o| Conditions::read(o, &["status", "conditions"]))
                .unwrap_or_default();
            let mut row = condition_row(
                format!("ClusterStack/{}", info.short_name()),
                conditions.get("Ready"),
                ctx.now,
            );
            if row.message.is_none() {
                let usable = info.usable_versions();
                row.message = Some(if usable.is_empty() {
                    "no usable version".to_owned()
                } else {
                    format!("usable: {}", usable.join(", "))
                });
            }
            row
        }
        None => TreeNode::named("ClusterStack/?").with_message("no ClusterStack for this class"),
    };
    stack_row.children.push(release_row);
    Some(stack_row)
}

fn addon_row(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<TreeNode> {
    let Some(addon) = &rel.addon else {
        return rel.cluster.class.map(|_| {
            TreeNode::named(format!("ClusterAddon/cluster-addon-{}", rel.cluster.name))
                .with_message(if ctx.ix.seen_addons {
                    "not found"
                } else {
                    "not read"
                })
        });
    };
    let mut row = condition_row(
        format!("{}ClusterAddon/{}", deleted_prefix(addon.obj), addon.name),
        addon.conditions.get("Ready"),
        ctx.now,
    );
    if row.ready.is_none() {
        row.ready = Some(if addon.ready { "True" } else { "False" }.to_owned());
    }
    if row.message.is_none() {
        row.message = Some(match (addon.cluster_stack, addon.hook) {
            (Some(cs), None) if addon.ready => match addon.version {
                Some(v) => format!("addons of {cs} applied (addon version {v})"),
                None => format!("addons of {cs} applied"),
            },
            (None, None) => "addons never applied".to_owned(),
            (_, Some(hook)) => format!("running hook {hook}"),
            (Some(cs), None) => format!("last applied for {cs}"),
        });
    }
    if let Some(hook) = addon.hook {
        row.children.push(hook_row(ctx, rel, addon, hook));
    }
    row.children
        .extend(bad_condition_rows(&addon.conditions, &["Ready"], ctx.now));
    for object in &addon.not_synced {
        let mut r = TreeNode::named(format!("Object {}", object.object)).with_ready("False");
        r.reason = Some("not-synced".to_owned());
        r.message = object.error.clone();
        row.children.push(r);
    }
    if addon.synced > 0 && !addon.not_synced.is_empty() {
        row.children.push(
            TreeNode::named(format!("{} Objects...", addon.synced))
                .with_ready("True")
                .with_message("synced"),
        );
    }
    let hook_waiting = addon.hook.is_none()
        && addon
            .conditions
            .get("HookServerReady")
            .is_some_and(|c| c.is_false());
    if hook_waiting && let Some(ext) = ctx.hook_server {
        row.children.push(extension_row(ctx, ext));
    }
    Some(row)
}

fn hook_row(ctx: &Ctx<'_>, rel: &Related<'_>, addon: &AddonView<'_>, hook: &str) -> TreeNode {
    let message = match (hook, rel.upgrading_from(), rel.cluster.class) {
        (HOOK_AFTER_CP_INITIALIZED, _, _) => "initial addon installation".to_owned(),
        (_, Some(from), Some(to)) => format!("{from} → {to}"),
        (_, _, Some(to)) => format!("to {to}"),
        _ => String::new(),
    };
    let mut row = TreeNode::named(format!("Hook {hook}"));
    if !message.is_empty() {
        row.message = Some(message);
    }
    let failing = addon.failure().or_else(|| {
        addon
            .conditions
            .get("EvaluatedCEL")
            .filter(|c| c.is_false())
    });
    let active = addon.active_stage(failing.and_then(|c| c.message));
    for stage in &addon.stages {
        let mut s = TreeNode::named(format!("Stage {}", stage.name));
        s.reason = Some(if stage.phase.is_empty() {
            "Pending".to_owned()
        } else {
            stage.phase.clone()
        });
        match stage.phase.as_str() {
            "done" => s.ready = Some("True".to_owned()),
            "Pending" | "" => {}
            _ => s.ready = Some("False".to_owned()),
        }
        if active.is_some_and(|a| a.name == stage.name)
            && let Some(c) = failing
        {
            s.ready = Some("False".to_owned());
            s.severity = c.severity.map(str::to_owned);
            s.since = c.since.map(|t| super::age::human_age(ctx.now, t));
            s.message = c.message.map(one_line);
        }
        if s.message.is_none() {
            s.message = stage.action.clone();
        }
        row.children.push(s);
    }
    row
}

fn extension_row(ctx: &Ctx<'_>, ext: &Value) -> TreeNode {
    let conditions = Conditions::read(ext, &["status", "conditions"]);
    condition_row(
        format!("ExtensionConfig/{}", name(ext).unwrap_or("?")),
        conditions.get("Discovered"),
        ctx.now,
    )
}

/// A row for a CAPI/CAPO object: its Ready (or Available) condition, else `status.ready`.
fn object_row(ctx: &Ctx<'_>, label: String, obj: &Value, summary: Option<String>) -> TreeNode {
    let conditions = Conditions::read(obj, &["status", "conditions"]);
    let mut row = condition_row(label, row_condition(&conditions), ctx.now);
    if row.ready.is_none()
        && let Some(ready) = bool_at(obj, &["status", "ready"])
    {
        row.ready = Some(if ready { "True" } else { "False" }.to_owned());
    }
    if row.message.is_none() {
        row.message = summary;
    }
    row.children.extend(bad_condition_rows(
        &conditions,
        &["Ready", "Available"],
        ctx.now,
    ));
    row
}

fn infrastructure_row(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<TreeNode> {
    match (rel.infra, rel.cluster.infrastructure_ref) {
        (Some(infra), _) => {
            let label = format!(
                "ClusterInfrastructure - {}OpenStackCluster/{}",
                deleted_prefix(infra),
                name(infra).unwrap_or("?")
            );
            Some(object_row(ctx, label, infra, None))
        }
        (None, Some(r)) => Some(
            TreeNode::named(format!(
                "ClusterInfrastructure - {}/{}",
                r.kind.unwrap_or("?"),
                r.name
            ))
            .with_message("not read"),
        ),
        (None, None) => None,
    }
}

fn replicas_text(r: Option<Replicas>, version: Option<&str>) -> Option<String> {
    match (r, version) {
        (Some(r), Some(v)) => Some(format!("{} ready, {v}", r.ratio())),
        (Some(r), None) => Some(format!("{} ready", r.ratio())),
        (None, Some(v)) => Some(v.to_owned()),
        (None, None) => None,
    }
}

fn control_plane_row(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<TreeNode> {
    match (rel.kcp, rel.cluster.control_plane_ref) {
        (Some(kcp), _) => {
            let (ready, desired) = kcp_replicas(kcp);
            let label = format!(
                "ControlPlane - {}KubeadmControlPlane/{}",
                deleted_prefix(kcp),
                name(kcp).unwrap_or("?")
            );
            let summary = replicas_text(
                Some(Replicas { ready, desired }),
                nonempty_str_at(kcp, &["status", "version"])
                    .or_else(|| nonempty_str_at(kcp, &["spec", "version"])),
            );
            Some(object_row(ctx, label, kcp, summary))
        }
        (None, Some(r)) => Some(
            TreeNode::named(format!(
                "ControlPlane - {}/{}",
                r.kind.unwrap_or("?"),
                r.name
            ))
            .with_message(replicas_text(rel.control_plane, None).unwrap_or_default()),
        ),
        (None, None) => rel.control_plane.map(|r| {
            TreeNode::named("ControlPlane")
                .with_message(format!("{} ready (not created)", r.ratio()))
        }),
    }
}

fn workers_row(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<TreeNode> {
    if rel.mds.is_empty() && rel.workers.is_none() {
        return None;
    }
    let mut row = TreeNode::named("Workers");
    row.message = replicas_text(rel.workers, None);
    for md in rel.mds {
        let (ready, desired) = md_replicas(md);
        let label = format!(
            "{}MachineDeployment/{}",
            deleted_prefix(md),
            name(md).unwrap_or("?")
        );
        let version = nonempty_str_at(md, &["spec", "template", "spec", "version"]);
        row.children.push(object_row(
            ctx,
            label,
            md,
            replicas_text(Some(Replicas { ready, desired }), version),
        ));
    }
    Some(row)
}
