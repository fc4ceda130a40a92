//! scs-0217 items judged from kube-apiserver static-pod command lines.

use crate::kubeapi::hardening::admission::plugin_state;
use crate::kubeapi::hardening::flags::Flags;
use crate::kubeapi::hardening::{ApiServerPod, Item, Status, combine};

type Check = fn(&Flags, Option<u32>) -> (Status, String);

/// The items, in report order: id, title, check.
const CHECKS: [(&str, &str, Check); 6] = [
    (
        "apiserver-authorization-mode",
        "Authorization modes (Node + RBAC/ABAC/Webhook)",
        authorization,
    ),
    (
        "apiserver-node-restriction",
        "NodeRestriction admission plugin",
        node_restriction,
    ),
    (
        "apiserver-pod-security",
        "PodSecurity admission plugin",
        pod_security,
    ),
    (
        "apiserver-anonymous-auth",
        "kube-apiserver anonymous authentication",
        anonymous_auth,
    ),
    (
        "apiserver-authentication",
        "Service-account tokens plus a second authentication method",
        authentication,
    ),
    (
        "apiserver-etcd-tls",
        "TLS from kube-apiserver to etcd",
        etcd_tls,
    ),
];

/// All kube-apiserver items. `pods` is `None` when kube-system could not be listed.
pub(super) fn items(pods: Option<&[ApiServerPod]>, minor: Option<u32>) -> Vec<Item> {
    let unknown = match pods {
        None => Some("pods in kube-system could not be listed, so the kube-apiserver flags are not visible".to_string()),
        Some([]) => Some(
            "no kube-apiserver static pods (component=kube-apiserver) in kube-system: a managed or hosted control plane \
             does not show its flags; ask the provider for this item"
                .to_string(),
        ),
        Some(_) => None,
    };
    let parsed: Vec<(String, Flags)> = pods
        .unwrap_or_default()
        .iter()
        .map(|p| (p.name.clone(), Flags::parse(&p.command)))
        .collect();
    CHECKS
        .iter()
        .map(|(id, title, check)| match &unknown {
            Some(reason) => Item::new(id, title, Status::Unknown, reason.clone()),
            None => {
                let observations = parsed
                    .iter()
                    .map(|(pod, flags)| {
                        let (status, reason) = check(flags, minor);
                        (pod.clone(), status, reason)
                    })
                    .collect();
                let (status, reason) = combine(observations);
                Item::new(id, title, status, reason)
            }
        })
        .collect()
}

fn authorization(flags: &Flags, _minor: Option<u32>) -> (Status, String) {
    let Some(modes) = flags.list("authorization-mode") else {
        if let Some(file) = flags.non_empty("authorization-config") {
            return (
                Status::Unknown,
                format!(
                    "authorizers come from the structured configuration file {file}, whose content is not visible"
                ),
            );
        }
        return (
            Status::Fail,
            "--authorization-mode is not set, so kube-apiserver uses AlwaysAllow: every authenticated request is \
             authorized; set --authorization-mode=Node,RBAC"
                .to_string(),
        );
    };
    let shown = modes.join(",");
    if modes.iter().any(|m| m == "AlwaysAllow") {
        return (
            Status::Fail,
            format!(
                "--authorization-mode={shown} contains AlwaysAllow, which authorizes every request"
            ),
        );
    }
    let node = modes.iter().any(|m| m == "Node");
    let second = modes
        .iter()
        .any(|m| matches!(m.as_str(), "RBAC" | "ABAC" | "Webhook"));
    match (node, second) {
        (true, true) => (Status::Pass, format!("--authorization-mode={shown}")),
        (false, _) => (
            Status::Fail,
            format!(
                "--authorization-mode={shown} lacks Node, which scs-0217 requires (set Node,RBAC)"
            ),
        ),
        (true, false) => (
            Status::Fail,
            format!(
                "--authorization-mode={shown} has no RBAC, ABAC or Webhook next to Node (RBAC is recommended)"
            ),
        ),
    }
}

fn plugin_item(flags: &Flags, plugin: &str, minor: Option<u32>, fix: &str) -> (Status, String) {
    let state = plugin_state(flags, plugin, minor);
    if state.is_enabled() {
        (
            Status::Pass,
            format!("{plugin} is enabled: {}", state.because()),
        )
    } else {
        (
            Status::Fail,
            format!("{plugin} is disabled: {}; {fix}", state.because()),
        )
    }
}

fn node_restriction(flags: &Flags, minor: Option<u32>) -> (Status, String) {
    plugin_item(
        flags,
        "NodeRestriction",
        minor,
        "add it to --enable-admission-plugins",
    )
}

