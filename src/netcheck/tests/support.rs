//! A cluster in memory that answers probes with the engine, for runner tests.
//!
//! It keeps namespaces, pods and policies as scenarios change them, and decides each
//! connection with the engine over its *effective* state, which can lag behind the API state
//! by a number of probe batches (a CNI that takes a while to apply policies). Options make it
//! misbehave like real CNIs do.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::networking::v1::NetworkPolicy;

use crate::netcheck::{
    Dial, Fixture, LabelPatch, Observation, OpError, PodProblem, Prober, Runner, Timing, Topology,
    apply_label_patch, likely_cause,
};
use crate::netpol::catalogue::{IpFamily, NsKey, PodIps, PodRef, synthetic_pod_ips};
use crate::netpol::{Cluster, Endpoint, Engine, Labels, Namespace, Pod, Policy, Protocol};

/// Millisecond timings so failing scenarios do not take seconds.
pub(crate) fn fast() -> Timing {
    Timing {
        connect_timeout: Duration::from_millis(1),
        poll_interval: Duration::from_millis(1),
        poll_timeout: Duration::from_millis(15),
        baseline_timeout: Duration::from_millis(15),
        settle: Duration::ZERO,
    }
}

#[derive(Clone, Default)]
pub(crate) struct State {
    pub(crate) ns_labels: BTreeMap<NsKey, Labels>,
    pub(crate) pod_labels: BTreeMap<PodRef, Labels>,
    pub(crate) policies: Vec<NetworkPolicy>,
}

/// How the fake CNI misbehaves.
#[derive(Clone, Copy, Default)]
pub(crate) struct Faults {
    /// ipBlock never matches pod IPs (Cilium, cilium/cilium#9209).
    pub(crate) ipblock_ignores_pods: bool,
    /// SCTP connections never succeed.
    pub(crate) no_sctp: bool,
    /// Changes take effect only after this many further probe batches.
    pub(crate) lag_batches: usize,
    /// The first this-many probe batches fail with a transient error.
    pub(crate) failing_batches: usize,
    /// Probe batch number (1-based) that fails fatally.
    pub(crate) fatal_batch: Option<usize>,
    /// This pod's server crashes after this many probe batches: probes to it fail, and the
    /// pod reports the problem.
    pub(crate) crash: Option<(PodRef, usize)>,
}

pub(crate) struct FakeCluster {
    pub(crate) topology: Topology,
    pub(crate) ips: PodIps,
    pub(crate) faults: Faults,
    pub(crate) state: RefCell<State>,
    effective: RefCell<State>,
    switch_at: RefCell<usize>,
    pub(crate) batches: RefCell<usize>,
    /// Every fixture call, as text.
    pub(crate) log: RefCell<Vec<String>>,
}

impl FakeCluster {
    pub(crate) fn new(topology: Topology, faults: Faults) -> Self {
        let state = State {
            ns_labels: NsKey::ALL
                .iter()
                .map(|&k| (k, topology.names.labels(k)))
                .collect(),
            pod_labels: topology.pods.iter().map(|&p| (p, p.labels())).collect(),
            policies: Vec::new(),
        };
        Self {
            ips: synthetic_pod_ips(IpFamily::V4),
            topology,
            faults,
            effective: RefCell::new(state.clone()),
            state: RefCell::new(state),
            switch_at: RefCell::new(0),
            batches: RefCell::new(0),
            log: RefCell::new(Vec::new()),
        }
    }

    /// A runner probing and changing this cluster.
    pub(crate) fn runner(&self, timing: Timing) -> Runner<'_, Self, Self> {
        Runner::new(self, self, &self.ips, timing)
    }

    /// The state as freshly created.
    pub(crate) fn pristine(&self) -> bool {
        let state = self.state.borrow();
        state.policies.is_empty()
            && state
                .ns_labels
                .iter()
                .all(|(k, l)| *l == self.topology.names.labels(*k))
            && state.pod_labels.iter().all(|(p, l)| *l == p.labels())
    }

    fn changed(&self) {
        *self.switch_at.borrow_mut() = *self.batches.borrow() + self.faults.lag_batches;
        if self.faults.lag_batches == 0 {
            *self.effective.borrow_mut() = self.state.borrow().clone();
        }
    }

    fn model(&self, state: &State) -> Cluster {
        let names = &self.topology.names;
        let named_ports =
            crate::netpol::catalogue::serve_ports(&self.topology.ports, &self.topology.protocols);
        Cluster {
            namespaces: state
                .ns_labels
                .iter()
                .map(|(k, l)| Namespace {
                    name: names.get(*k).to_owned(),
                    labels: l.clone(),
                })
                .collect(),
            pods: self
                .topology
                .pods
                .iter()
                .map(|p| Pod {
                    namespace: names.get(p.ns).to_owned(),
                    name: p.pod.as_str().to_owned(),
                    labels: state.pod_labels.get(p).cloned().unwrap_or_default(),
                    ip: if self.faults.ipblock_ignores_pods {
                        None
                    } else {
                        self.ips.get(p).copied()
                    },
                    named_ports: named_ports.clone(),
                })
                .collect(),
            policies: state
                .policies
                .iter()
                .filter_map(|p| Policy::from_k8s(p).ok())
                .collect(),
        }
    }
}

