//! What a run creates, as objects (pure): the ServiceAccount and its cluster-wide rights,
//! the optional repo-list ConfigMap, and the test pod — the conformance image driven by
//! its environment, plus a sidecar that keeps the results on a shared `emptyDir` until
//! they are fetched (hydrophone's layout).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Capabilities, ConfigMap, ConfigMapVolumeSource, Container, EmptyDirVolumeSource, EnvVar, Pod,
    PodSecurityContext, PodSpec, SeccompProfile, SecurityContext, ServiceAccount, Toleration,
    Volume, VolumeMount,
};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, PolicyRule, RoleRef, Subject};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;

use crate::e2e::Check;
use crate::k8s::images;

/// The test pod.
pub const POD: &str = "kubectl-scs-e2e";
/// Its container running the conformance image.
pub const E2E_CONTAINER: &str = "e2e";
/// Its sidecar holding the results.
pub const RESULTS_CONTAINER: &str = "results";
/// Where the conformance image writes `e2e.log`, `junit_01.xml`, `e2e.tar.gz`, `done`.
pub const RESULTS_DIR: &str = "/tmp/results";
/// The ServiceAccount the suite runs as.
pub const SERVICE_ACCOUNT: &str = "kubectl-scs-e2e";
/// The ConfigMap holding the e2e framework's repo list.
pub const REPO_LIST_CONFIG_MAP: &str = "kubectl-scs-e2e-repo-list";
/// The pod that asks the conformance image for its test images.
pub const LIST_IMAGES_POD: &str = "kubectl-scs-list-images";
const REPO_LIST_DIR: &str = "/tmp/repo-list";

/// The sidecar's command: wait for ever, but end at once on SIGTERM (a plain `sleep` as
/// pid 1 ignores it, and deleting the pod would wait out the grace period).
pub const SIDECAR_SCRIPT: &str = "trap 'kill $! 2>/dev/null; exit 0' TERM; sleep infinity & wait";
const REPO_LIST_FILE: &str = "repo-list.yaml";

/// Sonobuoy's default skip (mode `non-disruptive-conformance`), which SCS keeps.
pub const NON_DISRUPTIVE_SKIP: &str = r"\[Disruptive\]|NoExecuteTaintManager";

/// How the suite is run: the conformance image's `E2E_*` settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suite {
    /// `E2E_FOCUS`.
    pub focus: String,
    /// `E2E_SKIP`.
    pub skip: String,
    /// `E2E_PARALLEL`.
    pub parallel: bool,
    /// `--ginkgo.flake-attempts` in `E2E_EXTRA_ARGS` (1 = no retries).
    pub flake_attempts: u32,
}

/// Which of the conformance runs the suite settings amount to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SuiteMode {
    /// As SCS runs it today: parallel, two flake attempts (the image skips `[Serial]` tests).
    Scs,
    /// The CNCF certification run: serial, every `[Conformance]` test, one attempt.
    Certified,
    /// Settings changed with `--focus`, `--skip`, `--parallel` or `--flake-attempts`.
    Custom,
}

impl SuiteMode {
    /// How the mode is named in reports.
    pub fn describe(self) -> &'static str {
        match self {
            SuiteMode::Scs => "SCS (parallel, 2 flake attempts; the image skips [Serial] tests)",
            SuiteMode::Certified => "CNCF certified (serial, every [Conformance] test, 1 attempt)",
            SuiteMode::Custom => "custom (--focus/--skip/--parallel/--flake-attempts)",
        }
    }
}

impl Suite {
    /// The settings SCS uses (standards #1117 and #1194): sonobuoy with
    /// `--e2e-parallel=true` and `--ginkgo.flake-attempts=2`; for networking with
    /// `--e2e-focus NetworkPolicy` (so sonobuoy's non-disruptive skip stays), for conformance
    /// in `certified-conformance` mode (no skip, so the image's runner skips `[Serial]`
    /// tests because the run is parallel).
    pub fn scs_defaults(check: Check) -> Suite {
        Suite {
            focus: check.default_focus().to_string(),
            skip: match check {
                Check::Networking => NON_DISRUPTIVE_SKIP.to_string(),
                Check::Conformance => String::new(),
            },
            parallel: true,
            flake_attempts: 2,
        }
    }

    /// The CNCF certification run: every `[Conformance]` test, the serial ones included,
    /// so no parallel run, no skip and one attempt (a flake is a failure there).
    pub fn certified() -> Suite {
        Suite {
            focus: Check::Conformance.default_focus().to_string(),
            skip: String::new(),
            parallel: false,
            flake_attempts: 1,
        }
    }

