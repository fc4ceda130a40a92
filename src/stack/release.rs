//! Release assets: the `clusteraddon.yaml` of each release, as CSO downloads them to
//! `<release-dir>/cluster-stacks/<release-tag>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file CSO reads for the multi-stage addon flow.
pub const CLUSTER_ADDON_FILE: &str = "clusteraddon.yaml";
/// The file old-style releases carry instead of [`CLUSTER_ADDON_FILE`].
pub const OLD_STYLE_VALUES_FILE: &str = "cluster-addon-values.yaml";
/// The hook CSO runs when the control plane is first up.
pub const HOOK_AFTER_CP_INITIALIZED: &str = "AfterControlPlaneInitialized";
/// The hook CSO runs before CAPI upgrades a Cluster to a new class.
pub const HOOK_BEFORE_UPGRADE: &str = "BeforeClusterUpgrade";

/// A parsed `clusteraddon.yaml` (CSO `pkg/clusteraddon` `Config`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClusterAddonConfig {
    /// e.g. `clusteraddonconfig.x-k8s.io/v1alpha1`.
    pub api_version: String,
    /// e.g. `clusteraddons.clusterstack.x-k8s.io/v1alpha1`.
    pub cluster_addon_version: String,
    /// Hook name → stages, in the order CSO runs them.
    pub addon_stages: BTreeMap<String, Vec<AddonStage>>,
}

/// One stage: a helm subchart applied or deleted in a hook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AddonStage {
    /// Subchart directory name in the addon bundle.
    pub name: String,
    /// `apply` or `delete`.
    pub action: String,
    /// CEL condition checked before the stage runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_for_pre_condition: Option<WaitForCondition>,
    /// CEL condition checked after the stage ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_for_post_condition: Option<WaitForCondition>,
}

/// A CEL expression over named workload-cluster objects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WaitForCondition {
    /// Objects the expression refers to.
    pub objects: Vec<ConditionObject>,
    /// The CEL expression; it must evaluate to `true`.
    pub conditions: String,
}

/// An object a CEL expression refers to by `key`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConditionObject {
    /// Variable name in the expression.
    pub key: String,
    /// API version of the object.
    pub api_version: String,
    /// Kind of the object.
    pub kind: String,
    /// Name of the object.
    pub name: String,
    /// Namespace of the object.
    pub namespace: String,
}

impl ClusterAddonConfig {
    /// Parses the text of a `clusteraddon.yaml`; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Self, ReleaseError> {
        serde_saphyr::from_str(text).map_err(|e| ReleaseError::Parse {
            path: origin.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// The stages of `hook`, empty when the hook is not listed.
    pub fn stages(&self, hook: &str) -> &[AddonStage] {
        self.addon_stages
            .get(hook)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Addons applied at AfterControlPlaneInitialized but not listed in BeforeClusterUpgrade.
    ///
    /// CSO's upgrade cleanup renders the old objects from the AfterControlPlaneInitialized stage
    /// list and the new objects from the BeforeClusterUpgrade list, and deletes every old object
    /// that is not new. An addon in the first list only therefore loses all its objects on the
    /// first upgrade to this release. An explicit `action: delete` stage in BeforeClusterUpgrade
    /// states that intent, so such addons are not reported.
    pub fn dropped_on_upgrade(&self) -> Vec<&str> {
        let upgrade = self.stages(HOOK_BEFORE_UPGRADE);
        let mut dropped: Vec<&str> = Vec::new();
        for stage in self.stages(HOOK_AFTER_CP_INITIALIZED) {
            let applied = stage.action.is_empty() || stage.action == "apply";
            let listed = upgrade.iter().any(|u| u.name == stage.name);
            if applied
                && !stage.name.is_empty()
                && !listed
                && !dropped.contains(&stage.name.as_str())
            {
                dropped.push(&stage.name);
            }
        }
        dropped
    }
}

/// Errors reading release assets; each names the file or directory to look at.
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    /// A directory could not be listed.
    #[error("cannot list release directory {}: {source}", dir.display())]
    ReadDir {
        /// The directory.
        dir: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A `clusteraddon.yaml` is not valid YAML of the expected shape.
    #[error("{} is not a valid clusteraddon.yaml: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        message: String,
    },
    /// Neither the directory nor any subdirectory holds a release.
    #[error(
        "{} holds no release: expected {CLUSTER_ADDON_FILE} (or {OLD_STYLE_VALUES_FILE}) in it \
         or in its subdirectories named after release tags",
        dir.display()
    )]
    NoReleases {
        /// The directory.
        dir: PathBuf,
    },
}

