//! krew plugin manifests (`krew.googlecontainertools.github.com/v1alpha2`, kind `Plugin`): the
//! typed form krew reads, the text this project publishes, and the rules krew-index CI enforces.

mod render;
mod rules;

use std::collections::BTreeMap;

use serde::Deserialize;

pub use render::{
    CAVEATS, DESCRIPTION, PlatformRelease, SHORT_DESCRIPTION, render_bot_template, render_manifest,
};
pub use rules::{SUPPORTED_PLATFORMS, check_archive, selector_matches, validate};

use kubectl_scs::error::{Error, Result};

/// The only apiVersion krew accepts.
pub const API_VERSION: &str = "krew.googlecontainertools.github.com/v1alpha2";

/// A plugin manifest as krew reads it. Missing fields read as empty so that [`validate`] can
/// name them instead of the parse failing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Plugin {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: Metadata,
    #[serde(default)]
    pub spec: Spec,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Metadata {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub homepage: String,
    #[serde(default)]
    pub short_description: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub caveats: String,
    #[serde(default)]
    pub platforms: Vec<PlatformSpec>,
}

/// One `spec.platforms[]` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlatformSpec {
    pub selector: Option<Selector>,
    #[serde(default)]
    pub uri: String,
    #[serde(default)]
    pub sha256: String,
    /// `None` means "extract everything"; krew rejects an empty list.
    pub files: Option<Vec<FileOperation>>,
    #[serde(default)]
    pub bin: String,
}

/// A Kubernetes label selector over the labels `os` and `arch`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Selector {
    pub match_labels: Option<BTreeMap<String, String>>,
    pub match_expressions: Option<Vec<Requirement>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default)]
    pub values: Vec<String>,
}

/// A copy from the extracted archive (`from`, a glob) into the install directory (`to`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileOperation {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// Parses a manifest; `origin` names it in the error.
pub fn parse(origin: &str, text: &str) -> Result<Plugin> {
    serde_saphyr::from_str(text)
        .map_err(|e| Error::could_not_run(format!("{origin} is not a krew plugin manifest: {e}")))
}
