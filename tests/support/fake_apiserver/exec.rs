//! `pods/log` (configured text) and `pods/exec` over WebSocket (`v5.channel.k8s.io` /
//! `v4.channel.k8s.io`: one byte of channel, then data; channel 3 carries the final `Status`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::hooks::{ExecRequest, ExecResult};
use super::paths::{Query, ResourcePath};
use super::resources::ResourceType;
use super::server::{Shared, lock};
use super::status::{self, FakeResponse, Subject, ordered_object};

const STDOUT: u8 = 1;
const STDERR: u8 = 2;
const STATUS: u8 = 3;
const CLOSE: u8 = 255;

fn subject(rt: &ResourceType) -> Subject<'_> {
    Subject {
        group: &rt.group,
        plural: &rt.plural,
        kind: &rt.kind,
    }
}

/// The container a request is for: the named one, or the only one; the apiserver's 400 otherwise.
fn pick_container(
    pod: &Value,
    pod_name: &str,
    requested: Option<&str>,
) -> Result<String, FakeResponse> {
    let names: Vec<String> = pod
        .get("spec")
        .and_then(|s| s.get("containers"))
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c.get("name").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    match requested.filter(|c| !c.is_empty()) {
        Some(c) => {
            if names.is_empty() || names.iter().any(|n| n == c) {
                Ok(c.to_string())
            } else {
                Err(status::bad_request(&format!(
                    "container {c} is not valid for pod {pod_name}"
                )))
            }
        }
        None => match names.as_slice() {
            [] => Ok(String::new()),
            [only] => Ok(only.clone()),
            many => Err(status::bad_request(&format!(
                "a container name must be specified for pod {pod_name}, choose one of: [{}]",
                many.join(" ")
            ))),
        },
    }
}

/// Whether the pod's status says `container` does not run now (it terminated or waits). The
/// kubelet then refuses the exec before the WebSocket handshake completes.
fn not_running(pod: &Value, container: &str) -> bool {
    pod.pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .and_then(|all| {
            all.iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(container))
        })
        .and_then(|c| c.get("state"))
        .is_some_and(|state| state.get("terminated").is_some() || state.get("waiting").is_some())
}

/// `GET …/pods/<name>/log`.
pub(crate) fn logs(
    shared: &Arc<Shared>,
    rt: &ResourceType,
    rp: &ResourcePath,
    query: &Query,
) -> FakeResponse {
    let ns = rp.namespace.clone().unwrap_or_default();
    let name = rp.name.clone().unwrap_or_default();
    let Some(pod) = shared.read(|st| st.get(rt, &ns, &name).cloned()) else {
        return status::not_found(&subject(rt), &name);
    };
    let container = match pick_container(&pod, &name, query.get("container")) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let text = {
        let logs = lock(&shared.logs);
        logs.iter()
            .find(|l| {
                l.namespace == ns
                    && l.pod == name
                    && l.container.as_deref() == Some(container.as_str())
            })
            .or_else(|| {
                logs.iter()
                    .find(|l| l.namespace == ns && l.pod == name && l.container.is_none())
            })
            .map(|l| l.text.clone())
            .unwrap_or_default()
    };
    let text = match query.get("tailLines").and_then(|t| t.parse::<usize>().ok()) {
        Some(n) => {
            let lines: Vec<&str> = text.lines().collect();
            let skip = lines.len().saturating_sub(n);
            let mut tail = lines.get(skip..).unwrap_or_default().join("\n");
            if !tail.is_empty() && text.ends_with('\n') {
                tail.push('\n');
            }
            tail
        }
        None => text,
    };
    FakeResponse::text(200, &text)
}

/// The `Status` on channel 3 when the command ends.
fn exit_status(command: &[String], code: i32) -> String {
    if code == 0 {
        return ordered_object(&[("metadata", json!({})), ("status", json!("Success"))]);
    }
    ordered_object(&[
        ("metadata", json!({})),
        ("status", json!("Failure")),
        (
            "message",
            json!(format!(
                "command terminated with non-zero exit code: error executing command [{}], exit code {code}",
                command.join(" ")
            )),
        ),
        ("reason", json!("NonZeroExitCode")),
        (
            "details",
            json!({"causes": [{"reason": "ExitCode", "message": code.to_string()}]}),
        ),
    ])
}

