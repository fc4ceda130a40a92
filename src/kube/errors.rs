//! Turning kube client errors into messages that say what to do.

use super::config::Connection;
use crate::error::Error;

/// What a request tried to do, for the message of a denial.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    pub verb: &'a str,
    /// `plural` or `plural.group`, as RBAC names it.
    pub resource: String,
    pub namespace: Option<&'a str>,
}

impl Attempt<'_> {
    fn scope(&self) -> String {
        match self.namespace {
            Some(ns) => format!("in namespace {ns:?}"),
            None => "across all namespaces".to_string(),
        }
    }

    fn can_i(&self) -> String {
        let ns = match self.namespace {
            Some(ns) => format!(" -n {ns}"),
            None => " -A".to_string(),
        };
        format!("kubectl auth can-i {} {}{ns}", self.verb, self.resource)
    }
}

fn context_words(target: &Connection) -> String {
    match &target.context {
        Some(c) => format!(" (context {c:?})"),
        None => String::new(),
    }
}

/// True when the error means the server is there but does not serve the path (an API group or
/// resource that is not installed answers a plain-text 404).
pub fn is_not_served(err: &kube::Error) -> bool {
    match err {
        kube::Error::Api(status) => status.code == 404 && status.reason != "NotFound",
        kube::Error::Discovery(_) => true,
        _ => false,
    }
}

pub fn is_forbidden(err: &kube::Error) -> bool {
    matches!(err, kube::Error::Api(s) if s.code == 403)
}

/// Maps a kube error to an actionable error; `attempt` describes the request when known.
pub fn api_error(err: kube::Error, target: &Connection, attempt: Option<&Attempt<'_>>) -> Error {
    let at = format!("{}{}", target.url, context_words(target));
    match &err {
        kube::Error::Api(status) => match status.code {
            401 => Error::could_not_run(format!(
                "the Kubernetes API at {at} rejected the credentials (401 Unauthorized): they are wrong or expired"
            ))
            .hint("log in again (e.g. refresh the OIDC token) or check the user of this context in your kubeconfig"),
            403 => {
                let who = forbidden_user(&status.message)
                    .map(|u| format!("user {u:?} "))
                    .unwrap_or_default();
                let what = attempt
                    .map(|a| format!("{who}cannot {} {} {}", a.verb, a.resource, a.scope()))
                    .unwrap_or_else(|| status.message.clone());
                let mut e = Error::could_not_run(format!("forbidden: {what} (at {at})"));
                if let Some(a) = attempt {
                    e = e.hint(format!(
                        "ask a cluster admin for RBAC permission; check with `{}`",
                        a.can_i()
                    ));
                }
                e
            }
            404 if status.reason != "NotFound" => {
                let what = attempt
                    .map(|a| format!("{} is not served", a.resource))
                    .unwrap_or_else(|| "the path is not served".into());
                Error::could_not_run(format!("{what} by the Kubernetes API at {at}"))
            }
            code => Error::could_not_run(format!(
                "the Kubernetes API at {at} answered {code} {}: {}",
                status.reason, status.message
            )),
        },
        kube::Error::Auth(e) => Error::could_not_run(format!(
            "cannot authenticate to {at}: {e}"
        ))
        .hint("if the kubeconfig user runs an exec credential plugin (e.g. kubelogin / oidc-login), run it by hand to see why it fails"),
        _ if is_timeout(&err) => Error::could_not_run(format!(
            "timed out waiting for the Kubernetes API at {at}"
        ))
        .hint("the server is slow or unreachable; raise --request-timeout or check the network path"),
        kube::Error::HyperError(_) | kube::Error::Service(_) => Error::could_not_run(format!(
            "cannot reach the Kubernetes API at {at}: {}",
            crate::error::root_cause(&err)
        ))
        .hint("check that the cluster is up and the server URL in the kubeconfig is right (`kubectl cluster-info`)"),
        _ => Error::could_not_run(format!("request to {at} failed: {}", crate::error::root_cause(&err))),
    }
}

/// The user named in an apiserver Forbidden message (`User "x" cannot ...`).
fn forbidden_user(message: &str) -> Option<&str> {
    let rest = message.split_once("User \"")?.1;
    rest.split_once('"').map(|(user, _)| user)
}

fn is_timeout(err: &kube::Error) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::TimedOut
        {
            return true;
        }
        if e.is::<tokio::time::error::Elapsed>() {
            return true;
        }
        let text = e.to_string();
        if text.contains("timed out") || text.contains("deadline has elapsed") {
            return true;
        }
        current = e.source();
    }
    false
}