fn pod_security(flags: &Flags, minor: Option<u32>) -> (Status, String) {
    plugin_item(
        flags,
        "PodSecurity",
        minor,
        "scs-0217 requires Pod Security admission with at least the baseline level",
    )
}

fn anonymous_auth(flags: &Flags, _minor: Option<u32>) -> (Status, String) {
    match flags.boolean("anonymous-auth") {
        Some(Ok(false)) => (Status::Pass, "--anonymous-auth=false".to_string()),
        Some(Err(value)) => (
            Status::Warn,
            format!(
                "--anonymous-auth={value} is not a boolean; kube-apiserver will refuse to start"
            ),
        ),
        setting => {
            if setting.is_none()
                && let Some(file) = flags.non_empty("authentication-config")
            {
                return (
                    Status::Unknown,
                    format!(
                        "anonymous authentication may be configured in the structured authentication file {file}"
                    ),
                );
            }
            (
                Status::Warn,
                format!(
                    "anonymous requests are authenticated as system:anonymous ({}); scs-0217 does not require turning \
                     this off, but then RBAC alone keeps them out (see anonymous-access); consider --anonymous-auth=false",
                    if setting.is_some() {
                        "--anonymous-auth=true"
                    } else {
                        "the default"
                    }
                ),
            )
        }
    }
}

fn authentication(flags: &Flags, _minor: Option<u32>) -> (Status, String) {
    let Some(issuer) = flags.non_empty("service-account-issuer") else {
        return (
            Status::Fail,
            "--service-account-issuer is not set: service-account tokens, which scs-0217 requires, are not issued"
                .to_string(),
        );
    };
    let mut methods = Vec::new();
    if flags.non_empty("oidc-issuer-url").is_some() {
        methods.push("OIDC (--oidc-issuer-url)");
    }
    if flags.non_empty("authentication-config").is_some() {
        methods.push("structured authentication configuration (--authentication-config)");
    }
    if flags
        .non_empty("authentication-token-webhook-config-file")
        .is_some()
    {
        methods.push("webhook token authentication (--authentication-token-webhook-config-file)");
    }
    if flags.non_empty("client-ca-file").is_some() {
        methods.push("X.509 client certificates (--client-ca-file)");
    }
    let static_tokens = flags.non_empty("token-auth-file").is_some();
    if methods.is_empty() {
        if static_tokens {
            return (
                Status::Warn,
                "service-account tokens plus only a static token file (--token-auth-file), whose tokens never expire \
                 and need a restart to change; add OIDC or webhook token authentication"
                    .to_string(),
            );
        }
        return (
            Status::Fail,
            "service-account tokens are the only authentication method; scs-0217 requires a second one (OIDC, webhook \
             tokens or client certificates)"
                .to_string(),
        );
    }
    let only_certs = methods.len() == 1 && flags.non_empty("client-ca-file").is_some();
    (
        Status::Pass,
        format!(
            "service-account tokens (issuer {issuer}) plus {}{}",
            methods.join(", "),
            if only_certs {
                "; note that the SCS conformance test counts only OIDC or webhook token authentication"
            } else {
                ""
            }
        ),
    )
}

fn etcd_tls(flags: &Flags, _minor: Option<u32>) -> (Status, String) {
    let missing: Vec<&str> = ["etcd-cafile", "etcd-certfile", "etcd-keyfile"]
        .into_iter()
        .filter(|f| flags.non_empty(f).is_none())
        .collect();
    let servers = flags.list("etcd-servers").unwrap_or_default();
    if servers.is_empty() {
        return (
            Status::Fail,
            "--etcd-servers is not set; kube-apiserver cannot reach etcd this way".to_string(),
        );
    }
    let plain: Vec<&String> = servers
        .iter()
        .filter(|s| !s.to_ascii_lowercase().starts_with("https://"))
        .collect();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!(
            "{} not set, so kube-apiserver does not authenticate to etcd with a client certificate",
            missing
                .iter()
                .map(|m| format!("--{m}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !plain.is_empty() {
        problems.push(format!(
            "etcd endpoints without TLS: {}",
            plain
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !problems.is_empty() {
        return (Status::Fail, problems.join("; "));
    }
    let stacked = servers.iter().all(|s| {
        s.contains("://127.0.0.1") || s.contains("://localhost") || s.contains("://[::1]")
    });
    (
        Status::Pass,
        format!(
            "client certificate, key and CA set; etcd over https ({}){}",
            servers.join(", "),
            if stacked {
                ", stacked on the control-plane node"
            } else {
                ""
            }
        ),
    )
}
