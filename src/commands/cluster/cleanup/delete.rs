//! `kubectl scs cluster cleanup --delete`: choose, confirm, delete in a safe order, then wait
//! until the cloud resources are really gone.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use serde_json::json;

use crate::cleanup::{
    self, Action, Candidate, CleanupReport, CloudLeftover, ControllerState, Leftover, ObjectRef,
    Plan, PlanOptions, Stop,
};
use crate::commands::Context;
use crate::commands::cluster::cleanup::args::{ClusterCleanupArgs, StopWorkloads};
use crate::commands::cluster::cleanup::prompt::{Prompter, Terminal};
use crate::commands::cluster::cleanup::{CLEANUP_KINDS, human_view};
use crate::error::{Error, Result};
use crate::kube::mutate::Changed;
use crate::kube::{KindSpec, Kube, Scope};
use crate::report::{self, Block, Cell, Outcome, Report, Tone};

/// How often the cluster is read again while waiting.
const POLL: Duration = Duration::from_secs(1);

/// The result of one step.
#[derive(Debug, Clone, Serialize)]
struct StepResult {
    action: Action,
    #[serde(flatten)]
    object: ObjectRef,
    /// `done`, `dry-run`, `already-gone` or `failed`.
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub async fn run(
    ctx: &Context,
    args: &ClusterCleanupArgs,
    kube: &Kube,
    analysis: &CleanupReport,
    notes: Vec<String>,
) -> Result<Outcome> {
    let options = PlanOptions {
        delete_workloads: args.workloads == StopWorkloads::Delete,
        delete_retained: args.delete_retained,
    };
    let plan = if args.yes {
        Plan::new(&cleanup::candidates(analysis, options))
    } else {
        match Terminal::open(ctx.stderr_color()) {
            Some(mut terminal) => match choose(&mut terminal, analysis, options, args.dry_run)? {
                Some(plan) => plan,
                None => {
                    return Err(Error::could_not_run("cancelled: nothing was changed"));
                }
            },
            None if args.dry_run => Plan::new(&cleanup::candidates(analysis, options)),
            None => {
                return Err(Error::usage(
                    "--delete asks what to delete, but stdin or stderr is not a terminal",
                )
                .hint("pass --yes to delete everything listed without asking (scripts)")
                .hint("or --dry-run to see what would be sent; nothing changes"));
            }
        }
    };
    let mut plan = plan;
    for pending in cleanup::pending_deletions(analysis) {
        if !plan.waits.contains(&pending) {
            plan.waits.push(pending);
        }
    }
    check_controllers(analysis, &plan, args.force)?;
    let results = execute(kube, &plan, args.dry_run).await?;
    let waited = if args.dry_run || plan.waits.is_empty() {
        None
    } else {
        Some(wait(kube, &plan, args.timeout).await)
    };
    ctx.emit(&result_report(
        analysis,
        &plan,
        &results,
        waited.as_ref(),
        args,
        notes,
    ))
}

/// Asks which workloads to stop and how, what to delete, and for confirmation. `None` when the
/// person cancels or says no.
pub(crate) fn choose(
    prompter: &mut dyn Prompter,
    analysis: &CleanupReport,
    mut options: PlanOptions,
    dry_run: bool,
) -> Result<Option<Plan>> {
    let mut overview = Vec::new();
    let style = report::Style::default();
    let _ = report::render_blocks(&mut overview, &human_view(analysis), &style);
    prompter.say(&String::from_utf8_lossy(&overview));

    if analysis.recreators.iter().any(|r| r.stop == Stop::Scale) {
        let items = vec![
            "scale them to 0 (reversible; DaemonSets, Jobs and bare Pods are deleted)".to_string(),
            "delete them".to_string(),
        ];
        let default = usize::from(options.delete_workloads);
        match prompter.select(
            "Workloads that would recreate or hold volumes are stopped first. How?",
            &items,
            default,
        )? {
            Some(choice) => options.delete_workloads = choice == 1,
            None => return Ok(None),
        }
    }
    let mut candidates = cleanup::candidates(analysis, options);
    if candidates.is_empty() {
        prompter.say("Nothing to delete.");
        return Ok(Some(Plan::default()));
    }
    let items: Vec<String> = candidates
        .iter()
        .map(|c| format!("[{}] {}", c.group.title(), c.label))
        .collect();
    let checked: Vec<bool> = candidates.iter().map(|c| c.selected).collect();
    let Some(chosen) = prompter.multi_select(
        "Select what to delete (space toggles, enter accepts; done in this order)",
        &items,
        &checked,
    )?
    else {
        return Ok(None);
    };
    for (i, c) in candidates.iter_mut().enumerate() {
        c.selected = chosen.contains(&i);
    }
    let plan = Plan::new(&candidates);
    if plan.steps.is_empty() {
        prompter.say("Nothing selected.");
        return Ok(Some(plan));
    }
    prompter.say(&confirmation_text(analysis, &plan, dry_run));
    let question = if dry_run {
        format!("Send these {} changes as a dry run?", plan.steps.len())
    } else {
        format!("Make these {} changes?", plan.steps.len())
    };
    match prompter.confirm(&question)? {
        Some(true) => Ok(Some(plan)),
        _ => Ok(None),
    }
}

/// Exactly what will be changed, in order, and what stays.
fn confirmation_text(analysis: &CleanupReport, plan: &Plan, dry_run: bool) -> String {
    let mut text = if dry_run {
        String::from("Dry run: these requests are sent with dryRun=All; nothing changes:\n")
    } else {
        String::from("These changes will be made, in this order:\n")
    };
    for (i, step) in plan.steps.iter().enumerate() {
        text.push_str(&format!(
            "  {}. {} {}\n",
            i + 1,
            step.action.verb(),
            step.target
        ));
    }
    for kept in &plan.kept {
        text.push_str(&format!("Kept: {kept}\n"));
    }
    for need in plan.needs() {
        if let Some(c) = analysis
            .controller(need)
            .filter(|c| c.state != ControllerState::Running)
        {
            text.push_str(&format!(
                "!! WARNING: the {} is {}: its cloud resources will be left behind.\n",
                c.controller.title(),
                c.state.as_str()
            ));
        }
    }
    text
}

/// Refuses to delete what a controller that is not running would have to clean up.
fn check_controllers(analysis: &CleanupReport, plan: &Plan, force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    let down: Vec<&cleanup::Controller> = plan
        .needs()
        .into_iter()
        .filter_map(|k| analysis.controller(k))
        .filter(|c| c.state != ControllerState::Running)
        .collect();
    let Some(first) = down.first() else {
        return Ok(());
    };
    let mut err = Error::could_not_run(format!(
        "refusing to delete: the {} is {} ({}); what it should clean up in the cloud would be left behind",
        first.controller.title(),
        first.state.as_str(),
        first.message
    ));
    for c in down.iter().skip(1) {
        err = err.hint(format!(
            "the {} is {} too ({})",
            c.controller.title(),
            c.state.as_str(),
            c.message
        ));
    }
    Err(err
        .hint("bring it back (kubectl -n kube-system get deploy,ds,pods) and run again")
        .hint("or pass --force to delete anyway and remove the cloud resources by hand"))
}

/// Kinds `execute` may change that the analysis does not read: owners of pods that mount claims.
const MORE_CHANGE_KINDS: &[KindSpec] = &[
    KindSpec::new("apps", "v1", "ReplicaSet"),
    KindSpec::new("batch", "v1", "Job"),
];

async fn execute(kube: &Kube, plan: &Plan, dry_run: bool) -> Result<Vec<StepResult>> {
    if plan.steps.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<KindSpec> = CLEANUP_KINDS
        .iter()
        .chain(MORE_CHANGE_KINDS)
        .filter(|k| plan.steps.iter().any(|s| s.target.kind == k.kind))
        .copied()
        .collect();
    let mutator = kube.mutator(&wanted, dry_run).await?;
    let mut results = Vec::new();
    for step in &plan.steps {
        let t = &step.target;
        let group = cleanup::api_group_of(&t.kind);
        let outcome = match step.action {
            Action::Delete => mutator.delete(group, &t.kind, &t.namespace, &t.name).await,
            Action::Scale => {
                mutator
                    .merge_patch(
                        group,
                        &t.kind,
                        &t.namespace,
                        &t.name,
                        json!({"spec": {"replicas": 0}}),
                    )
                    .await
            }
            Action::SetReclaimDelete => {
                mutator
                    .merge_patch(
                        group,
                        &t.kind,
                        &t.namespace,
                        &t.name,
                        json!({"spec": {"persistentVolumeReclaimPolicy": "Delete"}}),
                    )
                    .await
            }
        };
        let (result, error) = match outcome {
            Ok(Changed::Done) if dry_run => ("dry-run", None),
            Ok(Changed::Done) => ("done", None),
            Ok(Changed::AlreadyGone) => ("already-gone", None),
            Err(e) => ("failed", Some(e.to_string())),
        };
        progress_line(step, result, dry_run);
        results.push(StepResult {
            action: step.action,
            object: t.clone(),
            result,
            error,
        });
    }
    Ok(results)
}

fn progress_line(step: &Candidate, result: &str, dry_run: bool) {
    let suffix = if dry_run { " (dry run)" } else { "" };
    crate::stderr_line!("{} {}: {result}{suffix}", step.action.verb(), step.target);
}

/// What waiting found.
struct Waited {
    left: Vec<Leftover>,
    timed_out: bool,
    elapsed: Duration,
}

/// Reads the cluster again until every object of `plan.waits` is gone or `timeout` passes.
async fn wait(kube: &Kube, plan: &Plan, timeout: Duration) -> Waited {
    let start = Instant::now();
    let kinds: Vec<KindSpec> = CLEANUP_KINDS
        .iter()
        .filter(|k| k.kind == "Pod" || plan.waits.iter().any(|w| w.kind == k.kind))
        .copied()
        .collect();
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    spinner.enable_steady_tick(Duration::from_millis(120));
    let mut left: Vec<Leftover> = plan
        .waits
        .iter()
        .map(|w| Leftover {
            object: w.clone(),
            why: "not checked yet".into(),
        })
        .collect();
    let timed_out = loop {
        match kube.fetch(&kinds, &Scope::All).await {
            Ok(fetched) if fetched.notes.is_empty() => {
                left = cleanup::leftovers(&plan.waits, &fetched.objects);
            }
            Ok(fetched) => {
                let why: Vec<String> = fetched.notes.into_iter().map(|n| n.message).collect();
                for l in &mut left {
                    l.why = format!("could not check: {}", why.join("; "));
                }
            }
            Err(e) => {
                for l in &mut left {
                    l.why = format!("could not check: {e}");
                }
            }
        }
        if left.is_empty() {
            break false;
        }
        let remaining = timeout.saturating_sub(start.elapsed());
        if remaining.is_zero() {
            break true;
        }
        spinner.set_message(waiting_message(&left));
        tokio::time::sleep(POLL.min(remaining)).await;
    };
    spinner.finish_and_clear();
    Waited {
        left,
        timed_out,
        elapsed: start.elapsed(),
    }
}

/// One short line: how many are left and the first two of them.
fn waiting_message(left: &[Leftover]) -> String {
    let mut names: Vec<String> = left.iter().take(2).map(|l| l.object.to_string()).collect();
    if left.len() > 2 {
        names.push(format!("{} more", left.len() - 2));
    }
    format!(
        "waiting for {} object{} to go: {}",
        left.len(),
        if left.len() == 1 { "" } else { "s" },
        names.join(", ")
    )
}

/// The `-o json|yaml` document of `cluster cleanup --delete`.
#[derive(Serialize)]
struct DeleteDocument<'a> {
    dry_run: bool,
    actions: &'a [StepResult],
    left: &'a [Leftover],
    left_in_cloud: &'a [CloudLeftover],
    kept: &'a [String],
    timed_out: bool,
    notes: &'a [String],
}

