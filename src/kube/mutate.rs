//! Changing objects: delete and merge-patch by kind and name, with server-side dry run.
//!
//! Used only by commands that were asked to change something (`cluster cleanup --delete`);
//! every read-only command goes through [`super::Source`].

use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams};
use serde_json::Value;

use super::Kube;
use super::discovery::{KindSpec, Served};
use super::errors::{Attempt, api_error};
use crate::error::{Error, Result};

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// Done (or, with dry run, accepted by the server).
    Done,
    /// The object was not there any more.
    AlreadyGone,
}

/// A set of kinds resolved once through discovery, for changing objects of them.
pub struct Mutator<'a> {
    kube: &'a Kube,
    served: Vec<Served>,
    dry_run: bool,
}

impl Kube {
    /// Resolves `kinds` through discovery; a kind the server does not serve is an error when
    /// something of it is changed.
    pub async fn mutator(&self, kinds: &[KindSpec], dry_run: bool) -> Result<Mutator<'_>> {
        let discovered = self.discover(kinds).await?;
        Ok(Mutator {
            kube: self,
            served: discovered.served,
            dry_run,
        })
    }
}

impl Mutator<'_> {
    fn api(
        &self,
        group: &str,
        kind: &str,
        namespace: &str,
    ) -> Result<(Api<DynamicObject>, &Served)> {
        let served = self
            .served
            .iter()
            .find(|s| s.spec.group == group && s.spec.kind == kind)
            .ok_or_else(|| {
                Error::could_not_run(format!(
                    "{kind} ({}) is not served by the Kubernetes API at {}",
                    if group.is_empty() { "core" } else { group },
                    self.kube.target.url
                ))
            })?;
        let client = self.kube.client.clone();
        let api = if served.namespaced {
            Api::namespaced_with(client, namespace, &served.resource)
        } else {
            Api::all_with(client, &served.resource)
        };
        Ok((api, served))
    }

    fn fail(&self, served: &Served, verb: &'static str, namespace: &str, e: kube::Error) -> Error {
        let resource = if served.spec.group.is_empty() {
            served.resource.plural.clone()
        } else {
            format!("{}.{}", served.resource.plural, served.spec.group)
        };
        let attempt = Attempt {
            verb,
            resource,
            namespace: Some(namespace).filter(|n| !n.is_empty()),
        };
        api_error(e, &self.kube.target, Some(&attempt))
    }

    /// Deletes an object (background propagation, as kubectl does).
    pub async fn delete(
        &self,
        group: &str,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Result<Changed> {
        let (api, served) = self.api(group, kind, namespace)?;
        let mut params = DeleteParams::background();
        params.dry_run = self.dry_run;
        match api.delete(name, &params).await {
            Ok(_) => Ok(Changed::Done),
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(Changed::AlreadyGone),
            Err(e) => Err(self.fail(served, "delete", namespace, e)),
        }
    }

    /// Applies a JSON merge patch.
    pub async fn merge_patch(
        &self,
        group: &str,
        kind: &str,
        namespace: &str,
        name: &str,
        patch: Value,
    ) -> Result<Changed> {
        let (api, served) = self.api(group, kind, namespace)?;
        let params = PatchParams {
            dry_run: self.dry_run,
            ..PatchParams::default()
        };
        match api.patch(name, &params, &Patch::Merge(&patch)).await {
            Ok(_) => Ok(Changed::Done),
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(Changed::AlreadyGone),
            Err(e) => Err(self.fail(served, "patch", namespace, e)),
        }
    }
}
