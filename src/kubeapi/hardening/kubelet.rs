//! Kubelet items judged from `/api/v1/nodes/<node>/proxy/configz`.

use serde_json::Value;

use crate::kubeapi::hardening::{Item, KubeletFacts, Status, combine};

type Check = fn(&Value) -> (Status, String);

const CHECKS: [(&str, &str, Check); 3] = [
    (
        "kubelet-anonymous-auth",
        "Kubelet anonymous authentication disabled",
        anonymous,
    ),
    (
        "kubelet-authorization-mode",
        "Kubelet authorization delegated to the API server (Webhook)",
        authorization,
    ),
    (
        "kubelet-read-only-port",
        "Kubelet read-only port disabled",
        read_only_port,
    ),
];

/// All kubelet items; each combines the observations of every node.
pub(super) fn items(kubelets: &[KubeletFacts]) -> Vec<Item> {
    CHECKS
        .iter()
        .map(|(id, title, check)| {
            if kubelets.is_empty() {
                return Item::new(id, title, Status::Unknown, "no nodes were listed");
            }
            let observations = kubelets
                .iter()
                .map(|k| {
                    let (status, reason) = match &k.configz {
                        Some(configz) => check(config_of(configz)),
                        None => (
                            Status::Unknown,
                            "configz not readable (nodes/proxy not permitted or the request failed)".to_string(),
                        ),
                    };
                    (k.node.clone(), status, reason)
                })
                .collect();
            let (status, reason) = combine(observations);
            Item::new(id, title, status, reason)
        })
        .collect()
}

/// configz wraps the KubeletConfiguration in `kubeletconfig`; accept it unwrapped too.
fn config_of(configz: &Value) -> &Value {
    configz.get("kubeletconfig").unwrap_or(configz)
}

fn anonymous(config: &Value) -> (Status, String) {
    match config
        .pointer("/authentication/anonymous/enabled")
        .and_then(Value::as_bool)
    {
        Some(false) => (Status::Pass, "authentication.anonymous.enabled=false".to_string()),
        Some(true) => (
            Status::Fail,
            "authentication.anonymous.enabled=true: anyone who reaches port 10250 is served as system:anonymous; \
             scs-0217 requires it off"
                .to_string(),
        ),
        None => (
            Status::Unknown,
            "configz has no authentication.anonymous.enabled".to_string(),
        ),
    }
}

fn authorization(config: &Value) -> (Status, String) {
    match config
        .pointer("/authorization/mode")
        .and_then(Value::as_str)
    {
        Some("Webhook") => (Status::Pass, "authorization.mode=Webhook".to_string()),
        Some(mode) => (
            Status::Fail,
            format!(
                "authorization.mode={mode}: scs-0217 requires Webhook (authorization delegated to the API server)"
            ),
        ),
        None => (
            Status::Unknown,
            "configz has no authorization.mode".to_string(),
        ),
    }
}

fn read_only_port(config: &Value) -> (Status, String) {
    match config.get("readOnlyPort").and_then(Value::as_u64) {
        None | Some(0) => (Status::Pass, "readOnlyPort is 0 (disabled)".to_string()),
        Some(port) => (
            Status::Warn,
            format!(
                "readOnlyPort={port} serves pod and node data without authentication; scs-0217 says it should be 0"
            ),
        ),
    }
}