fn result_report(
    analysis: &CleanupReport,
    plan: &Plan,
    results: &[StepResult],
    waited: Option<&Waited>,
    args: &ClusterCleanupArgs,
    notes: Vec<String>,
) -> Report {
    let left: &[Leftover] = waited.map(|w| w.left.as_slice()).unwrap_or(&[]);
    let timed_out = waited.is_some_and(|w| w.timed_out);
    // `execute` gives one result per step, in plan order.
    let done = plan
        .steps
        .iter()
        .zip(results)
        .filter(|(_, r)| r.result == "done")
        .map(|(step, _)| step);
    let in_cloud = if args.dry_run {
        Vec::new()
    } else {
        cleanup::left_in_cloud(analysis, done)
    };
    let document = DeleteDocument {
        dry_run: args.dry_run,
        actions: results,
        left,
        left_in_cloud: &in_cloud,
        kept: &plan.kept,
        timed_out,
        notes: &notes,
    };
    let mut report = Report::new(
        "cluster-cleanup",
        serde_json::to_value(&document).unwrap_or_default(),
    );
    report.notes = notes;
    if results.is_empty() {
        report
            .blocks
            .push(Block::Text("Nothing was changed.\n".into()));
    } else {
        report.blocks.extend(changes_block(results, args.dry_run));
    }
    if let Some(w) = waited {
        report
            .blocks
            .extend(waited_blocks(w, args.timeout, &in_cloud));
    }
    report.blocks.extend(in_cloud_blocks(&in_cloud));
    for kept in &plan.kept {
        report
            .blocks
            .push(Block::Text(format!("Kept on purpose: {kept}\n")));
    }
    let failed = results.iter().any(|r| r.result == "failed");
    if failed {
        report.outcome = Outcome::Aborted;
    } else if !left.is_empty() {
        report.outcome = Outcome::Failed;
    } else if !args.dry_run && !results.is_empty() {
        let next = if in_cloud.is_empty() {
            "delete the Cluster on the management cluster now".to_string()
        } else {
            format!(
                "remove the {} left (listed above) by hand, then delete the Cluster on the management cluster",
                count(in_cloud.len(), "cloud resource")
            )
        };
        report.blocks.push(Block::Text(format!(
            "The workload cluster holds nothing that blocks or leaks any more (of what was selected): {next}.\n"
        )));
    }
    report
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// What `--force` left in the cloud, for removal by hand.
fn in_cloud_blocks(in_cloud: &[CloudLeftover]) -> Vec<Block> {
    if in_cloud.is_empty() {
        return Vec::new();
    }
    let rows = in_cloud
        .iter()
        .map(|l| {
            vec![
                Cell::new(l.resource),
                Cell::toned(l.identity(), Tone::Bad),
                Cell::new(l.object.to_string()),
                Cell::new(format!(
                    "{} {}",
                    l.controller.title(),
                    l.controller_state.as_str()
                )),
            ]
        })
        .collect();
    vec![
        Block::Title(
            "Left in the cloud by --force: nothing deleted these; remove them by hand".into(),
        ),
        report::simple_table(&["RESOURCE", "ID", "WAS", "CONTROLLER"], rows),
    ]
}

/// The table of changes, under a title that says whether it was a dry run.
fn changes_block(results: &[StepResult], dry_run: bool) -> Vec<Block> {
    let title = if dry_run {
        "Dry run: the server accepted these changes; nothing was changed"
    } else {
        "Changes"
    };
    let rows = results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let tone = match r.result {
                "failed" => Tone::Bad,
                "done" => Tone::Good,
                _ => Tone::Plain,
            };
            vec![
                Cell::new((i + 1).to_string()),
                Cell::new(r.action.verb()),
                Cell::new(r.object.to_string()),
                Cell::toned(
                    match &r.error {
                        Some(e) => format!("failed: {e}"),
                        None => r.result.to_string(),
                    },
                    tone,
                ),
            ]
        })
        .collect();
    vec![
        Block::Title(title.into()),
        report::simple_table(&["STEP", "ACTION", "OBJECT", "RESULT"], rows),
    ]
}