/// `GET …/pods/<name>/exec?command=…`: upgrades to a WebSocket and runs the configured handler.
pub(crate) async fn exec(
    shared: &Arc<Shared>,
    rt: &ResourceType,
    rp: &ResourcePath,
    query: &Query,
    parts: &mut Parts,
) -> Response {
    let ns = rp.namespace.clone().unwrap_or_default();
    let name = rp.name.clone().unwrap_or_default();
    let Some(pod) = shared.read(|st| st.get(rt, &ns, &name).cloned()) else {
        return status::not_found(&subject(rt), &name).into_response();
    };
    let container = match pick_container(&pod, &name, query.get("container")) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    if not_running(&pod, &container) {
        // As recorded (tests/fixtures/apiserver/36-exec-websocket-500-container-not-running.txt):
        // a plain-text 500, not a Status.
        return FakeResponse::text(500, &format!("container not found ({container:?})"))
            .into_response();
    }
    let command = query.all("command");
    if command.is_empty() {
        return status::bad_request("you must specify at least 1 command").into_response();
    }
    let wants_stdin = query.flag("stdin");
    let upgrade = match WebSocketUpgrade::from_request_parts(parts, &()).await {
        Ok(u) => u,
        Err(e) => {
            return status::bad_request(&format!("exec needs a WebSocket upgrade: {e}"))
                .into_response();
        }
    };
    let upgrade = upgrade.protocols(["v5.channel.k8s.io", "v4.channel.k8s.io"]);
    let v5 = upgrade
        .selected_protocol()
        .is_some_and(|p| p.as_bytes() == b"v5.channel.k8s.io");
    let handler = shared.config.exec.clone();
    let request = ExecRequest {
        namespace: ns,
        pod: name,
        container,
        command,
        stdin: Vec::new(),
    };
    upgrade
        .on_upgrade(move |socket| run(socket, handler, request, wants_stdin && v5))
        .into_response()
}

async fn run(
    mut socket: WebSocket,
    handler: Option<super::hooks::ExecHandler>,
    mut request: ExecRequest,
    read_stdin: bool,
) {
    if read_stdin {
        while let Some(Ok(msg)) = socket.recv().await {
            match msg {
                Message::Binary(b) => match b.first() {
                    Some(0) => request
                        .stdin
                        .extend_from_slice(b.get(1..).unwrap_or_default()),
                    Some(&CLOSE) if b.get(1) == Some(&0) => break,
                    _ => {}
                },
                Message::Close(_) => break,
                _ => {}
            }
        }
    }
    let result = match handler {
        Some(h) => {
            let req = request.clone();
            tokio::task::spawn_blocking(move || h(&req))
                .await
                .unwrap_or_else(|_| ExecResult::fail("exec handler panicked", 1))
        }
        None => ExecResult::fail(
            "exec is not configured on the fake API server (FakeApiServerBuilder::exec)\n",
            126,
        ),
    };
    let frame = |channel: u8, data: &[u8]| {
        let mut v = Vec::with_capacity(data.len() + 1);
        v.push(channel);
        v.extend_from_slice(data);
        Message::Binary(Bytes::from(v))
    };
    for chunk in result.stdout.chunks(32 * 1024) {
        if socket.send(frame(STDOUT, chunk)).await.is_err() {
            return;
        }
    }
    for chunk in result.stderr.chunks(32 * 1024) {
        if socket.send(frame(STDERR, chunk)).await.is_err() {
            return;
        }
    }
    let status = exit_status(&request.command, result.exit_code);
    let _ = socket.send(frame(STATUS, status.as_bytes())).await;
    let _ = socket.send(Message::Close(None)).await;
}
