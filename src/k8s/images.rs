//! The images a run needs, and how `--image-repository` rewrites them for air-gapped clouds.
//!
//! One rule serves every image: the registry host is replaced by the mirror and the path
//! is kept (`registry.k8s.io/e2e-test-images/agnhost:2.53` →
//! `harbor.example/k8s/e2e-test-images/agnhost:2.53`). The e2e framework's own test images
//! follow the same rule through its repo-list file (`KUBE_TEST_REPO_LIST`), whose keys are
//! the registries of `test/utils/image/manifest.go`.

use std::collections::BTreeMap;

/// The registry of the conformance image.
pub const CONFORMANCE_REPOSITORY: &str = "registry.k8s.io/conformance";
/// The image of the sidecar that holds the results (the one hydrophone uses).
pub const SIDECAR_IMAGE: &str = "registry.k8s.io/e2e-test-images/busybox:1.36.1-1";

/// The registries of the e2e framework's repo list, with their upstream values. The
/// private, authenticated and deliberately invalid registries are left alone: tests that
/// need them cannot run air-gapped anyway.
pub const REPO_LIST_REGISTRIES: [(&str, &str); 7] = [
    ("promoterE2eRegistry", "registry.k8s.io/e2e-test-images"),
    ("buildImageRegistry", "registry.k8s.io/build-image"),
    ("gcEtcdRegistry", "registry.k8s.io"),
    ("gcRegistry", "registry.k8s.io"),
    ("sigStorageRegistry", "registry.k8s.io/sig-storage"),
    ("dockerLibraryRegistry", "docker.io/library"),
    (
        "cloudProviderGcpRegistry",
        "registry.k8s.io/cloud-provider-gcp",
    ),
];

/// Registries whose images are private or invalid on purpose; they are never mirrored.
const NOT_MIRRORED: [&str; 3] = [
    "gcr.io/authenticated-image-pulling/",
    "gcr.io/k8s-authenticated-test/",
    "invalid.registry.k8s.io/",
];

/// The `vMAJOR.MINOR.PATCH` of a server `gitVersion` (`v1.29.0+k3s1` → `v1.29.0`,
/// `v1.30.2-eks-1234` → `v1.30.2`), as sonobuoy and hydrophone pick the conformance tag.
pub fn conformance_tag(git_version: &str) -> Option<String> {
    let text = git_version.trim();
    let text = text.strip_prefix('v').unwrap_or(text);
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let numbers: Vec<&str> = text.get(..end)?.split('.').collect();
    match numbers.as_slice() {
        [major, minor, patch]
            if [major, minor, patch]
                .iter()
                .all(|n| !n.is_empty() && n.parse::<u32>().is_ok()) =>
        {
            Some(format!("v{major}.{minor}.{patch}"))
        }
        _ => None,
    }
}

/// The conformance image for a server version tag.
pub fn conformance_image(tag: &str) -> String {
    format!("{CONFORMANCE_REPOSITORY}:{tag}")
}

/// Splits `image` into registry host and the rest. Like Docker: the first path component
/// is a host when it has a `.` or `:` or is `localhost`; otherwise the host is `docker.io`
/// (and a single-component name lives under `library/`).
fn split_host(image: &str) -> (&str, String) {
    match image.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (first, rest.to_string())
        }
        Some(_) => ("docker.io", image.to_string()),
        None => ("docker.io", format!("library/{image}")),
    }
}

/// The image as pulled from `mirror` (a registry with an optional path, e.g.
/// `harbor.example/k8s`), or `None` for images that are never mirrored.
pub fn mirrored(image: &str, mirror: &str) -> Option<String> {
    if NOT_MIRRORED.iter().any(|p| image.starts_with(p)) {
        return None;
    }
    let (_, path) = split_host(image);
    Some(format!("{}/{path}", mirror.trim_end_matches('/')))
}

/// `image`, rewritten for `mirror` when one is given.
pub fn resolve(image: &str, mirror: Option<&str>) -> String {
    mirror
        .and_then(|m| mirrored(image, m))
        .unwrap_or_else(|| image.to_string())
}

