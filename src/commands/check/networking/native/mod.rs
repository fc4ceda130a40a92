//! `kubectl scs check networking --mode native`: the upstream NetworkPolicy traffic tests
//! ([`crate::netpol::catalogue`]) run against the cluster by this tool ([`crate::netcheck`] decides,
//! this folder deploys, probes and labels), through the same orchestrator
//! ([`crate::commands::check::suite::orchestrate`]), judging and report as the e2e mode.

mod deploy;
mod errors;
mod execute;
mod fixture;
mod health;
mod prober;
mod progress;
mod view;

pub use deploy::{DeployError, Deployed, PodWait, agnhost_image, deploy};
pub use fixture::KubeFixture;
pub use prober::ExecProber;

use std::io::IsTerminal;
use std::time::Duration;

use regex::Regex;

use crate::commands::Context;
use crate::commands::check::networking::args::CheckNetworkingArgs;
use crate::commands::check::suite::args::E2eArgs;
use crate::commands::check::suite::orchestrate::{
    ClusterFacts, Keep, check_cluster, run_permissions, server_version, stopped_text, supervised,
};
use crate::commands::check::suite::runner::ListedImage;
use crate::e2e::diagnose::diagnose;
use crate::e2e::plan::Suite;
use crate::e2e::{Check, TestOutcome, TestResult, Waivers, judge};
use crate::error::{Error, Result, ResultExt};
use crate::k8s::permissions::Permission;
use crate::kube::Kube;
use crate::kube::lifecycle::{Run, Settings, Stopped, new_run_id};
use crate::netcheck::outcome::evidence;
use crate::netcheck::{AGNHOST_IMAGE, ScenarioRun, Timing, TopologyKind, plan, results};
use crate::netpol::catalogue::TopologyNames;
use crate::report::{self, Outcome, OutputFormat, Report};
use execute::{Gathered, Options, execute};
use progress::Progress;
use view::{NativeRun, native_report};

/// Default `--timeout` of the native mode (it takes minutes; this only bounds a hang).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// Longest time between two looks at starting pods, whatever `--poll-interval` says: the
/// pods start in seconds and the tests wait for them.
const MAX_POD_POLL: Duration = Duration::from_secs(1);

/// Which tests run: `--focus`/`--skip` on the test names, with the defaults the e2e mode
/// gives the suite.
struct Selection {
    focus: Regex,
    skip: Regex,
}

impl Selection {
    fn new(args: &E2eArgs) -> Result<Self> {
        let defaults = Suite::scs_defaults(Check::Networking);
        let compile = |flag: &str, text: &str| {
            Regex::new(text).usage(|| format!("{flag} {text:?} is not a valid regex"))
        };
        Ok(Self {
            focus: compile("--focus", args.focus.as_deref().unwrap_or(&defaults.focus))?,
            skip: compile("--skip", args.skip.as_deref().unwrap_or(&defaults.skip))?,
        })
    }

    fn matches(&self, name: &str) -> bool {
        self.focus.is_match(name) && (self.skip.as_str().is_empty() || !self.skip.is_match(name))
    }
}

/// Flags of the e2e mode that mean nothing to the native one.
fn reject_e2e_only(args: &E2eArgs) -> Result<()> {
    let given = [
        ("--parallel", args.parallel.is_some()),
        ("--flake-attempts", args.flake_attempts.is_some()),
        ("--conformance-image", args.conformance_image.is_some()),
        ("--sidecar-image", args.sidecar_image.is_some()),
        ("--artifacts", args.artifacts.is_some()),
    ];
    match given.iter().find(|(_, set)| *set) {
        Some((flag, _)) => Err(Error::usage(format!("{flag} applies to --mode e2e only"))),
        None => Ok(()),
    }
}

/// `--list-images` in the native mode: the agnhost image.
pub fn images(args: &E2eArgs) -> Vec<ListedImage> {
    vec![ListedImage {
        image: AGNHOST_IMAGE.to_owned(),
        mirror: args
            .image_repository
            .as_deref()
            .map(|m| agnhost_image(Some(m.trim_end_matches('/')))),
        used_by: "native",
    }]
}

/// What a native run needs to be allowed to do, asked for namespace `namespace` (the run's
/// namespaces do not exist yet; RBAC answers by name).
fn needed_permissions(namespace: &str) -> Vec<Permission> {
    let in_ns = |verb, group, resource, subresource, why| Permission {
        verb,
        group,
        resource,
        subresource,
        namespace: Some(namespace.to_owned()),
        why,
    };
    let net = "networking.k8s.io";
    let mut needed = run_permissions("for the test namespaces");
    needed.extend([
        in_ns("create", "", "pods", "", "for the test servers"),
        in_ns("list", "", "pods", "", "to wait for the test servers"),
        in_ns("patch", "", "pods", "", "for the tests that label a pod"),
        in_ns("create", "", "pods", "exec", "to probe from pod to pod"),
        in_ns(
            "create",
            "",
            "services",
            "",
            "for the addresses the probes dial",
        ),
        in_ns(
            "create",
            net,
            "networkpolicies",
            "",
            "for the tests' policies",
        ),
        in_ns(
            "get",
            net,
            "networkpolicies",
            "",
            "for the tests that update a policy",
        ),
        in_ns(
            "update",
            net,
            "networkpolicies",
            "",
            "for the tests that update a policy",
        ),
        in_ns("delete", net, "networkpolicies", "", "to undo each test"),
    ]);
    needed
}

/// Before anything is created: server version, permissions, a node to run on, the CNI.
async fn preflight(kube: &Kube, run_id: &str) -> Result<(String, ClusterFacts)> {
    let server_version = server_version(kube).await?;
    let probe_ns = TopologyNames::with_run_id(TopologyKind::Main.base_name(), run_id);
    let cluster = check_cluster(kube, &needed_permissions(&probe_ns.x)).await?;
    Ok((server_version, cluster))
}

