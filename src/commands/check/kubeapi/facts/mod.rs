//! Gathering the facts the workload view of `check kubeapi` judges, from outside the cluster and
//! with nothing installed in it: unauthenticated requests, the endpoint's addresses and
//! certificate, kube-apiserver static-pod flags, namespace labels and kubelet configz.
//!
//! Everything is read concurrently; the judging is done by [`crate::kubeapi::hardening::judge`].

pub mod anonymous;
pub mod endpoint;
pub mod reads;
pub mod tls;

use crate::error::{Error, Result};
use crate::kube::Kube;
use crate::kubeapi::hardening::WorkloadFacts;

/// The facts, and what could not be read (for stderr).
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    /// What the judge needs.
    pub facts: WorkloadFacts,
    /// What could not be read or needs saying, for stderr.
    pub notes: Vec<String>,
}

/// Reads the cluster `kube` points at; `config` is the configuration `kube` was built from
/// (its CA and TLS settings are reused for the unauthenticated client and the handshake).
///
/// Fails when the credentials are rejected (401), or when nothing at all could be learned: no
/// HTTP answer to any request and no completed TLS handshake. A handshake alone is enough to go
/// on, because an expired or foreign certificate is then the finding.
pub async fn gather(kube: &Kube, config: &kube::Config) -> Result<Gathered> {
    let anonymous_client = anonymous::anonymous_client(config)?;
    let mut endpoint_notes = Vec::new();
    let (endpoint, (probes, probe_failure), reads) = tokio::join!(
        endpoint::examine(config, &mut endpoint_notes),
        anonymous::probe(&anonymous_client),
        reads::read(kube),
    );
    if let Some(err) = reads.unauthorized {
        return Err(err);
    }
    let handshake = endpoint.as_ref().is_some_and(|e| e.certificate.is_some());
    let anonymous_answered = probes.iter().any(|p| p.status.is_some());
    if !reads.answered && !anonymous_answered && !handshake {
        return Err(reads.unreachable.unwrap_or_else(|| {
            Error::could_not_run(format!(
                "the Kubernetes API at {} did not answer",
                kube.target.url
            ))
        }));
    }
    let mut notes = endpoint_notes;
    if let Some(why) = probe_failure {
        notes.push(format!(
            "some requests without credentials got no answer: {why}"
        ));
    }
    notes.extend(reads.notes);
    Ok(Gathered {
        facts: WorkloadFacts {
            server_version: reads.server_version,
            anonymous: probes,
            endpoint,
            apiserver_pods: reads.apiserver_pods,
            namespaces: reads.namespaces,
            kubelets: reads.kubelets,
        },
        notes,
    })
}
