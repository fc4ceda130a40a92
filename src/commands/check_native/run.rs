//! A run's identity and its objects: labels, namespaces created with the Pod Security level
//! the tests need, Ctrl-C and deadline supervision, and clean-up at the end.

use std::collections::BTreeMap;
use std::sync::Mutex;

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, DeleteParams, PostParams};
use serde::Serialize;
use tokio::time::Instant;

use crate::cluster::Kube;
use crate::cluster::errors::{Attempt, api_error};
use crate::cluster::netcheck::RunScope;
use crate::error::Error;
use crate::netpol::Labels;

/// Label every object of a run carries.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
/// Its value.
pub const MANAGED_BY: &str = "kubectl-scs";
/// Label holding the run id.
pub const RUN_ID_LABEL: &str = "kubectl-scs.scs.community/run-id";
/// Label holding the purpose (the SCS testcase id the run serves).
pub const PURPOSE_LABEL: &str = "kubectl-scs.scs.community/purpose";

/// Why [`Run::supervise`] stopped the work before it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Ctrl-C.
    Interrupted,
    /// The deadline passed.
    TimedOut,
}

/// What [`Run::finish`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cleanup {
    /// Namespaces deleted (with everything in them).
    pub deleted: Vec<String>,
    /// Namespaces left in place on request (`--keep`).
    pub kept: Vec<String>,
    /// Namespaces that could not be deleted, with the reason.
    pub failed: Vec<String>,
}

/// The namespaces one run created, removed again at the end.
pub struct Run {
    kube: Kube,
    id: String,
    labels: Labels,
    image_repository: Option<String>,
    namespaces: Mutex<Vec<String>>,
}

/// A fresh run id: 8 characters of `[a-z0-9]` from the process's random hash seed and the clock.
pub fn new_run_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.write_u32(std::process::id());
    let mut n = hasher.finish();
    let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut id = String::with_capacity(8);
    for _ in 0..8 {
        let digit = usize::try_from(n % 36).unwrap_or_default();
        id.push(char::from(alphabet.get(digit).copied().unwrap_or(b'x')));
        n /= 36;
    }
    id
}

/// Checks a run id given on the command line: 1 to 16 of `[a-z0-9]`.
pub fn validate_run_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > 16 {
        return Err(format!("run id {id:?} must have 1 to 16 characters"));
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Err(format!(
            "run id {id:?} may hold only lower-case letters and digits"
        ));
    }
    Ok(())
}

/// `image` as pulled from `mirror`: the registry host is replaced, the path kept.
pub fn mirrored(image: &str, mirror: &str) -> String {
    let path = match image.split_once('/') {
        Some((host, rest)) if host.contains('.') || host.contains(':') || host == "localhost" => {
            rest
        }
        _ => image,
    };
    format!("{}/{path}", mirror.trim_end_matches('/'))
}

impl Run {
    /// Starts a run (nothing is created yet).
    pub fn start(
        kube: &Kube,
        purpose: &str,
        run_id: Option<String>,
        image_repository: Option<String>,
    ) -> Run {
        let id = run_id.unwrap_or_else(new_run_id);
        let labels = Labels::from([
            (MANAGED_BY_LABEL.to_owned(), MANAGED_BY.to_owned()),
            (RUN_ID_LABEL.to_owned(), id.clone()),
            (PURPOSE_LABEL.to_owned(), purpose.to_owned()),
        ]);
        Run {
            kube: kube.clone(),
            id,
            labels,
            image_repository,
            namespaces: Mutex::new(Vec::new()),
        }
    }

    /// The run id.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn created(&self) -> Vec<String> {
        self.namespaces
            .lock()
            .map(|n| n.clone())
            .unwrap_or_default()
    }

    /// Runs `work` until it ends, the deadline passes or the user presses Ctrl-C.
    pub async fn supervise<T>(
        &self,
        deadline: Instant,
        work: impl Future<Output = T>,
    ) -> Result<T, Stopped> {
        tokio::select! {
            out = work => Ok(out),
            _ = tokio::signal::ctrl_c() => Err(Stopped::Interrupted),
            () = tokio::time::sleep_until(deadline) => Err(Stopped::TimedOut),
        }
    }

    /// Deletes the run's namespaces (which takes everything in them), unless `keep`.
    pub async fn finish(self, keep: bool) -> Cleanup {
        let namespaces = self.created();
        if keep {
            return Cleanup {
                kept: namespaces,
                ..Cleanup::default()
            };
        }
        let api: Api<Namespace> = Api::all(self.kube.client.clone());
        let mut cleanup = Cleanup::default();
        for name in namespaces {
            match api.delete(&name, &DeleteParams::background()).await {
                Ok(_) => cleanup.deleted.push(name),
                Err(kube::Error::Api(status)) if status.code == 404 => cleanup.deleted.push(name),
                Err(e) => {
                    let attempt = Attempt {
                        verb: "delete",
                        resource: "namespaces".into(),
                        namespace: None,
                    };
                    let e = api_error(e, &self.kube.target, Some(&attempt));
                    cleanup.failed.push(format!("{name}: {}", e.message));
                }
            }
        }
        cleanup
    }
}

impl RunScope for Run {
    fn labels(&self) -> &Labels {
        &self.labels
    }

    fn image(&self, reference: &str) -> String {
        match &self.image_repository {
            Some(mirror) => mirrored(reference, mirror),
            None => reference.to_owned(),
        }
    }

    async fn create_namespace(&self, namespace: Namespace) -> Result<(), Error> {
        let mut namespace = namespace;
        let labels = namespace.metadata.labels.get_or_insert_with(BTreeMap::new);
        for mode in ["enforce", "audit", "warn"] {
            labels.insert(
                format!("pod-security.kubernetes.io/{mode}"),
                "baseline".into(),
            );
        }
        let name = namespace.metadata.name.clone().unwrap_or_default();
        Api::<Namespace>::all(self.kube.client.clone())
            .create(&PostParams::default(), &namespace)
            .await
            .map_err(|e| {
                let attempt = Attempt {
                    verb: "create",
                    resource: "namespaces".into(),
                    namespace: None,
                };
                api_error(e, &self.kube.target, Some(&attempt))
            })?;
        if let Ok(mut created) = self.namespaces.lock() {
            created.push(name);
        }
        Ok(())
    }
}
