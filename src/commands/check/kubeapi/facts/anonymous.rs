//! What the API answers to requests without credentials.

use futures::future::join_all;
use kube::client::Body;

use crate::error::{Result, ResultExt};
use crate::kubeapi::hardening::AnonymousProbe;

/// The paths probed: discovery (must be refused) and the public health and version endpoints.
pub const PROBED_PATHS: [&str; 5] = ["/api", "/apis", "/version", "/healthz", "/readyz"];

/// A client with the same server, CA and TLS settings as `config` but no credentials at all
/// (no token, exec plugin, client certificate or authorization header).
pub fn anonymous_client(config: &kube::Config) -> Result<kube::Client> {
    let mut anonymous = config.clone();
    anonymous.auth_info = kube::config::AuthInfo::default();
    anonymous
        .headers
        .retain(|(name, _)| name != http::header::AUTHORIZATION);
    kube::Client::try_from(anonymous).could_not_run(|| {
        format!(
            "cannot set up a client without credentials for {}",
            config.cluster_url
        )
    })
}

/// How long one unauthenticated request may take.
const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// One GET per path, concurrently; `status` is `None` where no HTTP answer came. The second
/// value is the first reason a request got no answer.
pub async fn probe(client: &kube::Client) -> (Vec<AnonymousProbe>, Option<String>) {
    let answers = join_all(PROBED_PATHS.iter().map(|path| async move {
        let answer = match http::Request::get(*path).body(Body::empty()) {
            Ok(request) => match tokio::time::timeout(PROBE_TIMEOUT, client.send(request)).await {
                Ok(sent) => sent
                    .map(|r| r.status().as_u16())
                    .map_err(|e| crate::error::root_cause(&e)),
                Err(_) => Err(format!("no answer within {PROBE_TIMEOUT:?}")),
            },
            Err(e) => Err(e.to_string()),
        };
        (*path, answer)
    }))
    .await;
    let failure = answers.iter().find_map(|(_, a)| a.as_ref().err().cloned());
    let probes = answers
        .into_iter()
        .map(|(path, answer)| AnonymousProbe {
            path: path.to_string(),
            status: answer.ok(),
        })
        .collect();
    (probes, failure)
}
