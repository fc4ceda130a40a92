//! `kubectl scs stack lint`: checks a cluster-stack release's clusteraddon.yaml before it ships.

pub mod args;

use serde::Serialize;

use crate::commands::Context;
use crate::commands::stack::lint::args::StackLintArgs;
use crate::commands::stack::{diagnoses_text, finding};
use crate::error::{Error, Result};
use crate::report::{Block, Outcome, Report};
use crate::stack::{self, Diagnosis, ReleaseAssets};

/// The `-o json|yaml` document of `stack lint`.
#[derive(Serialize)]
struct LintDocument<'a> {
    releases: Vec<LintedRelease<'a>>,
}

#[derive(Serialize)]
struct LintedRelease<'a> {
    release: &'a str,
    diagnoses: &'a [Diagnosis],
}

pub fn run(ctx: &Context, args: &StackLintArgs) -> Result<Outcome> {
    let assets = ReleaseAssets::load_dir(&args.dir).map_err(|e| {
        Error::could_not_run_from(e)
            .hint("stack lint expects a release directory holding clusteraddon.yaml, or a directory of them")
    })?;
    let results = stack::lint_assets(&assets);
    let problems = results
        .iter()
        .any(|(_, ds)| ds.iter().any(Diagnosis::is_problem));
    let document = LintDocument {
        releases: results
            .iter()
            .map(|(release, diagnoses)| LintedRelease { release, diagnoses })
            .collect(),
    };
    let mut report = Report::new(
        "stack-lint",
        serde_json::to_value(&document).unwrap_or_default(),
    );
    for (tag, ds) in &results {
        report.findings.extend(ds.iter().map(|d| finding(tag, d)));
        let body = if ds.is_empty() {
            "no problems found\n".to_string()
        } else {
            diagnoses_text(ds)
        };
        report.blocks.push(Block::Text(format!("{tag}:\n{body}")));
    }
    if problems {
        report.outcome = Outcome::Failed;
    }
    ctx.emit(&report)
}