/// `check networking --mode native` (the caller handles `--results`, `--cleanup` and
/// `--list-images`, which do not depend on the mode).
pub async fn run(ctx: &Context, args: &CheckNetworkingArgs, waivers: Waivers) -> Result<Outcome> {
    report::ensure_supported(ctx.global.output, true)?;
    ctx.emit(&report(ctx, args, waivers).await?)
}

/// Runs the native tests and returns their report (shared by `check networking` and `check all`).
pub async fn report(ctx: &Context, args: &CheckNetworkingArgs, waivers: Waivers) -> Result<Report> {
    let e2e = &args.e2e;
    reject_e2e_only(e2e)?;
    for (flag, value) in [
        ("--probe-interval", args.native.probe_interval()),
        ("--connect-timeout", args.native.connect_timeout()),
        ("--startup-timeout", e2e.startup_timeout),
    ] {
        if value.is_zero() {
            return Err(Error::usage(format!("{flag} must be longer than 0")));
        }
    }
    let selection = Selection::new(e2e)?;
    if plan("check", |name| selection.matches(name)).0.is_empty() {
        return Err(Error::usage(
            "--focus and --skip leave none of the 48 NetworkPolicy tests to run",
        ));
    }

    let kube = Kube::connect(&ctx.client).await?;
    let run_id = e2e.run_id.clone().unwrap_or_else(new_run_id);
    let mut progress = Progress::new(
        std::io::stderr().is_terminal(),
        ctx.global.output == OutputFormat::Scs,
        waivers.clone(),
    );
    progress.phase("checking the cluster: version, permissions, nodes, CNI");
    let (server_version, checked) = preflight(&kube, &run_id).await?;
    progress.phase(&format!(
        "Kubernetes {server_version}, CNI {}, {} schedulable node(s)",
        checked.cni.summary, checked.nodes.schedulable
    ));

    let settings = Settings {
        poll: e2e.poll_interval,
        cleanup_timeout: e2e.cleanup_timeout,
        run_id: Some(run_id.clone()),
    };
    let run = Run::start(&kube, Check::Networking.id(), settings);
    let (topologies, left_out) = plan(run.id(), |name| selection.matches(name));
    let selected: Vec<String> = topologies
        .iter()
        .flat_map(|t| t.scenarios.iter().map(|s| s.name.clone()))
        .collect();
    progress.set_total(selected.len());
    let options = Options {
        timing: Timing {
            connect_timeout: args.native.connect_timeout(),
            poll_interval: args.native.probe_interval(),
            poll_timeout: args.native.probe_timeout(),
            baseline_timeout: args.native.baseline_timeout(),
            settle: args.native.settle_time(),
        },
        pod_wait: PodWait {
            timeout: e2e.startup_timeout,
            interval: e2e.poll_interval.min(MAX_POD_POLL),
        },
        image: agnhost_image(
            e2e.image_repository
                .as_deref()
                .map(|m| m.trim_end_matches('/')),
        ),
        fail_fast: args.native.fail_fast.then(|| waivers.clone()),
    };
    let timeout = e2e.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let mut gathered = Gathered::default();
    let keep = Keep {
        keep: e2e.keep,
        what: "namespaces",
    };
    let ended = supervised(run, &mut progress, timeout, keep, async |run, progress| {
        execute(run, &topologies, &options, &mut gathered, progress).await
    })
    .await;

    let seconds = ended.duration.as_secs_f64();
    let stopped = match &ended.work {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(
            std::iter::once(e.to_string())
                .chain(e.hints.iter().map(|h| format!("hint: {h}")))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Err(stopped) => {
            let text = stopped_text(*stopped, "native", ended.duration, timeout);
            Some(match stopped {
                Stopped::TimedOut => format!("{text} (--timeout)"),
                Stopped::Interrupted => text,
            })
        }
    };
    let cleanup = ended.cleanup;
    let ran: Vec<&str> = gathered.runs.iter().map(|r| r.name.as_str()).collect();
    let why_not_run = if gathered.failed_fast {
        "not run: --fail-fast stopped the run at the first unwaived failure"
    } else {
        "not run: the run stopped before it"
    };
    let not_run: Vec<TestResult> = selected
        .iter()
        .filter(|n| !ran.contains(&n.as_str()))
        .map(|name| TestResult {
            name: name.clone(),
            outcome: TestOutcome::Skipped,
            message: Some(why_not_run.into()),
            duration: None,
        })
        .collect();
    let mut judged = results(
        &gathered.runs,
        &left_out,
        Some(server_version.clone()),
        seconds,
    );
    judged.tests.extend(not_run);
    let mut judgement = judge(Check::Networking, &judged, &waivers);
    if let Some(why) = &stopped {
        judgement.verdict = Outcome::Aborted;
        judgement.message = format!(
            "{why}; {} of {} selected tests ran",
            gathered.runs.len(),
            selected.len()
        );
    }
    let diagnoses = diagnose(&evidence(&gathered.runs));
    let native = NativeRun {
        run_id,
        image: options.image,
        server_version,
        nodes: checked.nodes,
        duration_seconds: seconds,
        rounds: gathered.runs.iter().map(ScenarioRun::rounds).sum(),
        execs: gathered.runs.iter().map(ScenarioRun::execs).sum(),
        topologies: gathered.topologies,
        scenarios: gathered.runs,
        stopped,
        failed_fast: gathered.failed_fast,
        cleanup,
    };
    let mut report = native_report(&judgement, &native, &checked.cni, checked.notes);
    crate::commands::check::suite::view::add_diagnoses(&mut report, &diagnoses);
    Ok(report)
}
