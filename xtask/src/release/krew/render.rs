//! The manifest text: one renderer for the manifest of a release (`krew/scs.yaml`) and for the
//! krew-release-bot template of later releases (`.krew.yaml`), so the two cannot drift apart.

use crate::release::platform::RELEASE_TARGETS;
use crate::release::{PLUGIN_NAME, Platform, REPOSITORY, archive_file_name};

/// krew's one-line tagline (at most 70 characters, no line break).
pub const SHORT_DESCRIPTION: &str = "Sovereign Cloud Stack checks and cluster-stack status";

/// What the plugin does (lines of at most 80 characters; flags are left to `--help`).
pub const DESCRIPTION: &str = "\
kubectl-scs is for operators of Sovereign Cloud Stack (SCS) Kubernetes.

On a management cluster, `kubectl scs stack status` shows what the
cluster-stack-operator and Cluster API do with each Cluster's addons, and why
an upgrade or an addon is stuck. `kubectl scs check kubeapi` tells whether
access to each Cluster's Kubernetes API is restricted as configured; with
--workload it judges how well the current cluster's API is hardened, and
`kubectl scs check all` runs every check that applies to the context.
`kubectl scs check networking` and `check conformance` run the upstream
NetworkPolicy and conformance e2e tests and judge them as SCS does.
`kubectl scs stack lint` checks a cluster-stack release before it ships.
`kubectl scs netpol simulate` computes which pod may reach which under the
NetworkPolicies, without sending traffic. `kubectl scs cluster cleanup` lists
what blocks or leaks when a workload cluster is deleted (LoadBalancer
Services, volumes) and, with --delete, removes it safely.

Read-only commands also read `kubectl get -o yaml` output with -f instead of
a cluster. Run `kubectl scs --help` for the commands of this version.
";

/// Shown once after install: the completion step krew cannot do, and the RBAC the commands need.
pub const CAVEATS: &str = "\
Completion of `kubectl scs <TAB>` (kubectl >= 1.26) needs the helper
kubectl_complete-scs on your PATH, which krew does not link. Run once:

  kubectl scs completion install-kubectl-helper

It writes the helper to ${KREW_ROOT:-~/.krew}/bin.

`kubectl scs check networking` and `check conformance` run the upstream e2e
tests in the cluster: they create a namespace, a ServiceAccount with a
ClusterRole granting everything, and a pod running
registry.k8s.io/conformance:<server version>, and remove them afterwards.
They need cluster-admin in practice. `cluster cleanup --delete` deletes and
patches what you select (Services, claims, snapshots, workloads), after asking.

The other commands read the cluster with your kubeconfig's credentials and
write nothing to it. They need:
- stack status: list (and watch for -w) on clusterstacks,
  clusterstackreleases, clusteraddons, clusters, clusterclasses,
  machinedeployments, kubeadmcontrolplanes, openstackclusters, and on
  extensionconfigs cluster-wide;
- check kubeapi: list on clusters and openstackclusters;
- check kubeapi --workload: list on pods in kube-system, namespaces and
  nodes, and get on nodes/proxy (optional);
- netpol simulate: list on pods and networkpolicies, and on namespaces
  cluster-wide;
- cluster cleanup: list on services, persistentvolumeclaims,
  persistentvolumes, pods, statefulsets, deployments, daemonsets, ingresses,
  gateways and volumesnapshots across all namespaces.
The README's RBAC section has a ClusterRole to grant.
";

/// A platform's released archive: where to download it and its checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformRelease {
    pub platform: Platform,
    pub uri: String,
    pub sha256: String,
}

/// The manifest of release `tag` for the given archives, in [`RELEASE_TARGETS`] order first.
pub fn render_manifest(tag: &str, releases: &[PlatformRelease]) -> String {
    let mut ordered: Vec<&PlatformRelease> = releases.iter().collect();
    ordered.sort_by_key(|r| {
        RELEASE_TARGETS
            .iter()
            .position(|t| *t == r.platform.target)
            .unwrap_or(RELEASE_TARGETS.len())
    });
    let platforms: Vec<(Platform, String)> = ordered
        .iter()
        .map(|r| {
            let location = format!("uri: {}\n    sha256: {}", r.uri, r.sha256);
            (r.platform.clone(), location)
        })
        .collect();
    document(tag, &platforms)
}

/// The krew-release-bot template: the manifest with the tag and each archive's `uri`/`sha256`
/// left for the bot (`{{ .TagName }}`, `addURIAndSha`), for every release target.
pub fn render_bot_template() -> String {
    let base = format!(
        "{}/releases/download/{{{{ .TagName }}}}",
        REPOSITORY.trim_end_matches('/')
    );
    let platforms: Vec<(Platform, String)> = RELEASE_TARGETS
        .iter()
        .filter_map(|target| Platform::from_target(target))
        .map(|platform| {
            let name = archive_file_name("{{ .TagName }}", &platform.target);
            let location = format!("{{{{addURIAndSha \"{base}/{name}\" .TagName }}}}");
            (platform, location)
        })
        .collect();
    document("{{ .TagName }}", &platforms)
}

fn document(version: &str, platforms: &[(Platform, String)]) -> String {
    let mut out = format!(
        "apiVersion: {api}\nkind: Plugin\nmetadata:\n  name: {PLUGIN_NAME}\nspec:\n  version: {version}\n  homepage: {REPOSITORY}\n  shortDescription: {SHORT_DESCRIPTION}\n",
        api = super::API_VERSION
    );
    out.push_str(&block("description", DESCRIPTION));
    out.push_str(&block("caveats", CAVEATS));
    out.push_str("  platforms:\n");
    for (platform, location) in platforms {
        out.push_str(&format!(
            "  - selector:\n      matchLabels:\n        os: {}\n        arch: {}\n",
            platform.os, platform.arch
        ));
        out.push_str(&format!("    {location}\n"));
        out.push_str("    files:\n");
        let files = [
            platform.bin_name(),
            platform.helper_name(),
            "LICENSE".to_string(),
            "README.md".to_string(),
        ];
        for file in files {
            out.push_str(&format!("    - from: {file}\n      to: .\n"));
        }
        out.push_str(&format!("    bin: {}\n", platform.bin_name()));
    }
    out
}

/// A YAML literal block at the spec's indentation; blank lines stay blank.
fn block(key: &str, text: &str) -> String {
    let mut out = format!("  {key}: |\n");
    for line in text.trim_end().lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("    {line}\n"));
        }
    }
    out
}