    /// Which run these settings are for `check`.
    pub fn mode(&self, check: Check) -> SuiteMode {
        if *self == Suite::scs_defaults(check) {
            SuiteMode::Scs
        } else if check == Check::Conformance && *self == Suite::certified() {
            SuiteMode::Certified
        } else {
            SuiteMode::Custom
        }
    }

    /// The container environment.
    pub fn env(&self, repo_list: bool) -> Vec<EnvVar> {
        let mut env = vec![
            ("E2E_FOCUS", self.focus.clone()),
            ("E2E_SKIP", self.skip.clone()),
            ("E2E_PARALLEL", self.parallel.to_string()),
            ("E2E_PROVIDER", "local".to_string()),
            ("E2E_USE_GO_RUNNER", "true".to_string()),
            ("RESULTS_DIR", RESULTS_DIR.to_string()),
        ];
        if self.flake_attempts > 1 {
            env.push((
                "E2E_EXTRA_ARGS",
                format!("--ginkgo.flake-attempts={}", self.flake_attempts),
            ));
        }
        if repo_list {
            env.push((
                "KUBE_TEST_REPO_LIST",
                format!("{REPO_LIST_DIR}/{REPO_LIST_FILE}"),
            ));
        }
        env.into_iter()
            .map(|(name, value)| EnvVar {
                name: name.to_string(),
                value: Some(value),
                ..EnvVar::default()
            })
            .collect()
    }
}

/// The images of a run, after `--image-repository`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Images {
    /// The conformance image.
    pub conformance: String,
    /// The results sidecar.
    pub sidecar: String,
    /// The mirror every image is pulled from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
}

impl Images {
    /// The images for a server version tag, overrides and a mirror.
    pub fn choose(
        tag: &str,
        conformance: Option<&str>,
        sidecar: Option<&str>,
        repository: Option<&str>,
    ) -> Images {
        let conformance = conformance
            .map(str::to_string)
            .unwrap_or_else(|| images::resolve(&images::conformance_image(tag), repository));
        let sidecar = sidecar
            .map(str::to_string)
            .unwrap_or_else(|| images::resolve(images::SIDECAR_IMAGE, repository));
        Images {
            conformance,
            sidecar,
            repository: repository.map(str::to_string),
        }
    }
}

/// The namespace prefix of a check's runs (the run id is appended).
pub fn namespace_prefix(check: Check) -> &'static str {
    match check {
        Check::Networking => "kubectl-scs-networking",
        Check::Conformance => "kubectl-scs-conformance",
    }
}

fn meta(name: &str, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_string()),
        namespace: namespace.map(str::to_string),
        ..ObjectMeta::default()
    }
}

/// The ServiceAccount the suite runs as.
pub fn service_account(namespace: &str) -> ServiceAccount {
    ServiceAccount {
        metadata: meta(SERVICE_ACCOUNT, Some(namespace)),
        ..ServiceAccount::default()
    }
}

/// Everything, as the upstream conformance manifest and hydrophone grant it: the suite
/// creates namespaces, RBAC, CRDs and webhooks of its own.
pub fn cluster_role(name: &str) -> ClusterRole {
    ClusterRole {
        metadata: meta(name, None),
        rules: Some(vec![
            PolicyRule {
                api_groups: Some(vec!["*".into()]),
                resources: Some(vec!["*".into()]),
                verbs: vec!["*".into()],
                ..PolicyRule::default()
            },
            PolicyRule {
                non_resource_urls: Some(vec!["/metrics".into(), "/logs".into(), "/logs/*".into()]),
                verbs: vec!["get".into()],
                ..PolicyRule::default()
            },
        ]),
        ..ClusterRole::default()
    }
}

/// Binds [`cluster_role`] to the ServiceAccount.
pub fn cluster_role_binding(name: &str, role: &str, namespace: &str) -> ClusterRoleBinding {
    ClusterRoleBinding {
        metadata: meta(name, None),
        role_ref: RoleRef {
            api_group: "rbac.authorization.k8s.io".into(),
            kind: "ClusterRole".into(),
            name: role.into(),
        },
        subjects: Some(vec![Subject {
            kind: "ServiceAccount".into(),
            name: SERVICE_ACCOUNT.into(),
            namespace: Some(namespace.into()),
            ..Subject::default()
        }]),
    }
}

/// The repo list pointing the e2e framework's images at `mirror`.
pub fn repo_list_config_map(namespace: &str, mirror: &str) -> ConfigMap {
    ConfigMap {
        metadata: meta(REPO_LIST_CONFIG_MAP, Some(namespace)),
        data: Some(BTreeMap::from([(
            REPO_LIST_FILE.to_string(),
            images::repo_list_yaml(mirror),
        )])),
        ..ConfigMap::default()
    }
}

