//! `kubectl scs check networking --mode native`: the upstream NetworkPolicy traffic tests
//! ([`crate::netpol::catalogue`]) run against the cluster by this tool ([`crate::netcheck`],
//! [`crate::cluster::netcheck`]), judged with the SCS waivers like e2e results.

mod progress;
mod run;
mod view;

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use regex::Regex;

use super::Context;
use crate::cli::{CheckNetworkingArgs, E2eArgs, NetworkingMode, OutputFormat};
use crate::cluster::Kube;
use crate::cluster::errors::api_error;
use crate::cluster::netcheck::{DeployError, ExecProber, KubeFixture, PodWait, RunScope, deploy};
use crate::e2e::{Check, Outcome as TestOutcome, Verdict, Waivers, judge};
use crate::error::{Error, ErrorKind, Result};
use crate::netcheck::{
    RunStatus, Runner, ScenarioRun, Timing, Topology, TopologyKind, plan, results,
};
use crate::netpol::catalogue::NsKey;
use crate::report::{self, Outcome};
use progress::Progress;
use run::{Run, Stopped, validate_run_id};
use view::{NativeRun, TopologyInfo, native_report};

/// Default focus and skip, the ones SCS runs the e2e suite with.
const DEFAULT_FOCUS: &str = "NetworkPolicy";
const DEFAULT_SKIP: &str = r"\[Disruptive\]|NoExecuteTaintManager";
/// Default `--timeout`.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// `check networking`.
pub async fn networking(ctx: &Context, args: &CheckNetworkingArgs) -> Result<Outcome> {
    if args.mode == NetworkingMode::E2e {
        return Err(Error::usage(
            "--mode e2e is not implemented in this build; use --mode native",
        ));
    }
    let result = native(ctx, args).await;
    // The SCS runner reads its verdict from stdout: a run that could not be judged is ABORT.
    if let Err(e) = &result
        && e.kind == ErrorKind::CouldNotRun
        && ctx.global.output == OutputFormat::Scs
    {
        println!("{}: ABORT", Check::Networking.id());
    }
    result
}

/// Which tests run: `--focus`/`--skip` on the test names, as ginkgo applies them.
struct Selection {
    focus: Regex,
    skip: Regex,
}

impl Selection {
    fn new(args: &E2eArgs) -> Result<Self> {
        let compile = |flag: &str, text: &str| {
            Regex::new(text)
                .map_err(|e| Error::usage(format!("{flag} {text:?} is not a valid regex: {e}")))
        };
        Ok(Self {
            focus: compile("--focus", args.focus.as_deref().unwrap_or(DEFAULT_FOCUS))?,
            skip: compile("--skip", args.skip.as_deref().unwrap_or(DEFAULT_SKIP))?,
        })
    }

    fn matches(&self, name: &str) -> bool {
        self.focus.is_match(name) && (self.skip.as_str().is_empty() || !self.skip.is_match(name))
    }
}

fn validate(args: &CheckNetworkingArgs) -> Result<()> {
    if let Some(mirror) = &args.e2e.image_repository {
        let m = mirror.trim_end_matches('/');
        if m.is_empty()
            || m.contains("://")
            || m.contains('@')
            || m.chars().any(char::is_whitespace)
        {
            return Err(Error::usage(format!(
                "--image-repository {mirror:?} must be a registry path such as harbor.example.com/k8s"
            )));
        }
    }
    if let Some(id) = &args.e2e.run_id {
        validate_run_id(id).map_err(Error::usage)?;
    }
    let native = &args.native;
    for (flag, value) in [
        ("--probe-interval", native.probe_interval),
        ("--connect-timeout", native.connect_timeout),
        ("--startup-timeout", args.e2e.startup_timeout),
    ] {
        if value.is_zero() {
            return Err(Error::usage(format!("{flag} must be longer than 0")));
        }
    }
    Ok(())
}

/// The built-in SCS list, a file, or none; a bad file stops everything before it starts.
fn waivers(args: &E2eArgs) -> Result<Waivers> {
    if args.no_waivers {
        return Ok(Waivers::none());
    }
    match &args.waivers {
        Some(path) => Waivers::load(path).map_err(|e| {
            Error::could_not_run(e.to_string())
                .hint("the file format is SCS's: okToFail: [{regex: ..., reason: ...}]")
        }),
        None => Ok(Waivers::builtin()),
    }
}

struct Options {
    timing: Timing,
    pod_wait: PodWait,
}

/// What a run gathered, also when it stopped early.
#[derive(Default)]
struct Gathered {
    runs: Vec<ScenarioRun>,
    topologies: Vec<TopologyInfo>,
}

