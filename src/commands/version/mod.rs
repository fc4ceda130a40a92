//! `kubectl scs version`: what is running here, and what the cluster runs.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::commands::Context;
use crate::commands::cli::VERSION;
use crate::error::{Error, Result};
use crate::kube::Kube;
use crate::kube::errors::api_error;
use crate::report::{Block, Outcome, Report};

pub mod platform;
use platform::Platform;

/// How long to wait for `/version` unless `--request-timeout` says otherwise: the plugin's own
/// version must not wait long for an unreachable cluster.
pub const SERVER_TIMEOUT: Duration = Duration::from_secs(5);

/// The commit this binary was built from ("unknown" outside a git checkout).
pub const GIT_COMMIT: &str = env!("KUBECTL_SCS_GIT_COMMIT");

pub async fn run(ctx: &Context) -> Result<Outcome> {
    let server = server_version(ctx).await;
    ctx.emit(&build_report(server))
}

/// The server's `/version` document, or why it could not be read.
async fn server_version(ctx: &Context) -> Result<Value> {
    let kube = Kube::connect(&ctx.client).await?;
    let timeout = ctx.global.request_timeout.0.unwrap_or(SERVER_TIMEOUT);
    let info = tokio::time::timeout(timeout, kube.client.apiserver_version())
        .await
        .map_err(|_| {
            Error::could_not_run(format!(
                "timed out after {}s waiting for the Kubernetes API at {}",
                timeout.as_secs_f64(),
                kube.target.url
            ))
        })?
        .map_err(|e| api_error(e, &kube.target, None))?;
    Ok(serde_json::to_value(info).unwrap_or(Value::Null))
}

/// `os/arch` in Go's spelling, as kubectl and krew name platforms.
pub fn platform() -> String {
    match Platform::host() {
        Some(p) => format!("{}/{}", p.os, p.arch),
        None => format!("{}/{}", std::env::consts::OS, std::env::consts::ARCH),
    }
}

/// The `-o json|yaml` document: the client, and the server's `/version` or why it is missing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    client_version: ClientVersion,
    /// `null` when the server could not be asked.
    server_version: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_error: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClientVersion {
    version: String,
    git_commit: &'static str,
    platform: String,
}

fn build_report(server: Result<Value>) -> Report {
    let mut text = format!("Client Version: v{VERSION}\n");
    let mut document = Document {
        client_version: ClientVersion {
            version: format!("v{}", env!("CARGO_PKG_VERSION")),
            git_commit: GIT_COMMIT,
            platform: platform(),
        },
        server_version: None,
        server_error: None,
    };
    match server {
        Ok(info) => {
            let git_version = info
                .get("gitVersion")
                .and_then(Value::as_str)
                .unwrap_or("unknown");
            text.push_str(&format!("Server Version: {git_version}\n"));
            document.server_version = Some(info);
        }
        Err(e) => {
            text.push_str(&format!("Server Version: unavailable: {e}\n"));
            document.server_error = Some(e.to_string());
        }
    }
    let mut report = Report::new(
        "version",
        serde_json::to_value(&document).unwrap_or_default(),
    );
    report.blocks.push(Block::Text(text));
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn report_keys_are_stable() {
        let report = build_report(Ok(
            json!({"major": "1", "minor": "34", "gitVersion": "v1.34.1"}),
        ));
        assert_eq!(report.document["clientVersion"]["gitCommit"], GIT_COMMIT);
        assert_eq!(report.document["serverVersion"]["gitVersion"], "v1.34.1");
        assert!(report.document.get("serverError").is_none());
        let Block::Text(text) = &report.blocks[0] else {
            panic!("version is printed as text");
        };
        assert!(text.ends_with("Server Version: v1.34.1\n"), "{text}");

        let report = build_report(Err(Error::could_not_run("cannot reach it")));
        assert_eq!(report.document["serverVersion"], Value::Null);
        assert_eq!(report.document["serverError"], "cannot reach it");
        assert_eq!(report.outcome, Outcome::Ok);
    }

    #[test]
    fn platform_is_spelled_as_go_does() {
        let platform = platform();
        assert!(
            !platform.contains("x86_64") && !platform.contains("macos"),
            "{platform}"
        );
        assert_eq!(platform.split('/').count(), 2);
    }
}