/// All gone, or what is still there and why. Gone from the cluster means gone from the cloud
/// only where the controllers ran.
fn waited_blocks(w: &Waited, timeout: Duration, in_cloud: &[CloudLeftover]) -> Vec<Block> {
    if w.left.is_empty() {
        let text = if in_cloud.is_empty() {
            format!(
                "All gone after {}s: the load balancers, volumes and snapshots were deleted in the cloud.\n",
                w.elapsed.as_secs()
            )
        } else {
            format!(
                "All gone from the cluster after {}s, but not from the cloud: {} {} still there (below).\n",
                w.elapsed.as_secs(),
                count(in_cloud.len(), "cloud resource"),
                if in_cloud.len() == 1 { "is" } else { "are" }
            )
        };
        return vec![Block::Text(text)];
    }
    let rows = w
        .left
        .iter()
        .map(|l| vec![Cell::new(l.object.to_string()), Cell::new(l.why.as_str())])
        .collect();
    vec![
        Block::Title(format!(
            "Still there after {} (--timeout {})",
            if w.timed_out { "timeout" } else { "waiting" },
            crate::duration::minutes_or_seconds(timeout)
        )),
        report::simple_table(&["OBJECT", "WHY"], rows),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cleanup::{Options, analyze};
    use crate::commands::cluster::cleanup::prompt::{Answer, Scripted};
    use crate::kube::dump::parse_dump;

    fn analysis() -> CleanupReport {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/workload/cluster.yaml"
        );
        let text = std::fs::read_to_string(path).expect("fixture");
        analyze(
            &parse_dump(path, &text).expect("parses"),
            &Options::default(),
        )
    }

    fn targets(plan: &Plan) -> Vec<String> {
        plan.steps
            .iter()
            .map(|s| format!("{} {}", s.action.verb(), s.target))
            .collect()
    }

    /// Asserts that the first thing said or asked starting with `prefix` contains every one of
    /// `parts`.
    fn assert_said(p: &Scripted, prefix: &str, parts: &[&str]) {
        let said = p
            .transcript
            .iter()
            .find(|t| t.starts_with(prefix))
            .unwrap_or_else(|| panic!("nothing starting with {prefix:?} in {:#?}", p.transcript));
        for part in parts {
            assert!(said.contains(part), "{said}");
        }
    }

    #[test]
    fn defaults_and_yes_give_the_whole_plan_and_the_confirmation_lists_it() {
        let mut p = Scripted::new([
            Answer::Select(Some(0)),
            Answer::Defaults,
            Answer::Confirm(Some(true)),
        ]);
        let plan = choose(&mut p, &analysis(), PlanOptions::default(), false)
            .unwrap()
            .expect("confirmed");
        assert_eq!(plan.steps.len(), 9);
        assert_eq!(targets(&plan)[0], "scale to 0 StatefulSet db/postgres");
        assert!(
            p.transcript[0].contains("Blocking deletion: 3 LoadBalancer Services"),
            "{}",
            p.transcript[0]
        );
        assert_said(
            &p,
            "multi ",
            &[
                "[stop first] scale to 0 StatefulSet db/postgres (2 replicas)",
                "[blocking] delete Gateway gateway/public",
                "[leaking] delete VolumeSnapshot db/postgres-backup-20261120",
            ],
        );
        assert_said(
            &p,
            "These changes will be made",
            &[
                "  1. scale to 0 StatefulSet db/postgres\n",
                "  9. delete PersistentVolumeClaim shop/uploads\n",
                "Kept: PersistentVolume pvc-5e6f7a8b",
            ],
        );
        assert_eq!(
            p.transcript.last().unwrap(),
            "confirm Make these 9 changes?"
        );
    }

    #[test]
    fn workloads_can_be_deleted_instead_of_scaled() {
        let mut p = Scripted::new([
            Answer::Select(Some(1)),
            Answer::Defaults,
            Answer::Confirm(Some(true)),
        ]);
        let plan = choose(&mut p, &analysis(), PlanOptions::default(), false)
            .unwrap()
            .unwrap();
        assert_eq!(
            targets(&plan)[..2],
            [
                "delete StatefulSet db/postgres",
                "delete Deployment shop/uploads"
            ]
        );
    }

    #[test]
    fn only_what_is_ticked_is_planned() {
        let mut p = Scripted::new([
            Answer::Select(Some(0)),
            Answer::Multi(Some(vec![3, 6])),
            Answer::Confirm(Some(true)),
        ]);
        let plan = choose(&mut p, &analysis(), PlanOptions::default(), true)
            .unwrap()
            .unwrap();
        assert_eq!(
            targets(&plan),
            [
                "delete Service ingress-nginx/ingress-nginx-controller",
                "set reclaim policy Delete PersistentVolume pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"
            ]
        );
        assert!(
            p.transcript
                .iter()
                .any(|t| t.starts_with("Dry run: these requests are sent with dryRun=All"))
        );
        assert_eq!(
            p.transcript.last().unwrap(),
            "confirm Send these 2 changes as a dry run?"
        );
    }

    #[test]
    fn no_or_cancel_plans_nothing() {
        for answers in [
            vec![
                Answer::Select(Some(0)),
                Answer::Defaults,
                Answer::Confirm(Some(false)),
            ],
            vec![
                Answer::Select(Some(0)),
                Answer::Defaults,
                Answer::Confirm(None),
            ],
            vec![Answer::Select(Some(0)), Answer::Multi(None)],
            vec![Answer::Select(None)],
        ] {
            let mut p = Scripted::new(answers);
            assert!(
                choose(&mut p, &analysis(), PlanOptions::default(), false)
                    .unwrap()
                    .is_none()
            );
        }
    }

    #[test]
    fn controllers_that_do_not_run_refuse_unless_forced() {
        let mut a = analysis();
        for c in &mut a.preconditions {
            if c.controller == cleanup::ControllerKind::CloudControllerManager {
                c.state = ControllerState::Missing;
                c.message = "not found".into();
            }
        }
        let plan = Plan::new(&cleanup::candidates(&a, PlanOptions::default()));
        let err = check_controllers(&a, &plan, false).unwrap_err();
        assert!(
            err.message
                .starts_with("refusing to delete: the cloud controller manager is Missing"),
            "{}",
            err.message
        );
        assert!(check_controllers(&a, &plan, true).is_ok());
        // Volumes alone do not need the cloud controller manager.
        let volumes_only = Plan {
            steps: plan
                .steps
                .iter()
                .filter(|s| s.needs != Some(cleanup::ControllerKind::CloudControllerManager))
                .cloned()
                .collect(),
            ..Plan::default()
        };
        assert!(check_controllers(&a, &volumes_only, false).is_ok());
    }
}
