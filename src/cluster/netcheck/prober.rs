//! [`Prober`] for a live cluster: one `pods/exec` into the source pod per batch, running the
//! script of [`crate::netcheck::script`].

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, AttachParams};
use tokio::io::AsyncReadExt;

use super::errors::op_error;
use crate::cluster::Target as ApiTarget;
use crate::cluster::errors::Attempt;
use crate::netcheck::script::{command, parse_output};
use crate::netcheck::{CONTAINER, Observation, OpError, Prober, Target};
use crate::netpol::catalogue::{PodRef, TopologyNames};

/// Time an exec may take beyond the connect timeout (API round trips, container exec start).
const EXEC_SLACK: Duration = Duration::from_secs(20);

/// Probes by exec in the source pod's `agnhost` container.
pub struct ExecProber {
    client: kube::Client,
    api: ApiTarget,
    names: TopologyNames,
    services: BTreeMap<PodRef, IpAddr>,
    connect_timeout: Duration,
}

impl ExecProber {
    /// A prober for one topology; `services` holds each pod's Service ClusterIP.
    pub fn new(
        client: kube::Client,
        api: ApiTarget,
        names: TopologyNames,
        services: BTreeMap<PodRef, IpAddr>,
        connect_timeout: Duration,
    ) -> Self {
        Self {
            client,
            api,
            names,
            services,
            connect_timeout,
        }
    }

    async fn exec(&self, from: PodRef, argv: Vec<String>) -> Result<String, OpError> {
        let namespace = self.names.get(from.ns);
        let pods: Api<Pod> = Api::namespaced(self.client.clone(), namespace);
        let attempt = Attempt {
            verb: "create",
            resource: "pods/exec".into(),
            namespace: Some(namespace),
        };
        let params = AttachParams::default()
            .container(CONTAINER)
            .stdin(false)
            .stdout(true)
            .stderr(true);
        let mut process = pods
            .exec(from.pod.as_str(), argv, &params)
            .await
            .map_err(|e| op_error(e, &self.api, &attempt))?;
        let mut stdout = process.stdout();
        let mut stderr = process.stderr();
        let status = process.take_status();
        let read = async {
            let mut out = String::new();
            let mut err = String::new();
            let read_out = async {
                if let Some(r) = stdout.as_mut() {
                    let _ = r.read_to_string(&mut out).await;
                }
            };
            let read_err = async {
                if let Some(r) = stderr.as_mut() {
                    let _ = r.read_to_string(&mut err).await;
                }
            };
            tokio::join!(read_out, read_err);
            let status = match status {
                Some(s) => s.await,
                None => None,
            };
            (out, err, status)
        };
        let (out, err, status) = read.await;
        let _ = process.join().await;
        if let Some(status) = status
            && status.status.as_deref() == Some("Failure")
            && out.is_empty()
        {
            return Err(OpError::transient(format!(
                "exec in pod {namespace}/{}: {}{}",
                from.pod.as_str(),
                status.message.unwrap_or_default(),
                if err.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", err.trim())
                }
            )));
        }
        Ok(out)
    }
}

impl Prober for ExecProber {
    async fn probe(&self, from: PodRef, targets: &[Target]) -> Result<Vec<Observation>, OpError> {
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
