//! The images a run needs (`--list-images`): `e2e.test --list-images` in a short-lived pod, each
//! image with its mirror.

use serde::Serialize;

use super::view::Sink;
use super::wait::{self, PullAdvice};
use super::{Options, identity, own_namespace, preflight, upstream_of, with_cleanup};
use crate::commands::check::suite::orchestrate::{Keep, run_permissions, supervised};
use crate::duration::human;
use crate::e2e::plan::{self, E2E_CONTAINER, Images};
use crate::error::{Error, Result};
use crate::k8s::images;
use crate::k8s::permissions::Permission;
use crate::kube::Kube;
use crate::kube::lifecycle::{Run, Stopped};

/// The lines of `e2e.test --list-images`, with their mirrors.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListedImage {
    /// The image as published upstream.
    pub image: String,
    /// Where it is pulled from with `--image-repository` (`None` without one, or for the
    /// private and invalid test images that are never mirrored).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mirror: Option<String>,
    /// What needs it: `conformance`, `sidecar` or `e2e`.
    pub used_by: &'static str,
}

/// Asks the conformance image for the e2e test images (`e2e.test --list-images`) in a
/// short-lived pod, and lists every image a run needs with its mirror.
pub async fn list_images(
    kube: &Kube,
    options: &Options,
    sink: &mut dyn Sink,
) -> Result<Vec<ListedImage>> {
    let (settings, _, namespace) = identity(options);
    let mut needed = run_permissions("for the run's namespace");
    needed.extend([
        Permission::namespaced(
            "create",
            "pods",
            "",
            &namespace,
            "to run e2e.test --list-images",
        ),
        Permission::namespaced("get", "pods", "", &namespace, "to follow it"),
        Permission::namespaced("list", "pods", "", &namespace, "to follow it"),
        Permission::namespaced("watch", "pods", "", &namespace, "to follow it"),
        Permission::namespaced("get", "pods", "log", &namespace, "to read the list"),
    ]);
    sink.phase("checking the cluster: version, permissions, nodes");
    let preflight = preflight(kube, options, &needed).await?;
    let mirror = options.image_repository.as_deref();
    let upstream = Images::choose(&preflight.tag, None, None, None);
    let upstream_image = upstream_of(&preflight, options);
    let advice = PullAdvice {
        repository: mirror,
        upstream: &upstream_image,
    };
    let run = Run::start(kube, options.check.id(), settings);
    let keep = Keep {
        keep: false,
        what: "objects",
    };
    let ended = supervised(run, sink, options.timeout, keep, async |run, sink| {
        let ns = own_namespace(run, options.check).await?;
        run.create(&plan::list_images_pod(&ns, &preflight.images.conformance))
            .await?;
        sink.phase(&format!(
            "running e2e.test --list-images in {}",
            preflight.images.conformance
        ));
        let ended = tokio::time::timeout(
            options.startup_timeout,
            wait::until_ended(run, &ns, plan::LIST_IMAGES_POD, E2E_CONTAINER, &advice),
        )
        .await
        .map_err(|_| {
            Error::could_not_run(format!(
                "e2e.test --list-images did not end within {}",
                human(options.startup_timeout)
            ))
            .hint("raise --startup-timeout if image pulls are slow")
        })??;
        let log = run.logs(&ns, plan::LIST_IMAGES_POD, E2E_CONTAINER).await?;
        if ended.exit_code != 0 {
            return Err(Error::could_not_run(format!(
                "e2e.test --list-images ended with exit code {} ({}): {}",
                ended.exit_code,
                ended.reason,
                log.lines().last().unwrap_or("")
            )));
        }
        Ok(log)
    })
    .await;
    let cleanup = ended.cleanup;
    let log = match ended.work {
        Ok(Ok(log)) => log,
        Ok(Err(e)) => return Err(with_cleanup(e, &cleanup, options.check)),
        Err(Stopped::Interrupted) => {
            return Err(with_cleanup(
                Error::could_not_run("interrupted"),
                &cleanup,
                options.check,
            ));
        }
        Err(Stopped::TimedOut) => {
            return Err(with_cleanup(
                Error::could_not_run(format!(
                    "listing the images took longer than {}",
                    human(options.timeout)
                )),
                &cleanup,
                options.check,
            ));
        }
    };
    let conformance = options
        .conformance_image
        .clone()
        .unwrap_or(upstream.conformance);
    let sidecar = options.sidecar_image.clone().unwrap_or(upstream.sidecar);
    let mut listed = vec![
        listed(
            &conformance,
            mirror,
            "conformance",
            options.conformance_image.is_some(),
        ),
        listed(&sidecar, mirror, "sidecar", options.sidecar_image.is_some()),
    ];
    let mut e2e: Vec<&str> = log
        .lines()
        .map(str::trim)
        .filter(|l| looks_like_image(l))
        .collect();
    e2e.sort_unstable();
    e2e.dedup();
    listed.extend(e2e.into_iter().map(|image| listed_e2e(image, mirror)));
    Ok(listed)
}

fn listed(image: &str, mirror: Option<&str>, used_by: &'static str, given: bool) -> ListedImage {
    ListedImage {
        image: image.to_string(),
        mirror: if given {
            None
        } else {
            mirror.and_then(|m| images::mirrored(image, m))
        },
        used_by,
    }
}

fn listed_e2e(image: &str, mirror: Option<&str>) -> ListedImage {
    ListedImage {
        image: image.to_string(),
        mirror: mirror.and_then(|m| images::mirrored(image, m)),
        used_by: "e2e",
    }
}

/// A line of `e2e.test --list-images` output: `registry/name:tag`, no spaces.
fn looks_like_image(line: &str) -> bool {
    !line.is_empty()
        && !line.contains(char::is_whitespace)
        && line.contains('/')
        && line
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_lines_are_told_from_log_noise() {
        assert!(looks_like_image(
            "registry.k8s.io/e2e-test-images/agnhost:2.53"
        ));
        assert!(!looks_like_image("I0101 12:00:00.000 e2e.go:117] Starting"));
        assert!(!looks_like_image(""));
        assert!(!looks_like_image("localhost:5000/noTag"));
    }
}