async fn native(ctx: &Context, args: &CheckNetworkingArgs) -> Result<Outcome> {
    report::ensure_supported(ctx.global.output, true)?;
    validate(args)?;
    let waivers = waivers(&args.e2e)?;
    let selection = Selection::new(&args.e2e)?;
    if plan("check", |name| selection.matches(name)).0.is_empty() {
        return Err(Error::usage(
            "--focus and --skip leave none of the 48 NetworkPolicy tests to run",
        ));
    }
    let kube = Kube::connect(&ctx.global).await?;
    let version = kube
        .client
        .apiserver_version()
        .await
        .map_err(|e| api_error(e, &kube.target, None))?
        .git_version;

    let run = Run::start(
        &kube,
        Check::Networking.id(),
        args.e2e.run_id.clone(),
        args.e2e.image_repository.clone(),
    );
    let (topologies, left_out) = plan(run.id(), |name| selection.matches(name));
    let selected: Vec<String> = topologies
        .iter()
        .flat_map(|t| t.scenarios.iter().map(|s| s.name.clone()))
        .collect();
    let options = Options {
        timing: Timing {
            connect_timeout: args.native.connect_timeout,
            poll_interval: args.native.probe_interval,
            poll_timeout: args.native.probe_timeout,
            baseline_timeout: args.native.baseline_timeout,
        },
        pod_wait: PodWait {
            timeout: args.e2e.startup_timeout,
            interval: args.native.pod_poll_interval,
        },
    };
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + args.e2e.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let mut progress = Progress::new(
        selected.len(),
        std::io::stderr().is_terminal(),
        ctx.global.output == OutputFormat::Scs,
        waivers.clone(),
    );
    let mut gathered = Gathered::default();
    let ended = run
        .supervise(
            deadline,
            execute(
                &run,
                &kube,
                &topologies,
                &options,
                &mut gathered,
                &mut progress,
            ),
        )
        .await;
    progress.phase("cleaning up");
    let run_id = run.id().to_owned();
    let cleanup = run.finish(args.e2e.keep).await;
    progress.clear();

    let stopped = match ended {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(
            std::iter::once(e.message)
                .chain(e.hints.into_iter().map(|h| format!("hint: {h}")))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Err(Stopped::Interrupted) => Some("interrupted".to_owned()),
        Err(Stopped::TimedOut) => Some(format!(
            "timed out after {}s (--timeout)",
            args.e2e.timeout.unwrap_or(DEFAULT_TIMEOUT).as_secs()
        )),
    };
    let ran: Vec<&str> = gathered.runs.iter().map(|r| r.name.as_str()).collect();
    let not_run: Vec<String> = selected
        .iter()
        .filter(|n| !ran.contains(&n.as_str()))
        .cloned()
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut judged_results = results(&gathered.runs, &left_out, Some(version), seconds);
    judged_results
        .tests
        .extend(not_run.iter().map(|name| crate::e2e::TestResult {
            name: name.clone(),
            outcome: TestOutcome::Skipped,
            message: Some("not run: the run stopped before it".into()),
            duration: None,
        }));
    let mut judgement = judge(Check::Networking, &judged_results, &waivers);
    if let Some(why) = &stopped {
        judgement.verdict = Verdict::Abort;
        judgement.message = format!(
            "{why}; {} of {} selected tests ran",
            gathered.runs.len(),
            selected.len()
        );
    }
    let native = NativeRun {
        run_id,
        duration_seconds: seconds,
        rounds: gathered.runs.iter().map(ScenarioRun::rounds).sum(),
        execs: gathered.runs.iter().map(ScenarioRun::execs).sum(),
        topologies: gathered.topologies,
        scenarios: gathered.runs,
        stopped,
        cleanup,
    };
    ctx.emit(&native_report(&judgement, &native))
}

fn namespaces(topology: &Topology) -> Vec<String> {
    NsKey::ALL
        .iter()
        .map(|&k| topology.names.get(k).to_owned())
        .collect()
}

/// Deploys each topology and runs its tests; `Err` stops the run (ABORT).
async fn execute(
    run: &Run,
    kube: &Kube,
    topologies: &[Topology],
    options: &Options,
    gathered: &mut Gathered,
    progress: &mut Progress,
) -> Result<()> {
    for topology in topologies {
        progress.phase(&format!(
            "starting {} pods in {}",
            topology.pods.len(),
            namespaces(topology).join(", ")
        ));
        let clock = Instant::now();
        let deployed = deploy(&kube.client, &kube.target, run, topology, options.pod_wait).await;
        let mut info = TopologyInfo {
            kind: topology.kind,
            namespaces: namespaces(topology),
            pods: topology.pods.len(),
            ready: true,
            problem: None,
            seconds: clock.elapsed().as_secs_f64(),
        };
        let deployed = match deployed {
            Ok(d) => d,
            Err(DeployError::Abort(e)) => return Err(e),
            Err(DeployError::NotReady(why)) => {
                info.ready = false;
                info.problem = Some(why.clone());
                gathered.topologies.push(info);
                for scenario in &topology.scenarios {
                    let failed = ScenarioRun {
                        name: scenario.name.clone(),
                        status: RunStatus::Failed,
                        message: Some(not_ready_message(topology.kind, &why)),
                        seconds: 0.0,
                        groups: Vec::new(),
                        notes: Vec::new(),
                    };
                    progress.finished(&failed);
                    gathered.runs.push(failed);
                }
                continue;
            }
        };
        gathered.topologies.push(info);
        let prober = ExecProber::new(
            kube.client.clone(),
            kube.target.clone(),
            topology.names.clone(),
            deployed.service_ips.clone(),
            options.timing.connect_timeout,
        );
        let fixture = KubeFixture::new(
            kube.client.clone(),
            kube.target.clone(),
            topology.names.clone(),
            run.labels().clone(),
        );
        let runner = Runner {
            fixture: &fixture,
            prober: &prober,
            ips: &deployed.pod_ips,
            timing: options.timing,
        };
        for scenario in &topology.scenarios {
            progress.started(scenario);
            let result = runner.run(scenario).await.map_err(|e| {
                Error::could_not_run(format!("{}: {}", scenario.upstream.it, e.message))
            })?;
            progress.finished(&result);
            gathered.runs.push(result);
        }
    }
    Ok(())
}

fn not_ready_message(kind: TopologyKind, why: &str) -> String {
    let what = match kind {
        TopologyKind::Main => "the test pods did not become ready",
        TopologyKind::Sctp => {
            "the SCTP test pods did not become ready (nodes without SCTP support stop agnhost's SCTP server)"
        }
    };
    format!("{what}: {why}")
}