/// Non-root, no privilege escalation, no capabilities, default seccomp: what the
/// `restricted` Pod Security level demands, and enough for the conformance image.
fn hardened() -> SecurityContext {
    SecurityContext {
        allow_privilege_escalation: Some(false),
        capabilities: Some(Capabilities {
            drop: Some(vec!["ALL".into()]),
            ..Capabilities::default()
        }),
        ..SecurityContext::default()
    }
}

fn pod_security() -> PodSecurityContext {
    PodSecurityContext {
        run_as_non_root: Some(true),
        run_as_user: Some(65534),
        run_as_group: Some(65534),
        seccomp_profile: Some(SeccompProfile {
            type_: "RuntimeDefault".into(),
            ..SeccompProfile::default()
        }),
        ..PodSecurityContext::default()
    }
}

fn mount(name: &str, path: &str) -> VolumeMount {
    VolumeMount {
        name: name.into(),
        mount_path: path.into(),
        ..VolumeMount::default()
    }
}

/// The test pod: the conformance container and the results sidecar on a shared
/// `emptyDir`, tolerating every taint (as sonobuoy and hydrophone do), never restarted.
pub fn test_pod(namespace: &str, images: &Images, suite: &Suite) -> Pod {
    let repo_list = images.repository.is_some();
    let mut e2e_mounts = vec![mount("results", RESULTS_DIR)];
    let mut volumes = vec![Volume {
        name: "results".into(),
        empty_dir: Some(EmptyDirVolumeSource::default()),
        ..Volume::default()
    }];
    if repo_list {
        e2e_mounts.push(mount("repo-list", REPO_LIST_DIR));
        volumes.push(Volume {
            name: "repo-list".into(),
            config_map: Some(ConfigMapVolumeSource {
                name: REPO_LIST_CONFIG_MAP.into(),
                ..ConfigMapVolumeSource::default()
            }),
            ..Volume::default()
        });
    }
    Pod {
        metadata: meta(POD, Some(namespace)),
        spec: Some(PodSpec {
            service_account_name: Some(SERVICE_ACCOUNT.into()),
            restart_policy: Some("Never".into()),
            // Nothing is saved at the end of a run that is being deleted, so there is no
            // point waiting the default 30s should the conformance container linger.
            termination_grace_period_seconds: Some(5),
            node_selector: Some(BTreeMap::from([(
                "kubernetes.io/os".to_string(),
                "linux".to_string(),
            )])),
            tolerations: Some(vec![Toleration {
                operator: Some("Exists".into()),
                ..Toleration::default()
            }]),
            security_context: Some(pod_security()),
            containers: vec![
                Container {
                    name: E2E_CONTAINER.into(),
                    image: Some(images.conformance.clone()),
                    image_pull_policy: Some("IfNotPresent".into()),
                    env: Some(suite.env(repo_list)),
                    volume_mounts: Some(e2e_mounts),
                    security_context: Some(hardened()),
                    ..Container::default()
                },
                Container {
                    name: RESULTS_CONTAINER.into(),
                    image: Some(images.sidecar.clone()),
                    image_pull_policy: Some("IfNotPresent".into()),
                    command: Some(vec!["sh".into(), "-c".into(), SIDECAR_SCRIPT.into()]),
                    volume_mounts: Some(vec![mount("results", RESULTS_DIR)]),
                    security_context: Some(hardened()),
                    ..Container::default()
                },
            ],
            volumes: Some(volumes),
            ..PodSpec::default()
        }),
        ..Pod::default()
    }
}