/// The repo-list file for `KUBE_TEST_REPO_LIST`, pointing every mirrorable registry of
/// the e2e framework at `mirror` by the same rule as [`mirrored`].
pub fn repo_list_yaml(mirror: &str) -> String {
    let map: BTreeMap<&str, String> = REPO_LIST_REGISTRIES
        .iter()
        .map(|(key, upstream)| {
            let (_, path) = split_host(&format!("{upstream}/x"));
            let path = path.strip_suffix("/x").unwrap_or("");
            let base = mirror.trim_end_matches('/');
            let value = if path.is_empty() {
                base.to_string()
            } else {
                format!("{base}/{path}")
            };
            (*key, value)
        })
        .collect();
    serde_saphyr::to_string(&map).unwrap_or_default()
}

/// Checks a `--image-repository` value: a registry host with an optional path, no tag,
/// no scheme.
pub fn validate_mirror(mirror: &str) -> Result<(), String> {
    let m = mirror.trim_end_matches('/');
    if m.is_empty() {
        return Err("is empty".into());
    }
    if m.contains("://") {
        return Err(
            "must be a registry path such as harbor.example.com/k8s, without a scheme".into(),
        );
    }
    if m.contains('@') || m.chars().any(char::is_whitespace) {
        return Err("must be a registry path such as harbor.example.com/k8s".into());
    }
    if let Some((_, last)) = m.rsplit_once('/')
        && last.contains(':')
    {
        return Err("must not carry a tag".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conformance_tags_like_sonobuoy() {
        assert_eq!(conformance_tag("v1.36.2").as_deref(), Some("v1.36.2"));
        assert_eq!(conformance_tag("v1.29.0+k3s1").as_deref(), Some("v1.29.0"));
        assert_eq!(
            conformance_tag("v1.30.2-eks-1234").as_deref(),
            Some("v1.30.2")
        );
        assert_eq!(conformance_tag("1.31.1").as_deref(), Some("v1.31.1"));
        assert_eq!(conformance_tag("v1.31"), None);
        assert_eq!(conformance_tag("garbage"), None);
        assert_eq!(conformance_tag(""), None);
    }

    #[test]
    fn mirroring_keeps_the_path() {
        let m = "harbor.example.com/k8s/";
        assert_eq!(
            mirrored("registry.k8s.io/conformance:v1.31.0", m).as_deref(),
            Some("harbor.example.com/k8s/conformance:v1.31.0")
        );
        assert_eq!(
            mirrored(SIDECAR_IMAGE, m).as_deref(),
            Some("harbor.example.com/k8s/e2e-test-images/busybox:1.36.1-1")
        );
        assert_eq!(
            mirrored("docker.io/library/nginx:1.27", m).as_deref(),
            Some("harbor.example.com/k8s/library/nginx:1.27")
        );
        assert_eq!(
            mirrored("nginx:1.27", m).as_deref(),
            Some("harbor.example.com/k8s/library/nginx:1.27")
        );
        assert_eq!(
            mirrored("invalid.registry.k8s.io/invalid/alpine:3.1", m),
            None
        );
        assert_eq!(
            resolve("gcr.io/k8s-authenticated-test/agnhost:2.6", Some(m)),
            "gcr.io/k8s-authenticated-test/agnhost:2.6"
        );
        assert_eq!(
            resolve("registry.k8s.io/pause:3.10", None),
            "registry.k8s.io/pause:3.10"
        );
    }

    #[test]
    fn the_repo_list_follows_the_same_rule() {
        let yaml = repo_list_yaml("harbor.example.com/k8s");
        let map: BTreeMap<String, String> = serde_saphyr::from_str(&yaml).unwrap();
        assert_eq!(
            map["promoterE2eRegistry"],
            "harbor.example.com/k8s/e2e-test-images"
        );
        assert_eq!(map["gcRegistry"], "harbor.example.com/k8s");
        assert_eq!(
            map["dockerLibraryRegistry"],
            "harbor.example.com/k8s/library"
        );
        assert_eq!(map.len(), REPO_LIST_REGISTRIES.len());
        // Each key maps an image exactly as `mirrored` does.
        for (key, upstream) in REPO_LIST_REGISTRIES {
            let image = format!("{upstream}/some-image:1.0");
            assert_eq!(
                mirrored(&image, "harbor.example.com/k8s").unwrap(),
                format!("{}/some-image:1.0", map[key])
            );
        }
    }

    #[test]
    fn mirror_values_are_checked() {
        assert!(validate_mirror("harbor.example.com/k8s").is_ok());
        assert!(validate_mirror("localhost:5000").is_ok());
        assert!(validate_mirror("https://harbor.example.com").is_err());
        assert!(validate_mirror("harbor.example.com/k8s:v1").is_err());
        assert!(validate_mirror("").is_err());
    }
}