fn key(p: &NetworkPolicy) -> (Option<String>, Option<String>) {
    (p.metadata.namespace.clone(), p.metadata.name.clone())
}

impl Fixture for FakeCluster {
    async fn create_policy(&self, policy: &NetworkPolicy) -> Result<(), OpError> {
        self.log
            .borrow_mut()
            .push(format!("create {:?}", key(policy)));
        let mut state = self.state.borrow_mut();
        if state.policies.iter().any(|p| key(p) == key(policy)) {
            return Err(OpError::transient("already exists"));
        }
        state.policies.push(policy.clone());
        drop(state);
        self.changed();
        Ok(())
    }

    async fn update_policy(&self, policy: &NetworkPolicy) -> Result<(), OpError> {
        self.log
            .borrow_mut()
            .push(format!("update {:?}", key(policy)));
        let mut state = self.state.borrow_mut();
        let Some(slot) = state.policies.iter_mut().find(|p| key(p) == key(policy)) else {
            return Err(OpError::transient("not found"));
        };
        *slot = policy.clone();
        drop(state);
        self.changed();
        Ok(())
    }

    async fn delete_policy(&self, namespace: NsKey, name: &str) -> Result<(), OpError> {
        self.log
            .borrow_mut()
            .push(format!("delete {namespace:?}/{name}"));
        let ns = self.topology.names.get(namespace).to_owned();
        self.state.borrow_mut().policies.retain(|p| {
            p.metadata.namespace.as_deref() != Some(ns.as_str())
                || p.metadata.name.as_deref() != Some(name)
        });
        self.changed();
        Ok(())
    }

    async fn patch_namespace_labels(
        &self,
        namespace: NsKey,
        patch: &LabelPatch,
    ) -> Result<(), OpError> {
        self.log
            .borrow_mut()
            .push(format!("label {namespace:?} {patch:?}"));
        if let Some(labels) = self.state.borrow_mut().ns_labels.get_mut(&namespace) {
            apply_label_patch(labels, patch);
        }
        self.changed();
        Ok(())
    }

    async fn patch_pod_labels(&self, pod: PodRef, patch: &LabelPatch) -> Result<(), OpError> {
        self.log.borrow_mut().push(format!("label {pod} {patch:?}"));
        if let Some(labels) = self.state.borrow_mut().pod_labels.get_mut(&pod) {
            apply_label_patch(labels, patch);
        }
        self.changed();
        Ok(())
    }
}

impl FakeCluster {
    fn crashed(&self) -> Option<PodRef> {
        self.faults
            .crash
            .filter(|(_, after)| *self.batches.borrow() >= *after)
            .map(|(pod, _)| pod)
    }
}

impl Prober for FakeCluster {
    async fn pod_problems(&self, pods: &[PodRef]) -> Result<Vec<PodProblem>, OpError> {
        Ok(self
            .crashed()
            .filter(|p| pods.contains(p))
            .map(|pod| PodProblem {
                pod,
                name: self.topology.names.pod_key(pod),
                message: "container \"agnhost\" terminated (Error, exit code 1)".into(),
                cause: likely_cause("Failed to listen SCTP. error:protocol not supported")
                    .map(str::to_owned),
            })
            .into_iter()
            .collect())
    }

    async fn probe(&self, from: PodRef, targets: &[Dial]) -> Result<Vec<Observation>, OpError> {
        let batch = {
            let mut n = self.batches.borrow_mut();
            *n += 1;
            *n
        };
        if self.faults.fatal_batch == Some(batch) {
            return Err(OpError::fatal(format!("pods/exec forbidden for {from}")));
        }
        if batch <= self.faults.failing_batches {
            return Err(OpError::transient(format!(
                "exec into {from}: connection reset"
            )));
        }
        if batch >= *self.switch_at.borrow() {
            *self.effective.borrow_mut() = self.state.borrow().clone();
        }
        let cluster = self.model(&self.effective.borrow());
        let engine = Engine::new(&cluster);
        let index = |p: PodRef| self.topology.pods.iter().position(|q| *q == p);
        Ok(targets
            .iter()
            .map(|t| {
                let (Some(f), Some(to)) = (index(from), index(t.to)) else {
                    return Observation::Failed {
                        error: "no such pod".into(),
                    };
                };
                if self.crashed() == Some(t.to) {
                    return Observation::Blocked {
                        reason: "REFUSED".into(),
                    };
                }
                let allowed = !(self.faults.no_sctp && t.protocol == Protocol::Sctp)
                    && engine
                        .evaluate(Endpoint::Pod(f), Endpoint::Pod(to), t.port, t.protocol)
                        .allowed;
                if allowed {
                    Observation::Connected
                } else {
                    Observation::Blocked {
                        reason: "TIMEOUT".into(),
                    }
                }
            })
            .collect())
    }
}
