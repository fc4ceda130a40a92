//! [`Prober`] for a live cluster: one `pods/exec` into the source pod per batch, running the
//! script of [`crate::netcheck::script`].

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::Api;

use crate::commands::check::networking::native::errors::op_error;
use crate::commands::check::networking::native::health::problems;
use crate::kube::Connection;
use crate::kube::errors::Attempt;
use crate::kube::lifecycle::{ExecError, exec_in};
use crate::netcheck::script::{command, parse_output};
use crate::netcheck::{CONTAINER, Dial, Observation, OpError, PodProblem, Prober};
use crate::netpol::catalogue::{PodRef, TopologyNames};

/// Time an exec may take beyond the connect timeout (API round trips, container exec start).
const EXEC_SLACK: Duration = Duration::from_secs(20);

/// Probes by exec in the source pod's `agnhost` container.
pub struct ExecProber {
    client: kube::Client,
    api: Connection,
    names: TopologyNames,
    services: BTreeMap<PodRef, IpAddr>,
    connect_timeout: Duration,
    selector: String,
}

impl ExecProber {
    /// A prober for one topology; `services` holds each pod's Service ClusterIP, `selector`
    /// picks the run's pods (to see whether they still run).
    pub fn new(
        client: kube::Client,
        api: Connection,
        names: TopologyNames,
        services: BTreeMap<PodRef, IpAddr>,
        connect_timeout: Duration,
        selector: String,
    ) -> Self {
        Self {
            client,
            api,
            names,
            services,
            connect_timeout,
            selector,
        }
    }

    async fn exec(&self, from: PodRef, argv: Vec<String>) -> Result<String, OpError> {
        let namespace = self.names.get(from.ns);
        let pods: Api<Pod> = Api::namespaced(self.client.clone(), namespace);
        let output = exec_in(&pods, from.pod.as_str(), CONTAINER, &argv)
            .await
            .map_err(|e| match e {
                ExecError::Api(e) => {
                    let attempt = Attempt {
                        verb: "create",
                        resource: "pods/exec".into(),
                        namespace: Some(namespace),
                    };
                    op_error(e, &self.api, &attempt)
                }
                ExecError::Read(e) => OpError::transient(format!(
                    "reading the probe output in pod {namespace}/{}: {e}",
                    from.pod.as_str()
                )),
            })?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.success && stdout.is_empty() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(OpError::transient(format!(
                "exec in pod {namespace}/{}: {}{}",
                from.pod.as_str(),
                output.message.unwrap_or_default(),
                if stderr.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", stderr.trim())
                }
            )));
        }
        Ok(stdout)
    }
}

impl Prober for ExecProber {
    async fn pod_problems(&self, pods: &[PodRef]) -> Result<Vec<PodProblem>, OpError> {
        problems(&self.client, &self.api, &self.names, &self.selector, pods).await
    }

    async fn probe(&self, from: PodRef, targets: &[Dial]) -> Result<Vec<Observation>, OpError> {
        // Targets without a Service address are answered without dialling.
        let mut connects = Vec::new();
        let mut slots = Vec::with_capacity(targets.len());
        for t in targets {
            match self.services.get(&t.to) {
                Some(ip) => {
                    slots.push(Some(connects.len()));
                    connects.push((SocketAddr::new(*ip, t.port), t.protocol));
                }
                None => slots.push(None),
            }
        }
        let observed = if connects.is_empty() {
            Vec::new()
        } else {
            let argv = command(&connects, self.connect_timeout);
            let limit = self.connect_timeout + EXEC_SLACK;
            let stdout = tokio::time::timeout(limit, self.exec(from, argv))
                .await
                .map_err(|_| {
                    OpError::transient(format!(
                        "exec in pod {}/{} did not finish within {}s",
                        self.names.get(from.ns),
                        from.pod.as_str(),
                        limit.as_secs()
                    ))
                })??;
            parse_output(&stdout, connects.len())
        };
        Ok(slots
            .into_iter()
            .zip(targets)
            .map(|(slot, t)| {
                slot.and_then(|i| observed.get(i).cloned())
                    .unwrap_or_else(|| Observation::Failed {
                        error: format!("no Service address for {}", self.names.pod_key(t.to)),
                    })
            })
            .collect())
    }
}