/// Release tag → parsed `clusteraddon.yaml`, plus the tags of old-style releases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseAssets {
    configs: BTreeMap<String, ClusterAddonConfig>,
    old_style: Vec<String>,
}

impl ReleaseAssets {
    /// Reads release assets from `dir`.
    ///
    /// `dir` is either one release directory (it holds `clusteraddon.yaml`; its own name is the
    /// release tag) or a directory of release directories named after their tags, as CSO keeps
    /// them under `/tmp/downloads/cluster-stacks/`. A `cluster-stacks/` subdirectory is entered
    /// automatically. Release directories with `cluster-addon-values.yaml` and no
    /// `clusteraddon.yaml` are old-style releases. Other entries are ignored.
    pub fn load_dir(dir: &Path) -> Result<Self, ReleaseError> {
        let nested = dir.join("cluster-stacks");
        let dir = if nested.is_dir() {
            nested
        } else {
            dir.to_path_buf()
        };
        let mut assets = ReleaseAssets::default();
        if assets.load_release(&dir)? {
            return Ok(assets);
        }
        let entries = std::fs::read_dir(&dir).map_err(|source| ReleaseError::ReadDir {
            dir: dir.clone(),
            source,
        })?;
        let mut subdirs: Vec<PathBuf> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| ReleaseError::ReadDir {
                dir: dir.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_dir() {
                subdirs.push(path);
            }
        }
        subdirs.sort();
        for sub in subdirs {
            assets.load_release(&sub)?;
        }
        if assets.is_empty() {
            return Err(ReleaseError::NoReleases { dir });
        }
        Ok(assets)
    }

    /// Loads `dir` if it is a release directory; returns whether it was one.
    fn load_release(&mut self, dir: &Path) -> Result<bool, ReleaseError> {
        // `.` or `..` have no file name; the canonical path has.
        let tag = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .or_else(|| {
                dir.canonicalize()
                    .ok()
                    .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            })
            .unwrap_or_default();
        let file = dir.join(CLUSTER_ADDON_FILE);
        if file.is_file() {
            let text = std::fs::read_to_string(&file).map_err(|source| ReleaseError::ReadFile {
                path: file.clone(),
                source,
            })?;
            let config = ClusterAddonConfig::parse(&text, &file)?;
            self.configs.insert(tag, config);
            return Ok(true);
        }
        if dir.join(OLD_STYLE_VALUES_FILE).is_file() {
            self.old_style.push(tag);
            return Ok(true);
        }
        Ok(false)
    }

    /// Builds the assets from already parsed configs (release tag → config).
    pub fn from_configs<I, S>(configs: I) -> Self
    where
        I: IntoIterator<Item = (S, ClusterAddonConfig)>,
        S: Into<String>,
    {
        ReleaseAssets {
            configs: configs.into_iter().map(|(t, c)| (t.into(), c)).collect(),
            old_style: Vec::new(),
        }
    }

    /// The `clusteraddon.yaml` of a release, by tag (a class name in dot form is accepted too).
    pub fn config(&self, release: &str) -> Option<&ClusterAddonConfig> {
        self.configs
            .get(release)
            .or_else(|| self.configs.get(&super::names::release_tag(release)))
    }

    /// Tags and configs of the multi-stage releases, ordered by tag.
    pub fn configs(&self) -> impl Iterator<Item = (&str, &ClusterAddonConfig)> {
        self.configs.iter().map(|(t, c)| (t.as_str(), c))
    }

    /// Tags of old-style releases (no `clusteraddon.yaml`).
    pub fn old_style(&self) -> &[String] {
        &self.old_style
    }

    /// No release was loaded.
    pub fn is_empty(&self) -> bool {
        self.configs.is_empty() && self.old_style.is_empty()
    }
}