/// A pod that prints the e2e framework's test images (`e2e.test --list-images`) and ends.
pub fn list_images_pod(namespace: &str, conformance_image: &str) -> Pod {
    Pod {
        metadata: meta(LIST_IMAGES_POD, Some(namespace)),
        spec: Some(PodSpec {
            restart_policy: Some("Never".into()),
            automount_service_account_token: Some(false),
            node_selector: Some(BTreeMap::from([(
                "kubernetes.io/os".to_string(),
                "linux".to_string(),
            )])),
            security_context: Some(pod_security()),
            containers: vec![Container {
                name: E2E_CONTAINER.into(),
                image: Some(conformance_image.to_string()),
                image_pull_policy: Some("IfNotPresent".into()),
                command: Some(vec![
                    "/usr/local/bin/e2e.test".into(),
                    "--list-images".into(),
                ]),
                security_context: Some(hardened()),
                ..Container::default()
            }],
            ..PodSpec::default()
        }),
        ..Pod::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_map(suite: &Suite, repo_list: bool) -> BTreeMap<String, String> {
        suite
            .env(repo_list)
            .into_iter()
            .map(|e| (e.name, e.value.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn networking_runs_as_scs_runs_it() {
        let env = env_map(&Suite::scs_defaults(Check::Networking), false);
        assert_eq!(env["E2E_FOCUS"], "NetworkPolicy");
        assert_eq!(env["E2E_SKIP"], r"\[Disruptive\]|NoExecuteTaintManager");
        assert_eq!(env["E2E_PARALLEL"], "true");
        assert_eq!(env["E2E_EXTRA_ARGS"], "--ginkgo.flake-attempts=2");
        assert!(!env.contains_key("KUBE_TEST_REPO_LIST"));
        assert_eq!(
            Suite::scs_defaults(Check::Networking).mode(Check::Networking),
            SuiteMode::Scs
        );
    }

    #[test]
    fn conformance_runs_as_scs_runs_it_by_default() {
        let suite = Suite::scs_defaults(Check::Conformance);
        let env = env_map(&suite, false);
        assert_eq!(env["E2E_FOCUS"], r"\[Conformance\]");
        // Empty, so the image's runner skips [Serial] because the run is parallel.
        assert_eq!(env["E2E_SKIP"], "");
        assert_eq!(env["E2E_PARALLEL"], "true");
        assert_eq!(env["E2E_EXTRA_ARGS"], "--ginkgo.flake-attempts=2");
        assert_eq!(suite.mode(Check::Conformance), SuiteMode::Scs);
    }

    #[test]
    fn certified_conformance_is_serial_with_one_attempt() {
        let suite = Suite::certified();
        let env = env_map(&suite, false);
        assert_eq!(env["E2E_FOCUS"], r"\[Conformance\]");
        assert_eq!(env["E2E_SKIP"], "");
        assert_eq!(env["E2E_PARALLEL"], "false");
        assert!(!env.contains_key("E2E_EXTRA_ARGS"));
        assert_eq!(suite.mode(Check::Conformance), SuiteMode::Certified);
        // The certified settings are not a networking profile.
        assert_eq!(suite.mode(Check::Networking), SuiteMode::Custom);
        let changed = Suite {
            flake_attempts: 3,
            ..Suite::scs_defaults(Check::Conformance)
        };
        assert_eq!(changed.mode(Check::Conformance), SuiteMode::Custom);
    }

    #[test]
    fn a_mirror_rewrites_both_images_and_mounts_the_repo_list() {
        let images = Images::choose("v1.31.2", None, None, Some("harbor.example/k8s"));
        assert_eq!(images.conformance, "harbor.example/k8s/conformance:v1.31.2");
        assert_eq!(
            images.sidecar,
            "harbor.example/k8s/e2e-test-images/busybox:1.36.1-1"
        );
        let pod = test_pod("ns", &images, &Suite::scs_defaults(Check::Networking));
        let spec = pod.spec.unwrap();
        let e2e = &spec.containers[0];
        let env: Vec<_> = e2e
            .env
            .clone()
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert!(env.contains(&"KUBE_TEST_REPO_LIST".to_string()));
        assert_eq!(spec.volumes.unwrap().len(), 2);
        let plain = Images::choose("v1.31.2", None, None, None);
        assert_eq!(plain.conformance, "registry.k8s.io/conformance:v1.31.2");
        let overridden =
            Images::choose("v1.31.2", Some("my/conformance:x"), None, Some("m.example"));
        assert_eq!(overridden.conformance, "my/conformance:x");
    }

    /// Runs the sidecar's script in this machine's `/bin/sh`: it keeps running, and ends at
    /// once with 0 on SIGTERM.
    #[cfg(unix)]
    #[test]
    fn the_sidecar_ends_on_sigterm() {
        use std::process::Stdio;
        // No inherited output: a background process left behind must not hold the test
        // runner's pipe open.
        let mut child = std::process::Command::new("/bin/sh")
            .args(["-c", SIDECAR_SCRIPT])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(child.try_wait().unwrap().is_none(), "ended by itself");
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(std::time::Instant::now() < deadline, "SIGTERM ignored");
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(0));
    }

    #[test]
    fn the_pod_meets_the_restricted_level() {
        let pod = test_pod(
            "ns",
            &Images::choose("v1.31.2", None, None, None),
            &Suite::scs_defaults(Check::Networking),
        );
        let spec = pod.spec.unwrap();
        let psc = spec.security_context.unwrap();
        assert_eq!(psc.run_as_non_root, Some(true));
        assert_eq!(psc.seccomp_profile.unwrap().type_, "RuntimeDefault");
        for c in &spec.containers {
            let sc = c.security_context.clone().unwrap();
            assert_eq!(sc.allow_privilege_escalation, Some(false));
            assert_eq!(sc.capabilities.unwrap().drop.unwrap(), ["ALL"]);
        }
        assert_eq!(spec.restart_policy.as_deref(), Some("Never"));
    }
}
